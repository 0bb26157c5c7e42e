"""A capstone plan reviewed part by part, and exported as the one-page plan a learner takes home.

:func:`review` lists, per part, what is missing or inconsistent (empty: complete and
consistent); :func:`plan_page` writes the plan on one HTML page. Both read the data the
plan was built on, so they hold for any data folder.

>>> criteria_problems({"lead": "x"})[0]
'write the exit criterion of lead, contacted, qualified, proposal, negotiation (what the buyer did or confirmed, in a few words)'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from ..funnel._log import STAGES
from ..i18n import NC_, _
from ..localformat import chinese_edition, join_clauses, join_list
from ..plots import money, percent
from ..tabledisplay import for_reading, label, value
from ..targets import Target, smart_check
from .report import html_table as _table
from .capstone import (ALERTS, DESIGNS, KPI, Pilot, funnel_plan, pilot_test, pilot_value, split_target,
                       team_growth)

PARTS = ("target", "funnel", "kpis", "pilot")
#: The fields of a target and of a pilot a review asks for, each shown with the Chinese
#: beside the name the learner types (``负责人 owner``): the context keeps ``change`` (a
#: pilot's change) apart from the comparison's "group with the change".
FIELDS = (NC_("plan field", "owner"), NC_("plan field", "scope"), NC_("plan field", "baseline"),
          NC_("plan field", "deadline"), NC_("plan field", "change"), NC_("plan field", "decision rule"))


def target_problems(target: Any, opportunities: pd.DataFrame) -> list[str]:
    """A SMART target of one of the data's teams, with owner, scope, baseline and deadline."""
    if not isinstance(target, Target):
        return ["`target` must be a targets.Target(...)"]
    found = [_("write the target's {part}").format(part=label(name, "plan field"))
             for name in ("owner", "scope", "baseline", "deadline") if getattr(target, name) in (None, "")]
    if target.scope and target.scope not in set(opportunities["team"]):
        found.append(_("scope {scope!r} is not a team of your data").format(scope=target.scope))
    check = smart_check(target, team_growth(opportunities, target.scope or ""))
    found += [_("not {criterion}").format(criterion=_(criterion)) for criterion in check.failed]
    return found


def criteria_problems(exit_criteria: Any) -> list[str]:
    """An exit criterion of at least three words for every open stage of the funnel."""
    if not isinstance(exit_criteria, Mapping):
        return ["`exit_criteria` must be a dict: stage → exit criterion"]
    empty = [stage for stage in STAGES if len(str(exit_criteria.get(stage, "")).split()) < 3]
    found = [_("write the exit criterion of {stages} (what the buyer did or confirmed, in a few "
               "words)").format(stages=join_list(map(label, empty)))] if empty else []
    found += [_("{stage!r} is not a stage of the funnel ({stages})").format(stage=stage, stages=join_list(STAGES))
              for stage in exit_criteria if stage not in STAGES]
    return found


def kpi_problems(kpis: Any) -> list[str]:
    """Three different KPIs, each with the chart that fits its kind and a known alert rule."""
    if not isinstance(kpis, Sequence) or not all(isinstance(k, KPI) for k in kpis):
        return ["`kpis` must be a list of three KPI(...)"]
    found = [] if len({k.name for k in kpis}) == len(kpis) == 3 else [
        _("choose three different KPIs (got {n})").format(n=len({k.name for k in kpis}))]
    return found + [problem for kpi in kpis for problem in kpi.problems()]


def pilot_problems(pilot: Any, opportunities: pd.DataFrame) -> list[str]:
    """A pilot with its change, design and decision rule, whose sample fits the team's volume."""
    if not isinstance(pilot, Pilot):
        return ["`pilot` must be a Pilot(...)"]
    found = [_("write the pilot's {part}").format(part=label(name, "plan field"))
             for name in ("change", "decision rule") if len(str(getattr(pilot, name.replace(" ", "_"))).split()) < 3]
    if pilot.design not in DESIGNS:
        found.append(_("design {design!r} is not one of {designs}").format(design=pilot.design,
                                                                          designs=join_list(DESIGNS)))
    try:
        test = pilot_test(pilot, opportunities)
    except ValueError as error:
        return [*found, str(error)]
    if test.n_per_arm < test.needed_per_arm:
        found.append(_("the sample does not fit: {n} deals per group in {months} months, {needed} "
                       "needed for 80% power (run {months_needed} months, or test a change with a "
                       "larger effect)").format(n=test.n_per_arm, months=pilot.months,
                                                needed=test.needed_per_arm, months_needed=test.months_needed))
    return found


