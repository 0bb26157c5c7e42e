"""The exercises README and each notebook state every exercise set's questions and minutes as
the package does."""

from __future__ import annotations

import importlib
import re

import nbformat

from conftest import ROOT
from saleslab.course import COURSE

SETS = {"01_target_setting": "module1", "02_funnel_design": "module2", "03_monitoring": "module3",
        "04_improvement": "module4", "05_pipeline_and_team": "module5",
        "case1_b2b_followup": "case1", "case2_retail_complaints": "case2",
        "case3_manufacturing_training": "case3"}


def test_the_readme_table_gives_each_sets_questions_and_minutes():
    text = (ROOT / "exercises" / "README.md").read_text(encoding="utf-8")
    rows = dict((name, (int(q), int(m))) for name, q, m in
                re.findall(r"^\| `(\w+)_exercises\.ipynb` \| (\d+) \| (\d+) \|$", text, re.MULTILINE))
    minutes = {entry.path: entry.minutes for entry in COURSE}
    assert set(rows) == set(SETS)
    for name, module in SETS.items():
        questions = len(importlib.import_module(f"saleslab.exercises.{module}").SET.exercises)
        assert rows[name] == (questions, minutes[f"exercises/{name}_exercises.ipynb"]), name


def test_each_notebook_states_the_minutes_of_its_exercise_set():
    """The "**Time:** ..., then N minutes of exercises" line and the notebook's metadata agree
    with the minutes the course map gives its exercise set."""
    minutes = {entry.path: entry.minutes for entry in COURSE}
    for name in SETS:
        folder = "cases" if name.startswith("case") else "notebooks"
        notebook = nbformat.read(ROOT / folder / f"{name}.ipynb", as_version=4)
        wanted = minutes[f"exercises/{name}_exercises.ipynb"]
        stated = re.search(r"then (\d+) minutes of\s+\[exercises\]", notebook.cells[0].source)
        assert stated and int(stated.group(1)) == wanted, name
        assert notebook.metadata["saleslab"]["minutes"]["exercises"] == wanted, name
