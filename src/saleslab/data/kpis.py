"""Module 3's data: weekly leading and lagging indicators per rep, with planted changes.

Each week a rep answers new leads (average ``response_time_hours``: right-skewed, log-normal
around the rep's level), makes ``calls`` (Poisson), turns some calls into ``meetings``
(binomial) and writes ``proposals`` (Poisson, in proportion to the meetings expected). Three
weeks later proposals come back as closed opportunities (Poisson), won with a probability
that falls as responses get slower; ``bookings`` add up the deals won.

The whole team follows the calendar: activity peaks in December and dips in early summer
(:data:`SEASON_AMPLITUDE`), collapses in the Spring Festival week (its date moves with the
lunar calendar, :data:`SPRING_FESTIVAL`) and in the National Day week, and leads wait longer
for an answer in those weeks (:func:`holiday_weeks`).

At every seed three real changes are planted, one of each :data:`KINDS`, on reps and weeks
drawn from the seed: a ``sudden`` drop in calls of 3.5 to 4 standard deviations, a ``small``
lasting step of about 1.4 sigma that limits alone rarely see (run rules do), and a slow
``drift`` that builds up over :data:`DRIFT_WEEKS` weeks to about 1.7 sigma. :func:`kpi_shifts`
is the truth table; effects downstream (fewer calls → fewer meetings) are real too, but not
listed.

>>> shifts = kpi_shifts(seed=2026)
>>> shifts["kind"].tolist()
['sudden', 'small', 'drift']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import N_
from .org import DEFAULT_SEED, SNAPSHOT, TEAMS, check_count, reps, stream

SHIFT_KPIS = ("response_time_hours", "calls", "meetings", "proposals")
DIRECTIONS = ("up", "down")
#: The three kinds of real change planted at every seed, in this order.
KINDS = ("sudden", "small", "drift")
#: Weekly spread of a rep's average response time (log scale): a right-skewed KPI.
RESPONSE_SIGMA = 0.45
#: Weeks from a proposal to the opportunity's close.
CLOSE_LAG = 3
#: Weeks a drift takes to reach its full size.
DRIFT_WEEKS = 8
#: Weeks kept free of changes at the start (the baseline that sets the limits, plus a few).
FIRST_START = 30
#: Weeks after a change's start kept inside the data, so it can be seen.
LAST_MARGIN = 16
#: Relative swing of activity over the year: highest in early December, lowest in June.
SEASON_AMPLITUDE = 0.06
#: Chinese New Year's Day (Spring Festival), by year: the date moves with the lunar calendar.
SPRING_FESTIVAL = {2023: "2023-01-22", 2024: "2024-02-10", 2025: "2025-01-29",
                   2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26"}
#: Share of a normal week's activity in a holiday week (and the week after Spring Festival).
HOLIDAY_ACTIVITY = {"spring_festival": 0.3, "after_spring_festival": 0.75, "national_day": 0.4}
#: Leads wait this many times longer for an answer in a holiday week.
HOLIDAY_DELAY = 2.0

# kind → (KPI, direction, size range in sigma, description: English data, N_ for tables)
_CHANGES = {
    "sudden": (("calls", "down", (3.5, 4.0),
                N_("fewer calls after being pulled into a large key-account bid")),),
    "small": (("response_time_hours", "down", (1.3, 1.5),
               N_("faster first responses after CRM reminders were switched on")),
              ("meetings", "up", (1.3, 1.5),
               N_("more meetings after joint visits with the team lead"))),
    "drift": (("calls", "up", (1.6, 1.8),
               N_("calls rising week by week while working a new target-account list")),),
}


def _weeks(n_weeks: int) -> pd.DatetimeIndex:
    """The Mondays of the last ``n_weeks`` full weeks before the snapshot."""
    last = (SNAPSHOT.normalize() - pd.Timedelta(days=6)).to_period("W-SUN").start_time
    return pd.date_range(end=last, periods=n_weeks, freq="W-MON")


def holiday_weeks(weeks: object) -> pd.Series:
    """Which holiday each week (a Monday) holds: ``"spring_festival"``, ``"national_day"``,
    ``"after_spring_festival"`` or ``""`` for a normal week.

    >>> holiday_weeks(pd.to_datetime(["2025-01-27", "2025-02-03", "2025-09-29", "2025-03-03"])).tolist()
    ['spring_festival', 'after_spring_festival', 'national_day', '']
    """
    mondays = pd.DatetimeIndex(pd.to_datetime(weeks)).normalize()
    monday_of = lambda day: day - pd.Timedelta(days=day.day_of_week)  # noqa: E731
    names = pd.Series("", index=range(len(mondays)), dtype=object)
    for year in sorted(set(mondays.year) | set(mondays.year + 1)):
        marks = [("national_day", monday_of(pd.Timestamp(f"{year}-10-01")))]
        if year in SPRING_FESTIVAL:
            festival = monday_of(pd.Timestamp(SPRING_FESTIVAL[year]))
            marks += [("spring_festival", festival),
                      ("after_spring_festival", festival + pd.Timedelta(weeks=1))]
        for name, monday in marks:
            names[mondays == monday] = name
    return names


def season(weeks: object) -> np.ndarray:
    """The calendar's factor on a normal week's activity: the yearly swing times holidays.

    >>> season(pd.to_datetime(["2025-12-01", "2025-06-02", "2025-09-29"])).round(2).tolist()
    [1.06, 0.94, 0.4]
    """
    mondays = pd.DatetimeIndex(pd.to_datetime(weeks))
    phase = 2 * np.pi * (mondays.day_of_year.to_numpy() - 335) / 365.25
    factor = 1 + SEASON_AMPLITUDE * np.cos(phase)
    holidays = holiday_weeks(mondays).to_numpy()
    for name, share in HOLIDAY_ACTIVITY.items():
        factor = np.where(holidays == name, share, factor)
    return factor


def _check_sizes(n_reps: object, n_weeks: object, n_shifts: object) -> tuple[int, int, int]:
    n_reps = check_count("n_reps", n_reps)
    n_weeks = check_count("n_weeks", n_weeks, minimum=FIRST_START + LAST_MARGIN + 1)
    return n_reps, n_weeks, check_count("n_shifts", n_shifts, minimum=0, maximum=n_reps)


def kpi_shifts(seed: int = DEFAULT_SEED, n_reps: int = 20, n_weeks: int = 78,
               n_shifts: int = 3) -> pd.DataFrame:
    """The truth table: ``rep``, ``kpi``, ``kind`` (:data:`KINDS`, in turn), ``start_week``
    (week_index of the first changed week), ``week`` (its Monday), ``direction``,
    ``size_sigma`` (the full size, in weekly standard deviations of the KPI; for a drift,
    reached :data:`DRIFT_WEEKS` weeks after the start) and a ``description``.

    >>> bool(kpi_shifts(seed=7)["size_sigma"].between(1.3, 4.0).all())
    True
    """
    n_reps, n_weeks, n_shifts = _check_sizes(n_reps, n_weeks, n_shifts)
    rng = stream(seed, "kpi_shifts")
    who = rng.choice(n_reps, n_shifts, replace=False)
    kinds = [KINDS[i % len(KINDS)] for i in range(n_shifts)]
    picked = [_CHANGES[kind][int(rng.integers(len(_CHANGES[kind])))] for kind in kinds]
    start = rng.integers(FIRST_START, n_weeks - LAST_MARGIN + 1, n_shifts)
    size = [round(float(rng.uniform(*change[2])), 1) for change in picked]
    names = reps(seed, n_reps)["rep"].to_numpy()
    return pd.DataFrame(
        {
            "rep": names[who],
            "kpi": pd.Categorical([change[0] for change in picked], categories=SHIFT_KPIS),
            "kind": pd.Categorical(kinds, categories=KINDS),
            "start_week": start.astype("int64"),
            "week": _weeks(n_weeks)[start],
            "direction": pd.Categorical([change[1] for change in picked], categories=DIRECTIONS),
            "size_sigma": size,
            "description": [change[3] for change in picked],
        }
    )


def _effect(shift, n_weeks: int) -> np.ndarray:
    """The change in sigmas week by week: a step, or a ramp for a drift."""
    weeks_in = np.arange(n_weeks) - shift.start_week + 1
    ramp = 1.0 if shift.kind != "drift" else np.clip(weeks_in / DRIFT_WEEKS, 0.0, 1.0)
    sign = 1.0 if shift.direction == "up" else -1.0
    return np.where(weeks_in > 0, sign * shift.size_sigma * ramp, 0.0)


def _changes(shifts: pd.DataFrame, kpi: str, rep_index: dict, n_weeks: int) -> np.ndarray:
    """A (weeks × reps) array of each rep's change in ``kpi``, in sigmas (0 where none)."""
    z = np.zeros((n_weeks, len(rep_index)))
    for row in shifts[shifts["kpi"] == kpi].itertuples():
        z[:, rep_index[row.rep]] += _effect(row, n_weeks)
    return z


