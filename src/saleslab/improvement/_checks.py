"""Argument checks the improvement modules share, on top of :mod:`saleslab.validate`."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd

from ..validate import check_frame, check_number, check_seed  # noqa: F401  (re-exported for this package)


def check_open_rate(name: str, value: object) -> float:
    """A proportion strictly between 0 and 1 (a rate of 0 or 1 leaves nothing to test)."""
    number = check_number(name, value)
    if not 0.0 < number < 1.0:
        raise ValueError(f"`{name}` must be strictly between 0 and 1, got {value!r}")
    return number


def check_alpha(alpha: object) -> float:
    """The significance level: strictly between 0 and 1 (0.05 means 95% intervals)."""
    return check_open_rate("alpha", alpha)


def check_count(name: str, value: object, positive: bool = False) -> int:
    """A whole number of deals or leads: 0 or more, or 1 or more when ``positive``."""
    allowed = "a whole number greater than 0" if positive else "a whole number, 0 or more"
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"`{name}` must be {allowed}, got {value!r}")
    number = int(value)
    if number < (1 if positive else 0):
        raise ValueError(f"`{name}` must be {allowed}, got {value!r}")
    return number


def numeric_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    """The column as floats; raise if it is not numeric or holds missing values."""
    series = frame[column]
    if series.dtype == bool or not pd.api.types.is_numeric_dtype(series):
        raise TypeError(f"column `{column}` must be numeric, got dtype {series.dtype}")
    values = series.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise ValueError(f"column `{column}` must not hold missing or infinite values")
    return values


def binary_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    """The column as 0/1 integers; it must hold only 0/1 or True/False, both present."""
    series = frame[column]
    if not (series.dtype == bool or pd.api.types.is_numeric_dtype(series)):
        raise TypeError(f"column `{column}` must be 0/1 or True/False, got dtype {series.dtype}")
    values = series.to_numpy(dtype=float)
    seen = set(np.unique(values[~np.isnan(values)]).tolist()) if values.size else set()
    if np.isnan(values).any() or not seen <= {0.0, 1.0}:
        raise ValueError(
            f"column `{column}` must hold only 0/1 or True/False, got values {sorted(seen)[:5]}"
            + (" and missing values" if np.isnan(values).any() else "")
        )
    if seen != {0.0, 1.0}:
        raise ValueError(f"column `{column}` must hold both 0 and 1, got only {sorted(seen)}")
    return values.astype(int)


def check_real_sequence(name: str, values: object) -> np.ndarray:
    """A non-empty 1-D sequence of finite numbers, as floats."""
    if isinstance(values, (str, bytes)) or not np.iterable(values):
        raise TypeError(f"`{name}` must be a sequence of numbers, got {values!r}")
    items = list(values)
    if not items:
        raise ValueError(f"`{name}` must not be empty")
    for item in items:
        if isinstance(item, bool) or not isinstance(item, Real):
            raise TypeError(f"`{name}` must hold only numbers, got {item!r}")
    array = np.asarray(items, dtype=float)
    if not np.isfinite(array).all():
        raise ValueError(f"`{name}` must hold only finite numbers, got {items!r}")
    return array
