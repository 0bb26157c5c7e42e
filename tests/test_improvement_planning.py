"""plan_test, summarise_repeats and reading_spread: numbers, properties and bad arguments."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saleslab.improvement import (
    PITFALLS,
    power_two_proportions,
    repeat_change,
    repeat_experiment,
    sample_size_two_proportions,
)
from saleslab.improvement.planning import plan_test, reading_spread, summarise_repeats


def test_plan_matches_the_sample_size_formula():
    plan = plan_test(0.10, 0.30, leads_per_month=600, months=2)
    assert plan.p1 == pytest.approx(0.13)
    assert plan.needed_per_arm == 1772  # the worked example: about 1,770 per arm
    assert plan.months_needed == 3  # 1,772 / 600 = 2.95 months, rounded up
    assert plan.power == pytest.approx(power_two_proportions(0.10, 0.13, 1200))
    assert plan.uplift == pytest.approx(0.30)


def test_plan_headline_says_power_and_months():
    text = plan_test(0.10, 0.30, leads_per_month=600, months=2).headline()
    assert "64% power" in text and "1,772 per group, 3 months" in text


def test_plan_runs_long_enough_reaches_the_target_power():
    plan = plan_test(0.07, 0.30, leads_per_month=600)
    longer = plan_test(0.07, 0.30, leads_per_month=600, months=plan.months_needed)
    shorter = plan_test(0.07, 0.30, leads_per_month=600, months=plan.months_needed - 1)
    assert shorter.power < 0.8 <= longer.power


@settings(max_examples=40, deadline=None)
@given(p0=st.floats(0.02, 0.5), uplift=st.floats(0.05, 0.8), leads=st.integers(10, 5000),
       months=st.integers(1, 24))
def test_plan_is_consistent_with_the_statistics(p0, uplift, leads, months):
    if p0 * (1 + uplift) >= 1:
        return
    plan = plan_test(p0, uplift, leads, months)
    assert plan.n_per_arm == leads * months
    assert plan.needed_per_arm == sample_size_two_proportions(p0, p0 * (1 + uplift))
    assert (plan.months_needed - 1) * leads < plan.needed_per_arm <= plan.months_needed * leads
    assert 0 < plan.power <= 1
    assert (plan.power >= 0.8) == (plan.n_per_arm >= plan.needed_per_arm)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"p0": 0.0}, ValueError, "`p0` must be strictly between 0 and 1"),
    ({"uplift": 0.0}, ValueError, "`uplift` must be above -1 and not 0"),
    ({"uplift": -1.5}, ValueError, "`uplift` must be above -1"),
    ({"uplift": "30%"}, TypeError, "`uplift` must be a number"),
    ({"p0": 0.8, "uplift": 0.5}, ValueError, "it must stay below 1"),
    ({"leads_per_month": 0}, ValueError, "`leads_per_month` must be a whole number greater than 0"),
    ({"leads_per_month": 12.5}, TypeError, "`leads_per_month` must be a whole number"),
    ({"months": 0}, ValueError, "`months` must be a whole number greater than 0"),
    ({"alpha": 1.0}, ValueError, "`alpha` must be strictly between 0 and 1"),
    ({"power": 0.0}, ValueError, "`power` must be strictly between 0 and 1"),
])
def test_plan_rejects_bad_arguments(kwargs, error, message):
    arguments = {"p0": 0.1, "uplift": 0.3, "leads_per_month": 600, **kwargs}
    with pytest.raises(error, match=message):
        plan_test(**arguments)


def test_summary_of_repeats_reads_the_table():
    runs = pd.DataFrame({
        "relative_effect": np.linspace(-0.1, 0.9, 101), "significant": [True] * 30 + [False] * 71,
        "true_effect": 0.3,
    })
    summary = summarise_repeats(runs)
    assert summary.runs == 101 and summary.share_significant == pytest.approx(30 / 101)
    assert summary.median == pytest.approx(0.4)
    assert summary.low == pytest.approx(-0.05) and summary.high == pytest.approx(0.85)
    assert summary.share_wrong_sign == pytest.approx(11 / 101)  # -0.10 … 0.00


def test_summary_of_a_null_change_gives_the_false_alarm_rate():
    summary = summarise_repeats(repeat_experiment(0.1, 0.1, 1000, runs=4000, seed=3))
    assert summary.share_significant == pytest.approx(0.05, abs=0.01)
    assert math.isnan(summary.share_wrong_sign)
    assert summary.low < 0 < summary.high


def test_summary_skips_runs_without_a_relative_effect():
    runs = pd.DataFrame({"relative_effect": [np.nan, 0.1, 0.3], "significant": [False] * 3,
                         "true_effect": 0.2})
    assert summarise_repeats(runs).median == pytest.approx(0.2)
    with pytest.raises(ValueError, match="no run with a measured relative effect"):
        summarise_repeats(runs.assign(relative_effect=np.nan))
    with pytest.raises(ValueError, match=r"missing \['significant'\]"):
        summarise_repeats(runs.drop(columns="significant"))


def test_reading_spread_shows_before_after_bias_under_seasonality():
    table = reading_spread(repeat_change(runs=60, seed=4, **PITFALLS["seasonality"]))
    assert list(table.columns) == ["average", "low", "high", "bias"]
    assert table.loc["before_after", "bias"] > 0.1
    assert table.loc["comparison", "low"] < 0 < table.loc["comparison", "high"]


def test_reading_spread_bias_is_measured_from_the_true_effect():
    runs = pd.DataFrame({"before_after": [0.3, 0.5], "comparison": [0.1, 0.3], "true_effect": 0.2})
    table = reading_spread(runs)
    assert table["bias"].tolist() == pytest.approx([0.2, 0.0])
    with pytest.raises(ValueError, match="`comparison` must not hold missing"):
        reading_spread(runs.assign(comparison=[np.nan, 0.1]))
