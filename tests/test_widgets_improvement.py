"""Module 4 widgets driven from their controls: results move the way a manager expects."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from saleslab.improvement import power_two_proportions, sample_size_two_proportions
from saleslab.widgets.improvement import (
    PITFALL_CHOICES,
    pitfall_explorer,
    pitfall_readings,
    spread_view,
    experiment_planner as planner,
    was_it_real,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_planner_defaults_match_the_statistics():
    plan = planner().result
    assert plan.n_per_arm == 1800
    assert plan.power == pytest.approx(power_two_proportions(0.07, 0.091, 1800))
    assert plan.needed_per_arm == sample_size_two_proportions(0.07, 0.091)


def test_planner_more_leads_or_months_raise_power():
    board = planner()
    start = board.result.power
    board.controls["leads_per_month"].value = 1200
    more_leads = board.result.power
    board.controls["months"].value = 6
    assert start < more_leads < board.result.power


def test_planner_smaller_hoped_for_change_needs_more_months():
    board = planner()
    before = board.result.months_needed
    board.controls["uplift"].value = 0.15
    assert board.result.months_needed > 2 * before
    assert board.result.power < 0.5


def test_planner_more_leads_per_month_shortens_the_test():
    board = planner()
    board.controls["leads_per_month"].value = 2400
    assert board.result.months_needed == 2  # 2,631 per group at 2,400 a month


def test_planner_renders_the_headline_and_power_curve(capsys):
    board = planner()
    board.render(board.result)
    assert "64% power" in capsys.readouterr().out
    assert board.drawing.figure.axes[0].get_title(loc="left").startswith("With 1,800 per group")


def test_was_it_real_significance_tracks_the_true_effect_and_size():
    board = was_it_real()
    default = board.result.summary.share_significant
    board.controls["n"].value = 5000
    bigger = board.result.summary.share_significant
    board.controls["true_effect"].value = 0.0
    none = board.result.summary.share_significant
    assert none < 0.1 < default < bigger
    assert board.result.summary.low < 0 < board.result.summary.high


def test_was_it_real_spread_narrows_with_more_leads():
    board = was_it_real()
    wide = board.result.summary.high - board.result.summary.low
    board.controls["n"].value = 6000
    narrow = board.result.summary.high - board.result.summary.low
    assert narrow < 0.65 * wide  # spread shrinks about as 1/sqrt(n)


def test_was_it_real_repeats_control_the_number_of_runs():
    board = was_it_real()
    board.controls["runs"].value = 500
    assert len(board.result.runs) == 500 and board.result.summary.runs == 500


def test_pitfall_explorer_before_after_is_biased_comparison_is_not():
    board = pitfall_explorer()
    for pitfall in ("trend", "seasonality", "regression"):
        board.controls["pitfall"].value = pitfall
        spread = board.result.spread
        assert spread.loc["before_after", "bias"] > 0.1, pitfall
        assert abs(spread.loc["comparison", "bias"]) < 0.02, pitfall


def test_pitfall_explorer_without_a_pitfall_both_readings_are_fair():
    board = pitfall_explorer()
    board.controls["pitfall"].value = "none"
    assert (board.result.spread["bias"].abs() < 0.02).all()


def test_pitfall_explorer_true_effect_moves_the_comparison_reading():
    board = pitfall_explorer()
    board.controls["true_effect"].value = 0.2
    assert board.result.spread.loc["comparison", "average"] == pytest.approx(0.2, abs=0.02)
    assert board.result.example.true_effect == pytest.approx(0.2)


def test_pitfall_explorer_renders_two_figures_and_a_table(capsys):
    board = pitfall_explorer()
    before = plt.get_fignums()
    board.render(board.result)
    assert plt.get_fignums() == before  # kept figures, outside pyplot
    assert all(drawing.figure.axes for drawing in board.drawings) and len(board.drawings) == 2
    assert "Against comparison group" in capsys.readouterr().out


def test_spread_view_reads_as_signed_percentages():
    view = spread_view(pitfall_readings("trend", runs=40).spread)
    assert list(view.index) == ["Before/after", "Against comparison group"]
    assert view.iloc[0, 0].startswith("+")


def test_pitfall_readings_rejects_an_unknown_pitfall():
    with pytest.raises(ValueError, match="`pitfall` must be one of"):
        pitfall_readings("weather")
    assert set(PITFALL_CHOICES) == {"none", "trend", "seasonality", "regression"}


@pytest.mark.parametrize("make", [planner, was_it_real, pitfall_explorer])
def test_every_control_works_at_both_ends_of_its_range(make):
    board = make()
    for name, control in board.controls.items():
        menu = hasattr(control, "options")
        ends = [option[1] for option in control.options] if menu else [control.min, control.max]
        for value in ends:
            control.value = value  # raises if the pure function refuses the combination
            assert board.values()[name] == value


def _chart(ax):
    """What a reader sees of a chart: title, bars, lines and legend texts (limits hold
    while a control moves, see :func:`_holds`)."""
    def rounded(values):
        return np.round(np.asarray(values, dtype=float), 6).tolist()

    # a kept figure wraps a long title to its fixed width
    return (ax.get_title(loc="left").replace("\n", " "),
            [rounded(patch.get_bbox().bounds) for patch in ax.patches],
            [rounded(line.get_xydata()) for line in ax.lines],
            [text.get_text() for text in ax.get_legend().get_texts()])


def _holds(live, fresh) -> bool:
    """Whether the moved chart's limits hold all the data of the fresh one."""
    (x0, x1), (y0, y1), data = live.get_xlim(), live.get_ylim(), fresh.dataLim
    return x0 <= data.x0 and data.x1 <= x1 and y0 <= data.y0 and data.y1 <= y1


