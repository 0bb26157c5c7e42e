"""Read an imported folder back, typed by its own ``datapackage.json`` (its team, region and
product names are the company's, not the course's), snapshot-only stage logs included: the
your-own-data analyses say themselves what a snapshot cannot show.

The folder is ``folder``, else ``$SALESLAB_DATA``, else the course's ``datasets/`` (so the
notebook also runs on the course data).

>>> load("crm_events")["stage"].iloc[0]
'lead'
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..data import DESCRIPTOR, data_folder
from ..data.loading import read_import, read_package


def _package(folder: Path | str | None) -> tuple[Path, dict]:
    base = data_folder(folder)
    package = read_package(base)
    if package is None:
        raise FileNotFoundError(f"no {DESCRIPTOR} in {str(base)!r}: run `saleslab import EXPORT "
                                f"--out {base}` or set SALESLAB_DATA to an imported folder")
    return base, package


def load(name: str, folder: Path | str | None = None) -> pd.DataFrame:
    """One table of the folder (``crm_opportunities``, ``crm_events``, ``crm_deal_updates``,
    ``weekly_kpis``)."""
    base, package = _package(folder)
    if name not in {r["name"] for r in package["resources"]}:
        raise ValueError(f"`name` must be one of {sorted(r['name'] for r in package['resources'])}; "
                         f"got {name!r}")
    return read_import(name, base, package)


def snapshot(folder: Path | str | None = None) -> pd.Timestamp:
    """When the data was taken (the package's ``snapshot``)."""
    return pd.Timestamp(_package(folder)[1]["snapshot"])


def currency(folder: Path | str | None = None) -> str:
    """The currency code of the folder's amounts (the package's ``currency``; the course data
    and imports made before it was recorded: CNY)."""
    return _package(folder)[1].get("currency", "CNY")


def history_kind(folder: Path | str | None = None) -> str:
    """``"stage history"`` or ``"snapshot only"`` (the course data has full history)."""
    return _package(folder)[1].get("history", "stage history")
