"""Compile the package's ``.po`` catalogues into the ``.mo`` files gettext reads.

Only babel is needed here: ``setup.py`` loads this file by its path while the kit is being
built, before any other dependency of saleslab is installed. Fuzzy entries stay out of the
``.mo`` (they show in English until a translator has reviewed them).

>>> compile_all("/nonexistent")
[]
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compile_po(po: Path | str) -> Path:
    """Write ``po`` as the ``.mo`` beside it, unless that one is newer; return its path."""
    po = Path(po)
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return mo
    with po.open("rb") as handle:
        catalogue = read_po(handle)
    with mo.open("wb") as handle:
        write_mo(handle, catalogue, use_fuzzy=False)
    return mo


def compile_all(locale: Path | str) -> list[Path]:
    """Compile every ``<locale>/<language>/LC_MESSAGES/*.po``; return the ``.mo`` paths."""
    return [compile_po(po) for po in sorted(Path(locale).glob("*/LC_MESSAGES/*.po"))]
