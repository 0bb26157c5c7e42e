"""Module 4 widgets: size a test, and ask of a measured effect "was it real?".

- :func:`experiment_planner` — baseline rate, hoped-for improvement, leads per month per group and
  test length → power, months needed and the power curve.
- :func:`was_it_real` — the same test repeated over many seeds: the spread of measured
  effects and how often it looks significant.
- :func:`pitfall_explorer` — trend, seasonality or regression to the mean: a before/after
  reading against a comparison-group reading, over many seeds.
- :func:`unit_explorer` — randomise leads, reps or whole teams: the design effect, reps who
  favour pilot leads, and how many teams a pilot needs.

>>> board = experiment_planner()
>>> board.controls["months"].value = 6
>>> board.result.months, board.result.n_per_arm
(6, 3600)
"""

from __future__ import annotations

import functools

from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from .. import improvement
from ..i18n import N_, _
from ..improvement import ExperimentPlan, RepeatSummary, plan_test, reading_spread, summarise_repeats
from ..improvement.design_plots import plot_pilot_design
from ..improvement.plots import ChangeSimulationFigure, PowerCurveFigure, RepeatedEffectsFigure
from ..improvement.randomisation import UNITS, PilotDesign, simulate_pilots
from ..localformat import headline_repr
from ..plots import Replot
from .core import Dashboard, percent_slider, show_live, table_key

#: Pitfalls the explorer offers, in menu order; "none" is a fair, random split.
PITFALL_CHOICES = {
    "none": N_("None: random split, steady market"),
    "trend": N_("Trend: the market grows"),
    "seasonality": N_("Seasonality: the busy season starts"),
    "regression": N_("Regression to the mean: the worst reps get the change"),
}
_WIDE = {"style": {"description_width": "14em"}, "layout": widgets.Layout(width="34em")}


def _int_slider(description: str, value: int, low: int, high: int, step: int) -> widgets.IntSlider:
    return widgets.IntSlider(value=value, min=low, max=high, step=step, description=description,
                             continuous_update=False, **_WIDE)


def experiment_planner(p0: float = 0.07, uplift: float = 0.30, leads_per_month: int = 600,
                 months: int = 3) -> Dashboard:
    """Sliders for the baseline rate, the hoped-for improvement, leads per month per group
    and the months the test runs; shows the power and the power curve (:func:`plan_test`,
    :class:`~saleslab.improvement.plots.PowerCurveFigure`, moved in place)."""
    controls = {
        "p0": percent_slider(_("Today's rate (baseline)"), p0, 0.02, 0.40, 0.01),
        "uplift": percent_slider(_("Hoped-for improvement"), uplift, 0.05, 0.60, 0.05),
        "leads_per_month": _int_slider(_("Leads per month per group"), leads_per_month,
                                       50, 3000, 50),
        "months": _int_slider(_("Months the test runs"), months, 1, 12, 1),
    }

    def compute(p0: float, uplift: float, leads_per_month: int, months: int) -> ExperimentPlan:
        return plan_test(p0, uplift, leads_per_month, months)

    drawing = PowerCurveFigure()

    def render(plan: ExperimentPlan) -> None:
        print(plan.headline())
        show_live(drawing, plan)

    board = Dashboard(controls, compute, render)
    board.drawing = drawing
    return board


@dataclass(frozen=True)
class RepeatedTest:
    """Every run of a repeated test (:func:`repeat_experiment`) and their summary."""

    runs: pd.DataFrame
    summary: RepeatSummary

    def __repr__(self) -> str:
        return headline_repr("RepeatedTest", self.summary.headline())


def repeated_test(p0: float, true_effect: float, n: int, runs: int, seed: int = 0) -> RepeatedTest:
    """Run the same A/B test ``runs`` times: group B's true rate is ``p0 × (1 + true_effect)``.

    >>> repeated_test(0.10, 0.0, 2000, runs=400).summary.share_significant < 0.1
    True
    """
    table = improvement.repeat_experiment(p0, p0 * (1 + true_effect), n, runs=runs, seed=seed)
    return RepeatedTest(table, summarise_repeats(table))


def was_it_real(p0: float = 0.07, true_effect: float = 0.30, n: int = 1800,
                runs: int = 200) -> Dashboard:
    """Sliders for the true effect, leads per group and repeats; shows the spread of measured
    effects and how often the test comes out significant (:func:`repeated_test`)."""
    controls = {
        "p0": percent_slider(_("Today's rate (baseline)"), p0, 0.02, 0.40, 0.01),
        "true_effect": percent_slider(_("True effect of the change"), true_effect, 0.0, 0.60, 0.05),
        "n": _int_slider(_("Leads per group"), n, 100, 6000, 100),
        "runs": _int_slider(_("Times the test is repeated"), runs, 50, 1000, 50),
    }

    def compute(p0: float, true_effect: float, n: int, runs: int) -> RepeatedTest:
        return repeated_test(p0, true_effect, n, runs)

    drawing = RepeatedEffectsFigure()

    def render(result: RepeatedTest) -> None:
        print(result.summary.headline())
        show_live(drawing, result.runs)

    board = Dashboard(controls, compute, render)
    board.drawing = drawing
    return board


@dataclass(frozen=True)
class PitfallReadings:
    """One example run of a pitfall, the readings over many runs, and their spread."""

    pitfall: str
    example: improvement.ChangeSimulation
    runs: pd.DataFrame
    spread: pd.DataFrame

    def __repr__(self) -> str:
        return f"PitfallReadings({self.pitfall}: {self.example.headline()})"


