"""Rep scorecards that put process metrics (leading) beside results (lagging), and alerts.

The input is the course's weekly KPI table: one row per rep and week with the columns of
:data:`KPI_COLUMNS`. Leading indicators move first (calls this week); lagging ones show the
result later (deals won next quarter). A manager coaches on the leading ones.

>>> card = scorecard(example_kpis())
>>> card.loc["Ana", ["calls_per_week", "win_rate"]].round(2).tolist()
[40.0, 0.25]
"""

from __future__ import annotations

import pandas as pd

from ..i18n import N_, _

KPI_COLUMNS = ("week", "week_index", "rep", "team", "response_time_hours", "calls", "meetings",
               "proposals", "opportunities_closed", "deals_won", "win_rate", "bookings")
#: Process metrics a manager can act on this week.
LEADING = ("response_time_hours", "calls_per_week", "meetings_per_week", "proposals_per_week")
#: Results that follow the process with a delay.
LAGGING = ("opportunities_closed", "deals_won", "win_rate", "bookings")
#: Weekly KPIs where a higher value is worse.
HIGHER_IS_WORSE = frozenset({"response_time_hours"})
#: Plain names for the weekly KPIs, as alerts and figures show them.
KPI_LABELS: dict[str, str] = {
    "response_time_hours": N_("response time (hours)"),
    "calls": N_("calls per week"),
    "meetings": N_("meetings per week"),
    "proposals": N_("proposals per week"),
    "opportunities_closed": N_("opportunities closed"),
    "deals_won": N_("deals won"),
    "win_rate": N_("win rate"),
    "bookings": N_("bookings"),
}


def example_kpis() -> pd.DataFrame:
    """A four-week, two-rep table in the weekly KPI schema, for examples and tests.

    >>> example_kpis().shape
    (8, 12)
    """
    weeks = pd.date_range("2025-01-06", periods=4, freq="W-MON")
    rows = []
    for rep, team, calls, won in (("Ana", "North", 40, 1), ("Ben", "South", 30, 2)):
        for i, week in enumerate(weeks):
            rows.append({"week": week, "week_index": i, "rep": rep, "team": team,
                         "response_time_hours": 2.0 + i, "calls": calls, "meetings": 6,
                         "proposals": 2, "opportunities_closed": 4, "deals_won": won,
                         "win_rate": won / 4, "bookings": 50_000.0 * won})
    return pd.DataFrame(rows)


def _check_kpis(kpis: object) -> pd.DataFrame:
    if not isinstance(kpis, pd.DataFrame):
        raise TypeError(f"`kpis` must be the weekly KPI DataFrame, got {type(kpis).__name__}")
    missing = [c for c in KPI_COLUMNS if c not in kpis.columns]
    if missing:
        raise ValueError(f"`kpis` must have the weekly KPI columns; missing {missing}")
    if kpis.empty:
        raise ValueError("`kpis` must hold at least one week, got an empty table")
    for column in KPI_COLUMNS[4:]:
        if pd.api.types.is_bool_dtype(kpis[column]) or not pd.api.types.is_numeric_dtype(
            kpis[column]
        ):
            raise TypeError(f"`kpis['{column}']` must hold numbers, got dtype {kpis[column].dtype}")
    return kpis


def _period(kpis: pd.DataFrame, start: object, end: object) -> pd.DataFrame:
    weeks = pd.to_datetime(kpis["week"])
    keep = pd.Series(True, index=kpis.index)
    for name, bound, inside in (("start", start, weeks.__ge__), ("end", end, weeks.__le__)):
        if bound is not None:
            try:
                keep &= inside(pd.Timestamp(bound))
            except (TypeError, ValueError):
                raise ValueError(f"`{name}` must be a date such as '2025-03-31', "
                                 f"got {bound!r}") from None
    chosen = kpis[keep]
    if chosen.empty:
        raise ValueError(f"no week falls between `start` {start!r} and `end` {end!r}")
    return chosen


def scorecard(
    kpis: pd.DataFrame, start: object = None, end: object = None, by: str = "rep"
) -> pd.DataFrame:
    """One row per rep (or team) over a period: leading metrics first, then lagging.

    Columns: ``team`` (rep rows) or ``reps`` (team rows), ``weeks``, the :data:`LEADING`
    metrics as averages per rep and week (so teams of different sizes compare fairly), then
    the :data:`LAGGING` totals; ``win_rate`` is deals won ÷ opportunities closed over the
    whole period, not an average of weekly rates. ``start``/``end`` are dates (inclusive).

    >>> scorecard(example_kpis(), by="team")["deals_won"].tolist()
    [4.0, 8.0]
    """
    if by not in ("rep", "team"):
        raise ValueError(f"`by` must be 'rep' or 'team', got {by!r}")
    chosen = _period(_check_kpis(kpis), start, end)
    groups = chosen.groupby(by, sort=True)
    card = pd.DataFrame({
        "weeks": groups["week"].nunique(),
        "response_time_hours": groups["response_time_hours"].mean(),
        "calls_per_week": groups["calls"].mean(),
        "meetings_per_week": groups["meetings"].mean(),
        "proposals_per_week": groups["proposals"].mean(),
        "opportunities_closed": groups["opportunities_closed"].sum().astype(float),
        "deals_won": groups["deals_won"].sum().astype(float),
        "bookings": groups["bookings"].sum().astype(float),
    })
    closed = card["opportunities_closed"]
    card.insert(7, "win_rate", card["deals_won"] / closed.where(closed > 0))
    if by == "rep":
        card.insert(0, "team", groups["team"].first())
    else:
        card.insert(0, "reps", groups["rep"].nunique())
    return card


def compare_with_team(
    kpis: pd.DataFrame, metric: str, start: object = None, end: object = None
) -> pd.DataFrame:
    """Each rep's value of one scorecard ``metric`` beside the average rep of their team.

    Columns ``team``, ``rep_value``, ``team_value`` (mean over the team's reps) and
    ``difference`` (rep − team).

    >>> compare_with_team(example_kpis(), "calls_per_week")["difference"].tolist()
    [0.0, 0.0]
    """
    card = scorecard(kpis, start, end, by="rep")
    if metric not in LEADING + LAGGING:
        raise ValueError(f"`metric` must be one of {list(LEADING + LAGGING)}, got {metric!r}")
    team_value = card.groupby("team")[metric].transform("mean")
    return pd.DataFrame({"team": card["team"], "rep_value": card[metric],
                         "team_value": team_value, "difference": card[metric] - team_value})
