"""The exercise core: three outcomes, comparisons, no tracebacks, progress, learner editions."""

from __future__ import annotations

import json
import math

import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from saleslab.cli import main
from saleslab.exercises import (____, Example, ExerciseSet, Misconception, Question, Tolerance,
                                 answer_word, count_for_share, difference, mixed_kind, share_for_count)
from saleslab.exercises import progress
from saleslab.exercises.core import UNCHECKED, Data, is_placeholder
from saleslab.exercises.edition import learner_edition

EXPECTED = 0.3936


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    path = tmp_path / "progress.jsonl"
    monkeypatch.setenv("SALESLAB_PROGRESS", str(path))
    return path


def _set(**changes) -> ExerciseSet:
    fields = dict(
        title="Proposal conversion", variable="conversion", expected=lambda data: EXPECTED,
        tolerance=Tolerance(atol=0.005),
        why="the proposal stage converts {expected:.0%} of deals.",
        hints=("Look at the proposal row.", "Divide moved on by entered minus open."),
        solution="conversion = 0.39",
        misconceptions=(Misconception(lambda answer, data: abs(answer - 0.2) < 0.01,
                                      "`conversion` looks cumulative: divide by the deals that entered.",
                                      "conversion = 0.2"),),
    )
    fields.update(changes)
    return ExerciseSet("exercises/demo.ipynb", "Demo", "", (Question(**fields),))


def _check(answer, capsys, **changes) -> str:
    exercise = _set(**changes).exercises[0]
    exercise.check({"conversion": answer})
    return capsys.readouterr().out


# -- three outcomes -------------------------------------------------------------------

def test_correct_says_why_it_matters(capsys):
    assert _check(0.39, capsys) == "Correct — the proposal stage converts 39% of deals.\n"


def test_not_yet_names_the_variable_without_the_expected_value(capsys):
    out = _check(0.5, capsys)
    assert out == "Not yet: `conversion` is too high.\n"
    assert "0.39" not in out and "39" not in out


def test_placeholder_means_not_attempted(capsys):
    assert _check(____, capsys).startswith("Not attempted: replace `____`")


def test_placeholder_inside_a_list_or_an_expression_is_not_attempted(capsys):
    assert _check([1, ____], capsys).startswith("Not attempted")
    assert _check(____ / ____ * 100, capsys).startswith("Not attempted")
    assert is_placeholder({"a": ____}) and not is_placeholder({"a": 1})


def test_a_missing_variable_is_not_attempted_with_a_one_line_message(capsys):
    _set().exercises[0].check({})
    out = capsys.readouterr().out
    assert out.startswith("Not attempted: `conversion` is not set yet") and out.count("\n") == 1


def test_a_misconception_is_recognised(capsys):
    assert _check(0.2, capsys) == "Not yet: `conversion` looks cumulative: divide by the deals that entered.\n"


def test_check_reads_the_callers_globals_when_no_namespace_is_given(capsys):
    exercise = _set().exercises[0]
    globals()["conversion"] = 0.39
    try:
        exercise.check()
    finally:
        del globals()["conversion"]
    assert capsys.readouterr().out.startswith("Correct")


# -- never a traceback ----------------------------------------------------------------

class Awkward:
    def __float__(self):
        raise RuntimeError("no float for you")

    def __sub__(self, other):
        raise RuntimeError("nor subtraction")


@pytest.mark.parametrize("answer, says", [
    ("0.39", "should be a number, but it is text ('0.39')"),
    (None, "should be a number, but it is None"),
    (float("nan"), "is NaN"),
    (pd.DataFrame(), "should be a number, but it is an empty table"),
    (len, "a function (add the brackets to call it)"),
    (Awkward(), "should be a number, but it is an object of type Awkward"),
    (39.36, "looks like a percentage"),
    (-EXPECTED, "has the wrong sign"),
])
def test_wrong_types_and_odd_values_give_one_line(answer, says, capsys):
    out = _check(answer, capsys)
    assert out.startswith("Not yet: `conversion` ") and says in out
    assert out.count("\n") == 1 and "Traceback" not in out


def test_an_exception_in_the_learners_code_becomes_one_line(capsys):
    def prepare(answer, data):
        return answer()

    def learner_function():
        raise KeyError("stage")

    out = _check(learner_function, capsys, prepare=prepare)
    assert out == "Not yet: `conversion` could not be checked: it raised KeyError: 'stage'.\n"


def test_a_failing_check_itself_is_one_line_and_not_recorded(capsys, progress_file):
    def broken(data):
        raise FileNotFoundError("no crm_events.csv in 'datasets'\nmore detail")

    exercise = _set(expected=broken).exercises[0]
    assert exercise.evaluate({"conversion": 0.4}).outcome == UNCHECKED
    exercise.check({"conversion": 0.4})
    out = capsys.readouterr().out
    assert out == "This check could not run (FileNotFoundError: no crm_events.csv in 'datasets'). Ask your trainer.\n"
    assert not progress_file.exists()


