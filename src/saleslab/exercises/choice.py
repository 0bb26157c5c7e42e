"""Judgement questions: the learner picks one lettered option (``first_step = "b"``) and the
check explains that very option: why it is right, or the mistake behind it.

A choice is an ordinary :class:`~saleslab.exercises.core.Question` (so ``q7.check()``,
hints, solutions, progress and ``saleslab grade`` treat it like any other): its expected
answer is the right letter, computed from the data when ``right`` is a function (e.g. the
stage whose improvement adds the most bookings at the learner's seed), so the answer key is
never written in the learner's notebook. Each wrong option is a
:class:`~saleslab.exercises.core.Misconception` with the option's own feedback, and an
answer that is not a letter of the options ("e", 3, None, a list) gets one plain line.

>>> from saleslab.exercises.core import ExerciseSet
>>> question = choice(
...     title="Which chart", variable="chart",
...     options=(Option("a bar chart of last week", "one week cannot show a trend."),
...              Option("a control chart", "it separates noise from signal.")),
...     right=1, hints=("Which one shows noise?",), solution='chart = "b"')
>>> q1 = ExerciseSet("exercises/demo.ipynb", "demo", "", (question,), record=False).exercises[0]
>>> q1.check({"chart": " B)"})
Correct — it separates noise from signal.
>>> q1.check({"chart": "a"})
Not yet: one week cannot show a trend.
>>> q1.check({"chart": 2})
Not yet: the answer is one letter of the options, in quotes: for example "a".
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import N_, _
from .core import Data, Example, Misconception, Question, _one_line

LETTERS = string.ascii_lowercase
#: Odd answers every choice must survive with one plain line (the self-tests run them).
ODD_ANSWERS = ("3", "None", '["a"]', '""', '"a or b"', '"yes"', "{'b': 1}")
NOT_A_LETTER = N_('the answer is one letter of the options, in quotes: for example "a".')


@dataclass(frozen=True)
class Option:
    """One option: ``text`` as the learner reads it, ``feedback`` shown when it is picked
    (for a wrong option, the misconception behind it; for the right one, why). Both are
    English message ids marked with ``N_``."""

    text: str
    feedback: str


#: How the options are shown at some data: (option index, fields for its text) per letter.
Shown = Callable[[Data], Sequence[tuple[int, Mapping[str, object]]]]


def _as_declared(count: int) -> Shown:
    return lambda data: [(index, {}) for index in range(count)]


@dataclass(frozen=True)
class ChoiceQuestion(Question):
    """A :class:`Question` whose answer is a letter; ``right(data)`` is the index of the
    right option in ``options``, and ``shown(data)`` the order (and text fields) in which
    the learner sees them. Made by :func:`choice`."""

    options: tuple[Option, ...] = ()
    right: Callable[[Data], int] = lambda data: 0
    shown: Shown = _as_declared(0)
    from_data: bool = False  # the right option is computed from the data (else fixed)

    def letter_of(self, option: int, data: Data) -> str:
        """The letter under which ``options[option]`` is shown at ``data``."""
        return _letter_of(self.shown, option, data)

    def lines(self, data: Data) -> list[str]:
        """The options as the learner reads them at ``data``: "a) ...", "b) ..."."""
        return [f"{LETTERS[place]}) " + _(self.options[index].text).format(**fields)
                for place, (index, fields) in enumerate(self.shown(data))]


def _letter_of(shown: Shown, option: int, data: Data) -> str:
    order = [index for index, _fields in shown(data)]
    if sorted(order) != list(range(len(order))):
        raise ValueError(f"the options were shown as {order}, not each once")
    return LETTERS[order.index(option)]


def letter(answer: object, count: int) -> str | None:
    """The option letter an answer names ("B ", "(b)", "b." all name "b"), or None.

    >>> letter(" B)", 4), letter("e", 4), letter(2, 4), letter("（Ｃ）", 4)
    ('b', None, None, 'c')
    """
    if not isinstance(answer, str):
        return None
    # NFKC reads a full-width Ｂ, as a Chinese keyboard types it, as B.
    text = unicodedata.normalize("NFKC", answer).strip().strip("()[].:、）（").strip().lower()
    return text if len(text) == 1 and text in LETTERS[:count] else None


def choice(*, title: str, variable: str, options: Sequence[Option], right: int | Callable[[Data], int],
           hints: Sequence[str], solution: str, why: str | None = None,
           shown: Shown | None = None) -> ChoiceQuestion:
    """A judgement question (see the module docstring). ``right`` is the index of the right
    option, or a function of the data giving it; ``why`` (default: the fixed right option's
    feedback) follows "Correct —", and must hold whichever option is right at any seed.
    ``shown(data)``, if given, orders the options for the learner and fills the ``{fields}``
    of their texts (e.g. the reps the data picked); each option's feedback stays its own."""
    options = tuple(options)
    if not 2 <= len(options) <= len(LETTERS) or not all(isinstance(o, Option) for o in options):
        raise TypeError(f"`options` of {variable!r} must be 2 or more Option")
    from_data = not isinstance(right, int) or shown is not None
    if isinstance(right, int):
        if not 0 <= right < len(options):
            raise ValueError(f"`right` must index one of the {len(options)} options of {variable!r}")
        fixed, why = right, why or options[right].feedback
        right = lambda data: fixed  # noqa: E731 - the same shape as a data-driven key
    if why is None:
        raise ValueError(f"a data-driven choice ({variable!r}) needs a `why` true for every option")
    count = len(options)
    shown = shown or _as_declared(count)
    mistakes = [Misconception(lambda answer, data: letter(answer, count) is None, NOT_A_LETTER,
                              f"{variable} = 3")]
    mistakes += [Misconception(_picked(index, count, shown), option.feedback, f'{variable} = "{LETTERS[index]}"')
                 for index, option in enumerate(options)]
    return ChoiceQuestion(
        title=title, variable=variable, hints=tuple(hints), solution=solution, why=why,
        expected=_key(right, shown, variable, count),
        prepare=lambda answer, data: letter(answer, count) or answer,
        misconceptions=tuple(mistakes), wrong=(Example(f'{variable} = "z"', NOT_A_LETTER),),
        options=options, right=right, shown=shown, from_data=from_data)


