"""The course notebooks set to an imported folder through SALESLAB_DATA (issue 16 and the
capstone of issue 19): module 2 and the capstone run top to bottom, modules 3 and 5 stop at
their first cell with one line naming what the import lacks. One import of the course's own
CRM export (a Salesforce report and its stage history) is shared by every notebook."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from conftest import ROOT
from saleslab.crmimport import import_exports
from saleslab.crmimport.course_export import course_export
from saleslab.nbtools import KERNEL, ExecutionClient, clear_outputs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("course_crm")
    files = course_export(base / "export")
    import_exports(files[:2], base / "import", mapping=files[2], key_file=base / "trainer.key")
    return base / "import"


def _run(notebook: str, folder: Path, workdir: Path, monkeypatch) -> nbformat.NotebookNode:
    """Execute a copy of ``notebook`` in ``workdir`` on the data in ``folder``; the executed
    copy is returned, or attached to the CellExecutionError it raised."""
    monkeypatch.setenv("SALESLAB_DATA", str(folder))  # the kernel inherits it
    book = clear_outputs(nbformat.read(ROOT / notebook, as_version=4))
    client = ExecutionClient(book, kernel_name=KERNEL, timeout=300,
                             resources={"metadata": {"path": str(workdir)}})
    try:
        client.execute()
    except CellExecutionError as error:
        error.notebook = book
        raise
    return book


def _errors(book: nbformat.NotebookNode) -> list[str]:
    return ["\n".join(o.traceback) for c in book.cells if c.cell_type == "code"
            for o in c.outputs if o.output_type == "error"]


def test_module_2_runs_top_to_bottom_on_an_import(imported, tmp_path, monkeypatch):
    book = _run("notebooks/02_funnel_design.ipynb", imported, tmp_path, monkeypatch)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code) and not _errors(book)
    # The import of the course's own export gives the course's stage conversion, as stored.
    stored = nbformat.read(ROOT / "notebooks/02_funnel_design.ipynb", as_version=4)

    def conversion(notebook):
        (cell,) = [c for c in notebook.cells if c.source.startswith("conversion = funnel.stage_conversion")]
        return cell.outputs[0]["data"]["text/plain"]

    assert conversion(book) == conversion(stored)


@pytest.mark.parametrize("notebook, lacks", [("notebooks/03_monitoring.ipynb", "kpi_shifts"),
                                             ("notebooks/05_pipeline_and_team.ipynb", "lead_handoffs")])
def test_modules_3_and_5_stop_at_their_first_cell_in_one_line(imported, tmp_path, monkeypatch,
                                                              notebook, lacks):
    with pytest.raises(CellExecutionError) as raised:
        _run(notebook, imported, tmp_path, monkeypatch)
    book = raised.value.notebook
    first = next(c for c in book.cells if c.cell_type == "code")
    (error,) = [o for o in first.outputs if o.output_type == "error"]
    assert len(error.traceback) == 1 and "\n" not in error.traceback[0]
    assert lacks in error.traceback[0] and "your_own_data.ipynb" in error.traceback[0]
    later = [c for c in book.cells if c.cell_type == "code" and c is not first]
    assert not any(c.execution_count for c in later)


def test_the_capstone_runs_on_an_import_and_exports_the_plan(imported, tmp_path, monkeypatch):
    book = _run("exercises/capstone.ipynb", imported, tmp_path, monkeypatch)
    assert not _errors(book)
    page = (tmp_path / "my_team_plan.html").read_text(encoding="utf-8")
    teams = book.cells[3].outputs[0]["data"]["text/plain"]
    for part in ("1. Target", "2. Funnel stages", "3. Process KPIs", "4. PDCA pilot",
                 "opportunities_created", teams.split("'")[1]):
        assert part in page
