"""Every committed course notebook is complete, fully executed and carries its metadata."""

import nbformat
import pytest

from saleslab.course import COURSE
from saleslab.nbtools import course_notebooks
from conftest import ROOT

NOTEBOOKS = course_notebooks(ROOT)
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_the_start_notebook_is_committed():
    assert ROOT / "notebooks" / "00_start_here.ipynb" in NOTEBOOKS


@pytest.fixture(params=NOTEBOOKS, ids=IDS)
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_uses_the_standard_python3_kernel(notebook):
    _, nb = notebook
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_every_code_cell_ran_top_to_bottom_without_errors(notebook):
    _, nb = notebook
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a course notebook has code cells"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        assert all(o.output_type != "error" for o in cell.outputs), cell.source
        assert all(o.get("name") != "stderr" for o in cell.outputs), cell.source
    assert sum(bool(c.outputs) for c in code) >= len(code) // 2


def test_widget_cells_are_excluded_from_output_comparison(notebook):
    _, nb = notebook
    for cell in nb.cells:
        if cell.cell_type == "code" and any(WIDGET_VIEW in o.get("data", {}) for o in cell.outputs):
            assert "nbval-ignore-output" in cell.metadata.get("tags", []), cell.source


def test_carries_course_metadata(notebook):
    path, nb = notebook
    meta = nb.metadata.get("saleslab")
    assert meta, f"{path.name} lacks metadata.saleslab"
    assert meta["title"].strip()
    assert len(meta["objectives"]) >= 2 and all(o.strip() for o in meta["objectives"])
    assert 3 <= len(meta["key_points"]) <= 5
    assert set(meta["minutes"]) == {"teaching", "exercises"}
    assert all(isinstance(v, int) and v >= 0 for v in meta["minutes"].values())
    assert nb.cells[0].source.startswith("# "), "the first cell is the title"


def test_is_listed_in_the_course_map(notebook):
    path, _ = notebook
    assert str(path.relative_to(ROOT)) in {entry.path for entry in COURSE}
