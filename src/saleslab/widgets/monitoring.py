"""Module 3 widgets: a control-chart explorer and "how many weeks until we notice?".

>>> from saleslab.monitoring.scorecards import example_kpis
>>> board = control_chart_explorer(example_kpis(), baseline_weeks=2)
>>> board.controls["kpi"].value = "response_time_hours"
>>> board.result.kpi, board.result.baseline_weeks
('response_time_hours', 2)
>>> speed = weeks_to_notice()
>>> speed.controls["shift"].value = 2.0
>>> speed.result.chosen["average_weeks"] < 10
np.True_
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import monitoring
from ..i18n import _
from ..localformat import headline_repr
from ..monitoring.explore import (
    BASELINE_WEEKS,
    EXPLORER_CHARTS,
    RULE_CHOICES,
    Exploration,
    explore_kpi,
)
from ..monitoring.explore_plots import ExplorationFigure
from ..plots import COLORS, LiveFigure, hold_limits, new_figure
from ..validate import check_number
from .core import Dashboard, show_live

_WIDE = {"style": {"description_width": "10em"}, "layout": widgets.Layout(width="34em")}
_SHEWHART = ("individuals", "p")


def _chart_options(kpi: str) -> list[tuple[str, str]]:
    return [(_(label), key) for key, label in EXPLORER_CHARTS.items()
            if key != "p" or kpi == "win_rate"]


def control_chart_explorer(
    kpis: pd.DataFrame, shifts: pd.DataFrame | None = None,
    baseline_weeks: int = BASELINE_WEEKS,
) -> Dashboard:
    """Menus for KPI, rep, chart type and run rules; draws the chart and states its finding.

    With the truth table as ``shifts``, a tick box reveals the planted changes (off at
    first: look for the shifts before checking). The p chart is offered for the win rate
    only; run rules apply to the individuals and p charts.

    >>> from saleslab.monitoring.scorecards import example_kpis
    >>> board = control_chart_explorer(example_kpis(), baseline_weeks=2)
    >>> board.controls["kpi"].value = "response_time_hours"
    >>> board.controls["chart_type"].value = "cusum"
    >>> board.controls["rules"].disabled
    True
    """
    reps = sorted(kpis["rep"].unique())
    controls = {
        "kpi": widgets.Dropdown(
            options=[(_(label).capitalize(), key) for key, label in
                     monitoring.KPI_LABELS.items()],
            value="calls", description=_("KPI"), **_WIDE),
        "rep": widgets.Dropdown(options=reps, value=reps[0], description=_("Rep"), **_WIDE),
        "chart_type": widgets.Dropdown(options=_chart_options("calls"), value="individuals",
                                       description=_("Chart"), **_WIDE),
        "rules": widgets.Dropdown(options=[(_(label), key) for key, label in
                                           RULE_CHOICES.items()],
                                  value="none", description=_("Run rules"), **_WIDE),
    }
    if shifts is not None:
        controls["reveal"] = widgets.Checkbox(value=False, description=_("Show the answer key"))

    def follow_kpi(change: dict) -> None:
        chart = controls["chart_type"]
        keep = chart.value if chart.value != "p" or change["new"] == "win_rate" else "individuals"
        chart.options = _chart_options(change["new"])
        chart.value = keep

    def follow_chart(change: dict) -> None:
        controls["rules"].disabled = change["new"] not in _SHEWHART

    # Registered before the dashboard's own observers, so the menus agree before it computes.
    controls["kpi"].observe(follow_kpi, names="value")
    controls["chart_type"].observe(follow_chart, names="value")

    def compute(kpi: str, rep: str, chart_type: str, rules: str,
                reveal: bool = False) -> Exploration:
        return explore_kpi(kpis, rep, kpi, chart_type,
                           rules if chart_type in _SHEWHART else "none", baseline_weeks,
                           shifts=shifts if reveal else None)

    drawing = ExplorationFigure()  # the answer key shows when the result carries it

    def render(result: Exploration) -> None:
        print(result.finding)
        if result.caught is not None:
            print(_caught_text(result))
        show_live(drawing, result)

    board = Dashboard(controls, compute, render)
    board.drawing = drawing
    return board


def _caught_text(result: Exploration) -> str:
    if result.caught.empty:
        return _("Answer key: nothing was planted in this rep's {kpi}; any signal is noise "
                 "(or a knock-on effect of another KPI's change).").format(
                     kpi=_(monitoring.KPI_LABELS[result.kpi]))
    lines = []
    for shift in result.caught.itertuples():
        if np.isnan(shift.delay_weeks):
            text = _("Answer key: a change planted in week {start} ({description}) was "
                     "not caught.")
        else:
            text = _("Answer key: a change planted in week {start} ({description}) was "
                     "caught {delay:.0f} weeks later.")
        lines.append(text.format(start=shift.start_week, description=shift.description,
                                 delay=shift.delay_weeks))
    return "\n".join(lines)


@dataclass(frozen=True)
class NoticeSpeed:
    """Weeks to notice a shift and false alarms per year, for every chart design.

    ``table`` has one row per design (index ``chart``): ``label``, ``average_weeks`` and
    ``median_weeks`` to the first signal after a shift of ``shift`` sigmas, and
    ``false_alarms_per_year`` on a stable process; ``chosen`` is the row of ``chart``.
    """

    chart: str
    shift: float
    table: pd.DataFrame

    @property
    def chosen(self) -> pd.Series:
        """The chosen design's row of :attr:`table`."""
        return self.table.loc[self.chart]

    def headline(self) -> str:
        """One sentence for the chosen design."""
        row = self.chosen
        return _("{label}: a {shift:g}-sigma shift is noticed after {average:.1f} weeks on "
                 "average (median {median:g}); on a stable process it raises about "
                 "{alarms:.2f} false alarms a year for each rep and KPI watched.").format(
                     label=row["label"], shift=self.shift, average=row["average_weeks"],
                     median=row["median_weeks"], alarms=row["false_alarms_per_year"])

    def __repr__(self) -> str:
        return headline_repr("NoticeSpeed", self.headline())


