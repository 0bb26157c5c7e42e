"""saleslab.pipeline (module 5): hand-checked small examples, and facts at seeds 7 and 11."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from saleslab import pipeline, targets
from saleslab.data import SNAPSHOT, generate_all


@pytest.fixture(scope="module", params=[7, 11])
def data(request):
    return generate_all(request.param)


def _pipe(data):
    return pipeline.pipeline_at(data["crm_events"], data["crm_opportunities"], data["crm_deal_updates"], SNAPSHOT)


# --- the pipeline at a moment ----------------------------------------------------------------

def test_pipeline_at_replays_the_crm_as_it_was(data):
    at = pd.Timestamp("2025-10-01")
    pipe = pipeline.pipeline_at(data["crm_events"], data["crm_opportunities"], data["crm_deal_updates"], at)
    assert set(pipe["stage"]) == set(pipeline.FORECAST_STAGES)
    assert (pipe["stage_since"] <= at).all()
    assert (pipe["closed_at"].isna() | (pipe["closed_at"] > at)).all()   # open at that moment
    assert pipe["opportunity_id"].is_unique


# --- review ----------------------------------------------------------------------------------

def _one_deal(**changes):
    deal = {"opportunity_id": [1], "rep": ["R01"], "stage": ["proposal"],
            "stage_since": pd.to_datetime(["2026-06-01"]), "close_date": pd.to_datetime(["2026-07-15"]),
            "amount": [1e5], "next_step": ["demo"], "next_step_due": pd.to_datetime(["2026-07-02"]),
            "updates": [2], "slips": [0], "amount_changes": [1]}
    deal.update(changes)
    return pd.DataFrame(deal)


@pytest.mark.parametrize("changes, flag", [
    ({"stage_since": pd.to_datetime(["2026-04-01"])}, "aged"),        # 90 days > 2 × 25
    ({"slips": [2]}, "slipping"),
    ({"close_date": pd.to_datetime(["2026-06-20"])}, "stale"),
    ({"next_step": [None]}, "no_next_step"),
    ({"updates": [3], "amount_changes": [0]}, "amount_frozen"),
])
def test_each_hygiene_flag_fires_on_its_own(changes, flag):
    flagged = pipeline.flag_deals(_one_deal(**changes), pd.Series({"proposal": 25.0}), "2026-06-30")
    assert flagged.loc[0, list(pipeline.FLAGS)].to_dict() == {f: f == flag for f in pipeline.FLAGS}
    clean = pipeline.flag_deals(_one_deal(), pd.Series({"proposal": 25.0}), "2026-06-30")
    assert clean.loc[0, "n_flags"] == 0


def test_review_list_puts_most_flagged_deals_first_and_health_ranks_reps(data):
    flagged = pipeline.flag_deals(_pipe(data), pipeline.stage_norms(data["crm_events"], SNAPSHOT), SNAPSHOT)
    listed = pipeline.review_list(flagged, top=10)
    assert listed["why"].str.len().gt(0).all()
    assert flagged["n_flags"].max() == flagged.set_index("opportunity_id").loc[listed["opportunity_id"][0], "n_flags"]
    health = pipeline.rep_health(flagged)
    assert health.table["flagged_share"].is_monotonic_increasing
    assert health.healthiest != health.least_healthy


# --- forecast --------------------------------------------------------------------------------

def test_categories_weighted_and_interval_by_hand():
    pipe = pd.DataFrame({"stage": ["negotiation", "proposal", "qualified", "proposal"],
                         "amount": [100.0, 200.0, 400.0, 999.0],
                         "close_date": pd.to_datetime(["2026-07-10", "2026-08-01", "2026-09-01", "2027-01-01"])})
    chance = pd.Series({"negotiation": 0.7, "proposal": 0.3, "qualified": 0.2})
    assert pipeline.categories(pipe, "2026-09-30")["amount"].tolist() == [100.0, 200.0, 400.0]
    assert pipeline.weighted(pipe, chance, "2026-09-30") == pytest.approx(70 + 60 + 80)
    runs = pipeline.simulate(pipe, chance, "2026-09-30", n=20_000, seed=1)
    assert runs.mean() == pytest.approx(210, rel=0.02)
    band = pipeline.interval(pipe, chance, "2026-09-30", level=0.8)
    assert band.low <= 210 <= band.high


def test_interval_is_wider_for_a_few_big_deals_than_for_many_small_ones():
    chance = pd.Series({"proposal": 0.5})
    close = pd.to_datetime(["2026-07-01"])
    few = pd.DataFrame({"stage": ["proposal"] * 2, "amount": [500.0] * 2, "close_date": close.repeat(2)})
    many = pd.DataFrame({"stage": ["proposal"] * 100, "amount": [10.0] * 100, "close_date": close.repeat(100)})
    width = [pipeline.interval(p, chance, "2026-09-30").high - pipeline.interval(p, chance, "2026-09-30").low
             for p in (few, many)]
    assert width[0] > 3 * width[1]


def test_quarter_starts_ends_with_the_last_finished_quarter():
    assert [str(q.date()) for q in pipeline.quarter_starts("2026-06-30 18:00", 3)] == \
        ["2025-10-01", "2026-01-01", "2026-04-01"]
    assert str(pipeline.quarter_starts("2026-06-15", 1)[0].date()) == "2026-01-01"


@pytest.mark.slow
def test_backtest_measures_error_against_bookings_actually_won(data):
    starts = pipeline.quarter_starts(SNAPSHOT, 3)
    result = pipeline.backtest(data["crm_events"], data["crm_opportunities"], data["crm_deal_updates"], starts)
    table = result.table
    assert len(table) == 3 and (table["actual"] > 0).all()
    assert (table["low"] <= table["forecast"]).all() and (table["forecast"] <= table["high"]).all()
    assert np.allclose(table["error"], (table["forecast"] - table["actual"]) / table["actual"])
    assert result.mape == pytest.approx(table["error"].abs().mean())
    assert (table["crm_amount"] > table["forecast"]).all()   # unweighted CRM amounts overstate
    assert (table["crm_amount"] > 1.5 * table["actual"]).all()


# --- coverage --------------------------------------------------------------------------------

def test_coverage_counts_like_with_like():
    pipe = pd.DataFrame({"stage": ["lead", "qualified", "negotiation", "proposal"],
                         "amount": [5_000.0, 100.0, 200.0, 700.0],
                         "close_date": pd.to_datetime(["2026-08-01", "2026-08-01", "2026-06-01", "2027-02-01"])})
    result = pipeline.coverage(pipe, "2026-07-01", "2026-12-31", remaining_quota=100.0, win_rate=0.2)
    assert result.pipeline == 300.0        # no lead, nothing closing next year; overdue counts
    assert (result.coverage, result.required, result.new_pipeline_needed) == (3.0, 5.0, 200.0)


def test_qualified_win_rate_is_between_the_stage_rates(data):
    rate = pipeline.qualified_win_rate(data["crm_events"], SNAPSHOT - pd.DateOffset(months=12), SNAPSHOT)
    assert 0.1 < rate < 0.4


# --- capacity --------------------------------------------------------------------------------

def test_capacity_without_attrition_or_hires_stays_flat_and_new_hires_ramp():
    need = pd.Series([12.0] * 6)
    flat = pipeline.capacity_plan(need, reps=10, attrition=0.0)
    assert flat.table["capacity"].tolist() == [10.0] * 6 and flat.short_months == 6
    hired = pipeline.capacity_plan(need, reps=10, ramp_months=4, attrition=0.0, lead_months=1, hires=2)
    assert hired.table["capacity"].round(6).tolist() == [10.0, 10.5, 11.0, 11.5, 12.0, 12.0]
    assert hired.table["on_payroll"].tolist() == [10.0, 12.0, 12.0, 12.0, 12.0, 12.0]


def test_attrition_with_slow_backfill_loses_capacity_and_more_hires_cover_it():
    need = pd.Series([10.0] * 12)
    plan = pipeline.capacity_plan(need, reps=10, ramp_months=3, attrition=0.3, lead_months=3)
    capacity = plan.table["capacity"]
    assert capacity.iloc[:4].is_monotonic_decreasing and capacity.iloc[-1] < 9.5 and plan.shortfall > 0
    extra = pipeline.hires_to_cover(need, reps=10, ramp_months=3, attrition=0.3, lead_months=3)
    assert extra is not None and extra >= 1
    assert pipeline.capacity_plan(need, 10, 3, 0.3, 3, extra).shortfall == 0
    assert pipeline.capacity_plan(need, 10, 3, 0.3, 3, extra - 1).shortfall > 0


def test_roster_gives_attrition_and_lead_time(data):
    roster = data["rep_roster"]
    rate = pipeline.attrition_rate(roster, "2020-01-01", "2026-06-30")
    assert 0.08 < rate < 0.4
    assert 30 < pipeline.hiring_lead_days(roster) < 180


# --- quotas ----------------------------------------------------------------------------------

def test_guardrails_keep_the_total_and_bound_each_reps_growth(data):
    history = data["sales_history"]
    last_year = history[history["month"].dt.year == 2025]["bookings"].sum()
    target = int(round(last_year * 1.10, -6))
    fair = targets.top_down(target, history, data["territories"], by="blend", unit=1000)
    assert pipeline.growth_spread(fair)["highest"] > 0.3 or pipeline.growth_spread(fair)["lowest"] < 0
    capped = pipeline.with_guardrails(fair, cap=0.3, floor=0.0)
    assert capped["quota"].sum() == target
    spread = pipeline.growth_spread(capped)
    assert spread["highest"] <= 0.3 + 1e-3 and spread["lowest"] >= -1e-3


def test_guardrails_refuse_bounds_that_cannot_reach_the_target():
    q = pd.DataFrame({"last_year": [100.0, 100.0], "weight": [0.5, 0.5], "quota": [150.0, 150.0]})
    with pytest.raises(ValueError, match="cannot be split with growth between"):
        pipeline.with_guardrails(q, cap=0.2, floor=0.0, unit=1)


def test_team_split_keeps_each_reps_total():
    q = pd.DataFrame({"quota": [100.0, 300.0, 50.0]}, index=["A", "B", "C"])
    split = pipeline.team_split(q, pd.Series({"A": "T1", "B": "T1", "C": "T2"}), 0.2)
    assert split["individual"].sum() + split.groupby("team")["team_pool"].first().sum() == 450.0


# --- handoffs --------------------------------------------------------------------------------

def test_handoff_volumes_shrink_along_the_process(data):
    summary = pipeline.handoff_summary(data["lead_handoffs"], data["crm_opportunities"])
    assert summary["deals"].is_monotonic_decreasing
    assert summary["no_further"].iloc[:-1].between(0, 1).all()
    weekly = pipeline.sla_weekly(data["lead_handoffs"], data["crm_opportunities"], hours=8)
    assert (weekly["breaches"] <= weekly["leads"]).all() and weekly["leads"].sum() > 1000


# --- coaching, incentives, win/loss, widgets -------------------------------------------------

def test_coaching_notes_pick_a_moved_metric_and_a_flagged_deal_of_the_same_rep(data):
    from saleslab import monitoring

    flagged = pipeline.flag_deals(_pipe(data), pipeline.stage_norms(data["crm_events"], SNAPSHOT), SNAPSHOT)
    notes = pipeline.coaching_notes(monitoring.alerts(data["weekly_kpis"]), flagged)
    assert notes
    for note in notes:
        deal_id = int(note.deal_question.split()[1].rstrip("'s"))
        deal = flagged.set_index("opportunity_id").loc[deal_id]
        assert deal["rep"] == note.rep and deal["n_flags"] > 0
        assert "?" in note.metric_question and "?" in note.deal_question


def test_incentive_cliff_moves_bookings_between_quarters_without_creating_any():
    won = pd.DataFrame({"rep": ["A"] * 4, "value": [100.0, 50.0, 90.0, 20.0], "days_left": [50, 5, 50, 89],
                        "quarter": pd.to_datetime(["2026-01-01", "2026-01-01", "2026-04-01", "2026-04-01"])})
    honest = pipeline.simulate_plan(won, hold_back=0.0, pull_in=0.0)
    assert honest.table["booked"].tolist() == honest.table["natural"].tolist() == [150.0, 110.0]
    gamed = pipeline.simulate_plan(won, hold_back=1.0, pull_in=0.0)   # quota 130: 100 early, not yet at quota
    assert gamed.held_back == 0.0
    sandbag = pipeline.simulate_plan(won.assign(value=[160.0, 50.0, 90.0, 20.0]), hold_back=1.0, pull_in=0.0)
    assert sandbag.held_back == 50.0 and sandbag.table["booked"].tolist() == [160.0, 160.0]


def test_pulling_in_costs_the_discount(data):
    won = pipeline.won_deals(data["crm_opportunities"], pipeline.quarter_starts(SNAPSHOT, 7))
    outcome = pipeline.simulate_plan(won, hold_back=0.0, pull_in=1.0, discount=0.1)
    assert outcome.pulled_in > 0 and outcome.discount_cost == pytest.approx(0.1 * outcome.pulled_in)
    assert outcome.hit_rate[1] >= outcome.hit_rate[0]


def test_exit_criteria_review_names_a_criterion_for_each_losing_stage(data):
    review = pipeline.exit_criteria_review(data["crm_opportunities"])
    assert review["exit_criterion"].str.len().gt(0).all() and review["share"].between(0, 1).all()
    paths = pipeline.won_paths(data["crm_events"])
    assert paths["won_deals"] > 100 and 0 <= paths["share_looped_back"] < 0.5


def test_capacity_planner_widget_recomputes_from_its_sliders():
    from saleslab.widgets.pipeline import capacity_planner

    board = capacity_planner(pd.Series([10.0] * 12, index=range(1, 13)), reps=10, attrition=0.0)
    board.controls["growth"].value = 0.0
    assert board.result.plan.short_months == 0 and board.result.hires_to_cover == 0
    board.controls["growth"].value = 0.2
    assert board.result.plan.short_months == 12 and board.result.hires_to_cover > 0
    board.controls["hires"].value = board.result.hires_to_cover
    assert board.result.plan.shortfall == 0


# --- sentences written from the data -----------------------------------------------------------

def test_guardrail_claim_holds_on_the_data_and_fails_when_the_total_is_not_kept(data):
    from saleslab.pipeline import claims

    history = data["sales_history"]
    target = int(round(history[history["month"].dt.year == 2025]["bookings"].sum() * 1.10, -6))
    guarded = pipeline.with_guardrails(targets.top_down(target, history, data["territories"], unit=1000))
    assert claims.guardrail_claim(guarded, cap=0.3, floor=0.0).holds
    broken = guarded.copy()
    broken.iloc[0, broken.columns.get_loc("quota")] += 1_000
    assert not claims.guardrail_claim(broken, cap=0.3, floor=0.0).holds
    assert not claims.guardrail_claim(guarded, cap=0.1, floor=0.0).holds   # growth above a 10% cap


def test_handoff_and_exit_claims_name_the_largest_loss(data):
    from saleslab.pipeline import claims

    summary = pipeline.handoff_summary(data["lead_handoffs"], data["crm_opportunities"])
    claim = claims.handoff_claim(summary)
    worst = summary.iloc[:-1].loc[summary["no_further"].iloc[:-1].idxmax(), "step"]
    assert claim.holds and f"'{worst}'" in claim.text
    review = pipeline.exit_criteria_review(data["crm_opportunities"])
    exit_claim = claims.exit_claim(review)
    late = review[review["stage"].isin(pipeline.FORECAST_STAGES)]
    assert exit_claim.holds and late.loc[late["lost"].idxmax(), "stage"] in exit_claim.text


def test_capacity_planner_figure_moves_in_place_and_reads_as_a_fresh_one():
    import matplotlib.pyplot as plt

    from saleslab.pipeline import plot_capacity
    from saleslab.widgets.pipeline import capacity_planner

    board = capacity_planner(pd.Series([10.0] * 12, index=range(1, 13)), reps=10)
    drawing = board.drawing
    for growth, hires in ((0.4, 0), (0.0, 20), (0.1, 3)):
        board.controls["growth"].value, board.controls["hires"].value = growth, hires
        drawing.png(board.result.plan)
        live, fresh = drawing.figure.axes[0], plot_capacity(board.result.plan).axes[0]
        assert live.get_title(loc="left") == fresh.get_title(loc="left") != ""
        assert [(p.get_height(), p.get_facecolor()) for p in live.patches] == [
            (p.get_height(), p.get_facecolor()) for p in fresh.patches]
        for moved, drawn in zip(live.lines, fresh.lines):
            np.testing.assert_allclose(moved.get_xydata(), drawn.get_xydata())
        top = live.get_ylim()[1]
        assert board.result.plan.table[["needed", "on_payroll"]].to_numpy().max() <= top
        plt.close("all")
    assert len(drawing.figure.axes) == 1  # the same kept figure, moved
