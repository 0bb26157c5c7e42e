"""The names in the course's tables, marked for translation: what the Chinese edition shows
for a column, an index, a row label or a cell value (see :mod:`saleslab.tabledisplay`).

A name is translated as itself (``N_("share_of_entered")``) unless :data:`LABELS` gives it an
English text of its own: where the name alone is ambiguous (``error`` is a forecast's error,
not a message) or already names something else in the catalogue (``before`` is the period
before a change, not the knowledge check before the course). The data values the generators
define are marked where they are defined (stages, loss reasons; the KPIs' names come from
:data:`saleslab.monitoring.KPI_LABELS`). :data:`saleslab.catalogue.DATA_VALUES` (``low``,
``high``, ``complained`` ...) stay English everywhere, as row labels, columns and values.

>>> LABELS["error"]
'forecast error'
"""

from __future__ import annotations

from .i18n import N_, NC_
from .monitoring.scorecards import KPI_LABELS

#: Names whose English text for the translator is not the name itself.
LABELS: dict[str, str] = {
    **KPI_LABELS,
    "error": N_("forecast error"),
    "expected": N_("expected bookings"),
    "before": N_("before the change"),
    "after": N_("after the change"),
    "change": N_("group with the change"),
    "comparison": N_("comparison group"),
    "baseline": N_("baseline group"),
    "intervention": N_("intervention group"),
    "exit_criterion": N_("exit criterion"),
    "exit criterion": N_("exit criterion"),
    "count": N_("number"),
}

