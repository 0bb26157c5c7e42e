"""Exercises for module 3: monitoring and evaluation (销售绩效的监控与评估).

The notebook ``exercises/03_monitoring_exercises.ipynb`` runs :data:`SETUP`, then
``ex.bind(globals())``. Questions go from reading a table to using a widget:

1. the leading indicators among the weekly KPIs (read a table);
2. a rep's typical response time (read the scorecard, not last week);
3. weeks beyond the limits (read a control chart, holidays left out);
4. the centre line of a chart with a real change (set the baseline right);
5. false alarms a year for a whole team (widget);
6. the win rate dropped two weeks running (judgement: signal or noise);
7. which chart for a rep's weekly win rate (judgement);
8. which of three reps' charts shows a signal (judgement, the reps drawn from the data).

>>> [exercise.question.variable for exercise in SET.exercises][:2]
['leading', 'r04_response']
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import monitoring
from ..i18n import N_
from ..monitoring import story
from ..widgets.monitoring import NoticeSpeed, notice_speed
from .compare import Tolerance, is_number
from .core import Data, Example, ExerciseSet, Misconception, Question, same_as
from .judgement.modules import MODULE3

NOTEBOOK = "exercises/03_monitoring_exercises.ipynb"
START = "2026-03-30"  # the scorecard's period: the last 13 weeks, as in the module
REP = "R04"           # the rep whose response time question 2 asks about
TEAM_CHARTS = 20 * 4  # 20 reps, 4 leading KPIs each

SETUP = f"""\
import matplotlib.pyplot as plt
import saleslab
from saleslab import monitoring
from saleslab.data import load
from saleslab.exercises.judgement.signals import candidate_charts, plot_candidates
from saleslab.monitoring import story
from saleslab.widgets.monitoring import notice_speed, weeks_to_notice

saleslab.setup_notebook()
kpis = load("weekly_kpis")
shifts = load("kpi_shifts")
taught = monitoring.as_taught(kpis)
card = monitoring.scorecard(kpis, start="{START}")
rep = story.watch_example(kpis, shifts)
calls = story.explore(taught, rep, "calls")
changed = story.planted(shifts, "sudden")
weeks = taught[taught["rep"] == changed["rep"]]
three = candidate_charts(taught, shifts)  # question 8: three reps' charts, in option order"""


# -- what the questions compute from the data -------------------------------------------

def _kpi_name(name: object) -> object:
    """A KPI as the weekly table names it: the scorecard's ``calls_per_week`` is ``calls``."""
    if not isinstance(name, str):
        return name
    text = "_".join(name.strip().lower().split())
    return text.removesuffix("_per_week")


def _kpi_names(answer: object) -> object:
    if isinstance(answer, (list, tuple, set, frozenset, pd.Series)):
        return [_kpi_name(item) for item in answer]
    return answer


def _weekly_names(indicators: Sequence[str]) -> list[str]:
    return [kpi for kpi in monitoring.KPI_LABELS if kpi in indicators or f"{kpi}_per_week" in indicators]


def _leading(data: Data) -> list[str]:
    return _weekly_names(monitoring.LEADING)


def _lagging(data: Data) -> list[str]:
    return _weekly_names(monitoring.LAGGING)


def _names_lagging(answer: object, data: Data) -> bool:
    return any(name in _lagging(data) for name in _kpi_names(answer))


def _rep_weeks(data: Data, rep: str) -> pd.DataFrame:
    kpis = data["weekly_kpis"]
    return kpis[kpis["rep"] == rep].sort_values("week_index")


def _response(data: Data) -> float:
    card = monitoring.scorecard(data["weekly_kpis"], start=START)
    return float(card.loc[REP, "response_time_hours"])


def _last_week_response(data: Data) -> float:
    return float(_rep_weeks(data, REP)["response_time_hours"].iloc[-1])


def _in_minutes(data: Data) -> float:
    return 60 * _response(data)


def _taught(data: Data) -> pd.DataFrame:
    return monitoring.as_taught(data["weekly_kpis"])


def _watched_rep(data: Data) -> str:
    return story.watch_example(data["weekly_kpis"], data["kpi_shifts"])


