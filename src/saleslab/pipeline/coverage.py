"""Pipeline coverage like with like: qualified-and-later pipeline whose close date falls in
the period, against the quota still to win in that period; the coverage needed is
1 / the historical win rate from qualified; the gap is new pipeline still to create.

Mixing these up is the classic mistake: counting fresh leads (which rarely close) or deals
closing next year against this half-year's quota, with a ratio taken from another stage.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..funnel._log import check_events
from ..i18n import _
from ..plots import money, percent
from ..targets import PipelineCoverage, pipeline_coverage
from ..validate import check_frame, check_positive
from ._state import FORECAST_STAGES


def qualified_win_rate(events: pd.DataFrame, since: object, until: object) -> float:
    """Won ÷ decided among deals qualified between ``since`` and ``until`` (decided by the end
    of the log).

    >>> ev = pd.DataFrame({"opportunity_id": [1, 1, 2, 2, 3], "stage": ["qualified", "won", "qualified",
    ...     "lost", "qualified"], "entered_at": pd.to_datetime(["2026-01-02", "2026-02-01", "2026-01-03",
    ...     "2026-02-01", "2026-01-04"])})
    >>> qualified_win_rate(ev, "2026-01-01", "2026-06-30")
    0.5
    """
    log = check_events(events)
    began = log[(log["stage"] == "qualified") & log["entered_at"].between(pd.Timestamp(since), pd.Timestamp(until))]
    ids = began["opportunity_id"].unique()
    outcome = log[log["opportunity_id"].isin(ids) & log["stage"].isin(("won", "lost"))]
    if outcome.empty:
        raise ValueError(f"no deal qualified between {since} and {until} has been decided yet")
    return float((outcome["stage"] == "won").mean())


@dataclass(frozen=True)
class Coverage:
    """Coverage of the quota still to win by the pipeline that can close in the period."""

    by_stage: pd.DataFrame
    remaining_quota: float
    win_rate: float
    result: PipelineCoverage

    @property
    def pipeline(self) -> float:
        return float(self.by_stage["amount"].sum())

    @property
    def coverage(self) -> float:
        return self.result.coverage

    @property
    def required(self) -> float:
        return self.result.required

    @property
    def new_pipeline_needed(self) -> float:
        return self.result.shortfall

    def __repr__(self) -> str:
        return _("Coverage {cov:.1f}× of the {quota} still to win, against {need:.1f}× needed at a "
                 "{rate} win rate from qualified; new pipeline still to create: {gap}.").format(
            cov=self.coverage, quota=money(self.remaining_quota), need=self.required,
            rate=percent(self.win_rate, 0), gap=money(self.new_pipeline_needed))


def coverage(pipe: pd.DataFrame, start: object, end: object, remaining_quota: float,
             win_rate: float) -> Coverage:
    """Like-with-like coverage of ``remaining_quota`` for the period ``start``–``end``.

    ``pipe`` is the open pipeline (:func:`pipeline_at`); only qualified-and-later deals whose
    close date falls on or before ``end`` count (an overdue date counts: it is still due).

    >>> pipe = pd.DataFrame({"stage": ["proposal", "qualified", "proposal"], "amount": [300.0, 100.0, 999.0],
    ...     "close_date": pd.to_datetime(["2026-08-01", "2026-11-01", "2027-03-01"])})
    >>> c = coverage(pipe, "2026-07-01", "2026-12-31", remaining_quota=200.0, win_rate=0.25)
    >>> c.coverage, c.required, c.new_pipeline_needed
    (2.0, 4.0, 400.0)
    """
    table = check_frame("pipe", pipe, ("stage", "amount", "close_date"))
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    if last <= first:
        raise ValueError(f"`end` must come after `start`, got {start} to {end}")
    quota = check_positive("remaining_quota", remaining_quota)
    counted = table[table["stage"].isin(FORECAST_STAGES) & (table["close_date"] <= last)]
    by_stage = counted.groupby("stage")["amount"].agg(["size", "sum"]).reindex(list(FORECAST_STAGES), fill_value=0)
    by_stage = pd.DataFrame({"stage": list(FORECAST_STAGES), "deals": by_stage["size"].to_numpy(),
                             "amount": by_stage["sum"].astype(float).to_numpy()})
    result = pipeline_coverage(float(by_stage["amount"].sum()), quota, win_rate)
    return Coverage(by_stage, quota, float(win_rate), result)
