"""The data dictionary: every dataset's columns, types, units and meaning, in one place.

``datasets/datapackage.json`` is written from :data:`RESOURCES`, and :func:`saleslab.data.load`
reads each CSV with the types given here.

>>> [field.name for field in RESOURCE["territories"].fields]
['rep', 'team', 'region', 'potential']
"""

from __future__ import annotations

from ..i18n import N_
from .crm import LOSS_REASONS, OPEN_STAGES, STAGES, STATUSES
from .kpis import DIRECTIONS, KINDS, SHIFT_KPIS
from .org import PRODUCT_LINES, REGIONS, TEAMS
from .pipeline import AE_DECISIONS, LEAD_SOURCES as HANDOFF_SOURCES, LEAVING_REASONS, NEXT_STEPS
from .populations import COMPANY_SIZES, COMPLAINT_CATEGORIES, LEAD_SOURCES, SEGMENTS, WAVES
from .schema import Field, Resource

_REP = Field("rep", "string", "Sales rep identifier (R01, R02, ...)")
_TEAM = Field("team", "string", "Sales team the rep belongs to", enum=tuple(TEAMS))
_REGION = Field("region", "string", "Sales region of the team", enum=REGIONS)
_PRODUCT = Field("product_line", "string", "Product line sold", enum=PRODUCT_LINES)


def _money(name: str, meaning: str, required: bool = True) -> Field:
    return Field(name, "number", f"{meaning}, CNY (yuan)", required=required, minimum=0)


def _count(name: str, meaning: str) -> Field:
    return Field(name, "integer", f"{meaning} (count)", minimum=0)


