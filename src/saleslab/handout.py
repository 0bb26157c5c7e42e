"""The learner handout: the course a trainer hands out, without solutions, with fresh data.

``saleslab handout --out DIR [--seed N] [--teams K] [--force]`` writes a folder a learner
opens in Jupyter and works in::

    DIR/README.md                   how to start (for the learner)
    DIR/notebooks/*.ipynb           the modules, outputs cleared (learners run them)
    DIR/cases/*.ipynb               the cases, outputs cleared
    DIR/exercises/*.ipynb           the exercise sets without solutions or self-tests
    DIR/datasets/*.csv              every dataset regenerated at the seed, datapackage.json
    DIR/install/saleslab-*.whl      the kit to install (``saleslab handout`` builds it), pins.txt

The folder is self-contained: ``notebooks/00_start_here.ipynb`` marks it as the course
folder, so :func:`saleslab.data.load` reads ``DIR/datasets`` (unless ``SALESLAB_DATA`` or
``SALESLAB_HOME`` is set). Outputs are cleared because stored outputs would show the
numbers of another seed than the handout's data. ``kpi_shifts.csv`` (module 3's answer
key) is included: module 3 loads it for its reveal section and its explorer only shows it
once the learner ticks a box, so the notebook could not run without it.

With ``--teams K`` each team gets a folder ``DIR/team1`` ... ``DIR/teamK`` with its own
seed, :func:`team_seeds` (``numpy.random.SeedSequence(N).spawn(K)``), listed in
``DIR/teams.csv``: the answers differ between teams and every check follows its team's data.

A file that already exists is never overwritten: one with the content a fresh handout
would write is left as it is ("unchanged"; for notebooks only the cells count, not their
outputs), one that differs is left alone and reported ("kept": a learner may have written
in it) unless ``force`` is true ("replaced"). Running it twice changes no file.

>>> team_seeds(2026, 3)
[479243620, 454024514, 1818751028]
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np

from .assessment.notebook import CHECK_NOTEBOOKS, check_notebook
from .assessment.order import order_for
from .course import COURSE, project_root
from .data import DATASETS, DEFAULT_SEED, DESCRIPTOR, write_datasets
from .editions import in_kernel_language, in_language
from .exercises.edition import learner_cells
from .handout_install import INSTALL, setup_command, withhold_solutions
from .i18n import ENGLISH, _, current_language, use_language
from .nbtools import clear_outputs
from .validate import check_seed

#: Where the exercise sources (with solutions) live: the learner edition is made from them.
SOURCES = Path(__file__).resolve().parent / "exercises" / "sources"
README = "README.md"
TEAMS_FILE = "teams.csv"
ACTIONS = ("written", "unchanged", "kept", "replaced")
MAX_TEAMS = 100


@dataclass(frozen=True)
class Handout:
    """What one handout run did: the folders it made (with their seeds) and every file it
    wrote, left unchanged, kept (differs, not overwritten) or replaced (``force``)."""

    out: Path
    folders: tuple[tuple[Path, int], ...]
    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    kept: tuple[Path, ...] = ()
    replaced: tuple[Path, ...] = ()

    def __repr__(self) -> str:
        lines = [_("Handout in {out}: {written} written, {unchanged} unchanged, {kept} kept, "
                   "{replaced} replaced.").format(
            out=self.out, written=len(self.written), unchanged=len(self.unchanged),
            kept=len(self.kept), replaced=len(self.replaced))]
        lines += [_("  {folder}: seed {seed}").format(folder=folder, seed=seed)
                  for folder, seed in self.folders]
        lines += [_("  left alone (differs from a fresh copy; --force replaces it): {path}").format(
            path=path) for path in self.kept]
        return "\n".join(lines)


def team_seeds(seed: int, teams: int) -> list[int]:
    """The data seed of each of ``teams`` teams, derived from ``seed``: the first number of
    each child of ``numpy.random.SeedSequence(seed).spawn(teams)``. The same ``seed`` always
    gives the same team seeds, and team k's seed does not depend on how many teams there are.

    >>> team_seeds(2026, 2) == team_seeds(2026, 3)[:2]
    True
    >>> team_seeds(2026, 0)
    Traceback (most recent call last):
    ...
    ValueError: `teams` must be a whole number from 1 to 100, got 0
    """
    seed = check_seed(seed)
    if isinstance(teams, bool) or not isinstance(teams, int) or not 1 <= teams <= MAX_TEAMS:
        raise ValueError(f"`teams` must be a whole number from 1 to {MAX_TEAMS}, got {teams!r}")
    children = np.random.SeedSequence(seed).spawn(teams)
    return [int(child.generate_state(1)[0]) for child in children]


def course_sources(root: Path | str | None = None) -> dict[str, Path]:
    """Each learner file of the handout (a path relative to the handout folder) and the file
    it is made from: module and case notebooks from ``root`` (default: the course folder),
    exercise notebooks from the exercise sources. Notebooks not written yet are left out.

    >>> list(course_sources())[0]
    'notebooks/00_start_here.ipynb'
    """
    base = project_root() if root is None else Path(root)
    found = {}
    for entry in COURSE:
        source = SOURCES / Path(entry.path).name if entry.kind == "exercise" else base / entry.path
        if source.is_file():
            found[entry.path] = source
    return found


def learner_readme(seed: int, team: str | None = None, wheel: str | None = None,
                   solutions: bool = True) -> str:
    """The README of one handout folder: how a learner installs the course (from the
    ``wheel`` in ``install/``, if given) and starts, and which data it holds.

    >>> learner_readme(7).splitlines()[0]
    '# Sales process management: your course folder'
    >>> "withheld" in learner_readme(7, solutions=False)
    True
    """
    seed = check_seed(seed)
    which = _("This is the folder of **{team}**. ").format(team=team) if team else ""
    install = [_("## Install the course (once)\n\n"
                 "You need Python 3.11 to 3.13. Open a terminal in this folder and run this one "
                 "command (it makes `.venv` here and installs the course into it):\n\n"
                 "```\n{command}\n```\n\n"
                 "Then start with `.venv/bin/jupyter lab` (on Windows: "
                 "`.venv\\Scripts\\jupyter lab`).").format(command=setup_command(wheel))] if wheel else []
    withheld = [] if solutions else [_("Solutions are withheld in this workshop: `q1.hint()` "
                                       "helps, and your trainer goes through the answers.")]
    return "\n\n".join([
        _("# Sales process management: your course folder"),
        which + _("Everything you need is in this folder: the notebooks, the exercises and "
                  "the data. Keep the folders as they are, so the notebooks find the data."),
        *install,
        _("## How to start\n\n"
          "1. Open a terminal in this folder, check that the course software is ready with "
          "`saleslab check`, then run `jupyter lab` (or open the folder in the course's "
          "JupyterHub).\n"
          "2. Open `notebooks/00_start_here.ipynb` and run its cells from the top "
          "(Shift+Enter runs one cell).\n"
          "3. After each module, do its exercises in `exercises/`: replace each `____` with "
          "your answer and run the check below it. `q1.hint()` helps when you are stuck."),
        *withheld,
        _("## What is where\n\n"
          "- `notebooks/`: the modules, in order (start with 00).\n"
          "- `cases/`: the three case simulations.\n"
          "- `exercises/`: the exercise sets, one per module and case.\n"
          "- `datasets/`: the course data (made from seed {seed}; `datapackage.json` "
          "describes every column).").format(seed=seed),
        _("The notebooks come without results: run them to see the numbers of your own "
          "data, which differ from other groups'. Your answers are checked against this "
          "folder's data."),
        _("## If a notebook cannot find the data\n\n"
          "Open Jupyter from this folder or below it. If your computer sets "
          "`SALESLAB_DATA` or `SALESLAB_HOME`, point `SALESLAB_DATA` at this folder's "
          "`datasets/` (or unset both)."),
        _("## Handing in\n\n"
          "Save your exercise notebooks, then give your trainer this whole folder (zipped), "
          "named after you: it holds your answers and the data they were checked on."),
    ]) + "\n"


def _place(target: Path, content: bytes, same: Callable[[Path], bool], force: bool) -> str:
    """Write ``content`` to ``target`` unless a learner's different file is there."""
    if not target.exists():
        action = "written"
    elif target.is_dir():
        raise ValueError(f"`out` has a folder where the file {str(target)!r} goes")
    elif same(target):
        return "unchanged"
    elif not force:
        return "kept"
    else:
        action = "replaced"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return action


