"""Presenter mode: Voilà serves a notebook on loopback with the code hidden."""

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from saleslab import cli
from saleslab.present import CASES, free_port, notebook_for, presenter_command, write_config
from conftest import ROOT


def test_command_serves_on_loopback_with_code_hidden(tmp_path):
    command = presenter_command("case1", port=9000, root=ROOT, token="t", config=tmp_path)
    assert command[3] == str(ROOT / CASES["case1"])
    assert "--strip_sources=True" in command and "--Voila.ip=127.0.0.1" in command
    assert "--port=9000" in command and "--Voila.port_retries=0" in command
    assert command[-1] == "--no-browser"
    assert presenter_command("case2", root=ROOT, open_browser=True, token="t",
                             config=tmp_path)[-1] != "--no-browser"


def test_the_room_configuration_has_a_token_a_cap_culling_and_no_cdn(tmp_path):
    config = json.loads((write_config(tmp_path, "secret") / "voila.json").read_text())
    assert config["Voila"]["token"] == "secret"
    policy = config["Voila"]["tornado_settings"]["headers"]["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "http" not in policy
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0
    assert config["CappedKernelManager"]["max_kernels"] >= 1


def test_a_taken_port_is_skipped_before_voila_starts():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert free_port(port) != port


@pytest.mark.parametrize(("case", "error", "message"), [
    ("case9", ValueError, r"`case` must be one of \['case1', 'case2', 'case3'\]"),
    ("notebooks/missing.ipynb", FileNotFoundError, "no notebook at"),
])
def test_unknown_cases_get_a_clear_error(case, error, message):
    with pytest.raises(error, match=message):
        notebook_for(case, ROOT)


def test_bad_port_is_refused():
    with pytest.raises(ValueError, match="`port` must be a whole number from 1024 to 65535"):
        free_port(80)


def test_command_line_reports_bad_case_in_one_line(capsys):
    assert cli.main(["present", "case9"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "`case` must be one of" in err


def _get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=180) as page:
            return page.status, dict(page.headers), page.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), ""


@pytest.mark.slow
def test_voila_serves_the_start_notebook_safely_again_and_again(tmp_path):
    port = free_port(20000 + os.getpid() % 20000)
    config = write_config(tmp_path, "room-token")
    command = presenter_command("notebooks/00_start_here.ipynb", port=port, root=ROOT,
                                token="room-token", config=config)
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 240  # Voila starts in ~3 s, but in ~45 s on a loaded machine
        while True:  # a bare connection starts no kernel, unlike a page request
            try:
                socket.create_connection(("127.0.0.1", port), timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("Voila did not start")
                time.sleep(0.5)
        assert "Setup complete" not in _get(base)[2], "no dashboard without the token"
        for _load in range(3):
            status, headers, html = _get(base + "?token=room-token")
            assert status == 200
            assert "Setup complete" in html and "setup_notebook" not in html
            assert "default-src 'self'" in headers.get("Content-Security-Policy", "")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_chinese_presenter_pages_say_they_are_chinese(tmp_path):
    config = json.loads((write_config(tmp_path, "secret", "zh_CN") / "voila.json").read_text())
    assert config["VoilaExporter"] == {"language_code": "zh"}
    english = json.loads((write_config(tmp_path, "secret") / "voila.json").read_text())
    assert english["VoilaExporter"] == {"language_code": "en"}
