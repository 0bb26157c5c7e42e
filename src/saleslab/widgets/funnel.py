"""Module 2 widget: a funnel designer over the measured funnel.

>>> import pandas as pd
>>> design = pd.DataFrame({"stage": ["lead", "proposal"], "conversion": [0.5, 0.4], "days": [2.0, 25.0]})
>>> board = funnel_designer(design, leads=1000, average_deal=10_000)
>>> board.controls["proposal_conversion"].value = 0.6
>>> board.result.bookings
3000000.0
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from .. import funnel
from ..funnel.plots import DesignFigure
from ..i18n import _
from .core import Dashboard, percent_slider, show_live


def designed(design: pd.DataFrame, values: dict[str, float]) -> pd.DataFrame:
    """``design`` with each stage's conversion and days taken from control values named
    ``<stage>_conversion`` and ``<stage>_days``.

    >>> d = pd.DataFrame({"stage": ["lead"], "conversion": [0.5], "days": [2.0]})
    >>> designed(d, {"lead_conversion": 0.7, "lead_days": 1.0}).values.tolist()
    [['lead', 0.7, 1.0]]
    """
    stages = list(design["stage"])
    return design.assign(conversion=[values[f"{s}_conversion"] for s in stages],
                         days=[values[f"{s}_days"] for s in stages])


def funnel_designer(design: pd.DataFrame, leads: float, average_deal: float) -> Dashboard:
    """Sliders for each stage's conversion and days; shows bookings, cycle and the stage
    with the lowest rate against the measured funnel. Sliders move in whole percents and
    half days; a slider not yet moved keeps the measured figure, so the designer opens on
    exactly the measured funnel and moving one control changes nothing else. The figure is
    kept as ``board.drawing`` and redrawn in place."""
    exact = {f"{stage}_{column}": float(value) for stage, rate, days in
             design[["stage", "conversion", "days"]].itertuples(index=False)
             for column, value in (("conversion", rate), ("days", days))}
    baseline = funnel.design_outcome(design, leads, average_deal)
    controls, rows = {}, []
    for stage in design["stage"]:
        rate, days = exact[f"{stage}_conversion"], exact[f"{stage}_days"]
        rate_slider = percent_slider(_(stage).capitalize(), round(rate, 2), 0.05, 1.0, 0.01)
        days_slider = widgets.FloatSlider(
            value=round(days * 2) / 2, min=0.0, max=max(60.0, 2 * days), step=0.5,
            description=_("days"), readout_format=".1f", continuous_update=False,
            layout=widgets.Layout(width="24em"))
        controls[f"{stage}_conversion"], controls[f"{stage}_days"] = rate_slider, days_slider
        rows.append(widgets.HBox([rate_slider, days_slider]))
    start = {name: control.value for name, control in controls.items()}

    def compute(**values: float) -> funnel.FunnelOutcome:
        # A slider shows the measured figure rounded; until it moves, use the figure itself.
        chosen = {name: exact[name] if value == start[name] else value for name, value in values.items()}
        return funnel.design_outcome(designed(design, chosen), leads, average_deal)

    drawing = DesignFigure(baseline)

    def render(outcome: funnel.FunnelOutcome) -> None:
        print(outcome.headline())  # the figure's title: not repeated inside it
        show_live(drawing, outcome)

    board = Dashboard(controls, compute, render, layout=widgets.VBox(rows))
    board.drawing = drawing
    return board
