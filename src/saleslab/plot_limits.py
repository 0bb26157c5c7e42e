"""Axis limits a dashboard can keep while a control moves: round, grown when the data
outgrows them, kept while the data fills enough of them. While an axes' limits hold, a
kept figure redraws only its data (see :mod:`saleslab.blit`). Re-exported by
:mod:`saleslab.plots`.

>>> nice_ceiling(145_658)
150000.0
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Iterator
from weakref import WeakKeyDictionary

from matplotlib.axes import Axes

from .validate import check_number

#: Mantissas :func:`nice_ceiling` rounds up to.
_NICE = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of
    ten) at or above ``value``: an axis limit that stays put while the data under it moves
    a little, so a dashboard redraws only its data (see :mod:`saleslab.blit`).

    >>> nice_ceiling(145_658), nice_ceiling(0.31), nice_ceiling(0)
    (150000.0, 0.4, 1.0)
    """
    size = check_number("value", value)
    if not size > 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(size))
    return next(m * power for m in _NICE if m * power >= size * (1 - 1e-12))


def round_out(low: float, high: float, step: float) -> tuple[float, float]:
    """``low`` down and ``high`` up to multiples of ``step``: limits that stay put while
    the data moves within a step.

    >>> round_out(-0.146, 0.735, 0.1)
    (-0.2, 0.8)
    """
    return (round(math.floor(low / step) * step, 10), round(math.ceil(high / step) * step, 10))


#: The least share of an axis the data must fill for :func:`steady_limits` to keep it.
HOLD_FILL = 1 / 3


def steady_limits(current: tuple[float, float] | None, low: float, high: float,
                  step: float | None = None) -> tuple[float, float]:
    """Axis limits for data from ``low`` to ``high`` that a dashboard can keep while a
    control moves: the ``current`` limits, grown to hold the data if needed, while the data
    fills at least :data:`HOLD_FILL` of them; else (or with no current limits) the data's
    own range. New limits are rounded out to multiples of ``step``; without a step,
    ``low`` is kept and the top rounded up to :func:`nice_ceiling`. See
    :func:`hold_limits`.

    >>> steady_limits(None, 0.0, 145_658)
    (0.0, 150000.0)
    >>> steady_limits((0.0, 150_000.0), 0.0, 151_336)
    (0.0, 200000.0)
    >>> steady_limits((0.0, 200_000.0), 0.0, 72_000)
    (0.0, 200000.0)
    >>> steady_limits((0.0, 200_000.0), 0.0, 60_000)
    (0.0, 60000.0)
    >>> steady_limits((-0.3, 0.7), -0.2, 0.735, step=0.1)
    (-0.3, 0.8)
    """
    def rounded(bottom: float, top: float) -> tuple[float, float]:
        return round_out(bottom, top, step) if step else (float(low), nice_ceiling(top))

    def fills(limits: tuple[float, float]) -> bool:
        bottom, top = limits
        return bottom <= low and high <= top and high - low >= HOLD_FILL * (top - bottom)

    if current is None:
        return rounded(low, high)
    current = (float(current[0]), float(current[1]))
    if fills(current):
        return current
    grown = rounded(min(low, current[0]), max(high, current[1]))
    return grown if fills(grown) else rounded(low, high)


_HELD: WeakKeyDictionary = WeakKeyDictionary()  # axes -> {"x"/"y": limits hold_limits set}
_COVERING = threading.local()  # ``data``: (axes id, axis) -> limits before, data range, least span


@contextlib.contextmanager
def covering() -> Iterator[None]:
    """Inside, :func:`hold_limits` takes all the data it is given on an axis as one range:
    it keeps the limits held before if they hold that range and every piece of it fills
    :data:`HOLD_FILL` of them, else sets the range's own limits. Drawing the results at
    the ends of a control's range leaves limits that hold all of them (see
    :meth:`saleslab.plots.LiveFigure.cover`).

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> _ = hold_limits(ax, "y", 0, 100)
    >>> with covering():
    ...     _ = hold_limits(ax, "y", 0, 10), hold_limits(ax, "y", 0, 1)
    >>> tuple(map(float, ax.get_ylim()))
    (0.0, 10.0)
    """
    _COVERING.data = {}
    try:
        yield
    finally:
        _COVERING.data = None


def hold_limits(ax: Axes, axis: str, low: float, high: float,
                step: float | None = None) -> tuple[float, float]:
    """Set ``ax``'s ``axis`` ("x" or "y") limits for data from ``low`` to ``high`` with
    :func:`steady_limits`, from the limits this function last set there: while they hold,
    a dashboard redraws only its data (see :mod:`saleslab.blit`). A new axes starts from
    the data's own range, so a notebook figure does not depend on earlier calls.

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> hold_limits(ax, "y", 0, 145_658), hold_limits(ax, "y", 0, 120_000)
    ((0.0, 150000.0), (0.0, 150000.0))
    """
    held = _HELD.setdefault(ax, {})
    current, covered = held.get(axis), getattr(_COVERING, "data", None)
    if covered is not None:  # this data joins what was covered so far on this axis
        before, low0, high0, least = covered.get((id(ax), axis), (current, low, high, high - low))
        least = min(least, high - low)  # the narrowest data must fill the limits too
        low, high = min(low, low0), max(high, high0)
        covered[(id(ax), axis)] = (before, low, high, least)
        keep = (before is not None and before[0] <= low and high <= before[1]
                and least >= HOLD_FILL * (before[1] - before[0]))
        current = before if keep else None
    held[axis] = steady_limits(current, low, high, step)
    (ax.set_xlim if axis == "x" else ax.set_ylim)(*held[axis])
    return held[axis]
