"""Case 3 engine: manufacturer sales training on a wait-list design (saleslab.cases.training)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saleslab.cases.common import ExperimentResult
from saleslab.cases.training import (
    ARTICLE_EFFECT,
    METHODS,
    before_training,
    by_quiz_band,
    compare_methods,
    compared_months,
    decide,
    pdca_record,
    per_rep,
    power,
    repeat_experiment,
    run_experiment,
    summarise_runs,
)
from saleslab.cases.training_model import (
    PRESETS,
    Calibration,
    calibration,
    knowledge_path,
    simulate_team,
    training_sessions,
)
from saleslab.cases.training_plots import (
    plot_dashboard,
    plot_estimates,
    plot_knowledge,
    plot_quiz_vs_wins,
    plot_repeated,
)
from saleslab.data import case3_reps

SEEDS = 20


@pytest.fixture(scope="module")
def default_runs() -> pd.DataFrame:
    return repeat_experiment(runs=SEEDS, seed=0)


# --- the mechanism -------------------------------------------------------------------------

def test_one_session_follows_the_learning_curve_then_forgets_with_a_three_month_half_life():
    k = knowledge_path(np.array([50.0]), np.array([[1] + [0] * 6]), PRESETS["article"])[0]
    # 50 + 0.25 · (90 − 50) = 60 right after the session; the gain of 10 halves in 3 months
    gain = k - 50.0
    assert gain[3] / gain[0] == pytest.approx(0.5)
    assert gain[6] / gain[0] == pytest.approx(0.25)
    assert 50 < k[0] < 60


def test_monthly_sessions_hold_knowledge_near_72_points_as_models_md_says():
    sessions = training_sessions(1, 48, np.array([0]), every=1)
    k = knowledge_path(np.array([50.0]), sessions, PRESETS["article"])[0]
    assert k[-12:].mean() == pytest.approx(72, abs=1.0)


def test_a_session_never_lowers_knowledge_of_a_rep_above_the_ceiling():
    k = knowledge_path(np.array([95.0]), np.array([[1, 1]]), PRESETS["article"])[0]
    assert (k == 95.0).all()


def test_win_rate_rises_from_about_26_to_about_32_percent_for_trained_reps():
    units = pd.concat([run_experiment(seed).units for seed in range(5)])
    first = units[units["trained"] == 1]
    before = first.loc[first["period"] == "before", "win_chance"].mean()
    trained = first.loc[first["period"] == "catch-up", "win_chance"].mean()  # steady state
    assert before == pytest.approx(0.26, abs=0.015)
    assert trained == pytest.approx(0.32, abs=0.02)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), quality=st.floats(0.0, 1.0), every=st.integers(1, 12))
def test_knowledge_stays_between_the_start_and_the_ceiling_and_nobody_learns_before_training(
        seed, quality, every):
    reps = case3_reps(seed, n_reps=8, n_teams=2)
    units = simulate_team(reps, seed, calibration(session_quality=quality), every)
    k0 = units["rep_id"].map(reps.set_index("rep_id")["knowledge_k0"])
    assert (units["knowledge"] >= k0 - 0.01).all()
    assert (units["knowledge"] <= np.maximum(k0, 90.0) + 0.01).all()
    before = units["period"] == "before"
    assert np.allclose(units.loc[before, "knowledge"], k0[before], atol=0.01)
    assert units.loc[before, "sessions"].sum() == 0


def test_units_are_one_row_per_rep_and_month_with_the_documented_columns():
    result = run_experiment(seed=3)
    units = result.units
    assert len(units) == 40 * (6 + 12 + 6)
    assert {"rep_id", "arm", "trained", "month", "period", "post", "knowledge", "quiz_score",
            "opportunities", "deals_won", "revenue"} <= set(units.columns)
    assert set(units["arm"]) == {"baseline", "intervention"}
    assert (units["deals_won"] <= units["opportunities"]).all()
    assert (result.n_baseline, result.n_intervention) == (20, 20)
    assert isinstance(result, ExperimentResult)
    assert repr(result).startswith("ExperimentResult(revenue per rep per month: ¥")


# --- the headline effect comes out of the mechanism ----------------------------------------

def test_built_in_effect_is_about_25_percent_at_default_levers(default_runs):
    built_in = default_runs.groupby("seed")["built_in_effect"].first()
    assert built_in.mean() == pytest.approx(ARTICLE_EFFECT, abs=0.02)


@pytest.mark.parametrize("method", ["ancova", "did"])
def test_mean_effect_over_20_seeds_is_within_20_percent_of_plus_25_with_visible_spread(
        default_runs, method):
    effects = default_runs.loc[default_runs["method"] == method, "effect"]
    assert len(effects) == SEEDS
    assert 0.8 * ARTICLE_EFFECT <= effects.mean() <= 1.2 * ARTICLE_EFFECT
    assert effects.std() > 0.05  # a single run scatters: the room must ask "is it real?"


def test_headline_is_the_ancova_reading_and_its_interval_contains_it():
    result = run_experiment(seed=4)
    ancova_row = result.estimates.set_index("method").loc["ancova"]
    assert result.effect == pytest.approx(ancova_row["effect"])
    assert result.effect_ci[0] < result.effect < result.effect_ci[1]
    assert result.intervention / result.baseline - 1 == pytest.approx(result.effect)
    did = run_experiment(seed=4, method="did")
    assert did.effect == pytest.approx(result.estimates.set_index("method").loc["did", "effect"])


def test_with_sessions_that_teach_nothing_the_effect_is_zero_within_noise():
    runs = repeat_experiment(runs=SEEDS, seed=0, session_quality=0.0)
    assert (runs["built_in_effect"] == 0).all()
    fair = runs[runs["method"].isin(["ancova", "did", "after_only"])]
    for _method, effects in fair.groupby("method")["effect"]:
        assert abs(effects.mean()) < 0.06
    # ...while the before/after reading still "finds" an effect: the season and the trend
    before_after = runs.loc[runs["method"] == "before_after", "effect"].mean()
    assert before_after > 0.08


def test_no_training_gives_the_same_revenue_as_the_untrained_path_rep_by_rep():
    untrained = run_experiment(seed=2, session_quality=0.0).units
    trained = run_experiment(seed=2).units
    before = trained["period"] == "before"
    # common random numbers: the months before training do not depend on the levers
    assert trained.loc[before, "revenue"].equals(untrained.loc[before, "revenue"])
    assert (untrained["win_chance"] == untrained["win_chance_untrained"]).all()


# --- levers move the outcome the way the mechanism says ------------------------------------

def test_better_sessions_raise_the_built_in_effect():
    effects = [run_experiment(seed=1, session_quality=q).built_in_effect for q in (0.0, 0.1, 0.25, 0.5)]
    assert effects[0] == 0 and np.all(np.diff(effects) > 0)


@pytest.mark.slow
def test_better_sessions_raise_the_measured_effect_on_average():
    means = [repeat_experiment(runs=10, seed=0, session_quality=q)
             .query("method == 'ancova'")["effect"].mean() for q in (0.05, 0.25, 0.5)]
    assert np.all(np.diff(means) > 0)


def test_sparser_training_lets_knowledge_fade_and_lowers_the_effect():
    effects = [run_experiment(seed=1, months_between_sessions=m).built_in_effect for m in (1, 2, 3, 6)]
    assert np.all(np.diff(effects) < 0)
    assert effects[-1] > 0


def test_conservative_preset_gives_a_much_smaller_effect():
    article = run_experiment(seed=1).built_in_effect
    conservative = run_experiment(seed=1, preset="conservative").built_in_effect
    assert 0.03 < conservative < 0.5 * article


def test_more_reps_narrow_the_interval():
    width = [np.diff(run_experiment(seed=1, size=n).effect_ci)[0] for n in (20, 80, 320)]
    assert np.all(np.diff(width) < 0)


def test_longer_comparison_window_changes_the_rows_compared():
    units = run_experiment(seed=1, months_before=3, months_after=9).units
    assert (units["period"] == "after").sum() == 40 * 9
    assert units.loc[units["period"] == "before", "month"].max() == 3


# --- who is trained first ---------------------------------------------------------------------

def test_weakest_and_strongest_first_pick_by_sales_before_training():
    weakest = per_rep(run_experiment(seed=5, trained_first="weakest").units)
    strongest = per_rep(run_experiment(seed=5, trained_first="strongest").units)
    for reps, low, high in ((weakest, 1, 0), (strongest, 0, 1)):
        assert reps["trained"].sum() == 20
        lower, higher = (reps.loc[reps["trained"] == t, "before"] for t in (low, high))
        assert lower.max() <= higher.min()


@pytest.mark.slow
def test_choosing_who_is_trained_first_biases_the_naive_comparisons():
    weakest = summarise_runs(repeat_experiment(runs=SEEDS, trained_first="weakest"))
    strongest = summarise_runs(repeat_experiment(runs=SEEDS, trained_first="strongest"))
    # the weakest look even weaker after training than the wait-list: training "hurts"
    assert weakest.loc["after_only", "mean_effect"] < 0
    # the strongest were strong already: the after-only gap is far above what training did
    assert strongest.loc["after_only", "mean_effect"] > 2 * strongest.loc["after_only", "built_in_effect"]
    # regression to the mean: the weakest bounce back anyway, so before/after and DiD flatter
    assert weakest.loc["did", "mean_effect"] > 1.5 * weakest.loc["did", "built_in_effect"]
    assert weakest.loc["before_after", "mean_effect"] > 1.5 * weakest.loc["before_after", "built_in_effect"]


@pytest.mark.slow
def test_power_at_40_reps_is_about_60_percent_with_ancova_and_much_less_after_only():
    table = power(size=40, runs=200, seed=0)
    assert 0.48 <= table.loc["ancova", "power"] <= 0.72
    assert 0.18 <= table.loc["after_only", "power"] <= 0.42
    assert table.loc["ancova", "power"] > table.loc["after_only", "power"] + 0.1


# --- reproducibility and the tables -------------------------------------------------------------

def test_same_seed_gives_the_same_result_and_another_seed_another():
    a, b, c = run_experiment(seed=11), run_experiment(seed=11), run_experiment(seed=12)
    assert a == b and a.units.equals(b.units) and a.estimates.equals(b.estimates)
    assert a.effect != c.effect


def test_given_reps_are_used_as_they_are():
    reps = case3_reps(7)
    assert run_experiment(seed=7, reps=reps) == run_experiment(seed=7)
    small = run_experiment(seed=7, reps=reps.iloc[:10])
    assert small.n_baseline + small.n_intervention == 10


def test_repeat_experiment_rows_are_the_single_runs():
    runs = repeat_experiment(runs=2, seed=8, months_between_sessions=3)
    single = run_experiment(seed=9, months_between_sessions=3)
    row = runs[(runs["seed"] == 9) & (runs["method"] == "ancova")].iloc[0]
    assert row["effect"] == pytest.approx(single.effect)
    assert list(runs["method"].unique()) == list(METHODS)


def test_compare_methods_reads_the_did_and_ancova_from_the_units():
    table = compare_methods(run_experiment(seed=6).units)
    assert (table["ci_low"] < table["effect"]).all() and (table["effect"] < table["ci_high"]).all()
    assert table["significant"].dtype == bool


# --- bad levers ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"session_quality": 1.5}, ValueError, "`session_quality` must be between 0 and 1, got 1.5"),
    ({"session_quality": -0.1}, ValueError, "`session_quality` must be between 0 and 1"),
    ({"months_between_sessions": 0}, ValueError, "`months_between_sessions` must be a whole number from 1"),
    ({"months_between_sessions": 1.5}, TypeError, "`months_between_sessions` must be a whole number"),
    ({"months_before": -2}, ValueError, "`months_before` must be a whole number from 1"),
    ({"months_after": 0}, ValueError, "`months_after`"),
    ({"trained_first": "best"}, ValueError, "`trained_first` must be one of .'random', 'weakest'"),
    ({"preset": "optimistic"}, ValueError, "`preset` must be one of .'article', 'conservative'"),
    ({"size": 0}, ValueError, "`size` must be a whole number from 4"),
    ({"size": 3}, ValueError, "`size` must be a whole number from 4"),
    ({"size": 40.0}, TypeError, "`size` must be a whole number"),
    ({"method": "t-test"}, ValueError, "`method` must be 'ancova' or 'did'"),
    ({"size": 20, "reps": case3_reps(1)}, ValueError, "give `size` or `reps`, not both"),
    ({"reps": pd.DataFrame({"rep_id": ["A"]})}, ValueError, "`reps` must have the columns"),
    ({"reps": case3_reps(1).assign(wave="first")}, ValueError,
     "`reps` must put at least 2 reps in each wave .column `wave`., got 40 first and 0"),
])
def test_bad_levers_raise_clear_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        run_experiment(1, **kwargs)


def test_bad_seed_and_runs_raise_clear_errors():
    with pytest.raises(ValueError, match="`seed` must be a whole number 0 or more, got -1"):
        run_experiment(-1)
    with pytest.raises(ValueError, match="`runs` must be a whole number from 1"):
        repeat_experiment(runs=0)
    with pytest.raises(ValueError, match="`learning_rate` must be between 0 and 1"):
        Calibration("bad", learning_rate=2.0)


# --- the baseline tables and the figures -------------------------------------------------------

def test_before_training_table_sums_the_months_before_training():
    units = run_experiment(seed=2).units
    table = before_training(units)
    before = units[units["period"] == "before"]
    assert len(table) == 40
    assert table["deals_won"].sum() == before["deals_won"].sum()
    assert table["revenue_per_month"].mean() == pytest.approx(before["revenue"].mean(), abs=1.0)


def test_reps_who_know_more_win_more_before_training():
    bands = pd.concat([by_quiz_band(run_experiment(seed).units) for seed in range(5)])
    win_rates = bands.groupby(level=0, sort=False)["win_rate"].mean()
    assert list(win_rates.index) == ["low", "middle", "high"]
    assert win_rates.is_monotonic_increasing


def test_figure_titles_state_the_findings_of_the_data():
    result = run_experiment(seed=1)
    bands = by_quiz_band(result.units)
    title = plot_quiz_vs_wins(result.units).axes[0].get_title(loc="left").replace("\n", " ")
    assert f"win {bands['win_rate'].iloc[-1]:.0%}" in title
    title = plot_estimates(result).axes[0].get_title(loc="left").replace("\n", " ")
    assert title.startswith(f"Measured effect +{result.effect:.0%}")
    knowledge = plot_knowledge(result.units).axes[0]
    assert knowledge.get_ylabel() == "Product knowledge (points)"
    dashboard = plot_dashboard(result)
    assert len(dashboard.axes) == 3
    plt.close("all")


def test_figures_refuse_what_they_cannot_draw():
    with pytest.raises(TypeError, match="`result` must be a TrainingResult"):
        plot_estimates(pd.DataFrame())
    with pytest.raises(ValueError, match="`runs` must have the columns"):
        plot_repeated(pd.DataFrame({"seed": [1]}))


# --- Act ---------------------------------------------------------------------------------------

def test_decision_follows_the_money_not_the_interval():
    from saleslab.cases.training_value import Costs, money_from_run
    result = run_experiment(seed=2026)
    assert decide(result) == money_from_run(result, Costs()).decision
    dear = Costs(trainer_day=400_000.0)
    assert decide(result, costs=dear) != "adopt"
    assert decide(run_experiment(seed=0, session_quality=0.0, size=20)) in ("adapt", "abandon")


def test_pdca_record_is_complete_and_carries_the_ancova_evidence():
    result = run_experiment(seed=1, months_between_sessions=3)
    record = pdca_record(result)
    assert record.is_complete
    assert "every 3 month(s)" in record.change
    assert record.evidence.relative_effect == pytest.approx(result.effect)
    assert record.result == result.headline()
    with pytest.raises(TypeError, match="`result` must be a TrainingResult"):
        pdca_record(result.units)


def test_compared_months_leave_out_the_catch_up():
    units = run_experiment(seed=1).units
    compared = compared_months(units)
    assert len(compared) == 40 * 18 and "catch-up" not in set(compared["period"])
