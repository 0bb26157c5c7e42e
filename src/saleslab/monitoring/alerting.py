"""Alert rules for a whole team, and how many alerts to expect when nothing changed.

:func:`alerts` watches every rep's leading KPIs with two rules set on the rep's own
baseline; :func:`expected_false_alarms` answers the question a manager should ask before
acting on them: *how many of these would the same rules raise if nothing had changed?* It
replays each rep's own baseline weeks in random order, many times, and counts the alerts
the rules raise on those quiet years. So the expectation carries what the textbook's 0.27%
leaves out: limits estimated from a few months, skewed and lumpy counts.

>>> from saleslab.monitoring.scorecards import example_kpis
>>> alerts(example_kpis(), metrics=("calls",), baseline_weeks=2, weeks_in_a_row=2).empty
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import _
from ..localformat import headline_repr
from ..plots import money, percent
from .charts import D2
from .rules import _in_a_row
from .scorecards import HIGHER_IS_WORSE, KPI_LABELS, _check_kpis

#: The leading KPIs the team's alerts watch.
WATCHED = ("response_time_hours", "calls", "meetings", "proposals")
#: KPIs judged on a log scale by default: skewed, as taught.
LOGGED = ("response_time_hours",)
#: Weeks that set each rep's limits, as in the explorer: half a year.
BASELINE_WEEKS = 26


def alert_masks(values: np.ndarray, baseline_weeks: int, weeks_in_a_row: int,
                lower_bound: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each rule fires, for series along the last axis (one row per series).

    Returns ``outside`` (a week beyond the individuals limits x̄ ± 3·MR̄/1.128 of the first
    ``baseline_weeks``), ``run_high`` and ``run_low`` (the week a run above or below the
    baseline average reaches ``weeks_in_a_row``: once per run). Baseline weeks never fire.

    >>> out, high, low = alert_masks(np.array([[1.0, 2, 1, 2, 9, 9]]), 4, 2, None)
    >>> out.tolist(), high.tolist()
    ([[False, False, False, False, True, True]], [[False, False, False, False, False, True]])
    """
    base = values[..., :baseline_weeks]
    center = base.mean(axis=-1, keepdims=True)
    sigma = np.abs(np.diff(base, axis=-1)).mean(axis=-1, keepdims=True) / D2
    lcl = center - 3 * sigma
    if lower_bound is not None:
        lcl = np.maximum(lcl, lower_bound)
    watched = np.arange(values.shape[-1]) >= baseline_weeks
    outside = ((values > center + 3 * sigma) | (values < lcl)) & watched
    runs = []
    for side in (values > center, values < center):
        side = side & watched
        full = _in_a_row(side, weeks_in_a_row)
        before = np.zeros_like(side)
        before[..., weeks_in_a_row:] = side[..., :-weeks_in_a_row]
        runs.append(full & ~before)
    return outside, runs[0], runs[1]


def _label(kpi: str) -> str:
    return _(KPI_LABELS[kpi])


def _shown(kpi: str, value: float) -> str:
    if kpi == "bookings":
        return money(value)
    if kpi == "win_rate":
        return percent(value)
    return f"{value:.3g}"


def _series(history: pd.DataFrame, kpi: str, logged: bool) -> np.ndarray:
    values = history[kpi].to_numpy(dtype=float)
    return np.log(np.maximum(values, 1e-9)) if logged else values


