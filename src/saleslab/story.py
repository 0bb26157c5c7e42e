"""Sentences written by the data, each carrying the check that makes it true.

A notebook sentence that names a number, a rep, a month, a stage, a ranking or a direction
depends on the data seed. Such a sentence is written by a package function as a
:class:`Claim`: the text the learner reads, the condition that makes it true (``holds``),
and what was checked, in words. The notebook shows the claim; the claim also carries a
machine-readable copy of itself in its display data (MIME type :data:`MIME`), so a test can
execute the notebook at any seed and assert that every sentence it showed was true
(:func:`claims_in`).

Two ways to write a claim:

- the generator guarantees the fact (a planted change is flagged within four weeks): the
  function states it and ``holds`` is the guarantee, checked on the data;
- the data decides the wording (which stage loses the largest share): the function picks the
  example from the data, and ``holds`` re-checks the picked example against the table shown
  next to it, so a later edit of either cannot drift apart unseen.

>>> share = {"lead": 0.62, "qualified": 0.48, "proposal": 0.41}
>>> worst = min(share, key=share.get)
>>> claim = Claim.that(share[worst] == min(share.values()),
...                    f"The {worst} stage keeps the smallest share of the deals entering it.",
...                    f"{worst} keeps {share[worst]:.0%}, the lowest of {len(share)} stages")
>>> claim
The proposal stage keeps the smallest share of the deals entering it.
>>> claim.holds
True
>>> both = Story.of(claim, Claim.that(True, "Every stage keeps some deals.", "all shares > 0"))
>>> print(both)
The proposal stage keeps the smallest share of the deals entering it. Every stage keeps some deals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .localformat import join_sentences

MIME = "application/vnd.saleslab.claim+json"


@dataclass(frozen=True)
class Claim:
    """One sentence shown to the learner, whether it is true on the data, and why.

    ``text`` is what the learner reads (already translated); ``check`` says, with the
    numbers, what was tested, so a failing test names the seed's facts.
    """

    text: str
    holds: bool
    check: str

    @classmethod
    def that(cls, condition: object, text: str, check: str) -> Claim:
        """A claim whose truth is ``condition`` (any truthy value, numpy booleans included).

        >>> Claim.that(3 > 2, "Three beats two.", "3 > 2").holds
        True
        """
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"`text` must be a non-empty sentence, got {text!r}")
        return cls(text=text, holds=bool(condition), check=str(check))

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def record(self) -> dict[str, Any]:
        """The plain-data copy a test reads back from an executed notebook."""
        return {"text": self.text, "holds": self.holds, "check": self.check}

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict:
        return {"text/plain": self.text, "text/markdown": self.text, MIME: {"claims": [self.record()]}}


@dataclass(frozen=True)
class Story:
    """Several claims shown as one paragraph; it holds when every claim holds.

    >>> Story.of(Claim.that(True, "A.", "a"), Claim.that(False, "B.", "b")).holds
    False
    """

    claims: tuple[Claim, ...]

    @classmethod
    def of(cls, *claims: Claim) -> Story:
        """A paragraph of ``claims`` in the order given."""
        if not claims or not all(isinstance(claim, Claim) for claim in claims):
            raise ValueError("`claims` must be one or more Claim objects")
        return cls(claims=tuple(claims))

    @property
    def holds(self) -> bool:
        return all(claim.holds for claim in self.claims)

    @property
    def text(self) -> str:
        return join_sentences(claim.text for claim in self.claims)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict:
        return {"text/plain": self.text, "text/markdown": self.text,
                MIME: {"claims": [claim.record() for claim in self.claims]}}


def claims_in(notebook: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every claim an executed notebook showed, in order, each with the cell it came from.

    ``notebook`` is a notebook as read by ``nbformat`` (or its JSON as a dict).

    >>> cell = {"cell_type": "code", "outputs": [{"output_type": "display_data",
    ...         "data": {MIME: {"claims": [{"text": "A.", "holds": True, "check": "a"}]}}}]}
    >>> claims_in({"cells": [cell]})
    [{'text': 'A.', 'holds': True, 'check': 'a', 'cell': 0}]
    """
    found = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            for record in _records(output.get("data", {}).get(MIME)):
                found.append({**record, "cell": index})
    return found


def _records(payload: object) -> Iterable[dict[str, Any]]:
    claims = payload.get("claims", []) if isinstance(payload, dict) else []
    return [item for item in claims if isinstance(item, dict)]


def failures(notebook: Mapping[str, Any]) -> list[str]:
    """One line per claim that did not hold: ``cell N: text (check)``; empty when all hold.

    >>> failures({"cells": []})
    []
    """
    return [f"cell {c['cell']}: {c['text']} ({c['check']})"
            for c in claims_in(notebook) if not c.get("holds")]
