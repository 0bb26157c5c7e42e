"""The starting populations of the three case simulations (outcomes are simulated later).

- Case 1: the leads a B2B company receives — Poisson arrivals per working day.
- Case 2: a retailer's customers, and the complaints they file — Poisson, 0.6 per year.
- Case 3: a manufacturer's reps with their product knowledge, base win chance and
  opportunity flow, split half and half (within each team) into a first and a wait-list wave.

Calibrations follow ``shared/MODELS.md``.

>>> case3_reps()["wave"].value_counts().tolist()
[20, 20]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..validate import check_positive, check_rate
from .org import DEFAULT_SEED, PRODUCT_LINES, REGIONS, SNAPSHOT, check_count, rep_names, stream

LEAD_SOURCES = ("web form", "trade show", "referral", "phone", "partner")
LEAD_SOURCE_SHARE = np.array([0.40, 0.15, 0.15, 0.20, 0.10])
COMPANY_SIZES = ("small", "medium", "large")
COMPANY_SIZE_SHARE = np.array([0.55, 0.33, 0.12])
SEGMENTS = ("regular", "member", "vip")
SEGMENT_SHARE = np.array([0.60, 0.30, 0.10])
SEGMENT_SPEND = np.array([400.0, 900.0, 2_500.0])
COMPLAINT_CATEGORIES = ("product quality", "delivery", "billing", "staff", "returns")
COMPLAINT_SHARE = np.array([0.35, 0.25, 0.10, 0.15, 0.15])
WAVES = ("first", "wait-list")
#: The case populations' observation window: the year (or half year) up to the snapshot.
CASE_END = SNAPSHOT.normalize()
_YEAR_DAYS = 365


def case1_leads(seed: int = DEFAULT_SEED, leads_per_day: float = 20.0, n_days: int = 126,
                n_reps: int = 10) -> pd.DataFrame:
    """Case 1's incoming leads over ``n_days`` working days (about six months) up to the
    snapshot: ``lead_id``, ``arrived_at``, ``source``, ``rep`` (who owns it),
    ``company_size``, ``region``, ``product_line``. Sorted by arrival.

    >>> leads = case1_leads(leads_per_day=10.0, n_days=20)
    >>> 150 < len(leads) < 250, bool(leads["arrived_at"].dt.day_of_week.max() <= 4)
    (True, True)
    """
    rate = check_positive("leads_per_day", leads_per_day)
    n_days = check_count("n_days", n_days)
    n_reps = check_count("n_reps", n_reps)
    rng = stream(seed, "case1_leads")
    days = pd.bdate_range(end=CASE_END - pd.Timedelta(days=1), periods=n_days)
    per_day = rng.poisson(rate, n_days)
    n = int(per_day.sum())
    seconds = rng.integers(8 * 3600, 20 * 3600, n) // 60 * 60
    arrived = np.sort(np.repeat(days.to_numpy(), per_day) + seconds.astype("timedelta64[s]"))
    return pd.DataFrame(
        {
            "lead_id": np.arange(1, n + 1),
            "arrived_at": pd.Series(arrived).astype("datetime64[us]"),
            "source": pd.Categorical.from_codes(rng.choice(len(LEAD_SOURCES), n, p=LEAD_SOURCE_SHARE),
                                                LEAD_SOURCES),
            "rep": np.asarray(rep_names(n_reps))[rng.integers(0, n_reps, n)],
            "company_size": pd.Categorical.from_codes(
                rng.choice(len(COMPANY_SIZES), n, p=COMPANY_SIZE_SHARE), COMPANY_SIZES),
            "region": pd.Categorical.from_codes(rng.integers(0, len(REGIONS), n), REGIONS),
            "product_line": pd.Categorical.from_codes(rng.integers(0, len(PRODUCT_LINES), n), PRODUCT_LINES),
        }
    )


def _months_between(start: pd.DatetimeIndex, end: pd.Timestamp) -> np.ndarray:
    return ((end.year - start.year) * 12 + end.month - start.month - (start.day > end.day)).to_numpy()


def case2_customers(seed: int = DEFAULT_SEED, n_customers: int = 3_000, n_stores: int = 12) -> pd.DataFrame:
    """Case 2's customers at the start of the 12-month window: ``customer_id``, ``store``,
    ``region``, ``segment``, ``joined_at``, ``tenure_months`` (at the window's start) and
    ``monthly_spend`` (CNY).

    >>> c = case2_customers(n_customers=100)
    >>> len(c), bool(c["tenure_months"].min() >= 0)
    (100, True)
    """
    n = check_count("n_customers", n_customers)
    n_stores = check_count("n_stores", n_stores)
    rng = stream(seed, "case2_customers")
    start = CASE_END - pd.DateOffset(years=1)
    joined = start - pd.to_timedelta(np.floor(rng.exponential(3 * _YEAR_DAYS, n)) + 1, unit="D")
    joined = pd.DatetimeIndex(joined).astype("datetime64[us]")
    store = rng.integers(0, n_stores, n)
    segment = rng.choice(len(SEGMENTS), n, p=SEGMENT_SHARE)
    spend = SEGMENT_SPEND[segment] * rng.lognormal(-0.5**2 / 2, 0.5, n)
    width = max(2, len(str(n_stores)))
    return pd.DataFrame(
        {
            "customer_id": np.arange(1, n + 1),
            "store": np.asarray([f"S{i:0{width}d}" for i in range(1, n_stores + 1)])[store],
            "region": pd.Categorical.from_codes(store % len(REGIONS), REGIONS),
            "segment": pd.Categorical.from_codes(segment, SEGMENTS),
            "joined_at": joined,
            "tenure_months": _months_between(joined, start).astype("int64"),
            "monthly_spend": np.round(spend, 2),
        }
    )


def case2_complaints(seed: int = DEFAULT_SEED, n_customers: int = 3_000,
                     complaints_per_year: float = 0.6) -> pd.DataFrame:
    """Case 2's complaints over the 12 months up to the snapshot: ``complaint_id``,
    ``customer_id``, ``filed_at``, ``category``. Each customer files Poisson
    (``complaints_per_year``) complaints at uniform times. Sorted by time.

    >>> c = case2_complaints(n_customers=1_000)
    >>> 450 < len(c) < 750
    True
    """
    n = check_count("n_customers", n_customers)
    rate = check_positive("complaints_per_year", complaints_per_year)
    rng = stream(seed, "case2_complaints")
    start = CASE_END - pd.DateOffset(years=1)
    span = int((CASE_END - start) / pd.Timedelta(seconds=60))
    per_customer = rng.poisson(rate, n)
    who = np.repeat(np.arange(1, n + 1), per_customer)
    minute = rng.integers(0, span, len(who))
    order = np.argsort(minute, kind="stable")
    filed = start.to_datetime64() + minute[order].astype("timedelta64[m]")
    return pd.DataFrame(
        {
            "complaint_id": np.arange(1, len(who) + 1),
            "customer_id": who[order],
            "filed_at": pd.Series(filed).astype("datetime64[us]"),
            "category": pd.Categorical.from_codes(
                rng.choice(len(COMPLAINT_CATEGORIES), len(who), p=COMPLAINT_SHARE), COMPLAINT_CATEGORIES),
        }
    )


def case3_reps(seed: int = DEFAULT_SEED, n_reps: int = 40, n_teams: int = 4,
               first_wave_share: float = 0.5) -> pd.DataFrame:
    """Case 3's reps: ``rep_id``, ``team``, ``knowledge_k0`` ~ Normal(50, 10) points,
    ``base_win_logit`` α ~ Normal(logit 0.25, 0.35), ``opportunities_per_month`` μ ~ Gamma
    (mean 10, CV 0.3), and ``wave``: within each team a ``first_wave_share`` of reps (drawn
    at random) is trained first, the rest wait.

    >>> r = case3_reps(n_reps=8, n_teams=2)
    >>> r.groupby("team")["wave"].apply(lambda w: (w == "first").sum()).tolist()
    [2, 2]
    """
    n = check_count("n_reps", n_reps, minimum=2)
    n_teams = check_count("n_teams", n_teams, maximum=n)
    share = check_rate("first_wave_share", first_wave_share)
    rng = stream(seed, "case3_reps")
    team = np.arange(n) % n_teams
    wave = np.empty(n, dtype=np.int64)
    for t in range(n_teams):  # a handful of teams: blocked randomisation within each
        members = np.flatnonzero(team == t)
        first = rng.permutation(len(members)) < round(share * len(members))
        wave[members] = np.where(first, 0, 1)
    cv = 0.3
    return pd.DataFrame(
        {
            "rep_id": [f"T{i:0{max(2, len(str(n)))}d}" for i in range(1, n + 1)],
            "team": [f"Team {t + 1}" for t in team],
            "knowledge_k0": np.round(np.clip(rng.normal(50.0, 10.0, n), 0.0, 100.0), 2),
            "base_win_logit": np.round(rng.normal(np.log(0.25 / 0.75), 0.35, n), 4),
            "opportunities_per_month": np.round(rng.gamma(1 / cv**2, 10.0 * cv**2, n), 3),
            "wave": pd.Categorical.from_codes(wave, WAVES),
        }
    )
