"""Thin widgets: controls wired to a pure function and a figure.

A :class:`Dashboard` holds named controls, a ``compute`` function that turns their values
into a result, and a ``render`` function that shows that result. Tests set a control's
value and read :attr:`Dashboard.result`; notebooks display the dashboard.

>>> import ipywidgets as widgets
>>> board = Dashboard({"x": widgets.IntSlider(value=2)}, compute=lambda x: x * 10, render=print)
>>> board.controls["x"].value = 4
>>> board.result
40
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
from IPython.display import display



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
        self.result = self.compute(**self.values())
        if self.shown:
            self.redraw()

    def redraw(self) -> None:
        """Replace the output with a fresh rendering of the current result."""
        with self.output:
            self.output.clear_output(wait=True)
            self.render(self.result)

    def _ipython_display_(self) -> None:
        self.shown = True
        self.redraw()
        display(self.widget)


def percent_slider(description: str, value: float, low: float = 0.0, high: float = 1.0,
                   step: float = 0.05) -> widgets.FloatSlider:
    """A slider for a share, shown as a percentage."""
    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=description,
        readout_format=".0%", continuous_update=False,
        style={"description_width": "14em"}, layout=widgets.Layout(width="34em"),
    )
