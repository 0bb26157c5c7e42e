"""Check an effect on a rate: compare two proportions, and plan how many deals a test needs.

A change to the sales process is tested like a trial: group A keeps the old way, group B
gets the change, and we compare their close rates. :func:`two_proportions` gives the
difference and the ratio with their intervals and a p-value (statsmodels);
:func:`sample_size_two_proportions` and :func:`power_two_proportions` say how big the test
must be to see an effect of a given size; :func:`repeat_experiment` repeats one test many
times so a learner sees how much a single measurement scatters.

>>> round(two_proportions(100, 1000, 130, 1000).difference, 4)
0.03
>>> sample_size_two_proportions(0.10, 0.13)
1772
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

from ..i18n import _
from ..localformat import headline_repr
from ..plots import percent
from ..validate import check_positive
from ._checks import (
    check_alpha,
    check_count,
    check_open_rate,
    check_real_sequence,
    check_seed,
)


def format_p_value(p_value: float) -> str:
    """A p-value as a reader sees it: ``p = 0.035``, or ``p < 0.001`` when tiny.

    >>> format_p_value(0.0354), format_p_value(0.00002)
    ('p = 0.035', 'p < 0.001')
    """
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def signed_percent(share: float) -> str:
    """A relative change with its sign: ``+18%``, ``-4%``, ``0%``.

    >>> signed_percent(0.183), signed_percent(-0.04), signed_percent(0.0)
    ('+18%', '-4%', '0%')
    """
    text = percent(share, digits=0)
    if text in ("0%", "-0%"):
        return "0%"
    return "+" + text if share > 0 else text


@dataclass(frozen=True)
class TwoProportions:
    """Group B's rate against group A's: difference (B − A), ratio (B / A), intervals, p-value.

    The intervals are ``1 − alpha`` confidence intervals; ``ratio`` is infinite when group A
    has no successes.
    """

    successes_a: int
    n_a: int
    successes_b: int
    n_b: int
    difference: float
    difference_ci: tuple[float, float]
    ratio: float
    ratio_ci: tuple[float, float]
    p_value: float
    alpha: float

    @property
    def rate_a(self) -> float:
        """Share of successes in group A."""
        return self.successes_a / self.n_a

    @property
    def rate_b(self) -> float:
        """Share of successes in group B."""
        return self.successes_b / self.n_b

    @property
    def relative_change(self) -> float:
        """B relative to A: 0.3 means B's rate is 30% higher."""
        return self.ratio - 1.0

    def headline(self) -> str:
        """One sentence with the rates, the change and its uncertainty."""
        low, high = self.difference_ci
        return _(
            "B {rate_b} vs A {rate_a}: {diff:+.1f} points ({level} CI {low:+.1f} to {high:+.1f}), "
            "{relative} relative, {p}"
        ).format(
            rate_b=percent(self.rate_b), rate_a=percent(self.rate_a),
            diff=100 * self.difference, level=percent(1 - self.alpha, digits=0),
            low=100 * low, high=100 * high, relative=signed_percent(self.relative_change),
            p=format_p_value(self.p_value),
        )

    def summary(self) -> str:
        """A small table: rates, difference and ratio with intervals, and the p-value."""
        level = percent(1 - self.alpha, digits=0)
        rows = [
            (_("Group A"), f"{self.successes_a:,} / {self.n_a:,} = {percent(self.rate_a)}"),
            (_("Group B"), f"{self.successes_b:,} / {self.n_b:,} = {percent(self.rate_b)}"),
            (_("Difference B − A"), _("{:+.2f} points ({} CI {:+.2f} to {:+.2f})").format(
                100 * self.difference, level, *(100 * v for v in self.difference_ci))),
            (_("Ratio B / A"), _("{:.2f} ({} CI {:.2f} to {:.2f})").format(
                self.ratio, level, *self.ratio_ci)),
            (_("p-value"), format_p_value(self.p_value)),
        ]
        width = max(len(label) for label, _value in rows)
        return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)

    def __repr__(self) -> str:
        return headline_repr("TwoProportions", self.headline())


