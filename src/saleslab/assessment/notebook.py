"""The learner notebooks of the knowledge check, written from the items themselves, so the
questions a learner reads are the ones graded.

``python -m saleslab.assessment.notebook`` rewrites ``exercises/check_pre.ipynb`` and
``exercises/check_post.ipynb`` (without outputs; then ``saleslab execute`` each) in the
order of the course data's seed; the handout writes each folder's in its own order
(:func:`saleslab.assessment.order.order_for`).

>>> cells = check_notebook("pre", "BA").cells
>>> cells[1].source.splitlines()[-2:]
['from saleslab.assessment import pre_b as check', 'check.bind(globals())']
>>> cells[3].source, cells[4].source
('answer1 = ____', 'q1.check()')
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from ..course import project_root
from ..data import DEFAULT_SEED
from ..i18n import N_, _
from .checks import SETUP, check_set
from .objectives import OBJECTIVES
from .order import MOMENTS, form_at, order_for

MINUTES = 15
#: The check notebooks (a path in the course folder) and the moment each is taken at.
CHECK_NOTEBOOKS = {f"exercises/check_{moment}.ipynb": moment for moment in MOMENTS}
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
ORDER_NOTE = {
    "pre": N_("You take **form {now}** now and form {other} at the end of the course. Half the "
              "class takes the two forms in the other order, so that one form being a little "
              "easier does not count as learning."),
    "post": N_("This is **form {now}**; at the start of the course you took form {other}."),
}


def check_notebook(which: str, order: str | None = None) -> nbformat.NotebookNode:
    """The learner notebook of the ``"pre"`` or ``"post"`` check in ``order`` ("AB"/"BA";
    default: the order of the course data's seed), without outputs."""
    if which not in MOMENTS:
        raise ValueError(f"`which` must be 'pre' or 'post', got {which!r}")
    order = order_for(DEFAULT_SEED) if order is None else order
    form, other = form_at(order, which), form_at(order, MOMENTS[1 - MOMENTS.index(which)])
    check = check_set(which, form)
    new_md, new_code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    intro = _(INTRO[which]).format(minutes=MINUTES) + "\n\n" + _(ORDER_NOTE[which]).format(now=form, other=other)
    cells = [new_md(intro), new_code(f"{SETUP}\nfrom saleslab.assessment import {which}_{form.lower()} as "
                                     "check\ncheck.bind(globals())")]
    for number, (item, exercise) in enumerate(zip(check.items, check.exercises), start=1):
        cells += [new_md(item.markdown(number)), new_code(f"{exercise.question.variable} = ____"),
                  new_code(f"q{number}.check()")]
    cells.append(new_md(_("Done: save this notebook and hand it in as your trainer asks.")))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["saleslab"] = {
        "title": _(check.title),
        "form": form,
        "objectives": [_(OBJECTIVES[item.objective].text) for item in check.items],
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
    for relative, which in CHECK_NOTEBOOKS.items():
        path = base / relative
        nbformat.write(check_notebook(which), path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_notebooks(sys.argv[1] if len(sys.argv) > 1 else None):
        print(path)
