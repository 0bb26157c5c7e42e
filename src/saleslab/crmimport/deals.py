"""One row per deal from deal exports: fields parsed, names pseudonymised, free text dropped,
and every row that cannot be used given a reason instead of a gap.

The result has the source file and line of each row, and ``reason`` (None: usable).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..localformat import join_list
from .mapping import Columns, Mapping
from .parse import day_first_order, parse_amounts, parse_dates
from .pseudonymise import Pseudonyms
from .read import RawTable
from .report import ImportReport

#: Reasons a row is set aside (``{column}``: the export's header), shared with the history.
NOT_A_DATE = N_("{column}: not a date (or an impossible one)")
EMPTY = N_("{column}: empty")
NO_STAGE = N_("stage not in the stage map: ")
OPEN = ("lead", "contacted", "qualified", "proposal", "negotiation")
#: A loss-reason column with at most this many distinct values is a picklist, not free text.
PICKLIST = 30


def _cells(table: RawTable, cols: Columns, name: str) -> pd.Series:
    header = cols.fields.get(name)
    if not header:
        return pd.Series("", index=table.frame.index, dtype="str")
    # read_csv drops leading spaces; the parsers, stage names and pseudonyms ignore trailing ones,
    # so only the deal id (matched against the history export) is stripped here: it is slow.
    return table.frame[header].str.strip() if name == "id" else table.frame[header]


def date_order(mapping: Mapping, cells: list[pd.Series], report: ImportReport) -> str:
    """The order of year-last dates: from the mapping, else told by the data, else month first."""
    if "date_order" in mapping.options:
        return str(mapping.options["date_order"])
    seen = {day_first_order(c) for c in cells} - {None}
    if len(seen) == 1:
        order = seen.pop()
        report.assume(_("dates like 01/02/2025 read as {order} (a part above 12 tells)").format(order=order))
        return order
    return "mdy"


def _parse(cells: pd.Series, header: str, order: str, reason: pd.Series) -> pd.Series:
    """The dates of one column; a cell that is not a date gets its reason."""
    values, bad = parse_dates(cells, order)
    reason[bad & reason.isna()] = _(NOT_A_DATE).format(column=header)
    return values


def read_deals(table: RawTable, cols: Columns, mapping: Mapping, people: dict[str, Pseudonyms],
               report: ImportReport) -> pd.DataFrame:
    """The deals of one export, standardised (see the module docstring)."""
    index = table.frame.index
    stripped: dict[str, pd.Series] = {}

    def cell(name: str) -> pd.Series:  # each column stripped once
        if name not in stripped:
            stripped[name] = _cells(table, cols, name)
        return stripped[name]

    reason = pd.Series(None, index=index, dtype="object")
    ident = cell("id")
    # A name stands in for a missing id only: strip just those (stripping is slow).
    key = ident.where(ident != "", _cells(table, cols, "name")[ident == ""].str.strip())
    reason[key == ""] = _("no deal id or name")
    # 万元: said by the mapping file, else by the header (金额(万元)).
    unit = mapping.options.get("amount_unit", "wan" if "万" in cols.fields.get("amount", "") else "yuan")
    wan = unit == "wan"
    if wan:
        report.assume(_("{column}: amounts in 万元, times 10,000").format(column=cols.fields.get("amount")))
    amount, bad_amount = parse_amounts(cell("amount"), wan=wan)
    reason[(bad_amount) & reason.isna()] = _("{column}: not an amount of 0 or more").format(
        column=cols.fields.get("amount"))
    if mapping.options.get("empty_amount") == "zero":
        amount = amount.fillna(0.0).where(~bad_amount)
        if (cell("amount") == "").any():
            report.assume(_("deals without an amount counted at 0 (empty_amount = \"zero\")"))
    reason[amount.isna() & reason.isna()] = _(EMPTY).format(column=cols.fields.get("amount"))
    order = date_order(mapping, [cell(n) for n in ("created", "close_date", "closed_at")],
                       report)
    created = _parse(cell("created"), cols.fields.get("created", "created"), order, reason)
    close_date = _parse(cell("close_date"), cols.fields.get("close_date", "close_date"), order, reason)
    closed_at = _parse(cell("closed_at"), cols.fields.get("closed_at", "closed_at"), order, reason)
    stage_cells = cell("stage")
    stage = mapping.stage_column(stage_cells)
    status_cells = cell("status")
    status = mapping.status_column(status_cells)
    # The reason texts are built for the rows that have them only (a million rows, a few bad).
    unknown_stage = (stage_cells != "") & stage.isna() & reason.isna()
    reason[unknown_stage] = _(NO_STAGE) + stage_cells[unknown_stage].astype(str)
    unknown_status = (status_cells != "") & status.isna() & reason.isna()
    reason[unknown_status] = _("status not open/won/lost: ") + status_cells[unknown_status].astype(str)
    reason[(stage_cells == "") & (status_cells == "") & reason.isna()] = _("no stage and no status")
    outcome = stage.where(stage.isin(("won", "lost")), status.where(status.isin(("won", "lost"))))
    deal_status = outcome.fillna("open")
    closed_at = closed_at.where(closed_at.notna() | (deal_status == "open"), close_date)
    closed_at = closed_at.where(deal_status != "open")
    reason[(deal_status != "open") & closed_at.isna() & reason.isna()] = _("closed, but no close date")
    frame = pd.DataFrame({
        "source": table.name, "line": index.to_numpy() + 2, "key": key.to_numpy(),
        "rep": people["owner"].column(cell("owner")).to_numpy(),
        "account": people["account"].column(cell("account")).to_numpy(),
        "contact": people["contact"].column(cell("contact")).to_numpy(),
        "team": cell("team").to_numpy(), "region": cell("region").to_numpy(),
        "product_line": cell("product").to_numpy(),
        "created_at": created.to_numpy(), "value": amount.to_numpy(),
        "status": deal_status.to_numpy(), "closed_at": closed_at.to_numpy(),
        "stage": stage.where(stage.isin(OPEN)).to_numpy(), "close_date": close_date.to_numpy(),
        "loss_reason": cell("loss_reason").to_numpy(),
        "next_step": cell("next_step").to_numpy(),
        "currency": cell("currency").to_numpy(),
        "reason": reason.to_numpy(),
    })
    frame["key"] = frame["key"].astype(str)
    return frame


def tidy_text(deals: pd.DataFrame, keep_text: bool, report: ImportReport) -> pd.DataFrame:
    """Loss reasons kept when they are a picklist; next steps kept as a yes/no marker unless
    ``keep_text``; currency checked to be one. Notes what it dropped or assumed."""
    out = deals.copy()
    reasons = out["loss_reason"].where(out["status"] == "lost", "")
    if reasons.nunique() > PICKLIST and not keep_text:
        reasons = reasons.where(False, "")
        report.dropped.append(_("loss reasons: more than {n} distinct texts, so free text "
                                "(keep_text = true in the mapping carries them)").format(n=PICKLIST))
    out["loss_reason"] = reasons
    if not keep_text and (out["next_step"] != "").any():
        out["next_step"] = np.where(out["next_step"] != "", "(written)", "")
        report.dropped.append(_("next-step text: only whether one was written is kept"))
    currencies = sorted(set(pd.unique(out["currency"].to_numpy())) - {""})
    if len(currencies) > 1:
        report.assume(_("several currencies ({currencies}); amounts are used as they are, not "
                        "converted").format(currencies=join_list(currencies)))
    return out