def _same_bytes(content: bytes) -> Callable[[Path], bool]:
    return lambda path: path.read_bytes() == content


def _same_cells(notebook: nbformat.NotebookNode) -> Callable[[Path], bool]:
    def same(path: Path) -> bool:
        try:
            existing = nbformat.read(path, as_version=4)
        except Exception:  # an unreadable file is not the fresh copy
            return False
        return [(c.cell_type, c.source) for c in existing.cells] == [
            (c.cell_type, c.source) for c in notebook.cells]
    return same


def _same_wheel(content: bytes) -> Callable[[Path], bool]:
    """The same files in the wheel, whatever their time stamps (a rebuild changes those)."""
    import io
    import zipfile

    def members(data: bytes) -> list[tuple[str, bytes]]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sorted((n, archive.read(n)) for n in archive.namelist() if not n.endswith("RECORD"))

    def same(path: Path) -> bool:
        try:
            return members(path.read_bytes()) == members(content)
        except (OSError, zipfile.BadZipFile):
            return False
    return same


def _check_in_language(which: str, order: str, language: str) -> nbformat.NotebookNode:
    """A knowledge-check notebook in ``language``: it is written from the package's strings
    (its text depends on the order of forms), so it is written in the language itself."""
    if language == ENGLISH:
        return check_notebook(which, order)
    before = current_language()
    use_language(language)
    try:
        notebook = check_notebook(which, order)
    finally:
        use_language(before)
    return in_kernel_language(notebook, language)  # its markdown is in the language already


