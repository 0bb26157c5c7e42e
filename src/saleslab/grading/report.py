"""The grade report: one row per learner, notebook and question; written as ``grades.csv``
and a self-contained ``grades.html``.

The output folder is checked before any grading starts (:func:`check_out`), and each file
is written to a temporary name and then renamed into place, so a link planted where a file
goes is replaced, never followed. CSV cells that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) get a leading ``'``.

>>> STATUSES
('correct', 'not yet', 'not attempted', 'error')
>>> safe_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd

from ..exercises.progress import CORRECT, NOT_ATTEMPTED, NOT_YET
from ..i18n import N_, _
from ..localformat import join_list
from ..validate import check_out_folder

ERROR = N_("error")
STATUSES = (CORRECT, NOT_YET, NOT_ATTEMPTED, ERROR)
COLUMNS = ("learner", "exercises", "file", "seed", "question", "status", "note")
KEYS = ["learner", "exercises", "file", "seed"]
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Grades:
    """Every learner's status per question (``table``, one row per learner, exercise
    notebook and question), how submissions were isolated, and where the files went."""

    table: pd.DataFrame
    isolation: str = ""
    csv: Path | None = None
    html: Path | None = None

    def wide(self) -> pd.DataFrame:
        """One row per learner and exercise notebook, a column per question, then how many
        are correct and a note: the layout of the CSV and HTML page."""
        return wide_table(self.table)

    def __repr__(self) -> str:
        counts = self.table["status"].value_counts()
        text = _("{learners} learner(s), {notebooks} notebook(s): ").format(
            learners=self.table["learner"].nunique(),
            notebooks=len(self.table.drop_duplicates(["learner", "file"])))
        text += join_list(_("{n} {status}").format(n=counts.get(s, 0), status=_(s)) for s in STATUSES)
        if self.isolation:
            text += "\n" + self.isolation
        if self.csv is not None:
            text += "\n" + _("Written: {csv} and {html}").format(csv=self.csv, html=self.html)
        return text


def wide_table(table: pd.DataFrame) -> pd.DataFrame:
    """The long ``table`` of :class:`Grades` as one row per (learner, exercises, file, seed).

    >>> long = pd.DataFrame([["ana", "ex.ipynb", "a.ipynb", 7, q, s, ""] for q, s in
    ...     [("q1", "correct"), ("q2", "not yet")]], columns=COLUMNS)
    >>> wide_table(long).to_dict("records")
    [{'learner': 'ana', 'exercises': 'ex.ipynb', 'file': 'a.ipynb', 'seed': 7, 'q1': 'correct', 'q2': 'not yet', 'correct': '1/2', 'note': ''}]
    """
    questions = sorted({q for q in table["question"] if q}, key=lambda q: (len(q), q))
    rows = []
    for key, group in table.groupby(KEYS, sort=False, dropna=False):
        status = dict(zip(group["question"], group["status"]))
        asked = [q for q in questions if q in status]
        row = dict(zip(KEYS, key)) | {q: status.get(q, "") for q in questions}
        row["correct"] = f"{sum(status[q] == CORRECT for q in asked)}/{len(asked)}"
        row["note"] = group["note"].iloc[0]
        rows.append(row)
    return pd.DataFrame(rows, columns=[*KEYS, *questions, "correct", "note"])


def safe_cell(value: object) -> object:
    """``value`` made inert for a spreadsheet: text that starts like a formula gets a ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#f3f3f3}.correct{background:%s;color:#fff}.not-yet{background:%s;color:#222}
.not-attempted{background:#fff;color:#666}.error{background:%s;color:#fff}td.note{color:#555}"""


def _css_class(status: str) -> str:
    return status.replace(" ", "-") if status in STATUSES else ""


def grades_html(grades: Grades) -> str:
    """A small self-contained HTML page (no scripts, no links) with the wide table, one
    colour per status.

    >>> long = pd.DataFrame([["ana <b>", "ex.ipynb", "a.ipynb", 7, "q1", "error", ""]], columns=COLUMNS)
    >>> page = grades_html(Grades(long))
    >>> "ana &lt;b&gt;" in page, 'class="error"' in page
    (True, True)
    """
    from ..plots import COLORS

    wide = grades.wide()
    questions = [c for c in wide.columns if c not in {*COLUMNS, "correct"}]
    header = [_("Learner"), _("Exercises"), _("File"), _("Seed"), *questions, _("Correct"), _("Note")]
    lines = ["<tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>"]
    for row in wide.to_dict("records"):
        cells = [f"<td>{escape(str(row[k]))}</td>" for k in KEYS]
        cells += [f'<td class="{_css_class(row[q])}">{escape(_(row[q]) if row[q] else "")}</td>'
                  for q in questions]
        cells += [f"<td>{escape(row['correct'])}</td>", f'<td class="note">{escape(row["note"])}</td>']
        lines.append("<tr>" + "".join(cells) + "</tr>")
    legend = " · ".join(f'<span class="{_css_class(s)}">{escape(_(s))}</span>' for s in STATUSES)
    style = _STYLE % (COLORS["won"], COLORS["highlight"], COLORS["lost"])
    title = escape(_("Exercise results"))
    summary = "<br>".join(escape(line) for line in repr(grades).splitlines())
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{style}</style></head><body>\n<h1>{title}</h1>\n<p>{summary}</p>"
            f"\n<p>{legend}</p>\n<table>\n" + "\n".join(lines) + "\n</table>\n</body></html>\n")


def check_out(out: Path | str) -> Path:
    """The output folder, made if missing, once it is known to be a writable real folder
    (not a file, not a link); ValueError in one line otherwise. Run it before grading.

    >>> check_out("")
    Traceback (most recent call last):
    ...
    ValueError: `out` must be a folder name, got ''
    """
    return check_out_folder("out", out)


def _write_atomic(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, path)  # replaces a planted link itself, never its target
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_grades(grades: Grades, out: Path | str) -> Grades:
    """Write ``grades.csv`` (the wide table, formula-safe) and ``grades.html`` into ``out``;
    the grades with those paths filled in. Both files are replaced on every run.

    >>> import tempfile
    >>> long = pd.DataFrame([["=ana", "ex.ipynb", "a.ipynb", 7, "q1", "correct", ""]], columns=COLUMNS)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_grades(Grades(long), folder)
    ...     written.csv.read_text().splitlines()[:2]
    ['learner,exercises,file,seed,q1,correct,note', "'=ana,ex.ipynb,a.ipynb,7,correct,1/1,"]
    """
    folder = check_out(out)
    csv, html = folder / "grades.csv", folder / "grades.html"
    safe = grades.wide().map(safe_cell).rename(columns=safe_cell)
    _write_atomic(csv, safe.to_csv(index=False).encode("utf-8"))
    _write_atomic(html, grades_html(grades).encode("utf-8"))
    return Grades(grades.table, grades.isolation, csv, html)
