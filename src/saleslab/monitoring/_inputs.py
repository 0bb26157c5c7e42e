"""Argument checks for series handed to the charts: clear errors that name the parameter.

>>> series("values", [1, 2.5])[0]
array([1. , 2.5])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..validate import check_number


def series(name: str, values: object, min_length: int = 1) -> tuple[np.ndarray, pd.Index]:
    """Return ``values`` as a 1-D float array and the index to label rows with.

    A pandas Series keeps its index (weeks, say); anything else is numbered from 0.

    >>> series("counts", [])
    Traceback (most recent call last):
    ...
    ValueError: `counts` must hold at least 1 value, got 0
    """
    if isinstance(values, (str, bytes, dict)) or not isinstance(
        values, (Sequence, np.ndarray, pd.Series, pd.Index)
    ):
        raise TypeError(f"`{name}` must be a list, array or pandas Series of numbers, "
                        f"got {type(values).__name__}")
    if isinstance(values, pd.Series):
        index = values.index
        if pd.api.types.is_bool_dtype(values.dtype) or not pd.api.types.is_numeric_dtype(
            values.dtype
        ):
            raise TypeError(f"`{name}` must hold numbers, got dtype {values.dtype}")
        array = values.to_numpy(dtype=float, na_value=np.nan)
    else:
        array = _numeric_array(name, values)
        index = pd.RangeIndex(len(array))
    if array.ndim != 1:
        raise ValueError(f"`{name}` must be one-dimensional, got shape {array.shape}")
    if len(array) < min_length:
        raise ValueError(f"`{name}` must hold at least {min_length} value"
                         f"{'s' if min_length > 1 else ''}, got {len(array)}")
    bad = ~np.isfinite(array)
    if bad.any():
        position = int(np.argmax(bad))
        raise ValueError(f"`{name}` must not contain missing or infinite values, "
                         f"got {array[position]} at position {position}")
    return array, index


def _numeric_array(name: str, values: object) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind == "O":
        try:
            array = array.astype(float)
        except (TypeError, ValueError):
            shown = array.tolist()[:5]
            raise TypeError(f"`{name}` must hold numbers only, got {shown!r}") from None
    if array.dtype.kind not in "iuf":
        shown = "booleans" if array.dtype.kind == "b" else repr(array.tolist()[:5])
        raise TypeError(f"`{name}` must hold numbers, got {shown}")
    return array.astype(float)


def counts(name: str, values: object, min_length: int = 1) -> tuple[np.ndarray, pd.Index]:
    """Like :func:`series`, but every value must be a whole number zero or more.

    >>> counts("counts", [3, -1])
    Traceback (most recent call last):
    ...
    ValueError: `counts` must be whole numbers zero or more, got -1.0 at position 1
    """
    array, index = series(name, values, min_length)
    bad = (array < 0) | (array != np.round(array))
    if bad.any():
        position = int(np.argmax(bad))
        raise ValueError(f"`{name}` must be whole numbers zero or more, "
                         f"got {array[position]} at position {position}")
    return array, index


def sizes(name: str, values: object, length: int, whole: bool) -> np.ndarray:
    """Sample sizes: one per point, each greater than 0 (whole numbers when ``whole``)."""
    array, _index = series(name, values)
    if len(array) != length:
        raise ValueError(f"`{name}` must have one value per count ({length}), got {len(array)}")
    bad = array <= 0
    if whole:
        bad |= array != np.round(array)
    if bad.any():
        position = int(np.argmax(bad))
        kind = "whole numbers greater than 0" if whole else "greater than 0"
        raise ValueError(f"`{name}` must be {kind}, got {array[position]} at position {position}")
    return array


def whole_size(name: str, value: object) -> float:
    """One sample size: a whole number greater than 0."""
    number = check_number(name, value)
    if not np.isfinite(number) or number <= 0 or number != round(number):
        raise ValueError(f"`{name}` must be a whole number greater than 0, got {value!r}")
    return number


def baseline(value: object, length: int, minimum: int) -> int:
    """Number of initial points that set the limits; ``None`` means all of them."""
    if value is None:
        return length
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"`baseline` must be a whole number of points or None, got {value!r}")
    if not minimum <= value <= length:
        raise ValueError(f"`baseline` must be between {minimum} and the number of points "
                         f"({length}), got {value}")
    return int(value)


def multiple(name: str, value: object) -> float:
    """A positive, finite multiple of sigma (k, h, L)."""
    number = check_number(name, value)
    if not np.isfinite(number) or number <= 0:
        raise ValueError(f"`{name}` must be a finite number greater than 0, got {value!r}")
    return number
