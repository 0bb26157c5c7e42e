"""Bottom-up: what a target asks of the funnel, what reps can deliver, and the gap.

The reverse funnel walks a target back up the funnel: deals = target / average deal size;
opportunities = deals / win rate; leads = opportunities / lead-to-opportunity rate;
activities = leads / leads per activity. Dividing by reps and weeks gives the weekly
workload one rep signs up for.

>>> plan = reverse_funnel(12_000_000, 100_000, 0.25, 0.2, 0.1, weeks=48, reps=10)
>>> plan.stages["total"].tolist()
[120.0, 480.0, 2400.0, 24000.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..localformat import headline_repr
from ..plots import count, money
from ..validate import check_positive
from . import _checks

#: Gap flags; a rep whose capacity covers the quota is "achievable", one short by at most
#: ``stretch`` of the quota is "stretch", anything further short is "out of reach".
ACHIEVABLE, STRETCH, OUT_OF_REACH = N_("achievable"), N_("stretch"), N_("out of reach")
STAGES = (N_("Won deals"), N_("Opportunities"), N_("Leads"), N_("Activities"))


@dataclass(frozen=True, eq=False)
class ReverseFunnel:
    """What a target needs at each funnel stage, in total, per rep and per rep per week."""

    stages: pd.DataFrame
    target: float
    weeks: float
    reps: float

    @property
    def activities_per_rep_per_week(self) -> float:
        """The weekly workload of one rep: the number a manager can check every Friday."""
        return float(self.stages["per_rep_per_week"].iloc[-1])

    def summary(self) -> str:
        """One line per stage. Totals are rounded up, since part of a deal is not a deal;
        per-rep figures keep a decimal so a small weekly number does not read as zero."""
        lines = [_("To book {target} in {weeks:g} weeks with {reps:g} reps you need:").format(
            target=money(self.target), weeks=self.weeks, reps=self.reps)]
        for row in self.stages.itertuples():
            lines.append(_("  {stage}: {total} in total, {per_rep} per rep, {weekly} per rep per week").format(
                stage=row.stage, total=count(math.ceil(row.total)),
                per_rep=_readable(row.per_rep), weekly=_readable(row.per_rep_per_week)))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


def reverse_funnel(
    target: float,
    average_deal_size: float,
    win_rate: float,
    lead_to_opportunity: float,
    leads_per_activity: float,
    weeks: float = 48,
    reps: float = 1,
) -> ReverseFunnel:
    """Walk ``target`` (money) back up the funnel to won deals, opportunities, leads and
    activities, in total, per rep and per rep per week.

    ``win_rate`` is the share of opportunities won, ``lead_to_opportunity`` the share of
    leads that become opportunities, ``leads_per_activity`` the leads one activity (a call,
    a visit) produces on average. ``weeks`` is the selling weeks in the period and ``reps``
    the number of reps (may be fractional, e.g. 9.5 full-time equivalents). The counts are
    expected values, not rounded. In ``stages``, ``rate_to_next_stage`` is the share of a
    stage that becomes the stage above it (an opportunity's is the win rate).

    >>> plan = reverse_funnel(12_000_000, 100_000, 0.25, 0.2, 0.1, weeks=48, reps=10)
    >>> plan.activities_per_rep_per_week
    50.0
    """
    target = check_positive("target", target)
    average_deal_size = check_positive("average_deal_size", average_deal_size)
    rates = [_checks.share("win_rate", win_rate),
             _checks.share("lead_to_opportunity", lead_to_opportunity),
             check_positive("leads_per_activity", leads_per_activity)]
    weeks = check_positive("weeks", weeks)
    reps = check_positive("reps", reps)
    totals = [target / average_deal_size]
    for rate in rates:
        totals.append(totals[-1] / rate)
    stages = pd.DataFrame({
        "stage": [_(name) for name in STAGES],
        "rate_to_next_stage": [math.nan, *rates],
        "total": totals,
    })
    stages["per_rep"] = stages["total"] / reps
    stages["per_rep_per_week"] = stages["per_rep"] / weeks
    return ReverseFunnel(stages=stages, target=target, weeks=weeks, reps=reps)


def rep_capacity(
    open_opportunities: float | pd.Series,
    win_rate: float | pd.Series,
    average_deal_size: float | pd.Series,
    period_months: float = 12,
    cycle_months: float = 3,
) -> float | pd.Series:
    """Bookings a rep can deliver in a period: ``open_opportunities * win_rate *
    average_deal_size * period_months / cycle_months``.

    ``open_opportunities`` is how many opportunities a rep can work *at the same time*.
    Each takes ``cycle_months`` from opening to closing, so over the period the rep works
    through ``period_months / cycle_months`` rounds of them; ``win_rate`` of those are won,
    each worth ``average_deal_size``. (Equivalently, by Little's law, the rep opens
    ``open_opportunities / cycle_months`` new opportunities a month.) Each of the first
    three arguments may be a Series per rep; the result is then a Series too.

    >>> rep_capacity(20, 0.25, 100_000, period_months=12, cycle_months=3)
    2000000.0
    """
    opportunities = _checks.number_or_per_unit("open_opportunities", open_opportunities)
    rate = _checks.number_or_per_unit("win_rate", win_rate, kind="rate")
    deal_size = _checks.number_or_per_unit("average_deal_size", average_deal_size)
    turns = check_positive("period_months", period_months) / check_positive(
        "cycle_months", cycle_months)
    capacity = opportunities * rate * deal_size * turns
    if isinstance(capacity, pd.Series):
        if capacity.isna().any():
            raise ValueError(
                "the per-rep Series must have the same reps; missing for "
                f"{list(capacity.index[capacity.isna()])}"
            )
        return capacity.rename("capacity")
    return capacity


def gap(
    quotas: pd.Series | pd.DataFrame,
    capacity: pd.Series,
    *,
    stretch: float = 0.2,
) -> pd.DataFrame:
    """Top-down quota against bottom-up capacity per rep, with a flag.

    ``gap = quota - capacity`` (positive: the rep is short), ``gap_share = gap / quota``.
    The flag is "achievable" when capacity covers the quota, "stretch" when it falls short
    by at most ``stretch`` of the quota (20% by default), and "out of reach" beyond that.
    ``quotas`` may be the table from :func:`~saleslab.targets.top_down`.

    >>> table = gap(pd.Series({"Ann": 100.0, "Bo": 100.0, "Cy": 100.0}),
    ...             pd.Series({"Ann": 120.0, "Bo": 90.0, "Cy": 50.0}))
    >>> table["status"].tolist()
    ['achievable', 'stretch', 'out of reach']
    """
    quota, capacity = _aligned(quotas, "capacity", capacity, "zero or more")
    stretch = _checks.share("stretch", stretch)
    result = pd.DataFrame({"quota": quota, "capacity": capacity})
    result["gap"] = result["quota"] - result["capacity"]
    result["gap_share"] = result["gap"] / result["quota"]
    result["status"] = _status(result["capacity"] / result["quota"], stretch)
    return result


def feasibility(
    quotas: pd.Series | pd.DataFrame,
    achievable_pipeline: pd.Series,
    win_rate: float | pd.Series,
    *,
    stretch: float = 0.2,
) -> pd.DataFrame:
    """Pipeline each rep needs for the quota (``quota / win_rate``) against what they can build.

    ``achievable_pipeline`` is the pipeline value (money) a rep can create in the period:
    measured from the CRM, or ``open_opportunities * average_deal_size * period / cycle``.
    ``coverage = achievable / required``; the flag uses the same thresholds as :func:`gap`.

    >>> table = feasibility(pd.Series({"Ann": 100.0}), pd.Series({"Ann": 300.0}), 0.25)
    >>> table.loc["Ann", ["required_pipeline", "coverage", "status"]].to_dict()
    {'required_pipeline': 400.0, 'coverage': 0.75, 'status': 'out of reach'}
    """
    quota, achievable = _aligned(quotas, "achievable_pipeline", achievable_pipeline,
                                 "zero or more")
    rate = _checks.number_or_per_unit("win_rate", win_rate, kind="rate")
    if isinstance(rate, pd.Series):
        quota, rate = _aligned(quota, "win_rate", rate, "rate")
    stretch = _checks.share("stretch", stretch)
    result = pd.DataFrame({"quota": quota, "win_rate": rate})
    result["required_pipeline"] = result["quota"] / result["win_rate"]
    result["achievable_pipeline"] = achievable
    result["coverage"] = result["achievable_pipeline"] / result["required_pipeline"]
    result["status"] = _status(result["coverage"], stretch)
    return result


@dataclass(frozen=True)
class PipelineCoverage:
    """Open pipeline against the quota still to win, and whether it is enough."""

    coverage: float
    required: float
    shortfall: float

    @property
    def enough(self) -> bool:
        """True when the open pipeline covers the remaining quota at the usual win rate."""
        return self.coverage >= self.required

    def verdict(self) -> str:
        """One sentence a manager reads first."""
        if self.enough:
            return _("Enough pipeline: {coverage:.1f}× coverage against {required:.1f}× needed.").format(
                coverage=self.coverage, required=self.required)
        return _("Not enough pipeline: {coverage:.1f}× coverage against {required:.1f}× needed; "
                 "add {shortfall} of opportunities.").format(
            coverage=self.coverage, required=self.required, shortfall=money(self.shortfall))

    def __repr__(self) -> str:
        return headline_repr("PipelineCoverage", self.verdict())


def pipeline_coverage(open_pipeline: float, remaining_quota: float, win_rate: float) -> PipelineCoverage:
    """Coverage = open in-period pipeline / remaining quota; required coverage = 1 / win rate.

    At a 33% win rate a rep needs about 3× the quota in open pipeline (the "3× rule").
    ``shortfall`` is the pipeline value still to be added to reach the required coverage.

    >>> pipeline_coverage(2_000_000, 1_000_000, 0.25)
    PipelineCoverage(Not enough pipeline: 2.0× coverage against 4.0× needed; add ¥2M of opportunities.)
    """
    open_pipeline = check_positive("open_pipeline", open_pipeline, allow_zero=True)
    remaining_quota = check_positive("remaining_quota", remaining_quota)
    required = 1 / _checks.share("win_rate", win_rate)
    coverage = open_pipeline / remaining_quota
    shortfall = max(0.0, required * remaining_quota - open_pipeline)
    return PipelineCoverage(coverage=coverage, required=required, shortfall=shortfall)


def _readable(value: float) -> str:
    """Three significant digits for small numbers, whole numbers with separators for big."""
    return count(value) if value >= 100 else f"{value:.3g}"


def _aligned(quotas: object, name: str, values: object, kind: str) -> tuple[pd.Series, pd.Series]:
    """Per-rep quotas and ``values`` on the same reps, or an error naming the odd ones out."""
    if isinstance(quotas, pd.DataFrame):
        _checks.frame("quotas", quotas, ["quota"])
        quotas = quotas["quota"]
    quota = _checks.per_unit("quotas", quotas, kind="positive")
    other = _checks.per_unit(name, values, kind=kind)
    missing = quota.index.difference(other.index, sort=False)
    extra = other.index.difference(quota.index, sort=False)
    if len(missing) or len(extra):
        raise ValueError(
            f"`quotas` and `{name}` must list the same reps; only in `quotas`: "
            f"{list(missing)}, only in `{name}`: {list(extra)}"
        )
    return quota, other.reindex(quota.index)


def _status(ratio: pd.Series, stretch: float) -> pd.Series:
    # English keys in every edition: a learner's code compares them; the display translates
    labels = np.select([ratio >= 1, ratio >= 1 - stretch], [ACHIEVABLE, STRETCH],
                       default=OUT_OF_REACH)
    return pd.Series(labels, index=ratio.index, dtype="object")

