"""Case 3, manufacturer sales training (某制造企业销售团队培训): the wait-list experiment.

Half the reps are trained first (regular product training and selling-skills sessions),
the other half wait. Comparing the two groups before and after gives the effect of the
training on team results (revenue per rep per month), with its uncertainty:
ANCOVA on each rep's before-training level (the headline) or difference-in-differences.
A post-only comparison or a before/after reading of the trained reps is shown beside
them, because that is what a busy manager would otherwise look at. The model is in
:mod:`saleslab.cases.training_model`.

>>> result = run_experiment(seed=1)
>>> result.metric, result.unit, result.n_intervention + result.n_baseline
('revenue per rep per month', 'reps', 40)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..data import case3_reps
from ..i18n import N_, _
from ..improvement import PDCARecord, ancova, diff_in_diff
from ..plots import percent
from ..validate import check_seed, check_whole
from .common import ExperimentResult
from .training_calibration import PRESETS, calibration
from .training_model import TRAINED_FIRST, simulate_team
from .training_value import Costs, money_from_run

#: The four readings of the same experiment, best first.
METHODS: dict[str, str] = {
    "ancova": N_("ANCOVA (adjusted for each rep's level before)"),
    "did": N_("Difference-in-differences"),
    "after_only": N_("After only: trained vs wait-list"),
    "before_after": N_("Before/after: trained reps only"),
}
#: The article's team-results effect at the default levers.
ARTICLE_EFFECT = 0.25
DEFAULT_REPS = 40


@dataclass(frozen=True, repr=False)  # keeps the one-line headline repr
class TrainingResult(ExperimentResult):
    """An :class:`~saleslab.cases.common.ExperimentResult` for the training case.

    ``baseline`` is what the first-wave reps would have sold per month without training
    (estimated), ``intervention`` what they did sell; ``units`` holds one row per rep and
    month (see :func:`~saleslab.cases.training_model.simulate_team`). Also:
    ``built_in_effect``, the effect the model puts in for this group (expected revenue
    with vs without training — unknown in real life), and ``estimates``, the effect read by
    each method of :data:`METHODS` (columns ``method``, ``label``, ``effect``, ``ci_low``,
    ``ci_high``, ``significant``).
    """

    built_in_effect: float = math.nan
    estimates: pd.DataFrame = field(default_factory=pd.DataFrame, compare=False, repr=False)


def _relative(estimate: float, low: float, high: float, reference: float) -> tuple[float, ...]:
    return estimate / reference, low / reference, high / reference


def compared_months(units: pd.DataFrame) -> pd.DataFrame:
    """The rep-months the comparison uses: before training and while the wait-list waits.

    >>> sorted(compared_months(run_experiment(seed=1).units)["period"].unique())
    ['after', 'before']
    """
    return units[units["period"].isin(["before", "after"])].reset_index(drop=True)


def per_rep(units: pd.DataFrame) -> pd.DataFrame:
    """One row per rep: ``trained`` and mean monthly revenue ``before`` and ``after``.

    >>> per_rep(run_experiment(seed=1).units).columns.tolist()
    ['rep_id', 'trained', 'before', 'after']
    """
    codes, reps = pd.factorize(units["rep_id"])
    sums = {}
    for period in ("before", "after"):
        rows = (units["period"] == period).to_numpy()
        totals = np.bincount(codes[rows], weights=units["revenue"].to_numpy()[rows], minlength=len(reps))
        sums[period] = totals / np.bincount(codes[rows], minlength=len(reps))
    trained = np.bincount(codes, weights=units["trained"].to_numpy(), minlength=len(reps)) > 0
    return pd.DataFrame({"rep_id": reps, "trained": trained.astype(int), **sums})


def before_training(units: pd.DataFrame) -> pd.DataFrame:
    """Each rep in the months before training: ``rep_id``, ``team``, ``quiz_score`` (mean,
    points), ``opportunities`` and ``deals_won`` (totals), ``win_rate`` and
    ``revenue_per_month`` (CNY). The manager's baseline data.

    >>> before_training(run_experiment(seed=1).units).columns.tolist()[:3]
    ['rep_id', 'team', 'quiz_score']
    """
    before = units[units["period"] == "before"]
    table = before.groupby(["rep_id", "team"], sort=False).agg(
        quiz_score=("quiz_score", "mean"), opportunities=("opportunities", "sum"),
        deals_won=("deals_won", "sum"), revenue_per_month=("revenue", "mean")).reset_index()
    table.insert(5, "win_rate", (table["deals_won"] / table["opportunities"].clip(lower=1)).round(3))
    return table.assign(quiz_score=table["quiz_score"].round(1),
                        revenue_per_month=table["revenue_per_month"].round(0))


def by_quiz_band(units: pd.DataFrame) -> pd.DataFrame:
    """Reps before training in three equal bands of quiz score (low, middle, high): per
    band ``reps``, mean ``quiz_score``, pooled ``win_rate`` and ``revenue_per_month``.

    >>> by_quiz_band(run_experiment(seed=1).units).index.tolist()
    ['low', 'middle', 'high']
    """
    reps = before_training(units)
    bands = pd.qcut(reps["quiz_score"], 3, labels=[_("low"), _("middle"), _("high")])
    grouped = reps.groupby(bands, observed=True)
    table = pd.DataFrame({
        "reps": grouped.size(), "quiz_score": grouped["quiz_score"].mean().round(1),
        "win_rate": (grouped["deals_won"].sum() / grouped["opportunities"].sum()).round(3),
        "revenue_per_month": grouped["revenue_per_month"].mean().round(0),
    })
    return table.rename_axis(_("quiz band"))


def compare_methods(units: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """The relative effect on revenue per rep-month read four ways, with ``1 − alpha``
    intervals: ANCOVA, difference-in-differences (errors clustered by rep), after-only
    (trained vs wait-list after training, Welch t) and before/after (trained reps only,
    paired t).

    >>> table = compare_methods(run_experiment(seed=1).units)
    >>> table["method"].tolist()
    ['ancova', 'did', 'after_only', 'before_after']
    """
    reps = per_rep(units)
    rows = []
    fit = ancova(reps, "after", "trained", "before", alpha=alpha)
    rows.append(_relative(fit.estimate, *fit.ci, fit.counterfactual) + (fit.p_value,))
    fit = diff_in_diff(compared_months(units), "revenue", "trained", "post", cluster="rep_id", alpha=alpha)
    rows.append(_relative(fit.estimate, *fit.ci, fit.counterfactual) + (fit.p_value,))
    first, waiting = (reps.loc[reps["trained"] == flag, "after"] for flag in (1, 0))
    test = stats.ttest_ind(first, waiting, equal_var=False)
    low, high = test.confidence_interval(1 - alpha)
    rows.append(_relative(first.mean() - waiting.mean(), low, high, waiting.mean()) + (test.pvalue,))
    gain = reps.loc[reps["trained"] == 1, "after"] - reps.loc[reps["trained"] == 1, "before"]
    test = stats.ttest_1samp(gain, 0.0)
    low, high = test.confidence_interval(1 - alpha)
    before = reps.loc[reps["trained"] == 1, "before"].mean()
    rows.append(_relative(gain.mean(), low, high, before) + (test.pvalue,))
    table = pd.DataFrame(rows, columns=["effect", "ci_low", "ci_high", "p_value"])
    table.insert(0, "label", [_(label) for label in METHODS.values()])
    table.insert(0, "method", list(METHODS))
    table["significant"] = table["p_value"] < alpha
    return table


def _population(seed: int, size: int | None, reps: pd.DataFrame | None) -> pd.DataFrame:
    if reps is not None:
        if size is not None:
            raise ValueError("give `size` or `reps`, not both: `size` draws a new team of that size")
        return reps
    n = DEFAULT_REPS if size is None else check_whole("size", size, minimum=4, maximum=2_000)
    return case3_reps(seed, n_reps=n, n_teams=min(4, n // 2))


def run_experiment(seed: int, size: int | None = None, *, reps: pd.DataFrame | None = None,
                   preset: str = "article", months_between_sessions: int = 1,
                   trained_first: str = "random", session_quality: float | None = None,
                   months_before: int = 6, months_after: int = 12, topics: str = "both",
                   spillover: float = 0.0, method: str = "ancova") -> TrainingResult:
    """Run the wait-list training experiment once and measure its effect on team results.

    ``size`` reps (default 40) are drawn with ``case3_reps(seed)``, or pass ``reps``
    (e.g. ``saleslab.data.load("case3_reps")``). Levers: ``preset`` (``"article"`` or
    ``"conservative"`` assumptions), ``months_between_sessions`` (1 = a session every
    month, 3 = one per quarter), ``trained_first`` (``"random"``, ``"weakest"``,
    ``"strongest"``), ``session_quality`` (share of the knowledge gap one session closes;
    default the preset's 0.25; 0 = sessions teach nothing), ``months_before`` and
    ``months_after`` (the months compared), ``topics`` (``"product"``, ``"skills"`` or
    ``"both"``) and ``spillover`` (share of a trained teammate's gain the wait-list picks
    up, 0–1: it contaminates the comparison). ``method`` picks the headline reading
    (``"ancova"`` or ``"did"``); every reading is in ``result.estimates``.

    >>> result = run_experiment(seed=1)
    >>> result.estimates["method"].tolist() == list(METHODS)
    True
    >>> run_experiment(seed=1, session_quality=1.5)
    Traceback (most recent call last):
    ...
    ValueError: `session_quality` must be between 0 and 1, got 1.5
    """
    seed = check_seed(seed)
    if method not in ("ancova", "did"):
        raise ValueError(f"`method` must be 'ancova' or 'did', got {method!r}")
    calib = calibration(preset, session_quality)
    units = simulate_team(_population(seed, size, reps), seed, calib, months_between_sessions,
                          trained_first, months_before, months_after, topics, spillover)
    estimates = compare_methods(units)
    headline = estimates.set_index("method").loc[method]
    after = units[(units["period"] == "after") & (units["trained"] == 1)]
    treated = float(after["revenue"].mean())
    built_in = (after["opportunities"] * after["win_chance"]).sum() / (
        after["opportunities"] * after["win_chance_untrained"]).sum() - 1
    n_first = int(units.loc[units["trained"] == 1, "rep_id"].nunique())
    return TrainingResult(
        metric=_("revenue per rep per month"), unit=_("reps"),
        baseline=treated / (1 + float(headline["effect"])), intervention=treated,
        effect=float(headline["effect"]),
        effect_ci=(float(headline["ci_low"]), float(headline["ci_high"])),
        n_baseline=int(units["rep_id"].nunique()) - n_first, n_intervention=n_first,
        units=units, metric_kind="money", built_in_effect=float(built_in), estimates=estimates,
    )


def repeat_experiment(runs: int = 20, seed: int = 0, size: int | None = None,
                      **levers: object) -> pd.DataFrame:
    """Run the experiment ``runs`` times (seeds ``seed``, ``seed + 1``, ...) with the same
    levers: one row per run and method with ``seed``, ``method``, ``effect``, ``ci_low``,
    ``ci_high``, ``significant``, ``built_in_effect`` and ``treated_revenue`` (what the
    trained reps sold per rep-month, CNY). Run ``k`` is
    ``run_experiment(seed + k, size, **levers)``.

    >>> runs = repeat_experiment(runs=2, seed=5)
    >>> runs.shape, runs["seed"].unique().tolist()
    ((8, 8), [5, 6])
    """
    runs = check_whole("runs", runs, minimum=1, maximum=5_000)
    seed = check_seed(seed)
    tables = []
    for k in range(runs):
        result = run_experiment(seed + k, size, **levers)
        tables.append(result.estimates.drop(columns=["label", "p_value"]).assign(
            seed=seed + k, built_in_effect=result.built_in_effect,
            treated_revenue=result.intervention))
    columns = ["seed", "method", "effect", "ci_low", "ci_high", "significant", "built_in_effect",
               "treated_revenue"]
    return pd.concat(tables, ignore_index=True)[columns]


def summarise_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """Per method (index: the keys of :data:`METHODS`) over repeated runs: ``mean_effect``,
    ``spread`` (standard deviation), ``power`` (share of runs whose interval excludes 0) and
    ``built_in_effect`` (mean).

    >>> summarise_runs(repeat_experiment(runs=3)).index.tolist() == list(METHODS)
    True
    """
    grouped = runs.groupby("method", sort=False)
    table = pd.DataFrame({
        "mean_effect": grouped["effect"].mean(),
        "spread": grouped["effect"].std(ddof=1),
        "power": grouped["significant"].mean(),
        "built_in_effect": grouped["built_in_effect"].mean(),
    })
    return table.reindex([m for m in METHODS if m in table.index])


def power(size: int = DEFAULT_REPS, runs: int = 200, seed: int = 0, **levers: object) -> pd.DataFrame:
    """How often each method detects the training effect with ``size`` reps, by simulation
    (``runs`` experiments): :func:`summarise_runs` of :func:`repeat_experiment`.

    >>> table = power(size=40, runs=4)
    >>> table.columns.tolist()
    ['mean_effect', 'spread', 'power', 'built_in_effect']
    """
    return summarise_runs(repeat_experiment(runs, seed, size, **levers))


def decide(result: ExperimentResult, topics: str = "both", months_between_sessions: int = 1,
           costs: Costs | None = None) -> str:
    """The PDCA decision a careful manager takes from the result: the money, not the
    interval alone. Adopt, adapt or abandon from the programme's net value and its chance of
    a loss (:func:`saleslab.cases.training_value.money_from_run`, default costs).

    >>> decide(run_experiment(seed=1))
    'adopt'
    """
    costs = Costs() if costs is None else costs
    return money_from_run(result, costs, topics, months_between_sessions).decision


def pdca_record(result: TrainingResult) -> PDCARecord:
    """The case's PDCA loop written down from one experiment: the problem and cause seen in
    the months before training, the change and how it was measured, the result with its
    ANCOVA evidence, and the decision of :func:`decide`.

    >>> pdca_record(run_experiment(seed=1)).is_complete
    True
    """
    if not isinstance(result, TrainingResult):
        raise TypeError(f"`result` must be a TrainingResult, got {type(result).__name__}")
    units = result.units
    bands = by_quiz_band(units)
    first = units[(units["trained"] == 1) & (units["sessions"] > 0)]
    months = np.diff(np.sort(first["month"].unique()))
    every = int(months.min()) if len(months) else 0
    return PDCARecord(
        problem=_("Reps in the bottom third of the product quiz win {low} of opportunities, the "
                  "top third {high}").format(low=percent(bands["win_rate"].iloc[0], digits=0),
                                             high=percent(bands["win_rate"].iloc[-1], digits=0)),
        cause=_("Reps lack product knowledge (average quiz score {score:.0f} of 100), and what "
                "they learn on the job fades").format(score=before_training(units)["quiz_score"].mean()),
        change=_("Kick-off course (product + selling skills), then a session every {n} month(s)")
        .format(n=every) if every else _("Kick-off course (product + selling skills) only"),
        measure=_("Wait-list rollout: {first} reps trained first, {waiting} wait; revenue per rep "
                  "per month, ANCOVA on each rep's level before").format(
            first=result.n_intervention, waiting=result.n_baseline),
        comparison=_("the wait-list reps over the same months"),
        result=result.headline(),
        evidence=ancova(per_rep(units), "after", "trained", "before"),
        decision=decide(result),
    )


__all__ = ["ARTICLE_EFFECT", "METHODS", "PRESETS", "TRAINED_FIRST", "TrainingResult",
           "before_training", "by_quiz_band", "compare_methods", "compared_months", "decide",
           "pdca_record", "per_rep", "power", "repeat_experiment", "run_experiment",
           "summarise_runs"]
