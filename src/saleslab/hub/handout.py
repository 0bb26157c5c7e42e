"""``saleslab hub handout CLASS [--seed N] [--no-solutions]``: each learner's team edition
into ``~/saleslab`` in their home, owned by them.

Each team's edition is made once, by :func:`saleslab.handout.write_handout` (the kit's
learner notebooks and the team's data, with the solutions setting), in a folder only the
trainer can read; each learner's copy is then written *as the learner*, so it is theirs and
a link they planted leads nowhere: a file already there (one they changed, or one from an
earlier hand-out) is never overwritten, and running it again changes nothing.

Team k gets the seed ``saleslab handout --teams K`` gives its ``team{k}`` folder
(:func:`saleslab.handout.team_seeds`); a learner without a team gets the seed itself. The
seeds go to ``teams.csv`` beside the class list, for ``saleslab grade --teams``.

>>> from saleslab.hub.classlist import Learner
>>> learner_seeds([Learner("ana", 1), Learner("bo", 2), Learner("cy")], 2026)
{'ana': 479243620, 'bo': 454024514, 'cy': 2026}
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..assessment.order import order_for
from ..data import DEFAULT_SEED
from ..handout import TEAMS_FILE, team_seeds, write_handout
from ..i18n import _
from ..validate import check_seed
from .as_learner import require_root, run_as
from .classlist import Learner, read_class
from .config import COURSE_FOLDER, KIT


def learner_seeds(learners: list[Learner], seed: int) -> dict[str, int]:
    """Each learner's data seed: their team's (as in ``saleslab handout --teams``), else ``seed``."""
    teams = [learner.team for learner in learners if learner.team is not None]
    seeds = team_seeds(seed, max(teams)) if teams else []
    return {learner.user: seed if learner.team is None else seeds[learner.team - 1]
            for learner in learners}


def teams_table(learners: list[Learner], seed: int) -> str:
    """``teams.csv`` (team,folder,seed) for the teams in the class, as ``saleslab grade`` reads it.

    >>> print(teams_table([Learner("ana", 2), Learner("cy")], 2026), end="")
    team,folder,seed
    0,class,2026
    2,team2,454024514
    """
    seeds = learner_seeds(learners, seed)
    rows = sorted({(learner.team or 0, seeds[learner.user]) for learner in learners})
    lines = ["team,folder,seed"] + [f"{team},{f'team{team}' if team else 'class'},{s}"
                                    for team, s in rows]
    return "\n".join(lines) + "\n"


def edition(seed: int, solutions: bool, folder: Path, order: str | None = None) -> dict[str, str]:
    """Every file of the handout at ``seed`` ({path relative to the course folder: text}),
    its knowledge checks in ``order`` of forms (default: the seed's)."""
    write_handout(folder, seed=seed, root=KIT, solutions=solutions, order=order)
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def hand_out(class_list: Path | str, seed: int = DEFAULT_SEED, solutions: bool = True) -> str:
    """Write every learner's edition (see the module docstring); a report, one line a learner."""
    require_root()
    seed = check_seed(seed)
    learners = read_class(class_list)
    seeds = learner_seeds(learners, seed)
    lines, editions = [], {}
    with tempfile.TemporaryDirectory() as staging:  # mode 0700: the trainer's only
        for learner in learners:
            own = seeds[learner.user]
            if own not in editions:
                order = order_for(own, team=learner.team)  # half the teams take form B first
                editions[own] = edition(own, solutions, Path(staging) / str(own), order)
            done = run_as(learner.user, ["place"], data=editions[own])
            lines.append(_("{user}: ~/{folder} (seed {seed}): {written} written, {unchanged} "
                           "unchanged, {kept} left alone (already there)").format(
                user=learner.user, folder=COURSE_FOLDER, seed=own, written=done["written"],
                unchanged=done["unchanged"], kept=len(done["kept"])))
    table = Path(class_list).with_name(TEAMS_FILE)
    table.write_text(teams_table(learners, seed), encoding="utf-8")
    lines.append(_("Team seeds for grading: {table}").format(table=table))
    return "\n".join(lines)
