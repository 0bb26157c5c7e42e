"""Write an import in the kit's own schema: ``crm_opportunities.csv``, ``crm_events.csv``,
``crm_deal_updates.csv``, ``weekly_kpis.csv`` (deal counts only, see :mod:`.weekly`) and
``datapackage.json`` (the same columns and descriptor shape as
the course's ``datasets/``, with the team, region and product names of this company), plus
``import_report.md`` and ``set_aside.csv`` beside them.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from ..data import DESCRIPTOR, DataExistsError
from ..data.dictionary import RESOURCE
from ..data.schema import Resource, to_csv_text
from .weekly import weekly_resource

TABLES = ("crm_opportunities", "crm_events", "crm_deal_updates", "weekly_kpis")
REPORT, SET_ASIDE = "import_report.md", "set_aside.csv"
FILES = (*[f"{name}.csv" for name in TABLES], DESCRIPTOR, REPORT, SET_ASIDE)
_OWN_NAMES = ("team", "region", "product_line", "loss_reason", "next_step")


def check_free(out: Path, force: bool) -> None:
    """Refuse (DataExistsError) when ``out`` already holds import files and ``force`` is off."""
    existing = [name for name in FILES if (out / name).exists()]
    if existing and not force:
        raise DataExistsError(out, existing)


def resource(name: str, frame: pd.DataFrame) -> Resource:
    """The course's resource for ``name`` with this company's own names in its enums."""
    if name == "weekly_kpis":
        return weekly_resource(tuple(sorted(pd.unique(frame["team"].to_numpy()))))
    base = RESOURCE[name]
    fields = tuple(dataclasses.replace(f, enum=tuple(sorted(set(pd.unique(frame[f.name].dropna().to_numpy()))
                                                              - {""})))
                   if f.name in _OWN_NAMES and f.enum is not None else f for f in base.fields)
    return dataclasses.replace(base, fields=fields, description=base.description.split(". ")[0] + ".")


def write_import(out: Path, frames: dict[str, pd.DataFrame], meta: dict, report_text: str,
                 set_aside: pd.DataFrame) -> list[Path]:
    """Write every file (see the module docstring); returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    texts, resources = {}, []
    for name in TABLES:
        res = resource(name, frames[name])
        frame = frames[name].astype({f.name: "datetime64[us]" for f in res.fields
                                     if f.type in ("date", "datetime")})
        texts[name] = to_csv_text(frame, res)
        resources.append(res.descriptor(texts[name]))
    descriptor = {"profile": "tabular-data-package", "name": "saleslab-imported-crm",
                  "title": "CRM data imported by saleslab import", **meta, "resources": resources}
    paths = []
    for name, text in texts.items():
        paths.append(out / f"{name}.csv")
        paths[-1].write_bytes(text.encode("utf-8"))
    for name, text in ((DESCRIPTOR, json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"),
                       (REPORT, report_text + "\n"),
                       (SET_ASIDE, set_aside.to_csv(index=False, lineterminator="\n"))):
        paths.append(out / name)
        paths[-1].write_bytes(text.encode("utf-8"))
    return paths
