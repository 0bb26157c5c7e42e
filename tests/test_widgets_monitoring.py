"""Module 3 widgets driven by their controls, as a learner would."""

import time

import numpy as np
import pytest

from saleslab.data import load
from saleslab.monitoring import explore
from saleslab.widgets.monitoring import (
    control_chart_explorer,
    notice_speed,
    plot_notice_speed,
    weeks_to_notice,
)


@pytest.fixture(scope="module")
def course():
    from saleslab.monitoring import as_taught
    return as_taught(load("weekly_kpis")), load("kpi_shifts")  # as the module hands it over


def test_explorer_recomputes_with_the_pure_function_for_each_choice(course):
    kpis, truth = course
    board = control_chart_explorer(kpis, truth)
    for name, value in (("rep", "R20"), ("kpi", "calls"), ("chart_type", "individuals"),
                        ("rules", "western_electric")):
        board.controls[name].value = value
    expected = explore.explore_kpi(kpis, "R20", "calls", rules="western_electric")
    assert board.result.finding == expected.finding
    assert board.result.signals.equals(expected.signals)
    assert board.result.caught is None  # the answer key stays hidden until asked for


def test_explorer_reveals_the_answer_key_only_when_ticked(course):
    kpis, truth = course
    board = control_chart_explorer(kpis, truth)
    board.controls["rep"].value = truth.iloc[0]["rep"]  # the sudden drop in calls
    board.controls["reveal"].value = True
    assert board.result.caught["delay_weeks"].iloc[0] <= 3


def test_every_planted_shift_is_found_by_driving_the_explorer(course):
    kpis, truth = course
    board = control_chart_explorer(kpis, truth)
    board.controls["reveal"].value = True
    for chart_type in ("cusum", "ewma"):
        board.controls["chart_type"].value = chart_type
        for shift in truth.itertuples():
            board.controls["kpi"].value = shift.kpi
            board.controls["rep"].value = shift.rep
            assert board.result.caught["delay_weeks"].iloc[0] <= 12


def test_p_chart_is_offered_for_the_win_rate_only(course):
    kpis, truth = course
    board = control_chart_explorer(kpis, truth)
    chart = board.controls["chart_type"]
    assert "p" not in [key for _label, key in chart.options]
    board.controls["kpi"].value = "win_rate"
    chart.value = "p"
    assert board.result.chart_type == "p"
    board.controls["kpi"].value = "meetings"  # p no longer applies: back to individuals
    assert chart.value == "individuals" and board.result.kpi == "meetings"


def test_run_rules_are_set_aside_for_cusum_and_ewma(course):
    kpis, _truth = course
    board = control_chart_explorer(kpis)
    assert "reveal" not in board.controls
    board.controls["rules"].value = "nelson"
    board.controls["chart_type"].value = "cusum"
    assert board.controls["rules"].disabled
    assert board.result.rules == "none" and board.result.chart_type == "cusum"
    board.controls["chart_type"].value = "individuals"
    assert not board.controls["rules"].disabled and board.result.rules == "nelson"


def test_weeks_to_notice_redraws_fast_and_memory_charts_win_on_small_shifts():
    board = weeks_to_notice()
    start = time.perf_counter()
    board.controls["shift"].value = 1.0
    board.controls["chart"].value = "cusum"
    assert time.perf_counter() - start < 1.0
    table = board.result.table
    assert board.result.chosen["average_weeks"] == table.loc["cusum", "average_weeks"]
    assert table.loc["cusum", "average_weeks"] < table.loc["shewhart", "average_weeks"] / 2
    assert table.loc["shewhart", "average_weeks"] == pytest.approx(44, rel=0.2)


def test_bigger_shifts_are_noticed_sooner_and_false_alarms_do_not_depend_on_them():
    small, big = notice_speed(0.5, n_series=300), notice_speed(2.0, n_series=300)
    assert (big.table["average_weeks"] < small.table["average_weeks"]).all()
    assert np.allclose(big.table["false_alarms_per_year"], small.table["false_alarms_per_year"])
    # Shewhart limits: about 52/370 = 0.14 false alarms a year per series; WE rules, more.
    assert small.table.loc["shewhart", "false_alarms_per_year"] == pytest.approx(0.14, rel=0.35)
    assert small.table.loc["western_electric", "false_alarms_per_year"] > 0.3


