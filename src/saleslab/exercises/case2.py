"""Exercises for case 2: retail complaint handling (某零售企业客户服务优化).

The notebook ``exercises/case2_retail_complaints_exercises.ipynb`` runs :data:`SETUP`, then
``ex.bind(globals())``. The questions follow the case's PDCA loop:

1. last year's churn of customers who complained (read a table, the right denominator);
2. the fall in churn in percentage points (absolute, not relative);
3. the share who had left six months in (a churn rate needs its time window);
4. the average effect over ten repeats (one run is not the truth);
5. the power of a small test (375 customers per group);
6. the smallest complaint team that keeps up (what to standardise: capacity);
7. how many fewer customers who complained left (satisfaction is not retention);
8. the decision in money at a dearer handler (significant is not worth it);
9. satisfaction rose: does it pay? (judgement: satisfaction is not retention);
10. is the complainers' churn gap worth acting on? (judgement: the gap with its interval, from the data).

Last year comes from the learner's customers and complaints; experiments are seeded.

>>> [exercise.question.variable for exercise in SET.exercises][:2]
['complainer_churn', 'points_fewer']
"""

from __future__ import annotations

import pandas as pd

from ..cases import complaints, complaints_survey
from ..cases.common import ExperimentResult
from ..cases.complaints_model import MONTH_DAYS
from ..i18n import N_
from .compare import Tolerance, answer_word, is_number
from ..widgets.case2 import ComplaintsView, complaints_view
from .core import Data, Example, ExerciseSet, Misconception, Question, same_as
from .judgement.cases import CASE2

NOTEBOOK = "exercises/case2_retail_complaints_exercises.ipynb"
SEED = 0  # the case notebook's last year and experiment
REPEATS = 10
PILOT_SIZE = 375  # customers per group in a small test
POWER_RUNS = 20
MONTHS = 6
MAX_LOAD = 0.8  # a team busier than this cannot keep a resolution target
DEAR_HANDLER = 15_000  # CNY a month: the cost at which the learner decides

SETUP = """\
import matplotlib.pyplot as plt
import saleslab
from saleslab.cases import complaints, complaints_plots, complaints_survey
from saleslab.data import load
from saleslab.exercises.judgement.cases import complainer_gap, gap_line

saleslab.setup_notebook()
customers = load("case2_customers")
complaint_log = load("case2_complaints")
year = complaints.last_year(seed=0)
result = complaints.run_experiment(seed=0)
runs = complaints.repeat_experiment(runs=10, seed=0)
survey = complaints_survey.satisfaction_survey(result.units, seed=0)

from saleslab.widgets.case2 import complaints_dashboard, complaints_view"""


# -- what the questions compute (expensive ones once per check) --------------------------

def _people(data: Data) -> pd.DataFrame:
    return complaints.population(data["case2_customers"], data["case2_complaints"])


def _groups(data: Data) -> pd.DataFrame:
    year = complaints.last_year(SEED, data["case2_customers"], data["case2_complaints"])
    return complaints.churn_by_group(year).set_index("group")


def _experiment(data: Data) -> ExperimentResult:
    return complaints.run_experiment(SEED, people=data.compute(_people))


def _old_process(data: Data) -> pd.DataFrame:
    units = data.compute(_experiment).units
    return units[units["arm"] == "baseline"]


def _left_by(data: Data, months: float) -> pd.Series:
    old = _old_process(data)
    return old["churned"] & (old["days"] <= months * MONTH_DAYS)


def _left_by_six_months(data: Data) -> float:
    curves = complaints.survival_curves(data.compute(_experiment).units)
    old = curves[(curves["arm"] == "baseline") & (curves["month"] <= MONTHS)]
    return float(1 - old["survival"].iloc[-1])


def _repeats(data: Data) -> pd.DataFrame:
    return complaints.repeat_experiment(runs=REPEATS, seed=SEED, people=data.compute(_people))


def _pilot_power(data: Data) -> float:
    return complaints.power(PILOT_SIZE, runs=POWER_RUNS, seed=SEED, people=data.compute(_people))


def _full_power(data: Data) -> float:
    return complaints.power(len(data.compute(_people)) // 2, runs=POWER_RUNS, seed=SEED,
                            people=data.compute(_people))


def _load(data: Data, handlers: int) -> float:
    return complaints.intervention_process(data.compute(_people), handlers=handlers).load


def _smallest_team(data: Data) -> int:
    return next(n for n in range(1, 51) if _load(data, n) < MAX_LOAD)


def _satisfaction(data: Data) -> pd.DataFrame:
    survey = complaints_survey.satisfaction_survey(data.compute(_experiment).units, seed=SEED)
    return complaints_survey.satisfaction_table(survey)


