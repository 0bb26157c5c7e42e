"""Exercises for module 4: continuous improvement (持续改进与创新, PDCA).

The notebook ``exercises/04_improvement_exercises.ipynb`` runs :data:`SETUP`, then
``ex.bind(globals())``. Questions go from reading the Pareto table to deciding:

1. the biggest loss reason's share of lost deals (read a table; the right denominator);
2. a rollout's effect by difference-in-differences (not before/after);
3. the follow-up test's change in points (not the relative change);
4. the smallest effect the interval allows (not the bare estimate);
5. how often a 300-lead pilot sees a real +30% (widget; too small a sample);
6. adopt, adapt or abandon the module's own rollout (read the interval);
7. where the first improvement loop starts (judgement, from the data);
8. the VP wants to roll out a pilot with a wide interval (judgement).

The test of questions 3–4 is the module's follow-up test and the rollout of questions 2 and
6 the module's simulation, both drawn anew from the learner's data (a seed taken from the
opportunities table, :func:`saleslab.improvement.examples.data_seed`), so each team's
answers differ.

>>> [exercise.question.variable for exercise in SET.exercises][:2]
['top_share', 'effect']
"""

from __future__ import annotations

from .. import improvement
from ..i18n import N_
from ..improvement.examples import data_seed, worked_trial
from ..widgets.improvement import repeated_test
from .compare import Tolerance, answer_word, is_number
from .core import Data, Example, ExerciseSet, Misconception, Question, same_as
from .judgement.modules import MODULE4

NOTEBOOK = "exercises/04_improvement_exercises.ipynb"
#: The rollout of the module (section 8): 15 of 30 reps get a change worth +15%.
ROLLOUT = {"true_effect": 0.15, "growth": 0.6, "reps": 30}
#: The smallest rollout effect worth its cost, in ¥ of weekly bookings per rep.
WORTHWHILE = 5_000
PILOT = {"p0": 0.07, "true_effect": 0.30, "n": 300, "runs": 200}  # the colleague's pilot

SETUP = f"""\
import saleslab
from saleslab import improvement
from saleslab.data import load
from saleslab.improvement.examples import data_seed, worked_trial
from saleslab.widgets.improvement import repeated_test, was_it_real

saleslab.setup_notebook()
opportunities = load("crm_opportunities")
losses = improvement.loss_pareto(opportunities)
seed = data_seed(opportunities)  # your data's own draw of the module's examples
trial = worked_trial(seed)
rollout = improvement.simulate_change({", ".join(f"{k}={v}" for k, v in ROLLOUT.items())}, seed=seed)
means = improvement.did_means(rollout.panel, "bookings", "changed", "after")
rollout_effect = improvement.diff_in_diff(rollout.panel, "bookings", "changed", "after", cluster="rep")
module_rollout = improvement.simulate_change({", ".join(f"{k}={v}" for k, v in ROLLOUT.items())}, seed=0)
module_effect = improvement.diff_in_diff(module_rollout.panel, "bookings", "changed", "after", cluster="rep")"""


# -- what the questions compute ---------------------------------------------------------

def _losses(data: Data):
    return improvement.loss_pareto(data["crm_opportunities"])


def _top(data: Data, column: str) -> float:
    return float(data.compute(_losses).loc[0, column])


def _vital_few_share(data: Data) -> float:
    table = data.compute(_losses)
    return float(table.loc[table["vital_few"], "cumulative_share"].iloc[-1])


def _seed(data: Data) -> int:
    return data_seed(data["crm_opportunities"])


def _rollout(data: Data) -> improvement.ChangeSimulation:
    return improvement.simulate_change(**ROLLOUT, seed=data.compute(_seed))


def _means(data: Data):
    return improvement.did_means(data.compute(_rollout).panel, "bookings", "changed", "after")


def _did(data: Data) -> improvement.EffectEstimate:
    return improvement.diff_in_diff(data.compute(_rollout).panel, "bookings", "changed", "after",
                                    cluster="rep")


def _trial(data: Data) -> improvement.TwoProportions:
    return worked_trial(data.compute(_seed))


def _pilot_power(data: Data) -> float:
    return repeated_test(**PILOT).summary.share_significant


def _module_did(data: Data) -> improvement.EffectEstimate:
    """The module's own rollout (section 8, seed 0): an interval that includes zero."""
    panel = improvement.simulate_change(**ROLLOUT, seed=0).panel
    return improvement.diff_in_diff(panel, "bookings", "changed", "after", cluster="rep")


def _decision(data: Data) -> str:
    low, high = data.compute(_module_did).ci
    if high < WORTHWHILE:
        return "abandon"
    return "adopt" if low > 0 else "adapt"


def _says(word: str):
    return lambda answer, data: answer_word(answer) == word


# -- the questions ----------------------------------------------------------------------

SHARE = Tolerance(atol=0.005)

