import ipywidgets as widgets
import matplotlib.pyplot as plt
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


def _shell_with_inline_flush(monkeypatch):
    """A bare IPython event manager with matplotlib-inline's flush hook, as in a kernel."""
    import matplotlib
    from IPython.core.events import EventManager, available_events
    from matplotlib_inline.backend_inline import flush_figures

    monkeypatch.setattr(matplotlib, "get_backend",
                        lambda **_: "module://matplotlib_inline.backend_inline")

    class Shell:
        events = EventManager(None, available_events)

    Shell.events.register("post_execute", flush_figures)
    return Shell()


def test_widget_message_does_not_flush_the_figure_a_dashboard_is_drawing(monkeypatch):
    """The empty first drawing: `comm` fires post_execute after every widget message (on a
    subshell thread in JupyterLab), and matplotlib-inline's flush then showed and closed
    the pyplot figure a dashboard was drawing. Guarded, it flushes in a cell's thread only."""
    import threading

    import matplotlib.pyplot as plt
    from matplotlib_inline.backend_inline import show

    from saleslab.widgets.core import guard_inline_flush

    shell = _shell_with_inline_flush(monkeypatch)
    assert guard_inline_flush(shell)
    figure = plt.figure()
    show._draw_called = True  # as after any pyplot figure in an interactive kernel
    try:
        widget_message = threading.Thread(target=shell.events.trigger, args=("post_execute",))
        widget_message.start()
        widget_message.join()
        assert plt.fignum_exists(figure.number), "a widget message flushed a dashboard's figure"
        shell.events.trigger("pre_run_cell", None)  # a cell: its figures are shown and closed
        shell.events.trigger("post_execute")
        shell.events.trigger("post_run_cell", None)
        assert not plt.fignum_exists(figure.number)
    finally:
        plt.close(figure)
        show._draw_called = False


def test_guard_is_installed_once(monkeypatch):
    from saleslab.widgets.core import guard_inline_flush

    shell = _shell_with_inline_flush(monkeypatch)
    guard_inline_flush(shell)
    guard_inline_flush(shell)
    assert len(shell.events.callbacks["post_execute"]) == 1
    assert len(shell.events.callbacks["pre_run_cell"]) == 1


def test_no_guard_outside_a_kernel():
    from saleslab.widgets.core import guard_inline_flush

    assert guard_inline_flush() is False


def _png_pixels(data: bytes):
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=int)


def test_start_demo_redraws_one_kept_figure_with_a_full_png_of_fixed_size():
    import matplotlib.pyplot as plt

    demo = process_demo()
    figure = demo.drawing.figure
    before = _png_pixels(demo.drawing.png(demo.result))
    open_figures = plt.get_fignums()
    demo.controls["contact_rate"].value = 0.9
    after = _png_pixels(demo.drawing.png(demo.result))
    assert demo.drawing.figure is figure and plt.get_fignums() == open_figures  # no pyplot figure
    assert before.shape == after.shape  # the same pixel size on every move
    assert (after < 250).any(axis=2).mean() > 0.05  # drawn, not blank
    assert (before != after).any(axis=2).mean() > 0.005  # and the move shows
    assert figure.get_suptitle() == ""  # the headline is printed above it, once
    from saleslab.plots import COLORS, count

    funnel, booked = figure.axes  # moved to the last move's numbers
    assert [t.get_text() for t in funnel.texts] == [count(v) for v in demo.result.stages["count"]]
    assert [bar.get_width() for bar in funnel.patches] == demo.result.stages["count"].tolist()
    assert booked.patches[0].get_height() == demo.result.bookings <= booked.get_ylim()[1]
    assert booked.patches[0].get_facecolor()[:3] == pytest.approx(
        plt.matplotlib.colors.to_rgb(COLORS["won"]))  # 0.9 contacted reaches the target


def test_replot_reuses_the_png_while_its_key_is_unchanged():
    from saleslab.plots import Replot, new_figure

    calls = []

    def plot(value):
        calls.append(value)
        fig, ax = new_figure()
        ax.bar(0, value[0])
        return fig

    drawing = Replot(plot, key=lambda value: value[0])
    first = drawing.png((1.0, "a"))
    assert drawing.png((1.0, "b")) == first and calls == [(1.0, "a")]
    drawing.png((2.0, "a"))
    assert len(calls) == 2


def test_the_planners_table_names_each_reps_team(root):
    from saleslab.data import SNAPSHOT, load
    from saleslab.funnel import rep_rates
    from saleslab.targets.plan import annual_plan
    from saleslab.widgets.targets import allocation_view

    folder = root / "datasets"
    territories = load("territories", folder)
    rates = rep_rates(load("crm_events", folder), load("crm_opportunities", folder), SNAPSHOT)
    plan = annual_plan(load("sales_history", folder), territories, rates, growth=0.10)
    view = allocation_view(plan, territories.set_index("rep")["team"])
    assert (view["Team"] != "").all()
    assert view.loc["R01", "Team"] == territories.set_index("rep").loc["R01", "team"]


