"""Presenter mode: a case dashboard as an app, code hidden, for projecting in a workshop.

``saleslab present case1`` serves the case notebook with Voilà on this computer only
(127.0.0.1) and opens it in the browser; learners keep working in JupyterLab. Safe for a
room: the page needs a token (a new one each run, in the printed address); kernels idle for
:data:`CULL_SECONDS` are shut down and at most :data:`MAX_KERNELS` run at once; the page
may load nothing from the internet (a Content-Security-Policy allows this server only, so
Voilà's links to Font Awesome and mermaid on public CDNs are never fetched); and the port
printed is the one served: a free one is chosen first and Voilà may not move to another.

>>> command = presenter_command("case1", port=8866, root=Path("/course"), token="t", config=Path("/c"))
>>> command[-4:]
['--port=8866', '--Voila.ip=127.0.0.1', '--Voila.port_retries=0', '--no-browser']
"""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer

from .course import project_root
from .i18n import _, check_language
from .validate import check_whole

CASES: dict[str, str] = {
    "case1": "cases/case1_b2b_followup.ipynb",
    "case2": "cases/case2_retail_complaints.ipynb",
    "case3": "cases/case3_manufacturing_training.ipynb",
}
CULL_SECONDS = 600
MAX_KERNELS = 8
#: Only this server: scripts, styles, fonts and websockets; nothing from another site.
POLICY = ("default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; "
          "connect-src 'self' ws: wss:; frame-ancestors 'self'")


class CappedKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager with a ceiling: a page view past ``max_kernels`` running
    kernels is refused instead of starting one more (~240 MB each)."""

    max_kernels = Integer(MAX_KERNELS, config=True, help="most kernels running at once")

    async def start_kernel(self, *args, **kwargs):  # type: ignore[override]
        if len(self.list_kernel_ids()) >= self.max_kernels:
            raise RuntimeError(f"{self.max_kernels} dashboards are open already; close one "
                               f"or wait {CULL_SECONDS // 60} minutes for idle ones to close")
        return await super().start_kernel(*args, **kwargs)


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


def free_port(port: int, tries: int = 50) -> int:
    """``port`` if nothing listens on it on 127.0.0.1, else the next free one."""
    port = check_whole("port", port, minimum=1024, maximum=65535)
    for candidate in range(port, min(port + tries, 65536)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return candidate
    raise ValueError(f"`port`: no free port from {port} to {port + tries - 1}; choose another with --port")


def write_config(folder: Path, token: str, language: str = "en") -> Path:
    """The Voilà configuration (``voila.json``) that makes the server safe for a room, its
    pages marked as in ``language``."""
    config = {
        "Voila": {"token": token, "tornado_settings": {"headers": {"Content-Security-Policy": POLICY}}},
        "VoilaConfiguration": {"multi_kernel_manager_class": f"{__name__}.CappedKernelManager"},
        "MappingKernelManager": {"cull_idle_timeout": CULL_SECONDS, "cull_interval": 60,
                                 "cull_connected": True},
        "CappedKernelManager": {"max_kernels": MAX_KERNELS},
        # Voilà's executor waits on the kernel in slices: a first page load never sits idle
        "KernelManager": {"client_class": "saleslab.nbtools.SlicedKernelClient"},
        # <html lang="zh">: browsers draw the Chinese edition with Chinese glyph forms, not
        # Japanese ones (nbconvert takes ISO 639-1 codes only, so not "zh-CN")
        "VoilaExporter": {"language_code": check_language(language).split("_")[0]},
    }
    (folder / "voila.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return folder


def presenter_command(case: str, port: int = 8866, root: Path | None = None,
                      open_browser: bool = False, *, token: str, config: Path) -> list[str]:
    """The Voilà command line that serves ``case`` on loopback with code hidden, with the
    configuration in ``config`` (see :func:`write_config`)."""
    root = project_root() if root is None else Path(root)
    port = check_whole("port", port, minimum=1024, maximum=65535)
    path = root / CASES[case] if case in CASES else notebook_for(case, root)
    command = [sys.executable, "-m", "voila", str(path), "--strip_sources=True",
               f"--Voila.config_file_paths={config}", f"--port={port}", "--Voila.ip=127.0.0.1",
               "--Voila.port_retries=0"]
    return command if open_browser else [*command, "--no-browser"]


def present(case: str, port: int = 8866, open_browser: bool = True, language: str = "en") -> int:
    """Serve ``case`` until interrupted (Ctrl+C); returns Voilà's exit code. With
    ``language`` (``zh_CN``) the case comes from that edition's folder (``zh_CN/cases``)."""
    root = project_root()
    edition = root if check_language(language) == "en" else root / language
    notebook_for(case, edition)
    port = free_port(port)
    token = secrets.token_urlsafe(16)
    print(_("Presenting {case} on http://127.0.0.1:{port}/?token={token} (Ctrl+C to stop)").format(
        case=case, port=port, token=token), flush=True)
    with tempfile.TemporaryDirectory(prefix="saleslab-present-") as folder:
        config = write_config(Path(folder), token, language)
        try:
            return subprocess.call(presenter_command(case, port, edition, open_browser, token=token,
                                                     config=config), cwd=root)
        except KeyboardInterrupt:
            return 0
