"""saleslab.improvement statistics: two proportions, sample size and power, DiD and ANCOVA."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats import proportion as sm_proportion
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    power_proportions_2indep,
    proportion_effectsize,
)

from saleslab.improvement import (
    ancova,
    did_means,
    diff_in_diff,
    parallel_trends,
    power_curve,
    power_two_proportions,
    repeat_experiment,
    sample_size_two_proportions,
    two_proportions,
)

# --- two proportions ---------------------------------------------------------------------

def test_two_proportions_worked_by_hand():
    result = two_proportions(100, 1000, 130, 1000)
    assert result.rate_a == 0.10 and result.rate_b == 0.13
    assert result.difference == pytest.approx(0.03)
    assert result.ratio == pytest.approx(1.3) and result.relative_change == pytest.approx(0.3)
    # pooled z-test: p = 230/2000, se = sqrt(p(1-p)(1/1000 + 1/1000))
    pooled = 230 / 2000
    z = 0.03 / math.sqrt(pooled * (1 - pooled) * 2 / 1000)
    assert result.p_value == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)
    low, high = result.difference_ci
    assert low < 0.03 < high and result.ratio_ci[0] < 1.3 < result.ratio_ci[1]


@pytest.mark.parametrize(("a", "n_a", "b", "n_b"), [(100, 1000, 130, 1000), (12, 80, 5, 95),
                                                    (0, 40, 6, 50), (30, 30, 27, 31)])
def test_two_proportions_agrees_with_statsmodels(a, n_a, b, n_b):
    result = two_proportions(a, n_a, b, n_b, alpha=0.1)
    np.testing.assert_allclose(result.difference_ci,
                               confint_proportions_2indep(b, n_b, a, n_a, alpha=0.1))
    np.testing.assert_allclose(
        result.ratio_ci, confint_proportions_2indep(b, n_b, a, n_a, compare="ratio", alpha=0.1))
    if a and b:  # statsmodels' score test divides by each rate
        expected = sm_proportion.test_proportions_2indep(b, n_b, a, n_a, method="score",
                                                         correction=False)
        assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9)


def test_two_proportions_ratio_is_infinite_when_group_a_has_no_successes():
    result = two_proportions(0, 40, 6, 50)
    assert math.isinf(result.ratio) and math.isfinite(result.ratio_ci[1])


def test_two_proportions_reads_well():
    result = two_proportions(100, 1000, 130, 1000)
    assert repr(result) == ("TwoProportions(B 13% vs A 10%: +3.0 points (95% CI +0.2 to +5.8), "
                            "+30% relative, p = 0.035)")
    assert result.summary().splitlines()[2].startswith("Difference B − A")


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((11, 10, 5, 10), ValueError, "`successes_a` \\(11\\) cannot exceed"),
        ((1, 10, 12, 10), ValueError, "`successes_b`"),
        ((-1, 10, 5, 10), ValueError, "`successes_a`"),
        ((1, 0, 5, 10), ValueError, "`n_a`"),
        ((1, 10, 5, -3), ValueError, "`n_b`"),
        ((1.5, 10, 5, 10), TypeError, "whole number"),
        ((True, 10, 5, 10), TypeError, "`successes_a`"),
        ((0, 10, 0, 10), ValueError, "no difference"),
        ((10, 10, 10, 10), ValueError, "no difference"),
    ],
)
def test_two_proportions_rejects_bad_counts(args, error, message):
    with pytest.raises(error, match=message):
        two_proportions(*args)


@pytest.mark.parametrize("alpha", [0, 1, 1.5, "0.05"])
def test_two_proportions_rejects_bad_alpha(alpha):
    with pytest.raises((ValueError, TypeError), match="`alpha`"):
        two_proportions(1, 10, 2, 10, alpha=alpha)


# --- sample size and power ---------------------------------------------------------------

def test_sample_size_for_ten_to_thirteen_percent_is_1772_per_arm():
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)
    exact = z**2 * (0.1 * 0.9 + 0.13 * 0.87) / 0.03**2
    assert exact == pytest.approx(1771.23, abs=0.01)
    assert sample_size_two_proportions(0.10, 0.13) == 1772  # "about 1,770": rounded up


def test_sample_size_cross_checks_with_statsmodels_normal_ind_power():
    # statsmodels works on Cohen's h (arcsine scale), a different approximation: 1,768.1
    # against our 1,771.2 for 10% -> 13%, i.e. within 0.2%.
    for p0, p1 in [(0.10, 0.13), (0.4, 0.5), (0.086, 0.112)]:
        theirs = NormalIndPower().solve_power(proportion_effectsize(p1, p0), power=0.8,
                                              alpha=0.05)
        assert sample_size_two_proportions(p0, p1) == pytest.approx(theirs, rel=0.01)


def test_sample_size_gives_the_power_asked_for():
    n = sample_size_two_proportions(0.10, 0.13)
    assert power_two_proportions(0.10, 0.13, n - 1) < 0.8 <= power_two_proportions(0.10, 0.13, n)
    assert sample_size_two_proportions(0.13, 0.10) == n  # symmetric in the two rates
    assert sample_size_two_proportions(0.10, 0.13, power=0.9) > n
    assert sample_size_two_proportions(0.10, 0.13, alpha=0.01) > n


def test_power_agrees_with_statsmodels_and_the_course_calibration():
    for n in (900, 1800, 2700):
        theirs = power_proportions_2indep(0.112 - 0.086, 0.086, n, alpha=0.05).power
        assert power_two_proportions(0.086, 0.112, n) == pytest.approx(theirs, abs=0.005)
    # MODELS.md: ~900 leads per arm detects the case-1 effect about 45% of the time
    assert power_two_proportions(0.086, 0.112, 900) == pytest.approx(0.45, abs=0.02)


def test_power_without_a_change_is_the_false_alarm_rate():
    assert power_two_proportions(0.2, 0.2, 500, alpha=0.05) == pytest.approx(0.05)


rates = st.floats(min_value=0.02, max_value=0.9)


@given(rates, st.floats(min_value=0.005, max_value=0.05),
       st.floats(min_value=0.001, max_value=0.04))
@settings(max_examples=80, deadline=None)
def test_sample_size_falls_as_the_gap_widens(p0, gap, extra):
    small = sample_size_two_proportions(p0, p0 + gap)
    wide = sample_size_two_proportions(p0, p0 + gap + extra)
    assert wide <= small


@given(rates, st.floats(min_value=0.01, max_value=0.08), st.integers(10, 5000),
       st.integers(1, 5000))
@settings(max_examples=80, deadline=None)
def test_power_rises_with_group_size(p0, gap, n, more):
    assert power_two_proportions(p0, p0 + gap, n + more) >= power_two_proportions(p0, p0 + gap, n)


def test_power_curve_table():
    curve = power_curve(0.10, 0.13, [100, 900, 1772, 4000])
    assert curve.columns.tolist() == ["n_per_arm", "power"]
    assert curve["power"].is_monotonic_increasing
    assert curve["power"].iloc[2] == pytest.approx(0.8, abs=0.001)
    default = power_curve(0.10, 0.13)
    assert len(default) == 40 and default["n_per_arm"].max() == pytest.approx(2.5 * 1772, abs=1)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: sample_size_two_proportions(0.0, 0.1), ValueError, "`p0` must be strictly"),
        (lambda: sample_size_two_proportions(0.1, 1.0), ValueError, "`p1`"),
        (lambda: sample_size_two_proportions(0.1, -0.2), ValueError, "`p1`"),
        (lambda: sample_size_two_proportions(0.1, 0.1), ValueError, "must differ"),
        (lambda: sample_size_two_proportions(0.1, 0.2, power=1.0), ValueError, "`power`"),
        (lambda: sample_size_two_proportions("0.1", 0.2), TypeError, "`p0`"),
        (lambda: power_two_proportions(0.1, 0.2, 0), ValueError, "`n`"),
        (lambda: power_two_proportions(0.1, 0.2, -5), ValueError, "`n`"),
        (lambda: power_two_proportions(0.1, 0.2, 100, alpha=0), ValueError, "`alpha`"),
        (lambda: power_curve(0.1, 0.2, []), ValueError, "`sizes` must not be empty"),
        (lambda: power_curve(0.1, 0.2, [100, 0]), ValueError, "`sizes`"),
        (lambda: power_curve(0.1, 0.2, "100"), TypeError, "`sizes`"),
        (lambda: repeat_experiment(0.1, 0.2, 0), ValueError, "`n`"),
        (lambda: repeat_experiment(0.1, 0.2, 100, runs=-1), ValueError, "`runs`"),
        (lambda: repeat_experiment(0.1, 0.2, 100, seed=-3), ValueError, "`seed`"),
    ],
)
def test_planning_functions_reject_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_repeat_experiment_matches_power_and_false_alarm_rate():
    runs = repeat_experiment(0.086, 0.112, 900, runs=4000, seed=3)
    assert runs["significant"].mean() == pytest.approx(power_two_proportions(0.086, 0.112, 900),
                                                       abs=0.03)
    assert runs["true_effect"].iloc[0] == pytest.approx(0.112 / 0.086 - 1)
    assert runs["relative_effect"].median() == pytest.approx(0.30, abs=0.05)
    null = repeat_experiment(0.1, 0.1, 500, runs=4000, seed=4)
    assert null["significant"].mean() == pytest.approx(0.05, abs=0.015)


def test_repeat_experiment_p_values_are_those_of_two_proportions():
    runs = repeat_experiment(0.2, 0.25, 300, runs=5, seed=9)
    for row in runs.itertuples():
        single = two_proportions(round(row.rate_a * 300), 300, round(row.rate_b * 300), 300)
        assert row.p_value == pytest.approx(single.p_value, rel=1e-9)
    pd.testing.assert_frame_equal(runs, repeat_experiment(0.2, 0.25, 300, runs=5, seed=9))


# --- difference-in-differences ---------------------------------------------------------

def two_by_two() -> pd.DataFrame:
    """Two rows per cell; cell means: comparison 11 -> 13, change 11 -> 17."""
    return pd.DataFrame({"treated": [0, 0, 1, 1] * 2, "post": [0, 1, 0, 1] * 2,
                         "deals": [10, 12, 10, 16, 12, 14, 12, 18]})


def test_did_on_a_two_by_two_table_of_means():
    data = two_by_two()
    means = did_means(data, "deals", "treated", "post")
    assert means.loc["change", "after_minus_before"] == 6
    assert means.loc["comparison", "after_minus_before"] == 2
    result = diff_in_diff(data, "deals", "treated", "post")
    assert result.estimate == pytest.approx(6 - 2)
    # each residual is ±1, so s² = 8 / (8 − 4) = 2 and SE(δ) = sqrt(2 · 4 / 2) = 2
    assert result.std_error == pytest.approx(2.0)
    half = stats.t.ppf(0.975, 4) * 2
    np.testing.assert_allclose(result.ci, (4 - half, 4 + half))
    assert result.counterfactual == pytest.approx(11 + 2) and result.n == 8
    assert result.relative_effect == pytest.approx(4 / 13)


def clustered_panel(seed: int = 0, reps: int = 30, weeks: int = 20, effect: float = 2.0):
    """Weekly deals per rep: a lasting rep level makes rows within a rep alike."""
    rng = np.random.default_rng(seed)
    rep = np.repeat(np.arange(reps), weeks)
    week = np.tile(np.arange(weeks), reps)
    treated = (rep % 2 == 0).astype(int)
    post = (week >= weeks // 2).astype(int)
    level = rng.normal(0, 3, reps)[rep] + rng.normal(0, 2, (reps, 2))[rep, post]
    deals = 10 + level + effect * treated * post + rng.normal(0, 1, reps * weeks)
    return pd.DataFrame({"rep": [f"R{r:02d}" for r in rep], "week": week, "trained": treated,
                         "after": post.astype(bool), "deals": deals})


def test_did_agrees_with_statsmodels_and_clustering_widens_the_error():
    panel = clustered_panel()
    plain = diff_in_diff(panel, "deals", "trained", "after")
    clustered = diff_in_diff(panel, "deals", "trained", "after", cluster="rep")
    fit = smf.ols("deals ~ trained * after", panel.assign(after=panel["after"].astype(int))).fit()
    assert plain.estimate == pytest.approx(fit.params["trained:after"])
    assert plain.std_error == pytest.approx(fit.bse["trained:after"])
    assert clustered.estimate == pytest.approx(plain.estimate)
    assert clustered.std_error > 1.5 * plain.std_error
    assert clustered.n_clusters == 30 and plain.n_clusters is None
    # the interval uses t with (clusters − 1) degrees of freedom
    half = (clustered.ci[1] - clustered.ci[0]) / 2
    assert half == pytest.approx(stats.t.ppf(0.975, 29) * clustered.std_error)
    assert "600 rows in 30 clusters" in clustered.headline()


def test_clustered_did_keeps_its_promised_coverage():
    covered = 0
    for seed in range(60):
        result = diff_in_diff(clustered_panel(seed), "deals", "trained", "after", cluster="rep")
        covered += result.ci[0] <= 2.0 <= result.ci[1]
    assert covered >= 51  # 95% nominal: at least 85% of 60 intervals cover the truth


def test_did_accepts_booleans_and_reads_well():
    data = two_by_two().astype({"treated": bool, "post": bool})
    result = diff_in_diff(data, "deals", "treated", "post", alpha=0.1)
    assert result.estimate == pytest.approx(4)
    assert repr(result).startswith("EffectEstimate(Difference-in-differences: +4.00 (90% CI")
    assert "+31% against no change" in repr(result)


@pytest.mark.parametrize(
    ("change", "kwargs", "error", "message"),
    [
        (lambda d: d.drop(columns="post"), {}, ValueError, r"missing \[.post.\]"),
        (lambda d: d.assign(treated=[0, 1, 2, 1] * 2), {}, ValueError, "only 0/1"),
        (lambda d: d.assign(post=1), {}, ValueError, "both 0 and 1"),
        (lambda d: d.assign(treated=["a", "b"] * 4), {}, TypeError, "`treated`"),
        (lambda d: d.assign(deals=[np.nan] + [1.0] * 7), {}, ValueError, "missing"),
        (lambda d: d.assign(deals=["x"] * 8), {}, TypeError, "numeric"),
        (lambda d: d[~((d.treated == 1) & (d.post == 0))], {}, ValueError, "all four cells"),
        (lambda d: d.head(4), {}, ValueError, "at least 5 rows"),
        (lambda d: d, {"cluster": "rep"}, ValueError, "rep"),
        (lambda d: d.assign(rep="R1"), {"cluster": "rep"}, ValueError, "at least 2 clusters"),
        (lambda d: d.assign(rep=[None, "R1"] * 4), {"cluster": "rep"}, ValueError, "missing"),
        (lambda d: d, {"alpha": 0.0}, ValueError, "`alpha`"),
    ],
)
def test_did_rejects_bad_input(change, kwargs, error, message):
    with pytest.raises(error, match=message):
        diff_in_diff(change(two_by_two()), "deals", "treated", "post", **kwargs)


def test_did_rejects_something_that_is_not_a_table():
    with pytest.raises(TypeError, match="DataFrame"):
        diff_in_diff([[1, 0, 1]], "deals", "treated", "post")


# --- ANCOVA and pre-trends --------------------------------------------------------------

def rep_outcomes(seed: int, reps: int = 40, effect: float = 5.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    skill = rng.normal(50, 10, reps)
    trained = rng.permutation(np.repeat([0, 1], reps // 2))
    return pd.DataFrame({
        "trained": trained,
        "before": skill + rng.normal(0, 3, reps),
        "after": skill + effect * trained + rng.normal(0, 3, reps),
    })


def test_ancova_agrees_with_statsmodels_and_beats_an_after_only_comparison():
    reps = rep_outcomes(1)
    result = ancova(reps, "after", "trained", "before")
    fit = smf.ols("after ~ trained + before", reps).fit()
    assert result.estimate == pytest.approx(fit.params["trained"])
    assert result.std_error == pytest.approx(fit.bse["trained"])
    assert result.p_value == pytest.approx(fit.pvalues["trained"])
    after_only = smf.ols("after ~ trained", reps).fit()
    assert result.std_error < 0.6 * after_only.bse["trained"]
    treated_mean = reps.loc[reps.trained == 1, "after"].mean()
    assert result.counterfactual == pytest.approx(treated_mean - result.estimate)


def test_ancova_is_centred_on_the_true_effect():
    estimates = [ancova(rep_outcomes(seed), "after", "trained", "before").estimate
                 for seed in range(40)]
    assert np.mean(estimates) == pytest.approx(5.0, abs=0.6)


def test_ancova_rejects_bad_input():
    reps = rep_outcomes(0)
    with pytest.raises(ValueError, match="baseline|must have the columns"):
        ancova(reps, "after", "trained", "baseline")
    with pytest.raises(ValueError, match="at least 4 rows"):
        ancova(reps.iloc[[0, 1, 2]].assign(trained=[0, 1, 0]), "after", "trained", "before")
    with pytest.raises(ValueError, match="only 0/1"):
        ancova(reps.assign(trained=reps["trained"] * 2), "after", "trained", "before")


def test_parallel_trends_finds_a_drift_and_passes_parallel_groups():
    panel = clustered_panel(2)
    pre = panel[~panel["after"]]
    parallel = parallel_trends(pre, "deals", "trained", "week", cluster="rep")
    assert parallel.ci[0] < 0 < parallel.ci[1]
    drifting = pre.assign(deals=pre["deals"] + 0.5 * pre["week"] * pre["trained"])
    drift = parallel_trends(drifting, "deals", "trained", "week", cluster="rep")
    assert drift.estimate == pytest.approx(parallel.estimate + 0.5)
    assert drift.ci[0] > 0
    with pytest.raises(ValueError, match="at least 2 different times"):
        parallel_trends(pre.assign(week=1), "deals", "trained", "week")
