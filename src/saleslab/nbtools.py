"""Find, clear and execute the course notebooks so stored outputs are real and diffs quiet.

>>> clear_outputs(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])).cells[0].outputs
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import nbformat
from nbclient import NotebookClient

COURSE_DIRS = ("notebooks", "cases", "exercises")
KERNEL = "python3"


def course_notebooks(root: Path | str = ".") -> list[Path]:
    """Every committed course notebook under ``root``, in course order.

    Checkpoint copies and notebooks in hidden folders are skipped.
    """
    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"`root` must be an existing folder, got {str(root)!r}")
    found = []
    for folder in COURSE_DIRS:
        for path in sorted((root / folder).rglob("*.ipynb")):
            if not any(part.startswith(".") for part in path.relative_to(root).parts):
                found.append(path)
    return found


def clear_outputs(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs, execution counts and saved widget state (changed in place, returned)."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)
    return notebook


def execute_notebook(path: Path | str, timeout: int = 600) -> Path:
    """Clear a notebook, run it top to bottom in its own folder and save it in place."""
    path = Path(path)
    if path.suffix != ".ipynb" or not path.is_file():
        raise ValueError(f"`path` must be an existing .ipynb file, got {str(path)!r}")
    notebook = clear_outputs(nbformat.read(path, as_version=4))
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL,
        timeout=timeout,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    client.execute()
    nbformat.write(notebook, path)
    return path


def execute_all(paths: Iterable[Path | str]) -> list[Path]:
    """Execute each notebook in turn; stop at the first one that fails."""
    return [execute_notebook(path) for path in paths]
