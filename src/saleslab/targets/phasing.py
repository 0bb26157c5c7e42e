"""Monthly phasing: spread an annual target over the months the way sales usually fall.

The share of month ``m`` is ``s_m``, the average over past calendar years of that month's
share of the year's bookings; the monthly target is ``Q_m = Q * s_m``, rounded to whole
units with :func:`~saleslab.targets.allocate` so the twelve months add up to ``Q`` exactly.
Only complete calendar years count, so a year that starts in June does not make the
first months look weak.

>>> history = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=12, freq="MS"),
...                         "bookings": [1.0] * 11 + [2.0]})
>>> monthly_phasing(1300, history)["quota"].tolist()
[100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 200]
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from . import _checks
from .allocate import _months, _target_units, allocate

MONTHS = pd.Index(range(1, 13), name="month")


def seasonality(
    history: pd.DataFrame, *, month_column: str = "month", bookings_column: str = "bookings"
) -> pd.Series:
    """Average share of a year's bookings that falls in each calendar month (sums to 1).

    >>> history = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=12, freq="MS"),
    ...                         "bookings": [1.0] * 12})
    >>> round(float(seasonality(history).loc[3]), 4)
    0.0833
    """
    _checks.frame("history", history, [month_column, bookings_column])
    bookings = _checks.numeric_column("history", history, bookings_column)
    months = _months(history, month_column)
    by_month = bookings.groupby([months.dt.year.to_numpy(), months.dt.month.to_numpy()]).sum()
    grid = by_month.unstack()
    complete = grid.reindex(columns=MONTHS).notna().all(axis=1)
    if not complete.any():
        raise ValueError(
            "`history` must cover at least one complete calendar year (January to December) "
            "to measure seasonality"
        )
    years = grid.loc[complete].reindex(columns=MONTHS)
    totals = years.sum(axis=1)
    if (totals <= 0).any():
        raise ValueError(f"bookings add up to 0 or less in the years {list(totals.index[totals <= 0])}")
    shares = years.div(totals, axis=0).mean(axis=0)
    return shares.rename("share")


def monthly_phasing(
    total: float,
    history: pd.DataFrame,
    *,
    unit: int = 1,
    month_column: str = "month",
    bookings_column: str = "bookings",
) -> pd.DataFrame:
    """The annual ``total`` split over months 1–12 by historical seasonality.

    Returns one row per month (index ``month``, 1 = January) with ``share`` (``s_m``) and
    ``quota`` (whole multiples of ``unit``, adding up to ``total`` exactly).

    >>> history = pd.DataFrame({"month": pd.date_range("2023-01-01", periods=24, freq="MS"),
    ...                         "bookings": [1.0] * 24})
    >>> monthly_phasing(1_200_000, history, unit=1000)["quota"].tolist()[0]
    100000
    """
    units = _checks.whole_number("unit", unit, minimum=1)
    total_units = _target_units(total, units, "total")
    shares = seasonality(history, month_column=month_column, bookings_column=bookings_column)
    plan = pd.DataFrame({"share": shares})
    plan["quota"] = allocate(total_units, shares) * units
    return plan


def monthly_plan(
    quotas: pd.Series | pd.DataFrame | Mapping[object, float],
    history: pd.DataFrame,
    *,
    unit: int = 1,
    month_column: str = "month",
    bookings_column: str = "bookings",
) -> pd.DataFrame:
    """A rep × month plan: each rep's annual quota phased by the company's seasonality.

    ``quotas`` is a Series of annual quotas per rep, or the table from
    :func:`~saleslab.targets.top_down` (its ``quota`` column). Company-wide seasonality is
    used for everyone because one rep's months are too few to measure their own. Each row
    adds up exactly to that rep's quota; columns are months 1–12.

    >>> history = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=12, freq="MS"),
    ...                         "bookings": [1.0] * 12})
    >>> plan = monthly_plan({"Ann": 1200, "Bo": 1210}, history)
    >>> plan.sum(axis=1).to_dict()
    {'Ann': 1200, 'Bo': 1210}
    """
    units = _checks.whole_number("unit", unit, minimum=1)
    if isinstance(quotas, pd.DataFrame):
        _checks.frame("quotas", quotas, ["quota"])
        quotas = quotas["quota"]
    quotas = _checks.per_unit("quotas", quotas, kind="zero or more")
    shares = seasonality(history, month_column=month_column, bookings_column=bookings_column)
    rows = {name: allocate(_target_units(quota, units, f"quotas[{name!r}]"), shares) * units
            for name, quota in quotas.items()}
    plan = pd.DataFrame.from_dict(rows, orient="index")
    plan.index.name = quotas.index.name
    plan.columns.name = "month"
    return plan
