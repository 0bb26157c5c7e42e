"""Properties of saleslab.data that hold for every seed and size (hypothesis)."""

from __future__ import annotations

import io

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from saleslab.data import (SNAPSHOT, case1_leads, case2_customers, case3_reps, crm_log, kpi_shifts,
                           sales_history, weekly_kpis)
from saleslab.data.dictionary import RESOURCE
from saleslab.data.schema import problems, to_csv_text

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
MAIN_PATH = ("lead", "contacted", "qualified", "proposal", "negotiation", "won")
RANK = {stage: k for k, stage in enumerate(MAIN_PATH)}


@settings(max_examples=40, deadline=None)
@given(seed=SEEDS, n=st.integers(min_value=1, max_value=400))
def test_every_event_log_is_well_formed(seed, n):
    log = crm_log(seed=seed, n_opportunities=n)
    events, deals = log.events, log.opportunities.set_index("opportunity_id")
    assert events["entered_at"].le(SNAPSHOT).all()
    # timestamps never go back within a deal
    assert events.groupby("opportunity_id")["entered_at"].is_monotonic_increasing.all()
    # a deal ends at most once, and only as its last event
    ends = events["stage"].isin(["won", "lost"])
    assert ends.groupby(events["opportunity_id"]).sum().max() <= 1
    last = events.groupby("opportunity_id")["stage"].last().astype(str)
    assert (ends.groupby(events["opportunity_id"]).any() == last.isin(["won", "lost"])).all()
    # open deals have no end and no close time
    is_open = deals["status"] == "open"
    assert not last[is_open].isin(["won", "lost"]).any()
    assert deals.loc[is_open, "closed_at"].isna().all() and deals.loc[~is_open, "closed_at"].notna().all()
    assert events.groupby("opportunity_id")["stage"].first().eq("lead").all()


@settings(max_examples=40, deadline=None)
@given(seed=SEEDS, n=st.integers(min_value=1, max_value=400))
def test_funnel_counts_along_the_main_path_never_increase(seed, n):
    events = crm_log(seed=seed, n_opportunities=n).events
    stage = events["stage"].astype(str)
    reached = stage.map(RANK).groupby(events["opportunity_id"]).max()
    at_least = [int((reached >= k).sum()) for k in range(len(MAIN_PATH))]
    assert at_least == sorted(at_least, reverse=True) and at_least[0] == n
    # only a referral skips (lead -> qualified), so entries from qualified on are nested
    entered = events.drop_duplicates(["opportunity_id", "stage"])["stage"].astype(str).value_counts()
    nested = [int(entered.get(s, 0)) for s in ("lead", "qualified", "proposal", "negotiation", "won")]
    assert nested == sorted(nested, reverse=True)


@settings(max_examples=25, deadline=None)
@given(seed=SEEDS, n_reps=st.integers(min_value=5, max_value=25), n_shifts=st.integers(2, 5))
def test_kpi_shifts_sit_where_the_truth_table_says(seed, n_reps, n_shifts):
    kpis = weekly_kpis(seed=seed, n_reps=n_reps, n_shifts=n_shifts)
    shifts = kpi_shifts(seed=seed, n_reps=n_reps, n_shifts=n_shifts)
    assert len(shifts) == n_shifts and shifts["rep"].is_unique
    assert shifts["kind"].tolist()[:3] == ["sudden", "small", "drift"][:n_shifts]
    assert (shifts["kind"] != "sudden").any() and shifts.iloc[0]["direction"] == "down"
    for row in shifts.itertuples():
        series = kpis[kpis["rep"] == row.rep].set_index("week_index")[row.kpi]
        before, after = series[: row.start_week], series[row.start_week:]
        sign = 1 if row.direction == "up" else -1
        assert sign * (after.mean() - before.mean()) > 0


@settings(max_examples=30, deadline=None)
@given(seed=SEEDS, n_reps=st.integers(1, 12), n_months=st.integers(1, 40))
def test_sales_history_bookings_come_only_from_deals(seed, n_reps, n_months):
    history = sales_history(seed=seed, n_reps=n_reps, n_months=n_months)
    assert len(history) == n_reps * n_months * 3
    assert np.array_equal(history["bookings"] > 0, history["deals"] > 0)
    assert history["month"].is_monotonic_increasing and history["month"].dt.day.eq(1).all()


@settings(max_examples=10, deadline=None)
@given(seed=SEEDS, n=st.integers(min_value=1, max_value=300))
def test_any_seed_writes_files_that_validate_against_the_dictionary(seed, n):
    frames = {
        "crm_opportunities": crm_log(seed=seed, n_opportunities=n).opportunities,
        "weekly_kpis": weekly_kpis(seed=seed, n_reps=6, n_weeks=50),
        "kpi_shifts": kpi_shifts(seed=seed, n_reps=6, n_weeks=50),
        "case1_leads": case1_leads(seed=seed, n_days=5),
        "case2_customers": case2_customers(seed=seed, n_customers=n),
        "case3_reps": case3_reps(seed=seed, n_reps=max(n // 10, 2), n_teams=1),
    }
    for name, frame in frames.items():
        resource = RESOURCE[name]
        text = to_csv_text(frame, resource)
        assert problems(io.StringIO(text), resource.descriptor(text)) == []
