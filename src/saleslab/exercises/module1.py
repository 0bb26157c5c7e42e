"""Exercises for module 1: setting and splitting targets (目标设定与分解).

The example to copy when writing an exercise set. The notebook
``exercises/01_target_setting_exercises.ipynb`` runs :data:`SETUP`, then
``ex.bind(globals())``. Questions go from reading a table to judging a plan:

1. last year's bookings (read a table);
2. a SMART target for the East region (write a ``Target``);
3. quotas split by market potential (one call; they must add up);
4. December's share of the year (read the seasonality);
5. opportunities the target needs (reverse funnel);
6. reps out of reach at a growth above the module's +10% (judge a plan);
7. a goal that is not yet a target (judgement: SMART);
8. behind or ahead at the end of September (judgement: seasonal pace, from the data).

Every figure comes from the data in use: the company target is last year's bookings plus
10% (:func:`company_target`), East's baseline is East's own last year, and the growth of
question 6 is one where the count differs from the module's worked +10% example.

>>> [exercise.question.variable for exercise in SET.exercises][:2]
['last_year', 'east_target']
"""

from __future__ import annotations

import pandas as pd


from .. import funnel, targets
from ..i18n import N_, _
from ..plots import money
from ..targets.plan import AnnualPlan, annual_plan, plan_start
from .compare import Tolerance, is_number, matches
from .core import Data, Example, ExerciseSet, Misconception, Question, same_as
from .judgement.modules import MODULE1

NOTEBOOK = "exercises/01_target_setting_exercises.ipynb"
GROWTH = 0.10  # the module's company target: last year's bookings plus 10%
ASKED = (0.15, 0.20, 0.25, 0.30)  # question 6 asks the first whose count differs from +10%'s
READ = Tolerance(rtol=0.005)  # a number read off a table: three significant digits will do
BASELINE = Tolerance(rtol=0.02)  # East's baseline, read off a table and perhaps rounded

SETUP = """\
import saleslab
from saleslab import funnel, targets
from saleslab.data import load
from saleslab.exercises.module1 import asked_growth, asked_line, company_target, funnel_line
from saleslab.targets.plan import annual_plan

saleslab.setup_notebook()
history = load("sales_history")
territories = load("territories")
events = load("crm_events")
opportunities = load("crm_opportunities")
start = targets.plan_start(history)  # the plan is made before the year starts
known = funnel.as_of(events, opportunities, start)
measured = funnel.measured_funnel(known.events, known.opportunities, start)
rep_rates = funnel.rep_rates(known.events, known.opportunities, start)
rates = measured.design.set_index("stage")["conversion"]
win_rate = rates["qualified"] * rates["proposal"] * rates["negotiation"]
average_deal = measured.average_deal
target = company_target(history)  # last year's bookings plus 10%, rounded to the million
asked = asked_growth(history, territories, rep_rates)  # the growth question 6 asks about"""


def company_target(history: pd.DataFrame) -> int:
    """The module's company target: last year's bookings plus 10%, rounded to the million.

    >>> history = pd.DataFrame({"month": pd.to_datetime(["2025-01-01"]), "bookings": [302.6e6]})
    >>> company_target(history)
    333000000
    """
    yearly = history.groupby(history["month"].dt.year)["bookings"].sum()
    return int(round(float(yearly.iloc[-1]) * (1 + GROWTH), -6))


def funnel_line(win_rate: float, average_deal: float) -> str:
    """The two funnel figures question 5 walks the target back through.

    >>> funnel_line(0.25, 260_000)
    'Win rate of opportunities: 25.0%; average won deal: ¥260k'
    """
    return _("Win rate of opportunities: {rate:.1%}; average won deal: {deal}").format(
        rate=win_rate, deal=money(average_deal))


def asked_line(asked: float) -> str:
    """The growth question 6 asks about, as the sales director says it.

    >>> asked_line(0.15)
    'Growth asked: +15% on last year'
    """
    return _("Growth asked: +{asked:.0%} on last year").format(asked=asked)


