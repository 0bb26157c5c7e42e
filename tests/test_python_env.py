"""tools/python-env.sh: `make` picks a supported Python by itself, or refuses in one line.

The interpreters here are fakes (small sh scripts on a PATH of their own) that answer the
script's probe with a chosen version and say whether venv/ensurepip import, so every case
runs in milliseconds and on any machine.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = ROOT / "tools" / "python-env.sh"

FAKE = """#!/bin/sh
# A fake Python {version}: answers the probe, and "makes" a venv whose python is {version} too.
if [ "$1" = -c ]; then
    [ "{runs}" = 1 ] || exit 1
    echo "{version} {venv_ok} $0"
elif [ "$1" = -m ] && [ "$2" = venv ]; then
    echo "$0 $*" >> "{log}"
    /bin/mkdir -p "$4/bin" && /bin/cp "$0" "$4/bin/python"
fi
"""


@pytest.fixture
def fake_path(tmp_path):
    """A PATH holding only `sh`, `id` and the fakes that a test adds with ``add(name, ...)``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh", "id"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    log = tmp_path / "venv-calls.log"

    def add(name: str, version: str, venv_ok: bool = True, runs: bool = True) -> Path:
        path = bin_dir / name
        path.write_text(FAKE.format(version=version, venv_ok=int(venv_ok), runs=int(runs), log=log))
        path.chmod(0o755)
        return path

    add.bin_dir = bin_dir
    add.log = log
    return add


def run(fake_path, *args: str, command: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    env = {"PATH": str(fake_path.bin_dir), "HOME": os.environ.get("HOME", "/tmp")}
    argv = command or ("/bin/sh", str(SCRIPT), *args)
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def assert_one_line_refusal(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in (*words, "(Debian/Ubuntu)", "(macOS)", "conda env create -f environment.yml"):
        assert word in lines[0], lines[0]


def test_a_too_old_python_is_refused_in_one_line_before_anything_is_made(fake_path, tmp_path):
    fake_path("python3", "3.10")
    fake_path("python", "2.7")
    result = run(fake_path, "venv", str(tmp_path / "venv"))
    assert_one_line_refusal(result, "needs Python 3.11–3.13", "python3 3.10", "python 2.7",
                            "apt-get install -y python3.11 python3.11-venv", "brew install python@")
    assert not (tmp_path / "venv").exists()


def test_a_too_new_python_is_refused(fake_path, tmp_path):
    fake_path("python3", "3.14")
    assert_one_line_refusal(run(fake_path, "find"), "needs Python 3.11–3.13", "python3 3.14")


def test_no_python_at_all_is_said(fake_path):
    assert_one_line_refusal(run(fake_path, "find"), "found: no Python on PATH")


def test_a_python_without_ensurepip_gets_the_apt_command_for_its_venv_package(fake_path, tmp_path):
    fake_path("python3", "3.12", venv_ok=False)
    result = run(fake_path, "venv", str(tmp_path / "venv"))
    assert_one_line_refusal(result, "Python 3.12", "venv/ensurepip missing",
                            "apt-get install -y python3.12-venv", "brew reinstall python@3.12")
    assert not (tmp_path / "venv").exists()


def test_a_suitable_python_is_found_by_itself_and_named(fake_path, tmp_path):
    fake_path("python3", "3.10")
    fake_path("python3.13", "3.13", runs=False)  # a pyenv shim for a version not selected
    chosen = fake_path("python3.12", "3.12")
    venv = tmp_path / "venv"
    result = run(fake_path, "venv", str(venv))
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"saleslab: making {venv} with Python 3.12: python3.12 ({chosen})\n"
    assert fake_path.log.read_text().split() == [str(chosen), "-m", "venv", "--clear", str(venv)]
    assert run(fake_path, "find").stdout == "python3.12\n"


def test_python_given_on_the_command_line_is_the_only_one_tried(fake_path):
    fake_path("python3", "3.12")
    old = fake_path("python3.10", "3.10")
    assert_one_line_refusal(run(fake_path, "find", str(old)), f"{old} 3.10")


def test_an_environment_with_a_supported_python_is_kept(fake_path, tmp_path):
    venv = tmp_path / "venv"
    fake_path("python3", "3.11")
    assert run(fake_path, "venv", str(venv)).returncode == 0
    again = run(fake_path, "venv", str(venv))
    assert again.returncode == 0 and again.stderr == ""
    assert len(fake_path.log.read_text().splitlines()) == 1


def test_an_environment_left_by_an_unsupported_python_is_made_anew(fake_path, tmp_path):
    venv = tmp_path / "venv"
    fake_path("python3", "3.10")
    (venv / "bin").mkdir(parents=True)
    shutil.copy(fake_path.bin_dir / "python3", venv / "bin" / "python")
    fake_path("python3.11", "3.11")
    result = run(fake_path, "venv", str(venv))
    assert result.returncode == 0, result.stderr
    assert "made with Python 3.10" in result.stderr and "Python 3.11: python3.11" in result.stderr


def test_make_setup_checks_the_python_before_installing_anything(fake_path, tmp_path):
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    fake_path("python3", "3.10")
    venv = tmp_path / "venv"
    result = run(fake_path, command=(make, "--no-print-directory", "setup", f"VENV={venv}"))
    assert result.returncode != 0
    assert "needs Python 3.11–3.13" in result.stderr and "pip" not in result.stdout
    assert not venv.exists()


def test_a_real_python_3_10_is_refused():
    found = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.10.*/bin/python3.10")))
    if not found:
        pytest.skip("no Python 3.10 under pyenv on this machine")
    result = subprocess.run(["/bin/sh", str(SCRIPT), "find", found[0]], capture_output=True,
                            text=True, timeout=60)
    assert_one_line_refusal(result, "needs Python 3.11–3.13", "3.10")


def test_a_real_python_without_ensurepip_gets_the_apt_command(fake_path, tmp_path):
    """As on Debian or Ubuntu without python3-venv, where `import ensurepip` fails."""
    hidden = tmp_path / "no-ensurepip" / "ensurepip"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text("raise ImportError('ensurepip is not installed')\n")
    python = fake_path.bin_dir / "python3"
    python.write_text(f'#!/bin/sh\nPYTHONPATH="{hidden.parent}" exec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    result = run(fake_path, "venv", str(tmp_path / "venv"))
    assert_one_line_refusal(result, f"Python {version}", f"apt-get install -y python{version}-venv")
    assert not (tmp_path / "venv").exists()
