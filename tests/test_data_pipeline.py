"""Module 5's datasets: deal updates, handoffs and the roster (saleslab.data.pipeline)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT
from saleslab.data import SNAPSHOT, crm_log, generate_all
from saleslab.data.pipeline import ROSTER_START, pipeline_data

DATA = ROOT / "datasets"
@pytest.fixture(scope="module", params=[7, 11])
def seeded(request):
    log = crm_log(request.param, n_opportunities=6_000)
    return log, pipeline_data(log, request.param)


def test_updates_start_at_qualification_and_stay_within_the_deal_life(seeded):
    log, frames = seeded
    updates = frames["crm_deal_updates"]
    opps = log.opportunities.set_index("opportunity_id")
    first = updates.groupby("opportunity_id").first()
    assert (first["stage"].astype(str) == "qualified").all()
    end = opps["closed_at"].fillna(SNAPSHOT).reindex(updates["opportunity_id"]).to_numpy()
    assert (updates["updated_at"].to_numpy() <= end).all()
    assert updates.groupby("opportunity_id")["updated_at"].is_monotonic_increasing.all()


def test_pushed_close_dates_only_move_later_and_some_deals_slip_or_go_stale(seeded):
    log, frames = seeded
    updates = frames["crm_deal_updates"]
    assert updates.groupby("opportunity_id")["close_date"].is_monotonic_increasing.all()
    slips = updates.groupby("opportunity_id")["close_date"].nunique() - 1
    assert 0.15 < (slips > 0).mean() < 0.8
    open_ids = log.opportunities.loc[log.opportunities["status"] == "open", "opportunity_id"]
    last = updates.groupby("opportunity_id").last().reindex(open_ids).dropna(subset=["close_date"])
    assert 0.02 < (last["close_date"] < SNAPSHOT).mean() < 0.6   # stale dates exist, not everywhere
    assert 0.02 < updates["next_step"].isna().mean() < 0.5


def test_handoffs_follow_the_stage_log(seeded):
    log, frames = seeded
    hand = frames["lead_handoffs"].set_index("opportunity_id")
    opps = log.opportunities.set_index("opportunity_id")
    events = log.events
    qualified = events[events["stage"] == "qualified"].groupby("opportunity_id")["entered_at"].min()
    pd.testing.assert_series_equal(hand["handed_to_ae_at"].dropna(), qualified, check_names=False)
    assert (hand["first_touch_at"].dropna() >= opps["created_at"].reindex(hand["first_touch_at"].dropna().index)).all()
    accepted = hand["ae_accepted_at"].dropna()
    assert (accepted >= hand.loc[accepted.index, "handed_to_ae_at"]).all()
    rejected = hand.index[hand["ae_decision"] == "rejected"]
    assert (opps.loc[rejected, "status"] == "lost").all() and len(rejected) > 0
    served = hand["handed_to_service_at"].dropna().index
    assert (opps.loc[served, "status"] == "won").all()


def test_roster_seats_hold_one_person_at_a_time_with_gaps_between(seeded):
    _, frames = seeded
    roster = frames["rep_roster"]
    assert roster["start_date"].min() == ROSTER_START
    assert roster.groupby("rep")["end_date"].apply(lambda s: s.isna().sum()).eq(1).all()
    for _, seat in roster.groupby("rep"):
        ends, starts = seat["end_date"].iloc[:-1].to_numpy(), seat["start_date"].iloc[1:].to_numpy()
        assert (starts > ends).all()
    assert (roster["leaving_reason"].isna() == roster["end_date"].isna()).all()


def test_generate_all_includes_module_5_files():
    frames = generate_all(seed=7)
    assert {"crm_deal_updates", "lead_handoffs", "rep_roster"} <= set(frames)
