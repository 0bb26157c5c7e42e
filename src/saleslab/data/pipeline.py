"""Module 5's data: how the CRM's deals were kept up to date, the handoffs from marketing to
service, and who held each sales seat over the years.

Everything here is drawn from its own random stream (``"pipeline"``) on top of the CRM log,
so adding these files changes no other dataset.

- **Deal updates.** A deal gets a close date and an amount when it is qualified. Reps are
  optimistic: the first close date comes sooner than the deal really needs. When a close
  date passes with the deal still open, the rep pushes it out (a *slip*) — or, with the
  rep's own probability, never touches it again (a *stale* close date). Each stage change
  and each push writes an update row with the next step; careless reps leave it empty and
  never revise the amount.
- **Handoffs.** Marketing (or an SDR's outbound work, or a partner) creates the lead; an SDR
  makes the first attempt; a qualified deal is handed to the account executive (AE), who
  accepts it or sends it back; a won deal is handed to the service team, who start it.
- **Roster.** Each of the 30 seats (R01...) was held by a series of people since 2019, with a
  vacancy between them while a replacement was hired.

>>> from saleslab.data.crm import crm_log
>>> frames = pipeline_data(crm_log(n_opportunities=400))
>>> sorted(frames)
['crm_deal_updates', 'lead_handoffs', 'rep_roster']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .crm import CrmLog
from .org import DEFAULT_SEED, SNAPSHOT, TEAMS, check_seed, stream

NEXT_STEPS = ("discovery call", "demo", "proposal review", "decision meeting", "contract review")
#: The next step a rep usually writes down at each open stage after qualification.
_STEP_AT = {"qualified": (0, 1), "proposal": (1, 2), "negotiation": (3, 4)}
LEAD_SOURCES = ("marketing", "sdr outbound", "partner")
SOURCE_SHARE = np.array([0.6, 0.25, 0.15])
AE_DECISIONS = ("accepted", "rejected")
LEAVING_REASONS = ("resigned", "promoted", "let go")
#: Median days from qualification to the close date a rep first writes down ...
FIRST_CLOSE_DAYS = 45.0
#: ... and median days a rep adds when pushing a close date that has passed.
PUSH_DAYS = 21.0
#: The roster goes back to this date.
ROSTER_START = pd.Timestamp("2019-01-01")
#: Mean years a person stays in a seat, and median days to fill an empty seat.
TENURE_YEARS = 4.5
HIRING_DAYS = 75.0
_DAY = pd.Timedelta(days=1)


def _rep_habits(rng: np.random.Generator, reps: np.ndarray) -> pd.DataFrame:
    """Each rep's CRM habits: optimism about timing and how carefully the CRM is kept."""
    n = len(reps)
    return pd.DataFrame(
        {
            "optimism": rng.lognormal(np.log(0.75), 0.15, n),   # first close date / real need
            "keeps_dates": rng.uniform(0.55, 0.97, n),          # pushes a passed date (else stale)
            "revises_amount": rng.uniform(0.2, 0.9, n),
            "writes_next_step": rng.uniform(0.6, 0.98, n),
        },
        index=reps,
    )


def _stage_entries(log: CrmLog) -> pd.DataFrame:
    """Entries into qualified, proposal and negotiation, with when the deal ended (or snapshot)."""
    events = log.events
    opps = log.opportunities.set_index("opportunity_id")
    entries = events[events["stage"].astype(str).isin(list(_STEP_AT))].copy()
    entries["stage"] = entries["stage"].astype(str)
    end = opps["closed_at"].fillna(log.snapshot)
    entries["ends_at"] = end.reindex(entries["opportunity_id"]).to_numpy()
    entries["rep"] = opps["rep"].reindex(entries["opportunity_id"]).to_numpy()
    return entries.reset_index(drop=True)


def _slips(rng: np.random.Generator, first: pd.DataFrame, keeps: np.ndarray) -> pd.DataFrame:
    """Push each passed close date until it lies beyond the deal's end, or the rep stops caring."""
    rows = []
    deal = first[["opportunity_id", "close_date", "ends_at"]].copy()
    keeps = pd.Series(keeps, index=deal.index)
    while len(deal):
        passed = deal["close_date"] < deal["ends_at"]
        deal, keep = deal[passed], keeps[passed]
        pushed = rng.random(len(deal)) < keep.to_numpy()
        updated = deal["close_date"] + pd.to_timedelta(rng.integers(0, 8, len(deal)), unit="D") \
            + pd.to_timedelta(rng.integers(9 * 60, 18 * 60, len(deal)), unit="min")
        pushed &= (updated < deal["ends_at"]).to_numpy()
        deal, keep, updated = deal[pushed], keep[pushed], updated[pushed]
        days = np.ceil(rng.lognormal(np.log(PUSH_DAYS), 0.5, len(deal)))
        deal = deal.assign(close_date=updated.dt.normalize() + pd.to_timedelta(days, unit="D"))
        rows.append(deal.assign(updated_at=updated))
        keeps = keep
    return pd.concat(rows, ignore_index=True) if rows else first.iloc[:0]


