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
from ..i18n import _
from ..plots import Replot
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
    """Sliders for each stage's conversion and days; shows bookings, cycle and bottleneck
    against the measured funnel. Rates are rounded to whole percents, days to half days.
    The figure is kept as ``board.drawing`` and redrawn in place."""
    measured = design.assign(conversion=design["conversion"].round(2), days=(design["days"] * 2).round() / 2)
    baseline = funnel.design_outcome(measured, leads, average_deal)
    controls, rows = {}, []
    for stage, rate, days in measured[["stage", "conversion", "days"]].itertuples(index=False):
        rate_slider = percent_slider(_(stage).capitalize(), rate, 0.05, 1.0, 0.01)
        days_slider = widgets.FloatSlider(
            value=days, min=0.0, max=max(60.0, 2 * days), step=0.5, description=_("days"),
            readout_format=".1f", continuous_update=False, layout=widgets.Layout(width="24em"))
        controls[f"{stage}_conversion"], controls[f"{stage}_days"] = rate_slider, days_slider
        rows.append(widgets.HBox([rate_slider, days_slider]))

    def compute(**values: float) -> funnel.FunnelOutcome:
        return funnel.design_outcome(designed(measured, values), leads, average_deal)

    drawing = Replot(lambda outcome: funnel.plot_design(outcome, baseline))

    def render(outcome: funnel.FunnelOutcome) -> None:
        print(outcome.headline())
        show_live(drawing, outcome)

    board = Dashboard(controls, compute, render, layout=widgets.VBox(rows))
    board.drawing = drawing
    return board
