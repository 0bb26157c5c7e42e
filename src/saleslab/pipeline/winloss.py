"""Win/loss review, of won deals as well as lost ones, fed back into stage exit criteria.

For each stage, the lost deals' most common reason says what the stage's exit criterion
failed to check: a deal lost for "no budget" after qualification was qualified without a
confirmed budget. Won deals show what a healthy path looks like: how long it took and
whether it went back and forth between proposal and negotiation.
"""

from __future__ import annotations

import pandas as pd

from ..funnel import where_lost
from ..funnel._log import check_events
from ..i18n import N_, _
from ..validate import check_frame

#: The exit criterion that would have caught each loss reason one stage earlier.
EXIT_CRITERIA = {
    "slow follow-up": N_("lead: first touch within the SLA, and two more attempts scheduled"),
    "no decision": N_("proposal: the decision maker and the decision date are named"),
    "no budget": N_("qualified: the budget is confirmed by the person who holds it"),
    "price": N_("proposal: the price range is agreed before the written proposal"),
    "competitor": N_("qualified: the competitors are known and our difference is written down"),
    "timing": N_("qualified: a dated reason to buy now"),
}


def exit_criteria_review(opportunities: pd.DataFrame) -> pd.DataFrame:
    """Per stage where deals were lost: lost deals, the top loss reason, its share, and the exit
    criterion that would have checked for it.

    >>> opps = pd.DataFrame({"status": ["lost", "lost", "won"], "last_stage": ["qualified"] * 3,
    ...                      "loss_reason": ["no budget", "no budget", None]})
    >>> exit_criteria_review(opps)[["stage", "top_reason", "share"]].values.tolist()
    [['qualified', 'no budget', 1.0]]
    """
    table = where_lost(check_frame("opportunities", opportunities, ("status", "last_stage", "loss_reason")))
    counts = table.drop(columns=[c for c in table.columns if c in ("lost", "share")], errors="ignore")
    counts = counts.loc[counts.sum(axis=1) > 0]
    top = counts.idxmax(axis=1)
    return pd.DataFrame({"stage": counts.index.astype(str), "lost": counts.sum(axis=1).astype(int).to_numpy(),
                         "top_reason": top.astype(str).to_numpy(),
                         "share": (counts.max(axis=1) / counts.sum(axis=1)).to_numpy(),
                         "exit_criterion": [_(EXIT_CRITERIA[r]) for r in top]}).reset_index(drop=True)


def won_paths(events: pd.DataFrame) -> pd.Series:
    """Won deals: how many, median days from qualified to won, and the share that went back
    from negotiation to proposal at least once.

    >>> ev = pd.DataFrame({"opportunity_id": [1, 1, 1, 1, 1], "stage": ["qualified", "proposal", "negotiation",
    ...     "proposal", "won"], "entered_at": pd.to_datetime(["2026-01-01", "2026-01-05", "2026-01-09",
    ...     "2026-01-12", "2026-01-21"])})
    >>> won_paths(ev).tolist()
    [1.0, 20.0, 1.0]
    """
    log = check_events(events)
    won_ids = log.loc[log["stage"] == "won", "opportunity_id"].unique()
    deals = log[log["opportunity_id"].isin(won_ids)]
    start = deals[deals["stage"] == "qualified"].groupby("opportunity_id")["entered_at"].min()
    end = deals[deals["stage"] == "won"].groupby("opportunity_id")["entered_at"].min()
    days = ((end - start).dt.total_seconds() / 86_400).dropna()
    proposals = deals[deals["stage"] == "proposal"].groupby("opportunity_id").size()
    return pd.Series({"won_deals": float(len(won_ids)), "median_days_from_qualified": float(days.median()),
                      "share_looped_back": float((proposals > 1).reindex(won_ids, fill_value=False).mean())})