def asked_growth(history: pd.DataFrame, territories: pd.DataFrame, rep_rates: pd.DataFrame) -> float:
    """The growth question 6 asks about: the first of :data:`ASKED` at which the count of
    reps out of reach differs from the module's +10% example (copying it cannot pass) and from
    what each typical mistake gives (counting the stretch reps too, or the other reps)."""
    worked = annual_plan(history, territories, rep_rates, growth=GROWTH).reps_out_of_reach
    for growth in ASKED:
        plan = annual_plan(history, territories, rep_rates, growth=growth)
        out = plan.reps_out_of_reach
        stretch = len(plan.feasibility) - out - plan.reps_achievable
        if out != worked and stretch > 0 and out != plan.reps_achievable + stretch:
            return growth
    return ASKED[-1]


# -- what the questions compute from the data (expensive ones once per check) -----------

def _yearly(data: Data) -> pd.Series:
    history = data["sales_history"]
    return history.groupby(history["month"].dt.year)["bookings"].sum()


def _target(data: Data) -> int:
    return company_target(data["sales_history"])


def _east_last_year(data: Data) -> float:
    history = data["sales_history"]
    east = history[history["region"] == "East"]
    return float(east.groupby(east["month"].dt.year)["bookings"].sum().iloc[-1])


def _start(data: Data) -> pd.Timestamp:
    return plan_start(data["sales_history"])


def _known(data: Data) -> funnel.CrmAsOf:
    return funnel.as_of(data["crm_events"], data["crm_opportunities"], _start(data))


def _growth(data: Data) -> list[float]:
    return _yearly(data).pct_change().dropna().tolist()


def _quotas(data: Data, by: str) -> pd.Series:
    return targets.top_down(_target(data), data["sales_history"], data["territories"], by=by,
                            unit=1000)["quota"]


def _measure(data: Data) -> funnel.MeasuredFunnel:
    known = data.compute(_known)
    return funnel.measured_funnel(known.events, known.opportunities, known.day)


def _won_deals(data: Data) -> float:
    return _target(data) / data.compute(_measure).average_deal


def _win_rate(data: Data) -> float:
    rates = data.compute(_measure).design.set_index("stage")["conversion"]
    return float(rates["qualified"] * rates["proposal"] * rates["negotiation"])


def _lead_to_won(data: Data) -> float:
    return float(data.compute(_measure).design["conversion"].prod())


def _rates(data: Data) -> pd.DataFrame:
    known = data.compute(_known)
    return funnel.rep_rates(known.events, known.opportunities, known.day)


def _asked(data: Data) -> float:
    return asked_growth(data["sales_history"], data["territories"], data.compute(_rates))


def _plan(data: Data) -> AnnualPlan:
    return annual_plan(data["sales_history"], data["territories"], data.compute(_rates),
                       growth=_asked(data))


def _worked_example(data: Data) -> int:
    return annual_plan(data["sales_history"], data["territories"], data.compute(_rates),
                       growth=GROWTH).reps_out_of_reach


def _stretch(data: Data) -> int:
    return int((data.compute(_plan).feasibility["status"] == "stretch").sum())


# -- the questions ----------------------------------------------------------------------

last_year = Question(
    title=N_("Last year's bookings"),
    variable="last_year",
    expected=lambda data: float(_yearly(data).iloc[-1]),
    tolerance=READ,
    why=N_("every target starts from a baseline; without it, +10% means nothing."),
    hints=(N_("The table above has one row per year. Which year is the most recent?"),
           N_("Type the number of the last row, in yuan: 250 million is `250_000_000` or "
              "`250e6`. Three significant digits are enough.")),
    solution='last_year = history.groupby(history["month"].dt.year)["bookings"].sum().iloc[-1]',
    misconceptions=(
        Misconception(same_as(lambda data: _yearly(data).sum(), READ),
                      N_("`last_year` is the total of all three years. Take only the most recent year."),
                      'last_year = history["bookings"].sum()'),
        Misconception(same_as(lambda data: _yearly(data).iloc[-2], READ),
                      N_("`last_year` is the year before last. Take the most recent year, the last row."),
                      'last_year = history.groupby(history["month"].dt.year)["bookings"].sum().iloc[-2]'),
    ),
    wrong=(Example('last_year = "303M"', N_("should be a number")),
           Example('last_year = history.groupby(history["month"].dt.year)["bookings"].sum().iloc[-1] / 1e6',
                   N_("looks like millions"))),
)


def _not_a_target(answer: object, data: Data) -> bool:
    return not isinstance(answer, targets.Target)


def _bigger_than_history(answer: targets.Target, data: Data) -> bool:
    return answer.growth is not None and abs(answer.growth) > max(abs(g) for g in _growth(data))


