"""Case 3 in money: what the training programme costs against the margin on what it sells.

Costs (assumptions a trainer can change, in CNY): a trainer costs ``trainer_day`` a day for
a group of reps; the kick-off is held at head office, so each rep's day there costs
``travel_day`` in travel and hotel; every day a rep spends in training is a day away from
selling, which costs the margin on a day's sales (revenue per rep-month ÷
``selling_days`` × ``margin``). The kick-off has a day per course (product courses and the
selling-skills course, for the topics trained); each refresher is half a day per topic,
held locally. Value: the margin on the extra revenue the trained reps sell.

>>> costs = Costs()
>>> round(costs.one_off(kickoff_days=3, reps=20, revenue_per_rep_month=60_000))
135429
>>> round(costs.monthly(topics=2, months_between_sessions=1, reps=20, revenue_per_rep_month=60_000))
29143
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..improvement.value import ValueSummary, interval_draws, value_of_change
from ..tabledisplay import fields_pretty
from ..validate import check_frame, check_positive, check_rate
from .common import ExperimentResult
from .training_calibration import PRESETS
from .training_model import TOPICS

HORIZON_MONTHS = 12
#: A refresher session takes half a day.
REFRESHER_DAYS = 0.5


@dataclass(frozen=True)
class Costs:
    """The programme's costs and the margin on sales, in CNY."""

    trainer_day: float = 12_000.0
    travel_day: float = 800.0
    margin: float = 0.30
    selling_days: float = 21.0
    _repr_pretty_ = fields_pretty  # the Chinese edition names each field in Chinese too

    def __post_init__(self) -> None:
        for name in ("trainer_day", "travel_day"):
            check_positive(name, getattr(self, name), allow_zero=True)
        check_positive("selling_days", self.selling_days)
        check_rate("margin", self.margin)

    def away_day(self, revenue_per_rep_month: float) -> float:
        """Margin a rep does not sell on a day in training."""
        return revenue_per_rep_month / self.selling_days * self.margin

    def one_off(self, kickoff_days: float, reps: int, revenue_per_rep_month: float) -> float:
        """The kick-off: trainer days, and each rep's travel and day away per day."""
        per_rep = self.travel_day + self.away_day(revenue_per_rep_month)
        return float(kickoff_days * (self.trainer_day + reps * per_rep))

    def monthly(self, topics: int, months_between_sessions: int, reps: int,
                revenue_per_rep_month: float) -> float:
        """Refreshers, averaged per month: half a day per topic, trainer and reps' time."""
        days = topics * REFRESHER_DAYS / months_between_sessions
        return float(days * (self.trainer_day + reps * self.away_day(revenue_per_rep_month)))


def kickoff_days(topics: str) -> int:
    """Days of the kick-off for the topics trained: a day per course.

    >>> kickoff_days("both"), kickoff_days("skills")
    (3, 1)
    """
    if topics not in TOPICS:
        raise ValueError(f"`topics` must be one of {list(TOPICS)}, got {topics!r}")
    calib = PRESETS["article"]  # both presets hold the same courses
    return ((calib.kickoff_sessions if topics != "skills" else 0)
            + (calib.skills_kickoff_sessions if topics != "product" else 0))


def money(runs: pd.DataFrame, costs: Costs, reps: int, topics: str = "both",
          months_between_sessions: int = 1, method: str = "ancova",
          horizon_months: int = HORIZON_MONTHS) -> ValueSummary:
    """Net value and payback over ``horizon_months`` for ``reps`` trained reps, from repeated
    runs (``training.repeat_experiment``: columns ``method``, ``effect`` and
    ``treated_revenue``, revenue per trained rep-month) read with ``method``.

    >>> runs = pd.DataFrame({"method": "ancova", "effect": [0.25, 0.20],
    ...                      "treated_revenue": [75_000.0, 72_000.0]})
    >>> money(runs, Costs(), reps=20).decision
    'adopt'
    """
    frame = check_frame("runs", runs, ("method", "effect", "treated_revenue"))
    rows = frame[frame["method"] == method]
    extra = rows["treated_revenue"] * rows["effect"] / (1 + rows["effect"])
    revenue = float((rows["treated_revenue"] - extra).mean())  # without training
    return _priced(np.asarray(extra * reps * costs.margin, dtype=float), costs, reps, revenue,
                   topics, months_between_sessions, horizon_months)


def _priced(gains: np.ndarray, costs: Costs, reps: int, revenue: float, topics: str,
            months_between_sessions: int, horizon_months: int = HORIZON_MONTHS) -> ValueSummary:
    n_topics = 2 if topics == "both" else 1
    return value_of_change(gains, one_off_cost=costs.one_off(kickoff_days(topics), reps, revenue),
                           monthly_cost=costs.monthly(n_topics, months_between_sessions, reps, revenue),
                           horizon_months=horizon_months)


def money_from_run(result: ExperimentResult, costs: Costs, topics: str = "both",
                   months_between_sessions: int = 1, draws: int = 2_000,
                   seed: int = 0) -> ValueSummary:
    """The same money from one experiment, as a manager with one test sees it: the relative
    effect is drawn from its 95% interval (normal), times what the trained reps would have
    sold without training, for the reps trained first.

    >>> from saleslab.cases import training
    >>> money_from_run(training.run_experiment(seed=1), Costs()).runs
    2000
    """
    effects = interval_draws(result.effect, result.effect_ci, draws, seed)
    reps = result.n_intervention
    return _priced(effects * result.baseline * reps * costs.margin, costs, reps, result.baseline,
                   topics, months_between_sessions)
