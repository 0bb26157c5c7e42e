"""Case 2 dashboard driven from tests: each control reruns the experiment and redraws."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
import pytest

from saleslab.cases import complaints
from saleslab.widgets.case2 import complaints_dashboard, complaints_view, headline_numbers


@pytest.fixture
def board():
    return complaints_dashboard(seed=0)


def test_default_board_shows_the_default_experiment(board):
    expected = complaints.run_experiment(seed=0)
    assert board.result.experiment == expected
    assert board.result.survival.hazard_ratio < 1
    assert board.result.process.label == "fast feedback, 3 handlers, records"


def test_a_slower_target_raises_churn_in_the_intervention_arm(board):
    before = board.result.experiment
    board.controls["resolution_target_days"].value = 10.0
    after = board.result.experiment
    assert after.intervention > before.intervention
    assert after.baseline == before.baseline  # the old process is untouched
    new = after.units.loc[after.units["arm"] == "intervention", "first_resolution_days"]
    assert new.median() > 9.5


def test_one_handler_overloads_the_team(board):
    board.controls["handlers"].value = 1
    assert board.result.process.load > 1
    assert "team overloaded" in headline_numbers(board.result)
    assert board.result.experiment.effect > complaints_view(seed=0).experiment.effect


def test_switching_the_change_off_leaves_only_noise(board):
    board.controls["fast_feedback"].value = False
    board.controls["customer_records"].value = False
    result = board.result.experiment
    low, high = result.effect_ci
    assert board.result.process.label == "old process"
    assert low < 0 < high
    assert "no complaint team" in headline_numbers(board.result)


def test_another_seed_is_another_year(board):
    first = board.result.experiment
    board.controls["seed"].value = 7
    assert board.result.experiment == complaints.run_experiment(seed=7)
    assert board.result.experiment != first


def test_headline_numbers_say_what_a_manager_needs():
    lines = headline_numbers(complaints_view(seed=0)).splitlines()
    assert len(lines) == 6
    assert lines[0].startswith("12-month churn ")
    assert lines[1].startswith("Risk of leaving ×")
    assert lines[3].startswith("Customers who left: ")
    units = complaints.run_experiment(seed=0).units
    leavers = units[units["churned"]].groupby("arm").size()
    assert f"{leavers['baseline']:,} (old) vs {leavers['intervention']:,} (new)" in lines[3]
    assert lines[4].startswith("Over 12 months the change nets ")
    assert lines[5].split(":")[0] in {"Adopt", "Adapt", "Abandon"}


def test_the_cost_of_a_handler_moves_the_money_not_the_experiment(board):
    before = board.result
    board.controls["handler_monthly"].value = 14_000
    after = board.result
    assert after.experiment is before.experiment  # repriced, not rerun
    assert after.value.net_mean < before.value.net_mean
    assert after.value.monthly_cost - before.value.monthly_cost == 3 * (14_000 - 7_000)


def test_more_handlers_cost_more_every_month(board):
    before = board.result.value
    board.controls["handlers"].value = 6
    assert board.result.value.monthly_cost > before.monthly_cost


def test_the_board_redraws_on_screen_when_a_control_moves(board, monkeypatch):
    shown = []
    monkeypatch.setattr("saleslab.widgets.case2.show_live", lambda drawing, units: shown.append(
        drawing.png(units)))
    board.shown = True
    board.controls["handlers"].value = 5
    assert len(shown) == 1
    assert "Fast feedback" in board.drawing.figure._suptitle.get_text()


def test_the_first_move_draws_a_full_figure_and_a_cost_move_reuses_it(board):
    before = _pixels(board.drawing.png(board.result.experiment.units))
    board.controls["resolution_target_days"].value = 10.0
    moved = board.drawing.png(board.result.experiment.units)
    after = _pixels(moved)
    assert after.shape == before.shape
    assert (after < 250).any(axis=2).mean() > 0.05  # drawn, not blank
    assert (after != before).any()
    board.controls["handler_monthly"].value = 12_000
    # the experiment, and so the figure, is the same
    assert board.drawing.png(board.result.experiment.units) == moved


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def test_after_several_moves_the_figure_reads_as_a_fresh_one(board):
    """The figure moves its curves, bands, bars and labels in place: after several moves it
    must show what the figure drawn from scratch shows for the last experiment."""
    import numpy as np

    from saleslab.cases.complaints_plots import plot_dashboard

    for days, handlers in ((10.0, 2), (1.0, 6)):
        board.controls["resolution_target_days"].value = days
        board.controls["handlers"].value = handlers
        board.drawing.png(board.result.experiment.units)
    fresh = plot_dashboard(board.result.experiment.units)

    def seen(figure):
        left, right = figure.axes
        return (figure._suptitle.get_text(),
                [np.round(line.get_xydata(), 9).tolist() for line in left.lines],
                [np.round(band.get_paths()[0].vertices, 9).tolist() for band in left.collections],
                [round(bar.get_height(), 9) for bar in right.patches],
                [text.get_text() for text in right.texts], np.round(right.get_ylim(), 9).tolist())

    assert seen(board.drawing.figure) == seen(fresh)
    assert board.result.experiment.effect != 0
