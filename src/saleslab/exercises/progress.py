"""A learner's record of checks, kept in a small JSON-lines file they own.

Each check appends one line ``{"notebook", "question", "outcome", "time"}`` to
``~/.saleslab/progress.jsonl``, or to the file named by ``SALESLAB_PROGRESS``. A trainer can
collect these files; :func:`summary` turns one into a table of done / not yet / not started
per notebook (``saleslab progress`` prints it).

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder) / "progress.jsonl"
...     _ = record("exercises/x.ipynb", "q1", "correct", path=path)
...     read(path)[["notebook", "question", "outcome"]].to_dict("records")
[{'notebook': 'exercises/x.ipynb', 'question': 'q1', 'outcome': 'correct'}]
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..i18n import N_, _

PROGRESS_VARIABLE = "SALESLAB_PROGRESS"
#: The three outcomes of a check, as stored in the file (English keys, shown translated).
CORRECT, NOT_YET, NOT_ATTEMPTED = N_("correct"), N_("not yet"), N_("not attempted")
OUTCOMES = (CORRECT, NOT_YET, NOT_ATTEMPTED)
COLUMNS = ("notebook", "question", "outcome", "time")


def progress_file() -> Path:
    """Where checks are recorded: ``$SALESLAB_PROGRESS``, else ``~/.saleslab/progress.jsonl``.

    >>> isinstance(progress_file(), Path)
    True
    """
    if os.environ.get(PROGRESS_VARIABLE):
        return Path(os.environ[PROGRESS_VARIABLE]).expanduser()
    return Path.home() / ".saleslab" / "progress.jsonl"


def record(notebook: str, question: str, outcome: str, *, path: Path | str | None = None,
           now: dt.datetime | None = None) -> bool:
    """Append one check's outcome; True if written. A file that cannot be written (a
    read-only home folder) is skipped quietly: a record must never stop a learner.

    >>> record("exercises/x.ipynb", "q1", "maybe")
    Traceback (most recent call last):
    ...
    ValueError: `outcome` must be one of 'correct', 'not yet', 'not attempted'; got 'maybe'
    """
    for name, value in (("notebook", notebook), ("question", question)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"`{name}` must be a non-empty text, got {value!r}")
    if outcome not in OUTCOMES:
        raise ValueError(f"`outcome` must be one of {', '.join(map(repr, OUTCOMES))}; got {outcome!r}")
    moment = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    line = json.dumps({"notebook": notebook, "question": question, "outcome": outcome,
                       "time": moment}, ensure_ascii=False)
    target = progress_file() if path is None else Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    except OSError:
        return False
    return True


def read(path: Path | str | None = None) -> pd.DataFrame:
    """Every record in the file (default :func:`progress_file`) as a table; lines that are
    not valid records are skipped (a line cut short by a crash), a missing file gives an
    empty table, and a file with no record at all is refused (ValueError).

    >>> read("/no/such/progress.jsonl").columns.tolist()
    ['notebook', 'question', 'outcome', 'time']
    """
    source = progress_file() if path is None else Path(path)
    if source.is_dir():
        raise ValueError(f"`path` must be a file, got the folder {str(source)!r}")
    rows, other = [], 0
    if source.is_file():
        try:
            lines = source.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            lines = ["not text"]
        for line in lines:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                other += bool(line.strip())
                continue
            if isinstance(row, dict) and row.get("outcome") in OUTCOMES and all(
                    isinstance(row.get(key), str) for key in COLUMNS):
                rows.append({key: row[key] for key in COLUMNS})
            else:
                other += 1
    if other and not rows:  # not one check record: another file, not an empty progress file
        raise ValueError(f"{str(source)!r} is not a progress file: none of its lines is a check "
                         "record; give the progress.jsonl a learner's checks wrote")
    return pd.DataFrame(rows, columns=list(COLUMNS))


def status(records: pd.DataFrame) -> pd.Series:
    """Each (notebook, question)'s status: "done" once it was ever correct, else "not yet"
    if it was ever answered wrongly, else "not started".

    >>> status(pd.DataFrame({"notebook": ["n", "n", "n"], "question": ["q1", "q1", "q2"],
    ...                      "outcome": ["not yet", "correct", "not attempted"]})).tolist()
    ['done', 'not started']
    """
    if not isinstance(records, pd.DataFrame) or not {"notebook", "question", "outcome"} <= set(records):
        raise ValueError("`records` must be a table with notebook, question and outcome columns")
    seen = records.groupby(["notebook", "question"])["outcome"].agg(set)
    labels = [_("done") if CORRECT in s else _("not yet") if NOT_YET in s else _("not started")
              for s in seen]
    return pd.Series(labels, index=seen.index, name="status", dtype="object")


def summary(path: Path | str | None = None,
            questions: Mapping[str, Sequence[str]] | None = None) -> pd.DataFrame:
    """Done / not yet / not started per notebook, from the records in ``path``.

    ``questions`` lists every question of each notebook (default: every exercise set in
    :mod:`saleslab.exercises`), so questions never checked count as not started.

    >>> summary("/no/such/file.jsonl", {"exercises/x.ipynb": ["q1", "q2"]})
                       questions  done  not yet  not started
    notebook                                                
    exercises/x.ipynb          2     0        0            2
    """
    if questions is None:
        from . import exercise_sets

        questions = {s.notebook: s.names for s in exercise_sets()}
    found = status(read(path))
    notebooks = list(questions) + sorted(set(found.index.get_level_values(0)) - set(questions))
    rows = []
    for notebook in notebooks:
        names = list(questions.get(notebook, []))
        mine = found.xs(notebook, level=0) if notebook in found.index.get_level_values(0) else pd.Series()
        names += [name for name in mine.index if name not in names]
        labels = [mine.get(name, _("not started")) for name in names]
        rows.append((notebook, len(names), labels.count(_("done")), labels.count(_("not yet")),
                     labels.count(_("not started"))))
    columns = ["notebook", "questions", _("done"), _("not yet"), _("not started")]
    return pd.DataFrame(rows, columns=columns).set_index("notebook")
