"""The translation catalogues fail a test on a gap: out of sync with the English, a declared
complete catalogue with an empty or fuzzy entry, a translation that drops a placeholder, and
an English edit that would be lost instead of turning the entry fuzzy. What is not declared
complete yet is reported (skipped with the list), not failed."""

import ast
import shutil
from pathlib import Path

import nbformat
import pytest

from saleslab import catalogue
from saleslab.catalogue import (COMPLETE, LOCALE, catalogue_paths, code_spans, link_targets,
                                out_of_sync, placeholders, read_catalogue, status, update,
                                write_catalogue)
from saleslab.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogues_hold_exactly_the_current_english(language):
    gaps = out_of_sync(language, ROOT)
    assert not gaps, (f"catalogues out of sync with the English (missing, retired): {gaps}; "
                      "run `saleslab translations update` and commit the .po files")


def test_no_translatable_literal_sits_inside_an_f_string():
    # Python 3.12 tokenises f-strings (PEP 701), so babel finds `f"{_('x')}"` there and not on
    # 3.11: the catalogue would depend on the Python that extracted it, and on 3.11 the string
    # would never be translated.
    found = []
    for path in sorted((ROOT / "src" / "saleslab").rglob("*.py")):
        for fstring in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(fstring, ast.JoinedStr):
                found += [f"{path.relative_to(ROOT)}:{call.lineno}" for call in ast.walk(fstring)
                          if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                          and call.func.id in catalogue.KEYWORDS
                          and any(isinstance(a, ast.Constant) for a in call.args)]
    assert not found, f"_() of a literal inside an f-string (assign it first): {found}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogues_declared_complete_have_no_empty_or_fuzzy_entry(language):
    by_name = {s.name: s for s in status(language)}
    unknown = set(COMPLETE[language]) - set(by_name)
    assert not unknown, f"COMPLETE names catalogues that do not exist: {sorted(unknown)}"
    gaps = {name: (by_name[name].empty, by_name[name].fuzzy) for name in COMPLETE[language]
            if not by_name[name].complete}
    assert not gaps, f"declared complete, but (empty, fuzzy) entries remain: {gaps}"
    pending = sorted(set(by_name) - set(COMPLETE[language]))
    if pending:
        pytest.skip(f"{language}: not yet declared complete: {', '.join(pending)}")


def _translated(language):
    """(file name, English, translation) for every non-empty, reviewed translation of
    ``language`` (a fuzzy one is never shown: it waits for a translator); a plural entry's
    translation is compared with its English plural."""
    for po in catalogue_paths(language):
        for message in read_catalogue(po):
            if message.fuzzy:
                continue
            english = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            yield from ((po.name, english[-1], text) for text in strings if text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_english(language):
    wrong = [f"{name}: {english[:60]!r}" for name, english, text in _translated(language)
             if placeholders(text) != placeholders(english)]
    assert not wrong, "translations whose {placeholders} differ from the English:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_inline_code_and_links_of_its_english(language):
    """What a learner types (`q1.hint()`, a path, a command) and where a link goes survive
    translation unchanged; a translation may add code (Chinese answer words), never lose or
    alter one."""
    wrong = []
    for name, english, text in _translated(language):
        lost = (code_spans(english) - code_spans(text)) | (link_targets(english) - link_targets(text))
        if lost:
            wrong.append(f"{name}: {english[:60]!r} loses {sorted(lost)}")
    assert not wrong, "translations that lose or alter inline code or links:\n" + "\n".join(wrong)


def test_an_english_edit_turns_its_entry_fuzzy_and_keeps_the_translation(tmp_path):
    root, locale = tmp_path / "course", tmp_path / "locale"
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "00_start_here.ipynb", root / "notebooks")
    shutil.copytree(LOCALE, locale)
    po = locale / "zh_CN" / "notebooks" / "00_start_here.po"
    cat = read_catalogue(po)
    first = next(m for m in cat if m.id)
    first.string = "# 从这里开始"
    write_catalogue(po, cat)
    notebook = nbformat.read(root / "notebooks" / "00_start_here.ipynb", as_version=4)
    cell = next(c for c in notebook.cells if c.source == first.id)
    cell.source = cell.source.replace("Start here", "Begin here")
    nbformat.write(notebook, root / "notebooks" / "00_start_here.ipynb")

    update("zh_CN", root, locale, names={"00_start_here"})

    edited = read_catalogue(po)[cell.source]
    assert edited is not None and "fuzzy" in edited.flags
    assert edited.string == "# 从这里开始"
    previous = [line for line in po.read_text(encoding="utf-8").splitlines() if line.startswith("#|")]
    assert "# Start here" in previous[0]  # the old English stays beside, for the reviewer
    assert first.id not in {m.id for m in read_catalogue(po) if m.id}


def test_an_update_without_english_edits_changes_no_file(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale)
    po = locale / "zh_CN" / "notebooks" / "check_pre.po"
    before = po.read_bytes()
    update("zh_CN", ROOT, locale, names={"check_pre"})
    assert po.read_bytes() == before


def test_status_counts_translated_fuzzy_and_empty(tmp_path):
    po = tmp_path / "check_pre.po"
    shutil.copy(LOCALE / "zh_CN" / "notebooks" / "check_pre.po", po)
    cat = read_catalogue(po)
    messages = [m for m in cat if m.id]
    for message in messages:
        message.string, message.flags = "译文", set()
    messages[0].flags.add("fuzzy")
    messages[1].string = ""
    write_catalogue(po, cat)
    found = catalogue.file_status(po)
    assert (found.entries, found.translated, found.fuzzy, found.empty) == (len(messages),
                                                                         len(messages) - 2, 1, 1)
    assert not found.complete
    assert "pending: check_pre" in catalogue.status_table([found])
