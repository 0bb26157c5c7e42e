"""saleslab.targets: largest-remainder allocation, fair-share top-down, hierarchy, phasing."""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saleslab import targets


def _history(bookings: dict[str, list[float]], start: str = "2024-01-01", **columns) -> pd.DataFrame:
    """Monthly bookings per rep from ``start``; extra columns map rep -> value."""
    months = pd.date_range(start, periods=len(next(iter(bookings.values()))), freq="MS")
    rows = [{"month": month, "rep": rep, "bookings": value,
             **{name: mapping[rep] for name, mapping in columns.items()}}
            for rep, values in bookings.items() for month, value in zip(months, values)]
    return pd.DataFrame(rows)


# --- allocate: worked by hand -------------------------------------------------------------

def test_ten_over_three_equal_weights_gives_the_extra_unit_to_the_first_listed():
    parts = targets.allocate(10, pd.Series([1.0, 1.0, 1.0], index=["Ann", "Bo", "Cy"]))
    assert parts.to_dict() == {"Ann": 4, "Bo": 3, "Cy": 3}
    assert parts.dtype == "int64"
    assert targets.allocate(10, {"Cy": 1, "Bo": 1, "Ann": 1}).to_dict() == {"Cy": 4, "Bo": 3, "Ann": 3}


def test_equal_remainders_go_to_the_larger_weight_first():
    # exact quotas 2.5 and 7.5: both remainders are one half, the larger weight wins the unit
    assert targets.allocate(10, {"small": 1, "large": 3}).to_dict() == {"small": 2, "large": 8}


def test_largest_remainders_get_the_left_over_units():
    # quotas 4.6, 3.3, 2.1 -> floors 4, 3, 2 and one unit left for the largest remainder (.6)
    assert targets.allocate(10, {"a": 46, "b": 33, "c": 21}).tolist() == [5, 3, 2]


def test_decimal_weights_are_split_exactly_despite_floating_point():
    assert targets.allocate(100, {"n": 0.5, "s": 0.3, "w": 0.2}).tolist() == [50, 30, 20]
    assert targets.allocate(3, {"a": 0.1, "b": 0.1, "c": 0.1}).tolist() == [1, 1, 1]


def test_zero_weights_get_nothing_and_zero_total_gives_zeros():
    assert targets.allocate(7, {"a": 0, "b": 2, "c": 0}).tolist() == [0, 7, 0]
    assert targets.allocate(0, {"a": 1, "b": 2}).tolist() == [0, 0]


def test_huge_totals_still_add_up_exactly():
    total = 9_007_199_254_740_993  # 2**53 + 1: not representable as a float
    parts = targets.allocate(total, {"a": 1, "b": 1, "c": 1})
    assert int(parts.sum()) == total
    assert parts.tolist() == [3_002_399_751_580_331, 3_002_399_751_580_331, 3_002_399_751_580_331]


def test_whole_floats_and_numpy_integers_are_accepted():
    assert targets.allocate(12e6, {"a": 1, "b": 1}).tolist() == [6_000_000, 6_000_000]
    assert targets.allocate(np.int64(5), pd.Series(np.array([1, 4]))).tolist() == [1, 4]


# --- allocate: properties -----------------------------------------------------------------

weights_strategy = st.lists(
    st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
    min_size=1, max_size=25,
).filter(lambda values: sum(values) > 0)


@settings(max_examples=150, deadline=None)
@given(total=st.integers(min_value=0, max_value=10**15), weights=weights_strategy)
def test_any_whole_total_over_any_weights_adds_up_exactly_and_is_never_negative(total, weights):
    parts = targets.allocate(total, pd.Series(weights))
    assert int(parts.sum()) == total
    assert (parts >= 0).all()
    exact = [Fraction(w) for w in weights]
    whole = sum(exact)
    for part, weight in zip(parts.tolist(), exact):
        assert abs(part - total * weight / whole) < 1


