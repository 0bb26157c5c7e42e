"""The core of every exercise set: the placeholder, a declarative question, and the bound
exercise a learner calls (``q1.check()``, ``q1.hint()``, ``q1.solution()``).

>>> question = Question(
...     title="Double it", variable="doubled", expected=lambda data: 4,
...     why="twice two is four.", hints=("Multiply by 2.",), solution="doubled = 2 * 2")
>>> q1 = ExerciseSet("exercises/demo.ipynb", "a demo", "", (question,), record=False).exercises[0]
>>> q1.check({"doubled": ____})
Not attempted: replace `____` with your answer, then run this cell again.
>>> q1.check({"doubled": 5})
Not yet: `doubled` is too high.
>>> q1.check({"doubled": 4})
Correct — twice two is four.
>>> q1.check(4)
`q1.check()` takes no answer: it reads `doubled` from your notebook. Set `doubled = ...`, run that cell, then run `q1.check()` with empty brackets.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..i18n import N_, _
from . import progress
from ..localformat import join_sentences
from ..plots import money, percent
from ..tabledisplay import label
from .compare import EXACT, Tolerance, difference, is_number, matches, mixed_kind
from .progress import CORRECT, NOT_ATTEMPTED, NOT_YET

#: Not a learner outcome: the check itself could not run (e.g. the course data is missing).
UNCHECKED = "could not check"


class _Placeholder:
    """The blank ``____`` a learner replaces. Arithmetic on it gives the blank back, so a
    cell such as ``rate = ____ / ____`` runs and its check says "not attempted"."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "____"

    def _same(self, *_args: object) -> _Placeholder:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __pow__ = __rpow__ = _same
    __neg__ = __pos__ = __abs__ = __round__ = _same


____ = _Placeholder()


def is_placeholder(value: object) -> bool:
    """True if ``value`` is the blank ``____`` or holds one (in a list, tuple or dict).

    >>> is_placeholder([1, ____]), is_placeholder({"a": 1})
    (True, False)
    """
    if isinstance(value, _Placeholder):
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(is_placeholder(item) for item in value)
    if isinstance(value, Mapping) and not isinstance(value, (pd.Series, pd.DataFrame)):
        return any(is_placeholder(item) for item in value.values())
    return False


@lru_cache(maxsize=16)
def _load(path: str, name: str, _modified: int) -> pd.DataFrame:
    from ..data import load

    return load(name, Path(path))


