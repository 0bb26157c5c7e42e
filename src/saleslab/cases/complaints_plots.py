"""Case 2's figures: slow answers in last year's data, survival curves of the experiment,
where the difference sits, and how sure one run can be.

Titles state the finding with the numbers of the data drawn, so they stay true when a
trainer regenerates the data with another seed.

>>> from saleslab.cases import complaints
>>> fig = plot_survival(complaints.run_experiment(seed=0).units)
>>> fig.axes[0].get_ylabel()
'Customers still buying (%)'
>>> plt.close(fig)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from ..i18n import N_, _
from ..improvement import two_proportions
from ..improvement.compare import signed_percent
from ..plots import (COLORS, LiveFigure, count, format_axis, new_figure, percent, subplots,
                     wrap_titles)
from ..validate import check_frame
from .complaints_model import MONTH_DAYS
from .complaints_stats import ARMS, churn_by_group, churn_by_resolution, survival_curves

ARM_COLORS = {"baseline": COLORS["baseline"], "intervention": COLORS["intervention"]}
ARM_LABELS = {"baseline": N_("Old process"), "intervention": N_("Fast feedback")}


def plot_resolution_times(units: pd.DataFrame) -> plt.Figure:
    """How long customers waited for their (first) complaint to be resolved, per arm present.

    >>> units = pd.DataFrame({"arm": ["baseline"] * 3, "first_resolution_days": [4.0, 12.0, None]})
    >>> fig = plot_resolution_times(units)
    >>> fig.axes[0].get_title(loc="left")
    'Complaints took a median of 8 days to resolve; 50% took over a week'
    >>> plt.close(fig)
    """
    frame = check_frame("units", units, ["arm", "first_resolution_days"])
    days = frame.dropna(subset=["first_resolution_days"])
    fig, ax = new_figure()
    bins = np.arange(0, 61, 2.0)
    for arm in ARMS:
        values = days.loc[days["arm"] == arm, "first_resolution_days"].clip(upper=59.9)
        if len(values):
            ax.hist(values, bins=bins, color=ARM_COLORS[arm], alpha=0.7, label=_(ARM_LABELS[arm]))
    ax.axvline(7, color=COLORS["target"], linestyle="--", linewidth=1)
    ax.annotate(_("one week"), (7, 1), xycoords=("data", "axes fraction"), xytext=(4, -14),
                textcoords="offset points")
    ax.set_xlabel(_("Days from complaint to resolution (60+ shown at the right edge)"))
    ax.set_ylabel(_("Customers who complained (count)"))
    format_axis(ax, "count")
    if days["arm"].nunique() > 1:
        ax.legend(frameon=False)
    first = days[days["arm"] == days["arm"].iloc[0]]["first_resolution_days"]
    ax.set_title(_("Complaints took a median of {days:.0f} days to resolve; {share} took over a week")
                 .format(days=first.median(), share=percent(float((first > 7).mean()), digits=0)),
                 loc="left")
    return fig


def plot_churn_by_resolution(units: pd.DataFrame) -> plt.Figure:
    """Churn of customers who complained, by how long their first complaint took, beside
    the churn of customers who did not complain.

    >>> from saleslab.cases import complaints
    >>> fig = plot_churn_by_resolution(complaints.last_year(seed=0))
    >>> fig.axes[0].get_xlabel()
    'Time to resolve their first complaint'
    >>> plt.close(fig)
    """
    frame = check_frame("units", units, ["arm", "days", "churned", "complaints",
                                         "first_resolution_days"])
    bands = churn_by_resolution(frame)
    silent = frame.loc[frame["complaints"] == 0, "churned"].mean()
    fig, ax = new_figure()
    ax.bar(bands["resolution"], bands["churn"], color=COLORS["lost"], alpha=0.85)
    for x, (rate, n) in enumerate(zip(bands["churn"], bands["customers"])):
        ax.annotate(_("{rate}\n{n} customers").format(rate=percent(rate, 0), n=count(n)),
                    (x, rate), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom")
    ax.axhline(silent, color=COLORS["baseline"], linestyle="--", linewidth=1.5,
               label=_("Customers with no complaint: {rate}").format(rate=percent(silent, 0)))
    ax.legend(loc="upper left", frameon=False)
    ax.set_ylim(0, max(bands["churn"].max(), silent) * 1.35)
    ax.set_xlabel(_("Time to resolve their first complaint"))
    ax.set_ylabel(_("Left within 12 months (%)"))
    format_axis(ax, "percent")
    complained = frame.dropna(subset=["first_resolution_days"])
    slow = complained["first_resolution_days"] >= 14
    ax.set_title(_("{slow} left after answers slower than two weeks,\n{quick} after quicker "
                   "answers").format(slow=percent(complained.loc[slow, "churned"].mean(), 0),
                                     quick=percent(complained.loc[~slow, "churned"].mean(), 0)),
                 loc="left")
    return fig


def _draw_survival(ax: Axes, units: pd.DataFrame) -> None:
    _SurvivalChart(ax).show(units)


class _SurvivalChart:
    """Kaplan–Meier curves per arm with their 95% bands on ``ax``, moved by :meth:`show`."""

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.curves = {arm: ax.step([], [], where="post", color=ARM_COLORS[arm], linewidth=2,
                                    label=_(ARM_LABELS[arm]))[0] for arm in ARMS}
        self.bands = {arm: ax.fill_between([0.0, 0.0], 1.0, 1.0, step="post",
                                           color=ARM_COLORS[arm], alpha=0.15, linewidth=0)
                      for arm in ARMS}
        ax.set_xlim(0, 12)
        ax.set_xticks(range(0, 13, 3))
        ax.set_xlabel(_("Months since the start"))
        ax.set_ylabel(_("Customers still buying (%)"))
        format_axis(ax, "percent")
        self.shown: list[str] | None = None  # arms in the legend

    def show(self, units: pd.DataFrame) -> None:
        curves = survival_curves(units)
        shown = []
        for arm in ARMS:
            curve = curves[curves["arm"] == arm]
            self.curves[arm].set_visible(not curve.empty)
            self.bands[arm].set_visible(not curve.empty)
            if curve.empty:
                continue
            shown.append(arm)
            month = curve["month"].to_numpy()
            self.curves[arm].set_data(month, curve["survival"].to_numpy())
            self.bands[arm].set_data(month, curve["lower"].to_numpy(), curve["upper"].to_numpy())
        if shown != self.shown:
            self.ax.legend(handles=[self.curves[arm] for arm in shown], loc="lower left",
                           frameon=False)
            self.shown = shown


def _survival_title(units: pd.DataFrame) -> str:
    churn = units.groupby("arm")["churned"].agg(["sum", "size"])
    base, new = (float(churn.loc[arm, "sum"] / churn.loc[arm, "size"]) if arm in churn.index
                 else np.nan for arm in ARMS)
    clear = len(churn) == 2 and two_proportions(*(int(churn.loc[arm, column]) for arm in ARMS
                                                  for column in ("sum", "size"))).p_value < 0.05
    if new < base and clear:
        text = _("Fast feedback kept more customers: churn {base} → {new} ({effect})")
    elif new < base:
        text = _("Fast feedback: churn {base} → {new} ({effect}), a gap chance alone could give")
    else:
        text = _("Fast feedback did not keep more customers: churn {base} → {new} ({effect})")
    return text.format(base=percent(base), new=percent(new), effect=signed_percent(new / base - 1))


def plot_survival(units: pd.DataFrame) -> plt.Figure:
    """Kaplan–Meier curves of both arms (share of customers still buying, 95% bands)."""
    frame = check_frame("units", units, ["arm", "days", "churned"])
    fig, ax = new_figure()
    _draw_survival(ax, frame)
    low = min(0.75, float(survival_curves(frame)["lower"].min()) - 0.02)
    ax.set_ylim(low, 1.005)
    ax.set_title(_survival_title(frame), loc="left")
    return fig


def _draw_groups(ax: Axes, units: pd.DataFrame) -> None:
    _GroupsChart(ax).show(units)


class _GroupsChart:
    """Churn per arm for customers who complained and those who did not, as labelled bars
    on ``ax``, moved by :meth:`show`."""

    GROUPS = (N_("complained"), N_("no complaint"))
    WIDTH = 0.38

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.bars, self.labels = {}, {}
        for shift, arm in zip((-self.WIDTH / 2, self.WIDTH / 2), ARMS):
            x = np.arange(len(self.GROUPS)) + shift
            self.bars[arm] = ax.bar(x, np.zeros(len(x)), self.WIDTH, color=ARM_COLORS[arm],
                                    label=_(ARM_LABELS[arm])).patches
            self.labels[arm] = [ax.annotate("", (xi, 0.0), xytext=(0, 2),
                                            textcoords="offset points", ha="center",
                                            va="bottom") for xi in x]
        ax.set_xticks(range(len(self.GROUPS)), [_("Customers who complained"),
                                                _("Customers who did not")])
        ax.set_ylabel(_("Left within 12 months (%)"))
        format_axis(ax, "percent")
        ax.legend(loc="upper right", frameon=False)

    def show(self, units: pd.DataFrame) -> None:
        table = churn_by_group(units)
        for arm in ARMS:
            rows = table[table["arm"] == arm].set_index("group").reindex(
                [_(group) for group in self.GROUPS])
            for bar, label, rate in zip(self.bars[arm], self.labels[arm], rows["churn"]):
                bar.set_height(rate)  # NaN (no such customers) draws no bar, as before
                label.xy = (label.xy[0], rate)
                label.set_text(percent(rate, 0))
        self.ax.set_ylim(0, table["churn"].max() * 1.25)


def plot_churn_by_group(units: pd.DataFrame) -> plt.Figure:
    """12-month churn per arm, for customers who complained and those who did not.

    >>> from saleslab.cases import complaints
    >>> fig = plot_churn_by_group(complaints.run_experiment(seed=0).units)
    >>> print(fig.axes[0].get_title(loc="left"))
    The difference sits in customers who complained:
    23% → 12% for them, 18% → 16% for the rest
    >>> plt.close(fig)
    """
    frame = check_frame("units", units, ["arm", "days", "churned", "complaints"])
    table = churn_by_group(frame).set_index(["group", "arm"])["churn"]
    fig, ax = new_figure()
    _draw_groups(ax, frame)
    loud, quiet = table[_("complained")], table[_("no complaint")]
    ax.set_title(_("The difference sits in customers who complained:\n{a} → {b} for them, "
                   "{c} → {d} for the rest").format(
        a=percent(loud["baseline"], 0), b=percent(loud["intervention"], 0),
        c=percent(quiet["baseline"], 0), d=percent(quiet["intervention"], 0)), loc="left")
    return fig


def plot_dashboard(units: pd.DataFrame) -> plt.Figure:
    """The dashboard's figure: survival curves beside churn by group."""
    fig, (left, right) = subplots(1, 2, figsize=DASHBOARD_SIZE)
    _DashboardChart(fig, left, right).show(units)
    return fig


