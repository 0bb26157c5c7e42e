"""Exercises for module 2: designing the sales funnel (销售流程的设计与优化).

The notebook ``exercises/02_funnel_design_exercises.ipynb`` runs :data:`SETUP`, then
``ex.bind(globals())``. Questions go from reading the stage table to a what-if:

1. the stage that keeps the smallest share of its deals (read a table);
2. the proposal stage's conversion (stage rate, open deals left out);
3. lead-to-won conversion (all stages together);
4. the recent sales cycle with open deals counted (Kaplan–Meier);
5. the weighted forecast of the open pipeline;
6. extra bookings from a better qualified stage (what-if; the module worked the proposal stage);
7. an exit criterion for the proposal stage (judgement);
8. which stage to improve first (judgement: the lever, from the data).

>>> SET.exercises[1].question.variable
'proposal_conversion'
"""

from __future__ import annotations

import pandas as pd

from .. import funnel
from ..data import SNAPSHOT
from ..i18n import N_
from .compare import Tolerance
from .core import Data, Example, ExerciseSet, Misconception, Question, same_as
from .judgement.modules import MODULE2

NOTEBOOK = "exercises/02_funnel_design_exercises.ipynb"
SINCE = "2026-04-01"  # deals qualified since then: many are still open at the snapshot

SETUP = """\
import saleslab
from saleslab import funnel
from saleslab.data import SNAPSHOT, load
from saleslab.exercises.judgement.modules import stage_gains

saleslab.setup_notebook()
opportunities = load("crm_opportunities")
events = load("crm_events")
stages = funnel.stage_conversion(events)
chain = funnel.absorbing_chain(events)
measured = funnel.measured_funnel(events, opportunities, SNAPSHOT)"""


def _stage_table(data: Data) -> pd.DataFrame:
    return funnel.stage_conversion(data["crm_events"]).set_index("stage")


def _stages(data: Data) -> pd.DataFrame:
    return data.compute(_stage_table)


def _cycle(data: Data) -> pd.Series:
    return funnel.sales_cycle(data["crm_events"], SNAPSHOT, since=SINCE)


def _forecast(data: Data) -> pd.DataFrame:
    chain = funnel.absorbing_chain(data["crm_events"])
    return funnel.weighted_forecast(data["crm_opportunities"], chain.table["win_probability"])


def _measure(data: Data) -> funnel.MeasuredFunnel:
    return funnel.measured_funnel(data["crm_events"], data["crm_opportunities"], SNAPSHOT)


def _bookings_now(data: Data) -> float:
    return data.compute(_measure).outcome().bookings


def _bookings_better(data: Data, stage: str = "qualified") -> float:
    """Monthly bookings with ``stage`` ten points better (the module's worked example is the
    proposal stage; the exercise asks about the qualified stage, so copying it cannot pass)."""
    measured = data.compute(_measure)
    rate = float(measured.design.set_index("stage").loc[stage, "conversion"])
    better = funnel.what_if(measured.design, stage, conversion=min(1.0, rate + 0.10))
    return funnel.design_outcome(better, measured.leads_per_month, measured.average_deal).bookings


SLIDER = Tolerance(rtol=0.05)  # a slider moves in whole points: its +10 is not quite +10.0


def _proposal(data: Data, column: str) -> float:
    return float(_stages(data).loc["proposal", column])


def _stage_rate(data: Data) -> float:
    return _proposal(data, "moved_on") / (_proposal(data, "moved_on") + _proposal(data, "lost"))


def _open_pipeline(data: Data) -> float:
    return float(_forecast(data)["pipeline"].sum())


def _named(stage: object) -> str:
    return stage.strip().lower() if isinstance(stage, str) else ""


RATE = Tolerance(atol=0.005)  # a share to the nearest half point
NEAR = Tolerance(atol=0.002)  # close enough to be the same mistaken rate

weakest_stage = Question(
    title=N_("The stage that keeps the smallest share"),
    variable="weakest_stage",
    expected=lambda data: funnel.weakest_stage(_stages(data).reset_index()),
    why=N_("the {expected} stage keeps the smallest share of the deals that enter it. That alone "
           "does not make it the first to fix: ten percent more is worth the same at any stage."),
    hints=(N_("Look at the `conversion` column of `stages`: which row is lowest?"),
           N_("Write the stage name as text, in quotes: for example `\"qualified\"`.")),
    solution='weakest_stage = stages.loc[stages["conversion"].idxmin(), "stage"]',
    misconceptions=(
        Misconception(lambda answer, data: _named(answer) == str(_stages(data)["lost"].idxmax()),
                      N_("`weakest_stage` is the stage that loses the most deals in number. Early "
                         "stages always lose many because so many deals enter them; the question asks "
                         "for the smallest *share* moving on: the lowest conversion."),
                      'weakest_stage = stages.loc[stages["lost"].idxmax(), "stage"]'),
        Misconception(lambda answer, data: _named(answer) not in funnel.STAGES,
                      N_("`weakest_stage` is not one of the five stages (lead, contacted, qualified, "
                         "proposal, negotiation). Write its name in quotes."),
                      'weakest_stage = "pricing"'),
    ),
    wrong=(Example('weakest_stage = stages.loc[stages["conversion"].idxmax(), "stage"]',
                   N_("is not the right answer")),),
)

