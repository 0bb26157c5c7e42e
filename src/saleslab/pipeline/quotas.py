"""Quotas with guardrails: cap and floor each rep's rise over last year, keep the total, check
territory balance, and hold part of the target as a team quota.

A fair-share split by history and potential can ask one rep for several times last year and
another for less than last year, inside a +10% year. Guardrails keep each rep's growth
between a floor and a cap; what the capped reps do not carry is shared among the others in
proportion to their fair share, so the quotas still add up to the target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from ..targets import allocate
from ..validate import check_frame, check_number, check_rate


def _bounds(last_year: pd.Series, floor: float, cap: float) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest quota per rep; a rep with no sales last year is not bounded."""
    last = last_year.to_numpy(float)
    new = last <= 0
    return np.where(new, 0.0, last * (1 + floor)), np.where(new, np.inf, last * (1 + cap))


def with_guardrails(quotas: pd.DataFrame, cap: float = 0.3, floor: float = 0.0, unit: int = 1000) -> pd.DataFrame:
    """Quotas whose growth over ``last_year`` stays within [``floor``, ``cap``], adding up to
    the same total, rounded to whole multiples of ``unit`` (largest remainder).

    Each rep gets ``clip(λ·weight, floor bound, cap bound)``, with λ solved so the total is
    kept. Returns ``quotas`` with ``quota`` and ``growth`` replaced and ``fair_share_quota``
    (the quota before the guardrails) added.

    >>> q = pd.DataFrame({"last_year": [100.0, 100.0], "weight": [0.8, 0.2], "quota": [176.0, 44.0]},
    ...                  index=["Ann", "Bo"])
    >>> with_guardrails(q, cap=0.3, floor=0.0, unit=1)["quota"].tolist()
    [120, 100]
    """
    table = check_frame("quotas", quotas, ("last_year", "weight", "quota"))
    top = check_number("cap", cap)
    bottom = check_number("floor", floor)
    if not -1 < bottom <= top:
        raise ValueError(f"`floor` must be above -1 and not above `cap`, got floor={floor}, cap={cap}")
    total = float(table["quota"].sum())
    low, high = _bounds(table["last_year"], bottom, top)
    if not low.sum() <= total <= high.sum():
        raise ValueError(f"the target {total:,.0f} cannot be split with growth between {bottom:+.0%} and "
                         f"{top:+.0%}: the bounds allow {low.sum():,.0f} to {high.sum():,.0f}; widen them")
    weight = table["weight"].to_numpy(float)

    def excess(scale: float) -> float:
        return float(np.clip(scale * weight, low, high).sum() - total)

    scale = brentq(excess, 0.0, 1e3 * total / weight[weight > 0].min())
    raw = pd.Series(np.clip(scale * weight, low, high), index=table.index)
    rounded = allocate(int(round(total / unit)), raw) * unit
    out = table.copy()
    out["fair_share_quota"] = table["quota"]
    out["quota"] = rounded
    out["growth"] = (rounded / table["last_year"].where(table["last_year"] > 0)) - 1
    return out


def growth_spread(quotas: pd.DataFrame) -> pd.Series:
    """Lowest, median and highest growth over last year among the reps.

    >>> growth_spread(pd.DataFrame({"growth": [0.1, -0.2, 2.4]})).round(2).tolist()
    [-0.2, 0.1, 2.4]
    """
    growth = check_frame("quotas", quotas, ("growth",))["growth"].dropna()
    return pd.Series({"lowest": growth.min(), "median": growth.median(), "highest": growth.max()})


def territory_balance(quotas: pd.DataFrame, territories: pd.DataFrame) -> pd.DataFrame:
    """Each rep's quota as a share of the territory's market potential (the penetration the
    quota asks for), highest first. Balanced territories ask for similar shares.

    >>> q = pd.DataFrame({"quota": [10.0, 30.0]}, index=["A", "B"])
    >>> t = pd.DataFrame({"rep": ["A", "B"], "potential": [100.0, 100.0]})
    >>> territory_balance(q, t)["penetration"].tolist()
    [0.3, 0.1]
    """
    quota = check_frame("quotas", quotas, ("quota",))["quota"].astype(float)
    potential = check_frame("territories", territories, ("rep", "potential")).set_index("rep")["potential"]
    missing = sorted(set(quota.index) - set(potential.index))
    if missing:
        raise ValueError(f"`territories` has no potential for rep(s) {missing}")
    table = pd.DataFrame({"quota": quota, "potential": potential.reindex(quota.index).astype(float)})
    table["penetration"] = table["quota"] / table["potential"]
    return table.sort_values("penetration", ascending=False)


def team_split(quotas: pd.DataFrame, teams: pd.Series, team_share: float = 0.2) -> pd.DataFrame:
    """Hold ``team_share`` of each team's quota as a shared team quota; reps carry the rest.

    >>> q = pd.DataFrame({"quota": [100.0, 300.0]}, index=["A", "B"])
    >>> team_split(q, pd.Series({"A": "T1", "B": "T1"}), 0.25)[["individual", "team_pool"]].values.tolist()
    [[75.0, 100.0], [225.0, 100.0]]
    """
    quota = check_frame("quotas", quotas, ("quota",))["quota"].astype(float)
    share = check_rate("team_share", team_share)
    team = teams.reindex(quota.index)
    if team.isna().any():
        raise ValueError(f"`teams` has no team for rep(s) {sorted(team.index[team.isna()])}")
    pool = (quota * share).groupby(team).transform("sum")
    return pd.DataFrame({"team": team, "quota": quota, "individual": quota * (1 - share), "team_pool": pool})
