"""Worked examples that follow the learner's data: the same story at every data seed, with
numbers drawn from that seed, so a team's exercise answers cannot be copied from another's.

>>> import pandas as pd
>>> data_seed(pd.DataFrame({"a": [1, 2, 3]})) == data_seed(pd.DataFrame({"a": [1, 2, 3]}))
True
>>> worked_trial(seed=1).n_a
2650
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._checks import check_count, check_open_rate, check_seed
from .compare import TwoProportions, two_proportions


def data_seed(frame: pd.DataFrame) -> int:
    """A seed taken from a table's content: the same table gives the same seed, a table of
    another data seed gives another.

    >>> data_seed(pd.DataFrame({"a": [1, 2]})) != data_seed(pd.DataFrame({"a": [1, 3]}))
    True
    """
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise TypeError("`frame` must be a non-empty pandas DataFrame")
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy(dtype=np.uint64)
    return int(np.bitwise_xor.reduce(hashed) % np.uint64(2**31 - 1))


def worked_trial(seed: int, p0: float = 0.07, uplift: float = 0.30,
                 n: int = 2650) -> TwoProportions:
    """The module's follow-up test drawn anew: ``n`` leads per group, won at ``p0`` (usual
    way) and ``p0 × (1 + uplift)`` (new schedule), compared by :func:`two_proportions`."""
    p0 = check_open_rate("p0", p0)
    n = check_count("n", n, positive=True)
    rng = np.random.default_rng(check_seed(seed))
    won_a, won_b = rng.binomial(n, p0), rng.binomial(n, check_open_rate("p1", p0 * (1 + uplift)))
    return two_proportions(int(won_a), n, int(won_b), n)
