"""The course objectives the knowledge check measures: one per item pair, each tied to the
module (a course-map path) that teaches it.

>>> OBJECTIVES["o5"].module
'notebooks/02_funnel_design.ipynb'
>>> len(OBJECTIVES)
10
"""

from __future__ import annotations

from dataclasses import dataclass

from ..course import COURSE
from ..i18n import N_


@dataclass(frozen=True)
class Objective:
    """What a learner can do after a module: ``key`` (o1, o2...), ``text``, ``module``."""

    key: str
    text: str
    module: str

    def __post_init__(self) -> None:
        if self.module not in {entry.path for entry in COURSE}:
            raise ValueError(f"objective {self.key}: `module` must be a course-map path, got {self.module!r}")


_M1, _M2, _M3 = "notebooks/01_target_setting.ipynb", "notebooks/02_funnel_design.ipynb", "notebooks/03_monitoring.ipynb"
_M4, _M5 = "notebooks/04_improvement.ipynb", "notebooks/05_pipeline_and_team.ipynb"

OBJECTIVES: dict[str, Objective] = {o.key: o for o in (
    Objective("o1", N_("Tell a SMART target from a wish"), _M1),
    Objective("o2", N_("Work a target back to deals and leads"), _M1),
    Objective("o3", N_("Set stage exit criteria the buyer confirms"), _M2),
    Objective("o4", N_("Find the funnel stage to look into first"), _M2),
    Objective("o5", N_("Weigh the pipeline into a forecast"), _M2),
    Objective("o6", N_("Tell leading from lagging indicators"), _M3),
    Objective("o7", N_("Tell a signal from noise on a control chart"), _M3),
    Objective("o8", N_("Design a pilot with a fair comparison"), _M4),
    Objective("o9", N_("Decide from an effect and its interval"), _M4),
    Objective("o10", N_("Plan headcount with ramp-up"), _M5),
)}
