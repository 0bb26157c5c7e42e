"""Self-tests of an exercise set: every reference solution passes, every known wrong answer
fails with the intended message, and every listed misconception is recognised.

Each case runs the set's setup code (so the data comes from wherever
:func:`saleslab.data.load` reads it), then the case's code, then the check.

>>> from saleslab.exercises import module1
>>> [case.kind for case in cases(module1.SET) if case.exercise == "q1"][:2]
['solution', 'wrong']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import _
from .choice import LETTERS, NOT_A_LETTER, ODD_ANSWERS, ChoiceQuestion
from .core import Data, ExerciseSet
from .progress import CORRECT, NOT_YET


@dataclass(frozen=True)
class Case:
    """One self-test: run ``code`` for ``exercise`` and expect ``outcome`` with ``says`` in
    the message. For a choice, ``option`` is the option picked, under whatever letter the
    data show it; when the data make it the right one, "Correct" is expected instead."""

    exercise: str
    kind: str
    code: str
    outcome: str
    says: str
    option: int | None = None

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
        found += [Case(exercise.name, "wrong", example.code, NOT_YET, _(example.says))
                  for example in question.wrong]
        found += [Case(exercise.name, f"misconception{i}", mistake.example, NOT_YET, _(mistake.message))
                  for i, mistake in enumerate(question.misconceptions, start=1)]
    return found


def _choice_cases(name: str, question: ChoiceQuestion) -> list[Case]:
    """Each option picked (its own feedback, or "Correct" where the data make it right),
    then the odd answers a learner may type."""
    variable = question.variable
    found = [Case(name, f"option{i + 1}", f'{variable} = "{LETTERS[i]}"', NOT_YET,
                  _(option.feedback), option=i) for i, option in enumerate(question.options)]
    found += [Case(name, f"odd{i}", f"{variable} = {odd}", NOT_YET, _(NOT_A_LETTER))
              for i, odd in enumerate(ODD_ANSWERS, start=1)]
    return found


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
    if case.option is not None:  # the letter the option is shown under, and whether it is right
        data = data or Data()
        question = exercise.question
        code = f'{question.variable} = "{question.letter_of(case.option, data)}"'
        if question.right(data) == case.option:
            outcome, says = CORRECT, "Correct"
    exec(compile(code, f"<{case.id}>", "exec"), names)
    result = exercise.evaluate(names, data)
    if result.outcome != outcome or says not in result.message:
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
