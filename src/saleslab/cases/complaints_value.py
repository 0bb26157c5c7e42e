"""Case 2 in money: what the complaint team costs against the spend of the customers it keeps.

Costs (assumptions a trainer can change, in CNY): each complaint handler costs
``handler_monthly`` a month (salary and overhead); setting the team up (hotline, training)
costs ``team_setup`` once; customer records cost ``records_setup`` once and
``records_monthly`` a month. Value: a customer who stays keeps buying; we count a kept
customer as one year of their spend at the retailer's gross ``margin``. A run of the
experiment keeps some customers (fewer leavers in the intervention arm than in the
baseline arm, per customer); its monthly gain is the margin on the monthly spend of the
customers kept. Repeated runs give the spread, and
:func:`saleslab.improvement.value.value_of_change` turns it into net value, payback and a
decision.

>>> costs = Costs()
>>> costs.monthly(handlers=3, fast_feedback=True, customer_records=True)
26000.0
>>> costs.one_off(fast_feedback=True, customer_records=True)
80000.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..improvement.value import ValueSummary, value_of_change
from ..validate import check_frame, check_positive, check_rate

#: Months the decision looks ahead: the year the experiment follows.
HORIZON_MONTHS = 12


@dataclass(frozen=True)
class Costs:
    """The change's costs and the value of a kept customer, in CNY."""

    handler_monthly: float = 8_000.0
    team_setup: float = 20_000.0
    records_setup: float = 60_000.0
    records_monthly: float = 2_000.0
    margin: float = 0.35

    def __post_init__(self) -> None:
        for name in ("handler_monthly", "team_setup", "records_setup", "records_monthly"):
            check_positive(name, getattr(self, name), allow_zero=True)
        check_rate("margin", self.margin)

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


def monthly_gain(units: pd.DataFrame, margin: float) -> float:
    """Margin a month on the spend the change kept, for the customers of the intervention
    arm: (spend lost per customer, baseline − intervention) × customers × ``margin``.

    >>> units = pd.DataFrame({"arm": ["baseline", "baseline", "intervention", "intervention"],
    ...                       "churned": [True, False, False, False], "monthly_spend": [600.0, 400, 500, 300]})
    >>> monthly_gain(units, margin=0.5)
    300.0
    """
    lost = spend_lost(units)
    treated = int((units["arm"] == "intervention").sum())
    return float((lost["baseline"] - lost["intervention"]) * treated * check_rate("margin", margin))


def money(gains: np.ndarray | pd.Series, costs: Costs, handlers: int, fast_feedback: bool,
          customer_records: bool, horizon_months: int = HORIZON_MONTHS) -> ValueSummary:
    """Net value and payback over ``horizon_months`` from the repeated runs' monthly
    ``gains`` (from :func:`monthly_gain`), at these levers' costs.

    >>> money(np.array([30_000.0, 34_000.0]), Costs(), 3, True, True).decision
    'adopt'
    """
    return value_of_change(np.asarray(gains, dtype=float),
                           one_off_cost=costs.one_off(fast_feedback, customer_records),
                           monthly_cost=costs.monthly(handlers, fast_feedback, customer_records),
                           horizon_months=horizon_months)
