"""Why "before versus after" fools us, shown by simulation.

A manager changes something, then compares this quarter with last quarter. Three things
move the number even when the change does nothing:

- **trend**: the market grows, so every quarter beats the last;
- **seasonality**: the change started as the busy season picked up;
- **regression to the mean**: the change went to the reps who had the worst quarter, and
  a bad quarter is partly bad luck that does not repeat.

:func:`simulate_change` builds weekly bookings per rep with any mix of these, applies a
change with a known true effect to one group, and returns both readings: before/after on
the changed group, and the comparison-group estimate (difference-in-differences on the
ratio scale). :func:`repeat_change` repeats it over many seeds.

>>> simulate_change(true_effect=0.0, **PITFALLS["seasonality"], seed=3)
ChangeSimulation(Before/after: +20%; against the comparison group: -1%; truth: 0%)
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import _
from ..localformat import headline_repr
from ..validate import check_number, check_positive, check_rate
from ._checks import check_count, check_seed
from .compare import signed_percent

#: Settings of :func:`simulate_change` that produce each pitfall on its own.
PITFALLS: dict[str, dict[str, float]] = {
    "trend": {"growth": 0.6},
    "seasonality": {"seasonality": 0.15},
    "regression": {"select_worst": 0.3},
}

REP_SPREAD = 0.25       # lasting differences between reps (log scale)
QUARTER_LUCK = 0.15     # a rep's good or bad quarter, which does not carry over (log scale)
WEEKLY_NOISE = 0.30     # week-to-week noise (log scale)
WEEKS_PER_YEAR = 52


@dataclass(frozen=True)
class ChangeSimulation:
    """Two readings of one simulated change against the truth (all relative: 0.18 = +18%).

    ``weekly`` has one row per week and group: ``week``, ``group`` (``"change"`` or
    ``"comparison"``), ``bookings`` (mean per rep, ¥) and ``after`` (week on or after
    ``change_week``). ``panel`` has one row per rep and week for the reps in either group:
    ``rep``, ``week``, ``changed``, ``after``, ``bookings`` — ready for
    ``diff_in_diff(sim.panel, "bookings", "changed", "after", cluster="rep")``.
    """

    before_after: float
    comparison: float
    true_effect: float
    weekly: pd.DataFrame
    panel: pd.DataFrame
    change_week: int
    reps_per_group: int

    def headline(self) -> str:
        """"Before/after: +18%; against the comparison group: +1%; truth: 0%"."""
        return _("Before/after: {before_after}; against the comparison group: {comparison}; "
                 "truth: {truth}").format(
            before_after=signed_percent(self.before_after),
            comparison=signed_percent(self.comparison), truth=signed_percent(self.true_effect),
        )

    def __repr__(self) -> str:
        return headline_repr("ChangeSimulation", self.headline())


def _check_scenario(
    true_effect: object, growth: object, seasonality: object, select_worst: object,
    reps: object, weeks: object, base: object,
) -> dict:
    settings = {
        "true_effect": check_number("true_effect", true_effect),
        "growth": check_number("growth", growth),
        "seasonality": check_rate("seasonality", seasonality),
        "select_worst": check_rate("select_worst", select_worst),
        "reps": check_count("reps", reps, positive=True),
        "weeks": check_count("weeks", weeks, positive=True),
        "base": check_positive("base", base),
    }
    if settings["true_effect"] <= -1:
        raise ValueError(f"`true_effect` must be above -1 (-100%), got {true_effect!r}")
    if settings["growth"] <= -1:
        raise ValueError(f"`growth` must be above -1 (-100% a year), got {growth!r}")
    if settings["seasonality"] >= 1:
        raise ValueError(f"`seasonality` must be below 1, got {seasonality!r}")
    picked = settings["reps"]
    if settings["select_worst"]:
        picked = round(settings["select_worst"] * picked)
    if picked < 4:
        raise ValueError(
            f"the change and comparison groups need at least 2 reps each; with reps={reps} and "
            f"select_worst={select_worst} only {picked} reps take part"
        )
    return settings


def _simulate(rng: np.random.Generator, true_effect: float, growth: float, seasonality: float,
              select_worst: float, reps: int, weeks: int, base: float) -> tuple:
    """Weekly bookings (reps × 2·weeks), the change group and the comparison group."""
    week = np.arange(2 * weeks)
    after = week >= weeks
    since_change = (week - weeks) / WEEKS_PER_YEAR
    market = (1 + growth) ** since_change * (1 + seasonality * np.sin(2 * np.pi * since_change))
    rep_level = rng.normal(0, REP_SPREAD, (reps, 1))
    luck_after, luck_before = rng.normal(0, QUARTER_LUCK, (2, reps, 1))
    log_level = (
        rep_level
        + np.where(after, luck_after, luck_before)
        + rng.normal(0, WEEKLY_NOISE, (reps, 2 * weeks))
    )
    bookings = base * np.exp(log_level) * market

    if select_worst:
        picked = round(select_worst * reps)
        before_mean = bookings[:, ~after].mean(axis=1)
        candidates = np.argsort(before_mean, kind="stable")[:picked]
    else:
        candidates = np.arange(reps)
    candidates = rng.permutation(candidates)
    half = len(candidates) // 2
    changed, comparison = candidates[:half], candidates[half: 2 * half]
    bookings[np.ix_(changed, np.flatnonzero(after))] *= 1 + true_effect
    return bookings, after, changed, comparison


def _readings(bookings: np.ndarray, after: np.ndarray, changed: np.ndarray,
              comparison: np.ndarray) -> tuple[float, float]:
    """Before/after on the changed reps, and the difference-in-differences effect relative to
    the changed group's counterfactual — the same number :func:`diff_in_diff` reports."""
    def means(group: np.ndarray) -> tuple[float, float]:
        rows = bookings[group]
        return rows[:, ~after].mean(), rows[:, after].mean()

    (changed_before, changed_after), (other_before, other_after) = means(changed), means(comparison)
    counterfactual = changed_before + other_after - other_before
    effect = (changed_after - changed_before) - (other_after - other_before)
    return float(changed_after / changed_before - 1), float(effect / counterfactual)


