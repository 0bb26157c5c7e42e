"""A simulated class for the report's tests and for a trainer who wants to see a report
before the workshop: some learners learn during the course, others do not.

Each learner knows each objective before the course with their own probability; a learner
who knows it answers right, one who does not guesses among the four options. An improver
learns each objective they did not know with probability ``learn``; the others know after
exactly what they knew before, so their gains are guessing noise around zero.

>>> answers = simulate_answers(4, seed=1)
>>> sorted(answers["moment"].unique()), len(answers)
(['post', 'pre'], 80)
>>> bool(grade_table(answers)["status"].isin(["correct", "not yet"]).all())
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exercises.progress import CORRECT, NOT_YET
from ..grading.report import COLUMNS, Grades
from .checks import POST, PRE


def simulate_answers(learners: int, seed: int, improvers: float = 0.6, learn: float = 0.7) -> pd.DataFrame:
    """One row per learner, moment, question: ``objective``, ``improver`` and ``right``."""
    rng = np.random.default_rng(seed)
    rows = []
    for n in range(1, learners + 1):
        improver = bool(rng.random() < improvers)
        before = rng.uniform(0.1, 0.6)
        knows = rng.random(len(PRE.form)) < before
        learned = knows | (improver & (rng.random(len(PRE.form)) < learn))
        for moment, check, known in (("pre", PRE, knows), ("post", POST, learned)):
            guessed = rng.random(len(check.form)) < 1 / len(check.form[0].letters)
            for i, item in enumerate(check.form):
                rows.append((f"learner{n:02d}", moment, f"q{i + 1}", item.objective, improver,
                             int(known[i] or guessed[i])))
    return pd.DataFrame(rows, columns=["learner", "moment", "question", "objective", "improver", "right"])


def grade_table(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers as the long table ``saleslab grade`` builds (``Grades.table``)."""
    notebook = {"pre": PRE.notebook, "post": POST.notebook}
    rows = [(a.learner, notebook[a.moment], f"{a.learner}/{notebook[a.moment]}", 2026, a.question,
             CORRECT if a.right else NOT_YET, "") for a in answers.itertuples()]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def simulate_class(learners: int, seed: int, improvers: float = 0.6) -> pd.DataFrame:
    """The wide grade table (as in ``grades.csv``) of a simulated class."""
    return Grades(grade_table(simulate_answers(learners, seed, improvers))).wide()