@pytest.mark.parametrize("make", ["start", "designer"])
def test_a_dashboard_states_its_headline_once(make, capsys):
    import matplotlib.pyplot as plt

    if make == "start":
        board = process_demo()
    else:
        from saleslab.widgets.funnel import funnel_designer
        board = funnel_designer(_measured_design(), leads=1300, average_deal=270_000)
    board.render(board.result)
    printed = capsys.readouterr().out
    figures = [*map(plt.figure, plt.get_fignums())]
    if getattr(board, "drawing", None) is not None:  # a dashboard that redraws in place
        figures.append(board.drawing.figure)
    titles = [fig._suptitle.get_text() for fig in figures if fig._suptitle]
    plt.close("all")
    assert printed.count(board.result.headline()) == 1
    assert board.result.headline() not in titles


def test_target_planner_redraws_the_monthly_plan_only_when_the_target_moves(root):
    from saleslab.data import SNAPSHOT, load
    from saleslab.funnel import rep_rates
    from saleslab.widgets.targets import target_planner

    folder = root / "datasets"
    rates = rep_rates(load("crm_events", folder), load("crm_opportunities", folder), SNAPSHOT)
    board = target_planner(load("sales_history", folder), load("territories", folder), rates)
    feasibility, monthly = board.drawings
    month_png = monthly.png(board.result.monthly)
    feasibility_png = feasibility.png(board.result.feasibility)
    board.controls["by"].value = "history"  # the split moves, the year's target does not
    assert monthly.png(board.result.monthly) is month_png
    moved = feasibility.png(board.result.feasibility)
    assert _png_pixels(moved).shape == _png_pixels(feasibility_png).shape
    assert moved != feasibility_png
    board.controls["growth"].value = 0.3
    assert monthly.png(board.result.monthly) != month_png


def test_target_planner_figures_show_the_last_move_as_a_fresh_chart_would(root):
    """The planner moves its bars in place: after several moves they must read as the
    charts drawn from scratch for the last plan (nothing left from an earlier one)."""
    from saleslab import targets
    from saleslab.data import SNAPSHOT, load
    from saleslab.funnel import rep_rates
    from saleslab.widgets.targets import target_planner

    folder = root / "datasets"
    rates = rep_rates(load("crm_events", folder), load("crm_opportunities", folder), SNAPSHOT)
    board = target_planner(load("sales_history", folder), load("territories", folder), rates)
    feasibility, monthly = board.drawings
    for growth, by in ((0.0, "blend"), (0.4, "potential"), (0.25, "history")):
        board.controls["growth"].value, board.controls["by"].value = growth, by
        feasibility.png(board.result.feasibility)
        monthly.png(board.result.monthly)
    for live, fresh in ((feasibility.figure, targets.plot_feasibility(board.result.feasibility)),
                        (monthly.figure, targets.plot_monthly_plan(board.result.monthly))):
        live_ax, fresh_ax = live.axes[0], fresh.axes[0]
        assert live_ax.get_title(loc="left") == fresh_ax.get_title(loc="left")
        assert [_bar(p) for p in live_ax.patches] == [_bar(p) for p in fresh_ax.patches]
        assert ([t.get_text() for t in live_ax.get_yticklabels()]
                == [t.get_text() for t in fresh_ax.get_yticklabels()])
        # limits hold while the target moves (only the bars redraw), but always hold the
        # data with its 5% margin and leave it at least half the axis
        live_x, fresh_x = live_ax.get_xlim(), fresh_ax.get_xlim()
        if live is feasibility.figure:
            top = 1.05 * max([p.get_width() for p in fresh_ax.patches]
                             + list(fresh_ax.collections[0].get_offsets()[:, 0]))
            assert live_x[0] == fresh_x[0] == 0 and top <= live_x[1] <= 2 * top
        else:
            assert live_x == pytest.approx(fresh_x)
        assert _legend_texts(live_ax) == _legend_texts(fresh_ax)
        plt.close(fresh)


def _bar(patch):
    return (round(patch.get_width(), 6), round(patch.get_height(), 6), patch.get_facecolor())


def _legend_texts(ax):
    legend = ax.get_legend()
    return None if legend is None else [text.get_text() for text in legend.get_texts()]


def test_a_missed_wake_up_costs_half_a_second_not_the_cell_timeout():
    """The stall's shape: the reply is there, but a wait that missed its wake-up only sees
    it when it times out. Waiting in slices bounds the loss at POLL_SLICE."""
    import asyncio
    import time
    from queue import Empty

    from saleslab.nbtools import POLL_SLICE, _in_slices

    arrives = time.monotonic() + 0.1

    async def get_msg_missing_its_wake_up(timeout=None):
        await asyncio.sleep(timeout)  # never woken early, like the lost ZeroMQ wake-up
        if time.monotonic() >= arrives:
            return {"msg_type": "execute_reply"}
        raise Empty

    start = time.monotonic()
    reply = asyncio.run(_in_slices(get_msg_missing_its_wake_up)(timeout=30))
    assert reply["msg_type"] == "execute_reply"
    assert time.monotonic() - start < 0.1 + POLL_SLICE + 0.5


