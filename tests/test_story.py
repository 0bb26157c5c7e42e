"""A claim shown in a notebook can be read back from the executed notebook, true or not."""

from __future__ import annotations

import nbformat
import pytest

from saleslab.nbtools import ExecutionClient
from saleslab.story import Claim, Story, claims_in, failures


def test_a_claim_of_a_false_condition_does_not_hold():
    claim = Claim.that(1 > 2, "One beats two.", "1 > 2 is false")
    assert not claim.holds and str(claim) == "One beats two."


@pytest.mark.parametrize("text", ["", "   ", None])
def test_a_claim_needs_a_sentence(text):
    with pytest.raises(ValueError, match="`text` must be a non-empty sentence"):
        Claim.that(True, text, "x")


def test_a_story_holds_only_when_every_claim_holds():
    story = Story.of(Claim.that(True, "A.", "a"), Claim.that(False, "B.", "b"))
    assert story.text == "A. B." and not story.holds
    with pytest.raises(ValueError, match="one or more Claim"):
        Story.of("A.")


@pytest.mark.slow
def test_claims_shown_by_a_kernel_are_found_in_the_executed_notebook():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from saleslab.story import Claim, Story\n"
                                  "Claim.that(True, 'Calls rose.', 'calls 40 > 35')"),
        nbformat.v4.new_code_cell("Story.of(Claim.that(False, 'Wins fell.', 'wins 5 < 4 is false'),"
                                  " Claim.that(True, 'Leads held.', 'leads 100 = 100'))"),
    ])
    ExecutionClient(notebook, kernel_name="python3", timeout=60).execute()
    assert [c["text"] for c in claims_in(notebook)] == ["Calls rose.", "Wins fell.", "Leads held."]
    assert notebook.cells[0].outputs[0]["data"]["text/plain"] == "Calls rose."
    assert failures(notebook) == ["cell 1: Wins fell. (wins 5 < 4 is false)"]
