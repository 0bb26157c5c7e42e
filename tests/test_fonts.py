"""Chinese text in figures is drawn with a real CJK font, never as boxes; `saleslab check`
says how to install one where none is found."""

from __future__ import annotations

import importlib.util
import io
import os
import sys

import matplotlib
import pytest
from matplotlib.figure import Figure

from conftest import ROOT
from saleslab import fonts
from saleslab.envcheck import check_cjk_font
from saleslab.plots import use_theme



@pytest.fixture
def cjk() -> str:
    """The CJK font; without one the test is skipped (`make fonts` installs it), in CI failed."""
    family = fonts.cjk_family()
    if family is None:
        message = f"no CJK font on this machine: make fonts, or {fonts.install_command()}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return family


def _chinese_figure() -> Figure:
    figure = Figure(figsize=(4, 3))
    axes = figure.subplots()
    axes.set_title("赢单率下降了 3 个百分点")
    axes.set_xlabel("周")
    axes.plot([0, 1], [-1, 1])
    return figure


def test_the_check_can_fail_a_figure_drawn_without_a_cjk_font():
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        missing = fonts.missing_glyphs(_chinese_figure())
    assert "\\N{CJK UNIFIED IDEOGRAPH-8D62}" in missing  # 赢


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_theme_draws_chinese_with_a_cjk_font_in_both_editions(cjk, monkeypatch, language):
    monkeypatch.setenv("SALESLAB_LANG", language)
    with matplotlib.rc_context():
        use_theme()
        assert fonts.missing_glyphs(_chinese_figure()) == []
        first = matplotlib.rcParams["font.family"][0]
    # Chinese figures take every glyph from the CJK font; English ones keep DejaVu Sans.
    assert first == (cjk if language == "zh_CN" else fonts.LATIN)


def test_a_text_whose_own_font_lacks_a_character_is_named_even_when_another_font_has_it(
        cjk, monkeypatch):
    """A text set in DejaVu Sans first draws 赢 from the CJK font, without a warning: named.
    The Chinese theme has no second font, so ✗ (not in the CJK font) is never quietly drawn
    in another typeface: matplotlib warns (a notebook's stderr), and the text is named."""
    monkeypatch.setenv("SALESLAB_LANG", "zh_CN")
    with matplotlib.rc_context():
        use_theme()
        figure = _chinese_figure()
        figure.axes[0].text(0, 0, "赢单", fontfamily=[fonts.LATIN, cjk])
        assert fonts.missing_glyphs(figure) == []
        assert fonts.unfit_texts(figure) == ["'赢单' (DejaVuSans.ttf) lacks 单赢"]
        figure.axes[0].set_ylabel("✗ 未满足")
        assert fonts.missing_glyphs(figure) == ["\\N{BALLOT X}"]
        unfit = fonts.unfit_texts(figure)
    assert unfit[1].startswith("'✗ 未满足' (") and unfit[1].endswith(") lacks ✗"), unfit


def test_without_a_cjk_font_the_theme_keeps_matplotlibs_own(monkeypatch):
    monkeypatch.setattr(fonts, "cjk_family", lambda: None)
    assert fonts.families("zh_CN") == [fonts.LATIN]


@pytest.mark.parametrize(("platform", "release", "command"), [
    ("linux", 'ID=ubuntu\nID_LIKE=debian', "apt-get install -y fonts-noto-cjk"),
    ("linux", 'ID="fedora"', "dnf install -y google-noto-sans-cjk-fonts"),
    ("linux", "ID=arch", "pacman -S noto-fonts-cjk"),
    ("darwin", "", "PingFang SC"),
    ("win32", "", "Microsoft YaHei"),
])
def test_the_install_command_fits_the_system(platform, release, command):
    assert command in fonts.install_command(platform, release)


def test_check_names_the_font_or_the_install_command(monkeypatch):
    monkeypatch.setattr(fonts, "cjk_family", lambda: "Noto Sans CJK SC")
    found = check_cjk_font()
    assert found.ok and found.found == "Noto Sans CJK SC"
    monkeypatch.setattr(fonts, "cjk_family", lambda: None)
    missing = check_cjk_font(language="zh_CN")
    assert not missing.ok and missing.fix == fonts.install_command()
    # The English edition draws no Chinese: a missing CJK font is not a problem there.
    assert check_cjk_font(language="en").ok


def _bench_dashboards():
    spec = importlib.util.spec_from_file_location("bench_dashboards",
                                                  ROOT / "benchmarks" / "bench_dashboards.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_dashboards", module)
    spec.loader.exec_module(module)
    return module.dashboards()


@pytest.mark.slow
def test_every_dashboard_of_the_chinese_edition_has_every_glyph(cjk, monkeypatch, capsys):
    """Each dashboard drawn at two settings of its control, in Chinese: no missing glyph, and
    each text's own font has every one of its characters."""
    monkeypatch.setenv("SALESLAB_LANG", "zh_CN")
    with matplotlib.rc_context():
        use_theme()
        for name, build, control, values in _bench_dashboards():
            board = build()
            board.shown = True
            unfit = []
            with fonts.watch_glyphs() as missing:
                board.redraw()
                board.controls[control].value = values[1]
                for figure in map(matplotlib.pyplot.figure, matplotlib.pyplot.get_fignums()):
                    figure.savefig(io.BytesIO(), format="png")
                    unfit += fonts.unfit_texts(figure)
                matplotlib.pyplot.close("all")
            assert missing == [], f"{name}: no font has {sorted(set(missing))}"
            assert unfit == [], f"{name}: texts drawn in a font that lacks some of their characters: {unfit}"
    capsys.readouterr()


def test_the_cusum_legend_of_the_chinese_edition_has_every_glyph(cjk, monkeypatch):
    """C⁺ and C⁻ were drawn with superscript signs the CJK font lacks (module 3's explorer)."""
    from saleslab.monitoring.explore_plots import _CusumLines

    monkeypatch.setenv("SALESLAB_LANG", "zh_CN")
    with matplotlib.rc_context():
        use_theme()
        figure = Figure()
        axes = figure.subplots()
        _CusumLines(axes, "每周电话数", "count")
        axes.legend()
        assert fonts.missing_glyphs(figure) == [] and fonts.unfit_texts(figure) == []