def _table_gap(data: Data, column: str) -> float:
    table = data.compute(_satisfaction)
    return float(table.loc["baseline", column] - table.loc["intervention", column])


def _dear_view(data: Data) -> ComplaintsView:
    return complaints_view(handler_monthly=DEAR_HANDLER, people=data.compute(_people))




# -- the questions ----------------------------------------------------------------------

SHARE = Tolerance(atol=0.005)

complainer_churn = Question(
    title=N_("Who left last year"),
    variable="complainer_churn",
    expected=lambda data: float(data.compute(_groups).loc["complained", "churn"]),
    tolerance=SHARE,
    why=N_("about {percent} of the customers who complained stopped buying within the year, "
           "more than those who did not complain. That is the problem to work on, not yet its "
           "cause."),
    hints=(N_("The table has one row per group of customers; `churn` = churned ÷ customers."),
           N_("Take the row of the customers who *complained*, column `churn`, as a share "
              "between 0 and 1.")),
    solution='groups = complaints.churn_by_group(year).set_index("group")\n'
             'complainer_churn = groups.loc["complained", "churn"]',
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_groups).loc["no complaint", "churn"], SHARE),
                      N_("`complainer_churn` is the churn of the customers who did *not* complain. "
                         "Take the row \"complained\"."),
                      'complainer_churn = complaints.churn_by_group(year)["churn"].iloc[1]'),
        Misconception(same_as(lambda data: data.compute(_groups)["churned"].sum()
                              / data.compute(_groups)["customers"].sum(), SHARE),
                      N_("`complainer_churn` is the churn of all customers. The question asks about "
                         "the customers who complained only."),
                      'complainer_churn = year["churned"].mean()'),
        Misconception(same_as(lambda data: data.compute(_groups).loc["complained", "churned"]
                              / data.compute(_groups)["churned"].sum(), SHARE),
                      N_("`complainer_churn` is the share of leavers who had complained: the wrong "
                         "denominator. Divide the complainers who left by all customers who "
                         "complained."),
                      'groups = complaints.churn_by_group(year)\n'
                      'complainer_churn = groups["churned"].iloc[0] / groups["churned"].sum()'),
        Misconception(lambda answer, data: is_number(answer) and answer > 1,
                      N_("`complainer_churn` is a number of customers. The question asks for a share "
                         "of the customers who complained, between 0 and 1."),
                      'complainer_churn = complaints.churn_by_group(year)["churned"].iloc[0]'),
    ),
    wrong=(Example('complainer_churn = "24 percent"', N_("should be a number")),),
)

POINTS = Tolerance(atol=0.001)

points_fewer = Question(
    title=N_("How much less churn, in points"),
    variable="points_fewer",
    expected=lambda data: data.compute(_experiment).baseline - data.compute(_experiment).intervention,
    tolerance=POINTS,
    why=N_("{expected:.1%} of all customers (percentage points) fewer left within the year with "
           "fast feedback: the absolute change, the one that counts customers kept."),
    hints=(N_("`result.baseline` is the 12-month churn of the old process, `result.intervention` "
              "that of fast feedback."),
           N_("Points are a difference of the two rates, old minus new, written as a share: 0.02 "
              "for two points.")),
    solution="points_fewer = result.baseline - result.intervention",
    misconceptions=(
        Misconception(lambda answer, data: is_number(answer) and abs(abs(answer)
                      - abs(data.compute(_experiment).effect)) <= 0.005,
                      N_("`points_fewer` is the relative change (a share of the old churn rate). "
                         "The question asks for percentage points: old churn minus new churn."),
                      "points_fewer = -result.effect"),
        Misconception(same_as(lambda data: data.compute(_experiment).intervention
                              - data.compute(_experiment).baseline, POINTS),
                      N_("`points_fewer` is negative: churn fell, so old minus new is positive."),
                      "points_fewer = result.intervention - result.baseline"),
    ),
    wrong=(Example("points_fewer = 0.5", N_("is too high")),),
)

READ = Tolerance(atol=0.01)  # read off a survival curve

