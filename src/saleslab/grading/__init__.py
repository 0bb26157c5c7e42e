"""Grading a class's exercise notebooks: forge-proof, isolated, parallel.

``saleslab grade SUBMISSIONS [--out grades] [--teams HANDOUT/teams.csv | --data DIR]
[--jobs N] [--timeout S] [--notebook-timeout S]`` runs each learner's notebooks in a sandbox
(:mod:`.sandbox`), takes out only their answers as plain data (:mod:`.answers`), grades them
here against expected values computed from the learner's team data (:mod:`.run`,
:mod:`.teams`) and writes ``grades.csv`` and ``grades.html`` (:mod:`.report`).
"""

from __future__ import annotations

import importlib

#: Where each public name lives. The names load on first use: the kernel that runs a
#: learner's notebook imports :mod:`.answers` alone, and the grader's own modules (pandas,
#: nbformat, the exercise sets) would add seconds to every notebook graded.
_HOME = {
    "COLUMNS": "report", "ERROR": "report", "STATUSES": "report", "Grades": "report",
    "check_out": "report", "grades_html": "report", "wide_table": "report",
    "write_grades": "report", "exercise_set_of": "run", "grade_outcome": "run",
    "grade_submissions": "run", "Limits": "sandbox", "isolation": "sandbox",
    "Submission": "submissions", "find_submissions": "submissions",
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> object:
    if name in _HOME:
        return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
