"""Run rules point by point on constructed series: each fires where it should, nowhere else."""

import numpy as np
import pandas as pd
import pytest

from saleslab.monitoring import (
    RULE_SETS,
    nelson,
    p_chart,
    rule_signals,
    run_rules,
    western_electric,
)


def chart(z):
    """A chart with center 0 and sigma 1, so each value is its distance in sigmas."""
    return pd.DataFrame({"value": z, "center": 0.0, "lcl": -3.0, "ucl": 3.0,
                         "signal": np.abs(np.asarray(z)) > 3})


def fired(flags):
    return {rule: flags.index[flags[rule]].tolist() for rule in flags.columns}


def expect(rules, **where):
    return {rule: where.get(rule, []) for rule in RULE_SETS[rules]}


WESTERN_ELECTRIC_CASES = [
    ([0.5, -0.5, 3.5, 0.5, -0.5, -3.2, 0.0], {"beyond_3_sigma": [2, 5]}),
    ([0.5, 2.5, -0.3, 2.2, 0.1, -2.5, -0.5, -2.1], {"2_of_3_beyond_2_sigma": [3, 7]}),
    ([2.5, 0.1, -0.1, 2.5], {}),  # two points beyond 2 sigma, but not within three
    ([2.5, -2.5, 0.1], {}),  # beyond 2 sigma on opposite sides
    ([1.5, 1.2, 0.5, 1.8, 1.1, -0.2, 0.3], {"4_of_5_beyond_1_sigma": [4]}),
    ([1.5, 0.2, 0.5, 1.8, 1.1, -0.2, 0.3], {}),  # only 3 of 5 beyond 1 sigma
    ([0.5] * 7 + [0.4, 0.3, -0.1], {"8_same_side": [7, 8]}),
    ([0.5] * 7 + [0.0, 0.3], {}),  # a point on the center line breaks the run
]


@pytest.mark.parametrize(("z", "where"), WESTERN_ELECTRIC_CASES)
def test_western_electric_fires_exactly_where_expected(z, where):
    assert fired(western_electric(chart(z))) == expect("western_electric", **where)


def test_four_of_five_counts_the_points_there_are_at_the_start():
    # The first four points are all beyond 1 sigma: the pattern is complete at point 3.
    flags = western_electric(chart([1.5, 1.2, 1.3, 1.8, 0.1]))
    assert fired(flags)["4_of_5_beyond_1_sigma"] == [3]


NELSON_CASES = [
    ([0.5, 3.1, 0.2], {"beyond_3_sigma": [1]}),
    ([0.2] * 8 + [0.1, -0.2], {"9_same_side": [8]}),
    ([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.45], {"6_trending": [5]}),
    ([0.0, -0.1, -0.2, -0.3, -0.4, -0.5, -0.6, 0.0], {"6_trending": [5, 6]}),
    ([0.0, 0.1, 0.2, 0.2, 0.4, 0.5, 0.6], {}),  # a tie breaks the trend
    ([0.5, -0.5] * 7, {"14_alternating": [13]}),
    ([0.5, -0.5] * 6 + [0.5, 0.6], {}),  # 13 points alternate, the 14th does not
    ([0.2, 0.3, -0.2, -0.1, 0.1, 0.3, -0.3, -0.2, 0.2, 0.1, -0.1, -0.3, 0.3, 0.2, -0.2],
     {"15_within_1_sigma": [14]}),
    ([2.5, 0.1, 2.2, -0.1], {"2_of_3_beyond_2_sigma": [2]}),
    ([1.5, 1.2, 0.5, 1.8, 1.1, -0.2], {"4_of_5_beyond_1_sigma": [4]}),
    ([1.5, -1.2, -1.6, 1.3, 1.4, -1.1, 1.2, -1.5], {"8_beyond_1_sigma": [7]}),
]


@pytest.mark.parametrize(("z", "where"), NELSON_CASES)
def test_nelson_fires_exactly_where_expected(z, where):
    assert fired(nelson(chart(z))) == expect("nelson", **where)


def test_rule_table_has_one_row_per_point_and_one_column_per_rule():
    weeks = pd.date_range("2025-01-06", periods=5, freq="W-MON")
    data = chart([0.1, 0.2, 3.5, 0.0, -0.1]).set_index(weeks)
    flags = run_rules(data, rules="nelson")
    assert flags.index.equals(weeks)
    assert list(flags.columns) == list(RULE_SETS["nelson"])
    assert flags.dtypes.eq(bool).all()
    assert run_rules(data).equals(western_electric(data))


def test_zones_follow_varying_limits_of_an_attribute_chart():
    # Week 1's share sits 2.4 sigma above p̄ for n = 400; week 2 is 2.4 sigma above for n = 100
    # (both between 2 and 3 sigma: the 2-of-3 rule fires on week 2, no point beyond 3 sigma).
    sizes = np.array([10_000, 400, 100, 10_000])
    p_bar = 0.2
    shares = p_bar + np.array([0.0, 2.4, 2.4, 0.0]) * np.sqrt(p_bar * (1 - p_bar) / sizes)
    counts = np.round(shares * sizes)
    data = p_chart(counts, sizes)
    flags = western_electric(data)
    assert flags["2_of_3_beyond_2_sigma"].tolist() == [False, False, True, False]
    assert not flags["beyond_3_sigma"].any()


def test_rule_signals_lists_point_rule_and_plain_description():
    table = rule_signals(nelson(chart([0.5, -0.5] * 7)))
    assert table.columns.tolist() == ["point", "rule", "description"]
    assert table.values.tolist() == [[13, "14_alternating",
                                      "14 points in a row alternating up and down"]]
    assert rule_signals(nelson(chart([0.1, -0.2, 0.3]))).empty


def test_flat_chart_with_zero_sigma_still_reads_beyond_as_beyond():
    data = pd.DataFrame({"value": [5.0, 5.0, 6.0], "center": 5.0, "lcl": 5.0, "ucl": 5.0})
    assert western_electric(data)["beyond_3_sigma"].tolist() == [False, False, True]


def test_moving_range_chart_first_row_never_fires():
    data = pd.DataFrame({"value": [np.nan, 9.0], "center": 1.0, "lcl": 0.0, "ucl": 3.0})
    assert western_electric(data)["beyond_3_sigma"].tolist() == [False, True]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [(lambda: run_rules(chart([0.0]), rules="nelsen"), ValueError, "`rules` must be one of"),
     (lambda: run_rules([0.0, 1.0]), TypeError, "`chart` must be a chart DataFrame"),
     (lambda: run_rules(pd.DataFrame({"value": [1.0]})), ValueError, "missing \\['center', 'ucl'\\]"),
     (lambda: rule_signals(pd.DataFrame({"odd": [True]})), ValueError, "unknown columns"),
     (lambda: rule_signals([True]), TypeError, "`flags` must be the DataFrame")],
)
def test_bad_arguments_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
