"""Case 1 dashboard driven without a browser: each control reruns the experiment with the
lever it names, and the redraw shows the new numbers and figure."""

from __future__ import annotations

import pytest

from saleslab.cases import followup
from saleslab.plots import percent
from saleslab.widgets.case1 import TARGETS, followup_dashboard, headline_numbers, pilot_result


def test_default_board_shows_the_proposed_change():
    board = followup_dashboard()
    assert board.result == pilot_result()
    assert board.result == followup.run_experiment(1, 2_520, followup.TEAMS_PER_ARM,
                                                   **followup.PROPOSED_CHANGE)
    assert {hours for _label, hours in TARGETS} >= {0.25, followup.CURRENT_PRACTICE["first_call_target_hours"]}


def test_setting_the_levers_of_today_gives_no_effect_and_of_the_change_a_big_one():
    board = followup_dashboard()
    proposed = board.result.intervention
    for name, value in followup.CURRENT_PRACTICE.items():
        board.controls[name].value = value
    assert board.result.intervention < proposed - 0.01
    assert board.result.effect_ci[0] < 0 < board.result.effect_ci[1]
    assert board.result == pilot_result(**followup.CURRENT_PRACTICE)


@pytest.mark.parametrize(("control", "value"), [
    ("first_call_target_hours", 8.0), ("schedule", "ad hoc"), ("crm", False),
])
def test_each_process_control_lowers_the_pilot_close_rate_when_made_worse(control, value):
    board = followup_dashboard()
    before = board.result
    board.controls[control].value = value
    assert board.result.intervention < before.intervention
    assert board.result.baseline == before.baseline  # today's team is untouched


def test_team_size_and_lead_volume_drive_the_wait_for_a_free_rep():
    board = followup_dashboard()
    for name, value in followup.CURRENT_PRACTICE.items():
        board.controls[name].value = value
    board.controls["leads_per_day"].value = 28
    busy = board.result
    pilot = busy.units[busy.units["arm"] == "intervention"]
    assert busy.n_intervention == 28 * 126 * followup.TEAMS_PER_ARM
    board.controls["team_size"].value = 14
    more_reps = board.result.units[board.result.units["arm"] == "intervention"]
    assert more_reps["queue_wait_hours"].mean() < pilot["queue_wait_hours"].mean() / 2


def test_redraw_prints_the_headline_numbers_and_draws_the_figure(capsys):
    board = followup_dashboard()
    board.shown = True
    board.controls["team_size"].value = 12
    printed = capsys.readouterr().out.split("\r")[-1]  # after the output's clear codes
    assert printed.startswith(headline_numbers(board.result, board.controls["margin_per_deal"].value))
    assert "Image" in printed.splitlines()[-1]  # the figure, sent as a PNG
    figure = board.drawing.figure
    assert [ax.get_title(loc="left") for ax in figure.axes] == ["Close rate", "How fast leads get a first call"]
    assert figure._suptitle.get_text().startswith(f"Pilot teams close {percent(board.result.intervention)}")
    assert figure.axes[0].patches[1].get_height() == pytest.approx(board.result.intervention)


def test_the_money_moves_with_the_margin_and_one_team_per_arm_has_no_interval():
    board = followup_dashboard()
    rich = headline_numbers(board.result, 30_000)
    assert "Adopt" in rich.splitlines()[-1]
    assert "Abandon" in headline_numbers(board.result, 1_000).splitlines()[-1]
    board.controls["teams_per_arm"].value = 1
    text = headline_numbers(board.result)
    assert "no team-aware interval with one team per arm" in text
    assert "no estimate without an interval" in text
