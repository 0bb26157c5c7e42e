"""Case 1 tables: how leads were followed up, by first-call delay, by rep and by week, and
the two arms of an experiment side by side.

They read the lead tables of :mod:`saleslab.cases.followup` (``follow_up_history``,
``simulate_team`` or an experiment's ``units``).

>>> from saleslab.cases.followup import CURRENT_PRACTICE, simulate_team
>>> table = by_first_call_delay(simulate_team(seed=1, **CURRENT_PRACTICE))
>>> table["band"].tolist()
['within 1 h', '1–4 h', '4–24 h', 'over a day']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import N_, _
from .common import ExperimentResult

#: First-call delay bands (hours) and their names.
DELAY_BANDS = (0.0, 1.0, 4.0, 24.0, np.inf)
BAND_NAMES = (N_("within 1 h"), N_("1–4 h"), N_("4–24 h"), N_("over a day"))
#: A first call later than this many hours counts as late in the weekly chart.
LATE_AFTER_HOURS = 4.0
_OUTCOMES = ("first_call_hours", "attempts", "contacted", "qualified", "won")


def _check_leads(leads: object, columns: tuple[str, ...] = _OUTCOMES) -> pd.DataFrame:
    if not isinstance(leads, pd.DataFrame):
        raise TypeError(f"`leads` must be a pandas DataFrame, got {type(leads).__name__}")
    missing = sorted(set(columns) - set(leads.columns))
    if missing:
        raise ValueError(f"`leads` must be a case 1 lead table; it lacks columns {missing}")
    if leads.empty:
        raise ValueError("`leads` must hold at least one lead, got an empty table")
    return leads


def by_first_call_delay(leads: pd.DataFrame) -> pd.DataFrame:
    """Leads grouped by how long they waited for a first call: ``band``, ``leads``,
    ``share`` (of all leads), ``reached``, ``qualified`` and ``close_rate`` (shares of the
    band's leads). Observational: slow bands also hold the busiest days.
    """
    leads = _check_leads(leads)
    band = pd.cut(leads["first_call_hours"], DELAY_BANDS, labels=[_(b) for b in BAND_NAMES],
                  right=False)
    table = leads.groupby(band, observed=False).agg(
        leads=("won", "size"), reached=("contacted", "mean"), qualified=("qualified", "mean"),
        close_rate=("won", "mean"))
    table.insert(1, "share", table["leads"] / table["leads"].sum())
    return table.rename_axis("band").reset_index().astype({"band": str})


def by_rep(leads: pd.DataFrame) -> pd.DataFrame:
    """One row per rep: ``leads``, ``median_first_call_hours``, ``late_share`` (first call
    after :data:`LATE_AFTER_HOURS`), ``queue_wait_hours`` (mean wait for a free slot),
    ``attempts_per_lead``, ``reached`` and ``close_rate``.

    >>> from saleslab.cases.followup import simulate_team
    >>> by_rep(simulate_team(seed=1, size=200, team_size=2))["rep"].tolist()
    [1, 2]
    """
    leads = _check_leads(leads, _OUTCOMES + ("rep", "queue_wait_hours"))
    return leads.assign(late=leads["first_call_hours"] > LATE_AFTER_HOURS).groupby("rep").agg(
        leads=("won", "size"), median_first_call_hours=("first_call_hours", "median"),
        late_share=("late", "mean"), queue_wait_hours=("queue_wait_hours", "mean"),
        attempts_per_lead=("attempts", "mean"), reached=("contacted", "mean"),
        close_rate=("won", "mean")).reset_index()


def weekly_late_calls(leads: pd.DataFrame) -> pd.DataFrame:
    """Per week of arrival (``arrived_at``, weeks starting Monday): ``leads``, ``late``
    (first call after :data:`LATE_AFTER_HOURS`), ``late_share`` and ``days`` (working days
    with leads) — ready for :func:`saleslab.monitoring.p_chart` once the partial weeks at the
    edges are set apart (:func:`full_weeks`).

    >>> from saleslab.data import case1_leads
    >>> from saleslab.cases.followup import follow_up_history
    >>> weekly = weekly_late_calls(follow_up_history(case1_leads(n_days=10)))
    >>> weekly["leads"].tolist(), weekly["days"].tolist()
    ([97, 100, 17], [4, 5, 1])
    """
    leads = _check_leads(leads, _OUTCOMES + ("arrived_at",))
    week = leads["arrived_at"].dt.to_period("W-SUN").dt.start_time.rename("week")
    late = leads["first_call_hours"] > LATE_AFTER_HOURS
    table = late.groupby(week).agg(leads="size", late="sum")
    table["late_share"] = table["late"] / table["leads"]
    table["days"] = leads["arrived_at"].dt.normalize().groupby(week).nunique()
    return table


def full_weeks(weekly: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The weeks of :func:`weekly_late_calls` split into the weeks to chart and the partial
    weeks at the start or end of the data (under half the median week's leads). A partial
    week's few leads would give limits so wide that they mean nothing.

    >>> from saleslab.data import case1_leads
    >>> from saleslab.cases.followup import follow_up_history
    >>> kept, dropped = full_weeks(weekly_late_calls(follow_up_history(case1_leads(n_days=10))))
    >>> len(kept), dropped["days"].tolist()
    (2, [1])
    """
    if not isinstance(weekly, pd.DataFrame) or "days" not in weekly.columns:
        raise TypeError("`weekly` must be the table of weekly_late_calls")
    edge = np.zeros(len(weekly), dtype=bool)
    edge[[0, -1]] = True
    partial = edge & (weekly["leads"].to_numpy() < weekly["leads"].median() / 2)
    return weekly[~partial], weekly[partial]


def compare_arms(result: ExperimentResult) -> pd.DataFrame:
    """The two arms of a case 1 experiment side by side: leads, median first call (hours),
    share called within an hour, mean wait for a free rep (hours), attempts per lead, and
    the shares reached, qualified and won.

    >>> from saleslab.cases.followup import run_experiment
    >>> compare_arms(run_experiment(seed=1, size=500)).columns.tolist()
    ['baseline', 'intervention']
    """
    if not isinstance(result, ExperimentResult):
        raise TypeError(f"`result` must be an ExperimentResult, got {type(result).__name__}")
    units = _check_leads(result.units, _OUTCOMES + ("arm", "queue_wait_hours"))
    arms = units.assign(within_hour=units["first_call_hours"] <= 1.0).groupby("arm").agg(
        leads=("won", "size"), median_first_call_hours=("first_call_hours", "median"),
        called_within_1_h=("within_hour", "mean"), queue_wait_hours=("queue_wait_hours", "mean"),
        attempts_per_lead=("attempts", "mean"), reached=("contacted", "mean"),
        qualified=("qualified", "mean"), close_rate=("won", "mean"))
    return arms.T.rename_axis(None, axis=1)
