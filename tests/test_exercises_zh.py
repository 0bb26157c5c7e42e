"""The exercises in the Chinese edition: every set's self-test passes under
``SALESLAB_LANG=zh_CN`` with the Chinese catalogue, and in both editions a right number typed
the Chinese way counts while an amount written in 万 is named."""

from __future__ import annotations

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from conftest import ROOT
from saleslab import i18n
from saleslab.exercises import exercise_sets
from saleslab.exercises.core import Data
from saleslab.exercises.selftest import cases, correct_line, namespace, run, typed_answer, typed_cases

PO = ROOT / "src" / "saleslab" / "locale" / "zh_CN" / "LC_MESSAGES" / "saleslab.po"
SETS = [pytest.param(s, id=s.notebook.split("/")[-1][:-len("_exercises.ipynb")]) for s in exercise_sets()]


@pytest.fixture(scope="module")
def chinese_catalogue(tmp_path_factory):
    """A locale folder holding the Chinese catalogue compiled from the translators' .po."""
    folder = tmp_path_factory.mktemp("locale")
    target = folder / "zh_CN" / "LC_MESSAGES" / "saleslab.mo"
    target.parent.mkdir(parents=True)
    with PO.open("rb") as source, target.open("wb") as compiled:
        write_mo(compiled, read_po(source, locale="zh_CN"))
    return folder


def _use(language, catalogue, monkeypatch):
    monkeypatch.setattr(i18n, "LOCALE_DIR", catalogue)
    monkeypatch.setenv(i18n.LANG_VARIABLE, language)
    monkeypatch.delenv("SALESLAB_DATA", raising=False)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_catalogue_is_in_use(language, chinese_catalogue, monkeypatch):
    _use(language, chinese_catalogue, monkeypatch)
    assert (correct_line() == "正确 — ") == (language == "zh_CN")


@pytest.mark.slow
@pytest.mark.parametrize("exercise_set", SETS)
def test_every_self_test_passes_in_chinese(exercise_set, chinese_catalogue, monkeypatch, capsys):
    """All the set's cases and its typed answers in Chinese; then the typed answers in
    English too, on the same setup (it is what takes the time)."""
    _use("zh_CN", chinese_catalogue, monkeypatch)
    base, data = namespace(exercise_set), Data()
    checked = cases(exercise_set) + typed_cases(exercise_set)
    assert [p for case in checked if (p := run(exercise_set, case, base, data))] == []
    monkeypatch.delenv(i18n.LANG_VARIABLE)
    assert [p for case in typed_cases(exercise_set) if (p := run(exercise_set, case, base, data))] == []


@pytest.mark.parametrize("expected, form, code", [
    (0.125, "text", 'x = "12.5％"'), (302_600_000.0, "text", 'x = "¥30260万"'),
    (302_600_000, "wan", "x = 30260.0"), (0.125, "wan", None), (12, "text", None), (0.0, "text", None),
])
def test_typed_answers_take_the_form_of_the_expected_one(expected, form, code):
    typed = typed_answer("x", expected, form)
    assert (typed and typed[0]) == code
