"""The CRM as it stood on an earlier day: what a manager planning then could have known.

A plan made before the year starts must not use deals decided after that day. :func:`as_of`
cuts the stage log at the day and rebuilds each opportunity's status, last stage, close date
and loss reason from what had happened by then.

>>> from saleslab.data import load
>>> known = as_of(load("crm_events"), load("crm_opportunities"), "2026-01-01")
>>> bool(known.events["entered_at"].max() < pd.Timestamp("2026-01-01"))
True
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..validate import check_frame
from ._log import OUTCOMES, check_events


@dataclass(frozen=True)
class CrmAsOf:
    """The stage log and the opportunities as known on ``day`` (entries before it)."""

    events: pd.DataFrame
    opportunities: pd.DataFrame
    day: pd.Timestamp


def as_of(events: pd.DataFrame, opportunities: pd.DataFrame, day: object) -> CrmAsOf:
    """The CRM as it stood at the start of ``day``: stage entries before it, opportunities
    created before it, each with the status it had then (``open`` unless won or lost before
    ``day``), its last stage then, and a close date and loss reason only if already closed.
    """
    log = check_events(events)
    opps = check_frame("opportunities", opportunities,
                       ("opportunity_id", "created_at", "status", "closed_at", "last_stage", "loss_reason"))
    cut = pd.Timestamp(day)
    if log.empty or cut <= log["entered_at"].min():
        raise ValueError(f"`day` {cut.date()} is before the first CRM entry: nothing was known yet")
    known = log[log["entered_at"] < cut].sort_values(["opportunity_id", "entered_at"], kind="stable")
    last = known.groupby("opportunity_id")["stage"].last()
    kept = opps[opps["opportunity_id"].isin(last.index) & (opps["created_at"] < cut)].copy()
    stage_then = kept["opportunity_id"].map(last).astype(str)
    closed = stage_then.isin(OUTCOMES)
    kept["status"] = pd.Categorical(stage_then.where(closed, "open"), categories=["won", "lost", "open"])
    # A closed deal's last stage is the open stage it left; an open deal's is where it sits now.
    open_stage = known[~known["stage"].isin(OUTCOMES)].groupby("opportunity_id")["stage"].last()
    kept["last_stage"] = kept["opportunity_id"].map(open_stage).astype(opps["last_stage"].dtype)
    kept["closed_at"] = kept["closed_at"].where(closed)
    kept["loss_reason"] = kept["loss_reason"].where(stage_then == "lost")
    events_then = events.loc[pd.to_datetime(events["entered_at"]) < cut]
    return CrmAsOf(events_then.reset_index(drop=True), kept.reset_index(drop=True), cut)
