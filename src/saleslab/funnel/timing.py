"""Time in stage and sales-cycle length, with open deals treated as censored.

An open deal has not finished its stage yet: it only tells us the stage takes *at least*
this long. Averaging finished deals only hides the slow ones still waiting, so medians come
from Kaplan–Meier survival curves (statsmodels ``SurvfuncRight``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.duration.survfunc import SurvfuncRight

from ._log import STAGES, check_events, check_frame, ordered

DAY = pd.Timedelta(days=1)


def _snapshot(snapshot: object) -> pd.Timestamp:
    try:
        return pd.Timestamp(snapshot)
    except (TypeError, ValueError):
        raise ValueError(f"`snapshot` must be a date or timestamp, got {snapshot!r}") from None


def stage_visits(events: pd.DataFrame, snapshot: object) -> pd.DataFrame:
    """One row per visit of a deal to an open stage: days spent, and whether it ended.

    A visit ends at the deal's next event; a visit still going at ``snapshot`` is censored.

    >>> log = pd.DataFrame({"opportunity_id": [1, 1, 2], "stage": ["lead", "lost", "lead"],
    ...     "entered_at": pd.to_datetime(["2026-01-01", "2026-01-03", "2026-01-02"])})
    >>> stage_visits(log, "2026-01-12")[["stage", "days", "finished"]].values.tolist()
    [['lead', 2.0, True], ['lead', 10.0, False]]
    """
    end = _snapshot(snapshot)
    log = ordered(check_events(events))
    visits = log[log["stage"].isin(STAGES)]
    finished = visits["left_at"].notna()
    if (visits["entered_at"] > end).any():
        raise ValueError(f"`events` has entries after the snapshot {end}")
    days = (visits["left_at"].fillna(end) - visits["entered_at"]) / DAY
    return pd.DataFrame({"opportunity_id": visits["opportunity_id"], "stage": visits["stage"],
                         "days": days.astype(float), "finished": finished}).reset_index(drop=True)


def km_median(days: pd.Series | np.ndarray, finished: pd.Series | np.ndarray) -> tuple[float, float, float]:
    """Kaplan–Meier median and its 95% interval (``inf`` when the curve never falls to half).

    >>> km_median(np.array([1.0, 2, 3, 4, 5, 6]), np.array([1, 1, 0, 1, 1, 0]))[0]
    4.0
    """
    days, finished = np.asarray(days, float), np.asarray(finished, bool)
    if days.size == 0 or not finished.any():
        return (np.inf, np.nan, np.inf) if days.size else (np.nan, np.nan, np.nan)
    curve = SurvfuncRight(days, finished.astype(int))
    # The log-log transform of the interval meets S = 0 or 1 at the ends of the curve;
    # statsmodels handles those points, numpy only complains about them.
    with np.errstate(divide="ignore", invalid="ignore"):
        low, high = curve.quantile_ci(0.5)
    return float(curve.quantile(0.5)), float(low), float(high)


def time_in_stage(events: pd.DataFrame, snapshot: object) -> pd.DataFrame:
    """Per stage: visits, how many are still open, the Kaplan–Meier median days with its
    interval, and the naive median over finished visits only (for contrast).

    >>> log = pd.DataFrame({"opportunity_id": [1, 1, 2, 2, 3], "entered_at": pd.to_datetime(
    ...     ["2026-01-01", "2026-01-03", "2026-01-01", "2026-01-05", "2026-01-02"]),
    ...     "stage": ["lead", "lost", "lead", "contacted", "lead"]})
    >>> time_in_stage(log, "2026-01-12").loc[:0, ["stage", "visits", "still_open", "median_days"]]
      stage  visits  still_open  median_days
    0  lead       3           1          4.0
    """
    visits = stage_visits(events, snapshot)
    rows = []
    for stage in STAGES:
        part = visits[visits["stage"] == stage]
        if part.empty:
            continue
        median, low, high = km_median(part["days"], part["finished"])
        done = part.loc[part["finished"], "days"]
        rows.append((stage, len(part), int((~part["finished"]).sum()), median, low, high,
                     float(done.median()) if len(done) else np.nan))
    return pd.DataFrame(rows, columns=["stage", "visits", "still_open", "median_days",
                                       "median_low", "median_high", "finished_only_median_days"])


def cycle_times(events: pd.DataFrame, snapshot: object, start: str = "qualified",
                since: object = None) -> pd.DataFrame:
    """Days from a deal's first entry into ``start`` to its close (won or lost), per deal that
    reached ``start`` (on or after ``since``, if given); deals still open are censored at
    ``snapshot`` (``closed`` is False).

    >>> log = pd.DataFrame({"opportunity_id": [1, 1, 2], "stage": ["qualified", "won", "qualified"],
    ...     "entered_at": pd.to_datetime(["2026-01-01", "2026-01-31", "2026-01-01"])})
    >>> cycle_times(log, "2026-03-02")[["days", "closed", "outcome"]].values.tolist()
    [[30.0, True, 'won'], [60.0, False, 'open']]
    """
    if start not in STAGES:
        raise ValueError(f"`start` must be one of {list(STAGES)}, got {start!r}")
    end = _snapshot(snapshot)
    log = check_events(events)
    began = log[log["stage"] == start].groupby("opportunity_id")["entered_at"].min()
    if since is not None:
        began = began[began >= _snapshot(since)]
    if began.empty:
        raise ValueError(f"`events` has no deal that reached {start!r}")
    closes = log[log["stage"].isin(("won", "lost"))].groupby("opportunity_id")[["stage", "entered_at"]].first()
    closes = closes.reindex(began.index)
    stop = closes["entered_at"].fillna(end)
    days = ((stop - began) / DAY).astype(float)
    return pd.DataFrame({"opportunity_id": began.index.to_numpy(), "days": days.to_numpy(),
                         "closed": closes["stage"].notna().to_numpy(),
                         "outcome": closes["stage"].fillna("open").to_numpy()})


def sales_cycle(events: pd.DataFrame, snapshot: object, start: str = "qualified",
                since: object = None) -> pd.Series:
    """Median days from ``start`` to a decision (Kaplan–Meier, open deals censored), its
    interval, and the naive median over closed deals only, which ignores the slow deals that
    are still open (see :func:`cycle_times` for ``since``).

    >>> log = pd.DataFrame({"opportunity_id": [1, 1, 2, 2, 3], "stage": ["qualified", "won",
    ...     "qualified", "lost", "qualified"], "entered_at": pd.to_datetime(
    ...     ["2026-01-01", "2026-01-11", "2026-01-01", "2026-01-21", "2026-01-01"])})
    >>> float(sales_cycle(log, "2026-03-02")["closed_only_median_days"])
    15.0
    """
    cycle = cycle_times(events, snapshot, start, since)
    median, low, high = km_median(cycle["days"], cycle["closed"])
    closed = cycle.loc[cycle["closed"], "days"]
    return pd.Series({"deals": len(cycle), "still_open": int((~cycle["closed"]).sum()),
                      "median_days": median, "median_low": low, "median_high": high,
                      "closed_only_median_days": float(closed.median()) if len(closed) else np.nan})


def open_deal_survival(events: pd.DataFrame, snapshot: object, start: str = "qualified") -> pd.DataFrame:
    """The Kaplan–Meier curve of deals still undecided: share open ``days`` after ``start``.

    >>> log = pd.DataFrame({"opportunity_id": [1, 1, 2], "stage": ["qualified", "won", "qualified"],
    ...     "entered_at": pd.to_datetime(["2026-01-01", "2026-01-11", "2026-01-01"])})
    >>> open_deal_survival(log, "2026-03-02")["share_open"].tolist()
    [1.0, 0.5]
    """
    cycle = cycle_times(events, snapshot, start)
    if not cycle["closed"].any():
        raise ValueError("`events` has no closed deal: the curve cannot be estimated")
    curve = SurvfuncRight(cycle["days"].to_numpy(), cycle["closed"].to_numpy().astype(int))
    return pd.DataFrame({"days": np.r_[0.0, curve.surv_times], "share_open": np.r_[1.0, curve.surv_prob]})
