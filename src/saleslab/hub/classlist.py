"""The class list: one learner a line, ``user,team`` (team optional), read by every
``saleslab hub`` command.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder) / "class.csv"
...     _ = path.write_text("user,team\\nana,1\\nbo,2\\n")
...     read_class(path)
[Learner(user='ana', team=1), Learner(user='bo', team=2)]
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..handout import MAX_TEAMS

#: A portable login name (useradd's default rule, lower case only): learners type it.
USER_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
#: Accounts no class list may name: the hub must never hand out into or read these homes.
RESERVED = frozenset({"root", "daemon", "bin", "sys", "nobody", "admin", "jupyterhub"})


@dataclass(frozen=True)
class Learner:
    """One learner: their login name and team number (None: no teams, everyone the same data)."""

    user: str
    team: int | None = None


def read_class(path: Path | str) -> list[Learner]:
    """The learners of the class list at ``path``; ValueError naming the file and line of
    the first bad row (a bad name, a team that is not 1 to 100, a name given twice)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise ValueError(f"`class list` must be a readable CSV file with a `user` column "
                         f"(and optionally `team`), got {str(path)!r}") from None
    reader = csv.DictReader(io.StringIO(text))
    if "user" not in (reader.fieldnames or []):
        raise ValueError(f"{path}, line 1: needs a `user` column (and optionally `team`); "
                         f"got columns {reader.fieldnames!r}")
    learners: dict[str, Learner] = {}
    for line, row in enumerate(reader, start=2):
        user, team = (row.get("user") or "").strip(), (row.get("team") or "").strip()
        if not USER_NAME.match(user) or user in RESERVED:
            raise ValueError(f"{path}, line {line}: {user!r} is not a learner login name "
                             "(lower-case letters, digits, _ or -, starting with a letter)")
        if team and not (team.isdigit() and 1 <= int(team) <= MAX_TEAMS):
            raise ValueError(f"{path}, line {line}: team must be a whole number from 1 to "
                             f"{MAX_TEAMS}, got {team!r}")
        if user in learners:
            raise ValueError(f"{path}, line {line}: {user!r} is listed twice")
        learners[user] = Learner(user, int(team) if team else None)
    if not learners:
        raise ValueError(f"{path}: lists no learner; write one `user` (and `team`) a line")
    return list(learners.values())
