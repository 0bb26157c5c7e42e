"""Case 3's model: reps learn in training sessions, forget between them, and win more
deals when they know more and sell better (某制造企业销售团队培训).

Each month every rep works a Poisson number of qualified opportunities. Each goes through
two stages a trainer can coach:

- **qualified → proposal**: the rep's *discovery questions* find the customer's real need;
  logit = logit 0.55 + ``proposal_logit_per_10_points``·(S − 50)/10, S = selling skills;
- **proposal → won**: *product knowledge* K makes the proposal fit and *objection handling*
  (also S) answers the buyer's doubts; logit = α + shift + slope_K·(K − 50)/10 +
  ``close_logit_per_10_points``·(S − 50)/10, with the shift chosen so that the untrained
  team wins about 26% of its opportunities, as in MODELS.md.

A won deal is worth a log-normal amount. Product sessions move K, selling-skills sessions
move S, each part of the way to what a fully trained rep knows (its learning curve); between
sessions each slides back toward the rep's starting level (its forgetting curve: skills
that are not coached fade faster than product facts). Trained reps also share what they
learned with the wait-list reps of their team: ``spillover`` is the share of a trained
teammate's gain the others pick up, which contaminates the comparison group. Nothing else
changes, so any effect on team results comes from this mechanism. Calibrations follow
``shared/MODELS.md``; the selling-skills part is this course's own teaching calibration.

>>> from saleslab.data import case3_reps
>>> units = simulate_team(case3_reps(n_reps=8, n_teams=2), seed=1)
>>> units.shape, sorted(units["period"].unique())
((192, 19), ['after', 'before', 'catch-up'])
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from ..i18n import N_
from ..validate import check_frame, check_rate, check_seed, check_whole
from .training_calibration import PRESETS, Calibration, calibration

#: Who is trained first: a random half (the fair test), or the weakest / strongest sellers
#: of the months before training (what managers often do — it biases naive comparisons).
TRAINED_FIRST = ("random", "weakest", "strongest")
#: What the programme trains: product knowledge, selling skills, or both (the article's).
TOPICS = ("product", "skills", "both")
#: Months the wait-list reps are followed after their own training starts.
CATCH_UP_MONTHS = 6
POPULATION_COLUMNS = ("rep_id", "team", "knowledge_k0", "base_win_logit",
                      "opportunities_per_month", "wave")
_SEED_TAG = 3  # keeps case 3's random streams apart from the other cases'
#: Qualified opportunities an untrained average rep takes to proposal.
PROPOSAL_BASE = 0.55
#: Untrained selling skills: Normal(50, 10) points, like product knowledge.
SKILLS_MEAN, SKILLS_SD = 50.0, 10.0


def check_population(reps: object) -> pd.DataFrame:
    """``reps`` (renumbered from 0) if it has the columns of ``case3_reps`` and 4+ reps.

    >>> from saleslab.data import case3_reps
    >>> len(check_population(case3_reps(n_reps=6, n_teams=2)))
    6
    """
    frame = check_frame("reps", reps, POPULATION_COLUMNS)
    if len(frame) < 4:
        raise ValueError(f"`reps` must hold at least 4 reps to compare two groups, got {len(frame)}")
    return frame.reset_index(drop=True)


def market_index(n_months: int, calib: Calibration) -> np.ndarray:
    """Demand each month (month 1 = January): a steady trend times a yearly season that is
    weakest in March, after Chinese New Year, and strongest in September ("金九银十").

    >>> demand = market_index(12, PRESETS["article"])
    >>> int(demand.argmin()) + 1, int(demand.argmax()) + 1
    (3, 9)
    """
    month = np.arange(n_months)
    trend = (1 + calib.market_growth_per_year) ** (month / 12)
    return trend * (1 + calib.seasonal_swing * np.cos(2 * np.pi * (month - 8) / 12))


def training_sessions(n_reps: int, n_months: int, start: np.ndarray, every: int,
                      kickoff: int = 1) -> np.ndarray:
    """Rep × month session counts: ``kickoff`` sessions in the month a rep's training
    starts, then one every ``every`` months.

    >>> training_sessions(1, 6, np.array([1]), 2, kickoff=2).tolist()
    [[0, 2, 0, 1, 0, 1]]
    """
    since = np.arange(n_months)[None, :] - np.asarray(start)[:, None]
    regular = (since >= 0) & (since % every == 0)
    return np.where(since == 0, kickoff, regular.astype(int)) * np.ones((n_reps, 1), dtype=int)


def knowledge_path(k0: np.ndarray, sessions: np.ndarray, calib: Calibration) -> np.ndarray:
    """Each rep's average knowledge in each month: learn at sessions, then forget.

    Each session moves K a share ``learning_rate`` of the way to ``knowledge_ceiling``
    (``sessions`` counts them per rep and month); after it, the gain above K₀ halves every
    ``half_life_months``. The month's value is the average over the month (the forgetting
    is continuous).

    >>> sessions = np.array([[1, 0, 0, 0]])
    >>> knowledge_path(np.array([50.0]), sessions, PRESETS["article"]).round(1).tolist()
    [[58.9, 57.1, 55.6, 54.5]]
    """
    return _learn(k0, sessions, calib.knowledge_ceiling, calib.learning_rate, calib.half_life_months)


def skills_path(s0: np.ndarray, sessions: np.ndarray, calib: Calibration) -> np.ndarray:
    """Each rep's average selling skills in each month: the same learning and forgetting
    curves as :func:`knowledge_path`, with the skills' own ceiling, rate and half-life.

    >>> skills_path(np.array([50.0]), np.array([[1, 0, 0]]), PRESETS["article"]).round(1).tolist()
    [[58.9, 56.3, 54.4]]
    """
    return _learn(s0, sessions, calib.skills_ceiling, calib.skills_learning_rate,
                  calib.skills_half_life_months)


def _learn(start: np.ndarray, sessions: np.ndarray, ceiling: float, rate: float,
           half_life: float) -> np.ndarray:
    keep = 0.5 ** (1 / half_life)
    month_mean = (1 - keep) / -math.log(keep)  # average of the decay over one month
    level = np.empty(sessions.shape)
    k = start.astype(float).copy()
    for m in range(sessions.shape[1]):  # months are sequential; reps are vectorised
        gap_left = (1 - rate) ** sessions[:, m]
        k = np.maximum(k, ceiling - (ceiling - k) * gap_left)
        level[:, m] = start + (k - start) * month_mean
        k = start + (k - start) * keep
    return level


def share_gains(start: np.ndarray, level: np.ndarray, trained: np.ndarray, team: np.ndarray,
                spillover: float) -> np.ndarray:
    """Levels after trained reps share what they learned: each untrained rep gains
    ``spillover`` × the mean gain of the trained reps of their team, month by month.

    >>> level = np.array([[50.0, 70.0], [50.0, 50.0]])
    >>> share_gains(np.array([50.0, 50.0]), level, np.array([True, False]), np.array(["A", "A"]), 0.25).tolist()
    [[50.0, 70.0], [50.0, 55.0]]
    """
    if not spillover:
        return level
    gain = level - start[:, None]
    shared = level.copy()
    for name in np.unique(team):
        mates = (team == name) & trained
        if mates.any():
            others = (team == name) & ~trained
            shared[others] += spillover * gain[mates].mean(axis=0)
    return shared


def proposal_chance(skills: np.ndarray, calib: Calibration) -> np.ndarray:
    """Chance a qualified opportunity reaches proposal: discovery questions (skills S).

    >>> proposal_chance(np.array([[50.0, 70.0]]), PRESETS["article"]).round(3).tolist()
    [[0.55, 0.584]]
    """
    return expit(logit(PROPOSAL_BASE) + calib.proposal_logit_per_10_points * (skills - 50.0) / 10.0)


def close_chance(base_logit: np.ndarray, knowledge: np.ndarray, skills: np.ndarray,
                 calib: Calibration) -> np.ndarray:
    """Chance a proposal is won: product knowledge K and objection handling (skills S), for
    each rep (``base_logit`` α, one per rep) and month (reps × months). The shift
    logit(p/0.55) − logit(p) at p = 30% keeps the untrained team's average win chance at
    MODELS.md's 26% (two stages in a row lower it slightly for most reps).

    >>> close_chance(np.array([logit(0.25)]), np.array([[50.0]]), np.array([[50.0]]),
    ...              PRESETS["article"]).round(3).tolist()
    [[0.483]]
    """
    shift = logit(0.30 / PROPOSAL_BASE) - logit(0.30)
    return expit(np.asarray(base_logit, dtype=float)[:, None] + shift
                 + calib.win_logit_per_10_points * (knowledge - 50.0) / 10.0
                 + calib.close_logit_per_10_points * (skills - 50.0) / 10.0)


def win_chance(base_logit: np.ndarray, knowledge: np.ndarray, skills: np.ndarray,
               calib: Calibration) -> np.ndarray:
    """Chance to win a qualified opportunity: reach proposal, then close it.

    >>> win_chance(np.array([logit(0.25)]), np.array([[50.0, 70.0]]), np.array([[50.0, 50.0]]),
    ...            PRESETS["article"]).round(3).tolist()
    [[0.266, 0.307]]
    """
    return proposal_chance(skills, calib) * close_chance(base_logit, knowledge, skills, calib)


def first_wave(reps: pd.DataFrame, revenue_before: np.ndarray, trained_first: str) -> np.ndarray:
    """Booleans: which reps are trained first. As many as the population's ``wave`` column
    puts first; ``"random"`` takes that column as drawn, ``"weakest"``/``"strongest"`` the
    reps with the lowest/highest revenue per month before training.

    >>> reps = pd.DataFrame({"wave": ["first", "wait-list", "first", "wait-list"]})
    >>> first_wave(reps, np.array([4.0, 1.0, 3.0, 2.0]), "weakest").tolist()
    [False, True, False, True]
    """
    if trained_first not in TRAINED_FIRST:
        raise ValueError(f"`trained_first` must be one of {list(TRAINED_FIRST)}, got {trained_first!r}")
    drawn = (reps["wave"].astype(str) == "first").to_numpy()
    if trained_first == "random":
        return drawn
    order = np.argsort(revenue_before if trained_first == "weakest" else -revenue_before, kind="stable")
    chosen = np.zeros(len(reps), dtype=bool)
    chosen[order[: int(drawn.sum())]] = True
    return chosen


def _sell(opportunities: np.ndarray, to_proposal: np.ndarray, to_close: np.ndarray,
          draws: tuple[np.ndarray, np.ndarray], values: np.ndarray) -> tuple[np.ndarray, ...]:
    """Proposals, deals won and revenue per rep-month: an opportunity reaches proposal when
    its first uniform draw falls under the month's proposal chance, and is won when its
    second falls under the close chance (the same draws whatever the training)."""
    cell = np.repeat(np.arange(opportunities.size), opportunities.ravel())
    reached = draws[0] < to_proposal.ravel()[cell]
    won = reached & (draws[1] < to_close.ravel()[cell])
    totals = [np.bincount(cell, weights=weights, minlength=opportunities.size)
              for weights in (reached, won, won * values)]
    return tuple(total.reshape(opportunities.shape) for total in totals)


def _topic_sessions(topics: str, n: int, n_months: int, start: np.ndarray, every: int,
                    kickoff: int, topic: str) -> np.ndarray:
    if topics not in (topic, "both"):
        return np.zeros((n, n_months), dtype=int)
    return training_sessions(n, n_months, start, every, kickoff)


def simulate_team(reps: pd.DataFrame, seed: int, calib: Calibration | None = None,
                  months_between_sessions: int = 1, trained_first: str = "random",
                  months_before: int = 6, months_after: int = 12, topics: str = "both",
                  spillover: float = 0.0) -> pd.DataFrame:
    """Simulate the wait-list rollout month by month: one row per rep and month.

    Months ``1..months_before`` are before training (``period`` "before"); then the first
    wave has a kick-off and a session every ``months_between_sessions`` months while the
    wait-list waits (``months_after`` months, "after"); then the wait-list is trained too
    ("catch-up", :data:`CATCH_UP_MONTHS`). ``topics`` (:data:`TOPICS`) says what is trained;
    ``spillover`` (0–1) what share of their trained teammates' gain untrained reps pick up.
    Columns: ``rep_id``, ``team``, ``wave``,
    ``arm`` ("intervention" = first wave, "baseline" = wait-list), ``trained`` (1 = first
    wave), ``month`` (1 = January), ``period``, ``post`` (1 in "after"), ``sessions``
    (training sessions that month, both topics), ``knowledge``, ``skills``, ``quiz_score``,
    ``win_chance``, ``win_chance_untrained`` (the same rep-month with no training and no
    sharing at all), ``opportunities``, ``proposals``, ``deals_won``, ``revenue`` (CNY) and
    ``win_rate``.

    >>> from saleslab.data import case3_reps
    >>> units = simulate_team(case3_reps(n_reps=6, n_teams=2), seed=3, months_after=6)
    >>> months = units.groupby("period")["month"].agg(["min", "max"])
    >>> months.loc[["before", "after", "catch-up"]].to_numpy().tolist()
    [[1, 6], [7, 12], [13, 18]]
    """
    reps = check_population(reps)
    seed = check_seed(seed)
    calib = PRESETS["article"] if calib is None else calib
    if not isinstance(calib, Calibration):
        raise TypeError(f"`calib` must be a Calibration, got {type(calib).__name__}")
    every = check_whole("months_between_sessions", months_between_sessions, minimum=1, maximum=24)
    before = check_whole("months_before", months_before, minimum=1, maximum=24)
    after = check_whole("months_after", months_after, minimum=1, maximum=36)
    if topics not in TOPICS:
        raise ValueError(f"`topics` must be one of {list(TOPICS)}, got {topics!r}")
    spillover = check_rate("spillover", spillover)
    n, n_months = len(reps), before + after + CATCH_UP_MONTHS
    opp_rng, win_rng, value_rng, quiz_rng, skill_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence([_SEED_TAG, seed]).spawn(5))

    k0 = reps["knowledge_k0"].to_numpy(dtype=float)
    alpha = reps["base_win_logit"].to_numpy(dtype=float)
    demand = reps["opportunities_per_month"].to_numpy(dtype=float)[:, None] * market_index(n_months, calib)
    opportunities = opp_rng.poisson(demand)
    close_draws = win_rng.random(int(opportunities.sum()))
    values = value_rng.lognormal(math.log(calib.deal_value_median), calib.deal_value_sigma,
                                 close_draws.size)
    s0 = np.clip(skill_rng.normal(SKILLS_MEAN, SKILLS_SD, n), 0, 100)
    draws = (skill_rng.random(close_draws.size), close_draws)

    k_flat, s_flat = (np.repeat(level[:, None], n_months, axis=1) for level in (k0, s0))
    untrained = win_chance(alpha, k_flat, s_flat, calib)
    revenue_untrained = _sell(opportunities, proposal_chance(s_flat, calib),
                              close_chance(alpha, k_flat, s_flat, calib), draws, values)[2]
    trained = first_wave(reps, revenue_untrained[:, :before].mean(axis=1), trained_first)
    if min(trained.sum(), (~trained).sum()) < 2:
        raise ValueError("`reps` must put at least 2 reps in each wave (column `wave`), got "
                         f"{int(trained.sum())} first and {int((~trained).sum())} on the wait-list")
    start = np.where(trained, before, before + after)
    product = _topic_sessions(topics, n, n_months, start, every, calib.kickoff_sessions, "product")
    coached = _topic_sessions(topics, n, n_months, start, every, calib.skills_kickoff_sessions,
                              "skills")
    # Sharing only reaches the wait-list while it waits: from its own training on, it learns first-hand.
    waiting = ~trained[:, None] & (np.arange(n_months)[None, :] < before + after)
    team = reps["team"].astype(str).to_numpy()
    knowledge, skills = (
        np.where(waiting, share_gains(level0, path, trained, team, spillover), path)
        for level0, path in ((k0, knowledge_path(k0, product, calib)), (s0, skills_path(s0, coached, calib))))
    to_proposal, to_close = proposal_chance(skills, calib), close_chance(alpha, knowledge, skills, calib)
    proposals, deals, revenue = _sell(opportunities, to_proposal, to_close, draws, values)
    chance = to_proposal * to_close
    sessions = product + coached
    quiz = np.clip(knowledge + quiz_rng.normal(0.0, calib.quiz_noise, knowledge.shape), 0, 100)

    month = np.arange(1, n_months + 1)
    period = np.where(month <= before, N_("before"), np.where(month <= before + after, N_("after"),
                                                               N_("catch-up")))
    repeat = np.repeat(np.arange(n), n_months)
    wave = np.where(trained, "first", "wait-list")
    return pd.DataFrame({
        "rep_id": reps["rep_id"].to_numpy()[repeat],
        "team": reps["team"].to_numpy()[repeat],
        "wave": pd.Categorical(wave[repeat], categories=["first", "wait-list"]),
        "arm": np.where(trained, "intervention", "baseline")[repeat],
        "trained": trained.astype(int)[repeat],
        "month": np.tile(month, n),
        "period": np.tile(period, n),
        "post": np.tile((period == "after").astype(int), n),
        "sessions": sessions.ravel(),
        "knowledge": knowledge.ravel().round(2),
        "skills": skills.ravel().round(2),
        "quiz_score": quiz.ravel().round(1),
        "win_chance": chance.ravel(),
        "win_chance_untrained": untrained.ravel(),
        "opportunities": opportunities.ravel(),
        "proposals": proposals.ravel().astype(int),
        "deals_won": deals.ravel().astype(int),
        "revenue": revenue.ravel().round(2),
        "win_rate": np.divide(deals, opportunities, out=np.zeros(deals.shape),
                              where=opportunities > 0).ravel(),
    })
