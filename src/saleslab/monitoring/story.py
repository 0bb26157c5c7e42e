"""Module 3's sentences written by the data: each names its rep, KPI and weeks from the
data and carries the check that makes it true (:class:`saleslab.story.Claim`).

The generator plants one change of each kind at every seed (:data:`saleslab.data.kpis.KINDS`);
:func:`catch_table` says how fast each chart design flags each of them on the table as
taught (holidays out, season divided out, response time on a log scale), and the ``*_claim``
functions turn one row of evidence into the sentence the notebook shows.

>>> from saleslab.data import kpi_shifts, weekly_kpis
>>> table = catch_table(weekly_kpis(seed=7), kpi_shifts(seed=7))
>>> table["kind"].tolist()
['sudden', 'small', 'drift']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import _
from ..localformat import long_date
from ..story import Claim, Story
from .alerting import alerts, expected_false_alarms
from .explore import BASELINE_WEEKS, LOG_SCALE, Exploration, explore_kpi
from .scorecards import KPI_LABELS
from .seasons import as_taught

#: The chart each kind of change is taught with: limits for a jump, run rules for a small
#: lasting step, CUSUM for a slow drift.
KIND_CHARTS = {"sudden": ("individuals", "none"), "small": ("individuals", "western_electric"),
               "drift": ("cusum", "none")}
#: "Within a few weeks", as the course says it.
FEW_WEEKS = 8
_DESIGNS = {"limits": ("individuals", "none"), "rules": ("individuals", "western_electric"),
            "cusum": ("cusum", "none")}


def explore(kpis: pd.DataFrame, rep: str, kpi: str, chart_type: str = "individuals",
            rules: str = "none", shifts: pd.DataFrame | None = None,
            baseline_weeks: int = BASELINE_WEEKS) -> Exploration:
    """:func:`explore_kpi` with the response time on a log scale, as taught.

    >>> from saleslab.monitoring.scorecards import example_kpis
    >>> explore(example_kpis(), "Ana", "response_time_hours", baseline_weeks=2).log_scale
    True
    """
    log_scale = kpi in LOG_SCALE and chart_type == "individuals"
    return explore_kpi(kpis, rep, kpi, chart_type, rules, baseline_weeks, shifts=shifts,
                       log_scale=log_scale)


def catch_table(kpis: pd.DataFrame, shifts: pd.DataFrame) -> pd.DataFrame:
    """Each planted change with the weeks each design took to flag it (NaN: never).

    Columns ``rep``, ``kpi``, ``kind``, ``week``, ``start_week``, then ``limits`` (3-sigma
    limits alone), ``rules`` (with the Western Electric rules) and ``cusum``, in weeks after
    the change began, on :func:`as_taught` data.
    """
    taught = as_taught(kpis)
    table = shifts[["rep", "kpi", "kind", "week", "start_week"]].copy()
    for name, (chart_type, rules) in _DESIGNS.items():
        table[name] = [explore(taught, row.rep, str(row.kpi), chart_type, rules,
                               shifts=shifts.loc[[i]]).caught["delay_weeks"].iloc[0]
                       for i, row in zip(shifts.index, shifts.itertuples())]
    return table.reset_index(drop=True)


def planted(shifts: pd.DataFrame, kind: str) -> pd.Series:
    """The truth table's change of one ``kind`` (the first, if several).

    >>> from saleslab.data import kpi_shifts
    >>> planted(kpi_shifts(seed=7), "sudden")["kpi"]
    'calls'
    """
    return _row(shifts, kind)


def _row(shifts: pd.DataFrame, kind: str) -> pd.Series:
    rows = shifts[shifts["kind"] == kind]
    if rows.empty:
        raise ValueError(f"`shifts` has no change of kind {kind!r}")
    return rows.iloc[0]


def _label(kpi: str) -> str:
    return _(KPI_LABELS[str(kpi)])


def _weeks(delay: float) -> str:
    if not np.isfinite(delay):
        return _("not at all")
    if delay == 0:
        return _("in the week it began")
    return _("{n} weeks after it began").format(n=int(delay)) if delay != 1 else _(
        "1 week after it began")


def sudden_claim(kpis: pd.DataFrame, shifts: pd.DataFrame) -> Claim:
    """The sudden drop: which rep, from which week, flagged how fast by limits alone."""
    row = _row(shifts, "sudden")
    delay = catch_table(kpis, shifts.loc[[row.name]])["limits"].iloc[0]
    text = _("{rep}'s {kpi} drop from the week of {date}: limits alone flag it {when}.").format(
        rep=row["rep"], kpi=_label(row["kpi"]), date=long_date(row["week"]), when=_weeks(delay))
    return Claim.that(np.isfinite(delay) and delay <= FEW_WEEKS, text,
                      f"sudden change on {row['rep']} {row['kpi']} week {row['start_week']}: "
                      f"limits flag it after {delay} weeks (at most {FEW_WEEKS})")


def small_claim(kpis: pd.DataFrame, shifts: pd.DataFrame) -> Claim:
    """The small lasting step: run rules flag more of its weeks than limits alone."""
    row = _row(shifts, "small")
    taught = as_taught(kpis)
    counts = {}
    for name in ("limits", "rules"):
        found = explore(taught, row["rep"], str(row["kpi"]), *_DESIGNS[name])
        counts[name] = int((found.signals["week_index"] >= row["start_week"]).sum())
    n_after = int((taught.loc[taught["rep"] == row["rep"], "week_index"] >= row["start_week"]).sum())
    delay = catch_table(kpis, shifts.loc[[row.name]])["rules"].iloc[0]
    text = _("{rep}'s {kpi} changed by a small step from the week of {date}. Of the {n} weeks "
             "after it, limits alone flag {limits}; the Western Electric rules flag {rules}, "
             "the first {when}.").format(rep=row["rep"], kpi=_label(row["kpi"]),
                                         date=long_date(row["week"]), n=n_after,
                                         limits=counts["limits"], rules=counts["rules"],
                                         when=_weeks(delay))
    return Claim.that(counts["rules"] > counts["limits"] and np.isfinite(delay), text,
                      f"small change on {row['rep']} {row['kpi']}: rules flag {counts['rules']} "
                      f"weeks > limits {counts['limits']}, first after {delay} weeks")


def drift_claim(kpis: pd.DataFrame, shifts: pd.DataFrame) -> Claim:
    """The slow drift: when the CUSUM starts climbing and when it passes its limit."""
    row = _row(shifts, "drift")
    found = explore(as_taught(kpis), row["rep"], str(row["kpi"]), "cusum")
    chart = found.chart
    side = "upper" if row["direction"] == "up" else "lower"
    after = (found.signals["week_index"] >= row["start_week"]).to_numpy()
    crossed = pd.DatetimeIndex(found.signals["week"][after])
    if len(crossed) == 0:
        return Claim.that(False, _("The drift's CUSUM never passes its limit."),
                          f"{row['rep']} {row['kpi']}: no CUSUM signal")
    before = chart.loc[:crossed[0], side]
    zero = before.index[before.to_numpy() == 0]
    climb = before.index[before.index > zero[-1]][0] if len(zero) else before.index[0]
    text = _("{rep}'s {kpi} begin to drift in the week of {start}. The CUSUM starts climbing "
             "in the week of {climb} and passes its limit in the week of {signal}.").format(
        rep=row["rep"], kpi=_label(row["kpi"]), start=long_date(row["week"]), climb=long_date(climb),
        signal=long_date(crossed[0]))
    return Claim.that(bool((chart.loc[climb:crossed[0], side] > 0).all())
                      and chart.loc[crossed[0], side] > chart.loc[crossed[0], "limit"], text,
                      f"{row['rep']} {row['kpi']}: sum positive from {climb.date()} to the "
                      f"signal on {crossed[0].date()}")


def _quiet_signals(kpis: pd.DataFrame, shifts: pd.DataFrame, kpi: str) -> dict[str, int]:
    """Weeks beyond the limits (as taught) of each rep with no planted change."""
    taught = as_taught(kpis)
    changed = set(shifts["rep"])
    return {rep: len(explore(taught, rep, kpi).signals)
            for rep in sorted(taught["rep"].unique()) if rep not in changed}


def quiet_example(kpis: pd.DataFrame, shifts: pd.DataFrame, kpi: str = "calls") -> str:
    """A rep with no planted change whose ``kpi`` never leaves its limits (as taught); the
    first such rep, or the one with the fewest signals."""
    counts = _quiet_signals(kpis, shifts, kpi)
    return min(counts, key=lambda rep: (counts[rep], rep))


def _miscounts(kpis: pd.DataFrame, taught: pd.DataFrame, rep: str, kpi: str) -> list[int]:
    """What the usual wrong ways of counting a chart's signal weeks give."""
    found = explore(taught, rep, kpi)
    watched = found.chart["value"].iloc[found.baseline_weeks:]
    return [int((watched.diff() < 0).sum()), int((found.chart["value"].diff() < 0).sum()),
            int((watched < found.chart["center"].iloc[0]).sum()),
            int((found.chart["value"] < found.chart["center"]).sum()),
            len(explore(kpis, rep, kpi).signals),
            len(explore(taught, rep, kpi, rules="western_electric").signals)]


