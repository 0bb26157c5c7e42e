"""The control-chart explorer's figure, built once and moved: the chart of one rep's KPI
(individuals, p, EWMA or CUSUM), its signals, the baseline weeks shaded, the planted
changes (the answer key) and the finding as title.

:func:`saleslab.monitoring.plot_exploration` draws it once for a notebook;
:class:`ExplorationFigure` keeps it for the explorer dashboard and moves its artists when
the rep or the rules change (a new chart only when the KPI or the chart type does).

>>> from saleslab.monitoring.explore import example_kpis, explore_kpi
>>> drawing = ExplorationFigure()
>>> figure = drawing.update(explore_kpi(example_kpis(), "Ana", "calls", baseline_weeks=2))
>>> figure.axes[0].get_title(loc="left").splitlines()[0]
'Ana — No signal in the 2 weeks watched: only noise, nothing to'
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter

from ..i18n import _
from ..localformat import date_axis
from ..plots import COLORS, LiveFigure, format_axis
from .plots import ControlLines, hold_to_data, legend, marks, show_marks, week_numbers
from .scorecards import KPI_LABELS

if TYPE_CHECKING:
    from .explore import Exploration

_UNITS = {"win_rate": "percent", "bookings": "money"}


class ExplorationFigure(LiveFigure):
    """The explorer's figure (see the module docstring), with the answer key whenever the
    result carries it. The axes are laid out again (constrained layout, once) only when
    what sits around them changes: the chart, the legend's entries, the title's lines or
    the widest y tick label."""

    def __init__(self) -> None:
        super().__init__(nrows=1)
        self.chart: ExplorationChart | None = None
        self._look: tuple | None = None

    def draw(self, result: Exploration) -> None:
        """Move the chart to ``result`` (a new chart if its KPI or chart type differ)."""
        if self.chart is None or self.chart.kind != ExplorationChart.kind_of(result):
            self.axes.clear()
            self.chart = ExplorationChart(self.axes, result)
        self.chart.show(result, show_planted=result.caught is not None)
        axis = self.axes.yaxis
        look = (self.chart.kind, self.chart.legend_key,
                self.axes.get_title(loc="left").count("\n"),
                max(map(len, axis.get_major_formatter().format_ticks(axis.get_majorticklocs()))))
        if look != self._look:
            ConstrainedLayoutEngine().execute(self.figure)
            self._look = look


class ExplorationChart:
    """One :class:`Exploration`'s chart on ``ax``, moved to another of the same KPI and
    chart type by :meth:`show`."""

    @staticmethod
    def kind_of(result: Exploration) -> tuple[str, str, bool]:
        """What the chart's build depends on: KPI, chart type, log scale."""
        return result.kpi, result.chart_type, result.log_scale

    def __init__(self, ax: Axes, result: Exploration) -> None:
        self.ax, self.kind = ax, self.kind_of(result)
        label = _(KPI_LABELS[result.kpi])
        unit = _UNITS.get(result.kpi, "count")
        self.weekly = None
        if result.chart_type == "cusum":
            self.lines: ControlLines | _CusumLines = _CusumLines(ax, label, unit)
        else:
            if result.chart_type == "ewma":
                label = _("EWMA of {kpi}").format(kpi=label)
            self.lines = ControlLines(ax, label, unit, dates=True)
        if result.chart_type == "ewma":
            self.lines.value.set_label(_("EWMA (weighted average)"))
            self.weekly = marks(ax, 10, COLORS["open"], zorder=1, label=_("Weekly value"))
        if result.log_scale:
            ax.set_ylabel(_("{kpi}, log scale").format(kpi=label[:1].upper() + label[1:]))
        self._hours_ticks()
        self.baseline = ax.axvspan(0, 0, color=COLORS["baseline"], alpha=0.15,
                                   label=_("Baseline weeks (set the limits)"))
        self.planted: list[Artist] = []  # answer-key lines, one shown per planted change
        self.legend_key: tuple = ()

    def show(self, result: Exploration, show_planted: bool = False) -> None:
        """Move the chart to ``result``; mark its planted changes if ``show_planted``."""
        chart = result.chart
        x = week_numbers(chart.index)
        if result.chart_type == "ewma":
            show_marks(self.weekly, np.column_stack([x, chart["value"].to_numpy(dtype=float)]))
            self.lines.show(chart[["ewma", "center", "lcl", "ucl", "signal"]].rename(
                columns={"ewma": "value"}), also=[chart["value"].to_numpy(dtype=float)])
        else:
            self.lines.show(chart, result.flags)
        if result.log_scale:  # a notebook's figure: fit the log axis to the lines
            self.ax.set_yscale("log")  # (a scale comes with its own tick labels)
            self._hours_ticks()
            self.ax.relim()
            self.ax.autoscale(axis="y")
        span = (x[0], x[result.baseline_weeks - 1] - x[0])
        if (self.baseline.get_x(), self.baseline.get_width()) != span:  # moved only if moved
            self.baseline.set_x(span[0])
            self.baseline.set_width(span[1])
        keyed = show_planted and result.caught is not None
        weeks = week_numbers(pd.DatetimeIndex(result.caught["week"])) if keyed else np.empty(0)
        self._mark_planted(weeks)
        self.ax.set_title(textwrap.fill(f"{result.rep} — {result.finding}", width=64),
                          loc="left")
        self._legend(planted=len(weeks) > 0)

    def _hours_ticks(self) -> None:
        """Hours read as plain numbers (2.5, 10), on a log axis too."""
        if self.kind[0] == "response_time_hours":
            self.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))

    def _mark_planted(self, weeks: np.ndarray) -> None:
        """One line per planted change; lines left over from another rep are kept at no
        week (drawn as nothing), ready for the next."""
        while len(self.planted) < len(weeks):
            label = "_planted" if self.planted else _("Planted change (answer key)")
            self.planted.append(self.ax.axvline(np.nan, color=COLORS["intervention"],
                                                linewidth=2, label=label))
        for i, line in enumerate(self.planted):
            week = weeks[i] if i < len(weeks) else np.nan
            line.set_xdata([week, week])

    def _legend(self, planted: bool) -> None:
        """The legend of what the chart shows now; made again only when that changes."""
        handles = [*self.lines.handles(), *([self.weekly] if self.weekly else []),
                   self.baseline, *(self.planted[:1] if planted else [])]
        key = tuple(map(id, handles))
        if key != self.legend_key:
            if self.ax.get_legend() is not None:
                self.ax.get_legend().remove()
            legend(self.ax, handles)
            self.legend_key = key