def _not_relevant(answer: targets.Target, data: Data) -> bool:
    return not targets.smart_check(answer).table["ok"].iloc[3]  # the "relevant" row


_EAST = 'owner="East lead", scope="East region"'
_EAST_LAST = ('east_last = history[history["region"] == "East"].groupby(history["month"].dt.year)'
              '["bookings"].sum().iloc[-1]\n')


def _problems(answer: targets.Target, data: Data) -> list[str]:
    """Where the target misdescribes East: its owner/scope, its baseline, its deadline."""
    return targets.data_problems(answer, _east_last_year(data), _start(data), ("east", "东"),
                                 rtol=BASELINE.rtol)


def _wrong(problem: str):
    return lambda answer, data: problem in _problems(answer, data)


def _east_target_ok(answer: object, data: Data) -> bool:
    """SMART, and true to the data it describes: East's own baseline, a named owner and an
    East scope, a deadline within the year the plan is for."""
    return (targets.smart_check(answer, history_growth=_growth(data)).passed
            and not _problems(answer, data))


east_target = Question(
    title=N_("A SMART target for the East region"),
    variable="east_target",
    expected=lambda data: True,
    prepare=_east_target_ok,
    why=N_("a target with an owner, a scope, a baseline, a size history supports and a "
           "deadline is one a team can plan against and a manager can follow up."),
    hints=(N_("Use `targets.Target(metric=..., value=..., baseline=..., deadline=..., owner=..., "
              "scope=...)`, as in section 2 of the module."),
           N_("Fill in every part: who owns it, which region, last year's figure as the baseline, "
              "a rise no bigger than the growth history shows, and a date."),
           N_("For example, 5% over a baseline of ¥100M: `targets.Target(metric=\"bookings\", "
              "value=105_000_000, baseline=100_000_000, deadline=\"2026-12-31\", owner=\"East "
              "lead\", scope=\"East region\")`. Put in East's own figure from the table.")),
    solution='''east = history[history["region"] == "East"]
east_last = east.groupby(east["month"].dt.year)["bookings"].sum().iloc[-1]
east_target = targets.Target(
    metric="bookings", value=round(east_last * 1.05, -5), baseline=east_last,
    deadline=f"{start.year}-12-31", owner="East region lead", scope="East region",
)''',
    misconceptions=(
        Misconception(_not_a_target,
                      N_("`east_target` is not a written-down target yet. Build it with "
                         "`targets.Target(metric=..., value=..., baseline=..., deadline=..., "
                         "owner=..., scope=...)`."),
                      "east_target = 73_500_000"),
        Misconception(lambda answer, data: answer.deadline is None,
                      N_("`east_target` has no deadline. A target without a date can never be late, "
                         "so nobody knows when to act: add `deadline=` with the last day of the year."),
                      f'east_target = targets.Target("bookings", 73_500_000, baseline=70_000_000, {_EAST})'),
        Misconception(lambda answer, data: answer.baseline is None,
                      N_("`east_target` has no baseline. Without last year's figure nobody can tell "
                         "whether the target is a small step or a leap: add `baseline=`."),
                      f'east_target = targets.Target("bookings", 73_500_000, deadline="2026-12-31", {_EAST})'),
        Misconception(_not_relevant,
                      N_("`east_target` measures something the sales team does not drive directly. "
                         "Use a sales result such as `metric=\"bookings\"`."),
                      'east_target = targets.Target("customer happiness", 9, baseline=8.8, '
                      f'deadline="2026-12-31", {_EAST})'),
        Misconception(_wrong("owner"),
                      N_("`east_target` does not say who owns it or that it covers the East region. "
                         "Name the owner (`owner=\"East region lead\"`) and the scope "
                         "(`scope=\"East region\"`)."),
                      'east_target = targets.Target("bookings", 105, baseline=100, '
                      'deadline="2026-12-31", owner="x", scope="y")'),
        Misconception(_wrong("baseline"),
                      N_("`east_target`'s baseline is not East's bookings last year. Take it from the "
                         "table above: the East region's most recent year."),
                      'east_target = targets.Target("bookings", 1_050_000, baseline=1_000_000, '
                      f'deadline="2026-12-31", {_EAST})'),
        Misconception(_wrong("deadline"),
                      N_("`east_target`'s deadline is not in the year the plan is for. A target set "
                         "before the year starts ends with that year: use its last day."),
                      _EAST_LAST + 'east_target = targets.Target("bookings", east_last * 1.05, '
                      f'baseline=east_last, deadline="2020-01-01", {_EAST})'),
        Misconception(_bigger_than_history,
                      N_("`east_target` asks for a bigger change than the company has ever achieved "
                         "in a year. Lower the value to a rise history supports."),
                      _EAST_LAST + 'east_target = targets.Target("bookings", east_last * 2, '
                      f'baseline=east_last, deadline="2026-12-31", {_EAST})'),
    ),
    wrong=(Example("east_target = None", N_("is not a written-down target yet")),),
)


