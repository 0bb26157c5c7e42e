"""Module 5's data-dependent sentences, each a :class:`saleslab.story.Claim` that re-checks
what it says against the table it describes (so the notebook holds at every seed)."""

from __future__ import annotations

import pandas as pd

from ..i18n import _
from ..plots import money, percent
from ..story import Claim
from .capacity import Staffing
from .coverage import Coverage
from .forecast import Backtest
from .incentives import IncentiveOutcome
from .review import RepHealth


def handoff_claim(summary: pd.DataFrame) -> Claim:
    """Where the process loses the most: the step with the largest share going no further."""
    steps = summary.iloc[:-1]
    worst = steps["no_further"].idxmax()
    row = steps.loc[worst]
    return Claim.that(row["no_further"] == steps["no_further"].max(),
                      _("The biggest loss comes after '{step}': {share} of the deals that reach it go no "
                        "further.").format(step=row["step"], share=percent(row["no_further"], 0)),
                      f"{row['step']} has the largest no_further share {row['no_further']:.3f}")


def sla_claim(chart: pd.DataFrame, hours: float) -> Claim:
    """How the weekly SLA breach rate behaves on its p chart."""
    signals = int(chart["signal"].sum())
    text = _("On average {share} of marketing leads wait more than {hours:.0f} hours for a first touch; "
             "{n} of {weeks} weeks fall outside the control limits.").format(
        share=percent(float(chart["center"].iloc[-1]), 0), hours=hours, n=signals, weeks=len(chart))
    return Claim.that(signals == int((chart["value"] > chart["ucl"]).sum() + (chart["value"] < chart["lcl"]).sum()),
                      text, f"{signals} signals on the p chart")


def health_claim(health: RepHealth) -> Claim:
    table = health.table
    return Claim.that(table["flagged_share"].is_monotonic_increasing and health.healthiest != health.least_healthy,
                      repr(health), f"sorted by flagged share: {health.healthiest} first, {health.least_healthy} last")


def backtest_claim(result: Backtest) -> Claim:
    table = result.table
    recomputed = ((table["forecast"] - table["actual"]) / table["actual"]).abs().mean()
    return Claim.that(abs(recomputed - result.mape) < 1e-9 and len(table) > 0, repr(result),
                      f"MAPE {result.mape:.3f}, bias {result.bias:+.3f}, {int(table['inside'].sum())} inside")


def coverage_claim(result: Coverage) -> Claim:
    ratio = result.pipeline / result.remaining_quota
    return Claim.that(abs(ratio - result.coverage) < 1e-9 and abs(result.required - 1 / result.win_rate) < 1e-9,
                      repr(result), f"coverage {ratio:.2f}, required {result.required:.2f}")


def staffing_claim(result: Staffing) -> Claim:
    table = result.plan.table
    short = int((table["capacity"] < table["needed"] - 1e-9).sum())
    return Claim.that(short == result.plan.short_months, repr(result), f"{short} short months")


def guardrail_claim(quotas: pd.DataFrame, cap: float, floor: float) -> Claim:
    """The fair-share growth range, and the range after the guardrails, with the total kept."""
    before = quotas["fair_share_quota"] / quotas["last_year"] - 1
    after = quotas["growth"]
    kept = quotas["quota"].sum() == quotas["fair_share_quota"].sum()
    text = _("The fair-share split asks for growth of {low} to {high} on last year; with a floor of {floor} and a cap of "
             "{cap}, every rep is between {glow} and {ghigh}, and the quotas still add up to {total}.").format(
        low=percent(before.min(), 0), high=percent(before.max(), 0), floor=percent(floor, 0), cap=percent(cap, 0),
        glow=percent(round(after.min(), 2) + 0.0, 0), ghigh=percent(round(after.max(), 2) + 0.0, 0),
        total=money(quotas["quota"].sum()))
    within = after.min() >= floor - 0.001 and after.max() <= cap + 0.001
    return Claim.that(kept and within, text, f"total kept {kept}; growth {after.min():.4f}..{after.max():.4f}")


def incentive_claim(outcome: IncentiveOutcome) -> Claim:
    before, after = outcome.hit_rate
    return Claim.that(0 <= outcome.discount_cost <= outcome.pulled_in, repr(outcome),
                      f"hit rate {before:.3f} -> {after:.3f}")


def exit_claim(review: pd.DataFrame) -> Claim:
    """The late stage (qualified or after) that loses the most deals, its top reason and criterion."""
    late = review[review["stage"].isin(("qualified", "proposal", "negotiation"))]
    row = late.loc[late["lost"].idxmax()]
    return Claim.that(row["lost"] == late["lost"].max(),
                      _("After qualification, most deals are lost at the {stage} stage, most often for "
                        "'{reason}' ({share}). The exit criterion to tighten: {criterion}.").format(
                          stage=_(row["stage"]), reason=_(row["top_reason"]), share=percent(row["share"], 0),
                          criterion=row["exit_criterion"]),
                      f"{row['stage']} loses {row['lost']} deals, the most after qualification")
