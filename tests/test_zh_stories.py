"""Sentences the package writes with a data value in them name that value in Chinese in the
Chinese edition (a region, a chart), never the English data value."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT
from saleslab import i18n
from saleslab.data import load
from saleslab.monitoring.noise import run_length
from saleslab.targets.plots import _allocation_title


@pytest.fixture(autouse=True)
def chinese(monkeypatch):
    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")


def test_the_quota_title_names_the_unit_with_the_largest_rise_in_chinese():
    data = pd.DataFrame({"quota": [130.0, 100.0], "last_year": [100.0, 100.0]}, index=["East", "West"])
    assert "东区" in _allocation_title(data)


def test_a_run_length_names_its_chart_in_chinese():
    assert "cusum" not in repr(run_length("cusum", shift=2.0, n_series=20, horizon=50, seed=1))


def test_the_absorbing_chain_is_headed_in_chinese():
    from saleslab.funnel import absorbing_chain

    log = pd.DataFrame({"opportunity_id": [1, 1, 2, 2], "stage": ["lead", "won", "lead", "lost"],
                        "entered_at": pd.to_datetime(["2025-01-01", "2025-02-01"] * 2)})
    assert repr(absorbing_chain(log)).splitlines()[0] == "吸收马尔可夫链：各阶段订单的最终去向"


def test_figures_name_kpis_and_loss_reasons_in_chinese():
    import matplotlib.pyplot as plt

    from saleslab import monitoring
    from saleslab.assessment import capstone
    from saleslab.improvement.plots import plot_loss_pareto

    weekly = load("weekly_kpis", ROOT / "datasets")
    team = sorted(weekly["team"].unique())[0]
    fig = capstone.plot_kpi(weekly, team, capstone.KPI("calls", "individuals", "outside_limits"))
    assert fig.axes[0].get_ylabel() == "每周电话数（全团队）"
    losses = pd.DataFrame({"reason": ["slow follow-up", "price"], "count": [3, 1], "share": [0.75, 0.25],
                           "cumulative_share": [0.75, 1.0], "vital_few": [True, False]})
    pareto = plot_loss_pareto(losses)
    assert [t.get_text() for t in pareto.axes[0].get_xticklabels()] == ["跟进太慢", "价格"]
    assert capstone._UNITS["count"][1] == "{name} per week (team)"  # English stays the source
    plt.close("all")


def test_the_quiz_trend_says_percentage_points_in_chinese():
    import matplotlib.pyplot as plt

    from saleslab.cases.training import run_experiment
    from saleslab.cases.training_plots import plot_quiz_vs_wins

    fig = plot_quiz_vs_wins(run_experiment(seed=1).units)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any(text.endswith("个百分点") for text in legend) and not any("pts" in t for t in legend)
    plt.close(fig)