left_by_six_months = Question(
    title=N_("Churn six months in"),
    variable="left_by_six_months",
    expected=_left_by_six_months,
    tolerance=READ,
    why=N_("about {percent} of the old-process customers had left by month 6. A churn rate "
           "means nothing without its window: six months, twelve months or a month."),
    hints=(N_("The survival curve gives, month by month, the share of each group *still buying*. "
              "Read the old process at month 6."),
           N_("Those who left are one minus the share still buying, written as a share: 0.05 for 5%."),
           N_("In the table: the last row of the old process (`baseline`) with `month` up to 6, "
              "column `survival`; one minus it.")),
    solution='curves = complaints.survival_curves(result.units)\n'
             'old = curves[(curves["arm"] == "baseline") & (curves["month"] <= 6)]\n'
             'left_by_six_months = 1 - old["survival"].iloc[-1]',
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_experiment).baseline, READ),
                      N_("`left_by_six_months` is the churn over the whole 12 months. The director "
                         "asks about the first six: read the curve at month 6."),
                      "left_by_six_months = result.baseline"),
        Misconception(same_as(lambda data: 1 - _left_by_six_months(data), READ),
                      N_("`left_by_six_months` is the share still buying at month 6. The question "
                         "asks for the share who had left: one minus it."),
                      'curves = complaints.survival_curves(result.units)\n'
                      'old = curves[(curves["arm"] == "baseline") & (curves["month"] <= 6)]\n'
                      'left_by_six_months = old["survival"].iloc[-1]'),
        Misconception(same_as(lambda data: _left_by(data, MONTHS).sum()
                              / _old_process(data)["churned"].sum(), READ),
                      N_("`left_by_six_months` divides by the customers who left at some point only. "
                         "The customers still buying count too (their leaving date is unknown: "
                         "censored): divide by all customers of the group."),
                      'old = result.units[result.units["arm"] == "baseline"]\n'
                      'left = old["churned"] & (old["days"] <= 182)\n'
                      'left_by_six_months = left.sum() / old["churned"].sum()'),
        Misconception(same_as(lambda data: data.compute(_experiment).baseline / 12, Tolerance(atol=0.003)),
                      N_("`left_by_six_months` is an average month's churn. The question asks how "
                         "many had left over the first six months together."),
                      "left_by_six_months = result.baseline / 12"),
    ),
    wrong=(Example("left_by_six_months = 0.6", N_("is too high")),),
)

EFFECT = Tolerance(atol=0.01)

average_effect = Question(
    title=N_("The effect over ten repeats"),
    variable="average_effect",
    expected=lambda data: float(data.compute(_repeats)["effect"].mean()),
    tolerance=EFFECT,
    why=N_("over ten repeats churn changes by about {percent} on average; our first run was "
           "one draw from that spread."),
    hints=(N_("`runs` has one row per repeat of the same experiment; `effect` is each run's "
              "relative change in churn (negative = fewer left)."),
           N_("Average the `effect` column: `runs[\"effect\"].mean()`.")),
    solution='average_effect = runs["effect"].mean()',
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_experiment).effect, EFFECT),
                      N_("`average_effect` is the effect of the first run only. One run is one draw "
                         "of luck: average the `effect` column over all repeats."),
                      "average_effect = result.effect"),
        Misconception(same_as(lambda data: -data.compute(_repeats)["effect"].mean(), EFFECT),
                      N_("`average_effect` has the wrong sign: churn fell, so the relative change is "
                         "negative. Keep the `effect` column as it is."),
                      'average_effect = -runs["effect"].mean()'),
        Misconception(same_as(lambda data: (data.compute(_repeats)["intervention"]
                                            - data.compute(_repeats)["baseline"]).mean(),
                              Tolerance(atol=0.003)),
                      N_("`average_effect` is the average change in percentage points. The question "
                         "asks for the relative effect, the `effect` column."),
                      'average_effect = (runs["intervention"] - runs["baseline"]).mean()'),
    ),
    wrong=(Example('average_effect = runs["effect"]', N_("should be a number")),),
)

CHANCE = Tolerance(atol=0.03)  # a power estimated from 20 simulated tests

pilot_power = Question(
    title=N_("The power of a small test"),
    variable="pilot_power",
    expected=lambda data: data.compute(_pilot_power),
    tolerance=CHANCE,
    why=N_("with 375 customers per group a real effect is found only about {percent} of the "
           "time: a small test that \"showed nothing\" would not show the change is useless."),
    hints=(N_("The power table gives, for each size, the share of simulated tests that found "
              "the difference."),
           N_("Read the row with 375 customers per group, column `power`.")),
    solution="pilot_power = complaints.power(375, runs=20, seed=0)",
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_full_power), CHANCE),
                      N_("`pilot_power` is the power of the full test with 1,500 customers per group. "
                         "The small test has 375 per group."),
                      "pilot_power = complaints.power(1500, runs=20, seed=0)"),
        Misconception(same_as(lambda data: 1 - data.compute(_pilot_power), CHANCE),
                      N_("`pilot_power` is the chance of *missing* the difference. Power is the "
                         "chance of finding it."),
                      "pilot_power = 1 - complaints.power(375, runs=20, seed=0)"),
        Misconception(same_as(lambda data: 0.05, Tolerance(atol=1e-9)),
                      N_("`pilot_power` is the test's 5% level, the chance of a false alarm. Power "
                         "is the chance of finding a real change."),
                      "pilot_power = 0.05"),
    ),
    wrong=(Example("pilot_power = 375", N_("is too high")),),
)