DASHBOARD_SIZE = (11.0, 4.3)


class DashboardFigure(LiveFigure):
    """:func:`plot_dashboard` built once and moved in place on every lever move (curves,
    bands, bars, their labels, the title); fixed margins, so no layout pass per move.

    >>> from saleslab.cases import complaints
    >>> drawing = DashboardFigure()
    >>> figure = drawing.update(complaints.run_experiment(seed=0).units)
    >>> figure.axes[1].patches[0].get_height() > 0
    True
    """

    def __init__(self) -> None:
        super().__init__(DASHBOARD_SIZE, margins={"left": 0.085, "right": 0.99, "bottom": 0.12,
                                                  "top": 0.82, "wspace": 0.22}, ncols=2)
        self.chart = _DashboardChart(self.figure, *self.axes)

    def draw(self, units: pd.DataFrame) -> None:
        """Move the figure to the experiment's ``units``."""
        self.chart.show(units)
        wrap_titles(self.figure)


class _DashboardChart:
    def __init__(self, fig: plt.Figure, left: Axes, right: Axes) -> None:
        self.figure = fig
        self.survival, self.groups = _SurvivalChart(left), _GroupsChart(right)
        left.set_ylim(0.7, 1.005)
        left.set_title(_("Customers still buying"), loc="left", fontsize=11)
        right.set_title(_("Churn by group"), loc="left", fontsize=11)

    def show(self, units: pd.DataFrame) -> None:
        frame = check_frame("units", units, ["arm", "days", "churned", "complaints"])
        self.survival.show(frame)
        self.groups.show(frame)
        self.figure.suptitle(_survival_title(frame), x=0.01, ha="left", fontweight="bold")


