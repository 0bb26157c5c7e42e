"""Figures for module 1; each title states the finding and colour carries the verdict.

>>> from saleslab.targets import gap
>>> table = gap(pd.Series({"Ann": 100.0, "Bo": 100.0}), pd.Series({"Ann": 120.0, "Bo": 50.0}))
>>> fig = plot_gap(table)
>>> fig.axes[0].get_title(loc="left")
'1 of 2 reps cannot reach their quota with their capacity'
>>> plt.close(fig)
"""

from __future__ import annotations


import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from ..i18n import _
from ..tabledisplay import value
from ..localformat import month_name
from ..plots import (COLORS, CURRENCY, FIGSIZE, LiveFigure, format_axis, hold_limits, money,
                     percent, subplots, wrap_titles)
from . import _checks
from .bottom_up import ACHIEVABLE, OUT_OF_REACH, STRETCH

STATUS_COLORS = {ACHIEVABLE: COLORS["won"], STRETCH: COLORS["highlight"],
                 OUT_OF_REACH: COLORS["lost"]}


def plot_allocation(table: pd.DataFrame) -> plt.Figure:
    """Quota beside last year's bookings for each unit, biggest quota on top.

    ``table`` is the result of :func:`~saleslab.targets.top_down` or
    :func:`~saleslab.targets.allocate_hierarchy` (columns ``last_year`` and ``quota``).

    >>> table = pd.DataFrame({"last_year": [100.0, 200.0], "quota": [120, 210]},
    ...                      index=["Ann", "Bo"])
    >>> fig = plot_allocation(table)
    >>> fig.axes[0].get_title(loc="left")
    'Quotas total ¥330, +10% on last year; largest rise: Ann (+20%)'
    >>> plt.close(fig)
    """
    _checks.frame("table", table, ["last_year", "quota"])
    data = table.sort_values("quota")
    fig, ax = _bar_figure(len(data))
    y = np.arange(len(data))
    ax.barh(y - 0.2, data["last_year"], height=0.4, color=COLORS["baseline"], label=_("Last year"))
    ax.barh(y + 0.2, data["quota"], height=0.4, color=COLORS["target"], label=_("Quota"))
    _unit_axis(ax, data.index, _("Annual bookings ({currency})").format(currency=CURRENCY))
    ax.legend(loc="lower right", frameon=True, framealpha=0.9)  # smallest quotas at the bottom
    ax.set_title(_allocation_title(data), loc="left")
    return fig


def _allocation_title(data: pd.DataFrame) -> str:
    total, last = float(data["quota"].sum()), float(data["last_year"].sum())
    if last <= 0:
        return _("Quotas total {total}; no bookings last year to compare with").format(
            total=money(total))
    rise = data["quota"] / data["last_year"].where(data["last_year"] > 0) - 1
    title = _("Quotas total {total}, {growth} on last year").format(
        total=money(total), growth=_signed(total / last - 1))
    if rise.notna().any():
        title += _("; largest rise: {unit} ({rise})").format(
            unit=value(rise.idxmax()), rise=_signed(float(rise.max())))
    return title


def plot_gap(table: pd.DataFrame) -> plt.Figure:
    """Each rep's capacity (bar, coloured by the flag) against their quota (black tick).

    ``table`` is the result of :func:`~saleslab.targets.gap`.

    >>> from saleslab.targets import gap
    >>> fig = plot_gap(gap(pd.Series({"Ann": 100.0}), pd.Series({"Ann": 90.0})))
    >>> fig.axes[0].get_xlabel()
    'Bookings in the period (¥)'
    >>> plt.close(fig)
    """
    _checks.frame("table", table, ["quota", "capacity", "status"])
    out = int((table["status"] == OUT_OF_REACH).sum())
    stretch = int((table["status"] == STRETCH).sum())
    if out:
        title = _("{n} of {total} reps cannot reach their quota with their capacity").format(
            n=out, total=len(table))
    elif stretch:
        title = _("Every rep can reach their quota, {n} only at a stretch").format(n=stretch)
    else:
        title = _("Every rep's capacity covers their quota")
    return _against_marker(table, "capacity", "quota", _("Capacity"), _("Quota"), title,
                           _("Bookings in the period ({currency})").format(currency=CURRENCY))


