"""Grading: run each learner's exercise notebooks in a fresh kernel and tabulate the checks.

``saleslab grade SUBMISSIONS [--out DIR] [--timeout S] [--data FOLDER]`` expects one entry
per learner, named after the learner::

    SUBMISSIONS/<learner>/<any name>.ipynb      a folder (searched below, e.g. exercises/)
    SUBMISSIONS/<learner>.ipynb                 or a single notebook

Each notebook is run top to bottom in a new kernel, in a temporary working folder, every
cell for at most ``timeout`` seconds, with ``SALESLAB_PROGRESS`` pointing at a fresh progress
file: each ``q1.check()`` appends its outcome there (:mod:`saleslab.exercises.progress`),
and the last outcome per question is the learner's status. The records name the exercise
set, so a renamed notebook is graded as the set it is. Cells keep running after one raises;
a question never checked is "error" if the notebook raised, stopped or could not be read,
else "not attempted". Module and case notebooks, hidden folders and checkpoints are skipped.

The data a notebook runs on is the submission's own ``datasets/`` folder if it has one (a
learner handing in their whole handout folder), else ``data`` (``--data``), else the course
data as :func:`saleslab.data.load` finds it: grade each team against its team's datasets.

>>> STATUSES
('correct', 'not yet', 'not attempted', 'error')
"""

from __future__ import annotations

import importlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from .course import COURSE
from .data import DATA_VARIABLE, DESCRIPTOR, data_folder
from .exercises import ExerciseSet, exercise_sets
from .exercises.progress import COLUMNS as RECORD_COLUMNS
from .exercises.progress import CORRECT, NOT_ATTEMPTED, NOT_YET, PROGRESS_VARIABLE, read
from .i18n import N_, _
from .nbtools import KERNEL, clear_outputs

ERROR = N_("error")
STATUSES = (CORRECT, NOT_YET, NOT_ATTEMPTED, ERROR)
COLUMNS = ("learner", "exercises", "file", "question", "status", "note")
#: Notebooks a learner may hand in that are not exercises (the handout's modules and cases).
NOT_EXERCISES = frozenset(Path(e.path).name for e in COURSE if e.kind != "exercise")
_IMPORT = re.compile(r"from\s+saleslab\.exercises\s+import\s+(\w+)")


@dataclass(frozen=True)
class Submission:
    """One notebook handed in: whose it is, where it is, and the data it runs on."""

    learner: str
    path: Path
    data: Path | None


@dataclass(frozen=True)
class Run:
    """What running one notebook left: its check records and, if something went wrong,
    one line saying what (an unreadable file, a cell that raised, a time-out)."""

    records: pd.DataFrame
    problem: str | None
    exercise_set: ExerciseSet | None


def _own_data(notebook: Path, top: Path) -> Path | None:
    for folder in (notebook.parent, *notebook.parent.parents):
        if (folder / "datasets" / DESCRIPTOR).is_file():
            return folder / "datasets"
        if folder == top:
            return None
    return None


def _notebooks(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.ipynb")
                  if not any(part.startswith(".") for part in path.relative_to(folder).parts)
                  and path.name not in NOT_EXERCISES)


def find_submissions(folder: Path | str) -> dict[str, list[Submission]]:
    """Every learner in ``folder`` and the exercise notebooks they handed in (an empty list
    for a learner folder without one), learners in name order.

    >>> find_submissions("/no/such/folder")
    Traceback (most recent call last):
    ...
    ValueError: `submissions` must be an existing folder, got '/no/such/folder'
    """
    top = Path(folder)
    if not top.is_dir():
        raise ValueError(f"`submissions` must be an existing folder, got {str(folder)!r}")
    found: dict[str, list[Submission]] = {}
    for entry in sorted(top.iterdir()):
        if entry.name.startswith(".") or entry.name == "datasets":
            continue
        if entry.is_dir():
            found[entry.name] = [Submission(entry.name, path, _own_data(path, top))
                                 for path in _notebooks(entry)]
        elif entry.suffix == ".ipynb":
            found.setdefault(entry.stem, []).append(Submission(entry.stem, entry, _own_data(entry, top)))
    return found


def _one_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__


def _set_named(notebook: str | None, sets: list[ExerciseSet]) -> ExerciseSet | None:
    return next((s for s in sets if notebook and Path(s.notebook).name == Path(notebook).name), None)


def _set_in(notebook: nbformat.NotebookNode, path: Path) -> ExerciseSet | None:
    """The exercise set the notebook imports, else the one its file name is."""
    for cell in notebook.cells:
        for name in _IMPORT.findall(cell.source if cell.cell_type == "code" else ""):
            try:
                candidate = getattr(importlib.import_module(f"saleslab.exercises.{name}"), "SET", None)
            except ImportError:
                continue
            if isinstance(candidate, ExerciseSet):
                return candidate
    return _set_named(path.name, exercise_sets())


