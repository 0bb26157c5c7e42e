"""Folders written by ``saleslab import`` read through :func:`saleslab.data.load`: each table
typed by the folder's own ``datapackage.json`` (the company's teams, regions, products and
reps, not the course's), and a table the import cannot hold refused in one line that says what
is missing and where to go instead, shown without a traceback in a notebook.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     _ = (Path(folder) / "datapackage.json").write_text('{"name": "%s", "resources": []}' % IMPORTED)
...     try:
...         read_import("kpi_shifts", Path(folder), read_package(Path(folder)))
...     except NotInImport as error:
...         print(str(error).split(" holds ")[1].split(":")[0])
an import of CRM exports, which has no kpi_shifts (Planted KPI shifts (truth table))
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..i18n import _
from .dictionary import RESOURCE
from .schema import read_csv

DESCRIPTOR = "datapackage.json"
#: The ``name`` in the datapackage.json of an imported folder.
IMPORTED = "saleslab-imported-crm"
OWN_DATA = "notebooks/your_own_data.ipynb"


class NotInImport(ValueError):
    """An imported folder lacks what a notebook needs. In a notebook only the message shows
    (IPython prints what ``_render_traceback_`` returns instead of the traceback), and
    "Run all" stops at that cell."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def read_package(base: Path) -> dict | None:
    """The folder's ``datapackage.json``, or None when it has none (or one that is not JSON:
    the course's own validation reports that)."""
    try:
        return json.loads((base / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_import(package: dict | None) -> bool:
    """Whether ``package`` (from :func:`read_package`) describes an imported folder."""
    return isinstance(package, dict) and package.get("name") == IMPORTED


def read_import(name: str, base: Path, package: dict, snapshot_events: bool = True) -> pd.DataFrame:
    """Table ``name`` of the imported folder ``base``. ``snapshot_events=False`` refuses the
    stage log of a snapshot-only import: its stages are all dated at creation, which module 2's
    conversion, time in stage and levers would read as real history."""
    resources = {r["name"]: r for r in package.get("resources", [])}
    if name not in resources:
        what = f" ({_(RESOURCE[name].title)})" if name in RESOURCE else ""
        raise NotInImport(_("{folder} holds an import of CRM exports, which has no {name}{what}: this "
                            "notebook needs it. Run it on the course data (unset SALESLAB_DATA), and "
                            "run {own} on the import.").format(folder=base, name=name, what=what,
                                                              own=OWN_DATA))
    if name == "crm_events" and not snapshot_events and package.get("history") == "snapshot only":
        raise NotInImport(_("{folder} holds a snapshot export (each deal's current stage only), so "
                            "it has no stage history: this notebook needs it. Import the CRM's "
                            "stage-history export too, or run {own} on this import.").format(
                                folder=base, own=OWN_DATA))
    return read_csv(base / resources[name]["path"], resources[name])


def package_snapshot(package: dict | None, default: pd.Timestamp) -> pd.Timestamp:
    """When the folder's data was taken: its package's ``snapshot``, else ``default``."""
    if isinstance(package, dict) and package.get("snapshot"):
        return pd.Timestamp(package["snapshot"])
    return default
