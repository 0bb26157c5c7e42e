"""Run one learner's notebooks isolated and bounded: bubblewrap where the machine has it,
else the strongest fallback this platform gives, said loudly.

With bubblewrap (Debian: ``apt-get install bubblewrap``; ``make sandbox``) the worker
(:mod:`saleslab.grading.worker`) runs in new PID, network, IPC and UTS namespaces, sees
only the system folders, Python and the course package read-only, the team's data
read-only at ``/data`` and a small private ``/tmp``; no other submission, no trainer file,
no environment variable of the trainer's, no network. One sandbox serves one learner: its
notebooks run one after another, each in a fresh kernel forked from a warm zygote. Started
as root, each kernel drops to an unprivileged user of its own (one per parallel slot), so
the process-count limit holds, and every process of that user is killed and ``/tmp`` wiped
after each notebook (the worker's docstring says what holds when the grader is not root).
Every process left dies with the sandbox. Limits per kernel: memory (address space), CPU
time, file size, processes; per notebook: wall clock, enforced by the worker, with the
grader stopping a sandbox that says nothing for longer.

Without bubblewrap (macOS, a container without user namespaces), the worker runs with the
same limits, an empty environment and a private copy of the data; learner code can then read
the trainer's files: :func:`isolation` says so and the grade report repeats it.

>>> Limits().cell_seconds, Limits(cell_seconds=5).notebook_seconds
(60, 300)
"""

from __future__ import annotations

import json
import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..i18n import _

#: Where the data and the font list are inside the sandbox.
DATA_INSIDE, FONTS_INSIDE = "/data", "/fonts"
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
        who = (_("each notebook in a fresh kernel as an unprivileged user") if os.getuid() == 0 else
               _("as your user, so one notebook can disturb the same learner's later ones"))
        return _("isolation: a bubblewrap sandbox per learner, {who}, no network, read-only "
                 "data").format(who=who)
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


def _request(notebooks: list[tuple[str, list[str]]], data_inside: str, tmp: str, limits: Limits,
             uid: int | None, processes: int | None, fonts: str | None, sandboxed: bool) -> dict[str, Any]:
    return {
        "notebooks": [{"notebook": text, "variables": variables} for text, variables in notebooks],
        "tmp": tmp, "fonts": fonts, "cell_timeout": limits.cell_seconds, "sandboxed": sandboxed,
        "notebook_seconds": limits.notebook_seconds, "answers_bytes": limits.answers_kb * 1024,
        "limits": limits.rlimits(processes), "uid": uid, "nonce": secrets.token_hex(16),
        "env": {"SALESLAB_DATA": data_inside, "SALESLAB_PROGRESS": "/dev/null"},
    }


def run_learner(notebooks: list[tuple[str, list[str]]], data: Path, limits: Limits,
                slot: int = 0) -> Iterator[Outcome]:
    """Run one learner's ``notebooks`` (each its JSON text and its answer variables) one after
    another in one sandbox, on the read-only ``data``, and yield each one's :class:`Outcome`
    as it ends; never raises for anything a notebook does. If the sandbox stops early, the
    notebook it was on is reported stopped and the rest run in a new one."""
    left = list(notebooks)
    while left:
        for outcome in _run_sandbox(left, data, limits, slot):
            left.pop(0)
            yield outcome


def _run_sandbox(notebooks: list[tuple[str, list[str]]], data: Path, limits: Limits,
                 slot: int) -> Iterator[Outcome]:
    """One sandbox for ``notebooks``: an outcome for each it reports, then one for the notebook
    it stopped on, if it stopped early."""
    program, fonts = bubblewrap(), font_list()
    with tempfile.TemporaryDirectory(prefix="saleslab-grade-") as private:
        private_path = Path(private)
        if program:
            uid = FIRST_UID + slot if os.getuid() == 0 else None
            processes = limits.processes if uid is not None else _processes_of_mine() + limits.processes
            command = [*_bwrap_command(program, data, limits, fonts), sys.executable, "-I", "-m",
                       "saleslab.grading.worker"]
            request = _request(notebooks, DATA_INSIDE, "/tmp", limits, uid, processes,
                               FONTS_INSIDE if fonts else None, True)
        else:  # no sandbox: a private copy of the data, an empty environment, the limits
            copy, tmp = private_path / "data", private_path / "tmp"
            shutil.copytree(data, copy)
            tmp.mkdir()
            command = [sys.executable, "-I", "-m", "saleslab.grading.worker"]
            request = _request(notebooks, str(copy), str(tmp), limits, None, None,
                               fonts.name if fonts else None, False)
        yield from _stream(command, request, private_path, limits, len(notebooks))


