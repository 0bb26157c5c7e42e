"""Answers as plain data: how a learner's answer leaves their kernel and reaches the grader.

Inside the learner's kernel, :func:`dump` turns each answer variable into JSON made only of
numbers, text, lists and tagged tables (never a pickle, never code). In the grader,
:func:`load` rebuilds ordinary values from it: Python numbers and text, pandas Series and
DataFrames, and the course's own dataclasses (a ``targets.Target``). Whatever the learner's
object claims to be, the grader only ever sees these, so an object that "equals everything"
or a patched comparison in the kernel cannot reach the grade.

>>> import pandas as pd
>>> text = dump({"x": 0.25, "s": pd.Series({"a": 1}), "f": print}, ["x", "s", "f", "missing"])
>>> answers = load(text)
>>> answers["x"], answers["s"].to_dict(), callable(answers["f"]), "missing" in answers
(0.25, {'a': 1}, True, False)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

#: Beyond these a value is cut: answers are small, and a huge one must not flood the grader.
MAX_ITEMS = 20_000
MAX_TEXT = 10_000
MAX_DEPTH = 12
#: Only dataclasses of the course package are rebuilt in the grader (e.g. targets.Target).
TRUSTED_PREFIX = "saleslab."


def _is_placeholder(value: object) -> bool:
    return type(value).__name__ == "_Placeholder" and type(value).__module__ == "saleslab.exercises.core"


def to_plain(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON-ready data (see the module docstring); never raises.

    >>> to_plain([1, (2.5, "a")])
    {'t': 'list', 'v': [1, {'t': 'tuple', 'v': [2.5, 'a']}]}
    """
    try:
        return _plain(value, depth)
    except Exception:  # a learner's object whose methods raise is just "an object"
        return {"t": "object", "type": _name(value), "callable": False}


def _name(value: object) -> str:
    try:
        name = type(value).__name__
    except Exception:
        return "object"
    return name[:60] if isinstance(name, str) and name.isidentifier() else "object"


def _plain(value: Any, depth: int) -> Any:
    import numpy as np
    import pandas as pd

    if depth > MAX_DEPTH:
        return {"t": "object", "type": _name(value), "callable": False}
    if value is None or type(value) in (bool, int, str):
        return value[:MAX_TEXT] if type(value) is str else value
    if _is_placeholder(value):
        return {"t": "blank"}
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else {"t": "float", "v": repr(number)}
    if isinstance(value, str):
        return str(value)[:MAX_TEXT]
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return {"t": "time", "v": pd.Timestamp(value).isoformat()}
    if isinstance(value, pd.Series):
        return {"t": "series", "name": _plain(value.name, depth + 1),
                "index": _items(value.index, depth), "values": _items(value.tolist(), depth)}
    if isinstance(value, pd.DataFrame):
        return {"t": "frame", "columns": _items(value.columns, depth),
                "index": _items(value.index, depth),
                "rows": [_items(row, depth) for row in value.head(MAX_ITEMS).itertuples(index=False)]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        return {"t": "record", "type": f"{kind.__module__}.{kind.__qualname__}",
                "fields": {f.name: _plain(getattr(value, f.name), depth + 1)
                           for f in dataclasses.fields(value)}}
    if isinstance(value, Mapping):
        return {"t": "dict", "v": [[_plain(k, depth + 1), _plain(v, depth + 1)]
                                   for k, v in list(value.items())[:MAX_ITEMS]]}
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Index)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return {"t": "tuple" if isinstance(value, tuple) else "list", "v": _items(items, depth)}
    return {"t": "object", "type": _name(value), "callable": callable(value)}


def _items(values: Sequence[Any], depth: int) -> list[Any]:
    return [_plain(item, depth + 1) for item in list(values)[:MAX_ITEMS]]


def dump(namespace: Mapping[str, Any], names: Sequence[str]) -> str:
    """The answers ``names`` found in ``namespace`` (a kernel's ``globals()``) as JSON text;
    a name not set is left out."""
    return json.dumps({name: to_plain(namespace[name]) for name in names if name in namespace},
                      ensure_ascii=True, allow_nan=False)


