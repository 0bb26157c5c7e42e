"""The translation catalogues: English source text in, one gettext catalogue per source out.

English is the source. Every learner-facing string of the package (``_()``, ``N_()``,
``ngettext``) goes into the ``saleslab`` domain; every markdown cell of a course notebook
into a catalogue of its own, one entry per cell, with the texts of the notebook's
``metadata.saleslab`` (title, objectives, key points: :data:`METADATA`) that the site index,
agendas and the presenter show, and with the prose a code cell writes into a PDCA record
(``cause="..."``: :func:`code_texts`), which the Chinese edition's code cell says in Chinese. ``update`` re-extracts the English text and
merges it into each language's ``.po`` files: a new string gets an empty entry, an edited
one keeps its old translation marked *fuzzy* (with the previous English beside it), so an
English edit is flagged for review and never lost. ``compile_all`` writes the package's
``.mo`` files (the build does it too: setup.py), ``status`` counts what is left to translate per file.
Maintainers run these as ``saleslab translations {update,compile,status,build}``.

:data:`COMPLETE` lists the catalogues a maintainer has declared complete: a test fails when
one of them has an empty or fuzzy entry; the others are reported as pending.

>>> catalogue_paths("zh_CN")[LOCALE / "zh_CN" / "notebooks" / "01_target_setting.po"]
'notebooks/01_target_setting.ipynb'
>>> placeholders("{n} deals in {month:%B}")
['{month:%B}', '{n}']
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, unescape, write_po

from saleslab.course import COURSE
from saleslab.mofiles import compile_all  # noqa: F401  (part of this tool's interface)

PACKAGE = Path(__file__).resolve().parent
LOCALE = PACKAGE / "locale"
DOMAIN = "saleslab"
#: gettext keywords of the package: ``ngettext`` takes singular and plural, ``pgettext`` and
#: ``NC_`` a context (msgctxt) first.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "NC_": ((1, "c"), 2)}
#: Package folders whose strings are never shown to a learner.
SKIP = ("exercises/sources/**",)
#: Catalogues declared complete, per language: ``saleslab`` (the package) or a notebook's
#: stem. The lead adds a name once its translation has landed; tests then hold it there.
COMPLETE: dict[str, tuple[str, ...]] = {"zh_CN": (
    "saleslab", "00_start_here", "check_pre", "01_target_setting", "01_target_setting_exercises",
    "02_funnel_design", "02_funnel_design_exercises", "03_monitoring", "03_monitoring_exercises",
    "04_improvement", "04_improvement_exercises", "05_pipeline_and_team",
    "05_pipeline_and_team_exercises", "case1_b2b_followup", "case1_b2b_followup_exercises",
    "case2_retail_complaints", "case2_retail_complaints_exercises", "case3_manufacturing_training",
    "case3_manufacturing_training_exercises", "your_own_data", "capstone", "check_post",
    "README", "docs-trainer-guide", "docs-hub", "cases-README", "exercises-README")}
#: English on purpose in every edition: data values that the exercises' code indexes by name
#: (``groups.loc["complained"]``, the case 3 quiz bands), so a table shows them as typed.
DATA_VALUES = frozenset({"complained", "no complaint", "low", "middle", "high"})
#: Placeholders a translation must keep: ``{name}``, ``{name:fmt}``, ``%(name)s``, ``%s``.
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sd]|%[sd]")
CODE_SPAN = re.compile(r"`[^`\n]+`")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def placeholders(text: str) -> list[str]:
    """The placeholders of ``text``, sorted (a translation must have the same)."""
    return sorted(PLACEHOLDER.findall(text))


def code_spans(text: str) -> set[str]:
    """The inline code of ``text`` (what a learner types: a translation keeps every one).

    >>> sorted(code_spans("Run `q1.hint()`, or type `____`."))
    ['`____`', '`q1.hint()`']
    """
    return set(CODE_SPAN.findall(text))


def link_targets(text: str) -> set[str]:
    """The targets of the markdown links of ``text`` (a translation keeps every one, so the
    links between notebooks keep working).

    >>> link_targets("Next: [Module 1](01_target_setting.ipynb).")
    {'01_target_setting.ipynb'}
    """
    return set(LINK.findall(text))


def package_template(package: Path = PACKAGE) -> Catalog:
    """Every translatable string of the package (``package``: its source folder), with the
    file and line it comes from."""
    catalogue = Catalog(domain=DOMAIN, project="saleslab")
    for name, line, message, comments, context in extract_from_dir(
        str(package), method_map=[*((pattern, "ignore") for pattern in SKIP), ("**.py", "python")],
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


#: The texts of a notebook's ``metadata.saleslab`` that are translated: its title, and each
#: item of its objectives and key points.
METADATA = ("title", "objectives", "key_points")


def metadata_texts(notebook: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(field, text) for each translated text of ``notebook``'s ``metadata.saleslab``.

    >>> nb = nbformat.v4.new_notebook(metadata={"saleslab": {"title": "Module 1", "minutes": {},
    ...                                                      "objectives": ["Split a target."]}})
    >>> metadata_texts(nb)
    [('title', 'Module 1'), ('objectives', 'Split a target.')]
    """
    meta = notebook.metadata.get("saleslab", {})
    found = []
    for field in METADATA:
        value = meta.get(field)
        found += [(field, text) for text in ([value] if isinstance(value, str) else value or [])
                  if text.strip()]
    return found


