"""Module 3's data: weekly leading and lagging indicators per rep, with a few planted shifts.

Each week a rep answers new leads (average ``response_time_hours``, log-normal), makes
``calls`` (Poisson), turns some calls into ``meetings`` (binomial) and writes ``proposals``
(Poisson, in proportion to the meetings expected). Three weeks later proposals come back as closed opportunities (Poisson), won
with a probability that falls as responses get slower; ``bookings`` add up the deals won.

A few rep/KPI pairs change for real at a known week — a sudden step of 1.5 to 3 standard
deviations of that KPI, up or down. :func:`kpi_shifts` is the truth table a control chart
should find; effects downstream (more calls → more meetings) are real too, but not listed.

>>> shifts = kpi_shifts(seed=2026)
>>> len(shifts), sorted(shifts["direction"].unique())
(5, ['down', 'up'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .org import DEFAULT_SEED, SNAPSHOT, TEAMS, check_count, reps, stream

SHIFT_KPIS = ("response_time_hours", "calls", "meetings", "proposals")
DIRECTIONS = ("up", "down")
#: Weekly spread of a rep's average response time (log scale).
RESPONSE_SIGMA = 0.25
#: Weeks from a proposal to the opportunity's close.
CLOSE_LAG = 3
#: Weeks kept free of shifts at both ends, so "before" and "after" are both long enough.
MARGIN = 20
_WHY = {
    ("response_time_hours", "down"): "faster first responses after CRM reminders were switched on",
    ("response_time_hours", "up"): "slower first responses after taking over a second territory",
    ("calls", "up"): "more calls after receiving a new target-account list",
    ("calls", "down"): "fewer calls after being pulled into a large key-account bid",
    ("meetings", "up"): "more meetings after joint visits with the team lead",
    ("proposals", "up"): "more proposals after adopting the proposal template",
}


def _weeks(n_weeks: int) -> pd.DatetimeIndex:
    """The Mondays of the last ``n_weeks`` full weeks before the snapshot."""
    last = (SNAPSHOT.normalize() - pd.Timedelta(days=6)).to_period("W-SUN").start_time
    return pd.date_range(end=last, periods=n_weeks, freq="W-MON")


def _check_sizes(n_reps: object, n_weeks: object, n_shifts: object) -> tuple[int, int, int]:
    n_reps = check_count("n_reps", n_reps)
    n_weeks = check_count("n_weeks", n_weeks, minimum=2 * MARGIN + 1)
    return n_reps, n_weeks, check_count("n_shifts", n_shifts, minimum=0, maximum=n_reps)


def kpi_shifts(seed: int = DEFAULT_SEED, n_reps: int = 20, n_weeks: int = 78,
               n_shifts: int = 5) -> pd.DataFrame:
    """The truth table: ``rep``, ``kpi``, ``start_week`` (week_index of the first shifted
    week), ``week`` (its Monday), ``direction``, ``size_sigma`` and a ``description``.

    >>> bool(kpi_shifts(n_shifts=2)["size_sigma"].between(1.5, 3.0).all())
    True
    """
    n_reps, n_weeks, n_shifts = _check_sizes(n_reps, n_weeks, n_shifts)
    rng = stream(seed, "kpi_shifts")
    who = rng.choice(n_reps, n_shifts, replace=False)
    # Every KPI gets a turn before any repeats. The first shift goes down, the second up;
    # only response time and calls run high enough for a 3-sigma drop, so meetings and
    # proposals only step up.
    down = int(rng.integers(0, 2))
    order = [down, *rng.permutation([k for k in range(len(SHIFT_KPIS)) if k != down])]
    kpi = np.resize(order, n_shifts)
    direction = rng.integers(0, len(DIRECTIONS), n_shifts)
    direction[:2] = [1, 0][: min(2, n_shifts)]
    direction[kpi >= 2] = 0
    start = rng.integers(MARGIN, n_weeks - MARGIN + 1, n_shifts)
    size = np.round(rng.uniform(1.5, 3.0, n_shifts), 1)
    names = reps(seed, n_reps)["rep"].to_numpy()
    kpis = [SHIFT_KPIS[k] for k in kpi]
    directions = [DIRECTIONS[d] for d in direction]
    return pd.DataFrame(
        {
            "rep": names[who],
            "kpi": pd.Categorical(kpis, categories=SHIFT_KPIS),
            "start_week": start.astype("int64"),
            "week": _weeks(n_weeks)[start],
            "direction": pd.Categorical(directions, categories=DIRECTIONS),
            "size_sigma": size,
            "description": [_WHY[k, d] for k, d in zip(kpis, directions)],
        }
    )


def _shifted(base: np.ndarray, shifts: pd.DataFrame, kpi: str, rep_index: dict, n_weeks: int,
             step) -> np.ndarray:
    """A (weeks × reps) array of a parameter, stepped where the truth table says."""
    level = np.tile(base, (n_weeks, 1))
    for row in shifts[shifts["kpi"] == kpi].itertuples():
        sign = 1.0 if row.direction == "up" else -1.0
        r = rep_index[row.rep]
        level[row.start_week:, r] = step(level[row.start_week:, r], sign * row.size_sigma, r)
    return level


def weekly_kpis(seed: int = DEFAULT_SEED, n_reps: int = 20, n_weeks: int = 78,
                n_shifts: int = 5) -> pd.DataFrame:
    """Per rep per week: ``week`` (Monday), ``week_index`` (from 0), ``rep``, ``team``;
    leading ``response_time_hours``, ``calls``, ``meetings``, ``proposals``; lagging
    ``opportunities_closed``, ``deals_won``, ``win_rate`` (empty when nothing closed) and
    ``bookings`` (CNY). Rows sorted by week, then rep.

    >>> k = weekly_kpis()
    >>> k.shape, int(k["week_index"].max())
    ((1560, 12), 77)
    """
    n_reps, n_weeks, n_shifts = _check_sizes(n_reps, n_weeks, n_shifts)
    shifts = kpi_shifts(seed, n_reps, n_weeks, n_shifts)
    team = reps(seed, n_reps)
    rng = stream(seed, "weekly_kpis")
    index = {rep: i for i, rep in enumerate(team["rep"])}
    response0 = rng.lognormal(np.log(5.0), 0.5, n_reps)
    calls0 = 60.0 * rng.lognormal(0.0, 0.15, n_reps)
    meet0 = 0.20 * rng.lognormal(0.0, 0.15, n_reps)
    prop0 = 0.35 * rng.lognormal(0.0, 0.15, n_reps)
    win_logit = rng.normal(np.log(0.3 / 0.7), 0.3, n_reps)
    deal_size = 150_000.0 * rng.lognormal(0.0, 0.2, n_reps)

    # Each step moves the KPI's mean by size × its weekly standard deviation.
    cv = np.sqrt(np.expm1(RESPONSE_SIGMA**2))
    response = _shifted(response0, shifts, "response_time_hours", index, n_weeks,
                        lambda x, z, r: x * (1 + z * cv))
    calls_mean = _shifted(calls0, shifts, "calls", index, n_weeks, lambda x, z, r: x + z * np.sqrt(x))
    meet_rate = _shifted(meet0, shifts, "meetings", index, n_weeks,
                         lambda x, z, r: x + z * np.sqrt(x * calls_mean[-1, r]) / calls_mean[-1, r])
    meet_mean = calls_mean * meet_rate
    prop_rate = _shifted(prop0, shifts, "proposals", index, n_weeks,
                         lambda x, z, r: x + z * np.sqrt(x * meet_mean[-1, r]) / meet_mean[-1, r])

    hours = np.round(response * rng.lognormal(-RESPONSE_SIGMA**2 / 2, RESPONSE_SIGMA, response.shape), 2)
    calls = rng.poisson(calls_mean)
    meetings = rng.binomial(calls, meet_rate)
    proposals = rng.poisson(meet_mean * prop_rate)
    expected_proposals = meet_mean * prop_rate
    lagged = np.vstack([np.repeat(expected_proposals[:1], CLOSE_LAG, axis=0), expected_proposals[:-CLOSE_LAG]])
    closed = rng.poisson(0.9 * lagged)
    p_win = 1 / (1 + np.exp(-(win_logit - 0.3 * np.log(response / 5.0))))
    won = rng.binomial(closed, p_win)
    value = rng.gamma(np.where(won > 0, won / 0.36, 1.0), deal_size * 0.36)
    with np.errstate(invalid="ignore", divide="ignore"):
        win_rate = np.round(np.where(closed > 0, won / closed, np.nan), 3)

    weeks = _weeks(n_weeks)
    return pd.DataFrame(
        {
            "week": np.repeat(weeks, n_reps),
            "week_index": np.repeat(np.arange(n_weeks), n_reps),
            "rep": np.tile(team["rep"].to_numpy(), n_weeks),
            "team": pd.Categorical(np.tile(team["team"].to_numpy(), n_weeks), categories=list(TEAMS)),
            "response_time_hours": hours.reshape(-1),
            "calls": calls.reshape(-1),
            "meetings": meetings.reshape(-1),
            "proposals": proposals.reshape(-1),
            "opportunities_closed": closed.reshape(-1),
            "deals_won": won.reshape(-1),
            "win_rate": win_rate.reshape(-1),
            "bookings": np.where(won > 0, np.round(value), 0.0).reshape(-1),
        }
    )
