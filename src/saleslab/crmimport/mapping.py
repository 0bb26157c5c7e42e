"""Which column of an export holds which field, which stage name means which course stage,
and the assumptions (currency, 万元, date order, snapshot): guessed from the presets, or read
from a small mapping file (TOML) that the importer writes as a template when it cannot guess.

>>> cols = resolve(["Opportunity ID", "Stage", "Amount", "Close Date", "Description"], Mapping())
>>> cols.fields["amount"], cols.free_text
('Amount', ('Description',))
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..i18n import N_, _
from .errors import ImportProblem
from .parse import DATE_ORDERS, per_distinct
from .presets import (ENTERED_COLUMN, FIELDS, FREE_TEXT, PRESETS, STAGE_NAMES, STATUS_NAMES,
                      normal)

FIX_LINE = N_("fix that line")
KIT_STAGES = ("lead", "contacted", "qualified", "proposal", "negotiation", "won", "lost")
_OPTIONS = {"currency": str, "amount_unit": str, "date_order": str, "snapshot": str, "keep_text": bool,
            "empty_amount": str}


@dataclass(frozen=True)
class Mapping:
    """What a mapping file says (all optional): columns by field, stage names, options."""

    columns: dict[str, str] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)
    options: dict[str, object] = field(default_factory=dict)
    source: str = "presets"

    def stage(self, name: str) -> str | None:
        """The course stage for a stage name of the export, or None if unknown.

        >>> Mapping(stages={"Discovery": "qualified"}).stage("discovery")
        'qualified'
        """
        key = normal(name)
        own = {normal(k): v for k, v in self.stages.items()}
        return own.get(key, STAGE_NAMES.get(key))

    def stage_column(self, cells: pd.Series) -> pd.Series:
        """:meth:`stage` of a whole column, each distinct name looked up once (None if unknown)."""
        return per_distinct(cells, lambda name: self.stage(name) if name else None)

    def status_column(self, cells: pd.Series) -> pd.Series:
        """:meth:`status` of a whole column, each distinct cell looked up once."""
        return per_distinct(cells, lambda cell: self.status(cell) if cell else None)

    def status(self, cell: str) -> str | None:
        """``open``/``won``/``lost`` for a status cell, None if unknown."""
        return STATUS_NAMES.get(normal(cell))

    def option(self, name: str, default: object = None) -> object:
        return self.options.get(name, default)


@dataclass(frozen=True)
class Columns:
    """One export's columns resolved: field -> header, entered-stage columns, free text, unused."""

    fields: dict[str, str]
    entered: dict[str, str]
    free_text: tuple[str, ...]
    unused: tuple[str, ...]
    preset: str

    @property
    def is_history(self) -> bool:
        """A stage-history export: one row per stage change (it has a change date)."""
        return "changed_at" in self.fields


def _preset(columns: list[str]) -> str:
    folded = {normal(c) for c in columns}
    score = {name: sum(normal(h) in folded for h in heads) for name, heads in PRESETS.items()}
    best = max(score, key=lambda name: score[name])
    return best if score[best] >= 3 else "generic"


def resolve(columns: list[str], mapping: Mapping, file: str = "export") -> Columns:
    """Match one export's headers to fields: the mapping file first, then preset names."""
    by_normal = {normal(c): c for c in columns}
    found: dict[str, str] = {}
    for name, header in mapping.columns.items():
        if header not in columns:
            raise ImportProblem(file, _("the mapping says {name} = {header}, but there is no such "
                                        "column").format(name=name, header=repr(header)),
                                _("use one of {columns} in the mapping file").format(columns=columns[:8]),
                                column=header)
        found[name] = header
    for name, aliases in FIELDS.items():
        if name not in found:
            hit = next((by_normal[normal(a)] for a in aliases if normal(a) in by_normal), None)
            if hit is not None and hit not in found.values():
                found[name] = hit
    entered = {}
    for column in columns:
        match = ENTERED_COLUMN.match(column.strip())
        stage = match and mapping.stage(match.group("en") or match.group("zh"))
        if stage and column not in found.values():
            entered[column] = stage
    text = {normal(t) for t in FREE_TEXT}
    free = tuple(c for c in columns if normal(c) in text and c not in found.values())
    used = set(found.values()) | set(entered) | set(free)
    return Columns(found, entered, free,
                   tuple(c for c in columns if c not in used), _preset(columns))


