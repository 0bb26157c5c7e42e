"""The grading worker: runs one learner's notebooks inside their sandbox, one after another,
and prints each one's answers.

``python -m saleslab.grading.worker`` reads a request (JSON on stdin: the notebooks and their
answer variables, the limits, the user id of the slot, a nonce), starts a warm zygote
(:mod:`saleslab.grading.zygote`) and, for each notebook: wipes the sandbox's ``/tmp`` (all but
the zygote's own folder) and makes a fresh home and work folder, has the zygote fork a
kernel, runs every cell in it, asks it for the answer variables as plain data
(:mod:`saleslab.grading.answers`), then kills every process of the slot's user. It prints one
line a notebook: the nonce and ``{"answers": ..., "problem": ..., "stopped": ...}``.

Between notebooks, when the grader is root (as on CI): the worker and the zygote stay root,
the kernels run as the slot's user, so learner code can neither signal nor read them, nor
write to the worker's output; nothing a notebook leaves (processes, files in /tmp, patched
modules: each kernel is a fresh copy of the zygote's memory) reaches the next notebook;
each notebook has its own wall-clock limit. When the grader is not root, everything runs as
the grader's user: learners stay isolated from each other (one sandbox each), but one
notebook can disturb the same learner's later notebooks (kill or alter the zygote; a killed
zygote is started again, a killed sandbox again for the notebooks left), so it can only
spoil that learner's own answers. Without bubblewrap, processes a notebook detaches from
its kernel's session are not found.

Nothing here decides a grade: the grader compares the answers with expected values it
computes itself.
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: The zygote's own folder in the sandbox's /tmp (root's when the grader is root): kept.
ZYGOTE_HOME = "zygote"


def kernel_env(home: str) -> dict[str, str]:
    """What a kernel may see of the environment: nothing of the trainer's.

    >>> kernel_env("/tmp/home")["MPLCONFIGDIR"]
    '/tmp/home/mpl'
    """
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": home,
        "JUPYTER_RUNTIME_DIR": f"{home}/runtime", "IPYTHONDIR": f"{home}/ipython",
        "MPLCONFIGDIR": f"{home}/mpl", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "XDG_CACHE_HOME": f"{home}/cache",
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


def copy_font_list(fonts: str | None, home: str) -> None:
    """Give a kernel (or the zygote) whose home is ``home`` the grader's matplotlib font list
    (a copy: the kernel may write its own), so it does not scan every system font again."""
    target = Path(kernel_env(home)["MPLCONFIGDIR"])
    target.mkdir(parents=True, exist_ok=True)
    for found in Path(fonts).glob("fontlist-*.json") if fonts else []:
        shutil.copyfile(found, target / found.name)


def fresh_folders(tmp: Path, uid: int | None, fonts: str | None) -> tuple[str, str]:
    """Empty ``tmp`` but for the zygote's folder, then make the next kernel's home (with the
    font list) and work folder, owned by ``uid``; their paths."""
    for entry in tmp.iterdir():
        if entry.name == ZYGOTE_HOME:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    home, work = tmp / "home", tmp / "work"
    copy_font_list(fonts, str(home))
    (home / "runtime").mkdir()
    work.mkdir()
    if uid is not None:
        for path in [home, work, *home.rglob("*")]:
            os.chown(path, uid, uid)
    return str(home), str(work)


def _pids(uid: int | None, keep: set[int]) -> list[int]:
    """Live processes of ``uid`` (None: every process) but ``keep``, from /proc."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except (OSError, ValueError):
            continue
        pid = int(status.parent.name)
        if pid in keep or fields.get("State", "Z").startswith("Z"):
            continue
        if uid is None or fields.get("Uid", "").split("\t")[0] == str(uid):
            found.append(pid)
    return found


