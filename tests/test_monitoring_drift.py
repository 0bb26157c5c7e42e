"""CUSUM and EWMA against published worked examples; the noise simulation against known ARLs."""

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from saleslab.monitoring import CHARTS, RunLength, cusum, detection_table, ewma, run_length

# Montgomery, Introduction to Statistical Quality Control, Example 9.1 (Table 9.1): 30
# observations, the first 20 from N(10, 1), the last 10 after the mean shifts to 11.
MONTGOMERY = [9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34, 9.03, 11.47,
              10.51, 9.40, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84, 10.90, 9.33, 12.29, 11.50,
              10.60, 11.08, 10.38, 11.62, 11.31, 10.52]
# Montgomery's tabular CUSUM for Example 9.1 (k = 0.5, h = 5): the C⁺ᵢ and C⁻ᵢ columns.
MONTGOMERY_UPPER = [0.0, 0.0, 0.0, 1.16, 2.82, 2.50, 0.04, 1.00, 0.0, 0.0, 0.0, 0.97, 0.98,
                    0.0, 0.0, 0.0, 0.12, 0.0, 0.0, 0.34, 0.74, 0.0, 1.79, 2.79, 2.89, 3.47,
                    3.35, 4.47, 5.28, 5.30]
MONTGOMERY_LOWER = [0.05, 1.56, 1.77, 0.0, 0.0, 0.0, 1.46, 0.0, 0.30, 0.0, 0.47, 0.0, 0.0,
                    0.10, 0.0, 0.13, 0.0, 0.0, 0.98, 0.0, 0.0, 0.17, 0.0, 0.0, 0.0, 0.0, 0.0,
                    0.0, 0.0, 0.0]

# NIST/SEMATECH e-Handbook 6.3.2.4 (EWMA control charts): λ = 0.3, target 50, s = 2.0539.
NIST_EWMA_DATA = [52.0, 47.0, 53.0, 49.3, 50.1, 47.0, 51.0, 50.1, 51.2, 50.5, 49.6, 47.6, 49.9,
                  51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1]
# NIST's EWMA column, EWMA_1 ... EWMA_20 (EWMA_0 = 50.00 is the target).
NIST_EWMA = [50.60, 49.52, 50.56, 50.18, 50.16, 49.21, 49.75, 49.85, 50.26, 50.33, 50.11, 49.36,
             49.52, 50.05, 49.38, 49.92, 50.73, 51.23, 51.94, 51.99]


def test_cusum_reproduces_montgomery_example_9_1():
    chart = cusum(MONTGOMERY, target=10, sigma=1, k=0.5, h=5)
    assert list(chart.columns) == ["value", "upper", "lower", "signal"]
    assert chart["upper"].round(2).tolist() == pytest.approx(MONTGOMERY_UPPER, abs=1e-9)
    assert chart["lower"].round(2).tolist() == pytest.approx(MONTGOMERY_LOWER, abs=1e-9)
    # Montgomery: the upper CUSUM first exceeds H = 5 at period 29.
    assert chart.index[chart["signal"]].tolist() == [28, 29]


def test_cusum_reproduces_nist_example_first_signal_at_14():
    # NIST/SEMATECH e-Handbook 6.3.2.3: target 325, σ = 0.635 (of the means), k = 0.3175 and
    # h = 4.1959 in data units; NIST reports observations 14 onward out of control.
    data = [324.925, 324.675, 324.725, 324.350, 325.350, 325.225, 324.125, 324.525, 325.225,
            324.600, 324.625, 325.150, 328.325, 327.250, 327.825, 328.500, 326.675, 327.775,
            326.875, 328.350]
    chart = cusum(data, target=325, sigma=0.635, k=0.5, h=4.1959 / 0.635)
    assert (chart.index[chart["signal"]] + 1).tolist() == list(range(14, 21))


def test_cusum_sums_are_in_data_units():
    chart = cusum([100, 130, 130], target=100, sigma=10, k=0.5, h=5)
    assert chart["upper"].tolist() == pytest.approx([0.0, 25.0, 50.0])
    assert chart["signal"].tolist() == [False, False, False]  # 50 is not above H = 50


