"""saleslab.data: generators, the data dictionary, loading, validation and `saleslab data`."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT
from saleslab.cli import main
from saleslab.data import (DATASETS, DEFAULT_SEED, SNAPSHOT, case1_leads, case2_complaints,
                           case2_customers, case3_reps, crm_log, generate_all, kpi_shifts, load,
                           sales_history, territories, validate_folder, weekly_kpis, write_datasets)
from saleslab.data.crm import crm_events, crm_opportunities
from saleslab.data.dictionary import RESOURCE
from saleslab.data.org import reps
from saleslab.data.schema import check_csv, problems

DATA = ROOT / "datasets"
GENERATORS = [sales_history, territories, crm_log, crm_opportunities, crm_events, weekly_kpis,
              kpi_shifts, case1_leads, case2_customers, case2_complaints, case3_reps]


@pytest.mark.parametrize("generator", GENERATORS, ids=lambda g: g.__name__)
@pytest.mark.parametrize("seed, error", [("7", TypeError), (1.5, TypeError), (True, TypeError),
                                         (-3, ValueError)])
def test_generators_reject_a_bad_seed_naming_it(generator, seed, error):
    with pytest.raises(error, match=r"`seed` must be a whole number 0 or more, got"):
        generator(seed=seed)


@pytest.mark.parametrize("call, message", [
    (lambda: crm_log(n_opportunities=0), r"`n_opportunities` must be a whole number from 1 up, got 0"),
    (lambda: sales_history(n_months=-2), r"`n_months` .* got -2"),
    (lambda: sales_history(n_reps=2.5), r"`n_reps` .* got 2.5"),
    (lambda: weekly_kpis(n_weeks=30), r"`n_weeks` must be a whole number from 47 up, got 30"),
    (lambda: kpi_shifts(n_reps=3, n_shifts=4), r"`n_shifts` must be a whole number from 0 to 3, got 4"),
    (lambda: case1_leads(leads_per_day=0), r"`leads_per_day` must be a number greater than 0, got 0"),
    (lambda: case2_complaints(complaints_per_year=-0.6), r"`complaints_per_year`"),
    (lambda: case3_reps(first_wave_share=1.3), r"`first_wave_share` must be between 0 and 1, got 1.3"),
])
def test_bad_sizes_and_rates_are_refused_with_the_parameter_and_value(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_same_seed_same_data_and_another_seed_other_data():
    pd.testing.assert_frame_equal(weekly_kpis(seed=11), weekly_kpis(seed=11))
    assert not weekly_kpis(seed=11).equals(weekly_kpis(seed=12))
    assert not crm_log(seed=11, n_opportunities=300).events.equals(crm_log(seed=12, n_opportunities=300).events)


def test_the_first_reps_do_not_depend_on_how_many_there_are():
    pd.testing.assert_frame_equal(reps(5, 20), reps(5, 30).head(20))


# --- the committed datasets and their descriptor -------------------------------------------

def test_every_committed_csv_validates_against_the_descriptor():
    assert validate_folder(DATA) == []


def test_descriptor_names_every_dataset_with_command_seed_units_and_sizes():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert package["command"] == f"saleslab data --seed {DEFAULT_SEED} --out datasets"
    assert package["seed"] == DEFAULT_SEED
    assert [r["name"] for r in package["resources"]] == list(DATASETS)
    for resource in package["resources"]:
        path = DATA / resource["path"]
        assert path.stat().st_size == resource["bytes"] < 5_000_000
        for field in resource["schema"]["fields"]:
            assert field["type"] in {"integer", "number", "string", "date", "datetime", "boolean"}
            assert field["description"]
    money = [f for r in package["resources"] for f in r["schema"]["fields"] if f["name"] in ("bookings", "value")]
    assert money and all("CNY" in f["description"] for f in money)


@pytest.mark.parametrize("name", DATASETS)
def test_load_gives_the_generated_frame_with_documented_types(name):
    frame = load(name)
    assert frame.columns.tolist() == RESOURCE[name].columns
    for field in RESOURCE[name].fields:
        column = frame[field.name]
        if field.type in ("date", "datetime"):
            assert pd.api.types.is_datetime64_dtype(column)
        elif field.enum is not None:
            assert list(column.cat.categories) == list(field.enum)
        elif field.type == "integer":
            assert column.dtype == np.int64


def test_load_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"`name` must be one of sales_history, territories.*got 'sales'"):
        load("sales")


def test_load_reads_argument_then_environment_then_course_folder(tmp_path, monkeypatch):
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    for folder, potential in ((mine, 1.0), (theirs, 2.0)):
        folder.mkdir()
        territories_ = load("territories").assign(potential=potential)
        territories_.to_csv(folder / "territories.csv", index=False)
    monkeypatch.setenv("SALESLAB_DATA", str(theirs))
    assert load("territories")["potential"].eq(2.0).all()
    assert load("territories", folder=mine)["potential"].eq(1.0).all()
    monkeypatch.delenv("SALESLAB_DATA")
    assert load("territories")["potential"].gt(1e6).all()
    with pytest.raises(FileNotFoundError, match="no crm_events.csv"):
        load("crm_events", folder=mine)


def test_validator_reports_each_kind_of_problem(tmp_path):
    resource = RESOURCE["crm_opportunities"].descriptor("")
    good = (DATA / "crm_opportunities.csv").read_text(encoding="utf-8").splitlines()[:6]
    rows = [line.split(",") for line in good[1:]]
    rows[0][7] = "maybe"            # status not in enum
    rows[1][5] = "2025-13-40 10:00:00"  # impossible datetime
    rows[2][1] = ""                 # required rep missing
    rows[3][6] = "-5.0"             # value below minimum
    rows[4][0] = rows[3][0]         # primary key repeats
    path = tmp_path / "crm_opportunities.csv"
    path.write_text("\n".join([good[0], *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
    found = "\n".join(problems(path, resource))
    for expected in ("`status` is not one of", "`created_at` is not a date and time", "`rep` is required",
                     "`value` is below the minimum 0", "primary key ['opportunity_id'] repeats"):
        assert expected in found
    with pytest.raises(ValueError, match="is not one of"):
        check_csv(path, resource)
    path.write_text("rep,opportunity_id\n", encoding="utf-8")
    assert problems(path, resource) == [f"crm_opportunities.csv: columns must be "
                                        f"{RESOURCE['crm_opportunities'].columns}, got ['rep', 'opportunity_id']"]


# --- regenerating -------------------------------------------------------------------------

def test_default_seed_reproduces_the_committed_files_byte_for_byte(tmp_path):
    assert main(["data", "--seed", str(DEFAULT_SEED), "--out", str(tmp_path)]) == 0
    for name in [*DATASETS, "datapackage"]:
        suffix = ".json" if name == "datapackage" else ".csv"
        assert (tmp_path / f"{name}{suffix}").read_bytes() == (DATA / f"{name}{suffix}").read_bytes(), name


def test_another_seed_gives_other_files_with_the_same_schema(tmp_path, capsys):
    assert main(["data", "--seed", "7", "--out", str(tmp_path)]) == 0
    assert validate_folder(tmp_path) == []
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    committed = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert package["command"] == "saleslab data --seed 7 --out datasets"
    for new, old in zip(package["resources"], committed["resources"]):
        assert new["schema"] == old["schema"]
        assert (tmp_path / new["path"]).read_bytes() != (DATA / old["path"]).read_bytes()
    capsys.readouterr()
    # a second run refuses to overwrite; --force does
    before = (tmp_path / "crm_events.csv").read_bytes()
    assert main(["data", "--seed", "8", "--out", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "already holds" in error and "add --force" in error
    assert "force=True" not in error  # command-line words on the command line
    assert (tmp_path / "crm_events.csv").read_bytes() == before
    assert main(["data", "--seed", "8", "--out", str(tmp_path), "--force"]) == 0
    assert (tmp_path / "crm_events.csv").read_bytes() != before


def test_negative_seed_on_the_command_line_is_one_line_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "DIR2"
    assert main(["data", "--seed", "-3", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert error == "saleslab data: `seed` must be a whole number 0 or more, got -3\n"
    assert not out.exists()


def test_write_refuses_existing_files_without_force(tmp_path):
    (tmp_path / "datapackage.json").write_text("{}")
    with pytest.raises(ValueError, match=r"already has datapackage.json; pass force=True"):
        write_datasets(tmp_path, seed=1)
    assert (tmp_path / "datapackage.json").read_text() == "{}"


def test_generate_all_returns_every_dataset_in_order():
    frames = generate_all(seed=3)
    assert list(frames) == list(DATASETS)
    assert all(frame.columns.tolist() == RESOURCE[name].columns for name, frame in frames.items())


# --- the data teaches what the modules need ----------------------------------------------

def test_sales_history_has_seasons_growth_and_potential_that_disagrees_with_history():
    history = load("sales_history")
    assert history["month"].nunique() == 36 and history["month"].max() == pd.Timestamp("2025-12-01")
    by_month = history.groupby(history["month"].dt.month)["bookings"].sum()
    assert by_month[12] == by_month.max() and by_month[2] == by_month.min()
    by_year = history.groupby(history["month"].dt.year)["deals"].sum()
    assert 1.05 < (by_year.iloc[-1] / by_year.iloc[0]) ** 0.5 < 1.2
    last = history[history["month"].dt.year == 2025].groupby("rep")["bookings"].sum()
    potential = load("territories").set_index("rep")["potential"]
    share_gap = (last / last.sum() - potential / potential.sum()).abs().max()
    assert share_gap > 0.005
    assert (history["bookings"] > 0).eq(history["deals"] > 0).all()


def test_crm_rates_bottleneck_loops_skips_and_censoring_are_plausible():
    events, deals = load("crm_events"), load("crm_opportunities")
    entered = events.drop_duplicates(["opportunity_id", "stage"])["stage"].value_counts()
    assert 0.02 < entered["won"] / entered["lead"] < 0.10
    assert 0.18 < entered["won"] / entered["qualified"] < 0.32
    nxt = events.groupby("opportunity_id")["stage"].shift(-1)
    moved_on = events.assign(next=nxt).dropna(subset=["next"])
    moved_on = moved_on[moved_on["next"].astype(str) != "lost"]
    rate = moved_on["stage"].value_counts() / events["stage"].value_counts()
    assert rate[["lead", "contacted", "qualified", "proposal", "negotiation"]].idxmin() == "proposal"
    pairs = set(zip(events["stage"].astype(str), nxt.astype(str)))
    assert ("negotiation", "proposal") in pairs and ("lead", "qualified") in pairs
    open_deals = deals[deals["status"] == "open"]
    assert len(open_deals) > 100 and open_deals["closed_at"].isna().all()
    assert (deals["closed_at"].dropna() <= SNAPSHOT).all()
    reasons = deals["loss_reason"].value_counts(normalize=True)
    assert reasons.iloc[0] > 1.5 * reasons.iloc[1]
    assert deals["loss_reason"].notna().eq(deals["status"] == "lost").all()


def test_opportunities_agree_with_their_stage_log():
    deals = load("crm_opportunities").set_index("opportunity_id")
    events = load("crm_events")
    first, last = events.groupby("opportunity_id").first(), events.groupby("opportunity_id").last()
    assert first["stage"].eq("lead").all() and first["entered_at"].equals(deals["created_at"])
    closed = deals["status"] != "open"
    assert last["stage"][closed].astype(str).equals(deals["status"][closed].astype(str))
    assert last["entered_at"][closed].equals(deals["closed_at"][closed])
    assert last["stage"][~closed].astype(str).equals(deals["last_stage"][~closed].astype(str))


def test_kpi_truth_table_points_at_real_shifts_in_the_committed_data():
    kpis, shifts = load("weekly_kpis"), load("kpi_shifts")
    assert kpis["week"].dt.day_of_week.eq(0).all() and kpis["week_index"].max() == 77
    assert shifts["kind"].tolist() == ["sudden", "small", "drift"]
    for row in shifts.itertuples():
        series = kpis[kpis["rep"] == row.rep].set_index("week_index")[row.kpi]
        before = series[: row.start_week - 1]
        after = series[row.start_week + (8 if row.kind == "drift" else 0):]
        step = (after.mean() - before.mean()) / before.std() * (1 if row.direction == "up" else -1)
        assert step > 0.5 * row.size_sigma
        assert kpis.loc[kpis["week_index"] == row.start_week, "week"].iloc[0] == row.week


def test_case_populations_follow_the_calibrations():
    leads = load("case1_leads")
    assert leads["arrived_at"].dt.day_of_week.max() <= 4 and leads["arrived_at"].is_monotonic_increasing
    assert 1_800 < len(leads) < 3_300
    customers, complaints = load("case2_customers"), load("case2_complaints")
    assert 0.5 < len(complaints) / len(customers) < 0.7
    assert complaints["customer_id"].isin(customers["customer_id"]).all()
    assert (customers["joined_at"] < complaints["filed_at"].min()).all()
    reps_ = load("case3_reps")
    assert reps_["wave"].value_counts().tolist() == [20, 20]
    assert (reps_.groupby("team")["wave"].apply(lambda w: (w == "first").sum()) == 5).all()
    assert 44 < reps_["knowledge_k0"].mean() < 56 and 7 < reps_["opportunities_per_month"].mean() < 13
    assert abs(reps_["base_win_logit"].mean() - np.log(1 / 3)) < 0.25


def test_a_copy_of_the_datasets_folder_validates_and_a_broken_one_does_not(tmp_path):
    copy = tmp_path / "workshop"
    shutil.copytree(DATA, copy)
    assert validate_folder(copy) == []
    text = (copy / "kpi_shifts.csv").read_text(encoding="utf-8").replace(",up,", ",sideways,", 1)
    (copy / "kpi_shifts.csv").write_text(text, encoding="utf-8")
    assert any("`direction` is not one of" in p for p in validate_folder(copy))
