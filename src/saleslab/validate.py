"""Argument checks shared by every public function, with messages that name the parameter,
show the value and say what is allowed.

>>> check_rate("win_rate", 1.3)
Traceback (most recent call last):
...
ValueError: `win_rate` must be between 0 and 1, got 1.3
"""

from __future__ import annotations

from numbers import Real


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
