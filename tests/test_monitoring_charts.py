"""Shewhart and attribute charts against published worked examples, bad input, properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from saleslab.monitoring import (
    c_chart,
    individuals_chart,
    laney_p_chart,
    moving_range_chart,
    np_chart,
    p_chart,
    u_chart,
)

COLUMNS = ["value", "center", "lcl", "ucl", "signal"]

# NIST/SEMATECH e-Handbook 6.3.2.2 (individuals control chart): flow rate of 10 batches.
FLOWRATE = [49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1]
# NIST/SEMATECH e-Handbook 6.3.3.2 (p chart): defective chips on 30 wafers of 50 chips each.
WAFERS = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11,
          20, 18, 24, 15, 9, 12, 7, 13, 9, 6]
# NIST/SEMATECH e-Handbook 6.3.3.1 (c chart): defects on 25 wafers.
WAFER_DEFECTS = [16, 14, 28, 16, 12, 20, 10, 12, 10, 17, 19, 17, 14, 16, 15, 13, 14, 16, 11,
                 20, 11, 19, 16, 31, 13]
# Montgomery, Introduction to Statistical Quality Control (2nd ed. pp. 181-182, qcc data
# "pcmanufact"): nonconformities in 20 samples of 5 personal computers.
COMPUTERS = [10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5]


def test_individuals_chart_reproduces_nist_flowrate_example():
    chart = individuals_chart(FLOWRATE)
    assert list(chart.columns) == COLUMNS
    assert len(chart) == 10
    assert chart["center"].iloc[0] == pytest.approx(50.81, abs=5e-5)  # NIST: x̄ = 50.81
    assert chart["ucl"].iloc[0] == pytest.approx(55.8041, abs=5e-5)  # NIST: UCL = 55.8041
    assert chart["lcl"].iloc[0] == pytest.approx(45.8159, abs=5e-5)  # NIST: LCL = 45.8159
    assert not chart["signal"].any()  # NIST: the process is in control


def test_moving_range_chart_reproduces_nist_flowrate_example():
    chart = moving_range_chart(FLOWRATE)
    assert list(chart.columns) == COLUMNS
    assert np.isnan(chart["value"].iloc[0]) and not chart["signal"].iloc[0]
    assert chart["value"].iloc[1:].tolist() == pytest.approx(
        [2.0, 2.3, 1.4, 3.5, 3.4, 1.4, 0.2, 1.2, 1.5])  # NIST table, MR column
    assert chart["center"].iloc[0] == pytest.approx(1.8778, abs=5e-5)  # NIST: MR̄ = 1.8778
    assert chart["ucl"].iloc[0] == pytest.approx(6.135, abs=5e-4)  # NIST: UCL = 3.267·MR̄
    assert chart["lcl"].iloc[0] == 0.0


def test_p_chart_reproduces_nist_wafer_example():
    chart = p_chart(WAFERS, [50] * 30)
    assert chart["center"].iloc[0] == pytest.approx(0.2313, abs=5e-5)  # NIST: p̄ = 0.2313
    assert chart["ucl"].iloc[0] == pytest.approx(0.4102, abs=5e-5)  # NIST: UCL = 0.4102
    assert chart["lcl"].iloc[0] == pytest.approx(0.0524, abs=5e-5)  # NIST: LCL = 0.0524
    assert chart["value"].tolist() == pytest.approx(np.array(WAFERS) / 50)
    # Against these limits wafers 15 (22 defectives, 0.44) and 23 (24, 0.48) lie above the UCL.
    assert chart.index[chart["signal"]].tolist() == [14, 22]


def test_p_chart_limits_match_statsmodels_normal_interval():
    chart = p_chart([3, 40, 7], [20, 200, 35])
    alpha = 2 * norm.sf(3)  # a 3-sigma normal interval
    p_bar = 50 / 255
    for i, n in enumerate([20, 200, 35]):
        low, high = proportion_confint(p_bar * n, n, alpha=alpha, method="normal")
        assert chart["ucl"].iloc[i] == pytest.approx(high)
        assert chart["lcl"].iloc[i] == pytest.approx(max(low, 0.0))


def test_np_chart_is_the_p_chart_times_the_sample_size():
    p, np_ = p_chart(WAFERS, [50] * 30), np_chart(WAFERS, 50)
    for column in ["value", "center", "lcl", "ucl"]:
        assert np_[column].tolist() == pytest.approx((p[column] * 50).tolist())
    assert np_["signal"].equals(p["signal"])
    assert np_["center"].iloc[0] == pytest.approx(11.5667, abs=5e-5)  # 347/30 defectives


def test_c_chart_reproduces_nist_wafer_defects_example():
    chart = c_chart(WAFER_DEFECTS)
    # NIST 6.3.3.1: c̄ = 16, UCL = 16 + 3·4 = 28, LCL = 16 − 3·4 = 4
    assert (chart["center"].iloc[0], chart["ucl"].iloc[0], chart["lcl"].iloc[0]) == (16, 28, 4)
    assert chart.index[chart["signal"]].tolist() == [23]  # wafer 24: 31 defects, above 28


def test_u_chart_reproduces_montgomery_computer_example():
    chart = u_chart(COMPUTERS, [5] * 20)
    assert chart["center"].iloc[0] == pytest.approx(1.93)  # Montgomery: ū = 1.93
    assert chart["ucl"].iloc[0] == pytest.approx(3.79, abs=5e-3)  # Montgomery: UCL = 3.79
    assert chart["lcl"].iloc[0] == pytest.approx(0.07, abs=5e-3)  # Montgomery: LCL = 0.07
    assert not chart["signal"].any()


def test_u_chart_limits_vary_with_the_number_of_units():
    chart = u_chart([10, 40], [5, 20])
    u_bar = 50 / 25
    assert chart["ucl"].tolist() == pytest.approx([u_bar + 3 * np.sqrt(u_bar / n) for n in (5, 20)])


def test_baseline_sets_limits_from_the_first_points_only():
    # Montgomery's circuit-board c chart (trial limits from the first 26 samples: c̄ = 19.85,
    # UCL = 33.22, LCL = 6.48), extended by later samples that do not move the limits.
    boards = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39,
              30, 24, 16, 19, 17, 15]
    chart = c_chart(boards + [60, 18], baseline=26)
    assert chart["center"].iloc[-1] == pytest.approx(19.85, abs=5e-3)
    assert chart["ucl"].iloc[-1] == pytest.approx(33.22, abs=1e-2)
    assert chart["lcl"].iloc[-1] == pytest.approx(6.48, abs=5e-3)
    # Montgomery: samples 6 and 20 are out of control; the later 60 is too.
    assert chart.index[chart["signal"]].tolist() == [5, 19, 26]


def test_individuals_chart_with_baseline_flags_a_shift_the_full_data_would_hide():
    stable = [50, 52, 49, 51, 50, 48, 51, 50, 49, 52, 50, 51]
    shifted = stable + [58, 57, 59, 58, 60, 58]
    assert not individuals_chart(shifted)["signal"].iloc[12:].all()
    assert individuals_chart(shifted, baseline=12)["signal"].iloc[12:].all()


def test_individuals_lower_bound_truncates_only_below():
    chart = individuals_chart([1, 9, 1, 9, 1], lower_bound=0)
    assert chart["lcl"].iloc[0] == 0.0
    assert chart["ucl"].iloc[0] > 9


def test_series_index_is_kept_so_rows_are_weeks():
    weeks = pd.date_range("2025-01-06", periods=4, freq="W-MON")
    chart = individuals_chart(pd.Series([3.0, 4.0, 3.5, 4.2], index=weeks))
    assert chart.index.equals(weeks)


def test_laney_chart_is_a_p_chart_widened_by_sigma_z():
    counts, sizes = [310, 402, 355, 290, 420, 380], [2000, 2100, 1900, 2050, 2200, 1950]
    laney, plain = laney_p_chart(counts, sizes), p_chart(counts, sizes)
    p_bar = sum(counts) / sum(sizes)
    sigma_p = np.sqrt(p_bar * (1 - p_bar) / np.array(sizes))
    z = (np.array(counts) / np.array(sizes) - p_bar) / sigma_p
    # σ_z is the individuals-chart sigma of the z-scores: (UCL − center)/3 there.
    sigma_z = (individuals_chart(z)["ucl"].iloc[0] - z.mean()) / 3
    assert laney["ucl"].to_numpy() == pytest.approx(p_bar + 3 * sigma_p * sigma_z)
    assert (laney["ucl"] - p_bar).to_numpy() == pytest.approx(
        sigma_z * (plain["ucl"] - p_bar).to_numpy())


def test_laney_chart_stops_false_alarms_on_overdispersed_large_samples():
    rng = np.random.default_rng(7)
    sizes = np.full(40, 50_000)
    true_rate = rng.normal(0.2, 0.01, 40)  # the rate itself wanders week to week
    counts = rng.binomial(sizes, true_rate)
    assert p_chart(counts, sizes)["signal"].sum() >= 10
    assert laney_p_chart(counts, sizes)["signal"].sum() <= 1


def test_laney_chart_matches_p_chart_when_binomial_holds():
    rng = np.random.default_rng(3)
    sizes = np.full(400, 1000)
    counts = rng.binomial(sizes, 0.3)
    ratio = (laney_p_chart(counts, sizes)["ucl"] - 0.3) / (p_chart(counts, sizes)["ucl"] - 0.3)
    assert ratio.iloc[0] == pytest.approx(1.0, abs=0.08)


BAD_ARGUMENTS = [
    (individuals_chart, ([],), ValueError, "`values` must hold at least 2 values, got 0"),
    (individuals_chart, ([1.0],), ValueError, "`values` must hold at least 2 values, got 1"),
    (individuals_chart, ([1.0, np.nan, 2.0],), ValueError, "`values` must not contain missing"),
    (individuals_chart, ([1.0, np.inf],), ValueError, "`values` must not contain missing"),
    (individuals_chart, (["a", "b"],), TypeError, "`values` must hold numbers"),
    (individuals_chart, ([1, None, 2],), ValueError, "`values` must not contain missing"),
    (individuals_chart, ([True, False],), TypeError, "`values` must hold numbers, got booleans"),
    (individuals_chart, ("12",), TypeError, "`values` must be a list, array or pandas Series"),
    (individuals_chart, (5,), TypeError, "`values` must be a list, array or pandas Series"),
    (individuals_chart, (pd.Series(["x", "y"]),), TypeError, "`values` must hold numbers"),
    (individuals_chart, ([[1, 2], [3, 4]],), ValueError, "`values` must be one-dimensional"),
    (individuals_chart, ([1, 2, 3], 1), ValueError, "`baseline` must be between 2"),
    (individuals_chart, ([1, 2, 3], 4), ValueError, "`baseline` must be between 2"),
    (individuals_chart, ([1, 2, 3], 2.5), TypeError, "`baseline` must be a whole number"),
    (moving_range_chart, ([],), ValueError, "`values` must hold at least 2"),
    (p_chart, ([], []), ValueError, "`counts` must hold at least 1 value, got 0"),
    (p_chart, ([1, -2], [10, 10]), ValueError, "`counts` must be whole numbers zero or more, got -2"),
    (p_chart, ([1, 2.5], [10, 10]), ValueError, "`counts` must be whole numbers"),
    (p_chart, ([1, 2], [10, 0]), ValueError, "`sizes` must be whole numbers greater than 0, got 0.0"),
    (p_chart, ([1, 12], [10, 10]), ValueError, "`counts` must not exceed `sizes`, got 12 of 10"),
    (p_chart, ([1, 2], [10, 10, 10]), ValueError, "`sizes` must have one value per count \\(2\\)"),
    (p_chart, ([1, np.nan], [10, 10]), ValueError, "`counts` must not contain missing"),
    (p_chart, ([1, 2], [10, np.nan]), ValueError, "`sizes` must not contain missing"),
    (p_chart, (["1", "2"], [10, 10]), TypeError, "`counts` must hold numbers"),
    (np_chart, ([1, 2], 0), ValueError, "`size` must be a whole number greater than 0, got 0"),
    (np_chart, ([1, 2], 2.5), ValueError, "`size` must be a whole number greater than 0"),
    (np_chart, ([1, 2], "50"), TypeError, "`size` must be a number"),
    (np_chart, ([1, 60], 50), ValueError, "`counts` must not exceed `size` \\(50\\)"),
    (c_chart, ([],), ValueError, "`counts` must hold at least 1 value"),
    (c_chart, ([3, -1],), ValueError, "`counts` must be whole numbers zero or more"),
    (u_chart, ([3, 4], [1.5, 0]), ValueError, "`sizes` must be greater than 0, got 0.0"),
    (u_chart, ([3, 4], [1.5, -2]), ValueError, "`sizes` must be greater than 0"),
    (u_chart, ([3, 4], [1.5]), ValueError, "`sizes` must have one value per count"),
    (laney_p_chart, ([0, 0, 0], [10, 10, 10]), ValueError, "strictly between 0 and 1, got 0.0"),
    (laney_p_chart, ([3], [10]), ValueError, "`baseline` must be at least 2"),
    (laney_p_chart, ([3, 11], [10, 10]), ValueError, "`counts` must not exceed `sizes`"),
]


@pytest.mark.parametrize(("function", "args", "error", "message"), BAD_ARGUMENTS)
def test_bad_arguments_raise_clear_errors(function, args, error, message):
    with pytest.raises(error, match=message):
        function(*args)


counts_and_sizes = st.lists(
    st.tuples(st.integers(0, 500), st.integers(1, 500)), min_size=2, max_size=40
).map(lambda pairs: ([min(c, n) for c, n in pairs], [n for _, n in pairs]))


def _ordered(chart):
    return ((chart["lcl"] <= chart["center"] + 1e-12)
            & (chart["center"] <= chart["ucl"] + 1e-12)).all()


@settings(max_examples=60, deadline=None)
@given(counts_and_sizes)
def test_attribute_limits_are_ordered_and_never_negative(data):
    counts, sizes = data
    charts = [p_chart(counts, sizes), c_chart(counts), u_chart(counts, sizes)]
    p_bar = sum(counts) / sum(sizes)
    if 0 < p_bar < 1:
        charts.append(laney_p_chart(counts, sizes))
    for chart in charts:
        assert _ordered(chart)
        assert (chart["lcl"] >= 0).all()
    assert (charts[0]["ucl"] <= 1).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 50), min_size=1, max_size=30))
def test_np_chart_limits_are_ordered_and_within_zero_and_size(counts):
    chart = np_chart(counts, 50)
    assert _ordered(chart)
    assert (chart["lcl"] >= 0).all() and (chart["ucl"] <= 50).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=40))
def test_individuals_and_moving_range_limits_are_ordered(values):
    assert _ordered(individuals_chart(values))
    mr = moving_range_chart(values)
    assert _ordered(mr) and (mr["lcl"] >= 0).all()
