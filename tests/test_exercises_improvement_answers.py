"""Answers learners really give to module 4's and case 1's questions get the right word."""

from __future__ import annotations

import pytest

from saleslab.exercises import case1, module4
from saleslab.exercises.core import Data
from saleslab.exercises.selftest import Case, namespace, run


@pytest.fixture(scope="module")
def case1_names():
    return namespace(case1.SET), Data()


def test_module4_decision_accepts_the_notebooks_chinese_word():
    names, data = namespace(module4.SET), Data()
    assert run(module4.SET, Case("q6", "zh", 'decision = "调整"', "correct", "Correct"), names, data) is None
    assert run(module4.SET, Case("q6", "zh", 'decision = "采纳"', "not yet", "adopts on the estimate"),
               names, data) is None


@pytest.mark.parametrize(("exercise", "code", "outcome", "says"), [
    ("q2", 'never_reached = round(100 * (1 - history["contacted"].mean()), 2)', "not yet",
     "looks like a percentage"),
    ("q7", "team_low = check.naive_relative_ci[0]", "not yet", "lead by lead"),
    ("q8", 'decision = "采纳"', "not yet", "Significant is not worth it"),
    ("q8", 'decision = "放弃"', "correct", "Correct"),
])
def test_case1_recognises_the_kind_of_answer(case1_names, exercise, code, outcome, says):
    names, data = case1_names
    assert run(case1.SET, Case(exercise, "learner", code, outcome, says), names, data) is None
