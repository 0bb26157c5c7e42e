"""The whole Module 1 question in one call: grow last year by some percent, split the target
over reps and months, and check each rep's quota against the pipeline they can build.

>>> from saleslab.data import SNAPSHOT, load
>>> from saleslab.funnel import rep_rates
>>> rates = rep_rates(load("crm_events"), load("crm_opportunities"), SNAPSHOT)
>>> plan = annual_plan(load("sales_history"), load("territories"), rates, growth=0.1)
>>> bool(plan.target == plan.allocation["quota"].sum() == plan.monthly["quota"].sum())
True
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..i18n import _
from ..localformat import headline_repr
from ..plots import money, percent
from ..validate import check_number
from . import _checks
from .allocate import top_down
from .bottom_up import ACHIEVABLE, OUT_OF_REACH, feasibility
from .phasing import monthly_phasing


@dataclass(frozen=True, eq=False)
class AnnualPlan:
    """A growth target split over reps and months, with each rep's pipeline check."""

    growth: float
    last_year: float
    target: int
    allocation: pd.DataFrame
    monthly: pd.DataFrame
    feasibility: pd.DataFrame

    @property
    def reps_out_of_reach(self) -> int:
        return int((self.feasibility["status"] == OUT_OF_REACH).sum())

    @property
    def reps_achievable(self) -> int:
        return int((self.feasibility["status"] == ACHIEVABLE).sum())

    def headline(self) -> str:
        return _("Target {target} ({growth} on last year): {ok} of {n} reps can build the "
                 "pipeline they need; {out} are out of reach.").format(
            target=money(self.target), growth=("+" if self.growth >= 0 else "") + percent(self.growth),
            ok=self.reps_achievable, n=len(self.feasibility), out=self.reps_out_of_reach)

    def __repr__(self) -> str:
        return headline_repr("AnnualPlan", self.headline())


def annual_plan(history: pd.DataFrame, territories: pd.DataFrame, rates: pd.DataFrame,
                growth: float, by: str = "blend", alpha: float = 0.5, unit: int = 1000) -> AnnualPlan:
    """Grow last year's bookings by ``growth``, allocate the target top-down to reps (``by``
    history, potential or a blend), phase it by month, and compare each rep's required pipeline
    (quota ÷ win rate) with the pipeline they built over the last year (``rates`` from
    :func:`saleslab.funnel.rep_rates`: ``pipeline_per_year`` and ``win_rate`` per rep).

    Example (course data)::

        plan = annual_plan(history, territories, funnel.rep_rates(events, opps, SNAPSHOT), 0.1)
    """
    growth = check_number("growth", growth)
    if not -0.9 <= growth <= 3.0:
        raise ValueError(f"`growth` must be between -0.9 and 3.0 (−90% to +300%), got {growth!r}")
    _checks.frame("rates", rates, ["pipeline_per_year", "win_rate"])
    months = pd.to_datetime(_checks.frame("history", history, ["month", "bookings"])["month"])
    last_year = float(history.loc[months > months.max() - pd.DateOffset(months=12), "bookings"].sum())
    target = int(round(last_year * (1 + growth) / unit)) * unit
    allocation = top_down(target, history, territories, level="rep", by=by, alpha=alpha, unit=unit)
    check = feasibility(allocation, rates["pipeline_per_year"].reindex(allocation.index),
                        rates["win_rate"].reindex(allocation.index))
    return AnnualPlan(growth, last_year, target, allocation,
                      monthly_phasing(target, history, unit=unit), check)


def plan_start(history: pd.DataFrame) -> pd.Timestamp:
    """The first day after the sales history ends: the day next year's plan is made, and the
    last day whose data the plan may use (see :func:`saleslab.funnel.as_of`).

    >>> history = pd.DataFrame({"month": pd.date_range("2025-01-01", periods=12, freq="MS")})
    >>> plan_start(history)
    Timestamp('2026-01-01 00:00:00')
    """
    months = pd.to_datetime(_checks.frame("history", history, ["month"])["month"])
    if months.empty or months.isna().any():
        raise ValueError("`history` must have a month on every row, got an empty or blank `month`")
    return months.max().to_period("M").to_timestamp() + pd.DateOffset(months=1)
