"""Exercises for case 1: B2B lead follow-up (某B2B公司销售流程优化).

The notebook ``exercises/case1_b2b_followup_exercises.ipynb`` runs :data:`SETUP`, then
``ex.bind(globals())``. The questions follow the case's PDCA loop:

1. how long a lead waits for its first call (read a table: the median, not the mean);
2. the share of leads never reached (persistence, one pandas expression);
3. the pilot's gain in close rate, in points (against the comparison teams, not last year);
4. the average effect over twenty repeats (one run is not the truth);
5. the power of a six-week pilot of whole teams (not read lead by lead);
6. what hiring two reps does to the close rate (dashboard: workload is not timing);
7. the smallest effect the team-aware interval allows (a team pilot read lead by lead);
8. adopt, adapt or abandon on small deals (significant is not worth it);
9. which design for the next pilot (judgement);
10. single out the best and the worst rep? (judgement: the spread against chance, from the data).

The history comes from the learner's lead table; the experiments are seeded explicitly.

>>> [exercise.question.variable for exercise in SET.exercises][:2]
['typical_wait_hours', 'never_reached']
"""

from __future__ import annotations

import pandas as pd

from ..cases import followup, followup_value
from ..cases.common import ExperimentResult
from ..cases.followup_analysis import compare_arms
from ..i18n import N_
from ..improvement import power_two_proportions
from .compare import Tolerance, answer_word
from .core import Data, Example, ExerciseSet, Misconception, Question, count_for_share, same_as
from .judgement.cases import CASE1

NOTEBOOK = "exercises/case1_b2b_followup_exercises.ipynb"
HISTORY_SEED = 2026  # the case notebook's history of the last six months
PILOT_SEED = 1  # the case notebook's six-month pilot (and the dashboard's)
REPEATS = 20
SHORT_PILOT = 630  # leads per team in about six weeks
SMALL_MARGIN = 1_000  # ¥ margin on a won deal of the small-deal business in question 8

SETUP = """\
import saleslab
from saleslab.cases import followup
from saleslab.cases import followup_analysis as analysis
from saleslab.cases import followup_value
from saleslab.data import load
from saleslab.exercises.judgement.cases import rep_spread_p

saleslab.setup_notebook()
leads = load("case1_leads")
history = followup.follow_up_history(leads, seed=2026)
result = followup.run_experiment(seed=1)
runs = followup.repeat_experiment(runs=20)
check = followup.team_check(result)"""


# -- what the questions compute (expensive ones once per check) --------------------------

def _history(data: Data) -> pd.DataFrame:
    return followup.follow_up_history(data["case1_leads"], seed=HISTORY_SEED)


def _delays(data: Data) -> pd.Series:
    return data.compute(_history)["first_call_hours"]


def _reached(data: Data) -> float:
    return float(data.compute(_history)["contacted"].mean())


def _pilot(data: Data) -> ExperimentResult:
    return followup.run_experiment(seed=PILOT_SEED)


def _gain_points(data: Data) -> float:
    result = data.compute(_pilot)
    return result.intervention - result.baseline


def _repeats(data: Data) -> pd.DataFrame:
    return followup.repeat_experiment(runs=REPEATS)


def _short_power(data: Data) -> float:
    return followup.experiment_power(SHORT_PILOT)


def _full_power(data: Data) -> float:
    return followup.experiment_power(followup.DEFAULT_SIZE)


def _lead_by_lead_power(data: Data) -> float:
    base, new = followup.expected_close_rates()
    return power_two_proportions(base, new, followup.TEAMS_PER_ARM * SHORT_PILOT)


def _check(data: Data):
    return followup.team_check(data.compute(_pilot))


def _small_deal_decision(data: Data) -> str:
    return followup_value.value_of_result(data.compute(_pilot), SMALL_MARGIN).decision


def _hire(data: Data) -> ExperimentResult:
    return followup.run_experiment(seed=PILOT_SEED, **followup.HIRE_TWO_REPS)


def _hire_arms(data: Data) -> pd.DataFrame:
    return compare_arms(data.compute(_hire))


def _relative_drop(data: Data, row: str) -> float:
    arms = data.compute(_hire_arms)
    return float(arms.loc[row, "intervention"] / arms.loc[row, "baseline"] - 1)


