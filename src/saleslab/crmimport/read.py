"""Read a CRM export as text cells: CSV in UTF-8 (with or without a BOM) or GBK/GB18030,
and Excel ``.xlsx`` through openpyxl.

Every cell comes back as a string ("" when empty), so the parsers see what the file says;
line numbers count the header as line 1, as a spreadsheet shows them.

>>> import io, tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder) / "deals.csv"
...     _ = path.write_bytes("商机名称,金额\\n扩容,12万\\n".encode("gbk"))
...     table = read_export(path)
>>> table.encoding, table.frame.iloc[0].tolist()
('gb18030', ['扩容', '12万'])
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..i18n import N_, _
from .errors import ImportProblem

#: Tried in this order: UTF-8 (a BOM is dropped), then GB18030, a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")
_SAVE_AS = N_("save it from Excel as \"CSV UTF-8\" or as .xlsx")


@dataclass(frozen=True)
class RawTable:
    """One export as read: its file name, the encoding found and the cells as text."""

    name: str
    encoding: str
    frame: pd.DataFrame


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportProblem(path.name, _("is neither UTF-8 nor GBK text"), _(_SAVE_AS))


def _read_csv(path: Path) -> RawTable:
    text, encoding = _decode(path, path.read_bytes())
    if not text.strip():
        raise ImportProblem(path.name, _("the file is empty"), _("export the report again"))
    try:
        dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
        sep = dialect.delimiter
    except csv.Error:
        sep = ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skipinitialspace=True)
    except pd.errors.ParserError as error:
        line = _parser_line(str(error))
        raise ImportProblem(path.name, _("is not a readable table (a broken quote or a row with too "
                                         "many cells)"),
                            _("check that row in a text editor, or {how}").format(how=_(_SAVE_AS)),
                            line=line) from None
    return RawTable(path.name, encoding, _clean(frame, path.name))


def _parser_line(message: str) -> int | None:
    words = message.replace(",", " ").split()
    for word, after in zip(words, words[1:]):
        if word in ("line", "row") and after.isdigit():
            return int(after) + (word == "row")  # pandas counts data rows from 0 after the header
    return None


def _cell_text(value: object) -> str:
    """An Excel cell as the text the parsers read: dates in ISO, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path) -> RawTable:
    from openpyxl import load_workbook  # only an Excel export needs it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise ImportProblem(path.name, _("is not a readable .xlsx workbook"),
                            _("open it in Excel and save it again as .xlsx (or as CSV UTF-8)")) from None
    try:
        rows = [[_cell_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    if not any(any(row) for row in rows):
        raise ImportProblem(path.name, _("the first sheet is empty"), _("put the export on the first sheet"))
    width = len(rows[0])
    # Blank rows are skipped, but each row keeps its index so that line = index + 2 as in Excel.
    body = {i: (row + [""] * width)[:width] for i, row in enumerate(rows[1:]) if any(row)}
    frame = pd.DataFrame(list(body.values()), index=list(body), columns=rows[0], dtype=str)
    return RawTable(path.name, "xlsx", _clean(frame, path.name))


def _clean(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    columns = [str(c).strip() for c in frame.columns]
    if not any(columns) or all(c.startswith("Unnamed") for c in columns):
        raise ImportProblem(name, _("has no header row"), _("export the report with column headers"))
    seen = {c for c in columns if columns.count(c) > 1}
    if seen:
        raise ImportProblem(name, _("has the column {column} twice").format(column=repr(sorted(seen)[0])),
                            _("rename or delete one of them"), column=sorted(seen)[0])
    frame.columns = columns
    return frame  # cells are stripped where they are read (only the columns used)


def read_export(path: Path | str) -> RawTable:
    """One export file as text cells (see the module docstring); ImportProblem if unreadable."""
    path = Path(path)
    if not path.is_file():
        raise ImportProblem(str(path), _("no such file"), _("check the path"))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix in (".xls", ".xlsm", ".numbers"):
        raise ImportProblem(path.name, _("{suffix} files are not read").format(suffix=suffix),
                            _("save it as .xlsx or CSV UTF-8"))
    return _read_csv(path)
