"""What ``saleslab grade`` reports for a handed-in capstone: per part, "correct" when it is
complete and consistent (:mod:`.plan`), "not yet" when something is left to do, "not
attempted" when the part is missing. The writing itself is the trainer's to read.

>>> SET.names, [e.question.variable for e in SET.exercises]
(['q1', 'q2', 'q3', 'q4'], ['target', 'exit_criteria', 'kpis', 'pilot'])
"""

from __future__ import annotations

from ..exercises.core import ExerciseSet, Question
from ..i18n import N_
from .plan import criteria_problems, kpi_problems, pilot_problems, target_problems

NOTEBOOK = "exercises/capstone.ipynb"


def _part(title: str, variable: str, problems) -> Question:
    return Question(title=title, variable=variable, expected=lambda data: True,
                    prepare=lambda answer, data: not problems(answer, data),
                    why=N_("this part is complete and consistent."),
                    hints=(N_("Run the review cell: it lists what is left to do."),), solution="")


SET = ExerciseSet(NOTEBOOK, N_("Capstone: your team's process-management plan"), "", (
    _part(N_("A SMART target and its split"), "target",
          lambda answer, data: target_problems(answer, data["crm_opportunities"])),
    _part(N_("Funnel stages with exit criteria"), "exit_criteria", lambda answer, data: criteria_problems(answer)),
    _part(N_("Three process KPIs with chart and alert"), "kpis", lambda answer, data: kpi_problems(answer)),
    _part(N_("One PDCA pilot"), "pilot", lambda answer, data: pilot_problems(answer, data["crm_opportunities"])),
), record=False)
