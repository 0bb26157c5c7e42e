"""Case 3's model: reps learn in training sessions, forget between them, and win more
deals when they know more (某制造企业销售团队培训).

Each month every rep works a Poisson number of opportunities; each opportunity is won with
a chance that rises with the rep's product knowledge K (logit p = α + slope·(K − 50)/10),
and a won deal is worth a log-normal amount. A training session moves K part of the way to
what a fully trained rep knows (the learning curve); between sessions K slides back toward
the rep's starting knowledge K₀ (the forgetting curve). Nothing else changes, so any effect
on team results comes from this mechanism. Calibrations follow ``shared/MODELS.md``.

>>> from saleslab.data import case3_reps
>>> units = simulate_team(case3_reps(n_reps=8, n_teams=2), seed=1)
>>> units.shape, sorted(units["period"].unique())
((192, 17), ['after', 'before', 'catch-up'])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.special import expit

from ..i18n import N_
from ..validate import check_frame, check_number, check_positive, check_rate, check_seed, check_whole

#: Who is trained first: a random half (the fair test), or the weakest / strongest sellers
#: of the months before training (what managers often do — it biases naive comparisons).
TRAINED_FIRST = ("random", "weakest", "strongest")
#: Months the wait-list reps are followed after their own training starts.
CATCH_UP_MONTHS = 6
POPULATION_COLUMNS = ("rep_id", "team", "knowledge_k0", "base_win_logit",
                      "opportunities_per_month", "wave")
_SEED_TAG = 3  # keeps case 3's random streams apart from the other cases'


@dataclass(frozen=True)
class Calibration:
    """The assumptions of the training model (knowledge in points on a 0–100 scale).

    >>> PRESETS["article"].learning_rate, PRESETS["conservative"].win_logit_per_10_points
    (0.25, 0.08)
    """

    name: str
    knowledge_ceiling: float = 90.0  # what a fully trained rep knows
    learning_rate: float = 0.25  # share of the gap to the ceiling one session closes
    kickoff_sessions: int = 3  # the kick-off: product courses + a selling-skills course
    half_life_months: float = 3.0  # forgetting: half the gain above K0 is gone after this
    win_logit_per_10_points: float = 0.15  # log-odds of winning per 10 knowledge points
    deal_value_median: float = 20_000.0
    deal_value_sigma: float = 0.6
    quiz_noise: float = 5.0  # a quiz measures knowledge with this standard deviation
    market_growth_per_year: float = 0.06  # demand trend shared by every rep
    seasonal_swing: float = 0.12  # strong and weak months, shared by every rep

    def __post_init__(self) -> None:
        check_positive("knowledge_ceiling", self.knowledge_ceiling)
        check_rate("learning_rate", self.learning_rate)
        check_whole("kickoff_sessions", self.kickoff_sessions, minimum=1, maximum=10)
        check_positive("half_life_months", self.half_life_months)
        check_positive("win_logit_per_10_points", self.win_logit_per_10_points, allow_zero=True)
        check_positive("deal_value_median", self.deal_value_median)
        check_positive("deal_value_sigma", self.deal_value_sigma, allow_zero=True)
        check_positive("quiz_noise", self.quiz_noise, allow_zero=True)
        check_number("market_growth_per_year", self.market_growth_per_year)
        check_rate("seasonal_swing", self.seasonal_swing)


#: "article": MODELS.md's calibration, a large knowledge gain (about +25% results).
#: "conservative": reps learn less deeply, forget faster and knowledge moves the win chance
#: half as much — the same training then lifts results by about +8%.
PRESETS: dict[str, Calibration] = {
    "article": Calibration(N_("article")),
    "conservative": Calibration(N_("conservative"), knowledge_ceiling=80.0, half_life_months=2.0,
                                win_logit_per_10_points=0.08),
}


def calibration(preset: str = "article", session_quality: float | None = None) -> Calibration:
    """The preset's calibration, with the learning rate set to ``session_quality`` if given.

    >>> calibration("conservative", session_quality=0.1).learning_rate
    0.1
    """
    if preset not in PRESETS:
        raise ValueError(f"`preset` must be one of {list(PRESETS)}, got {preset!r}")
    if session_quality is None:
        return PRESETS[preset]
    return replace(PRESETS[preset], learning_rate=check_rate("session_quality", session_quality))


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
    keep = 0.5 ** (1 / calib.half_life_months)
    month_mean = (1 - keep) / -math.log(keep)  # average of the decay over one month
    knowledge = np.empty(sessions.shape)
    k = k0.astype(float).copy()
    for m in range(sessions.shape[1]):  # months are sequential; reps are vectorised
        gap_left = (1 - calib.learning_rate) ** sessions[:, m]
        k = np.maximum(k, calib.knowledge_ceiling - (calib.knowledge_ceiling - k) * gap_left)
        knowledge[:, m] = k0 + (k - k0) * month_mean
        k = k0 + (k - k0) * keep
    return knowledge


def win_chance(base_logit: np.ndarray, knowledge: np.ndarray, calib: Calibration) -> np.ndarray:
    """Chance to win an opportunity: logit p = α + slope · (K − 50) / 10, for each rep
    (``base_logit``, one per rep) and month (``knowledge``, reps × months).

    >>> win_chance(np.array([np.log(1 / 3)]), np.array([[50.0, 70.0]]), PRESETS["article"]).round(3).tolist()
    [[0.25, 0.31]]
    """
    return expit(np.asarray(base_logit, dtype=float)[:, None]
                 + calib.win_logit_per_10_points * (knowledge - 50.0) / 10.0)


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


def _sell(opportunities: np.ndarray, chance: np.ndarray, draws: np.ndarray,
          values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Deals won and revenue per rep-month: each opportunity is won when its uniform draw
    falls under the month's win chance (the same draws whatever the training)."""
    cell = np.repeat(np.arange(opportunities.size), opportunities.ravel())
    won = draws < chance.ravel()[cell]
    deals = np.bincount(cell, weights=won, minlength=opportunities.size)
    revenue = np.bincount(cell, weights=won * values, minlength=opportunities.size)
    return deals.reshape(opportunities.shape), revenue.reshape(opportunities.shape)


