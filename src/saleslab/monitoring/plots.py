"""The control-chart figure: points, center line, limits, and signals in the signal colour.

The title states the finding ("Week 41: calls per week fell below the lower limit"), so a
manager reads the answer before the chart.

>>> from saleslab.monitoring import individuals_chart
>>> fig = plot_control_chart(individuals_chart([5, 6, 5, 6, 5, 30], baseline=5), "calls per week")
>>> fig.axes[0].get_title(loc="left")
'Week 5: calls per week rose above the upper limit'
>>> plt.close(fig)
"""

from __future__ import annotations

import textwrap
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.legend import Legend

from ..i18n import _
from ..localformat import date_axis, long_date
from ..plots import COLORS, format_axis, hold_limits, new_figure, nice_ceiling

def _week_name(point: object) -> str:
    if isinstance(point, pd.Timestamp):
        return _("Week of {date}").format(date=long_date(point))
    return _("Week {week}").format(week=point)


def chart_finding(chart: pd.DataFrame, kpi_label: str) -> str:
    """One sentence on what the chart shows: the first week beyond a limit, or only noise.

    >>> from saleslab.monitoring import individuals_chart
    >>> chart_finding(individuals_chart([1.0, 2.0, 1.0, 2.0]), "calls")
    'No week outside the limits: only noise'
    """
    _check_chart(chart)
    signals = chart.index[chart["signal"].to_numpy(dtype=bool)]
    if len(signals) == 0:
        return _("No week outside the limits: only noise")
    first = chart.loc[signals[0]]
    if first["value"] > first["ucl"]:
        finding = _("{week}: {kpi} rose above the upper limit")
    else:
        finding = _("{week}: {kpi} fell below the lower limit")
    text = finding.format(week=_week_name(signals[0]), kpi=kpi_label)
    if len(signals) > 1:
        text += _(" ({n} weeks outside the limits in all)").format(n=len(signals))
    return text


def _check_chart(chart: object) -> None:
    if not isinstance(chart, pd.DataFrame):
        raise TypeError(f"`chart` must be a chart DataFrame, got {type(chart).__name__}")
    missing = [c for c in ("value", "center", "lcl", "ucl", "signal") if c not in chart.columns]
    if missing:
        raise ValueError(f"`chart` must have the columns value, center, lcl, ucl and signal; "
                         f"missing {missing}")


def plot_control_chart(
    chart: pd.DataFrame,
    kpi_label: str,
    unit: str = "count",
    ax: Axes | None = None,
    rule_flags: pd.DataFrame | None = None,
) -> plt.Figure:
    """Draw a chart from :mod:`saleslab.monitoring.charts`; the title (left) states the finding.

    ``kpi_label`` names the quantity with its unit in words ("calls per week");
    ``unit`` formats the y axis: ``"count"``, ``"percent"`` or ``"money"``. Points beyond a
    limit are drawn in ``COLORS["signal"]``; pass ``rule_flags`` (from :func:`run_rules`) to
    ring the points where a run rule fired.
    """
    _check_chart(chart)
    if ax is None:
        fig, ax = new_figure()
    else:
        fig = ax.figure
    lines = ControlLines(ax, kpi_label, unit, dates=isinstance(chart.index, pd.DatetimeIndex))
    lines.show(chart, rule_flags)
    ax.set_title(textwrap.fill(chart_finding(chart, kpi_label), width=64), loc="left")
    legend(ax, lines.handles())
    return fig


def legend(ax: Axes, handles: list[Artist]) -> Legend:
    """The control charts' legend: beside the axes, on the right."""
    return ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                     frameon=False, fontsize="small")


def week_numbers(index: pd.Index) -> np.ndarray:
    """A chart's weeks as the numbers matplotlib plots (dates as days)."""
    if isinstance(index, pd.DatetimeIndex):
        return mdates.date2num(index)
    return index.to_numpy(dtype=float)


def hold_to_data(ax: Axes, x: np.ndarray, values: list[np.ndarray],
                 from_zero: bool = False) -> None:
    """Fit ``ax`` to weeks ``x`` and the finite ``values`` with autoscaling's margins; the
    y limits are rounded to a tenth of their span and held while the data moves a little
    (:func:`saleslab.plots.hold_limits`), so a dashboard redraws only its lines.
    ``from_zero`` starts the y axis at 0."""
    x_margin, y_margin = ax.margins()
    ax.set_xlim(x[0] - x_margin * (x[-1] - x[0]), x[-1] + x_margin * (x[-1] - x[0]))
    data = np.concatenate(values)
    data = data[np.isfinite(data)]
    low, high = (float(data.min()), float(data.max())) if len(data) else (0.0, 1.0)
    margin = y_margin * (high - low) or 0.5
    low = 0.0 if from_zero else low - margin
    high += margin
    hold_limits(ax, "y", low, high, step=nice_ceiling((high - low) / 10))


