"""Rates per rep measured from the CRM, for bottom-up target checks."""

from __future__ import annotations

import pandas as pd

from ..validate import check_positive
from ._log import check_events, check_frame


def rep_rates(events: pd.DataFrame, opportunities: pd.DataFrame, snapshot: object,
              months: float = 12, start: str = "qualified") -> pd.DataFrame:
    """Per rep over the last ``months`` before ``snapshot``: opportunities opened per month
    (deals reaching ``start``), their pipeline value per year, the win rate of those decided,
    and the average won deal.

    >>> ev = pd.DataFrame({"opportunity_id": [1, 1, 2, 2], "stage": ["qualified", "won", "qualified", "lost"],
    ...     "entered_at": pd.to_datetime(["2026-01-05", "2026-02-01", "2026-01-06", "2026-02-01"])})
    >>> opps = pd.DataFrame({"opportunity_id": [1, 2], "rep": ["R01", "R01"], "value": [100.0, 300.0]})
    >>> rep_rates(ev, opps, "2026-06-30", months=6).loc["R01", ["opportunities_per_month", "win_rate"]].tolist()
    [0.3333333333333333, 0.5]
    """
    log = check_events(events)
    opps = check_frame("opportunities", opportunities, ("opportunity_id", "rep", "value"))
    months = check_positive("months", months)
    end = pd.Timestamp(snapshot)
    begin = end - pd.DateOffset(months=int(months)) if float(months).is_integer() else \
        end - pd.Timedelta(days=months * 30.4375)
    opened = log[(log["stage"] == start) & (log["entered_at"] > begin) & (log["entered_at"] <= end)]
    opened = opened.drop_duplicates("opportunity_id")
    outcome = log[log["stage"].isin(("won", "lost"))].drop_duplicates("opportunity_id")
    deals = opps.set_index("opportunity_id").loc[opened["opportunity_id"], ["rep", "value"]]
    deals["outcome"] = outcome.set_index("opportunity_id")["stage"].reindex(deals.index).fillna("open")
    per_rep = deals.groupby("rep").agg(opportunities=("value", "size"), pipeline=("value", "sum"),
                                       won=("outcome", lambda s: int((s == "won").sum())),
                                       lost=("outcome", lambda s: int((s == "lost").sum())))
    won_value = deals[deals["outcome"] == "won"].groupby("rep")["value"].mean()
    all_reps = pd.Index(sorted(opps["rep"].astype(str).unique()), name="rep")
    per_rep = per_rep.reindex(all_reps, fill_value=0)
    decided = per_rep["won"] + per_rep["lost"]
    return pd.DataFrame({
        "opportunities_per_month": per_rep["opportunities"] / months,
        "pipeline_per_year": per_rep["pipeline"] * 12 / months,
        "win_rate": per_rep["won"] / decided.where(decided > 0),
        "average_deal": won_value.reindex(all_reps),
    })