def _tells_apart(count: int, miscounts: list[int]) -> bool:
    """The right count differs from every miscount, and the holidays-in and run-rules counts
    differ from all the others (the low-week counts may coincide: one message covers them)."""
    numbers = [count, *miscounts]
    return count not in miscounts and all(numbers.count(miscounts[i]) == 1 for i in (4, 5))


def watch_example(kpis: pd.DataFrame, shifts: pd.DataFrame, kpi: str = "calls") -> str:
    """A rep with no planted change whose ``kpi`` shows the most weeks beyond the limits (as
    taught), among those where no usual miscount (dips, weeks below the centre, holiday
    weeks in, run rules too) gives the same number: the exercises' chart, unlike the
    module's :func:`quiet_example`."""
    counts = _quiet_signals(kpis, shifts, kpi)
    taught = as_taught(kpis)
    distinct = [rep for rep in counts if counts[rep] not in _miscounts(kpis, taught, rep, kpi)]
    return max(distinct or counts, key=lambda rep: (counts[rep], rep))


def quiet_claim(found: Exploration, shifts: pd.DataFrame) -> Claim:
    """What the quiet rep's chart shows: how far the weeks swing, and how many signals."""
    values = found.chart["value"].iloc[found.baseline_weeks:]
    swing = float(values.diff().abs().max())
    planted = ((shifts["rep"] == found.rep) & (shifts["kpi"] == found.kpi)).any()
    text = _("{rep}'s {kpi} jump by up to {swing:.0f} from one week to the next, and {n} of "
             "the {weeks} weeks watched leave the limits.").format(
        rep=found.rep, kpi=_label(found.kpi), swing=swing, n=len(found.signals),
        weeks=len(values))
    return Claim.that(not planted, text, f"{found.rep} {found.kpi}: no planted change; "
                      f"largest jump {swing:.1f}; {len(found.signals)} signals")


