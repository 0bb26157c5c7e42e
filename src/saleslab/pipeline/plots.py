"""Module 5's figures: forecast accuracy on past quarters, capacity month by month, and quota
growth before and after the guardrails. Each title states the finding."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..i18n import _
from ..plots import COLORS, LiveFigure, format_axis, hold_limits, new_figure, percent
from ..validate import check_frame
from .capacity import CapacityPlan
from .forecast import Backtest


def plot_backtest(result: Backtest) -> plt.Figure:
    """Forecast with its interval against the bookings actually won, quarter by quarter."""
    table = check_frame("result.table", result.table, ("quarter", "forecast", "low", "high", "actual"))
    fig, ax = new_figure()
    x = np.arange(len(table))
    ax.bar(x, table["actual"], color=COLORS["won"], width=0.55, label=_("Won (from that pipeline)"))
    ax.errorbar(x, table["forecast"], yerr=[table["forecast"] - table["low"], table["high"] - table["forecast"]],
                fmt="o", color=COLORS["target"], capsize=6, label=_("Weighted forecast, 80% interval"))
    ax.set_xticks(x, table["quarter"])
    ax.set_xlabel(_("Quarter forecast at its first day"))
    ax.set_ylabel(_("Bookings, CNY"))
    format_axis(ax, "money")
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower right", frameon=True)
    ax.set_title(_("Forecast off by {mape} on average; actual inside the interval in {hits} of {n} quarters").format(
        mape=percent(result.mape, 0), hits=int(table["inside"].sum()), n=len(table)))
    return fig


def plot_capacity(plan: CapacityPlan) -> plt.Figure:
    """Reps' worth of selling needed against the capacity on the payroll, month by month.

    >>> plan = CapacityPlan(pd.DataFrame({"needed": [10.0, 11.0], "on_payroll": [10.0, 10.0],
    ...                                   "capacity": [9.5, 10.0]}, index=[1, 2]))
    >>> print(plot_capacity(plan).axes[0].get_title(loc="left"))
    Short of the target's need in 2 of 2 months
    >>> plt.close("all")
    """
    fig, ax = new_figure()
    _CapacityChart(ax, _capacity_table(plan).index).show(plan)
    return fig


class CapacityFigure(LiveFigure):
    """:func:`plot_capacity` built once and moved in place (bars' heights and colours, the
    payroll and need lines, the title) in limits that hold while the plan moves a little:
    what the capacity planner redraws on a move; a new chart only if the months change.

    >>> plan = CapacityPlan(pd.DataFrame({"needed": [10.0], "on_payroll": [11.0],
    ...                                   "capacity": [10.5]}, index=[1]))
    >>> CapacityFigure().update(plan).axes[0].get_title(loc="left")
    'Capacity covers the need every month'
    """

    def __init__(self) -> None:
        super().__init__(layout="constrained", nrows=1)
        self.chart: _CapacityChart | None = None

    def draw(self, plan: CapacityPlan) -> None:
        """Move the chart to ``plan``."""
        months = _capacity_table(plan).index
        if self.chart is None or not self.chart.months.equals(months):
            self.axes.clear()
            self.chart = _CapacityChart(self.axes, months)
        self.chart.show(plan)


def _capacity_table(plan: CapacityPlan) -> pd.DataFrame:
    return check_frame("plan.table", plan.table, ("needed", "on_payroll", "capacity"))


class _CapacityChart:
    """One bar of selling capacity per month of ``months`` on ``ax``, with the reps on the
    payroll and the reps needed; moved to a plan by :meth:`show`."""

    def __init__(self, ax: plt.Axes, months: pd.Index) -> None:
        self.ax, self.months = ax, months
        x = np.arange(len(months))
        zeros = np.zeros(len(x))
        bars = ax.bar(x, zeros, width=0.6, label=_("Selling capacity (ramp counted)"))
        self.bars = bars.patches
        self.payroll = ax.plot(x, zeros, color=COLORS["target"], marker="_", markersize=22,
                               markeredgewidth=2.5, linestyle="none",
                               label=_("Reps on the payroll"))[0]
        self.needed = ax.plot(x, zeros, color=COLORS["target"], linestyle="--",
                              label=_("Reps needed for the target"))[0]
        ax.set_xticks(x, [str(i) for i in months])
        ax.set_xlabel(_("Month of the plan year"))
        ax.set_ylabel(_("Reps (full-time sellers)"))
        legend = ax.legend(handles=[self.payroll, self.needed, bars], loc="upper left",
                           bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small")
        self.swatch = legend.legend_handles[-1]  # in the first month's colour, as the bars

    def show(self, plan: CapacityPlan) -> None:
        table = _capacity_table(plan)
        short = (table["capacity"] < table["needed"] - 1e-9).to_numpy()
        for bar, height, lacking in zip(self.bars, table["capacity"], short):
            bar.set_height(height)
            bar.set_facecolor(COLORS["lost"] if lacking else COLORS["won"])
        if self.swatch.get_facecolor() != self.bars[0].get_facecolor():
            self.swatch.set_facecolor(self.bars[0].get_facecolor())  # a legend redrawn seldom
        self.payroll.set_ydata(table["on_payroll"].to_numpy())
        self.needed.set_ydata(table["needed"].to_numpy())
        hold_limits(self.ax, "y", 0, max(table["needed"].max(), table["on_payroll"].max()) * 1.15)
        self.ax.set_title(_("Short of the target's need in {short} of {n} months").format(
            short=int(short.sum()), n=len(table)) if short.any()
            else _("Capacity covers the need every month"), loc="left")  # the theme's place, always


def plot_guardrails(quotas: pd.DataFrame) -> plt.Figure:
    """Each rep's growth over last year: fair share (grey) and with guardrails (coloured)."""
    table = check_frame("quotas", quotas, ("last_year", "fair_share_quota", "growth"))
    before = table["fair_share_quota"] / table["last_year"] - 1
    order = before.sort_values().index
    fig, ax = new_figure((8.0, 6.0))
    y = np.arange(len(order))
    ax.hlines(y, before[order], table.loc[order, "growth"], color=COLORS["open"], lw=1)
    ax.scatter(before[order], y, color=COLORS["baseline"], label=_("Fair share (history and potential)"), zorder=3)
    ax.scatter(table.loc[order, "growth"], y, color=COLORS["intervention"], label=_("With guardrails"), zorder=3)
    ax.set_yticks(y, [str(rep) for rep in order], fontsize="x-small")
    ax.set_xlabel(_("Quota growth over last year"))
    ax.set_ylabel(_("Rep"))
    format_axis(ax, "percent", axis="x")
    ax.legend(loc="lower right", frameon=True)
    ax.set_title(_("Guardrails bring growth from {low}…{high} into {glow}…{ghigh}").format(
        low=percent(before.min(), 0), high=percent(before.max(), 0),
        glow=percent(round(table["growth"].min(), 2) + 0.0, 0), ghigh=percent(round(table["growth"].max(), 2) + 0.0, 0)))
    return fig
