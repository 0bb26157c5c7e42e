"""saleslab.improvement: Pareto of losses, the PDCA record, before/after pitfalls, figures."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saleslab.improvement import (
    PITFALLS,
    PDCARecord,
    diff_in_diff,
    loss_pareto,
    pareto_headline,
    plot_change_simulation,
    plot_loss_pareto,
    plot_power_curve,
    plot_repeated_effects,
    repeat_change,
    repeat_experiment,
    simulate_change,
    two_proportions,
)
from saleslab.plots import COLORS


def ten_deals() -> pd.DataFrame:
    """Ten opportunities worked by hand: 7 lost (A ×3, B ×2, C ×1, one unrecorded)."""
    return pd.DataFrame({
        "status": ["lost", "lost", "won", "lost", "lost", "open", "lost", "lost", "won", "lost"],
        "loss_reason": ["A", "B", "A", "A", "C", None, "A", "B", None, np.nan],
        "value": [10.0, 50.0, 99.0, 10.0, 5.0, 7.0, 20.0, 30.0, 1.0, 25.0],
    })


# --- Pareto ------------------------------------------------------------------------------

def test_pareto_on_ten_rows_worked_by_hand():
    table = loss_pareto(ten_deals())
    assert table["reason"].tolist() == ["A", "B", "C", "Not recorded"]
    assert table["count"].tolist() == [3, 2, 1, 1]
    np.testing.assert_allclose(table["share"], [3 / 7, 2 / 7, 1 / 7, 1 / 7])
    np.testing.assert_allclose(table["cumulative_share"], [3 / 7, 5 / 7, 6 / 7, 1.0])
    # A and B stay under 80%; C crosses it and is included; the last one is not
    assert table["vital_few"].tolist() == [True, True, True, False]


def test_pareto_by_value_weighs_money_lost():
    table = loss_pareto(ten_deals(), by="value")
    # lost value: A 10+10+20 = 40, B 50+30 = 80, C 5, not recorded 25; total 150
    assert table["reason"].tolist() == ["B", "A", "Not recorded", "C"]
    assert table["value"].tolist() == [80.0, 40.0, 25.0, 5.0]
    np.testing.assert_allclose(table["cumulative_share"], [80 / 150, 120 / 150, 145 / 150, 1])
    assert table["vital_few"].tolist() == [True, True, False, False]  # 53%, then 80% exactly


def test_a_reason_landing_exactly_on_80_percent_ends_the_vital_few():
    deals = pd.DataFrame({"status": ["lost"] * 10,
                          "loss_reason": ["A"] * 4 + ["B"] * 4 + ["C", "D"]})
    assert loss_pareto(deals)["vital_few"].tolist() == [True, True, False, False]


def test_pareto_ignores_reasons_on_deals_that_were_not_lost_and_blank_reasons():
    deals = pd.DataFrame({"status": ["won", "open", "lost", "lost"],
                          "loss_reason": ["Price", "Price", "  ", "Timing"]})
    table = loss_pareto(deals)
    assert dict(zip(table["reason"], table["count"])) == {"Not recorded": 1, "Timing": 1}


def test_pareto_reads_categorical_columns_like_the_course_dataset():
    deals = ten_deals().astype({"status": "category", "loss_reason": "category"})
    pd.testing.assert_frame_equal(loss_pareto(deals), loss_pareto(ten_deals()))


def test_pareto_headline_states_the_finding():
    deals = pd.DataFrame({"status": ["lost"] * 8,
                          "loss_reason": ["slow follow-up"] * 3 + ["price"] * 3 + ["timing"] * 2})
    assert pareto_headline(loss_pareto(deals)) == (
        "Price causes 38% of lost deals; 3 of 3 reasons cause 100%"
    )
    money = pareto_headline(loss_pareto(ten_deals(), by="value"))
    assert money == "B causes 53% of the money lost; 2 of 4 reasons cause 80%"


@pytest.mark.parametrize(
    ("frame", "kwargs", "error", "message"),
    [
        ([1, 2], {}, TypeError, "DataFrame"),
        (pd.DataFrame({"status": ["lost"]}), {}, ValueError, "loss_reason"),
        (pd.DataFrame({"status": ["lost"], "loss_reason": ["A"]}), {"by": "value"},
         ValueError, "value"),
        (pd.DataFrame({"status": ["lost"], "loss_reason": ["A"]}), {"by": "money"},
         ValueError, "`by`"),
        (pd.DataFrame({"status": ["Lost"], "loss_reason": ["A"]}), {}, ValueError, "Lost"),
        (pd.DataFrame({"status": [None, "lost"], "loss_reason": ["A", "A"]}), {},
         ValueError, "missing"),
        (pd.DataFrame({"status": ["won"], "loss_reason": [None]}), {}, ValueError, "no lost"),
        (pd.DataFrame({"status": ["lost"], "loss_reason": ["A"], "value": [-5.0]}),
         {"by": "value"}, ValueError, "negative"),
        (pd.DataFrame({"status": ["lost"], "loss_reason": ["A"], "value": [np.nan]}),
         {"by": "value"}, ValueError, "missing"),
        (pd.DataFrame({"status": ["lost"], "loss_reason": ["A"]}), {"threshold": 1.5},
         ValueError, "threshold"),
        (pd.DataFrame({"status": [], "loss_reason": []}), {}, ValueError, "must have at least one row"),
    ],
)
def test_pareto_rejects_bad_input(frame, kwargs, error, message):
    with pytest.raises(error, match=message):
        loss_pareto(frame, **kwargs)


reasons = st.sampled_from(["price", "timing", "competitor", "no budget", "slow follow-up", None])


@given(st.lists(st.tuples(st.sampled_from(["won", "lost", "open"]), reasons), min_size=1,
                max_size=60).filter(lambda rows: any(s == "lost" for s, _r in rows)))
@settings(max_examples=60, deadline=None)
def test_pareto_shares_add_up_and_vital_few_is_a_prefix(rows):
    deals = pd.DataFrame(rows, columns=["status", "loss_reason"])
    table = loss_pareto(deals)
    assert table["count"].sum() == (deals["status"] == "lost").sum()
    assert table["share"].sum() == pytest.approx(1.0)
    assert np.all(np.diff(table["cumulative_share"]) >= 0)
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    assert np.all(np.diff(table["count"]) <= 0)
    vital = table["vital_few"].to_numpy()
    assert vital[0] and not np.any(np.diff(vital.astype(int)) > 0)  # True..True, False..False
    last_vital = np.flatnonzero(vital)[-1]
    assert table["cumulative_share"].iloc[last_vital] >= 0.8 - 1e-9 or last_vital == len(table) - 1
    if last_vital > 0:
        assert table["cumulative_share"].iloc[last_vital - 1] < 0.8


# --- PDCA record -------------------------------------------------------------------------

def test_pdca_record_reports_missing_steps_as_it_is_filled_in():
    record = PDCARecord(problem="38% of lost deals cite slow follow-up")
    assert record.missing_steps() == ["Plan", "Do", "Check", "Act"]
    record = record.fill(cause="Leads wait 8 hours", change="Follow-up schedule",
                         measure="Close rate per lead, random half of reps")
    assert record.missing_steps() == ["Check", "Act"]
    assert record.missing_fields() == ["result", "decision"]
    assert not record.is_complete
    record = record.fill(result="+2.6 points", decision=" Adopt ")
    assert record.is_complete and record.missing_steps() == []
    assert record.decision == "adopt"


def test_pdca_record_is_frozen_and_fill_returns_a_copy():
    record = PDCARecord(problem="Churn is up")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.problem = "changed"
    assert record.fill(cause="Slow replies").cause == "Slow replies"
    assert record.cause is None


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"problem": ""}, ValueError, "`problem` must not be empty"),
        ({"cause": "   "}, ValueError, "`cause`"),
        ({"change": 3}, TypeError, "`change` must be text"),
        ({"decision": "keep"}, ValueError, "adopt"),
        ({"evidence": 0.3}, TypeError, "`evidence`"),
    ],
)
def test_pdca_record_rejects_bad_entries(kwargs, error, message):
    with pytest.raises(error, match=message):
        PDCARecord(**kwargs)


def test_pdca_fill_rejects_unknown_fields():
    with pytest.raises(TypeError, match="owner"):
        PDCARecord().fill(owner="Li")


def test_pdca_record_reads_well_as_text_and_markdown():
    evidence = two_proportions(77, 900, 101, 900)
    record = PDCARecord(problem="Slow follow-up", cause="No reminders", change="CRM queue",
                        measure="Close rate", comparison="Reps without the queue",
                        evidence=evidence)
    text = repr(record)
    assert text.splitlines()[0] == "PDCA record: still to do: Check, Act"
    assert "Compared with" in text and evidence.headline() in text
    assert text.count("(missing)") == 2
    markdown = record._repr_markdown_()
    assert "| Plan | Problem | Slow follow-up |" in markdown
    assert "| Act | Decision | (missing) |" in markdown


# --- before/after pitfalls -----------------------------------------------------------------

@pytest.mark.parametrize("pitfall", sorted(PITFALLS))
def test_before_after_is_fooled_while_the_comparison_group_is_not(pitfall):
    runs = repeat_change(runs=150, seed=11, **PITFALLS[pitfall])
    assert runs["true_effect"].eq(0).all()
    assert runs["before_after"].mean() > 0.08  # a sizeable "effect" out of nothing
    assert abs(runs["comparison"].mean()) < 0.02
    # a single comparison-group reading scatters, but centred on the truth
    assert runs["comparison"].std() < 0.1


def test_a_real_effect_is_recovered_by_the_comparison_group_under_a_trend():
    runs = repeat_change(runs=150, seed=5, true_effect=0.2, growth=0.6)
    assert runs["comparison"].mean() == pytest.approx(0.2, abs=0.02)
    assert runs["before_after"].mean() > 0.3


def test_without_pitfalls_before_after_and_comparison_agree_on_average():
    runs = repeat_change(runs=150, seed=3, true_effect=0.1)
    assert runs["before_after"].mean() == pytest.approx(0.1, abs=0.02)
    assert runs["comparison"].mean() == pytest.approx(0.1, abs=0.02)


def test_simulate_change_is_reproducible_and_has_the_documented_table():
    first = simulate_change(**PITFALLS["regression"], seed=4)
    again = simulate_change(**PITFALLS["regression"], seed=4)
    other = simulate_change(**PITFALLS["regression"], seed=5)
    assert first.before_after == again.before_after and first.before_after != other.before_after
    assert first.reps_per_group == 30 and first.change_week == 14
    weekly = first.weekly
    assert weekly.columns.tolist() == ["week", "group", "bookings", "after"]
    assert len(weekly) == 2 * 26 and set(weekly["group"]) == {"change", "comparison"}
    assert weekly.loc[weekly["after"], "week"].min() == first.change_week
    # the readings are computed from exactly these weekly means (equal weeks per period)
    means = weekly.groupby(["group", "after"])["bookings"].mean()
    ratio = means[("change", True)] / means[("change", False)]
    assert first.before_after == pytest.approx(ratio - 1)
    # the comparison reading is the difference-in-differences effect on the counterfactual
    counterfactual = means[("change", False)] + means[("comparison", True)] - means[("comparison", False)]
    effect = (means[("change", True)] - means[("change", False)]
              - means[("comparison", True)] + means[("comparison", False)])
    assert first.comparison == pytest.approx(effect / counterfactual)
    did = diff_in_diff(first.panel, "bookings", "changed", "after", cluster="rep")
    assert first.comparison == pytest.approx(did.relative_effect)  # chart and estimate agree


def test_the_rep_week_panel_feeds_diff_in_diff():
    sim = simulate_change(**PITFALLS["trend"], seed=6)
    panel = sim.panel
    assert panel.columns.tolist() == ["rep", "week", "changed", "after", "bookings"]
    assert panel["rep"].nunique() == 2 * sim.reps_per_group and len(panel) == 200 * 26
    weekly = panel.groupby(["changed", "week"])["bookings"].mean()
    np.testing.assert_allclose(weekly[True].to_numpy(),
                               sim.weekly.loc[sim.weekly["group"] == "change", "bookings"])
    result = diff_in_diff(panel, "bookings", "changed", "after", cluster="rep")
    assert result.n_clusters == 200
    assert result.relative_effect == pytest.approx(sim.comparison, abs=0.02)
    assert result.ci[0] < 0 < result.ci[1]  # truth 0, and the interval says "can't tell"


def test_change_headline_reads_like_the_notebook_sentence():
    sim = simulate_change(**PITFALLS["seasonality"], seed=3)
    assert repr(sim) == (
        "ChangeSimulation(Before/after: +20%; against the comparison group: -1%; truth: 0%)"
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"select_worst": 0.01}, ValueError, "at least 2 reps"),
        ({"reps": 3}, ValueError, "at least 2 reps"),
        ({"seasonality": 1.0}, ValueError, "`seasonality`"),
        ({"growth": -1.5}, ValueError, "`growth`"),
        ({"true_effect": -1.0}, ValueError, "`true_effect`"),
        ({"seed": -1}, ValueError, "`seed`"),
        ({"weeks": 2.5}, TypeError, "`weeks`"),
        ({"base": 0}, ValueError, "`base`"),
    ],
)
def test_simulate_change_rejects_bad_settings(kwargs, error, message):
    with pytest.raises(error, match=message):
        simulate_change(**kwargs)


def test_repeat_change_rejects_unknown_settings_and_bad_runs():
    with pytest.raises(TypeError, match="trend"):
        repeat_change(runs=5, trend=0.5)
    with pytest.raises(ValueError, match="`runs`"):
        repeat_change(runs=0)


# --- figures ---------------------------------------------------------------------------

def test_pareto_figure_states_finding_and_colours_the_vital_few_as_lost():
    table = loss_pareto(ten_deals())
    fig = plot_loss_pareto(table)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == pareto_headline(table) == (
        "A causes 43% of lost deals; 3 of 4 reasons cause 86%"
    )
    colours = [patch.get_facecolor() for patch in ax.patches]
    from matplotlib.colors import to_rgba
    assert colours[0] == to_rgba(COLORS["lost"])
    assert colours[-1][3] < 1  # the trivial many are paler
    assert fig.axes[1].get_ylabel() == "Cumulative share of losses (%)"


def test_power_figure_title_matches_the_course_sentence():
    fig = plot_power_curve(0.086, 0.112, n=900)
    assert fig.axes[0].get_title(loc="left") == "With 900 per group you detect a +30% change 46% of the time"


def test_change_and_repeat_figures_carry_their_findings():
    sim = simulate_change(growth=0.6, seed=2)
    assert plot_change_simulation(sim).axes[0].get_title(loc="left") == sim.headline()
    runs = repeat_change(runs=40, seed=1, **PITFALLS["trend"])
    title = plot_repeated_effects(runs).axes[0].get_title(loc="left")
    assert title.startswith("Before/after averages +1") and "comparison group" in title
    ab = repeat_experiment(0.10, 0.13, 900, runs=300, seed=2)
    share = f"{ab['significant'].mean():.0%}"
    assert plot_repeated_effects(ab).axes[0].get_title(loc="left").endswith(f"significant in {share}")


def test_figures_reject_the_wrong_input():
    with pytest.raises(TypeError, match="ChangeSimulation"):
        plot_change_simulation(pd.DataFrame())
    with pytest.raises(ValueError, match="vital_few"):
        plot_loss_pareto(pd.DataFrame({"reason": ["A"]}))
    with pytest.raises(TypeError, match="DataFrame"):
        plot_repeated_effects([0.1, 0.2])
    with pytest.raises(ValueError, match="`n`"):
        plot_power_curve(0.1, 0.13, n=0)
