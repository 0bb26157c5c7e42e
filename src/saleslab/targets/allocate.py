"""Top-down: split an annual target into whole parts that add up to it exactly.

Each unit (rep, team or region) gets a *fair share* of the target,
``w_j = alpha * S_j / sum(S) + (1 - alpha) * P_j / sum(P)``, where ``S`` is last year's
bookings and ``P`` the market potential. ``by="history"`` is ``alpha = 1``,
``by="potential"`` is ``alpha = 0``. The shares are then rounded to whole units with the
largest-remainder (Hamilton) method so the parts add up to the target to the yuan.

>>> allocate(10, {"Ann": 1, "Bo": 1, "Cy": 1}).tolist()
[4, 3, 3]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np
import pandas as pd

from ..validate import check_rate
from . import _checks

BY = ("history", "potential", "blend")


def allocate(total: int, weights: pd.Series | Mapping[object, float]) -> pd.Series:
    """Split a whole-number ``total`` over non-negative ``weights`` into whole parts.

    Largest-remainder (Hamilton) rounding: each unit first gets the whole part of its exact
    quota ``total * w / sum(w)``; the units left over go one each to the largest fractional
    remainders. The parts add up to ``total`` exactly, none is negative, and each is within
    1 of its exact quota. Ties go to the larger weight, then to the unit listed first.
    The arithmetic is exact (integers, not floating point), so this holds for any total.

    One caveat worth knowing: raising the total can, rarely, lower one unit's part (the
    "Alabama paradox" of Hamilton's method).

    >>> allocate(10, pd.Series([1.0, 1.0, 1.0], index=["Ann", "Bo", "Cy"])).to_dict()
    {'Ann': 4, 'Bo': 3, 'Cy': 3}
    >>> allocate(100, {"north": 0.5, "south": 0.3, "west": 0.2}).tolist()
    [50, 30, 20]
    """
    total = _checks.whole_number("total", total)
    series = _weights(weights)
    # Every float is an exact fraction with a power-of-two denominator, so one common
    # denominator turns the weights into exact integers.
    fractions = [Fraction(value) for value in series.to_numpy()]
    common = max(fraction.denominator for fraction in fractions)
    integers = [fraction.numerator * (common // fraction.denominator) for fraction in fractions]
    whole = sum(integers)
    floors, remainders = zip(*(divmod(total * weight, whole) for weight in integers))
    left_over = total - sum(floors)
    order = sorted(range(len(integers)), key=lambda i: (-remainders[i], -integers[i], i))
    parts = list(floors)
    for i in order[:left_over]:
        parts[i] += 1
    return pd.Series(parts, index=series.index, dtype="int64", name="allocation")


def _weights(weights: object) -> pd.Series:
    if isinstance(weights, Mapping) and not isinstance(weights, pd.Series):
        weights = pd.Series(dict(weights))
    if not isinstance(weights, pd.Series):
        raise TypeError(
            f"`weights` must be a pandas Series or a mapping of unit to weight, "
            f"got {type(weights).__name__}"
        )
    if weights.empty:
        raise ValueError("`weights` must have at least one unit, got none")
    if not pd.api.types.is_numeric_dtype(weights) or pd.api.types.is_bool_dtype(weights):
        raise TypeError(f"`weights` must be numbers, got values of type {weights.dtype}")
    values = weights.astype(float)
    for problem, mask in (("missing (NaN)", values.isna()), ("infinite", np.isinf(values)),
                          ("negative", values < 0)):
        if mask.any():
            raise ValueError(
                f"`weights` must be zero or more; {problem} for {list(values.index[mask])}"
            )
    if values.sum() == 0:
        raise ValueError("`weights` must include at least one positive weight; they sum to 0")
    return values


def top_down(
    target: float,
    history: pd.DataFrame,
    potential: pd.DataFrame | None = None,
    *,
    level: str = "rep",
    by: str = "blend",
    alpha: float = 0.5,
    unit: int = 1,
    month_column: str = "month",
    bookings_column: str = "bookings",
    potential_column: str = "potential",
) -> pd.DataFrame:
    """Fair-share quotas for each ``level`` unit (``"rep"``, ``"team"`` or ``"region"``).

    ``history`` is the sales history (one row per month and rep, or finer); *last year* is
    its twelve most recent months. ``potential`` (one row per rep, with the ``level``
    column) lists the units that receive a quota; a unit there without history has last
    year = 0, and history of units not listed (reps who left) is not allocated. Without
    ``potential``, the units are those in ``history`` and only ``by="history"`` works.
    Quotas are whole multiples of ``unit`` yuan (1, or 1000 for whole thousands) and add
    up to ``target`` exactly; ties go to the unit first in alphabetical order.

    Returns one row per unit: ``last_year``, ``potential``, ``weight`` (the fair share,
    adding up to 1), ``quota`` and ``growth`` (quota over last year, minus 1; empty for a
    unit with no bookings last year).

    >>> history = pd.DataFrame({"month": ["2025-01-01", "2025-01-01"], "rep": ["Ann", "Bo"],
    ...                         "bookings": [300.0, 100.0]})
    >>> top_down(800, history, by="history")["quota"].to_dict()
    {'Ann': 600, 'Bo': 200}
    """
    units = _checks.whole_number("unit", unit, minimum=1)
    target_units = _target_units(target, units)
    table = unit_table(history, potential, level, month_column, bookings_column,
                       potential_column)
    weights = fair_share(table, by, alpha)
    return _finish(table, weights, allocate(target_units, weights) * units)


def allocate_hierarchy(
    target: float,
    history: pd.DataFrame,
    potential: pd.DataFrame | None = None,
    *,
    levels: Sequence[str] = ("region", "team", "rep"),
    by: str = "blend",
    alpha: float = 0.5,
    unit: int = 1,
    month_column: str = "month",
    bookings_column: str = "bookings",
    potential_column: str = "potential",
) -> pd.DataFrame:
    """Fair-share quotas level by level, so each team's quota is the sum of its reps'.

    The target is split over the first level (regions) as :func:`top_down` does; each
    region's quota is then split over its teams by their fair share *within the region*,
    and each team's over its reps. Every split uses :func:`allocate`, so the parts at each
    level add up exactly to their parent. The table that says which rep is in which team
    is ``potential`` if given, else ``history``.

    Returns one row per unit of the last level with columns for its parents,
    ``last_year``, ``potential``, ``weight`` (its share of the whole target), ``quota``
    and ``growth``.

    >>> history = pd.DataFrame({"month": ["2025-01-01"] * 3, "team": ["A", "A", "B"],
    ...                         "rep": ["Ann", "Bo", "Cy"], "bookings": [100.0, 100.0, 200.0]})
    >>> plan = allocate_hierarchy(1001, history, levels=("team", "rep"), by="history")
    >>> plan["quota"].to_dict()
    {'Ann': 251, 'Bo': 250, 'Cy': 500}
    """
    levels = _levels(levels)
    units = _checks.whole_number("unit", unit, minimum=1)
    target_units = _target_units(target, units)
    roster = potential if potential is not None else history
    _checks.frame("potential" if potential is not None else "history", roster, list(levels))
    parents = _parent_of(roster, levels)

    table = unit_table(history, potential, levels[0], month_column, bookings_column,
                       potential_column)
    weights = fair_share(table, by, alpha)
    quotas = allocate(target_units, weights)
    for level in levels[1:]:
        table = unit_table(history, potential, level, month_column, bookings_column,
                           potential_column)
        parent = parents[level].reindex(table.index)
        shares, parts = [], []
        for name, members in table.groupby(parent, sort=True):
            within = fair_share(members, by, alpha)
            shares.append(within * weights[name])
            parts.append(allocate(quotas[name], within))
        weights, quotas = pd.concat(shares), pd.concat(parts)
        table = table.loc[weights.index]
    result = _finish(table, weights, quotas * units)
    return pd.concat([_ancestors(parents, levels, result.index), result], axis=1)


def unit_table(
    history: pd.DataFrame,
    potential: pd.DataFrame | None,
    level: str,
    month_column: str = "month",
    bookings_column: str = "bookings",
    potential_column: str = "potential",
) -> pd.DataFrame:
    """Last year's bookings and market potential per ``level`` unit, sorted by unit.

    >>> history = pd.DataFrame({"month": ["2024-06-01", "2025-06-01"], "rep": ["Ann", "Ann"],
    ...                         "bookings": [50.0, 70.0]})
    >>> unit_table(history, None, "rep")["last_year"].to_dict()
    {'Ann': 70.0}
    """
    if not isinstance(level, str):
        raise TypeError(f"`level` must be a column name such as 'rep', got {level!r}")
    _checks.frame("history", history, [month_column, level, bookings_column])
    bookings = _checks.numeric_column("history", history, bookings_column)
    months = _months(history, month_column)
    recent = (months > months.max() - 12).to_numpy()
    last_year = bookings[recent].groupby(history.loc[recent, level]).sum()
    if potential is None:
        table = pd.DataFrame({"last_year": last_year, "potential": np.nan})
    else:
        _checks.frame("potential", potential, [level, potential_column])
        market = _checks.numeric_column("potential", potential, potential_column)
        market = market.groupby(potential[level]).sum()
        table = pd.DataFrame({"last_year": last_year.reindex(market.index, fill_value=0.0),
                              "potential": market})
    table.index.name = level
    return table.sort_index()


def fair_share(table: pd.DataFrame, by: str = "blend", alpha: float = 0.5) -> pd.Series:
    """Weights ``alpha * S / sum(S) + (1 - alpha) * P / sum(P)`` from a :func:`unit_table`.

    >>> table = pd.DataFrame({"last_year": [300.0, 100.0], "potential": [1.0, 3.0]},
    ...                      index=["Ann", "Bo"])
    >>> fair_share(table, "blend", 0.5).tolist()
    [0.5, 0.5]
    """
    if by not in BY:
        raise ValueError(f"`by` must be one of {list(BY)}, got {by!r}")
    alpha = {"history": 1.0, "potential": 0.0, "blend": check_rate("alpha", alpha)}[by]
    weights = pd.Series(0.0, index=table.index, name="weight")
    for column, share, label in (("last_year", alpha, "last year's bookings"),
                                 ("potential", 1 - alpha, "market potential")):
        if share == 0:
            continue
        values = table[column]
        if values.isna().all():
            raise ValueError(
                f"`by={by!r}` needs the market potential; pass the `potential` table "
                f"or use by='history'"
            )
        if (values < 0).any():
            raise ValueError(f"{label} must be zero or more; negative for {list(values.index[values < 0])}")
        if values.sum() == 0:
            raise ValueError(
                f"{label} add up to 0 for {list(table.index)}, so they cannot share a "
                f"target; use another `by`"
            )
        weights += share * values / values.sum()
    return weights


def _finish(table: pd.DataFrame, weights: pd.Series, quotas: pd.Series) -> pd.DataFrame:
    result = table.copy()
    result["weight"] = weights
    result["quota"] = quotas.astype("int64")
    last = result["last_year"]
    result["growth"] = (result["quota"] / last.where(last > 0)) - 1
    return result


def _target_units(target: object, unit: int, name: str = "target") -> int:
    whole = _checks.whole_number(name, target)
    if whole % unit:
        raise ValueError(f"`{name}` must be a whole multiple of `unit` ({unit}), got {target!r}")
    return whole // unit


def _months(history: pd.DataFrame, column: str) -> pd.Series:
    """The calendar month of each row; dates, timestamps, monthly periods or ISO texts."""
    values = history[column]
    if isinstance(values.dtype, pd.PeriodDtype):
        return values.dt.asfreq("M")
    try:
        return pd.to_datetime(values, format="ISO8601").dt.to_period("M")
    except (ValueError, TypeError):
        raise ValueError(
            f"`history` column {column!r} must hold dates such as '2024-01-01', "
            f"got values like {values.iloc[0]!r}"
        ) from None


def _levels(levels: object) -> tuple[str, ...]:
    if isinstance(levels, str) or not isinstance(levels, Sequence) or not levels:
        raise TypeError(f"`levels` must be a list of column names, top first, got {levels!r}")
    if len(set(levels)) != len(levels) or not all(isinstance(name, str) for name in levels):
        raise ValueError(f"`levels` must be distinct column names, got {levels!r}")
    return tuple(levels)


def _parent_of(roster: pd.DataFrame, levels: tuple[str, ...]) -> dict[str, pd.Series]:
    """For each level below the top, a Series mapping each of its units to its parent."""
    pairs = roster[list(levels)].drop_duplicates()
    gaps = pairs.columns[pairs.isna().any()].tolist()
    if gaps:
        raise ValueError(f"the columns {gaps} have missing values; every unit needs its parent")
    parents = {}
    for upper, lower in zip(levels, levels[1:]):
        split = pairs.groupby(lower)[upper].nunique()
        if (split > 1).any():
            raise ValueError(
                f"each {lower!r} must belong to one {upper!r}; "
                f"{list(split.index[split > 1])} belong to several"
            )
        parents[lower] = pairs.drop_duplicates(lower).set_index(lower)[upper]
    return parents


def _ancestors(parents: dict[str, pd.Series], levels: tuple[str, ...],
               units: pd.Index) -> pd.DataFrame:
    """The unit at each higher level for every unit of the last level."""
    columns, current = {}, pd.Series(units, index=units)
    for upper, lower in zip(reversed(levels[:-1]), reversed(levels[1:])):
        current = parents[lower].reindex(current.to_numpy()).set_axis(units)
        columns[upper] = current
    return pd.DataFrame(dict(reversed(columns.items())), index=units)
