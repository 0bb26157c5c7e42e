"""Learner editions: the source notebook of an exercise set without its solutions.

A source notebook holds the questions, the solution cells (tag ``solution``) and the
self-test cells (tag ``selftest``). :func:`learner_edition` writes the copy a learner gets:
the same cells minus the tagged ones, with no outputs. It never overwrites a learner file
whose cells differ from a fresh generation (the learner may have written in it) unless
``force`` is given.

>>> source = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = ____"),
...     nbformat.v4.new_code_cell("x = 2", metadata={"tags": ["solution"]})])
>>> [cell.source for cell in learner_cells(source).cells]
['x = ____']
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from ..nbtools import clear_outputs

#: Cells with one of these tags are left out of the learner edition.
REMOVED_TAGS = frozenset({"solution", "selftest"})


def learner_cells(source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``source`` without solution and self-test cells, outputs cleared."""
    if not isinstance(source, nbformat.NotebookNode):
        raise TypeError(f"`source` must be a notebook (nbformat), got {type(source).__name__}")
    notebook = copy.deepcopy(source)
    notebook.cells = [cell for cell in notebook.cells
                      if not REMOVED_TAGS & set(cell.metadata.get("tags", []))]
    return clear_outputs(notebook)


def _sources(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def is_current(source_path: Path | str, out_path: Path | str) -> bool:
    """True when ``out_path`` has exactly the cells a fresh generation from ``source_path``
    would write (outputs do not count: running a notebook is not writing in it)."""
    fresh = learner_cells(nbformat.read(Path(source_path), as_version=4))
    existing = nbformat.read(Path(out_path), as_version=4)
    return _sources(existing) == _sources(fresh)


def learner_edition(source_path: Path | str, out_path: Path | str, *, force: bool = False) -> bool:
    """Write the learner edition of ``source_path`` to ``out_path``; True if written.

    An existing ``out_path`` with the same cells is left as it is (its stored outputs kept)
    and False is returned. One whose cells differ is refused with ValueError, since nothing
    a learner wrote is ever overwritten, unless ``force`` is true.
    """
    source_path, out_path = Path(source_path), Path(out_path)
    if source_path.suffix != ".ipynb" or not source_path.is_file():
        raise ValueError(f"`source_path` must be an existing .ipynb file, got {str(source_path)!r}")
    if out_path.suffix != ".ipynb" or out_path.is_dir():
        raise ValueError(f"`out_path` must be a .ipynb file name, got {str(out_path)!r}")
    if out_path.resolve() == source_path.resolve():
        raise ValueError("`out_path` must differ from `source_path`: the source keeps its solutions")
    if out_path.exists() and not force:
        if is_current(source_path, out_path):
            return False
        raise ValueError(
            f"`out_path` {str(out_path)!r} differs from a fresh learner edition (someone may have "
            "written in it); pass force=True to replace it"
        )
    notebook = learner_cells(nbformat.read(source_path, as_version=4))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, out_path)
    return True
