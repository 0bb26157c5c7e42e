"""Run one submission isolated and bounded: bubblewrap where the machine has it, else the
strongest fallback this platform gives, said loudly.

With bubblewrap (Debian: ``apt-get install bubblewrap``; ``make sandbox``) the worker
(:mod:`saleslab.grading.worker`) runs in new PID, network, IPC and UTS namespaces, sees
only the system folders, Python and the course package read-only, the team's data
read-only at ``/data`` and a small private ``/tmp``; no other submission, no trainer file,
no environment variable of the trainer's, no network. Started as root, it then drops to an
unprivileged user of its own (one per parallel slot), so the process-count limit holds.
Every process it starts dies with the sandbox, when the notebook ends or its wall-clock
limit passes. Limits per process: memory (address space), CPU time, file size, processes.

Without bubblewrap (macOS, a container without user namespaces), the worker runs with the
same limits, an empty environment and a private copy of the data; learner code can then read
the trainer's files: :func:`isolation` says so and the grade report repeats it.

>>> Limits().cell_seconds, Limits(cell_seconds=5).notebook_seconds
(60, 300)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..i18n import _
from ..nbtools import KERNEL

#: Where the data, the learner's working folder and the font list are inside the sandbox.
DATA_INSIDE, WORK_INSIDE, FONTS_INSIDE = "/data", "/tmp/work", "/fonts"
#: Unprivileged user ids the sandbox drops to when the grader runs as root: one per slot,
#: so one learner's processes never count against another's limit.
FIRST_UID = 61000
#: System folders the sandbox sees, read-only.
SYSTEM = ("/usr", "/bin", "/lib", "/lib64", "/sbin", "/etc")


@dataclass(frozen=True)
class Limits:
    """Per-submission limits: seconds per cell and per notebook (wall clock), memory in MB
    (address space of each process), processes, the answers' size and the private /tmp."""

    cell_seconds: int = 60
    notebook_seconds: int = 300
    memory_mb: int = 3072
    processes: int = 64
    answers_kb: int = 4096
    disk_mb: int = 64

    def rlimits(self, processes: int | None) -> dict[str, int]:
        """The resource limits the worker sets on itself before running learner code."""
        found = {"RLIMIT_AS": self.memory_mb * 2**20, "RLIMIT_CPU": self.notebook_seconds,
                 "RLIMIT_FSIZE": max(self.disk_mb, self.answers_kb // 1024 + 1) * 2**20,
                 "RLIMIT_CORE": 0}
        if processes is not None:
            found["RLIMIT_NPROC"] = processes
        return found


@lru_cache(maxsize=1)
def bubblewrap() -> str | None:
    """The ``bwrap`` program if it is installed and can make a sandbox here, else None."""
    program = shutil.which("bwrap")
    if program is None:
        return None
    probe = [program, "--ro-bind", "/", "/", "--unshare-pid", "--unshare-net", "true"]
    try:
        ok = subprocess.run(probe, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return program if ok else None


def isolation() -> str:
    """One line on how submissions are isolated on this machine (shown in the report).

    >>> isolation().split(":")[0] in {"isolation", "NO SANDBOX"}
    True
    """
    if bubblewrap():
        who = _("an unprivileged user per slot") if os.getuid() == 0 else _("your user")
        return _("isolation: bubblewrap sandbox as {who}, no network, read-only data").format(who=who)
    return _("NO SANDBOX: bubblewrap is missing, so learner code runs as you and can read your "
             "files and use the network (install it: apt-get install bubblewrap)")


def _package_roots() -> list[str]:
    """Folders the worker needs read-only: Python, the virtual environment, the package."""
    import saleslab

    package = Path(saleslab.__file__).resolve().parent.parent
    roots = {Path(sys.base_prefix).resolve(), Path(sys.prefix), package}
    return sorted(str(p) for p in roots)


_FONTS_LOCK = threading.Lock()


def font_list() -> tempfile.TemporaryDirectory | None:
    """A folder holding matplotlib's font list, built once per grading process; None if it
    could not be built. Each sandbox starts with an empty ``MPLCONFIGDIR``, where matplotlib
    would otherwise scan every system font again for every notebook graded. It is built in
    a clean environment (its own home), so it names no font of the trainer's own."""
    with _FONTS_LOCK:  # the slots' threads ask at once: a second folder would be removed in use
        return _build_font_list()


@lru_cache(maxsize=1)
def _build_font_list() -> tempfile.TemporaryDirectory | None:
    folder = tempfile.TemporaryDirectory(prefix="saleslab-fonts-")  # removed when the grader ends
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": folder.name, "MPLCONFIGDIR": folder.name}
    try:
        built = subprocess.run([sys.executable, "-I", "-c", "import matplotlib.font_manager"], env=env,
                               capture_output=True, timeout=120).returncode == 0
    except (OSError, subprocess.SubprocessError):
        built = False
    found = list(Path(folder.name).glob("fontlist-*.json")) if built else []
    for path in [Path(folder.name), *found]:  # the sandbox's own user reads it
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder if found else None


def _bwrap_command(program: str, data: Path, limits: Limits,
                   fonts: tempfile.TemporaryDirectory | None) -> list[str]:
    command = [program, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
               "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv",
               "--setenv", "PATH", "/usr/bin:/bin"]
    if os.getuid() != 0:
        command.append("--unshare-user")
    for system in SYSTEM:
        command += ["--ro-bind-try", system, system]
    roots = _package_roots()
    # bubblewrap makes missing parent folders private (0700): open them for the dropped user
    parents = {str(parent) for root in roots for parent in Path(root).parents
               if parent != Path("/") and not parent.is_relative_to(SYSTEM[0])}
    for parent in sorted(parents):
        command += ["--perms", "0755", "--dir", parent]
    for root in roots:
        command += ["--ro-bind", root, root]
    if fonts is not None:
        command += ["--ro-bind", fonts.name, FONTS_INSIDE]
    command += ["--ro-bind", str(data), DATA_INSIDE, "--proc", "/proc", "--dev", "/dev",
                "--perms", "1777", "--size", str(limits.disk_mb * 2**20), "--tmpfs", "/tmp",
                "--chdir", "/tmp"]
    return command


def _processes_of_mine() -> int:
    """How many processes this user has now (a non-root process limit counts them all)."""
    mine = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"\t{os.getuid()}\t" in status.read_text().split("Uid:", 1)[1].split("\n", 1)[0]:
                mine += 1
        except (OSError, IndexError):
            continue
    return mine


@dataclass(frozen=True)
class Outcome:
    """What the worker reported (its answers as JSON text and its first problem), or why it
    reported nothing (``stopped``: killed, out of time, garbled output)."""

    answers: str | None
    problem: dict[str, Any] | None
    stopped: str | None = None


def _request(notebook: str, variables: list[str], data_inside: str, work: str, limits: Limits,
             uid: int | None, processes: int | None, fonts: str | None) -> bytes:
    return json.dumps({
        "notebook": notebook, "variables": variables, "kernel": KERNEL, "work": work, "fonts": fonts,
        "cell_timeout": limits.cell_seconds,
        "limits": limits.rlimits(processes), "uid": uid,
        "env": {"SALESLAB_DATA": data_inside, "SALESLAB_PROGRESS": "/dev/null"},
    }).encode("utf-8")


def run_submission(notebook: str, variables: list[str], data: Path, limits: Limits,
                   slot: int = 0) -> Outcome:
    """Run ``notebook`` (its JSON text) on the read-only ``data`` in a sandbox and return the
    answers ``variables`` it set; never raises for anything the notebook does."""
    program, fonts = bubblewrap(), font_list()
    with tempfile.TemporaryDirectory(prefix="saleslab-grade-") as private:
        private_path = Path(private)
        if program:
            uid = FIRST_UID + slot if os.getuid() == 0 else None
            processes = limits.processes if uid is not None else _processes_of_mine() + limits.processes
            command = [*_bwrap_command(program, data, limits, fonts), sys.executable, "-I", "-m",
                       "saleslab.grading.worker"]
            request = _request(notebook, variables, DATA_INSIDE, WORK_INSIDE, limits, uid, processes,
                               FONTS_INSIDE if fonts else None)
        else:  # no sandbox: a private copy of the data, an empty environment, the limits
            copy = private_path / "data"
            shutil.copytree(data, copy)
            (private_path / "work").mkdir()
            command = [sys.executable, "-I", "-m", "saleslab.grading.worker"]
            request = _request(notebook, variables, str(copy), str(private_path / "work"), limits,
                               None, None, fonts.name if fonts else None)
        return _run(command, request, private_path, limits)


def _run(command: list[str], request: bytes, private: Path, limits: Limits) -> Outcome:
    out_path = private / "worker.out"
    with out_path.open("wb") as out:
        try:
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=out,
                                       stderr=subprocess.DEVNULL, cwd=private,
                                       env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                                       start_new_session=True)
        except OSError as error:
            return Outcome(None, None, _("the sandbox could not start ({error})").format(error=error))
        try:
            process.communicate(request, timeout=limits.notebook_seconds)
            stopped = None
        except subprocess.TimeoutExpired:
            stopped = _("the notebook ran longer than {s} s").format(s=limits.notebook_seconds)
        finally:  # the whole group: with bubblewrap, its end kills every process inside
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
    with out_path.open("rb") as out:
        text = out.read(limits.answers_kb * 1024 + 1)
    if stopped:
        return Outcome(None, None, stopped)
    if len(text) > limits.answers_kb * 1024:
        return Outcome(None, None, _("the answers were larger than {kb} kB").format(kb=limits.answers_kb))
    try:
        report = json.loads(text.decode("utf-8").strip().splitlines()[-1])
        answers, problem = report["answers"], report["problem"]
        if not (answers is None or isinstance(answers, str)) or not (
                problem is None or isinstance(problem, dict)):
            raise ValueError("malformed report")
    except (ValueError, KeyError, IndexError, UnicodeDecodeError, TypeError):
        code = process.returncode
        why = (_("killed by signal {n}").format(n=-code) if code and code < 0
               else _("it ended without a report (exit code {code})").format(code=code))
        return Outcome(None, None, why)
    return Outcome(answers, problem)
