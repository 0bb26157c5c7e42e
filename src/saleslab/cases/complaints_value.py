"""Case 2 in money: what the complaint team costs against the spend of the customers it keeps.

Costs (assumptions a trainer can change, in CNY): each complaint handler costs
``handler_monthly`` a month (salary and overhead); setting the team up (hotline, training)
costs ``team_setup`` once; customer records cost ``records_setup`` once and
``records_monthly`` a month. Value: a customer who stays keeps buying; we count a kept
customer as ``kept_years`` years of their spend at the retailer's gross ``margin`` (beyond
two years a customer's future is too uncertain to bank on). A run of the experiment keeps
some customers (fewer leavers in the intervention arm than in the baseline arm, per
customer); each month of running the change keeps that month's share of them, so its
monthly gain is ``spend kept`` × ``margin`` × ``kept_years`` (the spend kept is the monthly
spend of the customers kept over the year). Repeated runs give the spread, and
:func:`saleslab.improvement.value.value_of_change` turns it into net value, payback and a
decision. In real life there is one test: :func:`money_from_run` draws the gain from that
run's interval instead.

>>> costs = Costs()
>>> costs.monthly(handlers=3, fast_feedback=True, customer_records=True)
23000.0
>>> costs.one_off(fast_feedback=True, customer_records=True)
80000.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..improvement.value import ValueSummary, interval_draws, value_of_change
from .common import ExperimentResult
from ..tabledisplay import fields_pretty
from ..validate import check_frame, check_positive, check_rate

#: Months the decision looks ahead: the year the experiment follows.
HORIZON_MONTHS = 12


@dataclass(frozen=True)
class Costs:
    """The change's costs and the value of a kept customer, in CNY."""

    handler_monthly: float = 7_000.0
    team_setup: float = 20_000.0
    records_setup: float = 60_000.0
    records_monthly: float = 2_000.0
    margin: float = 0.35
    kept_years: float = 2.0
    _repr_pretty_ = fields_pretty  # the Chinese edition names each field in Chinese too

    def __post_init__(self) -> None:
        for name in ("handler_monthly", "team_setup", "records_setup", "records_monthly",
                     "kept_years"):
            check_positive(name, getattr(self, name), allow_zero=True)
        check_rate("margin", self.margin)

    def gain(self, spend_kept: np.ndarray | pd.Series | float) -> np.ndarray:
        """Monthly gain (CNY) from the monthly spend of the customers kept.

        >>> Costs().gain(10_000.0).item()
        7000.0
        """
        return np.asarray(spend_kept, dtype=float) * self.margin * self.kept_years

    def monthly(self, handlers: int, fast_feedback: bool, customer_records: bool) -> float:
        """Running cost a month: the handlers (with fast feedback) and the records licence."""
        team = handlers * self.handler_monthly if fast_feedback else 0.0
        return float(team + (self.records_monthly if customer_records else 0.0))

    def one_off(self, fast_feedback: bool, customer_records: bool) -> float:
        """Set-up cost: the team and the customer records, each when switched on."""
        return float((self.team_setup if fast_feedback else 0.0)
                     + (self.records_setup if customer_records else 0.0))


def spend_lost(units: pd.DataFrame) -> pd.Series:
    """Per arm: the monthly spend of the customers who left, per customer of the arm (CNY).

    >>> units = pd.DataFrame({"arm": ["baseline", "baseline", "intervention", "intervention"],
    ...                       "churned": [True, False, False, False], "monthly_spend": [600.0, 400, 500, 300]})
    >>> spend_lost(units).tolist()
    [300.0, 0.0]
    """
    frame = check_frame("units", units, ("arm", "churned", "monthly_spend"))
    lost = frame["monthly_spend"].where(frame["churned"], 0.0)
    return lost.groupby(frame["arm"], sort=True).mean()


def spend_kept(units: pd.DataFrame) -> float:
    """Monthly spend of the customers the change kept in one run (CNY): spend lost per
    customer, baseline − intervention, times the intervention arm's customers.

    >>> units = pd.DataFrame({"arm": ["baseline", "baseline", "intervention", "intervention"],
    ...                       "churned": [True, False, False, False], "monthly_spend": [600.0, 400, 500, 300]})
    >>> spend_kept(units)
    600.0
    """
    lost = spend_lost(units)
    treated = int((units["arm"] == "intervention").sum())
    return float((lost["baseline"] - lost["intervention"]) * treated)


def money(spend: np.ndarray | pd.Series, costs: Costs, handlers: int, fast_feedback: bool,
          customer_records: bool, horizon_months: int = HORIZON_MONTHS) -> ValueSummary:
    """Net value and payback over ``horizon_months`` from the repeated runs' monthly
    ``spend`` kept (column ``spend_kept`` of ``complaints.repeat_experiment``), at these
    levers' costs.

    >>> money(np.array([40_000.0, 44_000.0]), Costs(), 2, True, True).decision
    'adopt'
    """
    return value_of_change(costs.gain(spend),
                           one_off_cost=costs.one_off(fast_feedback, customer_records),
                           monthly_cost=costs.monthly(handlers, fast_feedback, customer_records),
                           horizon_months=horizon_months)


def money_from_run(result: ExperimentResult, costs: Costs, handlers: int, fast_feedback: bool,
                   customer_records: bool, draws: int = 2_000, seed: int = 0) -> ValueSummary:
    """The same money from one run, as a manager with one test sees it: the churn ratio is
    drawn from its 95% interval (normal on the log scale), applied to the baseline's spend
    lost, for the intervention arm's customers.

    >>> from saleslab.cases import complaints
    >>> summary = money_from_run(complaints.run_experiment(seed=0), Costs(), 2, True, True)
    >>> summary.runs
    2000
    """
    log_ci = tuple(math.log1p(bound) for bound in result.effect_ci)
    ratio = np.exp(interval_draws(math.log1p(result.effect), log_ci, draws, seed))
    lost = spend_lost(result.units)["baseline"]
    return money(lost * (1 - ratio) * result.n_intervention, costs, handlers, fast_feedback,
                 customer_records)
