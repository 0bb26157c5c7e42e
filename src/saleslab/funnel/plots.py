"""Figures of Module 2: funnel, time in stage, deals still open, and the funnel designer."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..i18n import _
from ..plots import (COLORS, CURRENCY, LiveFigure, count, format_axis, hold_limits, money, new_figure,
                     percent, subplots)
from ._log import check_frame
from .conversion import weakest_stage
from .forecast import FunnelOutcome


def plot_funnel(conversion: pd.DataFrame) -> plt.Figure:
    """Deals entering each stage, with the share that moves on; the stage with the lowest rate stands out.

    >>> table = pd.DataFrame({"stage": ["lead", "proposal"], "entered": [10, 4], "conversion": [0.4, 0.25]})
    >>> plot_funnel(table).axes[0].get_title(loc="left")
    'Proposal keeps the smallest share: only 25% of deals move on'
    >>> plt.close("all")
    """
    table = check_frame("conversion", conversion, ("stage", "entered", "conversion"))
    worst = weakest_stage(table)
    fig, ax = new_figure()
    colours = [COLORS["highlight"] if s == worst else COLORS["stage"] for s in table["stage"]]
    labels = [_(s).capitalize() for s in table["stage"]]
    ax.barh(labels, table["entered"], color=colours)
    ax.invert_yaxis()
    for y, (entered, rate) in enumerate(zip(table["entered"], table["conversion"])):
        ax.annotate(_("{n} · {rate} move on").format(n=count(entered), rate=percent(rate, 0)),
                    (entered, y), xytext=(4, 0), textcoords="offset points", va="center")
    ax.set_xlim(0, table["entered"].max() * 1.45)
    ax.set_xlabel(_("Deals entering the stage (count)"))
    format_axis(ax, "count", axis="x")
    rate = float(table.loc[table["stage"] == worst, "conversion"].iloc[0])
    ax.set_title(_("{stage} keeps the smallest share: only {rate} of deals move on").format(
        stage=_(worst).capitalize(), rate=percent(rate, 0)), loc="left")
    return fig


def plot_time_in_stage(visits: pd.DataFrame, times: pd.DataFrame) -> plt.Figure:
    """Spread of days spent in each stage (finished visits) with the Kaplan–Meier median.

    >>> visits = pd.DataFrame({"stage": ["lead", "lead", "proposal"], "days": [1.0, 3.0, 20.0],
    ...                        "finished": [True, True, True]})
    >>> times = pd.DataFrame({"stage": ["lead", "proposal"], "median_days": [2.0, 20.0]})
    >>> plot_time_in_stage(visits, times).axes[0].get_title(loc="left")
    'Proposal takes longest: median 20 days'
    >>> plt.close("all")
    """
    visits = check_frame("visits", visits, ("stage", "days", "finished"))
    times = check_frame("times", times, ("stage", "median_days"))
    order = list(times["stage"])
    done = visits[visits["finished"]]
    fig, ax = new_figure()
    data = [done.loc[done["stage"] == s, "days"].to_numpy() for s in order]
    labels = [_(s).capitalize() for s in order]
    ax.boxplot(data, orientation="horizontal", tick_labels=labels, showfliers=False, widths=0.55,
               patch_artist=True, boxprops={"facecolor": COLORS["open"], "alpha": 0.5},
               medianprops={"color": COLORS["open"]})
    ax.scatter(times["median_days"], np.arange(1, len(order) + 1), color=COLORS["target"],
               zorder=3, label=_("Median, open deals counted (Kaplan–Meier)"))
    ax.invert_yaxis()
    ax.set_xlabel(_("Days in stage"))
    ax.legend(loc="upper right", frameon=False)
    slowest = times.loc[times["median_days"].idxmax()]
    ax.set_title(_("{stage} takes longest: median {days:.0f} days").format(
        stage=_(slowest["stage"]).capitalize(), days=slowest["median_days"]), loc="left")
    return fig


def plot_open_deal_survival(curve: pd.DataFrame, cycle: pd.Series) -> plt.Figure:
    """Share of deals still undecided after each day, with the median marked.

    >>> curve = pd.DataFrame({"days": [0.0, 10.0, 30.0], "share_open": [1.0, 0.6, 0.2]})
    >>> plot_open_deal_survival(curve, pd.Series({"median_days": 12.0})).axes[0].get_title(loc="left")
    'Half of qualified deals are decided within 12 days'
    >>> plt.close("all")
    """
    curve = check_frame("curve", curve, ("days", "share_open"))
    fig, ax = new_figure()
    ax.step(curve["days"], curve["share_open"], where="post", color=COLORS["open"], linewidth=2)
    median = float(cycle["median_days"])
    ax.axhline(0.5, color=COLORS["target"], linestyle=":", linewidth=1)
    ax.axvline(median, color=COLORS["target"], linestyle="--", linewidth=1)
    ax.annotate(_("median {days:.0f} days").format(days=median), (median, 0.5),
                xytext=(6, 6), textcoords="offset points")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, float(curve["days"].quantile(0.995)))
    ax.set_xlabel(_("Days since the deal was qualified"))
    ax.set_ylabel(_("Deals still undecided (%)"))
    format_axis(ax, "percent")
    ax.set_title(_("Half of qualified deals are decided within {days:.0f} days").format(days=median), loc="left")
    return fig


def plot_design(outcome: FunnelOutcome, baseline: FunnelOutcome, title: bool = True) -> plt.Figure:
    """The funnel designer: stage conversions (the lowest rate highlighted) and bookings and cycle
    time against the measured funnel; ``title=False`` leaves the headline to the caller (the
    designer prints it above the figure).

    >>> from saleslab.funnel import design_outcome
    >>> design = pd.DataFrame({"stage": ["lead", "proposal"], "conversion": [0.5, 0.4], "days": [2.0, 25.0]})
    >>> base = design_outcome(design, leads=1000, average_deal=10_000)
    >>> plot_design(base, base)._suptitle.get_text()
    '¥2M a month from 200 deals; stages add up to 27 days; lowest rate: proposal (40%).'
    >>> plt.close("all")
    """
    fig, axes = subplots(1, 3, figsize=DESIGN_SIZE, gridspec_kw=_DESIGN_GRID)
    _DesignChart(axes, baseline).show(outcome)
    if title:
        fig.suptitle(outcome.headline(), x=0.01, ha="left", fontweight="bold")
    return fig


DESIGN_SIZE = (10.0, 4.0)
_DESIGN_GRID = {"width_ratios": [3, 1.2, 1.2]}


class DesignFigure(LiveFigure):
    """The funnel designer's figure (:func:`plot_design` without a title) built once and
    moved in place: bars' lengths and colours, with limits that hold while a slider moves,
    so a move redraws only the bars. The layout is found once, on the first rendering.

    >>> from saleslab.funnel import design_outcome
    >>> design = pd.DataFrame({"stage": ["lead", "proposal"], "conversion": [0.5, 0.4], "days": [2.0, 25.0]})
    >>> base = design_outcome(design, leads=1000, average_deal=10_000)
    >>> drawing = DesignFigure(base)
    >>> drawing.png(base)[:4]
    b'\x89PNG'
    >>> float(drawing.figure.axes[1].patches[1].get_height())
    2000000.0
    """

    def __init__(self, baseline: FunnelOutcome) -> None:
        super().__init__(DESIGN_SIZE, layout="constrained", nrows=0)
        self.chart = _DesignChart(self.figure.subplots(1, 3, gridspec_kw=_DESIGN_GRID), baseline)

    def draw(self, outcome: FunnelOutcome) -> None:
        """Move the bars to ``outcome``."""
        self.chart.show(outcome)


class _DesignChart:
    """Stage conversions (the lowest rate highlighted) against the measured ones, and
    bookings and cycle time against the measured funnel, on three axes; moved to a
    designed funnel by :meth:`show`."""

    def __init__(self, axes, baseline: FunnelOutcome) -> None:
        if not isinstance(baseline, FunnelOutcome):
            raise TypeError("`outcome` and `baseline` must be FunnelOutcome results")
        self.rates, self.money, self.days = axes
        self.baseline = baseline
        stages = len(baseline.design)
        self.stage_bars = self.rates.barh(range(stages), np.zeros(stages)).patches
        self.rates.scatter(baseline.design["conversion"], range(stages), marker="|", s=300,
                           color=COLORS["target"], label=_("Measured"), zorder=3)
        self.rates.set_yticks(range(stages), [_(s).capitalize() for s in baseline.design["stage"]])
        self.rates.set_ylim(stages - 0.5, -0.5)  # first stage on top
        self.rates.set_xlim(0, 1)
        self.rates.set_xlabel(_("Share that moves on (%)"))
        format_axis(self.rates, "percent", axis="x")
        self.rates.legend(loc="upper right", frameon=False)
        names = [_("Measured"), _("Design")]
        self.money_bars = self.money.bar(names, [baseline.bookings, 0.0],
                                         color=COLORS["baseline"]).patches
        self.money.set_ylabel(_("Bookings per month ({currency})").format(currency=CURRENCY))
        format_axis(self.money, "money")
        self.day_bars = self.days.bar(names, [baseline.cycle_days, 0.0],
                                      color=COLORS["baseline"]).patches
        self.days.set_ylabel(_("Stage medians added up (days)"))

    def show(self, outcome: FunnelOutcome) -> None:
        if not isinstance(outcome, FunnelOutcome):
            raise TypeError("`outcome` and `baseline` must be FunnelOutcome results")
        design = outcome.design
        for bar, stage, rate in zip(self.stage_bars, design["stage"], design["conversion"]):
            bar.set_width(rate)
            weakest = stage == outcome.weakest_stage
            bar.set_facecolor(COLORS["highlight"] if weakest else COLORS["stage"])
        base = self.baseline
        for ax, bars, value, good in (
                (self.money, self.money_bars, outcome.bookings, outcome.bookings >= base.bookings),
                (self.days, self.day_bars, outcome.cycle_days,
                 outcome.cycle_days <= base.cycle_days)):
            bars[1].set_height(value)
            bars[1].set_facecolor(COLORS["won"] if good else COLORS["lost"])
            # autoscaling's 5% headroom, in a limit that holds while a slider moves a little
            hold_limits(ax, "y", 0, 1.05 * max(bars[0].get_height(), value))
