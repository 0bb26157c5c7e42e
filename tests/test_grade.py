"""Grading: each learner's exercise notebooks run in a sandbox with a time limit, and their
answers are graded in the grader; a broken, renamed, looping or raising notebook is
reported for that learner only. The attacks are in test_grade_attacks.py."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from conftest import ROOT
from saleslab.cli import main
from saleslab.grading import (COLUMNS, Grades, find_submissions, grade_outcome,
                              grade_submissions, grades_html, write_grades)
from saleslab.grading.answers import dump
from saleslab.grading.sandbox import Outcome
from saleslab.exercises import module1
from saleslab.exercises.core import Data

SOURCES = ROOT / "src/saleslab/exercises/sources"
SET1 = "exercises/01_target_setting_exercises.ipynb"
SET2 = "exercises/02_funnel_design_exercises.ipynb"
SETUP1 = "from saleslab.exercises import module1 as ex\nex.bind(globals())"


def _notebook(path: Path, *cells: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells]), path)


def _complete(name: str, path: Path) -> None:
    """The source notebook with its solutions in place: a learner who answered everything."""
    notebook = nbformat.read(SOURCES / name, as_version=4)
    notebook.cells = [c for c in notebook.cells if "selftest" not in c.metadata.get("tags", [])]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Grades:
    subs = tmp_path_factory.mktemp("submissions")
    _complete("01_target_setting_exercises.ipynb", subs / "alice/exercises/01_target_setting_exercises.ipynb")
    _notebook(subs / "bob/Untitled.ipynb", SETUP1, "last_year = 1", "q1.check()", "q2.check()")
    (subs / "carol").mkdir()
    (subs / "carol/02_funnel_design_exercises.ipynb").write_text('{"cells": [{"cell_type": "co')
    _notebook(subs / "erin/01_target_setting_exercises.ipynb", SETUP1, "raise RuntimeError('oops')",
              "q1.check()")
    (subs / "frank").mkdir()
    _notebook(subs / "gina/notebooks/01_target_setting.ipynb", "1 + 1")
    _notebook(subs / "gina/.ipynb_checkpoints/01_target_setting_exercises-checkpoint.ipynb", "1 + 1")
    _notebook(subs / "henry/half.ipynb", "x = 1")
    return grade_submissions(subs, timeout=120, data=ROOT / "datasets")


@pytest.fixture(scope="module")
def looped(tmp_path_factory) -> Grades:
    subs = tmp_path_factory.mktemp("looping")
    _notebook(subs / "dave/01_target_setting_exercises.ipynb", "last_year = 1",
              "while True:\n    pass", "east_target = 2")
    return grade_submissions(subs, timeout=3, data=ROOT / "datasets")


def _status(grades: Grades, learner: str) -> pd.DataFrame:
    return grades.table[grades.table["learner"] == learner].set_index("question")


@pytest.mark.slow
def test_a_complete_submission_is_correct_everywhere(graded):
    alice = _status(graded, "alice")
    assert alice["status"].tolist() == ["correct"] * 8
    assert set(alice["exercises"]) == {SET1} and set(alice["note"]) == {""}
    assert set(alice["file"]) == {"alice/exercises/01_target_setting_exercises.ipynb"}


@pytest.mark.slow
def test_a_renamed_notebook_is_graded_as_its_set(graded):
    bob = _status(graded, "bob")
    assert set(bob["exercises"]) == {SET1} and set(bob["file"]) == {"bob/Untitled.ipynb"}
    assert bob.loc["q1", "status"] == "not yet"
    assert (bob.loc[["q2", "q3", "q6"], "status"] == "not attempted").all()


@pytest.mark.slow
def test_an_unreadable_notebook_is_an_error_for_that_learner(graded):
    carol = _status(graded, "carol")
    assert set(carol["exercises"]) == {SET2} and len(carol) == 8
    assert set(carol["status"]) == {"error"}
    assert "cannot be read" in carol["note"].iloc[0]


@pytest.mark.slow
def test_an_endless_loop_is_stopped_and_what_ran_before_counts(looped):
    dave = _status(looped, "dave")
    assert dave.loc["q1", "status"] == "not yet"
    assert (dave.loc[["q2", "q3"], "status"] == "error").all()
    assert "longer than 3 s" in dave["note"].iloc[0]


@pytest.mark.slow
def test_a_raising_cell_does_not_stop_the_later_checks(graded):
    erin = _status(graded, "erin")
    assert (erin.loc[["q1", "q2", "q6"], "status"] == "error").all()
    assert erin["note"].iloc[0] == "code cell 2 raised RuntimeError: oops"


@pytest.mark.slow
def test_learners_without_an_exercise_notebook_are_listed(graded):
    for learner in ("frank", "gina"):
        row = _status(graded, learner)
        assert row["status"].tolist() == ["not attempted"]
        assert row["note"].tolist() == ["no exercise notebook handed in"]
    henry = _status(graded, "henry")
    assert henry["status"].tolist() == ["error"] and "not an exercise notebook" in henry["note"].iloc[0]


@pytest.mark.slow
def test_the_table_is_written_as_csv_and_a_self_contained_page(graded, tmp_path):
    written = write_grades(graded, tmp_path / "out")
    table = pd.read_csv(written.csv, keep_default_na=False)
    assert table["learner"].tolist() == ["alice", "bob", "carol", "erin", "frank", "gina", "henry"]
    assert table.loc[0, "correct"] == "8/8" and table.loc[1, "q1"] == "not yet"
    graded = table[table["file"] != ""]
    assert set(graded["seed"].astype(str)) == {"2026"}, "grades.csv says which data it graded against"
    page = written.html.read_text(encoding="utf-8")
    assert page.count("<tr>") == 1 + len(table)
    assert "http" not in page and "<script" not in page and "src=" not in page


def test_the_layout_of_a_submissions_folder(tmp_path):
    _notebook(tmp_path / "ana/exercises/01_target_setting_exercises.ipynb", "1")
    _notebook(tmp_path / "ana/notebooks/01_target_setting.ipynb", "1")
    _notebook(tmp_path / "ana/.ipynb_checkpoints/x-checkpoint.ipynb", "1")
    (tmp_path / "ana/datasets").mkdir()
    (tmp_path / "ana/datasets/datapackage.json").write_text('{"seed": 7}')
    _notebook(tmp_path / "ben.ipynb", "1")
    (tmp_path / "notes.txt").write_text("not a submission")
    (tmp_path / "datasets").mkdir()
    found = find_submissions(tmp_path)
    assert list(found) == ["ana", "ben"]
    [ana] = found["ana"]
    assert ana.file == "ana/exercises/01_target_setting_exercises.ipynb" and ana.text
    assert ana.seed == 7, "a whole handout folder says which data it was made from"
    assert found["ben"][0].seed is None


def test_answers_are_graded_here_against_the_data():
    data = Data(ROOT / "datasets")
    right = module1.q1.question.expected(data)
    outcome = Outcome(dump({"last_year": right, "quotas": "lots"}, ["last_year", "quotas"]), None)
    graded = {q: status for q, status, _note in grade_outcome(module1.SET, outcome, data)}
    assert graded["q1"] == "correct" and graded["q3"] == "not yet"
    assert graded["q2"] == "not attempted"
    stopped = grade_outcome(module1.SET, Outcome(None, None, "killed by signal 9"), data)
    assert {status for _q, status, _n in stopped} == {"error"}
    assert stopped[0][2] == "stopped: killed by signal 9"


def test_the_page_escapes_what_learners_wrote():
    table = pd.DataFrame([["<script>x</script>", SET1, "a.ipynb", 7, "q1", "correct",
                           "code cell 1 raised ValueError: <b>"]], columns=COLUMNS)
    page = grades_html(Grades(table))
    assert "<script>" not in page and "&lt;b&gt;" in page


@pytest.mark.parametrize("argv, says", [
    (["/no/such/folder"], "`submissions` must be an existing folder, got '/no/such/folder'"),
    ([".", "--timeout", "0"], "`timeout` must be a whole number of seconds, 1 or more, got 0"),
    ([".", "--teams", "/no/teams.csv"], "`teams` must be a teams.csv written by `saleslab handout "
                                         "--teams K`, got '/no/teams.csv'"),
    ([".", "--out", ""], "`out` must be a folder name, got ''"),
    ([".", "--data", "/no/such/data"], "`data` must be a folder of course datasets, got '/no/such/data'"),
])
def test_bad_arguments_give_one_line(capsys, argv, says):
    assert main(["grade", *argv]) == 2
    assert capsys.readouterr().err == f"saleslab grade: {says}\n"


def test_grade_refuses_a_file_as_out(tmp_path):
    (tmp_path / "grades").write_text("x")
    with pytest.raises(ValueError, match="must be a folder"):
        write_grades(Grades(pd.DataFrame(columns=COLUMNS)), tmp_path / "grades")


@pytest.mark.slow
def test_each_learner_is_graded_against_their_team_data(tmp_path):
    from saleslab.data import write_datasets
    from saleslab.handout import team_seeds

    seeds = team_seeds(2026, 2)
    (tmp_path / "teams.csv").write_text("team,folder,seed\n" + "".join(
        f"{k},team{k},{s}\n" for k, s in enumerate(seeds, start=1)))
    for learner, seed in zip(("ana", "ben"), seeds):
        write_datasets(tmp_path / "subs" / learner / "datasets", seed=seed)
        _complete("01_target_setting_exercises.ipynb",
                  tmp_path / "subs" / learner / "exercises/01_target_setting_exercises.ipynb")
    by_team = grade_submissions(tmp_path / "subs", teams=tmp_path / "teams.csv").wide()
    assert by_team["correct"].tolist() == ["8/8", "8/8"]
    assert by_team["seed"].tolist() == seeds, "grades.csv records each learner's seed"
    one_folder = grade_submissions(tmp_path / "subs", data=ROOT / "datasets").wide()
    assert one_folder["correct"].tolist() == ["0/8", "0/8"]
    assert one_folder["note"].str.contains("grade with --teams").all(), "never the wrong seed silently"


@pytest.mark.slow
def test_without_bubblewrap_grading_still_works_and_says_so_loudly(tmp_path, monkeypatch):
    from saleslab.grading import sandbox

    monkeypatch.setattr(sandbox, "bubblewrap", lambda: None)
    # the first notebook kills its kernel's parent, the zygote: it is started again
    _notebook(tmp_path / "subs/ana/a/01_target_setting_exercises.ipynb",
              "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")
    _notebook(tmp_path / "subs/ana/b/01_target_setting_exercises.ipynb", "last_year = 1")
    grades = grade_submissions(tmp_path / "subs", data=ROOT / "datasets")
    assert grades.isolation.startswith("NO SANDBOX")
    assert "NO SANDBOX" in repr(grades)
    assert grades.wide()["q1"].tolist() == ["not attempted", "not yet"]


def test_the_answers_are_taken_out_without_loading_the_grader():
    """The cell the grader adds to each learner's notebook imports only the answers module:
    the grader's own modules (pandas, nbformat, every exercise set) cost seconds per notebook."""
    import subprocess
    import sys

    code = ("import sys, saleslab.grading.answers\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'nbformat', 'pandas'}\n"
            "             or m.startswith(('saleslab.exercises', 'saleslab.grading.run'))))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "[]"


def test_the_worker_kernel_client_waits_in_slices(monkeypatch):
    """The worker starts its kernel through nbclient's ``setup_kernel``, whose synchronous
    ``start_new_kernel_client`` once bypassed ExecutionClient's sliced waits: dashboard cells
    then sat out their whole cell timeout now and then, and two jobs looked serialised."""
    from types import SimpleNamespace

    from nbclient import NotebookClient

    from saleslab.nbtools import ExecutionClient

    async def get_msg(timeout=None):
        return {}

    fake = SimpleNamespace(shell_channel=SimpleNamespace(get_msg=get_msg),
                           iopub_channel=SimpleNamespace(get_msg=get_msg))

    async def started(self):
        return fake

    monkeypatch.setattr(NotebookClient, "async_start_new_kernel_client", started)
    client = ExecutionClient(nbformat.v4.new_notebook())
    assert client.start_new_kernel_client() is fake
    assert fake.shell_channel.get_msg.__name__ == "get_msg_in_slices"
    assert fake.iopub_channel.get_msg.__name__ == "get_msg_in_slices"


def test_each_sandbox_starts_with_the_graders_font_list(tmp_path, monkeypatch):
    """matplotlib scans every system font when its cache folder is empty, as it is in each
    new sandbox: the grader builds the list once and the worker copies it in."""
    from concurrent.futures import ThreadPoolExecutor

    from saleslab.grading import sandbox, worker
    from saleslab.grading.sandbox import font_list

    sandbox._build_font_list.cache_clear()
    with ThreadPoolExecutor(2) as pool:  # the slots ask at once: one folder, never one removed in use
        first, second = pool.map(lambda _: font_list(), range(2))
    fonts = font_list()
    assert fonts is not None and first is second is fonts, "built once per grading process"
    assert Path(fonts.name).stat().st_mode & 0o005 == 0o005, "the sandbox's own user reads it"
    worker.copy_font_list(fonts.name, str(tmp_path))
    assert [p.name for p in (tmp_path / "mpl").iterdir()] == [p.name for p in Path(fonts.name).iterdir()]
    worker.copy_font_list(None, str(tmp_path / "other"))  # no list: matplotlib builds its own


def test_two_jobs_run_two_learners_at_once(tmp_path, monkeypatch):
    """With ``jobs=2`` two learners' sandboxes run at the same time, each in its own slot: each
    stand-in sandbox answers only once the other one has started (a barrier, no timing
    asserted); a learner's notebooks share one sandbox."""
    import threading

    from saleslab.grading import run as grading

    both_running = threading.Barrier(2, timeout=60)
    slots = []

    def sandbox(notebooks, folder, limits, slot=0):
        slots.append((slot, len(notebooks)))
        both_running.wait()  # BrokenBarrierError, an "error" row, if the other never starts
        for _notebook_here in notebooks:
            yield Outcome("{}", None)

    monkeypatch.setattr(grading, "run_learner", sandbox)
    for learner in ("ana", "ben"):
        for name in ("01_target_setting_exercises.ipynb", "02_funnel_design_exercises.ipynb"):
            _notebook(tmp_path / "subs" / learner / name, "last_year = 1")
    table = grade_submissions(tmp_path / "subs", data=ROOT / "datasets", jobs=2).table
    assert sorted(slots) == [(0, 2), (1, 2)]
    assert set(table["status"]) == {"not attempted"} and set(table["note"]) == {""}