def missing(cols: Columns) -> list[str]:
    """Fields an export needs but the mapping did not find (empty: usable)."""
    if cols.is_history:
        need = [("id", "name"), ("stage",), ("changed_at",)]
    else:
        need = [("id", "name"), ("stage", "status"), ("amount",), ("created", "close_date", "closed_at")]
    return [" or ".join(group) for group in need if not any(f in cols.fields for f in group)]


def read_mapping(path: Path | str | None) -> Mapping:
    """The mapping file at ``path`` (TOML, see :func:`template`), or an empty mapping."""
    if path is None:
        return Mapping()
    path = Path(path)
    if not path.is_file():
        raise ImportProblem(str(path), _("no such mapping file"), _("check the --mapping path"))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ImportProblem(path.name, _("is not a valid mapping file ({error})").format(error=error),
                            _("compare it with the template the importer writes")) from None
    unknown = sorted(set(data) - {"columns", "stages", "options", "preset"})
    unknown += sorted(f"columns.{k}" for k in data.get("columns", {}) if k not in FIELDS)
    unknown += sorted(f"options.{k}" for k in data.get("options", {}) if k not in _OPTIONS)
    if unknown:
        raise ImportProblem(path.name, _("has the unknown entry {entry}").format(entry=repr(unknown[0])),
                            _("use the fields {fields} and options {options}").format(
                                fields=sorted(FIELDS), options=sorted(_OPTIONS)))
    stages = {str(k): str(v) for k, v in data.get("stages", {}).items()}
    bad = [f"{k} = {v!r}" for k, v in stages.items() if v not in KIT_STAGES]
    if bad:
        raise ImportProblem(path.name, _("maps a stage to an unknown course stage ({stage})").format(
            stage=bad[0]), _("use one of {stages}").format(stages=list(KIT_STAGES)))
    options = dict(data.get("options", {}))
    for name, kind in _OPTIONS.items():
        if name in options and not isinstance(options[name], kind):
            raise ImportProblem(path.name, _("option {name} must be a {kind}, got {value}").format(
                name=name, kind=kind.__name__, value=repr(options[name])), _(FIX_LINE))
    if options.get("date_order", "ymd") not in DATE_ORDERS:
        raise ImportProblem(path.name, _("date_order must be one of {orders}").format(
            orders=list(DATE_ORDERS)), _(FIX_LINE))
    if options.get("amount_unit", "yuan") not in ("yuan", "wan"):
        raise ImportProblem(path.name, _('amount_unit must be "yuan" or "wan" (万元)'), _(FIX_LINE))
    if options.get("empty_amount", "set aside") not in ("set aside", "zero"):
        raise ImportProblem(path.name, _('empty_amount must be "set aside" or "zero"'), _(FIX_LINE))
    return Mapping({str(k): str(v) for k, v in data.get("columns", {}).items()}, stages, options,
                   path.name)


def template(columns: list[str], cols: Columns, stages: list[str], mapping: Mapping) -> str:
    """A mapping file to edit: every field with the column guessed (or commented out), the
    stage names seen with their guessed course stage, and the options.

    >>> print(template(["Deal", "Phase"], resolve(["Deal", "Phase"], Mapping()), ["Won"], Mapping()).splitlines()[0])
    # saleslab import mapping: edit, then run again with --mapping THIS_FILE
    """
    lines = ["# saleslab import mapping: edit, then run again with --mapping THIS_FILE",
             f"# The export's columns: {', '.join(columns)}", "", "[columns]"]
    for name in FIELDS:
        header = cols.fields.get(name)
        lines.append(f'{name} = "{header}"' if header else f'# {name} = "<column name>"')
    lines += ["", "# Each stage name of the export -> one of " + ", ".join(KIT_STAGES), "[stages]"]
    for stage in stages:
        guess = mapping.stage(stage)
        lines.append(f'"{stage}" = "{guess}"' if guess else f'# "{stage}" = "<course stage>"')
    lines += ["", "[options]", '# currency = "CNY"', '# amount_unit = "yuan"   # or "wan" (万元)',
              '# date_order = "ymd"     # for 01/03/2025: "dmy" (day first) or "mdy"',
              '# snapshot = "2026-06-30"  # when the export was taken (default: its latest date)',
              "# keep_text = false      # true carries the next-step text over",
              '# empty_amount = "set aside"  # or "zero": deals without an amount count at 0', ""]
    return "\n".join(lines)
