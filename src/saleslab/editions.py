"""The course in another language: its notebooks made from the English ones and the catalogues.

English is the source. A notebook of the Chinese edition is its English notebook with every
markdown cell replaced by its translation (from ``locale/zh_CN/notebooks/<stem>.po``), and
so are the title, objectives and key points of its ``metadata.saleslab`` (what the site
index, agendas and the presenter show) and the prose a code cell writes into a PDCA record
(:func:`~saleslab.catalogue.code_texts`), the code cells otherwise unchanged except the first, which starts by telling the kernel the language
(:data:`SETUP_LINE`), so that everything the package prints, draws and shows comes through
``_()`` in Chinese, in any JupyterLab. Only notebooks whose catalogue is complete (no empty,
no fuzzy entry) are made; the others are pending.

``build_edition`` writes them into ``<course>/zh_CN/``, a tree that mirrors ``notebooks/``,
``cases/`` and ``exercises/`` (``saleslab translations build``), and the documents
(:data:`~saleslab.catalogue.DOCUMENTS`) into ``<course>/zh_CN/docs/`` (:func:`document_home`):
each block replaced by its translation, code blocks copied. A relative link to a page the
edition does not have (a pending notebook, an English-only page) is pointed at the English one.

>>> SETUP_LINE.format(language="zh_CN").splitlines()[1]
'use_language("zh_CN")  # 中文版'
"""

from __future__ import annotations

import copy
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import catalogue
from .catalogue import (DOCUMENTS, FENCE, LINK, METADATA, catalogue_paths, code_texts, document_parts,
                        file_status, is_prose_block, metadata_texts, read_catalogue)
from .course import COURSE
from .i18n import ENGLISH, check_language
from .nbtools import clear_outputs

#: What the first code cell of a translated notebook starts with.
SETUP_LINE = 'from saleslab.i18n import use_language\nuse_language("{language}")  # 中文版\n\n'


@dataclass(frozen=True)
class Edition:
    """What ``build_edition`` did: notebooks and documents written, left unchanged, removed
    (their catalogue is no longer complete), and the course paths still pending."""

    folder: Path
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    removed: tuple[Path, ...]
    pending: tuple[str, ...]

    def __repr__(self) -> str:
        lines = [f"{self.folder}: {len(self.written)} written, {len(self.unchanged)} unchanged, "
                 f"{len(self.removed)} removed, {len(self.pending)} pending"]
        lines += [f"  written: {path}" for path in self.written]
        lines += [f"  removed (catalogue incomplete): {path}" for path in self.removed]
        lines += [f"  pending: {path}" for path in self.pending]
        return "\n".join(lines)


def translations(language: str, notebook: str, locale: Path | None = None
                 ) -> dict[str, str] | None:
    """English cell -> translation for the course notebook ``notebook`` (a course path),
    or None while its catalogue is not complete (or missing). ``locale``: the catalogues'
    folder (default: the package's)."""
    locale = catalogue.LOCALE if locale is None else locale
    found = [po for po, nb in catalogue_paths(check_language(language), locale).items()
             if nb == notebook and po.exists()]
    if not found or not file_status(found[0]).complete:
        return None
    return {m.id: m.string for m in read_catalogue(found[0]) if m.id}


def translate_notebook(notebook: nbformat.NotebookNode, messages: dict[str, str],
                       language: str) -> nbformat.NotebookNode:
    """A copy of ``notebook``, outputs cleared, in ``language``: each markdown cell and each
    text of its metadata (:func:`~saleslab.catalogue.metadata_texts`) replaced by
    ``messages[text]``, and the first code cell starting with :data:`SETUP_LINE`.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi"),
    ...                                      nbformat.v4.new_code_cell("import saleslab")])
    >>> [c.source for c in translate_notebook(nb, {"# Hi": "# 你好"}, "zh_CN").cells][0]
    '# 你好'
    """
    check_language(language)
    notebook = clear_outputs(copy.deepcopy(notebook))
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "markdown" and cell.source.strip():
            if not messages.get(cell.source):
                raise ValueError(f"markdown cell {number} has no {language} translation: run "
                                 "`saleslab translations update` and translate it")
            cell.source = messages[cell.source]
        elif cell.cell_type == "code":
            cell.source = translate_code(cell.source, messages, f"code cell {number}", language)
    _translate_metadata(notebook, messages, language)
    return in_kernel_language(notebook, language)


def translate_code(source: str, messages: dict[str, str], where: str, language: str) -> str:
    """``source`` with each prose literal (:func:`~saleslab.catalogue.code_texts`) replaced
    by its translation, written as a Python string.

    >>> translate_code('f(cause="No queue")', {"No queue": "没有队列"}, "cell 1", "zh_CN")
    'f(cause="没有队列")'
    """
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:  # ast columns count UTF-8 bytes
        return starts[line - 1] + len(lines[line - 1].encode()[:column].decode())

    for text in reversed(code_texts(source)):
        if not messages.get(text.value):
            raise ValueError(f"{where}: the text {text.value[:50]!r} has no {language} translation: "
                             "run `saleslab translations update` and translate it")
        begin, end = offset(text.lineno, text.col_offset), offset(text.end_lineno, text.end_col_offset)
        source = source[:begin] + json.dumps(messages[text.value], ensure_ascii=False) + source[end:]
    return source


