"""Module 2's data-dependent sentences, each written from the table shown beside it and
carrying its own check (:mod:`saleslab.story`): which stage keeps the smallest share,
which reasons lead, how long stages and the cycle take, and what ten points are worth.

>>> from saleslab.data import load
>>> table = stage_conversion(load("crm_events"))
>>> loss_story(table).holds
True
"""

from __future__ import annotations

import pandas as pd

from ..i18n import _
from ..plots import percent
from ..story import Claim, Story
from .conversion import end_to_end, stage_conversion, weakest_stage
from .forecast import FunnelOutcome, MeasuredFunnel
from .levers import bookings_gain

EARLY = ("lead", "contacted")  # stages where a deal is lost before anyone has qualified it


def _days(value: float) -> str:
    return f"{value:.0f}"


def loss_story(conversion: pd.DataFrame) -> Story:
    """Which stage keeps the smallest share of its deals, and which loses most in number."""
    table = conversion.set_index("stage")
    weakest = weakest_stage(conversion)
    most = str(table["lost"].idxmax())
    rate = float(table.loc[weakest, "conversion"])
    first = Claim.that(rate == table["conversion"].min(), _(
        "The {stage} stage keeps the smallest share of the deals that enter it: {rate} move on, "
        "so it loses the largest share.").format(stage=_(weakest), rate=percent(rate, digits=0)),
        f"{weakest} converts {rate:.3f}, the minimum of {table['conversion'].round(3).to_dict()}")
    if most == weakest:
        return Story.of(first)
    second = Claim.that(table.loc[most, "lost"] == table["lost"].max() and most != weakest, _(
        "In number, the {stage} stage loses the most deals ({lost:,}), because the most deals "
        "enter it.").format(stage=_(most), lost=int(table.loc[most, "lost"])),
        f"{most} loses {int(table.loc[most, 'lost'])}, the maximum of {table['lost'].to_dict()}")
    return Story.of(first, second)


def reasons_story(lost: pd.DataFrame, stage: str = "proposal") -> Story:
    """The reason that leads in the early stages, and the two that lead at ``stage``, read off
    :func:`~saleslab.funnel.where_lost`'s table."""
    early = lost.loc[[s for s in EARLY if s in lost.index]].sum().sort_values(ascending=False)
    at_stage = lost.loc[stage].sort_values(ascending=False)
    top, second = str(at_stage.index[0]), str(at_stage.index[1])
    share = float(early.iloc[0] / early.sum())
    return Story.of(
        Claim.that(early.iloc[0] == early.max(), _(
            "In the lead and contacted stages, the most common reason is *{reason}* ({share} of "
            "the losses there).").format(reason=_(str(early.index[0])), share=percent(share, digits=0)),
            f"early losses by reason: {early.to_dict()}"),
        Claim.that(at_stage.iloc[0] >= at_stage.iloc[1] >= at_stage.iloc[2:].max(), _(
            "At the {stage} stage, *{top}* and *{second}* lead.").format(
            stage=_(stage), top=_(top), second=_(second)),
            f"{stage} losses by reason: {at_stage.to_dict()}"),
    )


def time_story(times: pd.DataFrame, conversion: pd.DataFrame) -> Story:
    """The slowest stage by Kaplan–Meier median, and whether it is also the one that keeps the
    smallest share of its deals."""
    medians = times.set_index("stage")["median_days"]
    slowest = str(medians.idxmax())
    weakest = weakest_stage(conversion)
    same = slowest == weakest
    text = _("The {stage} stage takes longest, about {days} days (median){also}.").format(
        stage=_(slowest), days=_days(float(medians[slowest])),
        also=_(", and it also keeps the smallest share of its deals") if same else "")
    rates = conversion.set_index("stage")["conversion"]
    return Story.of(Claim.that(medians[slowest] == medians.max() and (not same or rates[slowest] == rates.min()),
                               text, f"medians {medians.round(1).to_dict()}; weakest {weakest}"))


