"""The knowledge check as exercise sets: form A before the course, form B after it.

A check item is an ordinary exercise question (so ``saleslab grade`` grades it and the
self-tests run it), with one difference: ``q1.check()`` records the answer but does not say
whether it is right, and there are no hints or solutions. A check that told the learner
"not yet" would let them try every letter, and the score would measure persistence, not
knowledge. The explanation of every option is in the trainer's answer key
(:func:`answer_key`), shown after both checks are handed in.

>>> PRE.notebook, len(PRE.exercises), POST.exercises[0].question.variable
('exercises/check_pre.ipynb', 10, 'answer1')
>>> PRE["q1"].check({"answer1": "b"})
Recorded: your answer to question 1 is "b". The answers come after the course.
>>> PRE["q1"].check({"answer1": 2})
Recorded, but not an option: give one letter, in quotes, from the options: for example "a".
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any

from ..exercises.core import Exercise, ExerciseSet, UNCHECKED
from ..exercises import progress
from ..i18n import N_, _
from .forms import FORM_A, FORM_B
from .items import Choice

SETUP = "import saleslab\n\nsaleslab.setup_notebook()"


class CheckItem(Exercise):
    """A check question: records the outcome, tells the learner only what was recorded."""

    def check(self, namespace: Mapping[str, Any] | None = None) -> None:
        if namespace is None:
            namespace = sys._getframe(1).f_globals
        result = self.evaluate(namespace)
        if self.record and result.outcome != UNCHECKED:
            progress.record(self.notebook, self.name, result.outcome)
        if result.outcome in (progress.NOT_ATTEMPTED, UNCHECKED):  # nothing to record: say why
            print(result.message)
            return
        answer = namespace[self.question.variable]
        not_a_letter = self.question.misconceptions[0]  # see Choice.question
        if not_a_letter.applies(answer, None):
            print(_("Recorded, but not an option: {message}").format(message=_(not_a_letter.message)))
            return
        print(_('Recorded: your answer to question {n} is "{answer}". The answers come after '
                "the course.").format(n=self.name[1:], answer=str(answer)[:40]))

    def hint(self, n: int = 1) -> None:
        print(_("The knowledge check has no hints: choose the option you think is right."))

    def solution(self) -> None:
        print(_("The knowledge check has no solutions: your trainer goes through the answers "
                "after the course."))


class CheckSet(ExerciseSet):
    """The items of one form as an exercise set of :class:`CheckItem` questions."""

    def __init__(self, notebook: str, title: str, form: Sequence[Choice], record: bool = True) -> None:
        super().__init__(notebook, title, SETUP, [item.question(i) for i, item in enumerate(form, 1)],
                         record)
        self.form = tuple(form)
        self.exercises = tuple(CheckItem(e.name, e.question, notebook, record) for e in self.exercises)


def answer_key(form: Sequence[Choice]) -> str:
    """The trainer's answer key of a form as Markdown: each item, its answer, and why each
    option is right or wrong.

    >>> print(answer_key(FORM_A).splitlines()[3])
    - **a**: Grow sales significantly this year. — no number and no date: nobody can tell in December whether it was met.
    """
    parts = []
    for number, item in enumerate(form, start=1):
        lines = [item.markdown(number).splitlines()[0], "",
                 _("Answer: **{letter}**").format(letter=item.answer)]
        lines += [f"- **{letter}**: {_(text)} — {_(feedback)}" for letter, text, feedback in item.options()]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


PRE = CheckSet("exercises/check_pre.ipynb", N_("Knowledge check, before the course (form A)"), FORM_A)
POST = CheckSet("exercises/check_post.ipynb", N_("Knowledge check, after the course (form B)"), FORM_B)