def simulate_team(reps: pd.DataFrame, seed: int, calib: Calibration | None = None,
                  months_between_sessions: int = 1, trained_first: str = "random",
                  months_before: int = 6, months_after: int = 12) -> pd.DataFrame:
    """Simulate the wait-list rollout month by month: one row per rep and month.

    Months ``1..months_before`` are before training (``period`` "before"); then the first
    wave has a kick-off and a session every ``months_between_sessions`` months while the
    wait-list waits (``months_after`` months, "after"); then the wait-list is trained too
    ("catch-up", :data:`CATCH_UP_MONTHS`). Columns: ``rep_id``, ``team``, ``wave``,
    ``arm`` ("intervention" = first wave, "baseline" = wait-list), ``trained`` (1 = first
    wave), ``month`` (1 = January), ``period``, ``post`` (1 in "after"), ``sessions``
    (training sessions that month), ``knowledge``, ``quiz_score``, ``win_chance``,
    ``win_chance_untrained`` (the same rep-month with no training at all),
    ``opportunities``, ``deals_won``, ``revenue`` (CNY) and ``win_rate``.

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
    n, n_months = len(reps), before + after + CATCH_UP_MONTHS
    opp_rng, win_rng, value_rng, quiz_rng = (
        np.random.default_rng(child) for child in np.random.SeedSequence([_SEED_TAG, seed]).spawn(4))

    k0 = reps["knowledge_k0"].to_numpy(dtype=float)
    alpha = reps["base_win_logit"].to_numpy(dtype=float)
    demand = reps["opportunities_per_month"].to_numpy(dtype=float)[:, None] * market_index(n_months, calib)
    opportunities = opp_rng.poisson(demand)
    draws = win_rng.random(int(opportunities.sum()))
    values = value_rng.lognormal(math.log(calib.deal_value_median), calib.deal_value_sigma, draws.size)

    untrained = win_chance(alpha, np.repeat(k0[:, None], n_months, axis=1), calib)
    _deals, revenue_untrained = _sell(opportunities, untrained, draws, values)
    trained = first_wave(reps, revenue_untrained[:, :before].mean(axis=1), trained_first)
    if min(trained.sum(), (~trained).sum()) < 2:
        raise ValueError("`reps` must put at least 2 reps in each wave (column `wave`), got "
                         f"{int(trained.sum())} first and {int((~trained).sum())} on the wait-list")
    sessions = training_sessions(n, n_months, np.where(trained, before, before + after), every,
                                 calib.kickoff_sessions)
    knowledge = knowledge_path(k0, sessions, calib)
    chance = win_chance(alpha, knowledge, calib)
    deals, revenue = _sell(opportunities, chance, draws, values)
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
        "quiz_score": quiz.ravel().round(1),
        "win_chance": chance.ravel(),
        "win_chance_untrained": untrained.ravel(),
        "opportunities": opportunities.ravel(),
        "deals_won": deals.ravel().astype(int),
        "revenue": revenue.ravel().round(2),
        "win_rate": np.divide(deals, opportunities, out=np.zeros(deals.shape),
                              where=opportunities > 0).ravel(),
    })
