"""Case 3's figures: each title states the finding; the first wave is drawn in the
intervention colour, the wait-list in the baseline colour, everywhere.

>>> from saleslab.cases.training import run_experiment
>>> fig = plot_team_results(run_experiment(seed=1).units)
>>> fig.axes[0].get_ylabel()
'Revenue per rep per month (¥)'
>>> plt.close(fig)
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..i18n import N_, _
from ..improvement.compare import signed_percent
from ..plots import (COLORS, CURRENCY, LiveFigure, format_axis, money, new_figure, percent,
                     hold_limits)
from ..validate import check_frame
from .training import ARTICLE_EFFECT, METHODS, TrainingResult, before_training, by_quiz_band

WAVE_COLORS = {"first": COLORS["intervention"], "wait-list": COLORS["baseline"]}
WAVE_LABELS = {"first": _("Trained first"), "wait-list": _("Wait-list (trained later)")}
#: Short method names for figure axes (the notebook explains each).
SHORT_LABELS = {"ancova": _("ANCOVA"), "did": _("Diff-in-diff"), "after_only": _("After only"),
                "before_after": _("Before/after")}
_UNIT_COLUMNS = ["rep_id", "wave", "month", "period", "knowledge", "revenue", "sessions"]


def _axes(ax: Axes | None) -> tuple[plt.Figure, Axes]:
    if ax is None:
        return new_figure()
    return ax.figure, ax


def _title(ax: Axes, text: str) -> None:
    """A left-aligned title wrapped to the axes' share of the figure's width (about 8.5
    bold characters per inch; computed from the grid, so no layout pass is needed)."""
    spec = ax.get_subplotspec()
    share = len(spec.colspan) / spec.get_gridspec().ncols if spec is not None else 1.0
    width = 0.88 * share * ax.figure.get_figwidth()
    ax.set_title(textwrap.fill(text, max(30, int(width * 8.5))), loc="left")


def _mark_periods(ax: Axes, units: pd.DataFrame) -> None:
    """Shade the months the two groups are compared in, and label the three periods."""
    _Periods(ax).show(units)


class _Periods:
    """The compared months shaded and the three periods labelled on ``ax``, moved by
    :meth:`show`."""

    NAMES = (("before", N_("before")), ("after", N_("compared")),
             ("catch-up", N_("wait-list trained")))

    def __init__(self, ax: Axes) -> None:
        self.span = ax.axvspan(0, 1, color=COLORS["highlight"], alpha=0.12, linewidth=0)
        self.labels = [ax.annotate(_(label), (0, 1.0), xycoords=("data", "axes fraction"),
                                   xytext=(0, -12), textcoords="offset points", ha="center",
                                   color=COLORS["target"], fontsize=9)
                       for _period, label in self.NAMES]
        ax.set_xlabel(_("Month (1 = January of year 1)"))

    def show(self, units: pd.DataFrame) -> None:
        months = units.groupby("period")["month"].agg(["min", "max"])
        start, end = months.loc["after", "min"] - 0.5, months.loc["after", "max"] + 0.5
        self.span.set_x(start)
        self.span.set_width(end - start)
        for label, (period, _name) in zip(self.labels, self.NAMES):
            label.xy = (months.loc[period].mean(), 1.0)


def _monthly(units: pd.DataFrame, column: str) -> pd.DataFrame:
    return units.groupby(["month", "wave"], observed=True)[column].mean().unstack("wave")


def plot_quiz_vs_wins(units: pd.DataFrame) -> plt.Figure:
    """Before training: each rep's quiz score against their win rate, one dot per rep.

    >>> from saleslab.cases.training import run_experiment
    >>> fig = plot_quiz_vs_wins(run_experiment(seed=1).units)
    >>> fig.axes[0].get_xlabel()
    'Product quiz score (points, 0–100)'
    >>> plt.close(fig)
    """
    check_frame("units", units, _UNIT_COLUMNS + ["quiz_score", "deals_won", "opportunities"])
    reps = before_training(units)
    bands = by_quiz_band(units)
    fig, ax = new_figure()
    ax.scatter(reps["quiz_score"], reps["win_rate"], s=12 + reps["opportunities"] / 2,
               color=COLORS["stage"], alpha=0.7, label=_("One rep (size: opportunities)"))
    slope, intercept = np.polyfit(reps["quiz_score"], reps["win_rate"], 1)
    x = np.linspace(reps["quiz_score"].min(), reps["quiz_score"].max(), 2)
    ax.plot(x, intercept + slope * x, color=COLORS["target"], linestyle="--", linewidth=1.2,
            label=_("Trend: {points:+.0f} points of win rate per 10 quiz points").format(
                points=1000 * slope))
    ax.set_xlabel(_("Product quiz score (points, 0–100)"))
    ax.set_ylabel(_("Win rate before training (%)"))
    format_axis(ax, "percent")
    ax.legend(loc="upper left", frameon=False)
    _title(ax, _("Reps in the top third of the quiz win {high} of opportunities, the bottom "
                 "third {low}").format(high=percent(bands["win_rate"].iloc[-1], digits=0),
                                       low=percent(bands["win_rate"].iloc[0], digits=0)))
    return fig


def plot_knowledge(units: pd.DataFrame, ax: Axes | None = None) -> plt.Figure:
    """Average product knowledge per month for each wave, training months marked.

    >>> from saleslab.cases.training import run_experiment
    >>> fig = plot_knowledge(run_experiment(seed=1).units)
    >>> fig.axes[0].get_ylabel()
    'Product knowledge (points)'
    >>> plt.close(fig)
    """
    check_frame("units", units, _UNIT_COLUMNS)
    fig, ax = _axes(ax)
    _KnowledgeChart(ax).show(units)
    return fig


class _KnowledgeChart:
    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.lines, self.sessions = {}, {}
        for wave, colour in WAVE_COLORS.items():
            self.lines[wave] = ax.plot([], [], color=colour, marker="o", markersize=3,
                                       label=WAVE_LABELS[wave])[0]
            self.sessions[wave] = ax.plot([], [], "|", color=COLORS["highlight"], markersize=12,
                                          markeredgewidth=2)[0]
        ax.plot([], [], "|", color=COLORS["highlight"], markersize=10, markeredgewidth=2,
                label=_("Training session"))
        self.periods = _Periods(ax)
        ax.set_ylabel(_("Product knowledge (points)"))
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.93), frameon=False, fontsize=9)

    def show(self, units: pd.DataFrame) -> None:
        monthly = _monthly(units, "knowledge")
        for wave in WAVE_COLORS:
            self.lines[wave].set_data(monthly.index.to_numpy(), monthly[wave].to_numpy())
            trained = units[(units["wave"] == wave) & (units["sessions"] > 0)]["month"].unique()
            self.sessions[wave].set_data(trained, monthly.loc[trained, wave].to_numpy())
        self.periods.show(units)
        _rescale_x(self.ax)
        hold_limits(self.ax, "y", min(40.0, monthly.min().min() - 2), 100, step=10)
        first = units[units["wave"] == "first"]
        levels = first.groupby("period")["knowledge"].mean()
        _title(self.ax, _("Training lifts the first wave's knowledge from {before:.0f} to "
                          "{after:.0f} points on average").format(before=levels["before"],
                                                                  after=levels["after"]))


def plot_team_results(units: pd.DataFrame, ax: Axes | None = None) -> plt.Figure:
    """Revenue per rep per month for each wave: the picture behind difference-in-differences."""
    check_frame("units", units, _UNIT_COLUMNS)
    fig, ax = _axes(ax)
    _ResultsChart(ax).show(units)
    return fig


class _ResultsChart:
    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.lines = {wave: ax.plot([], [], color=colour, marker="o", markersize=3,
                                    label=WAVE_LABELS[wave])[0]
                      for wave, colour in WAVE_COLORS.items()}
        self.periods = _Periods(ax)
        ax.set_ylabel(_("Revenue per rep per month ({currency})").format(currency=CURRENCY))
        format_axis(ax, "money")
        ax.legend(loc="lower right", frameon=False, fontsize=9)

    def show(self, units: pd.DataFrame) -> None:
        monthly = _monthly(units, "revenue")
        for wave, line in self.lines.items():
            line.set_data(monthly.index.to_numpy(), monthly[wave].to_numpy())
        self.periods.show(units)
        _rescale_x(self.ax)
        hold_limits(self.ax, "y", 0, monthly.max().max() * 1.25)
        window = units[units["period"].isin(["before", "after"])]
        means = window.groupby(["wave", "period"], observed=True)["revenue"].mean()
        _title(self.ax, _("Per rep a month, the first wave went from {b_first} to {a_first}, "
                          "the wait-list from {b_wait} to {a_wait} over the same months").format(
            b_first=money(means[("first", "before")]), b_wait=money(means[("wait-list", "before")]),
            a_first=money(means[("first", "after")]), a_wait=money(means[("wait-list", "after")])))


def _rescale_x(ax: Axes) -> None:
    """Autoscale the months axis to the moved lines and shading (the y range is set)."""
    ax.relim()
    ax.autoscale_view(scaley=False)


def plot_estimates(result: TrainingResult, ax: Axes | None = None) -> plt.Figure:
    """The effect read four ways with 95% intervals, against the effect built into the model.

    >>> from saleslab.cases.training import run_experiment
    >>> fig = plot_estimates(run_experiment(seed=1))
    >>> fig.axes[0].get_xlabel()
    'Effect on revenue per rep (% change)'
    >>> plt.close(fig)
    """
    if not isinstance(result, TrainingResult):
        raise TypeError(f"`result` must be a TrainingResult, got {type(result).__name__}")
    fig, ax = _axes(ax)
    _EstimatesChart(ax, result.estimates["method"].iloc[::-1].tolist()).show(result)
    return fig


class _EstimatesChart:
    """The readings of ``methods`` (bottom to top) with their intervals on ``ax``, moved by
    :meth:`show`."""

    def __init__(self, ax: Axes, methods: list[str]) -> None:
        self.ax, self.methods = ax, methods
        y = np.arange(len(methods))
        fair = np.isin(methods, ["ancova", "did"])
        colours = np.where(fair, COLORS["intervention"], COLORS["lost"])
        self.intervals = ax.hlines(y, 0, 0, colors=colours, linewidth=3, alpha=0.6)
        self.points = ax.scatter(np.zeros(len(y)), y, color=colours, s=50, zorder=3)
        self.labels = [ax.annotate("", (0, row), xytext=(0, 7), textcoords="offset points",
                                   ha="center", color=colour, fontsize=9)
                       for row, colour in enumerate(colours)]
        ax.axvline(0, color=COLORS["target"], linewidth=1)
        self.built_in = ax.axvline(0, color=COLORS["won"], linestyle="--", linewidth=1.5)
        ax.set_yticks(y, [SHORT_LABELS[m] for m in methods])
        ax.set_xlabel(_("Effect on revenue per rep (% change)"))
        format_axis(ax, "percent", axis="x")
        ax.set_ylim(-0.6, len(methods) - 0.2)
        self.legend = ax.legend(handles=[self.built_in], labels=[""], loc="lower right",
                                frameon=False, fontsize=9)

    def show(self, result: TrainingResult) -> None:
        table = result.estimates.set_index("method").loc[self.methods]
        low, high = table["ci_low"].to_numpy(), table["ci_high"].to_numpy()
        effects = table["effect"].to_numpy()
        y = np.arange(len(table))
        self.intervals.set_segments([[(a, row), (b, row)] for a, b, row in zip(low, high, y)])
        self.points.set_offsets(np.column_stack([effects, y]))
        for label, effect, row in zip(self.labels, effects, y):
            label.xy = (effect, row)
            label.set_text(signed_percent(effect))
        built_in = result.built_in_effect
        self.built_in.set_xdata([built_in, built_in])
        self.legend.get_texts()[0].set_text(_("Effect built into the model: {effect}").format(
            effect=signed_percent(built_in)))
        # the intervals, the points and both lines with a margin, in limits that stay put
        # while a lever moves the readings a little
        left = float(np.nanmin(np.r_[low, effects, 0.0, built_in]))
        right = float(np.nanmax(np.r_[high, effects, 0.0, built_in]))
        pad = 0.05 * (right - left) or 0.05
        hold_limits(self.ax, "x", left - pad, right + pad, step=0.1)
        ci_low, ci_high = result.effect_ci
        verdict = (_("could still be 0") if not result.significant
                   else _("clearly above 0") if ci_low > 0 else _("clearly below 0"))
        _title(self.ax, _("Measured effect {effect} (95% CI {low} to {high}): {verdict}").format(
            effect=signed_percent(result.effect), low=signed_percent(ci_low),
            high=signed_percent(ci_high), verdict=verdict))


def plot_repeated(runs: pd.DataFrame) -> plt.Figure:
    """The same experiment over many seeds: one dot per run and method, the mean marked,
    dots filled when the run's interval excludes 0.

    >>> from saleslab.cases.training import repeat_experiment
    >>> fig = plot_repeated(repeat_experiment(runs=3))
    >>> fig.axes[0].get_title(loc="left").startswith("Over 3 runs ANCOVA averages")
    True
    >>> plt.close(fig)
    """
    check_frame("runs", runs, ["seed", "method", "effect", "significant", "built_in_effect"])
    fig, ax = new_figure()
    methods = [m for m in METHODS if m in set(runs["method"])][::-1]
    jitter = np.random.default_rng(0).uniform(-0.15, 0.15, len(runs))
    for row, method in enumerate(methods):
        rows = (runs["method"] == method).to_numpy()
        colour = COLORS["intervention"] if method in ("ancova", "did") else COLORS["lost"]
        significant = runs["significant"].to_numpy(dtype=bool)
        for hit, face in ((True, colour), (False, "white")):
            pick = rows & (significant == hit)
            ax.scatter(runs.loc[pick, "effect"], row + jitter[pick], s=22, facecolors=face,
                       edgecolors=colour, linewidths=1)
        ax.plot([runs.loc[rows, "effect"].mean()] * 2, [row - 0.3, row + 0.3], color=COLORS["target"],
                linewidth=2.5)
    built_in = float(runs["built_in_effect"].mean())
    ax.axvline(built_in, color=COLORS["won"], linestyle="--", linewidth=1.5,
               label=_("Built into the model: {effect}").format(effect=signed_percent(built_in)))
    ax.axvline(ARTICLE_EFFECT, color=COLORS["highlight"], linestyle=":", linewidth=1.5,
               label=_("Article: {effect}").format(effect=signed_percent(ARTICLE_EFFECT)))
    ax.axvline(0, color=COLORS["target"], linewidth=1)
    ax.plot([], [], color=COLORS["target"], linewidth=2.5, label=_("Average over the runs"))
    ax.scatter([], [], s=22, color=COLORS["target"], label=_("Interval excludes 0 (filled)"))
    ax.set_yticks(np.arange(len(methods)), [SHORT_LABELS[m] for m in methods])
    ax.set_xlabel(_("Measured effect on revenue per rep (% change)"))
    format_axis(ax, "percent", axis="x")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False, fontsize=9)
    ancova = runs[runs["method"] == "ancova"]
    _title(ax, _("Over {runs} runs ANCOVA averages {mean} and finds the effect in {share} of "
                 "them").format(runs=ancova["seed"].nunique(),
                                mean=signed_percent(ancova["effect"].mean()),
                                share=percent(ancova["significant"].mean(), digits=0)))
    return fig


class DashboardFigure(LiveFigure):
    """The dashboard's figure, built once and moved in place for each result (lines, shading,
    intervals, labels, titles): team results on top, knowledge and the four readings below
    (fixed margins: no layout pass per redraw).

    >>> from saleslab.cases.training import run_experiment
    >>> drawing = DashboardFigure()
    >>> drawing.update(run_experiment(seed=1)) is drawing.figure
    True
    """

    def __init__(self) -> None:
        super().__init__((12, 8.5), margins={"left": 0.08, "right": 0.98, "bottom": 0.07,
                                             "top": 0.93, "hspace": 0.42, "wspace": 0.22}, nrows=0)
        self.axes = self.figure.subplot_mosaic([["results", "results"], ["knowledge", "estimates"]])
        self.results = _ResultsChart(self.axes["results"])
        self.knowledge = _KnowledgeChart(self.axes["knowledge"])
        self.estimates: _EstimatesChart | None = None  # its methods come with the first result

    def draw(self, result: TrainingResult) -> None:
        """Move every artist to ``result``."""
        if not isinstance(result, TrainingResult):
            raise TypeError(f"`result` must be a TrainingResult, got {type(result).__name__}")
        check_frame("units", result.units, _UNIT_COLUMNS)
        methods = result.estimates["method"].iloc[::-1].tolist()
        if self.estimates is None or self.estimates.methods != methods:
            self.axes["estimates"].clear()
            self.estimates = _EstimatesChart(self.axes["estimates"], methods)
        self.results.show(result.units)
        self.knowledge.show(result.units)
        self.estimates.show(result)


def plot_dashboard(result: TrainingResult) -> plt.Figure:
    """The case 3 dashboard: team results and knowledge over time, and the effect read
    four ways.

    >>> from saleslab.cases.training import run_experiment
    >>> fig = plot_dashboard(run_experiment(seed=1))
    >>> len(fig.axes)
    3
    >>> plt.close(fig)
    """
    if not isinstance(result, TrainingResult):
        raise TypeError(f"`result` must be a TrainingResult, got {type(result).__name__}")
    # fixed margins rather than a constrained layout: the dashboard redraws on every control
    # change, and measuring every label for the layout costs more than the drawing itself
    fig, axes = plt.subplot_mosaic(
        [["results", "results"], ["knowledge", "estimates"]], figsize=(12, 8.5),
        gridspec_kw={"left": 0.08, "right": 0.98, "bottom": 0.07, "top": 0.93,
                     "hspace": 0.42, "wspace": 0.22})
    plot_team_results(result.units, axes["results"])
    plot_knowledge(result.units, axes["knowledge"])
    plot_estimates(result, axes["estimates"])
    return fig