#: Seconds a sandbox may take beyond a notebook's own limit before the grader stops it
#: (the worker enforces each notebook's limit itself; this is for a sandbox that hangs).
GRACE_SECONDS = 60


def _stream(command: list[str], request: dict[str, Any], private: Path, limits: Limits,
            count: int) -> Iterator[Outcome]:
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, cwd=private,
                                   env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                                   start_new_session=True)
    except OSError as error:
        yield Outcome(None, None, _("the sandbox could not start ({error})").format(error=error))
        return
    nonce, most = request["nonce"], limits.answers_kb * 1024 + len(request["nonce"]) + 1
    try:
        process.stdin.write(json.dumps(request).encode("utf-8"))
        process.stdin.close()
        lines = _lines(process.stdout, most, limits.notebook_seconds + GRACE_SECONDS)
        for _number in range(count):
            line = next(lines, None)
            if line is None or line is _OVERSIZE or line is _OVERTIME:
                yield Outcome(None, None, _stopped(line, process, limits))
                return
            yield _outcome(line, nonce, limits)
    except OSError:  # the worker ended before reading its request
        yield Outcome(None, None, _stopped(None, process, limits))
    finally:  # the whole group: with bubblewrap, its end kills every process inside
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        process.stdout.close()


_OVERSIZE, _OVERTIME = b"<oversize>", b"<overtime>"


def _lines(stream: Any, most: int, seconds: float) -> Iterator[bytes]:
    """The lines of ``stream``, each at most ``most`` bytes and within ``seconds`` of the last
    (else one marker, then the end)."""
    pending = b""
    while True:
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            yield line
        if len(pending) > most:
            yield _OVERSIZE
            return
        if not select.select([stream], [], [], seconds)[0]:
            yield _OVERTIME
            return
        chunk = os.read(stream.fileno(), 1 << 16)
        if not chunk:
            return
        pending += chunk


def _stopped(marker: bytes | None, process: subprocess.Popen, limits: Limits) -> str:
    if marker is _OVERSIZE:
        return _("the answers were larger than {kb} kB").format(kb=limits.answers_kb)
    if marker is _OVERTIME:
        return _("the notebook ran longer than {s} s").format(s=limits.notebook_seconds)
    try:
        code = process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        code = None
    return (_("killed by signal {n}").format(n=-code) if code and code < 0
            else _("it ended without a report (exit code {code})").format(code=code))


def _outcome(line: bytes, nonce: str, limits: Limits) -> Outcome:
    """The outcome the worker reported in ``line``."""
    try:
        text = line.decode("utf-8")
        if not text.startswith(nonce):
            raise ValueError("not the worker's line")
        report = json.loads(text[len(nonce):])
        answers, problem, stopped = report["answers"], report["problem"], report["stopped"]
        if not (answers is None or isinstance(answers, str)) or not (
                problem is None or isinstance(problem, dict)):
            raise ValueError("malformed report")
    except (ValueError, KeyError, UnicodeDecodeError, TypeError):
        return Outcome(None, None, _("it ended without a report (exit code {code})").format(code=None))
    if stopped == "overtime":
        return Outcome(None, None, _("the notebook ran longer than {s} s").format(s=limits.notebook_seconds))
    if stopped is not None:
        return Outcome(None, None, _("the answers were larger than {kb} kB").format(kb=limits.answers_kb))
    return Outcome(answers, problem)
