"""The company behind every dataset, and the seed streams that make it.

A B2B company sells industrial equipment, automation software and service contracts through
four regions, six teams and (by default) thirty reps. The organisation chart is fixed;
what varies with the seed is how big each rep's territory is and how well each rep sells.

>>> reps(seed=2026, n_reps=3)[["rep", "team", "region"]]
   rep     team region
0  R01   East A   East
1  R02   East B   East
2  R03  North A  North
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from ..validate import check_seed  # noqa: F401  (re-exported for the data package)
from ..validate import check_whole as check_count  # noqa: F401

DEFAULT_SEED = 2026
#: The "today" of the data: the CRM extract is taken at this moment.
SNAPSHOT = pd.Timestamp("2026-06-30 18:00:00")

REGIONS = ("East", "North", "South", "West")
TEAMS: dict[str, str] = {
    "East A": "East",
    "East B": "East",
    "North A": "North",
    "South A": "South",
    "South B": "South",
    "West A": "West",
}
PRODUCT_LINES = ("Equipment", "Automation software", "Service contracts")

# One independent random stream per dataset (SeedSequence children by fixed position), so
# changing the size of one dataset never changes another.
STREAMS = (
    "reps",
    "sales_history",
    "territories",
    "crm",
    "kpi_shifts",
    "weekly_kpis",
    "case1_leads",
    "case2_customers",
    "case2_complaints",
    "case3_reps",
    "pipeline",
)


def stream(seed: object, name: str) -> np.random.Generator:
    """The random generator of one dataset: child ``name`` of ``SeedSequence(seed)``.

    >>> float(stream(2026, "crm").random()) == float(stream(2026, "crm").random())
    True
    """
    children = np.random.SeedSequence(check_seed(seed)).spawn(len(STREAMS))
    return np.random.default_rng(children[STREAMS.index(name)])


def rep_names(n_reps: int) -> list[str]:
    """Rep identifiers ``R01``, ``R02``, ... (wider when there are 100 or more).

    >>> rep_names(3)
    ['R01', 'R02', 'R03']
    """
    width = max(2, len(str(n_reps)))
    return [f"R{i:0{width}d}" for i in range(1, n_reps + 1)]


def reps(seed: int = DEFAULT_SEED, n_reps: int = 30) -> pd.DataFrame:
    """The sales force: rep, team, region, relative territory size and selling ability.

    Reps are dealt to the six teams in turn. ``territory`` and ``ability`` are hidden drivers
    (mean about 1) that the history, territory and CRM generators share.

    >>> reps(n_reps=30).groupby("team").size().tolist()
    [5, 5, 5, 5, 5, 5]
    """
    n_reps = check_count("n_reps", n_reps)
    rng = stream(seed, "reps")
    teams = list(TEAMS)
    team = [teams[i % len(teams)] for i in range(n_reps)]
    z = rng.standard_normal((n_reps, 2))  # row by row: the first reps do not depend on n_reps
    return pd.DataFrame(
        {
            "rep": rep_names(n_reps),
            "team": pd.Categorical(team, categories=teams),
            "region": pd.Categorical([TEAMS[t] for t in team], categories=REGIONS),
            "territory": np.exp(-0.06 + 0.35 * z[:, 0]),
            "ability": np.exp(-0.03 + 0.25 * z[:, 1]),
        }
    )
