"""Module 4's sentences, written by the data: each a :class:`saleslab.story.Claim` that
carries the check making it true at the learner's seed.

>>> from saleslab.data.crm import crm_opportunities
>>> pareto_story(crm_opportunities(seed=7)).holds
True
"""

from __future__ import annotations

import pandas as pd

from ..i18n import _
from ..plots import money, percent
from ..story import Claim, Story
from .compare import signed_percent
from .did import EffectEstimate
from .pareto import loss_pareto
from .pitfalls import ChangeSimulation


def pareto_story(opportunities: pd.DataFrame) -> Story:
    """The biggest loss reason: its share, against the next reason, and whether weighing by
    deal value keeps it first."""
    counts = loss_pareto(opportunities)
    values = loss_pareto(opportunities, by="value")
    top, second = counts.iloc[0], counts.iloc[1]
    times = float(top["share"] / second["share"])
    same = values.iloc[0]["reason"] == top["reason"]
    return Story.of(
        Claim.that(times > 1.2, _("One reason stands out: *{reason}* causes {share} of all lost deals, "
                                  "{times:.1f} times as many as the next reason (*{next}*).").format(
            reason=_(top["reason"]), share=percent(float(top["share"]), digits=0), times=times,
            next=_(second["reason"])), f"{top['reason']} {top['share']:.3f} vs {second['share']:.3f}"),
        Claim.that(True, _("Weighing each loss by the deal's value (`by=\"value\"`) {verdict}.").format(
            verdict=_("keeps it first") if same else _("puts *{reason}* first").format(
                reason=_(values.iloc[0]["reason"]))),
            f"by value first: {values.iloc[0]['reason']}"),
    )


def where_lost_story(table: pd.DataFrame, reason: str) -> Story:
    """Where ``reason`` loses its deals (the two earliest stages?), and which reasons lead at
    the proposal stage — read from :func:`saleslab.funnel.where_lost`."""
    early = float(table.loc[["lead", "contacted"], reason].sum() / table[reason].sum())
    proposal = table.loc["proposal"].sort_values(ascending=False)
    first, second = proposal.index[:2]
    return Story.of(
        Claim.that(early > 0.5, _("*{reason}* is concentrated in the first two stages, *lead* and "
                                  "*contacted* ({share} of its losses): deals die before a real "
                                  "conversation starts.").format(reason=_(reason), share=percent(early, digits=0)),
                   f"{early:.3f} of {reason} at lead+contacted"),
        Claim.that(proposal.iloc[0] >= proposal.iloc[1] >= proposal.iloc[2],
                   _("At *proposal*, *{first}* and *{second}* lead — a different problem for another "
                     "loop.").format(first=_(first), second=_(second)),
                   f"proposal: {proposal.head(3).to_dict()}"),
    )


def response_story(card: pd.DataFrame) -> Claim:
    """Fast and slow responders' win rates: the faster half of the reps against the slower."""
    ordered = card.sort_values("response_time_hours")
    half = len(ordered) // 2
    fast, slow = ordered.iloc[:half], ordered.iloc[-half:]
    fast_rate, slow_rate = float(fast["win_rate"].mean()), float(slow["win_rate"].mean())
    return Claim.that(fast_rate > slow_rate,
                      _("The faster half of the reps (first response within {fast_h:.1f} hours on "
                        "average) win {fast} of their deals; the slower half ({slow_h:.1f} hours or "
                        "more) win {slow}. That points at response time as a cause.").format(
                          fast_h=float(fast["response_time_hours"].max()),
                          slow_h=float(slow["response_time_hours"].min()),
                          fast=percent(fast_rate, digits=0), slow=percent(slow_rate, digits=0)),
                      f"fast half {fast_rate:.3f} > slow half {slow_rate:.3f}")


def rollout_story(simulation: ChangeSimulation, estimate: EffectEstimate) -> Claim:
    """Before/after against difference-in-differences for the rollout, and what the interval
    allows."""
    low, high = estimate.ci
    verdict = (_("its interval still reaches below zero: probably helps, not yet proven — extend "
                 "the test or add reps") if low <= 0 else _("its interval stays above zero"))
    return Claim.that(abs(estimate.relative_effect - simulation.comparison) < 1e-9,
                      _("Before/after would have claimed {ba}; the comparison says {did} (the "
                        "truth is {truth}), and {verdict}.").format(
                          ba=signed_percent(simulation.before_after),
                          did=signed_percent(estimate.relative_effect),
                          truth=signed_percent(simulation.true_effect), verdict=verdict),
                      f"DiD relative {estimate.relative_effect:.4f} = chart {simulation.comparison:.4f}; "
                      f"CI low {low:.0f}")


def trends_story(pre: EffectEstimate, estimate: EffectEstimate, panel: pd.DataFrame,
                 time: str = "week", post: str = "after") -> Claim:
    """Whether the parallel-trends check could have seen a drift as big as the effect: a
    slope difference at the edge of its interval, carried from the before weeks to the after
    weeks, biases the estimate by slope × (mean after week − mean before week)."""
    gap = float(panel.loc[panel[post].astype(bool), time].mean() - panel.loc[~panel[post].astype(bool), time].mean())
    allowed = max(abs(pre.ci[0]), abs(pre.ci[1])) * gap
    underpowered = allowed > abs(estimate.estimate)
    text = (_("The slopes differ by little ({p}), but the check is **underpowered**: its interval "
              "allows a drift that would bias the estimate by up to {allowed} a week, more than the "
              "whole effect ({effect}). It finds no sign of drift; it cannot rule one out.")
            if underpowered else
            _("The slopes differ by little ({p}), and the check could have seen a drift: its interval "
              "allows a bias of at most {allowed} a week, less than the effect ({effect})."))
    return Claim.that(True, text.format(p=f"p ≈ {pre.p_value:.2f}", allowed=money(allowed),
                                        effect=money(abs(estimate.estimate))),
                      f"allowed bias {allowed:.0f} vs effect {estimate.estimate:.0f}; "
                      f"underpowered={underpowered}")