def pitfall_readings(pitfall: str, true_effect: float = 0.0, runs: int = 100,
                     seed: int = 0) -> PitfallReadings:
    """Simulate a change under one pitfall (a key of :data:`PITFALL_CHOICES`) ``runs`` times
    and compare the before/after reading with the comparison-group reading.

    >>> result = pitfall_readings("trend", runs=50)
    >>> bool(result.spread.loc["before_after", "bias"] > 0.1)
    True
    """
    if pitfall not in PITFALL_CHOICES:
        raise ValueError(f"`pitfall` must be one of {list(PITFALL_CHOICES)}, got {pitfall!r}")
    scenario = improvement.PITFALLS.get(pitfall, {})
    example = improvement.simulate_change(true_effect=true_effect, **scenario, seed=seed)
    table = improvement.repeat_change(runs=runs, seed=seed, true_effect=true_effect, **scenario)
    return PitfallReadings(pitfall, example, table, reading_spread(table))


def spread_view(spread: pd.DataFrame) -> pd.DataFrame:
    """A :func:`reading_spread` table as a manager reads it: signed percentages as text.

    >>> table = pd.DataFrame({"average": [0.12], "low": [0.05], "high": [0.2], "bias": [0.12]},
    ...                      index=["before_after"])
    >>> spread_view(table).iloc[0].tolist()
    ['+12%', '+5% to +20%', '+12%']
    """
    names = {"before_after": _("Before/after"), "comparison": _("Against comparison group")}
    signed = improvement.compare.signed_percent
    return pd.DataFrame({
        _("Average reading"): spread["average"].map(signed),
        _("9 runs in 10 between"): [_("{low} to {high}").format(low=signed(low), high=signed(high))
                                    for low, high in zip(spread["low"], spread["high"])],
        _("Off the truth by"): spread["bias"].map(signed),
    }).rename(index=names)


def pitfall_explorer(pitfall: str = "trend", true_effect: float = 0.0,
                     runs: int = 100) -> Dashboard:
    """A pitfall menu, the true effect and the number of runs; shows one example week by
    week, then both readings over all runs (:func:`pitfall_readings`)."""
    controls = {
        "pitfall": widgets.Dropdown(
            options=[(_(label), key) for key, label in PITFALL_CHOICES.items()],
            value=pitfall, description=_("Pitfall"), **_WIDE),
        "true_effect": percent_slider(_("True effect of the change"), true_effect, 0.0, 0.30, 0.05),
        "runs": _int_slider(_("Times the change is repeated"), runs, 20, 300, 20),
    }

    # A setting moved back shows its runs again without simulating them again (the board's
    # own cache: a result handed out by the public function stays the caller's to change).
    compute = functools.lru_cache(maxsize=64)(pitfall_readings)

    # the example run does not depend on the number of runs: its figure is redrawn only
    # when the pitfall or the true effect moves
    example, spread = ChangeSimulationFigure(), RepeatedEffectsFigure()
    example.key = lambda simulation: table_key(simulation.weekly)  # runs move only the spread

    def extremes(pitfall: str) -> list[PitfallReadings]:
        """The pitfall at both ends of the true effect's range (kept for later moves)."""
        effect, runs = controls["true_effect"], controls["runs"].value
        return [compute(pitfall=pitfall, true_effect=bound, runs=runs)
                for bound in (effect.min, effect.max)]

    covered = ""  # the pitfall whose true-effect range the figures' limits hold

    def render(result: PitfallReadings) -> None:
        nonlocal covered
        if result.pitfall != covered:  # limits for the pitfall's whole true-effect range:
            covered = result.pitfall   # moving the effect then redraws only the data
            example.cover(lambda pitfall=covered: [each.example for each in extremes(pitfall)])
            spread.cover(lambda pitfall=covered: [each.runs for each in extremes(pitfall)])
        show_live(example, result.example)
        show_live(spread, result.runs)
        display(spread_view(result.spread))

    board = Dashboard(controls, compute, render)
    board.drawings = (example, spread)
    return board


def unit_explorer(unit: str = "teams", teams_per_arm: int = 4, icc: float = 0.001,
                  favouritism: float = 0.0) -> Dashboard:
    """The unit of randomisation, teams per arm, how alike one team's leads are (ICC) and
    how much reps favour pilot leads; shows 500 simulated pilots of 10-rep teams with 250
    leads per rep (:func:`saleslab.improvement.simulate_pilots`).

    >>> board = unit_explorer()
    >>> board.controls["teams_per_arm"].value = 1
    >>> board.result.smallest_p
    1.0
    """
    controls = {
        "unit": widgets.Dropdown(options=[(_(label), key) for key, label in UNITS.items()],
                                 value=unit, description=_("Randomise"), **_WIDE),
        "teams_per_arm": _int_slider(_("Teams per arm"), teams_per_arm, 1, 10, 1),
        "icc": widgets.FloatSlider(value=icc, min=0.0, max=0.02, step=0.001, readout_format=".3f",
                                   description=_("ICC (how alike a team's leads are)"),
                                   continuous_update=False, **_WIDE),
        "favouritism": percent_slider(_("Reps favour pilot leads (leads only)"), favouritism,
                                      0.0, 1.0, 0.1),
    }

    def compute(unit: str, teams_per_arm: int, icc: float, favouritism: float) -> PilotDesign:
        return simulate_pilots(unit, teams_per_arm=teams_per_arm, icc=icc,
                               favouritism=favouritism, runs=500)

    drawing = Replot(plot_pilot_design)

    def render(design: PilotDesign) -> None:
        print(design.headline())
        show_live(drawing, design)

    board = Dashboard(controls, compute, render)
    board.drawing = drawing
    return board