def _first_error(notebook: nbformat.NotebookNode) -> str | None:
    for number, cell in enumerate((c for c in notebook.cells if c.cell_type == "code"), start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                text = str(output.get("evalue", "")).strip().splitlines()
                return _("code cell {n} raised {name}: {text}").format(
                    n=number, name=output.get("ename", "an error"), text=text[0][:200] if text else "")
    return None


def run_notebook(path: Path | str, data: Path | str, timeout: int = 60) -> Run:
    """Run one submitted notebook in a fresh kernel on ``data``; never raises for a broken
    notebook: what went wrong is in :attr:`Run.problem`."""
    path = Path(path)
    empty = pd.DataFrame(columns=list(RECORD_COLUMNS))
    try:
        notebook = clear_outputs(nbformat.read(path, as_version=4))
    except Exception as error:
        return Run(empty, _("the notebook cannot be read ({error})").format(
            error=_one_line(error)), _set_named(path.name, exercise_sets()))
    exercise_set = _set_in(notebook, path)
    with tempfile.TemporaryDirectory(prefix="saleslab-grade-") as work:
        progress = Path(work) / "progress.jsonl"
        env = {**os.environ, PROGRESS_VARIABLE: str(progress),
               DATA_VARIABLE: str(Path(data).resolve())}
        client = NotebookClient(notebook, kernel_name=KERNEL, timeout=timeout, allow_errors=True,
                                record_timing=False, resources={"metadata": {"path": work}})
        try:  # the kernel's own log (start-up notices, its end at a time-out) is not the trainer's
            with (Path(work) / "kernel.log").open("w") as log:
                client.execute(env=env, stdout=log, stderr=log)
            problem = _first_error(notebook)
        except CellTimeoutError:
            problem = _("stopped: a cell ran longer than {timeout} s").format(timeout=timeout)
        except DeadKernelError:
            problem = _("stopped: the kernel died")
        except Exception as error:  # any other failure is this learner's, not the run's
            problem = _("stopped: {error}").format(error=_one_line(error))
        records = read(progress)
    return Run(records, problem, exercise_set)


def statuses(learner: str, file: str, run: Run) -> list[dict]:
    """One row per question of the run's exercise set (learner, exercises, file, question,
    status, note): the last recorded outcome, else "error" if the run had a problem, else
    "not attempted". The set is the one the records name, else the one the notebook imports.

    >>> records = pd.DataFrame({"notebook": ["exercises/01_target_setting_exercises.ipynb"] * 2,
    ...     "question": ["q1", "q1"], "outcome": ["not yet", "correct"], "time": ["", ""]})
    >>> [(row["question"], row["status"]) for row in statuses("ana", "a.ipynb",
    ...     Run(records, "stopped: the kernel died", None))][:2]
    [('q1', 'correct'), ('q2', 'error')]
    """
    found = _set_named(run.records["notebook"].iloc[-1], exercise_sets()) if len(run.records) else None
    exercise_set = found or run.exercise_set
    last = run.records.groupby("question")["outcome"].last() if len(run.records) else pd.Series(dtype=object)
    names = list(exercise_set.names) if exercise_set else []
    names += [name for name in last.index if name not in names]
    title = exercise_set.notebook if exercise_set else ""
    if not names:
        return [dict(learner=learner, exercises=title, file=file, question="", status=ERROR,
                     note=run.problem or _("no exercise check ran in this notebook"))]
    missing = ERROR if run.problem else NOT_ATTEMPTED
    return [dict(learner=learner, exercises=title, file=file, question=name,
                 status=last.get(name, missing), note=run.problem or "") for name in names]


@dataclass(frozen=True)
class Grades:
    """Every learner's status per question (``table``, one row per learner, exercise
    notebook and question) and where the CSV and HTML were written."""

    table: pd.DataFrame
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
        text += ", ".join(f"{counts.get(s, 0)} {_(s)}" for s in STATUSES)
        if self.csv is not None:
            text += "\n" + _("Written: {csv} and {html}").format(csv=self.csv, html=self.html)
        return text


def wide_table(table: pd.DataFrame) -> pd.DataFrame:
    """The long ``table`` of :class:`Grades` as one row per (learner, exercises, file).

    >>> long = pd.DataFrame([["ana", "ex.ipynb", "a.ipynb", q, s, ""] for q, s in
    ...     [("q1", "correct"), ("q2", "not yet")]], columns=COLUMNS)
    >>> wide_table(long).to_dict("records")
    [{'learner': 'ana', 'exercises': 'ex.ipynb', 'file': 'a.ipynb', 'q1': 'correct', 'q2': 'not yet', 'correct': '1/2', 'note': ''}]
    """
    keys = ["learner", "exercises", "file"]
    questions = sorted({q for q in table["question"] if q}, key=lambda q: (len(q), q))
    rows = []
    for key, group in table.groupby(keys, sort=False):
        status = dict(zip(group["question"], group["status"]))
        asked = [q for q in questions if q in status]
        row = dict(zip(keys, key)) | {q: status.get(q, "") for q in questions}
        row["correct"] = f"{sum(status[q] == CORRECT for q in asked)}/{len(asked)}"
        row["note"] = group["note"].iloc[0]
        rows.append(row)
    return pd.DataFrame(rows, columns=[*keys, *questions, "correct", "note"])


def grade_submissions(submissions: Path | str, timeout: int = 60,
                      data: Path | str | None = None) -> Grades:
    """Run every learner's exercise notebooks (see the module docstring) and return their
    status per question; a learner folder with no notebook gets one "not attempted" row."""
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 1:
        raise ValueError(f"`timeout` must be a whole number of seconds, 1 or more, got {timeout!r}")
    if data is not None and not (Path(data) / "sales_history.csv").is_file():
        raise ValueError(f"`data` must be a folder of course datasets, got {str(data)!r}")
    rows = []
    for learner, handed_in in find_submissions(submissions).items():
        if not handed_in:
            rows.append(dict(learner=learner, exercises="", file="", question="",
                             status=NOT_ATTEMPTED, note=_("no exercise notebook handed in")))
        for submission in handed_in:
            folder = submission.data or data or data_folder()
            run = run_notebook(submission.path, folder, timeout)
            file = submission.path.relative_to(Path(submissions)).as_posix()
            rows += statuses(learner, file, run)
    return Grades(pd.DataFrame(rows, columns=list(COLUMNS)))


_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#f3f3f3}.correct{background:%s;color:#fff}.not-yet{background:%s;color:#222}
.not-attempted{background:#fff;color:#666}.error{background:%s;color:#fff}td.note{color:#555}"""


def _css_class(status: str) -> str:
    return status.replace(" ", "-") if status in STATUSES else ""


def grades_html(grades: Grades) -> str:
    """A small self-contained HTML page (no scripts, no links) with the wide table, one
    colour per status.

    >>> long = pd.DataFrame([["ana <b>", "ex.ipynb", "a.ipynb", "q1", "error", ""]], columns=COLUMNS)
    >>> page = grades_html(Grades(long))
    >>> "ana &lt;b&gt;" in page, 'class="error"' in page
    (True, True)
    """
    from html import escape

    from .plots import COLORS

    wide = grades.wide()
    questions = [c for c in wide.columns if c not in {*COLUMNS, "correct"}]
    header = [_("Learner"), _("Exercises"), _("File"), *questions, _("Correct"), _("Note")]
    lines = ["<tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>"]
    for row in wide.to_dict("records"):
        cells = [f"<td>{escape(str(row[k]))}</td>" for k in ("learner", "exercises", "file")]
        cells += [f'<td class="{_css_class(row[q])}">{escape(_(row[q]) if row[q] else "")}</td>'
                  for q in questions]
        cells += [f"<td>{escape(row['correct'])}</td>", f'<td class="note">{escape(row["note"])}</td>']
        lines.append("<tr>" + "".join(cells) + "</tr>")
    legend = " · ".join(f'<span class="{_css_class(s)}">{escape(_(s))}</span>' for s in STATUSES)
    style = _STYLE % (COLORS["won"], COLORS["highlight"], COLORS["lost"])
    title = escape(_("Exercise results"))
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{style}</style></head><body>\n<h1>{title}</h1>\n<p>{escape(repr(grades))}</p>"
            f"\n<p>{legend}</p>\n<table>\n" + "\n".join(lines) + "\n</table>\n</body></html>\n")


def write_grades(grades: Grades, out: Path | str) -> Grades:
    """Write ``grades.csv`` (the wide table) and ``grades.html`` into ``out``; the grades
    with those paths filled in. Both files are replaced on every run.

    >>> import tempfile
    >>> long = pd.DataFrame([["ana", "ex.ipynb", "a.ipynb", "q1", "correct", ""]], columns=COLUMNS)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_grades(Grades(long), folder)
    ...     written.csv.read_text().splitlines()[0]
    'learner,exercises,file,q1,correct,note'
    """
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"`out` must be a folder, got the file {str(folder)!r}")
    folder.mkdir(parents=True, exist_ok=True)
    csv, html = folder / "grades.csv", folder / "grades.html"
    grades.wide().to_csv(csv, index=False)
    html.write_text(grades_html(grades), encoding="utf-8")
    return Grades(grades.table, csv, html)
