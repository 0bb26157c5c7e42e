"""Shared fixtures: the project root and the committed course notebooks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config):
    """Exercise checks run by tests (and the notebook kernels they start) record their
    outcomes in a throw-away file, never in the learner's own progress file."""
    import os
    import tempfile

    # each xdist worker gets its own file too (it inherits the controller's variable)
    if "SALESLAB_PROGRESS" not in os.environ or os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tempfile.mkdtemp(prefix="saleslab-test-progress-")
        os.environ["SALESLAB_PROGRESS"] = str(Path(folder) / "progress.jsonl")
    # The order of the work is ours (pytest_collection_modifyitems, longest first): xdist
    # would otherwise hand out files by their number of tests, and a file of one long test
    # (the handout install, the hub) would start last while the other workers sit idle.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


@pytest.fixture(autouse=True)
def _course_theme():
    """Every test draws with the course theme, as the notebooks do, whatever ran before."""
    import matplotlib.pyplot as plt

    from saleslab.plots import use_theme

    use_theme()
    yield
    plt.close("all")


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def datasets_at(tmp_path_factory) -> Callable[[int], Path]:
    """seed -> a folder of every default dataset at that seed, written once per worker on
    first use (under pytest's tmp), for the tests that run the course at other seeds."""
    from saleslab.data import write_datasets

    folders: dict[int, Path] = {}

    def folder(seed: int) -> Path:
        if seed not in folders:
            folders[seed] = tmp_path_factory.mktemp(f"data_seed{seed}")
            write_datasets(folders[seed], seed=seed)
        return folders[seed]
    return folder


def _kind(nodeid: str) -> str:
    if ".ipynb::" in nodeid:
        return "nbval (notebook cells)"
    if nodeid.startswith("tests/test_browser"):
        return "browser"
    if nodeid.startswith("src/"):
        return "doctest"
    return "unit and property"


def pytest_terminal_summary(terminalreporter):
    """Say how many tests of each kind ran, so a reader sees nbval and browser tests counted."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") != "call" and outcome != "skipped":
                continue
            kind = _kind(getattr(report, "nodeid", ""))
            counts.setdefault(kind, {}).setdefault(outcome, 0)
            counts[kind][outcome] += 1
    if counts:
        terminalreporter.section("saleslab: tests by kind")
        for kind in sorted(counts):
            parts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts[kind].items()))
            terminalreporter.write_line(f"{kind:<24} {parts}")


#: Test files that take minutes, run first: xdist hands out work units in collection order,
#: and one of these started last would leave the other workers idle at the end. The story
#: runs come last of them: they are many short units (BY_PARAMETER) that even out the rest.
LONG_FIRST = ("tests/test_browser.py", "tests/test_hub.py", "tests/test_handout_install.py",
              "tests/test_grade_attacks.py", "tests/test_exercises_selftest.py", "tests/test_grade.py",
              "tests/test_story_at_seeds.py")
#: Test files whose tests are spread over the workers by parameter rather than kept together:
#: the tests of one parameter id (one notebook at one seed) are one work unit and share its
#: fixtures (that run), and the units of one file go to every worker.
BY_PARAMETER = ("tests/test_story_at_seeds.py",)


def work_unit(nodeid: str) -> str:
    """The xdist work unit of a test: its file, or its file and parameter id (BY_PARAMETER).

    >>> work_unit("tests/test_data.py::test_seed[7]")
    'tests/test_data.py'
    >>> work_unit("tests/test_story_at_seeds.py::test_claims[notebooks/01_target_setting.ipynb-7]")
    'tests/test_story_at_seeds.py[notebooks/01_target_setting.ipynb-7]'
    """
    file = nodeid.split("::", 1)[0]
    if file in BY_PARAMETER and nodeid.endswith("]"):
        return file + "[" + nodeid.split("[", 1)[1]
    return file


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` (a file's tests and fixtures stay on one worker), by :func:`work_unit`."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class ByWorkUnit(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)
    return ByWorkUnit(config, log)


def pytest_collection_modifyitems(items):
    """Longest work first, so the short files fill the workers' gaps at the end: the files
    of LONG_FIRST, then each notebook checked by nbval (3-18 CPU s each), then the rest."""
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        if path in LONG_FIRST:
            return LONG_FIRST.index(path)
        return len(LONG_FIRST) + (not path.endswith(".ipynb"))

    items.sort(key=rank)  # stable: within a file (and a notebook's cells) the order is kept
