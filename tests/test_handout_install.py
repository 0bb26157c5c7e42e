"""A learner installs the course from the handout alone (issue 14): a fresh virtual
environment, the handout folder and the one command in its README. With --no-solutions
no solution text is in the handout or in what it installs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from saleslab.assessment.forms import FORM_A, FORM_B
from saleslab.exercises import exercise_sets
from saleslab.handout import write_handout
from saleslab.handout_install import blank_solutions, build_wheel, withhold_solutions

SOLUTIONS = [e.question.solution for s in exercise_sets() for e in s.exercises]
FORM_EXPLANATIONS = [feedback for form in (FORM_A, FORM_B) for item in form for _l, _t, feedback in item.options()]


def test_blanking_leaves_every_other_argument_alone():
    source = 'Q(title="a", solution="""x = 1\ny = 2""", hints=("h",))\nsolution = "kept"'
    assert blank_solutions(source) == 'Q(title="a", solution="", hints=("h",))\nsolution = "kept"'


def test_a_learner_notebook_loses_its_solution_mentions():
    markdown = nbformat.v4.new_markdown_cell("Stuck? Try `q1.hint()` (`q1.hint(2)`) or `q1.solution()`, then rerun.")
    notebook = withhold_solutions(nbformat.v4.new_notebook(cells=[markdown]))
    assert "solution" not in notebook.cells[0].source


@pytest.mark.slow
def test_a_fresh_venv_runs_the_course_from_the_handout_alone(tmp_path):
    wheel = build_wheel(tmp_path / "built", solutions=False)
    folder = tmp_path / "handout"
    write_handout(folder, seed=7, solutions=False, wheel=wheel)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "withheld" in readme
    [command] = re.findall(r"```\n(python3 -m venv .+)\n```", readme)
    command = command.replace("python3 ", f"{sys.executable} ", 1)
    subprocess.run(command, shell=True, cwd=folder, check=True, capture_output=True, timeout=1500)
    python = folder / ".venv/bin/python"
    shown = subprocess.run(
        [str(python), "-c", "from saleslab.exercises import module1\nmodule1.q1.solution()\n"
                            "from saleslab.assessment import pre_a, forms\npre_a.q1.check({'answer1': 'c'})\n"
                            "print(sorted({i.answer for i in forms.FORM_A + forms.FORM_B}))\n"
                            "from saleslab.data import load\nprint(len(load('territories')))"],
        cwd=folder / "notebooks", capture_output=True, text=True, timeout=300)
    assert shown.returncode == 0, shown.stderr
    assert "withheld" in shown.stdout and shown.stdout.strip().endswith("30")
    assert "Answer recorded: your trainer scores the check.\n['']\n" in shown.stdout  # no key
    assert (folder / ".venv/bin/saleslab").exists() and (folder / ".venv/bin/jupyter").exists()
    installed = folder / ".venv/lib"
    assert list(installed.rglob("saleslab/locale/zh_CN/LC_MESSAGES/saleslab.mo"))  # built, not committed
    texts = [p.read_text(encoding="utf-8", errors="replace")
             for p in [*installed.rglob("saleslab/**/*.py"), *installed.rglob("saleslab/**/*.ipynb"),
                       *(folder / "exercises").glob("*.ipynb")]]
    assert texts and not any(solution in text for solution in SOLUTIONS if len(solution) > 12
                             for text in texts)
    assert not any(explanation in text for explanation in FORM_EXPLANATIONS for text in texts)
    assert not any("q1.solution()" in text for text in texts if text.lstrip().startswith("{"))
