"""Thin widgets: controls wired to a pure function and a figure.

A :class:`Dashboard` holds named controls, a ``compute`` function that turns their values
into a result, and a ``render`` function that shows that result. Tests set a control's
value and read :attr:`Dashboard.result`; notebooks display the dashboard.

>>> import ipywidgets as widgets
>>> board = Dashboard({"x": widgets.IntSlider(value=2)}, compute=lambda x: x * 10, render=print)
>>> board.controls["x"].value = 4
>>> board.result
40

Figures: a dashboard keeps ONE figure for its lifetime and redraws it in place — a
:class:`saleslab.plots.LiveFigure` (built once, outside pyplot; ``draw(result)`` moves its
artists) shown with :func:`show_live`, which sends a PNG of a fixed size. To move a
dashboard onto it: build the figure next to the controls, and in ``render`` call
``show_live(drawing, result)`` instead of a plotting function and ``plt.show()``; keep the
figure as ``board.drawing`` so tests can read its artists. See
:mod:`saleslab.widgets.case1` and :mod:`saleslab.widgets.start`.

Why not pyplot inside a dashboard: widget messages fire IPython's ``post_execute`` event
(``comm`` does so around every message), and with kernel subshells (JupyterLab 4.4+)
they run on another thread than cells. matplotlib-inline's ``flush_figures`` hook then
shows and closes every open pyplot figure from that thread, while the dashboard may be
drawing the same figure on the main thread: both render one Agg buffer and the dashboard
sends a blank PNG (the "empty first drawing"). :func:`guard_inline_flush` limits that hook
to the thread that runs a cell, and :data:`RENDER_LOCK` lets one dashboard draw at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython import get_ipython
from IPython.display import Image, display

from ..plots import LiveFigure

#: Held while any dashboard computes and draws: widget messages can arrive on two threads
#: (the main shell and a subshell), and pyplot and Agg buffers are not thread-safe.
RENDER_LOCK = threading.RLock()
_CELL = threading.local()  # ``running`` is True in the thread executing a cell


class Dashboard:
    """Controls, a pure ``compute(**values)`` and a ``render(result)`` kept in step.

    Every change of a control's value recomputes the result; once the dashboard is on
    screen, it also redraws the output. Outside a notebook nothing is drawn until
    :meth:`redraw` is called.
    """

    def __init__(
        self,
        controls: Mapping[str, widgets.ValueWidget],
        compute: Callable[..., Any],
        render: Callable[[Any], None],
        layout: widgets.Widget | None = None,
    ) -> None:
        """``layout`` arranges the controls on screen (default: one under another)."""
        if not controls:
            raise ValueError("`controls` must name at least one control, got none")
        self.controls = dict(controls)
        self.compute = compute
        self.render = render
        self.output = widgets.Output()
        self.widget = widgets.VBox(
            [layout or widgets.VBox(list(self.controls.values())), self.output]
        )
        self.result: Any = None
        self.shown = False
        for control in self.controls.values():
            control.observe(self.update, names="value")
        self.update()

    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, _change: object = None) -> None:
        """Recompute the result from the controls, and redraw it if on screen."""
        with RENDER_LOCK:
            self.result = self.compute(**self.values())
            if self.shown:
                self.redraw()

    def redraw(self) -> None:
        """Replace the output with a fresh rendering of the current result."""
        with RENDER_LOCK, self.output:
            self.output.clear_output(wait=True)
            self.render(self.result)

    def _ipython_display_(self) -> None:
        guard_inline_flush()
        self.shown = True
        self.redraw()
        display(self.widget)


def show_live(drawing: LiveFigure, result: Any) -> None:
    """Redraw ``drawing`` for ``result`` and display it as a PNG of fixed size (inside a
    dashboard's ``render``; outside a notebook this prints the image's repr)."""
    display(Image(data=drawing.png(result), format="png"))


def table_key(table: pd.DataFrame) -> int:
    """A table's content as a number, for :attr:`saleslab.plots.LiveFigure.key`: the same
    table gives the same figure, so its PNG is reused.

    >>> table_key(pd.DataFrame({"x": [1, 2]})) == table_key(pd.DataFrame({"x": [1, 2]}))
    True
    """
    return int(pd.util.hash_pandas_object(table).sum())


def guard_inline_flush(shell: Any = None) -> bool:
    """Let matplotlib-inline's post-execute flush run only in the thread running a cell.

    Widget messages trigger ``post_execute`` too, possibly on a subshell thread, where the
    flush would show and close pyplot figures another thread is drawing (see the module
    docstring). Returns whether the guard is in place (False outside IPython or with
    another backend). Safe to call again: it is installed once per shell.
    """
    shell = shell if shell is not None else get_ipython()
    if shell is None:
        return False
    import matplotlib

    if matplotlib.get_backend(auto_select=False) not in (
            "inline", "module://matplotlib_inline.backend_inline"):
        return False
    from matplotlib_inline.backend_inline import flush_figures  # registers the hook

    callbacks = shell.events.callbacks["post_execute"]
    if flush_figures in callbacks:
        callbacks[callbacks.index(flush_figures)] = _flush_in_cell_thread
    for event, callback in (("pre_run_cell", _cell_starts), ("post_run_cell", _cell_ends)):
        if callback not in shell.events.callbacks[event]:
            shell.events.register(event, callback)
    return _flush_in_cell_thread in callbacks


def _flush_in_cell_thread() -> None:
    if getattr(_CELL, "running", False):
        from matplotlib_inline.backend_inline import flush_figures

        with RENDER_LOCK:
            flush_figures()


def _cell_starts(_info: object = None) -> None:
    _CELL.running = True


def _cell_ends(_result: object = None) -> None:
    _CELL.running = False


def percent_slider(description: str, value: float, low: float = 0.0, high: float = 1.0,
                   step: float = 0.05) -> widgets.FloatSlider:
    """A slider for a share, shown as a percentage."""
    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=description,
        readout_format=".0%", continuous_update=False,
        style={"description_width": "14em"}, layout=widgets.Layout(width="34em"),
    )
