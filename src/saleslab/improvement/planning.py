"""Plan a test in months, and read what repeated tests measured.

:func:`plan_test` turns a baseline rate, a hoped-for improvement and the leads each group
gets per month into the test's power and the months it must run.
:func:`summarise_repeats` and :func:`reading_spread` condense the tables of
:func:`repeat_experiment` and :func:`repeat_change` into the few numbers a manager reads:
where most measured effects fell, and how often a test looked significant.

>>> plan_test(0.10, 0.30, leads_per_month=600, months=3).months_needed
3
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import _
from ..localformat import headline_repr
from ..plots import count, percent
from ..validate import check_number
from ._checks import check_alpha, check_count, check_frame, check_open_rate
from .compare import power_two_proportions, sample_size_two_proportions, signed_percent

#: Share of runs inside the reported spread: the middle 90%.
SPREAD = 0.90


@dataclass(frozen=True)
class ExperimentPlan:
    """A test of a change to a rate, sized in leads per group and in months."""

    p0: float
    p1: float
    leads_per_month: int
    months: int
    n_per_arm: int
    power: float
    needed_per_arm: int
    months_needed: int
    alpha: float
    target_power: float

    @property
    def uplift(self) -> float:
        """The hoped-for change relative to the baseline: 0.3 means +30%."""
        return self.p1 / self.p0 - 1

    def headline(self) -> str:
        """One sentence: the power of the planned test and how long a reliable one takes."""
        return _(
            "{p0} → {p1} ({uplift}): {months} months × {leads} leads per group = {n} per group "
            "gives {power} power; {target} power needs {needed} per group, {months_needed} months"
        ).format(
            p0=percent(self.p0), p1=percent(self.p1), uplift=signed_percent(self.uplift),
            months=self.months, leads=count(self.leads_per_month), n=count(self.n_per_arm),
            power=percent(self.power, digits=0), target=percent(self.target_power, digits=0),
            needed=count(self.needed_per_arm), months_needed=self.months_needed,
        )

    def __repr__(self) -> str:
        return headline_repr("ExperimentPlan", self.headline())


def plan_test(
    p0: float, uplift: float, leads_per_month: int, months: int = 3,
    alpha: float = 0.05, power: float = 0.8,
) -> ExperimentPlan:
    """Power of a test that runs ``months`` months with ``leads_per_month`` leads per group,
    and the whole months needed to reach ``power``.

    ``p0`` is today's rate (e.g. the share of leads that become won deals) and ``uplift`` the
    hoped-for relative improvement (0.3 = +30%, so p1 = p0 × 1.3). Uses
    :func:`power_two_proportions` and :func:`sample_size_two_proportions`.

    >>> plan = plan_test(0.10, 0.30, leads_per_month=600, months=2)
    >>> plan.n_per_arm, round(plan.power, 2), plan.needed_per_arm, plan.months_needed
    (1200, 0.64, 1772, 3)
    >>> plan_test(0.8, 0.3, 100)
    Traceback (most recent call last):
    ...
    ValueError: `uplift` of 0.3 on a baseline of 0.8 gives a rate of 1.04; it must stay below 1
    """
    p0 = check_open_rate("p0", p0)
    uplift = check_number("uplift", uplift)
    if uplift == 0 or uplift <= -1:
        raise ValueError(
            f"`uplift` must be above -1 and not 0 (a change to detect), got {uplift!r}"
        )
    p1 = p0 * (1 + uplift)
    if p1 >= 1:
        raise ValueError(
            f"`uplift` of {uplift!r} on a baseline of {p0!r} gives a rate of {p1:.3g}; "
            "it must stay below 1"
        )
    leads_per_month = check_count("leads_per_month", leads_per_month, positive=True)
    months = check_count("months", months, positive=True)
    alpha, target = check_alpha(alpha), check_open_rate("power", power)
    n = leads_per_month * months
    needed = sample_size_two_proportions(p0, p1, alpha, target)
    return ExperimentPlan(
        p0=p0, p1=p1, leads_per_month=leads_per_month, months=months, n_per_arm=n,
        power=power_two_proportions(p0, p1, n, alpha), needed_per_arm=needed,
        months_needed=math.ceil(needed / leads_per_month), alpha=alpha, target_power=target,
    )


def _bounds(values: np.ndarray) -> tuple[float, float]:
    tail = (1 - SPREAD) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return float(low), float(high)


@dataclass(frozen=True)
class RepeatSummary:
    """What many runs of the same test measured (effects relative: 0.3 = +30%).

    ``low`` and ``high`` bound the middle 90% of measured effects; ``share_significant`` is
    the share of runs with p < alpha (the power, or the false-alarm rate when the true
    effect is 0); ``share_wrong_sign`` the share that measured no gain or a loss although
    the change helps (NaN when the true effect is not positive).
    """

    true_effect: float
    runs: int
    median: float
    low: float
    high: float
    share_significant: float
    share_wrong_sign: float

    def headline(self) -> str:
        """One sentence: the truth, where most measurements fell, how often it 'worked'."""
        return _(
            "True effect {truth}; 9 in 10 of {runs} runs measured between {low} and {high}; "
            "significant in {significant}"
        ).format(
            truth=signed_percent(self.true_effect), runs=count(self.runs),
            low=signed_percent(self.low), high=signed_percent(self.high),
            significant=percent(self.share_significant, digits=0),
        )

    def __repr__(self) -> str:
        return headline_repr("RepeatSummary", self.headline())


def summarise_repeats(runs: pd.DataFrame) -> RepeatSummary:
    """Condense a :func:`repeat_experiment` table into a :class:`RepeatSummary`.

    Runs whose group A won nothing (no relative effect) are left out of the spread.

    >>> from saleslab.improvement import repeat_experiment
    >>> summary = summarise_repeats(repeat_experiment(0.10, 0.13, 900, runs=2000, seed=1))
    >>> summary.share_significant, round(summary.low, 2), round(summary.high, 2)
    (0.4975, 0.04, 0.62)
    """
    check_frame("runs", runs, ["relative_effect", "significant", "true_effect"])
    effects = runs["relative_effect"].to_numpy(dtype=float)
    measured = effects[~np.isnan(effects)]
    if measured.size == 0:
        raise ValueError("`runs` has no run with a measured relative effect")
    truth = float(runs["true_effect"].iloc[0])
    low, high = _bounds(measured)
    return RepeatSummary(
        true_effect=truth, runs=len(runs), median=float(np.median(measured)), low=low,
        high=high, share_significant=float(runs["significant"].to_numpy(dtype=bool).mean()),
        share_wrong_sign=float((measured <= 0).mean()) if truth > 0 else math.nan,
    )


def reading_spread(runs: pd.DataFrame) -> pd.DataFrame:
    """How far each reading of a :func:`repeat_change` table lands from the truth.

    One row per reading (``before_after``, ``comparison``); columns ``average``, ``low`` and
    ``high`` (the middle 90% of runs) and ``bias`` (average − true effect).

    >>> from saleslab.improvement import PITFALLS, repeat_change
    >>> table = reading_spread(repeat_change(runs=50, seed=2, **PITFALLS["trend"]))
    >>> round(float(table.loc["before_after", "bias"]), 2)
    0.12
    >>> bool(abs(table.loc["comparison", "bias"]) < 0.01)
    True
    """
    check_frame("runs", runs, ["before_after", "comparison", "true_effect"])
    truth = float(runs["true_effect"].iloc[0])
    rows = {}
    for reading in ("before_after", "comparison"):
        values = runs[reading].to_numpy(dtype=float)
        if not np.isfinite(values).all():
            raise ValueError(f"column `{reading}` must not hold missing or infinite values")
        low, high = _bounds(values)
        rows[reading] = {"average": float(values.mean()), "low": low, "high": high,
                         "bias": float(values.mean()) - truth}
    return pd.DataFrame.from_dict(rows, orient="index")

