"""The analyses of modules 2, 3 and 5 on your own data, one section each, for the notebook
``notebooks/your_own_data.ipynb``. Each section computes its numbers with the course's own
functions, says in words what they show (a :class:`~saleslab.story.Claim`), and, where the
data lack what it needs (a snapshot without stage history, no close dates), says so instead.

>>> data = your_data()
>>> print(describe(data))
Data: the course's synthetic company (saleslab data --seed 2026); 30,000 deals, snapshot 30 Jun 2026 18:00, with stage history.
>>> section = overview(data)
>>> section.available, section.claim.holds
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from .. import funnel, pipeline
from ..i18n import _
from ..localformat import long_date
import matplotlib.pyplot as plt

from ..monitoring import c_chart, p_chart, plot_control_chart
from ..plots import money, percent
from ..story import MIME, Claim
from ..tabledisplay import for_display
from ..data.loading import is_import
from .loading import _package, currency, history_kind, load, snapshot

#: Fewer closed deals than this give a win rate too noisy to chart week by week.
MIN_WEEKLY = 20


#: Currency codes an export names, and the sign a manager reads before the amount.
_SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "HKD": "HK$"}


@dataclass(frozen=True)
class YourData:
    """One imported folder: the three tables, the snapshot and whether stage history exists."""

    opportunities: pd.DataFrame
    events: pd.DataFrame
    updates: pd.DataFrame
    snapshot: pd.Timestamp
    history: bool
    origin: str = ""
    currency: str = "CNY"

    def money(self, amount: float) -> str:
        """``amount`` in the data's own currency (¥ for CNY, $ for USD, else its code)."""
        return money(amount, _SYMBOLS.get(self.currency, f"{self.currency} "))


def _origin(folder: object) -> str:
    """Where the folder's data came from, from its datapackage.json."""
    package = _package(folder)[1]
    if is_import(package):
        files = ", ".join(source["title"] for source in package.get("sources", []))
        return _("an import of {files}").format(files=files)
    return _("the course's synthetic company ({command})").format(
        command=package.get("command", "saleslab data").split(" --out")[0])


def your_data(folder: object = None) -> YourData:
    """The folder ``folder`` (default: ``$SALESLAB_DATA``, else the course data) as :class:`YourData`."""
    return YourData(load("crm_opportunities", folder), load("crm_events", folder),
                    load("crm_deal_updates", folder), snapshot(folder),
                    history_kind(folder) == "stage history", _origin(folder), currency(folder))


def describe(data: YourData) -> str:
    """What the analyses below run on, in one sentence: the data's origin, deals and snapshot."""
    history = _("with stage history") if data.history else _("a snapshot without stage history")
    return _("Data: {origin}; {deals:,} deals, snapshot {snapshot}, {history}.").format(
        origin=data.origin, deals=len(data.opportunities), snapshot=f"{long_date(data.snapshot)} {data.snapshot:%H:%M}",
        history=history)


@dataclass(frozen=True)
class Section:
    """One analysis: the sentence that states what it shows, and the table behind it."""

    claim: Claim
    table: pd.DataFrame | None = None
    available: bool = True

    def __repr__(self) -> str:
        return self.claim.text + ("" if self.table is None else "\n\n" + for_display(self.table).to_string())

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict:
        """Text, HTML, and the claim's record (so a test reads back every sentence shown)."""
        table = "" if self.table is None else for_display(self.table).to_html(
            float_format=lambda x: f"{x:,.3g}")
        return {"text/plain": repr(self), "text/html": f"<p>{self.claim.text}</p>{table}",
                MIME: {"claims": [self.claim.record()]}}


def _missing(what: str, needs: str) -> Section:
    return Section(Claim.that(True, _("{what} needs {needs}; this data has none, so it is left out.")
                              .format(what=what, needs=needs), "degraded on purpose"), None, False)


_HISTORY = "stage history (the dates each deal entered each stage)"


