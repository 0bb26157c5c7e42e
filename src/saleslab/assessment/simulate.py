"""A simulated class for the report's tests and for a trainer who wants to see a report
before the workshop: some learners learn during the course, others do not.

Each learner knows each objective before the course with their own probability; a learner
who knows it answers right, one who does not guesses among the four options. An improver
learns each objective they did not know with probability ``learn``; the others know after
exactly what they knew before, so their gains are guessing noise around zero.

Learners take the forms in turn in the orders given (by default half A then B, half B then
A). A form can be made harder: on it every answer is right with ``shift`` less probability,
whatever the learner knows, so the form costs every learner the same number of questions
(the kind of form effect the counterbalanced design cancels; one that grows with what a
learner knows would only partly cancel).

>>> answers = simulate_answers(4, seed=1)
>>> sorted(answers["moment"].unique()), len(answers), answers.groupby("learner")["form"].first().tolist()
(['post', 'pre'], 80, ['A', 'B', 'A', 'B'])
>>> bool(grade_table(answers)["status"].isin(["correct", "not yet"]).all())
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..exercises.progress import CORRECT, NOT_YET
from ..grading.report import COLUMNS, Grades
from .checks import check_set
from .order import MOMENTS, ORDERS, form_at


def simulate_answers(learners: int, seed: int, improvers: float = 0.6, learn: float = 0.7, *,
                     orders: Sequence[str] = ORDERS, harder: str | None = None,
                     shift: float = 0.0) -> pd.DataFrame:
    """One row per learner, moment, question: ``form``, ``objective``, ``improver`` and
    ``right``; learner *n* takes the forms in ``orders[(n - 1) % len(orders)]``, and every
    answer on form ``harder`` is right with ``shift`` (0 to 0.25) less probability."""
    if not 0 <= shift <= 0.25:
        raise ValueError(f"`shift` must be from 0 to 0.25 (a guess is right 1 time in 4), got {shift!r}")
    rng = np.random.default_rng(seed)
    items = len(check_set("pre", "A").items)
    rows = []
    for n in range(1, learners + 1):
        improver = bool(rng.random() < improvers)
        before = rng.uniform(0.1, 0.6)
        knows = rng.random(items) < before
        learned = knows | (improver & (rng.random(items) < learn))
        order = orders[(n - 1) % len(orders)]
        for moment, known in zip(MOMENTS, (knows, learned)):
            form = form_at(order, moment)
            check = check_set(moment, form)
            chance = np.where(known, 1.0, 1 / len(check.items[0].letters)) - (shift if form == harder else 0.0)
            right = rng.random(items) < chance
            for i, item in enumerate(check.items):
                rows.append((f"learner{n:02d}", moment, form, check.names[i], item.objective, improver,
                             int(right[i])))
    return pd.DataFrame(rows, columns=["learner", "moment", "form", "question", "objective", "improver",
                                       "right"])


def grade_table(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers as the long table ``saleslab grade`` builds (``Grades.table``)."""
    notebook = {moment: check_set(moment, "A").notebook for moment in MOMENTS}
    rows = [(a.learner, notebook[a.moment], f"{a.learner}/{notebook[a.moment]}", 2026, a.question,
             CORRECT if a.right else NOT_YET, "") for a in answers.itertuples()]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def simulate_class(learners: int, seed: int, improvers: float = 0.6) -> pd.DataFrame:
    """The wide grade table (as in ``grades.csv``) of a simulated class."""
    return Grades(grade_table(simulate_answers(learners, seed, improvers))).wide()
