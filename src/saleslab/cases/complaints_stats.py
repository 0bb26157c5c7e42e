"""Case 2's check step: churn measured the survival way, and where the difference sits.

Every function takes the unit-level table of a case 2 experiment (one row per customer:
``arm``, ``days`` followed, ``churned``, ``complaints``, ``first_resolution_days``).

>>> units = pd.DataFrame({"arm": ["baseline", "baseline", "intervention", "intervention"],
...                       "days": [100.0, 365.0, 365.0, 200.0], "churned": [True, False, False, True],
...                       "complaints": [1, 0, 1, 0], "first_resolution_days": [12.0, None, 2.0, None]})
>>> churn_by_group(units)["churn"].tolist()
[1.0, 0.0, 0.0, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.duration.hazard_regression import PHReg
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

from ..validate import check_frame
from ..i18n import N_, _
from ..improvement.compare import format_p_value
from ..localformat import headline_repr
from .complaints_model import MONTH_DAYS

ARMS = ("baseline", "intervention")
#: Resolution-time bands (days) for "the longer it took, the more left".
RESOLUTION_BANDS = (0.0, 3.0, 7.0, 14.0, 30.0, np.inf)
RESOLUTION_LABELS = (N_("under 3 days"), N_("3–7 days"), N_("1–2 weeks"), N_("2–4 weeks"),
                     N_("over 4 weeks"))
_COLUMNS = ["arm", "days", "churned"]


def _units(units: object, columns: list[str] = _COLUMNS) -> pd.DataFrame:
    frame = check_frame("units", units, tuple(columns))
    unknown = sorted(set(frame["arm"].unique()) - set(ARMS))
    if unknown:
        raise ValueError(f"`units` column `arm` must hold only {list(ARMS)}, got {unknown}")
    return frame


def survival_curves(units: pd.DataFrame) -> pd.DataFrame:
    """Kaplan–Meier share of customers still buying, per arm (statsmodels ``SurvfuncRight``).

    Columns ``arm``, ``month`` (months since the start), ``survival`` and its pointwise 95%
    band ``lower``/``upper``; each arm starts at month 0 with survival 1.

    >>> curves = survival_curves(pd.DataFrame({"arm": ["baseline"] * 4, "days": [30.0, 365, 365, 365],
    ...                                        "churned": [True, False, False, False]}))
    >>> curves["survival"].round(2).tolist()
    [1.0, 0.75]
    """
    frame = _units(units)
    parts = []
    for arm, rows in frame.groupby("arm", sort=True, observed=True):
        fit = SurvfuncRight(rows["days"].to_numpy(float), rows["churned"].to_numpy(int))
        half = 1.96 * fit.surv_prob_se
        parts.append(pd.DataFrame({
            "arm": arm, "month": np.r_[0.0, fit.surv_times / MONTH_DAYS],
            "survival": np.r_[1.0, fit.surv_prob],
            "lower": np.r_[1.0, np.clip(fit.surv_prob - half, 0, 1)],
            "upper": np.r_[1.0, np.clip(fit.surv_prob + half, 0, 1)],
        }))
    return pd.concat(parts, ignore_index=True)


@dataclass(frozen=True)
class SurvivalCheck:
    """Hazard ratio of intervention vs baseline (Cox model) with its 95% interval, and the
    log-rank p-value of the difference between the survival curves."""

    hazard_ratio: float
    hazard_ratio_ci: tuple[float, float]
    logrank_p: float

    def headline(self) -> str:
        """One line for a manager: how the risk of leaving changed, and how sure we are."""
        low, high = self.hazard_ratio_ci
        return _("Risk of leaving × {hr:.2f} (95% CI {low:.2f} to {high:.2f}); log-rank {p}").format(
            hr=self.hazard_ratio, low=low, high=high, p=format_p_value(self.logrank_p))

    def __repr__(self) -> str:
        return headline_repr("SurvivalCheck", self.headline())


def logrank_p(units: pd.DataFrame) -> float:
    """Log-rank p-value for "both arms lose customers at the same pace" (statsmodels ``survdiff``).

    >>> units = pd.DataFrame({"arm": ["baseline"] * 3 + ["intervention"] * 3,
    ...                       "days": [10.0, 20, 365, 365, 365, 300], "churned": [1, 1, 0, 0, 0, 1]})
    >>> 0 < logrank_p(units) < 1
    True
    """
    frame = _units(units)
    _statistic, p_value = survdiff(frame["days"].to_numpy(float), frame["churned"].to_numpy(int),
                                   (frame["arm"] == "intervention").to_numpy(int))
    return float(p_value)


def check_survival(units: pd.DataFrame) -> SurvivalCheck:
    """Cox proportional-hazards ratio (statsmodels ``PHReg``, time in weeks) and log-rank
    test (exact days), intervention against baseline.

    >>> units = pd.DataFrame({"arm": ["baseline"] * 4 + ["intervention"] * 4,
    ...                       "days": [10.0, 50, 365, 365, 200, 365, 365, 365],
    ...                       "churned": [1, 1, 0, 0, 1, 0, 0, 0]})
    >>> check_survival(units).hazard_ratio < 1
    True
    """
    frame = _units(units)
    treated = (frame["arm"] == "intervention").to_numpy(float)
    if treated.all() or not treated.any():
        raise ValueError("`units` must hold customers of both arms, baseline and intervention")
    # Leaving is counted by the week (ties handled by Breslow's method): the ratio moves in
    # the fourth digit, and the fit is several times faster, which a live dashboard needs.
    weeks = np.ceil(frame["days"].to_numpy(float) / 7)
    fit = PHReg(weeks, treated[:, None], status=frame["churned"].to_numpy(int)).fit()
    low, high = np.exp(fit.conf_int()[0])
    return SurvivalCheck(float(np.exp(fit.params[0])), (float(low), float(high)), logrank_p(frame))


def churn_by_group(units: pd.DataFrame) -> pd.DataFrame:
    """12-month churn per arm for customers who complained and those who did not.

    Columns ``arm``, ``group`` (``"complained"`` / ``"no complaint"``), ``customers``,
    ``churned``, ``churn``. Shows where the difference between the arms sits.
    """
    frame = _units(units, [*_COLUMNS, "complaints"])
    group = np.where(frame["complaints"] > 0, _("complained"), _("no complaint"))
    table = (frame.assign(group=group).groupby(["arm", "group"], sort=True)["churned"]
             .agg(customers="size", churned="sum").reset_index())
    table["churned"] = table["churned"].astype("int64")
    return table.assign(churn=table["churned"] / table["customers"])


def churn_by_resolution(units: pd.DataFrame) -> pd.DataFrame:
    """Churn of customers who complained, by how long their first complaint took.

    Columns ``resolution`` (band of ``RESOLUTION_LABELS``), ``customers``, ``churned``,
    ``churn``; bands nobody fell into are left out.

    >>> units = pd.DataFrame({"arm": ["baseline"] * 3, "days": [365.0, 40, 365], "churned": [0, 1, 0],
    ...                       "first_resolution_days": [1.0, 20.0, None]})
    >>> churn_by_resolution(units)[["resolution", "churn"]].values.tolist()
    [['under 3 days', 0.0], ['2–4 weeks', 1.0]]
    """
    frame = _units(units, [*_COLUMNS, "first_resolution_days"])
    rows = frame[frame["first_resolution_days"].notna()]
    band = pd.cut(rows["first_resolution_days"], RESOLUTION_BANDS, right=False,
                  labels=[_(label) for label in RESOLUTION_LABELS])
    table = (rows.assign(resolution=band).groupby("resolution", observed=True)["churned"]
             .agg(customers="size", churned="sum").reset_index())
    table["churned"] = table["churned"].astype("int64")
    table["resolution"] = table["resolution"].astype(str)
    return table.assign(churn=table["churned"] / table["customers"])
