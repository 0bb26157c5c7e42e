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
from ..plots import COLORS, format_axis, percent, subplots
from .compare import signed_percent
from .randomisation import PilotDesign

#: Coverage an honest 95% interval should reach.
NOMINAL = 0.95


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
    if not isinstance(design, PilotDesign):
        raise TypeError(f"`design` must be a PilotDesign (simulate_pilots), got "
                        f"{type(design).__name__}")
    fig, (left, right) = subplots(1, 2, figsize=(10, 4.5), gridspec_kw={"width_ratios": [1.5, 1]})
    measured = design.measured[np.isfinite(design.measured)]
    left.hist(measured, bins=30, color=COLORS["stage"])
    left.axvline(design.true_effect, color=COLORS["target"], linestyle="--", linewidth=1.5,
                 label=_("True effect {true}").format(true=signed_percent(design.true_effect)))
    left.axvline(float(measured.mean()), color=COLORS["highlight"], linewidth=2,
                 label=_("Average measured {mean}").format(mean=signed_percent(float(measured.mean()))))
    left.set_xlabel(_("Measured effect (% change in close rate)"))
    left.set_ylabel(_("Pilots (count)"))
    format_axis(left, "percent", axis="x")
    left.legend(loc="upper left", frameon=False, fontsize="small")
    left.set_ylim(0, left.get_ylim()[1] * 1.3)
    names = [_("Lead by lead"), _("By cluster")]
    x = np.arange(2)
    right.bar(x - 0.2, [design.naive_coverage, design.aware_coverage], width=0.4,
              color=COLORS["intervention"], label=_("Interval holds the truth"))
    right.bar(x + 0.2, [design.naive_power, design.aware_power], width=0.4,
              color=COLORS["won"], label=_("Interval excludes 0"))
    right.axhline(NOMINAL, color=COLORS["target"], linestyle=":", linewidth=1)
    right.set_xticks(x, names)
    right.set_ylim(0, 1.25)  # headroom for the legend
    right.set_yticks(np.linspace(0, 1, 5))
    right.set_xlabel(_("Interval read"))
    right.set_ylabel(_("Share of pilots (%)"))
    format_axis(right, "percent")
    right.legend(loc="upper left", frameon=False, fontsize="small")
    fig.suptitle(textwrap.fill(design_finding(design), width=80), x=0.01, ha="left",
                 fontweight="bold")
    return fig
