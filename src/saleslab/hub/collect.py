"""``saleslab hub collect CLASS --out FOLDER``: every learner's exercise notebooks (and the
``datapackage.json`` naming their data's seed) copied into ``FOLDER/<user>/``, a folder the
trainer owns, ready for ``saleslab grade FOLDER --teams teams.csv``.

The files are read as the learner, and only regular files reached without a symbolic link
are taken: a learner cannot hand in someone else's notebook (or the kit's solutions)
through a link. Each learner's folder is replaced whole, so a second collection is fresh.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..handout import TEAMS_FILE
from ..i18n import _
from ..validate import check_out_folder
from .as_learner import require_root, run_as
from .classlist import read_class

#: The only names a collection may write (the learner's side is theirs: check, never trust).
NAMES = re.compile(r"^(exercises/[^/\\]+\.ipynb|datasets/datapackage\.json)$")


def collect(class_list: Path | str, out: Path | str) -> str:
    """Collect every learner's files into ``out`` (see the module docstring); a report."""
    require_root()
    learners = read_class(class_list)
    folder = check_out_folder("out", out)
    lines = []
    for learner in learners:
        files = run_as(learner.user, ["collect"])
        target = folder / learner.user
        if target.is_symlink() or target.is_file():
            target.unlink()
        shutil.rmtree(target, ignore_errors=True)
        for name, text in files.items():
            if not NAMES.match(name) or not isinstance(text, str):
                raise ValueError(f"collecting from {learner.user}: unexpected file {name!r}")
            path = target / Path(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        notebooks = sum(name.endswith(".ipynb") for name in files)
        lines.append(_("{user}: {n} exercise notebook(s)").format(user=learner.user, n=notebooks))
    lines.append(_("Grade them with: saleslab grade {out} --teams {teams}").format(
        out=folder, teams=Path(class_list).with_name(TEAMS_FILE)))
    return "\n".join(lines)
