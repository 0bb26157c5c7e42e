"""The weekly table an import can honestly hold: per rep and week, the deals created, closed and
won, the win rate and the bookings, all counted from the deal export. A CRM deal export has no
activities (calls, meetings, response times), so those columns of the course's ``weekly_kpis``
are left out rather than made up.

Weeks run Monday to Sunday, from each rep's first deal to the last full week before the
snapshot, and never before the data's first full week (a week the export starts in the middle
of would look like a collapse); a week without deals is a row of zeros (a quiet week is data).

>>> opps = pd.DataFrame({"rep": ["R-1", "R-1"], "team": ["A", "A"],
...     "created_at": pd.to_datetime(["2026-01-05", "2026-01-14"]), "value": [10.0, 20.0],
...     "status": ["won", "open"], "closed_at": pd.to_datetime(["2026-01-07", None])})
>>> weekly_table(opps, pd.Timestamp("2026-01-21"))[["week", "opportunities_created", "deals_won"]]
        week  opportunities_created  deals_won
0 2026-01-05                      1          1
1 2026-01-12                      1          0
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ..data.dictionary import RESOURCE
from ..data.schema import Field, Resource

_KEPT = ("week", "week_index", "rep", "team", "opportunities_closed", "deals_won", "win_rate",
         "bookings")
_CREATED = Field("opportunities_created", "integer", "Opportunities created (count)", minimum=0)


def weekly_resource(teams: tuple[str, ...]) -> Resource:
    """The course's ``weekly_kpis`` resource cut to what a deal export holds (see the module
    docstring), with this company's ``teams``."""
    course = {f.name: f for f in RESOURCE["weekly_kpis"].fields}
    fields = [dataclasses.replace(course[name], enum=teams) if name == "team" else course[name]
              for name in _KEPT]
    fields.insert(4, _CREATED)
    return Resource("weekly_kpis", "Weekly deal counts per rep (from the import)",
                    "Per rep and week (Monday to Sunday): opportunities created, closed and won, "
                    "win rate and bookings, counted from the deal export. No activity columns "
                    "(calls, meetings, response time): a deal export does not hold them.",
                    tuple(fields), ("week", "rep"))


def _rep_weeks(start: pd.Series, last: pd.Timestamp) -> pd.MultiIndex:
    """Every (rep, Monday) from each rep's ``start`` to ``last``, rep by rep."""
    weeks = ((last - start) // pd.Timedelta(weeks=1)).clip(lower=-1).astype("int64") + 1
    first = np.repeat(np.cumsum(weeks.to_numpy()) - weeks.to_numpy(), weeks.to_numpy())
    step = np.arange(int(weeks.sum())) - first  # 0, 1, 2, ... within each rep
    return pd.MultiIndex.from_arrays(
        [np.repeat(start.index.to_numpy(), weeks.to_numpy()),
         np.repeat(start.to_numpy(), weeks.to_numpy()) + step * np.timedelta64(7, "D")],
        names=["rep", "week"])


def _main_team(deals: pd.DataFrame) -> pd.Series:
    """Each rep's most frequent team (ties: the first by name), as ``Series.mode`` gives it."""
    counts = deals.groupby(["rep", "team"]).size().rename("deals").reset_index()
    counts = counts.sort_values(["rep", "deals", "team"], ascending=[True, False, True], kind="stable")
    return counts.drop_duplicates("rep").set_index("rep")["team"]


def weekly_table(opps: pd.DataFrame, snapshot: pd.Timestamp) -> pd.DataFrame:
    """The weekly table of the deals ``opps`` (see the module docstring)."""
    columns = [f.name for f in weekly_resource(()).fields]
    named = opps[opps["rep"] != ""]
    last = snapshot.to_period("W").start_time - pd.Timedelta(weeks=1)
    def monday(when: pd.Series) -> pd.Series:
        return when.dt.to_period("W").dt.start_time

    begins = named["created_at"].min() if not named.empty else snapshot
    first_week = monday(pd.Series([begins])).iloc[0]
    first_week += pd.Timedelta(weeks=int(begins > first_week))  # the first full week
    if first_week > last:
        return pd.DataFrame(columns=columns)

    closed = named[named["status"].isin(["won", "lost"])]
    won = closed[closed["status"] == "won"]
    counts = pd.concat([
        named.groupby(["rep", monday(named["created_at"])]).size().rename("opportunities_created"),
        closed.groupby(["rep", monday(closed["closed_at"])]).size().rename("opportunities_closed"),
        won.groupby(["rep", monday(won["closed_at"])]).size().rename("deals_won"),
        won.groupby(["rep", monday(won["closed_at"])])["value"].sum().rename("bookings"),
    ], axis=1)
    counts.index.names = ["rep", "week"]
    start = monday(named["created_at"]).groupby(named["rep"]).min().clip(lower=first_week)
    table = counts.reindex(_rep_weeks(start, last)).fillna(0).reset_index()
    for name in ("opportunities_created", "opportunities_closed", "deals_won"):
        table[name] = table[name].astype("int64")
    table["win_rate"] = (table["deals_won"] / table["opportunities_closed"]).where(
        table["opportunities_closed"] > 0)
    table["week_index"] = ((table["week"] - first_week).dt.days // 7).astype("int64")
    table["team"] = table["rep"].map(_main_team(named))
    return table.sort_values(["week", "rep"], kind="stable").reset_index(drop=True)[columns]