def fixed_choice(*, title: str, variable: str, options: Sequence[Option], answer: str,
                 hints: Sequence[str]) -> ChoiceQuestion:
    """A judgement question whose right option does not depend on the data: ``answer`` is
    its letter, written once (the solution sets it, and "Correct —" gives its feedback).

    >>> q = fixed_choice(title="t", variable="pick", options=(Option("x", "no."), Option("y", "yes.")),
    ...                  answer="b", hints=("h",))
    >>> q.solution, q.expected(None), q.why
    ('pick = "b"', 'b', 'yes.')
    """
    if not (isinstance(answer, str) and len(answer) == 1 and answer in LETTERS[:len(tuple(options))]):
        raise ValueError(f"`answer` of {variable!r} must be the letter of one of its options, got {answer!r}")
    return choice(title=title, variable=variable, options=options, right=LETTERS.index(answer),
                  hints=hints, solution=f'{variable} = "{answer}"')


def _key(right: Callable[[Data], int], shown: Shown, variable: str, count: int) -> Callable[[Data], str]:
    """The expected answer: the right option's letter; a key that names no option raises
    (the check then says it could not run, rather than grading against a wrong key)."""
    def expected(data: Data) -> str:
        index = right(data)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
            raise ValueError(f"the key of {variable!r} gave {index!r}, not one of its {count} options")
        return _letter_of(shown, index, data)
    return expected


def _picked(index: int, count: int, shown: Shown) -> Callable[[Any, Data], bool]:
    return lambda answer, data: letter(answer, count) == _letter_of(shown, index, data)


def show(exercise: Any) -> None:
    """Print the options of a choice exercise, one per line (``q7.options()`` calls it)."""
    question = getattr(exercise, "question", None)
    if not isinstance(question, ChoiceQuestion):
        print(_("{name} is not a choice question: it has no options to show.").format(
            name=getattr(exercise, "name", exercise)))
        return
    try:
        lines = question.lines(Data())
    except Exception as error:  # e.g. the course data are missing: one line, no traceback
        print(_("The options could not be shown ({error}). Ask your trainer.").format(
            error=_one_line(error)))
        return
    print("\n".join(lines))
