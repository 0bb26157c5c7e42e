"""Module 3: monitoring and evaluation (销售绩效的监控与评估).

Control charts that separate a real change from week-to-week noise (NIST/SEMATECH
e-Handbook, chapter 6.3), run rules, CUSUM and EWMA for slow drifts, rep scorecards and
alerts, and a simulation of what reacting to noise costs.

>>> from saleslab import monitoring
>>> chart = monitoring.individuals_chart([52, 48, 50, 51, 49, 50, 63])
>>> chart["signal"].tolist()
[False, False, False, False, False, False, True]
"""

from __future__ import annotations

from .alerting import Expectation, alerts, expected_false_alarms
from .charts import (
    c_chart,
    individuals_chart,
    laney_p_chart,
    moving_range_chart,
    np_chart,
    p_chart,
    u_chart,
)
from .drift import cusum, ewma
from .explore import (
    EXPLORER_CHARTS,
    relimit,
    RULE_CHOICES,
    Exploration,
    explore_kpi,
    match_planted,
    planted_delays,
    plot_exploration,
)
from .noise import CHARTS, RunLength, detection_table, run_length
from .plots import chart_finding, plot_control_chart
from .rules import RULE_SETS, nelson, rule_signals, run_rules, western_electric
from .scorecards import (
    KPI_COLUMNS,
    KPI_LABELS,
    LAGGING,
    LEADING,
    compare_with_team,
    scorecard,
)
from .seasons import as_taught, holidays_in, team_season

__all__ = [
    "CHARTS", "EXPLORER_CHARTS", "Expectation", "Exploration", "as_taught",
    "expected_false_alarms", "holidays_in", "relimit", "team_season", "KPI_COLUMNS", "KPI_LABELS", "LAGGING",
    "LEADING", "RULE_CHOICES", "RULE_SETS", "RunLength", "alerts", "c_chart", "chart_finding",
    "compare_with_team", "cusum", "detection_table", "ewma", "explore_kpi",
    "individuals_chart", "laney_p_chart", "match_planted", "moving_range_chart", "nelson",
    "np_chart", "p_chart", "planted_delays", "plot_control_chart", "plot_exploration",
    "rule_signals", "run_length", "run_rules", "scorecard", "u_chart", "western_electric",
]
