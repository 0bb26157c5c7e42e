"""The notebook checks can fail: a changed stored output is caught, and runs are repeatable."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from saleslab.nbtools import execute_notebook
from conftest import ROOT

pytestmark = pytest.mark.slow
START = "notebooks/00_start_here.ipynb"
TEXT_TYPES = ("text/plain", "text/html", "text/markdown")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(autouse=True)
def _course_home(monkeypatch):
    """The copy's course map must describe this repository, as the committed outputs do."""
    monkeypatch.setenv("SALESLAB_HOME", str(ROOT))


def _copy_start(tmp_path):
    target = tmp_path / START
    target.parent.mkdir(parents=True)
    target.write_bytes((ROOT / START).read_bytes())
    return target


def _nbval(path):
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
               "--nbval", "--nbval-current-env",
               "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), str(path)]
    return subprocess.run(command, cwd=path.parent.parent, capture_output=True, text=True, timeout=300)


def _text_outputs(path):
    nb = nbformat.read(path, as_version=4)
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                texts.append(out.text)
            data = out.get("data", {})
            if WIDGET_VIEW in data:  # model ids are random by design; nbval skips these too
                continue
            texts += [data[kind] for kind in TEXT_TYPES if kind in data]
    return texts


def test_a_changed_stored_output_fails_nbval(tmp_path):
    path = _copy_start(tmp_path)
    assert _nbval(path).returncode == 0, "the committed notebook passes as it is"
    nb = nbformat.read(path, as_version=4)
    table = next(c for c in nb.cells if c.cell_type == "code" and "better_contact.stages" in c.source)
    table.outputs[0].data["text/plain"] = table.outputs[0].data["text/plain"].replace("33.6", "36.3")
    nbformat.write(nb, path)
    result = _nbval(path)
    assert result.returncode != 0
    assert "36.3" in result.stdout


def test_executing_twice_gives_identical_text_outputs(tmp_path):
    path = _copy_start(tmp_path)
    execute_notebook(path)
    first = _text_outputs(path)
    execute_notebook(path)
    assert _text_outputs(path) == first
    assert any("Setup complete" in text for text in first)
    assert any("33.6" in text for text in first)  # the stages table is among the compared outputs
