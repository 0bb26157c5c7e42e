"""Argument checks the targets functions share: tables, whole numbers, per-rep values.

>>> whole_number("total", 12e6)
12000000
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral

import numpy as np
import pandas as pd

from ..validate import check_frame as frame  # noqa: F401  (used as _checks.frame)
from ..validate import check_number, check_positive, check_rate

INT64_MAX = int(np.iinfo(np.int64).max)


def whole_number(name: str, value: object, minimum: int = 0) -> int:
    """Return ``value`` as an int if it is a whole number of at least ``minimum``.

    >>> whole_number("total", 10)
    10
    """
    number = check_number(name, value)
    if not math.isfinite(number) or number != int(number) or number < minimum:
        raise ValueError(f"`{name}` must be a whole number of {minimum} or more, got {value!r}")
    # Integers keep full precision; floats are exact once shown to be whole.
    whole = int(value) if isinstance(value, Integral) else int(number)
    if whole > INT64_MAX:
        raise ValueError(f"`{name}` must be at most {INT64_MAX}, got {value!r}")
    return whole


def share(name: str, value: object) -> float:
    """A rate in (0, 1]: a funnel rate of 0 would need infinitely many leads.

    >>> share("win_rate", 0.25)
    0.25
    """
    rate = check_rate(name, value)
    if rate == 0:
        raise ValueError(f"`{name}` must be greater than 0 and at most 1, got {value!r}")
    return rate


def numeric_column(name: str, table: pd.DataFrame, column: str) -> pd.Series:
    """The column as floats, or a clear error if it is not numeric or has gaps."""
    values = table[column]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise TypeError(f"`{name}` column {column!r} must be numeric, got {values.dtype}")
    values = values.astype(float)
    if values.isna().any():
        raise ValueError(f"`{name}` column {column!r} has missing values; fill or drop them first")
    return values


def per_unit(name: str, value: object, kind: str = "positive") -> pd.Series:
    """A Series (or Mapping) of finite numbers per rep; ``kind`` is "positive", "zero or more"
    or "rate" (in (0, 1])."""
    if isinstance(value, Mapping) and not isinstance(value, pd.Series):
        value = pd.Series(dict(value), dtype="object")
    if not isinstance(value, pd.Series):
        raise TypeError(f"`{name}` must be a pandas Series or a mapping, got {type(value).__name__}")
    if value.empty:
        raise ValueError(f"`{name}` must have at least one entry, got none")
    if not value.index.is_unique:
        raise ValueError(f"`{name}` has repeated labels {sorted(set(value.index[value.index.duplicated()]))}")
    check = {
        "positive": lambda label, v: check_positive(f"{name}[{label!r}]", v),
        "zero or more": lambda label, v: check_positive(f"{name}[{label!r}]", v, allow_zero=True),
        "rate": lambda label, v: share(f"{name}[{label!r}]", v),
    }[kind]
    numbers = [check(label, v) for label, v in value.items()]
    return pd.Series(numbers, index=value.index, name=value.name, dtype=float)


def number_or_per_unit(name: str, value: object, kind: str = "positive") -> float | pd.Series:
    """A single number or a Series per rep, checked the same way."""
    if isinstance(value, (pd.Series, Mapping)):
        return per_unit(name, value, kind)
    if kind == "rate":
        return share(name, value)
    return check_positive(name, value, allow_zero=kind == "zero or more")