class _CusumLines:
    """A CUSUM chart's artists on ``ax``: both sums, the limits ±H, zero, and the points
    beyond the limit; moved by :meth:`show` (as :class:`ControlLines`)."""

    def __init__(self, ax: Axes, label: str, unit: str) -> None:
        self.ax = ax
        self.upper, self.lower = (
            ax.plot([], [], color=colour, marker="o", markersize=3, linewidth=1,
                    label=name)[0]
            # C⁺/C⁻ as mathtext: the CJK font of the Chinese edition has no superscript signs.
            for colour, name in ((COLORS["stage"], _("Upward sum ($C^+$)")),
                                 (COLORS["open"], _("Downward sum ($-C^-$)"))))
        self.limits = [ax.axhline(0, color=COLORS["signal"], linestyle="--", linewidth=1,
                                  label=name) for name in (_("Limit H = 5 sigma"), "_lower")]
        ax.axhline(0, color=COLORS["target"], linewidth=1.2)
        self.signals = marks(ax, 40, COLORS["signal"], label=_("Beyond the limit"))
        ax.set_xlabel(_("Week"))
        ax.set_ylabel(_("Cumulative deviation, {kpi}").format(kpi=label))
        format_axis(ax, unit)
        date_axis(ax)

    def show(self, chart: pd.DataFrame, _flags: object = None) -> None:
        """Move the artists to a :func:`~saleslab.monitoring.cusum` chart with ``limit``."""
        x = week_numbers(chart.index)
        upper, lower = chart["upper"].to_numpy(dtype=float), chart["lower"].to_numpy(dtype=float)
        self.upper.set_data(x, upper)
        self.lower.set_data(x, -lower)
        limit = float(chart["limit"].iloc[0])
        for line, level in zip(self.limits, (limit, -limit)):
            line.set_ydata([level, level])
        height = np.where(upper >= lower, upper, -lower)
        show_marks(self.signals, np.column_stack([x, height])[chart["signal"].to_numpy(dtype=bool)])
        hold_to_data(self.ax, x, [upper, -lower, np.array([limit, -limit])])

    def handles(self) -> list[Artist]:
        """The legend's entries: the sums, the limit, and the marks only where there are some."""
        marks = [self.signals] if self.signals.get_visible() else []
        return [self.upper, self.lower, self.limits[0], *marks]