def cycle_story(recent: pd.Series, whole: pd.Series) -> Story:
    """The recent cycle counted two ways (closed deals only, Kaplan–Meier), against the whole
    history's Kaplan–Meier median and its interval."""
    closed, km = float(recent["closed_only_median_days"]), float(recent["median_days"])
    low, high = float(recent["median_low"]), float(recent["median_high"])
    overall = float(whole["median_days"])
    inside = low <= overall <= high
    compared = (_("within this interval, so the cycle has not got shorter") if inside else
                _("outside this interval, so the cycle really has changed"))
    return Story.of(
        Claim.that(closed < km, _(
            "Counting only the closed deals, the recent cycle looks like about {closed} days. "
            "Counting the open ones properly (Kaplan–Meier), it is about {km} days (interval "
            "{low}–{high}): the \"faster\" cycle was the slow deals not having finished yet.").format(
            closed=_days(closed), km=_days(km), low=_days(low), high=_days(high)),
            f"closed-only median {closed:.1f} < Kaplan–Meier median {km:.1f}"),
        Claim.that(inside == (low <= overall <= high), _(
            "Over the whole history it is {overall} days, {compared}.").format(
            overall=_days(overall), compared=compared),
            f"whole-history median {overall:.1f}; recent interval {low:.1f}–{high:.1f}"),
    )


def cycle_gap_story(outcome: FunnelOutcome, whole: pd.Series) -> Claim:
    """Why the designer's cycle (the stage medians added up, from lead to a signature) is not
    the measured sales cycle (from qualified to a decision, deal by deal)."""
    path, cycle = outcome.cycle_days, float(whole["median_days"])
    design = outcome.design.set_index("stage")["days"]
    later = float(design.drop([s for s in EARLY if s in design.index]).sum())
    return Claim.that(path > cycle, _(
        "The designer adds up the median days of the five stages: {path} days from a new lead to "
        "a signature. Section 6 measured {cycle} days (whole history) from *qualified* to a "
        "decision, won or lost, deal by deal. The two answer different questions: the designer "
        "starts two stages earlier, and even from *qualified* its stage medians add up to {later} "
        "days, because a deal lost early never spends time in the later stages, and a sum of "
        "medians is not the median of whole journeys.").format(path=_days(path), cycle=_days(cycle), later=_days(later)),
        f"sum of stage medians {path:.1f}, from qualified {later:.1f}; measured cycle {cycle:.1f}")


def points_story(measured: MeasuredFunnel, stages: tuple[str, str] = ("qualified", "proposal"),
                 points: float = 0.10) -> Story:
    """What ten points are worth at two stages, against ten percent at any stage."""
    design = measured.design.set_index("stage")["conversion"]
    gains = {stage: bookings_gain(measured.design, stage, points=points) for stage in stages}
    share = {stage: bookings_gain(measured.design, stage, share=points) for stage in stages}
    first, second = stages
    rates = {stage: float(design[stage]) for stage in stages}
    return Story.of(
        Claim.that(all(abs(g - points / rates[s]) < 1e-9 or rates[s] + points > 1 for s, g in gains.items()), _(
            "Ten more points are worth +{g1} in bookings at the {s1} stage ({r1} to {n1}) but +{g2} "
            "at the {s2} stage ({r2} to {n2}): a point is a bigger step on a lower rate.").format(
            g1=percent(gains[first], digits=0), s1=_(first), r1=percent(rates[first], digits=0),
            n1=percent(min(1.0, rates[first] + points), digits=0),
            g2=percent(gains[second], digits=0), s2=_(second), r2=percent(rates[second], digits=0),
            n2=percent(min(1.0, rates[second] + points), digits=0)),
            f"rates {rates}; gains {gains}"),
        Claim.that(all(abs(g - points) < 1e-9 for g in share.values()), _(
            "Ten *percent* more (each rate times 1.1) is worth +{g} at any stage, because bookings "
            "are the product of the stage rates.").format(g=percent(points, digits=0)),
            f"gains for +10% of the rate: {share}"),
    )


def lever_story(levers: pd.DataFrame) -> Claim:
    """The stage where reaching the best reps' rate adds the most bookings, from
    :func:`~saleslab.funnel.levers.stage_levers` (sorted, biggest gain first)."""
    stage = str(levers.index[0])
    row = levers.iloc[0]
    return Claim.that(row["bookings_gain"] == levers["bookings_gain"].max(), _(
        "The best quarter of our reps convert {bench} at the {stage} stage, against {today} for "
        "the team. If everyone reached that, bookings would rise by up to {gain}: the most of any "
        "stage. Part of the gap between reps is chance, so read it as an upper bound.").format(
        bench=percent(float(row["benchmark"]), digits=0), stage=_(stage),
        today=percent(float(row["today"]), digits=0), gain=percent(float(row["bookings_gain"]), digits=0)),
        f"gains by stage {levers['bookings_gain'].round(3).to_dict()}")
