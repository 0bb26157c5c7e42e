"""The learner handout: no solutions, cleared outputs, fresh data that the notebooks find,
one folder per team with its own data, and never a learner's file overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from saleslab.cli import main
from saleslab.course import project_root
from saleslab.data import DATASETS, load, validate_folder
from saleslab.exercises import module1
from saleslab.exercises.core import Data
from saleslab.exercises.edition import REMOVED_TAGS
from saleslab.exercises.selftest import cases, namespace, run
from saleslab.handout import course_sources, team_seeds, write_handout

SEED = 11


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    out = tmp_path_factory.mktemp("handout")
    return write_handout(out, seed=SEED, root=ROOT)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_handout_holds_every_ready_notebook_and_dataset(handout):
    files = set(_snapshot(handout.out))
    expected = set(course_sources(ROOT)) | {f"datasets/{n}.csv" for n in DATASETS}
    assert expected | {"datasets/datapackage.json", "README.md"} == files
    assert {"notebooks/00_start_here.ipynb", "exercises/01_target_setting_exercises.ipynb"} <= files
    assert handout.written and not (handout.unchanged or handout.kept or handout.replaced)


def test_exercises_have_no_solutions_and_notebooks_no_outputs(handout):
    for path in handout.out.rglob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        assert all(cell.get("outputs", []) == [] for cell in notebook.cells), path
        assert "widgets" not in notebook.metadata, path
        tags = {t for cell in notebook.cells for t in cell.metadata.get("tags", [])}
        assert not tags & REMOVED_TAGS, path
    learner = nbformat.read(handout.out / "exercises/01_target_setting_exercises.ipynb", as_version=4)
    assert "____" in "".join(cell.source for cell in learner.cells)


def test_datasets_are_made_at_the_seed_and_validate(handout):
    folder = handout.out / "datasets"
    assert validate_folder(folder) == []
    assert json.loads((folder / "datapackage.json").read_text())["seed"] == SEED
    assert (folder / "kpi_shifts.csv").is_file(), "module 3 loads the answer key for its reveal"
    assert f"seed {SEED}" in (handout.out / "README.md").read_text()


def test_the_handout_folder_is_its_own_course_folder(handout, monkeypatch):
    for variable in ("SALESLAB_DATA", "SALESLAB_HOME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(handout.out / "exercises")
    assert project_root() == handout.out.resolve()
    expected = load("sales_history", handout.out / "datasets")
    assert load("sales_history").equals(expected)


def test_running_twice_changes_no_learner_file(tmp_path):
    write_handout(tmp_path, seed=SEED, root=ROOT)
    exercise = tmp_path / "exercises/01_target_setting_exercises.ipynb"
    answered = nbformat.read(exercise, as_version=4)
    blank = next(c for c in answered.cells if c.cell_type == "code" and "= ____" in c.source)
    blank.source = blank.source.replace("____", "42", 1)
    nbformat.write(answered, exercise)
    module = tmp_path / "notebooks/01_target_setting.ipynb"
    ran = nbformat.read(module, as_version=4)
    next(c for c in ran.cells if c.cell_type == "code").outputs = [
        nbformat.v4.new_output("stream", text="the learner ran it\n")]
    nbformat.write(ran, module)
    before = _snapshot(tmp_path)

    again = write_handout(tmp_path, seed=SEED, root=ROOT)

    assert _snapshot(tmp_path) == before
    assert again.kept == (exercise,)
    assert module in again.unchanged and not again.written and not again.replaced
    assert str(exercise) in repr(again)


@pytest.mark.slow
def test_another_seed_keeps_the_data_and_force_replaces_it(tmp_path):
    write_handout(tmp_path, seed=SEED, root=ROOT)
    before = _snapshot(tmp_path)
    other = write_handout(tmp_path, seed=SEED + 1, root=ROOT)
    assert _snapshot(tmp_path) == before
    assert tmp_path / "datasets/sales_history.csv" in other.kept
    forced = write_handout(tmp_path, seed=SEED + 1, force=True, root=ROOT)
    assert tmp_path / "datasets/sales_history.csv" in forced.replaced
    assert json.loads((tmp_path / "datasets/datapackage.json").read_text())["seed"] == SEED + 1
    assert validate_folder(tmp_path / "datasets") == []


def test_a_deleted_file_is_written_again(tmp_path):
    write_handout(tmp_path, seed=SEED, root=ROOT)
    (tmp_path / "exercises/02_funnel_design_exercises.ipynb").unlink()
    again = write_handout(tmp_path, seed=SEED, root=ROOT)
    assert again.written == (tmp_path / "exercises/02_funnel_design_exercises.ipynb",)


@pytest.mark.slow
def test_three_teams_get_their_own_data_and_the_checks_hold(tmp_path, monkeypatch):
    made = write_handout(tmp_path, seed=SEED, teams=3, root=ROOT)
    seeds = team_seeds(SEED, 3)
    folders = [tmp_path / f"team{k}" for k in (1, 2, 3)]
    assert made.folders == tuple(zip(folders, seeds))
    assert (tmp_path / "teams.csv").read_text().splitlines()[1:] == [
        f"{k},team{k},{seed}" for k, seed in enumerate(seeds, start=1)]
    solutions = [case for case in cases(module1.SET) if case.kind == "solution"]
    first_answers = set()
    for folder, seed in zip(folders, seeds):
        data = folder / "datasets"
        assert validate_folder(data) == []
        assert json.loads((data / "datapackage.json").read_text())["seed"] == seed
        assert "team" in (folder / "README.md").read_text()
        monkeypatch.setenv("SALESLAB_DATA", str(data))
        base = namespace(module1.SET)
        assert [run(module1.SET, case, base, Data()) for case in solutions] == [None] * len(solutions)
        first_answers.add(module1.SET["q1"].question.expected(Data()))
    assert len(first_answers) == 3, "each team's answers differ"
    assert len({(f / "datasets/crm_events.csv").read_bytes() for f in folders}) == 3
    before = _snapshot(tmp_path)
    again = write_handout(tmp_path, seed=SEED, teams=3, root=ROOT)
    assert _snapshot(tmp_path) == before and len(again.unchanged) == len(before)


def test_team_seeds_are_stable_and_distinct():
    assert team_seeds(SEED, 5)[:3] == team_seeds(SEED, 3)
    assert len(set(team_seeds(SEED, 100))) == 100
    assert team_seeds(SEED, 2) != team_seeds(SEED + 1, 2)


def test_only_notebooks_that_exist_are_handed_out(tmp_path):
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "notebooks/00_start_here.ipynb")
    found = course_sources(tmp_path)
    assert "notebooks/00_start_here.ipynb" in found
    assert "notebooks/01_target_setting.ipynb" not in found
    assert found["exercises/01_target_setting_exercises.ipynb"].parent.name == "sources"


@pytest.mark.parametrize("argv, says", [
    (["--teams", "0"], "`teams` must be a whole number from 1 to 100, got 0"),
    (["--seed", "-1"], "`seed` must be a whole number 0 or more, got -1"),
])
def test_bad_arguments_give_one_line(tmp_path, capsys, argv, says):
    assert main(["handout", "--out", str(tmp_path / "h"), *argv]) == 2
    error = capsys.readouterr().err
    assert error == f"saleslab handout: {says}\n"
    assert not (tmp_path / "h").exists()


def test_out_must_be_a_folder_and_not_the_course(tmp_path, capsys):
    file = tmp_path / "notes.txt"
    file.write_text("x")
    assert main(["handout", "--out", str(file)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    with pytest.raises(ValueError, match="must not be the course folder"):
        write_handout(ROOT, root=ROOT)


def test_the_command_reports_what_it_did(tmp_path, capsys):
    assert main(["handout", "--out", str(tmp_path), "--seed", str(SEED)]) == 0
    assert main(["handout", "--out", str(tmp_path), "--seed", str(SEED)]) == 0
    last = capsys.readouterr().out.strip().splitlines()
    assert "0 written" in last[-2] and "0 kept" in last[-2]
