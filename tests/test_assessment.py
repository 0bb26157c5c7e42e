"""The knowledge check (issue 19): two parallel forms whose balance is checked, taken in a
counterbalanced order, items whose every option has its own feedback, checks that record
without revealing, learner notebooks written from the items, and answers that `saleslab
grade` collects."""

from __future__ import annotations

import dataclasses

import nbformat
import pytest

from conftest import ROOT
from saleslab.assessment import CHECKS, answer_key, balance, check_set
from saleslab.assessment.forms import FORM_A, FORM_B
from saleslab.assessment.notebook import check_notebook
from saleslab.assessment.order import order_for
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


@pytest.mark.parametrize("check", list(CHECKS.values()), ids=[f"{m}-{f}" for m, f in CHECKS])
def test_every_option_of_every_item_gets_its_own_feedback(check):
    base = selftest.namespace(check)
    cases = selftest.cases(check)
    assert [p for case in cases if (p := selftest.run(check, case, base))] == []
    for item, exercise in zip(check.items, check.exercises):
        wrong = [m for m in exercise.question.misconceptions[1:]]
        assert len(wrong) == len(item.letters) - 1
        assert len({m.message for m in wrong}) == len(wrong)  # no two options share feedback


def test_a_check_records_the_outcome_but_does_not_reveal_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SALESLAB_PROGRESS", str(tmp_path / "progress.jsonl"))
    right, wrong = FORM_A[0].answer, next(l for l in FORM_A[0].letters if l != FORM_A[0].answer)
    pre = check_set("pre", "A")
    pre["a1"].check({"answer1": right})
    pre["a1"].check({"answer1": wrong})
    said = capsys.readouterr().out.splitlines()
    assert said == [f'Recorded: your answer to question 1 is "{right}". The answers come after the course.',
                    f'Recorded: your answer to question 1 is "{wrong}". The answers come after the course.']
    assert progress.read()["outcome"].tolist() == ["correct", "not yet"]
    pre["a1"].hint()
    pre["a1"].solution()
    assert "no hints" in capsys.readouterr().out


def test_the_learners_edition_of_the_forms_has_the_questions_but_not_the_key(tmp_path, monkeypatch, capsys):
    from saleslab.assessment.checks import CheckSet
    from saleslab.assessment.keyless import keyless_source

    source = keyless_source()
    namespace = {"__name__": "saleslab.assessment.forms", "__package__": "saleslab.assessment"}
    exec(source, namespace)
    for real, keyless in ((FORM_A, namespace["FORM_A"]), (FORM_B, namespace["FORM_B"])):
        assert [i.markdown(1) for i in keyless] == [i.markdown(1) for i in real]  # what learners read
        assert {i.answer for i in keyless} == {""}
        assert not [f for item in real for _l, _t, f in item.options() if f in source]
    monkeypatch.setenv("SALESLAB_PROGRESS", str(tmp_path / "progress.jsonl"))
    check = CheckSet("pre", "B", namespace["FORM_B"])
    check["b1"].check({"answer1": "a"})
    check["b1"].check({"answer1": 2})
    said = capsys.readouterr().out.splitlines()
    assert said[0] == "Answer recorded: your trainer scores the check."
    assert said[1].startswith("Recorded, but not an option")
    assert not (tmp_path / "progress.jsonl").exists()  # nothing judged, nothing to record


def test_the_answer_key_explains_every_option():
    key = answer_key(FORM_B)
    for item in FORM_B:
        for _letter, text, feedback in item.options():
            assert f"{text} — {feedback}" in key


def test_half_the_teams_take_each_order_and_the_notebooks_say_which():
    assert [order_for(12345, team=k) for k in (1, 2, 3, 4)] == ["AB", "BA", "AB", "BA"]
    assert {order_for(seed) for seed in (2026, 7, 11)} == {"AB", "BA"}
    for order in ("AB", "BA"):
        pre, post = check_notebook("pre", order), check_notebook("post", order)
        assert f"form {order[0]}** now and form {order[1]} at the end" in pre.cells[0].source
        assert f"This is **form {order[1]}**; at the start of the course you took form {order[0]}" \
            in post.cells[0].source
        assert f"import pre_{order[0].lower()} as check" in pre.cells[1].source
        assert (pre.metadata["saleslab"]["form"], post.metadata["saleslab"]["form"]) == tuple(order)
        first = check_set("pre", order[0]).items[0]
        assert pre.cells[2].source == first.markdown(1)


def test_a_handout_writes_the_checks_in_its_seeds_order(tmp_path):
    from saleslab.handout import write_handout

    write_handout(tmp_path, seed=7, root=ROOT)  # odd seed, no teams: B then A
    pre, post = (nbformat.read(tmp_path / f"exercises/check_{w}.ipynb", as_version=4) for w in ("pre", "post"))
    assert "import pre_b as check" in pre.cells[1].source and "import post_a as check" in post.cells[1].source


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

    text = nbformat.writes(check_notebook("post", "BA"))
    post_a = exercise_set_of(text, "renamed.ipynb")
    assert (post_a.notebook, post_a.form) == ("exercises/check_post.ipynb", "A")
    assert exercise_set_of("{}", "x/check_pre.ipynb") is check_set("pre", "A")  # no import: order AB
    (tmp_path / "ana").mkdir()
    (tmp_path / "ana/check_post.ipynb").write_text(text)
    assert [s.file for s in find_submissions(tmp_path)["ana"]] == ["ana/check_post.ipynb"]
    answers = {f"answer{n}": item.answer if n % 2 else "z" for n, item in enumerate(FORM_A, start=1)}
    graded = grade_outcome(post_a, Outcome(dump(answers, list(answers)), None), Data())
    assert [status for _q, status, _note in graded] == ["correct", "not yet"] * 5
    assert [q for q, _status, _note in graded][:2] == ["a1", "a2"]  # the grade table names the form
