"""Judgement questions of modules 1–5 (two or three per module, appended to each set).

The data-driven ones compute their right option from the learner's data: the pace of a
seasonal year (module 1), the stage whose improvement adds the most bookings (module 2),
the rep whose chart shows a signal (module 3, :mod:`.signals`), the loss reason the first
improvement loop starts with (module 4), the review rule that cleans most of the pipeline's
value (module 5).

>>> [q.variable for q in MODULE2]
['exit_rule', 'first_stage']
"""

from __future__ import annotations

import pandas as pd

from ... import funnel, improvement, pipeline, targets
from ...data import SNAPSHOT
from ...data.crm import LOSS_REASONS
from ...i18n import N_
from ..choice import Option, choice, fixed_choice
from ..core import Data
from .signals import signal_rep

# -- module 1: targets ------------------------------------------------------------------

east_goal = fixed_choice(
    title=N_("A goal that is not a target"),
    variable="east_goal",
    options=(
        Option(N_("Accept it: the team is motivated, and the number can come later."),
               N_("a goal with no number and no date cannot be tracked: by December nobody can "
                  "say whether it was met. Make it specific and measurable first.")),
        Option(N_("Turn it into a number and a date from East's own baseline, e.g. last year "
                  "plus 12% by 31 December, and agree it with the manager."),
               N_("a SMART target starts from the region's own baseline and says how much, by "
                  "when, and who owns it.")),
        Option(N_("Give every region the company's +10%, so that it is fair."),
               N_("the same growth everywhere ignores each region's potential: a split by "
                  "potential is fairer than a split by habit.")),
        Option(N_("Set +50%: a stretch target makes people work harder."),
               N_("a target nobody believes is reachable stops steering anyone. Keep it "
                  "achievable: stretch is a small part of the plan, not all of it.")),
    ),
    answer="b",
    hints=(N_("Which option can be checked in December?"),
           N_("SMART: specific, measurable, achievable, relevant, time-bound.")),
)

PACE_MARGIN = 0.02  # within two points of the seasonal pace counts as on track
FLAT_PACE = 0.75    # nine twelfths: what a flat reading of the year expects by September


def _pace(data: Data) -> int:
    typical = float(targets.seasonality(data["sales_history"]).loc[1:9].sum())
    if typical > FLAT_PACE + PACE_MARGIN:
        return 0
    return 2 if typical < FLAT_PACE - PACE_MARGIN else 1


pace = choice(
    title=N_("Behind or ahead at the end of September?"),
    variable="pace",
    options=(
        Option(N_("Behind."),
               N_("\"behind\" would need past years to have booked clearly more than 75% by the "
                  "end of September. Compare with the share they really had booked by then.")),
        Option(N_("On track."),
               N_("\"on track\" reads nine months as nine twelfths of the year. Bookings are "
                  "seasonal: compare with the share past years had booked by the end of September.")),
        Option(N_("Ahead."),
               N_("\"ahead\" would need past years to have booked clearly less than 75% by the "
                  "end of September. Compare with the share they really had booked by then.")),
    ),
    right=_pace,
    why=N_("judge the pace against the seasonal share booked by then in past years (within two "
           "points counts as on track), never against a flat twelfth per month."),
    hints=(N_("Nine months are 75% of the calendar, but are they 75% of the bookings?"),
           N_("`targets.seasonality(history).loc[1:9].sum()` adds up the seasonal shares of "
              "January to September."),
           N_("Behind if it is more than 77%, ahead if it is less than 73%, else on track.")),
    solution=('typical = targets.seasonality(history).loc[1:9].sum()\n'
              'pace = "a" if typical > 0.77 else ("c" if typical < 0.73 else "b")'),
)

MODULE1 = (east_goal, pace)

# -- module 2: funnel design ------------------------------------------------------------