#: Keyword arguments whose text a code cell writes as prose that the notebook then shows
#: (the fields of :class:`saleslab.improvement.PDCARecord`); other strings in code are names.
CODE_PROSE = frozenset({"problem", "cause", "change", "measure", "comparison", "result", "owner", "scope",
                        "kpi_label"})


def code_texts(source: str) -> list[ast.Constant]:
    """The string literals of a code cell that are prose (a keyword of :data:`CODE_PROSE`),
    in order, with their positions in ``source``; none if the cell is not Python.

    >>> [c.value for c in code_texts('record.fill(cause="No queue", decision=worth.decision)')]
    ['No queue']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a cell with a `____` blank or IPython magic
        return []
    found = [node.value for node in ast.walk(tree)
             if isinstance(node, ast.keyword) and node.arg in CODE_PROSE
             and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
             and node.value.value.strip()]  # an empty field a learner fills is not prose
    return sorted(found, key=lambda node: (node.lineno, node.col_offset))


def notebook_template(path: str, root: Path) -> Catalog:
    """One entry per markdown cell of the notebook at ``path`` (relative to ``root``), one per
    prose text of its code cells (:func:`code_texts`), then one per text of its metadata
    (:func:`metadata_texts`; location: cell 0)."""
    notebook = nbformat.read(root / path, as_version=4)
    catalogue = Catalog(domain=Path(path).stem, project="saleslab")
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown" and cell.source.strip():
            # A cell is prose, not a format string: "80% of" must not make it python-format.
            _prose(catalogue.add(cell.source, locations=[(path, index + 1)]))  # cell number, from 1
    for index, cell in enumerate(notebook.cells):
        for text in code_texts(cell.source) if cell.cell_type == "code" else []:
            _prose(catalogue.add(text.value, locations=[(path, index + 1)],
                                 auto_comments=["text in a code cell: a PDCA record's field"]))
    for field, text in metadata_texts(notebook):
        if text not in catalogue:  # a text that is also a cell is translated once
            _prose(catalogue.add(text, locations=[(path, 0)],
                                 auto_comments=[f"notebook metadata: {field} (site index, agenda)"]))
    return catalogue


#: The documents of the Chinese edition, besides the notebooks (paths from the project root).
DOCUMENTS = ("README.md", "docs/trainer-guide.md", "docs/hub.md", "cases/README.md",
             "exercises/README.md")
#: The line that opens or closes a markdown code block.
FENCE = re.compile(r"^(```|~~~)")


def document_parts(text: str) -> list[str]:
    r"""A markdown document cut at its blank lines (outside code blocks): its blocks and
    the blank lines between them, in order, so that ``"\n".join`` gives the text back.

    >>> document_parts("# Title\n\n```\na\n\nb\n```")
    ['# Title', '', '```\na\n\nb\n```']
    """
    parts, current, fenced = [], [], False
    for line in text.splitlines():
        if FENCE.match(line.strip()):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                parts.append("\n".join(current))
                current = []
            parts.append(line)
        else:
            current.append(line)
    if current:
        parts.append("\n".join(current))
    return parts


def is_prose_block(part: str) -> bool:
    """Whether a part of :func:`document_parts` is translated: not blank, not only code
    (a code block is copied as it is)."""
    lines = part.strip().splitlines()
    return bool(lines) and not (FENCE.match(lines[0]) and FENCE.match(lines[-1]))


def document_blocks(text: str) -> list[str]:
    r"""A markdown document cut into the blocks a translator translates whole: paragraphs,
    lists, tables and headings, split at blank lines; a code block is never cut, and one
    that is only code is left out (it is copied, not translated).

    >>> document_blocks("# Title\n\nSome text\non two lines.\n\n```\nmake lab\n\nmake test\n```\n")
    ['# Title', 'Some text\non two lines.']
    """
    return [part for part in document_parts(text) if is_prose_block(part)]


def document_template(path: str, root: Path) -> Catalog:
    """One entry per block (:func:`document_blocks`) of the markdown document at ``path``."""
    catalogue = Catalog(domain=Path(path).stem, project="saleslab")
    for number, block in enumerate(document_blocks((root / path).read_text(encoding="utf-8")), 1):
        _prose(catalogue.add(block, locations=[(path, number)]))
    return catalogue


def catalogue_paths(language: str, locale: Path = LOCALE) -> dict[Path, str | None]:
    """Each ``.po`` file of ``language``, mapped to the notebook or document it translates
    (None: the package)."""
    base = Path(locale) / language
    paths: dict[Path, str | None] = {base / "LC_MESSAGES" / f"{DOMAIN}.po": None}
    for entry in COURSE:
        paths[base / "notebooks" / f"{Path(entry.path).stem}.po"] = entry.path
    for document in DOCUMENTS:
        paths[base / "docs" / f"{document.replace('/', '-').removesuffix('.md')}.po"] = document
    return paths


def read_catalogue(po: Path, language: str | None = None) -> Catalog:
    """The catalogue in the ``.po`` file ``po``, each fuzzy entry with its previous English.

    Babel reads a ``#| msgid`` line (the English before an edit) as a plain comment; it is
    given back to the entry here, so that writing the catalogue keeps it where it was.
    """
    with Path(po).open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    for message in catalogue:
        previous = [line[1:].strip() for line in message.user_comments if line.startswith("|")]
        if previous:
            message.user_comments = [line for line in message.user_comments if not line.startswith("|")]
            if "fuzzy" in message.flags and previous[0].startswith("msgid "):
                previous[0] = previous[0][len("msgid "):]
                message.previous_id = ["".join(unescape(line) for line in previous)]
    return catalogue


def write_catalogue(po: Path, catalogue: Catalog) -> None:
    """Write ``catalogue`` to ``po`` the one way every tool here writes it (a file written
    twice from the same entries is byte-identical)."""
    for message in catalogue:
        if "no-python-format" in message.flags:  # read_po re-adds python-format to "80% of"
            message.flags.discard("python-format")
        if "fuzzy" not in message.flags:
            message.previous_id = []
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as handle:
        write_po(handle, catalogue, width=100, include_previous=True, ignore_obsolete=True)


def template_for(source: str | None, root: Path) -> Catalog:
    """The English template of a catalogue: the package's (None), a course notebook's or a
    document's (``.md``)."""
    if source is None:
        return package_template()
    if source.endswith(".md"):
        return document_template(source, root)
    return notebook_template(source, root)