proposal_conversion = Question(
    title=N_("Conversion of the proposal stage"),
    variable="proposal_conversion",
    expected=_stage_rate,
    tolerance=RATE,
    why=N_("the proposal stage converts about {percent} of the deals that reach a verdict "
           "there."),
    hints=(N_("Conversion of a stage = deals that moved on ÷ deals that entered *that stage*."),
           N_("Deals still open in the stage have no verdict yet: leave them out, so divide by "
              "moved on + lost."),
           N_("Take the `proposal` row of `stages` (row 3): `moved_on / (moved_on + lost)`.")),
    solution='row = stages.set_index("stage").loc["proposal"]\n'
             'proposal_conversion = row["moved_on"] / (row["moved_on"] + row["lost"])',
    misconceptions=(
        Misconception(same_as(lambda data: _proposal(data, "moved_on") / _stages(data).loc["lead", "entered"],
                              NEAR),
                      N_("`proposal_conversion` looks like the share of all leads that got through "
                         "the proposal stage (cumulative). Divide by the deals that *entered* the "
                         "proposal stage instead."),
                      'proposal_conversion = stages.loc[3, "moved_on"] / stages.loc[0, "entered"]'),
        Misconception(same_as(lambda data: _proposal(data, "share_of_entered"), NEAR),
                      N_("`proposal_conversion` counts the deals still open in the proposal stage as "
                         "if they were lost. Leave them out: moved on ÷ (moved on + lost)."),
                      'proposal_conversion = stages.loc[3, "moved_on"] / stages.loc[3, "entered"]'),
        Misconception(same_as(lambda data: 1 - _stage_rate(data), RATE),
                      N_("`proposal_conversion` is the share *lost* at the proposal stage. Conversion "
                         "is the share that moved on."),
                      'row = stages.loc[3]\nproposal_conversion = row["lost"] / (row["moved_on"] + row["lost"])'),
    ),
    wrong=(Example("proposal_conversion = 1.5", N_("is too high")),
           Example('proposal_conversion = 100 * stages.loc[3, "conversion"]', N_("looks like a percentage"))),
)

lead_to_won = Question(
    title=N_("Lead-to-won conversion"),
    variable="lead_to_won",
    expected=lambda data: funnel.end_to_end(_stages(data)),
    tolerance=Tolerance(atol=0.001),
    why=N_("only about {expected:.0%} of leads end as won deals: a \"win rate\" means little "
           "until you say from which stage it is measured."),
    hints=(N_("A lead must pass every one of the five stages to be won."),
           N_("Multiply the five stage conversions: `stages[\"conversion\"].prod()`.")),
    solution='lead_to_won = stages["conversion"].prod()',
    misconceptions=(
        Misconception(same_as(lambda data: _stages(data)["conversion"].mean(), NEAR),
                      N_("`lead_to_won` is the average of the stage conversions. A lead has to pass "
                         "*every* stage, so multiply the rates instead."),
                      'lead_to_won = stages["conversion"].mean()'),
        Misconception(same_as(lambda data: _stages(data).loc["negotiation", "conversion"], NEAR),
                      N_("`lead_to_won` is the conversion of the last stage only (the \"win rate\" from "
                         "negotiation). From lead to won, multiply all five stage rates."),
                      'lead_to_won = stages.loc[4, "conversion"]'),
        Misconception(same_as(lambda data: _stages(data).loc["negotiation", "moved_on"]
                              / _stages(data).loc["lead", "entered"], Tolerance(atol=0.0015)),
                      N_("`lead_to_won` divides the won deals by all leads, so every deal still open "
                         "counts as lost. Multiply the stage conversions, which leave open deals out."),
                      'lead_to_won = stages.loc[4, "moved_on"] / stages.loc[0, "entered"]'),
    ),
    wrong=(Example('lead_to_won = "7 percent"', N_("should be a number")),),
)

DAYS = Tolerance(rtol=0.03)  # days read off a table, to the nearest day

cycle_days = Question(
    title=N_("The recent sales cycle, open deals counted"),
    variable="cycle_days",
    expected=lambda data: float(_cycle(data)["median_days"]),
    tolerance=DAYS,
    why=N_("about {expected:.0f} days: counting the open deals properly shows the cycle has not "
           "got shorter; only the slow deals have not finished yet."),
    hints=(N_("The table above measures the cycle of the deals qualified since April."),
           N_("It gives two medians. Which one counts the deals that are still open?")),
    solution='cycle_days = funnel.sales_cycle(events, SNAPSHOT, since="2026-04-01")["median_days"]',
    misconceptions=(
        Misconception(same_as(lambda data: _cycle(data)["closed_only_median_days"], DAYS),
                      N_("`cycle_days` counts only the closed deals. The slowest deals are the ones "
                         "still open, so the cycle looks shorter than it is: use `median_days`, the "
                         "Kaplan–Meier median that counts them."),
                      'cycle_days = funnel.sales_cycle(events, SNAPSHOT, since="2026-04-01")'
                      '["closed_only_median_days"]'),
    ),
    wrong=(Example("cycle_days = 5", N_("is too low")),),
)

