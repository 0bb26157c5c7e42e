"""Case 2 engine: retail complaints and churn (saleslab.cases.complaints)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saleslab.cases import complaints
from saleslab.cases.common import ExperimentResult
from saleslab.cases.complaints_model import (
    BASE_HAZARD,
    HORIZON_DAYS,
    Process,
    erlang_c,
    excess_hazard,
    leave,
    queue_wait,
)

OLD_WAY = {"fast_feedback": False, "customer_records": False}


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return complaints.population()


@pytest.fixture(scope="module")
def default_run(people) -> ExperimentResult:
    return complaints.run_experiment(seed=0, people=people)


def churn_of(people, seed: int, **chosen) -> float:
    return complaints.run_experiment(seed, people=people, **chosen).intervention


# --- the result ------------------------------------------------------------------------

def test_result_has_both_arms_and_unit_data(default_run):
    units = default_run.units
    assert isinstance(default_run, ExperimentResult)
    assert (default_run.n_baseline, default_run.n_intervention) == (1500, 1500)
    assert units["arm"].value_counts().to_dict() == {"baseline": 1500, "intervention": 1500}
    assert units["customer_id"].is_unique  # the population split in half, nobody twice
    for arm, rate in (("baseline", default_run.baseline), ("intervention", default_run.intervention)):
        assert units.loc[units["arm"] == arm, "churned"].mean() == pytest.approx(rate)
    assert default_run.effect == pytest.approx(default_run.intervention / default_run.baseline - 1)
    low, high = default_run.effect_ci
    assert low < default_run.effect < high


def test_unit_data_is_consistent(default_run):
    units = default_run.units
    assert units["days"].between(0, HORIZON_DAYS).all()
    assert (units.loc[~units["churned"], "days"] == HORIZON_DAYS).all()
    assert (units["complaints"] > 0).eq(units["first_resolution_days"].notna()).all()
    assert (units["first_resolution_days"].dropna() > 0).all()


def test_same_seed_same_result_other_seed_other_result(people, default_run):
    again = complaints.run_experiment(seed=0, people=people)
    assert again == default_run
    pd.testing.assert_frame_equal(again.units, default_run.units)
    assert complaints.run_experiment(seed=1, people=people) != default_run


def test_size_sets_customers_per_arm_and_draws_with_replacement_beyond_the_population(people):
    small = complaints.run_experiment(seed=2, size=200, people=people)
    assert (small.n_baseline, small.n_intervention) == (200, 200)
    big = complaints.simulate(seed=2, size=2_000, people=people)
    assert len(big) == 4_000 and not big["customer_id"].is_unique


# --- the mechanism ---------------------------------------------------------------------

def test_resolution_times_follow_the_calibration(default_run):
    units = default_run.units
    first = units.groupby("arm")["first_resolution_days"].median()
    assert first["baseline"] == pytest.approx(10, rel=0.15)
    assert first["intervention"] == pytest.approx(2, rel=0.2)


def test_the_whole_effect_sits_in_customers_who_complain(people):
    units = complaints.simulate(seed=4, size=15_000, people=people)
    table = complaints.churn_by_group(units).set_index(["group", "arm"])["churn"]
    complained = table["complained"]["intervention"] - table["complained"]["baseline"]
    silent = table["no complaint"]["intervention"] - table["no complaint"]["baseline"]
    assert complained < -0.05
    assert abs(silent) < 0.015


def test_churn_without_complaints_is_the_baseline_hazard():
    days = leave(np.random.default_rng(5), 100_000, np.array([], int), np.array([]), np.array([]))
    expected = -math.expm1(-BASE_HAZARD * HORIZON_DAYS)
    assert np.isfinite(days).mean() == pytest.approx(expected, abs=0.004)


@settings(max_examples=40, deadline=None)
@given(day=st.floats(0, 300), short=st.floats(0.1, 60), extra=st.floats(0.1, 60))
def test_a_slower_resolution_never_lowers_the_risk(day, short, extra):
    grid = np.arange(HORIZON_DAYS + 1, dtype=float)
    quick = excess_hazard(np.array([day]), np.array([short]), grid)[0]
    slow = excess_hazard(np.array([day]), np.array([short + extra]), grid)[0]
    assert (slow >= quick - 1e-9).all()
    assert (np.diff(quick) >= -1e-9).all()  # a cumulative hazard only grows


def test_erlang_c_matches_textbook_values():
    assert erlang_c(1, 0.5) == pytest.approx(0.5)  # M/M/1: wait chance = utilisation
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="`offered` must be below `handlers`"):
        erlang_c(2, 2.0)


def test_an_overloaded_team_builds_a_backlog_through_the_year():
    team = Process.fast(2.0, 1, False, 2.5)
    assert team.load > 1
    day = np.array([10.0, 100.0, 300.0])
    wait = queue_wait(team, day, np.zeros(3, bool), np.zeros(3), np.ones(3))
    assert (np.diff(wait) > 0).all()


def test_records_let_repeat_complainers_jump_the_queue():
    team = Process.fast(2.0, 2, True, 2.5)
    repeat = np.array([True, False] * 50)
    wait = queue_wait(team, np.zeros(100), repeat, np.zeros(100), np.ones(100))
    assert wait[repeat].mean() < wait[~repeat].mean()


# --- levers ----------------------------------------------------------------------------

def test_a_longer_target_means_more_churn(people):
    for seed in (0, 1):
        rates = [churn_of(people, seed, resolution_target_days=days) for days in (1, 2, 4, 8, 16)]
        assert rates == sorted(rates)
        assert rates[-1] > rates[0]


def test_more_handlers_mean_less_churn(people):
    for seed in (0, 1):
        rates = [churn_of(people, seed, handlers=n, customer_records=False) for n in (2, 3, 4, 6)]
        assert rates == sorted(rates, reverse=True)
    overloaded = np.mean([churn_of(people, s, handlers=1) for s in range(4)])
    staffed = np.mean([churn_of(people, s, handlers=3) for s in range(4)])
    assert overloaded > staffed + 0.01


def test_records_and_fast_feedback_each_lower_churn(people):
    seeds = range(6)
    full = np.mean([churn_of(people, s) for s in seeds])
    no_records = np.mean([churn_of(people, s, customer_records=False, handlers=2) for s in seeds])
    with_records = np.mean([churn_of(people, s, handlers=2) for s in seeds])
    records_only = np.mean([churn_of(people, s, fast_feedback=False) for s in seeds])
    old_way = np.mean([churn_of(people, s, **OLD_WAY) for s in seeds])
    assert with_records < no_records
    assert full < records_only < old_way


def test_intervention_equal_to_baseline_has_no_effect(people):
    runs = complaints.repeat_experiment(runs=12, seed=100, people=people, **OLD_WAY)
    assert abs(runs["effect"].mean()) < 0.05
    assert runs["significant"].sum() <= 2  # about 5% by chance


@pytest.mark.parametrize(("lever", "value", "error", "message"), [
    ("handlers", 0, ValueError, "`handlers` must be a whole number from 1 to 50, got 0"),
    ("handlers", -3, ValueError, "`handlers`"),
    ("handlers", 2.5, TypeError, "`handlers`"),
    ("resolution_target_days", -1, ValueError, "`resolution_target_days` must be a number greater than 0"),
    ("resolution_target_days", 0, ValueError, "`resolution_target_days`"),
    ("resolution_target_days", 90, ValueError, "at most 60 days"),
    ("resolution_target_days", "fast", TypeError, "`resolution_target_days`"),
    ("fast_feedback", "yes", TypeError, "`fast_feedback` must be True or False"),
    ("customer_records", 1, TypeError, "`customer_records`"),
])
def test_bad_levers_raise_clear_errors(people, lever, value, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(")):
        complaints.run_experiment(seed=0, people=people, **{lever: value})


def test_bad_arguments_raise_clear_errors(people):
    with pytest.raises(TypeError, match="unexpected keyword argument 'staff'"):
        complaints.run_experiment(seed=0, people=people, staff=3)
    with pytest.raises(ValueError, match="`seed`"):
        complaints.run_experiment(seed=-1, people=people)
    with pytest.raises(ValueError, match="`size` must be a whole number from 50"):
        complaints.run_experiment(seed=0, size=10, people=people)
    with pytest.raises(TypeError, match="`customers`"):
        complaints.population(customers="customers.csv")
    with pytest.raises(ValueError, match="`alpha`"):
        complaints.power(100, runs=2, alpha=2.0, people=people)


# --- check: survival, hazard ratio, plan data ------------------------------------------

def test_kaplan_meier_ends_at_one_minus_churn(default_run):
    curves = complaints.survival_curves(default_run.units)
    for arm, rate in (("baseline", default_run.baseline), ("intervention", default_run.intervention)):
        curve = curves[curves["arm"] == arm]
        assert curve["survival"].iloc[0] == 1.0
        assert (np.diff(curve["survival"]) <= 0).all()
        assert curve["survival"].iloc[-1] == pytest.approx(1 - rate)
        assert (curve["lower"] <= curve["survival"]).all() and (curve["survival"] <= curve["upper"]).all()


def test_hazard_ratio_shows_the_lower_risk(default_run):
    check = complaints.check_survival(default_run.units)
    low, high = check.hazard_ratio_ci
    assert low < check.hazard_ratio < high < 1
    assert check.logrank_p < 0.05
    assert "Risk of leaving ×" in repr(check)


def test_survival_checks_refuse_other_tables():
    with pytest.raises(ValueError, match="missing"):
        complaints.survival_curves(pd.DataFrame({"arm": ["baseline"]}))
    one_arm = pd.DataFrame({"arm": ["baseline"] * 2, "days": [10.0, 365.0], "churned": [1, 0]})
    with pytest.raises(ValueError, match="both arms"):
        complaints.check_survival(one_arm)
    with pytest.raises(ValueError, match="`arm`"):
        complaints.survival_curves(one_arm.assign(arm="pilot"))


def test_last_year_uses_the_complaints_in_the_data(people):
    year = complaints.last_year(seed=0)
    filed = complaints.population()["prior_complaints"]
    assert len(year) == len(people)
    assert (year["complaints"].to_numpy() <= filed.to_numpy()).all()
    assert year["complaints"].sum() > 0.9 * filed.sum()  # few leave before they complain
    by_group = complaints.churn_by_group(year).set_index("group")["churn"]
    assert by_group["complained"] > by_group["no complaint"]
    bands = complaints.churn_by_resolution(year)
    assert bands["customers"].sum() == (year["complaints"] > 0).sum()


# --- is it real? (slow) ----------------------------------------------------------------

def test_mean_effect_over_20_seeds_is_minus_20_percent(people):
    runs = complaints.repeat_experiment(runs=20, seed=0, people=people)
    assert -0.24 <= runs["effect"].mean() <= -0.16
    assert runs["effect"].std() > 0.02  # single runs scatter
    assert (runs["logrank_p"] < 0.05).mean() > 0.6


@pytest.mark.slow
def test_power_grows_with_size_near_the_calibration(people):
    small = complaints.power(750, runs=60, seed=0, people=people)
    large = complaints.power(1_500, runs=60, seed=0, people=people)
    assert 0.3 <= small <= 0.75
    assert large > small
    assert large >= 0.65
