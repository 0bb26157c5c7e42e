"""The weekly pipeline review: deal ageing against stage norms, slipped close dates, CRM
hygiene, a ranked list of the deals to discuss, and each rep's pipeline health.

A deal is flagged when it is

- **aged**: in its stage for more than ``age_factor`` times the stage's Kaplan–Meier median;
- **slipping**: its close date has been pushed ``slip_limit`` times or more;
- **stale**: its close date has already passed;
- **no next step**: no next step written down;
- **amount never changed**: three or more updates and still the first amount.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..funnel import time_in_stage
from ..i18n import N_, _
from ..localformat import join_clauses
from ..validate import check_frame, check_positive, check_whole

FLAGS = {
    "aged": N_("aged in stage"),
    "slipping": N_("close date pushed again and again"),
    "stale": N_("close date passed"),
    "no_next_step": N_("no next step"),
    "amount_frozen": N_("amount never updated"),
}
_PIPE = ("opportunity_id", "rep", "stage", "stage_since", "close_date", "amount", "next_step",
         "next_step_due", "updates", "slips", "amount_changes")


def stage_norms(events: pd.DataFrame, snapshot: object) -> pd.Series:
    """Median days in each stage (Kaplan–Meier, open deals counted), by stage.

    >>> from saleslab.data import SNAPSHOT, load
    >>> stage_norms(load("crm_events"), SNAPSHOT).idxmax()
    'proposal'
    """
    times = time_in_stage(events, snapshot)
    return times.set_index("stage")["median_days"]


def flag_deals(pipe: pd.DataFrame, norms: pd.Series, at: object, age_factor: float = 2.0,
               slip_limit: int = 2) -> pd.DataFrame:
    """``pipe`` (from :func:`pipeline_at`) with ``days_in_stage``, ``norm_days`` and one
    True/False column per flag in :data:`FLAGS`, plus ``n_flags`` (how many are raised).

    >>> pipe = pd.DataFrame({"opportunity_id": [1], "rep": ["R01"], "stage": ["proposal"],
    ...     "stage_since": pd.to_datetime(["2026-05-01"]), "close_date": pd.to_datetime(["2026-06-01"]),
    ...     "amount": [1e5], "next_step": [None], "next_step_due": pd.to_datetime([None]),
    ...     "updates": [4], "slips": [2], "amount_changes": [0]})
    >>> flag_deals(pipe, pd.Series({"proposal": 25.0}), "2026-06-30")["n_flags"].tolist()
    [5]
    """
    table = check_frame("pipe", pipe, _PIPE).copy()
    factor = check_positive("age_factor", age_factor)
    limit = check_whole("slip_limit", slip_limit)
    when = pd.Timestamp(at)
    missing = sorted(set(table["stage"]) - set(norms.index))
    if missing:
        raise ValueError(f"`norms` has no median days for stage(s) {missing}")
    table["days_in_stage"] = (when - table["stage_since"]).dt.total_seconds() / 86_400
    table["norm_days"] = table["stage"].map(norms).astype(float)
    table["aged"] = table["days_in_stage"] > factor * table["norm_days"]
    table["slipping"] = table["slips"] >= limit
    table["stale"] = table["close_date"] < when.normalize()
    table["no_next_step"] = table["next_step"].isna()
    table["amount_frozen"] = (table["updates"] >= 3) & (table["amount_changes"] == 0)
    table["n_flags"] = table[list(FLAGS)].sum(axis=1).astype(int)
    return table


def review_list(flagged: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The deals to discuss first: most flags, then the largest amount.

    Returns ``top`` rows with the deal, rep, stage, amount, close date and the flags in words.

    >>> flagged = pd.DataFrame({"opportunity_id": [1, 2], "rep": ["R01", "R02"], "stage": ["proposal"] * 2,
    ...     "amount": [5e5, 1e5], "close_date": pd.to_datetime(["2026-07-01"] * 2), "n_flags": [1, 2],
    ...     **{flag: [False, True] for flag in FLAGS}})
    >>> review_list(flagged)["opportunity_id"].tolist()
    [2, 1]
    """
    table = check_frame("flagged", flagged, ("opportunity_id", "rep", "stage", "amount", "close_date",
                                            "n_flags", *FLAGS))
    n = check_whole("top", top)
    ranked = table.sort_values(["n_flags", "amount"], ascending=False, kind="stable").head(n)
    words = ranked[list(FLAGS)].apply(lambda row: join_clauses(_(FLAGS[f]) for f in FLAGS if row[f]), axis=1)
    return pd.DataFrame({"opportunity_id": ranked["opportunity_id"], "rep": ranked["rep"],
                         "stage": ranked["stage"], "amount": ranked["amount"],
                         "close_date": ranked["close_date"].dt.date, "why": words}).reset_index(drop=True)


@dataclass(frozen=True)
class RepHealth:
    """Each rep's open pipeline and the share of it that is flagged, healthiest first."""

    table: pd.DataFrame

    @property
    def healthiest(self) -> str:
        return str(self.table.index[0])

    @property
    def least_healthy(self) -> str:
        return str(self.table.index[-1])

    def __repr__(self) -> str:
        return _("{best} keeps the cleanest pipeline ({good} of its value flagged); {worst} the "
                 "least clean ({bad}).").format(
            best=self.healthiest, good=f"{self.table['flagged_share'].iloc[0]:.0%}",
            worst=self.least_healthy, bad=f"{self.table['flagged_share'].iloc[-1]:.0%}")


def rep_health(flagged: pd.DataFrame, min_deals: int = 5) -> RepHealth:
    """Per rep with at least ``min_deals`` open deals: deals, pipeline, the share of pipeline
    value with any flag, and the share of deals with each flag; sorted by flagged share.

    >>> flagged = pd.DataFrame({"rep": ["A", "A", "B", "B"], "amount": [1.0, 1.0, 3.0, 1.0], "n_flags": [0, 0, 1, 0],
    ...     **{flag: [False, False, flag == "stale", False] for flag in FLAGS}})
    >>> rep_health(flagged, min_deals=2)
    A keeps the cleanest pipeline (0% of its value flagged); B the least clean (75%).
    """
    table = check_frame("flagged", flagged, ("rep", "amount", "n_flags", *FLAGS))
    least = check_whole("min_deals", min_deals)
    by_rep = table.assign(flagged_amount=table["amount"].where(table["n_flags"] > 0, 0.0)).groupby("rep")
    summary = pd.DataFrame({"deals": by_rep.size(), "pipeline": by_rep["amount"].sum()})
    summary["flagged_share"] = by_rep["flagged_amount"].sum() / summary["pipeline"]
    summary = summary.join(by_rep[list(FLAGS)].mean())
    summary = summary[summary["deals"] >= least]
    if summary.empty:
        raise ValueError(f"no rep has {least} or more open deals; lower `min_deals`")
    return RepHealth(summary.sort_values(["flagged_share", "pipeline"], ascending=[True, False], kind="stable"))