def test_ewma_reproduces_nist_example():
    chart = ewma(NIST_EWMA_DATA, target=50, sigma=2.0539, lam=0.3, L=3)
    assert list(chart.columns) == ["value", "ewma", "lcl", "ucl", "signal"]
    assert chart["ewma"].tolist() == pytest.approx(NIST_EWMA, abs=5e-3)
    # NIST gives the steady-state limits, UCL = 52.5884 and LCL = 47.4115; the time-varying
    # limits reach them within the 20 points.
    assert chart["ucl"].iloc[-1] == pytest.approx(52.5884, abs=5e-4)
    assert chart["lcl"].iloc[-1] == pytest.approx(47.4115, abs=5e-4)
    assert not chart["signal"].any()  # NIST: the process is in control


def test_ewma_agrees_with_pandas_exponential_smoothing():
    values = [3.0, 5.0, 4.0, 8.0, 2.0]
    expected = pd.Series([4.0] + values).ewm(alpha=0.2, adjust=False).mean().iloc[1:]
    assert ewma(values, target=4.0, sigma=1.0)["ewma"].tolist() == pytest.approx(expected.tolist())


def test_ewma_limits_start_narrow_and_widen():
    chart = ewma([0.0] * 30, target=0.0, sigma=1.0, lam=0.2, L=3)
    assert chart["ucl"].iloc[0] == pytest.approx(3 * 0.2)  # first point: L·σ·λ
    assert chart["ucl"].is_monotonic_increasing
    assert chart["ucl"].iloc[-1] == pytest.approx(3 * np.sqrt(0.2 / 1.8), rel=1e-6)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=1, max_size=40), st.floats(0.05, 1.0))
def test_ewma_limits_are_ordered_around_the_target(values, lam):
    chart = ewma(values, target=1.0, sigma=2.0, lam=lam)
    assert ((chart["lcl"] < 1.0) & (chart["ucl"] > 1.0)).all()
    assert (chart["ewma"].between(min(values + [1.0]) - 1e-9, max(values + [1.0]) + 1e-9)).all()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=1, max_size=40))
def test_cusum_sums_are_never_negative(values):
    chart = cusum(values, target=0.0, sigma=3.0)
    assert (chart["upper"] >= 0).all() and (chart["lower"] >= 0).all()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [(lambda: cusum([], 0, 1), ValueError, "`values` must hold at least 1 value"),
     (lambda: cusum([1, np.nan], 0, 1), ValueError, "`values` must not contain missing"),
     (lambda: cusum(["a"], 0, 1), TypeError, "`values` must hold numbers"),
     (lambda: cusum([1.0], 0, 0), ValueError, "`sigma` must be a number greater than 0, got 0"),
     (lambda: cusum([1.0], 0, -1), ValueError, "`sigma` must be a number greater than 0"),
     (lambda: cusum([1.0], "0", 1), TypeError, "`target` must be a number"),
     (lambda: cusum([1.0], np.nan, 1), ValueError, "`target` must be a finite number"),
     (lambda: cusum([1.0], 0, 1, k=0), ValueError, "`k` must be a finite number greater than 0"),
     (lambda: cusum([1.0], 0, 1, h=-5), ValueError, "`h` must be a finite number greater than 0"),
     (lambda: ewma([1.0], 0, 1, lam=0), ValueError, "`lam` must be greater than 0 and at most 1"),
     (lambda: ewma([1.0], 0, 1, lam=1.5), ValueError, "`lam` must be greater than 0"),
     (lambda: ewma([1.0], 0, 1, L=np.inf), ValueError, "`L` must be a finite number"),
     (lambda: ewma([], 0, 1), ValueError, "`values` must hold at least 1 value"),
     (lambda: run_length("xbar"), ValueError, "`chart` must be one of"),
     (lambda: run_length("cusum", shift="1"), TypeError, "`shift` must be a number"),
     (lambda: run_length("cusum", n_series=0), ValueError, "`n_series` must be at least 1"),
     (lambda: run_length("cusum", horizon=2.5), TypeError, "`horizon` must be a whole number"),
     (lambda: run_length("cusum", seed=-1), ValueError, "`seed` must be at least 0"),
     (lambda: detection_table(()), ValueError, "`shift_sizes` must hold at least one"),
     (lambda: detection_table(1.0), TypeError, "`shift_sizes` must be a list"),
     (lambda: detection_table((0.0, np.nan)), ValueError, "`shift` must be a finite number")],
)
def test_bad_arguments_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


