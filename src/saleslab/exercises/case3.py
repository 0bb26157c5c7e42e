"""Exercises for case 3: sales training at a manufacturer (某制造企业销售团队培训).

The notebook ``exercises/case3_manufacturing_training_exercises.ipynb`` runs :data:`SETUP`,
then ``ex.bind(globals())``. The questions follow the case's PDCA loop:

1. the win-rate gap between high and low quiz scorers (read a table, in points);
2. the training effect by difference-in-differences (not before/after, not after-only);
3. the programme's net value in money (significant is not worth it);
4. how often ANCOVA detects the effect over twenty repeats (power);
5. what the after-only comparison says when the strongest reps go first (dashboard);
6. what is left of the effect with two sessions a year (what to standardise);
7. the best reps went first (judgement: selection);
8. which reading of the training to report (judgement: the fair one with the narrowest interval, from the data).

The experiment runs on the learner's reps; the repeats and the dashboard
(:func:`saleslab.widgets.case3.training_result`) are seeded.

>>> [exercise.question.variable for exercise in SET.exercises][:2]
['win_rate_gap', 'did_effect']
"""

from __future__ import annotations

import pandas as pd

from ..cases import training, training_value
from ..i18n import N_
from ..improvement import did_means
from ..improvement.value import ValueSummary
from ..widgets.case3 import training_result
from .compare import Tolerance, is_number
from .core import Data, Example, ExerciseSet, Misconception, Question, same_as
from .judgement.cases import CASE3

NOTEBOOK = "exercises/case3_manufacturing_training_exercises.ipynb"
SEED = 2026  # the case notebook's experiment on the course's reps
REPEAT_SEED = 1
REPEATS = 20

SETUP = """\
import saleslab
from saleslab import improvement
from saleslab.cases import training, training_value
from saleslab.data import load

saleslab.setup_notebook()
reps = load("case3_reps")
experiment = training.run_experiment(seed=2026, reps=reps)
readings = training.compare_methods(experiment.units).set_index("method")
value = training_value.money_from_run(experiment, training_value.Costs())
runs = training.repeat_experiment(runs=20, seed=1)

from saleslab.widgets.case3 import headline_numbers, training_dashboard, training_result"""


# -- what the questions compute (expensive ones once per check) --------------------------

def _experiment(data: Data) -> training.TrainingResult:
    return training.run_experiment(seed=SEED, reps=data["case3_reps"])


def _value(data: Data) -> ValueSummary:
    return training_value.money_from_run(data.compute(_experiment), training_value.Costs())


def _bands(data: Data) -> pd.DataFrame:
    return training.by_quiz_band(data.compute(_experiment).units)


def _band_gap(data: Data, column: str) -> float:
    bands = data.compute(_bands)
    return float(bands[column].iloc[-1] - bands[column].iloc[0])


def _did_table(data: Data) -> pd.DataFrame:
    return did_means(training.compared_months(data.compute(_experiment).units), "revenue",
                     "trained", "post")


def _cell(data: Data, row: str, column: str) -> float:
    return float(data.compute(_did_table).loc[row, column])


def _summary(data: Data) -> pd.DataFrame:
    return training.summarise_runs(training.repeat_experiment(runs=REPEATS, seed=REPEAT_SEED))


def _power(data: Data, method: str) -> float:
    return float(data.compute(_summary).loc[method, "power"])


def _strongest_first(data: Data) -> training.TrainingResult:
    return training_result(trained_first="strongest")


def _random_first(data: Data) -> training.TrainingResult:
    return training_result()


def _twice_a_year(data: Data) -> training.TrainingResult:
    return training_result(months_between_sessions=6)


def _reading(result: training.TrainingResult, method: str) -> float:
    return float(result.estimates.set_index("method").loc[method, "effect"])


# -- the questions ----------------------------------------------------------------------

POINTS = Tolerance(atol=0.002)

win_rate_gap = Question(
    title=N_("What product knowledge is worth"),
    variable="win_rate_gap",
    expected=lambda data: _band_gap(data, "win_rate"),
    tolerance=POINTS,
    why=N_("reps in the top third of the quiz win about {expected:.1%} more of their "
           "opportunities (percentage points) than the bottom third: the knowledge gap shows in "
           "the baseline data, before any training."),
    hints=(N_("The table has one row per quiz band (low, middle, high) and each band's `win_rate`."),
           N_("Subtract the low band's win rate from the high band's, and write the gap as a "
              "share: 0.05 for five points.")),
    solution='bands = training.by_quiz_band(experiment.units)\n'
             'win_rate_gap = bands.loc["high", "win_rate"] - bands.loc["low", "win_rate"]',
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_bands)["win_rate"].iloc[-1]
                              / data.compute(_bands)["win_rate"].iloc[0] - 1, POINTS),
                      N_("`win_rate_gap` is the relative difference (how many percent higher). The "
                         "question asks for percentage points: subtract the two win rates."),
                      'bands = training.by_quiz_band(experiment.units)\n'
                      'win_rate_gap = bands.loc["high", "win_rate"] / bands.loc["low", "win_rate"] - 1'),
        Misconception(lambda answer, data: is_number(answer) and abs(answer) > 100,
                      N_("`win_rate_gap` is an amount of money: that is the revenue column. The "
                         "question asks about the win rate."),
                      'bands = training.by_quiz_band(experiment.units)\n'
                      'win_rate_gap = bands.loc["high", "revenue_per_month"] - '
                      'bands.loc["low", "revenue_per_month"]'),
        Misconception(same_as(lambda data: data.compute(_bands)["win_rate"].iloc[-1], POINTS),
                      N_("`win_rate_gap` is the high band's win rate itself. The question asks for "
                         "the gap: subtract the low band's."),
                      'win_rate_gap = training.by_quiz_band(experiment.units).loc["high", "win_rate"]'),
    ),
    wrong=(Example('win_rate_gap = "7 points"', N_("should be a number")),),
)

