"""The learner notebooks of the knowledge check, written from the items themselves, so the
questions a learner reads are the ones graded.

``python -m saleslab.assessment.notebook`` rewrites ``exercises/check_pre.ipynb`` and
``exercises/check_post.ipynb`` (without outputs; then ``saleslab execute`` each).

>>> cells = check_notebook("pre").cells
>>> cells[1].source.splitlines()[-2:]
['from saleslab.assessment import pre as check', 'check.bind(globals())']
>>> cells[3].source, cells[4].source
('answer1 = ____', 'q1.check()')
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from ..course import project_root
from ..i18n import N_, _
from .checks import POST, PRE, SETUP, CheckSet
from .objectives import OBJECTIVES

MINUTES = 15
INTRO = {
    "pre": N_("# Knowledge check: before the course\n\n"
              "Ten short questions on what the course teaches, about {minutes} minutes. It is not "
              "a test of you: it shows the trainer where the class starts, and at the end of the "
              "course a second check of the same kind shows what changed. Answer alone, without "
              "the notebooks; if you do not know, choose the option that seems best.\n\n"
              "For each question set `answerN` to one letter in quotes (for example "
              "`answer1 = \"b\"`), then run the check cell: it records your answer. Run the first "
              "code cell before you start."),
    "post": N_("# Knowledge check: after the course\n\n"
               "Ten short questions, about {minutes} minutes, of the same kind as the check you "
               "took at the start (not the same questions). Answer alone, without the notebooks.\n\n"
               "For each question set `answerN` to one letter in quotes (for example "
               "`answer1 = \"b\"`), then run the check cell: it records your answer. Your trainer "
               "goes through the answers once everyone has handed in."),
}
SETS: dict[str, CheckSet] = {"pre": PRE, "post": POST}


def check_notebook(which: str) -> nbformat.NotebookNode:
    """The learner notebook of the ``"pre"`` or ``"post"`` check, without outputs."""
    if which not in SETS:
        raise ValueError(f"`which` must be 'pre' or 'post', got {which!r}")
    check = SETS[which]
    new_md, new_code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [new_md(_(INTRO[which]).format(minutes=MINUTES)),
             new_code(f"{SETUP}\nfrom saleslab.assessment import {which} as check\ncheck.bind(globals())")]
    for number, (item, exercise) in enumerate(zip(check.form, check.exercises), start=1):
        cells += [new_md(item.markdown(number)), new_code(f"{exercise.question.variable} = ____"),
                  new_code(f"{exercise.name}.check()")]
    cells.append(new_md(_("Done: save this notebook and hand it in as your trainer asks.")))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["saleslab"] = {
        "title": _(check.title),
        "objectives": [_(OBJECTIVES[item.objective].text) for item in check.form],
        "key_points": [_("Ten questions, one per course objective."),
                       _("Answer alone, without the notebooks."),
                       _("A check records your answer; the answers come after the course.")],
        "minutes": {"teaching": MINUTES, "exercises": 0},
    }
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return notebook


def write_notebooks(root: Path | str | None = None) -> list[Path]:
    """Write both check notebooks under ``root`` (default: the course folder)."""
    base = project_root() if root is None else Path(root)
    written = []
    for which, check in SETS.items():
        path = base / check.notebook
        nbformat.write(check_notebook(which), path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_notebooks(sys.argv[1] if len(sys.argv) > 1 else None):
        print(path)