def _quiet(data: Data) -> monitoring.Exploration:
    return story.explore(data.compute(_taught), data.compute(_watched_rep), "calls")


def _signal_weeks(data: Data) -> int:
    return len(data.compute(_quiet).signals)


def _with_holidays(data: Data) -> set[int]:
    """Signal weeks on the raw table, holiday weeks in: when that differs from the answer."""
    raw = len(story.explore(data["weekly_kpis"], data.compute(_watched_rep), "calls").signals)
    return {raw} - {_signal_weeks(data)}


def _with_rules(data: Data) -> set[int]:
    found = story.explore(data.compute(_taught), data.compute(_watched_rep), "calls",
                          rules="western_electric")
    return {len(found.signals)} - {_signal_weeks(data)}


def _counted(answer: object, counts: set[int]) -> bool:
    return is_number(answer) and float(answer) in counts


def _dips(data: Data) -> set[int]:
    """Weeks lower than the week before: among the weeks watched, or among all weeks."""
    explored = data.compute(_quiet)
    fell = explored.chart["value"].diff() < 0
    return {int(fell.iloc[explored.baseline_weeks:].sum()), int(fell.sum())}


def _below_centre(data: Data) -> set[int]:
    explored = data.compute(_quiet)
    below = explored.chart["value"] < explored.chart["center"]
    return {int(below.iloc[explored.baseline_weeks:].sum()), int(below.sum())}


def _changed_weeks(data: Data) -> tuple[pd.Series, pd.DataFrame]:
    """The sudden planted change, and that rep's weeks as taught (holidays out)."""
    changed = story.planted(data["kpi_shifts"], "sudden")
    taught = data.compute(_taught)
    return changed, taught[taught["rep"] == changed["rep"]]


def _centre(data: Data) -> float:
    changed, _weeks = _changed_weeks(data)
    explored = story.explore(data.compute(_taught), changed["rep"], changed["kpi"])
    return float(explored.chart["center"].iloc[0])


def _whole_series_centre(data: Data) -> float:
    changed, weeks = _changed_weeks(data)
    return float(weeks[changed["kpi"]].mean())


def _after_change_centre(data: Data) -> float:
    changed, weeks = _changed_weeks(data)
    return float(weeks.loc[weeks["week_index"] >= changed["start_week"], changed["kpi"]].mean())


def _raw_centre(data: Data) -> float:
    """The centre with holiday weeks left in the baseline."""
    changed, _weeks = _changed_weeks(data)
    explored = story.explore(data["weekly_kpis"], changed["rep"], changed["kpi"])
    return float(explored.chart["center"].iloc[0])


def _speed(data: Data) -> NoticeSpeed:
    return notice_speed(1.0, "western_electric")  # as the widget and the module show it


def _alarms_per_chart(data: Data, chart: str) -> float:
    return float(data.compute(_speed).table.loc[chart, "false_alarms_per_year"])


# -- the questions ----------------------------------------------------------------------

leading = Question(
    title=N_("Leading indicators"),
    variable="leading",
    expected=_leading,
    prepare=lambda answer, data: _kpi_names(answer),
    why=N_("these four measure this week's work, so you can act on them before the results "
           "(deals closed, won, win rate, bookings) arrive weeks later."),
    hints=(N_("A leading indicator measures the work that produces a result, this week. A "
              "lagging one reports the result after the fact."),
           N_("Four of the eight KPI columns measure work: how fast, how many contacts, how many "
              "meetings, how many offers."),
           N_("Write the column names in a list, in quotes: `[\"calls\", ...]`.")),
    solution='leading = ["response_time_hours", "calls", "meetings", "proposals"]',
    misconceptions=(
        Misconception(lambda answer, data: sorted(_kpi_names(answer)) == sorted(_lagging(data)),
                      N_("`leading` lists the results: closed, won, win rate, bookings. Those are "
                         "lagging indicators, known only weeks after the work. List the four "
                         "columns that measure this week's work."),
                      'leading = ["opportunities_closed", "deals_won", "win_rate", "bookings"]'),
        Misconception(_names_lagging,
                      N_("`leading` includes a result (deals closed or won, win rate or bookings). "
                         "A result is a lagging indicator: it reports what the work produced weeks "
                         "ago. Keep only the columns that measure this week's work."),
                      'leading = ["calls", "meetings", "proposals", "win_rate"]'),
    ),
    wrong=(Example('leading = "calls"', N_("should be a list")),),
)

