"""Sales velocity, a weighted pipeline forecast, and a what-if funnel design."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import _
from ..localformat import headline_repr
from ..plots import money, percent
from ..validate import check_positive, check_rate
from ._log import STAGES, check_frame


def sales_velocity(opportunities: float, win_rate: float, average_deal: float,
                   cycle_days: float) -> float:
    """Money the pipeline turns into bookings per day: V = N · win rate · deal size / cycle.

    >>> sales_velocity(120, 0.25, 100_000, 60)
    50000.0
    """
    n = check_positive("opportunities", opportunities, allow_zero=True)
    rate = check_rate("win_rate", win_rate)
    deal = check_positive("average_deal", average_deal)
    days = check_positive("cycle_days", cycle_days)
    return n * rate * deal / days


def weighted_forecast(opportunities: pd.DataFrame, win_probability: pd.Series) -> pd.DataFrame:
    """Open pipeline by current stage, weighted by the chance of winning from that stage.

    >>> opps = pd.DataFrame({"status": ["open", "open", "won"], "last_stage": ["proposal", "lead", "negotiation"],
    ...                      "value": [100_000.0, 50_000.0, 10.0]})
    >>> weighted_forecast(opps, pd.Series({"lead": 0.1, "proposal": 0.4}))["expected"].tolist()
    [5000.0, 40000.0]
    """
    opps = check_frame("opportunities", opportunities, ("status", "last_stage", "value"))
    if not isinstance(win_probability, pd.Series):
        raise TypeError(f"`win_probability` must be a pandas Series by stage, got {type(win_probability).__name__}")
    live = opps[opps["status"].astype(str) == "open"]
    by_stage = live.groupby(live["last_stage"].astype(str))["value"].agg(["count", "sum"])
    by_stage = by_stage.reindex([s for s in STAGES if s in by_stage.index])
    missing = sorted(set(by_stage.index) - set(win_probability.index))
    if missing:
        raise ValueError(f"`win_probability` has no value for stage(s) {missing}")
    p = win_probability.reindex(by_stage.index).astype(float)
    return pd.DataFrame({"stage": by_stage.index, "open_deals": by_stage["count"].to_numpy(),
                         "pipeline": by_stage["sum"].to_numpy(), "win_probability": p.to_numpy(),
                         "expected": (by_stage["sum"] * p).to_numpy()})


def forecast_line(forecast: pd.DataFrame) -> str:
    """The open pipeline and what it is expected to bring, from :func:`weighted_forecast`.

    >>> forecast_line(pd.DataFrame({"pipeline": [150_000.0], "expected": [45_000.0]}))
    'Open pipeline ¥150k, expected to close as won: ¥45k'
    """
    return _("Open pipeline {pipeline}, expected to close as won: {expected}").format(
        pipeline=money(float(forecast["pipeline"].sum())), expected=money(float(forecast["expected"].sum())))


@dataclass(frozen=True)
class FunnelOutcome:
    """What a funnel design delivers per month."""

    design: pd.DataFrame
    leads: float
    average_deal: float

    @property
    def win_rate(self) -> float:
        """Lead-to-won conversion: the product of the stage conversions."""
        return float(self.design["conversion"].prod())

    @property
    def deals(self) -> float:
        return self.leads * self.win_rate

    @property
    def bookings(self) -> float:
        return self.deals * self.average_deal

    @property
    def cycle_days(self) -> float:
        """Days from lead to won along the main path: the sum of the stage medians."""
        return float(self.design["days"].sum())

    @property
    def weakest_stage(self) -> str:
        """The stage with the lowest conversion."""
        return str(self.design.loc[self.design["conversion"].idxmin(), "stage"])

    def headline(self) -> str:
        return _("{bookings} a month from {deals:.0f} deals; stages add up to {days:.0f} days; "
                 "lowest rate: {stage} ({rate}).").format(
            bookings=money(self.bookings), deals=self.deals, days=self.cycle_days,
            stage=_(self.weakest_stage),
            rate=percent(float(self.design["conversion"].min()), digits=0))

    def __repr__(self) -> str:
        return headline_repr("FunnelOutcome", self.headline())


def design_outcome(design: pd.DataFrame, leads: float, average_deal: float) -> FunnelOutcome:
    """Bookings, cycle time and lowest-rate stage of a funnel with a conversion and days per stage.

    >>> d = pd.DataFrame({"stage": ["lead", "proposal"], "conversion": [0.5, 0.2], "days": [3.0, 20.0]})
    >>> design_outcome(d, leads=1000, average_deal=10_000).bookings
    1000000.0
    """
    table = check_frame("design", design, ("stage", "conversion", "days"))
    for stage, rate, days in table[["stage", "conversion", "days"]].itertuples(index=False):
        check_rate(f"conversion of {stage}", float(rate))
        check_positive(f"days of {stage}", float(days), allow_zero=True)
    leads = check_positive("leads", leads, allow_zero=True)
    deal = check_positive("average_deal", average_deal)
    return FunnelOutcome(table.reset_index(drop=True), leads, deal)


def what_if(design: pd.DataFrame, stage: str, conversion: float | None = None,
            days: float | None = None) -> pd.DataFrame:
    """A copy of ``design`` with one stage's conversion and/or days changed.

    >>> d = pd.DataFrame({"stage": ["lead", "proposal"], "conversion": [0.5, 0.2], "days": [3.0, 20.0]})
    >>> what_if(d, "proposal", conversion=0.3)["conversion"].tolist()
    [0.5, 0.3]
    """
    table = check_frame("design", design, ("stage", "conversion", "days")).copy()
    where = table["stage"] == stage
    if not where.any():
        raise ValueError(f"`stage` must be one of {table['stage'].tolist()}, got {stage!r}")
    if conversion is not None:
        table.loc[where, "conversion"] = check_rate("conversion", conversion)
    if days is not None:
        table.loc[where, "days"] = check_positive("days", days, allow_zero=True)
    return table


def design_from_log(conversion: pd.DataFrame, stage_times: pd.DataFrame) -> pd.DataFrame:
    """The measured funnel as a design: each stage's conversion and median days.

    >>> conv = pd.DataFrame({"stage": ["lead"], "conversion": [0.6]})
    >>> times = pd.DataFrame({"stage": ["lead"], "median_days": [2.5]})
    >>> design_from_log(conv, times).values.tolist()
    [['lead', 0.6, 2.5]]
    """
    conv = check_frame("conversion", conversion, ("stage", "conversion"))
    times = check_frame("stage_times", stage_times, ("stage", "median_days"))
    merged = conv[["stage", "conversion"]].merge(times[["stage", "median_days"]], on="stage", how="left")
    if merged["median_days"].isna().any() or np.isinf(merged["median_days"]).any():
        raise ValueError("`stage_times` lacks a finite median for some stage of `conversion`")
    return merged.rename(columns={"median_days": "days"})


@dataclass(frozen=True)
class MeasuredFunnel:
    """The funnel as the CRM shows it over a recent window, ready for what-if designs."""

    design: pd.DataFrame
    leads_per_month: float
    average_deal: float

    def outcome(self) -> FunnelOutcome:
        """What the measured funnel delivers per month."""
        return design_outcome(self.design, self.leads_per_month, self.average_deal)


def measured_funnel(events: pd.DataFrame, opportunities: pd.DataFrame, snapshot: object,
                    months: int = 12) -> MeasuredFunnel:
    """Stage conversions (cohorts entering in the last ``months``), Kaplan–Meier median days
    per stage, leads per month and the average won deal over the same window.

    >>> from saleslab.data import SNAPSHOT, load
    >>> m = measured_funnel(load("crm_events"), load("crm_opportunities"), SNAPSHOT)
    >>> m.outcome().weakest_stage
    'proposal'
    """
    from .conversion import stage_conversion
    from .timing import time_in_stage

    opps = check_frame("opportunities", opportunities, ("created_at", "status", "value"))
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise ValueError(f"`months` must be a whole number 1 or more, got {months!r}")
    end = pd.Timestamp(snapshot)
    begin = end - pd.DateOffset(months=months)
    conversion = stage_conversion(events, cohort_start=begin, cohort_end=end)
    design = design_from_log(conversion, time_in_stage(events, end))
    recent = opps[(opps["created_at"] > begin) & (opps["created_at"] <= end)]
    won = recent.loc[recent["status"].astype(str) == "won", "value"]
    if won.empty:
        raise ValueError(f"no deal created in the last {months} months was won: no deal size to use")
    return MeasuredFunnel(design, len(recent) / months, float(won.mean()))
