import math

import matplotlib.pyplot as plt
import pytest

from saleslab import plots


@pytest.mark.parametrize(
    ("value", "text"),
    [(950, "¥950"), (80_000, "¥80k"), (1_234_000, "¥1.23M"), (-2_500_000, "-¥2.5M"),
     (3.2e9, "¥3.2B"), (0, "¥0"), (math.nan, "–")],
)
def test_money_is_compact_and_signed(value, text):
    assert plots.money(value) == text


@pytest.mark.parametrize(("value", "text"), [(0.125, "12.5%"), (0.3, "30%"), (1.0, "100%"), (0.0004, "0%")])
def test_percent_drops_trailing_zeros(value, text):
    assert plots.percent(value) == text


def test_count_rounds_and_separates_thousands():
    assert plots.count(12345.6) == "12,346"


@pytest.mark.parametrize("bad", ["12", None, True])
def test_formats_reject_non_numbers(bad):
    with pytest.raises(TypeError, match="`value` must be a number"):
        plots.money(bad)


def test_format_axis_formats_ticks_and_rejects_unknown_kinds():
    fig, ax = plt.subplots()
    plots.format_axis(ax, "percent")
    assert ax.yaxis.get_major_formatter()(0.25, 0) == "25%"
    with pytest.raises(ValueError, match="`kind` must be one of"):
        plots.format_axis(ax, "euros")
    with pytest.raises(ValueError, match="`axis` must be 'x' or 'y'"):
        plots.format_axis(ax, "money", axis="z")


def test_theme_sets_course_look():
    plots.use_theme()
    assert plt.rcParams["axes.titlelocation"] == "left"
    assert plt.rcParams["axes.spines.top"] is False
    assert tuple(plt.rcParams["figure.figsize"]) == plots.FIGSIZE


def test_lost_has_one_colour_distinct_from_won():
    assert plots.COLORS["lost"] != plots.COLORS["won"]
