"""saleslab import on exports in each preset's real layout, the awkward cases and bad files."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from saleslab.cli import main
from saleslab.crmimport import import_exports, load
from saleslab.crmimport.read import read_export
from saleslab.funnel import stage_conversion

CRM = Path(__file__).parent / "fixtures" / "crm"
SETS = {
    "salesforce": ["salesforce_opportunities.csv", "salesforce_stage_history.csv"],
    "hubspot": ["hubspot_deals.csv"],
    "pipedrive": ["pipedrive_deals.csv"],
    "generic": ["generic_snapshot.csv"],
    "gbk": ["chinese_gbk.csv"],
    "bom": ["chinese_utf8_bom.csv"],
    "xlsx": ["salesforce_report.xlsx"],
}
BAD = {"bad_empty.csv": "empty", "bad_latin1.csv": "neither UTF-8 nor GBK",
       "bad_quote.csv": "line 2", "bad_excel.xlsx": "not a readable .xlsx",
       "bad_no_stage.csv": "mapping template"}


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, Path]:
    """Every fixture set imported once, with one key file outside the output folders."""
    base = tmp_path_factory.mktemp("imports")
    out = {}
    for name, files in SETS.items():
        import_exports([CRM / f for f in files], base / name, key_file=base / "trainer.key")
        out[name] = base / name
    return out


def _real_names() -> set[str]:
    names = set()
    for files in SETS.values():
        for file in files:
            frame = read_export(CRM / file).frame
            for column in frame.columns:
                if any(w in column.lower() for w in ("owner", "account", "organization", "contact",
                                                     "company")) or column in ("负责人", "客户名称"):
                    names |= set(frame[column]) - {""}
    return names


def test_each_preset_layout_imports_with_the_expected_deals(imported):
    kept = {name: len(load("crm_opportunities", folder)) for name, folder in imported.items()}
    assert kept == {"salesforce": 8, "hubspot": 4, "pipedrive": 4, "generic": 4, "gbk": 5, "bom": 3,
                    "xlsx": 4}


def test_gbk_wan_amounts_and_chinese_dates_import_correctly(imported):
    opps = load("crm_opportunities", imported["gbk"]).set_index("created_at")
    assert opps.loc["2025-01-05", "value"] == 125_000  # 12.5 万元
    assert opps.loc["2025-01-05", "closed_at"] == pd.Timestamp("2025-03-01")  # 2025年3月1日
    assert opps.loc["2025-04-01", "value"].tolist() == [302_500, 50_000]  # 30.25 万, and Excel serial dates
    assert "gb18030" in (imported["gbk"] / "import_report.md").read_text(encoding="utf-8")


def test_bom_file_reads_yuan_signs_and_wan(imported):
    values = load("crm_opportunities", imported["bom"])["value"].tolist()
    assert values == [120_000, 35_000, 88_000]


def test_excel_dates_and_serials_import(imported):
    opps = load("crm_opportunities", imported["xlsx"])
    assert opps["closed_at"].dropna().dt.strftime("%Y-%m-%d").tolist() == ["2025-03-31", "2025-04-16"]


def test_history_export_gives_stage_dates_and_where_deals_were_lost(imported):
    events = load("crm_events", imported["salesforce"])
    opps = load("crm_opportunities", imported["salesforce"])
    lost = opps[opps["status"] == "lost"]
    assert lost["last_stage"].tolist()[0] == "qualified"  # Beta Foods: lost from Qualification
    table = stage_conversion(events)
    assert table.loc[table["stage"] == "lead", "entered"].item() == 8


def test_hubspot_date_entered_columns_become_the_stage_log(imported):
    events = load("crm_events", imported["hubspot"])
    first = events[events["opportunity_id"] == 1]
    assert first["stage"].tolist() == ["lead", "contacted", "qualified", "negotiation", "won"]


def test_every_set_aside_row_has_a_reason_and_a_line(imported):
    aside = pd.read_csv(imported["salesforce"] / "set_aside.csv")
    assert aside[["source", "line"]].values.tolist() == [["salesforce_stage_history.csv", 15]]
    report = (imported["salesforce"] / "import_report.md").read_text(encoding="utf-8")
    assert "Edit Date: not a date" in report and "lines 15" in report
    pipedrive = pd.read_csv(imported["pipedrive"] / "set_aside.csv")
    assert pipedrive["reason"].tolist() == ["status not open/won/lost: deleted"]


def test_snapshot_import_says_which_analyses_need_history(imported):
    report = (imported["gbk"] / "import_report.md").read_text(encoding="utf-8")
    assert "Needs stage history" in report and "time in stage" in report
    assert "备注" in report  # the free-text column dropped, said so


def test_no_real_name_in_any_output_file(imported):
    names = _real_names()
    assert "张伟" in names and "Alice Walker" in names
    for folder in imported.values():
        for path in folder.iterdir():
            text = path.read_text(encoding="utf-8")
            assert not [n for n in names if n in text], path


def test_rerun_gives_the_same_files_and_needs_force(imported, tmp_path, capsys):
    files = [str(CRM / f) for f in SETS["salesforce"]]
    key = str(imported["salesforce"].parent / "trainer.key")
    assert main(["import", *files, "--out", str(tmp_path / "a"), "--key", key]) == 0
    assert main(["import", *files, "--out", str(tmp_path / "a"), "--key", key]) == 2
    assert "add --force" in capsys.readouterr().err
    assert main(["import", *files, "--out", str(tmp_path / "a"), "--key", key, "--force"]) == 0
    for path in imported["salesforce"].iterdir():
        assert (tmp_path / "a" / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_get_one_clear_line(name, tmp_path, capsys):
    code = main(["import", str(CRM / name), "--out", str(tmp_path / "out"), "--key",
                 str(tmp_path / "k")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert name in err and BAD[name] in err
    assert not (tmp_path / "out" / "crm_opportunities.csv").exists()


def test_mapping_template_edited_imports_the_unknown_layout(tmp_path, capsys):
    export = CRM / "bad_no_stage.csv"
    main(["import", str(export), "--out", str(tmp_path / "out"), "--key", str(tmp_path / "k")])
    template = tmp_path / "bad_no_stage.mapping.toml"
    text = template.read_text(encoding="utf-8")
    assert '# stage = "<column name>"' in text and "Deal, Phase, Money, When" in text
    text = text.replace('# id = "<column name>"', 'id = "Deal"').replace(
        '# stage = "<column name>"', 'stage = "Phase"').replace(
        '# amount = "<column name>"', 'amount = "Money"').replace(
        '# closed_at = "<column name>"', 'closed_at = "When"')
    template.write_text(text, encoding="utf-8")
    assert main(["import", str(export), "--out", str(tmp_path / "out"), "--key", str(tmp_path / "k"),
                 "--mapping", str(template)]) == 0
    assert load("crm_opportunities", tmp_path / "out")["status"].tolist() == ["won"]


def test_key_file_stays_outside_and_maps_pseudonyms_back(imported):
    key = imported["salesforce"].parent / "trainer.key"
    with open(f"{key}.names.csv", encoding="utf-8") as handle:
        lookup = dict(csv.reader(handle))
    rep = load("crm_opportunities", imported["salesforce"])["rep"].iloc[0]
    assert lookup[rep] == "Alice Walker"


def test_the_notebook_sections_degrade_on_a_snapshot_and_run_on_history(imported):
    from saleslab.crmimport import analyses

    snap = analyses.your_data(imported["gbk"])
    assert not snap.history
    assert not analyses.conversion(snap).available and not analyses.lever(snap).available
    assert "needs stage history" in analyses.conversion(snap).claim.text
    assert analyses.overview(snap).claim.text.startswith("Won 1 of 2 closed deals")
    shown = [analyses.timing(snap), analyses.forecast(snap), analyses.review(snap), analyses.scorecards(snap)]
    assert all(section.claim.holds for section in shown)
    full = analyses.your_data(imported["salesforce"])
    assert full.history and analyses.conversion(full).available
    assert set(analyses.weekly(full)) == {"new deals"}  # too few closed deals a week for a p chart


def test_an_import_reads_through_the_course_loader_and_refuses_what_it_lacks_in_one_line(imported):
    from saleslab.crmimport import snapshot as import_snapshot
    from saleslab.data import NotInImport, load as course_load, snapshot

    folder = imported["salesforce"]
    assert course_load("crm_opportunities", folder).equals(load("crm_opportunities", folder))
    assert snapshot(folder) == import_snapshot(folder)
    with pytest.raises(NotInImport, match=r"no kpi_shifts .*your_own_data\.ipynb") as raised:
        course_load("kpi_shifts", folder)
    assert raised.value._render_traceback_() == [str(raised.value)]
    with pytest.raises(NotInImport, match="no stage history"):
        course_load("crm_events", imported["generic"])
    assert len(load("crm_events", imported["generic"]))  # the your-own-data analyses still read it


def test_the_weekly_table_counts_the_deals_of_full_weeks_and_makes_up_no_activity(imported):
    from saleslab.crmimport import snapshot

    folder = imported["salesforce"]
    weekly, opps = load("weekly_kpis", folder), load("crm_opportunities", folder)
    end = snapshot(folder).to_period("W").start_time
    closed = opps[opps["status"].isin(["won", "lost"]) & (opps["closed_at"] < end) & opps["rep"].notna()
                  & (opps["closed_at"] >= weekly["week"].min())]
    assert weekly["opportunities_closed"].sum() == len(closed) > 0
    assert weekly["deals_won"].sum() == (closed["status"] == "won").sum()
    assert weekly["bookings"].sum() == pytest.approx(closed.loc[closed["status"] == "won", "value"].sum())
    assert weekly["win_rate"].isna().equals(weekly["opportunities_closed"] == 0)
    assert not {"calls", "meetings", "proposals", "response_time_hours"} & set(weekly.columns)


def test_the_your_own_data_notebook_says_what_it_runs_on(imported):
    from saleslab.crmimport.analyses import describe, your_data

    assert describe(your_data(imported["salesforce"])).startswith(
        "Data: an import of salesforce_opportunities.csv, salesforce_stage_history.csv; 8 deals, snapshot ")
    assert describe(your_data(imported["gbk"])).endswith("a snapshot without stage history.")


def test_the_name_table_keeps_every_import_made_with_the_same_key(imported):
    key = imported["salesforce"].parent / "trainer.key"
    with open(f"{key}.names.csv", encoding="utf-8") as handle:
        lookup = dict(csv.reader(handle))
    for folder in imported.values():
        reps = set(load("crm_opportunities", folder)["rep"]) - {""}
        assert reps <= set(lookup), folder.name
