"""The unit-of-randomisation figure: what a pilot design measures, and how often its
intervals tell the truth. The title states the finding.

>>> from saleslab.improvement.randomisation import simulate_pilots
>>> fig = plot_pilot_design(simulate_pilots("teams", teams_per_arm=4, runs=300))
>>> [ax.get_xlabel() for ax in fig.axes]
['Measured effect (% change in close rate)', 'Interval read']
>>> plt.close(fig)
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np

from ..i18n import _
from ..plots import (COLORS, LiveFigure, format_axis, hold_limits, nice_ceiling, percent,
                     subplots)
from .compare import signed_percent
from .randomisation import PilotDesign

#: Coverage an honest 95% interval should reach.
NOMINAL = 0.95
#: The figure's size (inches) and its two panels' widths.
FIGURE_SIZE = (10, 4.5)
_GRID = {"width_ratios": [1.5, 1]}
#: Bars of the histogram of measured effects.
BINS = 30


def design_finding(design: PilotDesign) -> str:
    """The figure's title: the design's worst problem, in one sentence.

    >>> from saleslab.improvement.randomisation import simulate_pilots
    >>> design_finding(simulate_pilots("leads", favouritism=0.6, runs=300))[:40]
    'Reps who favour pilot leads inflate the '
    """
    mean = float(np.nanmean(design.measured))
    if design.unit == "leads" and design.favouritism > 0:
        return _("Reps who favour pilot leads inflate the measured effect to {mean} "
                 "(true {true})").format(mean=signed_percent(mean),
                                          true=signed_percent(design.true_effect))
    if design.unit != "leads" and design.smallest_p > 0.05:
        return _("With {k} per arm no test of the clusters can reach p < 0.05; lead by lead, the "
                 "interval holds the truth in only {naive} of pilots").format(
            k=design.clusters_per_arm, naive=percent(design.naive_coverage, digits=0))
    if design.naive_coverage < NOMINAL - 0.05:
        return _("Read lead by lead, the 95% interval holds the true effect in only {naive} "
                 "of pilots; read by cluster, in {aware}").format(
            naive=percent(design.naive_coverage, digits=0),
            aware=percent(design.aware_coverage, digits=0))
    return _("Both readings hold the true effect in about 95% of pilots; the pilot sees it "
             "in {power}").format(power=percent(design.aware_power, digits=0))


def plot_pilot_design(design: PilotDesign) -> plt.Figure:
    """Left: the measured effect of every simulated pilot, the true effect marked. Right:
    how often each reading's 95% interval holds the true effect, and how often it sees it."""
    _check_design(design)  # before a figure is made
    fig, (left, right) = subplots(1, 2, figsize=FIGURE_SIZE, gridspec_kw=_GRID)
    _PilotChart(fig, left, right).show(design)
    return fig


class PilotDesignFigure(LiveFigure):
    """:func:`plot_pilot_design` built once and moved in place (the histogram's bars, the
    true and average lines and their legend labels, the coverage and power bars, the
    title) in limits that hold while the design moves a little: what the unit explorer
    redraws on a move.

    >>> from saleslab.improvement.randomisation import simulate_pilots
    >>> drawing = PilotDesignFigure()
    >>> drawing.update(simulate_pilots("reps", runs=300)).get_suptitle()[:30]
    'Both readings hold the true ef'
    """

    def __init__(self) -> None:
        # fixed margins with room for a title of two lines (no layout pass per move)
        super().__init__(FIGURE_SIZE, margins={"left": 0.08, "right": 0.98, "bottom": 0.12,
                                               "top": 0.84, "wspace": 0.25},
                         nrows=1, ncols=2, gridspec_kw=_GRID)
        self.chart = _PilotChart(self.figure, *self.axes)

    def draw(self, design: PilotDesign) -> None:
        """Move the chart to ``design``."""
        self.chart.show(_check_design(design))


def _check_design(design: object) -> PilotDesign:
    if not isinstance(design, PilotDesign):
        raise TypeError(f"`design` must be a PilotDesign (simulate_pilots), got "
                        f"{type(design).__name__}")
    return design


class _PilotChart:
    """The measured effects (``left``) and the two readings' coverage and power (``right``)
    of a pilot design, with the finding as ``figure``'s title; moved by :meth:`show`."""

    def __init__(self, figure: plt.Figure, left: plt.Axes, right: plt.Axes) -> None:
        self.left, self.right = left, right
        empty = np.zeros(BINS)
        self.bins = left.bar(empty, empty, width=0.0, align="edge", color=COLORS["stage"]).patches
        self.truth = left.axvline(0, color=COLORS["target"], linestyle="--", linewidth=1.5)
        self.mean = left.axvline(0, color=COLORS["highlight"], linewidth=2)
        left.set_xlabel(_("Measured effect (% change in close rate)"))
        left.set_ylabel(_("Pilots (count)"))
        format_axis(left, "percent", axis="x")
        # labels set per design: the true and average effects
        self.legend = left.legend(handles=[self.truth, self.mean], labels=["", ""],
                                  loc="upper left", frameon=False, fontsize="small")
        x = np.arange(2)
        self.coverage = right.bar(x - 0.2, [0, 0], width=0.4, color=COLORS["intervention"],
                                  label=_("Interval holds the truth")).patches
        self.power = right.bar(x + 0.2, [0, 0], width=0.4, color=COLORS["won"],
                               label=_("Interval excludes 0")).patches
        right.axhline(NOMINAL, color=COLORS["target"], linestyle=":", linewidth=1)
        right.set_xticks(x, [_("Lead by lead"), _("By cluster")])
        right.set_ylim(0, 1.25)  # headroom for the legend
        right.set_yticks(np.linspace(0, 1, 5))
        right.set_xlabel(_("Interval read"))
        right.set_ylabel(_("Share of pilots (%)"))
        format_axis(right, "percent")
        right.legend(loc="upper left", frameon=False, fontsize="small")
        self.title = figure.suptitle("", x=0.01, ha="left", fontweight="bold")

    def show(self, design: PilotDesign) -> None:
        measured = design.measured[np.isfinite(design.measured)]
        counts, edges = np.histogram(measured, bins=BINS)
        for patch, low, width, height in zip(self.bins, edges[:-1], np.diff(edges), counts):
            patch.set_bounds(low, 0, width, height)
        mean, truth = float(measured.mean()), design.true_effect
        self.truth.set_xdata([truth, truth])
        self.mean.set_xdata([mean, mean])
        for text, label in zip(self.legend.get_texts(), (
                _("True effect {true}").format(true=signed_percent(truth)),
                _("Average measured {mean}").format(mean=signed_percent(mean)))):
            text.set_text(label)
        # round limits in steps of about a tenth of the span (a margin's worth), over the
        # bars and the true effect; headroom for the legend
        low, high = min(edges[0], truth), max(edges[-1], truth)
        pad = 0.04 * (high - low)  # the outermost bar never touches the frame
        hold_limits(self.left, "x", low - pad, high + pad, step=nice_ceiling((high - low) / 10))
        hold_limits(self.left, "y", 0, counts.max() * (1 + self.left.margins()[1]) * 1.3)
        for bars, heights in ((self.coverage, (design.naive_coverage, design.aware_coverage)),
                              (self.power, (design.naive_power, design.aware_power))):
            for bar, height in zip(bars, heights):
                bar.set_height(height)
        self.title.set_text(textwrap.fill(design_finding(design), width=80))
