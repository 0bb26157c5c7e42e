"""Holidays and the season: what the whole team does in a week is not one rep's change.

In the Spring Festival week and the National Day week every rep's calls collapse and leads
wait longer; over the year activity swings with the season. On a rep's control chart those
weeks look like signals, yet nothing changed in how the rep works. The two remedies taught
in module 3, both in :func:`as_taught`:

- leave the holiday weeks out: they neither set the limits nor get judged;
- compare each rep with the team in the same week: divide the activity counts by the team's
  seasonal factor (the median rep's level that week relative to their usual level), so a
  change that hits everyone cancels out and a change in one rep stands out.

>>> from saleslab.monitoring.scorecards import example_kpis
>>> len(as_taught(example_kpis()))  # the week of 27 January 2025 held the Spring Festival
6
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.kpis import holiday_weeks
from .scorecards import _check_kpis

#: The activity counts the whole team's season moves (response time has no season here).
SEASONAL = ("calls", "meetings", "proposals")


def team_season(kpis: pd.DataFrame, kpi: str) -> pd.Series:
    """The team's factor per week for ``kpi``: the median over reps of value ÷ the rep's median.

    1.0 is a normal week; 0.4 means the typical rep did 40% of their usual.

    >>> from saleslab.monitoring.scorecards import example_kpis
    >>> team_season(example_kpis(), "calls").tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    kpis = _check_kpis(kpis)
    if kpi not in kpis.columns:
        raise ValueError(f"`kpi` must be a column of the weekly KPI table, got {kpi!r}")
    usual = kpis.groupby("rep")[kpi].transform("median")
    relative = kpis[kpi] / usual.where(usual > 0)
    return relative.groupby(kpis["week_index"]).median().rename("factor")


def as_taught(kpis: pd.DataFrame) -> pd.DataFrame:
    """The weekly table ready for a rep's control chart: holiday weeks left out, and
    ``calls``, ``meetings`` and ``proposals`` divided by the team's seasonal factor
    (:func:`team_season`, one decimal). Other columns are unchanged.

    >>> from saleslab.monitoring.scorecards import example_kpis
    >>> as_taught(example_kpis())["calls"].tolist()[:2]
    [40.0, 40.0]
    """
    kpis = _check_kpis(kpis)
    normal = (holiday_weeks(kpis["week"]).to_numpy() == "")
    table = kpis[normal].copy()
    for kpi in SEASONAL:
        factor = team_season(table, kpi).reindex(table["week_index"]).to_numpy()
        table[kpi] = np.round(table[kpi].to_numpy(dtype=float) / np.where(factor > 0, factor, 1.0), 1)
    return table.reset_index(drop=True)


def holidays_in(kpis: pd.DataFrame) -> pd.DataFrame:
    """The holiday weeks the table covers: ``week``, ``week_index`` and ``holiday``.

    >>> from saleslab.monitoring.scorecards import example_kpis
    >>> holidays_in(example_kpis())["holiday"].tolist()
    ['spring_festival']
    """
    weeks = _check_kpis(kpis).drop_duplicates("week_index").sort_values("week_index")
    names = holiday_weeks(weeks["week"]).to_numpy()
    found = weeks.loc[names != "", ["week", "week_index"]].assign(holiday=names[names != ""])
    return found.reset_index(drop=True)
