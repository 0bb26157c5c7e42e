"""saleslab.targets: reverse funnel, rep capacity, gap, feasibility, pipeline coverage."""

import dataclasses

import pandas as pd
import pytest

from saleslab import targets

FUNNEL = dict(target=12_000_000, average_deal_size=100_000, win_rate=0.25,
              lead_to_opportunity=0.2, leads_per_activity=0.1, weeks=48, reps=10)


def test_reverse_funnel_worked_by_hand():
    plan = targets.reverse_funnel(**FUNNEL)
    stages = plan.stages.set_index("stage")
    # 12M / 100k = 120 deals; / 25% = 480 opportunities; / 20% = 2,400 leads; / 0.1 = 24,000
    assert stages["total"].tolist() == pytest.approx([120, 480, 2_400, 24_000])
    assert stages["per_rep"].tolist() == pytest.approx([12, 48, 240, 2_400])
    assert stages["per_rep_per_week"].tolist() == pytest.approx([0.25, 1, 5, 50])
    assert stages["rate_to_next_stage"].tolist()[1:] == [0.25, 0.2, 0.1]
    assert plan.activities_per_rep_per_week == pytest.approx(50)


def test_reverse_funnel_summary_reads_plainly_and_rounds_totals_up():
    assert repr(targets.reverse_funnel(**FUNNEL)).splitlines() == [
        "To book ¥12M in 48 weeks with 10 reps you need:",
        "  Won deals: 120 in total, 12 per rep, 0.25 per rep per week",
        "  Opportunities: 480 in total, 48 per rep, 1 per rep per week",
        "  Leads: 2,400 in total, 240 per rep, 5 per rep per week",
        "  Activities: 24,000 in total, 2,400 per rep, 50 per rep per week",
    ]
    # 12M / 110k = 109.09 deals: a manager needs 110, not 109
    odd = targets.reverse_funnel(**{**FUNNEL, "average_deal_size": 110_000})
    assert "Won deals: 110 in total" in odd.summary()


def test_halving_the_win_rate_doubles_everything_above_won_deals():
    base = targets.reverse_funnel(**FUNNEL).stages["total"]
    worse = targets.reverse_funnel(**{**FUNNEL, "win_rate": 0.125}).stages["total"]
    assert (worse / base).tolist() == pytest.approx([1, 2, 2, 2])


def test_reverse_funnel_result_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        targets.reverse_funnel(**FUNNEL).target = 1


@pytest.mark.parametrize(
    ("name", "value", "error", "message"),
    [("target", 0, ValueError, "`target` must be a number greater than 0, got 0"),
     ("average_deal_size", -1, ValueError, "`average_deal_size` must be a number greater than 0"),
     ("win_rate", 0, ValueError, "`win_rate` must be greater than 0 and at most 1, got 0"),
     ("win_rate", 1.3, ValueError, "`win_rate` must be between 0 and 1, got 1.3"),
     ("win_rate", "25%", TypeError, "`win_rate` must be a number between 0 and 1"),
     ("lead_to_opportunity", -0.2, ValueError, "`lead_to_opportunity` must be between 0 and 1"),
     ("leads_per_activity", 0, ValueError, "`leads_per_activity` must be a number greater than 0"),
     ("weeks", float("nan"), ValueError, "`weeks` must be a number greater than 0"),
     ("reps", None, TypeError, "`reps` must be a number greater than 0, got None")],
)
def test_bad_reverse_funnel_arguments_are_named(name, value, error, message):
    with pytest.raises(error, match=message):
        targets.reverse_funnel(**{**FUNNEL, name: value})


def test_rep_capacity_worked_by_hand():
    # 20 open opportunities turned over 12/3 = 4 times a year, 25% won at 100k each
    assert targets.rep_capacity(20, 0.25, 100_000, period_months=12, cycle_months=3) == 2_000_000
    # a cycle twice as long halves what a rep can close in the same period
    assert targets.rep_capacity(20, 0.25, 100_000, 12, 6) == 1_000_000


def test_rep_capacity_per_rep_series():
    capacity = targets.rep_capacity(pd.Series({"Ann": 10, "Bo": 20}),
                                    pd.Series({"Ann": 0.2, "Bo": 0.3}), 100_000, 12, 3)
    assert capacity.to_dict() == pytest.approx({"Ann": 800_000, "Bo": 2_400_000})
    assert capacity.name == "capacity"
    with pytest.raises(ValueError, match=r"must have the same reps; missing for \['Bo', 'Cy'\]"):
        targets.rep_capacity(pd.Series({"Ann": 10, "Bo": 20}), pd.Series({"Ann": 0.2, "Cy": 0.3}),
                             100_000)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [((0, 0.25, 1e5), ValueError, "`open_opportunities` must be a number greater than 0"),
     ((10, 0, 1e5), ValueError, "`win_rate` must be greater than 0"),
     ((10, 0.25, 1e5, 12, 0), ValueError, "`cycle_months` must be a number greater than 0, got 0"),
     ((10, 0.25, 1e5, "a year"), TypeError, "`period_months` must be a number"),
     ((pd.Series({"Ann": -1}), 0.25, 1e5), ValueError,
      r"`open_opportunities\['Ann'\]` must be a number greater than 0, got -1"),
     (([10, 20], 0.25, 1e5), TypeError, "`open_opportunities` must be a number")],
)
def test_bad_capacity_arguments_are_named(arguments, error, message):
    with pytest.raises(error, match=message):
        targets.rep_capacity(*arguments)