# The other names, translated as themselves. Grouped by where the tables come from.
NAMES = (
    # Deals, stages and the funnel (modules 2 and 5, your own data)
    N_("stage"), N_("entered"), N_("moved_on"), N_("open"), N_("conversion"),
    N_("share_of_entered"), N_("visits"), N_("still_open"), N_("median_days"),
    N_("median_low"), N_("median_high"), N_("finished_only_median_days"),
    N_("closed_only_median_days"), N_("deals"), N_("win_probability"), N_("loss_probability"),
    N_("expected_steps"), N_("transitions_seen"), N_("open_deals"), N_("today"),
    N_("benchmark"), N_("points"), N_("bookings_gain"), N_("extra_bookings"),
    N_("opportunity_id"), N_("entered_at"), N_("loss_reason"), N_("last_stage"),
    N_("status"), N_("won_deals"), N_("median_days_from_qualified"), N_("share_looped_back"),
    N_("rate_from_previous"), N_("sum"), N_("average_deal"), N_("pipeline_per_year"),
    N_("opportunities_per_month"),
    # pandas' describe()
    N_("mean"), N_("std"), N_("min"), N_("max"),
    # Targets (module 1, capstone)
    N_("month"), N_("share"), N_("last_year"), N_("potential"), N_("weight"), N_("quota"),
    N_("growth"), N_("allocation"), N_("rep"), N_("team"), N_("region"), N_("lowest"),
    N_("median"), N_("highest"), N_("part"), N_("what is left"), N_("target"), N_("funnel"),
    N_("kpis"), N_("pilot"), N_("criterion"), N_("ok"),
    # Monitoring (module 3)
    N_("week"), N_("week_index"), N_("calls_per_week"), N_("meetings_per_week"),
    N_("proposals_per_week"), N_("weeks"), N_("rep_value"), N_("team_value"), N_("difference"),
    N_("holiday"), N_("spring_festival"), N_("after_spring_festival"), N_("national_day"),
    N_("direction"), N_("up"), N_("down"), N_("reason"), N_("point"), N_("rule"),
    N_("description"), N_("kpi"), N_("kind"), N_("sudden"), N_("small"), N_("drift"),
    N_("start_week"), N_("size_sigma"), N_("limits"), N_("rules"), N_("cusum"), N_("label"),
    N_("shift"), N_("message"), N_("planted"), N_("outside_limits"),
    N_("weeks_better_than_baseline"), N_("weeks_worse_than_baseline"), N_("beyond_3_sigma"),
    N_("2_of_3_beyond_2_sigma"), N_("4_of_5_beyond_1_sigma"), N_("8_same_side"),
    N_("9_same_side"), N_("6_trending"), N_("14_alternating"), N_("15_within_1_sigma"),
    N_("8_beyond_1_sigma"),
    # Improvement (module 4) and the cases' experiments
    N_("cumulative_share"), N_("vital_few"), N_("after_minus_before"), N_("arm"), N_("group"),
    N_("customers_per_arm"), N_("effect"), N_("ci_low"), N_("ci_high"), N_("naive_low"),
    N_("naive_high"), N_("seed"), N_("significant"), N_("logrank_p"), N_("spend_kept"),
    N_("churned"), N_("churn"), N_("method"), N_("mean_effect"), N_("spread"),
    N_("built_in_effect"), N_("bias"), N_("measured"), N_("spillover"), N_("ancova"),
    N_("did"), N_("after_only"), N_("before_after"), N_("random"), N_("weakest"),
    N_("strongest"),
    # Module 5: process, pipeline health, forecast, quotas
    N_("step"), N_("lane"), N_("no_further"), N_("median_hours"), N_("close_date"), N_("why"),
    N_("flagged_share"), N_("aged"), N_("slipping"), N_("stale"), N_("no_next_step"),
    N_("amount_frozen"), N_("amount"), N_("category"), N_("quarter"), N_("crm_amount"),
    N_("forecast"), N_("actual"), N_("other_bookings"), N_("inside"),
    N_("top_reason"), N_("penetration"), N_("individual"), N_("team_pool"),
    # Case 1: B2B lead follow-up
    N_("lead_id"), N_("arrived_at"), N_("source"), N_("company_size"), N_("product_line"),
    N_("first_call_hours"), N_("attempts"), N_("contacted"), N_("qualified"), N_("won"),
    N_("leads"), N_("median_first_call_hours"), N_("late_share"), N_("queue_wait_hours"),
    N_("attempts_per_lead"), N_("reached"), N_("close_rate"), N_("band"),
    N_("called_within_1_h"), N_("extra_calls"), N_("web form"), N_("trade show"), N_("referral"), N_("phone"),
    N_("partner"), N_("medium"), N_("large"), N_("East"), N_("North"), N_("South"),
    N_("West"), N_("Equipment"), N_("Automation software"), N_("Service contracts"),
    # Case 2: retail complaints
    N_("complaint_id"), N_("customer_id"), N_("filed_at"), N_("segment"), N_("complaints"),
    N_("first_resolution_days"), N_("customers"), N_("answered"), N_("response_rate"),
    N_("survey_score"), N_("first_quarter_score"), N_("true_score"),
    N_("regular"), N_("member"), N_("vip"), N_("product quality"), N_("delivery"),
    N_("billing"), N_("staff"), N_("returns"),
    # Case 3: manufacturing training
    N_("rep_id"), N_("knowledge_k0"), N_("base_win_logit"), N_("wave"), N_("first"),
    N_("wait-list"), N_("quiz_score"), N_("opportunities"), N_("deals_won"),
    N_("revenue_per_month"), N_("reps"), N_("proposal_rate"), N_("product"), N_("skills"),
    N_("both"), N_("none"), N_("power"),
)

#: How the Chinese edition shows True and False in a table (是 / 否).
BOOLEANS: dict[bool, str] = {True: N_("yes"), False: N_("no")}

#: Values whose Chinese depends on the column they are in, each marked with the column's
#: name as its context (msgctxt): ``small`` is a shift kind (小幅) in ``kind``, a company
#: size (小) elsewhere. :func:`saleslab.tabledisplay.value` looks them up by the column.
IN_COLUMN = (NC_("kind", "small"),)
#: Column headers whose name alone is ambiguous: context "column" (tabledisplay.COLUMN).
IN_HEADER = (NC_("column", "low"), NC_("column", "high"))

#: The settings a case's code passes on (its levers and cost assumptions), shown by
#: :func:`saleslab.tabledisplay.settings_text`.
SETTINGS = (
    N_("first_call_target_hours"), N_("schedule"), N_("crm"), N_("team_size"),
    N_("leads_per_day"), N_("first_calls_per_rep_day"), N_("Costs"), N_("handler_monthly"),
    N_("team_setup"), N_("records_setup"), N_("records_monthly"), N_("margin"), N_("kept_years"),
    N_("trainer_day"), N_("travel_day"), N_("selling_days"),
)

#: A weekly KPI's name a capstone plan may watch (its chart's label names it).
KPI_NAMES = (N_("opportunities_created"),)
