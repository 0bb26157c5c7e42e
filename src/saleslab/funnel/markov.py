"""The funnel as an absorbing Markov chain: win probability and steps to close from each stage.

With Q the stage-to-stage and R the stage-to-outcome transition shares, N = (I − Q)⁻¹ counts
expected visits, B = N·R gives P(won | now in stage) and N·1 the expected steps to close.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import _
from ..tabledisplay import for_display
from ._log import OUTCOMES, STAGES, check_events, ordered


def transition_counts(events: pd.DataFrame) -> pd.DataFrame:
    """How often deals moved from each open stage (rows) to each stage or outcome (columns).

    >>> log = pd.DataFrame({"opportunity_id": [1, 1, 2, 2], "stage": ["lead", "won", "lead", "lost"],
    ...     "entered_at": pd.to_datetime(["2026-01-01", "2026-01-02"] * 2)})
    >>> transition_counts(log).loc["lead", ["won", "lost"]].tolist()
    [1, 1]
    """
    log = ordered(check_events(events)).dropna(subset=["next_stage"])
    table = pd.crosstab(log["stage"], log["next_stage"])
    return table.reindex(index=list(STAGES), columns=[*STAGES, *OUTCOMES], fill_value=0)


@dataclass(frozen=True)
class AbsorbingChain:
    """Win probability and expected steps to close from each stage."""

    transitions: pd.DataFrame
    table: pd.DataFrame

    def __repr__(self) -> str:
        # The class name heads it in English; the Chinese edition names the chain in Chinese.
        return _("AbsorbingChain") + "\n" + for_display(self.table.round(3)).to_string()


def absorbing_chain(events: pd.DataFrame) -> AbsorbingChain:
    """Fit the chain to observed transitions (open deals add what they have done so far).

    >>> log = pd.DataFrame({"opportunity_id": [1, 1, 2, 2], "stage": ["lead", "won", "lead", "lost"],
    ...     "entered_at": pd.to_datetime(["2026-01-01", "2026-01-02"] * 2)})
    >>> float(absorbing_chain(log).table.loc["lead", "win_probability"])
    0.5
    """
    counts = transition_counts(events)
    totals = counts.sum(axis=1)
    seen = totals > 0
    shares = counts[seen].div(totals[seen], axis=0)
    stages = list(shares.index)
    q = shares[stages].to_numpy(float)
    r = shares[list(OUTCOMES)].to_numpy(float)
    try:
        n = np.linalg.inv(np.eye(len(stages)) - q)
    except np.linalg.LinAlgError:
        raise ValueError("`events` loop forever between stages: no deal ever closes") from None
    b = n @ r
    table = pd.DataFrame({"win_probability": b[:, 0], "loss_probability": b[:, 1],
                          "expected_steps": n.sum(axis=1), "transitions_seen": totals[seen].to_numpy()},
                         index=pd.Index(stages, name="stage"))
    return AbsorbingChain(counts, table)


def direct_win_rate(events: pd.DataFrame) -> pd.Series:
    """P(won | reached the stage), counted directly over closed deals (open ones left out).

    >>> log = pd.DataFrame({"opportunity_id": [1, 1, 2, 2], "stage": ["lead", "won", "lead", "lost"],
    ...     "entered_at": pd.to_datetime(["2026-01-01", "2026-01-02"] * 2)})
    >>> float(direct_win_rate(log)["lead"])
    0.5
    """
    log = check_events(events)
    outcome = log[log["stage"].isin(OUTCOMES)].groupby("opportunity_id")["stage"].first()
    reached = log[log["stage"].isin(STAGES) & log["opportunity_id"].isin(outcome.index)]
    pairs = reached.drop_duplicates(["opportunity_id", "stage"])
    won = pairs["opportunity_id"].map(outcome).eq("won")
    rate = won.groupby(pairs["stage"]).mean()
    return rate.reindex([s for s in STAGES if s in rate.index]).rename("win_rate")


__all__ = ["AbsorbingChain", "absorbing_chain", "direct_win_rate", "transition_counts"]