def plot_feasibility(table: pd.DataFrame) -> plt.Figure:
    """Pipeline each rep can build (bar, coloured by the flag) against the pipeline their
    quota needs (black tick).

    ``table`` is the result of :func:`~saleslab.targets.feasibility`.

    >>> from saleslab.targets import feasibility
    >>> fig = plot_feasibility(feasibility(pd.Series({"Ann": 100.0}), pd.Series({"Ann": 300.0}), 0.25))
    >>> fig.axes[0].get_title(loc="left")
    'Pipeline falls short of what 1 of 1 reps need'
    >>> plt.close(fig)
    """
    _checks.frame("table", table, ["required_pipeline", "achievable_pipeline", "status"])
    fig, ax = _bar_figure(len(table))
    _feasibility_chart(ax, len(table)).show(table, _feasibility_title(table))
    return fig


class FeasibilityFigure(LiveFigure):
    """The feasibility chart (:func:`plot_feasibility`) built once and moved in place: each
    redraw sets the bars' widths and colours, the ticks' positions and the labels, and
    rebuilds the legend only when the set of verdicts changes (what the module 1 planner
    does on every move).

    >>> from saleslab.targets import feasibility
    >>> drawing = FeasibilityFigure()
    >>> table = feasibility(pd.Series({"Ann": 100.0}), pd.Series({"Ann": 300.0}), 0.25)
    >>> drawing.update(table).axes[0].patches[0].get_width()
    300.0
    """

    def __init__(self) -> None:
        super().__init__(nrows=1)
        self.chart: _MarkerChart | None = None

    def draw(self, table: pd.DataFrame) -> None:
        """Move the chart to ``table`` (a new chart when the number of reps changes)."""
        _checks.frame("table", table, ["required_pipeline", "achievable_pipeline", "status"])
        if self.chart is None or self.chart.units != len(table):
            self.axes.clear()
            width, height = FIGSIZE[0], _bar_height(len(table))
            self.figure.set_size_inches(width, height)
            # fixed margins in inches (rep names and money ticks are short): no layout pass
            self.figure.subplots_adjust(left=0.85 / width, right=0.97, bottom=0.6 / height,
                                        top=1 - 0.45 / height)
            self.chart = _feasibility_chart(self.axes, len(table))
        self.chart.show(table, _feasibility_title(table))
        wrap_titles(self.figure)


def _feasibility_chart(ax: plt.Axes, units: int) -> _MarkerChart:
    return _MarkerChart(ax, units, "achievable_pipeline", "required_pipeline",
                        _("Pipeline the rep can build"), _("Pipeline the quota needs"),
                        _("Pipeline value ({currency})").format(currency=CURRENCY))


def _feasibility_title(table: pd.DataFrame) -> str:
    short = int((table["status"] != ACHIEVABLE).sum())
    if short:
        return _("Pipeline falls short of what {n} of {total} reps need").format(
            n=short, total=len(table))
    return _("Every rep can build the pipeline their quota needs")


def plot_monthly_plan(plan: pd.DataFrame) -> plt.Figure:
    """The monthly target as bars, the busiest month highlighted.

    ``plan`` is the result of :func:`~saleslab.targets.monthly_phasing` (index 1–12).

    >>> plan = pd.DataFrame({"share": [1 / 12] * 12, "quota": [100] * 11 + [150]},
    ...                     index=range(1, 13))
    >>> fig = plot_monthly_plan(plan)
    >>> fig.axes[0].get_ylabel()
    'Monthly target (¥)'
    >>> plt.close(fig)
    """
    fig, ax = subplots(figsize=FIGSIZE)
    _MonthlyChart(ax).show(plan)
    return fig


class MonthlyPlanFigure(LiveFigure):
    """The monthly plan (:func:`plot_monthly_plan`) built once; each redraw sets the bars'
    heights and colours and the title.

    >>> plan = pd.DataFrame({"share": [1 / 12] * 12, "quota": [100] * 11 + [150]},
    ...                     index=range(1, 13))
    >>> float(MonthlyPlanFigure().update(plan).axes[0].patches[11].get_height())
    150.0
    """

    def __init__(self) -> None:
        super().__init__(margins={"left": 0.12}, nrows=1)
        self.chart = _MonthlyChart(self.axes)

    def draw(self, plan: pd.DataFrame) -> None:
        """Move the bars to ``plan``."""
        self.chart.show(plan)
        wrap_titles(self.figure)


