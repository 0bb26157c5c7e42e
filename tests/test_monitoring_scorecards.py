"""Rep scorecards, alerts on weekly KPIs, and the control-chart figure."""

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

from saleslab.monitoring import (
    KPI_COLUMNS,
    LAGGING,
    LEADING,
    alerts,
    compare_with_team,
    individuals_chart,
    p_chart,
    plot_control_chart,
    scorecard,
    western_electric,
)
from saleslab.plots import COLORS

REPS = {"Ana": "North", "Ben": "North", "Chen": "South", "Dana": "South"}
SHIFT_WEEK = 30


def weekly_kpis(weeks=44, seed=0):
    """Weekly KPIs in the course schema; Dana's calls drop from 40 to 18 a week at week 30."""
    rng = np.random.default_rng(seed)
    rows = []
    for rep, team in REPS.items():
        for i in range(weeks):
            calls_rate = 18 if rep == "Dana" and i >= SHIFT_WEEK else 40
            closed = int(rng.poisson(4))
            won = int(rng.binomial(closed, 0.3))
            rows.append({
                "week": pd.Timestamp("2025-01-06") + pd.Timedelta(weeks=i), "week_index": i,
                "rep": rep, "team": team, "response_time_hours": float(rng.gamma(16, 0.25)),
                "calls": int(rng.poisson(calls_rate)), "meetings": int(rng.poisson(8)),
                "proposals": int(rng.poisson(3)), "opportunities_closed": closed,
                "deals_won": won, "win_rate": won / closed if closed else np.nan,
                "bookings": 60_000.0 * won,
            })
    return pd.DataFrame(rows, columns=list(KPI_COLUMNS))


def test_scorecard_puts_leading_beside_lagging_per_rep():
    card = scorecard(weekly_kpis())
    assert card.index.tolist() == sorted(REPS)
    assert card.columns.tolist() == ["team", "weeks", *LEADING, *LAGGING]
    assert card.loc["Chen", "team"] == "South" and (card["weeks"] == 44).all()
    assert card.loc["Dana", "calls_per_week"] < card.loc["Chen", "calls_per_week"] - 4


def test_scorecard_pools_win_rate_and_averages_activity_per_week():
    kpis = weekly_kpis(weeks=2)
    ana = kpis["rep"] == "Ana"
    kpis.loc[ana, ["opportunities_closed", "deals_won", "calls"]] = [[1, 1, 10], [9, 0, 30]]
    card = scorecard(kpis)
    assert card.loc["Ana", "win_rate"] == pytest.approx(1 / 10)  # not the mean of 1.0 and 0.0
    assert card.loc["Ana", "calls_per_week"] == 20
    assert card.loc["Ana", "deals_won"] == 1


def test_scorecard_period_and_team_level():
    kpis = weekly_kpis()
    card = scorecard(kpis, start="2025-01-06", end="2025-01-27")  # the first four weeks
    assert (card["weeks"] == 4).all()
    teams = scorecard(kpis, by="team")
    assert teams.index.tolist() == ["North", "South"] and "team" not in teams.columns
    assert (teams["reps"] == 2).all()
    # Activity per rep and week, so team size does not inflate it.
    assert teams.loc["South", "calls_per_week"] == pytest.approx(
        kpis.loc[kpis["team"] == "South", "calls"].mean())
    north = kpis[kpis["team"] == "North"]
    assert teams.loc["North", "bookings"] == north["bookings"].sum()


def test_compare_with_team_shows_each_rep_against_the_team_average():
    table = compare_with_team(weekly_kpis(), "calls_per_week")
    assert table.columns.tolist() == ["team", "rep_value", "team_value", "difference"]
    south = table[table["team"] == "South"]
    assert south["difference"].sum() == pytest.approx(0.0)
    assert table.loc["Dana", "difference"] < 0 < table.loc["Chen", "difference"]