def end_processes(uid: int | None, keep: set[int]) -> None:
    """Kill every process of the slot's user ``uid`` (as root: a child becomes that user and
    kills all it may, ``kill(-1)``, which no fork can outrun), or, with no such user, every
    process of the sandbox but ``keep``; wait until none is left (5 s at most)."""
    for _attempt in range(250):
        left = _pids(uid, keep)
        if not left:
            return
        if uid is not None:
            pid = os.fork()
            if pid == 0:
                try:
                    drop_root(uid)
                    os.kill(-1, signal.SIGKILL)
                finally:
                    os._exit(0)
            os.waitpid(pid, 0)
        else:
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        time.sleep(0.02)


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


def run_notebook(text: str, variables: list[str], request: dict[str, Any], manager: Any,
                 work: str, env: dict[str, str]) -> dict[str, Any]:
    """Execute one notebook in a kernel of ``manager`` and return its answers and first
    problem (the caller keeps its wall-clock limit)."""
    import nbformat
    from nbclient.exceptions import DeadKernelError

    from ..nbtools import ExecutionClient  # never sits on a reply after a widget cell

    notebook = nbformat.reads(text, as_version=4)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell in cells:
        cell.outputs, cell.execution_count = [], None
    notebook.cells = cells
    timeout = int(request["cell_timeout"])
    client = ExecutionClient(
        notebook, km=manager, timeout=timeout, allow_errors=True, record_timing=False,
        interrupt_on_timeout=True, resources={"metadata": {"path": work}},
        error_on_timeout={"ename": "TimeLimit", "evalue": f"a cell ran longer than {timeout} s"})
    nonce = secrets.token_hex(16)
    extract = nbformat.v4.new_code_cell(
        f"import saleslab.grading.answers as _answers\n"
        f"print({nonce!r} + _answers.dump(globals(), {list(variables)!r}))")
    problem = None
    answers = None
    try:
        with client.setup_kernel(env=env, cleanup_kc=True):
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
    return {"answers": answers, "problem": problem, "stopped": None}


def run(request: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each of the request's notebooks run in turn, each in a fresh kernel from one zygote:
    its report, with ``stopped`` "overtime" past the notebook's wall-clock limit."""
    from .zygote import ForkedKernelManager, Zygote

    tmp, uid, fonts = Path(request["tmp"]), request["uid"], request.get("fonts")
    zygote_home = tmp / ZYGOTE_HOME
    copy_font_list(fonts, str(zygote_home))  # root's alone (0700) when the grader is root
    zygote_home.chmod(0o700)
    zygote = Zygote(str(zygote_home), str(zygote_home))
    os.environ.update(kernel_env(str(tmp / "home")))  # jupyter_client writes its files there
    try:
        for item in request["notebooks"]:
            home, work = fresh_folders(tmp, uid, fonts)
            manager = ForkedKernelManager(zygote, request["limits"], uid)
            overtime = threading.Event()
            keep = {1, os.getpid(), zygote.pid} if request["sandboxed"] or uid is not None else None

            def expire() -> None:
                overtime.set()
                if manager.provisioner.pgid:
                    try:
                        os.killpg(manager.provisioner.pgid, signal.SIGKILL)
                    except OSError:
                        pass
                if keep is not None:
                    end_processes(uid, keep)

            timer = threading.Timer(request["notebook_seconds"], expire)
            timer.start()
            try:
                report = run_notebook(item["notebook"], item["variables"], request, manager, work,
                                      {**kernel_env(home), **request["env"]})
            finally:
                timer.cancel()
                timer.join()  # an expiry under way ends before the next kernel starts
                if keep is not None:
                    end_processes(uid, keep)
            yield {"answers": None, "problem": None, "stopped": "overtime"} if overtime.is_set() else report
    finally:
        zygote.close()


def main() -> int:
    # nbformat imports jsonschema, which imports rfc3987_syntax when it is installed to check
    # IRI formats; that module builds a grammar at import, seconds per graded notebook. The
    # notebook schema has no IRI fields, so the worker goes without it.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
    request = json.loads(sys.stdin.read())
    nonce, most = request["nonce"], int(request["answers_bytes"])
    for report in run(request):
        line = json.dumps(report)
        if len(line) > most:
            line = json.dumps({"answers": None, "problem": None, "stopped": "too large"})
        sys.stdout.write(nonce + line + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
