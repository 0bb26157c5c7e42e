"""``saleslab translations ...``: the maintainers' commands for the other-language editions.

Maintainers read English: these texts are not in the catalogues.

    saleslab translations update    merge the English text into the .po catalogues (edits: fuzzy)
    saleslab translations compile   the package catalogues (.po) into the .mo files _() reads
    saleslab translations status    entries, translated, fuzzy and empty per catalogue
    saleslab translations build     write the edition's notebooks (zh_CN/) and documents (zh_CN/docs/), execute the notebooks
                                    (--all: execute the unchanged ones too, after a package change)

>>> import argparse
>>> commands = argparse.ArgumentParser().add_subparsers()
>>> add_translation_commands(commands).prog.split()[-1]
'translations'
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .i18n import LANGUAGES


def _update(args: argparse.Namespace) -> int:
    from .catalogue import update

    for path in update(args.lang, Path(args.root)):
        print(f"Written: {path}")
    return 0


def _compile(_args: argparse.Namespace) -> int:
    from .catalogue import LOCALE, compile_all

    for path in compile_all(LOCALE):
        print(f"Written: {path}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from .catalogue import status, status_table

    print(status_table(status(args.lang)))
    return 0


def _build(args: argparse.Namespace) -> int:
    from .editions import build_edition
    from .nbtools import execute_notebook

    edition = build_edition(args.lang, Path(args.root))
    print(edition)
    if not args.no_execute:
        # --all: after a change to the package, every stored output may be stale, not only
        # those of the notebooks written now.
        for path in (*edition.written, *edition.unchanged) if args.all else edition.written:
            if path.suffix != ".ipynb":  # a translated document has nothing to run
                continue
            print(f"executing {path}", flush=True)
            execute_notebook(path)
    return 0


def add_translation_commands(commands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``translations`` and its four sub-commands to the ``saleslab`` parser."""
    parser = commands.add_parser(
        "translations", help="maintain the translated editions (catalogues, notebooks)")
    steps = parser.add_subparsers(dest="step", required=True, metavar="STEP")
    for name, run, text in (
        ("update", _update, "merge the English text into the catalogues (edits become fuzzy)"),
        ("compile", _compile, "compile the package catalogues into .mo files"),
        ("status", _status, "count translated, fuzzy and empty entries per catalogue"),
        ("build", _build, "write the translated notebooks whose catalogue is complete"),
    ):
        step = steps.add_parser(name, help=text)
        step.add_argument("--lang", default=LANGUAGES[0], choices=LANGUAGES,
                          help=f"language (default: {LANGUAGES[0]})")
        step.add_argument("--root", default=".", help="project folder (default: .)")
        if name == "build":
            step.add_argument("--no-execute", action="store_true",
                              help="write the notebooks without running them")
            step.add_argument("--all", action="store_true",
                              help="execute every notebook of the edition, not only those written")
        step.set_defaults(run=run)
    return parser
