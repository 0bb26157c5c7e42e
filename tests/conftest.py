"""Shared fixtures: the project root and the committed course notebooks."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]


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