def _translate_metadata(notebook: nbformat.NotebookNode, messages: dict[str, str],
                        language: str) -> None:
    for field, text in metadata_texts(notebook):
        if not messages.get(text):
            raise ValueError(f"the {field} {text[:50]!r} of the notebook's metadata has no {language} "
                             "translation: run `saleslab translations update` and translate it")
    meta = notebook.metadata.get("saleslab", {})
    for field in METADATA:
        value = meta.get(field)
        if isinstance(value, str):
            meta[field] = messages.get(value, value)
        elif isinstance(value, list):
            meta[field] = [messages.get(text, text) for text in value]
    if meta.get("title"):  # the page title of the notebook in presenter mode (Voila)
        notebook.metadata["title"] = meta["title"]


def in_kernel_language(notebook: nbformat.NotebookNode, language: str) -> nbformat.NotebookNode:
    """``notebook`` (changed in place) with its first code cell starting with
    :data:`SETUP_LINE`, so its kernel speaks ``language``; returned for chaining."""
    first = next((cell for cell in notebook.cells if cell.cell_type == "code"), None)
    if first is not None:
        first.source = SETUP_LINE.format(language=language) + first.source
    notebook.metadata.setdefault("saleslab", {})["language"] = language
    return notebook


def in_language(notebook: nbformat.NotebookNode, path: str, language: str,
                locale: Path | None = None) -> nbformat.NotebookNode:
    """``notebook`` (the course notebook ``path``) in ``language`` if its catalogue is
    complete; otherwise, and for English, ``notebook`` itself."""
    if check_language(language) == ENGLISH:
        return notebook
    messages = translations(language, path, locale)
    return notebook if messages is None else translate_notebook(notebook, messages, language)


def retarget(text: str, path: str, home: str, homes: dict[str, str]) -> str:
    """``text`` (markdown of the course page ``path``, moved to ``home``) with each relative
    link pointed from ``home``: at the edition's page where ``homes`` (course path -> its
    path in the edition) has one, else at the English page. Paths are from the course root.

    >>> retarget("[g](docs/hub.md) [n](notebooks/a.ipynb)", "README.md", "zh_CN/docs/README.md",
    ...          {"docs/hub.md": "zh_CN/docs/hub.md"})
    '[g](hub.md) [n](../../notebooks/a.ipynb)'
    """
    here, there = posixpath.dirname(path), posixpath.dirname(home)

    def point(match: re.Match) -> str:
        page, _hash, anchor = match.group(1).partition("#")
        if not page or "://" in page or page.startswith(("/", "mailto:")):
            return match.group(0)
        course_path = posixpath.normpath(posixpath.join(here, page))
        target = homes.get(course_path, course_path)
        if posixpath.normpath(posixpath.join(there, page)) == target:
            return match.group(0)  # still right from the new place: leave it as written
        return f"]({posixpath.relpath(target, there or '.')}{_hash}{anchor})"

    return LINK.sub(point, text)


def relink(notebook: nbformat.NotebookNode, path: str, available: set[str],
           language: str) -> nbformat.NotebookNode:
    """Point each relative markdown link of the edition's notebook ``path`` (a course path)
    whose target is not in ``available`` (course paths the edition has) at the English page.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("[m](02_b.ipynb)")])
    >>> relink(nb, "notebooks/01_a.ipynb", set(), "zh_CN").cells[0].source
    '[m](../../notebooks/02_b.ipynb)'
    """
    homes = {page: f"{language}/{page}" for page in available}
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = retarget(cell.source, path, f"{language}/{path}", homes)
    return notebook


def document_home(document: str, language: str) -> str:
    """Where the edition keeps its translation of the course document ``document``: under
    ``<language>/docs/`` (``<language>/README.md`` is the edition's own README).

    >>> document_home("docs/trainer-guide.md", "zh_CN"), document_home("cases/README.md", "zh_CN")
    ('zh_CN/docs/trainer-guide.md', 'zh_CN/docs/cases/README.md')
    """
    return f"{language}/docs/{document.removeprefix('docs/')}"


def translate_document(text: str, messages: dict[str, str], where: str, language: str) -> str:
    r"""``text`` (a markdown document) with each block of
    :func:`~saleslab.catalogue.document_blocks` replaced by ``messages[block]``; blank lines
    and code-only blocks stay as they are.

    >>> translate_document("# Hi\n\n```\nmake lab\n```\n", {"# Hi": "# 你好"}, "x.md", "zh_CN")
    '# 你好\n\n```\nmake lab\n```\n'
    """
    parts = document_parts(text)
    for index, part in enumerate(parts):
        if is_prose_block(part):
            if not messages.get(part):
                raise ValueError(f"{where}: the block {part[:50]!r} has no {language} translation: "
                                 "run `saleslab translations update` and translate it")
            parts[index] = messages[part]
    return "\n".join(parts) + ("\n" if text.endswith("\n") else "")