def test_alerts_find_the_planted_drop_within_a_few_weeks():
    found = alerts(weekly_kpis())
    assert found.columns.tolist() == ["rep", "team", "kpi", "week", "week_index", "rule", "message"]
    dana_calls = found[(found["rep"] == "Dana") & (found["kpi"] == "calls")]
    after = dana_calls[dana_calls["week_index"] >= SHIFT_WEEK]
    assert after["week_index"].min() <= SHIFT_WEEK + 2
    assert set(after["rule"]) == {"outside_limits", "weeks_worse_than_baseline"}
    assert after.iloc[0]["message"].startswith(
        "Dana's calls per week fell below the lower control limit")


def test_alerts_detect_the_drop_fast_and_stay_near_the_false_alarm_rate_across_seeds():
    delays, false_alarm_rates = [], []
    for seed in range(8):
        found = alerts(weekly_kpis(seed=seed))
        planted = (found["rep"] == "Dana") & (found["kpi"] == "calls")
        delays.append(found[planted & (found["week_index"] >= SHIFT_WEEK)]["week_index"].min()
                      - SHIFT_WEEK)
        # 4 reps x 4 KPIs x 24 weeks after the 20-week baseline, minus the planted series.
        false_alarm_rates.append((~planted).sum() / (16 * 24 - 24))
    assert sum(delay <= 2 for delay in delays) >= 7
    # Limits estimated from 20 weeks and skewed counts: about 1.5% of stable weeks alert,
    # more than the nominal 0.27% of known limits (the docstring of alerts says so).
    assert np.mean(false_alarm_rates) < 0.025


def test_streak_alert_fires_once_when_the_run_reaches_its_length():
    kpis = weekly_kpis(weeks=20)
    ana = kpis["rep"] == "Ana"
    kpis.loc[ana, "response_time_hours"] = [4.0, 5.0] * 6 + [4.6] * 8
    found = alerts(kpis, metrics=("response_time_hours",), baseline_weeks=12, weeks_in_a_row=5)
    ana_alerts = found[found["rep"] == "Ana"]
    assert ana_alerts["rule"].tolist() == ["weeks_worse_than_baseline"]
    assert ana_alerts["week_index"].tolist() == [16]
    assert "worse than their baseline (4.47) for 5 weeks in a row" in ana_alerts.iloc[0]["message"]


def test_alerts_skip_weeks_with_missing_win_rate():
    found = alerts(weekly_kpis(), metrics=("win_rate",))
    assert (found["kpi"] == "win_rate").all()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [(lambda k: scorecard(k.drop(columns="calls")), ValueError, "missing \\['calls'\\]"),
     (lambda k: scorecard(k.iloc[:0]), ValueError, "`kpis` must hold at least one week"),
     (lambda k: scorecard(k.to_dict()), TypeError, "`kpis` must be the weekly KPI DataFrame"),
     (lambda k: scorecard(k.assign(calls="many")), TypeError, "`kpis\\['calls'\\]` must hold numbers"),
     (lambda k: scorecard(k, by="region"), ValueError, "`by` must be 'rep' or 'team'"),
     (lambda k: scorecard(k, start="soon"), ValueError, "`start` must be a date"),
     (lambda k: scorecard(k, start="2030-01-01"), ValueError, "no week falls between"),
     (lambda k: compare_with_team(k, "calls"), ValueError, "`metric` must be one of"),
     (lambda k: alerts(k, metrics=("mood",)), ValueError, "`metrics` must be a list"),
     (lambda k: alerts(k, metrics="calls"), ValueError, "`metrics` must be a list"),
     (lambda k: alerts(k, baseline_weeks=1), ValueError, "`baseline_weeks` must be a whole"),
     (lambda k: alerts(k, weeks_in_a_row=0), ValueError, "`weeks_in_a_row` must be a whole")],
)
def test_bad_arguments_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call(weekly_kpis(weeks=14))


def _chart_with_drop():
    calls = [40, 42, 39, 41, 38, 40, 43, 41, 39, 40, 41, 40, 22, 40]
    return individuals_chart(calls, baseline=12, lower_bound=0)