def _series_alerts(history: pd.DataFrame, kpi: str, baseline_weeks: int, weeks_in_a_row: int,
                   logged: bool) -> list[dict]:
    values = _series(history, kpi, logged)
    outside, high, low = (mask[0] for mask in alert_masks(
        values[None, :], baseline_weeks, weeks_in_a_row, None if logged else 0.0))
    back = np.exp if logged else (lambda x: x)
    base = values[:baseline_weeks]
    center = base.mean()
    sigma = np.abs(np.diff(base)).mean() / D2
    ucl, lcl = back(center + 3 * sigma), back(center - 3 * sigma if logged
                                              else max(center - 3 * sigma, 0.0))
    reference = _shown(kpi, back(center))
    texts = {
        "above": _("{rep}'s {kpi} rose above the upper control limit ({value} > {limit})"),
        "below": _("{rep}'s {kpi} fell below the lower control limit ({value} < {limit})"),
        "worse": _("{rep}'s {kpi} has been worse than their baseline ({reference}) "
                   "for {n} weeks in a row"),
        "better": _("{rep}'s {kpi} has been better than their baseline ({reference}) "
                    "for {n} weeks in a row"),
    }
    rows = []
    raw = history[kpi].to_numpy(dtype=float)
    for i in np.flatnonzero(outside):
        above = values[i] > center
        rows.append((i, "outside_limits", texts["above" if above else "below"].format(
            rep=history["rep"].iloc[i], kpi=_label(kpi), value=_shown(kpi, raw[i]),
            limit=_shown(kpi, ucl if above else lcl))))
    for mask, higher in ((high, True), (low, False)):
        worse = higher == (kpi in HIGHER_IS_WORSE)
        for i in np.flatnonzero(mask):
            rows.append((i, "weeks_worse_than_baseline" if worse else "weeks_better_than_baseline",
                         texts["worse" if worse else "better"].format(
                             rep=history["rep"].iloc[i], kpi=_label(kpi), reference=reference,
                             n=weeks_in_a_row)))
    return [{"week": history["week"].iloc[i], "week_index": history["week_index"].iloc[i],
             "rule": rule, "message": message} for i, rule, message in sorted(rows, key=lambda r: r[0])]


