"""Case 1 in money: is the follow-up change worth it for one team, and is hiring?

A won deal is worth its margin (:data:`MARGIN_PER_DEAL`); the change costs a CRM set-up
and its seats, and the extra calls take reps' time away from selling; two more reps cost
their pay. The extra deals a month come from the pilot's measured effect: from many
repeated runs (:func:`value_of_runs`, ``followup.repeat_experiment``) or, on the dashboard,
from draws of one pilot's team-aware interval (:func:`value_of_result`). Either way
:func:`saleslab.improvement.value_of_change` turns them into net value over a year, its
spread, the chance of a loss, the payback, and adopt / adapt / abandon.

>>> from saleslab.cases import followup
>>> summary = value_of_runs(followup.repeat_experiment(runs=3, size=600))
>>> summary.decision, summary.runs
('adopt', 3)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.stats import t

from ..improvement import ValueSummary, value_of_change
from ..validate import check_number, check_positive
from .common import ExperimentResult
from .followup import CURRENT_PRACTICE, ENVIRONMENT, team_check

#: Gross margin on a won deal (¥): a median deal of about ¥150k at a 20% margin.
MARGIN_PER_DEAL = 30_000.0
#: A rep's time, per hour (¥), and the minutes one follow-up call takes.
REP_HOUR_COST = 150.0
CALL_MINUTES = 15.0
#: Working days a month.
DAYS_PER_MONTH = 21
#: The change for one team of 10: CRM set-up and two days of training once, seats monthly.
CHANGE_COSTS = {"one_off_cost": 150_000.0, "monthly_cost": 10 * 400.0}
#: Hiring two reps: recruiting once, their pay and seats monthly.
HIRE_COSTS = {"one_off_cost": 40_000.0, "monthly_cost": 2 * 22_000.0}
HORIZON_MONTHS = 12
#: Draws of the effect from one pilot's interval (the dashboard's money).
DRAWS = 2_000


def monthly_gain(base_rate: float, effect: np.ndarray, extra_calls: np.ndarray | float,
                 margin_per_deal: float = MARGIN_PER_DEAL,
                 leads_per_day: float = ENVIRONMENT["leads_per_day"]) -> np.ndarray:
    """One team's money a month from a relative ``effect`` on a close rate of ``base_rate``:
    extra deals × margin, less the reps' time for ``extra_calls`` per lead.

    >>> monthly_gain(0.09, np.array([0.3]), 0.0, leads_per_day=20).round().tolist()
    [340200.0]
    """
    margin = check_positive("margin_per_deal", margin_per_deal)
    leads = check_positive("leads_per_day", leads_per_day) * DAYS_PER_MONTH
    deals = check_number("base_rate", base_rate) * np.asarray(effect, dtype=float) * leads
    calls = np.asarray(extra_calls, dtype=float) * leads * CALL_MINUTES / 60 * REP_HOUR_COST
    return deals * margin - calls


def value_of_runs(runs: pd.DataFrame, margin_per_deal: float = MARGIN_PER_DEAL,
                  costs: dict[str, float] | None = None,
                  horizon_months: int = HORIZON_MONTHS) -> ValueSummary:
    """Net value for one team from repeated pilots (``followup.repeat_experiment``): each
    run's effect on its own baseline rate, its extra calls, and ``costs`` (default
    :data:`CHANGE_COSTS`; :data:`HIRE_COSTS` for hiring two reps)."""
    if not isinstance(runs, pd.DataFrame) or not {"baseline", "effect", "extra_calls"} <= set(runs.columns):
        raise TypeError("`runs` must be the table of followup.repeat_experiment")
    gains = monthly_gain(runs["baseline"].mean(), runs["effect"].to_numpy(),
                         runs["extra_calls"].to_numpy(), margin_per_deal)
    return value_of_change(gains, horizon_months=horizon_months, **(costs or CHANGE_COSTS))


def value_of_result(result: ExperimentResult, margin_per_deal: float = MARGIN_PER_DEAL,
                    seat_cost: float = CHANGE_COSTS["monthly_cost"] / 10,
                    leads_per_day: float = ENVIRONMENT["leads_per_day"],
                    team_size: int = CURRENT_PRACTICE["team_size"]) -> ValueSummary | None:
    """Net value for one team from one pilot: effects drawn from its team-aware interval (a
    t distribution on the log ratio with its degrees of freedom), CRM seats for
    ``team_size`` reps. ``None`` when the pilot has no interval (one team per arm).

    >>> from saleslab.cases import followup
    >>> value_of_result(followup.run_experiment(seed=1, size=800)).runs
    2000
    """
    check = team_check(result)
    if not check.estimable:
        return None
    low, high = check.ratio_ci
    df = sum(check.clusters) - 1
    spread = math.log(high / low) / (2 * t.ppf(1 - check.alpha / 2, df))
    rng = np.random.default_rng(0)  # the same draws on every redraw: only the levers move
    ratios = np.exp(math.log(check.ratio) + spread * rng.standard_t(df, DRAWS))
    calls = result.units.groupby("arm")["attempts"].mean()
    gains = monthly_gain(result.baseline, ratios - 1, calls["intervention"] - calls["baseline"],
                         margin_per_deal, leads_per_day)
    seats = check_positive("seat_cost", seat_cost) * team_size
    return value_of_change(gains, one_off_cost=CHANGE_COSTS["one_off_cost"], monthly_cost=seats,
                           horizon_months=HORIZON_MONTHS)