class ControlLines:
    """A control chart's artists on ``ax`` (weekly values, center line, limits, points
    beyond a limit, run-rule rings), built once and moved to a chart by :meth:`show`.

    >>> from saleslab.monitoring import individuals_chart
    >>> fig, ax = new_figure()
    >>> lines = ControlLines(ax, "calls per week")
    >>> lines.show(individuals_chart([5, 6, 5, 6, 5, 30], baseline=5))
    >>> [handle.get_label() for handle in lines.handles()][-1]
    'Beyond a limit'
    >>> plt.close(fig)
    """

    def __init__(self, ax: Axes, kpi_label: str, unit: str = "count", dates: bool = False) -> None:
        if not isinstance(kpi_label, str) or not kpi_label:
            raise TypeError(f"`kpi_label` must be a non-empty text such as 'calls per week', "
                            f"got {kpi_label!r}")
        if unit not in ("count", "percent", "money"):
            raise ValueError(f"`unit` must be 'count', 'percent' or 'money', got {unit!r}")
        self.ax = ax
        self.value = ax.plot([], [], color=COLORS["stage"], marker="o", markersize=4,
                             linewidth=1, label=_("Weekly value"))[0]
        # Colour for meaning: the centre line is the normal level (dark, solid, never the grey
        # of the gridlines); the limits are where signals begin (the signal colour, dashed).
        self.center = ax.plot([], [], color=COLORS["target"], linewidth=1.4,
                              drawstyle="steps-mid", label=_("Center (normal level)"))[0]
        self.limits = [ax.plot([], [], color=COLORS["signal"], linestyle="--", linewidth=1,
                               drawstyle="steps-mid", label=label)[0]
                       for label in (_("Control limits"), "_lower")]
        self.signals = marks(ax, 60, COLORS["signal"], label=_("Beyond a limit"))
        self.rings = marks(ax, 140, "none", label=_("Run rule fired"),
                           markeredgecolor=COLORS["highlight"], markeredgewidth=2)
        ax.set_xlabel(_("Week"))
        ax.set_ylabel(kpi_label[:1].upper() + kpi_label[1:])
        format_axis(ax, unit)
        if dates:
            date_axis(ax)

    def show(self, chart: pd.DataFrame, rule_flags: pd.DataFrame | None = None,
             also: list[np.ndarray] = ()) -> None:
        """Move the artists to ``chart`` (columns value, center, lcl, ucl, signal); the
        y axis holds ``also`` too (values drawn beside the chart)."""
        _check_chart(chart)
        if rule_flags is not None and not (
            isinstance(rule_flags, pd.DataFrame) and rule_flags.index.equals(chart.index)
        ):
            raise ValueError("`rule_flags` must be the run_rules table of this same chart")
        x = week_numbers(chart.index)
        columns = {c: chart[c].to_numpy(dtype=float) for c in ("value", "center", "lcl", "ucl")}
        for line, column in ((self.value, "value"), (self.center, "center"),
                             (self.limits[0], "ucl"), (self.limits[1], "lcl")):
            line.set_data(x, columns[column])
        points = np.column_stack([x, columns["value"]])
        fired = (np.zeros(len(x), dtype=bool) if rule_flags is None
                 else rule_flags.to_numpy().any(axis=1))
        for marks, chosen in ((self.signals, chart["signal"].to_numpy(dtype=bool)),
                              (self.rings, fired)):
            show_marks(marks, points[chosen])
        lcl = columns["lcl"]
        hold_to_data(self.ax, x, [*columns.values(), *also],
                     from_zero=bool(np.isfinite(lcl).all() and (lcl == 0).all()))

    def handles(self) -> list[Artist]:
        """The legend's entries: the lines, and the marks only where there are some."""
        marks = [mark for mark in (self.signals, self.rings) if mark.get_visible()]
        return [self.value, self.center, self.limits[0], *marks]


def marks(ax: Axes, area: float, colour: str, zorder: float = 3, **style: Any) -> Line2D:
    """Round marks of ``area`` (points², as ``scatter``'s ``s``) on ``ax``, none yet: a
    line of markers, whose extent a dashboard can tell (a scatter's it cannot, and would
    then draw every artist after it again on each move)."""
    style.setdefault("markeredgecolor", colour)
    return ax.plot([], [], linestyle="none", marker="o", markersize=np.sqrt(area),
                   markerfacecolor=colour, zorder=zorder, **style)[0]


def show_marks(line: Line2D, points: np.ndarray) -> None:
    """Move :func:`marks` to ``points`` (rows of x, y), hidden when there are none."""
    line.set_data(points[:, 0], points[:, 1])
    line.set_visible(len(points) > 0)
