"""The capstone: each learner's process-management plan for their own team, built with the
kit's functions on whatever data :func:`saleslab.data.load` reads (the course data or an
imported CRM export), reviewed part by part, and exported as a one-page plan.

The four parts: a SMART target and its split over the team's reps (:mod:`saleslab.targets`),
an exit criterion per funnel stage beside the team's measured conversion
(:mod:`saleslab.funnel`), three process KPIs each with its control chart and alert rule
(:mod:`saleslab.monitoring`), and one PDCA pilot with its design, sample size, cost and
decision rule (:mod:`saleslab.improvement`). :func:`review` says which parts are complete
and consistent (the pilot's sample size fits the team's volume, each KPI's chart fits its
kind); the quality of the writing is the trainer's to judge.

An imported CRM's weekly table holds deal counts only (a deal export has no calls or
meetings): :func:`weekly_kpis` lists what the data holds, and :func:`starting_kpi` picks the
plan's first KPI from it.

>>> KPI("win_rate", chart="individuals", alert="outside_limits").problems()
['win_rate is a rate: use the p chart']
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .. import improvement, monitoring, targets
from ..funnel import stage_conversion
from ..i18n import N_, NC_, _
from ..localformat import join_list
from ..tabledisplay import label, value
from ..improvement.value import interval_draws
from ..data.kpis import holiday_weeks
from ..monitoring.seasons import SEASONAL

#: KPIs of ``weekly_kpis`` a plan may watch: how a team's week is summed, and its chart.
KPI_KINDS = {"calls": "count", "meetings": "count", "proposals": "count", "opportunities_created": "count",
             "bookings": "amount", "response_time_hours": "hours", "win_rate": "rate"}
CHARTS = {"count": "individuals", "amount": "individuals", "hours": "individuals", "rate": "p"}
#: Each kind of KPI in a sentence ("win_rate is a rate").
KINDS = {"count": N_("a count"), "amount": N_("an amount"), "hours": N_("a time in hours"),
         "rate": N_("a rate")}
#: The charts a plan names, marked for the Chinese edition (the names stay what is typed).
CHART_NAMES = (NC_("chart", "individuals"), NC_("chart", "p"))
ALERTS = {"outside_limits": N_("a week outside the control limits"),
          "weeks_in_a_row": N_("8 weeks in a row on one side of the centre line")}
DESIGNS = (N_("randomised reps"), N_("randomised leads"), N_("difference in differences"))
BASELINE_WEEKS = 26


def last_year(opportunities: pd.DataFrame) -> pd.DataFrame:
    """The deals closed in the 12 months up to the latest close in the data."""
    closed = pd.to_datetime(opportunities["closed_at"])
    return opportunities[closed > closed.max() - pd.DateOffset(years=1)]


def team_baseline(opportunities: pd.DataFrame, team: str) -> float:
    """The team's won value over the last 12 months: the baseline of its target."""
    recent = last_year(opportunities)
    return float(recent.loc[(recent["team"] == team) & (recent["status"] == "won"), "value"].sum())


def team_growth(opportunities: pd.DataFrame, team: str) -> list[float] | None:
    """The change of the team's won value over the last 12 months against the 12 before
    (the history a target's "achievable" is judged by); None if the data is shorter.

    >>> team_growth(pd.DataFrame(columns=["team", "status", "value", "closed_at"]), "East A") is None
    True
    """
    closed = pd.to_datetime(opportunities["closed_at"])
    if closed.empty or closed.max() - closed.min() < pd.Timedelta(days=700):
        return None
    mine = (opportunities["team"] == team) & (opportunities["status"] == "won")
    recent = closed > closed.max() - pd.DateOffset(years=1)
    before = ~recent & (closed > closed.max() - pd.DateOffset(years=2))
    earlier = float(opportunities.loc[mine & before, "value"].sum())
    return None if earlier <= 0 else [float(opportunities.loc[mine & recent, "value"].sum()) / earlier - 1]


def split_target(target: targets.Target, opportunities: pd.DataFrame) -> pd.Series:
    """The target of team ``target.scope`` split over its reps in proportion to what each
    won in the last 12 months, in whole ¥1,000 that add up to the target."""
    recent = last_year(opportunities)
    won = recent[(recent["team"] == target.scope) & (recent["status"] == "won")]
    weights = won.groupby("rep")["value"].sum()
    if weights.empty:
        raise ValueError(f"no won deals of team {target.scope!r} in the last 12 months: "
                         "set the target's scope to one of your data's teams")
    return targets.allocate(int(round(target.value / 1000)), weights) * 1000


def funnel_plan(events: pd.DataFrame, opportunities: pd.DataFrame, team: str,
                exit_criteria: dict[str, str]) -> pd.DataFrame:
    """Each stage's conversion for the team's deals, beside the exit criterion written for it."""
    ids = opportunities.loc[opportunities["team"] == team, "opportunity_id"]
    table = stage_conversion(events[events["opportunity_id"].isin(ids)])
    table["exit criterion"] = [str(exit_criteria.get(stage, "")) for stage in table["stage"]]
    return table[["stage", "entered", "conversion", "exit criterion"]]