def holiday_claim(raw: Exploration, holidays: pd.DataFrame) -> Claim:
    """How many of the raw chart's signals fall in holiday weeks."""
    weeks = set(holidays["week"])
    in_holidays = int(raw.signals["week"].isin(weeks).sum())
    text = _("On the raw chart, {n} of its {total} signal weeks are holiday weeks.").format(
        n=in_holidays, total=len(raw.signals))
    return Claim.that(in_holidays > 0, text, f"{raw.rep} {raw.kpi}: {in_holidays} of "
                      f"{len(raw.signals)} signals in {sorted(w.date() for w in weeks)}")


def noisiest_stable(kpis: pd.DataFrame, shifts: pd.DataFrame,
                    rules: str = "nelson") -> tuple[str, str, int]:
    """The rep and leading KPI with no planted change that shows the most signal weeks."""
    taught = as_taught(kpis)
    changed = set(shifts["rep"])
    best = ("", "", -1)
    for rep in sorted(taught["rep"].unique()):
        if rep in changed:
            continue
        for kpi in ("response_time_hours", "calls", "meetings", "proposals"):
            n = len(explore(taught, rep, kpi, "individuals", rules).signals)
            if n > best[2]:
                best = (rep, kpi, n)
    return best


def noise_claim(kpis: pd.DataFrame, shifts: pd.DataFrame) -> Claim:
    """A stable series that still shows signals with Nelson's rules."""
    rep, kpi, n = noisiest_stable(kpis, shifts)
    text = _("{rep}'s {kpi} show {n} signal weeks with Nelson's rules.").format(
        rep=rep, kpi=_label(kpi), n=n)
    return Claim.that(n > 0, text, f"{rep} {kpi}: {n} Nelson signals, no planted change")


