"""Checks and small views of a CRM stage log shared by the funnel analytics."""

from __future__ import annotations

import pandas as pd

from ..data.crm import OPEN_STAGES as STAGES
from ..data.crm import STAGES as ALL_STAGES
from ..validate import check_frame

OUTCOMES = ALL_STAGES[len(STAGES):]
#: Position along the main path; won ranks above every open stage, lost has no rank.
RANK = {stage: i for i, stage in enumerate((*STAGES, "won"))}
EVENT_COLUMNS = ("opportunity_id", "stage", "entered_at")


def check_events(events: object) -> pd.DataFrame:
    """A stage log with known stage names, as a plain frame with string stages."""
    frame = check_frame("events", events, EVENT_COLUMNS)
    stages = frame["stage"].astype(str)
    unknown = sorted(set(stages.unique()) - set(STAGES) - set(OUTCOMES))  # not per row: 1M rows
    if unknown:
        raise ValueError(f"`events` has unknown stage(s) {unknown}; allowed: {[*STAGES, *OUTCOMES]}")
    return pd.DataFrame({"opportunity_id": frame["opportunity_id"].to_numpy(),
                         "stage": stages.to_numpy(),
                         "entered_at": pd.to_datetime(frame["entered_at"]).to_numpy()})


def ordered(events: pd.DataFrame) -> pd.DataFrame:
    """Events sorted by deal and time, with the next event's stage and time beside each."""
    log = events.sort_values(["opportunity_id", "entered_at"], kind="stable").reset_index(drop=True)
    nxt = log.groupby("opportunity_id", sort=False)[["stage", "entered_at"]].shift(-1)
    return log.assign(next_stage=nxt["stage"], left_at=nxt["entered_at"])