def test_a_misconception_predicate_that_raises_is_skipped(capsys):
    out = _check("text", capsys)  # the predicate subtracts from text: it raises, and is ignored
    assert out.startswith("Not yet: `conversion` should be a number")


# -- hints, solution, binding ---------------------------------------------------------

def test_hints_come_in_tiers(capsys):
    exercise = _set().exercises[0]
    exercise.hint()
    exercise.hint(2)
    exercise.hint(5)
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["Hint 1 of 2: Look at the proposal row. (More: q1.hint(2).)",
                     "Hint 2 of 2: Divide moved on by entered minus open.",
                     "q1 has hints 1 to 2: try q1.hint(1)."]


def test_solution_shows_the_code(capsys):
    _set().exercises[0].solution()
    assert capsys.readouterr().out == "Solution (one way to write it):\n    conversion = 0.39\n"


def test_bind_puts_the_questions_and_the_placeholder_into_the_notebook(capsys):
    names = {}
    exercise_set = _set()
    exercise_set.bind(names)
    assert names["q1"] is exercise_set.exercises[0] and names["____"] is ____
    assert capsys.readouterr().out.startswith("Exercises ready: 1 questions (q1 to q1)")


def test_a_question_needs_a_python_name_and_a_hint():
    with pytest.raises(ValueError, match="`variable` must be a Python name"):
        _set(variable="my answer")
    with pytest.raises(ValueError, match="`hints` must hold at least one hint"):
        _set(hints=())


# -- comparison -----------------------------------------------------------------------

def test_numbers_match_within_the_tolerance():
    assert difference(0.39, EXPECTED, Tolerance(atol=0.005)) is None
    assert difference(0.38, EXPECTED, Tolerance(atol=0.005)) == "is too low"
    assert difference(np.int64(3), 3.0) is None
    assert difference(pd.Series([7]), 7) is None  # a one-cell result is still a number


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_any_number_matches_itself_and_a_different_one_says_which_way(value):
    assert difference(value, value) is None
    other = value + max(1.0, abs(value)) * 0.5
    percentage = "looks like a percentage: write a share as a decimal (0.25 for 25%)"
    # 0.505 for an expected 0.005 is also a share typed as a percentage: either line is right
    typed_as_percent = math.isclose(other / 100, value, rel_tol=0.02)
    assert difference(other, value) in (("is too high", percentage) if typed_as_percent else ("is too high",))
    assert difference(value, other) in ("is too low", "has the wrong sign", percentage)


def test_text_and_true_false():
    assert difference("  Proposal ", "proposal") is None
    assert difference("qualified", "proposal") == "is not the right answer"
    assert difference(1, True) == "should be True or False, but it is a number"
    assert difference(np.True_, True) is None


def test_lists_ignore_order_unless_it_matters():
    assert difference(["b", "a"], ["a", "b"]) is None
    assert difference(["a"], ["a", "b"]) == "has 1 items; check that you kept exactly the ones asked for"
    assert difference([2, 1], [1, 2], Tolerance(ignore_order=False)) == "item 1 is too high"


def test_series_ignore_row_order_and_number_types():
    expected = pd.Series({"R01": 10.0, "R02": 20.0, "R03": 30.0}, name="quota")
    shuffled = pd.Series({"R03": 30, "R01": 10, "R02": 20}, dtype="int64")
    assert difference(shuffled, expected) is None
    assert difference({"R01": 10, "R02": 20, "R03": 30}, expected) is None
    assert difference(shuffled.drop("R02"), expected) == "has 2 rows, which is too few"
    assert difference(shuffled.rename({"R02": "R99"}), expected) == "is missing the row 'R02'"
    assert difference(shuffled.replace(20, 25), expected) == "the value for 'R02' is too high"
    assert difference(shuffled, expected, Tolerance(ignore_order=False)) == "has the right rows in the wrong order"


def test_tables_ignore_dtypes_and_say_where_the_first_difference_is():
    expected = pd.DataFrame({"stage": ["lead", "proposal"], "conversion": [0.58, 0.39]})
    mine = pd.DataFrame({"stage": pd.Categorical(["proposal", "lead"]), "conversion": [0.39, 0.58],
                         "extra": [1, 2]}, index=[1, 0])
    assert difference(mine, expected) is None
    assert difference(mine.drop(columns="stage"), expected) == "is missing the column 'stage'"
    assert difference(mine.assign(conversion=[0.39, float("nan")]), expected) == \
        "in column 'conversion', row '0', the value is missing (NaN)"
    assert difference(pd.DataFrame(columns=["stage", "conversion"]), expected) == \
        "is empty: check the filter or the names you used"
    assert difference(7, expected) == "should be a table, but it is a number"


