"""Case 1: B2B lead follow-up (某B2B公司销售流程优化).

A lead goes cold by the hour: the chance of reaching the buyer falls with the lead's age
(:func:`contact_chance`), and so does the chance that a reached buyer qualifies
(:func:`qualify_chance`). Today reps call late and unevenly: each rep works their own pile,
a first call waits for the rep's attention and for a free slot in their day, and the two
follow-ups are made 1–3 days apart when remembered. The change: a first-call target, a fixed
follow-up schedule and a CRM that queues new leads for the next free rep and reminds every
follow-up. Only timing and persistence change; the close rate moves because of them.

Each arm of an experiment is several teams (:data:`TEAMS_PER_ARM`), each with its own stream
of leads and its own territory: teams differ in how often their qualified buyers sign
(:data:`TEAM_SPREAD`), so a team's leads move together and the pilot is read team-aware
(:func:`team_check`). Leads are simulated one by one from an explicit seed (see
``shared/MODELS.md``, case 1, plus rep capacity).

>>> result = run_experiment(seed=1)
>>> result.metric, result.n_baseline > 8000
('close rate', True)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..data.org import check_count, check_seed
from ..i18n import N_, _
from ..tabledisplay import Settings
from ..improvement import (
    ClusterComparison,
    TwoProportions,
    compare_clusters,
    design_effect,
    power_two_proportions,
    two_proportions,
)
from ..validate import check_number, check_positive
from .common import ExperimentResult

#: Follow-up schedules a manager can choose: hours after the first call of each attempt.
#: ``None`` is today's practice: two follow-ups, each 1–3 days after the previous one.
SCHEDULES: dict[str, tuple[float, ...] | None] = {
    N_("ad hoc"): None,
    N_("3 touches in 3 days"): (0.0, 24.0, 72.0),
    N_("5 touches in 7 days"): (0.0, 4.0, 24.0, 72.0, 168.0),
}
MAX_ATTEMPTS = 8
WIN_GIVEN_QUALIFIED = 0.30
#: Without CRM reminders a planned follow-up is made with this chance; with them, always.
KEPT_WITHOUT_REMINDER = 0.9
#: How uneven first-call delays are (σ of the log-normal): CRM alerts even them out.
DELAY_SPREAD = {False: 1.0, True: 0.7}
AD_HOC_GAP_HOURS = (24.0, 72.0)
DEFAULT_SIZE = 2_520  # 20 leads a day for 126 working days: six months per team
#: Teams in each arm of the pilot: whole teams get the change (the unit of randomisation).
TEAMS_PER_ARM = 4
#: σ of a team's territory factor on the chance a qualified buyer signs (log-normal, mean 1):
#: product mix, region and the manager make one team's leads more alike than two teams'.
TEAM_SPREAD = 0.08

#: Today's way of working: the baseline arm, and the levers that reproduce it.
CURRENT_PRACTICE = Settings({"first_call_target_hours": 3.0, "schedule": "ad hoc", "crm": False,
                             "team_size": 10})
#: The change the case tests: a 15-minute first-call target, 5 touches in 7 days, a CRM.
PROPOSED_CHANGE = Settings({"first_call_target_hours": 0.25, "schedule": "5 touches in 7 days",
                            "crm": True, "team_size": 10})
#: The alternative the room usually proposes: keep the process, hire two reps.
HIRE_TWO_REPS = Settings({**CURRENT_PRACTICE, "team_size": 12})
#: Levers shared by both arms: how many leads come in and how many first calls a rep can make.
ENVIRONMENT = Settings({"leads_per_day": 20.0, "first_calls_per_rep_day": 3.0})


def contact_chance(age_hours: np.ndarray | float) -> np.ndarray:
    """Chance that one call reaches the buyer when the lead is ``age_hours`` old:
    c(t) = 0.45 + 0.15·e^(−t/4h).

    >>> contact_chance([0.0, 4.0, 48.0]).round(3).tolist()
    [0.6, 0.505, 0.45]
    """
    return 0.45 + 0.15 * np.exp(-np.asarray(age_hours, dtype=float) / 4.0)


def qualify_chance(age_hours: np.ndarray | float) -> np.ndarray:
    """Chance that a buyer first reached at lead age ``age_hours`` qualifies:
    q(t) = 0.31 + 0.09·e^(−t/24h).

    >>> qualify_chance([0.0, 24.0, 240.0]).round(3).tolist()
    [0.4, 0.343, 0.31]
    """
    return 0.31 + 0.09 * np.exp(-np.asarray(age_hours, dtype=float) / 24.0)


@dataclass(frozen=True)
class Policy:
    """How a team follows up its leads (one arm of the experiment).

    >>> Policy.from_levers(**PROPOSED_CHANGE).offsets
    (0.0, 4.0, 24.0, 72.0, 168.0)
    """

    first_call_target_hours: float
    schedule: str
    offsets: tuple[float, ...] | None
    crm: bool
    team_size: int

    @classmethod
    def from_levers(cls, first_call_target_hours: float, schedule: str | tuple[float, ...],
                    crm: bool, team_size: int) -> Policy:
        """Check the levers and build the policy; ``schedule`` is a name in
        :data:`SCHEDULES` or a tuple of hours after the first call, starting at 0."""
        target = check_positive("first_call_target_hours", first_call_target_hours)
        if not isinstance(crm, (bool, np.bool_)):
            raise TypeError(f"`crm` must be True or False, got {crm!r}")
        name, offsets = _check_schedule(schedule)
        return cls(target, name, offsets, bool(crm), check_count("team_size", team_size))

    @property
    def attempts(self) -> int:
        """Attempts planned per lead (at most)."""
        return 3 if self.offsets is None else len(self.offsets)


def _check_schedule(schedule: object) -> tuple[str, tuple[float, ...] | None]:
    if isinstance(schedule, str):
        if schedule not in SCHEDULES:
            raise ValueError(f"`schedule` must be one of {list(SCHEDULES)} or a tuple of hours, "
                             f"got {schedule!r}")
        return schedule, SCHEDULES[schedule]
    if not isinstance(schedule, (tuple, list)) or not schedule:
        raise TypeError(f"`schedule` must be a schedule name or a tuple of hours, got {schedule!r}")
    hours = tuple(check_number("schedule", h) for h in schedule)
    if hours[0] != 0 or any(b <= a for a, b in zip(hours, hours[1:])) or len(hours) > MAX_ATTEMPTS:
        raise ValueError(f"`schedule` must start at 0 and rise, with at most {MAX_ATTEMPTS} "
                         f"attempts, got {schedule!r}")
    return ", ".join(f"{h:g} h" for h in hours), hours


@dataclass(frozen=True)
class LeadDraws:
    """The random numbers behind one team's leads, fixed before any policy is applied, so
    two policies (or the SimPy reference) can be run on the same leads."""

    arrival_hours: np.ndarray  # (n,) sorted
    owner_u: np.ndarray  # (n,) which rep owns the lead without a CRM queue
    delay_z: np.ndarray  # (n,) standard normal behind the first-call delay
    gap_u: np.ndarray  # (n, MAX_ATTEMPTS - 1) ad hoc follow-up gaps
    kept_u: np.ndarray  # (n, MAX_ATTEMPTS - 1) whether a planned follow-up is made
    contact_u: np.ndarray  # (n, MAX_ATTEMPTS)
    qualify_u: np.ndarray  # (n,)
    win_u: np.ndarray  # (n,)

    def __len__(self) -> int:
        return len(self.arrival_hours)


def draw_leads(seed: int | np.random.SeedSequence, n_leads: int, leads_per_day: float) -> LeadDraws:
    """Draw ``n_leads`` leads arriving as a Poisson stream of ``leads_per_day`` a day.

    >>> leads = draw_leads(1, 1_000, 20.0)
    >>> len(leads), round(float(np.diff(leads.arrival_hours).mean()), 1)  # hours between leads
    (1000, 1.2)
    """
    n = _check_size("n_leads", n_leads)
    rate = check_positive("leads_per_day", leads_per_day)
    rng = np.random.default_rng(seed)
    k = MAX_ATTEMPTS
    return LeadDraws(
        arrival_hours=np.cumsum(rng.exponential(24.0 / rate, n)),
        owner_u=rng.random(n), delay_z=rng.standard_normal(n),
        gap_u=rng.random((n, k - 1)), kept_u=rng.random((n, k - 1)),
        contact_u=rng.random((n, k)), qualify_u=rng.random(n), win_u=rng.random(n),
    )


def _check_size(name: str, value: object) -> int:
    return check_count(name, value, minimum=10)


def first_calls(ready: np.ndarray, servers: list[np.ndarray], slot_hours: float) -> np.ndarray:
    """When each lead gets its first call: no earlier than ``ready``, and each server (a rep,
    or with a shared queue a rep's turn) makes one call per ``slot_hours``, in order of
    readiness. ``servers`` lists, per server, its leads' indices in that order.

    The queue start_j = max(ready_j, start_{j−1} + slot) unrolls to
    j·slot + max_{i≤j}(ready_i − i·slot), one running maximum per server.

    >>> first_calls(np.array([0.0, 1.0, 10.0]), [np.array([0, 1, 2])], 4.0).tolist()
    [0.0, 4.0, 10.0]
    """
    start = np.empty_like(ready)
    for leads in servers:  # a handful of reps: one vectorised pass each
        slots = np.arange(len(leads)) * slot_hours
        start[leads] = slots + np.maximum.accumulate(ready[leads] - slots)
    return start


def _queues(ready: np.ndarray, owner: np.ndarray, policy: Policy) -> list[np.ndarray]:
    order = np.argsort(ready, kind="stable")
    if policy.crm:  # one shared queue: the j-th lead waits for the (j − team)-th lead's rep
        return [order[s::policy.team_size] for s in range(policy.team_size)]
    return [order[owner[order] == rep] for rep in range(policy.team_size)]


def attempt_ages(first_call_age: np.ndarray, draws: LeadDraws, policy: Policy) -> np.ndarray:
    """Lead age (hours) at each planned attempt; NaN where a follow-up is not made."""
    n = len(first_call_age)
    if policy.offsets is None:
        low, high = AD_HOC_GAP_HOURS
        gaps = low + (high - low) * draws.gap_u[:, :2]
        offsets = np.column_stack([np.zeros(n), np.cumsum(gaps, axis=1)])
    else:
        offsets = np.broadcast_to(np.asarray(policy.offsets), (n, policy.attempts))
    kept_chance = 1.0 if policy.crm else KEPT_WITHOUT_REMINDER
    kept = draws.kept_u[:, : offsets.shape[1] - 1] < kept_chance
    ages = first_call_age[:, None] + offsets
    ages[:, 1:] = np.where(kept, ages[:, 1:], np.nan)
    return ages


def follow_up(draws: LeadDraws, policy: Policy, first_calls_per_rep_day: float,
              win_factor: float = 1.0) -> pd.DataFrame:
    """Run one team's follow-up on ``draws``: one row per lead with ``lead_id``, ``rep``,
    ``arrived_hours``, ``queue_wait_hours`` (waiting for a free rep), ``first_call_hours``
    (lead age at the first call), ``attempts`` (made), ``contacted``, ``first_contact_hours``
    (NaN if never reached), ``qualified``, ``won``. ``win_factor`` scales the chance a
    qualified buyer signs (the team's territory).

    >>> leads = follow_up(draw_leads(0, 200, 20.0), Policy.from_levers(**PROPOSED_CHANGE), 3.0)
    >>> list(leads.columns[:4]), bool(leads["first_call_hours"].min() > 0)
    (['lead_id', 'rep', 'arrived_hours', 'queue_wait_hours'], True)
    """
    capacity = check_positive("first_calls_per_rep_day", first_calls_per_rep_day)
    spread = DELAY_SPREAD[policy.crm]
    ready = draws.arrival_hours + policy.first_call_target_hours * np.exp(spread * draws.delay_z)
    owner = np.minimum((draws.owner_u * policy.team_size).astype(int), policy.team_size - 1)
    servers = _queues(ready, owner, policy)
    called = first_calls(ready, servers, 24.0 / capacity)
    if policy.crm:  # the rep who takes the lead is whoever's turn came up
        for server, leads in enumerate(servers):
            owner[leads] = server
    first_age = called - draws.arrival_hours
    ages = attempt_ages(first_age, draws, policy)
    reached = draws.contact_u[:, : ages.shape[1]] < contact_chance(np.nan_to_num(ages, nan=np.inf))
    reached &= ~np.isnan(ages)
    contacted = reached.any(axis=1)
    first = reached.argmax(axis=1)
    contact_age = np.where(contacted, ages[np.arange(len(ages)), first], np.nan)
    made = np.cumsum(~np.isnan(ages), axis=1)
    qualified = contacted & (draws.qualify_u < qualify_chance(np.nan_to_num(contact_age, nan=np.inf)))
    return pd.DataFrame({
        "lead_id": np.arange(1, len(draws) + 1),
        "rep": owner + 1,
        "arrived_hours": draws.arrival_hours,
        "queue_wait_hours": called - ready,
        "first_call_hours": first_age,
        "attempts": np.where(contacted, made[np.arange(len(ages)), first], made[:, -1]),
        "contacted": contacted,
        "first_contact_hours": contact_age,
        "qualified": qualified,
        "won": qualified & (draws.win_u < WIN_GIVEN_QUALIFIED * win_factor),
    })



def follow_up_history(leads: pd.DataFrame, seed: int = 0, **levers: object) -> pd.DataFrame:
    """How a table of leads (``saleslab.data.case1_leads``: ``arrived_at``, ``rep``) was
    followed up, simulated with today's way of working (or with ``levers``; the team is the
    table's reps). Returns the table with the outcome columns of :func:`follow_up`, the rep
    who made the first call in ``rep``.

    >>> from saleslab.data import case1_leads
    >>> history = follow_up_history(case1_leads(n_days=20))
    >>> bool(history["first_call_hours"].median() > 4), history["won"].dtype.name
    (True, 'bool')
    """
    if not isinstance(leads, pd.DataFrame) or not {"arrived_at", "rep"} <= set(leads.columns):
        raise TypeError("`leads` must be a table with columns 'arrived_at' and 'rep' "
                        "(saleslab.data.case1_leads)")
    if "team_size" in levers:
        raise TypeError("`team_size` comes from the table's reps; leave it out")
    reps = np.unique(leads["rep"].to_numpy())
    policy, _volume, capacity = _levers({**CURRENT_PRACTICE, **levers, "team_size": len(reps)})
    arrived = leads["arrived_at"]
    hours = ((arrived - arrived.min()) / pd.Timedelta(hours=1)).to_numpy(dtype=float)
    owner = np.searchsorted(reps, leads["rep"].to_numpy())
    draws = replace(draw_leads(check_seed(seed), _check_size("leads", len(leads)), 20.0),
                    arrival_hours=hours, owner_u=(owner + 0.5) / len(reps))
    outcome = follow_up(draws, policy, capacity).drop(columns=["lead_id", "arrived_hours"])
    history = leads.reset_index(drop=True).assign(rep=reps[outcome.pop("rep").to_numpy() - 1])
    return pd.concat([history, outcome], axis=1)

def _levers(levers: dict[str, object]) -> tuple[Policy, float, float]:
    unknown = sorted(set(levers) - set(PROPOSED_CHANGE) - set(ENVIRONMENT))
    if unknown:
        raise TypeError(f"unknown lever(s) {unknown}; the levers are "
                        f"{list(PROPOSED_CHANGE) + list(ENVIRONMENT)}")
    values = {**PROPOSED_CHANGE, **ENVIRONMENT, **levers}
    policy = Policy.from_levers(**{name: values[name] for name in PROPOSED_CHANGE})
    volume = check_positive("leads_per_day", values["leads_per_day"])
    capacity = check_positive("first_calls_per_rep_day", values["first_calls_per_rep_day"])
    return policy, volume, capacity


def simulate_team(seed: int, size: int | None = None, **levers: object) -> pd.DataFrame:
    """One team's leads followed up with the given levers (default: the proposed change;
    pass ``**CURRENT_PRACTICE`` for today's way). Columns as in :func:`follow_up`.

    >>> today = simulate_team(seed=3, **CURRENT_PRACTICE)
    >>> len(today), bool(today["first_call_hours"].median() > 4)
    (2520, True)
    """
    policy, volume, capacity = _levers(levers)
    n = DEFAULT_SIZE if size is None else _check_size("size", size)
    return follow_up(draw_leads(check_seed(seed), n, volume), policy, capacity)


def team_factors(seed: np.random.SeedSequence, teams: int) -> np.ndarray:
    """Each team's territory factor on the chance a qualified buyer signs: log-normal with
    σ = :data:`TEAM_SPREAD` and mean 1, so the average team signs at the model's rate.

    >>> factors = team_factors(np.random.SeedSequence(0), 20_000)
    >>> round(float(factors.mean()), 2), bool(factors.std() > 0.05)
    (1.0, True)
    """
    z = np.random.default_rng(seed).standard_normal(teams)
    return np.exp(TEAM_SPREAD * z - TEAM_SPREAD**2 / 2)


def run_experiment(seed: int, size: int | None = None, teams_per_arm: int = TEAMS_PER_ARM,
                   **levers: object) -> ExperimentResult:
    """Whole teams randomised over the same period: ``teams_per_arm`` teams keep today's way
    (:data:`CURRENT_PRACTICE`), as many work with ``levers`` (default :data:`PROPOSED_CHANGE`);
    each team gets ``size`` leads (default 2,520, six months at 20 a day) and its own
    territory (:func:`team_factors`). Levers: ``first_call_target_hours``, ``schedule``,
    ``crm``, ``team_size`` (each pilot team's reps), and for all teams ``leads_per_day`` and
    ``first_calls_per_rep_day``. The effect is the relative change in close rate with its
    team-aware 95% interval (:func:`team_check`: open-ended with one team per arm);
    ``units`` has one row per lead with its ``arm`` and ``team``.

    >>> result = run_experiment(seed=2, size=500, **CURRENT_PRACTICE)
    >>> result.n_baseline, result.units["arm"].unique().tolist(), result.units["team"].nunique()
    (2000, ['baseline', 'intervention'], 8)
    """
    policy, volume, capacity = _levers(levers)
    today, _ignored, _same = _levers({**CURRENT_PRACTICE, "leads_per_day": volume,
                                      "first_calls_per_rep_day": capacity})
    n = DEFAULT_SIZE if size is None else _check_size("size", size)
    teams = check_count("teams_per_arm", teams_per_arm)
    *lead_seqs, team_seq = np.random.SeedSequence(check_seed(seed)).spawn(2 * teams + 1)
    factors = team_factors(team_seq, 2 * teams)
    frames = []
    for team, (lead_seq, factor) in enumerate(zip(lead_seqs, factors)):
        arm = "baseline" if team < teams else "intervention"
        leads = follow_up(draw_leads(lead_seq, n, volume), today if arm == "baseline" else policy,
                          capacity, win_factor=float(factor))
        frames.append(leads.assign(arm=arm, team=team + 1))
    units = pd.concat(frames, ignore_index=True)
    won = units.groupby("arm")["won"].sum()
    check = team_check(units)
    low, high = check.relative_ci
    return ExperimentResult(
        metric=_("close rate"), unit=_("leads"), baseline=float(won["baseline"] / (teams * n)),
        intervention=float(won["intervention"] / (teams * n)), effect=check.relative_change,
        effect_ci=(low, high), n_baseline=teams * n, n_intervention=teams * n, units=units)


def team_check(result: ExperimentResult | pd.DataFrame) -> ClusterComparison:
    """The pilot read the way its design demands: whole teams got the change, so the close
    rates are compared with a team-aware interval and a randomisation test over the splits
    of the teams (:func:`saleslab.improvement.compare_clusters`), beside the lead-by-lead
    reading that treats every lead as independent.

    >>> check = team_check(run_experiment(seed=1, size=500))
    >>> check.clusters, check.relative_ci[1] - check.relative_ci[0] > 0
    ((4, 4), True)
    """
    units = result.units if isinstance(result, ExperimentResult) else result
    if not isinstance(units, pd.DataFrame) or not {"arm", "team", "won"} <= set(units.columns):
        raise TypeError("`result` must be the result of followup.run_experiment")
    frame = pd.DataFrame({"pilot": units["arm"].eq("intervention"), "won": units["won"],
                          "team": units["team"]})
    return compare_clusters(frame, "won", "pilot", "team")


def compare_close_rates(result: ExperimentResult) -> TwoProportions:
    """The close rates of an experiment's two arms compared lead by lead (A: today, B:
    pilot): rates, difference and ratio with 95% intervals, p-value. Too narrow for a pilot
    of whole teams: it treats each lead as independent (compare :func:`team_check`).

    >>> result = run_experiment(seed=1, size=500)
    >>> compare_close_rates(result).ratio_ci == team_check(result).naive.ratio_ci
    True
    """
    if not isinstance(result, ExperimentResult) or "arm" not in result.units.columns:
        raise TypeError("`result` must be the result of followup.run_experiment")
    won = result.units.groupby("arm")["won"].sum()
    return two_proportions(int(won["baseline"]), result.n_baseline, int(won["intervention"]),
                           result.n_intervention)


def repeat_experiment(runs: int = 20, size: int | None = None, first_seed: int = 0,
                      teams_per_arm: int = TEAMS_PER_ARM, **levers: object) -> pd.DataFrame:
    """"Is it real?": the same experiment with seeds ``first_seed`` … ``first_seed + runs − 1``.
    One row per run: ``seed``, ``baseline``, ``intervention`` (close rates), ``effect``,
    ``ci_low``, ``ci_high`` (team-aware), ``naive_low``, ``naive_high`` (lead by lead),
    ``extra_calls`` (calls per lead, pilot minus today), ``significant`` (the team-aware
    interval excludes 0).

    >>> runs = repeat_experiment(runs=3, size=300)
    >>> runs["seed"].tolist(), runs.columns[-1]
    ([0, 1, 2], 'significant')
    """
    runs = check_count("runs", runs)
    rows = []
    for seed in range(check_seed(first_seed), check_seed(first_seed) + runs):
        result = run_experiment(seed, size, teams_per_arm, **levers)
        naive = compare_close_rates(result)
        calls = result.units.groupby("arm")["attempts"].mean()
        rows.append((seed, result.baseline, result.intervention, result.effect,
                     *result.effect_ci, naive.ratio_ci[0] - 1, naive.ratio_ci[1] - 1,
                     calls["intervention"] - calls["baseline"], result.significant))
    return pd.DataFrame(rows, columns=["seed", "baseline", "intervention", "effect", "ci_low",
                                       "ci_high", "naive_low", "naive_high", "extra_calls",
                                       "significant"])


def expected_close_rates(n_leads: int = 200_000, **levers: object) -> tuple[float, float]:
    """Close rates of today's teams and of the teams with ``levers`` on a very large number
    of leads (fixed seed, many teams): what the experiment measures on average.

    >>> base, new = expected_close_rates(n_leads=20_000)
    >>> bool(0.06 < base < new < 0.15)
    True
    """
    n = _check_size("n_leads", n_leads)
    result = run_experiment(0, max(10, n // 40), teams_per_arm=40, **levers)
    return result.baseline, result.intervention


def team_design_effect(size: int, base_rate: float) -> float:
    """The design effect of a team of ``size`` leads: 1 + (size − 1)·ICC, the ICC that the
    teams' territories give a close rate of ``base_rate``: var(team rate) / (p(1 − p)) with
    var(team rate) = p²·(e^(σ²) − 1), σ = :data:`TEAM_SPREAD`.

    >>> round(team_design_effect(2_520, 0.087), 1)
    2.5
    """
    base = check_number("base_rate", base_rate)
    icc = base * (np.exp(TEAM_SPREAD**2) - 1) / (1 - base)
    return design_effect(_check_size("size", size), icc)


def experiment_power(size: int, alpha: float = 0.05, teams_per_arm: int = TEAMS_PER_ARM,
                     **levers: object) -> float:
    """Chance that a pilot of ``teams_per_arm`` whole teams, each with ``size`` leads,
    detects the change made by ``levers`` (two-sided test at level ``alpha``, on the
    expected close rates): its leads count as teams × size / design effect independent ones
    (:func:`team_design_effect`).

    >>> bool(0.7 < experiment_power(2_520) < 0.99)
    True
    """
    size = _check_size("size", size)
    base, new = expected_close_rates(**levers)
    teams = check_count("teams_per_arm", teams_per_arm)
    effective = teams * size / team_design_effect(size, base)
    return power_two_proportions(base, new, effective, alpha)
