"""Case 3's selling skills, spillover, money and data-written sentences (training_model,
training_value, training_story)."""

from __future__ import annotations

import numpy as np
import pytest

from saleslab.cases import training, training_story, training_value
from saleslab.cases.common import decision_claim
from saleslab.cases.training_model import PRESETS, skills_path
from saleslab.data import case3_reps


@pytest.fixture(scope="module")
def stages():
    return training_story.stage_rates(2026)


def test_skills_fade_faster_than_product_knowledge():
    calib = PRESETS["article"]
    assert calib.skills_half_life_months < calib.half_life_months
    path = skills_path(np.array([50.0]), np.array([[1] + [0] * 6]), calib)[0]
    assert path[0] > 50 and np.all(np.diff(path) < 0) and path[-1] - 50 < (path[0] - 50) / 2


def test_each_topic_moves_its_own_stage(stages):
    none = stages.loc["none"]
    assert stages.loc["skills", "proposal_rate"] > none["proposal_rate"]
    assert stages.loc["product", "proposal_rate"] == pytest.approx(none["proposal_rate"])
    assert stages.loc["product", "close_rate"] > stages.loc["skills", "close_rate"] > none["close_rate"]
    assert stages["built_in_effect"].idxmax() == "both"
    assert training_story.stage_story(stages).holds


def test_spillover_shrinks_the_measured_effect_over_repeats():
    table = training_story.spillover_effects(levels=(0.0, 0.5), runs=6)
    assert table["measured"].iloc[1] < table["measured"].iloc[0] - 0.05
    assert table["built_in_effect"].iloc[1] == pytest.approx(table["built_in_effect"].iloc[0])


def test_the_conservative_preset_builds_in_a_much_smaller_effect():
    reps = case3_reps(5, n_reps=400, n_teams=4)
    article = training.run_experiment(5, reps=reps).built_in_effect
    cautious = training.run_experiment(5, reps=reps, preset="conservative").built_in_effect
    assert 0.2 <= article <= 0.3 and 0 < cautious < article / 2


def test_money_counts_training_days_travel_and_time_away():
    costs = training_value.Costs()
    both = costs.one_off(training_value.kickoff_days("both"), 20, 60_000)
    skills = costs.one_off(training_value.kickoff_days("skills"), 20, 60_000)
    assert both == pytest.approx(3 * skills)
    monthly = costs.monthly(2, 1, 20, 60_000)
    assert costs.monthly(2, 3, 20, 60_000) == pytest.approx(monthly / 3)
    assert costs.away_day(60_000) == pytest.approx(60_000 / 21 * 0.3)


def test_not_significant_can_still_pay_and_the_decision_follows_the_money():
    result = training.run_experiment(seed=1)
    value = training_value.money_from_run(result, training_value.Costs())
    assert not result.significant and value.decision == "adopt"  # +24%, interval from -2%
    assert "includes no change; the money decides: adopt" in str(decision_claim(result, value))
    runs = training.repeat_experiment(runs=6, seed=1, preset="conservative")
    assert training_value.money(runs, training_value.Costs(), reps=20).decision != "adopt"


@pytest.mark.slow
def test_a_chosen_first_wave_biases_the_simple_readings_not_ancova():
    table = training_story.selection_bias(runs=20).set_index(["rule", "method"])
    for rule in ("weakest", "strongest"):
        assert abs(table.loc[(rule, "ancova"), "bias"]) <= table.loc[(rule, "ancova"), "spread"]
        assert abs(table.loc[(rule, "after_only"), "bias"]) > table.loc[(rule, "after_only"), "spread"]
        assert table.loc[(rule, "ancova"), "spread"] > table.loc[("random", "ancova"), "spread"]
    assert training_story.selection_story(table.reset_index()).holds
