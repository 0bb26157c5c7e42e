"""The judgement items' one builder for a fixed key: the key is written once, as a letter,
and a letter that is not an option is refused where the item is declared."""

from __future__ import annotations

import pytest

from saleslab.exercises.choice import Option, fixed_choice
from saleslab.exercises.judgement import cases, modules

OPTIONS = (Option("x", "no."), Option("y", "yes."), Option("z", "not that."))


@pytest.mark.parametrize("answer", ["d", "B", "", 1, "ab"])
def test_a_key_that_is_not_an_option_letter_is_refused(answer):
    with pytest.raises(ValueError, match="must be the letter of one of its options"):
        fixed_choice(title="t", variable="pick", options=OPTIONS, answer=answer, hints=("h",))


def test_every_fixed_item_is_solved_by_its_key_and_praised_with_that_option():
    items = [q for group in (modules.MODULE1, modules.MODULE2, modules.MODULE3, modules.MODULE4,
                             modules.MODULE5, cases.CASE1, cases.CASE2, cases.CASE3)
             for q in group if not q.from_data]
    assert len(items) == 9
    for q in items:
        key = q.expected(None)
        assert q.solution == f'{q.variable} = "{key}"'
        assert q.why == q.options["abcdefgh".index(key)].feedback
