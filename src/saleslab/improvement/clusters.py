"""The unit of randomisation: leads, reps or whole teams, and how to analyse each.

A pilot that gives the change to whole teams (or stores) has as many independent units as it
has teams, not leads: a team's leads share its territory, its manager and its habits, so they
move together. The **intra-cluster correlation** (ICC, ρ) says how alike one team's leads
are; a team of m leads counts as m / (1 + (m − 1)·ρ) independent leads, the **design effect**
1 + (m − 1)·ρ (:func:`design_effect`). Reading such a pilot lead by lead gives an interval
that is too narrow. :func:`compare_clusters` reads it the honest way: a cluster-robust
interval with (clusters − 1) degrees of freedom (statsmodels), and a randomisation test that
tries every way the teams could have been split. With few teams that test cannot reach a
small p-value at all (:func:`smallest_p_value`): one team against one team can never show an
effect, whatever the numbers.

>>> round(design_effect(cluster_size=250, icc=0.01), 2)
3.49
>>> smallest_p_value(1), smallest_p_value(3), round(smallest_p_value(4), 3)
(1.0, 0.1, 0.029)
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from ..i18n import _
from ..localformat import headline_repr
from ..plots import count, percent
from ..validate import check_number
from ._checks import binary_column, check_alpha, check_count, check_frame, check_seed
from .compare import TwoProportions, format_p_value, signed_percent, two_proportions

#: Above this many ways to split the clusters, the randomisation test samples splits.
EXACT_SPLITS = 20_000
SAMPLED_SPLITS = 10_000


def design_effect(cluster_size: float, icc: float) -> float:
    """How many times more units a cluster design needs than a design of independent units:
    1 + (m − 1)·ICC for clusters of ``cluster_size`` m units.

    >>> design_effect(1, 0.3), design_effect(11, 0.1)
    (1.0, 2.0)
    """
    size = check_number("cluster_size", cluster_size)
    if size < 1:
        raise ValueError(f"`cluster_size` must be 1 or more, got {cluster_size!r}")
    icc = check_number("icc", icc)
    if not 0 <= icc < 1:
        raise ValueError(f"`icc` must be between 0 and 1 (0 = clusters no more alike than "
                         f"strangers), got {icc!r}")
    return 1.0 + (size - 1.0) * icc


def smallest_p_value(clusters_per_arm: int) -> float:
    """The smallest two-sided p-value a randomisation test can give with this many clusters
    in each arm: 2 / C(2G, G). Below 0.05 only from 4 clusters per arm.

    >>> [round(smallest_p_value(g), 3) for g in (1, 2, 3, 4, 5)]
    [1.0, 0.333, 0.1, 0.029, 0.008]
    """
    g = check_count("clusters_per_arm", clusters_per_arm, positive=True)
    return min(1.0, 2.0 / math.comb(2 * g, g))


@dataclass(frozen=True)
class ClusterComparison:
    """A pilot of whole clusters read two ways: lead by lead (``naive``, wrong for this
    design) and cluster-aware (``ratio_ci``: cluster-robust, t with clusters − 1 degrees of
    freedom; ``permutation_p``: the randomisation test over the splits of the clusters).

    ``ratio_ci`` is (0, inf) when an arm has a single cluster: then the change and that
    cluster cannot be told apart, and no interval exists.
    """

    naive: TwoProportions
    ratio: float
    ratio_ci: tuple[float, float]
    p_value: float
    permutation_p: float
    splits: int
    clusters: tuple[int, int]
    alpha: float

    @property
    def relative_change(self) -> float:
        """B relative to A: 0.3 means 30% higher."""
        return self.ratio - 1.0

    @property
    def relative_ci(self) -> tuple[float, float]:
        """The cluster-aware interval of the relative change."""
        return self.ratio_ci[0] - 1.0, self.ratio_ci[1] - 1.0

    @property
    def naive_relative_ci(self) -> tuple[float, float]:
        """The lead-by-lead interval of the relative change (too narrow for a cluster design)."""
        return self.naive.ratio_ci[0] - 1.0, self.naive.ratio_ci[1] - 1.0

    @property
    def estimable(self) -> bool:
        """Whether each arm has at least two clusters, so the cluster-to-cluster spread shows."""
        return min(self.clusters) >= 2

    @property
    def design_effect(self) -> float:
        """The design effect this pilot shows: (cluster-aware width / naive width)² on the
        log-ratio scale; NaN-free only when :attr:`estimable`."""
        if not self.estimable:
            return math.inf
        aware = math.log(self.ratio_ci[1] / self.ratio_ci[0])
        naive = math.log(self.naive.ratio_ci[1] / self.naive.ratio_ci[0])
        return (aware / naive) ** 2

    def headline(self) -> str:
        """The effect with both intervals, and what the randomisation test can say."""
        level = percent(1 - self.alpha, digits=0)
        naive_low, naive_high = self.naive_relative_ci
        text = _("{effect}; lead by lead {level} CI {nlow} to {nhigh}").format(
            effect=signed_percent(self.relative_change), level=level,
            nlow=signed_percent(naive_low), nhigh=signed_percent(naive_high))
        if self.estimable:
            low, high = self.relative_ci
            text += _("; team-aware {level} CI {low} to {high} ({df} degrees of freedom)").format(
                level=level, low=signed_percent(low), high=signed_percent(high),
                df=sum(self.clusters) - 1)
        else:
            text += _("; team-aware: no interval, one team per arm cannot separate the team "
                      "from the change")
        return text + _("; randomisation test {p} over {splits} splits of {k} teams").format(
            p=format_p_value(self.permutation_p), splits=count(self.splits), k=sum(self.clusters))

    def __repr__(self) -> str:
        return headline_repr("ClusterComparison", self.headline())


def cluster_totals(df: pd.DataFrame, outcome: str, arm: str, cluster: str) -> pd.DataFrame:
    """One row per cluster: ``arm`` (0/1), ``successes`` and ``n``; every cluster must sit in
    one arm.

    >>> leads = pd.DataFrame({"team": [1, 1, 2, 2], "pilot": [0, 0, 1, 1], "won": [0, 1, 1, 1]})
    >>> cluster_totals(leads, "won", "pilot", "team").to_dict("list")
    {'arm': [0, 1], 'successes': [1, 2], 'n': [2, 2]}
    """
    frame = check_frame("df", df, [outcome, arm, cluster])
    if frame[cluster].isna().any():
        raise ValueError(f"column `{cluster}` (the cluster) must not hold missing values")
    codes, _names = pd.factorize(frame[cluster], sort=True)
    arms, won = binary_column(frame, arm), binary_column(frame, outcome)
    g = int(codes.max()) + 1
    n = np.bincount(codes, minlength=g)
    in_pilot = np.bincount(codes, weights=arms, minlength=g)
    mixed = np.flatnonzero((in_pilot > 0) & (in_pilot < n))
    if mixed.size:
        raise ValueError(f"cluster(s) {_names[mixed[:3]].tolist()} of column `{cluster}` hold "
                         "both arms: randomise whole clusters, or analyse the units with "
                         "two_proportions")
    return pd.DataFrame({"arm": (in_pilot > 0).astype(int),
                         "successes": np.bincount(codes, weights=won, minlength=g).astype(int),
                         "n": n.astype(int)})


def compare_clusters(df: pd.DataFrame, outcome: str, arm: str, cluster: str,
                     alpha: float = 0.05, seed: int = 0) -> ClusterComparison:
    """Compare the rate of ``outcome`` (0/1) between ``arm`` 1 (B) and 0 (A) when whole
    ``cluster`` values (teams, stores) were given the change.

    The ratio's interval is cluster-robust (a log-link Poisson regression with errors
    clustered by ``cluster``, statsmodels) with a t distribution of clusters − 1 degrees of
    freedom; the randomisation test compares the observed log ratio with every split of the
    clusters into arms of the same sizes (a sample of them, seeded by ``seed``, when there
    are more than 20,000 splits).

    >>> rng = np.random.default_rng(0)
    >>> team = np.repeat(np.arange(8), 500)
    >>> leads = pd.DataFrame({"team": team, "pilot": (team >= 4).astype(int),
    ...                       "won": rng.random(4000) < np.where(team >= 4, 0.13, 0.10)})
    >>> check = compare_clusters(leads, "won", "pilot", "team")
    >>> check.clusters, check.splits, check.estimable
    ((4, 4), 70, True)
    """
    alpha = check_alpha(alpha)
    totals = cluster_totals(df, outcome, arm, cluster)
    sizes = (int((totals["arm"] == 0).sum()), int((totals["arm"] == 1).sum()))
    if min(sizes) < 1:
        raise ValueError(f"column `{arm}` must give at least one cluster to each arm, got {sizes}")
    by_arm = totals.groupby("arm")[["successes", "n"]].sum()
    naive = two_proportions(int(by_arm.loc[0, "successes"]), int(by_arm.loc[0, "n"]),
                            int(by_arm.loc[1, "successes"]), int(by_arm.loc[1, "n"]), alpha)
    if min(sizes) >= 2:
        ratio, ratio_ci, p_value = _robust_ratio(totals, alpha)
    else:  # one cluster in an arm: its team effect and the change are one number
        ratio, ratio_ci, p_value = naive.ratio, (0.0, math.inf), 1.0
    permutation_p, splits = _randomisation_test(totals, check_seed(seed))
    return ClusterComparison(naive=naive, ratio=ratio, ratio_ci=ratio_ci, p_value=p_value,
                             permutation_p=permutation_p, splits=splits, clusters=sizes,
                             alpha=alpha)


def _robust_ratio(totals: pd.DataFrame, alpha: float) -> tuple[float, tuple[float, float], float]:
    # Poisson with a log link estimates the ratio of rates exactly ("modified Poisson");
    # cluster-robust errors make the wrong Poisson variance harmless. Fitted on the cluster
    # totals (the same estimate and scores as lead by lead, far faster), one group per row.
    x = sm.add_constant(totals["arm"].to_numpy(dtype=float))
    fit = sm.GLM(totals["successes"].to_numpy(dtype=float), x, family=sm.families.Poisson(),
                 exposure=totals["n"].to_numpy(dtype=float)).fit(
        cov_type="cluster", cov_kwds={"groups": np.arange(len(totals))}, use_t=True)
    low, high = np.exp(fit.conf_int(alpha=alpha)[1])
    return float(np.exp(fit.params[1])), (float(low), float(high)), float(fit.pvalues[1])


def _randomisation_test(totals: pd.DataFrame, seed: int) -> tuple[float, int]:
    successes = totals["successes"].to_numpy(dtype=float)
    n = totals["n"].to_numpy(dtype=float)
    observed = totals["arm"].to_numpy(dtype=bool)
    k, g = int(observed.sum()), len(observed)
    total = math.comb(g, k)
    if total <= EXACT_SPLITS:
        splits = np.zeros((total, g), dtype=bool)
        for row, chosen in enumerate(itertools.combinations(range(g), k)):
            splits[row, list(chosen)] = True
    else:
        rng = np.random.default_rng(seed)
        order = np.argsort(rng.random((SAMPLED_SPLITS, g)), axis=1)[:, :k]
        splits = np.zeros((SAMPLED_SPLITS, g), dtype=bool)
        np.put_along_axis(splits, order, True, axis=1)
        splits[0] = observed  # the observed split always counts
    statistic = np.abs(_log_ratio(splits, successes, n))
    mine = abs(float(_log_ratio(observed[None, :], successes, n)[0]))
    return float(np.mean(statistic >= mine - 1e-12)), int(len(splits))


def _log_ratio(splits: np.ndarray, successes: np.ndarray, n: np.ndarray) -> np.ndarray:
    rate_b = (splits @ successes + 0.5) / (splits @ n + 1.0)
    rate_a = ((~splits) @ successes + 0.5) / ((~splits) @ n + 1.0)
    return np.log(rate_b / rate_a)
