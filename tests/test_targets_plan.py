import pandas as pd
import pytest

from saleslab.targets.plan import annual_plan


def _inputs():
    months = pd.date_range("2025-01-01", periods=12, freq="MS")
    history = pd.DataFrame({"month": list(months) * 2, "rep": ["Ann"] * 12 + ["Bo"] * 12,
                            "bookings": [1e6] * 12 + [0.5e6] * 12})
    territories = pd.DataFrame({"rep": ["Ann", "Bo"], "potential": [2e7, 2e7]})
    rates = pd.DataFrame({"pipeline_per_year": [6e7, 1e7], "win_rate": [0.25, 0.25]}, index=["Ann", "Bo"])
    return history, territories, rates


def test_plan_grows_last_year_and_splits_it_exactly():
    history, territories, rates = _inputs()
    plan = annual_plan(history, territories, rates, growth=0.10, by="history")
    assert plan.last_year == 18e6
    assert plan.target == 19_800_000
    assert plan.allocation["quota"].to_dict() == {"Ann": 13_200_000, "Bo": 6_600_000}
    assert plan.monthly["quota"].sum() == plan.target


def test_plan_flags_the_rep_whose_pipeline_cannot_carry_the_quota():
    history, territories, rates = _inputs()
    plan = annual_plan(history, territories, rates, growth=0.10, by="history")
    # Ann needs 13.2M / 0.25 = 52.8M of pipeline and built 60M; Bo needs 26.4M and built 10M
    assert plan.feasibility["status"].to_dict() == {"Ann": "achievable", "Bo": "out of reach"}
    assert plan.headline() == ("Target ¥19.8M (+10% on last year): 1 of 2 reps can build the "
                               "pipeline they need; 1 are out of reach.")


def test_potential_split_moves_quota_to_the_bigger_market():
    history, territories, rates = _inputs()
    by_history = annual_plan(history, territories, rates, 0.1, by="history").allocation["quota"]
    by_potential = annual_plan(history, territories, rates, 0.1, by="potential").allocation["quota"]
    assert by_potential["Bo"] > by_history["Bo"]


@pytest.mark.parametrize(("growth", "error"), [(5.0, ValueError), ("10%", TypeError), (-0.95, ValueError)])
def test_bad_growth_is_rejected(growth, error):
    history, territories, rates = _inputs()
    with pytest.raises(error, match="`growth` must be"):
        annual_plan(history, territories, rates, growth=growth)


def test_rates_need_pipeline_and_win_rate():
    history, territories, rates = _inputs()
    with pytest.raises(ValueError, match="pipeline_per_year"):
        annual_plan(history, territories, rates.drop(columns="pipeline_per_year"), 0.1)


def test_the_plan_starts_the_day_after_the_history_ends():
    from saleslab.targets import plan_start

    history = pd.DataFrame({"month": pd.date_range("2023-01-01", "2025-12-01", freq="MS")})
    assert plan_start(history) == pd.Timestamp("2026-01-01")


def test_module_1_sentences_hold_on_their_tables():
    from saleslab.targets import growth_story, rises_story

    assert str(growth_story(pd.Series([100.0, 90.0, 120.0], index=[2023, 2024, 2025]))).startswith(
        "Bookings did not grow every year: -10% in 2024")
    quotas = pd.DataFrame({"last_year": [10.0, 20.0, 30.0], "potential": [100.0, 40.0, 50.0],
                           "growth": [0.5, 0.1, -0.1]}, index=["R01", "R02", "R03"])
    claim = rises_story(quotas)
    assert claim.holds and str(claim).startswith("The biggest rise goes to R01 (+50%)")