@settings(max_examples=200, deadline=None)
@given(total=st.integers(min_value=0, max_value=10**9), weights=weights_strategy)
def test_a_larger_weight_never_gets_a_smaller_part(total, weights):
    parts = targets.allocate(total, pd.Series(weights)).tolist()
    for i, (wi, pi) in enumerate(zip(weights, parts)):
        for wj, pj in zip(weights[i + 1:], parts[i + 1:]):
            if wi > wj:
                assert pi >= pj
            elif wj > wi:
                assert pj >= pi
            else:
                assert pi - pj in (0, 1)  # equal weights: the one listed first may get one more


# --- allocate: bad arguments --------------------------------------------------------------

@pytest.mark.parametrize(
    ("total", "weights", "error", "message"),
    [(-1, {"a": 1}, ValueError, "`total` must be a whole number of 0 or more, got -1"),
     (2.5, {"a": 1}, ValueError, "`total` must be a whole number of 0 or more, got 2.5"),
     (float("nan"), {"a": 1}, ValueError, "`total` must be a whole number"),
     ("10", {"a": 1}, TypeError, "`total` must be a number, got '10'"),
     (True, {"a": 1}, TypeError, "`total` must be a number"),
     (2**64, {"a": 1}, ValueError, "`total` must be at most"),
     (10, [1, 2], TypeError, "`weights` must be a pandas Series or a mapping"),
     (10, pd.Series([], dtype=float), ValueError, "`weights` must have at least one unit"),
     (10, {"a": 1, "b": -1}, ValueError, r"`weights` must be zero or more; negative for \['b'\]"),
     (10, {"a": 1, "b": float("nan")}, ValueError, r"missing \(NaN\) for \['b'\]"),
     (10, {"a": 1, "b": float("inf")}, ValueError, r"infinite for \['b'\]"),
     (10, {"a": 0, "b": 0.0}, ValueError, "at least one positive weight; they sum to 0"),
     (10, pd.Series(["1", "2"]), TypeError, "`weights` must be numbers"),
     (10, pd.Series([True, False]), TypeError, "`weights` must be numbers")],
)
def test_bad_allocation_arguments_are_named(total, weights, error, message):
    with pytest.raises(error, match=message):
        targets.allocate(total, weights)


# --- top-down fair share ------------------------------------------------------------------

@pytest.fixture
def two_reps():
    # 2023 is outside "last year" (the 12 latest months, all of 2024) and must be ignored.
    history = _history({"Ann": [999.0] * 12 + [25.0] * 12, "Bo": [1.0] * 12 + [100 / 12] * 12},
                       start="2023-01-01")
    potential = pd.DataFrame({"rep": ["Ann", "Bo"], "potential": [1_000.0, 3_000.0]})
    return history, potential


@pytest.mark.parametrize(
    ("by", "quotas"),
    # last year 300 vs 100 -> shares .75/.25; potential .25/.75; blend .5/.5
    [("history", {"Ann": 751, "Bo": 250}), ("potential", {"Ann": 250, "Bo": 751}),
     ("blend", {"Ann": 501, "Bo": 500})],
)
def test_top_down_shares_worked_by_hand(two_reps, by, quotas):
    history, potential = two_reps
    table = targets.top_down(1001, history, potential, by=by)
    assert table["quota"].to_dict() == quotas
    assert table["last_year"].to_dict() == pytest.approx({"Ann": 300.0, "Bo": 100.0})
    assert table["weight"].sum() == pytest.approx(1.0)
    assert table.loc["Ann", "growth"] == pytest.approx(quotas["Ann"] / 300 - 1)
    assert list(table.columns) == ["last_year", "potential", "weight", "quota", "growth"]


def test_alpha_moves_the_blend_between_history_and_potential(two_reps):
    history, potential = two_reps
    table = targets.top_down(1000, history, potential, alpha=0.25)
    assert table["weight"].tolist() == pytest.approx([0.25 * 0.75 + 0.75 * 0.25, 0.25 * 0.25 + 0.75 * 0.75])


