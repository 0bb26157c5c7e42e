"""Case 1's sentences, written by the data: each is a :class:`saleslab.story.Claim` that
carries the check making it true, so the notebook says only what the learner's seed shows.

>>> from saleslab.data import case1_leads
>>> from saleslab.cases.followup import follow_up_history
>>> history = follow_up_history(case1_leads(seed=7))
>>> delays_story(history).holds
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import _
from ..improvement import ClusterComparison, ValueSummary, power_two_proportions
from ..improvement.compare import signed_percent
from ..plots import money, percent
from ..story import Claim, Story
from .common import ExperimentResult
from .followup import team_check
from .followup_analysis import by_first_call_delay, by_rep, compare_arms


def _share_words(share: float) -> str:
    """A share as a manager says it: "about 7 in 10"."""
    tenths = int(round(10 * share))
    return _("about {k} in 10").format(k=tenths)


def delays_story(history: pd.DataFrame) -> Story:
    """How late first calls are: the share within the hour, the median, the share over a day."""
    hours = history["first_call_hours"].to_numpy(dtype=float)
    within, median, over_day = float(np.mean(hours <= 1)), float(np.median(hours)), float(np.mean(hours > 24))
    return Story.of(
        Claim.that(within < 0.25, _("Few leads are called within the hour ({share});").format(
            share=percent(within, digits=0)), f"within 1 h: {within:.3f} < 0.25"),
        Claim.that(median > 2, _("half wait more than {median:.0f} hours, and {over} wait more "
                                 "than a day.").format(median=np.floor(median), over=percent(over_day, digits=0)),
                   f"median {median:.2f} h > 2; over a day {over_day:.3f}"),
    )


def reps_story(history: pd.DataFrame) -> Claim:
    """Whether late calls are one rep's habit or everyone's: the range of reps' late shares,
    and the share of the delay spent waiting for a free slot."""
    table = by_rep(history)
    low, high = float(table["late_share"].min()), float(table["late_share"].max())
    waiting = float((history["queue_wait_hours"].sum()) / history["first_call_hours"].sum())
    return Claim.that(high - low < 0.25 and waiting > 0.5,
                      _("Every rep looks alike: each calls between {low} and {high} of their leads "
                        "late, and {wait} of the delay is waiting for a free slot.").format(
                          low=percent(low, digits=0), high=percent(high, digits=0),
                          wait=percent(waiting, digits=0)),
                      f"late shares {low:.3f}–{high:.3f} (range < 0.25); waiting {waiting:.3f} > 0.5")


def chart_story(chart: pd.DataFrame, dropped: pd.DataFrame) -> Story:
    """The p chart of late calls: how many weeks signal, the usual share, and the partial
    weeks left out."""
    signals = int(chart["signal"].sum())
    centre = float(chart["center"].iloc[0])
    if signals == 0:
        first = Claim.that(True, _("No week falls outside the limits: the process is **stable** — "
                                   "stably poor."), "0 signals")
    else:
        first = Claim.that(True, _("{k} of {n} weeks fall outside the limits; the rest move within "
                                   "ordinary noise around a poor level.").format(k=signals, n=len(chart)),
                           f"{signals} signals")
    claims = [first, Claim.that(centre > 0.5, _("Week after week, {share} leads are called late.").format(
        share=_share_words(centre)), f"centre {centre:.3f} > 0.5")]
    if len(dropped):
        claims.append(Claim.that(bool((dropped["days"] < 5).all()), _(
            "The chart leaves out the partial week(s) at the edge of the data ({days} working "
            "day(s), {leads} leads): so few leads would get limits too wide to mean anything.").format(
            days=int(dropped["days"].sum()), leads=int(dropped["leads"].sum())),
            f"dropped weeks have {dropped['days'].tolist()} working days"))
    return Story.of(*claims)


def bands_story(history: pd.DataFrame) -> Claim:
    """What grouping leads by first-call delay shows: small gaps, and the share never reached."""
    table = by_first_call_delay(history)
    rates = table.loc[table["leads"] >= 30, "close_rate"]
    gap = float(rates.max() - rates.min())
    never = 1 - float(history["contacted"].mean())
    return Claim.that(gap < 0.05 and 0.08 < never < 0.3,
                      _("In our own data the bands' close rates differ by {gap:.1f} points at most, "
                        "and {never} of leads are **never reached** at all.").format(
                          gap=100 * gap, never=percent(never, digits=0)),
                      f"gap {gap:.4f} < 0.05; never reached {never:.3f}")


def experiment_story(result: ExperimentResult) -> Story:
    """The pilot: its effect, the team-aware interval against the lead-by-lead one, and the
    first-call times."""
    check = team_check(result)
    low, high = check.relative_ci
    naive_low, naive_high = check.naive_relative_ci
    arms = compare_arms(result)
    return Story.of(
        Claim.that(low > 0, _("The pilot teams close more leads ({effect}), and the team-aware "
                              "interval ({low} to {high}) stays above zero.").format(
            effect=signed_percent(check.relative_change), low=signed_percent(low),
            high=signed_percent(high)), f"team-aware low {low:.3f} > 0"),
        Claim.that(high - low > naive_high - naive_low,
                   _("Read lead by lead, the interval would be narrower ({nlow} to {nhigh}): it "
                     "counts {n:,} leads as independent, though each team's leads share its "
                     "territory.").format(nlow=signed_percent(naive_low),
                                          nhigh=signed_percent(naive_high), n=result.n_baseline),
                   f"widths {high - low:.3f} > {naive_high - naive_low:.3f}"),
        Claim.that(arms.loc["median_first_call_hours", "intervention"] < 1 <
                   arms.loc["median_first_call_hours", "baseline"],
                   _("On the right, the curve of first calls moved from hours to minutes."),
                   f"medians {arms.loc['median_first_call_hours'].round(2).tolist()}"),
    )


def one_team_story(result: ExperimentResult) -> Claim:
    """What a pilot of one team against one team can and cannot show."""
    check = team_check(result)
    return Claim.that(not check.estimable and check.permutation_p == 1.0,
                      _("One team against one team measured {effect}, but it cannot tell the "
                        "change from the team: with two teams there are only two ways to split "
                        "them, so even a randomisation test gives p = 1, and no team-aware "
                        "interval exists.").format(effect=signed_percent(check.relative_change)),
                      f"clusters {check.clusters}, permutation p {check.permutation_p}")


def repeats_story(runs: pd.DataFrame) -> Claim:
    """The same pilot repeated: the range of effects, and how many intervals exclude zero."""
    low, high = float(runs["effect"].min()), float(runs["effect"].max())
    k = int(runs["significant"].sum())
    return Claim.that(high - low > 0.2 and 0 < k <= len(runs),
                      _("The same change, measured {n} times, gives effects from {low} to {high}; "
                        "{k} of {n} team-aware intervals exclude zero.").format(
                          n=len(runs), low=signed_percent(low), high=signed_percent(high), k=k),
                      f"range {low:.3f}–{high:.3f}; {k} significant")


def hire_story(change: ValueSummary, hire: ValueSummary) -> Claim:
    """Hiring two reps against the process change, in money."""
    return Claim.that(change.net_mean > hire.net_mean,
                      _("In money, the process change nets {change} a year for one team, hiring "
                        "two reps {hire}: {better}.").format(
                          change=money(change.net_mean), hire=money(hire.net_mean),
                          better=_("the change is worth more")),
                      f"net {change.net_mean:.0f} > {hire.net_mean:.0f}")


def power_story(check: ClusterComparison, leads_per_arm: int, today_rate: float,
                pilot_rate: float) -> Claim:
    """How much a pilot of whole teams is worth in independent leads, and its power to see
    a change from ``today_rate`` to ``pilot_rate`` with that many."""
    effective = leads_per_arm / check.design_effect
    power = power_two_proportions(today_rate, pilot_rate, effective)
    return Claim.that(check.design_effect > 1 and 0 < power < 1,
                      _("Because whole teams were randomised, this pilot's {n:,} leads per arm "
                        "count as about {eff:,.0f} independent ones (design effect {de:.1f}); "
                        "with those, a pilot sees the expected effect {power} of the time.").format(
                          n=leads_per_arm, eff=effective, de=check.design_effect,
                          power=percent(power, digits=0)),
                      f"design effect {check.design_effect:.2f} > 1; power {power:.3f}")