def _does_not_add_up(answer: pd.Series, data: Data) -> bool:
    parts = answer["quota"] if isinstance(answer, pd.DataFrame) else answer
    return is_number(parts.sum()) and abs(float(parts.sum()) - _target(data)) > 0.5


def _rounded_alone(answer: object, data: Data) -> bool:
    """Each rep's share of the target rounded on its own (to the thousand up to the million):
    the parts add up only by luck, so this is recognised even at a seed where they do."""
    territories = data["territories"].set_index("rep")
    share = territories["potential"] / territories["potential"].sum()
    return any(matches(answer, (share * _target(data)).round(-digits)) for digits in range(3, 7))


quotas = Question(
    title=N_("Quotas split by market potential"),
    variable="quotas",
    expected=lambda data: _quotas(data, "potential"),
    why=N_("splitting by potential asks most where the market is biggest, and the largest-"
           "remainder rounding makes the quotas add up to the target to the yuan."),
    hints=(N_("Section 3 of the module calls `targets.top_down`. Which argument chooses the method?"),
           N_("Use `by=\"potential\"` and `unit=1000`, then take the `\"quota\"` column."),
           N_("`targets.top_down(target, history, territories, by=\"potential\", unit=1000)[\"quota\"]`")),
    solution='quotas = targets.top_down(target, history, territories, by="potential", unit=1000)["quota"]',
    misconceptions=(
        Misconception(lambda answer, data: _rounded_alone(answer, data) or _does_not_add_up(answer, data),
                      N_("`quotas` rounds each rep's share on its own, or its parts do not add up to "
                         "the company target: rounding rep by rep gains or loses a few thousand, "
                         "except by luck. `targets.top_down` hands out the remainders so the parts "
                         "always add up exactly."),
                      'share = territories.set_index("rep")["potential"] / territories["potential"].sum()\n'
                      "quotas = (share * target).round(-5)"),
        Misconception(same_as(lambda data: _quotas(data, "history")),
                      N_("`quotas` follow last year's bookings (`by=\"history\"`). The question asks "
                         "for a split by market potential."),
                      'quotas = targets.top_down(target, history, territories, by="history", unit=1000)'),
        Misconception(same_as(lambda data: _quotas(data, "blend")),
                      N_("`quotas` blend history and potential half and half, as in the module. The "
                         "question asks for a split by market potential only."),
                      'quotas = targets.top_down(target, history, territories, unit=1000)["quota"]'),
    ),
    wrong=(Example("quotas = target / 30", N_("should be a column of values")),
           Example('quotas = targets.top_down(target, history, territories, by="potential", '
                   'unit=1000)["quota"].reset_index(drop=True)', N_("instead of labelled by"))),
)

december_share = Question(
    title=N_("December's share of the year"),
    variable="december_share",
    expected=lambda data: float(targets.seasonality(data["sales_history"]).loc[12]),
    tolerance=Tolerance(atol=0.005),
    why=N_("December carries about {expected:.0%} of the year: a plan of twelve equal months "
           "would make every team look behind until the last weeks."),
    hints=(N_("`targets.seasonality(history)` gives each calendar month's average share of a year."),
           N_("Month 12 is December: `.loc[12]`. Write the share as a decimal (0.15 for 15%).")),
    solution="december_share = targets.seasonality(history).loc[12]",
    misconceptions=(
        Misconception(same_as(lambda data: 1 / 12, Tolerance(atol=0.002)),
                      N_("`december_share` is one twelfth: that treats all months alike. Use the "
                         "share December really had in past years (`targets.seasonality`)."),
                      "december_share = 1 / 12"),
        Misconception(lambda answer, data: is_number(answer) and answer > 1000,
                      N_("`december_share` is an amount of money. The question asks for a share of "
                         "the year, a number between 0 and 1."),
                      'december_share = targets.monthly_phasing(target, history).loc[12, "quota"]'),
    ),
    wrong=(Example('december_share = "15 percent"', N_("should be a number")),),
)