def overview(data: YourData) -> Section:
    """Deals per status and current stage, and the win rate among closed deals with its 95% interval."""
    opps = data.opportunities
    status = opps["status"].astype(str)
    place = status.where(status != "open", opps["last_stage"].astype(str))
    order = [*funnel.STAGES, "won", "lost"]
    table = place.value_counts().reindex(order, fill_value=0).rename("deals").to_frame()
    won, closed = int((status == "won").sum()), int(status.isin(("won", "lost")).sum())
    if closed == 0:
        return Section(Claim.that(True, _("No deal is closed yet: win rates need closed deals."),
                                  "closed == 0"), table)
    low, high = proportion_confint(won, closed, method="wilson")
    rate = won / closed
    digits = 1 if high - low < 0.05 else 0  # a narrow interval read to the tenth: never "7% to 7%"
    text = _("Won {won:,} of {closed:,} closed deals: a win rate of {rate} (95% interval "
             "{low} to {high}); {open:,} deals are still open.").format(
        closed=closed, won=won, rate=percent(rate, digits), low=percent(low, digits),
        high=percent(high, digits),
        open=int((status == "open").sum()))
    return Section(Claim.that(np.isclose(rate, table.loc["won", "deals"] / (table.loc["won", "deals"]
                                                                           + table.loc["lost", "deals"])),
                              text, f"{won}/{closed}"), table)


def conversion(data: YourData) -> Section:
    """Stage conversion on cohorts, open deals counted as undecided (module 2)."""
    if not data.history:
        return _missing(_("Stage conversion"), _HISTORY)
    table = funnel.stage_conversion(data.events).set_index("stage")
    decided = table[(table["moved_on"] + table["lost"]) > 0]
    worst = funnel.weakest_stage(decided.reset_index())
    text = _("The {stage} stage converts the smallest share of its decided deals: {rate}.").format(
        stage=_(worst), rate=percent(table.loc[worst, "conversion"], 0))
    return Section(Claim.that(table.loc[worst, "conversion"] == decided["conversion"].min(), text,
                              f"{worst} = min conversion"), table)


def timing(data: YourData) -> Section:
    """Median days in each stage and the cycle from creation to decision (Kaplan–Meier)."""
    cycle = funnel.sales_cycle(data.events, data.snapshot, start="lead")
    text = _("Half the deals are decided within {km:.0f} days of creation (Kaplan–Meier, open "
             "deals counted); closed deals alone say {naive:.0f}.").format(
        km=cycle["median_days"], naive=cycle["closed_only_median_days"])
    claim = Claim.that(cycle["median_days"] >= 0, text, f"KM median {cycle['median_days']:.1f}")
    if not data.history:
        return Section(claim, cycle.to_frame("days"))
    return Section(claim, funnel.time_in_stage(data.events, data.snapshot).set_index("stage"))


def lever(data: YourData) -> Section:
    """Module 2's stage lever: where the best reps' rate would add most bookings."""
    if not data.history:
        return _missing(_("The stage lever"), _HISTORY)
    try:
        table = funnel.stage_levers(data.events, data.opportunities)
    except ValueError as error:
        return _missing(_("The stage lever"), str(error))
    return Section(funnel.lever_story(table), table)


def _win_probability(data: YourData) -> pd.Series:
    if data.history:
        return funnel.direct_win_rate(data.events)
    status = data.opportunities["status"].astype(str)
    rate = (status == "won").sum() / max(status.isin(("won", "lost")).sum(), 1)
    return pd.Series(rate, index=list(funnel.STAGES))


def open_pipeline(data: YourData) -> pd.DataFrame:
    """The open deals with a close date, as the CRM showed them at the snapshot (module 5)."""
    if data.updates.empty:
        return pd.DataFrame()
    return pipeline.pipeline_at(data.events, data.opportunities, data.updates, data.snapshot)


def forecast(data: YourData, quota: float | None = None) -> Section:
    """Weighted forecast of the deals due this quarter, and coverage of ``quota`` (default:
    repeat last quarter's bookings)."""
    pipe = open_pipeline(data)
    if pipe.empty:
        return _missing(_("The forecast"), _("open deals with a close date"))
    start = data.snapshot.to_period("Q").start_time
    end = data.snapshot.to_period("Q").end_time.normalize()
    opps = data.opportunities
    won = opps[(opps["status"] == "won") & (opps["closed_at"] >= start - pd.DateOffset(months=3))
               & (opps["closed_at"] < start)]
    target = float(won["value"].sum()) if quota is None else float(quota)
    chance = _win_probability(data)
    weighted = pipeline.forecast.weighted(pipe, chance, end)
    table = pipeline.forecast.in_period(pipe, end).groupby("stage")["amount"].agg(["count", "sum"])
    if table.empty:
        return _missing(_("The forecast"), _("open deals due by {end}").format(end=long_date(end)))
    table["win_probability"] = chance.reindex(table.index)
    text = _("Open deals due by {end} add up to {total}, a coverage of {cover:.1f}× of {target} to "
             "win ({what}); weighted by each stage's win rate they are worth {weighted}.").format(
        end=long_date(end), total=data.money(table["sum"].sum()), weighted=data.money(weighted),
        cover=table["sum"].sum() / target if target > 0 else float("nan"),
        target=data.money(target), what=_("last quarter's bookings") if quota is None else _("your quota"))
    return Section(Claim.that(weighted <= table["sum"].sum() + 1e-6, text, "weighted <= total"), table)