def update(language: str, root: Path, locale: Path = LOCALE,
           names: Iterable[str] | None = None) -> list[Path]:
    """Merge the current English text into ``language``'s catalogues (only those ``names``,
    ``saleslab`` or notebook stems, if given); return the files written.

    The header's creation date is kept, so an update with no English edit changes no file.
    """
    written = []
    for po, notebook in catalogue_paths(language, locale).items():
        if names is not None and po.stem not in names:
            continue
        template = template_for(notebook, root)
        if po.exists():
            catalogue = read_catalogue(po, language)
            catalogue.update(template, update_creation_date=False)
        else:
            catalogue = Catalog(locale=language, domain=template.domain, project="saleslab")
            catalogue.update(template)
        write_catalogue(po, catalogue)
        written.append(po)
    return written


@dataclass(frozen=True)
class Status:
    """How far one catalogue is translated: its entries, and how many are translated, fuzzy
    (an English edit to review) or empty. ``name`` is ``saleslab`` or the notebook's stem."""

    name: str
    path: Path
    notebook: str | None
    entries: int
    translated: int
    fuzzy: int
    empty: int

    @property
    def complete(self) -> bool:
        """Every entry translated, none fuzzy."""
        return self.translated == self.entries


def _is_translated(message) -> bool:
    if message.id in DATA_VALUES:  # English on purpose: an empty entry is its translation
        return "fuzzy" not in message.flags
    strings = (message.string,) if isinstance(message.string, str) else message.string
    return all(strings) and "fuzzy" not in message.flags