def test_tables_can_ignore_the_row_labels():
    expected = pd.DataFrame({"stage": ["lead", "proposal"], "n": [3, 4]})
    relabelled = pd.DataFrame({"stage": ["proposal", "lead"], "n": [4, 3]}, index=["x", "y"])
    assert difference(relabelled, expected, Tolerance(check_index=False)) is None
    assert difference(relabelled.assign(n=[4, 2]), expected, Tolerance(check_index=False)) == \
        "in column 'n', row 0, the value is too low"


# -- progress -------------------------------------------------------------------------

def test_each_check_appends_its_outcome(progress_file, capsys):
    exercise = _set().exercises[0]
    for answer in (____, 0.5, 0.39):
        exercise.check({"conversion": answer})
    rows = [json.loads(line) for line in progress_file.read_text().splitlines()]
    assert [row["outcome"] for row in rows] == ["not attempted", "not yet", "correct"]
    assert {tuple(row) for row in rows} == {("notebook", "question", "outcome", "time")}
    assert rows[0]["notebook"] == "exercises/demo.ipynb" and rows[0]["question"] == "q1"


def test_summary_counts_done_not_yet_and_not_started(progress_file):
    for question, outcome in [("q1", "not yet"), ("q1", "correct"), ("q2", "not yet"),
                              ("q3", "not attempted")]:
        progress.record("exercises/a.ipynb", question, outcome)
    with progress_file.open("a") as handle:
        handle.write("not json\n{\"outcome\": \"weird\"}\n")
    table = progress.summary(questions={"exercises/a.ipynb": ["q1", "q2", "q3", "q4"]})
    assert table.loc["exercises/a.ipynb"].tolist() == [4, 1, 1, 2]


def test_summary_lists_every_exercise_set_and_unknown_notebooks(progress_file):
    progress.record("exercises/elsewhere.ipynb", "q1", "correct")
    table = progress.summary()
    assert "exercises/01_target_setting_exercises.ipynb" in table.index
    assert table.loc["exercises/elsewhere.ipynb"].tolist() == [1, 1, 0, 0]


def test_an_unwritable_progress_file_is_skipped_quietly(tmp_path):
    folder = tmp_path / "taken"
    folder.mkdir()
    assert progress.record("exercises/a.ipynb", "q1", "correct", path=folder) is False


def test_the_progress_command_prints_the_table(progress_file, capsys):
    progress.record("exercises/01_target_setting_exercises.ipynb", "q2", "correct")
    assert main(["progress", "--file", str(progress_file)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("exercises/01_"))
    assert row.split()[1:] == ["8", "1", "0", "7"]


# -- learner editions -----------------------------------------------------------------

def _source(tmp_path):
    cells = [nbformat.v4.new_markdown_cell("# Exercises"),
             nbformat.v4.new_code_cell("answer = ____"),
             nbformat.v4.new_code_cell("answer = 42", metadata={"tags": ["solution"]}),
             nbformat.v4.new_code_cell("q1.check()"),
             nbformat.v4.new_code_cell("selftest(SET)", metadata={"tags": ["selftest"]})]
    path = tmp_path / "source.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def test_the_learner_edition_drops_solutions_and_selftests(tmp_path):
    out = tmp_path / "learner.ipynb"
    assert learner_edition(_source(tmp_path), out) is True
    assert [c.source for c in nbformat.read(out, as_version=4).cells] == \
        ["# Exercises", "answer = ____", "q1.check()"]


def test_an_up_to_date_learner_edition_keeps_its_outputs(tmp_path):
    source, out = _source(tmp_path), tmp_path / "learner.ipynb"
    learner_edition(source, out)
    nb = nbformat.read(out, as_version=4)
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="Not attempted\n")]
    nbformat.write(nb, out)
    assert learner_edition(source, out) is False
    assert nbformat.read(out, as_version=4).cells[2].outputs[0].text == "Not attempted\n"


def test_a_learners_own_writing_is_never_overwritten_unless_forced(tmp_path):
    source, out = _source(tmp_path), tmp_path / "learner.ipynb"
    learner_edition(source, out)
    nb = nbformat.read(out, as_version=4)
    nb.cells[1].source = "answer = 41"
    nbformat.write(nb, out)
    with pytest.raises(ValueError, match="differs from a fresh learner edition"):
        learner_edition(source, out)
    assert "answer = 41" in out.read_text()
    assert learner_edition(source, out, force=True) is True
    assert "answer = ____" in out.read_text()


