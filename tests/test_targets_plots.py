"""saleslab.targets figures: titles state the finding, axes carry units, colour the verdict."""

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from saleslab import targets
from saleslab.plots import COLORS


def _rgb(name):
    return mcolors.to_rgb(COLORS[name])


def _bar_colours(ax):
    return {ax.get_yticklabels()[round(bar.get_y() + bar.get_height() / 2)].get_text():
            mcolors.to_rgb(bar.get_facecolor()) for bar in ax.patches}


@pytest.fixture
def allocation():
    table = pd.DataFrame({"last_year": [1_000_000.0, 2_000_000.0, 0.0],
                          "quota": [1_200_000, 2_100_000, 300_000]},
                         index=pd.Index(["Ann", "Bo", "New"], name="rep"))
    return table


def test_allocation_bars_state_growth_and_show_quota_beside_last_year(allocation):
    fig = targets.plot_allocation(allocation)
    assert isinstance(fig, plt.Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Quotas total ¥3.6M, +20% on last year; largest rise: Ann (+20%)"
    assert ax.get_xlabel() == "Annual bookings (¥)"
    assert ax.get_ylabel() == "Rep"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["New", "Ann", "Bo"]  # biggest on top
    colours = {mcolors.to_rgb(bar.get_facecolor()) for bar in ax.patches}
    assert colours == {_rgb("baseline"), _rgb("target")}
    assert ax.xaxis.get_major_formatter()(2_000_000, 0) == "¥2M"


def test_allocation_title_without_any_history(allocation):
    fig = targets.plot_allocation(allocation.assign(last_year=0.0))
    assert fig.axes[0].get_title(loc="left") == "Quotas total ¥3.6M; no bookings last year to compare with"


def test_gap_chart_colours_out_of_reach_reps_lost():
    table = targets.gap(pd.Series({"Ann": 100.0, "Bo": 100.0, "Cy": 100.0}),
                        pd.Series({"Ann": 150.0, "Bo": 90.0, "Cy": 40.0}))
    ax = targets.plot_gap(table).axes[0]
    assert ax.get_title(loc="left") == "1 of 3 reps cannot reach their quota with their capacity"
    assert ax.get_xlabel() == "Bookings in the period (¥)"
    assert _bar_colours(ax) == {"Ann": _rgb("won"), "Bo": _rgb("highlight"), "Cy": _rgb("lost")}


@pytest.mark.parametrize(("capacity", "title"), [
    ({"Ann": 150.0, "Bo": 90.0}, "Every rep can reach their quota, 1 only at a stretch"),
    ({"Ann": 150.0, "Bo": 100.0}, "Every rep's capacity covers their quota"),
])
def test_gap_chart_title_when_nobody_is_out_of_reach(capacity, title):
    table = targets.gap(pd.Series({"Ann": 100.0, "Bo": 100.0}), pd.Series(capacity))
    assert targets.plot_gap(table).axes[0].get_title(loc="left") == title


def test_feasibility_chart_shows_required_against_achievable_pipeline():
    table = targets.feasibility(pd.Series({"Ann": 100.0, "Bo": 300.0}),
                                pd.Series({"Ann": 500.0, "Bo": 600.0}), 0.25)
    fig = targets.plot_feasibility(table)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Pipeline falls short of what 1 of 2 reps need"
    assert ax.get_xlabel() == "Pipeline value (¥)"
    assert _bar_colours(ax) == {"Ann": _rgb("won"), "Bo": _rgb("lost")}
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "Bars: pipeline the rep can build, by verdict"
    assert [text.get_text() for text in legend.get_texts()] == ["Achievable", "Out of reach",
                                                                "Pipeline the quota needs"]
    assert fig.get_size_inches()[1] <= 8  # 30 reps fit without scrolling past the legend
    enough = targets.feasibility(pd.Series({"Ann": 100.0}), pd.Series({"Ann": 500.0}), 0.25)
    assert targets.plot_feasibility(enough).axes[0].get_title(loc="left") == (
        "Every rep can build the pipeline their quota needs")


def test_monthly_plan_names_the_peak_month():
    history = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=12, freq="MS"),
                            "bookings": [1.0] * 11 + [2.0]})
    ax = targets.plot_monthly_plan(targets.monthly_phasing(1_300_000, history)).axes[0]
    assert ax.get_title(loc="left") == "December carries the most: 15.4% of the year's target"
    assert ax.get_ylabel() == "Monthly target (¥)"
    assert ax.get_xlabel() == "Month"
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["Jan", "Feb"]
    assert mcolors.to_rgb(ax.patches[11].get_facecolor()) == _rgb("highlight")


@pytest.mark.parametrize(
    ("plot", "argument", "error", "message"),
    [(targets.plot_allocation, pd.DataFrame({"quota": [1]}), ValueError, r"missing \['last_year'\]"),
     (targets.plot_gap, "table", TypeError, "`table` must be a pandas DataFrame, got str"),
     (targets.plot_feasibility, pd.DataFrame({"status": ["x"]}), ValueError, "`table` must have the columns"),
     (targets.plot_monthly_plan, pd.DataFrame({"share": [1.0], "quota": [1]}), ValueError,
      "`plan` must have months 1 to 12 as its index")],
)
def test_figures_reject_other_tables(plot, argument, error, message):
    with pytest.raises(error, match=message):
        plot(argument)
