"""The tables of the Chinese edition are Chinese: a learner's table shows its columns, index
names and row labels as 中文 + the English name to type, and its values in Chinese; the data
itself, and the English edition, are left alone. The stored outputs of zh_CN/ hold no English
label beyond the allowed ones (names kept English on purpose, rep codes, team names, units)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from types import SimpleNamespace

import IPython
import nbformat
import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter

from saleslab import i18n
from saleslab.catalogue import DATA_VALUES
from saleslab.data.org import TEAMS
from saleslab.labels import LABELS, NAMES
from saleslab.tabledisplay import for_display, html_table, label, series_text, value

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "zh_CN").rglob("*.ipynb"))


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")


@pytest.fixture
def shell(monkeypatch):
    """A stand-in IPython kernel with pandas' text options restored afterwards."""
    fake = SimpleNamespace(display_formatter=DisplayFormatter())
    monkeypatch.setattr(IPython, "get_ipython", lambda: fake)
    with pd.option_context("display.unicode.east_asian_width", False):
        yield fake


def _funnel() -> pd.DataFrame:
    return pd.DataFrame({"stage": ["lead", "proposal"], "conversion": [0.577, 0.393],
                         "top_reason": pd.Categorical(["slow follow-up", "price"])})


def test_a_chinese_table_names_each_column_in_chinese_then_by_the_name_to_type(chinese):
    shown = for_display(_funnel().set_index("stage"))
    assert list(shown.columns) == ["转化率 conversion", "首要原因 top_reason"]
    assert shown.index.name == "阶段 stage"
    assert list(shown.index) == ["线索 lead", "方案 proposal"]  # .loc["proposal"] still reads
    assert list(shown["首要原因 top_reason"]) == ["跟进太慢", "价格"]  # values: Chinese only
    assert shown["转化率 conversion"].tolist() == [0.577, 0.393]


def test_the_data_a_learner_indexes_is_never_renamed(chinese):
    table = _funnel()
    for_display(table)
    assert list(table.columns) == ["stage", "conversion", "top_reason"]
    assert table.loc[1, "stage"] == "proposal"


def test_names_kept_english_on_purpose_and_unknown_ones_stay_as_they_are(chinese):
    groups = pd.DataFrame({"churn": [0.24, 0.17], "team": ["East A", "East B"]},
                          index=pd.Index(["complained", "no complaint"], name="group"))
    shown = for_display(groups)
    assert list(shown.index) == ["complained", "no complaint"]  # DATA_VALUES
    assert list(shown["团队 team"]) == ["East A", "East B"]
    assert label("R05") == "R05" and value(3.5) == 3.5 and label(2025) == 2025
    assert value("") == "" and label(" ") == " "  # not gettext's header entry


def test_a_series_shows_its_name_and_labels_in_chinese(chinese):
    counts = pd.Series([629, 435], index=pd.Index(["product quality", "delivery"], name="category"),
                       name="count")
    text = repr(for_display(counts))
    assert "类别 category" in text and "产品质量 product quality" in text
    assert "Name: 数量 count, dtype: int64" in text


def test_true_and_false_show_as_yes_and_no_in_values_series_and_row_labels(chinese):
    table = pd.DataFrame({"won": [True, False], "vital_few": pd.array([True, None], "boolean")},
                         index=pd.Index([False, True], name="planted"))
    shown = for_display(table)
    assert list(shown["赢单 won"]) == ["是", "否"] and list(shown.index) == ["否", "是"]
    assert shown.iloc[0, 1] == "是" and pd.isna(shown.iloc[1, 1])
    assert list(for_display(table["won"])) == ["是", "否"]
    assert list(for_display(pd.Series([1, 2], index=pd.MultiIndex.from_tuples(
        [(True, "a"), (False, "b")]))).index.get_level_values(0)) == ["是", "否"]
    assert table["won"].dtype == bool  # the data keeps its booleans


def test_a_series_footer_is_chinese_without_the_dtype(chinese):
    text = series_text(for_display(pd.Series([True, False], name="won")))
    assert text.splitlines()[-1] == "名称：赢单 won" and "dtype" not in text
    with pd.option_context("display.max_rows", 4, "display.min_rows", 2):
        assert series_text(pd.Series(range(9))).splitlines()[-1] == "共 9 行"
    assert series_text(pd.Series([1, 2])) == "0    1\n1    2"


