"""Grading a class's exercise notebooks: forge-proof, isolated, parallel.

``saleslab grade SUBMISSIONS [--out grades] [--teams HANDOUT/teams.csv | --data DIR]
[--jobs N] [--timeout S] [--notebook-timeout S]`` runs each learner's notebooks in a sandbox
(:mod:`.sandbox`), takes out only their answers as plain data (:mod:`.answers`), grades them
here against expected values computed from the learner's team data (:mod:`.run`,
:mod:`.teams`) and writes ``grades.csv`` and ``grades.html`` (:mod:`.report`).
"""

from .report import COLUMNS, ERROR, STATUSES, Grades, check_out, grades_html, wide_table, write_grades
from .run import exercise_set_of, grade_outcome, grade_submissions
from .sandbox import Limits, isolation
from .submissions import Submission, find_submissions

__all__ = [
    "COLUMNS", "ERROR", "STATUSES", "Grades", "Limits", "Submission", "check_out",
    "exercise_set_of", "find_submissions", "grade_outcome", "grade_submissions", "grades_html",
    "isolation", "wide_table", "write_grades",
]
