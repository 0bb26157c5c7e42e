"""Measure an effect against a comparison group: difference-in-differences and ANCOVA.

Difference-in-differences compares how much the group that got the change moved from
before to after with how much a comparison group moved over the same weeks:
δ = (ȳ_change,after − ȳ_change,before) − (ȳ_comparison,after − ȳ_comparison,before).
Whatever hit both groups (a trend, a season) cancels. As a regression,
y = β₀ + β₁·treated + β₂·post + δ·treated·post, with standard errors clustered by rep
when each rep contributes many rows. For one outcome per rep after the change, ANCOVA
(outcome ~ treated + baseline) uses the rep's own before value to sharpen the comparison.

>>> cells = pd.DataFrame({"treated": [0, 0, 1, 1] * 2, "post": [0, 1, 0, 1] * 2,
...                       "deals": [10, 12, 10, 16, 12, 14, 12, 18]})
>>> round(diff_in_diff(cells, "deals", "treated", "post").estimate, 6)
4.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from ..i18n import _
from ..localformat import headline_repr
from ..plots import percent
from ._checks import binary_column, check_alpha, check_frame, numeric_column
from .compare import format_p_value


@dataclass(frozen=True)
class EffectEstimate:
    """An estimated effect with its standard error, ``1 − alpha`` interval and p-value.

    ``counterfactual`` is the mean the changed group would have had without the change
    (NaN where it has no meaning); ``n_clusters`` is set when errors are clustered.
    """

    method: str
    estimate: float
    std_error: float
    ci: tuple[float, float]
    p_value: float
    n: int
    alpha: float
    counterfactual: float = math.nan
    n_clusters: int | None = None

    @property
    def relative_effect(self) -> float:
        """The estimate as a share of the counterfactual: 0.25 means +25%."""
        if math.isnan(self.counterfactual) or self.counterfactual == 0:
            return math.nan
        return self.estimate / self.counterfactual

    def headline(self) -> str:
        """One sentence: the effect, its interval, the relative size and the p-value."""
        text = _("{method}: {estimate} ({level} CI {low} to {high})").format(
            method=self.method, estimate=_signed(self.estimate),
            level=percent(1 - self.alpha, digits=0), low=_signed(self.ci[0]),
            high=_signed(self.ci[1]),
        )
        if not math.isnan(self.relative_effect):
            text += _(", {relative} against no change").format(
                relative=("+" if self.relative_effect > 0 else "")
                + percent(self.relative_effect, digits=0)
            )
        text += _(", {p}").format(p=format_p_value(self.p_value))
        if self.n_clusters is not None:
            text += _("; {n:,} rows in {k} clusters").format(n=self.n, k=self.n_clusters)
        return text

    def __repr__(self) -> str:
        return headline_repr("EffectEstimate", self.headline())


def _signed(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:+,.0f}"
    return f"{value:+.2f}" if abs(value) >= 1 else f"{value:+.3g}"


def _cluster_codes(frame: pd.DataFrame, cluster: str | None) -> np.ndarray | None:
    if cluster is None:
        return None
    check_frame("df", frame, [cluster])
    if frame[cluster].isna().any():
        raise ValueError(f"column `{cluster}` (the cluster) must not hold missing values")
    codes = pd.factorize(frame[cluster])[0]
    if codes.max() < 1:
        raise ValueError(f"column `{cluster}` must name at least 2 clusters, got 1")
    return codes


def _fit(
    formula: str, data: pd.DataFrame, term: str, alpha: float, method: str,
    groups: np.ndarray | None = None, counterfactual: float = math.nan,
) -> EffectEstimate:
    model = smf.ols(formula, data=data)
    if groups is None:
        fit = model.fit()
    else:
        # t with (clusters − 1) degrees of freedom: honest when there are few clusters
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    low, high = fit.conf_int(alpha=alpha).loc[term]
    return EffectEstimate(
        method=method, estimate=float(fit.params[term]), std_error=float(fit.bse[term]),
        ci=(float(low), float(high)), p_value=float(fit.pvalues[term]), n=len(data),
        alpha=alpha, counterfactual=counterfactual,
        n_clusters=None if groups is None else int(groups.max() + 1),
    )


def _did_frame(df: object, outcome: str, treated: str, post: str) -> pd.DataFrame:
    frame = check_frame("df", df, [outcome, treated, post])
    data = pd.DataFrame({
        "y": numeric_column(frame, outcome),
        "treated": binary_column(frame, treated),
        "post": binary_column(frame, post),
    })
    cells = data.groupby(["treated", "post"]).size()
    if len(cells) < 4:
        raise ValueError(
            "`df` needs rows in all four cells (comparison/change × before/after); "
            f"found only {[f'{treated}={t}, {post}={p}' for t, p in cells.index]}"
        )
    return data


def did_means(df: pd.DataFrame, outcome: str, treated: str, post: str) -> pd.DataFrame:
    """The 2 × 2 table of means behind difference-in-differences.

    Rows ``comparison`` and ``change`` (``treated`` = 0 / 1), columns ``before``, ``after``
    and ``after_minus_before``; the estimate is the difference of the last column.

    >>> cells = pd.DataFrame({"treated": [0, 0, 1, 1], "post": [0, 1, 0, 1],
    ...                       "deals": [10, 12, 10, 16]})
    >>> did_means(cells, "deals", "treated", "post")
                before  after  after_minus_before
    comparison    10.0   12.0                 2.0
    change        10.0   16.0                 6.0
    """
    data = _did_frame(df, outcome, treated, post)
    means = data.groupby(["treated", "post"])["y"].mean().unstack("post")
    table = pd.DataFrame(
        {"before": means[0].to_numpy(), "after": means[1].to_numpy()},
        index=pd.Index(["comparison", "change"]),
    )
    table["after_minus_before"] = table["after"] - table["before"]
    return table


def diff_in_diff(
    df: pd.DataFrame, outcome: str, treated: str, post: str,
    cluster: str | None = None, alpha: float = 0.05,
) -> EffectEstimate:
    """Difference-in-differences estimate of a change's effect on ``outcome``.

    ``treated`` and ``post`` name 0/1 (or True/False) columns: is the row from the group that
    got the change, and is it from after the change started. Fits
    ``outcome ~ treated + post + treated:post`` by OLS (statsmodels); the effect is the
    interaction. With ``cluster`` naming a column (e.g. the rep), standard errors are
    cluster-robust and the interval uses t with (clusters − 1) degrees of freedom.

    >>> cells = pd.DataFrame({"treated": [0, 0, 1, 1] * 2, "post": [0, 1, 0, 1] * 2,
    ...                       "deals": [10, 12, 10, 16, 12, 14, 12, 18]})
    >>> result = diff_in_diff(cells, "deals", "treated", "post")
    >>> round(result.estimate, 6), round(result.std_error, 6), round(result.relative_effect, 3)
    (4.0, 2.0, 0.308)
    """
    alpha = check_alpha(alpha)
    data = _did_frame(df, outcome, treated, post)
    if len(data) < 5:
        raise ValueError(f"`df` needs at least 5 rows to estimate an uncertainty, got {len(data)}")
    groups = _cluster_codes(df, cluster)
    means = data.groupby(["treated", "post"])["y"].mean()
    counterfactual = means[(1, 0)] + means[(0, 1)] - means[(0, 0)]
    return _fit(
        "y ~ treated + post + treated:post", data, "treated:post", alpha,
        _("Difference-in-differences"), groups, float(counterfactual),
    )


def ancova(
    df: pd.DataFrame, outcome: str, treated: str, baseline: str, alpha: float = 0.05
) -> EffectEstimate:
    """Effect of a change on a per-rep ``outcome``, adjusted for each rep's ``baseline``.

    One row per rep: ``outcome`` after the change, ``baseline`` the same measure before it,
    ``treated`` 0/1. Fits ``outcome ~ treated + baseline`` by OLS (statsmodels); the effect
    is the ``treated`` coefficient. Reps who started strong stay strong, so adjusting for
    the baseline removes much of the rep-to-rep noise a plain after-only comparison carries.

    >>> reps = pd.DataFrame({"trained": [0, 0, 0, 1, 1, 1],
    ...                      "before": [10, 20, 30, 10, 20, 30],
    ...                      "after": [11, 21, 32, 15, 24, 35]})
    >>> round(ancova(reps, "after", "trained", "before").estimate, 2)
    3.33
    """
    alpha = check_alpha(alpha)
    frame = check_frame("df", df, [outcome, treated, baseline])
    data = pd.DataFrame({
        "y": numeric_column(frame, outcome),
        "treated": binary_column(frame, treated),
        "baseline": numeric_column(frame, baseline),
    })
    if len(data) < 4:
        raise ValueError(f"`df` needs at least 4 rows (reps), got {len(data)}")
    result = _fit("y ~ treated + baseline", data, "treated", alpha, _("ANCOVA"))
    treated_mean = float(data.loc[data["treated"] == 1, "y"].mean())
    return replace(result, counterfactual=treated_mean - result.estimate)


def parallel_trends(
    df: pd.DataFrame, outcome: str, treated: str, time: str,
    cluster: str | None = None, alpha: float = 0.05,
) -> EffectEstimate:
    """Check, on before-the-change rows only, that both groups were moving alike.

    Fits ``outcome ~ treated * time`` and returns the difference in slope per unit of
    ``time`` (changed group minus comparison). An interval well clear of 0 says the groups
    were already drifting apart, so difference-in-differences would mislead.

    >>> pre = pd.DataFrame({"treated": [0] * 4 + [1] * 4, "week": [1, 2, 3, 4] * 2,
    ...                     "deals": [10, 11, 12, 13.5, 14, 16, 18, 20]})
    >>> round(parallel_trends(pre, "deals", "treated", "week").estimate, 2)
    0.85
    """
    alpha = check_alpha(alpha)
    frame = check_frame("df", df, [outcome, treated, time])
    data = pd.DataFrame({
        "y": numeric_column(frame, outcome),
        "treated": binary_column(frame, treated),
        "time": numeric_column(frame, time),
    })
    for group, rows in data.groupby("treated"):
        if rows["time"].nunique() < 2:
            raise ValueError(
                f"column `{time}` needs at least 2 different times in group {treated}={group}"
            )
    if len(data) < 5:
        raise ValueError(f"`df` needs at least 5 rows to estimate an uncertainty, got {len(data)}")
    return _fit(
        "y ~ treated * time", data, "treated:time", alpha, _("Pre-period slope difference"),
        _cluster_codes(df, cluster),
    )
