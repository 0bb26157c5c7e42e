"""Fonts for Chinese text in figures: a CJK font that is present, or the command that installs one.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs: a Chinese title would be drawn
as empty boxes. :func:`families` gives the font family list of the course theme: the first
CJK font this machine has, after DejaVu Sans in the English edition and first in the Chinese
one; matplotlib takes each glyph from the first font of the list that has it.
:func:`watch_glyphs` lists every character no font could draw while figures render; the tests
use it on every dashboard of the Chinese edition.

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

    Chinese figures take every glyph, Latin ones included, from the CJK font so that a title
    reads in one typeface; English ones keep DejaVu Sans and fall back to the CJK font only
    for a Chinese word (a term in brackets).
    """
    cjk = cjk_family()
    if cjk is None:
        return [LATIN]
    return [cjk, LATIN] if is_chinese(language) else [LATIN, cjk]


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