def test_moved_figures_read_as_fresh_ones_after_several_moves():
    """The pitfall explorer and "was it real?" move their artists in place: after several
    moves they must show exactly what a figure drawn from scratch shows."""
    from saleslab.improvement import plot_change_simulation, plot_repeated_effects

    board = pitfall_explorer()
    for pitfall, effect, runs in (("seasonality", 0.1, 60), ("regression", 0.0, 140)):
        board.controls["pitfall"].value = pitfall
        board.controls["true_effect"].value, board.controls["runs"].value = effect, runs
        board.render(board.result)
    example, spread = board.drawings
    for live, fresh in ((example, plot_change_simulation(board.result.example)),
                        (spread, plot_repeated_effects(board.result.runs))):
        assert _chart(live.figure.axes[0]) == _chart(fresh.axes[0])
        assert _holds(live.figure.axes[0], fresh.axes[0])
    real = was_it_real()
    for effect in (0.0, 0.45):
        real.controls["true_effect"].value = effect
        real.render(real.result)
    fresh = plot_repeated_effects(real.result.runs).axes[0]
    assert _chart(real.drawing.figure.axes[0]) == _chart(fresh)
    assert _holds(real.drawing.figure.axes[0], fresh)
    legend = [text.get_text() for text in real.drawing.figure.axes[0].get_legend().get_texts()]
    assert legend == ["Significant", "Not significant", "True effect +45%"]


def test_planner_figure_after_moves_reads_as_a_fresh_power_curve():
    """The planner moves its curve in place: after moves to both ends of the sliders it
    shows what a fresh figure shows, the plan's point and the 80% mark inside the axis."""
    from saleslab.improvement import plot_power_curve

    board = planner()
    for p0, uplift, leads, months in ((0.40, 0.60, 3000, 12), (0.02, 0.05, 50, 1), (0.07, 0.3, 900, 3)):
        for name, value in (("p0", p0), ("uplift", uplift), ("leads_per_month", leads),
                            ("months", months)):
            board.controls[name].value = value
        board.drawing.png(board.result)
        plan, live = board.result, board.drawing.figure.axes[0]
        fresh = plot_power_curve(plan.p0, plan.p1, plan.n_per_arm,
                                 sizes=live.lines[0].get_xdata()).axes[0]
        assert live.get_title(loc="left") == fresh.get_title(loc="left")
        assert [t.get_text() for t in live.texts] == [t.get_text() for t in fresh.texts]
        for moved, drawn in zip(live.lines, fresh.lines):
            np.testing.assert_allclose(moved.get_xydata(), drawn.get_xydata())
        low, high = live.get_xlim()
        assert low <= 50 and max(plan.n_per_arm, plan.needed_per_arm) <= high
        assert live.lines[0].get_xdata()[-1] == pytest.approx(high, rel=0.01)  # curve to the end