SCORECARD = Tolerance(rtol=0.01)  # read off a table rounded to two decimals

r04_response = Question(
    title=N_("A rep's typical response time"),
    variable="r04_response",
    expected=_response,
    tolerance=SCORECARD,
    why=N_("about {expected:.1f} hours: an average over 13 weeks shows how a rep works; a single "
           "week mostly shows that week's luck."),
    hints=(N_("The scorecard `card` has one row per rep, averaged over the last 13 weeks."),
           N_("Take R04's row and the `response_time_hours` column: "
              "`card.loc[\"R04\", \"response_time_hours\"]`.")),
    solution=f'r04_response = card.loc["{REP}", "response_time_hours"]',
    misconceptions=(
        Misconception(same_as(_last_week_response, SCORECARD),
                      N_("`r04_response` is R04's figure for the last week alone. One week is "
                         "mostly noise, and reading it as a trend is how fair reps get unfair "
                         "conversations: use the 13-week average in the scorecard."),
                      f'r04_weeks = kpis[kpis["rep"] == "{REP}"]\n'
                      'r04_response = r04_weeks["response_time_hours"].iloc[-1]'),
        Misconception(same_as(_in_minutes, SCORECARD),
                      N_("`r04_response` looks like minutes. The column `response_time_hours` is "
                         "in hours: give the scorecard's figure as it is."),
                      f'r04_response = 60 * card.loc["{REP}", "response_time_hours"]'),
    ),
    wrong=(Example('r04_response = "8 hours"', N_("should be a number")),),
)

talks_needed = Question(
    title=N_("Weeks beyond the limits"),
    variable="talks_needed",
    expected=_signal_weeks,
    why=N_("a week beyond a control limit is a signal worth a question; a single dip inside "
           "the limits is not (only a pattern of several, which the run rules look for)."),
    hints=(N_("Count the weeks whose point lies outside the control limits (the dashed lines). "
              "A single point inside them is no reason to act, however low it looks."),
           N_("The chart's finding counts the signal weeks: run `calls.finding`, or count the "
              "rows of `calls.signals`."),
           N_("`len(calls.signals)`")),
    solution='talks_needed = len(story.explore(taught, rep, "calls").signals)',
    misconceptions=(
        Misconception(lambda answer, data: _counted(answer, _dips(data) | _below_centre(data)),
                      N_("`talks_needed` counts the low weeks: below the week before, or below the "
                         "centre line. Such weeks sit inside the limits: noise, not a trend, and "
                         "the next week usually makes up for them. Count only the weeks beyond a "
                         "limit."),
                      'talks_needed = int((calls.chart["value"].diff() < 0).sum())'),
        Misconception(lambda answer, data: _counted(answer, _with_holidays(data)),
                      N_("`talks_needed` counts the chart of the raw table, holiday weeks in. The "
                         "Spring Festival and National Day weeks are the whole team's holiday, not "
                         "a change in this rep: use the chart `calls`, drawn on `taught`."),
                      'talks_needed = len(story.explore(kpis, rep, "calls").signals)'),
        Misconception(lambda answer, data: _counted(answer, _with_rules(data)),
                      N_("`talks_needed` counts run-rule signals too. The question asks only for "
                         "the weeks beyond a limit: the chart without rules."),
                      'talks_needed = len(story.explore(taught, rep, "calls", '
                      'rules="western_electric").signals)'),
    ),
    wrong=(Example("talks_needed = 78", N_("is too high")),),
)

CENTRE = Tolerance(rtol=0.01)

