"""The capstone in the Chinese edition: the review names each field to write in Chinese with
the name to type beside it, and the exported plan (read away from the code) is Chinese only."""

from __future__ import annotations

import html
import re

import pytest

from conftest import ROOT
from saleslab import i18n, targets
from saleslab.assessment import capstone
from saleslab.assessment.plan import plan_page, review
from saleslab.data import load
from test_assessment_capstone import finished_plan


@pytest.fixture(scope="module")
def data():
    return {name: load(name, ROOT / "datasets") for name in ("crm_opportunities", "crm_events")}


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")


def test_the_review_says_each_field_in_chinese_beside_the_name_to_type(data, chinese):
    target, criteria, kpis, pilot = finished_plan(data)
    left = review(targets.Target("bookings", target.value, baseline=target.baseline, owner="",
                                 scope=target.scope), {**criteria, "proposal": ""},
                  [capstone.KPI("win_rate", "individuals", "outside_limits")],
                  capstone.Pilot(pilot.team, "", "randomised leads", 1.0, 12, 0, 0, ""),
                  data["crm_opportunities"])["what is left"]
    assert "负责人 owner" in left["target"] and "方案 proposal" in left["funnel"]
    assert "是比率类指标：请用p 控制图 p" in left["kpis"]
    assert "改进措施 change" in left["pilot"] and "决策规则 decision rule" in left["pilot"]


def test_the_exported_plan_shows_no_english_field_or_value(data, chinese):
    target, criteria, kpis, pilot = finished_plan(data)
    page = plan_page(target, criteria, kpis, pilot, data["crm_events"], data["crm_opportunities"])
    cells = {html.unescape(cell) for cell in re.findall(r"<t[hd]>([^<]*)</t[hd]>", page)}
    english = {"part", "status", "what is left", "target", "pilot", "stage", "conversion", "lead",
               "individuals", "a week outside the control limits", "calls", "randomised leads"}
    assert not cells & english, cells & english
    assert {"部分", "状态", "目标", "阶段", "线索", "单值控制图", "某一周超出控制限"} <= cells
    assert "按线索随机分组" in page and "条原则中满足 5 条。" in page


def test_the_written_plan_is_announced_in_chinese_and_stays_a_path(monkeypatch):
    from pathlib import Path

    from IPython.lib.pretty import pretty

    from saleslab.assessment.plan import PlanFile

    written = PlanFile("my_team_plan.html")
    assert pretty(written) == pretty(Path("my_team_plan.html"))  # English: the Path, as before
    monkeypatch.setenv(i18n.LANG_VARIABLE, "zh_CN")
    assert pretty(written) == "计划已写入 my_team_plan.html：用浏览器打开即可。"
    assert written.with_suffix(".csv").name == "my_team_plan.csv"