exit_rule = fixed_choice(
    title=N_("An exit criterion for the proposal stage"),
    variable="exit_rule",
    options=(
        Option(N_("A deal moves to proposal when the customer asks for a price."),
               N_("asking for a price is not a commitment: deals that move on it fill the "
                  "proposal stage with deals that will not close, and its conversion means "
                  "nothing.")),
        Option(N_("A deal moves to proposal when the rep feels it is ready."),
               N_("a feeling differs from rep to rep: the same stage then means different things "
                  "and the funnel's rates cannot be compared.")),
        Option(N_("A deal moves to proposal when the budget and the decision maker are confirmed "
                  "in the CRM."),
               N_("an exit criterion is a buyer's action anyone can check: every rep moves deals "
                  "at the same point, so stage rates and forecasts mean something.")),
        Option(N_("Drop the stage: fewer stages, less admin."),
               N_("without the stage you cannot see where deals are lost. Keep it and make its "
                  "exit criterion checkable.")),
    ),
    answer="c",
    hints=(N_("Which rule would two reps apply the same way?"),
           N_("A good exit criterion is something the buyer did, recorded where anyone can "
              "check it.")),
)

STAGES = ("lead", "contacted", "qualified", "proposal", "negotiation")  # `first_stage`'s options
BETTER = 0.10  # ten points better, as in the module's what-if


def stage_gains(measured: funnel.MeasuredFunnel) -> pd.Series:
    """Extra monthly bookings (¥) if one stage of :data:`STAGES` converted ten points better,
    the others unchanged: which stage is the lever that moves bookings most."""
    design = measured.design.set_index("stage")
    now = funnel.design_outcome(measured.design, measured.leads_per_month, measured.average_deal).bookings
    gains = {}
    for stage in STAGES:
        rate = float(design.loc[stage, "conversion"])
        better = funnel.what_if(measured.design, stage, conversion=min(1.0, rate + BETTER))
        gains[stage] = funnel.design_outcome(better, measured.leads_per_month,
                                             measured.average_deal).bookings - now
    return pd.Series(gains, name="extra_bookings")


def _measured(data: Data) -> funnel.MeasuredFunnel:
    return funnel.measured_funnel(data["crm_events"], data["crm_opportunities"], SNAPSHOT)


def _first_stage(data: Data) -> int:
    return int(stage_gains(data.compute(_measured)).to_numpy().argmax())


first_stage = choice(
    title=N_("Which stage to improve first"),
    variable="first_stage",
    options=(
        Option(N_("The lead stage."),
               N_("every lead passes the lead stage, so it looks like the biggest lever; but ten "
                  "points there add fewer bookings than at another stage in your data. Compare "
                  "the money each stage's ten points add.")),
        Option(N_("The contacted stage."),
               N_("reaching more leads feels like the quickest win, but ten points at the "
                  "contacted stage add fewer bookings than at another stage in your data. "
                  "Compare the money each stage's ten points add.")),
        Option(N_("The qualified stage."),
               N_("better qualification is the usual first idea, but ten points at the qualified "
                  "stage add fewer bookings than at another stage in your data. Compare the "
                  "money each stage's ten points add.")),
        Option(N_("The proposal stage."),
               N_("ten points at the proposal stage add fewer bookings than at another stage in "
                  "your data: the module's worked example is not your answer. Compare the money "
                  "each stage's ten points add.")),
        Option(N_("The negotiation stage."),
               N_("negotiation is closest to the money, but being close to it is not the same as "
                  "adding most: ten points there add fewer bookings than at another stage in "
                  "your data.")),
    ),
    right=_first_stage,
    why=N_("ten points there add the most bookings a month. The same ten points are worth most "
           "where a stage's rate is lowest: they multiply everything after it."),
    hints=(N_("`stage_gains(measured)` gives the extra bookings a month if one stage converted "
              "ten points better."),
           N_("Pick the stage with the largest gain: a for lead, b for contacted, c for "
              "qualified, d for proposal, e for negotiation.")),
    solution='first_stage = "abcde"[stage_gains(measured).to_numpy().argmax()]',
)

MODULE2 = (exit_rule, first_stage)

# -- module 3: monitoring ---------------------------------------------------------------

