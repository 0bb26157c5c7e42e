"""Holidays, the season, re-set limits and the replayed expectation of false alarms."""

import numpy as np
import pandas as pd
import pytest

from saleslab.data import kpi_shifts, weekly_kpis
from saleslab.data.kpis import SPRING_FESTIVAL, holiday_weeks, season
from saleslab.monitoring import (alerts, as_taught, expected_false_alarms, holidays_in, relimit,
                                 team_season)
from saleslab.monitoring.scorecards import example_kpis


def test_spring_festival_moves_with_the_lunar_calendar_and_national_day_stays():
    mondays = pd.to_datetime(["2025-01-27", "2026-02-16", "2026-01-26", "2025-09-29", "2026-09-28"])
    assert holiday_weeks(mondays).tolist() == ["spring_festival", "spring_festival", "",
                                               "national_day", "national_day"]
    assert pd.Timestamp(SPRING_FESTIVAL[2026]) - pd.Timestamp(SPRING_FESTIVAL[2025]) > pd.Timedelta(days=365)


def test_the_whole_team_slows_down_in_holiday_weeks_of_the_course_data():
    kpis = weekly_kpis(seed=7)
    factor = team_season(kpis, "calls")
    holidays = holidays_in(kpis)
    assert (factor[holidays["week_index"]] < 0.85).all()
    normal = factor.drop(holidays["week_index"])
    assert normal.between(0.85, 1.15).all()
    assert season(pd.to_datetime(["2025-12-01"]))[0] > season(pd.to_datetime(["2025-06-02"]))[0]


def test_as_taught_leaves_holidays_out_and_divides_the_season_out():
    kpis = weekly_kpis(seed=11)
    taught = as_taught(kpis)
    assert not taught["week_index"].isin(holidays_in(kpis)["week_index"]).any()
    assert team_season(taught, "calls").sub(1).abs().max() < 0.02
    assert taught["response_time_hours"].equals(
        kpis.loc[~kpis["week_index"].isin(holidays_in(kpis)["week_index"]),
                 "response_time_hours"].reset_index(drop=True))


@pytest.mark.parametrize("seed", [7, 11])
def test_handled_as_taught_holidays_and_season_do_not_flood_the_quiet_reps(seed):
    kpis, truth = weekly_kpis(seed), kpi_shifts(seed)
    quiet = ~kpis["rep"].isin(truth["rep"])
    raw = alerts(kpis[quiet], baseline_weeks=20, logged=())
    taught = alerts(as_taught(kpis)[lambda k: ~k["rep"].isin(truth["rep"])])
    holiday_weeks_ = set(holidays_in(kpis)["week_index"])
    assert raw["week_index"].isin(holiday_weeks_).sum() >= 10  # most reps, every holiday
    assert len(taught) < 0.8 * len(raw)


def test_relimit_sets_new_limits_on_the_weeks_after_the_change():
    kpis, truth = weekly_kpis(seed=7), kpi_shifts(seed=7)
    sudden = truth.iloc[0]
    chart = relimit(as_taught(kpis), sudden["rep"], "calls", since_week=int(sudden["start_week"]))
    before, after = chart[chart["phase"] == "before"], chart[chart["phase"] == "after"]
    assert after["center"].iloc[0] < before["center"].iloc[0]  # the drop is the new normal
    assert after["signal"].sum() < 0.25 * len(after)


def test_expected_false_alarms_replays_baselines_and_is_reproducible():
    kpis = as_taught(weekly_kpis(seed=7))
    one = expected_false_alarms(kpis, pd.DataFrame({"rep": ["R01"], "kpi": ["calls"]}),
                                n_replays=100, seed=3)
    assert one.n_series == 1 and one.per_kpi.drop("calls").eq(0).all()
    again = expected_false_alarms(kpis, pd.DataFrame({"rep": ["R01"], "kpi": ["calls"]}),
                                  n_replays=100, seed=3)
    assert one.total == again.total and one.low <= one.total <= one.high
    # Limits estimated from 26 weeks raise more than the 0.27% of known limits.
    assert one.total / one.weeks_watched > 0.0027


@pytest.mark.parametrize(("call", "message"), [
    (lambda: relimit(example_kpis(), "Ana", "calls", since_week=1), "`since_week` must leave"),
    (lambda: expected_false_alarms(example_kpis(), n_replays=0), "`n_replays` must be"),
    (lambda: alerts(example_kpis(), logged="calls"), "`logged` must be a list"),
    (lambda: team_season(example_kpis(), "mood"), "`kpi` must be a column"),
])
def test_bad_arguments_name_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
