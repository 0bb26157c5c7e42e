"""Fonts for Chinese text in figures: a CJK font that is present, or the command that installs one.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs: a Chinese title would be drawn
as empty boxes. :func:`families` gives the font family list of the course theme: the first
CJK font this machine has, after DejaVu Sans in the English edition and alone in the Chinese
one; matplotlib takes each glyph from the first font of the list that has it.
:func:`watch_glyphs` lists every character no font could draw while figures render, and
:func:`unfit_texts` every text whose own font lacks one of its characters (matplotlib then
takes it from the next font of the list: another typeface, or a box); the tests use both on
every dashboard of the Chinese edition.

>>> families("en")[0]
'DejaVu Sans'
>>> install_command("linux", "ID=debian")
'sudo apt-get install -y fonts-noto-cjk'
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
import sys
import warnings
from functools import lru_cache
from pathlib import Path

#: CJK fonts by preference: Linux (Noto / Source Han, WenQuanYi), macOS, Windows.
PREFERRED = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC",
    "PingFang SC", "Hiragino Sans GB", "Heiti SC", "Microsoft YaHei", "SimHei",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
)
LATIN = "DejaVu Sans"  # matplotlib's own, always present
#: Words in a font file's name that may hold one of the fonts above (found after matplotlib's
#: font cache was built, e.g. `apt-get install fonts-noto-cjk` on a machine already used).
_FILE_HINTS = re.compile(r"cjk|sourcehan|wqy|wenquanyi|pingfang|hiragino|msyh|yahei|simhei|notosanssc",
                         re.IGNORECASE)
_MISSING = re.compile(r"Glyph \d+ \((.+)\) missing from font")


@lru_cache(maxsize=1)
def cjk_family() -> str | None:
    """The name of the first CJK font of :data:`PREFERRED` this machine has, else None.

    >>> cjk_family() is None or cjk_family() in PREFERRED
    True
    """
    from matplotlib import font_manager

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if not known.intersection(PREFERRED):
        # Fonts installed after matplotlib built its cache are not in it: add them once.
        files = {entry.fname for entry in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in files and _FILE_HINTS.search(Path(path).name):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # a broken font file: skip it
                    continue
        known = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in PREFERRED if name in known), None)


def families(language: str | None) -> list[str]:
    """The sans-serif font list for figures in ``language`` ("zh_CN", "en", None).

    Chinese figures take every glyph, Latin ones included, from the CJK font alone, so that
    a title reads in one typeface, and a character that font lacks is not quietly drawn in
    another one: matplotlib warns about it (a notebook's stderr, which the tests check).
    English ones keep DejaVu Sans and fall back to the CJK font only for a Chinese word.

    >>> families("zh_CN") == ([cjk_family()] if cjk_family() else [LATIN])
    True
    """
    cjk = cjk_family()
    if cjk is None:
        return [LATIN]
    return [cjk] if is_chinese(language) else [LATIN, cjk]


def is_chinese(language: str | None) -> bool:
    """Whether ``language`` names a Chinese edition ("zh_CN", "zh-CN", "zh").

    >>> is_chinese("zh_CN"), is_chinese("en"), is_chinese(None)
    (True, False, False)
    """
    return bool(language) and language.lower().replace("-", "_").split("_")[0] == "zh"


def install_command(platform: str | None = None, os_release: str | None = None) -> str:
    """The command (or the step) that gives this system a CJK font.

    >>> install_command("darwin")
    'PingFang SC comes with macOS; if it is missing: brew install --cask font-noto-sans-cjk-sc'
    """
    platform = platform or sys.platform
    if platform == "darwin":
        return "PingFang SC comes with macOS; if it is missing: brew install --cask font-noto-sans-cjk-sc"
    if platform.startswith("win"):
        return ("Microsoft YaHei comes with Windows; if it is missing: Settings > Time & language > "
                "Language > add Chinese (Simplified) with its supplemental fonts")
    if os_release is None:
        try:
            os_release = Path("/etc/os-release").read_text(encoding="utf-8")
        except OSError:
            os_release = ""
    ids = " ".join(re.findall(r"^ID(?:_LIKE)?=\"?([^\"\n]+)", os_release, re.MULTILINE)).lower()
    if any(name in ids for name in ("fedora", "rhel", "centos")):
        return "sudo dnf install -y google-noto-sans-cjk-fonts"
    if "arch" in ids:
        return "sudo pacman -S noto-fonts-cjk"
    return "sudo apt-get install -y fonts-noto-cjk"


@contextmanager
def watch_glyphs() -> Iterator[list[str]]:
    """Collect, into the list it yields, each character no font could draw inside the block.

    Matplotlib warns once per missing glyph when it renders text; this catches every such
    warning (and lets the others through).
    """
    missing: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield missing
    for warning in caught:
        match = _MISSING.search(str(warning.message))
        if match:
            missing.append(match.group(1))
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename,
                                   warning.lineno)


@lru_cache(maxsize=16)
def _charmap(path: str) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(path).get_charmap())


def _plain(text: str) -> str:
    """``text`` without its ``$...$`` parts (mathtext draws those with its own fonts)."""
    from matplotlib import cbook

    return re.sub(r"(?<!\\)\$.*?(?<!\\)\$", "", text) if cbook.is_math_text(text) else text


def unfit_texts(figure) -> list[str]:
    """Lay out ``figure`` and name each visible text whose own font (the one matplotlib
    chose for it: the first of its family list it finds) lacks one of its characters, which
    would then come from another typeface, or show as a box. Spaces are not counted.

    >>> from matplotlib.figure import Figure
    >>> figure = Figure()
    >>> _ = figure.text(0, 0, "赢单率", fontfamily="DejaVu Sans", fontweight="normal")
    >>> unfit_texts(figure)
    ["'赢单率' (DejaVuSans.ttf) lacks 单率赢"]
    """
    from matplotlib import font_manager
    from matplotlib.text import Text

    with watch_glyphs():  # what no font has is missing_glyphs' to report
        figure.draw_without_rendering()
    found = []
    for text in figure.findobj(lambda artist: isinstance(artist, Text) and artist.get_visible()):
        path = font_manager.findfont(text.get_fontproperties())
        lacking = {char for char in _plain(text.get_text())
                   if not char.isspace() and ord(char) not in _charmap(path)}
        if lacking:
            found.append(f"{text.get_text()!r} ({Path(path).name}) lacks {''.join(sorted(lacking))}")
    return found


def missing_glyphs(figure) -> list[str]:
    """Render ``figure`` and list the characters that no font of its family list could draw.

    >>> from matplotlib.figure import Figure
    >>> figure = Figure()
    >>> _ = figure.subplots().set_title("Win rate")
    >>> missing_glyphs(figure)
    []
    """
    with watch_glyphs() as missing:
        figure.savefig(io.BytesIO(), format="png")
    return sorted(set(missing))