two_weeks = fixed_choice(
    title=N_("The win rate dropped two weeks running"),
    variable="two_weeks",
    options=(
        Option(N_("Call the team in today and ask for more effort."),
               N_("two lower weeks inside the limits are what noise looks like. Acting on noise "
                  "(tampering) makes a process worse and teaches the team that the numbers are "
                  "random blame.")),
        Option(N_("Look at the control chart: if both weeks are inside the limits and no run "
                  "rule fires, keep watching; act on a signal."),
               N_("a control chart tells a signal from noise: two points inside the limits are "
                  "not one, and a run of 8 on one side or a point beyond the limits would be.")),
        Option(N_("Change the bonus plan, so that win rate pays more."),
               N_("changing the incentives because of two noisy weeks treats the system for a "
                  "cause nobody has shown. Check for a signal first.")),
        Option(N_("Compare with the team's best week and ask why they are below it."),
               N_("the best week is the top of the noise, not a standard: every week after it "
                  "will look like a drop.")),
    ),
    answer="b",
    hints=(N_("Would two lower weeks be unusual if nothing had changed?"),
           N_("Module 3: react to a point beyond the limits or a run rule, not to every dip.")),
)

which_chart = fixed_choice(
    title=N_("Which chart for a rep's weekly win rate"),
    variable="which_chart",
    options=(
        Option(N_("A bar chart of this week against last week."),
               N_("two bars cannot show what a normal week looks like: any difference looks "
                  "like news.")),
        Option(N_("An individuals (XmR) chart of the weekly rate."),
               N_("an XmR chart gives every week the same limits, but a week with 3 decided deals "
                  "is far noisier than one with 15: the small weeks raise false alarms.")),
        Option(N_("A p chart: won deals over decided deals, with limits per week."),
               N_("a p chart is made for a share of a count that changes each week: its limits "
                  "widen in weeks with few decided deals.")),
        Option(N_("A pie chart of won and lost deals this quarter."),
               N_("a pie chart has no time axis: it cannot show whether the rate changed.")),
    ),
    answer="c",
    hints=(N_("Between 3 and 15 deals are decided each week. Is a week of 3 as reliable as a "
              "week of 15?"),
           N_("Module 3 chose the chart by the kind of data: counts, shares or measurements.")),
)

MODULE3 = (two_weeks, which_chart, signal_rep)

# -- module 4: improvement --------------------------------------------------------------


def _loss_reasons(data: Data) -> pd.DataFrame:
    return improvement.loss_pareto(data["crm_opportunities"])


def _first_loop(data: Data) -> int:
    return LOSS_REASONS.index(str(data.compute(_loss_reasons).loc[0, "reason"]))


first_loop = choice(
    title=N_("Where the first improvement loop starts"),
    variable="first_loop",
    options=(
        Option(N_("Slow follow-up."),
               N_("slow follow-up is fully in the team's hands, but another reason loses more "
                  "deals in your data: start with the largest bar of the Pareto table.")),
        Option(N_("No decision."),
               N_("deals that die without a decision are frustrating, but another reason loses "
                  "more deals in your data: start with the largest bar of the Pareto table.")),
        Option(N_("No budget."),
               N_("budget feels out of the team's hands, and in your data another reason loses "
                  "more deals anyway: start with the largest bar of the Pareto table.")),
        Option(N_("Price."),
               N_("price is the reason reps give most readily, not the one behind the most lost "
                  "deals in your data: start with the largest bar of the Pareto table.")),
        Option(N_("Competitor."),
               N_("a competitor is easy to blame, but another reason loses more deals in your "
                  "data: start with the largest bar of the Pareto table.")),
        Option(N_("Timing."),
               N_("timing is not the largest loss in your data: start with the largest bar of the "
                  "Pareto table, where a fix pays most.")),
    ),
    right=_first_loop,
    why=N_("the largest bar of the Pareto table loses the most deals: a fix there pays most."),
    hints=(N_("Look at the Pareto table `losses`."),
           N_("Its first row is the reason behind the most lost deals.")),
    solution=('reasons = ["slow follow-up", "no decision", "no budget", "price", "competitor", "timing"]\n'
              'first_loop = "abcdef"[reasons.index(losses.loc[0, "reason"])]'),
)

