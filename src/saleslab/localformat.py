"""Money and dates as the readers of each edition write them.

The English edition writes ``¥1.23M`` and ``01 Mar 2026``; the Chinese edition
(``SALESLAB_LANG=zh_CN``) writes amounts in 万 and 亿 (``¥600万``, ``¥1.2亿``, ``¥8,000``)
and dates as ``2026年3月1日`` in prose and ``2026-03`` on a crowded month axis; months as
``3月`` (:func:`month_name`), and lists with 、 and ； (:func:`join_list`, :func:`join_clauses`).
:func:`saleslab.plots.money` and its tick formatter use :func:`chinese_money` there.

>>> import datetime
>>> chinese_money(6_000_000), chinese_money(120_000_000), chinese_money(8_000)
('¥600万', '¥1.2亿', '¥8,000')
>>> long_date(datetime.date(2026, 3, 1), language="zh_CN"), long_date(datetime.date(2026, 3, 1), language="en")
('2026年3月1日', '01 Mar 2026')
"""

from __future__ import annotations

import calendar
import datetime
import os
from collections.abc import Iterable

import matplotlib.dates as mdates
from matplotlib.axes import Axes

from .fonts import is_chinese
from .i18n import LANG_VARIABLE

#: The Chinese units of large amounts, largest first: 亿 (10^8) and 万 (10^4).
CHINESE_UNITS = ((1e8, "亿"), (1e4, "万"))

#: Tick labels of a Chinese date axis, from years down to seconds (ConciseDateFormatter's
#: levels): months as 2026-03 (January too), days as 03-01, and no separate offset text.
_CHINESE_TICKS = ["%Y", "%Y-%m", "%m-%d", "%H:%M", "%H:%M", "%S.%f"]
#: The same at the first tick of a larger unit (January, the 1st, midnight).
_CHINESE_ZERO_TICKS = ["", "%Y-%m", "%m-%d", "%m-%d", "%H:%M", "%H:%M"]


def chinese_edition(language: str | None = None) -> bool:
    """Whether ``language`` (default: ``SALESLAB_LANG``) is the Chinese edition.

    >>> chinese_edition("zh_CN"), chinese_edition("en")
    (True, False)
    """
    return is_chinese(language if language is not None else os.environ.get(LANG_VARIABLE))


def chinese_money(amount: float, symbol: str = "¥") -> str:
    """An amount as a Chinese manager writes it: whole yuan below 10,000, then 万, then 亿,
    three significant digits (with a thousands comma from 1,000万 on).

    >>> chinese_money(35_000), chinese_money(12_500_000), chinese_money(-950)
    ('¥3.5万', '¥1,250万', '-¥950')
    """
    sign = "-" if amount < 0 else ""
    size = abs(amount)
    for limit, unit in CHINESE_UNITS:
        number = size / limit
        if float(f"{number:.3g}") >= 1:  # so 9,999.6万 shows as ¥1亿, not as ¥10,000万
            text = f"{number:,.0f}" if number >= 100 else f"{number:.3g}"
            return f"{sign}{symbol}{text}{unit}"
    return f"{sign}{symbol}{size:,.0f}"


def long_date(day: datetime.date, language: str | None = None) -> str:
    """A date in a sentence: ``01 Mar 2026`` in English, ``2026年3月1日`` in Chinese.

    >>> import pandas as pd
    >>> long_date(pd.Timestamp("2026-11-09"), language="zh_CN")
    '2026年11月9日'
    """
    if chinese_edition(language):
        return f"{day.year}年{day.month}月{day.day}日"
    return day.strftime("%d %b %Y")


def month_name(month: int, short: bool = False, language: str | None = None) -> str:
    """The name of calendar month ``month`` (1 to 12): ``March`` (``Mar`` if ``short``) in
    English, ``3月`` in Chinese.

    >>> month_name(3, language="en"), month_name(3, short=True, language="en"), month_name(3, language="zh_CN")
    ('March', 'Mar', '3月')
    """
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"`month` must be a whole number from 1 to 12, got {month!r}")
    if chinese_edition(language):
        return f"{month}月"
    return (calendar.month_abbr if short else calendar.month_name)[month]


def headline_repr(name: str, headline: str, language: str | None = None) -> str:
    """How a result shows itself in a notebook: ``Name(headline)`` in English, the headline
    alone in Chinese (the class name would be the one English word of a Chinese sentence).

    >>> headline_repr("TwoProportions", "7.0% → 9.1%", language="en")
    'TwoProportions(7.0% → 9.1%)'
    >>> headline_repr("TwoProportions", "7.0% → 9.1%", language="zh_CN")
    '7.0% → 9.1%'
    """
    return headline if chinese_edition(language) else f"{name}({headline})"


def aside(text: str, language: str | None = None) -> str:
    """``text`` in parentheses after what precedes it: `` (text)`` in English, ``（text）`` in
    Chinese (full-width, no space).

    >>> "Day 1" + aside("09:00–16:00", language="en"), "第 1 天" + aside("09:00–16:00", language="zh_CN")
    ('Day 1 (09:00–16:00)', '第 1 天（09:00–16:00）')
    """
    return f"（{text}）" if chinese_edition(language) else f" ({text})"


def join_list(items: Iterable[object], language: str | None = None) -> str:
    """Items of a list in a sentence: ``a, b, c`` in English, ``a、b、c`` in Chinese.

    >>> join_list(["执行", "检查"], language="zh_CN"), join_list(["Do", "Check"], language="en")
    ('执行、检查', 'Do, Check')
    """
    return ("、" if chinese_edition(language) else ", ").join(str(item) for item in items)


def join_clauses(items: Iterable[object], language: str | None = None) -> str:
    """Clauses that each say something, in one line: ``a; b`` in English, ``a；b`` in Chinese.

    >>> join_clauses(["写上目标的负责人", "不满足具体"], language="zh_CN")
    '写上目标的负责人；不满足具体'
    """
    return ("；" if chinese_edition(language) else "; ").join(str(item) for item in items)


def join_sentences(items: Iterable[object], language: str | None = None) -> str:
    """Whole sentences one after another: a space between them in English, none in Chinese
    (a Chinese full stop needs no space after it).

    >>> join_sentences(["赢单率 7%。", "还有 889 个订单。"], language="zh_CN")
    '赢单率 7%。还有 889 个订单。'
    """
    return ("" if chinese_edition(language) else " ").join(str(item) for item in items if str(item))


def date_axis(ax: Axes, axis: str = "x", maxticks: int = 8) -> Axes:
    """Date ticks that stay short: matplotlib's concise dates in English, ``2026-03`` style
    in Chinese (where month names would be English words).

    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = date_axis(ax)
    >>> plt.close(fig)
    """
    if axis not in ("x", "y"):
        raise ValueError(f"`axis` must be 'x' or 'y', got {axis!r}")
    locator = mdates.AutoDateLocator(maxticks=maxticks)
    if chinese_edition():
        formatter = mdates.ConciseDateFormatter(
            locator, formats=_CHINESE_TICKS, zero_formats=_CHINESE_ZERO_TICKS, show_offset=False)
    else:
        formatter = mdates.ConciseDateFormatter(locator)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    target.set_major_formatter(formatter)
    return ax
