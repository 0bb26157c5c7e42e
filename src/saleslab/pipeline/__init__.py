"""Module 5: running the pipeline and the team (团队协作, 激励机制).

The lead-to-cash map and its handoffs, the weekly pipeline review and CRM hygiene, a
forecast with measured accuracy and an interval, coverage like with like, capacity with
ramp and attrition, quota guardrails, coaching questions and incentive behaviour.

>>> from saleslab.data import SNAPSHOT, load
>>> pipe = pipeline_at(load("crm_events"), load("crm_opportunities"), load("crm_deal_updates"), SNAPSHOT)
>>> sorted(pipe["stage"].unique())
['negotiation', 'proposal', 'qualified']
"""

from ._state import FORECAST_STAGES, pipeline_at
from .capacity import (CapacityPlan, Staffing, attrition_rate, capacity_plan, current_tenure, hires_to_cover,
                       hiring_lead_days, reps_needed, roster_line, staffing)
from .coaching import CoachingNote, coaching_notes
from .coverage import Coverage, coverage, qualified_win_rate
from .forecast import (CATEGORY_OF_STAGE, Backtest, ForecastInterval, backtest, categories, in_period,
                       interval, quarter_starts, simulate, weighted)
from .handoffs import LANES, handoff_summary, plot_swimlanes, sla_weekly
from .incentives import IncentiveOutcome, simulate_plan, won_deals
from .plots import plot_backtest, plot_capacity, plot_guardrails
from .quotas import growth_spread, team_split, territory_balance, with_guardrails
from .review import FLAGS, RepHealth, flag_deals, rep_health, review_list, stage_norms
from .winloss import EXIT_CRITERIA, exit_criteria_review, won_paths

__all__ = [
    "CATEGORY_OF_STAGE", "EXIT_CRITERIA", "FLAGS", "FORECAST_STAGES", "LANES", "Backtest",
    "CapacityPlan", "CoachingNote", "Coverage", "Staffing", "ForecastInterval", "IncentiveOutcome",
    "RepHealth", "attrition_rate", "backtest", "capacity_plan", "categories", "coaching_notes",
    "current_tenure", "coverage", "exit_criteria_review", "flag_deals", "growth_spread",
    "handoff_summary", "hires_to_cover", "hiring_lead_days", "in_period", "interval", "pipeline_at",
    "plot_backtest", "plot_capacity", "plot_guardrails", "plot_swimlanes", "qualified_win_rate",
    "quarter_starts", "rep_health", "reps_needed", "review_list", "roster_line", "simulate", "simulate_plan",
    "sla_weekly", "staffing", "stage_norms", "team_split", "territory_balance", "weighted",
    "with_guardrails", "won_deals", "won_paths",
]