pilot_call = fixed_choice(
    title=N_("The VP wants to roll out now"),
    variable="pilot_call",
    options=(
        Option(N_("Roll it out: +3 points is a good result."),
               N_("the interval reaches below zero: the data are still consistent with no "
                  "effect. Rolling out on the estimate alone is a bet.")),
        Option(N_("Abandon it: not significant means it does not work."),
               N_("the interval also includes worthwhile gains: \"not significant\" is not \"no "
                  "effect\". The pilot was too small to tell.")),
        Option(N_("Adapt: run a larger pilot, sized for the smallest gain worth having, with "
                  "its comparison group."),
               N_("an interval from −1 to +7 points says the test was too small to decide. Size "
                  "the next one for the smallest worthwhile gain.")),
        Option(N_("Re-run the same pilot until it comes out significant."),
               N_("repeating a test until it passes finds luck, not effects: the chance of a "
                  "false \"success\" grows with each try.")),
    ),
    answer="c",
    hints=(N_("Does the interval include zero? Does it include gains worth having?"),
           N_("Module 4: adopt if the interval is clear of zero; abandon if it rules out any "
              "worthwhile gain; else adapt.")),
)

MODULE4 = (first_loop, pilot_call)

# -- module 5: pipeline and team --------------------------------------------------------

def flagged_value(flagged: pd.DataFrame) -> pd.Series:
    """The open pipeline's value (¥) carrying each flag of the review
    (:data:`saleslab.pipeline.FLAGS`, in its order: `review_rule`'s options)."""
    return flagged[list(pipeline.FLAGS)].mul(flagged["value"], axis=0).sum()


def _review_rule(data: Data) -> int:
    from ..module5 import _flagged  # imported here: module5 imports this module

    return int(flagged_value(data.compute(_flagged)).to_numpy().argmax())


review_rule = choice(
    title=N_("Which review rule to standardise first"),
    variable="review_rule",
    options=(
        Option(N_("A deal stuck in its stage twice as long as usual is discussed in the review."),
               N_("deals stuck in a stage matter, but in your data another flag holds more of the "
                  "pipeline's value: start where the most money is misstated.")),
        Option(N_("A deal whose close date slipped twice or more is requalified."),
               N_("slipping deals are the loudest in a review, not the largest: in your data "
                  "another flag holds more of the pipeline's value.")),
        Option(N_("A deal whose close date has passed is updated or closed before the review."),
               N_("deals past their close date are common, but in your data another flag holds "
                  "more of the pipeline's value: start where the most money is misstated.")),
        Option(N_("Every open deal has a dated next step."),
               N_("a missing next step is a useful warning, but in your data another flag holds "
                  "more of the pipeline's value: start where the most money is misstated.")),
        Option(N_("A deal's amount is confirmed with the buyer at every update."),
               N_("amounts nobody updates are a quiet risk, but in your data another flag holds "
                  "more of the pipeline's value: start where the most money is misstated.")),
    ),
    right=_review_rule,
    why=N_("that flag holds the most pipeline value: a rule against it cleans more of the "
           "forecast than any other. The next rule can follow in the next review cycle."),
    hints=(N_("`flagged` has one column per flag (True/False) and the deal's `value`."),
           N_("Add up the value of the deals carrying each flag: `flagged_value(flagged)`."),
           N_("a: aged, b: slipping, c: stale, d: no_next_step, e: amount_frozen.")),
    solution='review_rule = "abcde"[flagged_value(flagged).to_numpy().argmax()]',
)

hiring = fixed_choice(
    title=N_("Two reps leave next quarter"),
    variable="hiring",
    options=(
        Option(N_("Hire their replacements when they have left."),
               N_("a new rep needs months to sell at full speed: hiring after they leave leaves "
                  "the capacity gap open for most of the year.")),
        Option(N_("Raise the other reps' quotas to cover their share."),
               N_("quotas do not add capacity: the same people with the same time cannot sell "
                  "the missing reps' share, and raising quotas past reach demotivates.")),
        Option(N_("Lower the year's target by their share."),
               N_("the target follows the business plan; the capacity plan's job is to reach it. "
                  "Lower it only when no plan can.")),
        Option(N_("Hire now, counting the ramp-up time and the usual attrition in the year's "
                  "capacity."),
               N_("capacity is people times months at full speed: hiring ahead, with ramp-up and "
                  "attrition counted, keeps the year's capacity at the target.")),
    ),
    answer="d",
    hints=(N_("How long does a new rep take to sell at full speed?"),
           N_("Module 5's capacity planner counts ramp-up and attrition.")),
)

MODULE5 = (review_rule, hiring)
