"""Scores and gains from the grades of the two checks: per learner (questions right after
minus before) and per objective (share of the class right after minus before), with a 95%
interval for the class's mean gain, since a class of 15 moves by a point on noise alone.

The input is the wide grade table ``saleslab grade`` writes (``grades.csv``): one row per
learner and notebook, a column per question. An item counts as right only when graded
"correct"; "not yet" and "not attempted" count as wrong (a blank is a question the learner
could not answer). A learner who handed in only one check, or whose check could not run,
has no gain and is listed apart: a gain needs both checks.

>>> table = pd.DataFrame({"learner": ["ana", "ana"], "exercises": [PRE.notebook, POST.notebook],
...                       "q1": ["not yet", "correct"], "q2": ["correct", "correct"]})
>>> learner_gains(scores(table))[["pre", "post", "gain"]].to_dict("records")
[{'pre': 1, 'post': 2, 'gain': 1}]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..exercises.progress import CORRECT, NOT_ATTEMPTED, NOT_YET
from ..i18n import _
from .checks import POST, PRE
from .objectives import OBJECTIVES

MOMENTS = {PRE.notebook: "pre", POST.notebook: "post"}
_GRADED = {CORRECT: 1, NOT_YET: 0, NOT_ATTEMPTED: 0}


def scores(grades: pd.DataFrame) -> pd.DataFrame:
    """One row per learner, moment ("pre"/"post") and objective, ``right`` 1 or 0, from the
    wide grade table; rows of other notebooks are ignored. A check with any question in
    "error" is left out whole (its note says why in ``grades.html``)."""
    if not isinstance(grades, pd.DataFrame) or not {"learner", "exercises"} <= set(grades):
        raise ValueError("`grades` must be the grades.csv table of `saleslab grade` "
                         "(columns learner, exercises, q1, q2, ...)")
    rows = []
    for record in grades[grades["exercises"].isin(list(MOMENTS))].to_dict("records"):
        check = PRE if record["exercises"] == PRE.notebook else POST
        statuses = [str(record.get(name, NOT_ATTEMPTED)) for name in check.names]
        if not all(status in _GRADED for status in statuses):
            continue
        for item, status in zip(check.form, statuses):
            rows.append((str(record["learner"]), MOMENTS[check.notebook], item.objective, _GRADED[status]))
    return pd.DataFrame(rows, columns=["learner", "moment", "objective", "right"])


def learner_gains(table: pd.DataFrame) -> pd.DataFrame:
    """Per learner who took both checks: questions right before (``pre``), after
    (``post``) and the ``gain``, sorted by learner."""
    totals = table.pivot_table(index="learner", columns="moment", values="right", aggfunc="sum")
    totals = totals.reindex(columns=["pre", "post"]).dropna().astype(int)
    totals["gain"] = totals["post"] - totals["pre"]
    return totals.reset_index().rename_axis(columns=None)


def missing(table: pd.DataFrame) -> list[str]:
    """Learners with only one of the two checks (no gain can be computed for them)."""
    taken = table.groupby("learner")["moment"].agg(set)
    return sorted(name for name, moments in taken.items() if moments != {"pre", "post"})


def objective_gains(table: pd.DataFrame) -> pd.DataFrame:
    """Per objective, among learners who took both checks: the share right before and
    after, the ``gain`` in share, and its 95% interval (``low``, ``high``: a t interval on
    each learner's change, -1, 0 or +1), in the course's order of objectives."""
    both = table[table["learner"].isin(learner_gains(table)["learner"])]
    right = both.pivot_table(index=["objective", "learner"], columns="moment", values="right")
    change = (right["post"] - right["pre"]).groupby(level="objective")
    shares = both.pivot_table(index="objective", columns="moment", values="right", aggfunc="mean")
    shares = shares.reindex(index=list(OBJECTIVES), columns=["pre", "post"])
    shares["gain"] = shares["post"] - shares["pre"]
    bounds = change.apply(lambda values: interval(values.to_numpy(dtype=float)))
    shares["low"] = [bounds[key][0] for key in shares.index]
    shares["high"] = [bounds[key][1] for key in shares.index]
    shares.insert(0, "text", [_(OBJECTIVES[key].text) for key in shares.index])
    return shares.rename_axis(index="objective", columns=None)


def interval(values: np.ndarray) -> tuple[float, float]:
    """The 95% t interval of the mean of ``values`` (at least 2).

    >>> [round(float(v), 2) for v in interval(np.array([1.0, 2.0, 3.0]))]
    [-0.48, 4.48]
    """
    if len(values) < 2:
        raise ValueError(f"a class report needs at least 2 learners with both checks, got {len(values)}")
    half = float(stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values)))
    mean = float(values.mean())
    return mean - half, mean + half


@dataclass(frozen=True)
class MeanGain:
    """The class's mean gain in questions, with its 95% interval (t, paired) and counts."""

    mean: float
    low: float
    high: float
    learners: int
    improved: int

    def __str__(self) -> str:
        return _("mean gain {mean:+.1f} questions of 10 (95% interval {low:+.1f} to {high:+.1f}); "
                 "{improved} of {n} learners improved").format(
            mean=self.mean, low=self.low, high=self.high, improved=self.improved, n=self.learners)


def mean_gain(gains: pd.DataFrame) -> MeanGain:
    """The mean of ``gains["gain"]`` with a t interval; ValueError with fewer than 2 learners.

    >>> str(mean_gain(pd.DataFrame({"gain": [1, 2, 3]})))
    'mean gain +2.0 questions of 10 (95% interval -0.5 to +4.5); 3 of 3 learners improved'
    """
    values = np.asarray(gains["gain"], dtype=float)
    low, high = interval(values)
    return MeanGain(float(values.mean()), low, high, len(values), int((values > 0).sum()))
