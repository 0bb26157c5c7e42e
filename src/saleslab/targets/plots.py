"""Figures for module 1; each title states the finding and colour carries the verdict.

>>> from saleslab.targets import gap
>>> table = gap(pd.Series({"Ann": 100.0, "Bo": 100.0}), pd.Series({"Ann": 120.0, "Bo": 50.0}))
>>> fig = plot_gap(table)
>>> fig.axes[0].get_title(loc="left")
'1 of 2 reps cannot reach their quota with their capacity'
>>> plt.close(fig)
"""

from __future__ import annotations

import calendar

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from ..i18n import _
from ..plots import COLORS, CURRENCY, FIGSIZE, format_axis, money, percent
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
            unit=rise.idxmax(), rise=_signed(float(rise.max())))
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
    out = int((table["status"] == _(OUT_OF_REACH)).sum())
    stretch = int((table["status"] == _(STRETCH)).sum())
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
    short = int((table["status"] != _(ACHIEVABLE)).sum())
    if short:
        title = _("Pipeline falls short of what {n} of {total} reps need").format(
            n=short, total=len(table))
    else:
        title = _("Every rep can build the pipeline their quota needs")
    return _against_marker(table, "achievable_pipeline", "required_pipeline",
                           _("Pipeline the rep can build"), _("Pipeline the quota needs"), title,
                           _("Pipeline value ({currency})").format(currency=CURRENCY))


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
    _checks.frame("plan", plan, ["share", "quota"])
    if sorted(plan.index) != list(range(1, 13)):
        raise ValueError(f"`plan` must have months 1 to 12 as its index, got {list(plan.index)}")
    plan = plan.sort_index()
    peak = int(plan["quota"].idxmax())
    fig, ax = plt.subplots(figsize=FIGSIZE, layout="constrained")
    colours = [COLORS["highlight"] if month == peak else COLORS["stage"] for month in plan.index]
    ax.bar(plan.index, plan["quota"], color=colours)
    ax.set_xticks(plan.index, [_(calendar.month_abbr[month]) for month in plan.index])
    ax.set_xlabel(_("Month"))
    ax.set_ylabel(_("Monthly target ({currency})").format(currency=CURRENCY))
    format_axis(ax, "money")
    ax.set_title(_("{month} carries the most: {share} of the year's target").format(
        month=_(calendar.month_name[peak]), share=percent(float(plan.loc[peak, "share"]))),
        loc="left")
    return fig


def _against_marker(table: pd.DataFrame, bar: str, marker: str, bar_label: str,
                    marker_label: str, title: str, xlabel: str) -> plt.Figure:
    data = table.sort_values(marker)
    fig, ax = _bar_figure(len(data))
    y = np.arange(len(data))
    colours = [STATUS_COLORS.get(_key(status), COLORS["open"]) for status in data["status"]]
    ax.barh(y, data[bar], height=0.6, color=colours)
    ax.scatter(data[marker], y, marker="|", s=400, linewidths=2.5, color=COLORS["target"],
               zorder=3)
    _unit_axis(ax, data.index, xlabel)
    shown = {_key(status) for status in data["status"]}
    handles = [Patch(color=STATUS_COLORS[key], label=_(key).capitalize())
               for key in (ACHIEVABLE, STRETCH, OUT_OF_REACH) if key in shown]
    handles.append(plt.Line2D([], [], marker="|", markersize=14, markeredgewidth=2.5,
                              linestyle="none", color=COLORS["target"], label=marker_label))
    # Inside, bottom right: the shortest bars are at the bottom, so the corner is free.
    ax.legend(handles=handles, title=_("Bars: {what}, by verdict").format(what=bar_label.lower()),
              loc="lower right", frameon=True, framealpha=0.9)
    ax.set_title(title, loc="left")
    return fig


def _key(status: str) -> str:
    """The untranslated flag for a (possibly translated) status shown in a table."""
    return next((key for key in STATUS_COLORS if _(key) == status), status)


def _bar_figure(units: int) -> tuple[plt.Figure, plt.Axes]:
    height = max(FIGSIZE[1], 0.2 * units + 1.5)  # 30 reps fit in about 750 px
    return plt.subplots(figsize=(FIGSIZE[0], height), layout="constrained")


def _unit_axis(ax: plt.Axes, labels: pd.Index, xlabel: str) -> None:
    ax.set_yticks(np.arange(len(labels)), [str(label) for label in labels])
    ax.set_ylabel(_(str(labels.name).capitalize()) if labels.name else "")
    ax.set_xlabel(xlabel)
    format_axis(ax, "money", axis="x")


def _signed(share: float) -> str:
    return ("+" if share >= 0 else "") + percent(share, digits=0)