def test_quotas_in_whole_thousands_add_up_to_the_target(two_reps):
    history, potential = two_reps
    table = targets.top_down(12_345_000, history, potential, unit=1000)
    assert table["quota"].sum() == 12_345_000
    assert (table["quota"] % 1000 == 0).all()
    with pytest.raises(ValueError, match=r"`target` must be a whole multiple of `unit` \(1000\)"):
        targets.top_down(12_345_678, history, potential, unit=1000)


def test_a_new_rep_without_history_gets_a_quota_from_potential(two_reps):
    history, _ = two_reps
    potential = pd.DataFrame({"rep": ["Ann", "Bo", "New"], "potential": [1.0, 1.0, 2.0]})
    table = targets.top_down(1000, history, potential, by="blend")
    assert table.loc["New", "last_year"] == 0
    assert np.isnan(table.loc["New", "growth"])
    assert table.loc["New", "quota"] == 250  # 0.5 * 0 + 0.5 * 2/4


def test_team_level_sums_history_and_potential_over_reps():
    history = _history({"Ann": [10.0] * 12, "Bo": [20.0] * 12, "Cy": [30.0] * 12},
                       team={"Ann": "A", "Bo": "A", "Cy": "B"})
    table = targets.top_down(600, history, level="team", by="history")
    assert table["last_year"].to_dict() == {"A": 360.0, "B": 360.0}
    assert table["quota"].to_dict() == {"A": 300, "B": 300}


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [({"by": "gut feel"}, ValueError, r"`by` must be one of \['history', 'potential', 'blend'\]"),
     ({"alpha": 1.5}, ValueError, "`alpha` must be between 0 and 1, got 1.5"),
     ({"level": "district"}, ValueError, r"`history` must have the columns .*missing \['district'\]"),
     ({"level": 3}, TypeError, "`level` must be a column name"),
     ({"unit": 0}, ValueError, "`unit` must be a whole number of 1 or more"),
     ({"target": -5}, ValueError, "`target` must be a whole number of 0 or more"),
     ({"potential": None}, ValueError, "needs the market potential; pass the `potential` table"),
     ({"history": "sales.csv"}, TypeError, "`history` must be a pandas DataFrame, got str")],
)
def test_bad_top_down_arguments_are_named(two_reps, change, error, message):
    history, potential = two_reps
    arguments = {"target": 1000, "history": history, "potential": potential, **change}
    with pytest.raises(error, match=message):
        targets.top_down(**arguments)


def test_top_down_refuses_shares_of_nothing_and_bad_data(two_reps):
    history, potential = two_reps
    with pytest.raises(ValueError, match="last year's bookings add up to 0"):
        targets.top_down(1000, history.assign(bookings=0.0), potential, by="history")
    with pytest.raises(ValueError, match=r"last year's bookings must be zero or more; negative for \['Bo'\]"):
        targets.top_down(1000, history.assign(bookings=np.where(history["rep"] == "Bo", -1.0, 1.0)),
                         potential, by="history")
    with pytest.raises(ValueError, match="column 'bookings' has missing values"):
        targets.top_down(1000, history.assign(bookings=np.nan), potential)
    with pytest.raises(TypeError, match="column 'bookings' must be numeric"):
        targets.top_down(1000, history.assign(bookings="lots"), potential)
    with pytest.raises(ValueError, match="column 'month' must hold dates"):
        targets.top_down(1000, history.assign(month="last spring"), potential)
    with pytest.raises(ValueError, match="must have at least one row"):
        targets.top_down(1000, history.iloc[:0], potential)


# --- hierarchy ----------------------------------------------------------------------------

@pytest.fixture
def company():
    rng = np.random.default_rng(7)
    reps = [f"R{i}" for i in range(9)]
    team = dict(zip(reps, "AAABBBCCC"))
    region = {rep: "North" if team[rep] != "C" else "South" for rep in reps}
    history = _history({rep: list(rng.gamma(3, 1000, 24)) for rep in reps},
                       team=team, region=region)
    roster = pd.DataFrame({"rep": reps, "team": [team[r] for r in reps],
                           "region": [region[r] for r in reps],
                           "potential": rng.integers(1, 10, 9) * 1e5})
    return history, roster


