"""The explorer's pure function: planted shifts found within weeks, noise rarely flagged."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saleslab.data import kpi_shifts, load, weekly_kpis
from saleslab.monitoring.explore import (
    EXPLORER_CHARTS,
    Exploration,
    explore_kpi,
    match_planted,
    plot_exploration,
)
from saleslab.monitoring.scorecards import example_kpis

LEADING_KPIS = ("response_time_hours", "calls", "meetings", "proposals")
DESIGNS = [("individuals", "western_electric"), ("individuals", "nelson"),
           ("cusum", "none"), ("ewma", "none")]


@pytest.fixture(scope="module")
def course():
    return load("weekly_kpis"), load("kpi_shifts")


@pytest.mark.parametrize("seed", [2026, 7, 11])
def test_each_kind_of_planted_change_is_flagged_by_its_chart_within_weeks(seed):
    from saleslab.monitoring.story import catch_table
    table = catch_table(weekly_kpis(seed), kpi_shifts(seed)).set_index("kind")
    assert table.loc["sudden", "limits"] <= 3
    assert table.loc["small", "rules"] <= 8
    assert table.loc["drift", "cusum"] <= 12


@pytest.mark.parametrize("seed", [2026, 7, 11])
def test_run_rules_flag_more_of_a_small_step_than_limits_alone(seed):
    from saleslab.monitoring.story import small_claim
    assert small_claim(weekly_kpis(seed), kpi_shifts(seed)).holds


@pytest.mark.slow
def test_planted_changes_of_many_seeds_are_mostly_flagged_within_a_few_weeks():
    from saleslab.monitoring.story import catch_table
    tables = pd.concat([catch_table(weekly_kpis(seed), kpi_shifts(seed)) for seed in range(1, 13)])
    by_kind = tables.set_index("kind")
    assert (by_kind.loc["sudden", "limits"] <= 4).all()
    assert (by_kind.loc["small", "rules"] <= 8).mean() >= 0.75
    assert (by_kind.loc["drift", "cusum"] <= 12).mean() >= 0.75


def _flag_rate(kpis, reps, chart_type, rules):
    flagged = watched = 0
    for rep in reps:
        for kpi in LEADING_KPIS:
            result = explore_kpi(kpis, rep, kpi, chart_type, rules)
            flagged += len(result.signals)
            watched += len(result.chart) - result.baseline_weeks
    return flagged / watched


def _stable_table(n_reps=40, seed=5):
    """Stable weekly KPIs like the course data's (Poisson counts, lognormal hours)."""
    rng = np.random.default_rng(seed)
    weeks = pd.date_range("2025-01-06", periods=78, freq="W-MON")
    n = n_reps * len(weeks)
    calls = rng.poisson(60, n)
    return pd.DataFrame({
        "week": np.tile(weeks, n_reps), "week_index": np.tile(np.arange(78), n_reps),
        "rep": np.repeat([f"S{i:02d}" for i in range(n_reps)], 78), "team": "T",
        "response_time_hours": rng.lognormal(np.log(4), 0.25, n), "calls": calls,
        "meetings": rng.binomial(calls, 0.2), "proposals": rng.poisson(4.5, n),
        "opportunities_closed": 4, "deals_won": 1, "win_rate": 0.25, "bookings": 1e5,
    })


@pytest.mark.slow
@pytest.mark.parametrize(("chart_type", "rules"), [("individuals", "none"), *DESIGNS])
def test_stable_pairs_are_not_flagged_beyond_the_expected_false_alarm_rate(
        course, chart_type, rules):
    # Expected rate: the same design on simulated stable series with limits from 26 weeks
    # (higher than the textbook rate for known limits). Stable pairs: reps with no shift,
    # holidays and season handled as taught.
    from saleslab.monitoring import as_taught
    kpis, truth = as_taught(course[0]), course[1]
    stable_reps = sorted(set(kpis["rep"]) - set(truth["rep"]))
    simulated = _stable_table()
    expected = _flag_rate(simulated, sorted(simulated["rep"].unique()), chart_type, rules)
    observed = _flag_rate(kpis, stable_reps, chart_type, rules)
    assert observed <= 1.5 * expected + 0.005


def test_p_chart_uses_deals_won_out_of_opportunities_closed():
    kpis = example_kpis()
    result = explore_kpi(kpis, "Ana", "win_rate", "p", baseline_weeks=2)
    assert result.chart["value"].tolist() == [0.25] * 4
    assert result.chart["center"].iloc[0] == pytest.approx(0.25)
    assert result.finding.startswith("No signal in the 2 weeks watched")


def test_weeks_without_a_verdict_are_left_out_of_the_win_rate():
    kpis = example_kpis()
    kpis.loc[0, ["opportunities_closed", "deals_won", "win_rate"]] = [0, 0, np.nan]
    result = explore_kpi(kpis, "Ana", "win_rate", "p", baseline_weeks=3)
    assert len(result.chart) == 3 and result.baseline_weeks == 2


def test_signals_name_the_rule_and_direction():
    kpis = example_kpis()
    kpis.loc[kpis["rep"] == "Ana", "calls"] = [40, 42, 41, 90]
    result = explore_kpi(kpis, "Ana", "calls", rules="western_electric", baseline_weeks=3)
    assert result.signals[["week_index", "direction"]].values.tolist() == [[3, "up"]]
    assert result.signals["reason"].iloc[0] == "1 point beyond a control limit (3 sigma)"
    assert "first signal in the week of 27 Jan 2025" in result.finding


