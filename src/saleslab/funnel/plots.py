"""Figures of Module 2: funnel, time in stage, deals still open, and the funnel designer."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..i18n import _
from ..plots import COLORS, CURRENCY, count, format_axis, money, new_figure, percent
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
    if not isinstance(outcome, FunnelOutcome) or not isinstance(baseline, FunnelOutcome):
        raise TypeError("`outcome` and `baseline` must be FunnelOutcome results")
    fig, (rates, money_ax, days_ax) = plt.subplots(
        1, 3, figsize=(10.0, 4.0), layout="constrained", gridspec_kw={"width_ratios": [3, 1.2, 1.2]})
    design = outcome.design
    labels = [_(s).capitalize() for s in design["stage"]]
    colours = [COLORS["highlight"] if s == outcome.weakest_stage else COLORS["stage"] for s in design["stage"]]
    rates.barh(labels, design["conversion"], color=colours)
    rates.scatter(baseline.design["conversion"], range(len(labels)), marker="|", s=300,
                  color=COLORS["target"], label=_("Measured"), zorder=3)
    rates.invert_yaxis()
    rates.set_xlim(0, 1)
    rates.set_xlabel(_("Share that moves on (%)"))
    format_axis(rates, "percent", axis="x")
    rates.legend(loc="upper right", frameon=False)

    names = [_("Measured"), _("Design")]
    better = outcome.bookings >= baseline.bookings
    money_ax.bar(names, [baseline.bookings, outcome.bookings],
                 color=[COLORS["baseline"], COLORS["won"] if better else COLORS["lost"]])
    money_ax.set_ylabel(_("Bookings per month ({currency})").format(currency=CURRENCY))
    format_axis(money_ax, "money")
    faster = outcome.cycle_days <= baseline.cycle_days
    days_ax.bar(names, [baseline.cycle_days, outcome.cycle_days],
                color=[COLORS["baseline"], COLORS["won"] if faster else COLORS["lost"]])
    days_ax.set_ylabel(_("Stage medians added up (days)"))
    if title:
        fig.suptitle(outcome.headline(), x=0.01, ha="left", fontweight="bold")
    return fig
