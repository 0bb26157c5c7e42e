"""``saleslab import``: from CRM exports to a data folder in the kit's schema, with a report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import N_, _
from ..localformat import join_list
from .deals import OPEN, read_deals, tidy_text
from .errors import ImportProblem
from .history import ENTRY_COLUMNS, entered_rows, history_rows, stage_log
from .mapping import Mapping, missing, read_mapping, resolve, template
from .pseudonymise import PREFIX, Pseudonyms, default_key_file, load_salt, write_lookup
from .read import read_export
from .report import ImportReport, add_reasons, set_aside_rows
from .weekly import weekly_table
from .write import FILES, check_free, write_import

NEEDS_HISTORY = (N_("time in stage and the cycle from qualified (Kaplan–Meier)"),
                 N_("stage-by-stage conversion and where deals are lost"),
                 N_("the stage lever of module 2"))
_OUT_COLUMNS = ["opportunity_id", "rep", "team", "region", "product_line", "created_at", "value",
                "status", "closed_at", "last_stage", "loss_reason"]


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote and its report (``print(result)`` shows the report)."""

    out: Path
    report: ImportReport
    paths: tuple[Path, ...]
    key_file: Path

    def __str__(self) -> str:
        return self.report.text()


def _unguessable(table, cols, mapping: Mapping, out: Path, need: list[str]) -> ImportProblem:
    stages = sorted(set(table.frame[cols.fields["stage"]]) - {""}) if "stage" in cols.fields else []
    path = out.parent / f"{Path(table.name).stem}.mapping.toml"
    path.write_text(template(list(table.frame.columns), cols, stages[:40], mapping), encoding="utf-8")
    return ImportProblem(table.name, _("cannot tell which column holds {field}").format(field=need[0]),
                         _("edit the mapping template {path} and run again with --mapping {path}").format(
                             path=path))


def _read_all(exports, mapping: Mapping, out: Path, people, report: ImportReport):
    deals, history, entered = [], [], []
    for export in exports:
        table = read_export(export)
        cols = resolve(list(table.frame.columns), mapping, table.name)
        need = missing(cols)
        if need:
            raise _unguessable(table, cols, mapping, out, need)
        kind = _("rows of stage history") if cols.is_history else _("rows of deals")
        report.files.append(_("{file}: {n} {kind}, {encoding}, layout {layout}").format(
            file=table.name, n=len(table.frame), kind=kind, encoding=table.encoding, layout=cols.preset)
            + (_(", mapping {file}").format(file=mapping.source) if mapping.columns else ""))
        if cols.is_history:
            report.history_rows += len(table.frame)
        else:
            report.deal_rows += len(table.frame)
        if cols.free_text:
            report.dropped.append(_("free-text columns of {file}: {columns}").format(
                file=table.name, columns=join_list(cols.free_text)))
        if cols.unused:
            report.not_used.append(_("columns of {file}: {columns}").format(
                file=table.name, columns=join_list(cols.unused)))
        if cols.is_history:
            history.append(history_rows(table, cols, mapping, report))
            continue
        rows = read_deals(table, cols, mapping, people, report)
        deals.append(rows)
        order = str(mapping.options.get("date_order", "mdy"))
        entered.append(entered_rows(table, cols, rows["key"], order))
    if not deals:
        raise ImportProblem(join_list([Path(e).name for e in exports]), _("no deal export among the files"),
                            _("add the opportunities/deals export beside the history export"))
    return pd.concat(deals, ignore_index=True), history, entered


def _duplicates(deals: pd.DataFrame) -> None:
    first = deals[deals["reason"].isna()].drop_duplicates("key")
    again = deals["reason"].isna() & ~deals.index.isin(first.index)
    if not again.any():
        return
    at = _("{file} line {line}")
    first = first[first["key"].isin(deals.loc[again, "key"])]  # only the deals that repeat
    place = {key: at.format(file=f, line=n) for key, f, n in zip(first["key"], first["source"], first["line"])}
    deals.loc[again, "reason"] = [_("the same deal again (first at {place})").format(place=place[key])
                                  for key in deals.loc[again, "key"]]


def _by_date_and_key(deals: pd.DataFrame) -> np.ndarray:
    """The rows of ``deals`` in order of creation, then deal key. NumPy sorts the keys as UTF-8
    strings (the order of Python's string comparison) several times faster than pandas."""
    order = np.argsort(deals["key"].to_numpy().astype(np.dtypes.StringDType()), kind="stable")
    return order[np.argsort(deals["created_at"].to_numpy()[order], kind="stable")]


def _frames(deals: pd.DataFrame, log: pd.DataFrame) -> dict[str, pd.DataFrame]:
    order = _by_date_and_key(deals)
    opportunity_id = np.empty(len(deals), dtype="int64")
    opportunity_id[order] = np.arange(1, len(deals) + 1)  # of each row of ``deals``, as the log counts them
    events = pd.DataFrame({"opportunity_id": opportunity_id[log["deal"].to_numpy()],
                           "stage": log["stage"].to_numpy(), "entered_at": log["entered_at"].to_numpy()})
    deals = deals.iloc[order].reset_index(drop=True)
    deals["opportunity_id"] = range(1, len(deals) + 1)
    for column in ("team", "region", "product_line"):
        deals[column] = deals[column].where(deals[column] != "", "unknown")
    # The log is in order of time within each deal: a stable sort by id alone keeps that order.
    events = events.iloc[np.argsort(events["opportunity_id"].to_numpy(), kind="stable")].reset_index(drop=True)
    pipe = deals[(deals["status"] == "open") & deals["last_stage"].isin(OPEN[2:]) & deals["close_date"].notna()]
    # When each deal in the pipeline entered its stage (the stage log has one entry per stage).
    since = events[events["opportunity_id"].isin(pipe["opportunity_id"])].rename(columns={"stage": "last_stage"})
    pipe = pipe.merge(since, on=["opportunity_id", "last_stage"], how="left")
    updates = pd.DataFrame({
        "opportunity_id": pipe["opportunity_id"],
        "updated_at": pipe["entered_at"].fillna(pipe["created_at"]),
        "stage": pipe["last_stage"], "close_date": pipe["close_date"].dt.normalize(),
        "amount": pipe["value"], "next_step": pipe["next_step"].where(pipe["next_step"] != ""),
        "next_step_due": pd.NaT}).reset_index(drop=True)
    updates["updated_at"] = pd.to_datetime(updates["updated_at"])
    opps = deals[_OUT_COLUMNS].copy()
    opps["loss_reason"] = opps["loss_reason"].where(opps["loss_reason"] != "")
    return {"crm_opportunities": opps, "crm_events": events, "crm_deal_updates": updates}, deals


