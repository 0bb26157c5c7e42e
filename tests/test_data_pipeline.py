"""Module 5's datasets: deal updates, handoffs and the roster (saleslab.data.pipeline)."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from conftest import ROOT
from saleslab.data import SNAPSHOT, crm_log, generate_all
from saleslab.data.pipeline import ROSTER_START, pipeline_data

DATA = ROOT / "datasets"
#: SHA-256 of the files that existed before module 5 (seed 2026): module 5 must not change them.
BEFORE_MODULE_5 = {
    "case1_leads": "f8d9bead03581b612c8b960446a8f8fad7b3dbefecff93343f4d3355c1023007",
    "case2_complaints": "4549a5fc54ba72ab08e65a9bf1930d9e6ae6538b020b2d9f19669a8cb5ce97c5",
    "case2_customers": "b641928eff39f01a92eb9016faf9a00229597b7624591e8282972a2dcb2b1552",
    "case3_reps": "532965064c4029cdbe3849a629dd5a1c8b285d3015b1cdd0271cae8ede8de8cd",
    "crm_events": "8dd773279926c6aecd34c9ae06a91919656d323d96e800a95e7e601beb7af3fe",
    "crm_opportunities": "c01954dc8c73b934e19f1a09159bfead83e27ed48f1afb3a202c9d4c00b119f2",
    "kpi_shifts": "95cfa1cfaf8536f0a75e34641b9688f55a0fb250199c85e0a8b787fe5e513c3e",
    "sales_history": "c215774b1b520844dbacb0cf2d670a369d62744d18917a145ee9d5f1e6a597fd",
    "territories": "36ef84071e58e6f699d87dfd05c9dfc613c3d41c5d84b3d578648b11ede54f05",
    "weekly_kpis": "173bc3300d173fdf6ca36408ef79d33ef5a1c0dec3b58a337fe25e416c7d7bbf",
}


@pytest.mark.parametrize("name", sorted(BEFORE_MODULE_5))
def test_module_5_data_leaves_the_earlier_files_byte_identical(name):
    digest = hashlib.sha256((DATA / f"{name}.csv").read_bytes()).hexdigest()
    assert digest == BEFORE_MODULE_5[name]


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