def test_a_stable_process_only_raises_false_alarms():
    speed = notice_speed(0.0, "ewma", n_series=300)
    assert np.allclose(speed.table["average_weeks"] * speed.table["false_alarms_per_year"], 52)
    assert "0-sigma shift" in speed.headline()


def test_notice_figure_highlights_the_chosen_design():
    import matplotlib.pyplot as plt
    fig = plot_notice_speed(notice_speed(1.0, "ewma", n_series=200))
    ax = fig.axes[0]
    assert ax.get_title(loc="left").startswith("A 1-sigma shift:")
    colours = [bar.get_facecolor() for bar in ax.patches]
    assert len(set(colours)) == 2 and colours.count(colours[3]) == 1
    plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [({"shift": -1}, ValueError, "`shift` must be between 0 and 5"),
     ({"shift": "big"}, TypeError, "`shift` must be a number"),
     ({"chart": "xbar"}, ValueError, "`chart` must be one of")],
)
def test_notice_speed_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        notice_speed(**{"shift": 1.0, **kwargs})


def test_explorer_draws_the_finding_and_the_answer_key(course, capsys):
    import matplotlib.pyplot as plt
    kpis, truth = course
    board = control_chart_explorer(kpis, truth)
    board.controls["reveal"].value = True
    sudden = truth.iloc[0]
    board.controls["rep"].value = sudden["rep"]
    board.render(board.result)
    printed = capsys.readouterr().out
    assert printed.startswith(board.result.finding)
    assert f"Answer key: a change planted in week {sudden['start_week']} (fewer calls" in printed
    delay = board.result.caught["delay_weeks"].iloc[0]
    assert f"caught {delay:.0f} weeks later" in printed
    board.controls["rep"].value = sorted(set(kpis["rep"]) - set(truth["rep"]))[0]
    board.render(board.result)
    assert "nothing was planted in this rep's calls per week" in capsys.readouterr().out
    plt.close("all")


def test_weeks_to_notice_prints_the_headline_it_draws(capsys):
    import matplotlib.pyplot as plt
    board = weeks_to_notice(n_series=200)
    board.render(board.result)
    assert capsys.readouterr().out.startswith(
        "Shewhart 3-sigma limits: a 1-sigma shift is noticed after ")
    plt.close("all")


def _seen(ax):
    """What a reader sees of a chart: title, lines and marks drawn, legend (NaN, drawn as
    nothing, as None so that it compares equal)."""
    def points(xy):
        xy = np.round(np.asarray(xy, dtype=float), 6)
        return np.where(np.isnan(xy), None, xy).tolist()

    drawn = [line for line in ax.lines if np.isfinite(line.get_xydata()).all(axis=1).any()]
    return (ax.get_title(loc="left"), [points(line.get_xydata()) for line in drawn],
            [text.get_text() for text in ax.get_legend().get_texts()], ax.get_ylabel())


def test_explorer_figure_after_moves_reads_as_a_fresh_chart(course):
    """The explorer moves its artists in place: after moves across reps, chart types and
    the answer key it shows what a fresh figure shows, every value inside the limits."""
    kpis, truth = course
    board = control_chart_explorer(kpis, truth)
    moves = [("rep", "R05"), ("reveal", True), ("rules", "nelson"), ("rep", "R01"),
             ("chart_type", "cusum"), ("rep", "R05"), ("chart_type", "ewma"),
             ("kpi", "win_rate"), ("chart_type", "p"), ("rep", "R02")]
    for name, value in moves:
        board.controls[name].value = value
        board.drawing.png(board.result)
        live = board.drawing.figure.axes[0]
        fresh = explore.plot_exploration(board.result, show_planted=True).axes[0]
        assert _seen(live) == _seen(fresh), (name, value)
        low, high = live.get_ylim()
        values = np.concatenate([line.get_ydata() for line in live.lines
                                 if line not in board.drawing.chart.planted])
        values = values[np.isfinite(values)]
        assert low <= values.min() and values.max() <= high, (name, value)