MONEY = Tolerance(rtol=0.01)

expected_bookings = Question(
    title=N_("The weighted forecast"),
    variable="expected_bookings",
    expected=lambda data: float(_forecast(data)["expected"].sum()),
    tolerance=MONEY,
    why=N_("each open deal counts with its chance of being won from the stage it is in, so a "
           "pipeline full of fresh leads is not mistaken for next quarter's bookings."),
    hints=(N_("`funnel.weighted_forecast(opportunities, chain.table[\"win_probability\"])` weights "
              "each stage's open pipeline."),
           N_("Add up its `expected` column with `.sum()`.")),
    solution='forecast = funnel.weighted_forecast(opportunities, chain.table["win_probability"])\n'
             'expected_bookings = forecast["expected"].sum()',
    misconceptions=(
        Misconception(same_as(_open_pipeline, MONEY),
                      N_("`expected_bookings` is the whole open pipeline, as if every open deal will be "
                         "won. Weight each deal by its chance of winning from its stage."),
                      'expected_bookings = opportunities.loc[opportunities["status"] == "open", "value"].sum()'),
        Misconception(same_as(lambda data: _open_pipeline(data) * funnel.end_to_end(_stages(data)), MONEY),
                      N_("`expected_bookings` gives every open deal the same lead-to-won chance. A deal "
                         "in negotiation is far likelier to be won than a fresh lead: use the chance "
                         "of its own stage."),
                      'open_pipeline = opportunities.loc[opportunities["status"] == "open", "value"].sum()\n'
                      'expected_bookings = open_pipeline * stages["conversion"].prod()'),
    ),
    wrong=(Example('expected_bookings = chain.table["win_probability"]', N_("should be a number")),),
)

extra_bookings = Question(
    title=N_("What ten more points at the qualified stage are worth"),
    variable="extra_bookings",
    expected=lambda data: _bookings_better(data) - _bookings_now(data),
    tolerance=SLIDER,
    why=N_("about {money} a month: bookings grow in proportion to the stage's rate, so ten points "
           "on the qualified stage, with its high rate, are a smaller step than ten points on the "
           "proposal stage."),
    hints=(N_("Move the qualified slider ten points up, or call `funnel.what_if(measured.design, "
              "\"qualified\", conversion=...)` and `funnel.design_outcome(...)`."),
           N_("The question asks for the *increase*: new monthly bookings minus today's "
              "(`measured.outcome().bookings`)."),
           N_("Read today's qualified rate in `measured.design` and add 0.10 to it.")),
    solution='rate = measured.design.set_index("stage").loc["qualified", "conversion"]\n'
             'better = funnel.what_if(measured.design, "qualified", conversion=rate + 0.10)\n'
             'new = funnel.design_outcome(better, measured.leads_per_month, measured.average_deal)\n'
             'extra_bookings = new.bookings - measured.outcome().bookings',
    misconceptions=(
        Misconception(same_as(_bookings_better, SLIDER),
                      N_("`extra_bookings` is the new monthly total. The question asks for the increase: "
                         "subtract today's bookings."),
                      'rate = measured.design.set_index("stage").loc["qualified", "conversion"]\n'
                      'better = funnel.what_if(measured.design, "qualified", conversion=rate + 0.10)\n'
                      'extra_bookings = funnel.design_outcome(better, measured.leads_per_month, '
                      'measured.average_deal).bookings'),
        Misconception(same_as(lambda data: _bookings_better(data, "proposal") - _bookings_now(data), SLIDER),
                      N_("`extra_bookings` is what ten points are worth at the *proposal* stage, the "
                         "module's example. The question asks about the qualified stage."),
                      'rate = measured.design.set_index("stage").loc["proposal", "conversion"]\n'
                      'better = funnel.what_if(measured.design, "proposal", conversion=rate + 0.10)\n'
                      'new = funnel.design_outcome(better, measured.leads_per_month, measured.average_deal)\n'
                      'extra_bookings = new.bookings - measured.outcome().bookings'),
        Misconception(same_as(lambda data: 0.10 * _bookings_now(data), SLIDER),
                      N_("`extra_bookings` assumes ten points more conversion means 10% more bookings. "
                         "Bookings grow in proportion to the stage's rate: ten points are 10% more only "
                         "on a rate of 100%."),
                      "extra_bookings = 0.10 * measured.outcome().bookings"),
    ),
    wrong=(Example("extra_bookings = -1", N_("is too low")),),
)

SET = ExerciseSet(NOTEBOOK, N_("Exercises for module 2"), SETUP,
                  ((weakest_stage, proposal_conversion, lead_to_won, cycle_days, expected_bookings, extra_bookings) + MODULE2))
bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8 = SET.exercises