def _check_rules(kpis: object, metrics: object, baseline_weeks: object,
                 weeks_in_a_row: object, logged: object) -> pd.DataFrame:
    kpis = _check_kpis(kpis)
    for name, value in (("metrics", metrics), ("logged", logged)):
        if isinstance(value, str) or not all(m in KPI_LABELS for m in value):
            raise ValueError(f"`{name}` must be a list of weekly KPI columns from "
                             f"{list(KPI_LABELS)}, got {value!r}")
    for name, value, minimum in (("baseline_weeks", baseline_weeks, 2),
                                 ("weeks_in_a_row", weeks_in_a_row, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
            raise ValueError(f"`{name}` must be a whole number of at least {minimum}, "
                             f"got {value!r}")
    return kpis


def _histories(kpis: pd.DataFrame, metrics, baseline_weeks: int):
    for (rep, team), weeks in kpis.sort_values("week_index").groupby(["rep", "team"],
                                                                      observed=True):
        for kpi in metrics:
            history = weeks[weeks[kpi].notna()]  # e.g. win rate in a week with nothing closed
            if len(history) > baseline_weeks:
                yield rep, team, kpi, history


def alerts(
    kpis: pd.DataFrame,
    metrics: tuple[str, ...] = WATCHED,
    baseline_weeks: int = BASELINE_WEEKS,
    weeks_in_a_row: int = 8,
    logged: tuple[str, ...] = LOGGED,
) -> pd.DataFrame:
    """Simple alert rules per rep and weekly KPI, with the reason in plain words.

    Two rules, both against the rep's own first ``baseline_weeks`` weeks and checked on the
    weeks after them: a week outside the individuals-chart limits set on the baseline
    (``outside_limits``), and ``weeks_in_a_row`` weeks in a row on one side of the baseline
    average (``weeks_worse_than_baseline`` or ``weeks_better_than_baseline``, raised once,
    on the week the run reaches that length; 8 matches the Western Electric run rule). Both
    directions alert: a real improvement is worth knowing about too. KPIs in ``logged`` are
    judged on a log scale (skewed response times), their limits shown back in hours. Weeks
    where a KPI is missing are left out; a rep with no more than ``baseline_weeks`` weeks is
    skipped. Hand it :func:`saleslab.monitoring.as_taught` to leave holidays out.

    Columns ``rep``, ``team``, ``kpi``, ``week``, ``week_index``, ``rule``, ``message``;
    one row per alert, in week order.

    >>> from saleslab.monitoring.scorecards import example_kpis
    >>> alerts(example_kpis(), metrics=("response_time_hours",), baseline_weeks=2,
    ...        weeks_in_a_row=2)["rule"].tolist()
    ['weeks_worse_than_baseline', 'weeks_worse_than_baseline']
    """
    kpis = _check_rules(kpis, metrics, baseline_weeks, weeks_in_a_row, logged)
    rows = [{"rep": rep, "team": team, "kpi": kpi, **row}
            for rep, team, kpi, history in _histories(kpis, metrics, baseline_weeks)
            for row in _series_alerts(history, kpi, baseline_weeks, weeks_in_a_row,
                                      kpi in logged)]
    columns = ["rep", "team", "kpi", "week", "week_index", "rule", "message"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["week_index", "rep", "kpi"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Expectation:
    """Alerts the rules raise on quiet years replayed from each series' own baseline.

    ``per_kpi`` is the average count per KPI over the replays, summed over the series
    given; ``low``/``high`` bound the total in 90 of 100 replays.
    """

    per_kpi: pd.Series
    low: float
    high: float
    n_series: int
    weeks_watched: int
    n_replays: int

    @property
    def total(self) -> float:
        return float(self.per_kpi.sum())

    def __repr__(self) -> str:
        return headline_repr("Expectation", _(
            "about {total:.0f} alerts on {n} quiet series of {weeks} weeks; 90% of replays {low:.0f} "
            "to {high:.0f}").format(total=self.total, n=self.n_series, weeks=self.weeks_watched,
                                    low=self.low, high=self.high))


def expected_false_alarms(
    kpis: pd.DataFrame,
    series: pd.DataFrame | None = None,
    metrics: tuple[str, ...] = WATCHED,
    baseline_weeks: int = BASELINE_WEEKS,
    weeks_in_a_row: int = 8,
    logged: tuple[str, ...] = LOGGED,
    n_replays: int = 200,
    seed: int = 0,
) -> Expectation:
    """How many alerts :func:`alerts` raises when nothing changes, by replaying baselines.

    For each rep and KPI (or only the ``series`` given: a table with ``rep`` and ``kpi``
    columns), draw as many weeks as the rep has, at random with replacement from the rep's
    own baseline weeks, apply the same rules, and count. Repeat ``n_replays`` times.

    >>> from saleslab.monitoring.scorecards import example_kpis
    >>> expected_false_alarms(example_kpis(), metrics=("calls",), baseline_weeks=2,
    ...                       n_replays=20).total
    0.0
    """
    kpis = _check_rules(kpis, metrics, baseline_weeks, weeks_in_a_row, logged)
    if isinstance(n_replays, bool) or not isinstance(n_replays, (int, np.integer)) or n_replays < 1:
        raise ValueError(f"`n_replays` must be a whole number of at least 1, got {n_replays!r}")
    chosen = None if series is None else set(zip(series["rep"].astype(str),
                                                  series["kpi"].astype(str)))
    rng = np.random.default_rng(seed)
    totals = np.zeros((n_replays, len(metrics)))
    n_series, watched = 0, 0
    for rep, _team, kpi, history in _histories(kpis, metrics, baseline_weeks):
        if chosen is not None and (str(rep), kpi) not in chosen:
            continue
        base = _series(history, kpi, kpi in logged)[:baseline_weeks]
        draws = base[rng.integers(0, baseline_weeks, (n_replays, len(history)))]
        masks = alert_masks(draws, baseline_weeks, weeks_in_a_row,
                            None if kpi in logged else 0.0)
        totals[:, metrics.index(kpi)] += sum(mask.sum(axis=-1) for mask in masks)
        n_series += 1
        watched = max(watched, len(history) - baseline_weeks)
    overall = totals.sum(axis=1)
    return Expectation(per_kpi=pd.Series(totals.mean(axis=0), index=list(metrics), name="alerts"),
                       low=float(np.quantile(overall, 0.05)),
                       high=float(np.quantile(overall, 0.95)),
                       n_series=n_series, weeks_watched=watched, n_replays=n_replays)
