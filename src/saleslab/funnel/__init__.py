"""Module 2: the sales funnel measured from a CRM stage log.

Stage conversion on cohorts, where deals are lost, time in stage and sales cycle with open
deals censored (Kaplan–Meier), the stage with the lowest rate, sales velocity, a weighted forecast, win
probability from each stage (absorbing Markov chain) and what-if designs.

>>> from saleslab.data import load
>>> weakest_stage(stage_conversion(load("crm_events")))
'proposal'
"""

from ._log import OUTCOMES, STAGES
from .conversion import end_to_end, stage_conversion, weakest_stage, where_lost
from .forecast import (FunnelOutcome, MeasuredFunnel, design_from_log, design_outcome, measured_funnel, sales_velocity,
                       weighted_forecast, what_if, forecast_line)
from .asof import CrmAsOf, as_of
from .levers import bookings_gain, rep_stage_rates, stage_levers
from .markov import AbsorbingChain, absorbing_chain, direct_win_rate, transition_counts
from .reps import rep_rates
from .plots import plot_design, plot_funnel, plot_open_deal_survival, plot_time_in_stage
from .story import cycle_gap_story, cycle_story, lever_story, loss_story, points_story, reasons_story, time_story
from .timing import (cycle_times, km_median, open_deal_survival, sales_cycle, stage_visits,
                     time_in_stage)

__all__ = [
    "OUTCOMES", "STAGES", "CrmAsOf", "as_of", "bookings_gain", "cycle_gap_story", "cycle_story", "lever_story", "loss_story",
    "points_story", "reasons_story", "rep_stage_rates", "stage_levers", "time_story", "AbsorbingChain", "FunnelOutcome", "MeasuredFunnel", "measured_funnel", "absorbing_chain",
    "cycle_times", "design_from_log", "design_outcome", "direct_win_rate", "end_to_end",
    "km_median", "open_deal_survival", "plot_design", "plot_funnel",
    "plot_open_deal_survival", "plot_time_in_stage", "rep_rates", "sales_cycle", "sales_velocity", "stage_conversion",
    "stage_visits", "time_in_stage", "transition_counts", "weakest_stage", "weighted_forecast", "what_if", "forecast_line",
    "where_lost",
]