YUAN = Tolerance(rtol=0.02)

did_effect = Question(
    title=N_("The training effect, the fair way"),
    variable="did_effect",
    expected=lambda data: _cell(data, "change", "after_minus_before")
    - _cell(data, "comparison", "after_minus_before"),
    tolerance=YUAN,
    why=N_("about {money} more per rep and month: how much more the trained reps' results "
           "changed than the wait-list's over the same months, so the season and the market "
           "cancel out."),
    hints=(N_("In the table, `after_minus_before` is how much each group's revenue per month "
              "changed. The wait-list (`comparison`) changed too, without any training."),
           N_("Difference-in-differences: the trained group's change minus the wait-list's change."),
           N_("`means.loc[\"change\", \"after_minus_before\"] - means.loc[\"comparison\", "
              "\"after_minus_before\"]`")),
    solution='means = improvement.did_means(training.compared_months(experiment.units), '
             '"revenue", "trained", "post")\n'
             'did_effect = means.loc["change", "after_minus_before"] - '
             'means.loc["comparison", "after_minus_before"]',
    misconceptions=(
        Misconception(same_as(lambda data: _cell(data, "change", "after_minus_before"), YUAN),
                      N_("`did_effect` is the trained reps' before/after change alone. Their results "
                         "also rose with the season and the market: subtract the change of the "
                         "wait-list, who had no training."),
                      'means = improvement.did_means(training.compared_months(experiment.units), '
                      '"revenue", "trained", "post")\n'
                      'did_effect = means.loc["change", "after_minus_before"]'),
        Misconception(same_as(lambda data: _cell(data, "change", "after")
                              - _cell(data, "comparison", "after"), YUAN),
                      N_("`did_effect` compares the two groups after training only. The groups did "
                         "not start at the same level: compare each group's *change*."),
                      'means = improvement.did_means(training.compared_months(experiment.units), '
                      '"revenue", "trained", "post")\n'
                      'did_effect = means.loc["change", "after"] - means.loc["comparison", "after"]'),
        Misconception(lambda answer, data: is_number(answer) and -5 < answer < 5,
                      N_("`did_effect` looks like a relative effect. The question asks for yuan per rep "
                         "and month, from the table of means."),
                      'did_effect = experiment.estimates.set_index("method").loc["did", "effect"]'),
    ),
    wrong=(Example("did_effect = -50_000", N_("is too low")),),
)


MONEY = Tolerance(rtol=0.01)  # "¥760k" read off the money line

net_value = Question(
    title=N_("Is it worth it?"),
    variable="net_value",
    expected=lambda data: data.compute(_value).net_mean,
    tolerance=MONEY,
    why=N_("the programme nets about {money} over 12 months on average: the margin on the extra "
           "sales minus the trainer days, the travel and the reps' time away. Whether the interval "
           "excludes zero does not say this: \"significant\" is not \"worth it\"."),
    hints=(N_("The money line starts \"Over 12 months the change nets\": that figure, in yuan."),
           N_("`value.net_mean`, e.g. ¥760k is `760_000`.")),
    solution="net_value = value.net_mean",
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_value).gain_mean * 12, MONEY),
                      N_("`net_value` is the margin gained in 12 months without the costs. Take off the "
                         "trainer days, the travel and the reps' time away: the net value."),
                      "net_value = value.gain_mean * 12"),
        Misconception(same_as(lambda data: data.compute(_value).net_mean
                              + data.compute(_value).one_off_cost, MONEY),
                      N_("`net_value` leaves out the kick-off, paid once at the start. The net value "
                         "takes it off too."),
                      "net_value = value.net_mean + value.one_off_cost"),
        Misconception(same_as(lambda data: data.compute(_value).gain_mean * 12
                              / training_value.Costs().margin, MONEY),
                      N_("`net_value` counts the extra revenue, not the margin on it. The company keeps "
                         "only the margin, and pays the costs from it."),
                      "net_value = value.gain_mean * 12 / training_value.Costs().margin"),
    ),
    wrong=(Example('net_value = "760k"', N_("should be a number")),),
)

SHARE = Tolerance(atol=0.01)

