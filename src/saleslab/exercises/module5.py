"""Exercises for module 5: running the pipeline and the team (团队协作, 激励机制).

The notebook ``exercises/05_pipeline_and_team_exercises.ipynb`` runs :data:`SETUP`, then
``ex.bind(globals())``. Questions go from reading the review table to planning capacity:

1. the share of open deals whose close date has already passed (review);
2. the deal to discuss first in the review (ranking);
3. the forecast's mean absolute percentage error on past quarters (accuracy);
4. next quarter's coverage, like with like;
5. extra hires today for the year's capacity to cover a +10% target (widget);
6. the quota of the rep with the largest fair-share rise, after the guardrails;
7. which review rule to standardise first (judgement, from the pipeline's flags);
8. two reps leave next quarter (judgement: capacity).

>>> SET.exercises[3].question.variable
'coverage_ratio'
"""

from __future__ import annotations

import pandas as pd

from .. import pipeline, targets
from ..data import SNAPSHOT
from ..i18n import N_
from .compare import Tolerance
from .core import Data, Example, ExerciseSet, Misconception, Question, count_for_share, same_as
from .judgement.modules import MODULE5

NOTEBOOK = "exercises/05_pipeline_and_team_exercises.ipynb"
QUARTER = ("2026-07-01", "2026-09-30")

SETUP = """\
import pandas as pd
import saleslab
from saleslab import pipeline, targets
from saleslab.data import SNAPSHOT, load
from saleslab.exercises.judgement.modules import flagged_value

saleslab.setup_notebook()
opportunities = load("crm_opportunities")
events = load("crm_events")
updates = load("crm_deal_updates")
roster = load("rep_roster")
history = load("sales_history")
territories = load("territories")
pipe = pipeline.pipeline_at(events, opportunities, updates, SNAPSHOT)
flagged = pipeline.flag_deals(pipe, pipeline.stage_norms(events, SNAPSHOT), SNAPSHOT)
backtest = pipeline.backtest(events, opportunities, updates, pipeline.quarter_starts(SNAPSHOT, 7))
last_year = history[history["month"].dt.year == SNAPSHOT.year - 1]["bookings"].sum()
months = targets.monthly_phasing(int(round(last_year * 1.10, -6)), history, unit=1000)
still_to_win = months.loc[7:9, "quota"].sum()
win_rate = pipeline.qualified_win_rate(events, SNAPSHOT - pd.DateOffset(months=12), SNAPSHOT)
fair = targets.top_down(months["quota"].sum(), history, territories, by="blend", unit=1000)
tenure = pipeline.current_tenure(roster, SNAPSHOT)
attrition = pipeline.attrition_rate(roster, SNAPSHOT - pd.DateOffset(years=3), SNAPSHOT)"""


def _flagged(data: Data) -> pd.DataFrame:
    events = data["crm_events"]
    pipe = pipeline.pipeline_at(events, data["crm_opportunities"], data["crm_deal_updates"], SNAPSHOT)
    return pipeline.flag_deals(pipe, pipeline.stage_norms(events, SNAPSHOT), SNAPSHOT)


def _flags(data: Data) -> pd.DataFrame:
    return data.compute(_flagged)


def _backtest_table(data: Data) -> pd.DataFrame:
    return pipeline.backtest(data["crm_events"], data["crm_opportunities"], data["crm_deal_updates"],
                             pipeline.quarter_starts(SNAPSHOT, 7)).table


def _backtest(data: Data) -> pd.DataFrame:
    return data.compute(_backtest_table)


def _months_table(data: Data) -> pd.DataFrame:
    history = data["sales_history"]
    last_year = history[history["month"].dt.year == SNAPSHOT.year - 1]["bookings"].sum()
    return targets.monthly_phasing(int(round(last_year * 1.10, -6)), history, unit=1000)


def _still_to_win(data: Data) -> float:
    return float(data.compute(_months_table).loc[7:9, "quota"].sum())


def _in_quarter(data: Data) -> float:
    deals = _flags(data)
    return float(deals.loc[deals["close_date"] <= pd.Timestamp(QUARTER[1]), "amount"].sum())


def _all_open(data: Data) -> float:
    opps = data["crm_opportunities"]
    return float(opps.loc[opps["status"] == "open", "value"].sum())


def _need(data: Data) -> pd.Series:
    tenure = pipeline.current_tenure(data["rep_roster"], SNAPSHOT)
    return pd.Series(float(len(tenure)) * 1.10, index=range(1, 13))


def _hires(data: Data, ramp: int = 4, with_attrition: bool = True) -> int | None:
    roster = data["rep_roster"]
    attrition = pipeline.attrition_rate(roster, SNAPSHOT - pd.DateOffset(years=3), SNAPSHOT) if with_attrition else 0.0
    return pipeline.hires_to_cover(_need(data), pipeline.current_tenure(roster, SNAPSHOT), ramp_months=ramp,
                                   attrition=attrition, lead_months=3)


