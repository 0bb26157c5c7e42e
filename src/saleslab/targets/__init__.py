"""Module 1: target setting and decomposition (目标设定与分解)."""

from __future__ import annotations

from .allocate import allocate, allocate_hierarchy, fair_share, top_down, unit_table

__all__ = ["allocate", "allocate_hierarchy", "fair_share", "top_down", "unit_table"]
from .phasing import monthly_phasing, monthly_plan, seasonality
from .bottom_up import (PipelineCoverage, ReverseFunnel, feasibility, gap, pipeline_coverage,
                        rep_capacity, reverse_funnel)
from .smart import SmartCheck, Target, smart_check
