"""What learners handed in, read once and up front, refusing what could fool the grader.

``SUBMISSIONS`` holds one entry per learner, named after the learner::

    SUBMISSIONS/<learner>/<any name>.ipynb      a folder (searched below, e.g. exercises/)
    SUBMISSIONS/<learner>.ipynb                 or a single notebook

Module and case notebooks, hidden folders and checkpoints are skipped. Every notebook is
read into memory before any learner code runs, so no submission can change another one
before it is graded. Symbolic links and special files (pipes, devices) are refused, never
followed, and so is a notebook larger than :data:`MAX_BYTES`.

>>> find_submissions("/no/such/folder")
Traceback (most recent call last):
...
ValueError: `submissions` must be an existing folder, got '/no/such/folder'
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..course import COURSE
from ..data import DESCRIPTOR
from ..i18n import _

#: Notebooks a learner may hand in that are not exercises (the handout's modules and cases).
NOT_EXERCISES = frozenset(Path(e.path).name for e in COURSE if e.kind in ("module", "case"))
MAX_BYTES = 20 * 2**20


@dataclass(frozen=True)
class Submission:
    """One notebook handed in: whose, its file (relative to the submissions folder), its
    text (None if refused, with the reason in ``refused``) and the data seed the learner's
    own ``datasets/`` declares, if any."""

    learner: str
    file: str
    text: str | None
    refused: str | None = None
    seed: int | None = None
    folders: tuple[str, ...] = ()


def read_regular(path: Path, limit: int = MAX_BYTES) -> str:
    """The text of ``path`` if it is a regular file no larger than ``limit`` bytes, opened
    without following a symbolic link; ValueError (one line) otherwise."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        if path.is_symlink():
            raise ValueError(_("refused: a symbolic link")) from None
        raise ValueError(_("cannot be read ({error})").format(error=error.strerror)) from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(_("refused: not a regular file"))
        if info.st_size > limit:
            raise ValueError(_("refused: larger than {mb} MB").format(mb=limit // 2**20))
        content = handle.read(limit + 1)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(_("cannot be read (not UTF-8 text)")) from None


def _own_seed(notebook: Path, top: Path) -> int | None:
    """The seed in the ``datasets/datapackage.json`` nearest above ``notebook``, if any."""
    for folder in notebook.parents:
        descriptor = folder / "datasets" / DESCRIPTOR
        if descriptor.exists() or descriptor.is_symlink():
            try:
                seed = json.loads(read_regular(descriptor, 2**20)).get("seed")
            except (ValueError, AttributeError):
                return None
            return seed if isinstance(seed, int) and not isinstance(seed, bool) else None
        if folder == top:
            return None
    return None


def _one(learner: str, path: Path, top: Path) -> Submission:
    file = path.relative_to(top).as_posix()
    folders = tuple(path.relative_to(top).parts[:-1])
    try:
        text = read_regular(path)
    except ValueError as error:
        return Submission(learner, file, None, str(error), folders=folders)
    return Submission(learner, file, text, None, _own_seed(path, top), folders)


def _walk(folder: Path) -> list[Path]:
    """Every ``.ipynb`` below ``folder`` (symbolic links included, to be refused), never
    descending into a linked folder, a hidden one or a checkpoint folder."""
    found = []
    for here, folders, files in os.walk(folder, followlinks=False):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found += [Path(here) / f for f in files
                  if f.endswith(".ipynb") and not f.startswith(".") and f not in NOT_EXERCISES]
    return sorted(found)


def check_submissions(folder: Path | str) -> Path:
    """``folder`` as a Path if it is an existing folder; ValueError in one line otherwise."""
    if not isinstance(folder, (str, Path)) or not str(folder).strip() or not Path(folder).is_dir():
        raise ValueError(f"`submissions` must be an existing folder, got {str(folder)!r}")
    return Path(folder)


def find_submissions(folder: Path | str) -> dict[str, list[Submission]]:
    """Every learner in ``folder`` and the exercise notebooks they handed in (an empty list
    for a learner folder without one), learners in name order."""
    top = check_submissions(folder)
    found: dict[str, list[Submission]] = {}
    for entry in sorted(top.iterdir()):
        if entry.name.startswith(".") or entry.name == "datasets":
            continue
        if entry.is_symlink():
            learner = entry.stem if entry.suffix == ".ipynb" else entry.name
            found.setdefault(learner, []).append(Submission(
                learner, entry.name, None, _("refused: a symbolic link")))
        elif entry.is_dir():
            found[entry.name] = [_one(entry.name, path, top) for path in _walk(entry)]
        elif entry.suffix == ".ipynb":
            found.setdefault(entry.stem, []).append(_one(entry.stem, entry, top))
    return found