def file_status(po: Path, notebook: str | None = None) -> Status:
    """Count the entries of the catalogue ``po`` (its header aside)."""
    messages = [m for m in read_catalogue(po) if m.id]
    fuzzy = sum("fuzzy" in m.flags for m in messages)
    translated = sum(_is_translated(m) for m in messages)
    return Status(Path(po).stem, Path(po), notebook, len(messages), translated, fuzzy,
                  len(messages) - translated - fuzzy)


def status(language: str, locale: Path = LOCALE) -> list[Status]:
    """The :class:`Status` of each of ``language``'s catalogues (package first)."""
    return [file_status(po, notebook) for po, notebook in catalogue_paths(language, locale).items()
            if po.exists()]


def status_table(statuses: list[Status]) -> str:
    """One line per catalogue, then the pending ones (not complete) by name."""
    lines = [f"{'catalogue':<40} {'entries':>7} {'done':>5} {'fuzzy':>5} {'empty':>5}"]
    lines += [f"{s.name:<40} {s.entries:>7} {s.translated:>5} {s.fuzzy:>5} {s.empty:>5}"
              for s in statuses]
    pending = [s.name for s in statuses if not s.complete]
    lines.append(f"complete: {len(statuses) - len(pending)} of {len(statuses)}"
                 + (f"; pending: {', '.join(pending)}" if pending else ""))
    return "\n".join(lines)



def _ids(catalogue: Catalog) -> set:
    return {message.id for message in catalogue if message.id}


def out_of_sync(language: str, root: Path, locale: Path = LOCALE) -> dict[str, tuple[int, int]]:
    """Catalogues whose English entries differ from the current sources, by name: (English
    texts missing from the catalogue, entries the sources no longer have). Empty when
    ``update`` would add or retire nothing; moved lines (locations) do not count.
    """
    found = {}
    for po, notebook in catalogue_paths(language, locale).items():
        source = _ids(template_for(notebook, root))
        held = _ids(read_catalogue(po)) if po.exists() else set()
        if source != held:
            found[po.stem] = (len(source - held), len(held - source))
    return found
