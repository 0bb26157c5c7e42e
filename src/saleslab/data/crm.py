"""Modules 2 and 4's data: a CRM extract of two years of opportunities and their stage log.

Each opportunity walks the buyer's process — lead → contacted → qualified → proposal →
negotiation → won or lost — one step at a time. The next stage is drawn from
:data:`TRANSITIONS` (a referral can jump from lead to qualified; a buyer in negotiation can
go back to proposal), and the time spent in a stage is log-normal with its own median
(:data:`MEDIAN_DAYS`). Proposal has the lowest step rate: the
smallest share of its deals moves on (module 2 keeps *bottleneck* for capacity). Deals whose
next step would fall after :data:`~saleslab.data.org.SNAPSHOT` are still open (censored).
All opportunities walk together, one vectorised step at a time.

>>> log = crm_log(n_opportunities=2_000)
>>> log  # doctest: +ELLIPSIS
CrmLog(2,000 opportunities (... open), ... stage entries, snapshot 2026-06-30 18:00)
>>> sorted(log.opportunities["status"].unique())
['lost', 'open', 'won']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import N_
from .org import DEFAULT_SEED, PRODUCT_LINES, REGIONS, SNAPSHOT, TEAMS, check_count, reps, stream

# Data values stay English in every edition (learners' code looks them up); N_ marks them
# for translation where the text shows them (`_(stage)`).
STAGES = (N_("lead"), N_("contacted"), N_("qualified"), N_("proposal"), N_("negotiation"),
          N_("won"), N_("lost"))
OPEN_STAGES = STAGES[:5]
STATUSES = ("won", "lost", "open")
LEAD, CONTACTED, QUALIFIED, PROPOSAL, NEGOTIATION, WON, LOST = range(len(STAGES))

#: Probability of the next stage (columns, in STAGES order) from each open stage (rows).
TRANSITIONS = np.array(
    [
        [0.00, 0.55, 0.04, 0.00, 0.00, 0.00, 0.41],  # lead: a referral may skip to qualified
        [0.00, 0.00, 0.50, 0.00, 0.00, 0.00, 0.50],  # contacted
        [0.00, 0.00, 0.00, 0.80, 0.00, 0.00, 0.20],  # qualified
        [0.00, 0.00, 0.00, 0.00, 0.40, 0.00, 0.60],  # proposal: the lowest step rate
        [0.00, 0.00, 0.00, 0.15, 0.00, 0.72, 0.13],  # negotiation: may go back to proposal
    ]
)
#: Median days spent in each open stage before the next step, and the log-normal spread.
MEDIAN_DAYS = np.array([2.0, 6.0, 12.0, 25.0, 18.0])
DURATION_SIGMA = np.array([0.9, 0.7, 0.6, 0.6, 0.5])
#: A deal goes back from negotiation to proposal at most this many times.
MAX_LOOPS = 2

LOSS_REASONS = (N_("slow follow-up"), N_("no decision"), N_("no budget"), N_("price"),
                N_("competitor"), N_("timing"))
#: Probability of each loss reason (columns) given the stage the deal was lost in (rows).
LOSS_REASON_BY_STAGE = np.array(
    [
        [0.50, 0.15, 0.15, 0.02, 0.03, 0.15],
        [0.40, 0.20, 0.20, 0.03, 0.05, 0.12],
        [0.15, 0.30, 0.20, 0.10, 0.15, 0.10],
        [0.10, 0.20, 0.05, 0.35, 0.20, 0.10],
        [0.05, 0.15, 0.05, 0.40, 0.30, 0.05],
    ]
)
PRODUCT_SHARE = np.array([0.3, 0.4, 0.3])
VALUE_MEDIAN = np.array([480_000.0, 150_000.0, 68_000.0])
VALUE_SIGMA = np.array([0.6, 0.7, 0.5])
HISTORY_DAYS = 730
_DAY = 86_400
_REGION_OF_TEAM = np.array([REGIONS.index(region) for region in TEAMS.values()])


@dataclass(frozen=True, eq=False)
class CrmLog:
    """The CRM extract: one row per opportunity, and one row per stage entry."""

    opportunities: pd.DataFrame
    events: pd.DataFrame
    snapshot: pd.Timestamp

    def __repr__(self) -> str:
        n_open = int((self.opportunities["status"] == "open").sum())
        return (f"CrmLog({len(self.opportunities):,} opportunities ({n_open:,} open), "
                f"{len(self.events):,} stage entries, snapshot {self.snapshot:%Y-%m-%d %H:%M})")


def _seconds(stamp: pd.Timestamp) -> int:
    return int(stamp.value // 1_000_000_000)


def _created(rng: np.random.Generator, n: int) -> np.ndarray:
    """Creation times (seconds), sorted: mostly working days, 8:00–19:00, growing ~10%/yr."""
    first = SNAPSHOT.normalize() - pd.Timedelta(days=HISTORY_DAYS)
    days = pd.date_range(first, periods=HISTORY_DAYS, freq="D")
    weight = np.where(days.day_of_week < 5, 1.0, 0.1) * 1.10 ** (np.arange(HISTORY_DAYS) / 365)
    day = rng.choice(HISTORY_DAYS, n, p=weight / weight.sum())
    minute = rng.integers(8 * 60, 19 * 60, n)
    return np.sort(_seconds(first) + day.astype(np.int64) * _DAY + minute * 60)


def _next_stage(rng: np.random.Generator, stage: np.ndarray, ability: np.ndarray,
                loops: np.ndarray) -> np.ndarray:
    """Draw each deal's next stage; better reps contact more leads and move more proposals."""
    probs = TRANSITIONS[stage]
    at_lead, at_proposal = stage == LEAD, stage == PROPOSAL
    probs[at_lead, CONTACTED] = np.minimum(0.55 * np.sqrt(ability[at_lead]), 0.9)
    probs[at_proposal, NEGOTIATION] = np.minimum(0.40 * ability[at_proposal], 0.9)
    capped = (stage == NEGOTIATION) & (loops >= MAX_LOOPS)
    probs[capped, PROPOSAL] = 0.0
    probs[:, LOST] = 0.0
    probs[:, LOST] = 1.0 - probs.sum(axis=1)
    return _draw(rng, probs)


