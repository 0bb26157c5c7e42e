"""A warm zygote: one process per learner's sandbox that has the course's libraries imported
and forks a fresh kernel for each notebook, so no notebook pays the kernel start and the
set-up cell's imports again (about 4.7 of the 6 CPU seconds a graded notebook cost).

``python -m saleslab.grading.zygote HOME`` (started by the worker, :class:`Zygote`) sets the
kernel's environment, imports :func:`warm_modules`, then reads one request a line on stdin
(JSON: connection file, folder, environment, limits, user id) and answers each with the pid
of a forked kernel. The forked child starts a new session, lets go of the zygote's pipes,
sets the limits, drops to the slot's user, takes the kernel's environment alone and runs
ipykernel in-process, as ``ipykernel_launcher`` does. It is a copy of the zygote's memory:
whatever a notebook patches (pandas, saleslab) dies with its kernel, never reaching the
zygote or the next notebook's kernel.

:class:`ForkedKernelManager` is the jupyter_client kernel manager nbclient drives: its
provisioner asks the zygote instead of starting a program, and interrupts, polls and kills
the forked pid (and its process group) as ``LocalProvisioner`` does a ``Popen``.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import signal
import subprocess
import sys
from typing import Any

from jupyter_client import AsyncKernelManager
from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning import LocalProvisioner

#: Libraries every exercise notebook's set-up cell needs, besides what it names itself.
WARM = ("ipykernel.kernelapp", "IPython", "pandas", "matplotlib.pyplot", "seaborn", "scipy.stats",
        "ipywidgets", "saleslab.grading.answers")
_IMPORTS = re.compile(r"^\s*(?:import\s+(saleslab[\w.]*)|from\s+(saleslab[\w.]*)\s+import\s+([\w, ]+))",
                      re.MULTILINE)


def warm_modules() -> list[str]:
    """:data:`WARM` and the course modules the exercise notebooks import, in that order.

    >>> warm_modules()[:2], "saleslab.exercises.module1" in warm_modules()
    (['ipykernel.kernelapp', 'IPython'], True)
    """
    from ..handout import SOURCES  # the exercise sources the learners' notebooks come from

    found = dict.fromkeys(WARM)
    for source in sorted(SOURCES.glob("*.ipynb")):
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        for module, package, names in _IMPORTS.findall(code):  # names may be modules or not
            found.update(dict.fromkeys([module or package, *(f"{package}.{n.split()[0]}" for n in
                                                               names.split(",") if package and n.split())]))
    return list(found)


def _become_kernel(request: dict[str, Any]) -> None:
    """In the forked child: isolate, limit, drop root and run the kernel; never returns."""
    from .worker import drop_root, set_limits

    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel waits for its own children
        quiet = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # never the zygote's pipes: learner code could write answers there
            os.dup2(quiet, fd)
        os.closerange(3, 65536)
        set_limits(request["limits"])
        os.chdir(request["cwd"])
        drop_root(request["uid"])
        os.environ.clear()
        os.environ.update(request["env"])
        from ipykernel.kernelapp import launch_new_instance

        launch_new_instance(argv=["-f", request["connection_file"], *request["options"]])
    finally:
        os._exit(0)


def serve() -> None:
    """The zygote's loop: a kernel forked per request line, its pid written back."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped at once: pid gone = ended
    requests, answers = sys.stdin.buffer, sys.stdout
    for line in iter(requests.readline, b""):
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(request)
        answers.write(f"{pid}\n")
        answers.flush()


def main(home: str) -> int:
    """Set the kernel's environment (before any library reads it), import, then serve."""
    from .worker import kernel_env

    os.environ.clear()
    os.environ.update(kernel_env(home))
    # ipykernel would pick the inline backend itself; matplotlib must see it at its import
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]  # see worker.main
    for name in warm_modules():
        try:
            importlib.import_module(name)
        except Exception:  # a module that fails here fails in the kernel, with its message
            pass
    serve()
    return 0


class Zygote:
    """The worker's handle on a zygote process: started at once (it imports while the worker
    sets up), restarted when it has died, asked for one kernel at a time."""

    def __init__(self, home: str, cwd: str) -> None:
        self.home, self.cwd = home, cwd
        self.process = self._start()

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-I", "-m", "saleslab.grading.zygote", self.home],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                cwd=self.cwd, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def fork(self, request: dict[str, Any]) -> int:
        """The pid of a kernel forked for ``request``; a zygote found dead is started again."""
        for _attempt in range(2):
            if self.process.poll() is not None:
                self.process = self._start()
            try:
                self.process.stdin.write(json.dumps(request).encode() + b"\n")
                self.process.stdin.flush()
                return int(self.process.stdout.readline())
            except (OSError, ValueError):
                self.process.kill()
                self.process.wait()
        raise RuntimeError("the zygote could not fork a kernel")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


class _Forked:
    """What ``LocalProvisioner`` needs of a ``Popen``, for a kernel the zygote forked (and
    reaps: once it has ended, its pid is gone)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def poll(self) -> int | None:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return -signal.SIGKILL
        except PermissionError:  # a pid taken again by a process not ours: ours has ended
            return -signal.SIGKILL
        return None

    wait = poll  # LocalProvisioner.wait polls first; this is only called once it has ended

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkedProvisioner(LocalProvisioner):
    """Launches a kernel by asking the zygote; everything else as ``LocalProvisioner``."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        manager = self.parent
        uid = manager.uid
        if uid is not None:  # the kernel reads its connection file after dropping root
            os.chown(manager.connection_file, uid, uid)
        self.pid = self.pgid = manager.zygote.fork({
            "connection_file": manager.connection_file, "cwd": str(kwargs.get("cwd") or "/"),
            "options": [arg for arg in cmd if arg.startswith("--")],  # nbclient's, e.g. history in memory
            "env": kwargs.get("env") or {}, "limits": manager.limits, "uid": uid})
        self.process, self.cwd = _Forked(self.pid), kwargs.get("cwd")
        return self.connection_info


class ForkedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels come from ``zygote``, limited by ``limits`` and run as
    ``uid`` (None: as the worker's user).

    >>> ForkedKernelManager(None, {}, None).provisioner.__class__.__name__
    'ForkedProvisioner'
    """

    def __init__(self, zygote: Zygote | None, limits: dict[str, int], uid: int | None, **kwargs: Any) -> None:
        from ..nbtools import KERNEL

        super().__init__(kernel_name=KERNEL, **kwargs)
        self.zygote, self.limits, self.uid = zygote, limits, uid
        self.provisioner = ForkedProvisioner(kernel_id=self.kernel_id or "", kernel_spec=self.kernel_spec,
                                             parent=self)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