def _write_folder(folder: Path, seed: int, sources: dict[str, Path], team: str | None,
                  force: bool, solutions: bool, wheel: Path | None,
                  order: str, language: str = "en") -> list[tuple[Path, str]]:
    done = []
    for relative, source in sources.items():
        target = folder / relative
        if relative in CHECK_NOTEBOOKS:  # the knowledge checks in this folder's order of forms
            notebook = _check_in_language(CHECK_NOTEBOOKS[relative], order, language)
        else:
            if relative.startswith("exercises/"):
                notebook = learner_cells(nbformat.read(source, as_version=4))
                notebook = notebook if solutions else withhold_solutions(notebook)
            else:
                notebook = clear_outputs(nbformat.read(source, as_version=4))
            notebook = in_language(notebook, relative, language)
        content = nbformat.writes(notebook).encode("utf-8") + b"\n"
        done.append((target, _place(target, content, _same_cells(notebook), force)))
    with tempfile.TemporaryDirectory() as fresh:
        write_datasets(fresh, seed=seed)
        for name in [f"{name}.csv" for name in DATASETS] + [DESCRIPTOR]:
            content = (Path(fresh) / name).read_bytes()
            target = folder / "datasets" / name
            done.append((target, _place(target, content, _same_bytes(content), force)))
    if wheel is not None:
        content = wheel.read_bytes()
        target = folder / INSTALL / wheel.name
        done.append((target, _place(target, content, _same_wheel(content), force)))
        pins = (Path(__file__).with_name("pins.txt")).read_bytes()
        done.append((folder / INSTALL / "pins.txt",
                     _place(folder / INSTALL / "pins.txt", pins, _same_bytes(pins), force)))
    readme = learner_readme(seed, team, wheel.name if wheel else None, solutions).encode("utf-8")
    done.append((folder / README, _place(folder / README, readme, _same_bytes(readme), force)))
    return done


def _check_out(out: Path | str, root: Path) -> Path:
    if not isinstance(out, (str, Path)) or not str(out).strip():
        raise ValueError(f"`out` must be a folder name, got {out!r}")
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"`out` must be a folder, got the file {str(folder)!r}")
    if folder.resolve() == root.resolve():
        raise ValueError(f"`out` must not be the course folder itself, got {str(folder)!r}")
    return folder


def write_handout(out: Path | str, seed: int = DEFAULT_SEED, teams: int | None = None,
                  force: bool = False, root: Path | str | None = None, *, solutions: bool = True,
                  wheel: Path | str | None = None, order: str | None = None,
                  language: str = "en") -> Handout:
    """Write the learner handout into ``out`` (one folder per team if ``teams`` is given).
    ``solutions=False`` leaves out every mention of ``q1.solution()`` and says so;
    ``wheel`` (from :func:`saleslab.handout_install.build_wheel`) goes into each folder's
    ``install/`` with the one command that installs it. The knowledge checks take the forms
    in ``order`` ("AB"/"BA"; default: by team number, else by seed: see
    :mod:`saleslab.assessment.order`). ``language="zh_CN"`` writes the Chinese edition of
    each notebook whose catalogue is complete (the others stay English;
    ``saleslab translations status`` lists them); call :func:`saleslab.i18n.use_language`
    first for a Chinese README.

    Nothing a learner may have edited is overwritten unless ``force`` is true; see the
    module docstring for the layout and :class:`Handout` for the report.

    >>> write_handout("handout", seed=-1)
    Traceback (most recent call last):
    ...
    ValueError: `seed` must be a whole number 0 or more, got -1
    """
    seed = check_seed(seed)
    base = project_root() if root is None else Path(root)
    folder = _check_out(out, base)
    if teams is None:
        plan = [(folder, seed, None)]
        orders = [order or order_for(seed)]
    else:
        plan = [(folder / f"team{k}", team_seed, _("team {k}").format(k=k))
                for k, team_seed in enumerate(team_seeds(seed, teams), start=1)]
        orders = [order_for(team_seed, team=k) for k, (_f, team_seed, _t) in enumerate(plan, start=1)]
    sources = course_sources(base)
    if not any(relative.startswith("exercises/") for relative in sources):
        raise ValueError(f"no exercise sources in {str(SOURCES)!r}: reinstall the kit (its wheel "
                         "must carry saleslab/exercises/sources)")
    wheel = None if wheel is None else Path(wheel)
    done = []
    for (team_folder, team_seed, team), order in zip(plan, orders):
        done += _write_folder(team_folder, team_seed, sources, team, force, solutions, wheel,
                              order, language)
    if teams is not None:
        rows = ["team,folder,seed"] + [f"{k},{f.name},{s}" for k, (f, s, _t) in enumerate(plan, 1)]
        table = ("\n".join(rows) + "\n").encode("utf-8")
        done.append((folder / TEAMS_FILE,
                     _place(folder / TEAMS_FILE, table, _same_bytes(table), force)))
    by_action = {action: tuple(path for path, done_as in done if done_as == action)
                 for action in ACTIONS}
    return Handout(folder, tuple((f, s) for f, s, _t in plan), **by_action)
