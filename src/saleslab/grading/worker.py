"""The grading worker: runs one learner's notebook inside the sandbox and prints its answers.

``python -m saleslab.grading.worker`` reads a request (JSON on stdin: the notebook, the answer
variables, the limits, and the user id to drop to), sets the limits, drops root, runs every
cell in a fresh kernel, then asks the kernel for the answer variables as plain data
(:mod:`saleslab.grading.answers`). It prints one JSON line: ``{"answers": ..., "problem": ...}``.

Nothing here decides a grade: the grader compares the answers with expected values it
computes itself. The learner's code runs in the same sandbox and may tamper with this
process; the worst it can do is spoil its own answers.
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

#: What the kernel may see of the environment: nothing of the trainer's.
KERNEL_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp/home",
    "JUPYTER_RUNTIME_DIR": "/tmp/home/runtime", "IPYTHONDIR": "/tmp/home/ipython",
    "MPLCONFIGDIR": "/tmp/home/mpl", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "XDG_CACHE_HOME": "/tmp/home/cache",
}


def set_limits(limits: dict[str, int]) -> None:
    """Soft and hard limits for this process and everything it starts (hard: the learner's
    code cannot raise them again)."""
    for name, value in limits.items():
        kind = getattr(resource, name)
        resource.setrlimit(kind, (value, value))


def drop_root(uid: int | None) -> None:
    """Become ``uid`` (group too, no supplementary groups) when started as root."""
    if uid is not None and os.getuid() == 0:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)


def copy_font_list(fonts: str | None) -> None:
    """Give the kernel the grader's matplotlib font list (a copy: the kernel may write its
    own), so it does not scan every system font again."""
    target = Path(KERNEL_ENV["MPLCONFIGDIR"])
    target.mkdir(parents=True, exist_ok=True)
    for found in Path(fonts).glob("fontlist-*.json") if fonts else []:
        shutil.copyfile(found, target / found.name)


def _problem_of(notebook: Any) -> dict[str, Any] | None:
    for number, cell in enumerate((c for c in notebook.cells if c.cell_type == "code"), start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                text = str(output.get("evalue", "")).strip().splitlines()
                return {"cell": number, "name": str(output.get("ename", ""))[:80],
                        "text": text[0][:200] if text else ""}
    return None


#: What a cell shows when it was interrupted at its time limit.
TIMED_OUT = ("TimeLimit", "KeyboardInterrupt")
#: Seconds the grader's own cells may take (the notebook's wall-clock limit still holds).
EXTRACT_SECONDS = 120


def _run_cell(client: Any, cell: Any) -> None:
    client.nb.cells.append(cell)
    client.execute_cell(cell, len(client.nb.cells) - 1)


def _settle(client: Any, tries: int = 3) -> None:
    """After an interrupt, run empty cells until one finishes cleanly: a late interrupt
    lands in them, not in the extraction of the answers."""
    import nbformat

    for _try in range(tries):
        cell = nbformat.v4.new_code_cell("pass")
        _run_cell(client, cell)
        if not any(o.get("output_type") == "error" for o in cell.outputs):
            return


def run(request: dict[str, Any]) -> dict[str, Any]:
    """Execute the request's notebook and return its answers and first problem."""
    import nbformat
    from nbclient.exceptions import DeadKernelError

    from ..nbtools import ExecutionClient  # never sits on a reply after a widget cell

    work = request["work"]
    os.environ.update(KERNEL_ENV)  # jupyter_client looks up its folders from here
    os.makedirs(KERNEL_ENV["HOME"], exist_ok=True)
    os.makedirs(work, exist_ok=True)
    copy_font_list(request.get("fonts"))
    notebook = nbformat.reads(request["notebook"], as_version=4)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell in cells:
        cell.outputs, cell.execution_count = [], None
    notebook.cells = cells
    timeout = int(request["cell_timeout"])
    client = ExecutionClient(
        notebook, kernel_name=request["kernel"], timeout=timeout, allow_errors=True,
        record_timing=False, interrupt_on_timeout=True, resources={"metadata": {"path": work}},
        error_on_timeout={"ename": "TimeLimit", "evalue": f"a cell ran longer than {timeout} s"})
    env = {**KERNEL_ENV, **request["env"]}
    nonce = secrets.token_hex(16)
    extract = nbformat.v4.new_code_cell(
        f"import saleslab.grading.answers as _answers\n"
        f"print({nonce!r} + _answers.dump(globals(), {list(request['variables'])!r}))")
    problem = None
    answers = None
    try:
        with client.setup_kernel(env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
            for index, cell in enumerate(cells):
                client.execute_cell(cell, index)
                if any(o.get("ename") in TIMED_OUT for o in cell.outputs):
                    problem = {"stopped": f"a cell ran longer than {timeout} s"}
                    client.timeout = max(timeout, EXTRACT_SECONDS)
                    _settle(client)  # what ran before counts; the rest is not run
                    break
            problem = problem or _problem_of(client.nb)
            client.timeout = max(timeout, EXTRACT_SECONDS)  # importing pandas may take a while
            _run_cell(client, extract)
            text = "".join(o.get("text", "") for o in extract.outputs if o.get("name") == "stdout")
            found = [line[len(nonce):] for line in text.splitlines() if line.startswith(nonce)]
            answers = found[-1] if found else None
    except DeadKernelError:
        problem = {"stopped": "the kernel died"}
    except Exception as error:  # any failure is this learner's; the grader reports it
        problem = {"stopped": f"{type(error).__name__}: {str(error)[:200]}"}
    return {"answers": answers, "problem": problem}


def main() -> int:
    # nbformat imports jsonschema, which imports rfc3987_syntax when it is installed to check
    # IRI formats; that module builds a grammar at import, seconds per graded notebook. The
    # notebook schema has no IRI fields, so the worker goes without it.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
    request = json.loads(sys.stdin.read())
    set_limits(request["limits"])
    drop_root(request.get("uid"))
    result = run(request)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
