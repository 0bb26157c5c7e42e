"""Capacity: how many reps the target really needs, month by month, once new reps' ramp,
attrition and the time it takes to hire are counted.

A rep who starts sells ``(k + 1) / ramp_months`` of a full rep in month ``k`` after the
start (full from month ``ramp_months − 1`` on). Every rep, old or new, leaves with the same
monthly chance; a rep who leaves is replaced by a hire who starts ``lead_months`` later (the
seat stays empty meanwhile). Extra hires decided today start after ``lead_months`` too. The
numbers are expected values (fractions of reps), not one random future.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import _
from ..plots import percent
from ..validate import check_frame, check_positive, check_rate, check_whole


def attrition_rate(roster: pd.DataFrame, since: object, until: object) -> float:
    """Departures per person-year in a seat between ``since`` and ``until`` (annual rate).

    >>> roster = pd.DataFrame({"start_date": pd.to_datetime(["2024-01-01", "2024-01-01"]),
    ...                        "end_date": pd.to_datetime(["2024-12-31", None])})
    >>> round(attrition_rate(roster, "2024-01-01", "2025-12-31"), 2)
    0.33
    """
    table = check_frame("roster", roster, ("start_date", "end_date"))
    first, last = pd.Timestamp(since), pd.Timestamp(until)
    begin = table["start_date"].clip(lower=first)
    end = table["end_date"].fillna(last).clip(upper=last)
    years = ((end - begin).dt.days.clip(lower=0) / 365.25).sum()
    left = table["end_date"].between(first, last).sum()
    if years <= 0:
        raise ValueError(f"nobody held a seat between {since} and {until}")
    return float(left / years)


def hiring_lead_days(roster: pd.DataFrame) -> float:
    """Median days a seat stayed empty between one person leaving and the next starting.

    >>> roster = pd.DataFrame({"rep": ["R1", "R1"], "start_date": pd.to_datetime(["2024-01-01", "2024-04-01"]),
    ...                        "end_date": pd.to_datetime(["2024-02-01", None])})
    >>> hiring_lead_days(roster)
    60.0
    """
    table = check_frame("roster", roster, ("rep", "start_date", "end_date")).sort_values(["rep", "start_date"])
    next_start = table.groupby("rep")["start_date"].shift(-1)
    gaps = (next_start - table["end_date"]).dt.days.dropna()
    if gaps.empty:
        raise ValueError("`roster` has no seat that was refilled: no hiring lead time to measure")
    return float(gaps.median())


def roster_line(attrition: float, lead_days: float, tenure: Sequence[int]) -> str:
    """What the roster says about keeping seats filled: attrition a year, median days a seat
    stays empty, and how many of today's reps are still new (under 4 months in the seat).

    >>> roster_line(0.13, 83, [2, 30, 50])
    'Attrition 13% a year; a seat stays empty 83 days (median); 1 of 3 reps have been in their seat under 4 months.'
    """
    return _("Attrition {attrition} a year; a seat stays empty {days:.0f} days (median); {new} of {reps} "
             "reps have been in their seat under 4 months.").format(
        attrition=percent(attrition, 0), days=lead_days, new=sum(t < 4 for t in tenure), reps=len(tenure))


def reps_needed(quota_by_month: pd.Series, last_year_by_month: pd.Series, reps: int) -> pd.Series:
    """Full reps' worth of selling each month needs: ``reps × quota / last year's bookings``
    in the same calendar month (last year's team, fully ramped, sold last year's bookings).

    >>> reps_needed(pd.Series([110.0, 55.0], index=[1, 2]), pd.Series([100.0, 50.0], index=[1, 2]), 10).tolist()
    [11.0, 11.0]
    """
    n = check_whole("reps", reps, minimum=0)
    if not quota_by_month.index.equals(last_year_by_month.index):
        raise ValueError("`quota_by_month` and `last_year_by_month` must have the same months")
    if (last_year_by_month <= 0).any():
        raise ValueError("`last_year_by_month` must be above 0 in every month")
    return n * quota_by_month.astype(float) / last_year_by_month.astype(float)


@dataclass(frozen=True)
class CapacityPlan:
    """Month by month: reps needed, reps on the payroll, and their selling capacity."""

    table: pd.DataFrame

    @property
    def short_months(self) -> int:
        return int((self.table["capacity"] < self.table["needed"] - 1e-9).sum())

    @property
    def shortfall(self) -> float:
        """Rep-months of selling the year lacks overall (0 if the total is covered)."""
        return float(max(0.0, (self.table["needed"] - self.table["capacity"]).sum()))

    def __repr__(self) -> str:
        return _("Short of the need in {short} of {n} months; the year lacks {gap:.1f} rep-months "
                 "of selling.").format(short=self.short_months, n=len(self.table), gap=self.shortfall)


def current_tenure(roster: pd.DataFrame, at: object) -> list[int]:
    """Whole months each current seat holder has been in the seat at ``at``.

    >>> roster = pd.DataFrame({"start_date": pd.to_datetime(["2026-03-01", "2020-01-01"]),
    ...                        "end_date": pd.to_datetime([None, "2025-01-01"])})
    >>> current_tenure(roster, "2026-06-30")
    [3]
    """
    table = check_frame("roster", roster, ("start_date", "end_date"))
    when = pd.Timestamp(at)
    here = table[table["end_date"].isna() & (table["start_date"] <= when)]
    return [int(m) for m in ((when - here["start_date"]).dt.days // 30.4375)]


def _tenures(reps: int | Sequence[int]) -> np.ndarray:
    """Months in the seat of each current rep; a plain count means reps fully ramped long ago."""
    if isinstance(reps, (int, np.integer)) and not isinstance(reps, bool):
        return np.full(check_whole("reps", int(reps), minimum=0), 10_000)
    months = np.asarray(list(reps))
    if months.size and (months.dtype.kind not in "iu" or (months < 0).any()):
        raise ValueError(f"`reps` must be a count or whole months in the seat (0 or more), got {list(reps)!r}")
    return months.astype(int)


def capacity_plan(needed: pd.Series, reps: int | Sequence[int], ramp_months: int = 4, attrition: float = 0.2,
                  lead_months: int = 3, hires: int = 0) -> CapacityPlan:
    """Simulate headcount and selling capacity for each month of ``needed`` (reps needed).

    ``reps`` is the number of current reps (all fully ramped) or each current rep's months
    in the seat (from :func:`current_tenure`), so recent starters are still ramping.

    >>> plan = capacity_plan(pd.Series([10.0] * 3), reps=10, attrition=0.0)
    >>> plan.table["capacity"].tolist(), plan.short_months
    ([10.0, 10.0, 10.0], 0)
    >>> capacity_plan(pd.Series([2.0] * 2), reps=[0, 40], ramp_months=4, attrition=0.0).table["capacity"].tolist()
    [1.25, 1.5]
    """
    need = needed.astype(float)
    tenure = _tenures(reps)
    ramp = check_whole("ramp_months", ramp_months, minimum=1)
    lead = check_whole("lead_months", lead_months, minimum=0)
    extra = check_whole("hires", hires, minimum=0)
    monthly = 1 - (1 - check_rate("attrition", attrition)) ** (1 / 12)
    months = len(need)
    starts = np.zeros(months + lead + 1)
    starts[lead] += extra
    heads, capacity = np.zeros(months), np.zeros(months)
    productivity = np.minimum(1.0, (np.arange(months) + 1) / ramp)
    for m in range(months):
        # everyone present, thinned by attrition since month 0 (current reps) or their start
        current = (1 - monthly) ** m
        stay = (1 - monthly) ** (m - np.arange(m + 1))
        cohort = starts[: m + 1] * stay
        heads[m] = current * len(tenure) + cohort.sum()
        capacity[m] = (current * np.minimum(1.0, (tenure + m + 1) / ramp).sum()
                       + (cohort * productivity[m - np.arange(m + 1)]).sum())
        starts[m + lead] += heads[m] * monthly  # every leaver is replaced after the lead time
    table = pd.DataFrame({"needed": need.to_numpy(), "on_payroll": heads, "capacity": capacity},
                         index=need.index)
    return CapacityPlan(table)


@dataclass(frozen=True)
class Staffing:
    """A capacity plan and the fewest extra hires today that would cover the year."""

    plan: CapacityPlan
    hires_to_cover: int | None

    def __repr__(self) -> str:
        if self.hires_to_cover is None:
            advice = _("no number of hires made today covers the year: they arrive too late")
        elif self.hires_to_cover == 0:
            advice = _("no extra hire is needed beyond replacing leavers")
        else:
            advice = _("{n} extra hire(s) started today would cover the year").format(n=self.hires_to_cover)
        return _("{plan} {advice}.").format(plan=repr(self.plan), advice=advice[:1].upper() + advice[1:])


def staffing(needed: pd.Series, reps: int | Sequence[int], ramp_months: int = 4, attrition: float = 0.2,
             lead_months: int = 3, hires: int = 0) -> Staffing:
    """:func:`capacity_plan` with ``hires`` extra hires, and :func:`hires_to_cover` for the same case.

    >>> staffing(pd.Series([12.0] * 12), reps=10, ramp_months=1, attrition=0.0, lead_months=0).hires_to_cover
    2
    """
    return Staffing(capacity_plan(needed, reps, ramp_months, attrition, lead_months, hires),
                    hires_to_cover(needed, reps, ramp_months, attrition, lead_months))


def hires_to_cover(needed: pd.Series, reps: int | Sequence[int], ramp_months: int = 4, attrition: float = 0.2,
                   lead_months: int = 3, most: int = 200) -> int | None:
    """The fewest extra hires, decided today, for the year's capacity to add up to its need.
    ``None`` if even ``most`` hires are not enough (they arrive too late to help).

    >>> hires_to_cover(pd.Series([12.0] * 12), reps=10, ramp_months=1, attrition=0.0, lead_months=0)
    2
    """
    check_positive("most", most)
    for extra in range(int(most) + 1):
        if capacity_plan(needed, reps, ramp_months, attrition, lead_months, extra).shortfall <= 1e-9:
            return extra
    return None
