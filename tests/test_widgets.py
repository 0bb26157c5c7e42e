import ipywidgets as widgets
import pytest

from saleslab.process import monthly_funnel
from saleslab.widgets import Dashboard, process_demo


def test_moving_contact_slider_recomputes_with_the_pure_function():
    demo = process_demo()
    assert demo.result.deals == pytest.approx(400 * 0.6 * 0.35 * 0.3)
    demo.controls["contact_rate"].value = 0.8
    expected = monthly_funnel(400, 0.8, 0.35, 0.3, 80_000, 2_500_000)
    assert demo.result.bookings == pytest.approx(expected.bookings)


def test_moving_win_slider_changes_bookings_in_proportion():
    demo = process_demo()
    before = demo.result.bookings
    demo.controls["win_rate"].value = 0.45
    assert demo.result.bookings / before == pytest.approx(0.45 / 0.30)


def test_dashboard_renders_each_new_result():
    seen = []
    slider = widgets.IntSlider(value=1)
    board = Dashboard({"x": slider}, compute=lambda x: x * 10, render=seen.append)
    slider.value = 2
    assert seen == [] and board.result == 20  # not on screen: computed, not drawn
    board.shown = True
    slider.value = 4
    assert seen == [40] and board.result == 40
    board.redraw()
    assert seen == [40, 40]


def test_dashboard_needs_a_control():
    with pytest.raises(ValueError, match="`controls` must name at least one control"):
        Dashboard({}, compute=lambda: 0, render=print)


def _measured_design():
    import pandas as pd

    return pd.DataFrame({"stage": ["lead", "contacted", "qualified", "proposal", "negotiation"],
                         "conversion": [0.58, 0.50, 0.80, 0.39, 0.78],
                         "days": [2.0, 6.0, 12.0, 25.0, 18.5]})


def test_funnel_designer_stage_rate_moves_forecast_as_the_formula_predicts():
    from saleslab.widgets.funnel import funnel_designer

    board = funnel_designer(_measured_design(), leads=1300, average_deal=270_000)
    before = board.result.bookings
    assert before == pytest.approx(1300 * 0.58 * 0.50 * 0.80 * 0.39 * 0.78 * 270_000)
    board.controls["proposal_conversion"].value = 0.49
    # bookings are proportional to each stage rate: 0.49 / 0.39 times as much
    assert board.result.bookings / before == pytest.approx(0.49 / 0.39)
    board.controls["proposal_conversion"].value = 0.30
    assert board.result.bookings < before


def test_funnel_designer_days_move_cycle_and_the_lowest_rate_is_highlighted():
    from saleslab.widgets.funnel import funnel_designer

    board = funnel_designer(_measured_design(), leads=1300, average_deal=270_000)
    assert board.result.cycle_days == pytest.approx(63.5)
    assert board.result.weakest_stage == "proposal"
    board.controls["proposal_days"].value = 15.0
    assert board.result.cycle_days == pytest.approx(53.5)
    board.controls["proposal_conversion"].value = 0.70
    assert board.result.weakest_stage == "contacted"


def test_funnel_designer_opens_on_the_measured_funnel_and_one_move_changes_one_thing():
    from saleslab.funnel import design_outcome
    from saleslab.widgets.funnel import funnel_designer

    design = _measured_design().assign(conversion=[0.5796, 0.4988, 0.8077, 0.3901, 0.7806],
                                       days=[1.99, 5.99, 12.02, 24.89, 18.40])  # sum 63.29
    measured = design_outcome(design, 1300, 270_000)
    board = funnel_designer(design, leads=1300, average_deal=270_000)
    assert board.result.cycle_days == pytest.approx(measured.cycle_days)
    assert board.result.bookings == pytest.approx(measured.bookings)
    board.controls["proposal_conversion"].value = 0.45  # a rate moves: the cycle stays put
    assert board.result.cycle_days == pytest.approx(measured.cycle_days)
    assert "63 days" in board.result.headline()
    board.controls["proposal_conversion"].value = 0.39  # back to the slider's start
    assert board.result.bookings == pytest.approx(measured.bookings)


def test_target_planner_growth_and_method_change_the_plan(root):
    from saleslab.data import SNAPSHOT, load
    from saleslab.funnel import rep_rates
    from saleslab.widgets.targets import target_planner

    folder = root / "datasets"
    rates = rep_rates(load("crm_events", folder), load("crm_opportunities", folder), SNAPSHOT)
    board = target_planner(load("sales_history", folder), load("territories", folder), rates)
    low = board.result
    assert low.allocation["quota"].sum() == low.target
    board.controls["growth"].value = 0.30
    high = board.result
    assert high.target > low.target
    assert high.reps_out_of_reach >= low.reps_out_of_reach  # more growth never helps feasibility
    board.controls["by"].value = "history"
    by_history = board.result.allocation["quota"]
    assert by_history.sum() == high.target
    assert not by_history.equals(high.allocation["quota"])
