"""Coaching from the scorecard: for a rep whose process metric moved (module 3's alerts), the
question a manager asks in the weekly 1:1, with an example deal from the rep's own pipeline
and the question that deal calls for.

A 1:1 follows the same cadence every week: one process metric that moved, one or two deals
from the review list, one agreed action. The questions are open: they ask the rep to explain,
not to defend.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..i18n import N_, _
from ..localformat import long_date
from ..monitoring import KPI_LABELS
from ..plots import money
from ..validate import check_frame
from .review import FLAGS

#: What to ask when a weekly KPI moved, by KPI and direction ("worse" or "better").
KPI_QUESTIONS = {
    ("calls", "worse"): N_("Your calls fell. What has taken the time, and which accounts lost out?"),
    ("calls", "better"): N_("Your calls rose. What changed, and can the team copy it?"),
    ("meetings", "worse"): N_("Fewer meetings. Where do calls stop turning into meetings?"),
    ("meetings", "better"): N_("More meetings. What do you say on the call that gets the meeting?"),
    ("proposals", "worse"): N_("Fewer proposals. Which deals are waiting for one, and for what?"),
    ("proposals", "better"): N_("More proposals. Are they going to qualified buyers?"),
    ("response_time_hours", "worse"): N_("First responses got slower. Which leads waited, and why?"),
    ("response_time_hours", "better"): N_("First responses got faster. What did you change?"),
}
#: What to ask about a deal with each review flag.
FLAG_QUESTIONS = {
    "aged": N_("Deal {deal} has been in {stage} for {days:.0f} days. What must happen for it to move, and who decides?"),
    "slipping": N_("Deal {deal}'s close date moved {slips} times. What do we know now that we did not before?"),
    "stale": N_("Deal {deal}'s close date passed on {date}. What date does the customer give?"),
    "no_next_step": N_("Deal {deal} has no next step. What is it, with whom, and by when?"),
    "amount_frozen": N_("Deal {deal}'s amount ({amount}) never changed. Has the customer confirmed the scope?"),
}


@dataclass(frozen=True)
class CoachingNote:
    """One rep's 1:1 agenda: the metric that moved, its question, an example deal and its question."""

    rep: str
    kpi: str
    direction: str
    week: pd.Timestamp
    metric_question: str
    deal_question: str

    def __repr__(self) -> str:
        return _("1:1 with {rep} — {kpi} {moved} (a run of weeks up to {week}).\n  Ask: {q1}\n"
                 "  Then: {q2}").format(
            rep=self.rep, kpi=_(KPI_LABELS[self.kpi]), week=long_date(self.week),
            moved=_("got worse") if self.direction == "worse" else _("got better"),
            q1=self.metric_question, q2=self.deal_question)


def _deal_question(deal: pd.Series) -> str:
    flag = next(f for f in FLAGS if deal[f])
    return _(FLAG_QUESTIONS[flag]).format(
        deal=int(deal["opportunity_id"]), stage=_(deal["stage"]), days=deal["days_in_stage"],
        slips=int(deal["slips"]), date=f"{deal['close_date']:%Y-%m-%d}", amount=money(deal["amount"]))


def coaching_notes(alerts: pd.DataFrame, flagged: pd.DataFrame) -> list[CoachingNote]:
    """One note per rep with a sustained change (a run of weeks on one side of the baseline in
    ``alerts``, from :func:`saleslab.monitoring.alerts`) and a flagged deal in ``flagged``
    (from :func:`flag_deals`): the first such change, and the rep's most flagged, largest deal.
    """
    runs = check_frame("alerts", alerts, ("rep", "kpi", "week", "rule"))
    deals = check_frame("flagged", flagged, ("opportunity_id", "rep", "stage", "amount", "close_date",
                                              "days_in_stage", "slips", "n_flags", *FLAGS))
    runs = runs[runs["rule"].isin(("weeks_worse_than_baseline", "weeks_better_than_baseline"))]
    runs = runs[runs["kpi"].isin({kpi for kpi, _direction in KPI_QUESTIONS})]
    notes = []
    for rep, first in runs.sort_values("week", kind="stable").groupby("rep", sort=True).head(1).groupby("rep"):
        own = deals[(deals["rep"] == rep) & (deals["n_flags"] > 0)]
        if own.empty:
            continue
        row = first.iloc[0]
        direction = "worse" if row["rule"] == "weeks_worse_than_baseline" else "better"
        deal = own.sort_values(["n_flags", "amount"], ascending=False, kind="stable").iloc[0]
        notes.append(CoachingNote(str(rep), row["kpi"], direction, pd.Timestamp(row["week"]),
                                  _(KPI_QUESTIONS[(row["kpi"], direction)]),
                                  _deal_question(deal)))
    return notes
