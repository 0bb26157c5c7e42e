"""A public CRM export this project did not write imports with a mapping file of a few lines,
and the your-own-data numbers agree with a direct pandas computation on the raw file (issue 16,
"Must show"). The export and its licence are described in fixtures/crm/public/README.md.

The stored export (``gtm_revops_opportunities.csv`` and its field history) runs in every test
run; the Maven layout runs on a sample written by this project, and on the real Maven file when
it is put beside it."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from conftest import ROOT
from saleslab.crmimport import ImportProblem, import_exports
from saleslab.crmimport.analyses import conversion, forecast, overview, your_data
from saleslab.nbtools import execute_notebook

PUBLIC = Path(__file__).parent / "fixtures" / "crm" / "public"
EXPORT = PUBLIC / "gtm_revops_opportunities.csv"
HISTORY = PUBLIC / "gtm_revops_field_history.csv"
MAPPING = PUBLIC / "gtm_revops.mapping.toml"
MAVEN = PUBLIC / "maven_crm.mapping.toml"
MAVEN_STAGES = {"Prospecting": "lead", "Engaging": "contacted", "Won": "won", "Lost": "lost"}


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    """The public export and its field history imported once with the mapping file."""
    out = tmp_path_factory.mktemp("public") / "import"
    import_exports([EXPORT, HISTORY], out, mapping=MAPPING, key_file=out.parent / "trainer.key")
    return out


def _raw(path: Path = EXPORT) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _direct_win_sentence(raw: pd.DataFrame) -> str:
    """The win rate among closed deals from the export's own is_closed/is_won flags, which the
    import does not read: an independent count."""
    closed = raw[raw["is_closed"] == "True"]
    return f"Won {(closed['is_won'] == 'True').sum()} of {len(closed)} closed deals"


def test_the_public_export_imports_whole_with_a_mapping_of_a_few_lines(public):
    raw, history = _raw(), _raw(HISTORY)
    assert len(MAPPING.read_text(encoding="utf-8").splitlines()) <= 10
    report = (public / "import_report.md").read_text(encoding="utf-8")
    assert (f"Rows read: {len(raw)} deal rows, {len(history)} stage-history rows; kept: {len(raw)} "
            "deals; set aside: 0 rows") in report
    other = (history["field"] != "StageName").sum()
    not_used = report.split("Read, not used:\n", 1)[1].split("\n\n")[0]
    assert f"- {other} rows of {HISTORY.name} change other fields than the stage" in not_used


def test_deals_per_stage_and_the_win_rate_agree_with_pandas_on_the_raw_file(public):
    raw = _raw()
    stages = {**tomllib.loads(MAPPING.read_text(encoding="utf-8"))["stages"],
              "Closed Won": "won", "Closed Lost": "lost"}
    section = overview(your_data(public))
    shown = section.table["deals"]
    assert shown[shown > 0].to_dict() == raw["stage"].map(stages).value_counts().to_dict()
    assert _direct_win_sentence(raw) in section.claim.text


def test_the_deals_entering_each_stage_agree_with_pandas_on_the_raw_field_history(public):
    changes = _raw(HISTORY).query("field == 'StageName'")
    stages = tomllib.loads(MAPPING.read_text(encoding="utf-8"))["stages"]
    entered = {kit: changes.loc[changes["new_value"] == name, "opportunity_id"].nunique()
               for name, kit in stages.items()}
    entered["lead"] = len(_raw())  # every deal starts in the first stage
    assert conversion(your_data(public)).table["entered"].to_dict() == entered


def test_amounts_are_shown_in_the_currency_the_mapping_names(public):
    # The mapping says USD: the forecast's sentence must not write the course's ¥.
    data = your_data(public)
    assert data.currency == "USD"
    text = forecast(data).claim.text
    assert "$" in text and "¥" not in text, text


def test_no_rep_or_account_name_of_the_export_is_in_any_output_file(public):
    raw = _raw()
    names = set(raw["owner"]) | set(raw["account_name"])
    for path in public.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not [name for name in names if name in text], path.name


@pytest.mark.slow
def test_the_your_own_data_notebook_runs_top_to_bottom_on_the_public_export(public, tmp_path,
                                                                              monkeypatch):
    monkeypatch.setenv("SALESLAB_DATA", str(public))  # the kernel inherits it
    copy = Path(shutil.copy(ROOT / "notebooks" / "your_own_data.ipynb", tmp_path))
    book = nbformat.read(execute_notebook(copy), as_version=4)
    code = [c for c in book.cells if c.cell_type == "code"]
    outputs = [o for c in code for o in c.outputs]
    assert all(c.execution_count for c in code)
    assert not [o for o in outputs if o.output_type == "error"]
    (shown,) = [c for c in code if c.source.strip() == "yours.overview(data)"]
    assert _direct_win_sentence(_raw()) in str(shown.outputs)


def _maven_agrees(raw_path: Path, out: Path) -> None:
    raw = pd.read_csv(raw_path, dtype=str, keep_default_na=False)
    import_exports([raw_path], out, mapping=MAVEN, key_file=out.parent / "key")
    section = overview(your_data(out))
    per_stage = raw["deal_stage"].map(MAVEN_STAGES).value_counts()
    assert section.table["deals"][section.table["deals"] > 0].to_dict() == per_stage.to_dict()
    closed = raw[raw["deal_stage"].isin(["Won", "Lost"])]
    assert f"Won {(closed['deal_stage'] == 'Won').sum()} of {len(closed)} closed deals" in section.claim.text
    assert len(MAVEN.read_text(encoding="utf-8").splitlines()) <= 12


def test_the_maven_layout_sample_numbers_agree_with_pandas_on_the_raw_file(tmp_path):
    _maven_agrees(PUBLIC / "layout_sample.csv", tmp_path / "out")


@pytest.mark.skipif(not (PUBLIC / "sales_pipeline.csv").is_file(),
                    reason="the Maven sales_pipeline.csv is not stored (see fixtures/crm/public/README.md)")
def test_the_maven_export_numbers_agree_with_pandas_on_the_raw_file(tmp_path):
    _maven_agrees(PUBLIC / "sales_pipeline.csv", tmp_path / "out")


def test_the_import_reports_in_the_chinese_edition(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESLAB_LANG", "zh_CN")
    result = import_exports([EXPORT, HISTORY], tmp_path / "out", mapping=MAPPING, key_file=tmp_path / "key")
    text = result.report.text()
    assert text.startswith("读取：订单 ") and "已读取但未使用：" in text and "Rows read" not in text
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ImportProblem, match="^empty.csv：文件是空的；重新导出报表$"):
        import_exports([empty], tmp_path / "again", key_file=tmp_path / "key")
