"""The unit of randomisation: design effect, cluster-aware comparison, simulated pilots."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from saleslab.improvement import (
    compare_clusters,
    design_effect,
    simulate_pilots,
    smallest_p_value,
    two_proportions,
)
from saleslab.widgets.improvement import unit_explorer


def _team_pilot(teams_per_arm: int, spread: float = 0.15, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    team = np.repeat(np.arange(2 * teams_per_arm), 800)
    territory = np.exp(rng.normal(0, spread, 2 * teams_per_arm))[team]
    pilot = team >= teams_per_arm
    return pd.DataFrame({"team": team, "pilot": pilot,
                         "won": rng.random(len(team)) < np.where(pilot, 0.13, 0.10) * territory})


def test_design_effect_is_one_plus_m_minus_one_times_icc():
    assert design_effect(1, 0.5) == 1.0
    assert design_effect(101, 0.02) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="icc"):
        design_effect(10, 1.2)


def test_few_teams_can_never_reach_significance():
    assert smallest_p_value(1) == 1.0
    assert smallest_p_value(3) > 0.05 > smallest_p_value(4)


def test_team_aware_interval_is_wider_than_lead_by_lead_when_teams_differ():
    check = compare_clusters(_team_pilot(4), "won", "pilot", "team")
    naive_low, naive_high = check.naive_relative_ci
    low, high = check.relative_ci
    assert low < naive_low and high > naive_high
    assert check.splits == 70 and check.permutation_p >= smallest_p_value(4)
    assert check.naive == two_proportions(check.naive.successes_a, check.naive.n_a,
                                          check.naive.successes_b, check.naive.n_b)


def test_one_team_per_arm_has_no_interval_and_says_why():
    check = compare_clusters(_team_pilot(1), "won", "pilot", "team")
    assert not check.estimable and check.ratio_ci == (0.0, math.inf)
    assert check.permutation_p == 1.0
    assert "cannot separate the team from the change" in check.headline()


def test_a_team_in_both_arms_is_refused_with_the_column_named():
    leads = _team_pilot(2)
    leads.loc[0, "pilot"] = True
    with pytest.raises(ValueError, match="`team` hold both arms"):
        compare_clusters(leads, "won", "pilot", "team")


def test_lead_by_lead_reading_of_a_team_pilot_misses_the_truth_far_more_often():
    design = simulate_pilots("teams", teams_per_arm=4, icc=0.002, runs=800, seed=3)
    assert design.naive_coverage < 0.8
    assert abs(design.aware_coverage - 0.95) < 0.04
    assert abs(float(np.mean(design.measured)) - 0.30) < 0.05


def test_favouritism_biases_a_lead_level_pilot_upward():
    fair = simulate_pilots("leads", favouritism=0.0, runs=600, seed=1)
    favoured = simulate_pilots("leads", favouritism=0.5, runs=600, seed=1)
    assert abs(float(np.mean(fair.measured)) - 0.30) < 0.03
    assert float(np.mean(favoured.measured)) > 0.45
    assert favoured.aware_coverage < 0.5


def test_unit_explorer_moves_with_its_controls():
    board = unit_explorer()
    assert board.result.unit == "teams" and board.result.clusters_per_arm == 4
    board.controls["unit"].value = "reps"
    assert board.result.clusters_per_arm == 40 and board.result.design_effect < 1.5
    board.controls["teams_per_arm"].value = 2
    board.controls["unit"].value = "teams"
    assert board.result.smallest_p > 0.05
    assert "no test of them can reach p < 0.05" in board.result.headline()
