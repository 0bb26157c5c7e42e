"""The stage log (one row per stage entered) from what the exports hold: a stage-history export,
``Date entered <stage>`` columns, or, from a snapshot, only what a snapshot allows.

From a snapshot a deal's stage dates are unknown: the log then has the deal's stages up to its
current one, all dated at creation (stage order assumed), and the outcome at its close date.
That is enough for win rates, deals per stage, cycle from creation to close and the forecast;
time in stage, where deals were lost and stage-by-stage conversion need history.

>>> deals = pd.DataFrame({"key": ["A"], "created_at": pd.to_datetime(["2026-01-01"]),
...     "stage": ["proposal"], "status": ["open"], "closed_at": pd.NaT})
>>> stage_log(deals, pd.DataFrame(columns=["key", "stage", "entered_at"]))[0]["stage"].tolist()
['lead', 'contacted', 'qualified', 'proposal']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import _
from .deals import EMPTY, NO_STAGE, NOT_A_DATE, OPEN, date_order
from .mapping import Columns, Mapping
from .parse import parse_dates
from .presets import FIELDS, normal
from .read import RawTable
from .report import ImportReport

STAGES = np.array((*OPEN, "won", "lost"), dtype=object)
RANK = {stage: i for i, stage in enumerate(STAGES)}
ENTRY_COLUMNS = ["key", "stage", "entered_at"]
#: In a field-history export, the rows of these fields are the stage changes.
STAGE_FIELDS = frozenset(normal(name) for name in ("StageName", *FIELDS["stage"]))


def history_rows(table: RawTable, cols: Columns, mapping: Mapping,
                 report: ImportReport) -> pd.DataFrame:
    """Stage entries of a stage-history export, with ``source``, ``line`` and ``reason``."""
    frame = table.frame.apply(lambda column: column.str.strip())
    if "field" in cols.fields:  # a field history: other fields' changes are not stage changes
        stages = frame[cols.fields["field"]].map(normal).isin(STAGE_FIELDS)
        if not stages.all():
            report.not_used.append(_("{n} rows of {file} change other fields than the stage").format(
                n=int((~stages).sum()), file=table.name))
        frame = frame[stages]
    key = (frame[cols.fields["id"]] if "id" in cols.fields else frame[cols.fields["name"]]).astype(str)
    cells = frame[cols.fields["stage"]]
    stage = mapping.stage_column(cells)
    when, bad = parse_dates(frame[cols.fields["changed_at"]], date_order(mapping, [frame[cols.fields["changed_at"]]], report))
    reason = pd.Series(None, index=frame.index, dtype="object")
    reason[stage.isna()] = _(NO_STAGE) + cells.astype(str)
    reason[bad & reason.isna()] = _(NOT_A_DATE).format(column=cols.fields["changed_at"])
    reason[when.isna() & reason.isna()] = _(EMPTY).format(column=cols.fields["changed_at"])
    return pd.DataFrame({"source": table.name, "line": frame.index.to_numpy() + 2, "key": key.to_numpy(),
                         "stage": stage.to_numpy(), "entered_at": when.to_numpy(),
                         "reason": reason.to_numpy()})


def entered_rows(table: RawTable, cols: Columns, keys: pd.Series, order: str) -> pd.DataFrame:
    """Stage entries from ``Date entered <stage>`` columns (empty cells: stage not entered)."""
    parts = []
    for column, stage in cols.entered.items():
        when, _bad = parse_dates(table.frame[column], order)
        parts.append(pd.DataFrame({"key": keys.to_numpy(), "stage": stage, "entered_at": when.to_numpy()}))
    if not parts:
        return pd.DataFrame(columns=ENTRY_COLUMNS)
    return pd.concat(parts, ignore_index=True).dropna(subset=["entered_at"])


def stage_log(deals: pd.DataFrame, entries: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stage log of ``deals`` (unique keys, created, current stage, status, closed) from
    history ``entries`` where a deal has them, else from its snapshot; and the deals with
    ``last_stage`` and ``has_history`` added. The log's ``deal`` is the row of ``deals``
    (integers: sorting and grouping millions of string keys is slow)."""
    at = pd.Index(deals["key"]).get_indexer(entries["key"])  # -1: not one of these deals
    entries = entries[at >= 0]
    has = np.zeros(len(deals), dtype=bool)
    has[at[at >= 0]] = True
    deal = np.arange(len(deals))
    created = deals["created_at"].to_numpy()
    reached = deals["stage"].map(RANK).fillna(0).astype(int).to_numpy()
    closed = (deals["status"] != "open").to_numpy()

    def part(rows: np.ndarray, when: np.ndarray, rank: int | np.ndarray) -> pd.DataFrame:
        return pd.DataFrame({"deal": deal[rows], "entered_at": when[rows], "rank": rank})

    # In this order, which settles ties: a snapshot's stages, then history, then the outcome.
    log = pd.concat([*(part(~has & (reached >= k), created, k) for k in range(len(OPEN))),
                     part(has, created, 0),
                     pd.DataFrame({"deal": at[at >= 0], "entered_at": entries["entered_at"].to_numpy(),
                                   "rank": entries["stage"].map(RANK).to_numpy()}),
                     part(closed, deals["closed_at"].to_numpy(),
                          deals["status"].map(RANK).to_numpy()[closed])], ignore_index=True)
    log["entered_at"] = pd.to_datetime(log["entered_at"])  # empty parts would leave it as objects
    log["rank"] = log["rank"].astype("int64")
    log = (log.sort_values(["deal", "entered_at", "rank"], kind="stable")
              .drop_duplicates(["deal", "rank"], keep="first"))
    # An outcome ends the log: later stage entries (a reopened deal's noise) are dropped.
    end = np.full(len(deals), np.datetime64("NaT"), dtype=log["entered_at"].dtype)
    outcome = log[log["rank"] >= len(OPEN)].groupby("deal")["entered_at"].min()
    end[outcome.index.to_numpy()] = outcome.to_numpy()
    log = log[~(log["entered_at"].to_numpy() > end[log["deal"].to_numpy()])]
    opened = log[log["rank"] < len(OPEN)].drop_duplicates("deal", keep="last")
    last_open = np.full(len(deals), OPEN[0], dtype=object)
    last_open[opened["deal"].to_numpy()] = STAGES[opened["rank"].to_numpy()]
    deals = deals.assign(last_stage=last_open, has_history=has)
    current = deals["stage"].where(deals["status"] == "open")
    deals["last_stage"] = current.fillna(deals["last_stage"])
    log = pd.DataFrame({"deal": log["deal"].to_numpy(), "stage": STAGES[log["rank"].to_numpy()],
                        "entered_at": log["entered_at"].to_numpy()})
    return log, deals
