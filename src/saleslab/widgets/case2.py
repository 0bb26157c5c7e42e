"""Case 2 dashboard: the levers of complaint handling and what they do to churn.

The trainer (or a learner) sets the resolution-time target, the number of complaint
handlers, and switches fast feedback and customer records on or off; the dashboard reruns
the 12-month experiment and redraws the survival curves, churn by group and the headline
numbers, money included: the net value and payback of the change at its cost, drawn from
this run's interval (one test is what a manager has; the notebook repeats the test).

>>> board = complaints_dashboard()
>>> board.controls["fast_feedback"].value = False
>>> board.controls["customer_records"].value = False
>>> board.result.process.label
'old process'
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd

from ..cases import complaints
from ..cases.complaints_value import Costs, money_from_run
from ..cases.common import ExperimentResult
from ..cases.complaints_plots import DashboardFigure
from ..i18n import _
from ..improvement.compare import signed_percent
from ..improvement.value import ValueSummary
from ..plots import count, money, percent
from .core import Dashboard, show_live, table_key

_STYLE = {"description_width": "16em"}
_LAYOUT = widgets.Layout(width="38em")


@dataclass(frozen=True)
class ComplaintsView:
    """What the dashboard shows: the experiment, its survival check, the team's process and
    the money at these levers."""

    experiment: ExperimentResult
    survival: complaints.SurvivalCheck
    process: complaints.Process
    value: ValueSummary


def complaints_view(seed: int = 0, resolution_target_days: float = 2.0, handlers: int = 3,
                    fast_feedback: bool = True, customer_records: bool = True,
                    handler_monthly: float = Costs.handler_monthly,
                    people: pd.DataFrame | None = None) -> ComplaintsView:
    """One run of the case 2 experiment at these levers (the course's 3,000 customers split
    in half), with its hazard ratio, the intervention team's process and the money
    (``handler_monthly``: what a handler costs a month, CNY).

    >>> complaints_view(resolution_target_days=10.0).experiment.effect > complaints_view().experiment.effect
    True
    """
    people = complaints.population() if people is None else people
    run = _run(seed, resolution_target_days, handlers, fast_feedback, customer_records, people)
    return _priced(run, handler_monthly)


def _run(seed: int, resolution_target_days: float, handlers: int, fast_feedback: bool,
         customer_records: bool, people: pd.DataFrame) -> tuple:
    """The part of the view that needs a simulation: the experiment, its survival check,
    the process and the levers (the money is priced on top, cheaply)."""
    chosen = {"resolution_target_days": resolution_target_days, "handlers": handlers,
              "fast_feedback": fast_feedback, "customer_records": customer_records}
    experiment = complaints.run_experiment(seed, people=people, **chosen)
    return (experiment, complaints.check_survival(experiment.units),
            complaints.intervention_process(people, **chosen), chosen)


def _priced(run: tuple, handler_monthly: float) -> ComplaintsView:
    experiment, survival, process, chosen = run
    value = money_from_run(experiment, Costs(handler_monthly=handler_monthly), chosen["handlers"],
                           chosen["fast_feedback"], chosen["customer_records"])
    return ComplaintsView(experiment, survival, process, value)


def headline_numbers(view: ComplaintsView) -> str:
    """The numbers the room argues about, one line each.

    >>> print(headline_numbers(complaints_view()).splitlines()[0])
    12-month churn 20.4% → 14.3% (-30%, 95% CI -40% to -18%)
    """
    result, units = view.experiment, view.experiment.units
    low, high = result.effect_ci
    resolved = units.groupby("arm")["first_resolution_days"].median()
    leavers = units[units["churned"]].groupby("arm")
    left, spend = leavers.size(), leavers["monthly_spend"].sum()
    load = percent(view.process.load, digits=0)
    if not view.process.handlers:
        workload = _("no complaint team (old process)")
    elif view.process.load < 1:
        workload = _("team workload {load} of capacity").format(load=load)
    else:
        workload = _("team overloaded ({load} of capacity): the backlog grows").format(load=load)
    return "\n".join([
        _("12-month churn {base} → {new} ({effect}, 95% CI {low} to {high})").format(
            base=percent(result.baseline), new=percent(result.intervention),
            effect=signed_percent(result.effect), low=signed_percent(low), high=signed_percent(high)),
        view.survival.headline(),
        _("Median resolution {old:.1f} days (old) vs {new:.1f} days (new); {workload}").format(
            old=resolved.get("baseline"), new=resolved.get("intervention"), workload=workload),
        _("Customers who left: {old} (old) vs {new} (new) of {total} each; their monthly spend "
          "{old_spend} vs {new_spend}").format(
            old=count(left.get("baseline", 0)), new=count(left.get("intervention", 0)),
            total=count(result.n_intervention), old_spend=money(spend.get("baseline", 0.0)),
            new_spend=money(spend.get("intervention", 0.0))),
        view.value.headline(),
        view.value.reason(),
    ])


def complaints_dashboard(seed: int = 0) -> Dashboard:
    """Controls for the case's levers; shows :func:`headline_numbers` and the survival
    curves beside churn by group."""
    people = complaints.population()
    controls = {
        "resolution_target_days": widgets.FloatSlider(
            value=2.0, min=0.5, max=14.0, step=0.5, readout_format=".1f",
            description=_("Resolution target (days)"), continuous_update=False, style=_STYLE,
            layout=_LAYOUT),
        "handlers": widgets.IntSlider(value=3, min=1, max=8, description=_("Complaint handlers"),
                                      continuous_update=False, style=_STYLE, layout=_LAYOUT),
        "fast_feedback": widgets.Checkbox(value=True, description=_("Fast feedback mechanism"),
                                          style=_STYLE, layout=_LAYOUT),
        "customer_records": widgets.Checkbox(value=True, description=_("Customer records"),
                                             style=_STYLE, layout=_LAYOUT),
        "handler_monthly": widgets.IntSlider(
            value=int(Costs.handler_monthly), min=3_000, max=15_000, step=500,
            description=_("A handler's cost a month (¥)"), continuous_update=False, style=_STYLE,
            layout=_LAYOUT),
        "seed": widgets.BoundedIntText(value=seed, min=0, max=99_999,
                                       description=_("Random seed (another year)"), style=_STYLE,
                                       layout=_LAYOUT),
    }

    runs: dict[tuple, tuple] = {}  # a cost lever reprices the run it does not change

    def compute(handler_monthly: float, **levers: object) -> ComplaintsView:
        key = tuple(levers.values())
        if key not in runs:
            if len(runs) >= 64:  # a long session of lever moves keeps its memory bounded
                runs.clear()
            runs[key] = _run(people=people, **levers)
        return _priced(runs[key], handler_monthly)

    # One kept figure, moved in place; a cost lever leaves the experiment, and so the
    # figure, as it was: its PNG is reused.
    drawing = DashboardFigure()
    drawing.key = table_key

    def render(view: ComplaintsView) -> None:
        print(headline_numbers(view))
        show_live(drawing, view.experiment.units)

    board = Dashboard(controls, compute, render)
    board.drawing = drawing
    return board