def response_claim(card: pd.DataFrame) -> Claim:
    """The fastest and the slowest rep on the scorecard's response time."""
    hours = card["response_time_hours"]
    fast, slow = hours.idxmin(), hours.idxmax()
    text = _("{slow} answers new leads in about {h_slow:.1f} hours on average, {fast} in about "
             "{h_fast:.1f}.").format(slow=slow, h_slow=hours[slow], fast=fast, h_fast=hours[fast])
    return Claim.that(hours[slow] > hours[fast], text,
                      f"slowest {slow} {hours[slow]:.2f} h, fastest {fast} {hours[fast]:.2f} h")


def p_limits_claim(found: Exploration, kpis: pd.DataFrame) -> Claim:
    """How the p chart's limits follow the number of deals closed each week."""
    chart = found.chart
    weeks = kpis[kpis["rep"] == found.rep].set_index("week")
    closed = weeks["opportunities_closed"].reindex(chart.index)
    few, many = closed.idxmin(), closed.idxmax()
    width = (chart["ucl"] - chart["lcl"])
    text = _("In the week with the fewest deals closed ({few}) the limits span {lo1:.0%} to "
             "{hi1:.0%}; in the week with the most ({many}), {lo2:.0%} to {hi2:.0%}.").format(
        few=int(closed[few]), many=int(closed[many]), lo1=chart.loc[few, "lcl"],
        hi1=chart.loc[few, "ucl"], lo2=chart.loc[many, "lcl"], hi2=chart.loc[many, "ucl"])
    return Claim.that(width[few] >= width[many], text,
                      f"{found.rep}: width {width[few]:.2f} with {closed[few]} closed >= "
                      f"{width[many]:.2f} with {closed[many]}")


def chart_choice_claim(kpis: pd.DataFrame) -> Claim:
    """Signal weeks on a rep's win rate, individuals chart against p chart: the rep where the
    two disagree most."""
    counts = {rep: {chart: len(explore_kpi(kpis, rep, "win_rate", chart).signals)
                    for chart in ("individuals", "p")} for rep in sorted(kpis["rep"].unique())}
    rep = max(counts, key=lambda r: (abs(counts[r]["individuals"] - counts[r]["p"]), r))
    text = _("On {rep}'s win rate the individuals chart flags {a} weeks, the p chart {b}.").format(
        rep=rep, a=counts[rep]["individuals"], b=counts[rep]["p"])
    return Claim.that(counts[rep]["individuals"] != counts[rep]["p"], text,
                      f"{rep}: {counts[rep]}, the largest disagreement of {len(counts)} reps")


def alerts_claim(observed: int, expected, n_reps: int) -> Story:
    """Alerts on the reps with no planted change, against the replayed expectation."""
    inside = expected.low <= observed <= expected.high
    first = Claim.that(True, _("On the {n} reps with no planted change the rules raised {found} "
                               "alerts.").format(n=n_reps, found=observed),
                       f"{observed} alerts counted")
    second = Claim.that(inside, _("Replaying those reps' own normal weeks, the same rules "
                                  "raise about {e:.0f} (between {lo:.0f} and {hi:.0f} in 9 of "
                                  "10 replays): the alerts are what noise alone "
                                  "produces.").format(e=expected.total, lo=expected.low,
                                                      hi=expected.high),
                        f"{observed} in [{expected.low}, {expected.high}]")
    return Story.of(first, second)


def relimit_claim(chart: pd.DataFrame, old: Exploration) -> Claim:
    """After new limits: how many weeks after the change still signal, old limits vs new."""
    after = chart[chart["phase"] == "after"]
    n_after = int(after["signal"].sum())
    n_before = int(old.signals["week"].isin(after.index).sum())
    text = _("Against the old limits {before} weeks after the change signal; against new "
             "limits set on the weeks after it, {after}.").format(before=n_before, after=n_after)
    return Claim.that(n_after < n_before, text, f"{n_before} old-limit signals > {n_after} new")