class Data:
    """The course data the learner is using, loaded on first use and read-only by
    convention: ``data["crm_events"]``. The folder is found as :func:`saleslab.data.load`
    finds it (``SALESLAB_DATA`` or the course's ``datasets/``), so expected answers follow
    whatever seed the trainer generated."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self._folder = folder
        self._computed: dict[Callable[[Data], Any], Any] = {}

    def compute(self, function: Callable[[Data], Any]) -> Any:
        """``function(self)``, computed once per check: for expensive figures (a measured
        funnel) that the expected answer and several misconceptions all need."""
        if function not in self._computed:
            self._computed[function] = function(self)
        return self._computed[function]

    @property
    def folder(self) -> Path:
        from ..data import data_folder

        return data_folder(self._folder)

    def __getitem__(self, name: str) -> pd.DataFrame:
        folder = self.folder
        file = folder / f"{name}.csv"
        modified = file.stat().st_mtime_ns if file.is_file() else 0
        return _load(str(folder), name, modified).copy()

    def __repr__(self) -> str:
        return f"Data({self._folder!r})"


@dataclass(frozen=True)
class Misconception:
    """A typical mistake: ``applies(answer, data)`` recognises it, ``message`` (mark it with
    ``N_``) says what the learner did and what to do instead, ``example`` is code that makes
    the mistake (the self-tests run it)."""

    applies: Callable[[Any, Data], bool]
    message: str
    example: str


def same_as(compute: Callable[[Data], Any], tolerance: Tolerance = EXACT) -> Callable[[Any, Data], bool]:
    """A misconception test: the answer equals what the mistaken method ``compute(data)`` gives.

    >>> same_as(lambda data: 1 / 12, Tolerance(atol=0.002))(0.083, Data())
    True
    """
    return lambda answer, data: matches(answer, compute(data), tolerance)


def count_for_share(example: str) -> Misconception:
    """A misconception for a question whose answer is a share (between 0 and 1): the
    learner gave a count (a number of leads, deals, reps) instead. Put it before the set's
    own misconceptions; a share written as a percentage is already named by the check.

    >>> count_for_share("never_reached = 412").applies(412, Data())
    True
    """
    return Misconception(lambda answer, data: is_number(answer) and float(answer) > 1.5,
                         N_("this is a count, not a share: a share lies between 0 and 1. Divide "
                            "the count by the total it is part of."), example)


def share_for_count(example: str) -> Misconception:
    """A misconception for a question whose answer is a count (leads, deals, opportunities,
    at least a few): the learner gave a share or rate (between 0 and 1) instead.

    >>> share_for_count("leads_needed = 0.2").applies(0.2, Data())
    True
    """
    return Misconception(lambda answer, data: is_number(answer) and 0 < float(answer) < 1,
                         N_("this is a share (below 1), not a count: multiply it by the total it "
                            "is a share of, or divide the count you need by it."), example)


@dataclass(frozen=True)
class Example:
    """A known wrong answer for the self-tests: ``code`` sets the variable, and the check's
    message must contain ``says``."""

    code: str
    says: str


@dataclass(frozen=True)
class Question:
    """One exercise, declared: the learner sets ``variable``; ``expected(data)`` computes the
    right answer from the course data; ``prepare(answer, data)``, if given, turns the answer
    into what is compared (e.g. a Target into its failed SMART criteria). ``why`` follows
    "Correct —" and may use ``{expected}`` (for numbers also ``{money}`` and ``{percent}``);
    ``hints`` go from gentle to nearly the answer.
    Texts are English message ids marked with ``N_`` and shown through ``_``."""

    title: str
    variable: str
    expected: Callable[[Data], Any]
    why: str
    hints: tuple[str, ...]
    solution: str
    misconceptions: tuple[Misconception, ...] = ()
    wrong: tuple[Example, ...] = ()
    tolerance: Tolerance = EXACT
    prepare: Callable[[Any, Data], Any] | None = None

    def __post_init__(self) -> None:
        if not self.variable.isidentifier():
            raise ValueError(f"`variable` must be a Python name, got {self.variable!r}")
        if not self.hints:
            raise ValueError(f"`hints` must hold at least one hint for {self.variable!r}")
        if not callable(self.expected):
            raise TypeError(f"`expected` must be a function of the data, got {self.expected!r}")


@dataclass(frozen=True)
class Result:
    """What one check found; shows as its one-line message."""

    question: str
    outcome: str
    message: str

    def __repr__(self) -> str:
        return self.message


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


class Exercise:
    """A question bound to its set under a name such as ``q1``: what the learner calls."""

    def __init__(self, name: str, question: Question, notebook: str, record: bool = True) -> None:
        self.name = name
        self.question = question
        self.notebook = notebook
        self.record = record

    def __repr__(self) -> str:
        return f"{self.name}: {_(self.question.title)}"

    def evaluate(self, namespace: Mapping[str, Any], data: Data | None = None) -> Result:
        """Grade the answer found in ``namespace``; never raises, records nothing."""
        try:
            return self._evaluate(namespace, data)
        except Exception as error:  # the last line of defence: a check shows no traceback
            return self._result(UNCHECKED, _("This check could not run ({error}). Ask your "
                                             "trainer.").format(error=_one_line(error)))

    def check(self, namespace: Mapping[str, Any] | None = None) -> None:
        """Check the answer (in the notebook's variables unless ``namespace`` is given),
        print one line, and record the outcome in the learner's progress file."""
        if namespace is None:
            namespace = sys._getframe(1).f_globals
        result = self.evaluate(namespace)
        if self.record and result.outcome != UNCHECKED:
            progress.record(self.notebook, self.name, result.outcome)
        print(result.message)

    def options(self) -> None:
        """Print the lettered options of a choice question (``q7.options()``)."""
        from .choice import show

        show(self)

    def hint(self, n: int = 1) -> None:
        """Print hint ``n`` (1 is the gentlest)."""
        hints = self.question.hints
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(hints):
            print(_("{name} has hints 1 to {last}: try {name}.hint(1).").format(
                name=self.name, last=len(hints)))
            return
        text = _("Hint {n} of {total}: {hint}").format(n=n, total=len(hints), hint=_(hints[n - 1]))
        if n < len(hints):
            text = join_sentences([text, _("(More: {name}.hint({next}).)").format(name=self.name, next=n + 1)])
        print(text)

    def solution(self) -> None:
        """Print one way to write the answer (unless the trainer withheld the solutions)."""
        if not self.question.solution:
            print(_("Solutions are withheld in this workshop: try {name}.hint(), or ask your "
                    "trainer.").format(name=self.name))
            return
        code = "\n".join("    " + line for line in self.question.solution.splitlines())
        print(_("Solution (one way to write it):") + "\n" + code)

    def _result(self, outcome: str, message: str) -> Result:
        return Result(self.name, outcome, message)

    def _evaluate(self, namespace: Mapping[str, Any], data: Data | None) -> Result:
        question = self.question
        variable = question.variable
        if not isinstance(namespace, Mapping):  # q1.check(answer): the answer passed in
            return self._result(UNCHECKED, _(
                "`{name}.check()` takes no answer: it reads `{variable}` from your notebook. Set "
                "`{variable} = ...`, run that cell, then run `{name}.check()` with empty "
                "brackets.").format(name=self.name, variable=variable))
        if variable not in namespace:
            return self._result(NOT_ATTEMPTED, _(
                "Not attempted: `{variable}` is not set yet. Run the cell where you set it, then "
                "run this cell again.").format(variable=variable))
        answer = namespace[variable]
        if is_placeholder(answer):
            return self._result(NOT_ATTEMPTED, _(
                "Not attempted: replace `____` with your answer, then run this cell again."))
        data = data or Data()
        expected = question.expected(data)
        compared = answer
        try:
            if question.prepare is not None:
                compared = question.prepare(answer, data)
        except Exception as error:
            found = _("could not be checked: it raised {error}").format(error=_one_line(error))
        else:
            try:
                found = difference(compared, expected, question.tolerance)
            except Exception as error:
                found = _("could not be compared ({error})").format(error=_one_line(error))
        if found is None:
            why = _(question.why).format(**_fields(expected))
            return self._result(CORRECT, _("Correct — {why}").format(why=why))
        kind = mixed_kind(compared, expected, question.tolerance)
        if kind is not None:  # the right figure in the wrong unit: say so before any guess
            return self._result(NOT_YET, _("Not yet: `{variable}` {kind}.").format(
                variable=variable, kind=kind))
        for mistake in question.misconceptions:
            if _safely(mistake.applies, answer, data):
                return self._result(NOT_YET, _("Not yet: {message}").format(message=_(mistake.message)))
        return self._result(NOT_YET, _("Not yet: `{variable}` {difference}.").format(
            variable=variable, difference=found))


def _fields(expected: object) -> dict[str, object]:
    """What a "Correct —" line may use: ``{expected}``, and for numbers ``{money}``, ``{percent}``."""
    # A word the learner types shows as the Chinese edition names it: 方案 proposal.
    fields = {"expected": label(expected) if isinstance(expected, str) else expected}
    if is_number(expected):
        fields.update(money=money(float(expected)), percent=percent(float(expected), digits=0))
    return fields


def _safely(predicate: Callable[[Any, Data], bool], answer: object, data: Data) -> bool:
    try:
        return bool(predicate(answer, data))
    except Exception:  # a predicate that cannot read this answer does not apply to it
        return False


class ExerciseSet:
    """The questions of one exercise notebook, numbered ``q1``, ``q2``... in order.

    ``setup`` is the code of the notebook's setup cell before the binding lines (it loads the
    data the questions use; the self-tests run it). ``record=False`` keeps checks out of the
    progress file (for demos and tests).
    """

    def __init__(self, notebook: str, title: str, setup: str, questions: Sequence[Question],
                 record: bool = True) -> None:
        if not questions or not all(isinstance(q, Question) for q in questions):
            raise TypeError("`questions` must be a non-empty list of Question")
        self.notebook = notebook
        self.title = title
        self.setup = setup
        self.exercises = tuple(Exercise(f"q{i}", q, notebook, record)
                               for i, q in enumerate(questions, start=1))

    @property
    def names(self) -> list[str]:
        return [exercise.name for exercise in self.exercises]

    def __getitem__(self, name: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.name == name:
                return exercise
        raise KeyError(f"no question {name!r}; this set has {', '.join(self.names)}")

    def __repr__(self) -> str:
        lines = [f"{_(self.title)} ({self.notebook})"]
        lines += [f"  {exercise!r}" for exercise in self.exercises]
        return "\n".join(lines)

    def bind(self, namespace: MutableMapping[str, Any]) -> None:
        """Put ``q1``, ``q2``... and the blank ``____`` into the notebook (pass ``globals()``)."""
        if not isinstance(namespace, MutableMapping):
            raise TypeError(f"`namespace` must be the notebook's globals(), got {type(namespace).__name__}")
        namespace["____"] = ____
        for exercise in self.exercises:
            namespace[exercise.name] = exercise
        print(_("Exercises ready: {n} questions ({first} to {last}). Answer each one, then run "
                "its check.").format(n=len(self.exercises), first=self.names[0], last=self.names[-1]))
