"""The course map: every notebook in reading order, with its minutes and whether it is ready.

>>> entry = COURSE[0]
>>> entry.path, entry.minutes
('notebooks/00_start_here.ipynb', 30)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .i18n import LANGUAGES, N_, _

HOME_VARIABLE = "SALESLAB_HOME"
MARKER = Path("notebooks") / "00_start_here.ipynb"


@dataclass(frozen=True)
class Entry:
    """One notebook of the course."""

    path: str
    title: str
    kind: str
    minutes: int
    #: Notebooks that teach what this one uses; an agenda never runs it before them.
    needs: tuple[str, ...] = ()
    #: "start": an agenda runs it first on day 1; "end": last on the last day (the checks,
    #: the capstone). Empty: in course order.
    anchor: str = ""


COURSE: tuple[Entry, ...] = (
    Entry("notebooks/00_start_here.ipynb", N_("Start here: what process management is"), "module", 30),
    Entry("exercises/check_pre.ipynb", N_("Knowledge check before the course"), "check", 15, anchor="start"),
    Entry("notebooks/01_target_setting.ipynb", N_("Module 1: setting and splitting targets"), "module", 55),
    Entry("exercises/01_target_setting_exercises.ipynb", N_("Exercises for module 1"), "exercise", 30),
    Entry("notebooks/02_funnel_design.ipynb", N_("Module 2: designing the sales funnel"), "module", 55),
    Entry("exercises/02_funnel_design_exercises.ipynb", N_("Exercises for module 2"), "exercise", 30),
    Entry("notebooks/03_monitoring.ipynb", N_("Module 3: monitoring and evaluation"), "module", 90),
    Entry("exercises/03_monitoring_exercises.ipynb", N_("Exercises for module 3"), "exercise", 30),
    Entry("notebooks/04_improvement.ipynb", N_("Module 4: continuous improvement (PDCA)"), "module", 90),
    Entry("exercises/04_improvement_exercises.ipynb", N_("Exercises for module 4"), "exercise", 30),
    Entry("notebooks/05_pipeline_and_team.ipynb", N_("Module 5: running the pipeline and the team"), "module", 90),
    Entry("exercises/05_pipeline_and_team_exercises.ipynb", N_("Exercises for module 5"), "exercise", 30),
    Entry("cases/case1_b2b_followup.ipynb", N_("Case 1: B2B lead follow-up"), "case", 50, needs=("notebooks/04_improvement.ipynb",)),
    Entry("exercises/case1_b2b_followup_exercises.ipynb", N_("Exercises for case 1"), "exercise", 40),
    Entry("cases/case2_retail_complaints.ipynb", N_("Case 2: retail complaint handling"), "case", 55, needs=("notebooks/04_improvement.ipynb",)),
    Entry("exercises/case2_retail_complaints_exercises.ipynb", N_("Exercises for case 2"), "exercise", 40),
    Entry("cases/case3_manufacturing_training.ipynb", N_("Case 3: manufacturer sales training"), "case", 55, needs=("notebooks/04_improvement.ipynb",)),
    Entry("exercises/case3_manufacturing_training_exercises.ipynb", N_("Exercises for case 3"), "exercise", 30),
    # Optional: agendas skip it; a trainer runs it on a company's own export (saleslab import).
    Entry("notebooks/your_own_data.ipynb", N_("Optional: the analyses on your own CRM data"), "optional", 45,
          needs=("notebooks/02_funnel_design.ipynb", "notebooks/03_monitoring.ipynb",
                 "notebooks/05_pipeline_and_team.ipynb")),
    Entry("exercises/capstone.ipynb", N_("Capstone: a process-management plan for your team"), "capstone", 60, anchor="end"),
    Entry("exercises/check_post.ipynb", N_("Knowledge check after the course"), "check", 15, anchor="end"),
)


def project_root(start: Path | str | None = None) -> Path:
    """The course folder: ``SALESLAB_HOME`` if set, else the nearest folder at or above
    ``start`` (default: the working directory) that holds ``notebooks/00_start_here.ipynb``.
    """
    if os.environ.get(HOME_VARIABLE):
        return Path(os.environ[HOME_VARIABLE]).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            # A language edition (<course>/zh_CN) is part of its course: same data, same kit.
            if folder.name in LANGUAGES and (folder.parent / MARKER).is_file():
                return folder.parent
            return folder
    raise FileNotFoundError(
        f"no course folder at or above {str(here)!r}: set {HOME_VARIABLE} to the saleslab folder"
    )


@dataclass(frozen=True)
class CourseMap:
    """The course in reading order; shows as a linked table in a notebook."""

    entries: tuple[Entry, ...]
    ready: tuple[bool, ...]
    link_prefix: str = ""

    @property
    def total_minutes(self) -> int:
        return sum(entry.minutes for entry in self.entries)

    def _status(self, ready: bool) -> str:
        return _("ready") if ready else _("in preparation")

    def _repr_markdown_(self) -> str:
        header = "| " + " | ".join((_("Notebook"), _("Minutes"), _("Status"))) + " |\n|---|---:|---|"
        rows = []
        for entry, ready in zip(self.entries, self.ready):
            title = _(entry.title)
            if ready:
                title = f"[{title}]({self.link_prefix}{entry.path})"
            rows.append(f"| {title} | {entry.minutes} | {self._status(ready)} |")
        return "\n".join([header, *rows])

    def __repr__(self) -> str:
        width = max(len(_(entry.title)) for entry in self.entries)
        lines = [f"{_(entry.title):<{width}}  {entry.minutes:>3} min  {self._status(ready)}"
                 for entry, ready in zip(self.entries, self.ready)]
        lines.append(_("Total: {hours:.1f} hours").format(hours=self.total_minutes / 60))
        return "\n".join(lines)


def course_map(root: Path | str | None = None, link_prefix: str = "../") -> CourseMap:
    """The course map, marking which notebooks exist under ``root`` (default: found).

    ``link_prefix`` is prepended to each path for links (``"../"`` from a notebook folder).
    """
    base = project_root() if root is None else Path(root)
    ready = tuple((base / entry.path).is_file() for entry in COURSE)
    return CourseMap(COURSE, ready, link_prefix)
