"""Judgement questions of the three cases (two per case, appended to each case's set).
The second one reads the learner's data: is the spread of the reps' close rates more than
chance (case 1, :func:`rep_spread_p`)? is the churn gap of customers who complained more
than chance (case 2, :func:`complainer_gap`)? which fair reading of the training has the
narrowest interval (case 3)?

>>> [q.variable for q in CASE3]
['best_first', 'which_reading']
"""

from __future__ import annotations

import pandas as pd
from scipy.stats import chi2_contingency

from ...cases import complaints, training
from ...i18n import N_, _
from ...improvement import TwoProportions
from ...plots import percent
from ..choice import Option, choice, fixed_choice
from ..core import Data

# -- case 1: B2B lead follow-up ---------------------------------------------------------

pilot_design = fixed_choice(
    title=N_("Which design for the next follow-up pilot"),
    variable="pilot_design",
    options=(
        Option(N_("The reps who volunteer use the new schedule; the others are the comparison."),
               N_("volunteers are often the keenest reps: their leads would close better anyway, "
                  "and the comparison credits the schedule with it.")),
        Option(N_("Each rep uses the new schedule on half of their leads, chosen at random."),
               N_("the same rep runs both schedules: habits spill over from one half to the "
                  "other, and the difference shrinks towards zero.")),
        Option(N_("Whole teams drawn at random use it; the other teams are the comparison, and "
                  "the result is read team by team."),
               N_("a schedule is a team's way of working: drawing whole teams keeps the "
                  "comparison clean, and reading it team by team gives an honest interval.")),
        Option(N_("Everyone switches next month; compare with last year's months."),
               N_("before/after credits the schedule with the season and the market: there is "
                  "no comparison group over the same months.")),
    ),
    answer="c",
    hints=(N_("Who would be in the comparison group, and could the schedule reach them too?"),
           N_("Case 1 randomised whole teams, and read the pilot team by team.")),
)

SPREAD_ALPHA = 0.05  # the test of equal close rates, at the course's usual level


def rep_spread_p(history: pd.DataFrame) -> float:
    """The p-value of a chi-square test that every rep has the same close rate (``history``
    from :func:`saleslab.cases.followup.follow_up_history`): large when the spread between
    reps is what chance alone gives with their numbers of leads.

    >>> won = [True] * 10 + [False] * 90 + [True] * 12 + [False] * 88
    >>> round(rep_spread_p(pd.DataFrame({"rep": ["A"] * 100 + ["B"] * 100, "won": won})), 2)
    0.82
    """
    won = history.groupby("rep")["won"].agg(["sum", "size"])
    return float(chi2_contingency([won["sum"], won["size"] - won["sum"]]).pvalue)


def _history(data: Data) -> pd.DataFrame:
    from ..case1 import _history  # imported here: case1 imports this module

    return data.compute(_history)


def _rep_fields(data: Data) -> dict[str, object]:
    rates = _history(data).groupby("rep")["won"].mean()
    return {"best": rates.idxmax(), "best_rate": percent(rates.max()),
            "worst": rates.idxmin(), "worst_rate": percent(rates.min())}


def _spread_shown(data: Data) -> list[tuple[int, dict[str, object]]]:
    fields = _rep_fields(data)
    return [(index, fields) for index in range(4)]


def _spread_right(data: Data) -> int:
    return 2 if rep_spread_p(_history(data)) >= SPREAD_ALPHA else 3


