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
import pandas as pd

from .i18n import _
from .localformat import headline_repr
from .plots import COLORS, CURRENCY, count, format_axis, money, percent, subplots
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


def plot_monthly_funnel(result: FunnelMonth) -> plt.Figure:
    """Funnel bars beside bookings against target; the title states the finding.

    >>> fig = plot_monthly_funnel(monthly_funnel(400, 0.6, 0.35, 0.3, 80_000, 2_500_000))
    >>> fig.axes[1].get_ylabel()
    'Bookings per month (¥)'
    >>> plt.close(fig)
    """
    if not isinstance(result, FunnelMonth):
        raise TypeError(f"`result` must be a FunnelMonth, got {type(result).__name__}")
    fig, (left, right) = subplots(1, 2, figsize=(9.0, 4.0), gridspec_kw={"width_ratios": [3, 1]})
    stages = result.stages
    colours = [COLORS["stage"]] * (len(stages) - 1) + [COLORS["won"]]
    left.barh(stages["stage"], stages["count"], color=colours)
    left.invert_yaxis()
    for y, value in enumerate(stages["count"]):
        left.annotate(count(value), (value, y), xytext=(4, 0), textcoords="offset points",
                      va="center")
    left.set_xlabel(_("Number per month (count)"))
    left.set_xlim(0, float(stages["count"].max()) * 1.15)
    format_axis(left, "count", axis="x")

    on_target = result.bookings >= result.target
    right.bar([_("Bookings")], [result.bookings],
              color=COLORS["won"] if on_target else COLORS["lost"])
    right.axhline(result.target, color=COLORS["target"], linestyle="--", label=_("Target"))
    right.set_ylim(0, max(result.bookings, result.target) * 1.2)
    right.set_ylabel(_("Bookings per month ({currency})").format(currency=CURRENCY))
    right.legend(loc="upper right", frameon=False)
    format_axis(right, "money")
    fig.suptitle(result.headline(), x=0.01, ha="left", fontweight="bold")
    return fig
