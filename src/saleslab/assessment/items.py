"""A choice item of the knowledge check: a prompt, options each with its own feedback, and
the objective it measures; turned into an ordinary exercise :class:`Question`, so it is
checked, hinted, recorded and graded like every other exercise.

>>> item = Choice("o2", "apply", N_("2 + 2?"), (N_("4"), N_("four it is.")),
...               ((N_("3"), N_("one short.")), (N_("22"), N_("that joins the digits."))),
...               at="b", hint=N_("Count on your fingers."))
>>> item.letters, item.answer, item.option_text("a")
(('a', 'b', 'c'), 'b', '3')
>>> q = item.question(1)
>>> q.variable, q.solution
('answer1', 'answer1 = "b"')

In the learner's edition without solutions the items are *keyless* (``at=""``): the options
in the order shown, no feedback, no answer (:mod:`.keyless`); a check then only records.

>>> keyless = Choice("o2", "apply", N_("2 + 2?"), (N_("3"), ""), ((N_("4"), ""), (N_("22"), "")),
...                  at=KEYLESS, hint=N_("Count on your fingers."))
>>> keyless.option_text("b"), keyless.answer, keyless.question(1).solution
('4', '', '')
"""

from __future__ import annotations

from dataclasses import dataclass

from ..exercises.compare import answer_word
from ..exercises.core import Example, Misconception, Question
from ..i18n import N_, _

#: The kinds of item: recall or recognise an idea, or apply it to a small worked case.
KINDS = ("concept", "apply")
LETTERS = "abcdefgh"
#: ``at`` of an item whose answer key was left out (the learner's edition without solutions).
KEYLESS = ""


@dataclass(frozen=True)
class Choice:
    """One item: ``correct`` and each of ``wrong`` are (option text, feedback); the correct
    option is shown at letter ``at``, the wrong ones fill the other places in order (with
    ``at`` :data:`KEYLESS`, ``correct`` is simply the first option shown).
    ``steps`` is how many calculation steps an "apply" item takes (0 for a concept)."""

    objective: str
    kind: str
    prompt: str
    correct: tuple[str, str]
    wrong: tuple[tuple[str, str], ...]
    at: str
    hint: str
    steps: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"`kind` must be one of {KINDS}, got {self.kind!r}")
        if len(self.wrong) < 2:
            raise ValueError(f"an item needs at least two wrong options, got {len(self.wrong)}")
        if self.at not in (*self.letters, KEYLESS):
            raise ValueError(f"`at` must be one of {self.letters}, got {self.at!r}")

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(LETTERS[: len(self.wrong) + 1])

    @property
    def answer(self) -> str:
        return self.at

    @property
    def keyless(self) -> bool:
        return self.at == KEYLESS

    def options(self) -> list[tuple[str, str, str]]:
        """(letter, text, feedback) in the order shown."""
        ordered = list(self.wrong)
        ordered.insert(0 if self.keyless else self.letters.index(self.at), self.correct)
        return [(letter, text, feedback) for letter, (text, feedback) in zip(self.letters, ordered)]

    def option_text(self, letter: str) -> str:
        return next(_(text) for mark, text, _feedback in self.options() if mark == letter)

    def markdown(self, number: int) -> str:
        """The item as the learner reads it: prompt, then one option per line."""
        lines = [f"**{number}.** {_(self.prompt)}", ""]
        lines += [f"- **{letter}**: {_(text)}" for letter, text, _feedback in self.options()]
        return "\n".join(lines)

    def question(self, number: int) -> Question:
        """The exercise question: set ``answer<number>`` to a letter."""
        variable = f"answer{number}"
        mistakes = [Misconception(_chose(letter), feedback, f'{variable} = "{letter}"')
                    for letter, _text, feedback in self.options() if letter != self.answer]
        not_a_letter = Misconception(
            lambda answer, data, letters=self.letters: answer_word(answer) not in letters,
            N_("give one letter, in quotes, from the options: for example \"a\"."),
            f"{variable} = 2")
        if self.keyless:  # nothing to judge with: only "not a letter" can be said
            return Question(title=self.prompt, variable=variable, expected=lambda data: KEYLESS, why="",
                            hints=(self.hint,), solution="", misconceptions=(not_a_letter,))
        return Question(title=self.prompt, variable=variable, expected=lambda data: self.answer,
                        why=self.correct[1], hints=(self.hint,), solution=f'{variable} = "{self.answer}"',
                        misconceptions=(not_a_letter, *mistakes),
                        wrong=(Example(mistakes[0].example, mistakes[0].message),))


def _chose(letter: str):
    return lambda answer, data: answer_word(answer) == letter
