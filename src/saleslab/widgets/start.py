"""Module 0 demo: one step of the process moves the result.

>>> demo = process_demo()
>>> demo.controls["contact_rate"].value = 0.8
>>> round(demo.result.deals, 1)
33.6
"""

from __future__ import annotations

from .. import process
from ..i18n import _
from .core import Dashboard, percent_slider, show_live


def process_demo(
    leads: float = 400,
    qualify_rate: float = 0.35,
    deal_size: float = 80_000,
    target: float = 2_500_000,
) -> Dashboard:
    """Module 0 demo: move contact and win rates, see deals and bookings against target.
    The figure (:class:`saleslab.process.FunnelFigure`: the bars of
    :func:`~saleslab.process.plot_monthly_funnel`) is kept as ``board.drawing`` and moved in
    place; its title is the printed headline, said once."""
    controls = {
        "contact_rate": percent_slider(_("Leads contacted"), 0.60, 0.2, 1.0),
        "win_rate": percent_slider(_("Qualified leads won"), 0.30, 0.1, 0.6),
    }

    def compute(contact_rate: float, win_rate: float) -> process.FunnelMonth:
        return process.monthly_funnel(
            leads=leads, contact_rate=contact_rate, qualify_rate=qualify_rate,
            win_rate=win_rate, deal_size=deal_size, target=target,
        )

    drawing = process.FunnelFigure()

    def render(result: process.FunnelMonth) -> None:
        print(result.headline())
        show_live(drawing, result)

    board = Dashboard(controls, compute, render)
    board.drawing = drawing
    return board
