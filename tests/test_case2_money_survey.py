"""Case 2's satisfaction survey, money and data-written sentences (complaints_survey,
complaints_value, complaints_story)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from saleslab.cases import complaints, complaints_story, complaints_survey, complaints_value
from saleslab.cases.common import decision_claim
from saleslab.data import case2_complaints, case2_customers


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return complaints.population()


@pytest.fixture(scope="module")
def run(people):
    return complaints.run_experiment(seed=0, people=people)


@pytest.fixture(scope="module")
def survey(run) -> pd.DataFrame:
    return complaints_survey.satisfaction_survey(run.units, seed=0)


# --- the survey: a leading indicator with a biased sample ---------------------------------

def test_one_survey_per_customer_who_complained_and_open_complaints_are_never_surveyed(run, survey):
    assert len(survey) == int((run.units["complaints"] > 0).sum())
    open_at_end = survey["sent_day"].isna()
    assert not survey.loc[open_at_end, "answered"].any()
    assert survey.loc[survey["answered"], "score"].between(1, 5).all()


def test_slower_answers_give_lower_scores(survey):
    quick = survey.loc[survey["resolution_days"] < 3, "true_score"].mean()
    slow = survey.loc[survey["resolution_days"] > 14, "true_score"].mean()
    assert slow < quick - 0.5


def test_customers_who_left_answer_less_and_the_survey_rises_with_fast_feedback(survey):
    assert survey.loc[survey["churned"], "answered"].mean() < survey.loc[~survey["churned"], "answered"].mean()
    table = complaints_survey.satisfaction_table(survey)
    assert table.loc["intervention", "survey_score"] > table.loc["baseline", "survey_score"]
    assert table.loc["intervention", "churn"] < table.loc["baseline", "churn"]


def test_same_seed_same_survey(run, survey):
    assert complaints_survey.satisfaction_survey(run.units, seed=0).equals(survey)


# --- money -------------------------------------------------------------------------------

def test_costs_follow_the_levers():
    costs = complaints_value.Costs()
    assert costs.monthly(4, True, True) - costs.monthly(3, True, True) == costs.handler_monthly
    assert costs.monthly(3, False, False) == 0 and costs.one_off(False, False) == 0
    with pytest.raises(ValueError, match="`margin` must be between 0 and 1"):
        complaints_value.Costs(margin=1.5)


def test_significant_is_not_worth_it_at_the_default_costs(people, run):
    runs = complaints.repeat_experiment(runs=10, seed=0, people=people)
    value = complaints_value.money(runs["spend_kept"], complaints_value.Costs(), 3, True, True)
    assert run.significant
    assert value.decision != "adopt"  # a team of three costs more than the customers it keeps, often
    dear = complaints_value.money(runs["spend_kept"], complaints_value.Costs(handler_monthly=20_000),
                                  3, True, True)
    assert dear.net_mean < value.net_mean


def test_the_money_of_one_run_is_reproducible_and_centred_on_its_estimate(run):
    costs = complaints_value.Costs()
    first = complaints_value.money_from_run(run, costs, 3, True, True)
    assert complaints_value.money_from_run(run, costs, 3, True, True) == first
    lost = complaints_value.spend_lost(run.units)["baseline"]
    assert first.gain_mean == pytest.approx(costs.gain(lost * -run.effect * run.n_intervention), rel=0.05)


# --- sentences written by the data, at other seeds -------------------------------------------

@pytest.mark.parametrize("seed", [7, 11])
def test_the_case_sentences_hold_at_other_seeds(seed):
    customers = case2_customers(seed=seed)
    complaint_log = case2_complaints(seed=seed)
    people = complaints.population(customers, complaint_log)
    year = complaints.last_year(0, customers, complaint_log)
    result = complaints.run_experiment(0, people=people)
    survey = complaints_survey.satisfaction_survey(result.units, seed=0)
    value = complaints_value.money_from_run(result, complaints_value.Costs(), 3, True, True)
    stories = [complaints_story.plan_story(year), complaints_story.check_story(result),
               complaints_story.groups_story(result.units),
               complaints_survey.satisfaction_story(survey), decision_claim(result, value)]
    assert all(story.holds for story in stories)
    slow = year.loc[year["first_resolution_days"] >= 14, "churned"].mean()
    quick = year.loc[year["first_resolution_days"] < 14, "churned"].mean()
    assert ("left more often" in str(stories[0])) == bool(np.greater(slow, quick))
