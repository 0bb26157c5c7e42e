"""Property tests: the parsers read every spelling of an amount or a date, and never turn a
cell into a silent gap; pseudonyms are stable, salt-specific and never show the name; the
import's fast CSV writer writes what pandas' ``to_csv`` writes."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from saleslab.crmimport.parse import parse_amounts, parse_dates
from saleslab.crmimport.pseudonymise import Pseudonyms
from saleslab.data.schema import DATETIME_FORMAT, Field, Resource, to_csv_text

FAST = settings(max_examples=60, deadline=None)


@FAST
@given(st.integers(min_value=0, max_value=10**11), st.sampled_from(["", "¥", "￥", "RMB "]),
       st.booleans())
def test_amounts_read_back_in_any_spelling(amount, sign, grouped):
    text = f"{sign}{amount:,}" if grouped else f"{sign}{amount}"
    values, bad = parse_amounts(pd.Series([text]))
    assert not bad.any() and values.iloc[0] == amount


@FAST
@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
       st.sampled_from(["万", "万元", " 万元"]))
def test_wan_amounts_are_ten_thousand_yuan(amount, unit):
    values, bad = parse_amounts(pd.Series([f"{amount}{unit}"]))
    assert not bad.any() and abs(values.iloc[0] - float(amount) * 10_000) < 1e-3


@FAST
@given(st.dates(min_value=dt.date(1985, 1, 1), max_value=dt.date(2060, 12, 31)))
def test_dates_read_back_in_any_spelling(day):
    serial = (day - dt.date(1899, 12, 30)).days
    spellings = [day.isoformat(), f"{day.year}/{day.month}/{day.day}", f"{day.year}年{day.month}月{day.day}日",
                 str(serial), f"{day.month}/{day.day}/{day.year}", f"{day:%Y-%m-%d} 13:45:00"]
    values, bad = parse_dates(pd.Series(spellings), order="mdy")
    assert not bad.any()
    assert values.dt.date.tolist() == [day] * len(spellings)
    assert parse_dates(pd.Series([f"{day.day}/{day.month}/{day.year}"]), order="dmy")[0].dt.date[0] == day


@FAST
@given(st.lists(st.text(max_size=12), min_size=1, max_size=8))
def test_no_cell_becomes_a_silent_gap(cells):
    series = pd.Series(cells, dtype="str")
    filled = series.str.strip() != ""
    for values, bad in (parse_amounts(series), parse_dates(series)):
        assert (values.notna() | bad | ~filled).all()
        assert not (bad & values.notna()).any()


@FAST
@given(st.text(min_size=1, max_size=30).filter(str.strip), st.binary(min_size=8, max_size=32),
       st.binary(min_size=8, max_size=32))
def test_pseudonyms_are_stable_salted_and_hide_the_name(name, salt, other):
    first = Pseudonyms(salt, "R").of(name)
    assert first == Pseudonyms(salt, "R").of(name)
    if salt != other:
        assert first != Pseudonyms(other, "R").of(name)
    assert re.fullmatch(r"R-[0-9a-f]{10}", first)  # only the hash: nothing of the name is carried
    if not set(name.strip()) <= set("R-0123456789abcdef"):  # the format's own characters
        assert name.strip() not in first


_COLUMNS = {  # name: (field type, cell strategy, dtype)
    "text": ("string", st.none() | st.text(st.sampled_from(list('ab ,"\n\r\t万¥')), max_size=5), "str"),
    "amount": ("number", st.floats(width=64) | st.sampled_from([-0.0, 1e15, 1e16, 0.1]), "float64"),
    "count": ("integer", st.integers(-10**15, 10**15), "int64"),
    "flag": ("boolean", st.booleans(), "bool"),
    "when": ("datetime", st.none() | st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2060, 1, 1)),
             "datetime64[us]"),
    "nullable": ("integer", st.none() | st.integers(0, 9), "Int64"),  # left to pandas
}


@FAST
@given(st.lists(st.sampled_from(list(_COLUMNS)[1:]), max_size=3, unique=True), st.data())
def test_csv_text_is_what_pandas_writes(others, data):
    names, rows = ["text", *others], data.draw(st.integers(0, 6))
    frame = pd.DataFrame({name: pd.Series(data.draw(st.lists(_COLUMNS[name][1], min_size=rows, max_size=rows)),
                                          dtype=_COLUMNS[name][2]) for name in names})
    resource = Resource("t", "T", "A test.", tuple(Field(name, _COLUMNS[name][0], name) for name in names))
    expected = frame.assign(**{name: frame[name].dt.strftime(DATETIME_FORMAT).fillna("")
                               for name in names if name == "when"})
    assert to_csv_text(frame, resource) == expected.to_csv(index=False, lineterminator="\n")
