"""Find, clear and execute the course notebooks so stored outputs are real and diffs quiet.

>>> clear_outputs(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])).cells[0].outputs
[]
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat
from nbclient import NotebookClient
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_core.utils import run_sync
from traitlets import Enum

COURSE_DIRS = ("notebooks", "cases", "exercises")
KERNEL = "python3"
#: Longest single wait on a kernel channel, in seconds; a missed wake-up costs at most this.
POLL_SLICE = 0.5


class ExecutionClient(NotebookClient):
    """nbclient's ``NotebookClient`` that never sits on a reply already sent.

    The stalls after widget cells (about 1 run in 10 waited a whole cell timeout, then went
    on with no error): the kernel had sent the execute reply and gone idle, but the
    client's asyncio ZeroMQ poll on the shell channel never woke up (a lost edge-triggered
    wake-up); only the final check pyzmq makes when a poll times out found the reply, so
    the run lost exactly the timeout. This client waits on the shell and IOPub channels in
    slices of :data:`POLL_SLICE` seconds, each ending with that check, within the same
    overall timeout. ``saleslab execute`` and the grading worker (through ``setup_kernel``)
    use it; use it wherever a notebook runs headless.

    When the last cell has run, the kernel is stopped at once: every output is already here,
    and a graceful shutdown only waits about three seconds for the kernel to say goodbye,
    which a class of 30 learners pays 210 times in ``saleslab grade``.

    >>> client = ExecutionClient(nbformat.v4.new_notebook())
    >>> client.kernel_name, client.shutdown_kernel
    ('', 'immediate')
    """

    shutdown_kernel = Enum(["graceful", "immediate"], default_value="immediate").tag(config=True)

    async def async_start_new_kernel_client(self) -> Any:
        """Start the kernel client as nbclient does, then slice its channel waits."""
        client = await super().async_start_new_kernel_client()
        for channel in (client.shell_channel, client.iopub_channel):
            channel.get_msg = _in_slices(channel.get_msg)
        return client

    # nbclient binds its synchronous twin to the base class's coroutine, so ``setup_kernel``
    # (the grading worker's way in) would start an unsliced client: every dashboard cell
    # then had a fair chance of waiting out its whole cell timeout (60 s when grading).
    start_new_kernel_client = run_sync(async_start_new_kernel_client)


class SlicedKernelClient(AsyncKernelClient):
    """A kernel client whose shell and IOPub waits come in slices, as in
    :class:`ExecutionClient`, for code that makes its own clients: Voilà's executor (``saleslab
    present``) gets it through ``KernelManager.client_class``. Voilà ran into the same lost
    wake-up: a dashboard notebook's first page load sat idle for minutes.

    >>> from jupyter_client import AsyncKernelManager
    >>> AsyncKernelManager(client_class="saleslab.nbtools.SlicedKernelClient").client_factory.__name__
    'SlicedKernelClient'
    """

    def start_channels(self, *args: Any, **kwargs: Any) -> None:
        super().start_channels(*args, **kwargs)
        for channel in (self.shell_channel, self.iopub_channel):
            channel.get_msg = _in_slices(channel.get_msg)


def _in_slices(get_msg: Callable[..., Awaitable[dict]]) -> Callable[..., Awaitable[dict]]:
    """``get_msg(timeout)`` made of waits of at most :data:`POLL_SLICE` seconds."""

    async def get_msg_in_slices(timeout: float | None = None) -> dict:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await get_msg(timeout=min(POLL_SLICE, left))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get_msg_in_slices


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


def shows_widget(path: Path | str) -> bool:
    """Whether a notebook's stored outputs display a widget (a dashboard)."""
    view = "application/vnd.jupyter.widget-view+json"
    return any(view in output.get("data", {})
               for cell in nbformat.read(path, as_version=4).cells
               for output in cell.get("outputs", []))


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
    client = ExecutionClient(
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