def _fair(data: Data) -> pd.DataFrame:
    return targets.top_down(data.compute(_months_table)["quota"].sum(), data["sales_history"],
                            data["territories"], by="blend", unit=1000)


def _top_rep(data: Data) -> str:
    return str(data.compute(_fair)["growth"].idxmax())


def _quota(data: Data, guarded: bool) -> float:
    fair = data.compute(_fair)
    table = pipeline.with_guardrails(fair, cap=0.30, floor=0.0) if guarded else fair
    return float(table.loc[_top_rep(data), "quota"])


RATE = Tolerance(atol=0.005)
MONEY = Tolerance(rtol=0.01)
RATIO = Tolerance(atol=0.05)

stale_share = Question(
    title=N_("Close dates already passed"),
    variable="stale_share",
    expected=lambda data: float(_flags(data)["stale"].mean()),
    tolerance=RATE,
    why=N_("about {percent} of the open deals have a close date in the past: their forecast date "
           "says nothing until the rep updates it."),
    hints=(N_("`flagged` has one True/False column per flag; `stale` is the passed close date."),
           N_("The mean of a True/False column is the share of True: `flagged[\"stale\"].mean()`.")),
    solution='stale_share = flagged["stale"].mean()',
    misconceptions=(
        count_for_share('stale_share = flagged["stale"].sum()'),
        Misconception(same_as(lambda data: float((_flags(data)["n_flags"] > 0).mean()), RATE),
                      N_("`stale_share` counts deals with *any* flag. Only the `stale` flag means the close "
                         "date has passed."),
                      'stale_share = (flagged["n_flags"] > 0).mean()'),
        Misconception(same_as(lambda data: float(_flags(data)["slipping"].mean()), RATE),
                      N_("`stale_share` counts deals whose date was *pushed* again and again (slipping). A "
                         "stale date is one that has passed and was never pushed."),
                      'stale_share = flagged["slipping"].mean()'),
    ),
    wrong=(Example("stale_share = 0.9", N_("is too high")),),
)

review_first = Question(
    title=N_("The deal to discuss first"),
    variable="review_first",
    expected=lambda data: int(pipeline.review_list(_flags(data), top=1)["opportunity_id"].iloc[0]),
    why=N_("deal {expected} has the most warning signs, and among those the largest amount: that is "
           "where the review's minutes pay off."),
    hints=(N_("`pipeline.review_list(flagged)` ranks the deals: most flags first, then the largest amount."),
           N_("Take the `opportunity_id` of its first row: `pipeline.review_list(flagged)[\"opportunity_id\"][0]`.")),
    solution='review_first = pipeline.review_list(flagged)["opportunity_id"][0]',
    misconceptions=(
        Misconception(lambda answer, data: answer == int(_flags(data).loc[_flags(data)["amount"].idxmax(),
                                                                           "opportunity_id"]),
                      N_("`review_first` is simply the biggest deal. A big deal with no warning sign needs "
                         "less of the review than a deal with several: rank by flags first."),
                      'review_first = flagged.loc[flagged["amount"].idxmax(), "opportunity_id"]'),
    ),
    wrong=(Example("review_first = 0", N_("is too low")),),
)

forecast_mape = Question(
    title=N_("How far off the forecast has been"),
    variable="forecast_mape",
    expected=lambda data: float(_backtest(data)["error"].abs().mean()),
    tolerance=RATE,
    why=N_("the weighted forecast has been off by about {percent} on average: quote it as a range, "
           "not a point."),
    hints=(N_("`backtest.table[\"error\"]` is (forecast − actual) ÷ actual for each past quarter."),
           N_("MAPE is the mean of the *absolute* errors: `.abs().mean()`.")),
    solution='forecast_mape = backtest.table["error"].abs().mean()',
    misconceptions=(
        Misconception(same_as(lambda data: float((_backtest(data)["forecast"] - _backtest(data)["actual"]).abs().mean()),
                              MONEY),
                      N_("`forecast_mape` is the average error in yuan. A percentage error divides each "
                         "quarter's error by that quarter's actual bookings."),
                      'forecast_mape = (backtest.table["forecast"] - backtest.table["actual"]).abs().mean()'),
        Misconception(same_as(lambda data: float(((_backtest(data)["crm_amount"] - _backtest(data)["actual"])
                                                   / _backtest(data)["actual"]).abs().mean()), Tolerance(rtol=0.02)),
                      N_("`forecast_mape` measures the unweighted CRM amount, not the weighted forecast. Use "
                         "the `forecast` column (or the `error` column)."),
                      'forecast_mape = ((backtest.table["crm_amount"] - backtest.table["actual"])'
                      ' / backtest.table["actual"]).abs().mean()'),
    ),
    wrong=(Example("forecast_mape = -0.5", N_("is too low")),),
)

