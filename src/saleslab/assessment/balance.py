"""Is the pairing of the two forms balanced? The rules of :mod:`.forms`, as checks.

>>> problems(FORM_A, FORM_B)
[]
>>> problems(FORM_A, FORM_A)[0].startswith("pair 1 (o1): the answer is at the same letter")
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .forms import FORM_A, FORM_B
from .items import Choice
from .objectives import OBJECTIVES

#: The longer prompt of a pair may be at most this many times the shorter one.
MAX_LENGTH_RATIO = 1.6
#: No letter is the right answer more often than this in one form.
MAX_SAME_LETTER = 3


def pair_problems(number: int, a: Choice, b: Choice) -> list[str]:
    """What makes items ``a`` and ``b`` (pair ``number``) unlike in difficulty."""
    where = f"pair {number} ({a.objective})"
    found = []
    for name in ("objective", "kind", "steps"):
        if getattr(a, name) != getattr(b, name):
            found.append(f"{where}: {name} differs ({getattr(a, name)!r} vs {getattr(b, name)!r})")
    if len(a.letters) != len(b.letters):
        found.append(f"{where}: {len(a.letters)} options vs {len(b.letters)}")
    if a.answer == b.answer:
        found.append(f"{where}: the answer is at the same letter ({a.answer}) in both forms")
    short, long = sorted((len(a.prompt), len(b.prompt)))
    if long > MAX_LENGTH_RATIO * short:
        found.append(f"{where}: prompts of {short} and {long} characters")
    return found


def form_problems(name: str, form: Sequence[Choice]) -> list[str]:
    """A form must cover every objective once and spread its answers over the letters."""
    found = []
    objectives = [item.objective for item in form]
    if sorted(objectives) != sorted(OBJECTIVES):
        found.append(f"form {name}: covers {sorted(objectives)}, not each objective once")
    letter, times = Counter(item.answer for item in form).most_common(1)[0]
    if times > MAX_SAME_LETTER:
        found.append(f"form {name}: the answer is {letter!r} {times} times")
    return found


def problems(form_a: Sequence[Choice] = FORM_A, form_b: Sequence[Choice] = FORM_B) -> list[str]:
    """Every way the two forms are not parallel; empty when they are."""
    found = form_problems("A", form_a) + form_problems("B", form_b)
    if len(form_a) != len(form_b):
        return [*found, f"form A has {len(form_a)} items, form B {len(form_b)}"]
    for number, (a, b) in enumerate(zip(form_a, form_b), start=1):
        found += pair_problems(number, a, b)
    return found
