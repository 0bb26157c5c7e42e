"""Case 1 engine: the +30% comes out of the mechanism, levers move it the right way, bad
levers fail clearly, and the SimPy reference agrees lead by lead."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saleslab.cases import followup
from saleslab.cases.common import ExperimentResult
from saleslab.cases.followup import CURRENT_PRACTICE, HIRE_TWO_REPS, PROPOSED_CHANGE

ROOT = Path(__file__).resolve().parents[1]
BIG = 100_000  # leads per arm where noise is small next to the lever's effect


def rates(**levers) -> tuple[float, float]:
    # Same seed: the pilot team sees the same leads and random numbers whatever the levers,
    # so a lever's effect is not drowned in noise (common random numbers).
    return followup.expected_close_rates(n_leads=BIG, **levers)


def pilot(**levers) -> pd.DataFrame:
    result = followup.run_experiment(0, BIG, **levers)
    return result.units[result.units["arm"] == "intervention"]


def test_curves_match_the_calibration():
    assert followup.contact_chance(0.0) == pytest.approx(0.60)
    assert followup.contact_chance(1e6) == pytest.approx(0.45)
    assert followup.qualify_chance(0.0) == pytest.approx(0.40)
    assert followup.qualify_chance(1e6) == pytest.approx(0.31)
    ages = np.linspace(0, 48, 50)
    assert (np.diff(followup.contact_chance(ages)) < 0).all()
    assert (np.diff(followup.qualify_chance(ages)) < 0).all()


def test_queue_by_hand():
    ready = np.array([0.0, 1.0, 2.0, 30.0])
    # one rep, 8 h per first call: 0, 8, 16, then idle until 30
    assert followup.first_calls(ready, [np.arange(4)], 8.0).tolist() == [0.0, 8.0, 16.0, 30.0]
    # two reps sharing a queue: each takes every second lead
    assert followup.first_calls(ready, [np.array([0, 2]), np.array([1, 3])], 8.0).tolist() == [0, 1, 8, 30]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 500), min_size=1, max_size=60), st.integers(1, 5), st.floats(0.1, 30))
def test_shared_queue_never_uses_more_reps_than_the_team(ready, team, slot):
    ready = np.sort(np.array(ready))
    servers = [np.arange(s, len(ready), team) for s in range(team)]
    start = followup.first_calls(ready, servers, slot)
    assert (start >= ready - 1e-9).all()
    assert (np.diff(start) >= -1e-9).all()  # first come, first served
    busy = [(start <= t) & (t < start + slot - 1e-9) for t in start]
    assert max(b.sum() for b in busy) <= team


def test_default_experiment_is_an_experiment_result():
    result = followup.run_experiment(seed=4)
    assert isinstance(result, ExperimentResult)
    assert result.n_baseline == result.n_intervention == followup.TEAMS_PER_ARM * followup.DEFAULT_SIZE
    teams = result.units.groupby("team")["arm"].agg(["nunique", "first"])
    assert (teams["nunique"] == 1).all()  # whole teams are randomised
    assert teams["first"].value_counts().tolist() == [followup.TEAMS_PER_ARM] * 2
    assert result.effect_ci[0] < result.effect < result.effect_ci[1]
    units = result.units
    assert units.groupby("arm")["won"].mean().tolist() == pytest.approx([result.baseline, result.intervention])
    assert "close rate" in repr(result)
    # the funnel of a lead holds together
    assert not (units["won"] & ~units["qualified"]).any()
    assert not (units["qualified"] & ~units["contacted"]).any()
    assert (units["first_contact_hours"].dropna() >= units.loc[units["contacted"], "first_call_hours"]).all()
    assert units["attempts"].between(1, 5).all()


def test_same_seed_same_result_other_seed_other_result():
    a, b = followup.run_experiment(9, 800), followup.run_experiment(9, 800)
    pd.testing.assert_frame_equal(a.units, b.units)
    assert a == b
    assert not followup.run_experiment(10, 800).units["won"].equals(a.units["won"])


def test_baseline_levers_give_no_effect():
    effects = [followup.run_experiment(seed, 30_000, **CURRENT_PRACTICE).effect for seed in range(3)]
    assert abs(np.mean(effects)) < 0.05


def test_the_change_works_through_timing_and_persistence():
    today, change = pilot(**CURRENT_PRACTICE), pilot()
    assert change["first_call_hours"].median() < 1 < 5 < today["first_call_hours"].median()
    assert change["contacted"].mean() > today["contacted"].mean() + 0.1
    # a buyer reached earlier qualifies more often
    assert change["first_contact_hours"].median() < today["first_contact_hours"].median()


@pytest.mark.parametrize(("lever", "better", "worse"), [
    ("first_call_target_hours", 0.25, 8.0),
    ("schedule", "5 touches in 7 days", "ad hoc"),
    ("schedule", "5 touches in 7 days", "3 touches in 3 days"),
    ("crm", True, False),
])
def test_each_process_lever_moves_close_rate_its_way(lever, better, worse):
    assert rates(**{lever: better})[1] > rates(**{lever: worse})[1] + 0.002


def test_more_reps_shorten_the_wait_and_help_when_the_team_is_overloaded():
    busy = {**CURRENT_PRACTICE, "leads_per_day": 28.0}
    waits = [pilot(**{**busy, "team_size": size})["queue_wait_hours"].mean() for size in (10, 12, 16)]
    assert waits[0] > waits[1] > waits[2]
    assert rates(**{**busy, "team_size": 12})[1] > rates(**busy)[1] + 0.002


def test_more_leads_or_fewer_calls_per_rep_mean_longer_waits_and_lower_close_rates():
    assert (pilot(**CURRENT_PRACTICE, leads_per_day=25.0)["queue_wait_hours"].mean()
            > pilot(**CURRENT_PRACTICE, leads_per_day=15.0)["queue_wait_hours"].mean())
    assert (pilot(**CURRENT_PRACTICE, first_calls_per_rep_day=2.5)["queue_wait_hours"].mean()
            > pilot(**CURRENT_PRACTICE, first_calls_per_rep_day=4.0)["queue_wait_hours"].mean())
    assert rates(**CURRENT_PRACTICE, leads_per_day=28.0)[0] < rates(**CURRENT_PRACTICE)[0] - 0.002


def test_schedule_and_crm_beat_hiring_two_reps():
    base, hire = rates(**HIRE_TWO_REPS)
    assert rates(**PROPOSED_CHANGE)[1] / base - 1 > hire / base - 1 + 0.15


def test_calibration_matches_the_model_in_large_samples():
    base, new = rates()
    assert base == pytest.approx(0.086, abs=0.004)
    assert new == pytest.approx(0.112, abs=0.004)
    assert new / base - 1 == pytest.approx(0.30, abs=0.04)


def test_power_grows_with_size_and_matches_the_model():
    powers = [followup.experiment_power(n) for n in (630, 1_250, 2_520)]
    assert powers == sorted(powers)
    assert powers == pytest.approx([0.70, 0.88, 0.96], abs=0.05)
    # whole teams count for fewer leads: one team per arm has far less power than four
    assert followup.experiment_power(2_520, teams_per_arm=1) < powers[0]


def test_mean_effect_over_20_seeds_is_near_30_percent_and_scatters():
    runs = followup.repeat_experiment(runs=20)
    assert runs["seed"].tolist() == list(range(20))
    assert runs["effect"].mean() == pytest.approx(0.30, rel=0.20)
    assert runs["effect"].std() > 0.04  # one run alone can mislead
    assert runs["effect"].max() - runs["effect"].min() > 0.2
    # whole teams were randomised: the team-aware interval is wider than the lead-by-lead one
    assert ((runs["ci_high"] - runs["ci_low"]) > (runs["naive_high"] - runs["naive_low"])).mean() > 0.8
    assert (runs["extra_calls"] > 0).all()


def test_one_team_against_one_team_cannot_separate_the_team_from_the_change():
    check = followup.team_check(followup.run_experiment(seed=1, teams_per_arm=1))
    assert check.clusters == (1, 1) and not check.estimable
    assert check.permutation_p == 1.0
    four = followup.team_check(followup.run_experiment(seed=1))
    assert four.estimable and four.permutation_p < 0.05


@pytest.mark.parametrize(("levers", "error", "message"), [
    ({"first_call_target_hours": -1.0}, ValueError, "`first_call_target_hours` must be a number greater than 0"),
    ({"first_call_target_hours": "fast"}, TypeError, "`first_call_target_hours`"),
    ({"team_size": 0}, ValueError, "`team_size` must be a whole number from 1 up, got 0"),
    ({"team_size": 2.5}, TypeError, "`team_size`"),
    ({"crm": "yes"}, TypeError, "`crm` must be True or False"),
    ({"schedule": "daily"}, ValueError, "`schedule` must be one of"),
    ({"schedule": (4.0, 24.0)}, ValueError, "must start at 0"),
    ({"schedule": tuple(range(12))}, ValueError, "at most 8"),
    ({"leads_per_day": 0}, ValueError, "`leads_per_day`"),
    ({"first_calls_per_rep_day": -3}, ValueError, "`first_calls_per_rep_day`"),
    ({"budget": 10}, TypeError, "unknown lever"),
])
def test_bad_levers_fail_clearly(levers, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(")):
        followup.run_experiment(1, 100, **levers)


@pytest.mark.parametrize(("call", "error"), [
    (lambda: followup.run_experiment(-1), ValueError),
    (lambda: followup.run_experiment(1, size=5), ValueError),
    (lambda: followup.repeat_experiment(runs=0), ValueError),
    (lambda: followup.experiment_power(3.5), TypeError),
])
def test_bad_sizes_and_seeds_fail_clearly(call, error):
    with pytest.raises(error):
        call()


@pytest.mark.parametrize("levers", [PROPOSED_CHANGE, CURRENT_PRACTICE,
                                    {**CURRENT_PRACTICE, "schedule": "3 touches in 3 days", "team_size": 4}])
def test_simpy_reference_gives_the_same_outcomes(levers):
    pytest.importorskip("simpy")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from case1_simpy_reference import simulate_team_simpy

    draws = followup.draw_leads(5, 3_000, 20.0)
    policy = followup.Policy.from_levers(**levers)
    engine = followup.follow_up(draws, policy, 3.0)
    reference = simulate_team_simpy(draws, policy, 3.0)
    pd.testing.assert_frame_equal(engine[reference.columns], reference, check_exact=False, rtol=1e-9, atol=1e-9)


def test_history_of_the_course_leads_keeps_the_table_and_adds_outcomes():
    from saleslab.data import case1_leads

    leads = case1_leads(seed=3, n_days=40, n_reps=6)
    history = followup.follow_up_history(leads, seed=3)
    assert history[leads.columns].equals(leads)  # reps keep their own leads without a CRM
    assert history["first_call_hours"].min() > 0
    assert history["queue_wait_hours"].mean() > 1  # six reps' piles: leads wait for slots
    shared = followup.follow_up_history(leads, seed=3, crm=True)
    assert shared["queue_wait_hours"].mean() < history["queue_wait_hours"].mean()
    with pytest.raises(TypeError, match="`team_size` comes from the table"):
        followup.follow_up_history(leads, team_size=3)
    with pytest.raises(TypeError, match="'arrived_at' and 'rep'"):
        followup.follow_up_history(leads.drop(columns="rep"))


def test_tables_add_up():
    from saleslab.cases import followup_analysis as analysis

    leads = followup.simulate_team(2, **CURRENT_PRACTICE)
    bands = analysis.by_first_call_delay(leads)
    assert bands["leads"].sum() == len(leads) and bands["share"].sum() == pytest.approx(1)
    reps = analysis.by_rep(leads)
    assert reps["leads"].sum() == len(leads) and len(reps) == CURRENT_PRACTICE["team_size"]
    arms = analysis.compare_arms(followup.run_experiment(2, 1_000))
    assert arms.loc["leads"].tolist() == [4_000, 4_000]
    assert (arms.loc["reached"] >= arms.loc["qualified"]).all()
    with pytest.raises(ValueError, match="lacks columns"):
        analysis.by_first_call_delay(leads.drop(columns="won"))


def test_figures_state_the_finding():
    from saleslab.cases import followup_plots as plots

    leads = followup.simulate_team(2, **CURRENT_PRACTICE)
    title = plots.plot_first_call_delays(leads).axes[0].get_title(loc="left")
    assert title.startswith("Half the leads wait over") and "within an hour" in title.replace("\n", " ")
    result = followup.run_experiment(2, 1_000)
    assert plots.plot_experiment(result)._suptitle.get_text().startswith("Pilot teams close")
    with pytest.raises(TypeError, match="repeat_experiment"):
        plots.plot_repeats(leads)
