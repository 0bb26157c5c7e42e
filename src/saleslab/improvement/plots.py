"""Module 4's figures: each title states the finding, colours carry their course meaning.

>>> fig = plot_power_curve(0.10, 0.13, n=900)
>>> fig.axes[0].get_title(loc="left")
'With 900 per group you detect a +30% change 51% of the time'
>>> plt.close(fig)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..i18n import N_, _
from ..plots import (COLORS, CURRENCY, LiveFigure, count, format_axis, hold_limits, new_figure,
                     nice_ceiling, percent, wrap_titles)
from ..validate import check_positive
from ._checks import check_frame
from .compare import (
    power_curve,
    power_two_proportions,
    sample_size_two_proportions,
    signed_percent,
)
from .pareto import pareto_headline
from .pitfalls import ChangeSimulation
from .planning import ExperimentPlan


def plot_loss_pareto(table: pd.DataFrame) -> plt.Figure:
    """Pareto chart of a :func:`loss_pareto` table: bars largest first, running total line.

    The vital few are drawn in the course's "lost" colour, the rest paler.

    >>> deals = pd.DataFrame({"status": ["lost"] * 4, "loss_reason": [
    ...     "Price", "Slow follow-up", "Slow follow-up", "Timing"]})
    >>> from saleslab.improvement import loss_pareto
    >>> fig = plot_loss_pareto(loss_pareto(deals))
    >>> fig.axes[0].get_ylabel()
    'Lost deals (count)'
    >>> plt.close(fig)
    """
    check_frame("table", table, ["reason", "share", "cumulative_share", "vital_few"])
    by_value = "value" in table.columns
    amount = table["value" if by_value else "count"].to_numpy(dtype=float)
    fig, ax = new_figure()
    positions = np.arange(len(table))
    colours = [COLORS["lost"] if vital else COLORS["lost"] + "66" for vital in table["vital_few"]]
    ax.bar(positions, amount, color=colours)
    ax.set_xticks(positions, [_(str(r)) for r in table["reason"]],  # data values: the edition's names
                  rotation=25 if len(table) > 4 else 0, ha="right" if len(table) > 4 else "center")
    if by_value:
        ax.set_ylabel(_("Money lost ({currency})").format(currency=CURRENCY))
        format_axis(ax, "money")
    else:
        ax.set_ylabel(_("Lost deals (count)"))
        format_axis(ax, "count")
    ax.set_xlabel(_("Loss reason"))

    running = ax.twinx()
    running.plot(positions, table["cumulative_share"], color=COLORS["target"], marker="o",
                 label=_("Cumulative share"))
    running.axhline(0.8, color=COLORS["baseline"], linestyle="--", linewidth=1)
    running.annotate("80%", (positions[-1], 0.8), xytext=(8, 3), textcoords="offset points",
                     color=COLORS["baseline"])
    running.set_ylim(0, 1.05)
    running.set_ylabel(_("Cumulative share of losses (%)"))
    running.grid(False)
    running.spines["right"].set_visible(True)
    format_axis(running, "percent")
    ax.set_title(pareto_headline(table), loc="left")
    return fig


def plot_power_curve(
    p0: float, p1: float, n: float, alpha: float = 0.05, sizes: object = None
) -> plt.Figure:
    """Power against group size for a change from ``p0`` to ``p1``, with ``n`` marked;
    the curve runs over ``sizes`` (default: from 50 to the axis' end, which leaves room for
    2.5 times the size 80% power needs and for ``n``).

    >>> fig = plot_power_curve(0.086, 0.112, n=900)
    >>> fig.axes[0].get_title(loc="left")
    'With 900 per group you detect a +30% change 46% of the time'
    >>> plt.close(fig)
    """
    fig, ax = new_figure()
    _PowerChart(ax).show(p0, p1, n, alpha, sizes)
    return fig


class PowerCurveFigure(LiveFigure):
    """:func:`plot_power_curve` for an :class:`ExperimentPlan`, built once and moved in
    place (the curve, the 80% mark, the plan's point, the title) in limits that hold while
    the plan moves a little: what the experiment planner redraws on a move.

    >>> from saleslab.improvement import plan_test
    >>> drawing = PowerCurveFigure()
    >>> drawing.update(plan_test(0.07, 0.3, 600, 3)).axes[0].get_title(loc="left")
    'With 1,800 per group you detect a +30% change 64% of the time'
    """

    def __init__(self) -> None:
        # fixed margins with room for the last tick label however wide the axis' end
        super().__init__(margins={"right": 0.95, "top": 0.9}, nrows=1)
        self.chart = _PowerChart(self.axes)

    def draw(self, plan: ExperimentPlan) -> None:
        """Move the chart to ``plan``'s rates, group size and significance level."""
        self.chart.show(plan.p0, plan.p1, plan.n_per_arm, plan.alpha)


class _PowerChart:
    """The power curve on ``ax`` with the size 80% power needs and a planned size marked,
    moved by :meth:`show`."""

    def __init__(self, ax: plt.Axes) -> None:
        self.ax = ax
        self.curve = ax.plot([], [], color=COLORS["intervention"], linewidth=2)[0]
        ax.axhline(0.8, color=COLORS["target"], linestyle="--", linewidth=1)
        self.needed = ax.axvline(0, color=COLORS["baseline"], linestyle=":", linewidth=1)
        self.note = ax.annotate("", (0, 0.8), xytext=(6, -16), textcoords="offset points",
                                color=COLORS["target"])
        self.point = ax.plot([], [], "o", color=COLORS["highlight"], markersize=9, zorder=3)[0]
        ax.set_ylim(0, 1.02)
        ax.set_xlabel(_("Leads per group (count)"))
        ax.set_ylabel(_("Chance of detecting the change (%)"))
        format_axis(ax, "count", axis="x")
        format_axis(ax, "percent")

    def show(self, p0: float, p1: float, n: float, alpha: float = 0.05,
             sizes: object = None) -> None:
        n = check_positive("n", n)
        needed = sample_size_two_proportions(p0, p1, alpha)
        if sizes is None:
            end = hold_limits(self.ax, "x", 0, max(2.5 * needed, 1.2 * n))[1]
            sizes = np.linspace(50, end, 40).round()
        else:
            hold_limits(self.ax, "x", 0, float(np.max(sizes)))
        curve = power_curve(p0, p1, sizes, alpha)
        at_n = power_two_proportions(p0, p1, n, alpha)
        self.curve.set_data(curve["n_per_arm"].to_numpy(), curve["power"].to_numpy())
        self.needed.set_xdata([needed, needed])
        self.note.xy = (needed, 0.8)
        self.note.set_text(_("80% power needs {n} per group").format(n=count(needed)))
        self.point.set_data([n], [at_n])
        self.ax.set_title(
            _("With {n} per group you detect a {change} change {power} of the time").format(
                n=count(n), change=signed_percent(p1 / p0 - 1), power=percent(at_n, digits=0)),
            loc="left")


def plot_change_simulation(simulation: ChangeSimulation) -> plt.Figure:
    """Weekly bookings of the change and comparison groups, with the change week marked.

    >>> from saleslab.improvement import simulate_change
    >>> fig = plot_change_simulation(simulate_change(growth=0.6, seed=1))
    >>> fig.axes[0].get_xlabel()
    'Week'
    >>> plt.close(fig)
    """
    fig, ax = new_figure()
    _ChangeChart(ax).show(simulation)
    return fig


def plot_repeated_effects(runs: pd.DataFrame) -> plt.Figure:
    """Spread of measured effects over repeated runs, with the true effect marked.

    Takes the table of :func:`repeat_experiment` (one histogram, significant runs in the
    intervention colour) or of :func:`repeat_change` (before/after beside the comparison
    group).

    >>> from saleslab.improvement import repeat_experiment
    >>> fig = plot_repeated_effects(repeat_experiment(0.10, 0.13, 900, runs=500, seed=1))
    >>> fig.axes[0].get_title(loc="left")
    'The same +30% change, run 500 times: significant in 51%'
    >>> plt.close(fig)
    """
    fig, ax = new_figure()
    _EffectsChart(ax, _effects_kind(runs)).show(runs)
    return fig


class ChangeSimulationFigure(LiveFigure):
    """:func:`plot_change_simulation` built once and moved in place (lines' data, the
    change-week marker, the title): what the pitfall explorer redraws on a move.

    >>> from saleslab.improvement import simulate_change
    >>> drawing = ChangeSimulationFigure()
    >>> drawing.update(simulate_change(seed=1)).axes[0].get_xlabel()
    'Week'
    """

    def __init__(self) -> None:
        super().__init__(margins={"left": 0.13}, nrows=1)
        self.chart = _ChangeChart(self.axes)

    def draw(self, simulation: ChangeSimulation) -> None:
        """Move the chart to ``simulation``."""
        self.chart.show(simulation)
        wrap_titles(self.figure)


class RepeatedEffectsFigure(LiveFigure):
    """:func:`plot_repeated_effects` built once and moved in place (bars' positions and
    heights, the truth line, the title); a new chart only when the kind of table changes.

    >>> from saleslab.improvement import repeat_experiment
    >>> drawing = RepeatedEffectsFigure()
    >>> figure = drawing.update(repeat_experiment(0.10, 0.13, 900, runs=500, seed=1))
    >>> figure.axes[0].get_title(loc="left")
    'The same +30% change, run 500 times: significant in 51%'
    """

    def __init__(self) -> None:
        super().__init__(nrows=1)
        self.chart: _EffectsChart | None = None

    def draw(self, runs: pd.DataFrame) -> None:
        """Move the chart to ``runs``."""
        kind = _effects_kind(runs)
        if self.chart is None or self.chart.kind != kind:
            self.axes.clear()
            self.chart = _EffectsChart(self.axes, kind)
        self.chart.show(runs)
        wrap_titles(self.figure)


_GROUPS = (("change", COLORS["intervention"], N_("Change group")),
           ("comparison", COLORS["baseline"], N_("Comparison group")))


class _ChangeChart:
    """Weekly bookings per group on ``ax``, moved to a simulation by :meth:`show`."""

    def __init__(self, ax: plt.Axes) -> None:
        self.ax = ax
        self.lines = [ax.plot([], [], color=colour, marker="o", markersize=3, label=_(label))[0]
                      for _group, colour, label in _GROUPS]
        self.start = ax.axvline(0, color=COLORS["target"], linestyle="--", linewidth=1)
        self.note = ax.annotate(_("change starts"), (0, 1), xycoords=("data", "axes fraction"),
                                xytext=(4, -12), textcoords="offset points")
        ax.set_xlabel(_("Week"))
        ax.set_ylabel(_("Bookings per rep per week ({currency})").format(currency=CURRENCY))
        format_axis(ax, "money")
        ax.legend(loc="lower right", frameon=False)

    def show(self, simulation: ChangeSimulation) -> None:
        if not isinstance(simulation, ChangeSimulation):
            raise TypeError(
                f"`simulation` must be a ChangeSimulation, got {type(simulation).__name__}"
            )
        weekly = simulation.weekly
        for line, (group, _colour, _label) in zip(self.lines, _GROUPS):
            rows = weekly[weekly["group"] == group]
            line.set_data(rows["week"].to_numpy(), rows["bookings"].to_numpy())
        week = simulation.change_week - 0.5
        self.start.set_xdata([week, week])
        self.note.xy = (week, 1)
        _steady_autoscale(self.ax, x=False)
        # Weeks are whole and start at 1: limits in whole weeks, never a negative week.
        hold_limits(self.ax, "x", weekly["week"].min() - 0.5, weekly["week"].max() + 0.5, step=1)
        self.ax.set_title(simulation.headline(), loc="left")


class _EffectsChart:
    """Histograms of measured effects on ``ax`` (``kind`` "test": significant runs stacked
    on the others; "change": before/after over the comparison-group reading), moved to a
    table of runs by :meth:`show`."""

    BINS = 30
    SERIES = {
        "test": (("significant", COLORS["intervention"], 1.0, N_("Significant")),
                 ("not significant", COLORS["baseline"], 1.0, N_("Not significant"))),
        "change": (("before_after", COLORS["lost"], 0.6, N_("Before/after")),
                   ("comparison", COLORS["intervention"], 0.6, N_("Against comparison group"))),
    }

    def __init__(self, ax: plt.Axes, kind: str) -> None:
        self.ax, self.kind = ax, kind
        empty = np.zeros(self.BINS)
        series = [ax.bar(empty, empty, width=0.0, align="edge", color=colour, alpha=alpha,
                         label=_(label)) for _name, colour, alpha, label in self.SERIES[kind]]
        self.bars = [bars.patches for bars in series]
        self.truth = ax.axvline(0, color=COLORS["target"], linestyle="--", linewidth=1.5)
        ax.set_xlabel(_("Measured effect (% change)"))
        ax.set_ylabel(_("Runs (count)"))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        format_axis(ax, "percent", axis="x")
        # the histograms, then the truth line, whose text changes with the truth
        self.legend = ax.legend(handles=[*series, self.truth], labels=[
            *(_(label) for *_rest, label in self.SERIES[kind]), ""],
            loc="upper left", frameon=False)

    def show(self, runs: pd.DataFrame) -> None:
        series, title = (_test_series if self.kind == "test" else _change_series)(runs)
        bins = np.histogram_bin_edges(np.concatenate(series), bins=self.BINS)
        bottom, top = np.zeros(self.BINS), 0.0
        for patches, values in zip(self.bars, series):
            counts = np.histogram(values, bins=bins)[0]
            for patch, left, width, low, height in zip(patches, bins[:-1], np.diff(bins),
                                                        bottom, counts):
                patch.set_bounds(left, low, width, height)
            top = max(top, float((bottom + counts).max()))
            if self.kind == "test":  # significant runs stacked on the others
                bottom = bottom + counts
        truth = float(runs["true_effect"].iloc[0])
        self.truth.set_xdata([truth, truth])
        self.legend.get_texts()[-1].set_text(
            _("True effect {truth}").format(truth=signed_percent(truth)))
        # autoscaling's margins over the bars and the truth line (computed: a pass over
        # the patches costs more than drawing them), headroom so the legend clears the bars
        low, high = min(bins[0], truth), max(bins[-1], truth)
        margin = self.ax.margins()[0] * (high - low)
        _hold(self.ax, "x", low - margin, high + margin)
        hold_limits(self.ax, "y", 0.0, (top * 1.05 or 1.0) * 1.25)
        self.ax.set_title(title, loc="left")


def _steady_autoscale(ax: plt.Axes, x: bool = True) -> None:
    """Fit ``ax`` to its artists with autoscaling's margins, in limits that hold while a
    control moves the data a little: only the data redraws then. (Autoscaling itself
    stops once limits are set.) ``x=False`` leaves the x axis to the caller."""
    ax.relim()
    data, (x_margin, y_margin) = ax.dataLim, ax.margins()
    if x:
        _hold(ax, "x", data.x0 - x_margin * data.width, data.x1 + x_margin * data.width)
    _hold(ax, "y", data.y0 - y_margin * data.height, data.y1 + y_margin * data.height)


def _hold(ax: plt.Axes, axis: str, low: float, high: float) -> None:
    """:func:`saleslab.plots.hold_limits` in steps of about a fifth of the data's span."""
    hold_limits(ax, axis, low, high, step=nice_ceiling((high - low) / 5))


def _effects_kind(runs: pd.DataFrame) -> str:
    if not isinstance(runs, pd.DataFrame):
        raise TypeError(f"`runs` must be a pandas DataFrame, got {type(runs).__name__}")
    return "test" if "relative_effect" in runs.columns else "change"


def _test_series(runs: pd.DataFrame) -> tuple[list[np.ndarray], str]:
    check_frame("runs", runs, ["relative_effect", "significant", "true_effect"])
    valid = runs["relative_effect"].notna().to_numpy()
    effects = runs["relative_effect"].to_numpy(dtype=float)[valid]
    significant = runs["significant"].to_numpy(dtype=bool)
    title = _("The same {change} change, run {runs} times: significant in {share}").format(
        change=signed_percent(float(runs["true_effect"].iloc[0])), runs=count(len(runs)),
        share=percent(float(significant.mean()), digits=0))
    return [effects[significant[valid]], effects[~significant[valid]]], title


def _change_series(runs: pd.DataFrame) -> tuple[list[np.ndarray], str]:
    check_frame("runs", runs, ["before_after", "comparison", "true_effect"])
    title = _("Before/after averages {before_after} over {runs} runs; against a "
              "comparison group, {comparison}").format(
        before_after=signed_percent(float(runs["before_after"].mean())),
        runs=count(len(runs)), comparison=signed_percent(float(runs["comparison"].mean())))
    return [runs["before_after"].to_numpy(dtype=float),
            runs["comparison"].to_numpy(dtype=float)], title
