"""Module 1 widget: a growth target and an allocation method → quotas, months, feasibility.

>>> import pandas as pd
>>> from saleslab.data import SNAPSHOT, load
>>> from saleslab.funnel import rep_rates
>>> rates = rep_rates(load("crm_events"), load("crm_opportunities"), SNAPSHOT)
>>> board = target_planner(load("sales_history"), load("territories"), rates)
>>> board.controls["growth"].value = 0.2
>>> board.result.growth
0.2
"""

from __future__ import annotations

import functools

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from ..i18n import N_, _
from ..plots import money, percent
from ..targets.plan import AnnualPlan, annual_plan
from ..targets.plots import FeasibilityFigure, MonthlyPlanFigure
from .core import Dashboard, percent_slider, show_live, table_key

#: The split methods of annual_plan, as the menu names them.
METHODS = {"history": N_("History"), "potential": N_("Potential"), "blend": N_("Blend")}


def allocation_view(plan: AnnualPlan, teams: pd.Series | None = None) -> pd.DataFrame:
    """The allocation as a manager reads it: money and percentages as text, one row per rep,
    with each rep's team from ``teams`` (a Series by rep, e.g. the territories' ``team``).

    >>> history = pd.DataFrame({"month": pd.date_range("2025-01-01", periods=12, freq="MS"),
    ...                         "rep": "R01", "bookings": 1e6})
    >>> terr = pd.DataFrame({"rep": ["R01"], "potential": [2e7]})
    >>> rates = pd.DataFrame({"pipeline_per_year": [6e7], "win_rate": [0.25]}, index=["R01"])
    >>> allocation_view(annual_plan(history, terr, rates, growth=0.1)).iloc[0].tolist()
    ['', '¥12M', '¥20M', '¥13.2M', '+10%', 'achievable']
    """
    table = plan.allocation.join(plan.feasibility[["status"]])
    return pd.DataFrame({
        _("Team"): "" if teams is None else teams.reindex(table.index).fillna("").astype(str),
        _("Last year"): table["last_year"].map(money),
        _("Potential"): table["potential"].map(money),
        _("Quota"): table["quota"].map(money),
        _("Growth"): table["growth"].map(lambda g: "–" if pd.isna(g) else ("+" if g >= 0 else "") + percent(g, 0)),
        _("Pipeline check"): table["status"].map(_),
    }, index=table.index)


def target_planner(history: pd.DataFrame, territories: pd.DataFrame, rates: pd.DataFrame) -> Dashboard:
    """Growth slider and method menu; shows the feasibility chart, the monthly plan and the
    allocation table for the chosen target. Both figures are kept (``board.drawings``) and
    moved in place, each only when its table changes (the monthly plan not when the split
    moves)."""
    controls = {
        "growth": percent_slider(_("Growth on last year"), 0.10, 0.0, 0.4, 0.01),
        "by": widgets.Dropdown(options=[(_(label), m) for m, label in METHODS.items()], value="blend",
                               description=_("Split by"), style={"description_width": "14em"}),
    }

    def compute(growth: float, by: str) -> AnnualPlan:
        return annual_plan(history, territories, rates, growth=growth, by=by)

    feasibility, monthly = FeasibilityFigure(), MonthlyPlanFigure()
    feasibility.key = monthly.key = table_key

    @functools.cache
    def ends(by: str) -> tuple[AnnualPlan, AnnualPlan]:
        """The plans at both ends of the growth slider, split ``by``."""
        growth = controls["growth"]
        return compute(growth.min, by), compute(growth.max, by)

    # limits that hold the whole growth range from the first drawing: moving the target
    # then redraws only the bars (a new split reorders the reps and rescales the chart,
    # so the feasibility chart is covered again for it)
    monthly.cover(lambda: [each.monthly for each in ends(controls["by"].value)])
    covered = ""  # the split whose growth range the feasibility chart's limits hold

    def render(plan: AnnualPlan) -> None:
        nonlocal covered
        if controls["by"].value != covered:
            covered = controls["by"].value
            feasibility.cover(lambda by=covered: [each.feasibility for each in ends(by)])
        print(plan.headline())
        show_live(feasibility, plan.feasibility)
        show_live(monthly, plan.monthly)
        display(allocation_view(plan, territories.set_index("rep")["team"]))

    board = Dashboard(controls, compute, render)
    board.drawings = (feasibility, monthly)
    return board
