"""Module 4's figures: each title states the finding, colours carry their course meaning.

>>> fig = plot_power_curve(0.10, 0.13, n=900)
>>> fig.axes[0].get_title(loc="left")
'With 900 per group you detect a +30% change 51% of the time'
>>> plt.close(fig)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..i18n import _
from ..plots import COLORS, CURRENCY, count, format_axis, new_figure, percent
from ..validate import check_positive
from ._checks import check_frame
from .compare import (
    power_curve,
    power_two_proportions,
    sample_size_two_proportions,
    signed_percent,
)
from .pareto import pareto_headline
from .pitfalls import ChangeSimulation


def plot_loss_pareto(table: pd.DataFrame) -> plt.Figure:
    """Pareto chart of a :func:`loss_pareto` table: bars largest first, running total line.

    The vital few are drawn in the course's "lost" colour, the rest paler.

    >>> deals = pd.DataFrame({"status": ["lost"] * 4, "loss_reason": [
    ...     "Price", "Slow follow-up", "Slow follow-up", "Timing"]})
    >>> from saleslab.improvement import loss_pareto
    >>> fig = plot_loss_pareto(loss_pareto(deals))
    >>> fig.axes[0].get_ylabel()
    'Lost deals (count)'
    >>> plt.close(fig)
    """
    check_frame("table", table, ["reason", "share", "cumulative_share", "vital_few"])
    by_value = "value" in table.columns
    amount = table["value" if by_value else "count"].to_numpy(dtype=float)
    fig, ax = new_figure()
    positions = np.arange(len(table))
    colours = [COLORS["lost"] if vital else COLORS["lost"] + "66" for vital in table["vital_few"]]
    ax.bar(positions, amount, color=colours)
    ax.set_xticks(positions, [str(r) for r in table["reason"]],
                  rotation=25 if len(table) > 4 else 0, ha="right" if len(table) > 4 else "center")
    if by_value:
        ax.set_ylabel(_("Money lost ({currency})").format(currency=CURRENCY))
        format_axis(ax, "money")
    else:
        ax.set_ylabel(_("Lost deals (count)"))
        format_axis(ax, "count")
    ax.set_xlabel(_("Loss reason"))

    running = ax.twinx()
    running.plot(positions, table["cumulative_share"], color=COLORS["target"], marker="o",
                 label=_("Cumulative share"))
    running.axhline(0.8, color=COLORS["baseline"], linestyle="--", linewidth=1)
    running.annotate("80%", (positions[-1], 0.8), xytext=(8, 3), textcoords="offset points",
                     color=COLORS["baseline"])
    running.set_ylim(0, 1.05)
    running.set_ylabel(_("Cumulative share of losses (%)"))
    running.grid(False)
    running.spines["right"].set_visible(True)
    format_axis(running, "percent")
    ax.set_title(pareto_headline(table), loc="left")
    return fig


def plot_power_curve(
    p0: float, p1: float, n: float, alpha: float = 0.05, sizes: object = None
) -> plt.Figure:
    """Power against group size for a change from ``p0`` to ``p1``, with ``n`` marked.

    >>> fig = plot_power_curve(0.086, 0.112, n=900)
    >>> fig.axes[0].get_title(loc="left")
    'With 900 per group you detect a +30% change 46% of the time'
    >>> plt.close(fig)
    """
    n = check_positive("n", n)
    needed = sample_size_two_proportions(p0, p1, alpha)
    if sizes is None:
        sizes = np.linspace(50, max(2.5 * needed, 1.2 * n), 40).round()
    curve = power_curve(p0, p1, sizes, alpha)
    at_n = power_two_proportions(p0, p1, n, alpha)
    fig, ax = new_figure()
    ax.plot(curve["n_per_arm"], curve["power"], color=COLORS["intervention"], linewidth=2)
    ax.axhline(0.8, color=COLORS["target"], linestyle="--", linewidth=1)
    ax.axvline(needed, color=COLORS["baseline"], linestyle=":", linewidth=1)
    ax.annotate(_("80% power needs {n} per group").format(n=count(needed)), (needed, 0.8),
                xytext=(6, -16), textcoords="offset points", color=COLORS["target"])
    ax.plot([n], [at_n], "o", color=COLORS["highlight"], markersize=9, zorder=3)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(_("Leads per group (count)"))
    ax.set_ylabel(_("Chance of detecting the change (%)"))
    format_axis(ax, "count", axis="x")
    format_axis(ax, "percent")
    ax.set_title(_("With {n} per group you detect a {change} change {power} of the time").format(
        n=count(n), change=signed_percent(p1 / p0 - 1), power=percent(at_n, digits=0)), loc="left")
    return fig


def plot_change_simulation(simulation: ChangeSimulation) -> plt.Figure:
    """Weekly bookings of the change and comparison groups, with the change week marked.

    >>> from saleslab.improvement import simulate_change
    >>> fig = plot_change_simulation(simulate_change(growth=0.6, seed=1))
    >>> fig.axes[0].get_xlabel()
    'Week'
    >>> plt.close(fig)
    """
    if not isinstance(simulation, ChangeSimulation):
        raise TypeError(
            f"`simulation` must be a ChangeSimulation, got {type(simulation).__name__}"
        )
    weekly = simulation.weekly
    fig, ax = new_figure()
    for group, colour, label in (("change", COLORS["intervention"], _("Change group")),
                                 ("comparison", COLORS["baseline"], _("Comparison group"))):
        rows = weekly[weekly["group"] == group]
        ax.plot(rows["week"], rows["bookings"], color=colour, marker="o", markersize=3,
                label=label)
    ax.axvline(simulation.change_week - 0.5, color=COLORS["target"], linestyle="--", linewidth=1)
    ax.annotate(_("change starts"), (simulation.change_week - 0.5, 1),
                xycoords=("data", "axes fraction"), xytext=(4, -12), textcoords="offset points")
    ax.set_xlabel(_("Week"))
    ax.set_ylabel(_("Bookings per rep per week ({currency})").format(currency=CURRENCY))
    format_axis(ax, "money")
    ax.legend(loc="lower right", frameon=False)
    ax.set_title(simulation.headline(), loc="left")
    return fig


def plot_repeated_effects(runs: pd.DataFrame) -> plt.Figure:
    """Spread of measured effects over repeated runs, with the true effect marked.

    Takes the table of :func:`repeat_experiment` (one histogram, significant runs in the
    intervention colour) or of :func:`repeat_change` (before/after beside the comparison
    group).

    >>> from saleslab.improvement import repeat_experiment
    >>> fig = plot_repeated_effects(repeat_experiment(0.10, 0.13, 900, runs=500, seed=1))
    >>> fig.axes[0].get_title(loc="left")
    'The same +30% change, run 500 times: significant in 51%'
    >>> plt.close(fig)
    """
    if not isinstance(runs, pd.DataFrame):
        raise TypeError(f"`runs` must be a pandas DataFrame, got {type(runs).__name__}")
    fig, ax = new_figure()
    if "relative_effect" in runs.columns:
        check_frame("runs", runs, ["relative_effect", "significant", "true_effect"])
        valid = runs["relative_effect"].notna().to_numpy()
        effects = runs["relative_effect"].to_numpy(dtype=float)[valid]
        significant = runs["significant"].to_numpy(dtype=bool)
        bins = np.histogram_bin_edges(effects, bins=30)
        ax.hist([effects[significant[valid]], effects[~significant[valid]]],
                bins=bins, stacked=True, color=[COLORS["intervention"], COLORS["baseline"]],
                label=[_("Significant"), _("Not significant")])
        title = _("The same {change} change, run {runs} times: significant in {share}").format(
            change=signed_percent(float(runs["true_effect"].iloc[0])), runs=count(len(runs)),
            share=percent(float(significant.mean()), digits=0))
    else:
        check_frame("runs", runs, ["before_after", "comparison", "true_effect"])
        both = np.concatenate([runs["before_after"], runs["comparison"]])
        bins = np.histogram_bin_edges(both, bins=30)
        ax.hist(runs["before_after"], bins=bins, color=COLORS["lost"], alpha=0.6,
                label=_("Before/after"))
        ax.hist(runs["comparison"], bins=bins, color=COLORS["intervention"], alpha=0.6,
                label=_("Against comparison group"))
        title = _("Before/after averages {before_after} over {runs} runs; against a "
                  "comparison group, {comparison}").format(
            before_after=signed_percent(float(runs["before_after"].mean())),
            runs=count(len(runs)), comparison=signed_percent(float(runs["comparison"].mean())))
    truth = float(runs["true_effect"].iloc[0])
    ax.axvline(truth, color=COLORS["target"], linestyle="--", linewidth=1.5,
               label=_("True effect {truth}").format(truth=signed_percent(truth)))
    ax.set_xlabel(_("Measured effect (% change)"))
    ax.set_ylabel(_("Runs (count)"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    format_axis(ax, "percent", axis="x")
    ax.set_ylim(0, ax.get_ylim()[1] * 1.25)  # headroom so the legend clears the bars
    ax.legend(loc="upper left", frameon=False)
    ax.set_title(title, loc="left")
    return fig