def weekly(data: YourData) -> dict[str, pd.DataFrame]:
    """Control charts (module 3) of new deals per week (c chart) and of the weekly win rate
    of closed deals (p chart), over the full weeks before the snapshot."""
    opps = data.opportunities
    last = data.snapshot.to_period("W").start_time
    # Full weeks only: the first week of the data and the snapshot's week are cut short.
    weeks = pd.period_range(opps["created_at"].min().to_period("W") + 1, last - pd.Timedelta(days=1),
                            freq="W")
    new = opps["created_at"].dt.to_period("W").value_counts().reindex(weeks, fill_value=0)
    charts = {"new deals": c_chart(new.set_axis(weeks.start_time))}
    closed = opps[opps["status"].isin(["won", "lost"])]
    by_week = closed.groupby(closed["closed_at"].dt.to_period("W"))["status"]
    sizes = by_week.size().reindex(weeks, fill_value=0)
    wins = by_week.apply(lambda s: int((s == "won").sum())).reindex(weeks, fill_value=0)
    keep = sizes > 0
    if int(sizes[keep].median() if keep.any() else 0) >= MIN_WEEKLY:
        charts["win rate"] = p_chart(wins[keep].set_axis(weeks[keep].start_time),
                                     sizes[keep].set_axis(weeks[keep].start_time))
    return charts


def plot_weekly(data: YourData) -> plt.Figure:
    """The weekly control charts of :func:`weekly`, one above the other; each title states
    what the chart shows (a point beyond the limits, or none)."""
    charts = weekly(data)
    fig, axes = plt.subplots(len(charts), 1, figsize=(9, 3.6 * len(charts)), squeeze=False)
    labels = {"new deals": (_("new deals per week"), "count"),
              "win rate": (_("weekly win rate of closed deals"), "percent")}
    for ax, (name, chart) in zip(axes[:, 0], charts.items()):
        plot_control_chart(chart, labels[name][0], unit=labels[name][1], ax=ax)
        ax.set_xlabel(_("week"))
    fig.tight_layout()
    return fig


def scorecards(data: YourData) -> Section:
    """Per rep over the last 12 months: new deals per month, pipeline, win rate, average win."""
    table = funnel.rep_rates(data.events, data.opportunities, data.snapshot, start="lead")
    table = table.sort_values("win_rate", ascending=False)
    best = table["win_rate"].idxmax()
    text = _("{n} reps; the highest win rate over the last 12 months is {rate} ({rep}). With few "
             "deals a rep's rate is mostly noise: compare within the control limits of module 3.").format(
        n=len(table), rate=percent(table.loc[best, "win_rate"], 0), rep=best)
    return Section(Claim.that(table.loc[best, "win_rate"] == table["win_rate"].max(), text,
                              f"{best} max"), table)


def review(data: YourData, top: int = 10) -> Section:
    """Module 5's pipeline review: the deals to discuss first, with their flags."""
    pipe = open_pipeline(data)
    if pipe.empty:
        return _missing(_("The pipeline review"), _("open deals with a close date"))
    # Without stage history a deal's stage dates are unknown: no deal is flagged as aged.
    norms = (pipeline.stage_norms(data.events, data.snapshot) if data.history
             else pd.Series(np.inf, index=list(funnel.STAGES)))
    flagged = pipeline.flag_deals(pipe, norms, data.snapshot)
    flagged_share = float((flagged["n_flags"] > 0).mean())
    text = _("{share} of the {n} open deals carry at least one flag; the list starts with the "
             "deals with most flags and the largest amounts.").format(share=percent(flagged_share, 0),
                                                                   n=len(flagged))
    return Section(Claim.that(0 <= flagged_share <= 1, text, "share"), pipeline.review_list(flagged, top))
