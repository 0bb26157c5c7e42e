"""Argument checks shared by every public function, with messages that name the parameter,
show the value and say what is allowed.

>>> check_rate("win_rate", 1.3)
Traceback (most recent call last):
...
ValueError: `win_rate` must be between 0 and 1, got 1.3
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from numbers import Integral, Real
from pathlib import Path

import pandas as pd


def check_number(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a real number (not a bool); else raise TypeError.

    >>> check_number("deal_size", 3)
    3.0
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"`{name}` must be a number, got {value!r}")
    return float(value)


def check_rate(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a share in [0, 1]; otherwise raise a clear error.

    >>> check_rate("win_rate", 0.3)
    0.3
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"`{name}` must be a number between 0 and 1, got {value!r}")
    if not 0.0 <= float(value) <= 1.0:
        raise ValueError(f"`{name}` must be between 0 and 1, got {value!r}")
    return float(value)


def check_positive(name: str, value: object, allow_zero: bool = False) -> float:
    """Return ``value`` as a float if it is a positive number (or zero when allowed).

    >>> check_positive("deal_size", 80_000)
    80000.0
    """
    allowed = "zero or more" if allow_zero else "greater than 0"
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"`{name}` must be a number {allowed}, got {value!r}")
    number = float(value)
    if number != number or number < 0 or (number == 0 and not allow_zero):
        raise ValueError(f"`{name}` must be a number {allowed}, got {value!r}")
    return number


def check_whole(name: str, value: object, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` if it is a whole number in ``[minimum, maximum]`` (1 or more by default).
    Otherwise raise TypeError/ValueError.

    >>> check_whole("n_reps", 30, minimum=1)
    30
    """
    allowed = f"a whole number from {minimum}" + (f" to {maximum}" if maximum is not None else " up")
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"`{name}` must be {allowed}, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError(f"`{name}` must be {allowed}, got {value!r}")
    return int(value)


def check_seed(seed: object) -> int:
    """Return ``seed`` if it is a whole number 0 or more (what ``numpy.random`` accepts).

    >>> check_seed(7)
    7
    """
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(f"`seed` must be a whole number 0 or more, got {seed!r}")
    if seed < 0:
        raise ValueError(f"`seed` must be a whole number 0 or more, got {seed!r}")
    return int(seed)


def check_frame(name: str, frame: object, columns: Sequence[str]) -> pd.DataFrame:
    """Return ``frame`` if it is a DataFrame with every one of ``columns`` and at least one row.

    >>> check_frame("events", pd.DataFrame({"stage": ["lead"]}), ["stage"]).shape
    (1, 1)
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"`{name}` must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"`{name}` must have the columns {list(columns)}; missing {missing} "
                         f"(it has {list(frame.columns)})")
    if frame.empty:
        raise ValueError(f"`{name}` must have at least one row, got an empty table")
    return frame


def check_out_folder(name: str, value: object) -> Path:
    """``value`` as a folder that exists (made if missing) and can be written, checked before
    any work starts; ValueError in one line otherwise (an empty name, a file, a path
    through a file, a link, a read-only place).

    >>> check_out_folder("out", "")
    Traceback (most recent call last):
    ...
    ValueError: `out` must be a folder name, got ''
    """
    if not isinstance(value, (str, Path)) or not str(value).strip():
        raise ValueError(f"`{name}` must be a folder name, got {value!r}")
    folder = Path(value)
    if folder.is_symlink():
        raise ValueError(f"`{name}` must be a real folder, not a link, got {str(folder)!r}")
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"`{name}` must be a folder, got the file {str(folder)!r}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".saleslab-probe-"):
            pass
    except OSError as error:
        raise ValueError(f"`{name}` folder {str(folder)!r} cannot be written ({error.strerror}); "
                         f"choose another folder") from None
    return folder