def test_the_english_edition_shows_the_table_itself():
    table = _funnel()
    assert for_display(table, language="en") is table
    assert html_table(table) == table._repr_html_()


def test_the_html_puts_the_english_name_small_under_the_chinese(chinese):
    page = html_table(_funnel().set_index("stage"))
    assert "<th>转化率<br><small>conversion</small></th>" in page
    assert "<td>跟进太慢</td>" in page


def test_use_language_zh_cn_makes_the_kernel_show_tables_in_chinese(shell, monkeypatch):
    monkeypatch.delenv(i18n.LANG_VARIABLE, raising=False)
    table = _funnel()
    english, _ = shell.display_formatter.format(table)
    i18n.use_language("zh_CN")
    try:
        chinese, _ = shell.display_formatter.format(table)
    finally:
        i18n.use_language("en")
    assert "转化率" in chinese["text/html"] and "转化率" in chinese["text/plain"]
    assert english["text/html"] == table._repr_html_() and "转化率" not in english["text/plain"]
    # Back in English, the hook shows pandas' own table, byte for byte.
    assert shell.display_formatter.format(table)[0]["text/html"] == table._repr_html_()


def test_an_english_kernel_installs_no_table_hook(shell, monkeypatch):
    monkeypatch.delenv(i18n.LANG_VARIABLE, raising=False)
    i18n.use_language("en")
    assert pd.DataFrame not in shell.display_formatter.formatters["text/html"].type_printers


def test_every_listed_name_has_its_chinese(chinese):
    missing = [name for name in [*LABELS, *NAMES] if name not in DATA_VALUES and label(name) == name]
    assert not missing, f"names in saleslab/labels.py with no Chinese: {missing}"


def test_every_value_a_generator_can_draw_has_its_chinese(chinese):
    """At any seed a table may show any of these: none may reach a learner in English."""
    from saleslab.cases.complaints_stats import ARMS
    from saleslab.cases.training import METHODS
    from saleslab.cases.training_model import TOPICS, TRAINED_FIRST
    from saleslab.data import crm, kpis, org, populations
    from saleslab.monitoring.rules import RULE_SETS

    drawn = {*crm.STAGES, *crm.LOSS_REASONS, *org.REGIONS, *org.PRODUCT_LINES,
             *populations.LEAD_SOURCES, *populations.COMPANY_SIZES, *populations.SEGMENTS,
             *populations.COMPLAINT_CATEGORIES, *kpis.HOLIDAY_ACTIVITY, *kpis._CHANGES,
             *(change[-1] for changes in kpis._CHANGES.values() for change in changes),
             *(rule for rules in RULE_SETS.values() for rule in rules), *ARMS, *METHODS,
             *TOPICS, *TRAINED_FIRST, "first", "wait-list", "up", "down"}
    assert not [name for name in drawn if value(name) == name and name not in DATA_VALUES]


# The stored outputs of the Chinese edition ------------------------------------------------

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")  # with full-width punctuation
#: English a Chinese table may show: names kept English on purpose, codes, units, pandas' own.
ALLOWED = re.compile(
    r"(?:[RT]\d\d|Team \d+|\d{4}Q\d|NaN|NaT|None|nan|<NA>"
    r"|[-+\d.,%e ]+|\d{4}-\d\d-\d\d(?: [\d:]+)?|dtype: \w+|\.\.\.)")
KEPT = DATA_VALUES | set(TEAMS)
#: Terms the Chinese edition writes in English (glossary), also beside their code name.
ACRONYMS = {"ancova", "cusum", "ewma", "kpi", "crm", "sla", "vip", "smart", "pdca"}
TAG = re.compile(r"<(th|td)(?:\s[^>]*)?>(.*?)</\1>", re.S)