rep_spread = choice(
    title=N_("Single out the best and the worst rep?"),
    variable="rep_spread",
    options=(
        Option(N_("Ask {best} to teach the others: their close rate ({best_rate}) is the highest."),
               N_("the highest rate alone does not show a better practice: with a few hundred "
                  "leads each, someone is always on top. Test whether the spread is more than "
                  "chance before you rank.")),
        Option(N_("Put {worst} on a coaching plan: their close rate ({worst_rate}) is the lowest."),
               N_("the lowest rate alone does not show a weaker rep: someone is always at the "
                  "bottom. Test whether the spread is more than chance before you act on it.")),
        Option(N_("Single out nobody: a test of equal close rates does not reject, so the spread "
                  "is what chance gives with this many leads."),
               N_("a test of equal close rates rejects at 5% in your data: the spread is larger "
                  "than chance alone gives. Find out what differs between the reps.")),
        Option(N_("Look for what the best reps do differently: the spread is larger than chance."),
               N_("a test of equal close rates does not reject in your data: the spread is what "
                  "chance gives with this many leads per rep, and ranking on it rewards luck.")),
    ),
    right=_spread_right,
    shown=_spread_shown,
    why=N_("read the spread against chance before you read the ranking: a rep singled out for "
           "noise learns that the numbers are a lottery."),
    hints=(N_("How much would close rates differ between reps with a few hundred leads each if "
              "every rep were equally good?"),
           N_("`rep_spread_p(history)` tests whether all reps have the same close rate: below "
              "0.05, the spread is more than chance.")),
    solution='rep_spread = "c" if rep_spread_p(history) >= 0.05 else "d"',
)

CASE1 = (pilot_design, rep_spread)

# -- case 2: retail complaints ----------------------------------------------------------

survey_claim = fixed_choice(
    title=N_("Satisfaction rose: does the new process pay?"),
    variable="survey_claim",
    options=(
        Option(N_("Yes: satisfaction rose from 3.6 to 4.2."),
               N_("satisfaction is not retention: customers can rate a process well and still "
                  "leave. What pays is customers kept.")),
        Option(N_("Compare how many customers who complained left, new process against old, "
                  "over the same months, and put a value on those kept."),
               N_("money comes from customers kept: compare churn with a comparison group over "
                  "the same window, then weigh the customers kept against the cost.")),
        Option(N_("Survey again with more customers, so that the result is significant."),
               N_("a bigger survey measures satisfaction more precisely, but still not whether "
                  "customers stay.")),
        Option(N_("Count the complaints closed within two days."),
               N_("speed is how the process runs, not what it earns: it says nothing about "
                  "customers kept.")),
    ),
    answer="b",
    hints=(N_("What does a customer who stays bring that a high score does not?"),
           N_("Case 2: satisfaction surveys are not results.")),
)

def complainer_gap(groups: pd.DataFrame) -> TwoProportions:
    """Last year's churn of customers who complained against the others' (``groups`` from
    :func:`saleslab.cases.complaints.churn_by_group`, indexed by group), with its interval.

    >>> groups = pd.DataFrame({"customers": [1000, 1000], "churned": [170, 240]},
    ...                       index=["no complaint", "complained"])
    >>> round(complainer_gap(groups).difference, 2)
    0.07
    """
    rest, complained = groups.loc["no complaint"], groups.loc["complained"]
    return complaints.two_proportions(int(rest["churned"]), int(rest["customers"]),
                                      int(complained["churned"]), int(complained["customers"]))


def gap_line(gap: TwoProportions) -> str:
    """The churn gap of :func:`complainer_gap` and its 95% interval, in points.

    >>> print(gap_line(complainer_gap(pd.DataFrame({"customers": [1000, 1000], "churned": [170, 240]},
    ...                                            index=["no complaint", "complained"]))))
    Difference: +7.0 points of churn, 95% interval +3.5 to +10.5 points
    """
    low, high = gap.difference_ci
    return _("Difference: {gap:+.1f} points of churn, 95% interval {low:+.1f} to {high:+.1f} points").format(
        gap=100 * gap.difference, low=100 * low, high=100 * high)


def _gap_right(data: Data) -> int:
    from ..case2 import _groups  # imported here: case2 imports this module

    return 0 if complainer_gap(data.compute(_groups)).difference_ci[0] > 0 else 1