def review(target: Any, exit_criteria: Any, kpis: Any, pilot: Any,
           opportunities: pd.DataFrame) -> pd.DataFrame:
    """One row per part: complete and consistent, or what is left to do."""
    problems = {"target": target_problems(target, opportunities), "funnel": criteria_problems(exit_criteria),
                "kpis": kpi_problems(kpis), "pilot": pilot_problems(pilot, opportunities)}
    return pd.DataFrame({"part": list(problems),
                         "status": [_("complete and consistent") if not p else _("to finish")
                                    for p in problems.values()],
                         "what is left": [join_clauses(p) for p in problems.values()]}).set_index("part")


_STYLE = ("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;max-width:50em;font-size:13px}"
          "h1{font-size:20px;margin:0 0 .3em}h2{font-size:15px;margin:1em 0 .3em}"
          "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
          "th{background:#f3f3f3}.todo{color:#d1495b}")


def plan_page(target: Target, exit_criteria: Mapping[str, str], kpis: Sequence[KPI], pilot: Pilot,
              events: pd.DataFrame, opportunities: pd.DataFrame) -> str:
    """The plan on one HTML page: target and split, funnel, KPIs, pilot, and the review."""
    team = target.scope or ""
    split = split_target(target, opportunities)
    funnel = funnel_plan(events, opportunities, team, dict(exit_criteria))
    funnel["conversion"] = funnel["conversion"].map(percent)
    test, worth = pilot_test(pilot, opportunities), pilot_value(pilot, opportunities)
    checked = review(target, exit_criteria, kpis, pilot, opportunities)
    parts = [
        "<h1>" + escape(_("Process-management plan: {team}").format(team=team)) + "</h1>",
        "<h2>1. " + escape(_("Target")) + "</h2><p>"
        + escape(_("{check}. {metric}: {value} by {deadline} (baseline {baseline}); owner {owner}.").format(
            check=smart_check(target, team_growth(opportunities, team)).headline(),
            metric=value(target.metric), value=money(target.value), deadline=target.deadline,
            baseline=money(target.baseline or 0), owner=target.owner)) + "</p>",
        _table(pd.DataFrame({_("Rep"): split.index, _("Target"): split.map(money).to_numpy()})),
        "<h2>2. " + escape(_("Funnel stages and exit criteria")) + "</h2>", _table(for_reading(funnel)),
        "<h2>3. " + escape(_("Process KPIs")) + "</h2>",
        _table(pd.DataFrame([(value(k.name), value(k.chart, "chart"), _(ALERTS.get(k.alert, k.alert)))
                             for k in kpis], columns=[_("KPI"), _("Chart"), _("Alert when")])),
        "<h2>4. " + escape(_("PDCA pilot")) + "</h2><p>" + escape(_(
            "{change} — design: {design}; {test}. Cost {cost} once and {monthly} a month; "
            "expected net value over 12 months {net} (90% of runs {low} to {high}). Decision "
            "rule: {rule}").format(change=pilot.change, design=value(pilot.design), test=test.headline(),
                                   cost=money(pilot.one_off_cost), monthly=money(pilot.monthly_cost),
                                   net=money(worth.net_mean), low=money(worth.net_low),
                                   high=money(worth.net_high), rule=pilot.decision_rule)) + "</p>",
        "<h2>" + escape(_("Review")) + "</h2>", _table(for_reading(checked.reset_index())),
    ]
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{escape(team)}</title>'
            f"<style>{_STYLE}</style></head><body>\n" + "\n".join(parts) + "\n</body></html>\n")


class PlanFile(type(Path())):  # type: ignore[misc]  # the concrete Path class of this system
    """The path of a written plan: a Path that a notebook shows as a sentence in the Chinese
    edition (as the Path it is in English).

    >>> PlanFile("my_team_plan.html").suffix
    '.html'
    """

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        if chinese_edition():
            printer.text(_("Plan written to {path}: open it in the browser.").format(path=self))
        else:
            printer.text(repr(Path(self)))


def export(path: Path | str, *args: Any) -> PlanFile:
    """Write :func:`plan_page` of ``args`` to ``path`` (an .html file); the path written."""
    path = PlanFile(path)
    if path.suffix != ".html":
        raise ValueError(f"`path` must end in .html, got {str(path)!r}")
    path.write_text(plan_page(*args), encoding="utf-8")
    return path