def two_proportions(
    successes_a: int, n_a: int, successes_b: int, n_b: int, alpha: float = 0.05
) -> TwoProportions:
    """Compare group B's rate with group A's (e.g. close rate with and without a change).

    The interval for the difference is Newcombe's hybrid score interval and the one for the
    ratio the log-adjusted interval (statsmodels ``confint_proportions_2indep`` defaults).
    The p-value is the classic pooled two-proportion z-test (statsmodels
    ``proportions_ztest``; equal to ``test_proportions_2indep(method="score",
    correction=False)``).

    >>> result = two_proportions(100, 1000, 130, 1000)
    >>> round(result.ratio, 2), round(result.p_value, 4)
    (1.3, 0.0355)
    >>> print(result.summary())  # doctest: +NORMALIZE_WHITESPACE
    Group A           100 / 1,000 = 10%
    Group B           130 / 1,000 = 13%
    Difference B − A  +3.00 points (95% CI +0.20 to +5.81)
    Ratio B / A       1.30 (95% CI 1.02 to 1.66)
    p-value           p = 0.035
    """
    n_a = check_count("n_a", n_a, positive=True)
    n_b = check_count("n_b", n_b, positive=True)
    successes_a = check_count("successes_a", successes_a)
    successes_b = check_count("successes_b", successes_b)
    for name, successes, n in (("successes_a", successes_a, n_a),
                               ("successes_b", successes_b, n_b)):
        if successes > n:
            raise ValueError(f"`{name}` ({successes}) cannot exceed the group size ({n})")
    alpha = check_alpha(alpha)
    pooled = (successes_a + successes_b) / (n_a + n_b)
    if pooled in (0.0, 1.0):
        raise ValueError(
            "both groups have a rate of exactly "
            f"{pooled:.0%}: there is no difference to test"
        )

    # statsmodels compares its first group with its second, so B goes first for B − A.
    difference_ci = confint_proportions_2indep(
        successes_b, n_b, successes_a, n_a, compare="diff", alpha=alpha
    )
    ratio_ci = confint_proportions_2indep(
        successes_b, n_b, successes_a, n_a, compare="ratio", alpha=alpha
    )
    _z, p_value = proportions_ztest([successes_b, successes_a], [n_b, n_a])
    rate_a, rate_b = successes_a / n_a, successes_b / n_b
    return TwoProportions(
        successes_a=successes_a, n_a=n_a, successes_b=successes_b, n_b=n_b,
        difference=rate_b - rate_a,
        difference_ci=(float(difference_ci[0]), float(difference_ci[1])),
        ratio=rate_b / rate_a if rate_a > 0 else math.inf,
        ratio_ci=(float(ratio_ci[0]), float(ratio_ci[1])),
        p_value=float(p_value), alpha=alpha,
    )


def _check_rates(p0: object, p1: object, alpha: object) -> tuple[float, float, float]:
    return check_open_rate("p0", p0), check_open_rate("p1", p1), check_alpha(alpha)


def sample_size_two_proportions(
    p0: float, p1: float, alpha: float = 0.05, power: float = 0.8
) -> int:
    """Deals (or leads) needed per group to detect a change of rate from ``p0`` to ``p1``.

    n = (z_{α/2} + z_β)² · [p₀(1 − p₀) + p₁(1 − p₁)] / (p₁ − p₀)², rounded up,
    for a two-sided test at level ``alpha`` with the given ``power``. For 10% → 13% this is
    1,771.2, so 1,772 per group. (statsmodels' ``NormalIndPower`` on Cohen's h, an
    arcsine-scale effect size, gives 1,768.1, so 1,769: a different approximation.)

    >>> sample_size_two_proportions(0.10, 0.13)
    1772
    >>> sample_size_two_proportions(0.086, 0.112, power=0.9)
    2768
    """
    p0, p1, alpha = _check_rates(p0, p1, alpha)
    power = check_open_rate("power", power)
    if p0 == p1:
        raise ValueError(
            f"`p1` must differ from `p0` (both are {p0}): there is no change to detect"
        )
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    n = z**2 * (p0 * (1 - p0) + p1 * (1 - p1)) / (p1 - p0) ** 2
    # 1e-9 keeps float noise in an exactly whole n from adding a deal
    return math.ceil(n - 1e-9)


