"""Assessment (issue 19): a pre/post knowledge check with a class report, and a capstone.

- :mod:`.objectives`: the ten course objectives the check measures;
- :mod:`.items`, :mod:`.forms`: choice items with feedback for every option, in two
  parallel forms (A before, B after); :mod:`.balance` checks that the forms are parallel;
- :mod:`.checks`, :mod:`.pre`, :mod:`.post`: the forms as exercise sets that
  ``saleslab grade`` grades (``exercises/check_pre.ipynb``, ``exercises/check_post.ipynb``);
- :mod:`.gains`, :mod:`.report`: gains per objective and per learner from the grades,
  and the class report (``saleslab report``);
- :mod:`.capstone`, :mod:`.plan`, :mod:`.capstone_check`: the capstone plan for the
  learner's own team, its review and one-page export, and what the grader reports of it.
"""

from .checks import POST, PRE, answer_key

__all__ = ["POST", "PRE", "answer_key", "check_sets"]


def check_sets() -> list:
    """The sets ``saleslab grade`` grades besides the exercises: the two checks and the capstone.

    >>> [s.notebook for s in check_sets()]
    ['exercises/check_pre.ipynb', 'exercises/check_post.ipynb', 'exercises/capstone.ipynb']
    """
    from .capstone_check import SET as CAPSTONE

    return [PRE, POST, CAPSTONE]
