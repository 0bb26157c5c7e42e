"""Which form a learner takes first: the knowledge check is counterbalanced.

If every learner took form A before and form B after, a difference between the forms
(one a little easier) would show as learning, or hide it. So half the class takes A then
B ("AB") and the other half B then A ("BA"): the form effect then adds to one half's gain
and subtracts from the other's, and the mean of the two halves' gains is free of it (see
:func:`saleslab.assessment.gains.order_gains`).

The order is decided once, when the check notebooks are written: by the team number of
the handout's ``teams.csv`` (odd teams AB, even teams BA, so the teams split in half), or,
without teams, by the data seed (even AB, odd BA). The order is then in the notebook's own
code (it imports ``pre_a`` or ``pre_b``), so the learner, the grader's sandbox and the
grade table (questions ``a1``... or ``b1``...) all see the same form.

>>> order_for(2026), order_for(7), order_for(2026, team=2)
('AB', 'BA', 'BA')
>>> form_at("BA", "pre"), form_at("BA", "post")
('B', 'A')
"""

from __future__ import annotations

ORDERS = ("AB", "BA")
MOMENTS = ("pre", "post")


def order_for(seed: int, team: int | None = None) -> str:
    """The order of the forms for a folder of data ``seed`` (team number ``team``, if any)."""
    if team is not None:
        if isinstance(team, bool) or not isinstance(team, int) or team < 1:
            raise ValueError(f"`team` must be a team number, 1 or more, got {team!r}")
        return ORDERS[(team - 1) % 2]
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"`seed` must be a whole number 0 or more, got {seed!r}")
    return ORDERS[seed % 2]


def form_at(order: str, moment: str) -> str:
    """The form (``"A"`` or ``"B"``) taken at ``moment`` (``"pre"``/``"post"``) in ``order``."""
    if order not in ORDERS:
        raise ValueError(f"`order` must be one of {ORDERS}, got {order!r}")
    if moment not in MOMENTS:
        raise ValueError(f"`moment` must be one of {MOMENTS}, got {moment!r}")
    return order[MOMENTS.index(moment)]
