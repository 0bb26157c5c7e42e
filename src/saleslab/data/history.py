"""Module 1's data: three years of monthly bookings, and the market potential per territory.

Monthly deals per rep and product line are Poisson around a level that grows 8–15% a year
(by region), peaks in Q4 and dips in February (Chinese New Year), and differs between reps
(territory size and selling ability). Bookings add up the deals' values. The market
potential follows the territory size, not past sales, so a split by history and a split by
potential disagree — which is the point of the module's "blend".

>>> history = sales_history(seed=2026)
>>> history.shape, history["month"].min().date(), history["month"].max().date()
((3240, 7), datetime.date(2023, 1, 1), datetime.date(2025, 12, 1))
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .org import DEFAULT_SEED, PRODUCT_LINES, REGIONS, SNAPSHOT, TEAMS, check_count, reps, stream

#: Share of an average month's deals, January to December (Feb: Chinese New Year; Q4 strong).
SEASONALITY = np.array([0.85, 0.60, 1.00, 0.95, 1.00, 1.10, 0.90, 0.90, 1.05, 0.95, 1.15, 1.55])
#: Deals an average rep wins per month in each product line, at the start of the history.
DEALS_PER_MONTH = np.array([1.0, 1.6, 2.4])
#: Average deal size per product line (CNY) and the spread of single deals (CV).
DEAL_SIZE = np.array([320_000.0, 110_000.0, 45_000.0])
DEAL_SIZE_CV = 0.7
#: Market potential of an average territory (CNY per year).
POTENTIAL = 28_000_000.0


def _months(n_months: int) -> pd.DatetimeIndex:
    """``n_months`` month starts ending December of the year before the snapshot."""
    last = pd.Timestamp(year=SNAPSHOT.year - 1, month=12, day=1)
    return pd.date_range(end=last, periods=n_months, freq="MS")


def sales_history(seed: int = DEFAULT_SEED, n_reps: int = 30, n_months: int = 36) -> pd.DataFrame:
    """Deals won and bookings (CNY) per month, rep and product line.

    Columns: ``month`` (first day), ``region``, ``team``, ``rep``, ``product_line``,
    ``deals`` (count), ``bookings`` (CNY, whole yuan). Rows sorted by month, rep, product line.

    >>> h = sales_history(n_reps=6, n_months=24)
    >>> by_month = h.groupby(h["month"].dt.month)["bookings"].sum()
    >>> bool(by_month[12] > by_month[2])
    True
    """
    n_months = check_count("n_months", n_months)
    team = reps(seed, n_reps)
    rng = stream(seed, "sales_history")
    months = _months(n_months)
    mix = rng.lognormal(0.0, 0.2, (len(REGIONS), len(PRODUCT_LINES)))
    region_index = team["region"].cat.codes.to_numpy()

    years = ((months.year - months.year[0]) * 12 + months.month - months.month[0]).to_numpy() / 12
    rate = rng.uniform(0.08, 0.15, len(REGIONS))[region_index]
    level = (
        SEASONALITY[months.month.to_numpy() - 1][:, None, None]
        * (1 + rate)[None, :, None] ** years[:, None, None]
        * (np.sqrt(team["territory"].to_numpy()) * team["ability"].to_numpy())[None, :, None]
        * (mix[region_index] * DEALS_PER_MONTH)[None, :, :]
    )
    deals = rng.poisson(level)
    # The sum of k deal values (mean m, CV c) is Gamma(k / c², m·c²): exact mean and spread.
    shape = np.where(deals > 0, deals / DEAL_SIZE_CV**2, 1.0)
    value = rng.gamma(shape, (DEAL_SIZE * DEAL_SIZE_CV**2)[None, None, :])
    bookings = np.where(deals > 0, np.round(value), 0.0)

    n_r, n_p = len(team), len(PRODUCT_LINES)
    rep_index = np.tile(np.repeat(np.arange(n_r), n_p), n_months)
    return pd.DataFrame(
        {
            "month": np.repeat(months, n_r * n_p),
            "region": pd.Categorical.from_codes(region_index[rep_index], REGIONS),
            "team": pd.Categorical.from_codes(team["team"].cat.codes.to_numpy()[rep_index], list(TEAMS)),
            "rep": team["rep"].to_numpy()[rep_index],
            "product_line": pd.Categorical.from_codes(np.tile(np.arange(n_p), n_months * n_r), PRODUCT_LINES),
            "deals": deals.reshape(-1).astype("int64"),
            "bookings": bookings.reshape(-1),
        }
    )


def territories(seed: int = DEFAULT_SEED, n_reps: int = 30) -> pd.DataFrame:
    """One row per rep: ``rep``, ``team``, ``region`` and market ``potential`` (CNY per year).

    Potential follows the territory's size with estimation noise; past bookings also depend
    on the rep's ability, so the two are related but not proportional.

    >>> t = territories()
    >>> len(t), bool(t["potential"].min() > 0)
    (30, True)
    """
    team = reps(seed, n_reps)
    rng = stream(seed, "territories")
    potential = POTENTIAL * team["territory"].to_numpy() * rng.lognormal(0.0, 0.25, len(team))
    return pd.DataFrame(
        {
            "rep": team["rep"],
            "team": team["team"],
            "region": team["region"],
            "potential": np.round(potential, -3),
        }
    )