ROUNDED = Tolerance(rtol=0.01)  # counts of deals: rounding on the way is fine

opportunities_needed = Question(
    title=N_("Opportunities the target needs"),
    variable="opportunities_needed",
    expected=lambda data: _won_deals(data) / _win_rate(data),
    tolerance=ROUNDED,
    why=N_("about {expected:,.0f} opportunities: only one in every few is won, so the pipeline must "
           "be several times the deals you need."),
    hints=(N_("First count the won deals: target ÷ average deal."),
           N_("Only `win_rate` of opportunities are won. Do you multiply or divide the deals by it?"),
           N_("`target / average_deal / win_rate`")),
    solution="opportunities_needed = target / average_deal / win_rate",
    misconceptions=(
        Misconception(same_as(lambda data: _won_deals(data) * _win_rate(data), ROUNDED),
                      N_("`opportunities_needed` multiplies by the win rate. Each opportunity is won "
                         "only part of the time, so you need *more* opportunities than deals: divide."),
                      "opportunities_needed = target / average_deal * win_rate"),
        Misconception(same_as(_won_deals, ROUNDED),
                      N_("`opportunities_needed` is the number of won deals. Divide it by the win "
                         "rate to get the opportunities that produce them."),
                      "opportunities_needed = target / average_deal"),
        Misconception(same_as(lambda data: _target(data) / _win_rate(data), ROUNDED),
                      N_("`opportunities_needed` is an amount of money (the pipeline value). Divide by "
                         "the average deal to count deals."),
                      "opportunities_needed = target / win_rate"),
        Misconception(same_as(lambda data: _won_deals(data) / _lead_to_won(data), ROUNDED),
                      N_("`opportunities_needed` divides by the lead-to-won rate of all five stages: "
                         "that counts leads. An opportunity only has to pass qualified, proposal and "
                         "negotiation, so divide by `win_rate`."),
                      'opportunities_needed = target / average_deal / measured.design["conversion"].prod()'),
    ),
    wrong=(Example("opportunities_needed = 100", N_("is too low")),),
)

out_of_reach = Question(
    title=N_("Reps out of reach at the director's growth"),
    variable="out_of_reach",
    expected=lambda data: data.compute(_plan).reps_out_of_reach,
    why=N_("{expected} reps cannot build the pipeline their quota needs: talk to them before the "
           "year starts, not in October."),
    hints=(N_("`annual_plan(history, territories, rep_rates, growth=asked)` does the whole plan."),
           N_("Its headline counts the reps; `.reps_out_of_reach` gives the number.")),
    solution="out_of_reach = annual_plan(history, territories, rep_rates, growth=asked).reps_out_of_reach",
    misconceptions=(
        Misconception(same_as(_worked_example),
                      N_("`out_of_reach` is the module's count at +10%. The director asks for more "
                         "growth (`asked`): run the plan at that growth."),
                      "out_of_reach = annual_plan(history, territories, rep_rates, growth=0.10).reps_out_of_reach"),
        Misconception(same_as(lambda data: data.compute(_plan).reps_out_of_reach + _stretch(data)),
                      N_("`out_of_reach` counts the *stretch* reps too. A stretch quota is short by "
                         "at most a fifth and can be closed with effort; count only \"out of reach\"."),
                      "plan = annual_plan(history, territories, rep_rates, growth=asked)\n"
                      'out_of_reach = int((plan.feasibility["status"] != "achievable").sum())'),
        Misconception(same_as(lambda data: data.compute(_plan).reps_achievable + _stretch(data)),
                      N_("`out_of_reach` counts the reps who *can* reach their quota or nearly. "
                         "Count the ones marked \"out of reach\"."),
                      "plan = annual_plan(history, territories, rep_rates, growth=asked)\n"
                      'out_of_reach = int((plan.feasibility["status"] != "out of reach").sum())'),
    ),
    wrong=(Example("out_of_reach = 30", N_("is too high")),),
)

SET = ExerciseSet(NOTEBOOK, N_("Exercises for module 1"), SETUP,
                  ((last_year, east_target, quotas, december_share, opportunities_needed, out_of_reach) + MODULE1))
bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8 = SET.exercises
