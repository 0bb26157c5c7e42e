"""Exercises with instant feedback (issue 7), in the shape learners of online data courses
know: a setup cell binds an exercise set to the notebook, then each question offers
``q1.check()``, ``q1.hint()`` (tiered: ``q1.hint(2)``) and ``q1.solution()``.

In a notebook::

    from saleslab.exercises import module1 as ex
    ex.bind(globals())          # puts q1, q2... and the blank ____ into the notebook

    last_year = ____            # the learner replaces ____ with an answer
    q1.check()                  # Correct — ... / Not yet: ... / Not attempted: ...

A check never shows a traceback, never prints the expected value, and appends its outcome
to the learner's progress file (:mod:`~saleslab.exercises.progress`).

How to write an exercise set (``module1.py`` is the example to copy)
--------------------------------------------------------------------
1. Create ``saleslab/exercises/<name>.py`` with ``SETUP``: the code of the notebook's setup
   cell (imports, ``saleslab.setup_notebook()``, data via ``load``; every variable the
   questions use). The self-tests run it.
2. Declare each question as a :class:`Question`: ``variable`` the learner sets;
   ``expected(data)`` computing the answer from :class:`Data` (``data["crm_events"]``), never
   typed in, so any seed works; a ``Tolerance`` if the answer is read off a chart; ``why`` for
   the "Correct —" line; two or three ``hints`` from gentle to nearly the answer; the
   ``solution`` code; ``misconceptions`` as :class:`Misconception` (predicate, message,
   example code that makes the mistake); at least one known ``wrong`` :class:`Example`.
   Units are named by the check itself (a share written as a percentage, yuan written in
   millions: :func:`mixed_kind`); where a learner may give a count for a share or the other
   way round, start the misconceptions with :func:`count_for_share` or
   :func:`share_for_count`; compare decision words with :func:`answer_word`, which reads the
   course's Chinese words (采纳 / 调整 / 放弃) as adopt / adapt / abandon.
   Wrap every text in ``N_`` and name the learner's variable in messages; never state the
   expected value in a "Not yet" message.
   Judgement questions (a scenario, a "which chart / design / lever" item) are declared
   with :func:`~saleslab.exercises.choice.choice` (in ``judgement/``): options each with
   their own feedback, the right one fixed or computed from the data.
3. End with ``SET = ExerciseSet(NOTEBOOK, N_(title), SETUP, (questions...))``,
   ``bind = SET.bind`` and ``q1, q2, ... = SET.exercises``.
4. Write the source notebook ``saleslab/exercises/sources/<notebook name>``: a setup cell
   (``SETUP`` plus the two binding lines), then per question a markdown prompt, an answer
   cell with ``____``, a solution cell tagged ``solution``, and a check cell ``q1.check()``
   followed by ``# q1.hint()`` / ``# q1.solution()`` comments; a final cell tagged
   ``selftest`` runs ``selftest(ex.SET)``. Generate the learner edition with
   :func:`learner_edition` and store its outputs with ``saleslab execute`` (see
   ``exercises/README.md``).
5. ``tests/test_exercises_selftest.py`` finds the new set by itself and runs every solution,
   wrong answer and misconception at two seeds.

>>> [s.notebook for s in exercise_sets()][:2]  # in course order
['exercises/01_target_setting_exercises.ipynb', 'exercises/02_funnel_design_exercises.ipynb']
"""

from __future__ import annotations

import importlib
import pkgutil

from .compare import Tolerance, answer_word, difference, matches, mixed_kind
from .core import (____, Data, Example, Exercise, ExerciseSet, Misconception, Question, Result,
                   count_for_share, share_for_count)
from .progress import summary

__all__ = [
    "____", "Data", "Example", "Exercise", "ExerciseSet", "Misconception", "Question", "Result",
    "Tolerance", "answer_word", "count_for_share", "difference", "exercise_sets",
    "learner_edition", "matches", "mixed_kind", "share_for_count", "summary",
]

_FRAMEWORK = {"compare", "core", "edition", "progress", "selftest"}


def __getattr__(name: str) -> object:
    # The learner edition needs nbformat, whose JSON-schema checks take seconds to import;
    # every exercise notebook imports this package, so load it only when it is asked for.
    if name == "learner_edition":
        from .edition import learner_edition

        return learner_edition
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def exercise_sets() -> list[ExerciseSet]:
    """Every exercise set in this package (each module's ``SET``), in course order."""
    from ..course import COURSE

    order = [entry.path for entry in COURSE]
    found = []
    for module in pkgutil.iter_modules(__path__):
        if module.name not in _FRAMEWORK and not module.name.startswith("_"):
            candidate = getattr(importlib.import_module(f"{__name__}.{module.name}"), "SET", None)
            if isinstance(candidate, ExerciseSet):
                found.append(candidate)
    return sorted(found, key=lambda s: (order.index(s.notebook) if s.notebook in order else len(order),
                                        s.notebook))