_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
_IN_PAGE = re.compile(r"\]\(#([^)\s]+)\)")


def heading_anchors(text: str) -> list[str]:
    r"""The anchors GitHub gives the headings of the markdown ``text``, in order: lower case,
    punctuation (full-width too) dropped, spaces as ``-``, a repeated one numbered ``-1``.

    >>> heading_anchors("# Handouts and grading\n## 讲义：`saleslab handout`\n```\n# code\n```\n## Handouts and grading")
    ['handouts-and-grading', '讲义saleslab-handout', 'handouts-and-grading-1']
    """
    anchors: list[str] = []
    seen: dict[str, int] = {}
    fenced = False
    for line in text.splitlines():
        fenced ^= bool(FENCE.match(line.strip()))
        heading = None if fenced else _HEADING.match(line)
        if heading:
            slug = re.sub(r"[^\w\- ]", "", heading.group(1).lower()).replace(" ", "-")
            anchors.append(f"{slug}-{seen[slug]}" if slug in seen else slug)
            seen[slug] = seen.get(slug, 0) + 1
    return anchors


def relink_headings(translated: str, english: str) -> str:
    r"""``translated`` with each in-page link ``](#anchor)`` to a heading of ``english``
    pointed at the translated heading's anchor (the headings correspond in order).

    >>> relink_headings("# 讲义\n见[讲义](#handouts)", "# Handouts\nSee [handouts](#handouts)")
    '# 讲义\n见[讲义](#讲义)'
    """
    pairs = dict(zip(heading_anchors(english), heading_anchors(translated)))
    return _IN_PAGE.sub(lambda m: f"](#{pairs.get(m.group(1), m.group(1))})", translated)


def edition_documents(language: str, root: Path, available: set[str],
                      locale: Path | None = None) -> dict[str, str | None]:
    """Each course document of ``root`` (:data:`~saleslab.catalogue.DOCUMENTS`) and its
    translation, links pointed from its :func:`document_home` (at the edition's notebooks in
    ``available`` and documents), or None while its catalogue is not complete."""
    sources = [path for path in DOCUMENTS if (root / path).is_file()]
    messages = {path: translations(language, path, locale) for path in sources}
    homes = {page: f"{language}/{page}" for page in available}
    homes.update({path: document_home(path, language) for path in sources if messages[path]})
    english = {path: (root / path).read_text(encoding="utf-8") for path in sources}
    return {path: None if messages[path] is None else retarget(relink_headings(
        translate_document(english[path], messages[path], path, language), english[path]),
        path, document_home(path, language), homes) for path in sources}


def _content(notebook: nbformat.NotebookNode) -> tuple[list[tuple[str, str]], dict]:
    """What a build writes: the cells' sources and the translated metadata (not outputs)."""
    meta = notebook.metadata.get("saleslab", {})
    return ([(cell.cell_type, cell.source) for cell in notebook.cells],
            {field: meta.get(field) for field in METADATA})


def edition_notebooks(language: str, root: Path, locale: Path | None = None
                      ) -> dict[str, nbformat.NotebookNode | None]:
    """Each course notebook of ``root`` and its translation (outputs cleared, links
    pointed), or None while pending."""
    sources = {e.path: root / e.path for e in COURSE if (root / e.path).is_file()}
    messages = {path: translations(language, path, locale) for path in sources}
    available = {path for path, found in messages.items() if found is not None}
    return {path: None if messages[path] is None else relink(
        translate_notebook(nbformat.read(source, as_version=4), messages[path], language),
        path, available, language) for path, source in sources.items()}


def build_edition(language: str, root: Path | str, locale: Path | None = None) -> Edition:
    """Write ``language``'s notebooks into ``root/<language>/`` and its documents into
    ``root/<language>/docs/``; a notebook whose cells are already current keeps its stored
    outputs, a file whose catalogue is no longer complete is removed. Execute the written
    notebooks next (``saleslab execute``)."""
    root = Path(root)
    folder = root / check_language(language)
    written, unchanged, removed, pending = [], [], [], []

    def outcome(path: str, target: Path, found: bool, current: bool) -> bool:
        """Record what becomes of ``target``; True when it must be written."""
        if not found:
            pending.append(path)
            if target.exists():
                target.unlink()
                removed.append(target)
        elif current:
            unchanged.append(target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            written.append(target)
        return found and not current

    notebooks = edition_notebooks(language, root, locale)
    for path, notebook in notebooks.items():
        target = folder / path
        current = (notebook is not None and target.exists()
                   and _content(nbformat.read(target, as_version=4)) == _content(notebook))
        if outcome(path, target, notebook is not None, current):
            nbformat.write(notebook, target)
    available = {path for path, notebook in notebooks.items() if notebook is not None}
    for path, text in edition_documents(language, root, available, locale).items():
        target = root / document_home(path, language)
        current = text is not None and target.exists() and target.read_text(encoding="utf-8") == text
        if outcome(path, target, text is not None, current):
            target.write_text(text, encoding="utf-8")
    return Edition(folder, tuple(written), tuple(unchanged), tuple(removed), tuple(pending))
