"""Module 5 widgets: how many reps the target needs month by month, and what an incentive
plan's cliff does to bookings.

>>> import pandas as pd
>>> board = capacity_planner(pd.Series([1.0] * 12, index=range(1, 13)), reps=10)
>>> board.controls["growth"].value = 0.0
>>> board.controls["attrition"].value = 0.0
>>> board.result.plan.short_months
0
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import pandas as pd

from .. import pipeline
from ..i18n import _
from ..pipeline.plots import CapacityFigure
from .core import Dashboard, percent_slider, show_live


def _whole_slider(description: str, value: int, low: int, high: int) -> widgets.IntSlider:
    return widgets.IntSlider(value=value, min=low, max=high, description=description, continuous_update=False,
                             style={"description_width": "14em"}, layout=widgets.Layout(width="34em"))


def capacity_planner(need_per_rep: pd.Series, reps: int | Sequence[int], growth: float = 0.10,
                     ramp_months: int = 4, attrition: float = 0.2, lead_months: int = 3) -> Dashboard:
    """Sliders for growth, ramp, attrition, hiring lead time and extra hires; shows the reps'
    worth of selling the target needs each month against the capacity on the payroll.

    ``need_per_rep`` is the need each month at zero growth, in reps (usually the current team
    size every month); ``reps`` the current team (a count, or each rep's months in the seat).
    """
    controls = {
        "growth": percent_slider(_("Growth on last year"), growth, 0.0, 0.4, 0.01),
        "ramp_months": _whole_slider(_("Months to full speed"), ramp_months, 1, 12),
        "attrition": percent_slider(_("Reps leaving per year"), round(attrition, 2), 0.0, 0.4, 0.01),
        "lead_months": _whole_slider(_("Months to fill a seat"), lead_months, 0, 9),
        "hires": _whole_slider(_("Extra hires started today"), 0, 0, 20),
    }

    def compute(growth: float, ramp_months: int, attrition: float, lead_months: int,
                hires: int) -> pipeline.Staffing:
        return pipeline.staffing(need_per_rep * (1 + growth), reps, ramp_months, attrition, lead_months, hires)

    drawing = CapacityFigure()

    def render(result: pipeline.Staffing) -> None:
        print(result)
        show_live(drawing, result.plan)

    board = Dashboard(controls, compute, render)
    board.drawing = drawing  # moved in place, as every course dashboard
    return board


def incentive_explorer(won: pd.DataFrame) -> Dashboard:
    """Sliders for how often reps hold deals back or pull them in, and the discount; shows how
    often quota is hit as deals came and as booked, and what the pulled deals cost.

    >>> won = pd.DataFrame({"rep": ["A"] * 2, "value": [100.0, 10.0], "days_left": [40, 3],
    ...     "quarter": pd.to_datetime(["2026-01-01"] * 2)})
    >>> board = incentive_explorer(won)
    >>> board.controls["hold_back"].value = 0.0
    >>> board.result.held_back
    0.0
    """
    controls = {
        "hold_back": percent_slider(_("Reps at quota hold deals back"), 0.5, 0.0, 1.0, 0.05),
        "pull_in": percent_slider(_("Reps near quota pull deals in"), 0.5, 0.0, 1.0, 0.05),
        "discount": percent_slider(_("Discount to pull a deal in"), 0.1, 0.0, 0.3, 0.01),
    }

    def compute(hold_back: float, pull_in: float, discount: float) -> pipeline.IncentiveOutcome:
        return pipeline.simulate_plan(won, hold_back=hold_back, pull_in=pull_in, discount=discount)

    def render(outcome: pipeline.IncentiveOutcome) -> None:
        print(outcome)

    return Dashboard(controls, compute, render)
