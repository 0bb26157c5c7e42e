"""Incentives and the behaviour they drive: a small simulation on the won deals of the data.

A plan that pays only on results, with a cliff at quota, invites two moves near a quarter's
end. A rep already at quota holds deals back into the next quarter (*sandbagging*: they
count toward the next quota). A rep just short of quota pulls deals from the next quarter
into this one with a discount (*pushing*). Each rep-quarter is replayed: the deals of the
last ``window_days`` of the quarter may be held back with chance ``hold_back``, and when the
rep ends between ``reach`` and 100% of quota, deals of the first ``window_days`` of the next
quarter are pulled in with chance ``pull_in`` at ``discount``. The chances are assumptions a
manager sets from experience (the sliders); the deals, their sizes and dates are the data's.
A plan that pays on process and without a cliff lowers both chances.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import _
from ..plots import money, percent
from ..validate import check_frame, check_positive, check_rate, check_seed


def won_deals(opportunities: pd.DataFrame, quarters: list[pd.Timestamp]) -> pd.DataFrame:
    """Won deals closed in ``quarters`` (quarter starts), with ``rep``, ``value``, ``closed_at``,
    ``quarter`` (its start) and ``days_left`` in its quarter.

    >>> opps = pd.DataFrame({"rep": ["A"], "value": [10.0], "status": ["won"],
    ...                      "closed_at": pd.to_datetime(["2026-03-25"])})
    >>> won_deals(opps, [pd.Timestamp("2026-01-01")])["days_left"].tolist()
    [6]
    """
    opps = check_frame("opportunities", opportunities, ("rep", "value", "status", "closed_at"))
    won = opps[opps["status"].astype(str) == "won"].copy()
    period = won["closed_at"].dt.to_period("Q")
    won["quarter"] = period.dt.start_time
    won = won[won["quarter"].isin(quarters)]
    won["days_left"] = (period[won.index].dt.end_time.dt.normalize() - won["closed_at"].dt.normalize()).dt.days
    return won[["rep", "value", "closed_at", "quarter", "days_left"]].reset_index(drop=True)


@dataclass(frozen=True)
class IncentiveOutcome:
    """Bookings per rep and quarter before and after the behaviour, and its cost."""

    table: pd.DataFrame
    held_back: float
    pulled_in: float
    discount_cost: float

    @property
    def hit_rate(self) -> tuple[float, float]:
        """Share of rep-quarters at or above quota: as the deals came, and as booked."""
        t = self.table
        return float((t["natural"] >= t["quota"]).mean()), float((t["booked"] >= t["quota"]).mean())

    def __repr__(self) -> str:
        before, after = self.hit_rate
        return _("Quota hit in {before} of rep-quarters as deals came, {after} as booked; {held} held back, "
                 "{pulled} pulled in at a discount costing {cost}.").format(
            before=percent(before, 0), after=percent(after, 0), held=money(self.held_back),
            pulled=money(self.pulled_in), cost=money(self.discount_cost))


def simulate_plan(won: pd.DataFrame, hold_back: float = 0.5, pull_in: float = 0.5, discount: float = 0.1,
                  reach: float = 0.85, window_days: int = 14, seed: int = 0) -> IncentiveOutcome:
    """Replay each rep-quarter's won deals under a results-only plan with a cliff at quota.

    Each rep's quarterly quota is the rep's average quarter in ``won``. Quarters are
    replayed in order, so deals held back raise the next quarter.

    >>> won = pd.DataFrame({"rep": ["A"] * 3, "value": [100.0, 10.0, 50.0], "days_left": [40, 3, 80],
    ...     "quarter": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-04-01"])})
    >>> simulate_plan(won, hold_back=1.0, pull_in=0.0).table["booked"].tolist()
    [100.0, 60.0]
    """
    deals = check_frame("won", won, ("rep", "value", "quarter", "days_left"))
    hold, pull = check_rate("hold_back", hold_back), check_rate("pull_in", pull_in)
    cut, near = check_rate("discount", discount), check_rate("reach", reach)
    window = check_positive("window_days", window_days)
    rng = np.random.default_rng(check_seed(seed))
    quarters = sorted(deals["quarter"].unique())
    natural = deals.pivot_table(index="rep", columns="quarter", values="value", aggfunc="sum", fill_value=0.0)
    natural = natural.reindex(columns=quarters, fill_value=0.0)
    quota = natural.mean(axis=1)
    rows, held_total, pulled_total, cost = [], 0.0, 0.0, 0.0
    for rep, own in deals.groupby("rep"):
        carried = 0.0
        for i, quarter in enumerate(quarters):
            these = own[own["quarter"] == quarter]
            late = these["days_left"] < window
            early_total = float(these.loc[~late, "value"].sum()) + carried
            held = late.to_numpy() & (early_total >= quota[rep]) & (rng.random(len(these)) < hold)
            booked = float(these["value"].sum()) + carried - float(these.loc[held, "value"].sum())
            carried = float(these.loc[held, "value"].sum())
            held_total += carried
            if i + 1 < len(quarters) and near * quota[rep] <= booked < quota[rep]:
                nxt = own[(own["quarter"] == quarters[i + 1]) & (own["days_left"] > 91 - window - 1)]
                pulled = nxt[rng.random(len(nxt)) < pull]["value"]
                booked += float(pulled.sum()) * (1 - cut)
                pulled_total += float(pulled.sum())
                cost += float(pulled.sum()) * cut
                own = own.drop(pulled.index)
            rows.append({"rep": rep, "quarter": quarter, "quota": float(quota[rep]),
                         "natural": float(natural.loc[rep, quarter]), "booked": booked})
    return IncentiveOutcome(pd.DataFrame(rows), held_total, pulled_total, cost)