def test_sliced_wait_still_times_out():
    import asyncio
    from queue import Empty

    from saleslab.nbtools import _in_slices

    async def nothing(timeout=None):
        await asyncio.sleep(timeout)
        raise Empty

    with pytest.raises(Empty):
        asyncio.run(_in_slices(nothing)(timeout=1.2))


def _blitted_and_full(drawing, result):
    """The PNG a dashboard sends for ``result`` (blitted once the figure has learnt what
    moves) and a full rendering of the same figure state, as pixel arrays."""
    import io

    import numpy as np
    from PIL import Image

    from saleslab.plots import png_bytes

    def pixels(png):
        return np.asarray(Image.open(io.BytesIO(png)))

    sent = drawing.png(result)
    how = drawing.blitter.last
    drawing.blitter.forget()  # nothing left out of the next rendering
    return how, pixels(sent), pixels(png_bytes(drawing.figure))


def test_blitted_dashboards_send_what_a_full_render_draws(root):
    """After moves the dashboards send only what moved over a kept background: the pixels
    must equal a full rendering of the same state (nothing stale), and the moves must show."""
    import pandas as pd

    from saleslab import funnel
    from saleslab.data import SNAPSHOT, load
    from saleslab.widgets.case3 import training_dashboard
    from saleslab.widgets.funnel import funnel_designer
    from saleslab.widgets.improvement import experiment_planner, pitfall_explorer
    from saleslab.widgets.monitoring import control_chart_explorer
    from saleslab.widgets.pipeline import capacity_planner

    folder = root / "datasets"
    measured = funnel.measured_funnel(load("crm_events", folder), load("crm_opportunities", folder),
                                      SNAPSHOT)
    designer = funnel_designer(measured.design, measured.leads_per_month, measured.average_deal)
    explorer = control_chart_explorer(load("weekly_kpis", folder), load("kpi_shifts", folder))
    explorer.controls["reveal"].value = True  # the answer key is drawn (nothing planted here)
    one = lambda b: [b.result]  # noqa: E731
    boards = [(designer, "proposal_conversion", (0.5, 0.39, 0.45), one),
              (training_dashboard(seed=7), "months_between_sessions", (3, 1, 2), one),
              (pitfall_explorer(), "runs", (100, 120, 110),
               lambda b: [b.result.example, b.result.runs]),
              (process_demo(), "contact_rate", (0.8, 0.6, 0.7), one),
              (experiment_planner(), "leads_per_month", (900, 600, 750), one),
              (explorer, "rep", ("R01", "R03", "R04"), one),
              (capacity_planner(pd.Series([10.0] * 12, index=range(1, 13)), reps=10),
               "attrition", (0.2, 0.3, 0.25), lambda b: [b.result.plan])]
    for board, control, values, results in boards:
        drawings = list(getattr(board, "drawings", ())) or [board.drawing]
        sent = []
        for value in values * 2:
            board.controls[control].value = value
            for drawing, result in zip(drawings, results(board)):
                drawing.png(result)  # learn what moves
        for value in values[:2]:
            board.controls[control].value = value
            for drawing, result in zip(drawings, results(board)):
                how, image, full = _blitted_and_full(drawing, result)
                assert (image == full).all(), (type(drawing).__name__, value, how)
                sent.append((how, image))
        assert any(how == "blit" for how, _image in sent), control
        last = len(drawings) - 1  # the figure the control moves (the pitfall's runs)
        assert (sent[last][1] != sent[last + len(drawings)][1]).any()  # the second move shows


def _blits_after(board, moves):
    """How each kept figure of ``board`` (on screen) rendered each of ``moves``."""
    import contextlib
    import io

    board.shown = True
    how = []
    with contextlib.redirect_stdout(io.StringIO()):
        board.redraw()
        for control, value in moves:
            board.controls[control].value = value
            how.append([drawing.blitter.last for drawing in board.drawings])
    return how


def test_moves_across_a_sliders_range_redraw_only_the_data(root):
    """The planner's and the pitfall explorer's limits hold the whole range of the growth
    and true-effect sliders (for the split or pitfall chosen): after the first move, which
    learns what moves, no move across it renders the background again."""
    from saleslab.data import SNAPSHOT, load
    from saleslab.funnel import rep_rates
    from saleslab.widgets.improvement import pitfall_explorer
    from saleslab.widgets.targets import target_planner

    folder = root / "datasets"
    rates = rep_rates(load("crm_events", folder), load("crm_opportunities", folder), SNAPSHOT)
    planner = target_planner(load("sales_history", folder), load("territories", folder), rates)
    how = _blits_after(planner, [("growth", 0.0), ("growth", 0.4), ("growth", 0.23),
                                 ("by", "potential"), ("growth", 0.0), ("growth", 0.4)])
    assert how[1:3] == [["blit", "blit"]] * 2 and how[4:] == [["blit", "blit"]] * 2, how
    assert how[3][0] == "background"  # the new split reorders the reps: drawn again
    how = _blits_after(pitfall_explorer(), [("true_effect", 0.3), ("true_effect", 0.0),
                                            ("true_effect", 0.15), ("true_effect", 0.3)])
    assert how[1:] == [["blit", "blit"]] * 3, how