def test_gap_flags_reps_by_documented_thresholds():
    quotas = pd.Series({"Ann": 100.0, "Bo": 100.0, "Cy": 100.0, "Di": 100.0})
    capacity = pd.Series({"Di": 79.0, "Cy": 80.0, "Bo": 99.0, "Ann": 100.0})
    table = targets.gap(quotas, capacity)
    assert table["status"].tolist() == ["achievable", "stretch", "stretch", "out of reach"]
    assert table["gap"].tolist() == [0, 1, 20, 21]
    assert table["gap_share"].tolist() == pytest.approx([0, 0.01, 0.2, 0.21])
    assert targets.gap(quotas, capacity, stretch=0.1)["status"].tolist() == [
        "achievable", "stretch", "out of reach", "out of reach"]


def test_gap_takes_the_top_down_table_and_checks_reps_match():
    quotas = pd.DataFrame({"quota": [100, 200]}, index=["Ann", "Bo"])
    assert targets.gap(quotas, pd.Series({"Ann": 50.0, "Bo": 250.0}))["gap"].tolist() == [50, -50]
    with pytest.raises(ValueError, match=r"only in `quotas`: \['Bo'\], only in `capacity`: \['Cy'\]"):
        targets.gap(quotas, pd.Series({"Ann": 1.0, "Cy": 1.0}))
    with pytest.raises(ValueError, match="`stretch` must be between 0 and 1"):
        targets.gap(quotas, pd.Series({"Ann": 1.0, "Bo": 1.0}), stretch=2)
    with pytest.raises(ValueError, match=r"`quotas\['Ann'\]` must be a number greater than 0"):
        targets.gap(pd.Series({"Ann": 0}), pd.Series({"Ann": 1.0}))
    with pytest.raises(TypeError, match="`capacity` must be a pandas Series or a mapping"):
        targets.gap(quotas, 1_000_000)


def test_feasibility_compares_required_with_achievable_pipeline():
    quotas = pd.Series({"Ann": 100.0, "Bo": 300.0})
    table = targets.feasibility(quotas, pd.Series({"Ann": 500.0, "Bo": 900.0}),
                                pd.Series({"Ann": 0.25, "Bo": 0.3}))
    # Ann needs 100 / 25% = 400 and can build 500; Bo needs 300 / 30% = 1,000 and builds 900
    assert table["required_pipeline"].tolist() == pytest.approx([400, 1000])
    assert table["coverage"].tolist() == pytest.approx([1.25, 0.9])
    assert table["status"].tolist() == ["achievable", "stretch"]
    with pytest.raises(ValueError, match="`win_rate` must be greater than 0"):
        targets.feasibility(quotas, pd.Series({"Ann": 1.0, "Bo": 1.0}), 0)


def test_pipeline_coverage_three_times_rule():
    result = targets.pipeline_coverage(2_000_000, 1_000_000, 1 / 3)
    assert result.coverage == pytest.approx(2)
    assert result.required == pytest.approx(3)
    assert result.shortfall == pytest.approx(1_000_000)
    assert not result.enough
    assert result.verdict() == ("Not enough pipeline: 2.0× coverage against 3.0× needed; "
                                "add ¥1M of opportunities.")
    plenty = targets.pipeline_coverage(5_000_000, 1_000_000, 0.25)
    assert plenty.enough and plenty.shortfall == 0
    assert repr(plenty) == "PipelineCoverage(Enough pipeline: 5.0× coverage against 4.0× needed.)"


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [((-1, 1e6, 0.3), ValueError, "`open_pipeline` must be a number zero or more, got -1"),
     ((1e6, 0, 0.3), ValueError, "`remaining_quota` must be a number greater than 0, got 0"),
     ((1e6, 1e6, 0), ValueError, "`win_rate` must be greater than 0 and at most 1"),
     ((1e6, 1e6, "30%"), TypeError, "`win_rate` must be a number")],
)
def test_bad_coverage_arguments_are_named(arguments, error, message):
    with pytest.raises(error, match=message):
        targets.pipeline_coverage(*arguments)