# -- the questions ----------------------------------------------------------------------

HOURS = Tolerance(rtol=0.03)  # hours read off a table to one decimal

typical_wait = Question(
    title=N_("How long a new lead waits"),
    variable="typical_wait_hours",
    expected=lambda data: float(_delays(data).median()),
    tolerance=HOURS,
    why=N_("half the leads wait more than about {expected:.0f} hours for a first call: most of "
           "a working day, long after the buyer has moved on."),
    hints=(N_("The table describes `first_call_hours`, the lead's age at its first call. Which "
              "row is the *typical* lead?"),
           N_("A few leads wait for days and pull the mean up. Take the middle value: the median, "
              "the row `50%`.")),
    solution='typical_wait_hours = history["first_call_hours"].median()',
    misconceptions=(
        Misconception(same_as(lambda data: _delays(data).mean(), HOURS),
                      N_("`typical_wait_hours` is the mean. A few leads wait for days and pull the "
                         "mean up; the typical lead is the median (the row `50%`)."),
                      'typical_wait_hours = history["first_call_hours"].mean()'),
        Misconception(same_as(lambda data: 60 * _delays(data).median(), HOURS),
                      N_("`typical_wait_hours` looks like minutes. The table is in hours."),
                      'typical_wait_hours = 60 * history["first_call_hours"].median()'),
    ),
    wrong=(Example('typical_wait_hours = "9 h"', N_("should be a number")),),
)

SHARE = Tolerance(atol=0.005)

never_reached = Question(
    title=N_("Leads never reached"),
    variable="never_reached",
    expected=lambda data: 1 - _reached(data),
    tolerance=SHARE,
    why=N_("about {percent} of leads never hear from us: at most three calls, days apart, and "
           "the buyer is gone. Persistence is the second lever besides speed."),
    hints=(N_("`history[\"contacted\"]` is True for a lead whose buyer was reached at least once."),
           N_("The mean of a True/False column is the share of True. You want the share of False."),
           N_("`1 - history[\"contacted\"].mean()`")),
    solution='never_reached = 1 - history["contacted"].mean()',
    misconceptions=(
        Misconception(same_as(_reached, SHARE),
                      N_("`never_reached` is the share of leads that *were* reached. The question "
                         "asks for the ones never reached: one minus it."),
                      'never_reached = history["contacted"].mean()'),
        count_for_share('never_reached = (~history["contacted"]).sum()'),
    ),
    wrong=(Example("never_reached = 0.5", N_("is too high")),
           Example('never_reached = 100 * (1 - history["contacted"].mean())',
                   N_("looks like a percentage"))),
)

POINTS = Tolerance(atol=0.001)  # a tenth of a percentage point
SAME_POINTS = Tolerance(atol=0.0005)

gain_points = Question(
    title=N_("The pilot's gain in close rate"),
    variable="gain_points",
    expected=_gain_points,
    tolerance=POINTS,
    why=N_("the pilot teams closed an extra {expected:.1%} of all their leads (percentage "
           "points) compared with the teams that kept today's way over the same six months."),
    hints=(N_("`result` holds both arms' close rates: `result.baseline` (today's way) and "
              "`result.intervention` (the pilot teams)."),
           N_("A gain in percentage points is a difference of the two rates, not a ratio. Write "
              "it as a share: 0.02 for two points.")),
    solution="gain_points = result.intervention - result.baseline",
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_pilot).effect, Tolerance(atol=0.005)),
                      N_("`gain_points` is the relative change (how many percent of today's rate). "
                         "The question asks for the absolute change in percentage points: subtract "
                         "the two close rates."),
                      "gain_points = result.effect"),
        Misconception(same_as(lambda data: data.compute(_pilot).intervention
                              - data.compute(_history)["won"].mean(), SAME_POINTS),
                      N_("`gain_points` compares the pilot with last half-year's leads: a before/after "
                         "without a comparison group, which also credits the pilot with whatever "
                         "else changed. Compare with the teams that kept today's way."),
                      'gain_points = result.intervention - history["won"].mean()'),
    ),
    wrong=(Example("gain_points = 0.3", N_("is too high")),),
)

EFFECT = Tolerance(atol=0.01)  # a relative effect to the nearest point

