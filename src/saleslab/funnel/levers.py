"""Which stage to improve: the gain each stage offers against a benchmark.

Bookings are leads × the product of the stage rates × the average deal, so raising any
stage's rate by the same *share* (ten percent) raises bookings by that share, whatever the
stage. Ten *points* are worth more on a low rate (39% → 49% is +26%) than on a high one
(81% → 91% is +12%). So the lowest rate is not by itself the place to start: start where a
gain is cheapest to get, for instance where the team's better reps already do better.

>>> design = pd.DataFrame({"stage": ["qualified", "proposal"], "conversion": [0.8, 0.4], "days": [12.0, 25.0]})
>>> round(bookings_gain(design, "proposal", points=0.10), 3), round(bookings_gain(design, "qualified", points=0.10), 3)
(0.25, 0.125)
>>> round(bookings_gain(design, "qualified", share=0.10), 3)
0.1
"""

from __future__ import annotations

import pandas as pd

from ..validate import check_frame
from ._log import STAGES
from .conversion import stage_conversion

BEST = 0.75  # the benchmark: the rate the best quarter of reps reach at a stage


def bookings_gain(design: pd.DataFrame, stage: str, points: float | None = None,
                  share: float | None = None) -> float:
    """The relative rise in bookings when ``stage``'s rate rises by ``points`` (0.10 for ten
    percentage points) or by ``share`` of itself (0.10 for ten percent); rates stop at 100%.
    Give one of the two."""
    table = check_frame("design", design, ("stage", "conversion")).set_index("stage")
    if stage not in table.index:
        raise ValueError(f"`stage` must be one of {table.index.tolist()}, got {stage!r}")
    if (points is None) == (share is None):
        raise ValueError("give exactly one of `points` (0.10 for ten points) or `share` (0.10 for ten percent)")
    rate = float(table.loc[stage, "conversion"])
    new = rate + points if points is not None else rate * (1 + share)
    return min(new, 1.0) / rate - 1


def rep_stage_rates(events: pd.DataFrame, opportunities: pd.DataFrame) -> pd.DataFrame:
    """Each rep's conversion at each stage (rows reps, columns stages), on the deals of that
    rep that entered the stage; open deals are left out as in :func:`stage_conversion`."""
    opps = check_frame("opportunities", opportunities, ("opportunity_id", "rep"))
    owner = opps.set_index("opportunity_id")["rep"].astype(str)
    rep = events["opportunity_id"].map(owner)
    if rep.isna().any():
        raise ValueError("`events` has opportunity ids missing from `opportunities`: load both "
                         "tables from the same data folder")
    rows = {name: stage_conversion(log).set_index("stage")["conversion"]
            for name, log in events.groupby(rep, sort=True)}
    return pd.DataFrame(rows).T.reindex(columns=list(STAGES)).rename_axis("rep")


def stage_levers(events: pd.DataFrame, opportunities: pd.DataFrame, best: float = BEST) -> pd.DataFrame:
    """Per stage: the team's rate today, the rate the best quarter of reps reach
    (``best`` = 0.75 is the upper quartile of rep rates), the points between them, and the
    rise in bookings if the whole team reached the benchmark at that stage alone. Sorted with
    the biggest gain first. Part of the spread between reps is chance, so the gain is an
    upper bound; the ranking says where to look first.

    >>> from saleslab.data import load
    >>> levers = stage_levers(load("crm_events"), load("crm_opportunities"))
    >>> list(levers.columns)
    ['today', 'benchmark', 'points', 'bookings_gain']
    """
    if not 0.5 <= best < 1:
        raise ValueError(f"`best` must be a quantile between 0.5 and 1, got {best!r}")
    today = stage_conversion(events).set_index("stage")["conversion"]
    benchmark = rep_stage_rates(events, opportunities).quantile(best).reindex(today.index)
    table = pd.DataFrame({"today": today, "benchmark": benchmark.clip(lower=today)})
    table["points"] = table["benchmark"] - table["today"]
    table["bookings_gain"] = table["benchmark"] / table["today"] - 1
    return table.sort_values("bookings_gain", ascending=False)
