"""The translation catalogues: English source text in, one gettext catalogue per source out.

English is the source. Every learner-facing string of the package (``_()``, ``N_()``,
``ngettext``) goes into the ``saleslab`` domain; every markdown cell of a course notebook
into a catalogue of its own, one entry per cell. ``update`` re-extracts the English text and
merges it into each language's ``.po`` files: a new string gets an empty entry, an edited
one keeps its old translation marked *fuzzy* (with the previous English beside it), so an
English edit is flagged for review and never lost.

>>> sorted(catalogue_paths("zh_CN"))[0].name
'00_start_here.po'
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from saleslab.course import COURSE

PACKAGE = Path(__file__).resolve().parent
LOCALE = PACKAGE / "locale"
DOMAIN = "saleslab"
#: gettext keywords of the package: ``ngettext`` takes singular and plural.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
#: Package folders whose strings are never shown to a learner.
SKIP = ("exercises/sources/**",)


def package_template() -> Catalog:
    """Every translatable string of the package, with the file and line it comes from."""
    catalogue = Catalog(domain=DOMAIN, project="saleslab")
    for name, line, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("exercises/sources/**", "ignore"), ("**.py", "python")],
        keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
    ):
        catalogue.add(message, locations=[(f"saleslab/{name}", line)],
                      auto_comments=comments, context=context)
    return catalogue


def notebook_template(path: str, root: Path) -> Catalog:
    """One entry per markdown cell of the notebook at ``path`` (relative to ``root``)."""
    notebook = nbformat.read(root / path, as_version=4)
    catalogue = Catalog(domain=Path(path).stem, project="saleslab")
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and cell.source.strip():
            catalogue.add(cell.source, locations=[(path, index + 1)])  # cell number, from 1
    return catalogue


def catalogue_paths(language: str) -> dict[Path, str | None]:
    """Each ``.po`` file of ``language``, mapped to the notebook it translates (None: package)."""
    base = LOCALE / language
    paths: dict[Path, str | None] = {base / "LC_MESSAGES" / f"{DOMAIN}.po": None}
    for entry in COURSE:
        paths[base / "notebooks" / f"{Path(entry.path).stem}.po"] = entry.path
    return paths


def update(language: str, root: Path) -> list[Path]:
    """Merge the current English text into ``language``'s catalogues; return the files written."""
    written = []
    for po, notebook in catalogue_paths(language).items():
        template = package_template() if notebook is None else notebook_template(notebook, root)
        if po.exists():
            with po.open("rb") as handle:
                catalogue = read_po(handle, locale=language)
            catalogue.update(template)
        else:
            catalogue = Catalog(locale=language, domain=template.domain, project="saleslab")
            catalogue.update(template)
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as handle:
            write_po(handle, catalogue, width=100, include_previous=True, ignore_obsolete=True)
        written.append(po)
    return written