def notice_speed(shift: float, chart: str = "shewhart", n_series: int = 400,
                 seed: int = 0) -> NoticeSpeed:
    """Simulate every chart design at ``shift`` sigmas and on a stable process.

    Ten years of weeks (520) per simulated series; small ``n_series`` keeps it fast, so
    expect the numbers to move by a few percent with the ``seed``.

    >>> speed = notice_speed(1.0, "cusum", n_series=200)
    >>> bool(speed.chosen["average_weeks"] < speed.table.loc["shewhart", "average_weeks"])
    True
    """
    shift = check_number("shift", shift)
    if not 0 <= shift <= 5:
        raise ValueError(f"`shift` must be between 0 and 5 sigmas, got {shift!r}")
    if chart not in monitoring.CHARTS:
        raise ValueError(f"`chart` must be one of {list(monitoring.CHARTS)}, got {chart!r}")
    table = _detection_table(shift, n_series, seed)
    stable = table[table["shift"] == 0.0].set_index("chart")
    shifted = table[table["shift"] == shift].set_index("chart")
    result = shifted[["label", "average_weeks", "median_weeks"]].assign(
        false_alarms_per_year=52 * stable["alarms_per_week"])
    return NoticeSpeed(chart=chart, shift=shift, table=result)


@lru_cache(maxsize=32)
def _detection_table(shift: float, n_series: int, seed: int) -> pd.DataFrame:
    """Every design's detection at ``shift`` and on a stable process; cached, so choosing
    another chart design in the dashboard does not simulate again (callers do not mutate)."""
    sizes = (0.0,) if shift == 0 else (0.0, shift)
    return monitoring.detection_table(sizes, n_series=n_series, horizon=520, seed=seed)


def plot_notice_speed(speed: NoticeSpeed) -> plt.Figure:
    """Bars of average weeks to notice per design, the chosen one highlighted; each bar
    says how many false alarms a year the design raises.

    >>> fig = plot_notice_speed(notice_speed(2.0, n_series=100))
    >>> fig.axes[0].get_title(loc="left").startswith("A 2-sigma shift:")
    True
    >>> plt.close(fig)
    """
    fig, ax = new_figure()
    _NoticeChart(ax, speed.table["label"]).show(speed)
    return fig