top_share = Question(
    title=N_("The biggest loss, as a share of lost deals"),
    variable="top_share",
    expected=lambda data: _top(data, "share"),
    tolerance=SHARE,
    why=N_("one reason causes about {percent} of all lost deals: that is where the first "
           "improvement loop starts."),
    hints=(N_("The Pareto table `losses` lists the loss reasons from most to least frequent."),
           N_("Its `share` column divides each reason's count by the *lost* deals. Take the first "
              "row: `losses.loc[0, \"share\"]`.")),
    solution='top_share = losses.loc[0, "share"]',
    misconceptions=(
        Misconception(same_as(lambda data: _top(data, "count") / len(data["crm_opportunities"]), SHARE),
                      N_("`top_share` divides by all opportunities, won and open ones included. A "
                         "rate needs the right denominator: the question asks for a share of the "
                         "*lost* deals, so divide by the lost deals only."),
                      'top_share = (opportunities["loss_reason"] == "slow follow-up").mean()'),
        Misconception(same_as(_vital_few_share, SHARE),
                      N_("`top_share` is the running total of the vital few reasons together. The "
                         "question asks for the first reason alone: its `share`."),
                      'top_share = losses.loc[losses["vital_few"], "cumulative_share"].iloc[-1]'),
        Misconception(same_as(lambda data: _top(data, "count")),
                      N_("`top_share` is a number of deals. A share is that count divided by the "
                         "lost deals: a number between 0 and 1."),
                      'top_share = losses.loc[0, "count"]'),
    ),
    wrong=(Example('top_share = 100 * losses.loc[0, "share"]', N_("looks like a percentage")),),
)

MONEY = Tolerance(rtol=0.01)

effect = Question(
    title=N_("The rollout's effect, against a comparison group"),
    variable="effect",
    expected=lambda data: float(data.compute(_did).estimate),
    tolerance=MONEY,
    why=N_("about {money} a week per rep: what the changed reps gained *beyond* the growth the "
           "comparison reps had over the same weeks."),
    hints=(N_("Both groups grew, because the market grew. The effect is how much *more* the "
              "changed reps grew."),
           N_("Take the `after_minus_before` column of `means`: the change row minus the "
              "comparison row."),
           N_("`means.loc[\"change\", \"after_minus_before\"] - means.loc[\"comparison\", "
              "\"after_minus_before\"]`")),
    solution='effect = means.loc["change", "after_minus_before"] - means.loc["comparison", "after_minus_before"]',
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_means).loc["change", "after_minus_before"], MONEY),
                      N_("`effect` is the changed reps' before/after gain. Without a comparison group "
                         "it credits the change with the market's growth too: subtract what the "
                         "comparison reps gained over the same weeks."),
                      'effect = means.loc["change", "after_minus_before"]'),
        Misconception(same_as(lambda data: data.compute(_means).loc["change", "after"]
                              - data.compute(_means).loc["comparison", "after"], MONEY),
                      N_("`effect` compares the two groups after the change only, so it counts the "
                         "gap they already had before it. Compare their gains instead: (after − "
                         "before) of the changed reps minus the same for the comparison reps."),
                      'effect = means.loc["change", "after"] - means.loc["comparison", "after"]'),
    ),
    wrong=(Example('effect = "+15 percent"', N_("should be a number")),),
)

POINTS = Tolerance(atol=0.0005)  # a twentieth of a point

points = Question(
    title=N_("The change in points"),
    variable="points",
    expected=lambda data: float(data.compute(_trial).difference),
    tolerance=POINTS,
    why=N_("about {expected:.1%} more of all leads become won deals, a rise of that many "
           "*points*; relative to the old rate the same result sounds far bigger. Say "
           "which one you mean."),
    hints=(N_("A change in points is the new rate minus the old rate, both as shares."),
           N_("`trial.rate_b` is the new schedule's rate, `trial.rate_a` the usual way's. Write "
              "the answer as a share: one point is 0.01."),
           N_("`trial.rate_b - trial.rate_a`, or `trial.difference`.")),
    solution="points = trial.rate_b - trial.rate_a",
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_trial).relative_change, POINTS),
                      N_("`points` is the relative change: how much higher the new rate is than "
                         "the old, as a share of the old rate. The question asks for the change in "
                         "points: new rate minus old rate, a much smaller number."),
                      "points = trial.rate_b / trial.rate_a - 1"),
        Misconception(same_as(lambda data: data.compute(_trial).ratio, POINTS),
                      N_("`points` is the ratio of the two rates (B ÷ A). The question asks for the "
                         "change in points: new rate minus old rate."),
                      "points = trial.ratio"),
    ),
    wrong=(Example("points = 0.5", N_("is too high")),
           Example("points = 100 * trial.difference", N_("looks like a percentage"))),
)

