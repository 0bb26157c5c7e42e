"""Case 1 figures: how late first calls are, how a lead cools, an experiment's two arms, and
the same experiment repeated. Each title states the finding.

>>> from saleslab.cases.followup import run_experiment
>>> fig = plot_experiment(run_experiment(seed=1, size=500))
>>> len(fig.axes)
2
>>> plt.close(fig)
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..i18n import N_, _
from ..improvement.compare import signed_percent
from ..plots import COLORS, LiveFigure, count, format_axis, hold_limits, new_figure, percent
from .common import ExperimentResult
from .followup import contact_chance, qualify_chance
from .followup_analysis import _check_leads

#: Ticks for a log axis of lead age, in hours.
AGE_TICKS = {0.25: N_("15 min"), 1.0: N_("1 h"), 4.0: N_("4 h"), 24.0: N_("1 day"),
             168.0: N_("1 week")}
FIGURE_SIZE = (10.0, 4.5)
_ARMS = {"baseline": (COLORS["baseline"], N_("Today's way")),
         "intervention": (COLORS["intervention"], N_("Pilot teams"))}


def _hours_axis(ax: plt.Axes, low: float = 0.05, high: float = 400.0) -> None:
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ax.set_xticks(list(AGE_TICKS), [_(label) for label in AGE_TICKS.values()])
    ax.minorticks_off()


def _title(ax: plt.Axes, text: str) -> None:
    ax.set_title(textwrap.fill(text, width=64), loc="left")


def _hours(value: float) -> str:
    return _("{:.0f} min").format(60 * value) if value < 1 else _("{:.0f} hours").format(value)


def plot_first_call_delays(leads: pd.DataFrame) -> plt.Figure:
    """Histogram of the time from a lead's arrival to its first call (log scale), with the
    one-hour mark and the median.

    >>> from saleslab.cases.followup import CURRENT_PRACTICE, simulate_team
    >>> fig = plot_first_call_delays(simulate_team(seed=1, **CURRENT_PRACTICE))
    >>> fig.axes[0].get_xlabel()
    'Time from arrival to first call (log scale)'
    >>> plt.close(fig)
    """
    hours = _check_leads(leads)["first_call_hours"].to_numpy(dtype=float)
    fig, ax = new_figure()
    heights, _edges, _bars = ax.hist(hours, bins=np.geomspace(0.05, 400, 40), color=COLORS["stage"])
    ax.set_ylim(0, 1.25 * heights.max())  # headroom for the labels
    median = float(np.median(hours))
    ax.axvline(1.0, color=COLORS["target"], linestyle="--", linewidth=1.2)
    ax.annotate(_("1 hour"), (1.0, 1), xycoords=("data", "axes fraction"), xytext=(4, -14),
                textcoords="offset points")
    ax.axvline(median, color=COLORS["highlight"], linewidth=2)
    ax.annotate(_("median {}").format(_hours(median)), (median, 1),
                xycoords=("data", "axes fraction"), xytext=(4, -14), textcoords="offset points",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    _hours_axis(ax)
    ax.set_xlabel(_("Time from arrival to first call (log scale)"))
    ax.set_ylabel(_("Leads (count)"))
    format_axis(ax, "count")
    _title(ax, _("Half the leads wait over {median} for a first call; {share} are called "
                 "within an hour").format(median=_hours(median),
                                            share=percent(float((hours <= 1).mean()), digits=0)))
    return fig


def plot_cold_lead_curves() -> plt.Figure:
    """The two curves of the model: the chance one call reaches the buyer, and the chance a
    reached buyer qualifies, against the lead's age.

    >>> fig = plot_cold_lead_curves()
    >>> fig.axes[0].get_ylabel()
    'Chance (%)'
    >>> plt.close(fig)
    """
    age = np.geomspace(0.05, 400, 200)
    fig, ax = new_figure()
    ax.plot(age, contact_chance(age), color=COLORS["stage"], linewidth=2,
            label=_("A call reaches the buyer"))
    ax.plot(age, qualify_chance(age), color=COLORS["won"], linewidth=2,
            label=_("A reached buyer qualifies"))
    _hours_axis(ax)
    ax.set_ylim(0, 0.7)
    ax.set_xlabel(_("Age of the lead when called (log scale)"))
    ax.set_ylabel(_("Chance (%)"))
    format_axis(ax, "percent")
    ax.legend(loc="lower left", frameon=False)
    _title(ax, _("A lead cools over its first day: fewer calls reach the buyer, fewer "
                 "buyers qualify"))
    return fig


class ExperimentFigure(LiveFigure):
    """The experiment figure, built once and redrawn in place by :meth:`update` (or
    :meth:`png`, which draws only what moved) — what the dashboard does on every control
    change (building a figure costs more than drawing it).

    Left: close rate of each arm, each team's as a dot. Right: share of leads called within
    a given time, per arm (log scale).

    >>> from saleslab.cases.followup import run_experiment
    >>> drawing = ExperimentFigure()
    >>> drawing.update(run_experiment(seed=1, size=500)) is drawing.figure
    True
    """

    def __init__(self, figure: Figure | None = None) -> None:
        """Draw into ``figure`` (default: a new one outside pyplot, which keeps it open);
        fixed margins, so no layout pass runs on each redraw."""
        super().__init__(FIGURE_SIZE, figure=figure, nrows=0)
        left, right = self.figure.subplots(1, 2, gridspec_kw={
            "width_ratios": [1, 1.6], "left": 0.08, "right": 0.98, "bottom": 0.13, "top": 0.84,
            "wspace": 0.25})
        self.bars, self.dots, self.labels, self.curves = [], [], [], []
        for x, (colour, label) in enumerate(_ARMS.values()):
            self.bars.append(left.bar(x, 0.0, color=colour, width=0.6)[0])
            self.dots.append(left.plot([], [], linestyle="none", marker="o", markersize=6,
                                            markerfacecolor="white", markeredgecolor=COLORS["target"],
                                            label=_("One team") if x == 0 else None)[0])
            self.labels.append(left.text(x, 0.0, "", ha="center", color="white", fontweight="bold"))
            self.curves.append(right.plot([], [], color=colour, linewidth=2, label=_(label))[0])
        left.set_xticks([0, 1], [_(label) for _colour, label in _ARMS.values()])
        left.set_xlim(-0.6, 1.6)
        left.set_ylabel(_("Close rate (%), dots: each team"))
        left.legend(loc="upper left", frameon=False, fontsize="small")
        format_axis(left, "percent")
        left.set_title(_("Close rate"), y=1.02)  # a fixed y skips a costly title-placement pass
        right.axvline(1.0, color=COLORS["target"], linestyle="--", linewidth=1)
        _hours_axis(right)
        right.set_ylim(0, 1.02)
        right.set_xlabel(_("Time from arrival to first call (log scale)"))
        right.set_ylabel(_("Leads called by then (%)"))
        format_axis(right, "percent")
        right.legend(loc="lower right", frameon=False)
        right.set_title(_("How fast leads get a first call"), y=1.02)
        self.title = self.figure.suptitle("", x=0.01, ha="left", fontweight="bold", fontsize=13)
        self.left = left

    def draw(self, result: ExperimentResult) -> None:
        """Move the artists to ``result`` (from :func:`saleslab.cases.followup.run_experiment`)."""
        if not isinstance(result, ExperimentResult):
            raise TypeError(f"`result` must be an ExperimentResult, got {type(result).__name__}")
        units = _check_leads(result.units, ("arm", "team", "first_call_hours", "won"))
        shares = np.linspace(0.0, 1.0, 201)  # 201 quantiles draw as fast as any lead count
        top = 0.16
        for x, arm in enumerate(_ARMS):
            rows = units[units["arm"] == arm]
            won, n = int(rows["won"].sum()), len(rows)
            teams = rows.groupby("team")["won"].mean().to_numpy()
            self.bars[x].set_height(won / n)
            self.dots[x].set_data(x + np.linspace(-0.18, 0.18, len(teams)) * (len(teams) > 1),
                                       teams)
            self.labels[x].set_text(percent(won / n))
            self.labels[x].set_y(won / (2 * n))
            self.curves[x].set_data(np.quantile(rows["first_call_hours"].to_numpy(dtype=float),
                                                shares), shares)
            top = max(top, 1.25 * float(teams.max()))
        # a limit that holds while a lever moves the bars a little: only they redraw
        hold_limits(self.left, "y", 0, top)
        self.title.set_text(experiment_title(result))


def experiment_title(result: ExperimentResult) -> str:
    """The experiment figure's finding: both close rates and the effect with its team-aware
    interval, or why there is none (one team per arm).

    >>> from saleslab.cases.followup import run_experiment
    >>> experiment_title(run_experiment(seed=1, size=300, teams_per_arm=1))[-40:]
    'cannot separate the team from the change'
    """
    low, high = result.effect_ci
    text = _("Pilot teams close {new} of leads against {base}: {effect}").format(
        new=percent(result.intervention), base=percent(result.baseline),
        effect=signed_percent(result.effect))
    if not np.isfinite(high):
        return text + _(", but one team per arm cannot separate the team from the change")
    return text + _(" (team-aware 95% CI {low} to {high})").format(
        low=signed_percent(low), high=signed_percent(high))


def plot_experiment(result: ExperimentResult) -> Figure:
    """The experiment figure (:class:`ExperimentFigure`) for one result, shown by
    ``plt.show()`` like any other figure."""
    return ExperimentFigure(plt.figure(figsize=FIGURE_SIZE)).update(result)


def plot_repeats(runs: pd.DataFrame) -> plt.Figure:
    """Each repeat's effect with its 95% interval (from
    :func:`saleslab.cases.followup.repeat_experiment`), the average and zero marked.

    >>> from saleslab.cases.followup import repeat_experiment
    >>> fig = plot_repeats(repeat_experiment(runs=3, size=300))
    >>> fig.axes[0].get_xlabel()
    'Repeat (seed)'
    >>> plt.close(fig)
    """
    if not isinstance(runs, pd.DataFrame) or not {"seed", "effect", "ci_low", "ci_high",
                                                  "significant"} <= set(runs.columns):
        raise TypeError("`runs` must be the table of repeat_experiment")
    fig, ax = new_figure()
    for significant, colour, label in ((True, COLORS["intervention"], _("Interval excludes 0")),
                                       (False, COLORS["baseline"], _("Interval includes 0"))):
        rows = runs[runs["significant"] == significant]
        ax.errorbar(rows["seed"], rows["effect"], fmt="o", color=colour, capsize=3, label=label,
                    yerr=[rows["effect"] - rows["ci_low"], rows["ci_high"] - rows["effect"]])
    mean = float(runs["effect"].mean())
    ax.axhline(0.0, color=COLORS["target"], linewidth=1)
    ax.axhline(mean, color=COLORS["highlight"], linestyle="--", linewidth=1.5,
               label=_("Average {}").format(signed_percent(mean)))
    ax.set_xlabel(_("Repeat (seed)"))
    ax.set_ylabel(_("Effect on close rate (%, 95% interval)"))
    format_axis(ax, "percent")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small")
    ax.xaxis.get_major_locator().set_params(integer=True)
    _title(ax, _("Over {n} repeats the effect averages {mean}; {k} of {n} intervals "
                 "exclude zero").format(n=count(len(runs)), mean=signed_percent(mean),
                                          k=count(int(runs["significant"].sum()))))
    return fig
