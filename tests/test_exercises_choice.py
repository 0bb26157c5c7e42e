"""Judgement questions (issue 19): a letter per option, each option explained, odd answers
get one line, the key computed from the data, and `saleslab grade` scores them. The
self-tests of every choice (each option, odd answers, at several seeds) run in
test_exercises_selftest.py."""

from __future__ import annotations

import nbformat
import pytest

from conftest import ROOT
from saleslab.exercises import ExerciseSet, exercise_sets, module1, module2
from saleslab.exercises.choice import NOT_A_LETTER, ChoiceQuestion, Option, choice, letter
from saleslab.exercises.core import UNCHECKED, Data
from saleslab.exercises.progress import CORRECT, NOT_YET
from saleslab.grading import grade_outcome
from saleslab.grading.answers import dump
from saleslab.grading.sandbox import Outcome

SETS = exercise_sets()
CHOICES = [(s, e) for s in SETS for e in s.exercises if isinstance(e.question, ChoiceQuestion)]


@pytest.fixture(autouse=True)
def _no_progress_at_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESLAB_PROGRESS", str(tmp_path / "progress.jsonl"))


def _demo(right=1):
    question = choice(title="Which chart", variable="chart", right=right,
                      options=(Option("bars", "bars hide the noise."), Option("a control chart", "limits."),
                               Option("a pie", "no time axis.")),
                      why=None if isinstance(right, int) else "the data decide.",
                      hints=("Noise?",), solution='chart = "b"')
    return ExerciseSet("exercises/demo.ipynb", "demo", "", (question,), record=False).exercises[0]


@pytest.mark.parametrize("answer, outcome, says", [
    ("b", CORRECT, "Correct — limits."),
    (" B) ", CORRECT, "Correct — limits."),
    ("(b)", CORRECT, "Correct — limits."),
    ("a", NOT_YET, "Not yet: bars hide the noise."),
    ("C", NOT_YET, "Not yet: no time axis."),
])
def test_each_option_gets_its_own_feedback(answer, outcome, says):
    result = _demo().evaluate({"chart": answer})
    assert (result.outcome, result.message) == (outcome, says)


class _Hostile:
    def __eq__(self, other):
        raise RuntimeError("boom")

    def strip(self):
        raise RuntimeError("boom")


@pytest.mark.parametrize("answer", [3, 1.0, None, ["b"], ("b",), {"b": 1}, "d", "", "b or c", "yes",
                                    True, b"b", _Hostile(), float("nan")])
def test_an_odd_answer_gets_one_plain_line(answer):
    result = _demo().evaluate({"chart": answer})
    assert result.outcome == NOT_YET and result.message == f"Not yet: {NOT_A_LETTER}"
    assert "\n" not in result.message and "Traceback" not in result.message


def test_a_data_driven_key_follows_the_data():
    exercise = _demo(right=lambda data: data["right"])  # stands in for a figure of the data
    assert exercise.evaluate({"chart": "c"}, data={"right": 2}).outcome == CORRECT
    assert exercise.evaluate({"chart": "c"}, data={"right": 0}).message == "Not yet: no time axis."


def test_a_bad_key_is_refused_when_declared_or_reported_when_checked():
    with pytest.raises(ValueError, match="`right` must index one of the 3 options of 'chart'"):
        _demo(right=3)
    assert _demo(right=lambda data: 7).evaluate({"chart": "a"}, data={}).outcome == UNCHECKED


def test_options_are_listed_by_letter(capsys):
    _demo().options()
    assert capsys.readouterr().out == "a) bars\nb) a control chart\nc) a pie\n"
    module1.q1.options()
    assert capsys.readouterr().out == "q1 is not a choice question: it has no options to show.\n"


def test_options_that_cannot_be_drawn_say_so_in_one_line(capsys):
    def broken(data):
        raise FileNotFoundError("crm_events.csv is missing")

    question = choice(title="t", variable="v", right=0, shown=broken, hints=("h",), solution='v = "a"',
                      options=(Option("x", "fx"), Option("y", "fy")))
    ExerciseSet("exercises/demo.ipynb", "demo", "", (question,), record=False).exercises[0].options()
    assert capsys.readouterr().out == ("The options could not be shown (FileNotFoundError: "
                                       "crm_events.csv is missing). Ask your trainer.\n")


def test_letters_are_read_leniently_but_only_within_the_options():
    assert [letter(a, 4) for a in ("d", " D.", "（a）", "e", "ab", 4)] == ["d", "d", "a", None, None, None]


# -- the course's judgement items ---------------------------------------------------------

def test_every_set_has_a_scenario_and_an_item_drawn_from_the_data():
    for exercise_set in SETS:
        choices = [e.question for e in exercise_set.exercises if isinstance(e.question, ChoiceQuestion)]
        assert any(not q.from_data for q in choices), f"{exercise_set.notebook}: no fixed scenario"
        assert any(q.from_data for q in choices), f"{exercise_set.notebook}: nothing drawn from the data"
        assert exercise_set.exercises[-1].question in choices, "judgement items close the set"


IDS = [f"{s.notebook.split('/')[-1][:5]}-{e.name}" for s, e in CHOICES]


@pytest.mark.parametrize("exercise_set, exercise", CHOICES, ids=IDS)
def test_each_option_of_a_course_item_has_its_own_feedback(exercise_set, exercise):
    question = exercise.question
    feedback = [option.feedback for option in question.options]
    assert len(set(feedback)) == len(feedback) and 3 <= len(feedback) <= 6
    assert len(set(question.lines(Data()))) == len(feedback)  # as shown, with the data's names
    if not question.from_data:  # a fixed key: its solution names it, and its "why" is the option's
        assert question.solution == f'{question.variable} = "{"abcdef"[question.right(Data())]}"'


@pytest.mark.parametrize("exercise_set", SETS, ids=[s.notebook.split("/")[-1][:5] for s in SETS])
def test_the_learner_sees_the_options_but_not_the_key(exercise_set):
    notebook = nbformat.read(ROOT / exercise_set.notebook, as_version=4)
    text = "\n".join(c.source for c in notebook.cells)
    for exercise in exercise_set.exercises:
        question = exercise.question
        if isinstance(question, ChoiceQuestion):
            shown = next(c for c in notebook.cells if c.source == f"{exercise.name}.options()")
            assert shown.outputs[0].text.splitlines() == question.lines(Data(ROOT / "datasets"))
            assert question.solution not in text


def test_a_submission_with_judgement_answers_is_graded_right():
    data = Data(ROOT / "datasets")
    first_stage = module2.SET["q8"].question
    right = first_stage.right(data)
    wrong = (right + 1) % len(first_stage.options)
    answers = {"exit_rule": " C", "first_stage": "abcde"[wrong]}
    outcome = Outcome(dump(answers, list(answers)), None)
    graded = {q: (status, note) for q, status, note in grade_outcome(module2.SET, outcome, data)}
    assert graded["q7"] == (CORRECT, "")
    assert graded["q8"][0] == NOT_YET
    answers = {"first_stage": "abcde"[right], "exit_rule": 3}
    graded = {q: status for q, status, _n in grade_outcome(module2.SET, Outcome(dump(answers, list(answers)), None), data)}
    assert graded["q8"] == CORRECT and graded["q7"] == NOT_YET
