"""Module 0: results come out of a process.

A month's bookings are the end of a chain of stages: leads come in, some are contacted,
some of those qualify, some of those are won. :func:`monthly_funnel` walks that chain so the
start notebook can show a manager that changing one step of the process moves the result.

>>> result = monthly_funnel(leads=400, contact_rate=0.6, qualify_rate=0.35, win_rate=0.3,
...                         deal_size=80_000, target=2_500_000)
>>> round(result.deals, 1), round(result.bookings)
(25.2, 2016000)
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .i18n import _
from .localformat import headline_repr
from .plots import (COLORS, CURRENCY, LiveFigure, count, format_axis, hold_limits, money, percent,
                    subplots)
from .validate import check_positive, check_rate


@dataclass(frozen=True)
class FunnelMonth:
    """One month of a simple sales funnel and how it compares with the target."""

    stages: pd.DataFrame
    deals: float
    bookings: float
    target: float

    @property
    def share_of_target(self) -> float:
        """Bookings as a share of the target (1.0 means exactly on target)."""
        return self.bookings / self.target

    def headline(self) -> str:
        """One sentence a manager reads first."""
        return _("{deals:.0f} deals won: {bookings}, {share} of the {target} target.").format(
            deals=self.deals,
            bookings=money(self.bookings),
            share=percent(self.share_of_target, digits=0),
            target=money(self.target),
        )

    def __repr__(self) -> str:
        return headline_repr("FunnelMonth", self.headline())


def monthly_funnel(
    leads: float,
    contact_rate: float,
    qualify_rate: float,
    win_rate: float,
    deal_size: float,
    target: float,
) -> FunnelMonth:
    """Expected counts at each stage of one month's funnel, bookings, and the target gap.

    ``contact_rate`` is the share of leads reached, ``qualify_rate`` the share of contacted
    leads that qualify, ``win_rate`` the share of qualified leads won.

    >>> monthly_funnel(100, 0.5, 0.5, 0.5, 1_000, 20_000).stages["count"].tolist()
    [100.0, 50.0, 25.0, 12.5]
    """
    leads = check_positive("leads", leads, allow_zero=True)
    rates = {
        "contact_rate": check_rate("contact_rate", contact_rate),
        "qualify_rate": check_rate("qualify_rate", qualify_rate),
        "win_rate": check_rate("win_rate", win_rate),
    }
    deal_size = check_positive("deal_size", deal_size)
    target = check_positive("target", target)

    names = [_("Leads"), _("Contacted"), _("Qualified"), _("Won")]
    counts = [leads]
    for rate in rates.values():
        counts.append(counts[-1] * rate)
    stages = pd.DataFrame(
        {"stage": names, "count": counts, "rate_from_previous": [1.0, *rates.values()]}
    )
    deals = counts[-1]
    return FunnelMonth(stages=stages, deals=deals, bookings=deals * deal_size, target=target)


#: The funnel figure: stages on the left, bookings against target in a narrow right panel.
FUNNEL_FIGSIZE = (9.0, 4.0)
_WIDTHS = {"width_ratios": [3, 1]}


def plot_monthly_funnel(result: FunnelMonth) -> plt.Figure:
    """Funnel bars beside bookings against target; the title states the finding.

    >>> fig = plot_monthly_funnel(monthly_funnel(400, 0.6, 0.35, 0.3, 80_000, 2_500_000))
    >>> fig.axes[1].get_ylabel()
    'Bookings per month (¥)'
    >>> plt.close(fig)
    """
    _check_result(result)
    fig, (left, right) = subplots(1, 2, figsize=FUNNEL_FIGSIZE, gridspec_kw=_WIDTHS)
    _FunnelChart(left, right, result.stages["stage"]).show(result)
    fig.suptitle(result.headline(), x=0.01, ha="left", fontweight="bold")
    return fig


def _check_result(result: object) -> None:
    if not isinstance(result, FunnelMonth):
        raise TypeError(f"`result` must be a FunnelMonth, got {type(result).__name__}")


class FunnelFigure(LiveFigure):
    """:func:`plot_monthly_funnel` without its title, built once and moved in place (bars'
    lengths, their counts, the bookings bar and its colour, the target line) in limits
    that hold while a rate moves a little: what the start demo redraws on a move.

    >>> drawing = FunnelFigure()
    >>> figure = drawing.update(monthly_funnel(400, 0.6, 0.35, 0.3, 80_000, 2_500_000))
    >>> figure.axes[0].texts[-1].get_text()
    '25'
    """

    def __init__(self) -> None:
        super().__init__(FUNNEL_FIGSIZE, layout="constrained", ncols=2, gridspec_kw=_WIDTHS)
        self.chart: _FunnelChart | None = None

    def draw(self, result: FunnelMonth) -> None:
        """Move the chart to ``result`` (built on the first call, from its stages)."""
        _check_result(result)
        if self.chart is None:
            self.chart = _FunnelChart(*self.axes, result.stages["stage"])
        self.chart.show(result)


class _FunnelChart:
    """One bar per stage (``stages``, top to bottom) with its count on ``left``; the
    bookings bar against the target line on ``right``; moved to a result by :meth:`show`."""

    def __init__(self, left: Axes, right: Axes, stages: pd.Series) -> None:
        self.left, self.right = left, right
        y = np.arange(len(stages))
        colours = [COLORS["stage"]] * (len(stages) - 1) + [COLORS["won"]]
        self.bars = left.barh(y, np.zeros(len(y)), color=colours).patches
        self.counts = [left.annotate("", (0, i), xytext=(4, 0), textcoords="offset points",
                                     va="center") for i in y]
        left.set_yticks(y, list(stages))
        left.set_ylim(len(y) - 0.5, -0.5)  # first stage on top
        left.set_xlabel(_("Number per month (count)"))
        format_axis(left, "count", axis="x")
        self.booked = right.bar([0], [0.0])[0]
        right.set_xticks([0], [_("Bookings")])
        right.set_xlim(-0.55, 0.55)
        self.target = right.axhline(0, color=COLORS["target"], linestyle="--", label=_("Target"))
        right.set_ylabel(_("Bookings per month ({currency})").format(currency=CURRENCY))
        right.legend(loc="upper right", frameon=False)
        format_axis(right, "money")

    def show(self, result: FunnelMonth) -> None:
        counts = result.stages["count"].to_numpy(dtype=float)
        for bar, note, value in zip(self.bars, self.counts, counts):
            bar.set_width(value)
            note.xy = (value, note.xy[1])
            note.set_text(count(value))
        hold_limits(self.left, "x", 0, float(counts.max()) * 1.15)  # room for the counts
        on_target = result.bookings >= result.target
        self.booked.set_height(result.bookings)
        self.booked.set_facecolor(COLORS["won"] if on_target else COLORS["lost"])
        self.target.set_ydata([result.target, result.target])
        hold_limits(self.right, "y", 0, max(result.bookings, result.target) * 1.2)
