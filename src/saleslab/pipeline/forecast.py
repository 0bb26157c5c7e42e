"""Forecast you can trust: categories, the weighted forecast, an interval simulated from deal
outcomes, and the accuracy of the method measured on past quarters.

A deal counts toward a period when its close date in the CRM falls before the period ends
(an overdue close date counts too: the CRM says the deal closes now). Forecast categories
follow the stage: negotiation is *commit*, proposal *best case*, qualified *pipeline*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..funnel import absorbing_chain
from ..funnel._log import check_events
from ..i18n import N_, _
from ..plots import money, percent
from ..validate import check_frame, check_rate, check_seed, check_whole
from ._state import pipeline_at

CATEGORY_OF_STAGE = {"negotiation": N_("commit"), "proposal": N_("best case"), "qualified": N_("pipeline")}


def in_period(pipe: pd.DataFrame, end: object) -> pd.DataFrame:
    """The deals of ``pipe`` whose close date falls on or before ``end``.

    >>> pipe = pd.DataFrame({"close_date": pd.to_datetime(["2026-07-01", "2026-12-01"])})
    >>> len(in_period(pipe, "2026-09-30"))
    1
    """
    table = check_frame("pipe", pipe, ("close_date",))
    return table[table["close_date"] <= pd.Timestamp(end)]


def categories(pipe: pd.DataFrame, end: object) -> pd.DataFrame:
    """Deals and amount closing by ``end`` per forecast category (commit, best case, pipeline).

    >>> pipe = pd.DataFrame({"stage": ["negotiation", "qualified"], "amount": [5.0, 7.0],
    ...                      "close_date": pd.to_datetime(["2026-07-01"] * 2)})
    >>> categories(pipe, "2026-09-30")["amount"].tolist()
    [5.0, 0.0, 7.0]
    """
    table = in_period(check_frame("pipe", pipe, ("stage", "amount", "close_date")), end)
    names = [_(name) for name in CATEGORY_OF_STAGE.values()]
    grouped = table.groupby(table["stage"].map(CATEGORY_OF_STAGE).map(_))["amount"].agg(["size", "sum"])
    grouped = grouped.reindex(names, fill_value=0)
    return pd.DataFrame({"category": names, "deals": grouped["size"].to_numpy(),
                         "amount": grouped["sum"].astype(float).to_numpy()})


def _chance(pipe: pd.DataFrame, win_probability: pd.Series) -> np.ndarray:
    missing = sorted(set(pipe["stage"]) - set(win_probability.index))
    if missing:
        raise ValueError(f"`win_probability` has no value for stage(s) {missing}")
    return pipe["stage"].map(win_probability).astype(float).to_numpy()


def weighted(pipe: pd.DataFrame, win_probability: pd.Series, end: object) -> float:
    """Σ amount × P(win | stage) over the deals closing by ``end``.

    >>> pipe = pd.DataFrame({"stage": ["proposal"], "amount": [100.0], "close_date": pd.to_datetime(["2026-07-01"])})
    >>> weighted(pipe, pd.Series({"proposal": 0.3}), "2026-09-30")
    30.0
    """
    table = in_period(check_frame("pipe", pipe, ("stage", "amount", "close_date")), end)
    return float((table["amount"].to_numpy() * _chance(table, win_probability)).sum())


@dataclass(frozen=True)
class ForecastInterval:
    """The middle ``level`` of simulated bookings, and the median."""

    low: float
    median: float
    high: float
    level: float

    def __repr__(self) -> str:
        return _("Bookings between {low} and {high} ({level} of simulations), median {median}").format(
            low=money(self.low), high=money(self.high), level=percent(self.level, 0), median=money(self.median))


def simulate(pipe: pd.DataFrame, win_probability: pd.Series, end: object, n: int = 4_000,
             seed: int = 0) -> np.ndarray:
    """``n`` simulated bookings totals: each deal closing by ``end`` is won with its stage's chance.

    >>> pipe = pd.DataFrame({"stage": ["proposal"] * 2, "amount": [100.0, 50.0],
    ...                      "close_date": pd.to_datetime(["2026-07-01"] * 2)})
    >>> sorted(set(simulate(pipe, pd.Series({"proposal": 0.5}), "2026-09-30", n=200).tolist()))
    [0.0, 50.0, 100.0, 150.0]
    """
    table = in_period(check_frame("pipe", pipe, ("stage", "amount", "close_date")), end)
    runs = check_whole("n", n)
    rng = np.random.default_rng(check_seed(seed))
    wins = rng.random((runs, len(table))) < _chance(table, win_probability)
    return wins.astype(float) @ table["amount"].to_numpy(float)


def interval(pipe: pd.DataFrame, win_probability: pd.Series, end: object, level: float = 0.8,
             n: int = 4_000, seed: int = 0) -> ForecastInterval:
    """The central ``level`` interval of :func:`simulate`.

    >>> pipe = pd.DataFrame({"stage": ["proposal"] * 40, "amount": [100.0] * 40,
    ...                      "close_date": pd.to_datetime(["2026-07-01"] * 40)})
    >>> i = interval(pipe, pd.Series({"proposal": 0.5}), "2026-09-30")
    >>> i.low < 2000 < i.high
    True
    """
    share = check_rate("level", level)
    runs = simulate(pipe, win_probability, end, n, seed)
    low, median, high = np.quantile(runs, [(1 - share) / 2, 0.5, (1 + share) / 2])
    return ForecastInterval(float(low), float(median), float(high), share)


def quarter_starts(snapshot: object, quarters: int = 7) -> list[pd.Timestamp]:
    """The starts of the last ``quarters`` calendar quarters that ended by ``snapshot``.

    >>> [str(q.date()) for q in quarter_starts("2026-06-30 18:00", 2)]
    ['2026-01-01', '2026-04-01']
    """
    n = check_whole("quarters", quarters)
    day = pd.Timestamp(snapshot).normalize()
    last = pd.Period(day, "Q")
    if day < last.end_time.normalize():  # the snapshot's own quarter has not ended yet
        last -= 1
    return [(last - i).start_time for i in reversed(range(n))]


@dataclass(frozen=True)
class Backtest:
    """The forecast replayed at the start of past quarters, against what was won."""

    table: pd.DataFrame

    @property
    def bias(self) -> float:
        """Mean of (forecast − actual) / actual: above 0 means the method forecasts too high."""
        return float(self.table["error"].mean())

    @property
    def mape(self) -> float:
        """Mean absolute percentage error."""
        return float(self.table["error"].abs().mean())

    @property
    def hit_rate(self) -> float:
        """Share of quarters whose actual fell inside the simulated interval."""
        return float(self.table["inside"].mean())

    def __repr__(self) -> str:
        return _("Over {n} past quarters the weighted forecast was off by {mape} on average (MAPE), "
                 "{direction} by {bias} on balance; the actual fell inside the interval in {hits} of "
                 "{n}.").format(n=len(self.table), mape=percent(self.mape, 0),
                                direction=_("too high") if self.bias > 0 else _("too low"),
                                bias=percent(abs(self.bias), 0), hits=int(self.table["inside"].sum()))


def backtest(events: pd.DataFrame, opportunities: pd.DataFrame, updates: pd.DataFrame,
             starts: list[pd.Timestamp], level: float = 0.8, seed: int = 0) -> Backtest:
    """For each quarter start: the pipeline then (closing in the quarter), its CRM amount, the
    weighted forecast with win chances learned only from the log before that day, the
    simulated interval, and the actual bookings won in the quarter from those same deals.

    Like with like: deals created later and won within the quarter are not in the forecast,
    so they are left out of ``actual`` too (shown apart as ``other_bookings``).
    """
    log = check_events(events)
    opps = check_frame("opportunities", opportunities, ("opportunity_id", "status", "closed_at", "value"))
    rows = []
    for start in starts:
        end = start + pd.DateOffset(months=3) - pd.Timedelta(seconds=1)
        pipe = in_period(pipeline_at(log, opportunities, updates, start), end)
        chance = absorbing_chain(log[log["entered_at"] < start]).table["win_probability"]
        won = (pipe["status"] == "won") & pipe["closed_at"].between(start, end)
        actual = float(pipe.loc[won, "value"].sum())
        all_won = opps[(opps["status"].astype(str) == "won") & opps["closed_at"].between(start, end)]
        band = interval(pipe, chance, end, level, seed=seed)
        forecast = weighted(pipe, chance, end)
        rows.append({"quarter": str(pd.Period(start, "Q")), "deals": len(pipe),
                     "crm_amount": float(pipe["amount"].sum()), "forecast": forecast,
                     "low": band.low, "high": band.high, "actual": actual,
                     "other_bookings": float(all_won["value"].sum()) - actual,
                     "error": (forecast - actual) / actual if actual else np.nan,
                     "inside": band.low <= actual <= band.high})
    return Backtest(pd.DataFrame(rows))
