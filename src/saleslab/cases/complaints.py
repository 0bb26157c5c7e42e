"""Case 2: retail complaint handling and churn (某零售企业客户服务优化).

A retailer's complaints get slow answers, and unhappy customers leave. The change: a fast
feedback mechanism (a team of complaint handlers working to a resolution-time target)
plus customer records (the team reaches the customer at once and serves repeat
complainers first).

**The design: customers, not stores, are randomised.** Complaints reach the retailer
through one hotline and app, keyed by customer number, so the retailer can route the
complaints of a random half of its customers to the new team and leave the other half on
the old process (the store passes them to head office). Both halves are followed for 12
months. Randomising stores instead would be a cluster design with a handful of clusters
(module 4: design effect, G − 1 degrees of freedom) and far less power; randomising
customers keeps 1,500 independent units per arm. The price is a contamination risk: store
staff see both kinds of complaint, and if they speed up the old process the measured
effect shrinks (it is never inflated by it).

The levers, in a manager's words: ``resolution_target_days`` (the target the team works
to), ``handlers`` (people on the complaint team), ``fast_feedback`` (on/off) and
``customer_records`` (on/off). Only resolution times change; the churn effect comes out of
the mechanism in :mod:`saleslab.cases.complaints_model`.

>>> result = run_experiment(seed=1)
>>> result.metric, result.n_baseline
('12-month churn', 1500)
>>> bool(result.effect < 0)
True
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .. import data
from ..data.org import check_count, check_seed
from ..data.populations import CASE_END
from ..i18n import _
from ..improvement import two_proportions
from ..validate import check_positive, check_rate
from .common import ExperimentResult
from .complaints_model import COMPLAINTS_PER_YEAR, HORIZON_DAYS, Process, simulate_arm
from .complaints_stats import (
    ARMS,
    SurvivalCheck,
    check_survival,
    churn_by_group,
    churn_by_resolution,
    logrank_p,
    survival_curves,
)
from .complaints_value import spend_kept

__all__ = [
    "LEVERS", "Process", "SurvivalCheck", "check_survival", "churn_by_group",
    "churn_by_resolution", "intervention_process", "last_year", "levers", "logrank_p",
    "population", "power", "power_table", "repeat_experiment", "run_experiment", "simulate",
    "survival_curves",
]

#: The default levers: a 2-day target, three handlers, fast feedback and customer records.
LEVERS: dict[str, object] = {"resolution_target_days": 2.0, "handlers": 3,
                             "fast_feedback": True, "customer_records": True}
MIN_CUSTOMERS = 50
MAX_TARGET_DAYS = 60.0


def levers(resolution_target_days: float = 2.0, handlers: int = 3, fast_feedback: bool = True,
           customer_records: bool = True) -> dict[str, object]:
    """Checked levers, by name; raises a clear error for a lever out of range.

    >>> levers(handlers=0)
    Traceback (most recent call last):
    ...
    ValueError: `handlers` must be a whole number from 1 to 50, got 0
    """
    target = check_positive("resolution_target_days", resolution_target_days)
    if target > MAX_TARGET_DAYS:
        raise ValueError(f"`resolution_target_days` must be at most {MAX_TARGET_DAYS:g} days, "
                         f"got {resolution_target_days!r}")
    for name, value in (("fast_feedback", fast_feedback), ("customer_records", customer_records)):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"`{name}` must be True or False, got {value!r}")
    return {"resolution_target_days": target, "handlers": check_count("handlers", handlers, 1, 50),
            "fast_feedback": bool(fast_feedback), "customer_records": bool(customer_records)}


def population(customers: pd.DataFrame | None = None,
               complaints: pd.DataFrame | None = None) -> pd.DataFrame:
    """The retailer's customers with ``prior_complaints`` (complaints in the past year).

    Defaults to the course data ``case2_customers`` and ``case2_complaints``.

    >>> people = population()
    >>> len(people), int(people["prior_complaints"].sum()) == len(data.load("case2_complaints"))
    (3000, True)
    """
    customers = data.load("case2_customers") if customers is None else customers
    complaints = data.load("case2_complaints") if complaints is None else complaints
    for name, frame in (("customers", customers), ("complaints", complaints)):
        if not isinstance(frame, pd.DataFrame) or "customer_id" not in frame.columns:
            raise TypeError(f"`{name}` must be a DataFrame with a `customer_id` column, got "
                            f"{type(frame).__name__}")
    counts = complaints["customer_id"].value_counts()
    prior = customers["customer_id"].map(counts).fillna(0).astype("int64")
    return customers.assign(prior_complaints=prior.to_numpy()).reset_index(drop=True)


def _processes(people: pd.DataFrame, chosen: dict[str, object]) -> tuple[Process, Process]:
    records = bool(chosen["customer_records"])
    if not chosen["fast_feedback"]:
        return Process.old(), Process.old(records)
    # The team serves the test half of the retailer's customers, whatever size is measured.
    per_day = len(people) / 2 * COMPLAINTS_PER_YEAR / 365
    return Process.old(), Process.fast(chosen["resolution_target_days"], chosen["handlers"],
                                       records, per_day)


def intervention_process(people: pd.DataFrame | None = None, **chosen: object) -> Process:
    """How the intervention arm resolves complaints at these levers (label, median work
    days, ``load`` = share of the team's time the complaints need).

    >>> round(intervention_process(handlers=1).load, 2)
    1.15
    """
    people = population() if people is None else people
    return _processes(people, levers(**chosen))[1]


def _sample(rng: np.random.Generator, people: pd.DataFrame, size: int | None) -> list[pd.DataFrame]:
    if size is None:
        order = rng.permutation(len(people))
        size = len(people) // 2
    else:
        size = check_count("size", size, MIN_CUSTOMERS)
        order = rng.choice(len(people), 2 * size, replace=2 * size > len(people))
    return [people.iloc[order[:size]], people.iloc[order[size:2 * size]]]


def simulate(seed: int, size: int | None = None, people: pd.DataFrame | None = None,
             **chosen: object) -> pd.DataFrame:
    """Unit-level data of one experiment: one row per customer, both arms.

    Columns: the population's (``customer_id``, ``segment``, ``monthly_spend``,
    ``prior_complaints``, ...) plus ``arm``, ``complaints``, ``first_resolution_days``,
    ``mean_resolution_days``, ``churned``, ``days``.

    >>> simulate(3, size=60)["arm"].value_counts().tolist()
    [60, 60]
    """
    seed = check_seed(seed)
    chosen = levers(**chosen)
    people = population() if people is None else people
    assign, *arms = np.random.SeedSequence(seed).spawn(3)
    groups = _sample(np.random.default_rng(assign), people, size)
    frames = [simulate_arm(stream, group, process, arm)
              for stream, group, process, arm in zip(arms, groups, _processes(people, chosen), ARMS)]
    return pd.concat(frames, ignore_index=True)


def run_experiment(seed: int, size: int | None = None, *, people: pd.DataFrame | None = None,
                   **chosen: object) -> ExperimentResult:
    """One randomised experiment: 12-month churn in each arm, the relative effect and its 95%
    interval (ratio of proportions, log-adjusted), and the unit-level data.

    ``size`` is customers per arm (default: the population split in half; larger sizes
    draw customers like the population's with replacement). Levers: see :func:`levers`.

    >>> run_experiment(seed=1, handlers=-2)
    Traceback (most recent call last):
    ...
    ValueError: `handlers` must be a whole number from 1 to 50, got -2
    """
    units = simulate(seed, size, people, **chosen)
    churned = units.groupby("arm")["churned"].agg(["sum", "size"])
    base, new = (churned.loc[arm] for arm in ARMS)
    test = two_proportions(int(base["sum"]), int(base["size"]), int(new["sum"]), int(new["size"]))
    low, high = test.ratio_ci
    return ExperimentResult(
        metric=_("12-month churn"), unit=_("customers"), baseline=test.rate_a,
        intervention=test.rate_b, effect=test.ratio - 1, effect_ci=(low - 1, high - 1),
        n_baseline=test.n_a, n_intervention=test.n_b, units=units)


def last_year(seed: int = 0, customers: pd.DataFrame | None = None,
              complaints: pd.DataFrame | None = None) -> pd.DataFrame:
    """The past 12 months under the old process (the Plan data): the course data's customers
    and the complaints they actually filed (``case2_complaints``), with resolution times and
    leaving simulated. Columns of :func:`simulate`, ``arm`` = ``"baseline"``.

    >>> year = last_year(seed=0)
    >>> len(year), bool(year.loc[year["complaints"] > 0, "churned"].mean() > year["churned"].mean())
    (3000, True)
    """
    seed = check_seed(seed)
    customers = data.load("case2_customers") if customers is None else customers
    complaints = data.load("case2_complaints") if complaints is None else complaints
    people = population(customers, complaints.iloc[:0]).reset_index(drop=True)
    row = pd.Series(people.index, index=people["customer_id"])
    known = complaints[complaints["customer_id"].isin(row.index)]
    start = CASE_END - pd.DateOffset(years=1)
    day = ((known["filed_at"] - start) / pd.Timedelta(days=1)).to_numpy(float)
    who = row.loc[known["customer_id"]].to_numpy()
    order = np.lexsort((day, who))
    return simulate_arm(np.random.SeedSequence([seed, HORIZON_DAYS]), people, Process.old(),
                        ARMS[0], filed=(who[order], np.clip(day[order], 0, HORIZON_DAYS - 1e-6)))


def repeat_experiment(runs: int = 20, seed: int = 0, size: int | None = None,
                      people: pd.DataFrame | None = None, **chosen: object) -> pd.DataFrame:
    """The same experiment with seeds ``seed``, ``seed + 1``, …: one row per run.

    Columns ``seed``, ``baseline``, ``intervention``, ``effect``, ``ci_low``, ``ci_high``,
    ``significant`` (interval excludes 0), ``logrank_p`` (survival curves differ if below
    0.05) and ``spend_kept`` (monthly spend of the customers the change kept, CNY: the
    input of :func:`saleslab.cases.complaints_value.money`). Hazard ratios are left
    to :func:`check_survival` on single runs (a Cox fit is slow).

    >>> runs = repeat_experiment(runs=2, size=200)
    >>> runs.columns.tolist()[:4], len(runs)
    (['seed', 'baseline', 'intervention', 'effect'], 2)
    """
    runs = check_count("runs", runs, 1, 1000)
    seed = check_seed(seed)
    people = population() if people is None else people
    rows = []
    for run_seed in range(seed, seed + runs):
        result = run_experiment(run_seed, size, people=people, **chosen)
        rows.append({"seed": run_seed, "baseline": result.baseline,
                     "intervention": result.intervention, "effect": result.effect,
                     "ci_low": result.effect_ci[0], "ci_high": result.effect_ci[1],
                     "significant": result.significant, "logrank_p": logrank_p(result.units),
                     "spend_kept": spend_kept(result.units)})
    return pd.DataFrame(rows)


def power(size: int, runs: int = 200, seed: int = 0, alpha: float = 0.05,
          people: pd.DataFrame | None = None, **chosen: object) -> float:
    """Share of ``runs`` simulated experiments with ``size`` customers per arm in which the
    log-rank test finds the difference (p < ``alpha``): the power of the comparison.

    >>> power(100, runs=5)
    0.2
    """
    size = check_count("size", size, MIN_CUSTOMERS)
    runs = check_count("runs", runs, 1, 10_000)
    alpha = check_rate("alpha", alpha)
    seed = check_seed(seed)
    people = population() if people is None else people
    found = [logrank_p(simulate(s, size, people, **chosen)) < alpha for s in range(seed, seed + runs)]
    return float(np.mean(found))


def power_table(sizes: Iterable[int], runs: int = 200, seed: int = 0, alpha: float = 0.05,
                people: pd.DataFrame | None = None, **chosen: object) -> pd.DataFrame:
    """:func:`power` for each size: columns ``customers_per_arm``, ``power``.

    >>> power_table([60], runs=2)["customers_per_arm"].tolist()
    [60]
    """
    people = population() if people is None else people
    sizes = [check_count("size", size, MIN_CUSTOMERS) for size in sizes]
    return pd.DataFrame({"customers_per_arm": sizes,
                         "power": [power(n, runs, seed, alpha, people, **chosen) for n in sizes]})
