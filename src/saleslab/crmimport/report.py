"""The import report: rows read, kept and set aside (each reason with example lines), what
was assumed and what was dropped; printed on screen and written beside the data.

>>> report = ImportReport()
>>> report.set_aside("deals.csv", [4, 9], "amount is not a number", 2)
>>> report.deal_rows, report.kept = 10, 8
>>> print(report.text().splitlines()[2])
- 2 × amount is not a number (deals.csv, lines 4, 9)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..i18n import N_, _
from ..localformat import join_list

EXAMPLES = 5
#: The report's sections after the set-aside rows, in order.
SECTIONS = (N_("Files read:"), N_("Assumed:"), N_("Dropped (privacy):"), N_("Read, not used:"),
            N_("Needs stage history:"), N_("Written:"))


@dataclass
class ImportReport:
    """What one import did, in plain words (see :meth:`text`)."""

    files: list[str] = field(default_factory=list)
    deal_rows: int = 0
    history_rows: int = 0
    kept: int = 0
    reasons: list[tuple[str, str, list[int], int]] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    #: What was left out to keep names and free text private.
    dropped: list[str] = field(default_factory=list)
    #: What was read but is not used (other columns, other fields' history, stray rows).
    not_used: list[str] = field(default_factory=list)
    needs_history: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    def assume(self, text: str) -> None:
        """Note an assumption once."""
        if text not in self.assumptions:
            self.assumptions.append(text)

    def set_aside(self, file: str, lines: list[int], reason: str, count: int) -> None:
        """Note ``count`` rows of ``file`` set aside for ``reason`` (``lines``: examples)."""
        self.reasons.append((file, reason, list(lines[:EXAMPLES]), count))

    @property
    def set_aside_count(self) -> int:
        return sum(count for *_, count in self.reasons)

    def text(self) -> str:
        """The report as plain text (Markdown-friendly)."""
        out = [_("Rows read: {deals} deal rows, {history} stage-history rows; kept: {kept} deals; set "
                 "aside: {aside} rows (in set_aside.csv).").format(
            deals=self.deal_rows, history=self.history_rows, kept=self.kept, aside=self.set_aside_count)]
        if self.reasons:
            out.append(_("Set aside:"))
            for file, reason, lines, count in self.reasons:
                shown = join_list([*map(str, lines), *(["..."] if count > len(lines) else [])])
                out.append("- " + _("{n} × {reason} ({file}, lines {lines})").format(
                    n=count, reason=reason, file=file, lines=shown))
        for title, items in zip(SECTIONS, (self.files, self.assumptions, self.dropped, self.not_used,
                                           self.needs_history, self.written)):
            if items:
                out.append(_(title))
                out.extend(f"- {item}" for item in items)
        return "\n".join(out)

    def __str__(self) -> str:
        return self.text()


def set_aside_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` with a ``reason``, source, line and reason first."""
    rows = frame[frame["reason"].notna()]
    first = ["source", "line", "reason"]
    return rows[[*first, *[c for c in rows.columns if c not in first]]].reset_index(drop=True)


def add_reasons(report: ImportReport, rows: pd.DataFrame) -> None:
    """Note every reason of ``rows`` (from :func:`set_aside_rows`) in the report, largest first."""
    groups = rows.groupby(["source", "reason"], sort=False)["line"]
    counts = groups.size().sort_values(ascending=False, kind="stable")
    for (file, reason), count in counts.items():
        lines = sorted(groups.get_group((file, reason)).tolist())
        report.set_aside(str(file), lines, str(reason), int(count))
