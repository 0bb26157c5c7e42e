"""A translator's two commands on the catalogues of src/saleslab/locale (not shipped).

    .venv/bin/python tools/po_work.py todo PO [--where TEXT] [--skip TEXT ...] [--limit N] > chunk.json
        The entries of PO still to translate (empty or fuzzy), as a JSON object
        {English: ""}, only those whose first source location contains TEXT. An entry with a
        context (msgctxt: one word used in two senses) is keyed "[context] English".
    .venv/bin/python tools/po_work.py apply PO chunk.json
        Writes each non-empty translation of chunk.json into PO (and clears its fuzzy flag).
        An English text that is not in PO, or a translation that drops or adds a {placeholder},
        is refused with one line; nothing else in PO changes. Also revises translated entries.
    .venv/bin/python tools/po_work.py show PO [--where TEXT] [--find TEXT] > chunk.json
        The translated entries of PO as {English: Chinese}, to revise and apply again; only
        those whose first location contains TEXT, or whose English or Chinese contains --find.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from saleslab.catalogue import read_catalogue, write_catalogue

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sd]|%[sd]")


def _key(message) -> str:
    """The English text, after ``[context] `` for an entry with a msgctxt (one word, two senses)."""
    text = message.id if isinstance(message.id, str) else message.id[0]
    return f"[{message.context}] {text}" if message.context else text


def todo(po: Path, where: str, skip: list[str], limit: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for message in read_catalogue(po):
        if not message.id or (message.string and "fuzzy" not in message.flags and
                              (isinstance(message.string, str) or all(message.string))):
            continue
        # By the first location only, so two translators never pick the same entry.
        if where and not (message.locations and where in message.locations[0][0]):
            continue
        if any(message.locations and text in message.locations[0][0] for text in skip):
            continue
        out[_key(message)] = ""
        if len(out) >= limit:
            break
    return out


def show(po: Path, where: str, find: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for message in read_catalogue(po):
        chinese = message.string if isinstance(message.string, str) else (message.string or ("",))[0]
        if not message.id or not chinese:
            continue
        if where and not (message.locations and where in message.locations[0][0]):
            continue
        if find and find not in _key(message) and find not in chinese:
            continue
        out[_key(message)] = chinese
    return out


def apply(po: Path, chunk: Path) -> int:
    catalogue = read_catalogue(po)
    by_key = {_key(m): m for m in catalogue if m.id}
    translations = json.loads(chunk.read_text(encoding="utf-8"))
    for english, chinese in translations.items():
        if english not in by_key:
            sys.exit(f"{chunk}: not in {po}: {english[:60]!r}")
        if chinese and sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(chinese)):
            sys.exit(f"{chunk}: placeholders differ for {english[:60]!r}")
    done = 0
    for english, chinese in translations.items():
        if not chinese:
            continue
        message = by_key[english]
        if isinstance(message.id, str):
            message.string = chinese
        else:  # plural: Chinese has one form
            message.string = (chinese,)
        message.flags.discard("fuzzy")
        message.previous_id = ()
        done += 1
    write_catalogue(po, catalogue)
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("todo")
    t.add_argument("po", type=Path)
    t.add_argument("--where", default="")
    t.add_argument("--skip", action="append", default=[], help="leave out first locations containing this")
    t.add_argument("--limit", type=int, default=10**9)
    s = sub.add_parser("show")
    s.add_argument("po", type=Path)
    s.add_argument("--where", default="")
    s.add_argument("--find", default="")
    a = sub.add_parser("apply")
    a.add_argument("po", type=Path)
    a.add_argument("chunk", type=Path)
    args = parser.parse_args()
    if args.command in ("todo", "show"):
        found = (todo(args.po, args.where, args.skip, args.limit) if args.command == "todo"
                 else show(args.po, args.where, args.find))
        json.dump(found, sys.stdout, ensure_ascii=False, indent=1)
    else:
        print(f"{apply(args.po, args.chunk)} entries written to {args.po}")


if __name__ == "__main__":
    main()
