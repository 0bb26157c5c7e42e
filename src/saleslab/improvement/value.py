"""Is the change worth it? Net value and payback in money, with their uncertainty.

"The interval excludes zero" says an effect is probably real, not that it pays. A manager
decides on money: what the change costs (set-up once, then every month) against what its
effect is worth (margin on the extra deals won, the yearly spend of the customers kept).
The effect is uncertain, so the money is too: :func:`value_of_change` takes the monthly
gain in money from many repeated runs of a simulation (or draws from an estimate's
interval), and returns the expected net value over the horizon, the middle 90% of it, the
chance of losing money, the months to pay back, and the decision that follows:

- **adopt** (采纳) — expected net value is positive and the chance of a loss is small;
- **abandon** (放弃) — the change loses money in most runs;
- **adapt** (调整) — in between: cut its cost, aim it where it pays, or test longer.

>>> summary = value_of_change([30_000, 45_000, 60_000, 52_000, 38_000],
...                           one_off_cost=100_000, monthly_cost=10_000, horizon_months=12)
>>> summary.decision
'adopt'
>>> round(summary.net_mean)
320000
>>> round(summary.payback_median, 1)
2.9
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from ..i18n import _
from ..plots import money, percent
from ..validate import check_number
from .pdca import DECISIONS

ADOPT, ADAPT, ABANDON = DECISIONS
#: Share of runs inside the reported interval: the middle 90%.
SPREAD = 0.90
#: Largest chance of losing money that still counts as "adopt".
RISK = 0.20


@dataclass(frozen=True)
class ValueSummary:
    """Net value of a change over a horizon, from repeated runs, and the decision it supports."""

    runs: int
    horizon_months: int
    one_off_cost: float
    monthly_cost: float
    gain_mean: float
    net_mean: float
    net_low: float
    net_high: float
    chance_of_loss: float
    payback_median: float
    payback_low: float
    payback_high: float
    decision: str
    risk: float

    def headline(self) -> str:
        """One sentence: the net value with its interval, the chance of a loss, the payback."""
        return _(
            "Over {months} months the change nets {net} on average (90% of runs between "
            "{low} and {high}); it loses money in {loss} of runs. Payback: {payback}."
        ).format(months=self.horizon_months, net=money(self.net_mean), low=money(self.net_low),
                 high=money(self.net_high), loss=percent(self.chance_of_loss, digits=0),
                 payback=payback_text(self.payback_median))

    def reason(self) -> str:
        """Why the decision follows from the money and the risk, in one sentence."""
        if self.decision == ADOPT:
            text = _("Adopt: the expected net value is positive and the chance of a loss "
                     "({loss}) is within the {risk} you accept.")
        elif self.decision == ABANDON:
            text = _("Abandon: the change loses money in {loss} of runs.")
        else:
            text = _("Adapt: the money is uncertain (a loss in {loss} of runs, more than the "
                     "{risk} you accept): cut the cost, aim the change where it pays, or test longer.")
        return text.format(loss=percent(self.chance_of_loss, digits=0),
                           risk=percent(self.risk, digits=0))

    def __repr__(self) -> str:
        return f"{self.headline()}\n{self.reason()}"


def payback_text(months: float) -> str:
    """Months to pay back, in words; ``inf`` means it never does within any horizon.

    >>> payback_text(2.6), payback_text(float("inf"))
    ('2.6 months', 'never')
    """
    if math.isinf(months):
        return _("never")
    return _("{months:.1f} months").format(months=months)


def value_of_change(monthly_gain: Sequence[float] | np.ndarray, one_off_cost: float,
                    monthly_cost: float, horizon_months: int = 12,
                    risk: float = RISK) -> ValueSummary:
    """Net value over ``horizon_months`` and payback, one per run of ``monthly_gain``.

    ``monthly_gain`` is the money the change brings in a month (extra margin won, spend
    kept), one value per repeated run; ``one_off_cost`` is paid at the start and
    ``monthly_cost`` every month. Net value = horizon × (gain − monthly cost) − one-off cost;
    payback = one-off cost / (gain − monthly cost) months, never when the gain does not
    cover the running cost. ``risk`` is the largest chance of a loss that still adopts.

    >>> value_of_change([5_000, 6_000], one_off_cost=50_000, monthly_cost=8_000).decision
    'abandon'
    """
    gains = np.asarray(monthly_gain, dtype=float)
    if gains.ndim != 1 or gains.size < 2 or not np.all(np.isfinite(gains)):
        raise ValueError("`monthly_gain` must be two or more finite numbers, one per run, "
                         f"got {np.asarray(monthly_gain).size} value(s)")
    one_off = _non_negative("one_off_cost", one_off_cost)
    running = _non_negative("monthly_cost", monthly_cost)
    if isinstance(horizon_months, bool) or not isinstance(horizon_months, int) or horizon_months < 1:
        raise ValueError(f"`horizon_months` must be a whole number of months ≥ 1, got {horizon_months!r}")
    risk = check_number("risk", risk)
    if not 0 < risk < 0.5:
        raise ValueError(f"`risk` must be between 0 and 0.5, got {risk}")
    margin = gains - running
    net = horizon_months * margin - one_off
    with np.errstate(divide="ignore"):
        payback = np.where(margin > 0, one_off / np.where(margin > 0, margin, 1.0), np.inf)
    tail = (1 - SPREAD) / 2
    low, high = np.quantile(net, [tail, 1 - tail])
    # "inverted_cdf" picks observed values, so a run that never pays back stays infinite
    pay = np.quantile(payback, [tail, 0.5, 1 - tail], method="inverted_cdf")
    loss = float(np.mean(net < 0))
    return ValueSummary(
        runs=int(gains.size), horizon_months=horizon_months, one_off_cost=one_off,
        monthly_cost=running, gain_mean=float(gains.mean()), net_mean=float(net.mean()),
        net_low=float(low), net_high=float(high), chance_of_loss=loss,
        payback_low=float(pay[0]), payback_median=float(pay[1]), payback_high=float(pay[2]),
        decision=decide(float(net.mean()), loss, risk), risk=risk,
    )


def decide(net_mean: float, chance_of_loss: float, risk: float = RISK) -> str:
    """Adopt, adapt or abandon, from the expected net value and the chance of a loss.

    >>> decide(120_000, 0.05), decide(10_000, 0.45), decide(-80_000, 0.9)
    ('adopt', 'adapt', 'abandon')
    """
    if net_mean > 0 and chance_of_loss <= risk:
        return ADOPT
    if chance_of_loss >= 1 - risk:
        return ABANDON
    return ADAPT


def _non_negative(name: str, value: object) -> float:
    number = check_number(name, value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"`{name}` must be a cost of 0 or more, got {value!r}")
    return number


def interval_draws(estimate: float, ci: tuple[float, float], draws: int = 2_000,
                   seed: int = 0) -> np.ndarray:
    """Plausible values of an effect, drawn from a normal matching its 95% interval — the
    uncertainty :func:`saleslab.improvement.value_of_change` turns into money.

    >>> sample = interval_draws(10.0, (6.08, 13.92), draws=20_000)
    >>> round(float(sample.mean()), 1), round(float(sample.std()), 1)
    (10.0, 2.0)
    """
    low, high = ci
    spread = (high - low) / (2 * norm.ppf(0.975))
    return estimate + spread * np.random.default_rng(seed).standard_normal(draws)