def _when(name: str, meaning: str, required: bool = True) -> Field:
    return Field(name, "datetime", f"{meaning} (local time, YYYY-MM-DD hh:mm:ss)", required=required)


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "sales_history", N_("Monthly sales history"),
        "Deals won and bookings per month, rep and product line over the three years before "
        "the snapshot year (module 1: targets). Q4 is strong, February (Chinese New Year) weak, "
        "growth about 8-15% a year.",
        (Field("month", "date", "First day of the month (YYYY-MM-DD)"), _REGION, _TEAM, _REP, _PRODUCT,
         _count("deals", "Deals won in the month"),
         _money("bookings", "Value of the deals won in the month, whole yuan")),
        ("month", "rep", "product_line"),
    ),
    Resource(
        "territories", N_("Territories and market potential"),
        "One row per rep: the rep's team, region and estimated market potential (module 1). "
        "Potential is not proportional to past sales, so splits by history and by potential differ.",
        (_REP, _TEAM, _REGION,
         _money("potential", "Estimated market potential of the rep's territory per year, rounded "
                "to thousands")),
        ("rep",),
    ),
    Resource(
        "crm_opportunities", N_("CRM opportunities"),
        "One row per opportunity created in the two years before the snapshot (2026-06-30 18:00), "
        "with its outcome (modules 2 and 4). Open deals are censored: their outcome is not known yet.",
        (Field("opportunity_id", "integer", "Opportunity number, in order of creation", minimum=1),
         _REP, _TEAM, _REGION, _PRODUCT,
         _when("created_at", "When the opportunity entered the CRM as a lead"),
         _money("value", "Expected deal value, whole yuan"),
         Field("status", "string", "Outcome at the snapshot: won, lost or still open", enum=STATUSES),
         _when("closed_at", "When the deal was won or lost; empty while open", required=False),
         Field("last_stage", "string", "Last stage reached before the outcome (for open deals: the "
               "current stage)", enum=OPEN_STAGES),
         Field("loss_reason", "string", "Main reason the deal was lost; empty unless lost",
               required=False, enum=LOSS_REASONS)),
        ("opportunity_id",),
    ),
    Resource(
        "crm_events", N_("CRM stage log"),
        "One row per stage entry, in time order within each opportunity (modules 2 and 4). Stages "
        "follow the buyer: lead, contacted, qualified, proposal, negotiation, then won or lost. "
        "Deals can skip (lead to qualified) and loop back (negotiation to proposal); open deals have "
        "no won/lost entry.",
        (Field("opportunity_id", "integer", "Opportunity number (see crm_opportunities)", minimum=1),
         Field("stage", "string", "Stage entered", enum=STAGES),
         _when("entered_at", "When the deal entered the stage")),
    ),
    Resource(
        "weekly_kpis", N_("Weekly KPIs per rep"),
        "Leading indicators (response time, calls, meetings, proposals) and lagging ones (closed, "
        "won, win rate, bookings) per rep per week, with a yearly season, the Spring Festival and "
        "National Day weeks, and three real changes listed in kpi_shifts (module 3: monitoring).",
        (Field("week", "date", "Monday of the week (YYYY-MM-DD)"),
         Field("week_index", "integer", "Week number, 0 for the first week", minimum=0),
         _REP, _TEAM,
         Field("response_time_hours", "number", "Average time from a new lead's arrival to the rep's "
               "first call that week, hours", minimum=0),
         _count("calls", "Sales calls made"), _count("meetings", "Customer meetings held"),
         _count("proposals", "Proposals sent"),
         _count("opportunities_closed", "Opportunities closed (won or lost)"),
         _count("deals_won", "Opportunities won"),
         Field("win_rate", "number", "deals_won / opportunities_closed, share 0-1; empty when none "
               "closed", required=False, minimum=0, maximum=1),
         _money("bookings", "Value of the deals won that week, whole yuan")),
        ("week", "rep"),
    ),
    Resource(
        "kpi_shifts", N_("Planted KPI shifts (truth table)"),
        "Where the weekly KPIs really change: one sudden drop, one small lasting step and one slow "
        "drift, each in one rep's KPI from start_week on. "
        "Trainer material: the answer key for control-chart exercises (module 3).",
        (_REP, Field("kpi", "string", "Column of weekly_kpis that shifts", enum=SHIFT_KPIS),
         Field("kind", "string", "sudden (a drop of 3.5-4 sigma), small (a step of about 1.4 "
               "sigma) or drift (builds up over 8 weeks to about 1.7 sigma)", enum=KINDS),
         Field("start_week", "integer", "week_index of the first shifted week", minimum=0),
         Field("week", "date", "Monday of the first shifted week (YYYY-MM-DD)"),
         Field("direction", "string", "Whether the KPI's mean goes up or down", enum=DIRECTIONS),
         Field("size_sigma", "number", "Full size of the change in weekly standard deviations of "
               "the KPI", minimum=1.3, maximum=4.0),
         Field("description", "string", "What happened, in a manager's words")),
        ("rep", "kpi"),
    ),
    Resource(
        "case1_leads", N_("Case 1: incoming leads"),
        "Leads arriving on working days over about six months before the snapshot (Poisson "
        "arrivals per day). The case simulation adds follow-up and outcomes.",
        (Field("lead_id", "integer", "Lead number, in order of arrival", minimum=1),
         _when("arrived_at", "When the lead arrived"),
         Field("source", "string", "Where the lead came from", enum=LEAD_SOURCES),
         _REP, Field("company_size", "string", "Size of the prospect company", enum=COMPANY_SIZES),
         _REGION, _PRODUCT),
        ("lead_id",),
    ),
    Resource(
        "case2_customers", N_("Case 2: retail customers"),
        "A retailer's customers at the start of the 12-month window before the snapshot. The case "
        "simulation adds complaint handling and churn.",
        (Field("customer_id", "integer", "Customer number", minimum=1),
         Field("store", "string", "Store the customer shops at (S01, S02, ...)"),
         Field("region", "string", "Region of the store", enum=REGIONS),
         Field("segment", "string", "Loyalty segment", enum=SEGMENTS),
         Field("joined_at", "date", "Day the customer joined (YYYY-MM-DD)"),
         Field("tenure_months", "integer", "Whole months as a customer at the window's start",
               minimum=0),
         Field("monthly_spend", "number", "Average spend per month, CNY (yuan)", minimum=0)),
        ("customer_id",),
    ),
    Resource(
        "case2_complaints", N_("Case 2: complaints"),
        "Complaints filed in the 12 months before the snapshot: Poisson, 0.6 per customer-year.",
        (Field("complaint_id", "integer", "Complaint number, in order of filing", minimum=1),
         Field("customer_id", "integer", "Customer who complained (see case2_customers)", minimum=1),
         _when("filed_at", "When the complaint was filed"),
         Field("category", "string", "What the complaint is about", enum=COMPLAINT_CATEGORIES)),
        ("complaint_id",),
    ),
    Resource(
        "case3_reps", N_("Case 3: reps before training"),
        "A manufacturer's reps with their starting product knowledge and selling parameters, and "
        "the training wave of the wait-list design (half of each team first).",
        (Field("rep_id", "string", "Rep identifier (T01, T02, ...)"),
         Field("team", "string", "Team (Team 1, Team 2, ...)"),
         Field("knowledge_k0", "number", "Product knowledge before training, points on a 0-100 "
               "scale (Normal(50, 10))", minimum=0, maximum=100),
         Field("base_win_logit", "number", "Rep's own win chance on the log-odds scale at average "
               "knowledge (Normal(logit 0.25, 0.35))"),
         Field("opportunities_per_month", "number", "Rep's average new opportunities per month "
               "(Gamma, mean 10, CV 0.3)", minimum=0),
         Field("wave", "string", "Training wave: trained first, or on the wait-list (control)",
               enum=WAVES)),
        ("rep_id",),
    ),
    Resource(
        "crm_deal_updates", N_("CRM deal updates"),
        "One row per update of a qualified deal's forecast fields (module 5): at each stage entry "
        "from qualified on, and each time the rep pushed a close date that had passed. Reps are "
        "optimistic about timing, some stop updating (stale close dates), some never revise the "
        "amount or leave the next step empty.",
        (Field("opportunity_id", "integer", "Opportunity number (see crm_opportunities)", minimum=1),
         _when("updated_at", "When the rep saved the update"),
         Field("stage", "string", "Stage of the deal at the update", enum=("qualified", "proposal",
               "negotiation")),
         Field("close_date", "date", "Expected close date in force after the update (YYYY-MM-DD)"),
         _money("amount", "Deal amount in the CRM after the update, whole yuan"),
         Field("next_step", "string", "Next step written down; empty if none", required=False,
               enum=NEXT_STEPS),
         Field("next_step_due", "date", "When the next step is due (YYYY-MM-DD); empty if none",
               required=False)),
        ("opportunity_id", "updated_at"),
    ),
    Resource(
        "lead_handoffs", N_("Lead-to-cash handoffs"),
        "One row per opportunity (module 5): where the lead came from, the SDR's first attempt, "
        "the handoff of a qualified deal to the account executive (accepted or sent back) and of "
        "a won deal to the service team. Empty times: the step has not happened (yet).",
        (Field("opportunity_id", "integer", "Opportunity number (see crm_opportunities)", minimum=1),
         Field("source", "string", "Who created the lead", enum=HANDOFF_SOURCES),
         Field("sdr", "string", "Inside-sales rep (SDR) who worked the lead (S01, S02, ...; one per team)"),
         _when("first_touch_at", "The SDR's first call or e-mail; empty if never tried", required=False),
         _when("handed_to_ae_at", "When the qualified deal was handed to the account executive; "
               "empty if never qualified", required=False),
         Field("ae_decision", "string", "The AE accepted the deal or sent it back; empty if not "
               "handed over or not decided yet", required=False, enum=AE_DECISIONS),
         _when("ae_accepted_at", "When the AE accepted the deal; empty unless accepted", required=False),
         _when("handed_to_service_at", "When the won deal was handed to the service team", required=False),
         _when("service_started_at", "When service (delivery) started for the customer", required=False)),
        ("opportunity_id",),
    ),
    Resource(
        "rep_roster", N_("Sales seats and who held them"),
        "One row per person per seat since 2019-01-01 (module 5): start, departure and reason. A "
        "seat (R01...) is empty between a departure and the next start while a replacement is hired.",
        (_REP, _TEAM, Field("person", "string", "Person identifier (P001, P002, ...)"),
         Field("start_date", "date", "First day in the seat, or 2019-01-01 if earlier (YYYY-MM-DD)"),
         Field("end_date", "date", "Last day in the seat; empty while still there (YYYY-MM-DD)",
               required=False),
         Field("leaving_reason", "string", "Why the person left the seat; empty while still there",
               required=False, enum=LEAVING_REASONS)),
        ("person",),
    ),
)

RESOURCE: dict[str, Resource] = {resource.name: resource for resource in RESOURCES}
