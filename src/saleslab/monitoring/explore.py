"""One rep's weekly KPI on the chart of your choice: what it signals, and what was real.

:func:`explore_kpi` is the engine of the control-chart explorer: it takes the weekly KPI
table, a rep, a KPI, a chart type and a rule set, sets the limits on the rep's first weeks
(the baseline) and watches the weeks after them. Given the truth table of planted shifts,
it also says which real changes were caught and how many weeks it took.

>>> result = explore_kpi(example_kpis(), "Ana", "calls", baseline_weeks=2)
>>> result.baseline_weeks, len(result.chart), len(result.signals)
(2, 4, 0)
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..localformat import headline_repr, long_date
from ..plots import new_figure
from .charts import individuals_chart, p_chart
from .drift import cusum, ewma
from .explore_plots import ExplorationChart
from .rules import RULE_SETS, run_rules, standardise
from .scorecards import KPI_LABELS, _check_kpis, example_kpis

#: Chart types the explorer offers; the p chart is for the win rate only.
EXPLORER_CHARTS: dict[str, str] = {
    "individuals": N_("Individuals chart (one week at a time)"),
    "cusum": N_("CUSUM (adds up small deviations)"),
    "ewma": N_("EWMA (a weighted moving average)"),
    "p": N_("p chart (win rate, for the opportunities closed)"),
}
#: Rule sets: "none" flags only points beyond the limits.
RULE_CHOICES: dict[str, str] = {
    "none": N_("None: points beyond the limits only"),
    "western_electric": N_("Western Electric (4 rules)"),
    "nelson": N_("Nelson (8 rules)"),
}
#: Weeks at the start that set the limits, as in :func:`alerts`: half a year, so the
#: limits are not one short stretch's luck.
BASELINE_WEEKS = 26
#: KPIs that are charted on a log scale as taught: skewed, a few slow weeks stretch far up.
LOG_SCALE = frozenset({"response_time_hours"})
_SHEWHART = ("individuals", "p")

__all__ = ["BASELINE_WEEKS", "EXPLORER_CHARTS", "RULE_CHOICES", "Exploration", "explore_kpi",
           "match_planted", "planted_delays", "plot_exploration", "relimit"]
#: Weeks after a confirmed change that set its new limits.
RELIMIT_WEEKS = 12


@dataclass(frozen=True)
class Exploration:
    """What one chart saw on one rep's KPI.

    ``chart`` is the chart's table indexed by week (for ``cusum`` also ``limit``, H in the
    KPI's units; for ``ewma`` also ``center``); ``flags`` the run-rule table or None;
    ``signals`` one row per signalling week after the baseline (``week``, ``week_index``,
    ``direction`` "up"/"down", ``reason``); ``caught`` the truth table's rows for this rep and
    KPI with ``detected_week_index`` and ``delay_weeks`` (NaN when missed), or None.
    """

    rep: str
    kpi: str
    chart_type: str
    rules: str
    baseline_weeks: int
    chart: pd.DataFrame
    flags: pd.DataFrame | None
    signals: pd.DataFrame
    finding: str
    caught: pd.DataFrame | None
    log_scale: bool = False

    def __repr__(self) -> str:
        return headline_repr("Exploration", _(
            "{rep}, {kpi}, {chart}, rules={rules}: {n} signal weeks after {baseline} baseline "
            "weeks").format(rep=self.rep, kpi=self.kpi, chart=self.chart_type, rules=self.rules,
                            n=len(self.signals), baseline=self.baseline_weeks))


def _check_choice(name: str, value: object, allowed: dict[str, str] | list[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"`{name}` must be one of {list(allowed)}, got {value!r}")
    return value


def _history(kpis: pd.DataFrame, rep: object, kpi: str, chart_type: str) -> pd.DataFrame:
    reps = sorted(kpis["rep"].unique())
    _check_choice("rep", rep, reps)
    weeks = kpis[kpis["rep"] == rep].sort_values("week_index")
    if kpi == "win_rate" or chart_type == "p":
        weeks = weeks[weeks["opportunities_closed"] > 0]  # no verdict, no win rate
    return weeks[weeks[kpi].notna()].set_index("week")


def _shewhart(history: pd.DataFrame, kpi: str, chart_type: str, n_base: int,
              log_scale: bool) -> pd.DataFrame:
    if chart_type == "p":
        return p_chart(history["deals_won"], history["opportunities_closed"], baseline=n_base)
    return individuals_chart(history[kpi].astype(float), baseline=n_base,
                             lower_bound=None if log_scale else 0.0)


def _limit_reasons(above: np.ndarray) -> np.ndarray:
    return np.where(above, _("above the upper limit"), _("below the lower limit"))


def _rule_reasons(flags: pd.DataFrame, rules: str) -> np.ndarray:
    descriptions = np.array([_(RULE_SETS[rules][name]) for name in flags.columns])
    fired = flags.to_numpy()
    return descriptions[np.argmax(fired, axis=1)]


def _memory_chart(history: pd.DataFrame, kpi: str, chart_type: str,
                  n_base: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    reference = individuals_chart(history[kpi].astype(float), baseline=n_base)
    target = float(reference["center"].iloc[0])
    sigma = float(reference["ucl"].iloc[0] - target) / 3
    if sigma <= 0:
        raise ValueError(f"`{kpi}` does not vary in the baseline weeks, so a {chart_type} "
                         f"chart has no scale")
    values = history[kpi].astype(float)
    if chart_type == "cusum":
        chart = cusum(values, target, sigma).assign(limit=5.0 * sigma)
        up = (chart["upper"] > chart["limit"]).to_numpy()
        reasons = np.where(up, _("the upward CUSUM passed its limit"),
                           _("the downward CUSUM passed its limit"))
    else:
        chart = ewma(values, target, sigma).assign(center=target)
        up = (chart["ewma"] > chart["ucl"]).to_numpy()
        reasons = np.where(up, _("the EWMA rose above its upper limit"),
                           _("the EWMA fell below its lower limit"))
    return chart, up, reasons


def explore_kpi(
    kpis: pd.DataFrame,
    rep: str,
    kpi: str,
    chart_type: str = "individuals",
    rules: str = "none",
    baseline_weeks: int = BASELINE_WEEKS,
    shifts: pd.DataFrame | None = None,
    log_scale: bool = False,
) -> Exploration:
    """Chart one rep's weekly ``kpi``, with limits from the first ``baseline_weeks`` weeks.

    ``chart_type`` is one of :data:`EXPLORER_CHARTS` (``"p"`` only for ``win_rate``: deals
    won out of opportunities closed); ``rules`` one of :data:`RULE_CHOICES`, for the
    individuals and p charts (CUSUM and EWMA have their own limit). Weeks without a value
    (a win rate with nothing closed) are left out. Pass the truth table as ``shifts`` to see
    which planted changes were caught: a signal in the shift's direction on or after its
    ``start_week``. The baseline is the table's first ``baseline_weeks`` weeks.

    >>> explore_kpi(example_kpis(), "Ben", "calls", baseline_weeks=2).finding
    'No signal in the 2 weeks watched: only noise, nothing to act on'
    """
    kpis = _check_kpis(kpis)
    kpi = _check_choice("kpi", kpi, KPI_LABELS)
    chart_type = _check_choice("chart_type", chart_type, EXPLORER_CHARTS)
    rules = _check_choice("rules", rules, RULE_CHOICES)
    if chart_type == "p" and kpi != "win_rate":
        raise ValueError(f"a p chart is for the win rate only, got `kpi` {kpi!r}")
    if chart_type not in _SHEWHART and rules != "none":
        raise ValueError(f"run rules apply to the individuals and p charts, not to "
                         f"{chart_type!r}: use `rules='none'`")
    if isinstance(baseline_weeks, bool) or not isinstance(baseline_weeks, (int, np.integer)):
        raise TypeError(f"`baseline_weeks` must be a whole number, got {baseline_weeks!r}")
    if not isinstance(log_scale, bool) or (log_scale and chart_type != "individuals"):
        raise ValueError(f"`log_scale` must be True or False, and True only for an "
                         f"individuals chart, got {log_scale!r} with {chart_type!r}")
    history = _history(kpis, rep, kpi, chart_type)
    if log_scale:
        history = _logged(history, kpi)
    first_week = kpis["week_index"].min()
    n_base = int((history["week_index"] < first_week + baseline_weeks).sum())
    if not 2 <= n_base < len(history):
        raise ValueError(f"`baseline_weeks` must leave at least 2 weeks with a value before "
                         f"and 1 after, got {baseline_weeks} ({n_base} of {len(history)} weeks)")
    flags = None
    if chart_type in _SHEWHART:
        chart = _shewhart(history, kpi, chart_type, n_base, log_scale)
        up = standardise(chart) > 0
        if rules == "none":
            fired, reasons = chart["signal"].to_numpy(), _limit_reasons(up)
        else:
            flags = run_rules(chart, rules)
            fired, reasons = flags.to_numpy().any(axis=1), _rule_reasons(flags, rules)
    else:
        chart, up, reasons = _memory_chart(history, kpi, chart_type, n_base)
        fired = chart["signal"].to_numpy()
    if log_scale and chart_type == "individuals":
        chart = chart.assign(**{c: np.exp(chart[c]) for c in ("value", "center", "lcl", "ucl")})
    watched = np.arange(len(chart)) >= n_base
    keep = fired & watched
    signals = pd.DataFrame({
        "week": chart.index[keep], "week_index": history["week_index"].to_numpy()[keep],
        "direction": np.where(up[keep], "up", "down"), "reason": reasons[keep],
    })
    return Exploration(
        rep=rep, kpi=kpi, chart_type=chart_type, rules=rules, baseline_weeks=n_base,
        chart=chart, flags=flags, signals=signals,
        finding=_finding(signals, int(watched.sum()), kpi),
        caught=None if shifts is None else _caught(signals, shifts, rep, kpi),
        log_scale=log_scale,
    )


def _logged(history: pd.DataFrame, kpi: str) -> pd.DataFrame:
    values = history[kpi].astype(float)
    if (values <= 0).any():
        raise ValueError(f"`log_scale` needs values above 0, got {values.min()} in `{kpi}`")
    return history.assign(**{kpi: np.log(values)})


def _finding(signals: pd.DataFrame, n_watched: int, kpi: str) -> str:
    if signals.empty:
        return _("No signal in the {n} weeks watched: only noise, nothing to act on").format(
            n=n_watched)
    first = signals.iloc[0]
    text = _("{kpi}: first signal in the week of {date}, {reason}").format(
        kpi=_(KPI_LABELS[kpi]).capitalize(), date=long_date(first["week"]),
        reason=first["reason"])
    if len(signals) > 1:
        text += _(" ({n} signal weeks of {watched} watched)").format(
            n=len(signals), watched=n_watched)
    return text


def _caught(signals: pd.DataFrame, shifts: pd.DataFrame, rep: str, kpi: str) -> pd.DataFrame:
    if not isinstance(shifts, pd.DataFrame) or not {"rep", "kpi", "start_week",
                                                    "direction"} <= set(shifts.columns):
        raise ValueError("`shifts` must be the kpi_shifts truth table (rep, kpi, start_week, "
                         "direction)")
    mine = shifts[(shifts["rep"] == rep) & (shifts["kpi"] == kpi)].copy()
    detected = []
    for shift in mine.itertuples():
        hits = signals[(signals["week_index"] >= shift.start_week)
                       & (signals["direction"] == shift.direction)]
        detected.append(hits["week_index"].min() if len(hits) else np.nan)
    mine["detected_week_index"] = np.asarray(detected, dtype=float)
    mine["delay_weeks"] = mine["detected_week_index"] - mine["start_week"]
    return mine.reset_index(drop=True)


def planted_delays(
    kpis: pd.DataFrame, shifts: pd.DataFrame, chart_type: str = "individuals",
    rules: str = "western_electric", baseline_weeks: int = BASELINE_WEEKS,
) -> pd.DataFrame:
    """Every planted shift with the week one chart design caught it and the delay in weeks.

    The truth table's rows with ``detected_week_index`` and ``delay_weeks`` (NaN if missed);
    see :func:`explore_kpi` for the arguments.

    >>> shifts = pd.DataFrame({"rep": ["Ana"], "kpi": ["calls"], "start_week": [3],
    ...                        "direction": ["up"]})
    >>> kpis = example_kpis().assign(calls=[40, 42, 41, 90, 30, 30, 30, 30])
    >>> planted_delays(kpis, shifts, baseline_weeks=3)["delay_weeks"].tolist()
    [0.0]
    """
    caught = [explore_kpi(kpis, shift.rep, shift.kpi, chart_type, rules, baseline_weeks,
                          shifts=shifts.loc[[i]]).caught
              for i, shift in zip(shifts.index, shifts.itertuples())]
    return pd.concat(caught, ignore_index=True) if caught else shifts.assign(
        detected_week_index=np.nan, delay_weeks=np.nan)


def match_planted(alert_table: pd.DataFrame, shifts: pd.DataFrame) -> pd.DataFrame:
    """:func:`alerts` with a column ``planted``: True when the alert follows a real change.

    An alert is real when its rep and KPI have a planted shift that started on or before
    the alert's week; every other alert is noise (a false alarm).

    >>> shifts = pd.DataFrame({"rep": ["Ana"], "kpi": ["calls"], "start_week": [3]})
    >>> found = pd.DataFrame({"rep": ["Ana", "Ana"], "kpi": ["calls"] * 2, "week_index": [1, 3]})
    >>> match_planted(found, shifts)["planted"].tolist()
    [False, True]
    """
    for name, table, needed in (("alert_table", alert_table, ("rep", "kpi", "week_index")),
                                ("shifts", shifts, ("rep", "kpi", "start_week"))):
        if not isinstance(table, pd.DataFrame) or not set(needed) <= set(table.columns):
            raise ValueError(f"`{name}` must be a DataFrame with the columns {list(needed)}")
    starts = shifts.groupby(["rep", "kpi"], observed=True)["start_week"].min()
    keys = pd.MultiIndex.from_arrays([alert_table["rep"].astype(str),
                                      alert_table["kpi"].astype(str)])
    start = starts.rename(index=str).reindex(keys).to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        planted = alert_table["week_index"].to_numpy(dtype=float) >= start
    return alert_table.assign(planted=planted)


def relimit(kpis: pd.DataFrame, rep: str, kpi: str, since_week: int,
            weeks: int = RELIMIT_WEEKS, baseline_weeks: int = BASELINE_WEEKS) -> pd.DataFrame:
    """An individuals chart in two phases: limits from the first ``baseline_weeks`` weeks
    up to ``since_week`` (the week_index a confirmed change began), then new limits from the
    first ``weeks`` weeks after it. Column ``phase`` says ``"before"`` or ``"after"``.

    Once a change is confirmed (and explained), judging later weeks against the old limits
    only repeats the same news every week; new limits show whether the new level is stable.

    >>> calls = example_kpis().assign(calls=[40, 42, 20, 22, 30, 30, 30, 30])
    >>> relimit(calls, "Ana", "calls", since_week=2, weeks=2, baseline_weeks=2)["center"].tolist()
    [41.0, 41.0, 21.0, 21.0]
    """
    kpis = _check_kpis(kpis)
    kpi = _check_choice("kpi", kpi, KPI_LABELS)
    history = _history(kpis, rep, kpi, "individuals")
    split = history["week_index"].to_numpy() >= since_week
    if (~split).sum() < 2 or split.sum() < weeks:
        raise ValueError(f"`since_week` must leave at least 2 weeks before it and `weeks` "
                         f"({weeks}) after it, got {since_week!r}")
    before, after = history[kpi][~split].astype(float), history[kpi][split].astype(float)
    first = int((history["week_index"][~split] < kpis["week_index"].min() + baseline_weeks).sum())
    return pd.concat([
        individuals_chart(before, baseline=max(first, 2), lower_bound=0.0).assign(phase="before"),
        individuals_chart(after, baseline=weeks, lower_bound=0.0).assign(phase="after"),
    ])


def plot_exploration(result: Exploration, show_planted: bool = False) -> plt.Figure:
    """The explorer's figure: the chart, its signals after the baseline, the finding as title.

    The baseline weeks are shaded. ``show_planted`` marks the planted change (needs the
    truth table in ``result.caught``) — the answer key, for after the learner has looked.
    The dashboard keeps the same figure and moves it
    (:class:`~saleslab.monitoring.explore_plots.ExplorationFigure`).

    >>> fig = plot_exploration(explore_kpi(example_kpis(), "Ana", "calls", baseline_weeks=2))
    >>> fig.axes[0].get_title(loc="left").splitlines()[0]
    'Ana — No signal in the 2 weeks watched: only noise, nothing to'
    >>> plt.close(fig)
    """
    if not isinstance(result, Exploration):
        raise TypeError(f"`result` must come from explore_kpi, got {type(result).__name__}")
    fig, ax = new_figure()
    ExplorationChart(ax, result).show(result, show_planted)
    return fig
