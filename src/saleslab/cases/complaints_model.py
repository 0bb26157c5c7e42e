"""Case 2's mechanism: customers complain, wait for an answer, and some of them leave.

Read it as the process it models (``shared/MODELS.md``, "Case 2"):

1. ``file_complaints`` — each customer files complaints at Poisson times, 0.6 per year.
2. ``resolve`` — each complaint takes a while to resolve. The old process (no dedicated
   team, no customer records) takes LogNormal(median 10 days, σ 0.8). Fast feedback hands
   complaints to a team of ``handlers`` with a resolution target: work time LogNormal(median
   = target, σ 0.6) plus the time a complaint waits in the team's queue (an M/M/c queue,
   Erlang C; past full load the backlog grows through the year). Customer records save
   work (the team reaches the customer and sees the purchase at once) and let the team
   serve repeat complainers first (a non-preemptive priority queue).
3. ``leave`` — a customer leaves at the baseline hazard h₀ = 1.2% a month; an open
   complaint multiplies it by 12; after resolution an extra 5·(1 − e^(−R/7d)) · e^(−age/90d)
   times h₀ fades out, larger the longer the complaint took (R). Excess hazards of several
   complaints add up.

Only resolution time differs between the arms: the churn effect comes out of steps 2–3.

>>> process = Process.fast(target_days=2.0, handlers=3, records=True, complaints_per_day=2.5)
>>> process.label
'fast feedback, 3 handlers, records'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import poisson

from ..validate import check_positive

#: Days followed: the 12 months of the experiment.
HORIZON_DAYS = 365
MONTH_DAYS = 365.25 / 12
#: Baseline hazard h₀: 1.2% of customers a month leave without any complaint.
BASE_HAZARD = 0.012 / MONTH_DAYS
COMPLAINTS_PER_YEAR = 0.6
OPEN_MULTIPLIER = 12.0
AFTER_SIZE = 5.0
AFTER_GROWTH_DAYS = 7.0
AFTER_FADE_DAYS = 90.0
#: The old process: median 10 days, σ 0.8 (log scale).
OLD_MEDIAN_DAYS, OLD_SIGMA = 10.0, 0.8
FAST_SIGMA = 0.6
#: Work time with customer records relative to without (the team reaches the customer at once).
RECORDS_WORK_SHARE = 0.7
#: A handler's time per complaint with customer records, and complaint hours per calendar day
#: (6 hours a day, 5 days a week).
HOURS_PER_COMPLAINT = 2.0
HANDLER_HOURS_PER_DAY = 6.0 * 5 / 7


@dataclass(frozen=True)
class Process:
    """How complaints get resolved in one arm.

    ``median_days`` and ``sigma`` give the work time (log-normal). With a team
    (``handlers`` > 0) complaints also queue: ``complaints_per_day`` arrive and each takes
    ``hours_per_complaint`` of a handler's ``HANDLER_HOURS_PER_DAY``; ``priority`` serves
    repeat complainers first.
    """

    label: str
    median_days: float
    sigma: float
    handlers: int = 0
    complaints_per_day: float = 0.0
    hours_per_complaint: float = HOURS_PER_COMPLAINT
    priority: bool = False

    @classmethod
    def old(cls, records: bool = False) -> Process:
        """The old process: complaints passed between store and head office.

        >>> Process.old().median_days
        10.0
        """
        share = RECORDS_WORK_SHARE if records else 1.0
        label = "old process, records" if records else "old process"
        return cls(label, OLD_MEDIAN_DAYS * share, OLD_SIGMA)

    @classmethod
    def fast(cls, target_days: float, handlers: int, records: bool,
             complaints_per_day: float) -> Process:
        """Fast feedback: a team of ``handlers`` working to a ``target_days`` resolution target.

        Without records each complaint needs more work (1 / ``RECORDS_WORK_SHARE``) and
        takes more of a handler's time.

        >>> Process.fast(2.0, 3, False, 2.5).median_days
        2.857142857142857
        """
        share = 1.0 if records else 1.0 / RECORDS_WORK_SHARE
        label = f"fast feedback, {handlers} handlers" + (", records" if records else "")
        return cls(label, target_days * share, FAST_SIGMA, handlers, complaints_per_day,
                   HOURS_PER_COMPLAINT * share, priority=records)

    @property
    def service_rate(self) -> float:
        """Complaints one handler closes per calendar day."""
        return HANDLER_HOURS_PER_DAY / self.hours_per_complaint

    @property
    def load(self) -> float:
        """Utilisation ρ: the share of the team's time the complaints need (≥ 1: overloaded).

        >>> round(Process.fast(2.0, 3, True, 2.5).load, 2)
        0.39
        """
        if not self.handlers:
            return 0.0
        return self.complaints_per_day / (self.handlers * self.service_rate)


def erlang_c(handlers: int, offered: float) -> float:
    """Chance that a complaint has to wait (Erlang C) with ``offered`` = λ/μ < ``handlers``.

    >>> round(erlang_c(2, 1.0), 3)
    0.333
    """
    load = check_positive("offered", offered, allow_zero=True) / handlers
    if load >= 1:
        raise ValueError(f"`offered` must be below `handlers` ({handlers}), got {offered!r}")
    top = poisson.pmf(handlers, offered) / (1 - load)
    return float(top / (poisson.cdf(handlers - 1, offered) + top))


def file_complaints(rng: np.random.Generator, n_customers: int,
                    per_year: float = COMPLAINTS_PER_YEAR) -> tuple[np.ndarray, np.ndarray]:
    """Each customer's complaints over the horizon: (customer index, day filed), by customer.

    >>> who, day = file_complaints(np.random.default_rng(1), 1000)
    >>> 450 < len(who) < 750, bool(day.max() < HORIZON_DAYS)
    (True, True)
    """
    counts = rng.poisson(per_year * HORIZON_DAYS / 365, n_customers)
    who = np.repeat(np.arange(n_customers), counts)
    day = rng.uniform(0, HORIZON_DAYS, len(who))
    order = np.lexsort((day, who))
    return who[order], day[order]


def queue_wait(process: Process, day: np.ndarray, repeat: np.ndarray,
               uniform: np.ndarray, exponential: np.ndarray) -> np.ndarray:
    """Days each complaint waits before a handler picks it up.

    Below full load: Erlang C waiting chance, exponential wait with the M/M/c mean, by
    priority class (Cobham's formula) when repeat complainers go first. At or past full
    load the backlog grows: a complaint filed on day t waits about (ρ − 1)·t.
    ``uniform`` and ``exponential`` are one standard draw per complaint.

    >>> p = Process.fast(2.0, 3, True, 2.5)
    >>> w = queue_wait(p, np.zeros(2), np.array([True, False]), np.zeros(2), np.ones(2))
    >>> bool(w[0] < w[1])
    True
    """
    if not process.handlers:
        return np.zeros(len(day))
    rate = process.handlers * process.service_rate
    load = process.load
    first = repeat & process.priority
    first_load = load * first.mean() if len(first) else 0.0
    if load >= 1:
        if first_load >= 1:
            return (load - 1) * day
        return np.where(first, exponential / (rate * (1 - first_load)),
                        (load - 1) * day / (1 - first_load))
    waiting = erlang_c(process.handlers, load * process.handlers)
    base = waiting / rate / (1 - first_load)
    mean = np.where(first, base, base / (1 - load))
    return np.where(uniform < waiting, exponential * mean / waiting, 0.0)


def resolve(rng: np.random.Generator, process: Process, day: np.ndarray,
            repeat: np.ndarray) -> np.ndarray:
    """Days from filing to resolution for each complaint: queue wait plus work time.

    The draws come in a fixed order (work, then queue), so the same generator state
    gives longer times for a longer target: lever changes compare like with like.

    >>> rng = np.random.default_rng(3)
    >>> days = resolve(rng, Process.old(), np.zeros(20_000), np.zeros(20_000, dtype=bool))
    >>> round(float(np.median(days)))
    10
    """
    n = len(day)
    work = process.median_days * np.exp(process.sigma * rng.standard_normal(n))
    uniform, exponential = rng.random(n), rng.standard_exponential(n)
    return work + queue_wait(process, day, repeat, uniform, exponential)


def excess_hazard(day: np.ndarray, resolution: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Cumulative excess hazard (in units of h₀) each complaint adds by each grid day.

    Open: (12 − 1) per day. After resolution: 5·(1 − e^(−R/7)) · e^(−age/90), integrated.

    >>> grid = np.array([0.0, 10.0, 400.0])
    >>> excess_hazard(np.array([0.0]), np.array([10.0]), grid).round(1)
    array([[  0. , 110. , 447.7]])
    """
    age = grid[None, :] - day[:, None]
    # In-place arithmetic: this (complaints × days) array is the engine's main cost.
    open_days = np.minimum(np.maximum(age, 0.0), resolution[:, None])
    open_days *= OPEN_MULTIPLIER - 1
    since = age
    since -= resolution[:, None]
    np.maximum(since, 0.0, out=since)
    since *= -1 / AFTER_FADE_DAYS
    np.expm1(since, out=since)  # now −(1 − e^(−since/90))
    size = AFTER_SIZE * -np.expm1(-resolution / AFTER_GROWTH_DAYS) * AFTER_FADE_DAYS
    since *= -size[:, None]
    return open_days + since


def leave(rng: np.random.Generator, n_customers: int, who: np.ndarray, day: np.ndarray,
          resolution: np.ndarray) -> np.ndarray:
    """Day each customer leaves (``inf`` if they stay the whole horizon).

    Inverse transform: a customer leaves when the cumulative hazard, computed exactly on
    a daily grid and interpolated within the day, reaches their Exp(1) draw.

    >>> days = leave(np.random.default_rng(0), 50_000, np.array([], int), np.array([]), np.array([]))
    >>> round(float(np.isfinite(days).mean()), 2)  # 1 − e^(−12 × 1.2%)
    0.13
    """
    threshold = rng.standard_exponential(n_customers)
    left_on = threshold / BASE_HAZARD  # customers who never complain
    if len(who):
        grid = np.arange(HORIZON_DAYS + 1, dtype=float)
        complainers, starts = np.unique(who, return_index=True)
        total = grid + np.add.reduceat(excess_hazard(day, resolution, grid), starts, axis=0)
        total *= BASE_HAZARD
        mine = threshold[complainers]
        crossed = total >= mine[:, None]
        after = crossed.argmax(axis=1)
        before = np.maximum(after - 1, 0)
        rows = np.arange(len(complainers))
        low, high = total[rows, before], total[rows, after]
        step = np.divide(mine - low, high - low, out=np.zeros(len(rows)), where=high > low)
        left_on[complainers] = np.where(crossed[:, -1], before + np.clip(step, 0.0, 1.0), math.inf)
    return np.where(left_on <= HORIZON_DAYS, left_on, math.inf)


def simulate_arm(seed: np.random.SeedSequence, customers: pd.DataFrame, process: Process,
                 arm: str, filed: tuple[np.ndarray, np.ndarray] | None = None) -> pd.DataFrame:
    """One arm's customers over the horizon, one row each.

    ``customers`` needs ``customer_id`` and ``prior_complaints`` (complaints in the year
    before). ``filed`` gives the complaints (customer row, day) instead of drawing them.
    Columns added: ``arm``, ``complaints`` (filed while still a customer),
    ``first_filed_day`` and ``first_resolution_days`` (day of the first complaint and how long
    it took; NaN without a complaint), ``mean_resolution_days``, ``churned`` and ``days`` (to
    leaving, or the full horizon).

    >>> people = pd.DataFrame({"customer_id": range(4), "prior_complaints": 0})
    >>> simulate_arm(np.random.SeedSequence(1), people, Process.old(), "baseline").shape
    (4, 9)
    """
    complaints_rng, resolve_rng, leave_rng = (np.random.default_rng(s) for s in seed.spawn(3))
    n = len(customers)
    who, day = file_complaints(complaints_rng, n) if filed is None else filed
    earlier = np.r_[False, who[1:] == who[:-1]] if len(who) else np.zeros(0, dtype=bool)
    repeat = earlier | (customers["prior_complaints"].to_numpy()[who] > 0)
    resolution = resolve(resolve_rng, process, day, repeat)
    left_on = leave(leave_rng, n, who, day, resolution)
    counted = day < left_on[who]
    who, day, resolution = who[counted], day[counted], resolution[counted]
    filed = np.bincount(who, minlength=n)
    mean = np.divide(np.bincount(who, weights=resolution, minlength=n), filed,
                     out=np.full(n, np.nan), where=filed > 0)
    first, first_day = np.full(n, np.nan), np.full(n, np.nan)
    complainers, starts = np.unique(who, return_index=True)
    first[complainers], first_day[complainers] = resolution[starts], day[starts]
    churned = np.isfinite(left_on)
    return customers.assign(
        arm=arm,
        complaints=filed.astype("int64"),
        first_filed_day=first_day,
        first_resolution_days=first,
        mean_resolution_days=mean,
        churned=churned,
        days=np.where(churned, left_on, float(HORIZON_DAYS)),
    ).reset_index(drop=True)
