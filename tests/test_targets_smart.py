"""saleslab.targets: SMART targets and the reasons a target fails a criterion."""

import dataclasses
import datetime as dt

import pytest

from saleslab import targets
from saleslab.targets import Target, smart_check

GOOD = dict(metric="bookings", value=13_200_000, baseline=12_000_000, deadline="2026-12-31",
            owner="East team lead", scope="East region")


def _reasons(check):
    return dict(zip(check.table["criterion"], check.table["reason"]))


def test_a_complete_target_within_history_is_smart():
    check = smart_check(Target(**GOOD), history_growth=[0.08, 0.12, -0.03])
    assert check.passed
    assert check.failed == []
    assert check.table["criterion"].tolist() == [
        "specific", "measurable", "achievable", "relevant", "time-bound"]
    assert set(check.table["reason"]) == {""}


def test_each_missing_part_fails_its_criterion_with_a_plain_reason():
    check = smart_check(Target("bookings", 13_000_000))
    assert check.failed == ["specific", "measurable", "achievable", "time-bound"]
    reasons = _reasons(check)
    assert reasons["measurable"] == "no baseline to measure against"
    assert reasons["time-bound"] == "no deadline"
    assert reasons["specific"].startswith("no owner or scope named")
    assert reasons["achievable"].startswith("no baseline")


@pytest.mark.parametrize(("missing", "reason"), [
    ("owner", "no owner named — say who is responsible"),
    ("scope", "no scope named — say which team, region or product line it covers"),
])
def test_specific_names_the_missing_part(missing, reason):
    check = smart_check(Target(**{**GOOD, missing: "  "}), history_growth=0.2)
    assert _reasons(check)["specific"] == reason


def test_a_rise_beyond_history_is_not_achievable_without_a_named_change():
    target = Target(**{**GOOD, "value": 19_200_000})  # +60% on 12M
    check = smart_check(target, history_growth=[0.05, 0.18, 0.11])
    assert check.failed == ["achievable"]
    assert _reasons(check)["achievable"] == (
        "a 60% rise where history never exceeded 18% — not achievable without a named change")
    assert smart_check(target, history_growth=0.18, named_change="two new channel partners").passed


def test_a_deep_cut_counts_as_a_big_change_too():
    target = Target(**{**GOOD, "metric": "sales cycle", "value": 56, "baseline": 80})
    reason = _reasons(smart_check(target, history_growth=[-0.1, 0.05]))["achievable"]
    assert reason == "a 30% cut where history never exceeded 10% — not achievable without a named change"


def test_achievable_needs_history_to_compare_with():
    reason = _reasons(smart_check(Target(**GOOD)))["achievable"]
    assert reason == "no history of past changes to compare a 10% rise with"
    zero = Target(**{**GOOD, "baseline": 0})
    assert "baseline of zero" in _reasons(smart_check(zero, history_growth=0.1))["achievable"]


def test_relevant_accepts_metrics_the_team_drives_in_any_spelling():
    assert smart_check(Target(**{**GOOD, "metric": "Win_Rate", "value": 0.3, "baseline": 0.28}),
                       history_growth=0.1).passed
    check = smart_check(Target(**{**GOOD, "metric": "office snacks"}), history_growth=0.2)
    assert check.failed == ["relevant"]
    assert _reasons(check)["relevant"].startswith("'office snacks' is not a result the sales team drives")
    custom = smart_check(Target(**{**GOOD, "metric": "NPS"}), history_growth=0.2,
                         driven_metrics=["nps"])
    assert custom.passed


def test_a_deadline_in_the_past_is_not_time_bound():
    check = smart_check(Target(**GOOD), history_growth=0.2, today=dt.date(2027, 1, 1))
    assert _reasons(check)["time-bound"] == "the deadline 2026-12-31 has already passed"
    assert smart_check(Target(**GOOD), history_growth=0.2, today="2026-06-30").passed


def test_result_reads_plainly_as_text_and_html():
    check = smart_check(Target("bookings", 13_000_000, owner="Li", scope="East"))
    text = repr(check)
    assert text.splitlines()[0] == "SMART check: 2 of 5 criteria hold"
    assert "  ✗ measurable: no baseline to measure against" in text
    assert "  ✓ specific" in text
    html = check._repr_html_()
    assert "<table" in html and "no deadline" in html


def test_target_is_frozen_and_parses_its_deadline():
    target = Target(**GOOD)
    assert target.deadline == dt.date(2026, 12, 31)
    assert Target("deals", 120, deadline=dt.datetime(2026, 12, 31, 18)).deadline == dt.date(2026, 12, 31)
    assert target.growth == pytest.approx(0.1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        target.value = 1


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [({"metric": " "}, ValueError, "`metric` must be a name such as 'bookings'"),
     ({"value": "a lot"}, TypeError, "`value` must be a number, got 'a lot'"),
     ({"value": float("inf")}, ValueError, "`value` must be a finite number"),
     ({"baseline": float("nan")}, ValueError, "`baseline` must be a finite number or None"),
     ({"deadline": "next year"}, ValueError, "`deadline` must be a date or a text like '2026-12-31'"),
     ({"owner": 7}, TypeError, "`owner` must be text or None, got 7")],
)
def test_bad_target_parts_are_named(change, error, message):
    with pytest.raises(error, match=message):
        Target(**{**GOOD, **change})


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [({"target": "grow 10%"}, TypeError, "`target` must be a Target, got str"),
     ({"history_growth": "18%"}, TypeError, "`history_growth` must be a number"),
     ({"history_growth": []}, ValueError, "`history_growth` must be one or more finite numbers"),
     ({"named_change": ""}, ValueError, "`named_change` must be a short description or None"),
     ({"today": "soon"}, ValueError, "`today` must be a date")],
)
def test_bad_check_arguments_are_named(arguments, error, message):
    with pytest.raises(error, match=message):
        smart_check(**{"target": Target(**GOOD), **arguments})


def test_driven_metrics_cover_the_course_metrics():
    assert {"bookings", "deals", "win rate", "pipeline", "activities"} <= targets.DRIVEN_METRICS


def test_driven_metrics_must_be_a_list_of_names():
    with pytest.raises(TypeError, match="`driven_metrics` must be a list of metric names"):
        smart_check(Target(**GOOD), driven_metrics="bookings")


def test_a_target_is_checked_against_the_data_it_describes():
    from saleslab.targets import Target, data_problems

    good = Target("bookings", 73_500_000, baseline=70_200_000, deadline="2026-12-31",
                  owner="East region lead", scope="East region")
    assert data_problems(good, 70_000_000, "2026-01-01", ("east", "东")) == []
    chinese = Target("bookings", 73_500_000, baseline=70_000_000, deadline="2026-12-31",
                     owner="华东区经理", scope="华东区")
    assert data_problems(chinese, 70_000_000, "2026-01-01", ("east", "东")) == []
    made_up = Target("bookings", 105, baseline=100, deadline="2020-01-01", owner="x", scope="y")
    assert data_problems(made_up, 70_000_000, "2026-01-01", ("east", "东")) == ["owner", "baseline", "deadline"]