def test_figure_title_names_the_week_and_direction_and_marks_signals_in_signal_colour():
    fig = plot_control_chart(_chart_with_drop(), "calls per week")
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Week 12: calls per week fell below the lower limit"
    assert ax.get_xlabel() == "Week" and ax.get_ylabel() == "Calls per week"
    marked = [m for m in _marks(ax) if len(m.get_xdata()) == 1]
    assert marked and mcolors.same_color(marked[0].get_markerfacecolor(), COLORS["signal"])
    assert tuple(marked[0].get_xydata()[0]) == (12, 22)


def _marks(ax):
    """The marks a reader sees on a control chart (lines of markers, shown)."""
    return [line for line in ax.lines if line.get_linestyle() == "None" and line.get_visible()]


def test_figure_title_says_only_noise_when_nothing_is_beyond_the_limits():
    fig = plot_control_chart(individuals_chart([40, 42, 39, 41, 38, 40]), "calls per week")
    assert fig.axes[0].get_title(loc="left") == "No week outside the limits: only noise"
    assert not _marks(fig.axes[0])


def test_figure_with_dates_percent_axis_and_rule_rings():
    weeks = pd.date_range("2025-01-06", periods=12, freq="W-MON")
    counts = pd.Series([10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 30, 31], index=weeks)
    chart = p_chart(counts, pd.Series(50, index=weeks), baseline=10)
    fig = plot_control_chart(chart, "share of leads lost", unit="percent",
                             rule_flags=western_electric(chart))
    ax = fig.axes[0]
    title = " ".join(ax.get_title(loc="left").split())  # the long title wraps
    assert title == ("Week of 17 Mar 2025: share of leads lost rose above the upper limit "
                     "(2 weeks outside the limits in all)")
    assert ax.yaxis.get_major_formatter()(0.25, 0) == "25%"
    assert len(_marks(ax)) == 2  # signals, and rings where a run rule fired


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [({"unit": "euros"}, ValueError, "`unit` must be 'count', 'percent' or 'money'"),
     ({"kpi_label": ""}, TypeError, "`kpi_label` must be a non-empty text"),
     ({"chart": pd.DataFrame({"value": [1.0]})}, ValueError, "missing \\['center'"),
     ({"chart": [1, 2]}, TypeError, "`chart` must be a chart DataFrame"),
     ({"rule_flags": pd.DataFrame({"beyond_3_sigma": [True]})}, ValueError, "`rule_flags`")],
)
def test_figure_bad_arguments(kwargs, error, message):
    arguments = {"chart": _chart_with_drop(), "kpi_label": "calls per week", **kwargs}
    with pytest.raises(error, match=message):
        plot_control_chart(**arguments)


@pytest.mark.parametrize("seed", [2026, 7, 11])
def test_alerts_on_quiet_reps_agree_with_the_replayed_expectation(seed):
    from saleslab.data import kpi_shifts
    from saleslab.data import weekly_kpis as course_kpis
    from saleslab.monitoring import as_taught, expected_false_alarms

    kpis, truth = as_taught(course_kpis(seed)), kpi_shifts(seed)
    quiet = kpis[~kpis["rep"].isin(truth["rep"])]
    found = alerts(quiet)
    expected = expected_false_alarms(quiet)
    assert expected.low <= len(found) <= expected.high
    # Holidays and the season left in: more alerts than the quiet expectation.
    raw = course_kpis(seed)
    assert len(alerts(raw[~raw["rep"].isin(truth["rep"])])) > len(found)


def test_centre_line_is_not_the_gridline_grey_and_limits_wear_the_signal_colour():
    import matplotlib.pyplot as plt
    fig = plot_control_chart(_chart_with_drop(), "calls per week")
    ax = fig.axes[0]
    centre, upper = ax.lines[1], ax.lines[2]
    grid = plt.rcParams["grid.color"]
    assert not mcolors.same_color(centre.get_color(), grid)
    assert not mcolors.same_color(centre.get_color(), COLORS["baseline"])
    assert mcolors.same_color(upper.get_color(), COLORS["signal"])
    plt.close(fig)