@dataclass(frozen=True)
class KPI:
    """A process KPI the plan watches weekly: its name in ``weekly_kpis``, its chart and alert."""

    name: str
    chart: str
    alert: str

    def problems(self) -> list[str]:
        """What does not fit: an unknown KPI, chart or alert, or a chart unfit for the kind."""
        if self.name not in KPI_KINDS:
            return [_("{name} is not a weekly KPI (choose from {kpis})").format(
                name=self.name, kpis=join_list(KPI_KINDS))]
        found = []
        kind = KPI_KINDS[self.name]
        if self.chart != CHARTS[kind]:
            found.append(_("{name} is {kind}: use the {chart} chart").format(
                name=label(self.name), kind=_(KINDS[kind]), chart=label(CHARTS[kind], "chart")))
        if self.alert not in ALERTS:
            found.append(_("alert {alert!r} is not one of {alerts}").format(alert=self.alert,
                                                                         alerts=join_list(ALERTS)))
        return found


def weekly_kpis(weekly: pd.DataFrame) -> list[str]:
    """The KPIs a plan can watch in this weekly table, leading ones first.

    >>> weekly_kpis(pd.DataFrame(columns=["week", "rep", "bookings", "win_rate", "deals_won"]))
    ['bookings', 'win_rate']
    """
    return [name for name in KPI_KINDS if name in weekly.columns]


def starting_kpi(weekly: pd.DataFrame) -> KPI:
    """The plan's first KPI, to edit: the first of :func:`weekly_kpis` with its chart.

    >>> starting_kpi(pd.DataFrame(columns=["week", "rep", "opportunities_created", "win_rate"]))
    KPI(name='opportunities_created', chart='individuals', alert='outside_limits')
    """
    name = weekly_kpis(weekly)[0]
    return KPI(name, CHARTS[KPI_KINDS[name]], "outside_limits")


def kpi_chart(weekly: pd.DataFrame, team: str, kpi: KPI) -> pd.DataFrame:
    """The team's weekly KPI on its control chart (limits from the first 26 weeks), with
    holiday weeks left out and activity counts seasonally adjusted as module 3 teaches
    (:func:`saleslab.monitoring.as_taught`): a holiday is not a signal. An import's table
    has no activity counts to adjust: only its holiday weeks are left out."""
    if kpi.name not in weekly_kpis(weekly):
        raise ValueError(_("{name} is not in your data's weekly table: choose from {kpis}").format(
            name=kpi.name, kpis=join_list(weekly_kpis(weekly))))
    if set(SEASONAL) <= set(weekly.columns):
        taught = monitoring.as_taught(weekly)
    else:
        taught = weekly[holiday_weeks(weekly["week"]).to_numpy() == ""]
    rows = taught[taught["team"] == team].groupby("week")
    if KPI_KINDS.get(kpi.name) == "rate":
        return monitoring.p_chart(rows["deals_won"].sum(), rows["opportunities_closed"].sum(),
                                  baseline=BASELINE_WEEKS)
    values = rows[kpi.name].mean() if KPI_KINDS.get(kpi.name) == "hours" else rows[kpi.name].sum()
    return monitoring.individuals_chart(values, baseline=BASELINE_WEEKS, lower_bound=0)


@dataclass(frozen=True)
class Pilot:
    """One PDCA pilot on the team's win rate: what changes, the design, the hoped-for
    relative uplift, how many months it runs, what it costs, and the rule that decides."""

    team: str
    change: str
    design: str
    uplift: float
    months: int
    one_off_cost: float
    monthly_cost: float
    decision_rule: str


def pilot_test(pilot: Pilot, opportunities: pd.DataFrame) -> improvement.ExperimentPlan:
    """The pilot's test: the team's win rate of the last 12 months as baseline, half of its
    monthly new opportunities in each group."""
    recent = last_year(opportunities)
    mine = recent[recent["team"] == pilot.team]
    if mine.empty:
        raise ValueError(f"no deals of team {pilot.team!r} in the last 12 months: set the pilot's "
                         "team to one of your data's teams")
    p0 = float((mine["status"] == "won").mean())
    per_group = max(1, len(mine) // 12 // 2)
    return improvement.plan_test(p0, pilot.uplift, leads_per_month=per_group, months=pilot.months)


def pilot_value(pilot: Pilot, opportunities: pd.DataFrame, horizon_months: int = 12):
    """What adopting the change is worth over ``horizon_months`` for the whole team, with
    the uncertainty the planned test would leave about the uplift."""
    test = pilot_test(pilot, opportunities)
    recent = last_year(opportunities)
    mine = recent[recent["team"] == pilot.team]
    deal = float(mine.loc[mine["status"] == "won", "value"].mean())
    error = math.sqrt((test.p0 * (1 - test.p0) + test.p1 * (1 - test.p1)) / test.n_per_arm)
    lift = test.p1 - test.p0
    draws = interval_draws(lift, (lift - 1.96 * error, lift + 1.96 * error))
    monthly_gain = draws * 2 * test.leads_per_month * deal
    return improvement.value_of_change(monthly_gain, pilot.one_off_cost, pilot.monthly_cost,
                                       horizon_months=horizon_months)


_UNITS = {"count": ("count", N_("{name} per week (team)")),
          "amount": ("money", N_("{name} per week (team, ¥)")),
          "hours": ("count", N_("{name} (team's weekly mean)")),
          "rate": ("percent", N_("{name} (team, weekly)"))}


def plot_kpi(weekly: pd.DataFrame, team: str, kpi: KPI):
    """The team's weekly KPI on its control chart, titled by what it shows."""
    unit, label = _UNITS[KPI_KINDS[kpi.name]]
    return monitoring.plot_control_chart(kpi_chart(weekly, team, kpi), _(label).format(name=value(kpi.name)),
                                         unit=unit)
