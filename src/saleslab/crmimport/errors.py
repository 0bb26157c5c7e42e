"""The one error the importer raises: a bad export, told in one line with where and the fix."""

from __future__ import annotations

from ..i18n import _


class ImportProblem(ValueError):
    """An export the importer cannot use: the message names the file (and the column and
    line when there is one) and says how to fix it.

    >>> str(ImportProblem("deals.csv", "is empty", "export the report again", column="Amount", line=3))
    'deals.csv, column Amount, line 3: is empty; export the report again'
    """

    def __init__(self, file: str, what: str, fix: str, column: str | None = None,
                 line: int | None = None) -> None:
        where = file
        if column:
            where = _("{place}, column {column}").format(place=where, column=column)
        if line:
            where = _("{place}, line {line}").format(place=where, line=line)
        super().__init__(_("{place}: {what}; {fix}").format(place=where, what=what, fix=fix))
