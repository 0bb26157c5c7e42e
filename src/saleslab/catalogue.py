"""The translation catalogues: English source text in, one gettext catalogue per source out.

English is the source. Every learner-facing string of the package (``_()``, ``N_()``,
``ngettext``) goes into the ``saleslab`` domain; every markdown cell of a course notebook
into a catalogue of its own, one entry per cell. ``update`` re-extracts the English text and
merges it into each language's ``.po`` files: a new string gets an empty entry, an edited
one keeps its old translation marked *fuzzy* (with the previous English beside it), so an
English edit is flagged for review and never lost.

>>> catalogue_paths("zh_CN")[LOCALE / "zh_CN" / "notebooks" / "01_target_setting.po"]
'notebooks/01_target_setting.ipynb'
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog, Message
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


def _prose(message: Message) -> None:
    """Mark a message as prose: babel takes "80% of" for a format string, and msgfmt -c would
    then reject a translation that writes "80% 的"."""
    message.flags.discard("python-format")
    message.flags.add("no-python-format")


def notebook_template(path: str, root: Path) -> Catalog:
    """One entry per markdown cell of the notebook at ``path`` (relative to ``root``)."""
    notebook = nbformat.read(root / path, as_version=4)
    catalogue = Catalog(domain=Path(path).stem, project="saleslab")
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and cell.source.strip():
            # A cell is prose, not a format string: "80% of" must not make it python-format.
            _prose(catalogue.add(cell.source, locations=[(path, index + 1)]))  # cell number, from 1
    return catalogue


#: The documents of the Chinese edition, besides the notebooks (paths from the project root).
DOCUMENTS = ("README.md", "docs/trainer-guide.md", "docs/hub.md", "cases/README.md",
             "exercises/README.md")
_FENCE = re.compile(r"^(```|~~~)")


def document_blocks(text: str) -> list[str]:
    r"""A markdown document cut into the blocks a translator translates whole: paragraphs,
    lists, tables and headings, split at blank lines; a code block is never cut, and one
    that is only code is left out (it is copied, not translated).

    >>> document_blocks("# Title\n\nSome text\non two lines.\n\n```\nmake lab\n\nmake test\n```\n")
    ['# Title', 'Some text\non two lines.']
    """
    blocks, current, fenced = [], [], False
    for line in text.splitlines():
        if _FENCE.match(line.strip()):
            fenced = not fenced
        if not line.strip() and not fenced:
            blocks.append("\n".join(current))
            current = []
        else:
            current.append(line)
    blocks.append("\n".join(current))
    return [block for block in blocks if block.strip() and not _only_code(block)]


def _only_code(block: str) -> bool:
    lines = block.strip().splitlines()
    return _FENCE.match(lines[0]) is not None and _FENCE.match(lines[-1]) is not None


def document_template(path: str, root: Path) -> Catalog:
    """One entry per block (:func:`document_blocks`) of the markdown document at ``path``."""
    catalogue = Catalog(domain=Path(path).stem, project="saleslab")
    for number, block in enumerate(document_blocks((root / path).read_text(encoding="utf-8")), 1):
        _prose(catalogue.add(block, locations=[(path, number)]))
    return catalogue


def catalogue_paths(language: str) -> dict[Path, str | None]:
    """Each ``.po`` file of ``language``, mapped to the notebook or document it translates
    (None: the package)."""
    base = LOCALE / language
    paths: dict[Path, str | None] = {base / "LC_MESSAGES" / f"{DOMAIN}.po": None}
    for entry in COURSE:
        paths[base / "notebooks" / f"{Path(entry.path).stem}.po"] = entry.path
    for document in DOCUMENTS:
        paths[base / "docs" / f"{document.replace('/', '-').removesuffix('.md')}.po"] = document
    return paths


def update(language: str, root: Path) -> list[Path]:
    """Merge the current English text into ``language``'s catalogues; return the files written."""
    written = []
    for po, notebook in catalogue_paths(language).items():
        if notebook is None:
            template = package_template()
        elif notebook.endswith(".md"):
            template = document_template(notebook, root)
        else:
            template = notebook_template(notebook, root)
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
