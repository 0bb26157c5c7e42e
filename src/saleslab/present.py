"""Presenter mode: a case dashboard as an app, code hidden, for projecting in a workshop.

``saleslab present case1`` serves the case notebook with Voilà on this computer only
(127.0.0.1) and opens it in the browser; learners keep working in JupyterLab.

>>> presenter_command("case1", port=8866, root=Path("/course"))[-3:]
['--port=8866', '--Voila.ip=127.0.0.1', '--no-browser']
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .course import project_root
from .validate import check_whole

CASES: dict[str, str] = {
    "case1": "cases/case1_b2b_followup.ipynb",
    "case2": "cases/case2_retail_complaints.ipynb",
    "case3": "cases/case3_manufacturing_training.ipynb",
}


def notebook_for(case: str, root: Path) -> Path:
    """The notebook to present: a case name (``case1``…) or a path to a notebook."""
    if case in CASES:
        path = root / CASES[case]
    elif case.endswith(".ipynb"):
        path = Path(case) if Path(case).is_absolute() else root / case
    else:
        raise ValueError(f"`case` must be one of {sorted(CASES)} or a notebook path, got {case!r}")
    if not path.is_file():
        raise FileNotFoundError(f"no notebook at {str(path)!r}")
    return path


def presenter_command(case: str, port: int = 8866, root: Path | None = None,
                      open_browser: bool = False) -> list[str]:
    """The Voilà command line that serves ``case`` on loopback with code hidden."""
    root = project_root() if root is None else Path(root)
    port = check_whole("port", port, minimum=1024, maximum=65535)
    path = root / CASES[case] if case in CASES else notebook_for(case, root)
    command = [sys.executable, "-m", "voila", str(path), "--strip_sources=True",
               f"--port={port}", "--Voila.ip=127.0.0.1"]
    return command if open_browser else [*command, "--no-browser"]


def present(case: str, port: int = 8866, open_browser: bool = True) -> int:
    """Serve ``case`` until interrupted (Ctrl+C); returns Voilà's exit code."""
    root = project_root()
    notebook_for(case, root)
    try:
        return subprocess.call(presenter_command(case, port, root, open_browser), cwd=root)
    except KeyboardInterrupt:
        return 0
