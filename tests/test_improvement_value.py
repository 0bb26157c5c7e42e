"""Money decides: net value, payback and the decision follow from costs and repeated gains."""

from __future__ import annotations

import math

import numpy as np
import pytest

from saleslab.improvement.value import decide, payback_text, value_of_change


def test_net_value_is_horizon_times_margin_minus_set_up():
    summary = value_of_change([20_000, 40_000], one_off_cost=60_000, monthly_cost=5_000,
                              horizon_months=6)
    # run 1: 6 × 15k − 60k = 30k; run 2: 6 × 35k − 60k = 150k
    assert summary.net_mean == pytest.approx(90_000)
    assert summary.chance_of_loss == 0
    assert summary.payback_low == pytest.approx(60_000 / 35_000)
    assert summary.payback_high == pytest.approx(60_000 / 15_000)


def test_a_gain_below_the_running_cost_never_pays_back():
    summary = value_of_change([4_000, 4_500, 9_000], one_off_cost=10_000, monthly_cost=5_000)
    assert math.isinf(summary.payback_median) and math.isinf(summary.payback_high)
    assert "never" in summary.headline()


def test_significant_is_not_worth_it_when_the_cost_eats_the_gain():
    # every run gains money (an interval far from zero), yet the CRM costs more than it brings
    gains = np.random.default_rng(1).normal(12_000, 1_000, size=200)
    summary = value_of_change(gains, one_off_cost=80_000, monthly_cost=9_000)
    assert (gains > 0).all() and summary.decision == "abandon"


def test_an_uncertain_gain_is_adapted_not_adopted():
    gains = np.random.default_rng(2).normal(20_000, 15_000, size=500)
    summary = value_of_change(gains, one_off_cost=50_000, monthly_cost=10_000)
    assert summary.net_mean > 0 and summary.decision == "adapt"
    assert 0.2 < summary.chance_of_loss < 0.8
    assert summary.net_low < 0 < summary.net_high


@pytest.mark.parametrize("net, loss, decision", [
    (1.0, 0.2, "adopt"), (1.0, 0.21, "adapt"), (-1.0, 0.1, "adapt"), (-1.0, 0.8, "abandon"),
])
def test_the_decision_rule_at_its_edges(net, loss, decision):
    assert decide(net, loss) == decision


@pytest.mark.parametrize("kwargs, message", [
    ({"monthly_gain": [1.0]}, "two or more finite numbers"),
    ({"monthly_gain": [1.0, float("nan")]}, "two or more finite numbers"),
    ({"one_off_cost": -1}, "`one_off_cost` must be a cost of 0 or more"),
    ({"monthly_cost": float("inf")}, "`monthly_cost` must be a cost of 0 or more"),
    ({"horizon_months": 0}, "`horizon_months` must be a whole number"),
    ({"risk": 0.7}, "`risk` must be between 0 and 0.5"),
])
def test_bad_input_names_the_parameter(kwargs, message):
    args = {"monthly_gain": [1.0, 2.0], "one_off_cost": 0, "monthly_cost": 0, **kwargs}
    with pytest.raises(ValueError, match=message):
        value_of_change(**args)


def test_payback_in_words():
    assert payback_text(3.04) == "3.0 months"
