"""Judgement questions of the three cases (two per case, appended to each case's set).

>>> [q.variable for q in CASE3]
['best_first', 'keep_effect']
"""

from __future__ import annotations

from ...i18n import N_
from ..choice import Option, choice

# -- case 1: B2B lead follow-up ---------------------------------------------------------

board_claim = choice(
    title=N_("Did the new follow-up schedule work?"),
    variable="board_claim",
    options=(
        Option(N_("Yes: the pilot team closes 4 points more than last year."),
               N_("last year is not a comparison group: the market, the leads and the team all "
                  "changed since. Compare with teams that kept the old schedule over the same "
                  "months.")),
        Option(N_("Compare the pilot team's gain with the gain of the teams that kept the old "
                  "schedule over the same months, with its interval."),
               N_("only a comparison over the same months separates the schedule's effect from "
                  "everything else that changed, and the interval says how sure it is.")),
        Option(N_("Ask the pilot team whether the schedule helped."),
               N_("a team that likes a change is not evidence that it works: measure the close "
                  "rate, not opinions.")),
        Option(N_("Wait a year and see whether the company's close rate rises."),
               N_("a company-wide rate mixes the schedule with everything else that happens in a "
                  "year: without a comparison it cannot tell what caused what.")),
    ),
    right=1,
    hints=(N_("What else changed between last year and this year?"),
           N_("Case 1 measured the pilot against comparison teams, not against last year.")),
    solution='board_claim = "b"',
)

pilot_design = choice(
    title=N_("Which design for the next follow-up pilot"),
    variable="pilot_design",
    options=(
        Option(N_("The reps who volunteer use the new schedule; the others are the comparison."),
               N_("volunteers are often the keenest reps: their leads would close better anyway, "
                  "and the comparison credits the schedule with it.")),
        Option(N_("Each rep uses the new schedule on half of their leads, chosen at random."),
               N_("the same rep runs both schedules: habits spill over from one half to the "
                  "other, and the difference shrinks towards zero.")),
        Option(N_("Whole teams drawn at random use it; the other teams are the comparison, and "
                  "the result is read team by team."),
               N_("a schedule is a team's way of working: drawing whole teams keeps the "
                  "comparison clean, and reading it team by team gives an honest interval.")),
        Option(N_("Everyone switches next month; compare with last year's months."),
               N_("before/after credits the schedule with the season and the market: there is "
                  "no comparison group over the same months.")),
    ),
    right=2,
    hints=(N_("Who would be in the comparison group, and could the schedule reach them too?"),
           N_("Case 1 randomised whole teams, and read the pilot team by team.")),
    solution='pilot_design = "c"',
)

CASE1 = (board_claim, pilot_design)

# -- case 2: retail complaints ----------------------------------------------------------

survey_claim = choice(
    title=N_("Satisfaction rose: does the new process pay?"),
    variable="survey_claim",
    options=(
        Option(N_("Yes: satisfaction rose from 3.6 to 4.2."),
               N_("satisfaction is not retention: customers can rate a process well and still "
                  "leave. What pays is customers kept.")),
        Option(N_("Compare how many customers who complained left, new process against old, "
                  "over the same months, and put a value on those kept."),
               N_("money comes from customers kept: compare churn with a comparison group over "
                  "the same window, then weigh the customers kept against the cost.")),
        Option(N_("Survey again with more customers, so that the result is significant."),
               N_("a bigger survey measures satisfaction more precisely, but still not whether "
                  "customers stay.")),
        Option(N_("Count the complaints closed within two days."),
               N_("speed is how the process runs, not what it earns: it says nothing about "
                  "customers kept.")),
    ),
    right=1,
    hints=(N_("What does a customer who stays bring that a high score does not?"),
           N_("Case 2: satisfaction surveys are not results.")),
    solution='survey_claim = "b"',
)

standardise = choice(
    title=N_("What to standardise after the complaints pilot"),
    variable="standardise",
    options=(
        Option(N_("The two-day resolution target, in every store."),
               N_("a target without the people to meet it is missed as soon as the volume "
                  "rises: the pilot worked because its team could keep up.")),
        Option(N_("The pilot team's scripts for calling customers back."),
               N_("scripts were not what changed the result: the speed of resolution did, and "
                  "speed needs capacity.")),
        Option(N_("The resolution target together with a team large enough to keep it at the "
                  "real complaint volume."),
               N_("what made the pilot work is the target *and* the capacity to keep it: "
                  "standardise both, sized to the volume.")),
        Option(N_("Nothing yet: one pilot is not enough."),
               N_("the pilot was measured against a comparison group with its interval: "
                  "waiting longer costs the customers the new process would keep.")),
    ),
    right=2,
    hints=(N_("Why could the pilot team resolve complaints in two days?"),
           N_("Case 2 sized the smallest team that keeps up with the volume.")),
    solution='standardise = "c"',
)

CASE2 = (survey_claim, standardise)

# -- case 3: sales training -------------------------------------------------------------

best_first = choice(
    title=N_("The best reps went to the training first"),
    variable="best_first",
    options=(
        Option(N_("The training works: trained reps sell 15% more than the others."),
               N_("the best reps sold more before the training too: comparing after the "
                  "training only credits it with who was sent.")),
        Option(N_("Compare each group's change from before to after (difference-in-differences), "
                  "and next time draw who goes first at random."),
               N_("a comparison of changes removes the head start the best reps had, and a "
                  "random draw removes the choice of who goes first.")),
        Option(N_("Ask the trained reps how useful the training was."),
               N_("what reps say about a training is satisfaction, not results.")),
        Option(N_("Train everyone now: it cannot hurt."),
               N_("training everyone removes the comparison group, and the cost is real: find "
                  "out first whether the effect pays for it.")),
    ),
    right=1,
    hints=(N_("Were the trained and the untrained reps alike before the training?"),
           N_("Case 3 compared changes, not levels after the training.")),
    solution='best_first = "b"',
)

keep_effect = choice(
    title=N_("The training's effect fades"),
    variable="keep_effect",
    options=(
        Option(N_("Nothing: every training fades; accept it."),
               N_("a fading effect is a design problem: refreshers and coaching keep much of it.")),
        Option(N_("Standardise refreshers (two sessions a year) and coaching in the weekly "
                  "one-to-ones, and measure what is left."),
               N_("skills fade without practice: refreshers and coaching keep the effect, and "
                  "measuring what is left tells whether they pay.")),
        Option(N_("Train only the new hires from now on."),
               N_("the reps already trained still lose the skills: the fading is not about who "
                  "is new.")),
        Option(N_("Replace the training with a bonus for the skills taught."),
               N_("a bonus does not teach: reps who have lost the skill cannot earn it back by "
                  "wanting to.")),
    ),
    right=1,
    hints=(N_("What keeps a skill from fading?"),
           N_("Case 3 measured what is left of the effect with two sessions a year.")),
    solution='keep_effect = "b"',
)

CASE3 = (best_first, keep_effect)