class NoticeSpeedFigure(LiveFigure):
    """:func:`plot_notice_speed` built once and moved in place (bars' lengths and colours,
    their notes, the title) in limits that hold while the shift moves a little; the layout
    is found on the first rendering.

    >>> drawing = NoticeSpeedFigure()
    >>> drawing.png(notice_speed(2.0, n_series=100))[:4]
    b'\\x89PNG'
    """

    def __init__(self) -> None:
        super().__init__(layout="constrained", nrows=1)
        self.chart: _NoticeChart | None = None

    def draw(self, speed: NoticeSpeed) -> None:
        """Move the bars to ``speed`` (a new chart if the designs differ)."""
        if self.chart is None or list(self.chart.labels) != list(speed.table["label"]):
            self.axes.clear()
            self.chart = _NoticeChart(self.axes, speed.table["label"])
        self.chart.show(speed)


class _NoticeChart:
    """One bar per chart design (``labels``, top to bottom) on ``ax``, with a note of its
    weeks and false alarms; moved to a :class:`NoticeSpeed` by :meth:`show`."""

    def __init__(self, ax: plt.Axes, labels: pd.Series) -> None:
        self.ax, self.labels = ax, labels
        y = np.arange(len(labels))
        self.bars = ax.barh(y, np.zeros(len(y))).patches
        self.notes = [ax.annotate("", (0, i), xytext=(4, 0), textcoords="offset points",
                                  va="center", fontsize="small") for i in y]
        ax.set_yticks(y, [textwrap.fill(label, 22) for label in labels])
        ax.set_ylim(len(y) - 0.5, -0.5)  # first design on top
        ax.set_xlabel(_("Average weeks until the first signal"))

    def show(self, speed: NoticeSpeed) -> None:
        table = speed.table
        for bar, note, key, weeks, alarms in zip(self.bars, self.notes, table.index,
                                                 table["average_weeks"],
                                                 table["false_alarms_per_year"]):
            bar.set_width(weeks)
            bar.set_facecolor(COLORS["highlight"] if key == speed.chart else COLORS["stage"])
            note.xy = (weeks, note.xy[1])
            note.set_text(_("{weeks:.0f} wk · {alarms:.1f} false alarms/yr").format(
                weeks=weeks, alarms=alarms))
        # room for the notes, in a limit that holds while the shift moves a little
        hold_limits(self.ax, "x", 0, table["average_weeks"].max() * 1.6)
        fastest = table["average_weeks"].idxmin()
        if speed.shift == 0:
            title = _("On a stable process every signal is a false alarm: "
                      "{label} raises the fewest").format(
                          label=table.loc[table["false_alarms_per_year"].idxmin(), "label"])
        else:
            title = _("A {shift:g}-sigma shift: {label} notices first, in about {weeks:.0f} "
                      "weeks").format(shift=speed.shift, label=table.loc[fastest, "label"],
                                      weeks=table.loc[fastest, "average_weeks"])
        self.ax.set_title(textwrap.fill(title, 64), loc="left")


def weeks_to_notice(n_series: int = 400, seed: int = 0) -> Dashboard:
    """Shift size slider and chart design menu → weeks to notice and false alarms a year.

    >>> board = weeks_to_notice(n_series=100)
    >>> board.controls["chart"].value = "ewma"
    >>> board.result.chart
    'ewma'
    """
    controls = {
        "shift": widgets.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.25,
                                     description=_("Shift (sigmas)"), readout_format=".2f",
                                     continuous_update=False, **_WIDE),
        "chart": widgets.Dropdown(options=[(_(label), key) for key, label in
                                           monitoring.CHARTS.items()],
                                  value="shewhart", description=_("Chart"), **_WIDE),
    }

    def compute(shift: float, chart: str) -> NoticeSpeed:
        return notice_speed(shift, chart, n_series=n_series, seed=seed)

    drawing = NoticeSpeedFigure()

    def render(speed: NoticeSpeed) -> None:
        print(speed.headline())
        show_live(drawing, speed)

    board = Dashboard(controls, compute, render)
    board.drawing = drawing
    return board
