"""The class report (issue 19): a simulated class, some learning and some not, goes through
the grader's own grades.csv writer; the report's gains must be the simulated ones, and the
buyer's page must name nobody unless asked. With one form harder, the counterbalanced gain
must still be the learning, where giving everyone A then B would not be."""

from __future__ import annotations

import pandas as pd
import pytest

from saleslab.assessment.gains import learner_gains, mean_gain, objective_gains, order_gains, scores
from saleslab.assessment.report import read_grades, write_report
from saleslab.assessment.simulate import grade_table, simulate_answers
from saleslab.cli import main
from saleslab.grading import Grades, write_grades


@pytest.fixture(scope="module", params=[7, 11])
def simulated(request, tmp_path_factory):
    """A class of 24 at a seed, graded into a grades.csv as `saleslab grade` writes it."""
    answers = simulate_answers(24, seed=request.param)
    folder = tmp_path_factory.mktemp(f"grades-{request.param}")
    write_grades(Grades(grade_table(answers)), folder)
    return answers, folder


def test_the_report_gains_are_the_simulated_gains(simulated):
    answers, folder = simulated
    table = scores(read_grades(folder))
    right = answers.pivot_table(index="learner", columns="moment", values="right", aggfunc="sum")
    got = learner_gains(table).set_index("learner")
    assert got["pre"].tolist() == right["pre"].tolist()
    assert got["gain"].tolist() == (right["post"] - right["pre"]).tolist()
    share = answers.pivot_table(index="objective", columns="moment", values="right", aggfunc="mean")
    by_objective = objective_gains(table)
    assert by_objective["gain"].round(9).to_dict() == (share["post"] - share["pre"]).round(9).to_dict()


def test_learners_who_learned_gain_and_the_others_do_not(simulated):
    answers, folder = simulated
    gains = learner_gains(scores(read_grades(folder))).set_index("learner")["gain"]
    improver = answers.groupby("learner")["improver"].first()
    assert gains[improver].mean() > 2  # they learn ~70% of what they did not know
    assert abs(gains[~improver].mean()) < 1.5  # only their guesses change
    summary = mean_gain(gains.reset_index())
    assert summary.low < gains.mean() < summary.high and summary.learners == 24


def test_the_buyer_page_names_nobody_unless_asked(tmp_path):
    folder = tmp_path / "grades"
    write_grades(Grades(grade_table(simulate_answers(12, seed=7))), folder)
    assert main(["report", str(folder), "--out", str(tmp_path / "r")]) == 0
    trainer = (tmp_path / "r/report-trainer.html").read_text()
    buyer = (tmp_path / "r/report-buyer.html").read_text()
    assert "learner01" in trainer and "learner01" not in buyer and "Learner 1<" in buyer
    assert trainer.count("<td>A → B</td>") == 6 and trainer.count("<td>B → A</td>") == 6
    assert "A → B: mean gain" in buyer and "Counterbalanced gain" in buyer
    assert buyer.count("data:image/png;base64") == 2
    assert main(["report", str(folder), "--out", str(tmp_path / "n"), "--names"]) == 0
    assert "learner01" in (tmp_path / "n/report-buyer.html").read_text()


def test_a_learner_with_one_check_or_a_broken_check_has_no_gain():
    wide = Grades(grade_table(simulate_answers(3, seed=1))).wide()
    wide = wide.drop(index=1)  # learner01's post check is missing
    wide.loc[(wide["learner"] == "learner02") & (wide["a3"] != ""), "a3"] = "error"
    table = scores(wide)
    assert learner_gains(table)["learner"].tolist() == ["learner03"]


def test_a_folder_without_grades_is_refused_in_one_line(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
    with pytest.raises(ValueError, match="at least 2 learners"):
        mean_gain(pd.DataFrame({"gain": [1]}))


def _gains(answers: pd.DataFrame) -> pd.DataFrame:
    return learner_gains(scores(Grades(grade_table(answers)).wide()))


@pytest.mark.parametrize("seed", [7, 11])
def test_a_harder_form_biases_the_naive_gain_but_not_the_counterbalanced_one(seed):
    """Form B costs every learner 0.2 of a question per item (2 questions of 10). The same
    class (same draws) with equally hard forms gives the learning to be found."""
    fair = _gains(simulate_answers(200, seed))
    learning, chance_effect = mean_gain(fair).mean, order_gains(fair).form_effect[0]
    balanced = order_gains(_gains(simulate_answers(200, seed, harder="B", shift=0.2)))
    naive = mean_gain(_gains(simulate_answers(200, seed, orders=("AB",), harder="B", shift=0.2))).mean
    assert abs(balanced.balanced[0] - learning) < 0.4
    assert balanced.balanced[1] < learning < balanced.balanced[2]
    assert naive < learning - 1.5  # every learner's after-check is the harder form
    effect, _low, high = balanced.form_effect
    assert abs(effect - chance_effect + 2) < 0.3 and high < 0  # form B scores 2 questions less
    assert balanced.by_order["AB"].mean < balanced.by_order["BA"].mean - 2