class _MonthlyChart:
    """Twelve monthly bars on ``ax``, moved to a plan by :meth:`show`."""

    def __init__(self, ax: plt.Axes) -> None:
        months = np.arange(1, 13)
        self.ax = ax
        self.bars = ax.bar(months, np.zeros(12), color=COLORS["stage"]).patches
        ax.set_xticks(months, [month_name(int(month), short=True) for month in months])
        ax.set_xlabel(_("Month"))
        ax.set_ylabel(_("Monthly target ({currency})").format(currency=CURRENCY))
        format_axis(ax, "money")

    def show(self, plan: pd.DataFrame) -> None:
        _checks.frame("plan", plan, ["share", "quota"])
        if sorted(plan.index) != list(range(1, 13)):
            raise ValueError(f"`plan` must have months 1 to 12 as its index, got {list(plan.index)}")
        plan = plan.sort_index()
        peak = int(plan["quota"].idxmax())
        for bar, month, quota in zip(self.bars, plan.index, plan["quota"]):
            bar.set_height(quota)
            bar.set_facecolor(COLORS["highlight"] if month == peak else COLORS["stage"])
        # limits that hold while the target moves a little: only the bars redraw
        top = 1.05 * max(float(plan["quota"].max()), 0.0)
        hold_limits(self.ax, "y", 0, top)
        self.ax.set_title(_("{month} carries the most: {share} of the year's target").format(
            month=month_name(peak), share=percent(float(plan.loc[peak, "share"]))),
            loc="left")


def _against_marker(table: pd.DataFrame, bar: str, marker: str, bar_label: str,
                    marker_label: str, title: str, xlabel: str) -> plt.Figure:
    fig, ax = _bar_figure(len(table))
    _MarkerChart(ax, len(table), bar, marker, bar_label, marker_label, xlabel).show(table, title)
    return fig


class _MarkerChart:
    """One bar per unit (column ``bar``, coloured by ``status``) against a tick per unit
    (column ``marker``), built on ``ax`` for ``units`` rows and moved by :meth:`show`."""

    def __init__(self, ax: plt.Axes, units: int, bar: str, marker: str, bar_label: str,
                 marker_label: str, xlabel: str) -> None:
        y = np.arange(units)
        self.ax, self.units, self.columns = ax, units, (bar, marker)
        self.labels, self.xlabel = (bar_label, marker_label), xlabel
        self.bars = ax.barh(y, np.zeros(units), height=0.6).patches
        self.marks = ax.scatter(np.zeros(units), y, marker="|", s=400, linewidths=2.5,
                                color=COLORS["target"], zorder=3)
        self.shown: list[str] | None = None  # verdicts in the legend

    def show(self, table: pd.DataFrame, title: str) -> None:
        bar, marker = self.columns
        data = table.sort_values(marker)
        y = np.arange(len(data))
        for patch, width, status in zip(self.bars, data[bar], data["status"]):
            patch.set_width(width)
            patch.set_facecolor(STATUS_COLORS.get(status, COLORS["open"]))
        self.marks.set_offsets(np.column_stack([data[marker].to_numpy(dtype=float), y]))
        _unit_axis(self.ax, data.index, self.xlabel)
        # bars start at 0, 5% margin, in limits that hold while the target moves a little
        # (only the bars redraw); no pass over the artists
        hold_limits(self.ax, "x", 0, 1.05 * max(float(data[[bar, marker]].max().max()), 0.0))
        shown = set(data["status"])
        keys = [key for key in (ACHIEVABLE, STRETCH, OUT_OF_REACH) if key in shown]
        if keys != self.shown:
            self._legend(keys)
        self.ax.set_title(title, loc="left")

    def _legend(self, keys: list[str]) -> None:
        bar_label, marker_label = self.labels
        handles = [Patch(color=STATUS_COLORS[key], label=_(key).capitalize()) for key in keys]
        handles.append(plt.Line2D([], [], marker="|", markersize=14, markeredgewidth=2.5,
                                  linestyle="none", color=COLORS["target"], label=marker_label))
        # Inside, bottom right: the shortest bars are at the bottom, so the corner is free.
        self.ax.legend(handles=handles,
                       title=_("Bars: {what}, by verdict").format(what=bar_label.lower()),
                       loc="lower right", frameon=True, framealpha=0.9)
        self.shown = keys


def _bar_figure(units: int) -> tuple[plt.Figure, plt.Axes]:
    return subplots(figsize=(FIGSIZE[0], _bar_height(units)))


def _bar_height(units: int) -> float:
    return max(FIGSIZE[1], 0.2 * units + 1.5)  # 30 reps fit in about 750 px


def _unit_axis(ax: plt.Axes, labels: pd.Index, xlabel: str) -> None:
    ax.set_yticks(np.arange(len(labels)), [str(label) for label in labels])
    ax.set_ylabel(_(str(labels.name).capitalize()) if labels.name else "")
    ax.set_xlabel(xlabel)
    format_axis(ax, "money", axis="x")


def _signed(share: float) -> str:
    return ("+" if share >= 0 else "") + percent(share, digits=0)