def _english(cell: str) -> bool:
    """Whether a table cell's text is English a Chinese learner should not meet."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", cell)).strip()
    return (bool(re.search("[A-Za-z]", text)) and not CJK.search(text) and text not in KEPT
            and not ALLOWED.fullmatch(text) and not set(text.lower().split()) <= ACRONYMS)


def _series_cells(text: str) -> list[str]:
    """The cells of a Series' text: labels and values split at two spaces, and its name."""
    lines = text.splitlines()
    footer = re.match(r"(?:Name: (.*), )?dtype: \w+$|名称：(.*?)(?:；共 \d+ 行)?$", lines[-1])
    cells = [name for name in footer.groups() if name] if footer else []
    return cells + [cell for line in lines[:-1] for cell in re.split(r"\s{2,}", line.strip())]


def stored_tables(path: Path) -> list[tuple[int, list[str]]]:
    """(cell number, the table cells) of each table a notebook's code cells show."""
    found = []
    for number, cell in enumerate(nbformat.read(path, as_version=4).cells, 1):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = output.get("data", {})
            page, text = data.get("text/html", ""), data.get("text/plain", "")
            if "<table" in page:
                found.append((number, [body for _tag, body in TAG.findall(page)]))
            elif re.search(r"(?:^|\n)(?:(?:Name: .*, )?dtype: \w+|名称：.*)$", text):
                found.append((number, _series_cells(text)))
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "zh_CN")))
def test_a_chinese_notebook_shows_no_english_table_label(path):
    left = {(number, html.unescape(cell).strip()) for number, cells in stored_tables(path)
            for cell in cells if _english(cell)}
    assert not left, (f"{path.relative_to(ROOT)}: English left in its tables (cell, text): "
                      f"{sorted(left)[:12]}; give the name a Chinese in saleslab/labels.py, "
                      "then re-execute (saleslab execute)")


def test_a_word_with_two_senses_reads_right_in_each_column(chinese):
    kinds = pd.DataFrame({"kind": ["sudden", "small"], "company_size": ["small", "large"]})
    shown = for_display(kinds)
    assert list(shown["变化类型 kind"]) == ["突变", "小幅变化"]
    assert shown.iloc[0, 1] == "小"  # the company size keeps the plain entry
    assert i18n.pgettext("kind", "small") == "小幅变化" and i18n.pgettext("other", "small") == "小"


def test_a_context_is_extracted_as_the_entrys_msgctxt(tmp_path):
    from saleslab.catalogue import package_template

    (tmp_path / "m.py").write_text('from saleslab.i18n import NC_, pgettext\n'
                                   'A = NC_("kind", "small")\nB = pgettext("size", "small")\n')
    entries = {(m.context, m.id) for m in package_template(tmp_path) if m.id}
    assert entries == {("kind", "small"), ("size", "small")}


def test_settings_and_cost_assumptions_name_each_field_in_chinese_beside_the_name(monkeypatch):
    from IPython.lib.pretty import pretty

    from saleslab.cases import complaints_value, followup

    english = pretty(followup.PROPOSED_CHANGE), pretty(complaints_value.Costs())
    assert english == (pretty(dict(followup.PROPOSED_CHANGE)), repr(complaints_value.Costs()))
    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")
    change = pretty(followup.PROPOSED_CHANGE).splitlines()
    schedule = i18n._("5 touches in 7 days")
    assert change[1:3] == [f"跟进节奏 schedule = {schedule} 5 touches in 7 days", "使用 CRM crm = 是"]
    costs = pretty(complaints_value.Costs()).splitlines()
    assert costs[0] == "成本假设 Costs" and "  毛利率 margin = 0.35" in costs
    assert followup.Policy.from_levers(**followup.PROPOSED_CHANGE)  # still a dict to pass on


def test_low_and_high_head_an_interval_in_chinese_but_stay_the_quiz_bands_as_rows(chinese):
    interval = pd.DataFrame({"forecast": [5.0], "low": [4.0], "high": [6.0]})
    assert list(for_display(interval).columns) == ["预测 forecast", "下限 low", "上限 high"]
    assert "<th>下限<br><small>low</small></th>" in html_table(interval)
    bands = pd.DataFrame({"win_rate": [0.2, 0.3]}, index=pd.Index(["low", "high"], name="band"))
    assert list(for_display(bands).index) == ["low", "high"]