def deal_updates(log: CrmLog, rng: np.random.Generator) -> pd.DataFrame:
    """One row per update of a deal's close date, amount and next step (see module docstring)."""
    entries = _stage_entries(log)
    habits = _rep_habits(rng, np.sort(log.opportunities["rep"].unique()))
    values = log.opportunities.set_index("opportunity_id")["value"]
    first = entries.drop_duplicates("opportunity_id").reset_index(drop=True)  # qualification
    optimism = habits["optimism"].reindex(first["rep"]).to_numpy()
    days = np.ceil(optimism * rng.lognormal(np.log(FIRST_CLOSE_DAYS), 0.4, len(first)))
    first["close_date"] = first["entered_at"].dt.normalize() + pd.to_timedelta(days, unit="D")
    slips = _slips(rng, first, habits["keeps_dates"].reindex(first["rep"]).to_numpy())
    updates = pd.concat(
        [entries.rename(columns={"entered_at": "updated_at"})[["opportunity_id", "updated_at", "rep"]],
         slips[["opportunity_id", "updated_at"]]], ignore_index=True)
    updates = updates.sort_values(["opportunity_id", "updated_at"], kind="stable").reset_index(drop=True)
    updates["rep"] = updates.groupby("opportunity_id")["rep"].transform("first")
    # The close date in force at each update: the latest one written at or before it.
    dates = pd.concat([first[["opportunity_id", "entered_at", "close_date"]].rename(
        columns={"entered_at": "updated_at"}), slips[["opportunity_id", "updated_at", "close_date"]]])
    dates = dates.sort_values("updated_at", kind="stable")
    updates = pd.merge_asof(updates.sort_values("updated_at", kind="stable"), dates, on="updated_at",
                            by="opportunity_id", direction="backward")
    stages = entries[["opportunity_id", "entered_at", "stage"]].sort_values("entered_at", kind="stable")
    updates = pd.merge_asof(updates, stages, left_on="updated_at", right_on="entered_at",
                            by="opportunity_id", direction="backward")
    updates = updates.sort_values(["opportunity_id", "updated_at"], kind="stable").reset_index(drop=True)

    n = len(updates)
    value = values.reindex(updates["opportunity_id"]).to_numpy()
    quoted = np.round(value * rng.lognormal(0.0, 0.25, n), -3)
    is_first = ~updates["opportunity_id"].duplicated().to_numpy()
    revised = rng.random(n) < habits["revises_amount"].reindex(updates["rep"]).to_numpy()
    amount = pd.Series(np.where(is_first, quoted, np.where(revised, value, np.nan)))
    amount = amount.groupby(updates["opportunity_id"].to_numpy()).ffill().to_numpy()
    writes = rng.random(n) < habits["writes_next_step"].reindex(updates["rep"]).to_numpy()
    lo_hi = np.array([_STEP_AT[s] for s in updates["stage"]])
    step = np.where(rng.random(n) < 0.5, lo_hi[:, 0], lo_hi[:, 1])
    due = updates["updated_at"].dt.normalize() + pd.to_timedelta(rng.integers(2, 15, n), unit="D")
    return pd.DataFrame(
        {
            "opportunity_id": updates["opportunity_id"].to_numpy(),
            "updated_at": updates["updated_at"].to_numpy(),
            "stage": pd.Categorical(updates["stage"], categories=list(_STEP_AT)),
            "close_date": updates["close_date"].to_numpy(),
            "amount": amount,
            "next_step": pd.Categorical.from_codes(np.where(writes, step, -1), NEXT_STEPS),
            "next_step_due": due.where(writes).to_numpy(),
        }
    )


def _minutes(rng: np.random.Generator, median_hours: float, sigma: float, n: int) -> pd.TimedeltaIndex:
    return pd.to_timedelta(np.maximum(np.round(rng.lognormal(np.log(median_hours * 60), sigma, n)), 1),
                           unit="min")