def test_cusum_keeps_its_limit_in_the_units_of_the_kpi():
    kpis = example_kpis()
    kpis.loc[kpis["rep"] == "Ana", "calls"] = [40, 44, 41, 43]
    result = explore_kpi(kpis, "Ana", "calls", "cusum", baseline_weeks=3)
    reference_sigma = np.mean([4, 3]) / 1.128
    assert result.chart["limit"].iloc[0] == pytest.approx(5 * reference_sigma)
    assert repr(result).startswith("Exploration(Ana, calls, cusum, rules=none: ")


def test_match_planted_splits_alerts_into_real_and_noise(course):
    from saleslab.monitoring import alerts
    kpis, truth = course
    checked = match_planted(alerts(kpis), truth)
    planted = checked[checked["planted"]]
    assert set(zip(planted["rep"], planted["kpi"])) <= set(zip(truth["rep"], truth["kpi"]))
    assert (~checked["planted"]).sum() > 0  # noise raises alerts too


def test_plot_marks_the_baseline_and_the_answer_key(course):
    import matplotlib.pyplot as plt
    kpis, truth = course
    for chart_type in EXPLORER_CHARTS:
        kpi = "win_rate" if chart_type == "p" else "calls"
        fig = plot_exploration(explore_kpi(kpis, "R05", kpi, chart_type, shifts=truth),
                               show_planted=True)
        labels = fig.axes[0].get_legend_handles_labels()[1]
        assert "Baseline weeks (set the limits)" in labels
        assert ("Planted change (answer key)" in labels) == (kpi == "calls")
        assert fig.axes[0].get_title(loc="left").startswith("R05 — ")
        plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [({"rep": "Zed"}, ValueError, "`rep` must be one of"),
     ({"kpi": "revenue"}, ValueError, "`kpi` must be one of"),
     ({"chart_type": "xbar"}, ValueError, "`chart_type` must be one of"),
     ({"rules": "mine"}, ValueError, "`rules` must be one of"),
     ({"chart_type": "p"}, ValueError, "a p chart is for the win rate only"),
     ({"chart_type": "cusum", "rules": "nelson"}, ValueError, "run rules apply"),
     ({"baseline_weeks": 4}, ValueError, "`baseline_weeks` must leave"),
     ({"baseline_weeks": 1}, ValueError, "`baseline_weeks` must leave"),
     ({"baseline_weeks": 2.0}, TypeError, "`baseline_weeks` must be a whole number"),
     ({"kpis": [1, 2]}, TypeError, "`kpis` must be the weekly KPI DataFrame"),
     ({"shifts": pd.DataFrame({"rep": ["Ana"]})}, ValueError, "`shifts` must be the")],
)
def test_bad_arguments_raise_clear_errors(kwargs, error, message):
    arguments = {"kpis": example_kpis(), "rep": "Ana", "kpi": "calls", "baseline_weeks": 2,
                 **kwargs}
    with pytest.raises(error, match=message):
        explore_kpi(**arguments)


def test_plot_and_match_planted_check_their_arguments():
    with pytest.raises(TypeError, match="`result` must come from explore_kpi"):
        plot_exploration("chart")
    with pytest.raises(ValueError, match="`shifts` must be a DataFrame"):
        match_planted(pd.DataFrame({"rep": [], "kpi": [], "week_index": []}), None)
    assert isinstance(explore_kpi(example_kpis(), "Ana", "calls", baseline_weeks=2),
                      Exploration)


def test_planted_delays_lists_every_shift_with_its_delay(course):
    from saleslab.monitoring import planted_delays
    kpis, truth = course
    table = planted_delays(kpis, truth, "ewma", "none")
    assert table["rep"].tolist() == truth["rep"].tolist()
    assert table["delay_weeks"].iloc[0] <= 5  # the sudden drop


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.floats(0.1, 1000.0),
       chart_rules=st.sampled_from([("individuals", "western_electric"),
                                    ("individuals", "nelson"), ("cusum", "none"),
                                    ("ewma", "none")]))
def test_signals_do_not_depend_on_the_unit_of_the_kpi(seed, scale, chart_rules):
    # Calls or hundreds of calls, hours or minutes: the same weeks signal.
    rng = np.random.default_rng(seed)
    kpis = example_kpis().iloc[[0] * 30].reset_index(drop=True)
    kpis["week_index"] = np.arange(30)
    kpis["week"] = pd.date_range("2025-01-06", periods=30, freq="W-MON")
    kpis["calls"] = rng.normal(50, 5, 30) + np.where(np.arange(30) >= 20, 8, 0)
    chart_type, rules = chart_rules
    plain = explore_kpi(kpis, "Ana", "calls", chart_type, rules, baseline_weeks=15)
    scaled = explore_kpi(kpis.assign(calls=kpis["calls"] * scale), "Ana", "calls",
                         chart_type, rules, baseline_weeks=15)
    assert scaled.signals["week_index"].tolist() == plain.signals["week_index"].tolist()
    assert (plain.signals["week_index"] >= 15).all()
