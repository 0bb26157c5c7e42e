"""Case 1 dashboard: the levers of B2B lead follow-up against today's way of working.

The trainer (or a learner) sets the pilot teams' first-call target, follow-up schedule, CRM
and team size, the lead volume every team receives, how many teams each arm has, and the
margin on a won deal; the dashboard reruns the six-month experiment and redraws the close
rates (each team a dot) and first-call times, with the team-aware effect and the money.

>>> board = followup_dashboard()
>>> board.controls["schedule"].value = "ad hoc"
>>> board.controls["crm"].value = False
>>> board.result.intervention < 0.11
True
"""

from __future__ import annotations

import functools

import ipywidgets as widgets

from ..cases import followup, followup_value
from ..cases.common import ExperimentResult
from ..cases.followup_analysis import compare_arms
from ..cases.followup_plots import ExperimentFigure
from ..i18n import N_, _
from ..localformat import join_sentences
from ..improvement.compare import signed_percent
from ..plots import percent
from ..validate import check_positive
from .core import Dashboard, show_live

#: First-call targets offered on the slider (label, hours).
TARGETS = ((N_("15 min"), 0.25), (N_("30 min"), 0.5), (N_("1 h"), 1.0), (N_("2 h"), 2.0),
           (N_("3 h"), 3.0), (N_("4 h"), 4.0), (N_("8 h"), 8.0), (N_("1 day"), 24.0))
DAYS = 126  # six months of leads per team

_STYLE = {"description_width": "16em"}
_LAYOUT = widgets.Layout(width="36em")


def pilot_result(first_call_target_hours: float = 0.25, schedule: str = "5 touches in 7 days",
                 crm: bool = True, team_size: int = 10, leads_per_day: float = 20.0,
                 teams_per_arm: int = followup.TEAMS_PER_ARM, seed: int = 1) -> ExperimentResult:
    """The experiment the dashboard shows: six months of leads per team (``leads_per_day``
    × 126), ``teams_per_arm`` of today's teams against as many pilot teams with the levers.

    >>> pilot_result(team_size=12, schedule="ad hoc", crm=False, first_call_target_hours=3.0).n_baseline > 2000
    True
    """
    size = max(10, round(check_positive("leads_per_day", leads_per_day) * DAYS))
    return followup.run_experiment(seed, size, teams_per_arm,
                                   first_call_target_hours=first_call_target_hours,
                                   schedule=schedule, crm=crm, team_size=team_size,
                                   leads_per_day=float(leads_per_day))


def headline_numbers(result: ExperimentResult,
                     margin_per_deal: float = followup_value.MARGIN_PER_DEAL) -> str:
    """The numbers a room argues about, one line each: the close rates read team-aware and
    lead by lead, the timing, and a year's money for one team.

    >>> print(headline_numbers(pilot_result()).splitlines()[0])
    Close rate: 8% today → 11% pilot (+37%; team-aware 95% CI +20% to +55%; lead by lead +25% to +49%)
    """
    arms = compare_arms(result)
    check = followup.team_check(result)
    def both(row: str, fmt) -> str:
        return _("{} today → {} pilot").format(fmt(arms.loc[row, "baseline"]),
                                               fmt(arms.loc[row, "intervention"]))

    naive_low, naive_high = check.naive_relative_ci
    if check.estimable:
        low, high = check.relative_ci
        aware = _("team-aware 95% CI {} to {}").format(signed_percent(low), signed_percent(high))
    else:
        aware = _("no team-aware interval with one team per arm")
    value = followup_value.value_of_result(result, margin_per_deal)
    money = join_sentences([value.headline(), value.reason()]) if value else _(
        "Money: no estimate without an interval.")
    return "\n".join([
        _("Close rate: {} ({}; {}; lead by lead {} to {})").format(
            both("close_rate", percent), signed_percent(result.effect), aware,
            signed_percent(naive_low), signed_percent(naive_high)),
        _("Median first call: {}").format(both("median_first_call_hours", _hours)),
        _("Waiting for a free rep (mean): {}").format(both("queue_wait_hours", _hours)),
        _("Leads ever reached: {}").format(both("reached", lambda v: percent(v, digits=0))),
        _("One team, one year: {}").format(money),
    ])


def _hours(value: float) -> str:
    return _("{:.0f} min").format(60 * value) if value < 1 else _("{:.1f} h").format(value)


def followup_dashboard(seed: int = 1) -> Dashboard:
    """Sliders for the pilot teams' levers, the lead volume, the teams per arm and the margin
    on a won deal; shows the headline numbers
    and the experiment figure (:class:`saleslab.cases.followup_plots.ExperimentFigure`,
    kept as ``board.drawing`` and redrawn in place, sent as a PNG with fixed margins)."""
    controls = {
        "first_call_target_hours": widgets.SelectionSlider(
            options=[(_(label), hours) for label, hours in TARGETS], value=0.25, description=_("First-call target"),
            continuous_update=False, style=_STYLE, layout=_LAYOUT),
        "schedule": widgets.Dropdown(options=[(_(name), name) for name in followup.SCHEDULES],
                                     value="5 touches in 7 days", description=_("Follow-up schedule"), style=_STYLE,
                                     layout=_LAYOUT),
        "crm": widgets.Checkbox(value=True, description=_("CRM: shared queue and reminders"),
                                style=_STYLE, layout=_LAYOUT),
        "team_size": widgets.IntSlider(value=10, min=4, max=20, description=_("Pilot team's reps"),
                                       continuous_update=False, style=_STYLE, layout=_LAYOUT),
        "leads_per_day": widgets.IntSlider(value=20, min=10, max=35,
                                           description=_("Leads a day (each team)"),
                                           continuous_update=False, style=_STYLE, layout=_LAYOUT),
        "teams_per_arm": widgets.IntSlider(value=followup.TEAMS_PER_ARM, min=1, max=5,
                                           description=_("Teams in each arm"),
                                           continuous_update=False, style=_STYLE, layout=_LAYOUT),
        "margin_per_deal": widgets.IntSlider(value=int(followup_value.MARGIN_PER_DEAL), min=1_000,
                                             max=60_000, step=1_000,
                                             description=_("Margin on a won deal (¥)"),
                                             continuous_update=False, style=_STYLE, layout=_LAYOUT),
    }

    # A lever moved back shows its run again without rerunning the experiment.
    run = functools.lru_cache(maxsize=64)(pilot_result)

    def compute(margin_per_deal: int, **values: object) -> ExperimentResult:
        return run(**values, seed=seed)  # the margin only moves the money line

    drawing = ExperimentFigure()

    def render(result: ExperimentResult) -> None:
        print(headline_numbers(result, controls["margin_per_deal"].value))
        show_live(drawing, result)

    board = Dashboard(controls, compute, render)
    board.drawing = drawing
    return board