def lead_handoffs(log: CrmLog, rng: np.random.Generator) -> pd.DataFrame:
    """One row per opportunity: source, SDR, first touch, handoff to the AE and to service."""
    opps = log.opportunities
    events = log.events
    first_at = {stage: events[events["stage"].astype(str) == stage].drop_duplicates("opportunity_id")
                .set_index("opportunity_id")["entered_at"].reindex(opps["opportunity_id"])
                for stage in ("contacted", "qualified", "proposal")}
    n, created = len(opps), opps["created_at"].reset_index(drop=True)
    source = rng.choice(len(LEAD_SOURCES), n, p=SOURCE_SHARE)
    # The SDR's first attempt: before the contact is made, if it ever is; some leads are never tried.
    contacted = first_at["contacted"].reset_index(drop=True)
    touch = created + _minutes(rng, 5.0, 1.1, n)
    touch = touch.where(contacted.isna() | (touch <= contacted), contacted)
    touch = touch.where(contacted.notna() | (rng.random(n) > 0.15)).where(touch <= log.snapshot)
    handed = first_at["qualified"].reset_index(drop=True)
    went_on = first_at["proposal"].reset_index(drop=True)
    lost_after = handed.notna() & went_on.isna() & (opps["status"].astype(str) == "lost").to_numpy()
    rejected = lost_after & (rng.random(n) < 0.45)
    accepted = handed + _minutes(rng, 20.0, 0.9, n)
    accepted = accepted.where(went_on.isna() | (accepted < went_on), went_on - pd.Timedelta(minutes=1))
    accepted = accepted.where(handed.notna() & ~rejected & (accepted <= log.snapshot))
    decision = np.select([accepted.notna().to_numpy(), rejected.to_numpy()], [0, 1], -1)
    won = (opps["status"].astype(str) == "won").to_numpy()
    to_service = (opps["closed_at"].reset_index(drop=True) + _minutes(rng, 48.0, 1.0, n)).where(won)
    started = to_service + _minutes(rng, 7 * 24.0, 0.6, n)
    team = opps["team"].cat.codes.to_numpy()
    return pd.DataFrame(
        {
            "opportunity_id": opps["opportunity_id"].to_numpy(),
            "source": pd.Categorical.from_codes(source, LEAD_SOURCES),
            "sdr": [f"S{code + 1:02d}" for code in team],
            "first_touch_at": touch.to_numpy(),
            "handed_to_ae_at": handed.to_numpy(),
            "ae_decision": pd.Categorical.from_codes(decision, AE_DECISIONS),
            "ae_accepted_at": accepted.to_numpy(),
            "handed_to_service_at": to_service.where(to_service <= log.snapshot).to_numpy(),
            "service_started_at": started.where(started <= log.snapshot).to_numpy(),
        }
    )


def rep_roster(reps: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Who held each seat since :data:`ROSTER_START`: start, end and why they left.

    Walks each seat backwards from the snapshot: the current holder's tenure, then a vacancy
    (hiring lead time), then the previous holder's tenure, and so on.
    """
    rows = []
    for seat, team in zip(reps["rep"], reps["team"].astype(str)):
        end, reason = pd.NaT, -1
        while True:
            years = rng.exponential(TENURE_YEARS)
            start = (SNAPSHOT if pd.isna(end) else end) - pd.Timedelta(days=round(years * 365.25))
            rows.append((seat, team, max(start.normalize(), ROSTER_START), end, reason))
            if start <= ROSTER_START:
                break
            gap = np.ceil(rng.lognormal(np.log(HIRING_DAYS), 0.4))
            end = (start - pd.Timedelta(days=gap)).normalize()
            reason = int(rng.choice(len(LEAVING_REASONS), p=[0.7, 0.15, 0.15]))
    table = pd.DataFrame(rows, columns=["rep", "team", "start_date", "end_date", "reason"])
    table = table.sort_values(["rep", "start_date"], kind="stable").reset_index(drop=True)
    table.insert(2, "person", [f"P{i:03d}" for i in range(1, len(table) + 1)])
    return table.assign(
        team=pd.Categorical(table["team"], categories=list(TEAMS)),
        end_date=pd.to_datetime(table["end_date"]),
        reason=pd.Categorical.from_codes(table["reason"].to_numpy(), LEAVING_REASONS),
    ).rename(columns={"reason": "leaving_reason"})


def pipeline_data(log: CrmLog, seed: int = DEFAULT_SEED, n_reps: int = 30) -> dict[str, pd.DataFrame]:
    """Module 5's three datasets, from the CRM ``log`` and the ``"pipeline"`` stream of ``seed``.

    >>> from saleslab.data.crm import crm_log
    >>> len(pipeline_data(crm_log(n_opportunities=300))["rep_roster"]) >= 30
    True
    """
    from .org import reps

    rng = stream(check_seed(seed), "pipeline")
    updates = deal_updates(log, rng)
    handoffs = lead_handoffs(log, rng)
    roster = rep_roster(reps(seed, n_reps), rng)
    return {"crm_deal_updates": updates, "lead_handoffs": handoffs, "rep_roster": roster}
