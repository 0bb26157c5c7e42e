"""Charts with memory for small, slow drifts: tabular CUSUM and EWMA (NIST 6.3.2.3–6.3.2.4).

A Shewhart chart looks at one week at a time and misses a small shift for many weeks;
CUSUM and EWMA add up the evidence across weeks, so a one-sigma drift in win rate shows
in about ten weeks instead of forty-four.

>>> cusum([10, 12, 12, 12], target=10, sigma=1)["upper"].tolist()
[0.0, 1.5, 3.0, 4.5]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from ..validate import check_number, check_positive
from . import _inputs


def cusum_sums(
    deviations: np.ndarray, k: float, h: float
) -> tuple[np.ndarray, np.ndarray]:
    """Upper and lower tabular CUSUMs of standardised deviations, along the last axis.

    ``deviations`` are (x − μ₀)/σ; ``k`` and ``h`` are in multiples of σ. Loops over time
    only, so many series (rows) are summed at once.

    >>> upper, lower = cusum_sums(np.array([1.0, -2.0]), k=0.5, h=5)
    >>> upper.tolist(), lower.tolist()
    ([0.5, 0.0], [0.0, 1.5])
    """
    upper = np.zeros_like(deviations, dtype=float)
    lower = np.zeros_like(deviations, dtype=float)
    previous_upper = np.zeros(deviations.shape[:-1])
    previous_lower = np.zeros(deviations.shape[:-1])
    for i in range(deviations.shape[-1]):
        previous_upper = np.maximum(0.0, deviations[..., i] - k + previous_upper)
        previous_lower = np.maximum(0.0, -k - deviations[..., i] + previous_lower)
        upper[..., i] = previous_upper
        lower[..., i] = previous_lower
    return upper, lower


def cusum(
    values: object, target: float, sigma: float, k: float = 0.5, h: float = 5.0
) -> pd.DataFrame:
    """Tabular CUSUM: C⁺ᵢ = max(0, xᵢ − (μ₀+K) + C⁺ᵢ₋₁), C⁻ᵢ = max(0, (μ₀−K) − xᵢ + C⁻ᵢ₋₁).

    ``target`` is μ₀, ``sigma`` the in-control standard deviation, ``k`` and ``h`` multiples
    of sigma (K = k·σ, H = h·σ). Columns ``value``, ``upper`` (C⁺), ``lower`` (C⁻), both in
    the units of the data, and ``signal`` (either sum above H). The sums are not reset after
    a signal, as in Montgomery's tables.

    >>> cusum([10, 12, 12, 12, 12], target=10, sigma=1, h=5)["signal"].tolist()
    [False, False, False, False, True]
    """
    array, index = _inputs.series("values", values)
    target = _finite("target", target)
    sigma = check_positive("sigma", sigma)
    k = _inputs.multiple("k", k)
    h = _inputs.multiple("h", h)
    upper, lower = cusum_sums((array - target) / sigma, k, h)
    frame = pd.DataFrame({"value": array, "upper": upper * sigma, "lower": lower * sigma},
                         index=index)
    frame["signal"] = (upper > h) | (lower > h)
    return frame


def ewma_statistic(values: np.ndarray, target: float, lam: float) -> np.ndarray:
    """zᵢ = λxᵢ + (1−λ)zᵢ₋₁ with z₀ = target, along the last axis.

    >>> ewma_statistic(np.array([52.0, 47.0]), 50.0, 0.3).round(2).tolist()
    [50.6, 49.52]
    """
    start = np.full(values.shape[:-1] + (1,), (1 - lam) * target)
    statistic, _state = lfilter([lam], [1.0, lam - 1.0], values, axis=-1, zi=start)
    return statistic


def ewma_width(n_points: int, lam: float) -> np.ndarray:
    """Standard deviation of zᵢ in units of σ: √(λ/(2−λ)·[1−(1−λ)^{2i}]), i = 1…n.

    >>> ewma_width(2, 1.0).tolist()
    [1.0, 1.0]
    """
    i = np.arange(1, n_points + 1)
    return np.sqrt(lam / (2 - lam) * (1 - (1 - lam) ** (2 * i)))


def ewma(
    values: object, target: float, sigma: float, lam: float = 0.2, L: float = 3.0
) -> pd.DataFrame:
    """EWMA chart with time-varying limits μ₀ ± L·σ·√(λ/(2−λ)·[1−(1−λ)^{2i}]).

    The limits start narrow and widen to their steady value μ₀ ± L·σ·√(λ/(2−λ)), so an
    early shift is not hidden. Columns ``value``, ``ewma``, ``lcl``, ``ucl``, ``signal``.

    >>> ewma([50, 50, 58], target=50, sigma=2, lam=0.3)["signal"].tolist()
    [False, False, True]
    """
    array, index = _inputs.series("values", values)
    target = _finite("target", target)
    sigma = check_positive("sigma", sigma)
    lam = check_number("lam", lam)
    if not 0 < lam <= 1:
        raise ValueError(f"`lam` must be greater than 0 and at most 1, got {lam!r}")
    L = _inputs.multiple("L", L)
    statistic = ewma_statistic(array, target, lam)
    width = L * sigma * ewma_width(len(array), lam)
    frame = pd.DataFrame({"value": array, "ewma": statistic, "lcl": target - width,
                          "ucl": target + width}, index=index)
    frame["signal"] = (frame["ewma"] > frame["ucl"]) | (frame["ewma"] < frame["lcl"])
    return frame


def _finite(name: str, value: object) -> float:
    number = check_number(name, value)
    if not np.isfinite(number):
        raise ValueError(f"`{name}` must be a finite number, got {value!r}")
    return number
