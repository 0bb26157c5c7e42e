"""Shared fixtures: the project root and the committed course notebooks."""

from __future__ import annotations

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


#: Test files that take minutes, run first: xdist hands out whole files in collection order,
#: and one of these started last would leave the other workers idle at the end.
LONG_FIRST = ("tests/test_browser.py", "tests/test_story_at_seeds.py", "tests/test_hub.py",
              "tests/test_grade_attacks.py", "tests/test_handout_install.py",
              "tests/test_exercises_selftest.py", "tests/test_grade.py")


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return LONG_FIRST.index(path) if path in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=rank)  # stable: within a file (and a notebook's cells) the order is kept