smallest_team = Question(
    title=N_("The smallest complaint team that keeps up"),
    variable="smallest_team",
    expected=_smallest_team,
    why=N_("{expected} handlers keep the team's workload under 80% of its time. A team at full "
           "load cannot meet any target: complaints queue, and the 2-day target fails."),
    hints=(N_("`complaints.intervention_process(handlers=n).load` is the share of the team's time "
              "the complaints need, with `n` handlers. Or move the handlers slider."),
           N_("Try 1, 2, 3 … handlers and keep the smallest team whose load is under 0.8.")),
    solution="smallest_team = min(n for n in range(1, 11) "
             "if complaints.intervention_process(handlers=n).load < 0.8)",
    misconceptions=(
        Misconception(lambda answer, data: is_number(answer) and 1 <= answer < _smallest_team(data)
                      and _load(data, int(answer)) >= 1,
                      N_("with `smallest_team` handlers the complaints need more than the team's full "
                         "time: the queue grows without end and no target holds. Add handlers."),
                      "smallest_team = 1"),
        Misconception(lambda answer, data: is_number(answer) and answer > _smallest_team(data)
                      and _load(data, int(answer) - 1) < MAX_LOAD,
                      N_("`smallest_team` is more than needed: with one handler fewer the workload "
                         "still stays under 80%. Look for the smallest team."),
                      "smallest_team = 3"),
    ),
    wrong=(Example('smallest_team = "two"', N_("should be a number")),),
)

kept_points = Question(
    title=N_("Satisfaction or retention?"),
    variable="kept_points",
    expected=lambda data: _table_gap(data, "churn"),
    tolerance=POINTS,
    why=N_("{expected:.1%} fewer of the customers who complained left (percentage points): that is "
           "the result. The survey score rose too, but it is a leading indicator answered mostly by "
           "customers who stayed."),
    hints=(N_("The table has, per group, the survey score and the `churn` of the customers who "
              "complained."),
           N_("Old churn minus new churn, column `churn`, as a share: 0.05 for five points.")),
    solution='table = complaints_survey.satisfaction_table(survey)\n'
             'kept_points = table.loc["baseline", "churn"] - table.loc["intervention", "churn"]',
    misconceptions=(
        Misconception(same_as(lambda data: -_table_gap(data, "survey_score"), Tolerance(atol=0.01)),
                      N_("`kept_points` is the rise in the survey score. Satisfaction is a leading "
                         "indicator, not retention: the question asks how many fewer left, column "
                         "`churn`."),
                      'table = complaints_survey.satisfaction_table(survey)\n'
                      'kept_points = table.loc["intervention", "survey_score"] - '
                      'table.loc["baseline", "survey_score"]'),
        Misconception(same_as(lambda data: data.compute(_experiment).baseline
                              - data.compute(_experiment).intervention, POINTS),
                      N_("`kept_points` is the fall in churn of all customers. The question asks "
                         "about the customers who complained: the `churn` column of the table."),
                      "kept_points = result.baseline - result.intervention"),
    ),
    wrong=(Example("kept_points = -0.1", N_("is too low")),),
)

decision = Question(
    title=N_("Worth it at a dearer team?"),
    variable="decision",
    expected=lambda data: data.compute(_dear_view).value.decision,
    prepare=lambda answer, data: answer_word(answer) or answer,
    why=N_("\"{expected}\": the effect is the same, but at ¥15,000 a handler the money decides. "
           "\"Significant\" says the effect is real, not that it pays."),
    hints=(N_("In the dashboard set a handler's cost to ¥15,000 a month and leave the other "
              "levers as they are; read the last two lines."),
           N_("Answer with one word: \"adopt\", \"adapt\" or \"abandon\".")),
    solution='decision = complaints_view(handler_monthly=15_000).value.decision',
    misconceptions=(
        Misconception(lambda answer, data: answer_word(answer) == "adopt"
                      and data.compute(_dear_view).value.decision != "adopt",
                      N_("`decision` adopts because the interval excludes zero. \"Significant\" is "
                         "not \"worth it\": at this cost the money says otherwise."),
                      'decision = "adopt"'),
    ),
    wrong=(Example('decision = "maybe"', N_("is not the right answer")),),
)

SET = ExerciseSet(NOTEBOOK, N_("Exercises for case 2"), SETUP,
                  ((complainer_churn, points_fewer, left_by_six_months, average_effect, pilot_power,
                    smallest_team, kept_points, decision) + CASE2))
bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8, q9, q10 = SET.exercises