# Average run lengths (weeks until the first signal), zero-state, shift present from week 1.
# Shewhart exact values from the normal distribution (scipy): ARL = 1/P(|x| > 3).
SHEWHART_ARL0 = 1 / (2 * norm.sf(3))  # 370.4
SHEWHART_ARL1 = 1 / (norm.sf(2) + norm.cdf(-4))  # 43.9 — the "≈ 44" of Montgomery


@pytest.mark.parametrize(
    ("chart", "shift", "published", "tolerance"),
    [("shewhart", 0.0, SHEWHART_ARL0, 0.05),
     ("shewhart", 1.0, SHEWHART_ARL1, 0.05),
     ("cusum", 0.0, 465, 0.06),  # Montgomery, Table 9.3 (k = 0.5, h = 5): ARL₀ = 465
     ("cusum", 1.0, 10.4, 0.05),  # Montgomery, Table 9.3: ARL at a 1σ shift = 10.4
     # Champ & Woodall (1987), Technometrics 29(4): the four Western Electric rules, 91.75
     ("western_electric", 0.0, 91.75, 0.06),
     # Lucas & Saccucci (1990), Technometrics 32(1), λ = 0.2, L = 3: ARL₀ ≈ 558
     ("ewma", 0.0, 558, 0.06)],
)
def test_simulated_run_lengths_reproduce_published_values(chart, shift, published, tolerance):
    result = run_length(chart, shift, n_series=2000, horizon=3000, seed=11)
    assert result.detected_share > 0.99
    assert result.average == pytest.approx(published, rel=tolerance)


def test_ewma_detects_a_one_sigma_shift_in_about_ten_weeks():
    # Lucas & Saccucci (1990) give ≈ 10.3 weeks for λ = 0.2, L = 3 with steady-state limits;
    # the time-varying limits used here signal slightly sooner.
    result = run_length("ewma", 1.0, n_series=4000, horizon=200, seed=5)
    assert 9.0 < result.average < 10.8


def test_false_alarm_rate_is_one_over_the_in_control_run_length():
    result = run_length("shewhart", 0.0, n_series=3000, horizon=2000, seed=2)
    assert result.per_week == pytest.approx(2 * norm.sf(3), rel=0.06)  # 0.0027 per week


def test_run_length_with_a_short_horizon_counts_unsignalled_weeks():
    result = run_length("shewhart", 0.0, n_series=2000, horizon=52, seed=4)
    assert result.detected_share == pytest.approx(1 - (1 - 2 * norm.sf(3)) ** 52, abs=0.03)
    assert result.median == np.inf
    assert result.average == pytest.approx(SHEWHART_ARL0, rel=0.25)


def test_detection_table_shape_seed_and_speed():
    start = time.perf_counter()
    table = detection_table()
    assert time.perf_counter() - start < 2.5
    assert table.columns.tolist() == ["chart", "label", "shift", "average_weeks", "median_weeks",
                                      "detected_share", "alarms_per_week"]
    assert len(table) == 4 * len(CHARTS)
    assert table.equals(detection_table())
    assert not table.equals(detection_table(seed=1))
    one_sigma = table[table["shift"] == 1.0].set_index("chart")["average_weeks"]
    # The lesson of the table: memory charts notice a 1σ shift four times sooner.
    assert one_sigma["cusum"] < one_sigma["shewhart"] / 3
    assert one_sigma["ewma"] < one_sigma["shewhart"] / 3
    in_control = table[table["shift"] == 0.0].set_index("chart")["alarms_per_week"]
    assert in_control["western_electric"] > 3 * in_control["shewhart"]


def test_run_length_is_a_readable_frozen_result():
    result = run_length("cusum", 2.0, n_series=100, horizon=50, seed=0)
    assert isinstance(result, RunLength)
    with pytest.raises(AttributeError):
        result.average = 1.0
    assert repr(result).startswith("RunLength(cusum, shift=2 sigma: average ")