def test_the_source_cannot_be_its_own_learner_edition(tmp_path):
    source = _source(tmp_path)
    with pytest.raises(ValueError, match="must differ from `source_path`"):
        learner_edition(source, source, force=True)
    with pytest.raises(ValueError, match="existing .ipynb"):
        learner_edition(tmp_path / "missing.ipynb", tmp_path / "out.ipynb")


def test_placeholder_arithmetic_stays_a_placeholder():
    assert (____ + 1) is ____ and (2 * ____) is ____ and round(____) is ____
    assert repr(____) == "____"


def test_a_whole_table_answers_a_question_about_one_of_its_columns():
    expected = pd.Series({"R01": 10, "R02": 20}, name="quota")
    table = pd.DataFrame({"last_year": [1.0, 2.0], "quota": [10, 20]}, index=["R01", "R02"])
    assert difference(table, expected) is None
    assert difference(table.rename(columns={"quota": "target"}), expected) == \
        "should be a column of values, but it is a table"


# -- the answer's kind, a call with an argument, decision words (issue 12) ---------------

def test_passing_the_answer_to_check_explains_how_to_call_it(capsys, progress_file):
    exercise = _set().exercises[0]
    exercise.check(0.39)
    out = capsys.readouterr().out
    assert out.startswith("`q1.check()` takes no answer: it reads `conversion` from your notebook")
    assert "empty brackets" in out and out.count("\n") == 1
    assert not progress_file.exists()  # nothing was checked, so nothing is recorded


def test_a_share_written_as_a_percentage_is_named_before_any_misconception(capsys):
    count_like = (Misconception(lambda answer, data: answer > 1, "`conversion` is a count of deals.",
                                "conversion = 120"),)
    assert _check(39.36, capsys, misconceptions=count_like) == \
        "Not yet: `conversion` looks like a percentage: write a share as a decimal (0.25 for 25%).\n"
    assert "looks like a percentage" in _check(39, capsys, misconceptions=count_like)  # rounded too
    assert _check(120, capsys, misconceptions=count_like) == "Not yet: `conversion` is a count of deals.\n"


def test_money_in_millions_or_thousands_is_named():
    assert difference(303, 302_600_000.0, Tolerance(rtol=0.005)).startswith("looks like millions")
    assert difference(302_600, 302_600_000).startswith("looks like thousands")
    assert difference(303, 30_260_000.0) == "is too low"  # ten times off: no unit explains it


def test_a_count_is_never_read_as_a_percentage():
    assert difference(100, 1) == "is too high"  # one rep out of reach, not 1%
    assert mixed_kind(100, 1) is None and mixed_kind(100.0, 1.0) is not None


def test_count_and_share_misconceptions_for_any_set(capsys):
    counts = _set(misconceptions=(count_for_share("conversion = 120"),))
    counts.exercises[0].check({"conversion": 120})
    assert capsys.readouterr().out.startswith("Not yet: this is a count, not a share")
    shares = _set(expected=lambda data: 1400.0, tolerance=Tolerance(rtol=0.01),
                  misconceptions=(share_for_count("conversion = 0.2"),))
    shares.exercises[0].check({"conversion": 0.2})
    assert capsys.readouterr().out.startswith("Not yet: this is a share (below 1), not a count")


@pytest.mark.parametrize("word, meaning", [("采纳", "adopt"), ("采用", "adopt"), ("调整", "adapt"),
                                           ("放弃", "abandon"), (" Adapt ", "adapt")])
def test_the_courses_chinese_decision_words_are_accepted(word, meaning):
    assert answer_word(word) == meaning
    assert difference(word, meaning) is None
    assert difference(word, "keep") == "is not the right answer"


def test_a_table_on_plain_row_numbers_says_to_set_the_index():
    expected = pd.Series({"R01": 10.0, "R02": 20.0}, name="quota").rename_axis("rep")
    numbered = pd.Series([10.0, 20.0], name="quota")
    assert difference(numbered, expected) == ("has rows numbered 0, 1, 2... instead of labelled by "
                                              "rep: keep the rep labels of the table you started from "
                                              "(on a table, `.set_index('rep')`)")


def test_the_decision_questions_read_the_chinese_words(tmp_path):
    from saleslab.exercises import exercise_sets

    deciding = [s for s in exercise_sets() if any(e.question.variable == "decision" for e in s.exercises)]
    assert len(deciding) >= 3  # module 4 and the cases that end on a decision
    for exercise_set in deciding:
        decision = next(e for e in exercise_set.exercises if e.question.variable == "decision")
        expected = decision.question.expected(Data())
        chinese = {"adopt": "采纳", "adapt": "调整", "abandon": "放弃"}[expected]
        assert decision.evaluate({"decision": chinese}).outcome == "correct", exercise_set.notebook