def _draw(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category per row of ``probs`` (rows sum to 1)."""
    cumulative = np.cumsum(probs, axis=1)
    return np.minimum((rng.random(len(probs))[:, None] >= cumulative).sum(axis=1), probs.shape[1] - 1)


def _walk(rng: np.random.Generator, created: np.ndarray, ability: np.ndarray):
    """Move every deal stage by stage until it is won, lost or the snapshot is reached."""
    n, end = len(created), _seconds(SNAPSHOT)
    stage, last = np.zeros(n, np.int8), np.zeros(n, np.int8)
    time, loops = created.copy(), np.zeros(n, np.int8)
    log = [(np.arange(n), stage.copy(), created.copy())]
    active = np.arange(n)
    while active.size:
        here = stage[active]
        step = _next_stage(rng, here, ability[active], loops[active])
        days = rng.lognormal(np.log(MEDIAN_DAYS[here]), DURATION_SIGMA[here])
        arrive = time[active] + np.maximum(np.round(days * _DAY / 60), 1).astype(np.int64) * 60
        moves = arrive <= end
        active, here, step, arrive = active[moves], here[moves], step[moves], arrive[moves]
        loops[active] += (here == NEGOTIATION) & (step == PROPOSAL)
        stage[active], time[active] = step, arrive
        still_open = step < WON
        last[active[still_open]] = step[still_open]
        log.append((active, step.astype(np.int8), arrive))
        active = active[still_open]
    return stage, last, time, log


def _stamps(seconds: np.ndarray) -> pd.Series:
    return pd.Series(pd.to_datetime(seconds, unit="s"))


def crm_log(seed: int = DEFAULT_SEED, n_opportunities: int = 30_000, n_reps: int = 30) -> CrmLog:
    """Simulate the CRM: opportunities created over two years up to the snapshot, and every
    stage entry (including the final won/lost) for each of them.

    >>> log = crm_log(n_opportunities=500)
    >>> bool(log.events.groupby("opportunity_id")["entered_at"].is_monotonic_increasing.all())
    True
    """
    n = check_count("n_opportunities", n_opportunities)
    team = reps(seed, n_reps)
    rng = stream(seed, "crm")
    created = _created(rng, n)
    territory = team["territory"].to_numpy()
    who = rng.choice(len(team), n, p=territory / territory.sum())
    product = rng.choice(len(PRODUCT_LINES), n, p=PRODUCT_SHARE)
    value = np.round(rng.lognormal(np.log(VALUE_MEDIAN[product]), VALUE_SIGMA[product]))
    stage, last, time, log = _walk(rng, created, team["ability"].to_numpy()[who])

    lost = stage == LOST
    reason = np.full(n, -1)
    reason[lost] = _draw(rng, LOSS_REASON_BY_STAGE[last[lost]])
    team_index = team["team"].cat.codes.to_numpy()[who]
    ids = np.arange(1, n + 1)
    opportunities = pd.DataFrame(
        {
            "opportunity_id": ids,
            "rep": team["rep"].to_numpy()[who],
            "team": pd.Categorical.from_codes(team_index, list(TEAMS)),
            "region": pd.Categorical.from_codes(_REGION_OF_TEAM[team_index], REGIONS),
            "product_line": pd.Categorical.from_codes(product, PRODUCT_LINES),
            "created_at": _stamps(created),
            "value": value,
            "status": pd.Categorical.from_codes(np.select([stage == WON, lost], [0, 1], 2), STATUSES),
            "closed_at": _stamps(time).where(stage >= WON),
            "last_stage": pd.Categorical.from_codes(last, OPEN_STAGES),
            "loss_reason": pd.Categorical.from_codes(reason, LOSS_REASONS),
        }
    )
    who_, what, when = (np.concatenate(parts) for parts in zip(*log))
    order = np.argsort(who_, kind="stable")
    events = pd.DataFrame(
        {
            "opportunity_id": ids[who_[order]],
            "stage": pd.Categorical.from_codes(what[order], STAGES),
            "entered_at": _stamps(when[order]),
        }
    )
    return CrmLog(opportunities, events, SNAPSHOT)


def crm_opportunities(seed: int = DEFAULT_SEED, n_opportunities: int = 30_000,
                      n_reps: int = 30) -> pd.DataFrame:
    """One row per opportunity (see :func:`crm_log`).

    >>> crm_opportunities(n_opportunities=10).columns.tolist()[:4]
    ['opportunity_id', 'rep', 'team', 'region']
    """
    return crm_log(seed, n_opportunities, n_reps).opportunities


def crm_events(seed: int = DEFAULT_SEED, n_opportunities: int = 30_000, n_reps: int = 30) -> pd.DataFrame:
    """One row per stage entry: ``opportunity_id``, ``stage``, ``entered_at`` (see :func:`crm_log`).

    >>> crm_events(n_opportunities=10)["stage"].iloc[0]
    'lead'
    """
    return crm_log(seed, n_opportunities, n_reps).events