average_effect = Question(
    title=N_("The effect over twenty repeats"),
    variable="average_effect",
    expected=lambda data: float(data.compute(_repeats)["effect"].mean()),
    tolerance=EFFECT,
    why=N_("over twenty repeats the change raises the close rate by about {percent} on average; "
           "any single pilot lands somewhere in the spread around it."),
    hints=(N_("`runs` has one row per repeat of the same experiment; its `effect` column is each "
              "run's relative effect."),
           N_("Average the `effect` column: `runs[\"effect\"].mean()`.")),
    solution='average_effect = runs["effect"].mean()',
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_pilot).effect, EFFECT),
                      N_("`average_effect` is the effect of our one pilot. One run is one draw of "
                         "luck; average the effect over all twenty repeats."),
                      "average_effect = result.effect"),
        Misconception(same_as(lambda data: (data.compute(_repeats)["intervention"]
                                            - data.compute(_repeats)["baseline"]).mean(), SHARE),
                      N_("`average_effect` is the average gain in percentage points. The question "
                         "asks for the relative effect, the `effect` column."),
                      'average_effect = (runs["intervention"] - runs["baseline"]).mean()'),
    ),
    wrong=(Example('average_effect = runs["effect"]', N_("should be a number")),),
)

CHANCE = Tolerance(atol=0.02)

short_pilot_power = Question(
    title=N_("The power of a six-week pilot"),
    variable="short_pilot_power",
    expected=lambda data: data.compute(_short_power),
    tolerance=CHANCE,
    why=N_("a six-week pilot of four teams per arm finds a real +30% only about {percent} of the "
           "time: \"no significant effect\" from it would say little about the change."),
    hints=(N_("`followup.experiment_power(size)` gives the chance that a pilot of whole teams, "
              "with `size` leads per team, detects the change; it counts the teams' design effect."),
           N_("Six weeks of leads is about 630 per team: `followup.experiment_power(630)`.")),
    solution="short_pilot_power = followup.experiment_power(630)",
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_full_power), CHANCE),
                      N_("`short_pilot_power` is the power of the six-month pilot (2,520 leads per "
                         "team). The question asks about six weeks, about 630 leads per team."),
                      "short_pilot_power = followup.experiment_power(2520)"),
        Misconception(same_as(_lead_by_lead_power, Tolerance(atol=0.01)),
                      N_("`short_pilot_power` counts every lead as independent. Whole teams were "
                         "randomised and a team's leads move together: use `experiment_power`, "
                         "which divides the leads by the design effect."),
                      "base, new = followup.expected_close_rates()\n"
                      "short_pilot_power = followup.power_two_proportions(base, new, 4 * 630)"),
        Misconception(same_as(lambda data: 1 - data.compute(_short_power), CHANCE),
                      N_("`short_pilot_power` is the chance of *missing* the effect. Power is the "
                         "chance of detecting it."),
                      "short_pilot_power = 1 - followup.experiment_power(630)"),
        Misconception(same_as(lambda data: 0.05, Tolerance(atol=1e-9)),
                      N_("`short_pilot_power` is the test's 5% level: the chance of a false alarm "
                         "when nothing changed. Power is the chance of detecting a real change."),
                      "short_pilot_power = 0.05"),
    ),
    wrong=(Example("short_pilot_power = 1", N_("is too high")),),
)

READ_EFFECT = Tolerance(atol=0.006)  # "+9%" read off the dashboard
_HIRED_ARMS = "arms = analysis.compare_arms(followup.run_experiment(seed=1, **followup.HIRE_TWO_REPS))\n"