ancova_power = Question(
    title=N_("How often the fair test finds the effect"),
    variable="ancova_power",
    expected=lambda data: _power(data, "ancova"),
    tolerance=SHARE,
    why=N_("ANCOVA found the effect in about {percent} of the repeats: with 40 reps a real effect "
           "is missed often, so one \"not significant\" result is weak evidence either way."),
    hints=(N_("The table summarises the twenty repeats per method; `power` is the share of "
              "repeats whose interval excludes zero."),
           N_("Read the `ancova` row, column `power`.")),
    solution='ancova_power = training.summarise_runs(runs).loc["ancova", "power"]',
    misconceptions=(
        Misconception(same_as(lambda data: _power(data, "before_after"), SHARE),
                      N_("`ancova_power` is the before/after reading's. It \"detects\" something almost "
                         "every time because it credits the training with the season and the market, "
                         "even when sessions teach nothing. Read the ANCOVA row."),
                      'ancova_power = training.summarise_runs(runs).loc["before_after", "power"]'),
        Misconception(same_as(lambda data: _power(data, "after_only"), SHARE),
                      N_("`ancova_power` is the after-only comparison's, the weakest fair reading. "
                         "Read the ANCOVA row."),
                      'ancova_power = training.summarise_runs(runs).loc["after_only", "power"]'),
        Misconception(same_as(lambda data: float(data.compute(_summary).loc["ancova", "mean_effect"]),
                              SHARE),
                      N_("`ancova_power` is the average effect. Power is the share of repeats that "
                         "found the effect, the `power` column."),
                      'ancova_power = training.summarise_runs(runs).loc["ancova", "mean_effect"]'),
    ),
    wrong=(Example("ancova_power = 20", N_("is too high")),),
)

READ = Tolerance(atol=0.006)  # "+128%" read off the dashboard

strongest_after_only = Question(
    title=N_("Train the strongest reps first?"),
    variable="strongest_after_only",
    expected=lambda data: _reading(data.compute(_strongest_first), "after_only"),
    tolerance=READ,
    why=N_("the after-only comparison reports about {percent}, several times the effect built "
           "into the model: the strongest sellers outsell the wait-list with or without training. "
           "Only a random half of each team gives a fair test."),
    hints=(N_("In the dashboard set \"Who is trained first\" to the strongest sellers; leave the "
              "other controls as they are."),
           N_("The third line lists the other readings: take \"after only\", e.g. +50% is `0.5`."),
           N_("Without the dashboard: `training_result(trained_first=\"strongest\")` and its "
              "`estimates`.")),
    solution='strongest = training_result(trained_first="strongest")\n'
             'strongest_after_only = strongest.estimates.set_index("method").loc["after_only", "effect"]',
    misconceptions=(
        Misconception(same_as(lambda data: _reading(data.compute(_random_first), "after_only"), READ),
                      N_("`strongest_after_only` is the after-only reading with a random first wave. "
                         "Set \"Who is trained first\" to the strongest sellers."),
                      'strongest_after_only = training_result().estimates.set_index("method")'
                      '.loc["after_only", "effect"]'),
        Misconception(same_as(lambda data: data.compute(_strongest_first).built_in_effect, READ),
                      N_("`strongest_after_only` is the effect built into the model. The question asks "
                         "what the after-only comparison *reports*: the third line."),
                      'strongest_after_only = training_result(trained_first="strongest").built_in_effect'),
        Misconception(same_as(lambda data: data.compute(_strongest_first).effect, READ),
                      N_("`strongest_after_only` is the headline ANCOVA reading. The question asks "
                         "for the after-only comparison: the third line."),
                      'strongest_after_only = training_result(trained_first="strongest").effect'),
    ),
    wrong=(Example("strongest_after_only = -1", N_("is too low")),),
)

twice_a_year_effect = Question(
    title=N_("Two sessions a year"),
    variable="twice_a_year_effect",
    expected=lambda data: data.compute(_twice_a_year).built_in_effect,
    tolerance=READ,
    why=N_("with two sessions a year the effect built in falls to about {percent}: knowledge "
           "fades between sessions. The cadence, not the kick-off, is what to standardise."),
    hints=(N_("In the dashboard set \"Training sessions\" to twice a year, with a random half "
              "trained first."),
           N_("Read the second line, \"Effect built into the model\", e.g. +10% is `0.1`.")),
    solution="twice_a_year_effect = training_result(months_between_sessions=6).built_in_effect",
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_random_first).built_in_effect, READ),
                      N_("`twice_a_year_effect` is the effect with a session every month. Set \"Training "
                         "sessions\" to twice a year."),
                      "twice_a_year_effect = training_result().built_in_effect"),
        Misconception(same_as(lambda data: data.compute(_twice_a_year).effect, READ),
                      N_("`twice_a_year_effect` is what one noisy experiment measured (ANCOVA). The "
                         "question asks for the effect built into the model: the second line."),
                      "twice_a_year_effect = training_result(months_between_sessions=6).effect"),
    ),
    wrong=(Example("twice_a_year_effect = 0.9", N_("is too high")),),
)

SET = ExerciseSet(NOTEBOOK, N_("Exercises for case 3"), SETUP,
                  ((win_rate_gap, did_effect, net_value, ancova_power, strongest_after_only,
                    twice_a_year_effect) + CASE3))
bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8 = SET.exercises
