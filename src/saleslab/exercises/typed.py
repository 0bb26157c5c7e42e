"""Numbers a learner types as text, the Chinese way or the English way.

A learner who writes ``share = "12.5％"`` or ``revenue = "¥600万"`` means a number; the
checks read such text as that number (:func:`typed_number`), so a right answer typed this
way counts. Full-width digits, ％ and the Chinese comma (，) read as their plain forms; 万
is ten thousand and 亿 a hundred million; ¥ and 元 mark yuan. Text that is not a whole
number in one of these forms reads as nothing, and so do plain digits in quotes ("0.39"):
a number needs no quotes in Python, and the check says so.

>>> typed_number("12.5％"), typed_number("600 万元"), typed_number("¥1.2亿")
(0.125, 6000000.0, 120000000.0)
>>> typed_number("１，２５０万"), typed_number("-¥8,000"), typed_number("lots") is None
(12500000.0, -8000.0, True)
"""

from __future__ import annotations

import re
import unicodedata

#: The Chinese words for large units of count: 万 is ten thousand, 亿 a hundred million.
SCALES = {"万": 1e4, "亿": 1e8}

_NUMBER = re.compile(
    r"(?P<sign>[-+−]?)\s*(?P<yuan>¥)?\s*"
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"(?:(?P<percent>%)|(?P<scale>[万亿])?\s*(?P<unit>元)?)"
)


def typed_number(text: str) -> float | None:
    """The number ``text`` spells (a share for a percentage, yuan for an amount), or None.

    >>> typed_number("12.5%"), typed_number("3万"), typed_number("1,2"), typed_number("0.39")
    (0.125, 30000.0, None, None)
    """
    if not isinstance(text, str):
        raise TypeError(f"`text` must be a str, got {type(text).__name__}")
    # NFKC turns full-width digits, ％, ，and ￥ into 0-9, %, "," and ¥.
    plain = unicodedata.normalize("NFKC", text).strip()
    found = _NUMBER.fullmatch(plain)
    if found is None or (found["percent"] and found["yuan"]):
        return None
    if plain == text.strip() and not any(found[sign] for sign in ("yuan", "percent", "scale", "unit")):
        return None  # plain digits in quotes: a typing slip in Python, named by the check
    value = float(found["digits"].replace(",", ""))
    if found["percent"]:
        value /= 100
    elif found["scale"]:
        value *= SCALES[found["scale"]]
    return -value if found["sign"] in ("-", "−") else value