def power_two_proportions(p0: float, p1: float, n: float, alpha: float = 0.05) -> float:
    """Chance that a two-sided test on ``n`` per group detects a change from ``p0`` to ``p1``.

    Uses the same normal approximation as :func:`sample_size_two_proportions` (unpooled
    variance), counting rejections in both directions; with ``p0 == p1`` it is ``alpha``, the
    false-alarm rate.

    >>> round(power_two_proportions(0.086, 0.112, 900), 2)
    0.46
    >>> round(power_two_proportions(0.10, 0.13, 1772), 3)
    0.8
    """
    p0, p1, alpha = _check_rates(p0, p1, alpha)
    n = check_positive("n", n)
    standard_error = math.sqrt((p0 * (1 - p0) + p1 * (1 - p1)) / n)
    shift = abs(p1 - p0) / standard_error
    critical = norm.ppf(1 - alpha / 2)
    return float(norm.cdf(shift - critical) + norm.cdf(-shift - critical))


def power_curve(
    p0: float, p1: float, sizes: object = None, alpha: float = 0.05
) -> pd.DataFrame:
    """Power for each group size in ``sizes``: columns ``n_per_arm`` and ``power``.

    Without ``sizes``, 40 sizes from 50 up to 2.5 × the size needed for 80% power.

    >>> power_curve(0.10, 0.13, [500, 1000, 2000]).round(2)
       n_per_arm  power
    0      500.0   0.32
    1     1000.0   0.56
    2     2000.0   0.85
    """
    p0, p1, alpha = _check_rates(p0, p1, alpha)
    if sizes is None:
        top = 2.5 * sample_size_two_proportions(p0, p1, alpha)
        sizes = np.linspace(50, max(top, 100), 40).round()
    grid = check_real_sequence("sizes", sizes)
    if (grid <= 0).any():
        raise ValueError(f"`sizes` must all be greater than 0, got {grid[grid <= 0].tolist()}")
    power = [power_two_proportions(p0, p1, float(n), alpha) for n in grid]
    return pd.DataFrame({"n_per_arm": grid, "power": power})


def repeat_experiment(
    p0: float, p1: float, n: int, runs: int = 1000, seed: int = 0, alpha: float = 0.05
) -> pd.DataFrame:
    """Run the same A/B test ``runs`` times and return what each run measured.

    Each run draws ``n`` deals per group, with true rates ``p0`` (A) and ``p1`` (B). Columns:
    ``run``, ``rate_a``, ``rate_b``, ``difference``, ``relative_effect`` (B / A − 1; NaN if A
    won nothing), ``p_value`` (pooled z-test, as in :func:`two_proportions`; 1 when both
    groups are all-or-nothing alike), ``significant`` (``p_value < alpha``) and
    ``true_effect`` (p1 / p0 − 1). The share of significant runs estimates the power.

    >>> runs = repeat_experiment(0.10, 0.13, 900, runs=2000, seed=1)
    >>> float(runs["significant"].mean()), round(float(runs["relative_effect"].median()), 2)
    (0.4975, 0.29)
    """
    p0, p1, alpha = _check_rates(p0, p1, alpha)
    n = check_count("n", n, positive=True)
    runs = check_count("runs", runs, positive=True)
    rng = np.random.default_rng(check_seed(seed))
    rate_a = rng.binomial(n, p0, size=runs) / n
    rate_b = rng.binomial(n, p1, size=runs) / n
    relative = np.divide(rate_b, rate_a, out=np.full(runs, np.nan), where=rate_a > 0) - 1
    pooled = (rate_a + rate_b) / 2
    standard_error = np.sqrt(pooled * (1 - pooled) * 2 / n)
    z = np.divide(rate_b - rate_a, standard_error, out=np.zeros(runs), where=standard_error > 0)
    p_value = 2 * norm.sf(np.abs(z))
    return pd.DataFrame({
        "run": np.arange(1, runs + 1), "rate_a": rate_a, "rate_b": rate_b,
        "difference": rate_b - rate_a, "relative_effect": relative,
        "p_value": p_value, "significant": p_value < alpha, "true_effect": p1 / p0 - 1,
    })
