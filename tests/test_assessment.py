"""The knowledge check (issue 19): two parallel forms whose balance is checked, items whose
every option has its own feedback, checks that record without revealing, learner notebooks
written from the items, and answers that `saleslab grade` collects."""

from __future__ import annotations

import dataclasses

import nbformat
import pytest

from conftest import ROOT
from saleslab.assessment import POST, PRE, answer_key, balance
from saleslab.assessment.forms import FORM_A, FORM_B
from saleslab.assessment.notebook import check_notebook
from saleslab.exercises import progress, selftest


def test_the_two_forms_are_parallel_pair_by_pair():
    assert balance.problems(FORM_A, FORM_B) == []


@pytest.mark.parametrize(("change", "says"), [
    ({"kind": "concept"}, "kind differs"),
    ({"wrong": FORM_B[1].wrong[:2], "at": "a"}, "4 options vs 3"),
    ({"at": FORM_A[1].at}, "same letter"),
    ({"steps": 3}, "steps differs"),
    ({"prompt": FORM_B[1].prompt * 2}, "prompts of"),
])
def test_an_unbalanced_pair_is_named(change, says):
    form_b = list(FORM_B)
    form_b[1] = dataclasses.replace(FORM_B[1], **change)
    found = balance.problems(FORM_A, form_b)
    assert any(says in problem and problem.startswith("pair 2 (o2)") for problem in found), found


def test_a_form_that_skips_an_objective_or_favours_a_letter_is_named():
    lopsided = [dataclasses.replace(item, at="a") for item in FORM_A[:9]]
    found = balance.form_problems("A", lopsided)
    assert any("not each objective once" in p for p in found)
    assert any("'a' 9 times" in p for p in found)


@pytest.mark.parametrize("check", [PRE, POST], ids=["pre", "post"])
def test_every_option_of_every_item_gets_its_own_feedback(check):
    base = selftest.namespace(check)
    cases = selftest.cases(check)
    assert [p for case in cases if (p := selftest.run(check, case, base))] == []
    for item, exercise in zip(check.form, check.exercises):
        wrong = [m for m in exercise.question.misconceptions[1:]]
        assert len(wrong) == len(item.letters) - 1
        assert len({m.message for m in wrong}) == len(wrong)  # no two options share feedback


def test_a_check_records_the_outcome_but_does_not_reveal_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SALESLAB_PROGRESS", str(tmp_path / "progress.jsonl"))
    right, wrong = FORM_A[0].answer, next(l for l in FORM_A[0].letters if l != FORM_A[0].answer)
    PRE["q1"].check({"answer1": right})
    PRE["q1"].check({"answer1": wrong})
    said = capsys.readouterr().out.splitlines()
    assert said == [f'Recorded: your answer to question 1 is "{right}". The answers come after the course.',
                    f'Recorded: your answer to question 1 is "{wrong}". The answers come after the course.']
    assert progress.read()["outcome"].tolist() == ["correct", "not yet"]
    PRE["q1"].hint()
    PRE["q1"].solution()
    assert "no hints" in capsys.readouterr().out


def test_the_answer_key_explains_every_option():
    key = answer_key(FORM_B)
    for item in FORM_B:
        for _letter, text, feedback in item.options():
            assert f"{text} — {feedback}" in key


@pytest.mark.parametrize("which", ["pre", "post"])
def test_the_committed_check_notebook_is_written_from_the_items_and_executed(which):
    committed = nbformat.read(ROOT / f"exercises/check_{which}.ipynb", as_version=4)
    fresh = check_notebook(which)
    assert [(c.cell_type, c.source) for c in committed.cells] == [(c.cell_type, c.source) for c in fresh.cells]
    code = [c for c in committed.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert all(c.outputs for c in code if ".check()" in c.source)
    assert "Not attempted" in "".join(o.get("text", "") for o in code[-1].outputs)


def test_saleslab_grade_finds_and_grades_the_check_notebooks(tmp_path):
    """The grader takes a handed-in check for what it is (by its import, or by its name),
    and grades the answers its sandbox reports (the sandbox itself is tested in test_grade)."""
    from saleslab.exercises.core import Data
    from saleslab.grading import exercise_set_of, find_submissions, grade_outcome
    from saleslab.grading.answers import dump
    from saleslab.grading.sandbox import Outcome

    text = nbformat.writes(check_notebook("post"))
    assert exercise_set_of(text, "renamed.ipynb").notebook == POST.notebook
    assert exercise_set_of("{}", "x/check_pre.ipynb").notebook == PRE.notebook
    (tmp_path / "ana").mkdir()
    (tmp_path / "ana/check_post.ipynb").write_text(text)
    assert [s.file for s in find_submissions(tmp_path)["ana"]] == ["ana/check_post.ipynb"]
    answers = {f"answer{n}": item.answer if n % 2 else "z" for n, item in enumerate(FORM_B, start=1)}
    graded = grade_outcome(POST, Outcome(dump(answers, list(answers)), None), Data())
    assert [status for _q, status, _note in graded] == ["correct", "not yet"] * 5
