"""Choose the unit of randomisation: leads, reps or whole teams, simulated many times.

The same pilot (same teams, reps and leads, same true effect) is randomised three ways:

- **leads** (个体): every team works both arms, leads split at random in one shared queue.
  Team differences cancel, but reps who handle both arms can favour the pilot leads
  (``favouritism``: the share of the change's gain that reps move from comparison leads to
  pilot leads, by giving them the time the others lose). The comparison is then biased;
- **reps**: half of each team's reps get the change; clusters of one rep's leads;
- **teams** (or stores): whole teams get the change; clusters of one team's leads.

Each cluster's true rate is drawn around its arm's rate with the intra-cluster correlation
``icc`` (a beta distribution with that ICC), its leads won at that rate. Each run is read lead
by lead (naive) and cluster-aware (cluster rates compared with a t test on clusters − 2
degrees of freedom); :func:`simulate_pilots` reports how often each interval covers the true
effect and how often it excludes zero.

>>> plan = simulate_pilots("teams", teams_per_arm=4, icc=0.001, runs=400)
>>> plan.design_effect > 2, plan.naive_coverage < plan.aware_coverage
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm, t

from ..i18n import N_, _
from ..localformat import headline_repr, join_sentences
from ..plots import count, percent
from ..validate import check_number
from ._checks import check_count, check_open_rate, check_seed
from .clusters import design_effect, smallest_p_value
from .compare import signed_percent

#: The units a pilot can randomise, and their names.
UNITS = {"leads": N_("Leads, in one shared queue"), "reps": N_("Reps"),
         "teams": N_("Whole teams (or stores)")}


@dataclass(frozen=True)
class PilotDesign:
    """A pilot's design and what its repeated runs showed.

    ``clusters_per_arm`` and ``cluster_size`` (leads) follow from the unit; ``measured`` holds
    each run's relative effect; the coverages are the shares of runs whose 95% interval held
    the true effect; the powers the shares whose interval excluded zero.
    """

    unit: str
    clusters_per_arm: int
    cluster_size: int
    leads_per_arm: int
    true_effect: float
    icc: float
    favouritism: float
    design_effect: float
    measured: np.ndarray
    naive_coverage: float
    aware_coverage: float
    naive_power: float
    aware_power: float

    @property
    def effective_leads(self) -> float:
        """Leads per arm worth as much as independent ones: leads / design effect."""
        return self.leads_per_arm / self.design_effect

    @property
    def smallest_p(self) -> float:
        """The smallest p-value a randomisation test of these clusters can give."""
        return smallest_p_value(self.clusters_per_arm) if self.unit != "leads" else 0.0

    def headline(self) -> str:
        """What this design shows: the average measured effect, the honest interval's power,
        and how often the lead-by-lead interval covers the truth."""
        text = _("{unit}: per arm {k} × {m} leads, design effect {de:.1f} "
                 "({eff} of {n} leads count). Measured {mean} on average for a true {true}; "
                 "the lead-by-lead interval covers the truth in {naive} of pilots, the "
                 "cluster-aware one in {aware}; power {power}.").format(
            unit=_(UNITS[self.unit]), k=count(self.clusters_per_arm), m=count(self.cluster_size),
            de=self.design_effect, eff=count(self.effective_leads), n=count(self.leads_per_arm),
            mean=signed_percent(float(np.mean(self.measured))),
            true=signed_percent(self.true_effect), naive=percent(self.naive_coverage, digits=0),
            aware=percent(self.aware_coverage, digits=0), power=percent(self.aware_power, digits=0))
        if self.unit != "leads" and self.smallest_p > 0.05:
            text = join_sentences([text, _("With so few clusters per arm ({k}) no test of them can "
                                           "reach p < 0.05.").format(k=self.clusters_per_arm)])
        return text

    def __repr__(self) -> str:
        return headline_repr("PilotDesign", self.headline())


def _clusters(unit: str, teams_per_arm: int, reps_per_team: int,
              leads_per_rep: int) -> tuple[int, int]:
    if unit == "teams":
        return teams_per_arm, reps_per_team * leads_per_rep
    if unit == "reps":
        return teams_per_arm * reps_per_team, leads_per_rep
    # leads: every team works both arms; the team is the cluster, half its leads in each arm
    return 2 * teams_per_arm, reps_per_team * leads_per_rep // 2


def simulate_pilots(unit: str = "teams", teams_per_arm: int = 4, reps_per_team: int = 10,
                    leads_per_rep: int = 250, p0: float = 0.09, true_effect: float = 0.30,
                    icc: float = 0.001, favouritism: float = 0.0, runs: int = 1000,
                    seed: int = 0) -> PilotDesign:
    """Run the pilot ``runs`` times with the unit of randomisation ``unit`` (a key of
    :data:`UNITS`); every design has the same teams, reps and leads.

    ``p0`` is today's close rate, ``true_effect`` the change's relative effect, ``icc`` how
    alike one cluster's leads are, ``favouritism`` (leads only) the share of the change's
    gain that reps working both arms move from comparison leads to pilot leads.

    >>> fair = simulate_pilots("leads", runs=400)
    >>> biased = simulate_pilots("leads", favouritism=0.5, runs=400)
    >>> bool(np.mean(biased.measured) > np.mean(fair.measured) + 0.1)
    True
    """
    if unit not in UNITS:
        raise ValueError(f"`unit` must be one of {list(UNITS)}, got {unit!r}")
    teams = check_count("teams_per_arm", teams_per_arm, positive=True)
    reps = check_count("reps_per_team", reps_per_team, positive=True)
    per_rep = check_count("leads_per_rep", leads_per_rep, positive=True)
    p0 = check_open_rate("p0", p0)
    effect = check_number("true_effect", true_effect)
    icc = check_number("icc", icc)
    if not 0 <= icc < 1:
        raise ValueError(f"`icc` must be between 0 and 1, got {icc!r}")
    favour = check_number("favouritism", favouritism)
    if not 0 <= favour <= 1:
        raise ValueError(f"`favouritism` must be a share between 0 and 1, got {favouritism!r}")
    runs = check_count("runs", runs, positive=True)
    if unit == "reps" and reps < 2:
        raise ValueError("`reps_per_team` must be 2 or more to split a team's reps")
    k, m = _clusters(unit, teams, reps, per_rep)
    p1 = p0 * (1 + effect)
    if not 0 < p1 < 1:
        raise ValueError(f"`true_effect` {effect} moves the rate {p0} outside 0–100%")
    rng = np.random.default_rng(check_seed(seed))
    if unit == "leads":  # both arms share each team's rate; favouritism moves effort
        gain = (p1 - p0) * favour if favour else 0.0
        base = _cluster_rates(rng, p0, icc, (runs, k))
        rate_a, rate_b = base * (1 - gain / p0), base * (p1 + gain) / p0
        rate_b = np.minimum(rate_b, 1.0)
        share_de = 1.0  # the team's rate cancels within each team
    else:
        rate_a = _cluster_rates(rng, p0, icc, (runs, k))
        rate_b = _cluster_rates(rng, p1, icc, (runs, k))
        share_de = design_effect(m, icc)
    won_a, won_b = rng.binomial(m, rate_a) / m, rng.binomial(m, rate_b) / m
    measured, naive, aware = _readings(won_a, won_b, m, paired=unit == "leads")
    truth = p1 - p0
    return PilotDesign(
        unit=unit, clusters_per_arm=k, cluster_size=m, leads_per_arm=k * m, true_effect=effect,
        icc=icc, favouritism=favour if unit == "leads" else 0.0, design_effect=share_de,
        measured=measured,
        naive_coverage=float(np.mean((naive[0] <= truth) & (truth <= naive[1]))),
        aware_coverage=float(np.mean((aware[0] <= truth) & (truth <= aware[1]))),
        naive_power=float(np.mean(naive[0] > 0)), aware_power=float(np.mean(aware[0] > 0)))


def _cluster_rates(rng: np.random.Generator, mean: float, icc: float,
                   shape: tuple[int, int]) -> np.ndarray:
    if icc == 0:
        return np.full(shape, mean)
    strength = (1 - icc) / icc  # a beta with this a + b has intra-cluster correlation icc
    return rng.beta(mean * strength, (1 - mean) * strength, size=shape)


def _readings(won_a: np.ndarray, won_b: np.ndarray, m: int, paired: bool):
    """Each run's relative effect, and its difference interval read lead by lead and by
    cluster (a t interval on the cluster rates; paired within teams for the lead design)."""
    mean_a, mean_b = won_a.mean(axis=1), won_b.mean(axis=1)
    k = won_a.shape[1]
    n = k * m
    naive_se = np.sqrt(mean_a * (1 - mean_a) / n + mean_b * (1 - mean_b) / n)
    diff = mean_b - mean_a
    z = norm.ppf(0.975)
    if paired:
        spread = np.std(won_b - won_a, axis=1, ddof=1) / math.sqrt(k)
        quantile = t.ppf(0.975, k - 1)
    else:
        spread = np.sqrt((won_a.var(axis=1, ddof=1) + won_b.var(axis=1, ddof=1)) / k) if k > 1 \
            else np.full(len(diff), np.inf)
        quantile = t.ppf(0.975, 2 * k - 2) if k > 1 else np.inf
    measured = np.divide(mean_b, mean_a, out=np.full(len(diff), np.nan), where=mean_a > 0) - 1
    return (measured, (diff - z * naive_se, diff + z * naive_se),
            (diff - quantile * spread, diff + quantile * spread))