normal_level = Question(
    title=N_("The centre line of a chart with a real change"),
    variable="normal_level",
    expected=_centre,
    tolerance=CENTRE,
    why=N_("limits set on the weeks before the change show the change against the normal level; "
           "limits set on every week would have moved towards the change and hidden it."),
    hints=(N_("The centre line is the normal level: the average of the weeks *before* anything "
              "changed, the baseline. In this course the baseline is the first 26 weeks, holiday "
              "weeks left out."),
           N_("`story.explore(taught, changed[\"rep\"], changed[\"kpi\"])` draws the chart with "
              "that baseline; its table is `.chart`, with a column `center`."),
           N_("`story.explore(taught, changed[\"rep\"], changed[\"kpi\"]).chart[\"center\"].iloc[0]`")),
    solution='normal_level = story.explore(taught, changed["rep"], changed["kpi"]).chart["center"].iloc[0]',
    misconceptions=(
        Misconception(same_as(_whole_series_centre, CENTRE),
                      N_("`normal_level` averages every week, the changed ones included. The change "
                         "pulls the centre line and the limits towards itself, so it hides in its "
                         "own chart. Set them on the weeks before the change: the baseline."),
                      'normal_level = weeks[changed["kpi"]].mean()'),
        Misconception(same_as(_after_change_centre, CENTRE),
                      N_("`normal_level` averages the weeks after the change began: that is the new "
                         "level, not the normal one. Set the centre line on the weeks before the "
                         "change: the baseline."),
                      'normal_level = weeks.loc[weeks["week_index"] >= changed["start_week"], '
                      'changed["kpi"]].mean()'),
        Misconception(same_as(_raw_centre, CENTRE),
                      N_("`normal_level` comes from the raw table, with the Spring Festival weeks in "
                         "the baseline. A holiday drags the normal level down: draw the chart on "
                         "`taught`."),
                      'normal_level = story.explore(kpis, changed["rep"], changed["kpi"])'
                      '.chart["center"].iloc[0]'),
    ),
    wrong=(Example("normal_level = 0", N_("is too low")),),
)

ALARMS = Tolerance(rtol=0.1)  # read off a widget whose simulation moves by a few percent

team_alarms = Question(
    title=N_("False alarms a year for the whole team"),
    variable="team_alarms",
    expected=lambda data: TEAM_CHARTS * _alarms_per_chart(data, "western_electric"),
    tolerance=ALARMS,
    why=N_("about {expected:.0f} alerts a year with nothing behind them: an alert is a reason to "
           "look at the chart, not to call the rep in."),
    hints=(N_("The sentence under the widget gives the false alarms a year *for each rep and KPI "
              "watched*, for the chart you choose."),
           N_("Choose \"Shewhart + Western Electric rules\". Your team has 20 reps × 4 leading "
              "KPIs = 80 charts."),
           N_("`20 * 4 * notice_speed(1.0, \"western_electric\").chosen[\"false_alarms_per_year\"]`")),
    solution='team_alarms = 20 * 4 * notice_speed(1.0, "western_electric").chosen["false_alarms_per_year"]',
    misconceptions=(
        Misconception(same_as(lambda data: _alarms_per_chart(data, "western_electric"), ALARMS),
                      N_("`team_alarms` is the number for one rep and one KPI. A team of 20 reps "
                         "with 4 leading KPIs each has 80 charts, and each raises its own false "
                         "alarms."),
                      'team_alarms = notice_speed(1.0, "western_electric").chosen["false_alarms_per_year"]'),
        Misconception(same_as(lambda data: TEAM_CHARTS * _alarms_per_chart(data, "shewhart"), ALARMS),
                      N_("`team_alarms` is for plain 3-sigma limits. The question asks about the "
                         "Western Electric rules, which catch more and so also cry wolf more often."),
                      'team_alarms = 80 * notice_speed(1.0, "shewhart").chosen["false_alarms_per_year"]'),
        Misconception(same_as(lambda data: TEAM_CHARTS * _alarms_per_chart(data, "cusum"), ALARMS),
                      N_("`team_alarms` is for CUSUM, the module's worked example. The question asks "
                         "about the Western Electric rules: choose them in the widget."),
                      'team_alarms = 80 * notice_speed(1.0, "cusum").chosen["false_alarms_per_year"]'),
    ),
    wrong=(Example("team_alarms = 1000", N_("is too high")),),
)

SET = ExerciseSet(NOTEBOOK, N_("Exercises for module 3"), SETUP,
                  ((leading, r04_response, talks_needed, normal_level, team_alarms) + MODULE3))
bind = SET.bind
q1, q2, q3, q4, q5, q6, q7, q8 = SET.exercises
