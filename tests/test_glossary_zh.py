"""One Chinese term per concept: every translated entry of every zh_CN catalogue whose English
names a glossary term (src/saleslab/locale/zh_CN/glossary.tsv) uses that term's Chinese.

Matching: word boundaries, case-insensitive (a term written with capitals in the glossary —
an acronym or a proper name such as PDCA, East, Lean — matches only as written), an optional
plural (s, es, y → ies), the longest term first (a match hides the shorter terms inside it).
Code spans, code blocks, {placeholders}, link targets and HTML tags of the English are not
read: they stay English in the Chinese too. The Chinese must contain the term's Chinese or one
of its allowed variants, and none of the wordings the glossary's "avoid" column lists for that
term (the other translators' wordings that the edition dropped: 合格商机, 方案报价, 华东区,
采纳 ...). A failure is fixed in the translation (tools/po_work.py apply), or, when the other
wording is legitimate, by a variant in the glossary with a note saying why.

docs/glossary-zh.md is the learner's page beside the glossary: it lists every term whose note
does not start with "translators:" (those rows only steer the wording of other phrases).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
ZH = ROOT / "src" / "saleslab" / "locale" / "zh_CN"
GLOSSARY = ZH / "glossary.tsv"
PAGE = ROOT / "docs" / "glossary-zh.md"

NOT_PROSE = re.compile(
    r"```.*?```"            # code blocks
    r"|`[^`\n]*`"           # code spans
    r"|\{[^{}]*\}"          # placeholders
    r"|\]\([^)]*\)"         # link targets
    r"|<[^<>\n]+>"          # HTML tags
    r"|https?://\S+",       # bare URLs
    re.S)


def load_glossary() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return sorted(rows, key=lambda row: len(row["english"]), reverse=True)


def _pattern(english: str) -> re.Pattern:
    flags = 0 if re.search(r"[A-Z]", english) else re.I
    words = r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", english))
    if english.endswith("y") and english[-2:-1] not in "aeiou":  # opportunity, opportunities
        words = words[:-1] + "(?:y|ies)"
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w])", flags)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


TERMS = [(row, _pattern(row["english"]), [row["chinese"]] + _split(row["variants"]))
         for row in load_glossary()]


def terms_named(english: str) -> list[dict[str, str]]:
    """The glossary rows that an English text names, longest first."""
    text = NOT_PROSE.sub(" ", english)
    found = []
    for row, pattern, _ in TERMS:
        if pattern.search(text):
            found.append(row)
            text = pattern.sub(lambda m: " " * len(m.group()), text)
    return found


def missing_terms(english: str, chinese: str) -> list[str]:
    out = []
    for row in terms_named(english):
        accepted = next(zh for r, _, zh in TERMS if r is row)
        if not any(zh in chinese for zh in accepted):
            out.append(f"{row['english']} → {row['chinese']}")
        out += [f"{row['english']} → {row['chinese']}, not {word}"
                for word in _split(row["avoid"])
                if word in chinese and word not in english]  # the English may quote it on purpose
    return out


def catalogues() -> list[Path]:
    return sorted(ZH.rglob("*.po"))


def _text(value) -> str:
    return value if isinstance(value, str) else (value[0] if value else "")


def test_glossary_is_well_formed():
    rows = load_glossary()
    assert rows, "glossary.tsv is empty"
    english = [row["english"].lower() for row in rows]
    assert len(english) == len(set(english)), "an English term is listed twice"
    for row in rows:
        assert row["english"].strip() and row["chinese"].strip(), row
        assert not set(_split(row["avoid"])) & set([row["chinese"]] + _split(row["variants"])), row


def test_learner_page_lists_every_term():
    page = PAGE.read_text(encoding="utf-8")
    missing = [row["english"] for row in load_glossary()
               if not row["note"].startswith("translators:")  # a rule for translators only
               and (f"| {row['english']} |" not in page or row["chinese"] not in page)]
    assert not missing, f"docs/glossary-zh.md lacks: {missing}"


def test_matching_rules():
    assert [r["english"] for r in terms_named("Pipeline coverage is 3x")] == ["pipeline coverage"]
    assert terms_named("`power` column, {power}") == []
    assert [r["english"] for r in terms_named("East region")] == ["East"]
    assert terms_named("the east wind") == []
    assert [r["english"] for r in terms_named("Opportunities")] == ["opportunity"]
    assert missing_terms("Qualified deals", "合格商机") == [
        "qualified → 资格确认", "qualified → 资格确认, not 合格", "deal → 订单"]
    assert missing_terms("Qualified deals", "资格确认阶段的订单") == []


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(ZH)))
def test_translations_use_the_glossary(po):
    with po.open("rb") as handle:
        catalogue = read_po(handle)
    failures = []
    for message in catalogue:
        chinese = _text(message.string)
        if not message.id or not chinese or "fuzzy" in message.flags:
            continue
        english = _text(message.id)
        missing = missing_terms(english, chinese)
        if missing:
            where = message.locations[0] if message.locations else ("?", 0)
            failures.append(f"{where[0]}:{where[1]}: {', '.join(missing)}\n"
                            f"    EN: {english[:120]!r}\n    ZH: {chinese[:120]!r}")
    assert not failures, f"{len(failures)} entries miss a glossary term:\n" + "\n".join(failures)
