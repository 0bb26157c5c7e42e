"""The capstone (issue 19): a finished plan is complete and consistent at two data seeds,
the review names what is left in an unfinished one, the grader reports it per part, and
the one-page plan holds every part."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT
from saleslab import targets
from saleslab.assessment import capstone
from saleslab.assessment.capstone_check import SET
from saleslab.assessment.plan import plan_page, review
from saleslab.data import generate_all, load


@pytest.fixture(scope="module", params=[2026, 7])
def data(request) -> dict[str, pd.DataFrame]:
    if request.param == 2026:
        return {name: load(name, ROOT / "datasets") for name in ("crm_opportunities", "crm_events", "weekly_kpis")}
    return generate_all(seed=request.param)


def finished_plan(data: dict[str, pd.DataFrame]) -> tuple:
    """A learner's finished plan for the first team of the data."""
    opportunities = data["crm_opportunities"]
    team = sorted(opportunities["team"].unique())[0]
    baseline = capstone.team_baseline(opportunities, team)
    target = targets.Target("bookings", value=round(baseline * 1.02, -3), baseline=baseline,
                            owner="Li Wei", scope=team, deadline="2027-06-30")
    criteria = {stage: "the buyer confirmed the next step and its date" for stage in
                ("lead", "contacted", "qualified", "proposal", "negotiation")}
    kpis = [capstone.KPI("calls", "individuals", "outside_limits"), capstone.KPI("win_rate", "p", "weeks_in_a_row"),
            capstone.KPI("response_time_hours", "individuals", "outside_limits")]
    pilot = capstone.Pilot(team, "call every new lead within one hour", "randomised leads", uplift=1.0,
                           months=12, one_off_cost=20_000, monthly_cost=2_000,
                           decision_rule="adopt if the interval's low end is above zero")
    return target, criteria, kpis, pilot


def test_a_finished_plan_is_complete_and_consistent_and_graded_so(data):
    target, criteria, kpis, pilot = finished_plan(data)
    checked = review(target, criteria, kpis, pilot, data["crm_opportunities"])
    assert checked["what is left"].tolist() == [""] * 4, checked.to_dict()
    answers = {"target": target, "exit_criteria": criteria, "kpis": kpis, "pilot": pilot}
    assert [e.evaluate(answers, data).outcome for e in SET.exercises] == ["correct"] * 4
    page = plan_page(target, criteria, kpis, pilot, data["crm_events"], data["crm_opportunities"])
    for part in ("1. Target", "2. Funnel stages", "3. Process KPIs", "4. PDCA pilot", "Review", target.scope,
                 "response_time_hours", "call every new lead"):
        assert part in page


def test_the_review_names_what_is_left_in_an_unfinished_plan(data):
    target, criteria, kpis, pilot = finished_plan(data)
    opportunities = data["crm_opportunities"]
    unfinished = (
        targets.Target("bookings", target.value, baseline=target.baseline, owner="", scope="Nowhere"),
        {**criteria, "proposal": ""},
        [kpis[0], capstone.KPI("win_rate", "individuals", "outside_limits")],
        capstone.Pilot(pilot.team, "", "before and after", 0.05, 3, 0, 0, "adopt if it works"),
    )
    left = review(*unfinished, opportunities)["what is left"]
    assert "write the target's owner" in left["target"] and "'Nowhere' is not a team" in left["target"]
    assert "exit criterion of proposal " in left["funnel"]
    assert "choose three different KPIs" in left["kpis"] and "use the p chart" in left["kpis"]
    for says in ("write the pilot's change", "'before and after' is not one of", "the sample does not fit"):
        assert says in left["pilot"]
    answers = dict(zip(["target", "exit_criteria", "kpis", "pilot"], unfinished))
    assert [e.evaluate(answers, data).outcome for e in SET.exercises] == ["not yet"] * 4


def test_a_kpi_chart_is_drawn_for_every_kind(data):
    team = sorted(data["crm_opportunities"]["team"].unique())[0]
    for name, chart in (("calls", "individuals"), ("win_rate", "p"), ("bookings", "individuals")):
        frame = capstone.kpi_chart(data["weekly_kpis"], team, capstone.KPI(name, chart, "outside_limits"))
        assert len(frame) > capstone.BASELINE_WEEKS and frame["ucl"].notna().all()


def test_the_grader_takes_a_handed_in_capstone_for_the_capstone():
    from saleslab.grading import exercise_set_of

    text = (ROOT / "exercises/capstone.ipynb").read_text()
    assert exercise_set_of(text, "ana/capstone.ipynb") is SET


def test_the_capstone_runs_top_to_bottom_on_a_folder_with_only_the_tables_it_reads(tmp_path, monkeypatch):
    """As on a trainer's own data folder: another seed, and nothing but the three tables."""
    import nbformat

    from saleslab.data import write_datasets

    folder = tmp_path / "data"
    write_datasets(folder, seed=11)
    for path in folder.iterdir():
        if path.stem not in ("crm_opportunities", "crm_events", "weekly_kpis"):
            path.unlink()
    monkeypatch.setenv("SALESLAB_DATA", str(folder))
    monkeypatch.chdir(tmp_path)
    names: dict = {}
    for cell in nbformat.read(ROOT / "exercises/capstone.ipynb", as_version=4).cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, "<capstone>", "exec"), names)
    page = (tmp_path / "my_team_plan.html").read_text()
    assert f"Process-management plan: {names['team']}" in page and "to finish" in page
