"""Every question of every exercise set, at the course's seed and at other seeds (7, 11, and
the team seeds of `saleslab handout --seed 11 --teams 3`): the reference solution passes,
each known wrong answer fails with its message, each misconception is recognised. Expected
answers come from the data in use, so a trainer's new seed works too."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from saleslab.cli import main
from saleslab.course import COURSE
from saleslab.exercises import exercise_sets
from saleslab.exercises.choice import ChoiceQuestion
from saleslab.exercises.core import Data
from saleslab.exercises.edition import is_current
from saleslab.nbtools import execute_notebook
from saleslab.exercises.selftest import cases, namespace, run
from saleslab.handout import team_seeds

OTHER_SEED = 7
# Seeds a trainer really hands out: two plain ones and the teams of `--seed 11 --teams 3`.
OTHER_SEEDS = (OTHER_SEED, 11, *team_seeds(11, 3))
SETS = {s.notebook: s for s in exercise_sets()}


def _depends_on_seed(exercise_set, case) -> bool:
    """False for the cases of a choice whose options and key are fixed, and for odd answers:
    they behave the same at every seed, so the default seed is enough."""
    question = exercise_set[case.exercise].question
    return not isinstance(question, ChoiceQuestion) or (question.from_data and not case.kind.startswith("odd"))


CASES = [pytest.param(seed, notebook, case, id=f"seed{seed or 'default'}-{notebook.split('/')[-1][:2]}-{case.id}",
                      marks=[pytest.mark.slow] if seed else [])
         for seed in (None, *OTHER_SEEDS) for notebook, s in SETS.items() for case in cases(s)
         if seed is None or _depends_on_seed(s, case)]


@pytest.fixture(scope="session")
def other_seed_folder(datasets_at):
    return datasets_at(OTHER_SEED)


@pytest.fixture(scope="session")
def prepared():
    """The setup namespace and data of each (set, seed), made once per session."""
    return {}


@pytest.fixture(autouse=True)
def _no_progress_at_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESLAB_PROGRESS", str(tmp_path / "progress.jsonl"))


@pytest.mark.parametrize("seed, notebook, case", CASES)
def test_case_behaves_as_intended(seed, notebook, case, datasets_at, prepared, monkeypatch, capsys):
    if seed is None:
        monkeypatch.delenv("SALESLAB_DATA", raising=False)
    else:
        monkeypatch.setenv("SALESLAB_DATA", str(datasets_at(seed)))
    exercise_set = SETS[notebook]
    if (notebook, seed) not in prepared:
        prepared[notebook, seed] = (namespace(exercise_set), Data())
    base, data = prepared[notebook, seed]
    assert run(exercise_set, case, base, data) is None


def test_every_set_has_enough_questions_each_with_a_wrong_answer():
    assert len(SETS) >= 2
    for exercise_set in SETS.values():
        assert 4 <= len(exercise_set.exercises) <= 10
        for exercise in exercise_set.exercises:
            assert exercise.question.wrong, exercise


def test_the_other_seed_really_gives_other_expected_answers(other_seed_folder, monkeypatch):
    first = SETS["exercises/01_target_setting_exercises.ipynb"].exercises[0].question
    default = first.expected(Data())
    monkeypatch.setenv("SALESLAB_DATA", str(other_seed_folder))
    assert first.expected(Data()) != default


# -- the notebooks: one source per set, a learner edition generated from it --------------

SOURCES = ROOT / "src" / "saleslab" / "exercises" / "sources"
NOTEBOOK_SETS = [pytest.param(s, id=notebook.split("/")[-1]) for notebook, s in SETS.items()]


def _code(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize("exercise_set", NOTEBOOK_SETS)
def test_the_learner_edition_is_generated_from_the_source(exercise_set):
    source = SOURCES / Path(exercise_set.notebook).name
    assert is_current(source, ROOT / exercise_set.notebook), "regenerate it with learner_edition(..., force=True)"
    code = _code(source)
    assert code[0].source.startswith(exercise_set.setup)
    solutions = [c.source for c in code if "solution" in c.metadata.get("tags", [])]
    assert solutions == [exercise.question.solution for exercise in exercise_set.exercises]
    assert any("selftest" in c.metadata.get("tags", []) for c in code)


@pytest.mark.parametrize("exercise_set", NOTEBOOK_SETS)
def test_the_learner_edition_says_not_attempted_at_every_check(exercise_set):
    path = ROOT / exercise_set.notebook
    meta = nbformat.read(path, as_version=4).metadata["saleslab"]
    minutes = next(entry.minutes for entry in COURSE if entry.path == exercise_set.notebook)
    assert meta["minutes"] == {"teaching": 0, "exercises": minutes}
    code = _code(path)
    checks = [c for c in code if ".check()" in c.source]
    assert [c.source.split(".")[0] for c in checks] == exercise_set.names
    for cell in checks:
        assert [o.text for o in cell.outputs] == [
            "Not attempted: replace `____` with your answer, then run this cell again.\n"]
    blanks = [c for c in code if c.source.split("=")[0].strip() in
              {e.question.variable for e in exercise_set.exercises}]
    assert len(blanks) == len(exercise_set.exercises) and all("= ____" in c.source for c in blanks)
    assert not any(e.question.solution in c.source for e in exercise_set.exercises for c in code)


@pytest.mark.slow
def test_a_run_of_the_solution_notebook_shows_in_saleslab_progress(tmp_path, monkeypatch, capsys):
    exercise_set = SETS["exercises/02_funnel_design_exercises.ipynb"]
    path = tmp_path / "progress.jsonl"
    monkeypatch.setenv("SALESLAB_PROGRESS", str(path))
    monkeypatch.setenv("SALESLAB_HOME", str(ROOT))
    notebook = tmp_path / "solution.ipynb"
    notebook.write_bytes((SOURCES / Path(exercise_set.notebook).name).read_bytes())
    execute_notebook(notebook)
    checks = [c for c in _code(notebook) if ".check()" in c.source]
    assert all(c.outputs[0].text.startswith("Correct — ") for c in checks)
    assert main(["progress", "--file", str(path)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(exercise_set.notebook))
    assert row.split()[1:] == ["8", "8", "0", "0"]
