"""``saleslab hub start CLASS --ip IP --port PORT``: JupyterHub with the kit's settings
(:mod:`.config`), listening on that address only, until Ctrl+C.

Before starting it checks what would otherwise fail at the first login, each in one line:
root, the proxy from npm (``make hub-setup``), a Python the learners can run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .as_learner import require_root
from .classlist import read_class
from .config import KIT, PROXY, closed_to_learners, settings

CONFIG = KIT / "deploy" / "hub" / "jupyterhub_config.py"


def hub_command(ip: str, port: int) -> list[str]:
    """The JupyterHub command line, run with the environment of :func:`hub_environment`.

    >>> hub_command("127.0.0.1", 8000)[-4:]
    ['--ip', '127.0.0.1', '--port', '8000']
    """
    return [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG), "--ip", ip, "--port", str(port)]


def hub_environment(class_list: Path | str, **options: str) -> dict[str, str]:
    """This process's environment plus the ``SALESLAB_HUB_*`` settings: the class list and
    ``options`` named after :data:`.config.VARIABLES` without the prefix (``MEM="2G"``)."""
    read_class(class_list)  # a bad class list fails here, not at the first login
    env = dict(os.environ, SALESLAB_HUB_CLASS=str(Path(class_list).resolve()))
    env.update({f"SALESLAB_HUB_{name.upper()}": str(value) for name, value in options.items()
                if value is not None})
    return env


def check_ready(env: dict[str, str]) -> Path:
    """ValueError (one line, with the fix) if the hub could not serve a learner; else the
    hub's state folder (database, cookie secret), made if missing, for root only."""
    require_root()
    if not PROXY.is_file():
        raise ValueError(f"the proxy {str(PROXY)!r} is missing: run `make hub-setup` (npm)")
    python = settings(env)["SALESLAB_HUB_PYTHON"]
    closed = closed_to_learners(python)
    if closed is not None:
        raise ValueError(f"learners cannot run {python}: {closed} is closed to other users; "
                         "install the kit where everyone can read it (docs/hub.md, step 1) "
                         "or set SALESLAB_HUB_PYTHON")
    state = Path(settings(env)["SALESLAB_HUB_STATE"])
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    return state


def start(class_list: Path | str, ip: str, port: int, **options: str) -> int:
    """Run the hub in the foreground (see the module docstring); its exit code."""
    env = hub_environment(class_list, **options)
    check_ready(env)
    os.execve(sys.executable, hub_command(ip, port), env)
    return 0  # not reached: the hub replaces this process
