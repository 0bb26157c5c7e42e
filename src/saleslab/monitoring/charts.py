"""Shewhart control charts, following the NIST/SEMATECH e-Handbook, chapter 6.3.

Each chart returns one row per point with the columns ``value``, ``center``, ``lcl``,
``ucl`` and ``signal`` (True when the point lies beyond a limit). ``baseline=n`` estimates
the center and limits from the first ``n`` points only ("phase I") and applies them to every
point, so a change after a stable stretch shows against limits it did not widen.

>>> chart = individuals_chart([49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1])
>>> chart[["center", "lcl", "ucl"]].iloc[0].round(4).tolist()
[50.81, 45.8159, 55.8041]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..validate import check_number
from . import _inputs

#: Bias constant for moving ranges of two points, d2(2) (NIST 6.3.2.2).
D2 = 1.128
#: Upper-limit factor for a moving-range chart of two points, D4(2) = 1 + 3·d3/d2.
D4 = 3.267


def _frame(value, center, lcl, ucl, index: pd.Index) -> pd.DataFrame:
    n = len(index)
    frame = pd.DataFrame(
        {name: np.broadcast_to(np.asarray(column, dtype=float), (n,)).copy()
         for name, column in (("value", value), ("center", center), ("lcl", lcl), ("ucl", ucl))},
        index=index,
    )
    frame["signal"] = (frame["value"] > frame["ucl"]) | (frame["value"] < frame["lcl"])
    return frame


def _moving_ranges(values: np.ndarray) -> np.ndarray:
    return np.abs(np.diff(values))


def individuals_chart(
    values: object, baseline: int | None = None, lower_bound: float | None = None
) -> pd.DataFrame:
    """Individuals (X) chart: limits x̄ ± 3·MR̄/1.128 (NIST 6.3.2.2).

    ``lower_bound=0`` truncates the lower limit for quantities that cannot be negative,
    such as calls per week.

    >>> individuals_chart([5, 7, 6, 30], baseline=3)["signal"].tolist()
    [False, False, False, True]
    """
    array, index = _inputs.series("values", values, min_length=2)
    n_base = _inputs.baseline(baseline, len(array), minimum=2)
    if lower_bound is not None:
        lower_bound = check_number("lower_bound", lower_bound)
    base = array[:n_base]
    center = base.mean()
    sigma = _moving_ranges(base).mean() / D2
    lcl = center - 3 * sigma
    if lower_bound is not None:
        lcl = max(lcl, lower_bound)
    return _frame(array, center, lcl, center + 3 * sigma, index)


def moving_range_chart(values: object, baseline: int | None = None) -> pd.DataFrame:
    """Moving-range chart: center MR̄, UCL 3.267·MR̄, LCL 0 (NIST 6.3.2.2).

    The first row has no moving range: its ``value`` is NaN and its ``signal`` False, so
    the rows line up with :func:`individuals_chart`.

    >>> moving_range_chart([1, 3, 2])["value"].tolist()
    [nan, 2.0, 1.0]
    """
    array, index = _inputs.series("values", values, min_length=2)
    n_base = _inputs.baseline(baseline, len(array), minimum=2)
    mr_bar = _moving_ranges(array[:n_base]).mean()
    ranges = np.concatenate([[np.nan], _moving_ranges(array)])
    return _frame(ranges, mr_bar, 0.0, D4 * mr_bar, index)


def _proportions(counts: object, sizes: object, baseline: int | None):
    numbers, index = _inputs.counts("counts", counts)
    n = _inputs.sizes("sizes", sizes, len(numbers), whole=True)
    above = numbers > n
    if above.any():
        position = int(np.argmax(above))
        raise ValueError(f"`counts` must not exceed `sizes`, got {numbers[position]:.0f} of "
                         f"{n[position]:.0f} at position {position}")
    n_base = _inputs.baseline(baseline, len(numbers), minimum=1)
    p_bar = numbers[:n_base].sum() / n[:n_base].sum()
    return numbers / n, n, p_bar, n_base, index


def p_chart(counts: object, sizes: object, baseline: int | None = None) -> pd.DataFrame:
    """p chart for the share of items with a property (deals lost, leads not called).

    Limits p̄ ± 3·√(p̄(1−p̄)/nᵢ), p̄ = Σcounts/Σsizes (NIST 6.3.3.2); the lower limit is
    truncated at 0 and the upper at 1.

    >>> p_chart([2, 3, 1], [10, 10, 10])["center"].round(3).tolist()
    [0.2, 0.2, 0.2]
    """
    shares, n, p_bar, _n_base, index = _proportions(counts, sizes, baseline)
    half_width = 3 * np.sqrt(p_bar * (1 - p_bar) / n)
    return _frame(shares, p_bar, np.maximum(p_bar - half_width, 0.0),
                  np.minimum(p_bar + half_width, 1.0), index)


def np_chart(counts: object, size: int, baseline: int | None = None) -> pd.DataFrame:
    """np chart: the count itself, for a fixed sample ``size``; limits n·p̄ ± 3·√(n·p̄(1−p̄)).

    >>> np_chart([2, 3, 1], size=10)["ucl"].round(3).tolist()[0]
    5.795
    """
    numbers, index = _inputs.counts("counts", counts)
    n = _inputs.whole_size("size", size)
    above = numbers > n
    if above.any():
        position = int(np.argmax(above))
        raise ValueError(f"`counts` must not exceed `size` ({n:.0f}), "
                         f"got {numbers[position]:.0f} at position {position}")
    n_base = _inputs.baseline(baseline, len(numbers), minimum=1)
    p_bar = numbers[:n_base].mean() / n
    half_width = 3 * np.sqrt(n * p_bar * (1 - p_bar))
    return _frame(numbers, n * p_bar, max(n * p_bar - half_width, 0.0),
                  min(n * p_bar + half_width, n), index)


def c_chart(counts: object, baseline: int | None = None) -> pd.DataFrame:
    """c chart for counts of events per equal period: limits c̄ ± 3·√c̄ (NIST 6.3.3.1).

    >>> c_chart([16, 14, 28, 16])["center"].iloc[0]
    np.float64(18.5)
    """
    numbers, index = _inputs.counts("counts", counts)
    n_base = _inputs.baseline(baseline, len(numbers), minimum=1)
    c_bar = numbers[:n_base].mean()
    return _frame(numbers, c_bar, max(c_bar - 3 * np.sqrt(c_bar), 0.0),
                  c_bar + 3 * np.sqrt(c_bar), index)


def u_chart(counts: object, sizes: object, baseline: int | None = None) -> pd.DataFrame:
    """u chart for events per unit when the units vary: limits ū ± 3·√(ū/nᵢ).

    ``sizes`` may be fractional (reps on duty, thousands of leads); ū = Σcounts/Σsizes.

    >>> u_chart([4, 9], [2, 3])["value"].tolist()
    [2.0, 3.0]
    """
    numbers, index = _inputs.counts("counts", counts)
    n = _inputs.sizes("sizes", sizes, len(numbers), whole=False)
    n_base = _inputs.baseline(baseline, len(numbers), minimum=1)
    u_bar = numbers[:n_base].sum() / n[:n_base].sum()
    half_width = 3 * np.sqrt(u_bar / n)
    return _frame(numbers / n, u_bar, np.maximum(u_bar - half_width, 0.0),
                  u_bar + half_width, index)


def laney_p_chart(counts: object, sizes: object, baseline: int | None = None) -> pd.DataFrame:
    """Laney p′ chart for large or over-dispersed samples (Laney 2002).

    zᵢ = (pᵢ − p̄)/σ_pᵢ, σ_z = MR̄(z)/1.128 and limits p̄ ± 3·σ_pᵢ·σ_z: the p chart's limits
    widened (or narrowed) by the week-to-week variation the binomial model does not explain.

    >>> laney_p_chart([30, 60, 45, 50], [400, 400, 400, 400])["signal"].any()
    np.False_
    """
    shares, n, p_bar, n_base, index = _proportions(counts, sizes, baseline)
    if n_base < 2:
        raise ValueError(f"`baseline` must be at least 2 for a Laney p′ chart, got {n_base}")
    if p_bar in (0.0, 1.0):
        raise ValueError(f"a Laney p′ chart needs a baseline share strictly between 0 and 1, "
                         f"got {p_bar}")
    sigma_p = np.sqrt(p_bar * (1 - p_bar) / n)
    z = (shares - p_bar) / sigma_p
    sigma_z = _moving_ranges(z[:n_base]).mean() / D2
    half_width = 3 * sigma_p * sigma_z
    return _frame(shares, p_bar, np.maximum(p_bar - half_width, 0.0),
                  np.minimum(p_bar + half_width, 1.0), index)
