"""The Chinese documents' in-page links reach a heading: translating a heading changes its
anchor, so the build points each link at the translated heading's anchor."""

from __future__ import annotations

import re
from pathlib import Path

from saleslab.editions import heading_anchors, relink_headings

ROOT = Path(__file__).resolve().parents[1]


def test_an_in_page_link_follows_its_translated_heading():
    english = "See [grading](#handouts-and-grading).\n\n## Handouts and grading\n"
    chinese = "见[评分](#handouts-and-grading)。\n\n## 讲义与评分\n"
    assert relink_headings(chinese, english) == "见[评分](#讲义与评分)。\n\n## 讲义与评分\n"


def test_every_in_page_link_of_every_chinese_document_resolves():
    documents = sorted((ROOT / "zh_CN").rglob("*.md"))
    assert documents, "no Chinese documents: run `saleslab translations build`"
    broken = []
    for path in documents:
        text = path.read_text(encoding="utf-8")
        anchors = set(heading_anchors(text))
        for target in re.findall(r"\]\(([^)\s]*#[^)\s]+)\)", text):
            page, _, anchor = target.partition("#")
            if "://" in page:
                continue
            there = (path.parent / page) if page else path
            if there.suffix == ".md" and there.is_file():
                known = anchors if not page else set(heading_anchors(there.read_text(encoding="utf-8")))
                if anchor not in known:
                    broken.append(f"{path.relative_to(ROOT)}: {target}")
    assert not broken, "in-page links to no heading:\n" + "\n".join(broken)
