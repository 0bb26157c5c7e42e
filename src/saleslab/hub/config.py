"""The hub's settings: ``deploy/hub/jupyterhub_config.py`` calls :func:`configure`.

One server, one system account per learner (PAM login), each learner's JupyterLab started
by JupyterHub's LocalProcessSpawner as that learner, in the kit's pinned environment, opening
on the start notebook of the course folder ``saleslab hub handout`` put in their home.
``saleslab hub start`` sets the ``SALESLAB_HUB_*`` variables read here (see :data:`VARIABLES`).

Limits: ``mem_limit`` and ``cpu_limit`` are passed on, but LocalProcessSpawner does not
enforce them (it only tells the server, as ``MEM_LIMIT`` / ``CPU_LIMIT``);
``SALESLAB_HUB_SPAWNER=systemd`` uses jupyterhub-systemdspawner, which does (cgroups), where
the hub runs under systemd. On Kubernetes, deploy/k8s/values.yaml sets them.

>>> from traitlets.config import Config
>>> c = Config()
>>> configure(c, {"SALESLAB_HUB_CLASS": "", "SALESLAB_HUB_STATE": "/tmp/hub"})
>>> c.Spawner.default_url
'/lab/tree/saleslab/notebooks/00_start_here.ipynb'
"""

from __future__ import annotations

import os
import stat
import sys
import sysconfig
from collections.abc import Mapping
from pathlib import Path

from ..course import MARKER

#: The folder in each learner's home that holds their course (``hub handout`` writes it).
COURSE_FOLDER = "saleslab"
#: The kit folder: deploy/, .hub/ (the proxy from npm, the hub's state) live here.
KIT = Path(__file__).resolve().parents[3]
PROXY = KIT / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"
#: Each setting ``saleslab hub start`` passes, and its default.
VARIABLES = {
    "SALESLAB_HUB_CLASS": "",                  # the class list: only these learners may log in
    "SALESLAB_HUB_STATE": str(KIT / ".hub" / "state"),  # database, cookie secret (root only)
    "SALESLAB_HUB_PYTHON": sys.executable,     # the Python learners' servers run with
    "SALESLAB_HUB_IDLE_MINUTES": "60",         # an idle learner server is stopped after this
    "SALESLAB_HUB_MEM": "1G",                  # per learner (enforced by systemd / Kubernetes)
    "SALESLAB_HUB_CPU": "1",                   # cores per learner (same)
    "SALESLAB_HUB_SPAWNER": "local",           # local | systemd
    "SALESLAB_HUB_ADMIN": "",                  # the trainer's login, if they log in too
}


def settings(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """:data:`VARIABLES` with the values set in ``environ`` (default: this process's)."""
    environ = os.environ if environ is None else environ
    return {name: environ.get(name) or default for name, default in VARIABLES.items()}


def configure(c, environ: Mapping[str, str] | None = None) -> None:
    """Fill the JupyterHub config object ``c`` from the ``SALESLAB_HUB_*`` settings."""
    from .classlist import read_class  # here: learner-side jobs import this module, lightly

    s = settings(environ)
    state = Path(s["SALESLAB_HUB_STATE"])
    learners = [learner.user for learner in read_class(s["SALESLAB_HUB_CLASS"])] \
        if s["SALESLAB_HUB_CLASS"] else []
    # Only where the trainer says (`--ip/--port` on the command line win over this default).
    c.JupyterHub.ip, c.JupyterHub.port = "127.0.0.1", 8000
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.ConfigurableHTTPProxy.command = [str(PROXY)]
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
    c.JupyterHub.authenticator_class = "pam"
    c.PAMAuthenticator.open_sessions = False  # no login sessions in containers
    c.Authenticator.allowed_users = set(learners)
    c.Authenticator.admin_users = {s["SALESLAB_HUB_ADMIN"]} - {""}
    if s["SALESLAB_HUB_SPAWNER"] == "systemd":
        c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
        c.SystemdSpawner.unit_name_template = "saleslab-{USERNAME}"
    else:
        c.JupyterHub.spawner_class = "localprocess"
    c.Spawner.cmd = [s["SALESLAB_HUB_PYTHON"], "-m", "jupyterhub.singleuser"]
    c.Spawner.notebook_dir = "~"
    c.Spawner.default_url = f"/lab/tree/{COURSE_FOLDER}/{MARKER.as_posix()}"
    c.Spawner.mem_limit = s["SALESLAB_HUB_MEM"]
    c.Spawner.cpu_limit = float(s["SALESLAB_HUB_CPU"])
    c.Spawner.start_timeout = c.Spawner.http_timeout = 120  # a class logging in at once
    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={int(s['SALESLAB_HUB_IDLE_MINUTES']) * 60}"],
    }]
    c.JupyterHub.load_roles = [{
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }]


def closed_to_learners(python: Path | str) -> Path | None:
    """The first folder on the way to ``python`` or its standard library that other users
    cannot enter (a learner's server could not start), or None if they can.

    >>> closed_to_learners("/usr/bin/env") is None
    True
    """
    real = Path(python).resolve()
    this = real == Path(sys.executable).resolve()  # only this Python's library is known here
    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve() if this else real.parent
    for target in (real, stdlib):
        for folder in reversed([target, *target.parents]):
            mode = folder.stat().st_mode
            if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH:
                return folder
    return None
