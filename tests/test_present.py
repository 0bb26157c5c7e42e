"""Presenter mode: Voilà serves a notebook on loopback with the code hidden."""

import socket
import subprocess
import time
import urllib.request

import pytest

from saleslab import cli
from saleslab.present import CASES, notebook_for, presenter_command
from conftest import ROOT


def test_command_serves_on_loopback_with_code_hidden():
    command = presenter_command("case1", port=9000, root=ROOT)
    assert command[3] == str(ROOT / CASES["case1"])
    assert "--strip_sources=True" in command and "--Voila.ip=127.0.0.1" in command
    assert "--port=9000" in command and command[-1] == "--no-browser"
    assert presenter_command("case2", root=ROOT, open_browser=True)[-1] != "--no-browser"


@pytest.mark.parametrize(("case", "error", "message"), [
    ("case9", ValueError, r"`case` must be one of \['case1', 'case2', 'case3'\]"),
    ("notebooks/missing.ipynb", FileNotFoundError, "no notebook at"),
])
def test_unknown_cases_get_a_clear_error(case, error, message):
    with pytest.raises(error, match=message):
        notebook_for(case, ROOT)


def test_bad_port_is_refused():
    with pytest.raises(ValueError, match="`port` must be a whole number from 1024 to 65535"):
        presenter_command("case1", port=80, root=ROOT)


def test_command_line_reports_bad_case_in_one_line(capsys):
    assert cli.main(["present", "case9"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "`case` must be one of" in err


@pytest.mark.slow
def test_voila_renders_the_start_notebook_without_code():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = presenter_command("notebooks/00_start_here.ipynb", port=port, root=ROOT)
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as page:
                    html = page.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("Voila did not serve the notebook")
                time.sleep(0.5)
        assert "Setup complete" in html  # the notebook ran
        assert "setup_notebook" not in html  # and its code is hidden
    finally:
        server.terminate()
        server.wait(timeout=20)
