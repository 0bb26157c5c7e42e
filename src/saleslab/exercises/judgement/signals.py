"""Module 3's data-driven judgement item: which of three reps' charts shows a signal?

The three reps come from the learner's data: the rep whose KPI has the small lasting step
the generator plants at every seed (:func:`saleslab.monitoring.story.planted`), and two
reps with no planted change whose charts raise no signal under the Western Electric rules,
picked for the two usual misreadings: the lowest level ("low" is not a signal) and the week
closest to a limit (one bad-looking week inside the limits is noise). They are shown in
rep order, so the right letter differs from seed to seed.

>>> signal_rep.variable, signal_rep.options[SIGNAL].text
('signal_rep', "{rep}'s chart")
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import pandas as pd

from ... import monitoring, plots
from ...i18n import N_, _
from ...monitoring import story
from ..choice import LETTERS, Option, choice
from ..core import Data

RULES = "western_electric"
SIGNAL, LOW, CLOSE, NONE = range(4)  # the options, as declared below


def _quiet(taught: pd.DataFrame, shifts: pd.DataFrame, kpi: str) -> dict[str, monitoring.Exploration]:
    """The charts of ``kpi`` of reps with no planted change and no signal at all."""
    charts = {}
    for rep in sorted(set(taught["rep"]) - set(shifts["rep"])):
        chart = story.explore(taught, rep, kpi, rules=RULES)
        if chart.signals.empty:
            charts[rep] = chart
    return charts


def candidates(taught: pd.DataFrame, shifts: pd.DataFrame) -> dict[int, str]:
    """The rep for each of the options SIGNAL, LOW and CLOSE (three different reps).

    ``taught`` is the weekly KPI table as taught (:func:`saleslab.monitoring.as_taught`),
    ``shifts`` the planted changes; ValueError if the data have too few quiet reps."""
    step = story.planted(shifts, "small")
    quiet = _quiet(taught, shifts, step["kpi"])
    if len(quiet) < 2:
        raise ValueError(f"`shifts` leaves {len(quiet)} quiet reps for {step['kpi']!r}; need 2")

    def watched(chart: monitoring.Exploration) -> pd.DataFrame:
        return chart.chart.iloc[chart.baseline_weeks:]

    low = min(quiet, key=lambda rep: watched(quiet[rep])["value"].mean())
    del quiet[low]
    nearest = max(quiet, key=lambda rep: _nearest_limit(watched(quiet[rep])))
    return {SIGNAL: str(step["rep"]), LOW: low, CLOSE: nearest}


def _nearest_limit(weeks: pd.DataFrame) -> float:
    """How close the week nearest to a limit comes to it: 1 is on the limit."""
    half_width = (weeks["ucl"] - weeks["center"]).abs()
    return float(((weeks["value"] - weeks["center"]).abs() / half_width).max())


def candidate_charts(taught: pd.DataFrame, shifts: pd.DataFrame) -> dict[str, monitoring.Exploration]:
    """The three reps' charts (Western Electric rules) by rep, in the order of the options."""
    kpi = story.planted(shifts, "small")["kpi"]
    return {rep: story.explore(taught, rep, kpi, rules=RULES)
            for rep in sorted(candidates(taught, shifts).values())}


def plot_candidates(charts: Mapping[str, monitoring.Exploration]) -> plt.Figure:
    """The charts of :func:`candidate_charts` stacked, lettered a, b, c, signals not marked."""
    kpi = next(iter(charts.values())).kpi
    label = _(monitoring.KPI_LABELS.get(kpi, kpi))
    figure, axes = plots.subplots(len(charts), 1, figsize=(plots.FIGSIZE[0], 2.2 * len(charts)),
                                  sharex=True)
    for place, (ax, (rep, explored)) in enumerate(zip(axes, charts.items())):
        chart = explored.chart
        ax.axvspan(chart.index[0], chart.index[explored.baseline_weeks - 1], color="0.92",
                   label=_("first 26 weeks (set the limits)"))
        ax.plot(chart.index, chart["value"], marker=".", lw=1, color="0.3")
        ax.plot(chart.index, chart["center"], lw=1, ls="--", color="tab:blue", label=_("centre line"))
        ax.plot(chart.index, chart["ucl"], lw=1, ls=":", color="tab:red", label=_("control limits"))
        ax.plot(chart.index, chart["lcl"], lw=1, ls=":", color="tab:red")
        ax.set_title(f"{LETTERS[place]}) {rep}", loc="left")
        ax.set_ylabel(label)
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3,
                  fontsize="small")
    axes[-1].set_xlabel(_("week"))
    figure.suptitle(_("Three reps' {kpi}, limits from their first 26 weeks: which chart shows a "
                      "signal?").format(kpi=label))
    return plots.wrap_titles(figure)


def _candidates(data: Data) -> dict[int, str]:
    return candidates(monitoring.as_taught(data["weekly_kpis"]), data["kpi_shifts"])


def _shown(data: Data) -> list[tuple[int, Mapping[str, object]]]:
    reps = data.compute(_candidates)
    ordered = sorted(reps, key=reps.get)
    return [(option, {"rep": reps[option]}) for option in ordered] + [(NONE, {})]


signal_rep = choice(
    title=N_("Which rep's chart shows a signal"),
    variable="signal_rep",
    options=(
        Option(N_("{rep}'s chart"),
               N_("this chart shows a signal: points beyond a limit, or a run on one side of the "
                  "centre line.")),
        Option(N_("{rep}'s chart"),
               N_("a steady chart is not a signal, whatever its level: every week of this rep "
                  "stays inside the limits and no run rule fires. Discuss a low level when you "
                  "plan, not as an alarm.")),
        Option(N_("{rep}'s chart"),
               N_("this chart has one week close to a limit, but inside it: one bad-looking week "
                  "is noise. Look for a point beyond a limit or a run of weeks on one side.")),
        Option(N_("None of them: every chart moves from week to week."),
               N_("one chart does show a signal: look for a run of weeks on one side of the centre "
                  "line, or a point beyond the limits, not only at single weeks.")),
    ),
    right=SIGNAL,
    shown=_shown,
    why=N_("its weeks moved to one side of the centre line and stayed there: a signal under the "
           "run rules, worth a conversation. The other two only move within their limits."),
    hints=(N_("A signal is a point beyond a limit, or a run: 8 weeks in a row on one side of the "
              "centre line, or 2 of 3 beyond two sigma, or 4 of 5 beyond one sigma."),
           N_("Cover the first 26 weeks (they set the limits) and look at where the later weeks "
              "sit against the centre line.")),
    solution='signal_rep = "abc"[[len(chart.signals) > 0 for chart in three.values()].index(True)]',
)
