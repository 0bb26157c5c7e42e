"""Case 2's satisfaction survey (满意度调查): a leading indicator with a biased sample.

The article reports that customer satisfaction rose. A retailer measures it the usual way:
when a complaint is resolved, the customer gets a one-question survey ("How satisfied are
you with how we handled your complaint?", 1–5). The score moves within days of the change,
long before churn can be counted, which makes it a useful **leading** indicator. It is not
the result, for two reasons this model reproduces:

- **who answers** — customers who already left rarely answer, and people with strong
  feelings (a 1 or a 5) answer more often than the lukewarm middle;
- **when** — a survey sent weeks after the complaint is answered less often, and a
  complaint still open at the end of the year is never surveyed at all.

So the survey hears mostly from customers who stayed, and it hears less from the slow
cases that drive churn. Each customer's own score (``true_score``) falls with the time
their first complaint took; in real life only the answers are known.

>>> from saleslab.cases import complaints
>>> survey = satisfaction_survey(complaints.run_experiment(seed=0).units, seed=0)
>>> table = satisfaction_table(survey)
>>> table.index.tolist()
['baseline', 'intervention']
>>> bool(table.loc["intervention", "survey_score"] > table.loc["baseline", "survey_score"])
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import _
from ..plots import count, percent
from ..story import Claim, Story
from ..validate import check_frame, check_seed
from .complaints_model import HORIZON_DAYS
from .complaints_stats import ARMS

#: The score a customer gives: TOP − SLOPE·ln(1 + R / 1 day) + Normal(0, NOISE), rounded to 1–5.
#: About 4.4 after a one-day answer, 3.4 after ten days, 2.7 after a month.
SCORE_TOP, SCORE_SLOPE, SCORE_NOISE = 4.8, 0.6, 0.8
#: Chance of answering: BASE for a lukewarm customer who is still buying and is asked at once.
RESPONSE_BASE = 0.30
#: Strong feelings (a 1 or a 5) answer this many times as often.
RESPONSE_EXTREME = 1.5
#: Customers who left before the survey arrived answer this share as often.
RESPONSE_LEFT = 0.15
#: A survey that comes late is answered less: the chance halves towards this many days.
RESPONSE_LATE_DAYS = 14.0
#: Days of the experiment's first quarter: when a leading indicator must already speak.
FIRST_QUARTER_DAYS = 91.0
_SEED_TAG = 22  # keeps the survey's draws apart from the experiment's


def satisfaction_survey(units: pd.DataFrame, seed: int) -> pd.DataFrame:
    """One row per customer who complained: the survey after their first complaint.

    Columns ``arm``, ``churned``, ``resolution_days``, ``sent_day`` (NaN when the complaint
    was still open at the end of the year), ``surveyed``, ``answered``, ``score`` (1–5, NaN
    unless answered) and ``true_score`` (what they would have answered; unknown in real
    life).

    >>> units = pd.DataFrame({"arm": ["baseline"], "churned": [False], "days": [365.0],
    ...                       "first_filed_day": [10.0], "first_resolution_days": [400.0]})
    >>> satisfaction_survey(units, seed=1)[["surveyed", "answered"]].values.tolist()
    [[False, False]]
    """
    frame = check_frame("units", units, ("arm", "churned", "days", "first_filed_day",
                                          "first_resolution_days"))
    rng = np.random.default_rng([_SEED_TAG, check_seed(seed)])
    rows = frame[frame["first_resolution_days"].notna()]
    days = rows["first_resolution_days"].to_numpy(float)
    sent = rows["first_filed_day"].to_numpy(float) + days
    surveyed = sent < HORIZON_DAYS
    latent = SCORE_TOP - SCORE_SLOPE * np.log1p(days) + rng.normal(0.0, SCORE_NOISE, len(rows))
    true_score = np.clip(np.rint(latent), 1, 5)
    gone = rows["churned"].to_numpy(bool) & (rows["days"].to_numpy(float) < sent)
    chance = (RESPONSE_BASE * np.where((true_score == 1) | (true_score == 5), RESPONSE_EXTREME, 1.0)
              * np.where(gone, RESPONSE_LEFT, 1.0) * 0.5 ** (days / RESPONSE_LATE_DAYS))
    answered = surveyed & (rng.random(len(rows)) < chance)
    return pd.DataFrame({
        "arm": rows["arm"].to_numpy(), "churned": rows["churned"].to_numpy(bool),
        "resolution_days": days, "sent_day": np.where(surveyed, sent, np.nan),
        "surveyed": surveyed, "answered": answered,
        "score": np.where(answered, true_score, np.nan), "true_score": true_score,
    })


def satisfaction_table(survey: pd.DataFrame) -> pd.DataFrame:
    """Per arm (index ``baseline``, ``intervention``): ``complained``, ``answered``,
    ``response_rate`` (answers per customer who complained), ``survey_score`` (mean of the
    answers: what the retailer sees), ``first_quarter_score`` (the same, surveys sent in the
    first three months), ``true_score`` (mean over everyone who complained: unknown in real
    life) and ``churn`` (of the customers who complained).

    >>> survey = pd.DataFrame({"arm": ["baseline", "baseline"], "churned": [True, False],
    ...     "sent_day": [20.0, 200.0], "answered": [False, True], "score": [None, 4.0],
    ...     "true_score": [2.0, 4.0]})
    >>> satisfaction_table(survey).loc["baseline", ["survey_score", "true_score"]].tolist()
    [4.0, 3.0]
    """
    frame = check_frame("survey", survey, ("arm", "churned", "sent_day", "answered", "score",
                                           "true_score"))
    early = frame["score"].where(frame["sent_day"] <= FIRST_QUARTER_DAYS)
    grouped = frame.assign(early=early).groupby("arm", sort=True)
    table = pd.DataFrame({
        "complained": grouped.size(),
        "answered": grouped["answered"].sum().astype("int64"),
        "survey_score": grouped["score"].mean(),
        "first_quarter_score": grouped["early"].mean(),
        "true_score": grouped["true_score"].mean(),
        "churn": grouped["churned"].mean(),
    })
    table.insert(2, "response_rate", table["answered"] / table["complained"])
    return table.reindex([arm for arm in ARMS if arm in table.index])


def satisfaction_story(survey: pd.DataFrame) -> Story:
    """What the survey shows, and why it is not the result, as claims checked on ``survey``.

    >>> from saleslab.cases import complaints
    >>> story = satisfaction_story(satisfaction_survey(complaints.run_experiment(seed=0).units, 0))
    >>> story.holds
    True
    """
    table = satisfaction_table(survey)
    old, new = table.loc["baseline"], table.loc["intervention"]
    rose = new["survey_score"] > old["survey_score"]
    early = new["first_quarter_score"] > old["first_quarter_score"]
    frame = check_frame("survey", survey, ("churned", "answered"))
    left = frame.loc[frame["churned"], "answered"].mean()
    stayed = frame.loc[~frame["churned"], "answered"].mean()
    bias = old["survey_score"] - old["true_score"]
    return Story.of(
        Claim.that(rose == (new["survey_score"] != old["survey_score"]),
                   (_("Satisfaction in the survey rose from {old:.1f} to {new:.1f} out of 5")
                    if rose else _("Satisfaction in the survey did not rise ({old:.1f} → {new:.1f} "
                                   "out of 5)")).format(old=old["survey_score"], new=new["survey_score"])
                   + (_(", and the answers of the first three months already showed it.")
                      if early == rose else _("; the first three months' answers did not show it "
                                               "yet.")),
                   f"survey mean {old['survey_score']:.2f} → {new['survey_score']:.2f}; first "
                   f"quarter {old['first_quarter_score']:.2f} → {new['first_quarter_score']:.2f}"),
        Claim.that(left < stayed,
                   _("Customers who left answered {left} of the time, those who stayed {stayed}: "
                     "the survey hears mostly from customers who stayed.").format(
                       left=percent(left, 0), stayed=percent(stayed, 0)),
                   f"response among leavers {left:.3f} < among stayers {stayed:.3f}"),
        Claim.that((bias > 0) == (old["survey_score"] > old["true_score"]),
                   (_("For the old process the survey's average is {gap:.1f} points above what "
                      "all {n} customers who complained would have said.") if bias > 0 else
                    _("For the old process the survey's average is {gap:.1f} points below what "
                      "all {n} customers who complained would have said.")).format(
                       gap=abs(bias), n=count(old["complained"])),
                   f"old survey mean {old['survey_score']:.2f} vs true {old['true_score']:.2f}"),
    )