def skew_claim(hours: Exploration, logged: Exploration) -> Claim:
    """Response time in hours against its log scale: where the lower limit lands."""
    raw_low, raw_high = float(hours.chart["lcl"].iloc[0]), float(hours.chart["ucl"].iloc[0])
    low, high = float(logged.chart["lcl"].iloc[0]), float(logged.chart["ucl"].iloc[0])
    text = _("In hours, {rep}'s limits run from {a:.1f} to {b:.1f}: a faster week can hardly "
             "ever signal. On the log scale they run from {c:.1f} to {d:.1f} hours.").format(
        rep=hours.rep, a=raw_low, b=raw_high, c=low, d=high)
    return Claim.that(raw_low < low and raw_high > 0, text,
                      f"{hours.rep}: hours lcl {raw_low:.2f} < log lcl {low:.2f}")


def run_length_claim(table: pd.DataFrame) -> Story:
    """The run-length table in words: false alarms, speed on a 1-sigma shift, and the costs."""
    weeks = table.set_index(["chart", "shift"])["average_weeks"]
    alarm = {chart: weeks[chart, 0.0] for chart in ("shewhart", "western_electric", "cusum", "ewma")}
    slow = {chart: weeks[chart, 1.0] for chart in alarm}
    first = Claim.that(
        True, _("On a stable process plain 3-sigma limits raise a false alarm about every "
                "{a:.0f} weeks, the Western Electric rules every {b:.0f}, CUSUM every {c:.0f} and "
                "EWMA every {d:.0f}.").format(a=alarm["shewhart"], b=alarm["western_electric"],
                                               c=alarm["cusum"], d=alarm["ewma"]),
        f"average run lengths at shift 0: {alarm}")
    second = Claim.that(
        max(slow["western_electric"], slow["cusum"], slow["ewma"]) < slow["shewhart"] / 2
        and min(alarm["cusum"], alarm["ewma"]) > alarm["western_electric"],
        _("A 1-sigma shift takes limits alone about {a:.0f} weeks to notice, the rules, CUSUM "
          "and EWMA about {b:.0f} to {c:.0f}: CUSUM and EWMA are as quick as the rules with "
          "fewer false alarms.").format(
            a=slow["shewhart"], b=min(slow["western_electric"], slow["cusum"], slow["ewma"]),
            c=max(slow["western_electric"], slow["cusum"], slow["ewma"])),
        f"at 1 sigma: {slow}")
    return Story.of(first, second)


def caught_claim(table: pd.DataFrame) -> Claim:
    """Each planted change, flagged by the chart taught for its kind."""
    delays = {kind: table.set_index("kind").loc[kind, design]
              for kind, design in (("sudden", "limits"), ("small", "rules"), ("drift", "cusum"))}
    text = _("Each planted change was flagged by the chart made for it: the drop by limits "
             "{a}, the small step by the run rules {b}, the drift by CUSUM {c}.").format(
        a=_weeks(delays["sudden"]), b=_weeks(delays["small"]), c=_weeks(delays["drift"]))
    return Claim.that(all(np.isfinite(v) for v in delays.values()), text, f"delays {delays}")


def alert_check(kpis: pd.DataFrame, shifts: pd.DataFrame) -> Story:
    """Alerts on the reps with no planted change (as taught) against the replayed expectation."""
    taught = as_taught(kpis)
    quiet = taught[~taught["rep"].isin(shifts["rep"])]
    return alerts_claim(len(alerts(quiet)), expected_false_alarms(quiet),
                        quiet["rep"].nunique())


def handling_claim(kpis: pd.DataFrame) -> Claim:
    """Alerts with holidays, season, hours and a short baseline left in, against as taught."""
    crude = len(alerts(kpis, baseline_weeks=20, logged=()))
    taught = len(alerts(as_taught(kpis)))
    text = _("Without that care (holiday weeks and the season left in, response time in hours, "
             "limits from 20 weeks) the same rules raise {crude} alerts; handled as taught, "
             "{taught}.").format(crude=crude, taught=taught)
    return Claim.that(crude > taught, text, f"{crude} crude alerts > {taught} as taught")


__all__ = ["FEW_WEEKS", "KIND_CHARTS", "alert_check", "alerts_claim", "catch_table",
           "caught_claim", "chart_choice_claim", "drift_claim", "explore", "handling_claim",
           "holiday_claim", "noise_claim", "noisiest_stable", "p_limits_claim", "planted",
           "quiet_claim", "quiet_example", "watch_example", "relimit_claim", "response_claim",
           "run_length_claim", "skew_claim", "small_claim", "sudden_claim"]
