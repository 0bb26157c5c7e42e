"""Stage conversion measured on cohorts, end-to-end conversion, and where deals are lost."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._log import RANK, STAGES, check_events, check_frame


def stage_conversion(events: pd.DataFrame, cohort_start: object = None,
                     cohort_end: object = None) -> pd.DataFrame:
    """Conversion of each stage, on the cohort of deals that *entered* it in the window.

    A deal moves on from a stage if it ever reached a later stage (or was won); skipped
    stages are not counted as entered. ``conversion`` is moved-on / (moved-on + lost there):
    deals still open in the stage have no verdict yet and would drag a naive rate down.

    >>> log = pd.DataFrame({"opportunity_id": [1, 1, 2, 2, 3],
    ...     "stage": ["lead", "won", "lead", "lost", "lead"],
    ...     "entered_at": pd.to_datetime(["2026-01-01", "2026-01-09", "2026-01-02",
    ...                                   "2026-01-05", "2026-01-03"])})
    >>> stage_conversion(log).loc[:0, ["stage", "entered", "moved_on", "lost", "open", "conversion"]]
      stage  entered  moved_on  lost  open  conversion
    0  lead        3         1     1     1         0.5
    """
    log = check_events(events)
    first = (log[log["stage"].isin(STAGES)].groupby(["opportunity_id", "stage"])["entered_at"]
             .min().unstack().reindex(columns=list(STAGES)))
    reach = log["stage"].map(RANK).groupby(log["opportunity_id"]).max().reindex(first.index)
    closed = log["stage"].isin(("won", "lost")).groupby(log["opportunity_id"]).any().reindex(first.index)
    rows = []
    for k, stage in enumerate(STAGES):
        entered = first[stage].notna()
        if cohort_start is not None:
            entered &= first[stage] >= pd.Timestamp(cohort_start)
        if cohort_end is not None:
            entered &= first[stage] < pd.Timestamp(cohort_end)
        moved = entered & (reach > k)
        lost = entered & ~moved & closed
        rows.append((stage, int(entered.sum()), int(moved.sum()), int(lost.sum()),
                     int((entered & ~moved & ~closed).sum())))
    table = pd.DataFrame(rows, columns=["stage", "entered", "moved_on", "lost", "open"])
    decided = table["moved_on"] + table["lost"]
    table["conversion"] = np.where(decided > 0, table["moved_on"] / decided.where(decided > 0, 1), np.nan)
    table["share_of_entered"] = table["moved_on"] / table["entered"].where(table["entered"] > 0)
    return table


def end_to_end(conversion: pd.DataFrame) -> float:
    """Lead-to-won conversion: the product of the stage conversions.

    >>> end_to_end(pd.DataFrame({"conversion": [0.5, 0.5, 0.4]}))
    0.1
    """
    rates = check_frame("conversion", conversion, ("conversion",))["conversion"]
    if rates.isna().any() or not rates.between(0, 1).all():
        raise ValueError("`conversion` must hold rates between 0 and 1 with no gaps")
    return float(np.round(rates.prod(), 12))


def weakest_stage(conversion: pd.DataFrame) -> str:
    """The stage with the lowest conversion: it loses the largest share of the deals that
    enter it. Not the stage that loses the most deals in number (early stages, which many
    deals enter), and not by itself the best place to improve: bookings are a product of the
    stage rates, so the same relative gain is worth the same at any stage
    (:func:`~saleslab.funnel.levers.stage_levers` compares stages against a benchmark).

    >>> weakest_stage(pd.DataFrame({"stage": ["a", "b"], "conversion": [0.5, 0.3]}))
    'b'
    """
    table = check_frame("conversion", conversion, ("stage", "conversion"))
    if table["conversion"].isna().all():
        raise ValueError("`conversion` has no measured rate: no stage can be the weakest")
    return str(table.loc[table["conversion"].idxmin(), "stage"])


def where_lost(opportunities: pd.DataFrame) -> pd.DataFrame:
    """Lost deals by the stage they were lost in (rows) and the reason given (columns).

    >>> opps = pd.DataFrame({"status": ["lost", "won", "lost"], "last_stage": ["lead", "proposal", "lead"],
    ...                      "loss_reason": ["price", None, "price"]})
    >>> int(where_lost(opps).loc["lead", "price"])
    2
    """
    opps = check_frame("opportunities", opportunities, ("status", "last_stage", "loss_reason"))
    lost = opps[opps["status"].astype(str) == "lost"]
    if lost.empty:
        raise ValueError("`opportunities` has no lost deal to analyse")
    table = pd.crosstab(lost["last_stage"].astype(str), lost["loss_reason"].astype(str))
    order = [s for s in STAGES if s in table.index]
    table = table.loc[order]
    return table[table.sum().sort_values(ascending=False).index]