def simulate_change(
    true_effect: float = 0.0, growth: float = 0.0, seasonality: float = 0.0,
    select_worst: float = 0.0, reps: int = 200, weeks: int = 13, base: float = 100_000,
    seed: int = 0,
) -> ChangeSimulation:
    """Simulate a change to weekly bookings and read its effect two ways.

    ``reps`` reps book about ``base`` ¥ a week, with lasting rep differences, a run of good
    or bad luck per rep that lasts one period, and weekly noise. ``weeks`` weeks before the
    change are compared with ``weeks`` weeks after it. ``growth`` is the market's growth per
    year (0.6 = +60%); ``seasonality`` the size of the yearly swing (0.15 = ±15%), rising
    through the change week. With ``select_worst`` = 0 the reps are split at random into
    the change and comparison groups; with ``select_worst`` = 0.3 the worst 30% of reps
    before the change are picked, then split at random. The change multiplies the changed
    group's bookings by ``1 + true_effect`` from the change week on.

    >>> sim = simulate_change(**PITFALLS["regression"], seed=1)
    >>> sim.true_effect, sim.before_after > 0.1, sim.reps_per_group
    (0.0, True, 30)
    """
    settings = _check_scenario(true_effect, growth, seasonality, select_worst, reps, weeks, base)
    rng = np.random.default_rng(check_seed(seed))
    bookings, after, changed, comparison = _simulate(rng, **settings)
    before_after, versus_comparison = _readings(bookings, after, changed, comparison)
    n_weeks = len(after)
    in_test = np.concatenate([changed, comparison])
    panel = pd.DataFrame({
        "rep": np.repeat([f"R{rep + 1:03d}" for rep in in_test], n_weeks),
        "week": np.tile(np.arange(1, n_weeks + 1), len(in_test)),
        "changed": np.repeat(np.arange(len(in_test)) < len(changed), n_weeks),
        "after": np.tile(after, len(in_test)),
        "bookings": bookings[in_test].ravel(),
    })
    weekly = pd.DataFrame({
        "week": np.tile(np.arange(1, n_weeks + 1), 2),
        "group": np.repeat(["change", "comparison"], n_weeks),
        "bookings": np.concatenate([bookings[changed].mean(axis=0),
                                    bookings[comparison].mean(axis=0)]),
        "after": np.tile(after, 2),
    })
    return ChangeSimulation(
        before_after=before_after, comparison=versus_comparison,
        true_effect=settings["true_effect"], weekly=weekly, panel=panel,
        change_week=settings["weeks"] + 1, reps_per_group=len(changed),
    )


def repeat_change(runs: int = 200, seed: int = 0, **scenario: float) -> pd.DataFrame:
    """Repeat :func:`simulate_change` over ``runs`` independent seeds.

    ``scenario`` takes the settings of :func:`simulate_change` (e.g.
    ``**PITFALLS["trend"]``). Returns one row per run: ``run``, ``before_after``,
    ``comparison`` and ``true_effect``, so the spread of each reading can be seen.

    >>> runs = repeat_change(runs=100, seed=2, **PITFALLS["trend"])
    >>> round(float(runs["before_after"].mean()), 2), bool(abs(runs["comparison"].mean()) < 0.01)
    (0.12, True)
    """
    runs = check_count("runs", runs, positive=True)
    defaults = {name: parameter.default
                for name, parameter in inspect.signature(simulate_change).parameters.items()
                if name != "seed"}
    unknown = sorted(set(scenario) - set(defaults))
    if unknown:
        raise TypeError(f"unknown setting(s) {unknown}; allowed: {sorted(defaults)}")
    settings = _check_scenario(**{**defaults, **scenario})
    children = np.random.SeedSequence(check_seed(seed)).spawn(runs)
    readings = np.array([
        _readings(*_simulate(np.random.default_rng(child), **settings)) for child in children
    ])
    return pd.DataFrame({
        "run": np.arange(1, runs + 1), "before_after": readings[:, 0],
        "comparison": readings[:, 1], "true_effect": settings["true_effect"],
    })