def weekly_kpis(seed: int = DEFAULT_SEED, n_reps: int = 20, n_weeks: int = 78,
                n_shifts: int = 3) -> pd.DataFrame:
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

    weeks = _weeks(n_weeks)
    calendar = season(weeks)[:, None]
    holiday = (holiday_weeks(weeks).to_numpy() != "")[:, None]
    # Each change moves the KPI's mean by its size × the KPI's weekly standard deviation in a
    # normal week: √mean for Poisson counts, √(n·p) for the binomial meetings, σ of the log
    # for response time.
    change = {kpi: _changes(shifts, kpi, index, n_weeks) for kpi in SHIFT_KPIS}
    calls_mean = np.maximum(calls0 + change["calls"] * np.sqrt(calls0), 1.0) * calendar
    meet_base = calls0 * meet0
    meet_rate = np.clip(meet0 + change["meetings"] * np.sqrt(meet_base) / calls0, 0.01, 0.9)
    meet_mean = calls_mean * meet_rate
    prop_base = meet_base * prop0
    prop_mean = np.maximum(meet_mean * prop0 + change["proposals"] * np.sqrt(prop_base)
                           * calendar, 0.1)
    response = (response0 * np.exp(change["response_time_hours"] * RESPONSE_SIGMA)
                * np.where(holiday, HOLIDAY_DELAY, 1.0))

    hours = np.round(response * rng.lognormal(0.0, RESPONSE_SIGMA, response.shape), 2)
    calls = rng.poisson(calls_mean)
    meetings = rng.binomial(calls, meet_rate)
    proposals = rng.poisson(prop_mean)
    lagged = np.vstack([np.repeat(prop_mean[:1], CLOSE_LAG, axis=0), prop_mean[:-CLOSE_LAG]])
    closed = rng.poisson(0.9 * lagged)
    p_win = 1 / (1 + np.exp(-(win_logit - 0.3 * np.log(response / 5.0))))
    won = rng.binomial(closed, p_win)
    value = rng.gamma(np.where(won > 0, won / 0.36, 1.0), deal_size * 0.36)
    with np.errstate(invalid="ignore", divide="ignore"):
        win_rate = np.round(np.where(closed > 0, won / closed, np.nan), 3)

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
