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

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..i18n import _
from ..localformat import date_axis, long_date
from ..plots import COLORS, format_axis, new_figure

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
        text += " " + _("({n} weeks outside the limits in all)").format(n=len(signals))
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
    if not isinstance(kpi_label, str) or not kpi_label:
        raise TypeError(f"`kpi_label` must be a non-empty text such as 'calls per week', "
                        f"got {kpi_label!r}")
    if unit not in ("count", "percent", "money"):
        raise ValueError(f"`unit` must be 'count', 'percent' or 'money', got {unit!r}")
    if rule_flags is not None and not (
        isinstance(rule_flags, pd.DataFrame) and rule_flags.index.equals(chart.index)
    ):
        raise ValueError("`rule_flags` must be the run_rules table of this same chart")
    if ax is None:
        fig, ax = new_figure()
    else:
        fig = ax.figure
    x = chart.index
    ax.plot(x, chart["value"], color=COLORS["stage"], marker="o", markersize=4, linewidth=1,
            label=_("Weekly value"))
    # Colour for meaning: the centre line is the normal level (dark, solid, never the grey
    # of the gridlines); the limits are where signals begin (the signal colour, dashed).
    ax.plot(x, chart["center"], color=COLORS["target"], linewidth=1.4,
            drawstyle="steps-mid", label=_("Center (normal level)"))
    for column, label in (("ucl", _("Control limits")), ("lcl", None)):
        ax.plot(x, chart[column], color=COLORS["signal"], linestyle="--", linewidth=1,
                drawstyle="steps-mid", label=label)
    signal = chart["signal"].to_numpy(dtype=bool)
    if signal.any():
        ax.scatter(x[signal], chart["value"][signal], color=COLORS["signal"], s=60, zorder=3,
                   label=_("Beyond a limit"))
    if rule_flags is not None and rule_flags.to_numpy().any():
        fired = rule_flags.to_numpy().any(axis=1)
        ax.scatter(x[fired], chart["value"][fired], facecolors="none", s=140, zorder=3,
                   edgecolors=COLORS["highlight"], linewidths=2, label=_("Run rule fired"))
    ax.set_title(textwrap.fill(chart_finding(chart, kpi_label), width=64), loc="left")
    ax.set_xlabel(_("Week"))
    ax.set_ylabel(kpi_label[:1].upper() + kpi_label[1:])
    format_axis(ax, unit)
    if isinstance(x, pd.DatetimeIndex):
        date_axis(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small")
    if np.isfinite(chart["lcl"]).all() and (chart["lcl"] == 0).all():
        ax.set_ylim(bottom=0)
    return fig
