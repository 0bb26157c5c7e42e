"""Self-tests of an exercise set: every reference solution passes, every known wrong answer
fails with the intended message, and every listed misconception is recognised.

Each case runs the set's setup code (so the data comes from wherever
:func:`saleslab.data.load` reads it), then the case's code, then the check. A case names
the message it expects by its English source text and is judged in the language in use
(``SALESLAB_LANG``), so the self-tests pass in every edition. :func:`typed_cases` adds,
for the numeric questions, a right answer typed the Chinese way ("12.5％", "¥600万") and
an amount written in 万.

>>> from saleslab.exercises import module1
>>> [case.kind for case in cases(module1.SET) if case.exercise == "q1"][:2]
['solution', 'wrong']
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..i18n import N_, _
from .choice import LETTERS, NOT_A_LETTER, ODD_ANSWERS, ChoiceQuestion
from .compare import is_number
from .core import Data, ExerciseSet
from .progress import CORRECT, NOT_YET


@dataclass(frozen=True)
class Case:
    """One self-test: run ``code`` for ``exercise`` and expect ``outcome`` with ``says`` (an
    English message id, translated when judged) in the message; a correct outcome must read
    as the "Correct —" line of the language in use. For a choice, ``option`` is the option
    picked, under whatever letter the data show it; when the data make it the right one,
    "Correct" is expected instead. ``typed`` ("text" or "wan") makes the code from the
    expected answer (:func:`typed_cases`)."""

    exercise: str
    kind: str
    code: str
    outcome: str
    says: str
    option: int | None = None
    typed: str | None = None

    @property
    def id(self) -> str:
        return f"{self.exercise}-{self.kind}"


def cases(exercise_set: ExerciseSet) -> list[Case]:
    """Every self-test of the set, in question order."""
    found = []
    for exercise in exercise_set.exercises:
        question = exercise.question
        found.append(Case(exercise.name, "solution", question.solution, CORRECT, "Correct"))
        if isinstance(question, ChoiceQuestion):
            found += _choice_cases(exercise.name, question)
            continue
        found += [Case(exercise.name, "wrong", example.code, NOT_YET, example.says)
                  for example in question.wrong]
        found += [Case(exercise.name, f"misconception{i}", mistake.example, NOT_YET, mistake.message)
                  for i, mistake in enumerate(question.misconceptions, start=1)]
    return found


def _choice_cases(name: str, question: ChoiceQuestion) -> list[Case]:
    """Each option picked (its own feedback, or "Correct" where the data make it right),
    then the odd answers a learner may type."""
    variable = question.variable
    found = [Case(name, f"option{i + 1}", f'{variable} = "{LETTERS[i]}"', NOT_YET,
                  option.feedback, option=i) for i, option in enumerate(question.options)]
    found += [Case(name, f"odd{i}", f"{variable} = {odd}", NOT_YET, NOT_A_LETTER)
              for i, odd in enumerate(ODD_ANSWERS, start=1)]
    return found


def typed_cases(exercise_set: ExerciseSet) -> list[Case]:
    """For each question answered with a number: the right answer typed as Chinese text
    (``"12.5％"`` for a share, ``"¥600万"`` for an amount) must be correct, and an amount
    written in 万 (``600`` for ``6_000_000``) must be named as such. Which form applies is
    read from the expected answer when the case runs; other answers have nothing to type.

    >>> from saleslab.exercises import module1
    >>> [case.id for case in typed_cases(module1.SET)][:2]
    ['q1-typed-text', 'q1-typed-wan']
    """
    return [Case(exercise.name, f"typed-{form}", "", CORRECT if form == "text" else NOT_YET, "",
                 typed=form)
            for exercise in exercise_set.exercises
            if not isinstance(exercise.question, ChoiceQuestion) and exercise.question.prepare is None
            for form in ("text", "wan")]


def typed_answer(variable: str, expected: object, form: str) -> tuple[str, str] | None:
    """The code and the expected message id of a typed case, or None when ``expected`` is
    neither a share nor an amount (the forms of :func:`~saleslab.exercises.compare.mixed_kind`).

    >>> typed_answer("share", 0.125, "text"), typed_answer("revenue", 6e6, "wan")
    (('share = "12.5％"', ''), ('revenue = 600.0', '万 (ten thousand yuan)'))
    """
    if not is_number(expected) or not math.isfinite(float(expected)) or expected == 0:
        return None
    value = float(expected)
    if isinstance(expected, (float, np.floating)) and abs(value) <= 1.5:  # a share
        if form == "text":
            return f'{variable} = "{100 * value:.12g}％"', ""
        return None
    if abs(value) >= 100_000:  # an amount of yuan
        if form == "text":
            return f'{variable} = "¥{value / 1e4:.12g}万"', ""
        return f"{variable} = {value / 1e4!r}", N_("万 (ten thousand yuan)")
    return None


def correct_line() -> str:
    """How a correct answer's message begins in the language in use ("Correct — ")."""
    return _("Correct — {why}").format(why="")


def namespace(exercise_set: ExerciseSet) -> dict[str, Any]:
    """The notebook's variables after its setup code has run."""
    names: dict[str, Any] = {}
    exec(compile(exercise_set.setup, "<setup>", "exec"), names)
    return names


def run(exercise_set: ExerciseSet, case: Case, base: dict[str, Any] | None = None,
        data: Data | None = None) -> str | None:
    """Run one case; None if it behaved as intended, else what went wrong."""
    names = dict(namespace(exercise_set) if base is None else base)
    exercise = exercise_set[case.exercise]
    code, outcome, says = case.code, case.outcome, case.says
    if case.typed is not None:
        data = data or Data()
        typed = typed_answer(exercise.question.variable, exercise.question.expected(data), case.typed)
        if typed is None:
            return None  # nothing to type for this answer at this seed
        code, says = typed
    if case.option is not None:  # the letter the option is shown under, and whether it is right
        data = data or Data()
        question = exercise.question
        code = f'{question.variable} = "{question.letter_of(case.option, data)}"'
        if question.right(data) == case.option:
            outcome, says = CORRECT, "Correct"
    exec(compile(code, f"<{case.id}>", "exec"), names)
    result = exercise.evaluate(names, data)
    # _("") would be the catalogue's header, so an empty `says` is checked as it is.
    said = result.message.startswith(correct_line()) if outcome == CORRECT \
        else (_(says) if says else "") in result.message
    if result.outcome != outcome or not said:
        return (f"{case.id}: expected {outcome!r} saying {says!r}, "
                f"got {result.outcome!r}: {result.message}")
    return None


def selftest(exercise_set: ExerciseSet) -> None:
    """Run every case of the set; print a one-line summary or raise AssertionError listing
    the cases that misbehaved."""
    base, data = namespace(exercise_set), Data()
    problems = [p for case in cases(exercise_set) if (p := run(exercise_set, case, base, data))]
    if problems:
        raise AssertionError("\n".join(problems))
    print(_("Self-test passed: {n} cases for {q} questions behave as intended.").format(
        n=len(cases(exercise_set)), q=len(exercise_set.exercises)))
