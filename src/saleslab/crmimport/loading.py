"""Read an imported folder back, typed by its own ``datapackage.json`` (its team, region and
product names are the company's, not the course's).

The folder is ``folder``, else ``$SALESLAB_DATA``, else the course's ``datasets/`` (so the
notebook also runs on the course data).

>>> load("crm_events")["stage"].iloc[0]
'lead'
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..data import DESCRIPTOR, data_folder
from ..data.schema import read_csv


def _package(folder: Path | str | None) -> tuple[Path, dict]:
    base = data_folder(folder)
    path = base / DESCRIPTOR
    if not path.is_file():
        raise FileNotFoundError(f"no {DESCRIPTOR} in {str(base)!r}: run `saleslab import EXPORT "
                                f"--out {base}` or set SALESLAB_DATA to an imported folder")
    return base, json.loads(path.read_text(encoding="utf-8"))


def load(name: str, folder: Path | str | None = None) -> pd.DataFrame:
    """One table of the folder (``crm_opportunities``, ``crm_events``, ``crm_deal_updates``)."""
    base, package = _package(folder)
    resources = {r["name"]: r for r in package["resources"]}
    if name not in resources:
        raise ValueError(f"`name` must be one of {sorted(resources)}; got {name!r}")
    return read_csv(base / resources[name]["path"], resources[name])


def snapshot(folder: Path | str | None = None) -> pd.Timestamp:
    """When the data was taken (the package's ``snapshot``)."""
    return pd.Timestamp(_package(folder)[1]["snapshot"])


def history_kind(folder: Path | str | None = None) -> str:
    """``"stage history"`` or ``"snapshot only"`` (the course data has full history)."""
    return _package(folder)[1].get("history", "stage history")