gap_worth = choice(
    title=N_("Is the complainers' churn gap worth acting on?"),
    variable="gap_worth",
    options=(
        Option(N_("Yes: the interval of the difference in churn stays above zero, so the gap is "
                  "more than chance, and each point is customers lost."),
               N_("the interval of the difference includes zero in your data: the gap could be "
                  "chance alone. Collect more before you build a process on it.")),
        Option(N_("Not yet: the interval of the difference includes zero, so the gap could be "
                  "chance."),
               N_("the interval of the difference stays above zero in your data: with over a "
                  "thousand customers per group, the gap is more than chance.")),
        Option(N_("No: complaints are a service matter, not a sales one."),
               N_("customers who leave take their future spend with them: how complaints are "
                  "handled is a revenue matter, and a sales manager's.")),
        Option(N_("Ask the complaint team whether customers seem unhappy."),
               N_("impressions are not results: the churn table already measures who left. Read "
                  "the gap with its interval.")),
    ),
    right=_gap_right,
    why=N_("read the gap with its interval: clear of zero, it is worth a process; including "
           "zero, it needs more data first."),
    hints=(N_("Compare the churn of the two groups in `churn_by_group(year)`, with an interval."),
           N_("`complainer_gap(groups).difference_ci` is the interval of the difference in churn "
              "(complained minus the others).")),
    solution=('groups = complaints.churn_by_group(year).set_index("group")\n'
              'gap_worth = "a" if complainer_gap(groups).difference_ci[0] > 0 else "b"'),
)

CASE2 = (survey_claim, gap_worth)

# -- case 3: sales training -------------------------------------------------------------

best_first = fixed_choice(
    title=N_("The best reps went to the training first"),
    variable="best_first",
    options=(
        Option(N_("The training works: trained reps sell 15% more than the others."),
               N_("the best reps sold more before the training too: comparing after the "
                  "training only credits it with who was sent.")),
        Option(N_("Compare each group's change from before to after (difference-in-differences), "
                  "and next time draw who goes first at random."),
               N_("a comparison of changes removes the head start the best reps had, and a "
                  "random draw removes the choice of who goes first.")),
        Option(N_("Ask the trained reps how useful the training was."),
               N_("what reps say about a training is satisfaction, not results.")),
        Option(N_("Train everyone now: it cannot hurt."),
               N_("training everyone removes the comparison group, and the cost is real: find "
                  "out first whether the effect pays for it.")),
    ),
    answer="b",
    hints=(N_("Were the trained and the untrained reps alike before the training?"),
           N_("Case 3 compared changes, not levels after the training.")),
)

READINGS = ("before_after", "after_only", "did", "ancova")  # `which_reading`'s options
FAIR = ("did", "ancova")  # the readings that compare with the wait-list and allow for the level before


def _readings(data: Data) -> pd.DataFrame:
    from ..case3 import _experiment  # imported here: case3 imports this module

    return training.compare_methods(data.compute(_experiment).units).set_index("method")


def _which_reading(data: Data) -> int:
    table = data.compute(_readings).loc[list(FAIR)]
    return READINGS.index(str((table["ci_high"] - table["ci_low"]).idxmin()))


which_reading = choice(
    title=N_("Which reading of the training to report"),
    variable="which_reading",
    options=(
        Option(N_("Before/after: trained reps only."),
               N_("before/after credits the training with everything else that changed over "
                  "the months: the wait-list shows what happened without it.")),
        Option(N_("After only: trained against the wait-list."),
               N_("after-only counts the differences the reps already had before the training as "
                  "its effect, and its interval is wide: allow for each rep's level before.")),
        Option(N_("Difference-in-differences."),
               N_("difference-in-differences is a fair reading here, but in your data the "
                  "adjusted comparison (ANCOVA) gives a narrower interval from the same reps.")),
        Option(N_("ANCOVA: adjusted for each rep's level before."),
               N_("ANCOVA is a fair reading here, but in your data difference-in-differences gives "
                  "the narrower interval from the same reps.")),
    ),
    right=_which_reading,
    why=N_("it compares with the wait-list, allows for each rep's level before, and has the "
           "narrowest interval of the fair readings: the one to report, interval included."),
    hints=(N_("Which readings compare with reps who were not trained yet, and allow for how each "
              "rep sold before?"),
           N_("Of those two, report the one with the narrower interval (ci_high − ci_low).")),
    solution=('fair = readings.loc[["did", "ancova"]]\n'
              'which_reading = {"did": "c", "ancova": "d"}[(fair["ci_high"] - fair["ci_low"]).idxmin()]'),
)

CASE3 = (best_first, which_reading)
