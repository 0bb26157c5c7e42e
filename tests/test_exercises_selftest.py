"""Every question of every exercise set, at the course's seed and at seed 7: the reference
solution passes, each known wrong answer fails with its message, each misconception is
recognised. Expected answers come from the data in use, so a trainer's new seed works too."""

from __future__ import annotations

import pytest

from saleslab.data import write_datasets
from saleslab.exercises import exercise_sets
from saleslab.exercises.core import Data
from saleslab.exercises.selftest import cases, namespace, run

OTHER_SEED = 7
SETS = {s.notebook: s for s in exercise_sets()}
CASES = [pytest.param(seed, notebook, case, id=f"seed{seed or 'default'}-{notebook.split('/')[-1][:2]}-{case.id}",
                      marks=[pytest.mark.slow] if seed else [])
         for seed in (None, OTHER_SEED) for notebook, s in SETS.items() for case in cases(s)]


@pytest.fixture(scope="session")
def other_seed_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"data_seed{OTHER_SEED}")
    write_datasets(folder, seed=OTHER_SEED)
    return folder


@pytest.fixture(scope="session")
def prepared():
    """The setup namespace and data of each (set, seed), made once per session."""
    return {}


@pytest.fixture(autouse=True)
def _no_progress_at_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESLAB_PROGRESS", str(tmp_path / "progress.jsonl"))


@pytest.mark.parametrize("seed, notebook, case", CASES)
def test_case_behaves_as_intended(seed, notebook, case, request, prepared, monkeypatch, capsys):
    if seed is None:
        monkeypatch.delenv("SALESLAB_DATA", raising=False)
    else:
        monkeypatch.setenv("SALESLAB_DATA", str(request.getfixturevalue("other_seed_folder")))
    exercise_set = SETS[notebook]
    if (notebook, seed) not in prepared:
        prepared[notebook, seed] = (namespace(exercise_set), Data())
    base, data = prepared[notebook, seed]
    assert run(exercise_set, case, base, data) is None


def test_every_set_has_enough_questions_each_with_a_wrong_answer():
    assert len(SETS) >= 2
    for exercise_set in SETS.values():
        assert 4 <= len(exercise_set.exercises) <= 8
        for exercise in exercise_set.exercises:
            assert exercise.question.wrong, exercise


def test_the_other_seed_really_gives_other_expected_answers(other_seed_folder, monkeypatch):
    first = SETS["exercises/01_target_setting_exercises.ipynb"].exercises[0].question
    default = first.expected(Data())
    monkeypatch.setenv("SALESLAB_DATA", str(other_seed_folder))
    assert first.expected(Data()) != default
