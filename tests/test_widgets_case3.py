"""Case 3 dashboard driven from its controls: results move the way the mechanism says."""

import io

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image
import pytest

from saleslab.cases.training import run_experiment
from saleslab.widgets.case3 import (
    ASSUMPTIONS,
    CADENCES,
    FIRST,
    headline_numbers,
    training_dashboard,
    training_result,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_dashboard_defaults_are_the_engine_defaults_on_the_course_team():
    board = training_dashboard()
    assert board.result == run_experiment(2026)
    assert board.result.units.equals(training_result().units)


def test_controls_offer_the_engine_lever_values_in_a_managers_words():
    board = training_dashboard()
    options = {name: [value for _label, value in board.controls[name].options]
               for name in ("months_between_sessions", "trained_first", "preset")}
    assert options == {"months_between_sessions": [value for _label, value in CADENCES],
                       "trained_first": ["random", "weakest", "strongest"],
                       "preset": ["article", "conservative"]}
    assert [label for label, _value in FIRST][0] == "a random half of each team"
    assert len(ASSUMPTIONS) == 2
    for every in options["months_between_sessions"]:  # every choice runs in the engine
        board.controls["months_between_sessions"].value = every
        assert board.result.units["sessions"].sum() > 0


def test_sessions_that_teach_nothing_remove_the_built_in_effect():
    board = training_dashboard()
    assert board.result.built_in_effect > 0.2
    board.controls["session_quality"].value = 0.0
    assert board.result.built_in_effect == 0.0


def test_sparser_sessions_and_the_conservative_preset_shrink_the_effect():
    board = training_dashboard()
    monthly = board.result.built_in_effect
    board.controls["months_between_sessions"].value = 6
    twice_a_year = board.result.built_in_effect
    board.controls["preset"].value = "conservative"
    assert board.result.built_in_effect < twice_a_year < monthly


def test_training_the_strongest_first_inflates_the_after_only_reading():
    board = training_dashboard()
    board.controls["trained_first"].value = "strongest"
    readings = board.result.estimates.set_index("method")["effect"]
    assert readings["after_only"] > 2 * board.result.built_in_effect


def test_more_reps_and_another_seed_rerun_the_experiment():
    board = training_dashboard()
    board.controls["reps"].value = 120
    assert board.result.n_baseline + board.result.n_intervention == 120
    first = board.result.effect
    board.controls["seed"].value = 7
    assert board.result.effect != first
    board.controls["months_after"].value = 6
    assert (board.result.units["period"] == "after").sum() == 120 * 6


def test_render_prints_the_headline_and_draws_the_three_panels(capsys):
    board = training_dashboard()
    board.render(board.result)
    text = capsys.readouterr().out
    assert text.startswith("Trained reps sold ¥")
    assert "Effect built into the model: +" in text
    assert len(board.drawing.figure.axes) == 3


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def test_the_first_move_redraws_one_kept_figure_full_and_different():
    board = training_dashboard()
    before = _pixels(board.drawing.png(board.result))
    board.controls["session_quality"].value = 0.0
    after = _pixels(board.drawing.png(board.result))
    assert after.shape == before.shape
    assert (after < 250).any(axis=2).mean() > 0.05  # drawn, not blank
    assert (after != before).any()


def test_headline_numbers_match_the_result():
    result = training_result(seed=3)
    lines = headline_numbers(result).splitlines()
    assert len(lines) == 6
    assert f"{result.effect:+.0%}" in lines[0]
    assert lines[4].startswith("Over 12 months the change nets ")
    assert lines[5].split(":")[0] in {"Adopt", "Adapt", "Abandon"}


def test_spillover_shrinks_the_measured_effect_not_the_built_in_one():
    alone, shared = training_result(), training_result(spillover=0.5)
    assert shared.built_in_effect == alone.built_in_effect
    assert shared.effect < alone.effect
    wait = shared.units[(shared.units["trained"] == 0) & (shared.units["period"] == "after")]
    assert (wait["knowledge"] > wait.groupby("rep_id")["knowledge"].transform("min") - 1e-9).all()
    assert wait["skills"].mean() > alone.units.loc[wait.index, "skills"].mean()


def test_the_board_trains_product_skills_or_both():
    board = training_dashboard()
    effects = {}
    for topic in ("product", "skills", "both"):
        board.controls["topics"].value = topic
        effects[topic] = board.result.built_in_effect
    assert 0 < effects["skills"] < effects["both"] and 0 < effects["product"] < effects["both"]


def test_after_several_moves_the_figure_reads_as_a_fresh_one():
    """The dashboard moves its lines, shading, intervals and labels in place: after several
    moves (the months compared change the x range) it must show what a figure drawn from
    scratch shows for the last result."""
    import numpy as np

    from saleslab.cases.training_plots import plot_dashboard

    board = training_dashboard()
    for name, value in (("months_after", 6), ("months_between_sessions", 3),
                        ("session_quality", 0.0), ("months_after", 15)):
        board.controls[name].value = value
        board.drawing.png(board.result)
    fresh = plot_dashboard(board.result)

    def seen(figure):
        def rounded(values):
            return np.round(np.asarray(values, dtype=float), 6).tolist()

        return [(ax.get_title(loc="left"),
                 [rounded(line.get_xydata()) for line in ax.lines],
                 [rounded(patch.get_bbox().bounds) for patch in ax.patches],
                 [rounded(getattr(c, "get_segments", c.get_offsets)()) for c in ax.collections],
                 [(text.get_text(), rounded(text.xy)) for text in ax.texts],
                 [text.get_text() for text in ax.get_legend().get_texts()])
                for ax in figure.axes]

    assert seen(board.drawing.figure) == seen(fresh)
    # limits hold while levers move (only the data redraws), but always hold the data
    for live, new in zip(board.drawing.figure.axes, fresh.axes):
        (x0, x1), (y0, y1) = live.get_xlim(), live.get_ylim()
        data = new.dataLim
        assert x0 <= data.x0 and data.x1 <= x1 and y0 <= data.y0 and data.y1 <= y1
