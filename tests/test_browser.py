"""Browser smoke test: JupyterLab in headless Chromium runs the start notebook and the demo
slider changes the answer shown. Chromium comes from Debian (`make test` installs it)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from saleslab.nbtools import clear_outputs
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START = "notebooks/00_start_here.ipynb"


def _require_chromium() -> None:
    if Path(CHROMIUM).is_file():
        return
    message = "chromium is missing: install it with `sudo apt-get install -y chromium`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _course_copy(tmp_path: Path) -> Path:
    """A fresh copy of the start notebook, outputs cleared, in a folder laid out like the kit."""
    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    notebook = clear_outputs(nbformat.read(ROOT / START, as_version=4))
    nbformat.write(notebook, course / START)
    return course


def _jupyter_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR",
                 "JUPYTERLAB_WORKSPACES_DIR"):
        env[name] = str(tmp_path / name.lower())
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env.pop("MPLBACKEND", None)
    return env


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on loopback serving a fresh copy of the course; yields its URL."""
    _require_chromium()
    course = _course_copy(tmp_path)
    port, token = _free_port(), "saleslab-test"
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={course}"]
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(command, env=_jupyter_env(tmp_path), stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text())
                time.sleep(0.3)
        yield base, token
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _headline(text: str | None) -> str:
    """The demo's headline sentence, e.g. '25 deals won: ¥2.02M, 81% of the ¥2.5M target.'"""
    match = re.search(r"\d+ deals won: [^\n]*?target\.", text or "")
    assert match, f"no headline in the widget output: {text!r}"
    return match.group(0)


def test_start_notebook_runs_and_slider_changes_the_answer(lab, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    base, token = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            page.goto(f"{base}/lab/tree/{START}?reset&token={token}")
            expect(page.get_by_text("(ipykernel) | Idle")).to_be_visible(timeout=60_000)
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()

            output = page.locator(".widget-output").first
            expect(output).to_contain_text("deals won", timeout=60_000)
            output.scroll_into_view_if_needed()
            before = _headline(output.text_content())
            readout = page.locator(".widget-slider .widget-readout").first
            value_before = readout.inner_text()

            handle = page.locator(".widget-slider .noUi-handle").first
            handle.focus()
            for _ in range(4):
                handle.press("ArrowRight")
            expect(readout).not_to_have_text(value_before, timeout=10_000)
            expect(output).not_to_contain_text(before, timeout=30_000)
            after = _headline(output.text_content())
            assert after != before
            expect(output.locator("img")).to_have_count(1, timeout=30_000)  # the redrawn chart
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"))
            raise
        finally:
            browser.close()