def plot_repeated(runs: pd.DataFrame) -> plt.Figure:
    """Spread of the measured effect over repeated runs, significant ones highlighted.

    >>> runs = pd.DataFrame({"effect": [-0.3, -0.2, -0.05], "significant": [True, True, False]})
    >>> fig = plot_repeated(runs)
    >>> print(fig.axes[0].get_title(loc="left"))
    Over 3 runs the effect averages -18%;
    2 of 3 runs would convince a sceptic
    >>> plt.close(fig)
    """
    frame = check_frame("runs", runs, ["effect", "significant"])
    effects = frame["effect"].to_numpy(float)
    significant = frame["significant"].to_numpy(bool)
    fig, ax = new_figure()
    # A fixed range from -40% to +15% (wider if needed) makes runs with and without a change
    # comparable side by side.
    low, high = min(-0.4, effects.min() - 0.02), max(0.15, effects.max() + 0.02)
    bins = np.linspace(low, high, int(round((high - low) / 0.02)) + 1)
    ax.hist([effects[significant], effects[~significant]], bins=bins, stacked=True,
            color=[COLORS["intervention"], COLORS["baseline"]],
            label=[_("Interval excludes 0"), _("Interval includes 0")])
    ax.axvline(0, color=COLORS["target"], linewidth=1)
    ax.axvline(effects.mean(), color=COLORS["highlight"], linestyle="--", linewidth=2,
               label=_("Average {effect}").format(effect=signed_percent(effects.mean())))
    ax.set_xlim(low, high)
    ax.set_xlabel(_("Measured change in 12-month churn (%)"))
    ax.set_ylabel(_("Runs (count)"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    format_axis(ax, "percent", axis="x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False)
    ax.set_title(_("Over {runs} runs the effect averages {effect};\n{n} of {runs} runs would "
                   "convince a sceptic").format(runs=count(len(effects)),
                                               effect=signed_percent(effects.mean()),
                                               n=count(significant.sum())), loc="left")
    return fig


def plot_power(table: pd.DataFrame) -> plt.Figure:
    """Chance of detecting the change against customers per arm (from ``power_table``).

    >>> fig = plot_power(pd.DataFrame({"customers_per_arm": [750, 1500], "power": [0.5, 0.85]}))
    >>> fig.axes[0].get_title(loc="left")
    'About 1,500 customers per group find the change 4 times in 5'
    >>> plt.close(fig)
    """
    frame = check_frame("table", table, ["customers_per_arm", "power"])
    fig, ax = new_figure()
    ax.plot(frame["customers_per_arm"], frame["power"], marker="o", color=COLORS["intervention"],
            linewidth=2)
    for n, share in zip(frame["customers_per_arm"], frame["power"]):
        ax.annotate(percent(share, 0), (n, share), xytext=(0, 8), textcoords="offset points",
                    ha="center")
    ax.axhline(0.8, color=COLORS["target"], linestyle="--", linewidth=1)
    ax.annotate(_("80%: the usual bar"), (frame["customers_per_arm"].min(), 0.8), xytext=(0, 4),
                textcoords="offset points")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(_("Customers per group (count)"))
    ax.set_ylabel(_("Chance of detecting the change (%)"))
    format_axis(ax, "count", axis="x")
    format_axis(ax, "percent")
    enough = frame[frame["power"] >= 0.8]
    if len(enough):
        title = _("About {n} customers per group find the change 4 times in 5").format(
            n=count(enough["customers_per_arm"].min()))
    else:
        last = frame.iloc[-1]
        title = _("Even {n} customers per group find the change only {share} of the time").format(
            n=count(last["customers_per_arm"]), share=percent(last["power"], 0))
    ax.set_title(title, loc="left")
    return fig
