"""Money and dates in each edition: the Chinese way under zh_CN (¥600万, 2026年3月1日,
2026-03 ticks), and the English output exactly as before."""

from __future__ import annotations

import datetime
import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from saleslab import i18n
from saleslab.localformat import chinese_money, date_axis, long_date
from saleslab.monitoring import individuals_chart
from saleslab.monitoring.plots import chart_finding
from saleslab.plots import format_axis, money


@pytest.fixture(params=["zh_CN", "en"])
def language(request, monkeypatch):
    monkeypatch.setenv(i18n.LANG_VARIABLE, request.param)
    return request.param


MONEY = [  # amount, English, Chinese
    (950, "¥950", "¥950"), (8_000, "¥8k", "¥8,000"), (35_000, "¥35k", "¥3.5万"),
    (6_000_000, "¥6M", "¥600万"), (12_500_000, "¥12.5M", "¥1,250万"),
    (120_000_000, "¥120M", "¥1.2亿"), (99_996_000, "¥100M", "¥1亿"),
    (-2_500_000, "-¥2.5M", "-¥250万"), (math.nan, "–", "–"),
]


@pytest.mark.parametrize("amount, english, chinese", MONEY)
def test_money_reads_as_each_edition_writes_it(amount, english, chinese, language):
    assert money(amount) == (chinese if language == "zh_CN" else english)


def test_money_without_a_language_is_english(monkeypatch):
    monkeypatch.delenv(i18n.LANG_VARIABLE, raising=False)
    assert [money(amount) for amount, _en, _zh in MONEY] == [en for _a, en, _zh in MONEY]


def test_the_money_ticks_follow_the_edition(language):
    fig, ax = plt.subplots()
    format_axis(ax, "money")
    label = ax.yaxis.get_major_formatter()(6_000_000, 0)
    plt.close(fig)
    assert label == ("¥600万" if language == "zh_CN" else "¥6M")


def test_chinese_money_keeps_a_given_symbol():
    assert chinese_money(6_000_000, symbol="") == "600万"


@pytest.mark.parametrize("day, chinese", [(datetime.date(2026, 3, 1), "2026年3月1日"),
                                          (pd.Timestamp("2026-11-09 18:00"), "2026年11月9日")])
def test_a_date_in_prose(day, chinese, language):
    assert long_date(day) == (chinese if language == "zh_CN" else day.strftime("%d %b %Y"))


def test_a_week_in_a_chart_finding_is_written_the_editions_way(language):
    weeks = pd.date_range("2026-01-05", periods=12, freq="W-MON")
    chart = individuals_chart(pd.Series([10.0, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 40], index=weeks))
    finding = chart_finding(chart, "calls")
    assert ("2026年3月23日" if language == "zh_CN" else "23 Mar 2026") in finding


def test_month_ticks_are_short_numbers_in_chinese(language):
    fig, ax = plt.subplots()
    weeks = pd.date_range("2026-01-05", periods=40, freq="W-MON")
    ax.plot(weeks, range(40))
    date_axis(ax)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    plt.close(fig)
    if language == "zh_CN":
        assert labels and all(label[:5] == "2026-" and len(label) == 7 for label in labels), labels
    else:
        assert "Mar" in labels and "2026" in labels, labels  # matplotlib's concise dates, as before


def test_an_axis_must_be_x_or_y():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="`axis` must be 'x' or 'y'"):
        date_axis(ax, axis="z")
    plt.close(fig)


@pytest.mark.parametrize("seed", [7, 11])
def test_module_3s_sentences_date_the_planted_changes_the_chinese_way(seed, monkeypatch):
    from saleslab.data import kpi_shifts, weekly_kpis
    from saleslab.monitoring.story import drift_claim, planted, sudden_claim

    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")
    kpis, shifts = weekly_kpis(seed=seed), kpi_shifts(seed=seed)
    for claim, kind in ((sudden_claim, "sudden"), (drift_claim, "drift")):
        week = pd.Timestamp(planted(shifts, kind)["week"])
        text = claim(kpis, shifts).text
        assert f"{week.year}年{week.month}月{week.day}日" in text and week.strftime("%d %b") not in text, text
