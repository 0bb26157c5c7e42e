"""Find the biggest loss: a Pareto table of why deals were lost.

A Pareto table sorts the loss reasons from most to least frequent (or most to least money
lost) and adds each reason's share and the running total. The "vital few" are the reasons
that together make up the first 80% of losses, plus the one that crosses the 80% line:
fixing those is where an improvement project starts.

>>> deals = pd.DataFrame({
...     "status": ["lost", "lost", "lost", "won", "lost", "open"],
...     "loss_reason": ["Price", "Slow follow-up", "Slow follow-up", None, "Slow follow-up", None],
... })
>>> loss_pareto(deals)
           reason  count  share  cumulative_share  vital_few
0  Slow follow-up      3   0.75              0.75       True
1           Price      1   0.25              1.00       True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..plots import percent
from ..validate import check_number
from ._checks import check_frame, numeric_column

STATUSES = ("won", "lost", "open")
#: Label for lost deals whose loss reason was never recorded in the CRM.
NOT_RECORDED = N_("Not recorded")


def loss_pareto(
    opportunities: pd.DataFrame, by: str = "count", threshold: float = 0.8
) -> pd.DataFrame:
    """Pareto table of lost-deal reasons, largest first.

    ``opportunities`` needs the columns ``status`` (``"won"``, ``"lost"`` or ``"open"``) and
    ``loss_reason`` (read for lost deals only; a lost deal without one counts as
    "Not recorded"). With ``by="value"`` it also needs ``value`` and weighs each reason by the
    money lost. Returns the columns ``reason``, ``count`` (or ``value``), ``share``,
    ``cumulative_share`` and ``vital_few``: the reasons whose running total stays at or below
    ``threshold``, plus the one that crosses it. Ties are listed in alphabetical order.

    >>> deals = pd.DataFrame({"status": ["lost"] * 3 + ["won"],
    ...                       "loss_reason": ["Price", "Timing", "Timing", None],
    ...                       "value": [90_000, 10_000, 20_000, 50_000]})
    >>> loss_pareto(deals, by="value")[["reason", "value", "share"]]
       reason    value  share
    0   Price  90000.0   0.75
    1  Timing  30000.0   0.25
    """
    if by not in ("count", "value"):
        raise ValueError(f"`by` must be 'count' or 'value', got {by!r}")
    threshold = check_number("threshold", threshold)
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"`threshold` must be above 0 and at most 1, got {threshold!r}")
    columns = ["status", "loss_reason"] + (["value"] if by == "value" else [])
    frame = check_frame("opportunities", opportunities, columns)

    status = frame["status"]
    unknown = sorted({str(s) for s in status.dropna().unique()} - set(STATUSES))
    if status.isna().any() or unknown:
        raise ValueError(
            f"column `status` must hold only {list(STATUSES)}, got "
            + (f"{unknown}" if unknown else "missing values")
        )
    lost = frame.loc[status.eq("lost").to_numpy()]
    if lost.empty:
        raise ValueError("`opportunities` has no lost deals, so there are no loss reasons")

    reasons = lost["loss_reason"].astype("string").str.strip()
    reasons = reasons.mask(reasons.isna() | reasons.eq(""), _(NOT_RECORDED))
    if by == "value":
        amounts = numeric_column(lost, "value")
        if (amounts < 0).any():
            raise ValueError("column `value` must not be negative for lost deals")
        if amounts.sum() == 0:
            raise ValueError("the lost deals have a total `value` of 0: nothing to weigh")
        totals = pd.Series(amounts, index=reasons.index).groupby(reasons.to_numpy()).sum()
    else:
        totals = reasons.groupby(reasons.to_numpy()).size()

    table = pd.DataFrame({"reason": totals.index.astype(str), by: totals.to_numpy()})
    table = table.sort_values([by, "reason"], ascending=[False, True], ignore_index=True)
    running = np.cumsum(table[by].to_numpy())
    total = running[-1]
    table["share"] = table[by] / total
    table["cumulative_share"] = running / total
    before = np.concatenate([[0.0], table["cumulative_share"].to_numpy()[:-1]])
    # 1e-9 absorbs rounding in money sums so a reason landing exactly on 80% is not "crossing"
    table["vital_few"] = before < threshold - 1e-9
    return table


def pareto_headline(table: pd.DataFrame) -> str:
    """The finding of a :func:`loss_pareto` table in one sentence.

    >>> deals = pd.DataFrame({"status": ["lost"] * 4, "loss_reason": [
    ...     "Price", "Slow follow-up", "Slow follow-up", "Timing"]})
    >>> pareto_headline(loss_pareto(deals))
    'Slow follow-up causes 50% of lost deals; 3 of 3 reasons cause 100%'
    """
    check_frame("table", table, ["reason", "share", "cumulative_share", "vital_few"])
    by_value = "value" in table.columns
    top = table.iloc[0]
    vital = table[table["vital_few"]]
    what = _("of the money lost") if by_value else _("of lost deals")
    reason = _(str(top["reason"]))  # a loss reason is a data value: its name in the edition
    sentence = _("{reason} causes {share} {what}").format(
        reason=reason[:1].upper() + reason[1:],
        share=percent(float(top["share"]), digits=0), what=what,
    )
    if len(vital) > 1:
        sentence += _("; {k} of {n} reasons cause {share}").format(
            k=len(vital), n=len(table),
            share=percent(float(vital["cumulative_share"].iloc[-1]), digits=0),
        )
    return sentence
