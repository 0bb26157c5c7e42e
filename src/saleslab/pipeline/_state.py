"""The pipeline as the CRM showed it at one moment: every qualified-and-later deal still open
then, with the stage, close date, amount and next step in force at that moment.

Shared by the review, the forecast (replayed at past quarter starts) and coverage.
"""

from __future__ import annotations

import pandas as pd

from ..funnel._log import check_events
from ..validate import check_frame

#: Stages that carry a close date and an amount: qualified and later.
FORECAST_STAGES = ("qualified", "proposal", "negotiation")
UPDATE_COLUMNS = ("opportunity_id", "updated_at", "close_date", "amount", "next_step", "next_step_due")


def pipeline_at(events: pd.DataFrame, opportunities: pd.DataFrame, updates: pd.DataFrame,
                at: object) -> pd.DataFrame:
    """Deals open at ``at`` in a forecast stage, one row each, as the CRM showed them then.

    Columns: ``opportunity_id``, ``rep``, ``team``, ``stage``, ``stage_since``, ``created_at``,
    ``close_date``, ``amount``, ``next_step``, ``next_step_due``, ``updates``, ``slips``
    (close-date pushes so far), ``amount_changes``, and the deal's later fate: ``status``
    (won / lost / open at the end of the data), ``closed_at`` and ``value``.

    >>> ev = pd.DataFrame({"opportunity_id": [1, 1, 1], "stage": ["lead", "qualified", "won"],
    ...     "entered_at": pd.to_datetime(["2026-01-01", "2026-01-05", "2026-03-01"])})
    >>> opps = pd.DataFrame({"opportunity_id": [1], "rep": ["R01"], "team": ["A"], "value": [90.0],
    ...     "created_at": pd.to_datetime(["2026-01-01"]), "status": ["won"],
    ...     "closed_at": pd.to_datetime(["2026-03-01"])})
    >>> up = pd.DataFrame({"opportunity_id": [1, 1], "updated_at": pd.to_datetime(["2026-01-05", "2026-02-10"]),
    ...     "close_date": pd.to_datetime(["2026-02-01", "2026-02-28"]), "amount": [100.0, 90.0],
    ...     "next_step": ["demo", None], "next_step_due": pd.to_datetime(["2026-01-09", None])})
    >>> pipeline_at(ev, opps, up, "2026-02-15")[["stage", "close_date", "amount", "slips"]].values.tolist()
    [['qualified', Timestamp('2026-02-28 00:00:00'), 90.0, 1]]
    """
    log = check_events(events)
    opps = check_frame("opportunities", opportunities,
                       ("opportunity_id", "rep", "team", "value", "created_at", "status", "closed_at"))
    ups = check_frame("updates", updates, UPDATE_COLUMNS)
    when = pd.Timestamp(at)
    seen = log[log["entered_at"] <= when].sort_values(["opportunity_id", "entered_at"], kind="stable")
    now = seen.groupby("opportunity_id").last()
    now = now[now["stage"].isin(FORECAST_STAGES)]
    known = ups[pd.to_datetime(ups["updated_at"]) <= when].sort_values(
        ["opportunity_id", "updated_at"], kind="stable")
    known = known[known["opportunity_id"].isin(now.index)]
    by_deal = known.groupby("opportunity_id")
    latest = by_deal.last()
    history = pd.DataFrame({"updates": by_deal.size(),
                            "slips": by_deal["close_date"].nunique() - 1,
                            "amount_changes": by_deal["amount"].nunique() - 1})
    fate = opps.set_index("opportunity_id")
    ids = now.index.intersection(latest.index)
    table = pd.DataFrame({
        "opportunity_id": ids,
        "rep": fate.loc[ids, "rep"].astype(str).to_numpy(),
        "team": fate.loc[ids, "team"].astype(str).to_numpy(),
        "stage": now.loc[ids, "stage"].to_numpy(),
        "stage_since": now.loc[ids, "entered_at"].to_numpy(),
        "created_at": fate.loc[ids, "created_at"].to_numpy(),
        "close_date": pd.to_datetime(latest.loc[ids, "close_date"]).to_numpy(),
        "amount": latest.loc[ids, "amount"].astype(float).to_numpy(),
        "next_step": latest.loc[ids, "next_step"].astype(object).to_numpy(),
        "next_step_due": pd.to_datetime(latest.loc[ids, "next_step_due"]).to_numpy(),
        **{column: history.loc[ids, column].to_numpy() for column in history.columns},
        "status": fate.loc[ids, "status"].astype(str).to_numpy(),
        "closed_at": pd.to_datetime(fate.loc[ids, "closed_at"]).to_numpy(),
        "value": fate.loc[ids, "value"].astype(float).to_numpy(),
    })
    return table.reset_index(drop=True)
