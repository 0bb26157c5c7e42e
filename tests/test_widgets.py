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
