"""Run rules: patterns that are unlikely to be noise even inside the control limits.

Western Electric (1956) has four rules, Nelson (1984) eight. Zones come from the chart
itself: one sigma is (ucl − center)/3 at each point. A rule fires at the point that
completes its pattern; for "2 of 3" and "4 of 5" that point must itself be one of the points
beyond the zone, and near the start of a series the window holds the points there are.

>>> chart = pd.DataFrame({"value": [0, 0, 0, 3.5], "center": 0.0, "ucl": 3.0})
>>> western_electric(chart)["beyond_3_sigma"].tolist()
[False, False, False, True]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import N_, _

#: Each rule set: rule name → learner-facing description (translated where shown).
RULE_SETS: dict[str, dict[str, str]] = {
    "western_electric": {
        "beyond_3_sigma": N_("1 point beyond a control limit (3 sigma)"),
        "2_of_3_beyond_2_sigma": N_("2 of 3 points in a row beyond 2 sigma on the same side"),
        "4_of_5_beyond_1_sigma": N_("4 of 5 points in a row beyond 1 sigma on the same side"),
        "8_same_side": N_("8 points in a row on the same side of the center line"),
    },
    "nelson": {
        "beyond_3_sigma": N_("1 point beyond a control limit (3 sigma)"),
        "9_same_side": N_("9 points in a row on the same side of the center line"),
        "6_trending": N_("6 points in a row steadily rising or steadily falling"),
        "14_alternating": N_("14 points in a row alternating up and down"),
        "2_of_3_beyond_2_sigma": N_("2 of 3 points in a row beyond 2 sigma on the same side"),
        "4_of_5_beyond_1_sigma": N_("4 of 5 points in a row beyond 1 sigma on the same side"),
        "15_within_1_sigma": N_("15 points in a row within 1 sigma of the center line "
                                "(less variation than expected)"),
        "8_beyond_1_sigma": N_("8 points in a row beyond 1 sigma, on either side"),
    },
}


def _window_count(mask: np.ndarray, window: int) -> np.ndarray:
    """How many of the last ``window`` points (up to and including each point) are True."""
    total = np.cumsum(mask, axis=-1, dtype=np.int64)
    shifted = np.zeros_like(total)
    shifted[..., window:] = total[..., :-window]
    return total - shifted


def _in_a_row(mask: np.ndarray, n: int) -> np.ndarray:
    return _window_count(mask, n) == n


def _k_of_m(z: np.ndarray, k: int, m: int, beyond: float) -> np.ndarray:
    high, low = z > beyond, z < -beyond
    return (high & (_window_count(high, m) >= k)) | (low & (_window_count(low, m) >= k))


def _trending(z: np.ndarray, n: int) -> np.ndarray:
    steps = np.diff(z, axis=-1)
    rising = _in_a_row(steps > 0, n - 1) | _in_a_row(steps < 0, n - 1)
    pad = np.zeros(z.shape[:-1] + (1,), dtype=bool)
    return np.concatenate([pad, rising], axis=-1)[..., : z.shape[-1]]


def _alternating(z: np.ndarray, n: int) -> np.ndarray:
    direction = np.sign(np.diff(z, axis=-1))
    flips = direction[..., 1:] * direction[..., :-1] < 0
    pad = np.zeros(z.shape[:-1] + (2,), dtype=bool)
    return np.concatenate([pad, _in_a_row(flips, n - 2)], axis=-1)[..., : z.shape[-1]]


_RULES = {
    "beyond_3_sigma": lambda z: np.abs(z) > 3,
    "2_of_3_beyond_2_sigma": lambda z: _k_of_m(z, 2, 3, 2.0),
    "4_of_5_beyond_1_sigma": lambda z: _k_of_m(z, 4, 5, 1.0),
    "8_same_side": lambda z: _in_a_row(z > 0, 8) | _in_a_row(z < 0, 8),
    "9_same_side": lambda z: _in_a_row(z > 0, 9) | _in_a_row(z < 0, 9),
    "6_trending": lambda z: _trending(z, 6),
    "14_alternating": lambda z: _alternating(z, 14),
    "15_within_1_sigma": lambda z: _in_a_row(np.abs(z) < 1, 15),
    "8_beyond_1_sigma": lambda z: _in_a_row(np.abs(z) > 1, 8),
}


def rule_flags(z: np.ndarray, rules: str = "western_electric") -> dict[str, np.ndarray]:
    """Which rule fires where, for standardised points z = (value − center)/sigma.

    Works along the last axis, so a matrix of many simulated series is checked at once.

    >>> rule_flags(np.array([0.5, 2.5, 2.2]))["2_of_3_beyond_2_sigma"].tolist()
    [False, False, True]
    """
    names = _rule_names(rules)
    z = np.asarray(z, dtype=float)
    with np.errstate(invalid="ignore"):
        return {name: _RULES[name](z) for name in names}


def _rule_names(rules: object) -> dict[str, str]:
    if not isinstance(rules, str) or rules not in RULE_SETS:
        raise ValueError(f"`rules` must be one of {sorted(RULE_SETS)}, got {rules!r}")
    return RULE_SETS[rules]


def standardise(chart: pd.DataFrame) -> np.ndarray:
    """Each point's distance from the center in sigmas, sigma = (ucl − center)/3.

    >>> standardise(pd.DataFrame({"value": [1.0, 4.0], "center": 1.0, "ucl": 4.0})).tolist()
    [0.0, 3.0]
    """
    if not isinstance(chart, pd.DataFrame):
        raise TypeError(f"`chart` must be a chart DataFrame, got {type(chart).__name__}")
    missing = [c for c in ("value", "center", "ucl") if c not in chart.columns]
    if missing:
        raise ValueError(f"`chart` must have the columns value, center and ucl; "
                         f"missing {missing}")
    value = chart["value"].to_numpy(dtype=float)
    center = chart["center"].to_numpy(dtype=float)
    sigma = (chart["ucl"].to_numpy(dtype=float) - center) / 3
    gap = value - center
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sigma > 0, gap / np.where(sigma > 0, sigma, 1.0), np.sign(gap) * np.inf)
    return np.where(np.isnan(gap), np.nan, z)


def run_rules(chart: pd.DataFrame, rules: str = "western_electric") -> pd.DataFrame:
    """One row per point of ``chart``, one True/False column per rule of the set.

    ``rules`` is ``"western_electric"`` or ``"nelson"``.

    >>> chart = pd.DataFrame({"value": [1.0] * 8, "center": 0.0, "ucl": 9.0})
    >>> run_rules(chart)["8_same_side"].tolist()
    [False, False, False, False, False, False, False, True]
    """
    flags = rule_flags(standardise(chart), rules)
    return pd.DataFrame(flags, index=chart.index)


def western_electric(chart: pd.DataFrame) -> pd.DataFrame:
    """The four Western Electric rules on a chart; see :func:`run_rules`."""
    return run_rules(chart, "western_electric")


def nelson(chart: pd.DataFrame) -> pd.DataFrame:
    """Nelson's eight rules on a chart; see :func:`run_rules`."""
    return run_rules(chart, "nelson")


def rule_signals(flags: pd.DataFrame) -> pd.DataFrame:
    """The fired rules as a long table: ``point`` (the chart's index), ``rule``, ``description``.

    >>> chart = pd.DataFrame({"value": [0.0, 4.0], "center": 0.0, "ucl": 3.0})
    >>> rule_signals(western_electric(chart))[["point", "rule"]].values.tolist()
    [[1, 'beyond_3_sigma']]
    """
    if not isinstance(flags, pd.DataFrame):
        raise TypeError(f"`flags` must be the DataFrame from run_rules, got "
                        f"{type(flags).__name__}")
    descriptions = {name: text for rule_set in RULE_SETS.values()
                    for name, text in rule_set.items()}
    unknown = [c for c in flags.columns if c not in descriptions]
    if unknown:
        raise ValueError(f"`flags` must come from run_rules; unknown columns {unknown}")
    rows = [
        {"point": point, "rule": rule, "description": _(descriptions[rule])}
        for point, fired in flags.iterrows()
        for rule in flags.columns
        if fired[rule]
    ]
    return pd.DataFrame(rows, columns=["point", "rule", "description"])
