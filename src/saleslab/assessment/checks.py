"""The knowledge check as exercise sets: one per moment (before, after the course) and
form (A, B), since half the class takes the forms in each order (:mod:`.order`).

A check item is an ordinary exercise question (so ``saleslab grade`` grades it and the
self-tests run it), with one difference: ``q1.check()`` records the answer but does not say
whether it is right, and there are no hints or solutions. A check that told the learner
"not yet" would let them try every letter, and the score would measure persistence, not
knowledge. The explanation of every option is in the trainer's answer key
(:func:`answer_key`), shown after both checks are handed in.

A set's questions are named after their form (``a1``... or ``b1``...), so the grade table
says which form each learner answered; the notebook still calls them ``q1``, ``q2``...

>>> pre = check_set("pre", "A")
>>> pre.notebook, len(pre.exercises), pre.names[0], pre.exercises[0].question.variable
('exercises/check_pre.ipynb', 10, 'a1', 'answer1')
>>> pre["a1"].check({"answer1": "b"})
Recorded: your answer to question 1 is "b". The answers come after the course.
>>> pre["a1"].check({"answer1": 2})
Recorded, but not an option: give one letter, in quotes, from the options: for example "a".
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

from ..exercises.core import UNCHECKED, Exercise, ExerciseSet, Question, ____
from ..exercises import progress
from ..i18n import N_, _
from .forms import FORM_A, FORM_B
from .items import Choice
from .order import MOMENTS

SETUP = "import saleslab\n\nsaleslab.setup_notebook()"


class CheckItem(Exercise):
    """A check question: records the outcome, tells the learner only what was recorded.
    A ``keyless`` item (the learner's edition without solutions) has no outcome to record."""

    def __init__(self, name: str, question: Question, notebook: str, record: bool = True,
                 keyless: bool = False) -> None:
        super().__init__(name, question, notebook, record)
        self.keyless = keyless

    def check(self, namespace: Mapping[str, Any] | None = None) -> None:
        if namespace is None:
            namespace = sys._getframe(1).f_globals
        result = self.evaluate(namespace)
        if self.record and result.outcome != UNCHECKED and not self.keyless:
            progress.record(self.notebook, self.name, result.outcome)
        if result.outcome in (progress.NOT_ATTEMPTED, UNCHECKED):  # nothing to record: say why
            print(result.message)
            return
        answer = namespace[self.question.variable]
        not_a_letter = self.question.misconceptions[0]  # see Choice.question
        if not_a_letter.applies(answer, None):
            print(_("Recorded, but not an option: {message}").format(message=_(not_a_letter.message)))
            return
        if self.keyless:
            print(_("Answer recorded: your trainer scores the check."))
            return
        print(_('Recorded: your answer to question {n} is "{answer}". The answers come after '
                "the course.").format(n=self.name[1:], answer=str(answer)[:40]))

    def hint(self, n: int = 1) -> None:
        print(_("The knowledge check has no hints: choose the option you think is right."))

    def solution(self) -> None:
        print(_("The knowledge check has no solutions: your trainer goes through the answers "
                "after the course."))


class CheckSet(ExerciseSet):
    """The items of form ``form`` ("A" or "B") taken at ``moment`` ("pre" or "post") as an
    exercise set of :class:`CheckItem` questions named ``a1``... or ``b1``..."""

    def __init__(self, moment: str, form: str, items: Sequence[Choice], record: bool = True) -> None:
        super().__init__(f"exercises/check_{moment}.ipynb", TITLES[moment], SETUP,
                         [item.question(i) for i, item in enumerate(items, 1)], record)
        self.moment, self.form, self.items = moment, form, tuple(items)
        self.exercises = tuple(CheckItem(f"{form.lower()}{i}", e.question, self.notebook, record, item.keyless)
                               for i, (e, item) in enumerate(zip(self.exercises, items), start=1))

    def bind(self, namespace: MutableMapping[str, Any]) -> None:
        """Put ``q1``, ``q2``... and the blank ``____`` into the notebook (pass ``globals()``)."""
        if not isinstance(namespace, MutableMapping):
            raise TypeError(f"`namespace` must be the notebook's globals(), got {type(namespace).__name__}")
        namespace["____"] = ____
        for number, exercise in enumerate(self.exercises, start=1):
            namespace[f"q{number}"] = exercise
        print(_("Knowledge check ready: form {form}, {n} questions (q1 to q{n}).").format(
            form=self.form, n=len(self.exercises)))


def answer_key(form: Sequence[Choice]) -> str:
    """The trainer's answer key of a form as Markdown: each item, its answer, and why each
    option is right or wrong.

    >>> answer_key(FORMS["A"]).count("Answer: **"), answer_key(FORMS["A"]).splitlines()[1:3]
    (10, ['', 'Answer: **c**'])
    """
    parts = []
    for number, item in enumerate(form, start=1):
        lines = [item.markdown(number).splitlines()[0], "",
                 _("Answer: **{letter}**").format(letter=item.answer)]
        lines += [f"- **{letter}**: {_(text)} — {_(feedback)}" for letter, text, feedback in item.options()]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


FORMS = {"A": FORM_A, "B": FORM_B}
TITLES = {"pre": N_("Knowledge check, before the course"), "post": N_("Knowledge check, after the course")}
#: Every check set by (moment, form); the first two are the order "AB" of earlier handouts.
CHECKS: dict[tuple[str, str], CheckSet] = {
    (moment, form): CheckSet(moment, form, FORMS[form])
    for moment, form in (("pre", "A"), ("post", "B"), ("pre", "B"), ("post", "A"))}


def check_set(moment: str, form: str) -> CheckSet:
    """The check set taken at ``moment`` ("pre"/"post") in form ``form`` ("A"/"B")."""
    if (moment, form) not in CHECKS:
        raise ValueError(f"no check for moment {moment!r} and form {form!r}: moments are "
                         f"{MOMENTS}, forms 'A' and 'B'")
    return CHECKS[(moment, form)]