lowest = Question(
    title=N_("The smallest effect the interval allows"),
    variable="lowest",
    expected=lambda data: float(data.compute(_trial).difference_ci[0]),
    tolerance=POINTS,
    why=N_("the true gain could be as small as about {expected:.1%} of leads: decide whether "
           "even that pays for the change, not only the likely value."),
    hints=(N_("The 95% confidence interval is the range of effects the data are consistent "
              "with. Its lower end is the most pessimistic reading."),
           N_("`trial.difference_ci` holds the interval of the difference in points, (low, high)."),
           N_("`trial.difference_ci[0]`")),
    solution="lowest = trial.difference_ci[0]",
    misconceptions=(
        Misconception(same_as(lambda data: data.compute(_trial).difference, POINTS),
                      N_("`lowest` is the measured difference itself. One test is one draw; read the "
                         "difference with its interval, and take the interval's lower end."),
                      "lowest = trial.difference"),
        Misconception(same_as(lambda data: data.compute(_trial).ratio_ci[0] - 1, POINTS),
                      N_("`lowest` is the lower end of the *relative* change (ratio − 1). The "
                         "question asks in points: the lower end of the difference's interval."),
                      "lowest = trial.ratio_ci[0] - 1"),
        Misconception(same_as(lambda data: data.compute(_trial).difference_ci[1], POINTS),
                      N_("`lowest` is the upper end of the interval, the most optimistic reading. "
                         "Take the lower end."),
                      "lowest = trial.difference_ci[1]"),
    ),
    wrong=(Example("lowest = -2", N_("is too low")),),
)

SIMULATED = Tolerance(atol=0.05)  # read off the widget; the formula gives nearly the same

pilot_power = Question(
    title=N_("How often a 300-lead pilot sees a real +30%"),
    variable="pilot_power",
    expected=_pilot_power,
    tolerance=SIMULATED,
    why=N_("only about {percent} of such pilots come out significant: a test that small "
           "usually misses a real effect, so \"not significant\" says little. Size the test first."),
    hints=(N_("Set the widget to today's rate 7%, a true effect of +30% and 300 leads per group."),
           N_("The sentence above the chart says in how many runs the test came out significant. "
              "Write it as a share: 0.5 for 50%."),
           N_("`repeated_test(0.07, 0.30, n=300, runs=200).summary.share_significant`")),
    solution="pilot_power = repeated_test(0.07, 0.30, n=300, runs=200).summary.share_significant",
    misconceptions=(
        Misconception(same_as(lambda data: 1 - _pilot_power(data), SIMULATED),
                      N_("`pilot_power` is the share of runs that were *not* significant. The "
                         "question asks how often the pilot sees the effect: the significant ones."),
                      "pilot_power = 1 - repeated_test(0.07, 0.30, n=300, runs=200).summary.share_significant"),
        Misconception(lambda answer, data: is_number(answer) and 0.7 <= answer <= 1,
                      N_("`pilot_power` says a test of 300 leads per group would usually see a real "
                         "+30%. With so few leads the measured effect scatters widely, and most "
                         "runs miss it: move the widget to 300 leads and look."),
                      "pilot_power = 0.8"),
    ),
    wrong=(Example('pilot_power = "low"', N_("should be a number")),),
)

decision = Question(
    title=N_("Adopt, adapt or abandon the rollout"),
    variable="decision",
    expected=_decision,
    why=N_("read the whole interval against zero and against the smallest effect worth having: "
           "that, not the estimate alone, decides whether the change becomes the standard."),
    hints=(N_("Read the interval of `module_effect`, not only its estimate, against the smallest "
              "effect worth having (5,000 ¥ a week per rep)."),
           N_("Adopt if the whole interval is above zero; abandon if it is all below 5,000; "
              "adapt if it includes both zero and 5,000 or more."),
           N_("Write one of `\"adopt\"`, `\"adapt\"` or `\"abandon\"`.")),
    solution=('low, high = module_effect.ci\n'
              'decision = "adopt" if low > 0 else ("abandon" if high < 5000 else "adapt")'),
    misconceptions=(
        Misconception(lambda answer, data: _says("adopt")(answer, data) and data.compute(_module_did).ci[0] <= 0,
                      N_("`decision` adopts on the estimate alone. Its interval reaches below zero: "
                         "the data are still consistent with no effect at all. Read the difference "
                         "with its interval."),
                      'decision = "adopt"'),
        Misconception(lambda answer, data: _says("abandon")(answer, data) and data.compute(_module_did).ci[1] >= WORTHWHILE,
                      N_("`decision` abandons a change whose interval still includes worthwhile "
                         "effects. \"Not significant\" is not \"no effect\": the test was too small "
                         "to tell."),
                      'decision = "abandon"'),
    ),
    wrong=(Example('decision = "maybe"', N_("is not the right answer")),),
)

SET = ExerciseSet(NOTEBOOK, N_("Exercises for module 4"), SETUP,
                  ((top_share, effect, points, lowest, pilot_power, decision) + MODULE4))
bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8 = SET.exercises
