"""Case 2's data-dependent sentences, each a :class:`~saleslab.story.Claim` checked on the
table or figure shown next to it, so the notebook says only what its data shows at any seed.

>>> from saleslab.cases import complaints
>>> print(plan_story(complaints.last_year(seed=0)))  # doctest: +ELLIPSIS
Customers who complained left more often (...) than those who did not (...). ...
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import _
from ..improvement import two_proportions
from ..improvement.compare import signed_percent
from ..plots import count, percent
from ..story import Claim, Story
from .common import ExperimentResult
from .complaints_stats import churn_by_group, churn_by_resolution

#: "Slow" in the Plan step: a first complaint that took two weeks or more.
SLOW_DAYS = 14.0


def plan_story(year: pd.DataFrame) -> Story:
    """Who left last year: complainers against the rest, and slow answers against quick ones
    (the bands of :func:`~saleslab.cases.complaints_stats.churn_by_resolution`).
    """
    groups = churn_by_group(year).set_index("group")["churn"]
    loud, quiet = groups[_("complained")], groups[_("no complaint")]
    complained = year.dropna(subset=["first_resolution_days"])
    slow_rows = complained["first_resolution_days"] >= SLOW_DAYS
    slow, quick = (float(complained.loc[rows, "churned"].mean()) for rows in (slow_rows, ~slow_rows))
    bands = churn_by_resolution(year)["churn"].to_numpy(float)
    rising = bool(np.all(np.diff(bands) >= 0))
    first = Claim.that(
        True, (_("Customers who complained left more often ({loud}) than those who did not "
                 "({quiet}).") if loud > quiet else
               _("Customers who complained did not leave more often ({loud}) than those who did "
                 "not ({quiet}).")).format(loud=percent(loud, 0), quiet=percent(quiet, 0)),
        f"churn complained {loud:.3f} vs not {quiet:.3f}")
    if slow <= quick:
        text = _("Customers whose first complaint took two weeks or more did not leave more often "
                 "({slow}) than those answered sooner ({quick}).")
    elif rising:
        text = _("Customers whose first complaint took two weeks or more left more often ({slow}) "
                 "than those answered sooner ({quick}), and churn rises with every band of the "
                 "chart.")
    else:
        text = _("Customers whose first complaint took two weeks or more left more often ({slow}) "
                 "than those answered sooner ({quick}), though not band by band: neighbouring "
                 "bands differ by amounts chance alone could give.")
    bands_text = ", ".join(f"{share:.3f}" for share in bands)
    second = Claim.that(True, text.format(slow=percent(slow, 0), quick=percent(quick, 0)),
                        f"slow {slow:.3f} vs quick {quick:.3f}; bands {bands_text}")
    return Story.of(first, second)


def check_story(result: ExperimentResult) -> Claim:
    """Which way churn moved in this run, and whether its interval excludes no change."""
    fewer = result.intervention < result.baseline
    text = (_("Here fewer customers left with fast feedback") if fewer else
            _("Here fast feedback did not keep more customers"))
    text += (_(", and the interval excludes no change.") if result.significant else
             _(", but the interval still includes no change."))
    return Claim.that(True, text, f"churn {result.baseline:.3f} → {result.intervention:.3f}, "
                      f"interval {result.effect_ci[0]:+.3f} to {result.effect_ci[1]:+.3f}")


def groups_story(units: pd.DataFrame) -> Claim:
    """Whether the customers who never complained left at rates chance alone could separate."""
    table = churn_by_group(units).set_index(["group", "arm"])
    quiet = table.loc[_("no complaint")]
    test = two_proportions(int(quiet.loc["baseline", "churned"]), int(quiet.loc["baseline", "customers"]),
                           int(quiet.loc["intervention", "churned"]),
                           int(quiet.loc["intervention", "customers"]))
    same = test.p_value >= 0.05
    text = (_("Customers who never complained left at {a} and {b}: a gap chance alone gives "
              "easily.") if same else
            _("Customers who never complained left at {a} and {b}: more of a gap than chance "
              "usually gives — look for something else that differed."))
    return Claim.that(True, text.format(a=percent(test.rate_a, 0), b=percent(test.rate_b, 0)),
                      f"no-complaint churn {test.rate_a:.3f} vs {test.rate_b:.3f}, p = {test.p_value:.3f}")


def power_story(table: pd.DataFrame) -> Claim:
    """What the smallest test size in a power table finds."""
    small = table.sort_values("customers_per_arm").iloc[0]
    missed = small["power"] < 0.5
    text = (_("With {n} customers per group a real change is missed more often than found ({p} "
              "found it).") if missed else
            _("Even {n} customers per group find the change {p} of the time; larger tests find "
              "it more often."))
    return Claim.that(True, text.format(n=count(small["customers_per_arm"]),
                                        p=percent(small["power"], 0)),
                      f"power {small['power']:.3f} at {small['customers_per_arm']}")


def repeated_story(runs: pd.DataFrame, first: ExperimentResult) -> Claim:
    """Where repeated runs centre, how many convince, and where the first run sits."""
    effects = runs["effect"].to_numpy(float)
    return Claim.that(
        True,
        _("Over {n} runs the measured effect scatters from {low} to {high} around {mean}; {sig} "
          "of them would convince a sceptic. Our first run ({first}) is one draw from it.").format(
            n=count(len(effects)), low=signed_percent(effects.min()), high=signed_percent(effects.max()),
            mean=signed_percent(effects.mean()), sig=count(runs["significant"].sum()),
            first=signed_percent(first.effect)),
        f"effects {effects.min():+.3f}..{effects.max():+.3f}, mean {effects.mean():+.3f}")


def noise_story(no_change: pd.DataFrame) -> Claim:
    """The size of the "effects" runs without any change show."""
    effects = no_change["effect"].to_numpy(float)
    return Claim.that(
        effects.min() < 0 < effects.max(),
        _("With no change at all, runs still show \"effects\" from {low} to {high}, and {sig} of "
          "{n} would pass for real.").format(
            low=signed_percent(effects.min()), high=signed_percent(effects.max()),
            sig=count(no_change["significant"].sum()), n=count(len(effects))),
        f"no-change effects {effects.min():+.3f}..{effects.max():+.3f}")