coverage_ratio = Question(
    title=N_("Next quarter's coverage, like with like"),
    variable="coverage_ratio",
    expected=lambda data: _in_quarter(data) / _still_to_win(data),
    tolerance=RATIO,
    why=N_("the qualified pipeline that can close next quarter covers about {expected:.1f}× of its quota."),
    hints=(N_("Count only deals in `pipe` (qualified or later) whose `close_date` is on or before 2026-09-30."),
           N_("`pipeline.coverage(pipe, \"2026-07-01\", \"2026-09-30\", still_to_win, win_rate).coverage`.")),
    solution='coverage_ratio = pipeline.coverage(pipe, "2026-07-01", "2026-09-30", still_to_win, win_rate).coverage',
    misconceptions=(
        Misconception(same_as(lambda data: _all_open(data) / _still_to_win(data), RATIO),
                      N_("`coverage_ratio` counts every open opportunity, fresh leads included, at any close "
                         "date. Count only qualified-and-later deals closing in the quarter."),
                      'coverage_ratio = opportunities.loc[opportunities["status"] == "open", "value"].sum()'
                      ' / still_to_win'),
        Misconception(same_as(lambda data: _in_quarter(data) / float(data.compute(_months_table)["quota"].sum()),
                              Tolerance(atol=0.02)),
                      N_("`coverage_ratio` compares with the whole year's quota. Compare with the quota still "
                         "to win in the quarter."),
                      'coverage_ratio = pipeline.coverage(pipe, "2026-07-01", "2026-09-30", '
                      'months["quota"].sum(), win_rate).coverage'),
    ),
    wrong=(Example("coverage_ratio = 3", N_("is too high")),),
)

extra_hires = Question(
    title=N_("Hires the +10% target needs"),
    variable="extra_hires",
    expected=lambda data: _hires(data),
    why=N_("{expected} hires started today, beyond replacing leavers, let the year's selling add up to "
           "the target once ramp and attrition are counted."),
    hints=(N_("In the capacity planner set growth 10%, months to full speed 4, attrition as measured, "
              "months to fill a seat 3, and raise the extra hires until the year is covered."),
           N_("Or: `pipeline.staffing(pd.Series(len(tenure) * 1.10, index=range(1, 13)), tenure, 4, "
              "attrition, 3).hires_to_cover`.")),
    solution='need = pd.Series(len(tenure) * 1.10, index=range(1, 13))\n'
             'extra_hires = pipeline.staffing(need, tenure, 4, attrition, 3).hires_to_cover',
    misconceptions=(
        Misconception(lambda answer, data: answer == round(0.10 * len(pipeline.current_tenure(data["rep_roster"],
                                                                                               SNAPSHOT)))
                      and answer != _hires(data),
                      N_("`extra_hires` is 10% of the team, as if new reps sold at full speed from day one and "
                         "nobody left. Count the ramp, the attrition and the months to fill a seat."),
                      "extra_hires = round(0.10 * len(tenure))"),
        Misconception(lambda answer, data: answer == _hires(data, with_attrition=False) and answer != _hires(data),
                      N_("`extra_hires` leaves out attrition: reps who leave are replaced only after the seat has "
                         "been empty for months. Set attrition to the measured rate."),
                      'need = pd.Series(len(tenure) * 1.10, index=range(1, 13))\n'
                      'extra_hires = pipeline.staffing(need, tenure, 4, 0.0, 3).hires_to_cover'),
    ),
    wrong=(Example("extra_hires = 500", N_("is too high")),),
)

capped_quota = Question(
    title=N_("A quota after the guardrails"),
    variable="capped_quota",
    expected=lambda data: _quota(data, guarded=True),
    tolerance=MONEY,
    why=N_("with a 30% cap the rep whose fair share rose most carries {money}: a stretch, not a wall."),
    hints=(N_("`fair[\"growth\"].idxmax()` is the rep whose fair-share quota rose most."),
           N_("`pipeline.with_guardrails(fair, cap=0.30, floor=0.0)` gives the quotas with guardrails; "
              "take that rep's `quota`.")),
    solution='guarded = pipeline.with_guardrails(fair, cap=0.30, floor=0.0)\n'
             'capped_quota = guarded.loc[fair["growth"].idxmax(), "quota"]',
    misconceptions=(
        Misconception(same_as(lambda data: _quota(data, guarded=False), MONEY),
                      N_("`capped_quota` is the fair-share quota before the guardrails. Apply "
                         "`pipeline.with_guardrails` first."),
                      'capped_quota = fair.loc[fair["growth"].idxmax(), "quota"]'),
        Misconception(same_as(lambda data: float(data.compute(_fair).loc[_top_rep(data), "last_year"] * 1.10), MONEY),
                      N_("`capped_quota` gives this rep the team's +10%. The guardrail caps the rise at 30%; "
                         "within the bounds the rep keeps a fair share."),
                      'capped_quota = fair.loc[fair["growth"].idxmax(), "last_year"] * 1.10'),
    ),
    wrong=(Example("capped_quota = 0", N_("is too low")),),
)

SET = ExerciseSet(NOTEBOOK, N_("Exercises for module 5"), SETUP,
                  ((stale_share, review_first, forecast_mape, coverage_ratio, extra_hires, capped_quota) + MODULE5))
bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8 = SET.exercises
