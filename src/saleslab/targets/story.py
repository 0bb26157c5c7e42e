"""Module 1's data-dependent sentences, each carrying its own check (:mod:`saleslab.story`).

>>> yearly = pd.Series([100.0, 110.0, 121.0], index=[2023, 2024, 2025])
>>> growth_story(yearly)
Bookings grew every year: +10% in 2024, +10% in 2025.
"""

from __future__ import annotations

import pandas as pd

from ..i18n import _
from ..localformat import join_list
from ..plots import money, percent
from ..story import Claim


def target_line(last_year: float, target: float) -> str:
    """Last year's bookings and next year's target, in one line.

    >>> target_line(302_600_000, 333_000_000)
    'Last year ¥303M; target ¥333M'
    """
    return _("Last year {last}; target {target}").format(last=money(last_year), target=money(target))


def quota_total_line(quotas: pd.DataFrame, target: int) -> str:
    """Whether the quotas of a split (``quota`` column) add up to the target.

    >>> quota_total_line(pd.DataFrame({"quota": [1_000, 2_000]}), 3_000)
    'Quotas add up to 3,000 yuan; the target is 3,000 yuan.'
    """
    return _("Quotas add up to {total:,} yuan; the target is {target:,} yuan.").format(
        total=quotas["quota"].sum(), target=target)


def _signed(share: float) -> str:
    return ("+" if share >= 0 else "") + percent(share, digits=0)


def growth_story(yearly: pd.Series) -> Claim:
    """Whether bookings grew every year, with each year's growth."""
    growth = yearly.pct_change().dropna()
    steps = join_list(_("{growth} in {year}").format(growth=_signed(float(g)), year=year)
                      for year, g in growth.items())
    grew = bool((growth > 0).all())
    text = (_("Bookings grew every year: {steps}.") if grew else
            _("Bookings did not grow every year: {steps}.")).format(steps=steps)
    return Claim.that(grew == bool((growth > 0).all()) and len(growth) > 0, text,
                      f"growth by year {growth.round(3).to_dict()}")


def rises_story(quotas: pd.DataFrame) -> Claim:
    """Who gets the biggest rise under a split, and the territory behind it (from the table
    of :func:`~saleslab.targets.top_down`)."""
    rise = quotas["growth"].dropna()
    rep = rise.idxmax()
    row = quotas.loc[rep]
    ratio = float(row["potential"] / row["last_year"])
    typical = float((quotas["potential"] / quotas["last_year"]).median())
    return Claim.that(rise[rep] == rise.max() and ratio > typical, _(
        "The biggest rise goes to {rep} ({rise}): a territory with {potential} of market potential "
        "against {last} booked last year, more potential per yuan booked than most reps have.").format(
        rep=rep, rise=_signed(float(rise[rep])), potential=money(float(row["potential"])),
        last=money(float(row["last_year"]))),
        f"{rep}: rise {rise[rep]:.3f} (max), potential/last year {ratio:.2f} vs median {typical:.2f}")