hire_effect = Question(
    title=N_("Hire two reps instead?"),
    variable="hire_effect",
    expected=lambda data: data.compute(_hire).effect,
    tolerance=READ_EFFECT,
    why=N_("two more reps change the close rate by only about {percent} (relative), with an "
           "interval that includes zero: they shorten the wait, but a lead called hours late is "
           "still cold and still gets at most three calls."),
    hints=(N_("Set the dashboard to today's process with 12 reps: first-call target 3 h, schedule "
              "\"ad hoc\", CRM off, pilot team's reps 12, 20 leads a day."),
           N_("Read the effect in brackets on the first line (close rate), e.g. +5% is `0.05`."),
           N_("Without the dashboard: `followup.run_experiment(seed=1, **followup.HIRE_TWO_REPS).effect`.")),
    solution="hire_effect = followup.run_experiment(seed=1, **followup.HIRE_TWO_REPS).effect",
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_pilot).effect, READ_EFFECT),
                      N_("`hire_effect` is the effect of the schedule and the CRM with ten reps. Set "
                         "the dashboard to today's process (3 h, ad hoc, CRM off) with 12 reps."),
                      "hire_effect = result.effect"),
        Misconception(same_as(lambda data: _relative_drop(data, "queue_wait_hours"), READ_EFFECT),
                      N_("`hire_effect` is how much shorter the wait for a free rep got: workload, not "
                         "results. The question asks what happened to the close rate."),
                      _HIRED_ARMS +
                      'hire_effect = arms.loc["queue_wait_hours", "intervention"] / '
                      'arms.loc["queue_wait_hours", "baseline"] - 1'),
        Misconception(same_as(lambda data: _relative_drop(data, "median_first_call_hours"), READ_EFFECT),
                      N_("`hire_effect` is the change in the median first call: timing, not results. "
                         "The question asks what happened to the close rate."),
                      _HIRED_ARMS +
                      'hire_effect = arms.loc["median_first_call_hours", "intervention"] / '
                      'arms.loc["median_first_call_hours", "baseline"] - 1'),
    ),
    wrong=(Example("hire_effect = 0.2", N_("is too high")),),
)

team_low = Question(
    title=N_("The smallest effect the pilot allows"),
    variable="team_low",
    expected=lambda data: data.compute(_check).relative_ci[0],
    tolerance=EFFECT,
    why=N_("read team by team, the change could be worth as little as about {percent}: the "
           "number to hold against its cost, not the lead-by-lead interval."),
    hints=(N_("`check` reads the pilot two ways. Whole teams were randomised: which reading "
              "fits the design?"),
           N_("`check.relative_ci` is the team-aware interval of the relative effect, (low, high).")),
    solution="team_low = check.relative_ci[0]",
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_check).naive_relative_ci[0], EFFECT),
                      N_("`team_low` reads the pilot lead by lead, as if 10,080 independent leads "
                         "had been split at random. Whole teams were: a team's leads share its "
                         "territory, so take the team-aware interval, `check.relative_ci`."),
                      "team_low = check.naive_relative_ci[0]"),
        Misconception(same_as(lambda data: data.compute(_check).relative_change, EFFECT),
                      N_("`team_low` is the measured effect itself. The question asks for the "
                         "lower end of its interval."),
                      "team_low = check.relative_change"),
    ),
    wrong=(Example("team_low = 0.3", N_("is too high")),),
)

decision = Question(
    title=N_("Adopt, adapt or abandon on small deals"),
    variable="decision",
    expected=_small_deal_decision,
    why=N_("on deals with a margin of ¥1,000 the extra deals do not pay for the CRM and the "
           "calls: the effect is real, and still not worth it."),
    hints=(N_("Print `headline_numbers(result, 1_000)`: its last line is one team's money over "
              "a year at a margin of ¥1,000 a deal, with the chance of a loss."),
           N_("Decide on the money and its risk, not on whether the interval excludes zero. "
              "Write one of `\"adopt\"`, `\"adapt\"` or `\"abandon\"`.")),
    solution="decision = followup_value.value_of_result(result, 1_000).decision",
    misconceptions=(
        Misconception(lambda answer, data: answer_word(answer) == "adopt"
                      and _small_deal_decision(data) != "adopt",
                      N_("`decision` adopts because the effect is significant. Significant is not "
                         "worth it: at ¥1,000 a deal the extra deals earn less than the CRM and "
                         "the calls cost. Read the money line."),
                      'decision = "adopt"'),
    ),
    wrong=(Example('decision = "maybe"', N_("is not the right answer")),),
)

SET = ExerciseSet(NOTEBOOK, N_("Exercises for case 1"), SETUP,
                  ((typical_wait, never_reached, gain_points, average_effect, short_pilot_power,
                    hire_effect, team_low, decision) + CASE1))
bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8, q9, q10 = SET.exercises
