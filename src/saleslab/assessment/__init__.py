"""Assessment (issue 19): a pre/post knowledge check with a class report, and a capstone.

- :mod:`.objectives`: the ten course objectives the check measures;
- :mod:`.items`, :mod:`.forms`: choice items with feedback for every option, in two
  parallel forms (A before, B after); :mod:`.balance` checks that the forms are parallel;
- :mod:`.checks`, :mod:`.pre`, :mod:`.post`: the forms as exercise sets that
  ``saleslab grade`` grades (``exercises/check_pre.ipynb``, ``exercises/check_post.ipynb``);
- :mod:`.gains`, :mod:`.report`: gains per objective and per learner from the grades,
  and the class report (``saleslab report``).
"""

from .checks import POST, PRE, answer_key

__all__ = ["POST", "PRE", "answer_key", "check_sets"]


def check_sets() -> list:
    """The two check sets, before and after.

    >>> [s.notebook for s in check_sets()]
    ['exercises/check_pre.ipynb', 'exercises/check_post.ipynb']
    """
    return [PRE, POST]
