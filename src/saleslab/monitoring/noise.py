"""The cost of reacting to noise: false alarms and weeks-to-detect, by simulation.

Every chart trades false alarms against speed. Many weekly series are simulated from a
stable process (mean 0, sigma 1) and again with a sustained shift of a given size present
from week 1; each chart watches every series and we count the weeks until its first signal.

>>> run_length("cusum", shift=2.0, n_series=200, horizon=100, seed=1).median
4.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..localformat import chinese_edition, headline_repr
from ..validate import check_number
from .drift import cusum_sums, ewma_statistic, ewma_width
from .rules import rule_flags

#: Chart designs compared, with the names a learner reads.
CHARTS: dict[str, str] = {
    "shewhart": N_("Shewhart 3-sigma limits"),
    "western_electric": N_("Shewhart + Western Electric rules"),
    "cusum": N_("CUSUM (k = 0.5, h = 5)"),
    "ewma": N_("EWMA (λ = 0.2, L = 3)"),
}


@dataclass(frozen=True)
class RunLength:
    """How long one chart design takes to signal, over many simulated series.

    ``average`` is weeks watched ÷ signals raised, the usual estimate when some series do
    not signal within the horizon (it equals the plain mean when all do); ``median`` is
    ``inf`` when fewer than half the series signalled; ``per_week`` = 1/average is the
    false-alarm rate when ``shift`` is 0.
    """

    chart: str
    shift: float
    n_series: int
    horizon: int
    average: float
    median: float
    detected_share: float

    @property
    def per_week(self) -> float:
        """Signals per week watched (the false-alarm rate for an in-control process)."""
        return 1.0 / self.average

    def __repr__(self) -> str:
        return headline_repr("RunLength", _(
            "{chart}, shift={shift:g} sigma: average {average:.1f} weeks, median {median:g}, "
            "{share:.0%} signalled within {horizon} weeks").format(
            chart=_(CHARTS[self.chart]) if chinese_edition() else self.chart,  # English: the key
            shift=self.shift, average=self.average, median=self.median,
            share=self.detected_share, horizon=self.horizon))


def _signals(chart: str, x: np.ndarray) -> np.ndarray:
    if chart == "shewhart":
        return np.abs(x) > 3
    if chart == "western_electric":
        return np.logical_or.reduce(list(rule_flags(x, "western_electric").values()))
    if chart == "cusum":
        upper, lower = cusum_sums(x, k=0.5, h=5.0)
        return (upper > 5.0) | (lower > 5.0)
    width = 3.0 * ewma_width(x.shape[-1], 0.2)
    return np.abs(ewma_statistic(x, 0.0, 0.2)) > width


def _weeks_to_signal(signals: np.ndarray) -> np.ndarray:
    first = np.argmax(signals, axis=-1) + 1.0
    return np.where(signals.any(axis=-1), first, np.inf)


def _summary(chart: str, shift: float, weeks: np.ndarray, horizon: int) -> RunLength:
    detected = np.isfinite(weeks)
    watched = np.where(detected, weeks, horizon).sum()
    average = watched / detected.sum() if detected.any() else np.inf
    return RunLength(chart=chart, shift=shift, n_series=len(weeks), horizon=horizon,
                     average=float(average), median=float(np.median(weeks)),
                     detected_share=float(detected.mean()))


def _check(chart: object, shift: object, n_series: object, horizon: object,
           seed: object) -> tuple[str, float]:
    if not isinstance(chart, str) or chart not in CHARTS:
        raise ValueError(f"`chart` must be one of {list(CHARTS)}, got {chart!r}")
    shift = check_number("shift", shift)
    if not np.isfinite(shift):
        raise ValueError(f"`shift` must be a finite number of sigmas, got {shift!r}")
    _check_count("n_series", n_series, 1)
    _check_count("horizon", horizon, 1)
    _check_count("seed", seed, 0)
    return chart, shift


def _check_count(name: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"`{name}` must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"`{name}` must be at least {minimum}, got {value}")


def run_length(
    chart: str, shift: float = 0.0, n_series: int = 2000, horizon: int = 1000, seed: int = 0
) -> RunLength:
    """Weeks until ``chart`` first signals, on ``n_series`` simulated weekly series.

    ``chart`` is one of :data:`CHARTS`; ``shift`` is the size of the sustained change in
    sigmas (0 for a stable process: every signal is then a false alarm).

    >>> run_length("shewhart", shift=3.0, n_series=500, horizon=50, seed=0).median
    2.0
    """
    chart, shift = _check(chart, shift, n_series, horizon, seed)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_series, horizon)) + shift
    return _summary(chart, shift, _weeks_to_signal(_signals(chart, x)), horizon)


def detection_table(
    shift_sizes: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0),
    n_series: int = 1000,
    horizon: int = 520,
    seed: int = 0,
) -> pd.DataFrame:
    """False alarms and weeks-to-detect for every chart design and shift size.

    One row per chart and shift: ``chart`` (key), ``label``, ``shift`` (sigmas),
    ``average_weeks``, ``median_weeks``, ``detected_share`` (within ``horizon`` weeks) and
    ``alarms_per_week`` — at shift 0 the false-alarm rate. All designs see the same
    simulated series for a given shift, so differences come from the charts, not the draw.

    >>> table = detection_table((0.0, 1.0), n_series=300, horizon=300, seed=3)
    >>> table.set_index(["chart", "shift"]).loc[("shewhart", 1.0), "median_weeks"] > 10
    np.True_
    """
    if isinstance(shift_sizes, (str, bytes)) or not hasattr(shift_sizes, "__iter__"):
        raise TypeError(f"`shift_sizes` must be a list of shift sizes in sigmas, "
                        f"got {shift_sizes!r}")
    shifts = [_check("shewhart", s, n_series, horizon, seed)[1] for s in shift_sizes]
    if not shifts:
        raise ValueError("`shift_sizes` must hold at least one shift size, got none")
    streams = np.random.SeedSequence(seed).spawn(len(shifts))
    rows = []
    for shift, stream in zip(shifts, streams):
        x = np.random.default_rng(stream).standard_normal((n_series, horizon)) + shift
        for chart, label in CHARTS.items():
            result = _summary(chart, shift, _weeks_to_signal(_signals(chart, x)), horizon)
            rows.append({"chart": chart, "label": _(label), "shift": shift,
                         "average_weeks": result.average, "median_weeks": result.median,
                         "detected_share": result.detected_share,
                         "alarms_per_week": result.per_week})
    return pd.DataFrame(rows)
