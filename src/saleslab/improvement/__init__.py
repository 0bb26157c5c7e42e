"""Module 4: continuous improvement (持续改进, PDCA).

Find the biggest loss (:func:`loss_pareto`), write the loop down (:class:`PDCARecord`),
test the change against a comparison group and measure it with its uncertainty
(:func:`two_proportions`, :func:`diff_in_diff`, :func:`ancova`), choose the unit of
randomisation and read a pilot of whole teams team-aware (:func:`design_effect`,
:func:`simulate_pilots`, :func:`compare_clusters`), plan how big the test
must be and how long it runs (:func:`sample_size_two_proportions`, :func:`power_curve`,
:func:`plan_test`), and see why a plain
before/after reading misleads (:func:`simulate_change`, :func:`repeat_change`).

>>> sample_size_two_proportions(0.10, 0.13)
1772
"""

from .compare import (
    TwoProportions,
    power_curve,
    power_two_proportions,
    repeat_experiment,
    sample_size_two_proportions,
    two_proportions,
)
from .clusters import (
    ClusterComparison,
    cluster_totals,
    compare_clusters,
    design_effect,
    smallest_p_value,
)
from .did import EffectEstimate, ancova, did_means, diff_in_diff, parallel_trends
from .pareto import loss_pareto, pareto_headline
from .pdca import DECISIONS, PDCARecord
from .pitfalls import PITFALLS, ChangeSimulation, repeat_change, simulate_change
from .randomisation import UNITS, PilotDesign, simulate_pilots
from .planning import ExperimentPlan, RepeatSummary, plan_test, reading_spread, summarise_repeats
from .value import ValueSummary, decide, interval_draws, value_of_change
from .plots import (
    plot_change_simulation,
    plot_loss_pareto,
    plot_power_curve,
    plot_repeated_effects,
)

__all__ = [
    "ClusterComparison",
    "PilotDesign",
    "UNITS",
    "cluster_totals",
    "compare_clusters",
    "design_effect",
    "simulate_pilots",
    "smallest_p_value",
    "ValueSummary",
    "decide",
    "value_of_change",
    "interval_draws",
    "DECISIONS",
    "PITFALLS",
    "ChangeSimulation",
    "EffectEstimate",
    "ExperimentPlan",
    "PDCARecord",
    "RepeatSummary",
    "TwoProportions",
    "ancova",
    "did_means",
    "diff_in_diff",
    "loss_pareto",
    "parallel_trends",
    "pareto_headline",
    "plan_test",
    "plot_change_simulation",
    "plot_loss_pareto",
    "plot_power_curve",
    "plot_repeated_effects",
    "power_curve",
    "power_two_proportions",
    "reading_spread",
    "repeat_change",
    "repeat_experiment",
    "sample_size_two_proportions",
    "simulate_change",
    "summarise_repeats",
    "two_proportions",
]
