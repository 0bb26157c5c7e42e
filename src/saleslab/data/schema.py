"""The data dictionary's building blocks: fields, resources, the Frictionless descriptor,
CSV writing and reading by the descriptor, and a small validator.

The descriptor follows the Frictionless Data Package standard (tabular data package) without
depending on the ``frictionless`` library. :func:`problems` checks a CSV file against one
resource of it: column names and order, types, required values, enums, minimum and maximum.

>>> field = Field("deals", "integer", "Deals won in the month (count)", minimum=0)
>>> field.descriptor()["constraints"]
{'required': True, 'minimum': 0}
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from ..i18n import N_, _

TYPES = ("integer", "number", "string", "date", "datetime", "boolean")
#: How a problem names each type ("`amount` is not a number").
KIND_WORDS = {"integer": N_("a whole number"), "number": N_("a number"), "string": N_("text"),
              "date": N_("a date (YYYY-MM-DD)"), "datetime": N_("a date and time (YYYY-MM-DD hh:mm:ss)"),
              "boolean": N_("true or false")}
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_PANDAS_TYPES = {"integer": "int64", "number": "float64", "string": "str", "boolean": "bool"}


@dataclass(frozen=True)
class Field:
    """One column: name, Frictionless type, meaning with units, and constraints."""

    name: str
    type: str
    description: str
    required: bool = True
    enum: tuple[str, ...] | None = None
    minimum: float | str | None = None
    maximum: float | str | None = None

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"`type` of field {self.name!r} must be one of {TYPES}, got {self.type!r}")

    def descriptor(self) -> dict:
        """The Frictionless field descriptor (name, type, format, description, constraints)."""
        out: dict = {"name": self.name, "type": self.type}
        if self.type == "date":
            out["format"] = "default"
        if self.type == "datetime":
            out["format"] = DATETIME_FORMAT
        out["description"] = self.description
        constraints: dict = {"required": self.required}
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Resource:
    """One CSV file of the package: its name (= file stem), meaning and fields."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        return [field.name for field in self.fields]

    def descriptor(self, text: str) -> dict:
        """The Frictionless resource descriptor for this file, with size and hash of ``text``."""
        data = text.encode("utf-8")
        schema: dict = {"fields": [field.descriptor() for field in self.fields], "missingValues": [""]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        return {
            "name": self.name,
            "path": f"{self.name}.csv",
            "profile": "tabular-data-resource",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "schema": schema,
        }


#: A cell holding one of these is quoted in CSV; such cells go through the csv module itself,
#: whose rule for "\r" changed between Python versions.
_QUOTE_IF = (",", '"', "\n", "\r")
#: Rows joined into text per step (bounds the memory the row strings take at once).
_CHUNK = 100_000


def _quoted(cells: np.ndarray) -> np.ndarray:
    """Text ``cells`` as pandas' ``to_csv`` writes them (the csv module, minimal quoting)."""
    text = "".join(cells)  # one scan of all the text: most columns need no quotes at all
    if not any(mark in text for mark in _QUOTE_IF):
        return cells
    out = cells.copy()
    for i, cell in enumerate(cells):
        if any(mark in cell for mark in _QUOTE_IF):
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow([cell, ""])
            out[i] = buffer.getvalue()[:-2]  # without the empty second cell and the line end
    return out


def _date_cells(column: pd.Series, field: Field) -> np.ndarray:
    fmt = DATE_FORMAT if field.type == "date" else DATETIME_FORMAT
    # Each distinct time is formatted once: a million rows hold a few thousand days.
    codes, times = pd.factorize(column)
    text = np.append(pd.DatetimeIndex(times).strftime(fmt).to_numpy(dtype=object), "")
    return text[codes]  # code -1 (missing) takes the last entry, ""


def _float_cells(values: np.ndarray) -> np.ndarray:
    """float64 ``values`` as pandas writes them (NumPy's shortest repr, NaN empty); whole
    numbers, most amounts, through ``int``, which is several times faster."""
    whole = (np.abs(values) < 1e15) & (np.floor(values) == values) & ~np.signbit(values)
    cells = np.empty(len(values), dtype=object)
    cells[whole] = [f"{n}.0" for n in values[whole].astype(np.int64).tolist()]
    rest = ~whole
    cells[rest] = values[rest].astype(str)
    cells[np.isnan(values)] = ""
    return cells


def _cells(column: pd.Series, field: Field) -> np.ndarray | None:
    """One column as its CSV cells (an object array of str); None for a type left to pandas."""
    if field.type in ("date", "datetime"):
        return _date_cells(column, field)
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iub":
        return np.array(list(map(str, column.to_numpy().tolist())), dtype=object)
    if column.dtype == np.float64:
        return _float_cells(column.to_numpy())
    codes, distinct = pd.factorize(column)  # text: each distinct value once
    distinct = np.asarray(distinct, dtype=object)
    if not all(isinstance(value, str) for value in distinct):
        return None
    return np.append(_quoted(distinct), "")[codes]


def to_csv_text(frame: pd.DataFrame, resource: Resource) -> str:
    """The CSV text of ``frame`` as the resource prescribes (column order, date formats),
    byte for byte what pandas' ``to_csv`` writes, built a column at a time (several times
    faster on a million rows).

    >>> res = Resource("t", "T", "A test.", (Field("day", "date", "Day"), Field("n", "integer", "Count")))
    >>> print(to_csv_text(pd.DataFrame({"day": pd.to_datetime(["2026-01-05"]), "n": [3]}), res))
    day,n
    2026-01-05,3
    <BLANKLINE>
    """
    if list(frame.columns) != resource.columns:
        raise ValueError(
            f"`frame` columns must be {resource.columns} for {resource.name!r}, got {list(frame.columns)}"
        )
    columns = [_cells(frame[field.name], field) for field in resource.fields]
    if any(cells is None for cells in columns):  # e.g. a nullable integer column: pandas writes it
        dates = {f.name: _date_cells(frame[f.name], f) for f in resource.fields
                 if f.type in ("date", "datetime")}
        return frame.assign(**dates).to_csv(index=False, lineterminator="\n")
    if len(columns) == 1:  # the csv module writes an empty row of one cell as ""
        columns[0] = np.where(columns[0] == "", '""', columns[0])
    lines = [",".join(_quoted(np.array(resource.columns, dtype=object)))]
    for start in range(0, len(frame), _CHUNK):
        lines.append("\n".join(map(",".join, zip(*(cells[start:start + _CHUNK] for cells in columns)))))
    return "\n".join(lines) + "\n"


def read_csv(path: Path | str | IO[str], resource: dict) -> pd.DataFrame:
    """Read a CSV with the column types its Frictionless ``resource`` descriptor gives:
    enums as categories (in the listed order), dates and times parsed, empty cells missing.

    >>> import io
    >>> res = Resource("t", "T", "A test.", (Field("day", "date", "Day"), Field("size", "string",
    ...                "Size", enum=("small", "large"))))
    >>> read_csv(io.StringIO("day,size\\n2026-01-05,large\\n"), res.descriptor("")).dtypes.tolist()
    [dtype('<M8[us]'), CategoricalDtype(categories=['small', 'large'], ordered=False, categories_dtype=str)]
    """
    fields = resource["schema"]["fields"]
    dtypes: dict = {f["name"]: _PANDAS_TYPES[f["type"]] for f in fields if f["type"] in _PANDAS_TYPES}
    for f in fields:
        if "enum" in f.get("constraints", {}):
            dtypes[f["name"]] = pd.CategoricalDtype(f["constraints"]["enum"])
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    for f in fields:
        if f["type"] in ("date", "datetime"):
            fmt = DATE_FORMAT if f["type"] == "date" else DATETIME_FORMAT
            frame[f["name"]] = pd.to_datetime(frame[f["name"]], format=fmt)
    return frame


def _bad_lines(mask: pd.Series, values: pd.Series) -> str:
    first = mask.idxmax()
    return _("{n} value(s), first on line {line}: {value}").format(
        n=int(mask.sum()), line=first + 2, value=repr(values[first]))


def _parsed(values: pd.Series, field: dict) -> pd.Series:
    kind = field["type"]
    if kind in ("integer", "number"):
        numbers = pd.to_numeric(values, errors="coerce")
        if kind == "integer":
            numbers = numbers.where(values.str.fullmatch(r"-?\d+"))
        return numbers
    if kind in ("date", "datetime"):
        fmt = DATE_FORMAT if kind == "date" else field.get("format", DATETIME_FORMAT)
        return pd.to_datetime(values, format=fmt, errors="coerce")
    if kind == "boolean":
        return values.map({"true": True, "false": False})
    return values


def _limit(value: object, kind: str) -> object:
    return pd.Timestamp(value) if kind in ("date", "datetime") else value


def problems(path: Path | str | IO[str], resource: dict) -> list[str]:
    """Every way the CSV at ``path`` breaks its ``resource`` descriptor (empty list: valid).

    >>> import io
    >>> res = Resource("t", "T", "A test.", (Field("n", "integer", "Count", minimum=0),))
    >>> for problem in problems(io.StringIO("n\\n3\\n-1\\nx\\n"), res.descriptor("")):
    ...     print(problem)
    t.csv: `n` is not a whole number in 1 value(s), first on line 4: 'x'
    t.csv: `n` is below the minimum 0 in 1 value(s), first on line 3: '-1'
    """
    name = Path(path).name if isinstance(path, (str, Path)) else resource.get("path", "data")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    fields = resource["schema"]["fields"]
    expected = [f["name"] for f in fields]
    if list(table.columns) != expected:
        found = _("{file}: columns must be {expected}, got {got}").format(
            file=name, expected=expected, got=list(table.columns))
        if any(";" in str(column) for column in table.columns):
            found += _(" (separated by semicolons? save it with commas)")
        return [found]
    found = []
    for field in fields:
        column, kind = field["name"], field["type"]
        values = table[column]
        constraints = field.get("constraints", {})
        empty = values == ""
        if constraints.get("required") and empty.any():
            found.append(_("{file}: `{column}` is required but empty in {lines}").format(
                file=name, column=column, lines=_bad_lines(empty, values)))
        parsed = _parsed(values, field)
        bad = ~empty & parsed.isna()
        if bad.any():
            found.append(_("{file}: `{column}` is not {kind} in {lines}").format(
                file=name, column=column, kind=_(KIND_WORDS[kind]), lines=_bad_lines(bad, values)))
        if "enum" in constraints:
            outside = ~empty & ~values.isin(constraints["enum"])
            if outside.any():
                found.append(_("{file}: `{column}` is not one of {values} in {lines}").format(
                    file=name, column=column, values=constraints["enum"],
                    lines=_bad_lines(outside, values)))
        for key, message, compare in (
                ("minimum", N_("{file}: `{column}` is below the minimum {limit} in {lines}"), pd.Series.lt),
                ("maximum", N_("{file}: `{column}` is above the maximum {limit} in {lines}"), pd.Series.gt)):
            if key in constraints:
                beyond = ~bad & ~empty & compare(parsed, _limit(constraints[key], kind))
                if beyond.any():
                    found.append(_(message).format(file=name, column=column, limit=constraints[key],
                                                   lines=_bad_lines(beyond, values)))
    key = resource["schema"].get("primaryKey")
    if key and table.duplicated(subset=key).any():
        found.append(_("{file}: primary key {key} repeats in {lines}").format(
            file=name, key=key, lines=_bad_lines(table.duplicated(subset=key), table[key[0]])))
    return found


def check_csv(path: Path | str | IO[str], resource: dict) -> None:
    """Raise ValueError listing the problems if the CSV at ``path`` breaks ``resource``.

    >>> import io
    >>> check_csv(io.StringIO("n\\n-1\\n"), Resource("t", "T", "A test.", (Field("n", "integer",
    ...           "Count", minimum=0),)).descriptor(""))
    Traceback (most recent call last):
    ...
    ValueError: t.csv: `n` is below the minimum 0 in 1 value(s), first on line 2: '-1'
    """
    found = problems(path, resource)
    if found:
        raise ValueError("; ".join(found))

