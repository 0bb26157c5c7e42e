"""Tables in the reader's language: the Chinese edition shows a table's labels in Chinese.

A learner's code keeps indexing the English names (``table["conversion"]``,
``groups.loc["complained"]``, an exercise's answer), so the data is never renamed: a table is
translated only when a notebook shows it. ``use_language("zh_CN")``, the first line of every
Chinese notebook, calls :func:`show_tables_translated`, which gives IPython a display
formatter for ``DataFrame`` (text/html and text/plain) and ``Series`` (text/plain) that shows
:func:`for_display` of the table. The English edition installs nothing: its outputs stay what
pandas prints, byte for byte. (A pandas ``Styler`` is not translated: the course shows none.)

What the Chinese edition shows, and how a learner still learns the name to type:

- **Names a learner types** keep the English beside the Chinese: column labels, the names of
  the index and the columns, row labels and a Series' name show ``转化率 conversion``
  (:func:`label`), because ``table["conversion"]`` and ``levers.loc["proposal"]`` are how
  the course's code reads them.
- **Cell values** show the Chinese only (``跟进太慢`` for ``slow follow-up``, :func:`value`):
  they are read, not typed; so do True and False (是 and 否), as values and as row labels.
- **A Series' footer** (``Name: share, dtype: float64``) shows its name in Chinese, and its
  length when the table is cut short; the dtype, a programmer's detail, is left out.
- **English on purpose**: :data:`saleslab.catalogue.DATA_VALUES` (``complained``, the quiz
  bands ``low``/``middle``/``high``: exercises look them up by name), and whatever the
  catalogue has no Chinese for: rep codes (R05), team names (East A), numbers, dates.

The Chinese comes from the package catalogue: a name is looked up as its English text in
:data:`saleslab.labels.LABELS` (where the name alone is ambiguous) or as itself, marked with
``N_()`` in :mod:`saleslab.labels` or where the data defines it (stages, loss reasons), so
``saleslab translations update`` extracts it and the glossary test checks it.

>>> import pandas as pd
>>> table = pd.DataFrame({"stage": ["proposal"], "conversion": [0.39]})
>>> list(for_display(table, language="en").columns)
['stage', 'conversion']
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping

import numpy as np
import pandas as pd
from pandas.io.formats.format import get_series_repr_params

from .i18n import _, pgettext
from .labels import BOOLEANS, LABELS
from .localformat import chinese_edition, join_clauses


def _chinese(text: str, column: object = None) -> str:
    """The catalogue's Chinese for ``text``, in the sense it has in ``column`` (its entry
    with that msgctxt, :data:`saleslab.labels.IN_COLUMN`) if there is one; ``text`` itself
    where the catalogue has none, as for :data:`saleslab.catalogue.DATA_VALUES` (their
    entries are empty on purpose)."""
    if not text.strip():  # gettext's "" is the catalogue's header, not a translation
        return text
    if isinstance(column, str) and (in_column := pgettext(column, text)) != _(text):
        return in_column
    message = LABELS.get(text, text)
    translated = _(message)
    return text if translated == message else translated  # LABELS' English is for translators


def label(name: object, column: object = None) -> object:
    """A name a learner types (column, index name, row label, a field of a plan), as the
    Chinese edition shows it: the Chinese (in ``column``'s sense, as :func:`value`), then the
    English name; unchanged when the catalogue has no Chinese.

    >>> label(3), label("complained"), label("")
    (3, 'complained', '')
    """
    if not isinstance(name, str):
        return name
    chinese = _chinese(name, column)
    return name if chinese == name else f"{chinese} {name}"


def value(cell: object, column: object = None) -> object:
    """A cell value of ``column`` (its name) as the Chinese edition shows it: the Chinese
    only (never typed), in the sense the value has in that column (``small`` in ``kind``).

    >>> value("R05"), value(0.39), value("small", column="kind")
    ('R05', 0.39, 'small')
    """
    if isinstance(cell, (bool, np.bool_)):
        return _(BOOLEANS[bool(cell)])
    if not isinstance(cell, str):
        return cell
    return _chinese(cell, column)


def _is_text(dtype: object) -> bool:
    return dtype == object or isinstance(dtype, (pd.StringDtype, pd.CategoricalDtype))


def _is_bool(dtype: object) -> bool:
    return pd.api.types.is_bool_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype)


#: The msgctxt of a column header whose name alone is ambiguous: ``low`` / ``high`` head an
#: interval's bounds (区间下限), while as row labels they are the quiz bands, kept English.
COLUMN = "column"


def _labels(index: pd.Index, context: str | None = None) -> pd.Index:
    """``index`` with its name(s) and its text labels through :func:`label` (in ``context``:
    :data:`COLUMN` for column headers); a number or date index is kept as it is."""
    if isinstance(index, pd.MultiIndex):
        levels = [_level(level, context) for level in index.levels]
        return index.set_levels(levels, verify_integrity=False).set_names(
            [label(name) for name in index.names])
    return _level(index, context).rename(label(index.name))


def _level(index: pd.Index, context: str | None = None) -> pd.Index:
    """The labels of one index (level): text through :func:`label`, True/False through
    :func:`value` (read, never typed as 是/否), numbers and dates as they are."""
    if _is_bool(index.dtype):
        return index.map(value)
    return index.map(lambda name: label(name, context)) if _is_text(index.dtype) else index


def _values(column: pd.Series) -> pd.Series:
    """``column`` with its text values through :func:`value` (in the column's sense); the
    same object when none has a translation, so its dtype (and its repr) does not change."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = [value(c, column.name) for c in column.cat.categories]
        if categories == list(column.cat.categories):
            return column
        if len(set(categories)) == len(categories):
            return column.cat.rename_categories(categories)
        column = column.astype(object)
    elif _is_bool(column.dtype):
        return column.map(value, na_action="ignore").astype(object)
    elif not _is_text(column.dtype):
        return column
    mapping = {cell: value(cell, column.name) for cell in column.dropna().unique()}
    if all(cell == shown for cell, shown in mapping.items()):
        return column
    return column.map(mapping)


def for_display(table: pd.DataFrame | pd.Series, language: str | None = None
                ) -> pd.DataFrame | pd.Series:
    """``table`` as the edition of ``language`` (default: the current one) shows it: itself
    in English; in Chinese a copy whose labels and values are translated (module docstring).

    >>> for_display(pd.Series([1], name="count"), language="en").name
    'count'
    """
    if not chinese_edition(language):
        return table
    if isinstance(table, pd.Series):
        shown = _values(table).copy()
        shown.index = _labels(table.index)
        return shown.rename(label(table.name))
    shown = table.copy()
    for position in range(table.shape[1]):
        column = table.iloc[:, position]
        translated = _values(column)
        if translated is not column:
            shown.isetitem(position, translated)
    shown.index = _labels(table.index)
    shown.columns = _labels(table.columns, COLUMN)
    return shown


def for_reading(table: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """``table`` for a page read away from the code (the capstone's exported plan): in the
    Chinese edition a copy whose column names and text values are the Chinese only; itself in
    English.

    >>> table = pd.DataFrame({"stage": ["lead"]})
    >>> for_reading(table, language="en") is table
    True
    """
    if not chinese_edition(language):
        return table
    shown = table.copy()
    for position in range(table.shape[1]):
        shown.isetitem(position, _values(table.iloc[:, position]))
    shown.columns = [value(name) for name in table.columns]
    return shown


def settings_text(settings: Mapping[str, object], title: str = "") -> str:
    """Named settings a learner passes on (a dataclass's fields, a dict of levers) as the
    Chinese edition shows them: one line each, the Chinese beside the name to type, then
    the value (a text value a learner may type likewise; True and False as 是 and 否).

    >>> print(settings_text({"crm": True, "schedule": "ad hoc"}, "Levers"))  # English here
    Levers
      crm = yes
      schedule = ad hoc
    """
    lines = [str(label(title))] if title else []
    for name, setting in settings.items():
        shown = label(setting) if isinstance(setting, str) else value(setting)
        lines.append(f"{'  ' if title else ''}{label(name)} = {shown}")
    return "\n".join(lines)


class Settings(dict):
    """A dict of named settings (``PROPOSED_CHANGE``): a dict in every way, shown by
    :func:`settings_text` in the Chinese edition and as a dict in English.

    >>> Settings(crm=True) == {"crm": True}
    True
    """

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        if chinese_edition():
            printer.text(settings_text(self))
        else:
            printer.pretty(dict(self))


def fields_pretty(instance, printer, cycle: bool) -> None:
    """A dataclass's ``_repr_pretty_``: its repr in English, :func:`settings_text` of its
    fields under its class name in the Chinese edition (``Costs._repr_pretty_ = fields_pretty``)."""
    if not chinese_edition():
        printer.text(repr(instance))
        return
    fields = {field.name: getattr(instance, field.name) for field in dataclasses.fields(instance)}
    printer.text(settings_text(fields, type(instance).__name__))


def _shown_names(index: pd.Index, context: str | None = None) -> set[tuple[object, object]]:
    """(name, as shown) for the name(s) of ``index`` and each of its labels."""
    levels = index.levels if isinstance(index, pd.MultiIndex) else [index]
    return ({(name, label(name)) for name in index.names}
            | {(name, label(name, context)) for level in levels for name in level})


def html_table(table: pd.DataFrame) -> str | None:
    """The Chinese edition's HTML of ``table``: :func:`for_display`, with the English name of
    each two-language label set small: under the Chinese in a column header, beside it in a
    row label (so rows keep their height).

    >>> html_table(pd.DataFrame({"x": [1]})) == pd.DataFrame({"x": [1]})._repr_html_()
    True
    """
    page = for_display(table)._repr_html_()
    if page is None:  # pandas shows no HTML (display.notebook_repr_html off)
        return page
    head, split, body = page.partition("</thead>")
    for name, both in _shown_names(table.index) | _shown_names(table.columns, COLUMN):
        if both != name:
            cell = f">{html.escape(str(both))}</th>"
            chinese, english = html.escape(str(both)[: -len(name) - 1]), html.escape(name)
            head = head.replace(cell, f">{chinese}<br><small>{english}</small></th>")
            body = body.replace(cell, f">{chinese} <small>{english}</small></th>")
    return head + split + body


def series_text(series: pd.Series) -> str:
    """The Chinese edition's text of ``series``: pandas' repr with its footer in Chinese
    (名称, and 共 n 行 when rows are cut), without the dtype.

    >>> print(series_text(pd.Series([True], name="won")))  # English here: _() is not Chinese
    0    True
    Name: won
    """
    params = get_series_repr_params()
    rows = params["max_rows"]
    text = series.to_string(**{**params, "name": False, "dtype": False, "length": False})
    footer = [_("Name: {name}").format(name=series.name)] if series.name is not None else []
    if rows is not None and len(series) > rows:
        footer.append(_("{n} rows").format(n=len(series)))
    return "\n".join([text, *([join_clauses(footer)] if footer else [])])


def _plain(table: pd.DataFrame | pd.Series, printer, cycle: bool) -> None:
    shown = for_display(table)
    printer.text(series_text(shown) if isinstance(shown, pd.Series) else repr(shown))


def show_tables_translated() -> bool:
    """Make this IPython kernel show every DataFrame and Series through :func:`for_display`
    (the Chinese edition's kernel set-up); False outside IPython, where nothing changes.

    >>> show_tables_translated()
    False
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return False
    shell = get_ipython()
    if shell is None:
        return False
    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(pd.DataFrame, html_table)
    # Chinese characters are two columns wide: without this, text tables lose their alignment.
    pd.set_option("display.unicode.east_asian_width", True)
    for kind in (pd.DataFrame, pd.Series):
        formatters["text/plain"].for_type(kind, _plain)
    return True
