"""What every case experiment returns: the baseline and intervention metric, the relative
effect with its 95% interval, and the unit-level data behind them.

>>> import pandas as pd
>>> result = ExperimentResult(
...     metric="close rate", unit="leads", baseline=0.086, intervention=0.112,
...     effect=0.302, effect_ci=(0.12, 0.51), n_baseline=2520, n_intervention=2520,
...     units=pd.DataFrame({"arm": ["baseline", "intervention"], "closed": [0, 1]}))
>>> result
ExperimentResult(close rate: 8.6% → 11.2%, effect +30% (95% CI +12% to +51%), 2,520 vs 2,520 leads)
>>> result.significant
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..i18n import _
from ..improvement.compare import signed_percent
from ..improvement.value import ValueSummary
from ..localformat import headline_repr
from ..plots import count, money, percent
from ..story import Claim


@dataclass(frozen=True)
class ExperimentResult:
    """One run of a case experiment: baseline arm against intervention arm.

    ``baseline`` and ``intervention`` are the metric in each arm (a share such as a close
    rate or a churn rate, or a mean such as revenue per rep); ``effect`` is the relative
    effect ``intervention / baseline − 1`` (0.30 means 30% higher) and ``effect_ci`` its
    interval at ``level``. ``units`` holds one row per unit (lead, customer, rep-month)
    with an ``arm`` column; ``n_baseline`` and ``n_intervention`` count the units per arm.
    ``metric_kind`` says how to format the metric: ``"percent"``, ``"money"`` or ``"count"``.
    """

    metric: str
    unit: str
    baseline: float
    intervention: float
    effect: float
    effect_ci: tuple[float, float]
    n_baseline: int
    n_intervention: int
    units: pd.DataFrame = field(compare=False, repr=False)
    level: float = 0.95
    metric_kind: str = "percent"

    @property
    def significant(self) -> bool:
        """Whether the interval excludes "no effect" (0)."""
        low, high = self.effect_ci
        return bool(low > 0 or high < 0)

    def _format(self, value: float) -> str:
        if self.metric_kind == "percent":
            return percent(value)
        if self.metric_kind == "count":
            return count(value)
        return money(value)

    def headline(self) -> str:
        """One line: the metric in both arms, the effect and its interval."""
        low, high = self.effect_ci
        return _("{metric}: {base} → {new}, effect {effect} ({level} CI {low} to {high}), "
                 "{n_a} vs {n_b} {unit}").format(
            metric=self.metric, base=self._format(self.baseline),
            new=self._format(self.intervention), effect=signed_percent(self.effect),
            level=percent(self.level, digits=0), low=signed_percent(low),
            high=signed_percent(high), n_a=count(self.n_baseline), n_b=count(self.n_intervention),
            unit=self.unit)

    def __repr__(self) -> str:
        return headline_repr("ExperimentResult", self.headline())


def decision_claim(result: ExperimentResult, value: ValueSummary) -> Claim:
    """The decision follows the money: whether the interval excludes "no change" is said
    beside it, because "significant" is not "worth it".

    >>> import numpy as np
    >>> from saleslab.improvement.value import value_of_change
    >>> result = ExperimentResult("churn", "customers", 0.2, 0.16, -0.2, (-0.3, -0.1), 10, 10,
    ...                           units=pd.DataFrame())
    >>> decision_claim(result, value_of_change(np.array([1.0, 2.0]), 100.0, 5.0))
    This experiment's interval excludes no change; the money decides: abandon.
    """
    text = (_("This experiment's interval excludes no change; ") if result.significant else
            _("This experiment's interval includes no change; "))
    text += _("the money decides: {decision}.").format(decision=_(value.decision))
    return Claim.that(True, text, f"significant={result.significant}, decision={value.decision}, "
                      f"net {value.net_mean:,.0f}, loss chance {value.chance_of_loss:.2f}")