class Opaque:
    """Stands in the grader for a learner's object that is not plain data."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class _CallableOpaque(Opaque):
    def __call__(self, *args: object, **kwargs: object) -> None:
        return None


def _opaque(name: object, is_callable: object) -> Opaque:
    name = name if isinstance(name, str) and name.isidentifier() else "object"
    return type(name[:60], (_CallableOpaque if is_callable is True else Opaque,), {})()


def from_plain(data: Any, depth: int = 0) -> Any:
    """The value :func:`to_plain` described, rebuilt from plain data only.

    >>> from_plain({"t": "tuple", "v": [1, {"t": "float", "v": "nan"}]})
    (1, nan)
    """
    import pandas as pd

    if depth > MAX_DEPTH + 2:
        raise ValueError("answer nested too deeply")
    if data is None or type(data) in (bool, int, float, str):
        return data
    if isinstance(data, list):  # only inside tagged values; a bare list is not produced
        return [from_plain(item, depth + 1) for item in data]
    if not isinstance(data, dict):
        raise ValueError(f"not an answer: {type(data).__name__}")
    tag = data.get("t")

    def rebuild(key: str) -> list[Any]:
        items = data.get(key)
        if not isinstance(items, list):
            raise ValueError(f"answer of kind {tag!r} lacks a list {key!r}")
        return [from_plain(item, depth + 1) for item in items]

    if tag == "blank":
        from ..exercises.core import ____

        return ____
    if tag == "float":
        if data.get("v") not in ("nan", "inf", "-inf"):
            raise ValueError("bad float")
        return float(data["v"])
    if tag == "time":
        return pd.Timestamp(str(data.get("v")))
    if tag == "list":
        return rebuild("v")
    if tag == "tuple":
        return tuple(rebuild("v"))
    if tag == "dict":
        return {_key(k): v for k, v in (pair for pair in rebuild("v") if len(pair) == 2)}
    if tag == "series":
        index, values = rebuild("index"), rebuild("values")
        if len(index) != len(values):
            raise ValueError("a column whose index and values differ in length")
        return pd.Series(values, index=_index(index), name=_key(from_plain(data.get("name"), depth + 1)),
                         dtype=None if values else object)
    if tag == "frame":
        columns, index = rebuild("columns"), rebuild("index")
        rows = [list(row) for row in rebuild("rows")]
        return pd.DataFrame(rows, columns=_index(columns), index=_index(index[:len(rows)]))
    if tag == "record":
        return _record(data, depth)
    if tag == "object":
        return _opaque(data.get("type"), data.get("callable"))
    raise ValueError(f"unknown answer kind {tag!r}")


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _index(labels: list[Any]) -> Any:
    import pandas as pd

    labels = [_key(label) for label in labels]
    if labels and all(isinstance(label, tuple) for label in labels):
        return pd.MultiIndex.from_tuples(labels)
    return pd.Index(labels, dtype=None if labels else object)


def _record(data: dict, depth: int) -> Any:
    """A course dataclass rebuilt through its own constructor (which checks its fields)."""
    name, fields = data.get("type"), data.get("fields")
    if not isinstance(name, str) or not name.startswith(TRUSTED_PREFIX) or not isinstance(fields, dict):
        return _opaque(str(name).rsplit(".", 1)[-1], False)
    module, _dot, qualname = name.rpartition(".")
    try:
        kind = getattr(importlib.import_module(module), qualname)
        if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
            raise TypeError(name)
        return kind(**{str(k): from_plain(v, depth + 1) for k, v in fields.items()})
    except Exception:  # a record the course cannot rebuild is just an object to the checks
        return _opaque(qualname, False)


def load(text: str) -> dict[str, Any]:
    """The answers in ``text`` (made by :func:`dump`) by variable name; ValueError if it is
    not such a document."""
    data = json.loads(text)
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise ValueError("the answers are not a mapping of variable names")
    return {name: from_plain(value) for name, value in data.items()}
