"""Scores and gains from the grades of the two checks: per learner (questions right after
minus before) and per objective (share of the class right after minus before), with a 95%
interval for the class's mean gain, since a class of 15 moves by a point on noise alone.

The input is the wide grade table ``saleslab grade`` writes (``grades.csv``): one row per
learner and notebook, a column per question. An item counts as right only when graded
"correct"; "not yet" and "not attempted" count as wrong (a blank is a question the learner
could not answer). A learner who handed in only one check, or whose check could not run,
has no gain and is listed apart: a gain needs both checks.

Which form a learner answered shows in the question names (``a1``... for form A, ``b1``...
for form B; see :mod:`.order`); item *i* of one form is paired with item *i* of the other,
whichever came first. (Grades written before the forms were counterbalanced name them
``q1``...: those learners took A then B.)

>>> table = pd.DataFrame({"learner": ["ana", "ana"], "exercises": [NOTEBOOKS["pre"], NOTEBOOKS["post"]],
...                       "b1": ["not yet", ""], "b2": ["correct", ""],
...                       "a1": ["", "correct"], "a2": ["", "correct"]})
>>> learner_gains(scores(table))[["pre", "post", "gain", "order"]].to_dict("records")
[{'pre': 1, 'post': 2, 'gain': 1, 'order': 'BA'}]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..exercises.progress import CORRECT, NOT_ATTEMPTED, NOT_YET
from ..i18n import _
from .checks import check_set
from .objectives import OBJECTIVES
from .order import MOMENTS, ORDERS, form_at

NOTEBOOKS = {moment: check_set(moment, "A").notebook for moment in MOMENTS}
_MOMENT_OF = {notebook: moment for moment, notebook in NOTEBOOKS.items()}
_GRADED = {CORRECT: 1, NOT_YET: 0, NOT_ATTEMPTED: 0}


def _form_of(record: dict, moment: str) -> tuple[str, str]:
    """(form, prefix of its question names) of one grade row of a check."""
    for form in "AB":
        if str(record.get(f"{form.lower()}1", "")):
            return form, form.lower()
    return form_at(ORDERS[0], moment), "q"  # graded before the forms were counterbalanced


def scores(grades: pd.DataFrame) -> pd.DataFrame:
    """One row per learner, moment ("pre"/"post") and objective: the ``form`` answered and
    ``right`` 1 or 0, from the wide grade table; rows of other notebooks are ignored. A check
    with any question in "error" is left out whole (its note says why in ``grades.html``)."""
    if not isinstance(grades, pd.DataFrame) or not {"learner", "exercises"} <= set(grades):
        raise ValueError("`grades` must be the grades.csv table of `saleslab grade` "
                         "(columns learner, exercises, q1, q2, ...)")
    rows = []
    for record in grades[grades["exercises"].isin(list(_MOMENT_OF))].to_dict("records"):
        moment = _MOMENT_OF[record["exercises"]]
        form, prefix = _form_of(record, moment)
        check = check_set(moment, form)
        statuses = [str(record.get(f"{prefix}{n}", NOT_ATTEMPTED)) for n in range(1, len(check.items) + 1)]
        if not all(status in _GRADED for status in statuses):
            continue
        for item, status in zip(check.items, statuses):
            rows.append((str(record["learner"]), moment, form, item.objective, _GRADED[status]))
    return pd.DataFrame(rows, columns=["learner", "moment", "form", "objective", "right"])


def learner_gains(table: pd.DataFrame) -> pd.DataFrame:
    """Per learner who took both checks: questions right before (``pre``), after
    (``post``), the ``gain`` and the ``order`` of the forms ("AB", "BA"), by learner."""
    totals = table.pivot_table(index="learner", columns="moment", values="right", aggfunc="sum")
    totals = totals.reindex(columns=["pre", "post"]).dropna().astype(int)
    totals["gain"] = totals["post"] - totals["pre"]
    forms = table.drop_duplicates(["learner", "moment"]).pivot(index="learner", columns="moment", values="form")
    totals["order"] = (forms["pre"] + forms["post"]).reindex(totals.index)
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


@dataclass(frozen=True)
class OrderGains:
    """The gain of each order of the forms, and what the two together say: ``balanced``
    is the mean of the two orders' mean gains (a form effect adds to one and takes from the
    other, so it cancels), ``form_effect`` how many more questions form B gets right than
    form A (half the difference between the orders), each with a 95% interval (Welch)."""

    by_order: dict[str, MeanGain]
    balanced: tuple[float, float, float]
    form_effect: tuple[float, float, float]

    def __str__(self) -> str:
        mean, low, high = self.balanced
        effect, e_low, e_high = self.form_effect
        return _("Counterbalanced gain {mean:+.1f} questions (95% interval {low:+.1f} to {high:+.1f}); "
                 "form B scores {effect:+.1f} questions against form A (95% interval {e_low:+.1f} to "
                 "{e_high:+.1f})").format(mean=mean, low=low, high=high, effect=effect, e_low=e_low,
                                           e_high=e_high)


def order_gains(gains: pd.DataFrame) -> OrderGains | None:
    """The gains per order (:class:`OrderGains`), or None unless both orders have at least
    2 learners (a learner who took one form twice belongs to neither).

    >>> str(order_gains(pd.DataFrame({"gain": [3, 4, 1, 2], "order": ["AB", "AB", "BA", "BA"]})))
    'Counterbalanced gain +2.5 questions (95% interval +1.0 to +4.0); form B scores +1.0 questions against form A (95% interval -0.5 to +2.5)'
    """
    groups = {order: np.asarray(gains.loc[gains["order"] == order, "gain"], dtype=float) for order in ORDERS}
    if min(len(values) for values in groups.values()) < 2:
        return None
    ab, ba = groups["AB"], groups["BA"]
    # AB gains = learning + effect, BA gains = learning - effect (effect: B easier than A)
    variance = (ab.var(ddof=1) / len(ab) + ba.var(ddof=1) / len(ba)) / 4
    freedom = (4 * variance) ** 2 / ((ab.var(ddof=1) / len(ab)) ** 2 / (len(ab) - 1)
                                     + (ba.var(ddof=1) / len(ba)) ** 2 / (len(ba) - 1))
    half = float(stats.t.ppf(0.975, freedom) * np.sqrt(variance)) if variance > 0 else 0.0
    balanced, effect = (ab.mean() + ba.mean()) / 2, (ab.mean() - ba.mean()) / 2
    return OrderGains({order: mean_gain(pd.DataFrame({"gain": values})) for order, values in groups.items()},
                      (float(balanced), float(balanced - half), float(balanced + half)),
                      (float(effect), float(effect - half), float(effect + half)))
