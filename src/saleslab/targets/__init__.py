"""Module 1: target setting and decomposition (目标设定与分解).

- :mod:`~saleslab.targets.smart`: write a target down and check it is SMART;
- :mod:`~saleslab.targets.allocate`: split it top-down over regions, teams and reps;
- :mod:`~saleslab.targets.phasing`: spread it over the months;
- :mod:`~saleslab.targets.bottom_up`: check it bottom-up through the funnel, per rep;
- :mod:`~saleslab.targets.plots`: the figures.

>>> from saleslab import targets
>>> targets.allocate(10, {"Ann": 1, "Bo": 1, "Cy": 1}).tolist()
[4, 3, 3]
>>> targets.reverse_funnel(12_000_000, 100_000, 0.25, 0.2, 0.1).stages["total"].tolist()
[120.0, 480.0, 2400.0, 24000.0]
"""

from __future__ import annotations

from .allocate import allocate, allocate_hierarchy, fair_share, top_down, unit_table
from .bottom_up import (
    PipelineCoverage,
    ReverseFunnel,
    feasibility,
    gap,
    pipeline_coverage,
    rep_capacity,
    reverse_funnel,
)
from .phasing import monthly_phasing, monthly_plan, seasonality
from .plots import plot_allocation, plot_feasibility, plot_gap, plot_monthly_plan
from .smart import DRIVEN_METRICS, SmartCheck, Target, data_problems, smart_check
from .plan import plan_start
from .story import growth_story, quota_total_line, rises_story, target_line

__all__ = [
    "data_problems", "growth_story", "plan_start", "quota_total_line", "rises_story", "target_line",
    "DRIVEN_METRICS",
    "PipelineCoverage",
    "ReverseFunnel",
    "SmartCheck",
    "Target",
    "allocate",
    "allocate_hierarchy",
    "fair_share",
    "feasibility",
    "gap",
    "monthly_phasing",
    "monthly_plan",
    "pipeline_coverage",
    "plot_allocation",
    "plot_feasibility",
    "plot_gap",
    "plot_monthly_plan",
    "rep_capacity",
    "reverse_funnel",
    "seasonality",
    "smart_check",
    "top_down",
    "unit_table",
]