def import_exports(exports: list[Path | str], out: Path | str, mapping: Path | str | None = None,
                   force: bool = False, key_file: Path | str | None = None) -> ImportResult:
    """Import CRM ``exports`` into the folder ``out`` (see :mod:`saleslab.crmimport`)."""
    out = Path(out)
    check_free(out, force)
    rules = read_mapping(mapping)
    key_file = Path(key_file) if key_file is not None else default_key_file()
    salt, _new = load_salt(key_file, out)
    people = {field: Pseudonyms(salt, prefix) for field, prefix in PREFIX.items()}
    report = ImportReport()
    deals, history, entered = _read_all(exports, rules, out, people, report)
    _duplicates(deals)
    deals = tidy_text(deals, bool(rules.option("keep_text", False)), report)
    entries = pd.concat([*(h[h["reason"].isna()] for h in history), *entered],
                        ignore_index=True).reindex(columns=ENTRY_COLUMNS)
    entries["entered_at"] = pd.to_datetime(entries["entered_at"])
    usable = deals[deals["reason"].isna()]
    if usable.empty:
        first = deals.iloc[0]
        raise ImportProblem(str(first["source"]), _("no deal could be used (first: {reason})").format(
            reason=first["reason"]), _("fix that in the export or the mapping file"), line=int(first["line"]))
    strays = int((~entries["key"].isin(usable["key"])).sum())
    if strays:
        report.not_used.append(_("{n} stage-history rows of deals not in the deal export (or set "
                                 "aside)").format(n=strays))
    first_entry = (entries.groupby("key")["entered_at"].min().reindex(usable["key"])
                   .set_axis(usable.index))
    usable = usable.assign(created_at=usable["created_at"].fillna(first_entry).fillna(usable["close_date"]))
    snapshot = pd.Timestamp(rules.option("snapshot") or pd.concat(
        [usable["created_at"], usable["closed_at"], entries["entered_at"]]).max())
    undated = usable["created_at"].isna()
    if undated.any():
        report.assume(_("{n} deals have no date at all: dated at the snapshot").format(n=int(undated.sum())))
        usable = usable.assign(created_at=usable["created_at"].fillna(snapshot))
    log, usable = stage_log(usable, entries)
    frames, usable = _frames(usable, log)
    frames["weekly_kpis"] = weekly_table(frames["crm_opportunities"], snapshot)
    aside = set_aside_rows(pd.concat([deals, *history], ignore_index=True)).drop(columns=["key"])
    add_reasons(report, aside)
    report.kept = len(usable)
    _assume(report, rules, usable, frames, bool(history) or any(len(e) for e in entered))
    report.assume(_("snapshot (the day the export shows): {when}").format(when=f"{snapshot:%Y-%m-%d %H:%M}"))
    meta = {"snapshot": f"{snapshot:%Y-%m-%d %H:%M:%S}", "currency": _currency(rules, usable),
            "history": "stage history" if usable["has_history"].any() else "snapshot only",
            "sources": [{"title": Path(e).name} for e in exports],
            "description": "CRM exports imported by `saleslab import`: names are pseudonyms, free "
                           "text dropped; see import_report.md."}
    report.written = [_("{files} (beside this report)").format(files=join_list(FILES))]
    paths = write_import(out, frames, meta, report.text(), aside)
    write_lookup(key_file, list(people.values()))
    return ImportResult(out, report, tuple(paths), key_file)


def _currency(rules: Mapping, usable: pd.DataFrame) -> str:
    """The amounts' currency: the mapping's option, else the export's currency column, else CNY."""
    return rules.option("currency") or next(iter(sorted(set(pd.unique(usable["currency"].to_numpy())) - {""})), "CNY")


def _assume(report: ImportReport, rules: Mapping, usable: pd.DataFrame, frames, has_history: bool) -> None:
    currency = _currency(rules, usable)
    has_column = (usable["currency"] != "").any()
    report.assume((_("amounts in {currency}") if has_column else
                   _("amounts in {currency} (no currency column)")).format(currency=currency))
    report.assume(_("stage order: {stages} → won / lost").format(stages=" → ".join(OPEN)))
    if (usable["rep"] == "").any():
        report.assume(_("{n} deals have no owner: rep left empty").format(n=int((usable["rep"] == "").sum())))
    open_no_date = int(((usable["status"] == "open") & usable["close_date"].isna()).sum())
    if open_no_date:
        report.assume(_("{n} open deals have no close date: not in the forecast").format(n=open_no_date))
    if not has_history:
        report.needs_history = [_("{what}: a snapshot holds each deal's current stage only").format(
            what=_(what)) for what in NEEDS_HISTORY]
    elif not usable["has_history"].all():
        report.needs_history = [_("{n} deals have no stage history: their stages are dated at "
                                  "creation").format(n=int((~usable["has_history"]).sum()))]
