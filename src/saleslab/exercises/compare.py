"""Compare a learner's answer with the expected one and describe the first difference.

:func:`difference` returns ``None`` when the answer matches, else a short phrase about the
answer ("is too high", "is missing the row 'R07'") that never shows the expected value.
Numbers match within a tolerance; tables match whatever their row order and number types
(int or float, category or text), unless the question says order matters.

>>> difference(0.25, 0.2500000001) is None
True
>>> difference(0.3, 0.25)
'is too high'
>>> difference("lots", 1.5)
"should be a number, but it is text ('lots')"

Answers in the wrong unit are named as such by :func:`mixed_kind` (a share written as a
percentage, yuan written in millions or in 万), a decision may be written in the course's
Chinese words (:func:`answer_word`), and a number may be typed as text the Chinese way
("12.5％", "¥600万": :func:`~saleslab.exercises.typed.typed_number`).

>>> difference("12.5％", 0.125) is None, difference("¥1.2亿", 120_000_000) is None
(True, True)
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real

import numpy as np
import pandas as pd

from ..i18n import _
from ..improvement.pdca import DECISION_SYNONYMS
from .typed import typed_number


@dataclass(frozen=True)
class Tolerance:
    """How close is close enough: ``rtol`` relative, ``atol`` absolute (either suffices);
    ``ignore_order`` sorts rows and list items before comparing; ``check_index`` compares
    row labels (set it False when only the values matter)."""

    rtol: float = 1e-6
    atol: float = 1e-9
    ignore_order: bool = True
    check_index: bool = True


EXACT = Tolerance()

#: How close a rescaled answer must be to count as "the right figure in the wrong unit": a
#: learner who writes a share as a percentage or yuan in millions usually rounds as well.
KIND = Tolerance(rtol=0.02, atol=0.0)

#: The Chinese words the notebooks use for an English answer word (adopt / adapt / abandon:
#: 采纳 or 采用 / 调整 / 放弃), read as that word wherever text answers are compared.
SYNONYMS = DECISION_SYNONYMS


def is_number(value: object) -> bool:
    """True for ints, floats and numpy numbers, but not for booleans.

    >>> is_number(3), is_number(True), is_number("3")
    (True, False, False)
    """
    return isinstance(value, (Real, np.number)) and not isinstance(value, (bool, np.bool_))


def matches(answer: object, expected: object, tolerance: Tolerance = EXACT) -> bool:
    """True when :func:`difference` finds none; never raises.

    >>> matches({"a": 1}, pd.Series({"a": 1.0}))
    True
    """
    try:
        return difference(answer, expected, tolerance) is None
    except Exception:  # a learner's odd object must not break a misconception test
        return False


def difference(answer: object, expected: object, tolerance: Tolerance = EXACT) -> str | None:
    """The first way ``answer`` differs from ``expected``, as a phrase about the answer;
    ``None`` when they match.

    >>> difference([3, 1, 2], [1, 2, 3]) is None
    True
    >>> difference(pd.Series({"a": 1, "b": 2}), pd.Series({"a": 1, "b": 3}))
    "the value for 'b' is too low"
    """
    if not isinstance(tolerance, Tolerance):
        raise TypeError(f"`tolerance` must be a Tolerance, got {type(tolerance).__name__}")
    if isinstance(expected, (pd.DataFrame, pd.Series)):
        return _table_difference(answer, expected, tolerance)
    if isinstance(expected, (bool, np.bool_)):
        if not isinstance(answer, (bool, np.bool_)):
            return _("should be True or False, but it is {kind}").format(kind=describe(answer))
        return None if bool(answer) == bool(expected) else _("is not right")
    if is_number(expected):
        return _number_difference(answer, expected, tolerance)
    if isinstance(expected, str):
        if not isinstance(answer, str):
            return _("should be text, but it is {kind}").format(kind=describe(answer))
        return None if answer_word(answer) == answer_word(expected) else _("is not the right answer")
    if isinstance(expected, (list, tuple, set, frozenset)):
        return _sequence_difference(answer, list(expected), tolerance)
    raise TypeError(f"`expected` must be a number, text, True/False, list or pandas object, "
                    f"got {type(expected).__name__}")


def describe(value: object) -> str:
    """What kind of thing ``value`` is, in a learner's words.

    >>> describe("12"), describe(None), describe(pd.DataFrame())
    ("text ('12')", 'None (no value)', 'an empty table')
    """
    if value is None:
        return _("None (no value)")
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return _("text ({text!r})").format(text=shown)
    if isinstance(value, (bool, np.bool_)):
        return _("True/False")
    if is_number(value):
        return _("a number")
    if isinstance(value, pd.DataFrame):
        return _("an empty table") if value.empty else _("a table")
    if isinstance(value, pd.Series):
        return _("an empty column") if value.empty else _("a column of values")
    if isinstance(value, (list, tuple, set, frozenset)):
        return _("a list")
    if callable(value):
        return _("a function (add the brackets to call it)")
    return _("an object of type {name}").format(name=type(value).__name__)


def _text(value: str) -> str:
    return " ".join(value.strip().lower().split())


def answer_word(value: object) -> str:
    """A text answer as it is compared: trimmed, lower case, single spaces, without a
    closing full stop, full-width letters (as a Chinese keyboard types them) read as plain
    ones, and a Chinese word of the course read as the English answer it stands for
    (:data:`SYNONYMS`); ``""`` for anything that is not text. Use it wherever a question
    compares a decision word.

    >>> answer_word("  Adopt. "), answer_word("调整。"), answer_word("Ｂ"), answer_word(3)
    ('adopt', 'adapt', 'b', '')
    """
    if not isinstance(value, str):
        return ""
    text = _text(unicodedata.normalize("NFKC", value).strip().rstrip("。.!"))
    return SYNONYMS.get(text, text)


def mixed_kind(answer: object, expected: object, tolerance: Tolerance = EXACT) -> str | None:
    """What the answer is if it is the expected number in another unit, as a phrase about the
    answer; ``None`` if it is not. Recognised, where a learner plausibly mixes them up:

    - a share written as a percentage (``17.27`` or ``17`` for ``0.1727``), for a share or
      rate (a float of at most 1.5 in size; counts, which are ints, are left alone);
    - an amount of money written in millions or thousands (``303`` for ``303_000_000``),
      or in 万 or 亿 (``30260`` or ``3.026``), for amounts of ¥100,000 or more.

    A number typed as text ("12.5%", "600元") is read as that number first (:func:`typed_number`).

    :func:`difference` uses it, and a check names the unit before any misconception, so
    every exercise set gets these messages. For a count given where a share is asked (or
    the other way round) use :func:`~saleslab.exercises.core.count_for_share` and
    :func:`~saleslab.exercises.core.share_for_count`.

    >>> mixed_kind(17.27, 0.1727)
    'looks like a percentage: write a share as a decimal (0.25 for 25%)'
    >>> mixed_kind(303, 302_600_000)
    'looks like millions: write the amount in yuan (250 million is 250_000_000 or 250e6)'
    >>> mixed_kind("600元", 6_000_000)
    'looks like 万 (ten thousand yuan): write the amount in yuan (600万 is 6_000_000 or 6e6)'
    >>> mixed_kind(100, 1) is None  # a count of 1 is not a share
    True
    """
    if isinstance(answer, str):
        answer = typed_number(answer)
    if not (is_number(answer) and is_number(expected)) or expected == 0:
        return None
    value, wanted = float(answer), float(expected)
    if math.isnan(value) or math.isclose(value, wanted, rel_tol=tolerance.rtol, abs_tol=tolerance.atol):
        return None
    close = max(KIND.rtol, tolerance.rtol)
    share = isinstance(expected, (float, np.floating)) and abs(wanted) <= 1.5
    if share and math.isclose(value / 100, wanted, rel_tol=close, abs_tol=tolerance.atol):
        return _("looks like a percentage: write a share as a decimal (0.25 for 25%)")
    if abs(wanted) >= 100_000:
        for scale, unit in ((1e6, _("millions")), (1e3, _("thousands"))):
            if math.isclose(value * scale, wanted, rel_tol=close):
                return _("looks like {unit}: write the amount in yuan (250 million is 250_000_000 "
                         "or 250e6)").format(unit=unit)
        # The Chinese scales come second, so an English answer reads as before.
        for scale, unit in ((1e4, _("万 (ten thousand yuan)")), (1e8, _("亿 (100 million yuan)"))):
            if math.isclose(value * scale, wanted, rel_tol=close):
                return _("looks like {unit}: write the amount in yuan (600万 is 6_000_000 or "
                         "6e6)").format(unit=unit)
    return None


def _number_difference(answer: object, wanted: Real, tolerance: Tolerance) -> str | None:
    expected = float(wanted)
    if isinstance(answer, (pd.Series, pd.DataFrame)) and answer.size == 1:
        answer = answer.to_numpy().ravel()[0]  # a one-cell result of a filter is still a number
    if isinstance(answer, str) and (typed := typed_number(answer)) is not None:
        # "12.5％" or "¥600万" is read as the number it spells, so a right one counts.
        found = _number_difference(typed, wanted, tolerance)
        if found is None or mixed_kind(typed, wanted, tolerance) is not None:
            return found  # right, or the right figure in another unit (named as such)
        number = f"{typed:,.0f}" if abs(typed) >= 100_000 else f"{typed:.6g}"
        return _("is text that reads as {number}, which {found}").format(number=number, found=found)
    if not is_number(answer):
        return _("should be a number, but it is {kind}").format(kind=describe(answer))
    value = float(answer)
    if math.isnan(value):
        return _("is NaN (not a number): a calculation had nothing to work on, e.g. a misspelled "
                 "name or an empty selection")
    if math.isclose(value, expected, rel_tol=tolerance.rtol, abs_tol=tolerance.atol):
        return None
    kind = mixed_kind(value, wanted, tolerance)
    if kind is not None:
        return kind
    if expected != 0 and value == -expected:
        return _("has the wrong sign")
    return _("is too high") if value > expected else _("is too low")


def _sequence_difference(answer: object, expected: list, tolerance: Tolerance) -> str | None:
    if isinstance(answer, pd.Series):
        answer = answer.tolist()
    if not isinstance(answer, (list, tuple, set, frozenset)):
        return _("should be a list, but it is {kind}").format(kind=describe(answer))
    answer = list(answer)
    if len(answer) != len(expected):
        return _("has {n} items; check that you kept exactly the ones asked for").format(n=len(answer))
    if tolerance.ignore_order:
        key = _sort_key
        answer, expected = sorted(answer, key=key), sorted(expected, key=key)
    for position, (mine, theirs) in enumerate(zip(answer, expected), start=1):
        found = difference(mine, theirs, tolerance)
        if found is not None:
            return _("item {position} {found}").format(position=position, found=found)
    return None


def _sort_key(value: object) -> tuple[int, object]:
    return (0, float(value)) if is_number(value) else (1, _text(str(value)))


def _as_frame(value: object, like: pd.Series | pd.DataFrame) -> pd.DataFrame | None:
    """The answer as a table shaped like the expected one, or None if it is not table-like."""
    if isinstance(value, Mapping) and not isinstance(value, (pd.Series, pd.DataFrame)):
        value = pd.Series(dict(value))
    if isinstance(like, pd.Series):
        if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
            value = value.iloc[:, 0]
        elif isinstance(value, pd.DataFrame) and like.name in value.columns:
            value = value[like.name]  # the whole table holds the column asked for
        if not isinstance(value, pd.Series):
            return None
        return value.to_frame("value")
    return value if isinstance(value, pd.DataFrame) else None


def _table_difference(answer: object, expected: pd.Series | pd.DataFrame,
                      tolerance: Tolerance) -> str | None:
    mine = _as_frame(answer, expected)
    if mine is None:
        wanted = _("a column of values") if isinstance(expected, pd.Series) else _("a table")
        return _("should be {wanted}, but it is {kind}").format(wanted=wanted, kind=describe(answer))
    theirs = _as_frame(expected, expected)
    if mine.empty and not theirs.empty:
        return _("is empty: check the filter or the names you used")
    if isinstance(expected, pd.DataFrame):
        missing = [c for c in theirs.columns if c not in mine.columns]
        if missing:
            return _("is missing the column {name!r}").format(name=missing[0])
        mine = mine[list(theirs.columns)]
    if len(mine) != len(theirs):
        return _("has {n} rows, which is too many").format(n=len(mine)) if len(mine) > len(theirs) \
            else _("has {n} rows, which is too few").format(n=len(mine))
    if not tolerance.check_index:
        mine, theirs = mine.reset_index(drop=True), theirs.reset_index(drop=True)
        if tolerance.ignore_order:
            mine, theirs = _sorted_rows(mine), _sorted_rows(theirs)
    else:
        labels = pd.Index(mine.index.astype(str))
        wanted = pd.Index(theirs.index.astype(str))
        missing = wanted.difference(labels, sort=False)
        if len(missing) and _numbered(mine.index) and not _numbered(theirs.index):
            return _("has rows numbered 0, 1, 2... instead of labelled by {name}: keep the {name} "
                     "labels of the table you started from (on a table, `.set_index({quoted})`)").format(
                name=theirs.index.name or _("name"), quoted=repr(theirs.index.name or "name"))
        if len(missing):
            return _("is missing the row {label!r}").format(label=missing[0])
        mine.index, theirs.index = labels, wanted
        if labels.has_duplicates:
            return _("has the row {label!r} more than once").format(
                label=labels[labels.duplicated()][0])
        if tolerance.ignore_order:
            mine = mine.loc[theirs.index]
        elif not labels.equals(wanted):
            return _("has the right rows in the wrong order")
    return _cells_difference(mine, theirs, isinstance(expected, pd.Series), tolerance)


def _numbered(index: pd.Index) -> bool:
    """True for the plain 0, 1, 2... row numbers pandas gives a table without an index."""
    return pd.api.types.is_integer_dtype(index) and index.equals(pd.RangeIndex(len(index)))


def _sorted_rows(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [frame[c].astype(str) if not pd.api.types.is_numeric_dtype(frame[c]) else frame[c]
            for c in frame.columns]
    order = np.lexsort([np.asarray(k) for k in reversed(keys)]) if keys else np.arange(len(frame))
    return frame.iloc[order].reset_index(drop=True)


def _cells_difference(mine: pd.DataFrame, theirs: pd.DataFrame, series: bool,
                      tolerance: Tolerance) -> str | None:
    for column in theirs.columns:
        if pd.api.types.is_numeric_dtype(theirs[column]) and not pd.api.types.is_bool_dtype(theirs[column]):
            found = _numeric_column(mine[column], theirs[column], tolerance)
        else:
            left = mine[column].astype(str).map(_text)
            right = theirs[column].astype(str).map(_text)
            bad = (left != right).to_numpy()
            found = (int(np.argmax(bad)), _("is not right")) if bad.any() else None
        if found is not None:
            position, how = found
            label = mine.index[position]
            if series:
                return _("the value for {label!r} {how}").format(label=label, how=how)
            return _("in column {column!r}, row {label!r}, the value {how}").format(
                column=column, label=label, how=how)
    return None


def _numeric_column(mine: pd.Series, theirs: pd.Series, tolerance: Tolerance) -> tuple[int, str] | None:
    values = pd.to_numeric(mine, errors="coerce").to_numpy(dtype=float)
    wanted = theirs.to_numpy(dtype=float)
    close = np.isclose(values, wanted, rtol=tolerance.rtol, atol=tolerance.atol, equal_nan=True)
    if close.all():
        return None
    position = int(np.argmax(~close))
    if math.isnan(values[position]):
        return position, _("is missing (NaN)")
    return position, _("is too high") if values[position] > wanted[position] else _("is too low")
