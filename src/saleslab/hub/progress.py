"""``saleslab hub progress CLASS``: who has started and how far each learner is, from the
progress file each learner's checks write (:mod:`saleslab.exercises.progress`), read as them.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder) / "progress.jsonl"
...     _ = learner_progress.record("exercises/a.ipynb", "q1", "correct", path=path)
...     row = learner_row(path, {"exercises/a.ipynb": ["q1", "q2", "q3"]})
>>> {key: row[key] for key in ("questions", "done", "not started")}
{'questions': 3, 'done': 1, 'not started': 2}
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..exercises import progress as learner_progress
from ..i18n import _
from .as_learner import require_root, run_as
from .classlist import read_class


def learner_row(path: Path, questions: Mapping[str, Sequence[str]] | None = None) -> dict:
    """One learner's totals over every exercise set, from their progress file at ``path``:
    questions, done, not yet, not started, and the time of their last check. A file with
    no check record in it counts as nothing done."""
    try:
        records, table = learner_progress.read(path), learner_progress.summary(path, questions)
    except ValueError:
        return learner_row(path.with_name("none.jsonl"), questions)
    row = {"started": bool(len(records)), "questions": int(table["questions"].sum())}
    row.update({key: int(table[_(key)].sum()) for key in ("done", "not yet", "not started")})
    row["last check"] = records["time"].max() if len(records) else ""
    return row


def class_progress(class_list: Path | str) -> pd.DataFrame:
    """One row per learner of the class list, in its order (see the module docstring)."""
    require_root()
    rows = []
    for learner in read_class(class_list):
        text = run_as(learner.user, ["progress"])
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "progress.jsonl"
            path.write_text(text, encoding="utf-8")
            rows.append({"user": learner.user, "team": learner.team or "", **learner_row(path)})
    return pd.DataFrame(rows).set_index("user")
