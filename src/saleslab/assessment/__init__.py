"""Assessment (issue 19): a pre/post knowledge check with a class report, and a capstone.

- :mod:`.objectives`: the ten course objectives the check measures;
- :mod:`.items`, :mod:`.forms`: choice items with feedback for every option, in two
  parallel forms A and B; :mod:`.balance` checks that the forms are parallel;
- :mod:`.order`: half the class takes A then B, the other half B then A (counterbalanced);
- :mod:`.checks`, :mod:`.pre_a`, :mod:`.pre_b`, :mod:`.post_a`, :mod:`.post_b`: the forms as
  exercise sets that ``saleslab grade`` grades (``exercises/check_pre.ipynb``,
  ``exercises/check_post.ipynb``);
- :mod:`.gains`, :mod:`.report`: gains per objective and per learner from the grades,
  and the class report (``saleslab report``);
- :mod:`.capstone`, :mod:`.plan`, :mod:`.capstone_check`: the capstone plan for the
  learner's own team, its review and one-page export, and what the grader reports of it.
"""

from .checks import CHECKS, answer_key, check_set

__all__ = ["CHECKS", "answer_key", "check_set", "check_sets"]


def check_sets() -> list:
    """The sets ``saleslab grade`` grades besides the exercises: the four checks (each moment
    in each form; a notebook without the import is taken for order AB) and the capstone.

    >>> [(s.notebook, getattr(s, "form", "")) for s in check_sets()][:2]
    [('exercises/check_pre.ipynb', 'A'), ('exercises/check_post.ipynb', 'B')]
    """
    from .capstone_check import SET as CAPSTONE

    return [*CHECKS.values(), CAPSTONE]