def test_hierarchy_nests_exactly_region_team_rep(company):
    history, roster = company
    plan = targets.allocate_hierarchy(1_000_003, history, roster)
    assert list(plan.columns[:2]) == ["region", "team"]
    assert plan["quota"].sum() == 1_000_003
    assert plan["weight"].sum() == pytest.approx(1.0)
    regions = targets.top_down(1_000_003, history, roster, level="region")["quota"]
    assert plan.groupby("region")["quota"].sum().to_dict() == regions.to_dict()
    # each region's quota is split over its teams by their fair share within the region
    teams = targets.unit_table(history, roster, "team")
    north = targets.allocate(int(regions["North"]),
                             targets.fair_share(teams.loc[["A", "B"]], "blend", 0.5))
    assert plan.groupby("team")["quota"].sum()[["A", "B"]].to_dict() == north.to_dict()


def test_hierarchy_refuses_a_rep_in_two_teams(company):
    history, roster = company
    moved = pd.concat([roster, roster.iloc[[0]].assign(team="B")])
    with pytest.raises(ValueError, match=r"each 'rep' must belong to one 'team'; \['R0'\]"):
        targets.allocate_hierarchy(1000, history, moved)
    with pytest.raises(ValueError, match=r"the columns \['team'\] have missing values"):
        targets.allocate_hierarchy(1000, history, roster.assign(team=roster["team"].where(roster["rep"] != "R1")))
    with pytest.raises(TypeError, match="`levels` must be a list of column names"):
        targets.allocate_hierarchy(1000, history, roster, levels="rep")
    with pytest.raises(ValueError, match="`levels` must be distinct column names"):
        targets.allocate_hierarchy(1000, history, roster, levels=("team", "team"))


# --- monthly phasing ----------------------------------------------------------------------

def test_phasing_follows_average_seasonality_and_adds_up():
    history = _history({"Ann": [1.0] * 11 + [2.0] + [1.0] * 11 + [2.0]})
    plan = targets.monthly_phasing(1300, history)
    assert plan["quota"].tolist() == [100] * 11 + [200]
    assert plan["share"].sum() == pytest.approx(1.0)
    assert plan.index.tolist() == list(range(1, 13))


def test_seasonality_averages_each_years_shares_and_skips_partial_years():
    # 2023: everything in January; 2024: flat. A partial 2025 (Jan-Mar only) is ignored.
    history = _history({"Ann": [12.0] + [0.0] * 11 + [1.0] * 12 + [50.0] * 3}, start="2023-01-01")
    shares = targets.seasonality(history)
    assert shares[1] == pytest.approx((1 + 1 / 12) / 2)
    assert shares[2] == pytest.approx((0 + 1 / 12) / 2)


def test_phasing_needs_a_complete_year():
    history = _history({"Ann": [1.0] * 11}, start="2024-02-01")
    with pytest.raises(ValueError, match="at least one complete calendar year"):
        targets.monthly_phasing(1200, history)


@settings(max_examples=50, deadline=None)
@given(total=st.integers(min_value=0, max_value=10**12))
def test_monthly_phasing_always_adds_up(total):
    history = _history({"Ann": [float(m) for m in range(1, 13)]})
    assert int(targets.monthly_phasing(total, history)["quota"].sum()) == total


def test_rep_month_plan_rows_add_up_to_each_quota(two_reps):
    history, potential = two_reps
    quotas = targets.top_down(1_001_000, history, potential, unit=1000)
    plan = targets.monthly_plan(quotas, history, unit=1000)
    assert plan.sum(axis=1).to_dict() == quotas["quota"].to_dict()
    assert list(plan.columns) == list(range(1, 13))
    assert (plan % 1000 == 0).all().all()
    with pytest.raises(ValueError, match=r"`quotas\['Ann'\]` must be a whole multiple of `unit`"):
        targets.monthly_plan({"Ann": 1500}, history, unit=1000)
    with pytest.raises(ValueError, match=r"`quotas\['Ann'\]` must be a number zero or more"):
        targets.monthly_plan({"Ann": -1}, history)
