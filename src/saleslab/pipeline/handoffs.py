"""The lead-to-cash process and its handoffs: marketing → SDR → account executive → service.

Each handoff has a volume (deals that reached it), a loss (deals that went no further) and a
time (median hours from the previous step). The marketing–sales service-level agreement
(SLA) promises a first touch within a few hours; its weekly breach rate is a share, so
module 3's p chart tells a real change from noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..plots import COLORS, count, new_figure, percent
from ..validate import check_frame, check_positive

#: Lane (who acts) of each step of the map, in process order.
LANES = (N_("Marketing"), N_("SDR (inside sales)"), N_("Account executive"), N_("Service"))
_HANDOFF_COLUMNS = ("opportunity_id", "first_touch_at", "handed_to_ae_at", "ae_decision", "ae_accepted_at",
                    "handed_to_service_at", "service_started_at")


def _hours(later: pd.Series, earlier: pd.Series) -> float:
    gap = (later - earlier).dt.total_seconds().dropna() / 3600
    return float(gap.median()) if len(gap) else float("nan")


def handoff_summary(handoffs: pd.DataFrame, opportunities: pd.DataFrame) -> pd.DataFrame:
    """One row per step: its lane, deals that reached it, the share that went no further (lost, or still open),
    and the median hours from the previous step.

    >>> hand = pd.DataFrame({"opportunity_id": [1, 2], "first_touch_at": pd.to_datetime(["2026-01-01 10:00", None]),
    ...     "handed_to_ae_at": pd.to_datetime(["2026-01-03", None]), "ae_decision": ["accepted", None],
    ...     "ae_accepted_at": pd.to_datetime(["2026-01-03 12:00", None]), "handed_to_service_at": pd.to_datetime([None, None]),
    ...     "service_started_at": pd.to_datetime([None, None])})
    >>> opps = pd.DataFrame({"opportunity_id": [1, 2], "created_at": pd.to_datetime(["2026-01-01 08:00"] * 2),
    ...     "status": ["lost", "lost"], "closed_at": pd.to_datetime(["2026-02-01"] * 2)})
    >>> handoff_summary(hand, opps)["deals"].tolist()
    [2, 1, 1, 1, 0, 0]
    """
    hand = check_frame("handoffs", handoffs, _HANDOFF_COLUMNS).set_index("opportunity_id")
    opps = check_frame("opportunities", opportunities, ("opportunity_id", "created_at", "status", "closed_at"))
    opps = opps.set_index("opportunity_id").reindex(hand.index)
    won_at = opps["closed_at"].where(opps["status"].astype(str) == "won")
    steps = [
        (N_("lead created"), 0, opps["created_at"], None),
        (N_("first touch"), 1, hand["first_touch_at"], opps["created_at"]),
        (N_("handed to AE"), 1, hand["handed_to_ae_at"], hand["first_touch_at"]),
        (N_("accepted by AE"), 2, hand["ae_accepted_at"], hand["handed_to_ae_at"]),
        (N_("won"), 2, won_at, hand["ae_accepted_at"]),
        (N_("service started"), 3, hand["service_started_at"], won_at),
    ]
    rows = []
    for i, (step, lane, when, before) in enumerate(steps):
        reached = when.notna()
        following = steps[i + 1][2].notna() if i + 1 < len(steps) else reached
        rows.append({"step": _(step), "lane": _(LANES[lane]), "deals": int(reached.sum()),
                     "no_further": float(1 - (following & reached).sum() / reached.sum()) if reached.any()
                     else float("nan"),
                     "median_hours": float("nan") if before is None else _hours(when, before)})
    table = pd.DataFrame(rows)
    table.loc[table.index[-1], "no_further"] = float("nan")
    return table


def sla_weekly(handoffs: pd.DataFrame, opportunities: pd.DataFrame, hours: float = 4.0,
               source: str | None = "marketing") -> pd.DataFrame:
    """Per week of lead creation: leads, and leads not touched within ``hours`` (the SLA breaches;
    a lead never touched is a breach). ``source`` keeps one lead source (``None``: all).

    Only whole weeks are kept: the data's first and last weeks are cut short.

    >>> hand = pd.DataFrame({"opportunity_id": [1, 2, 3], "source": ["marketing"] * 3,
    ...     "first_touch_at": pd.to_datetime(["2026-01-05 09:00", "2026-01-05 20:00", "2026-01-12 09:00"])})
    >>> opps = pd.DataFrame({"opportunity_id": [1, 2, 3],
    ...                      "created_at": pd.to_datetime(["2026-01-05 08:00"] * 2 + ["2026-01-12 08:00"])})
    >>> sla_weekly(hand, opps).values.tolist()
    [[2, 1]]
    """
    hand = check_frame("handoffs", handoffs, ("opportunity_id", "source", "first_touch_at"))
    limit = pd.Timedelta(hours=check_positive("hours", hours))
    opps = check_frame("opportunities", opportunities, ("opportunity_id", "created_at"))
    table = hand.merge(opps[["opportunity_id", "created_at"]], on="opportunity_id", how="left")
    if source is not None:
        table = table[table["source"].astype(str) == source]
        if table.empty:
            raise ValueError(f"no lead has the source {source!r}")
    late = ~((table["first_touch_at"] - table["created_at"]) <= limit)
    week = table["created_at"].dt.to_period("W-SUN").dt.start_time
    weekly = pd.DataFrame({"leads": table.groupby(week).size(), "breaches": late.groupby(week).sum()})
    # Only whole weeks: the first and last weeks of the data are cut short and would look odd.
    whole = (weekly.index >= table["created_at"].min().normalize()) & \
        (weekly.index + pd.Timedelta(days=7) <= table["created_at"].max())
    return weekly[whole].rename_axis("week")


def plot_swimlanes(summary: pd.DataFrame) -> "plt.Figure":  # noqa: F821
    """The process map: one lane per role, a box per step with its volume, and on each arrow
    the median time and the share lost. The title names the leakiest handoff."""
    table = check_frame("summary", summary, ("step", "lane", "deals", "no_further", "median_hours"))
    fig, ax = new_figure((11.0, 4.6))
    lanes = list(dict.fromkeys(table["lane"]))
    for i, lane in enumerate(lanes):
        ax.axhspan(i - 0.5, i + 0.5, color=COLORS["open"], alpha=0.08 if i % 2 else 0.18, lw=0)
        ax.text(-0.4, i, lane, ha="left", va="center", fontsize="small", color=COLORS["target"], weight="bold")
    y = table["lane"].map({lane: i for i, lane in enumerate(lanes)}).to_numpy()
    x = 2.0 + 1.7 * np.arange(len(table))
    worst = int(table["no_further"].iloc[:-1].idxmax())
    for i, row in table.iterrows():
        ax.text(x[i], y[i], f"{row['step']}\n{count(row['deals'])}", ha="center", va="center", fontsize="small",
                bbox={"boxstyle": "round", "fc": "white", "ec": COLORS["stage"]})
        if i + 1 < len(table):
            color = COLORS["lost"] if i == worst else COLORS["stage"]
            ax.annotate("", xy=(x[i + 1] - 0.5, y[i + 1]), xytext=(x[i] + 0.5, y[i]),
                        arrowprops={"arrowstyle": "->", "color": color, "lw": 1.5})
            nxt = table.iloc[i + 1]
            same_lane = y[i] == y[i + 1]
            # beside a slanted arrow, above a level one, so the label never sits on the line
            at = ((x[i] + x[i + 1]) / 2, y[i] - 0.22) if same_lane else \
                ((x[i] + x[i + 1]) / 2 + 0.2, (y[i] + y[i + 1]) / 2)
            ax.text(*at,
                    _("{lost} stop\n{time}").format(lost=percent(row["no_further"], 0),
                                                    time=_duration(nxt["median_hours"])),
                    ha="center" if same_lane else "left", va="bottom" if same_lane else "center",
                    fontsize="x-small", color=color)
    ax.set_xlim(-0.5, x[-1] + 0.8)
    ax.set_ylim(len(lanes) - 0.5, -0.5)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(_("Steps from lead to cash (median time and share that stops on each arrow)"))
    ax.grid(False)
    ax.set_title(_("Most deals stop after '{step}' ({lost})").format(
        step=table.loc[worst, "step"], lost=percent(table.loc[worst, "no_further"], 0)))
    return fig


def _duration(hours: float) -> str:
    return _("{h:.0f} h").format(h=hours) if hours < 48 else _("{d:.0f} days").format(d=hours / 24)
