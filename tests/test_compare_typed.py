"""Answers typed the Chinese way: decision words, percentages with ％, money in 万 and 亿,
full-width digits and commas; and the unit slips of 万 and 亿."""

from __future__ import annotations

import pytest

from saleslab.exercises.compare import answer_word, difference, mixed_kind
from saleslab.exercises.typed import typed_number
from saleslab.improvement.pdca import DECISIONS, DECISION_SYNONYMS


@pytest.mark.parametrize("text, number", [
    ("12.5%", 0.125), ("12.5％", 0.125), ("１２.５％", 0.125), ("-3%", -0.03),
    ("600万", 6e6), ("600 万元", 6e6), ("¥600万", 6e6), ("￥600万", 6e6), ("1.2亿", 1.2e8),
    ("¥8,000", 8000.0), ("8000元", 8000.0), ("1，250万", 1.25e7), ("４２", 42.0), ("−2.5万", -25000.0),
])
def test_text_reads_as_the_number_it_spells(text, number):
    assert typed_number(text) == pytest.approx(number)


@pytest.mark.parametrize("text", ["lots", "", "¥", "12.5%%", "¥12%", "1,2", "303M", "760k",
                                  "7 points", "万", "12.5 % 万", "1e6", "0.39", " 42 ", "8,000"])
def test_text_that_is_not_one_number_typed_the_chinese_way_reads_as_nothing(text):
    assert typed_number(text) is None


@pytest.mark.parametrize("answer, expected", [
    ("12.5％", 0.125), ("12.5%", 0.125), ("600万", 6_000_000), ("600 万元", 6_000_000),
    ("¥600万", 6_000_000), ("1.2亿", 120_000_000), ("１２，５００", 12_500),
])
def test_a_right_number_typed_as_chinese_text_is_correct(answer, expected):
    assert difference(answer, expected) is None


def test_a_wrong_number_typed_as_text_is_read_as_that_number():
    assert difference("15%", 0.13) == "is text that reads as 0.15, which is too high"
    assert difference("1.2亿", 130_000_000) == "is text that reads as 120,000,000, which is too low"
    assert difference("+15%", 12_000.0) == "is text that reads as 0.15, which is too low"
    assert difference("15 percent", 0.15).startswith("should be a number, but it is text")
    assert difference("0.15", 0.15).startswith("should be a number, but it is text")  # plain digits in quotes


def test_a_python_number_stays_a_number():
    assert difference(0.125, 0.125) is None
    assert difference(12.5, 0.125).startswith("looks like a percentage")


@pytest.mark.parametrize("answer, expected, unit", [
    (600, 6_000_000, "万"), ("600元", 6_000_000.0, "万"), (30_260, 302_600_000, "万"),
    (3.026, 302_600_000, "亿"), ("600万", 600_000_000, None),
])
def test_wan_and_yi_slips_are_named(answer, expected, unit):
    found = mixed_kind(answer, expected)
    if unit is None:
        assert found is None
    else:
        assert found.startswith(f"looks like {unit}")
        assert difference(answer, expected) == found


def test_english_slips_read_as_before():
    assert mixed_kind(303, 302_600_000).startswith("looks like millions")
    assert mixed_kind(302_600, 302_600_000).startswith("looks like thousands")


@pytest.mark.parametrize("word, meaning", [("采用", "adopt"), ("采纳", "adopt"), ("调整", "adapt"),
                                           ("放弃", "abandon"), (" 放弃 ", "abandon"),
                                           ("调整。", "adapt"), ("Ａｄｏｐｔ", "adopt")])
def test_chinese_decision_words_read_as_the_english_ones(word, meaning):
    assert answer_word(word) == meaning
    assert difference(word, meaning) is None


def test_every_decision_has_a_chinese_word():
    assert set(DECISION_SYNONYMS.values()) == set(DECISIONS)
