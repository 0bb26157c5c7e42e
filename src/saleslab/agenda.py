"""Workshop agendas built from the course map and the minutes stored in each notebook.

A part is a module or case notebook with its exercises. Parts go into a day in course
order, with a break whenever a block of work would run past ``MAX_BLOCK`` minutes (the
opening does not count), lunch around
noon, and a short opening and closing. A part that does not fit moves to the next day;
on the last day it is left out and listed for self-study. The knowledge check before the
course opens day 1, and the capstone and the check after the course close the last day
(``Entry.anchor``): room is kept for them. A part whose prerequisites
(``Entry.needs``: case 1 uses module 4's intervals and power) are not in the timetable
before it is left out too: a case is never run without the module that teaches its tools.

An exercise set's minutes follow from its questions (:func:`exercise_minutes`): a judgement
item (choose an option and read why) takes about 2–3 minutes, a computed one (write the
code, run it, read the feedback) about 3–5. The course map's minutes for each set are
checked against it, so adding questions without adding time fails a test.

>>> agenda = build_agenda(days=3)
>>> [day.number for day in agenda.days], agenda.unscheduled
([1, 2, 3], ())
"""

from __future__ import annotations

import copy
import math
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .course import COURSE, Entry, project_root
from .exercises.choice import ChoiceQuestion
from .exercises.core import ExerciseSet
from .i18n import N_, _
from .localformat import aside, join_clauses, join_list
from .validate import check_whole

MAX_BLOCK = 100
BREAK_MINUTES = 15
LUNCH_MINUTES = 60
OPENING_MINUTES = 15
CLOSING_MINUTES = 15
NOON = 12 * 60
LUNCH_EARLIEST, LUNCH_LATEST = NOON - 30, NOON + 45

OPENING = {1: N_("Opening: goals, agenda, `saleslab check` on every laptop")}
LATER_OPENING = N_("Opening: recap of yesterday, questions")
CLOSING = N_("Closing: key points, questions, feedback")
BREAK = N_("Break")
LUNCH = N_("Lunch")
_MARKER = re.compile(r"(<!-- agenda:(\d+) start -->\n)(.*?)(<!-- agenda:\2 end -->)", re.S)


@dataclass(frozen=True)
class Part:
    """A module or case notebook and its exercises, with their minutes."""

    title: str
    path: str
    teaching: int
    exercise_path: str | None
    exercise_title: str
    exercises: int
    ready: bool
    exercises_ready: bool
    needs: tuple[str, ...] = ()
    anchor: str = ""


@dataclass(frozen=True)
class Slot:
    """One line of an agenda: a start time (minutes after midnight) and what happens."""

    start: int
    minutes: int
    kind: str
    title: str
    path: str | None = None

    @property
    def end(self) -> int:
        return self.start + self.minutes

    def __repr__(self) -> str:
        return f"Slot({clock(self.start)}–{clock(self.end)} {self.kind}: {_(self.title)})"


@dataclass(frozen=True)
class Day:
    """One workshop day: its slots back to back, from opening to closing."""

    number: int
    slots: tuple[Slot, ...]

    @property
    def start(self) -> int:
        return self.slots[0].start

    @property
    def end(self) -> int:
        return self.slots[-1].end

    def minutes(self, kind: str) -> int:
        """Total minutes of the slots of one kind (``"teaching"``, ``"break"``, ...)."""
        return sum(slot.minutes for slot in self.slots if slot.kind == kind)

    def summary(self) -> str:
        """Teaching and exercise minutes of the day, in words."""
        return _("teaching {teaching} min, exercises {exercises} min").format(
            teaching=self.minutes("teaching"), exercises=self.minutes("exercises"))


@dataclass(frozen=True)
class Agenda:
    """A one- or more-day workshop; shows as a timetable, ``to_markdown()`` for the guide."""

    days: tuple[Day, ...]
    unscheduled: tuple[str, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        """Every notebook scheduled, in agenda order."""
        return tuple(slot.path for day in self.days for slot in day.slots if slot.path)

    def to_markdown(self) -> str:
        """The agenda as one Markdown table per day, and the parts left for self-study."""
        blocks = []
        for day in self.days:
            title = _("Day {n}").format(n=day.number)
            header = " | ".join((_("Time"), _("Minutes"), _("Session"), _("Notebook")))
            when = aside(join_clauses([f"{clock(day.start)}–{clock(day.end)}", day.summary()]))
            rows = [f"**{title}**{when}", "",
                    f"| {header} |", "|---|---:|---|---|"]
            rows += [f"| {clock(s.start)}–{clock(s.end)} | {s.minutes} | {_(s.title)} | "
                     f"{f'`{s.path}`' if s.path else ''} |" for s in day.slots]
            blocks.append("\n".join(rows))
        if self.unscheduled:
            blocks.append(_("Not in the timetable (self-study): {parts}.").format(
                parts=join_list(self.unscheduled)))
        return "\n\n".join(blocks) + "\n"

    def __repr__(self) -> str:
        lines = []
        for day in self.days:
            title = _("Day {n}").format(n=day.number)
            lines.append(f"{title}  {clock(day.start)}–{clock(day.end)} {aside(day.summary())}")
            lines += [f"  {clock(s.start)}  {s.minutes:>3}  {_(s.title)}" for s in day.slots]
        if self.unscheduled:
            lines.append(_("Not in the timetable: {parts}").format(parts=join_list(self.unscheduled)))
        return "\n".join(lines)


#: Minutes a learner needs for one judgement (choice) item and for one computed item.
JUDGEMENT_MINUTES, COMPUTED_MINUTES = 2.5, 4.0


def exercise_minutes(exercise_set: ExerciseSet) -> int:
    """Realistic minutes for ``exercise_set``: its judgement and computed items at
    :data:`JUDGEMENT_MINUTES` and :data:`COMPUTED_MINUTES`, rounded up to 5 minutes.

    >>> from saleslab.exercises import module1
    >>> exercise_minutes(module1.SET)
    30
    """
    choices = sum(isinstance(e.question, ChoiceQuestion) for e in exercise_set.exercises)
    minutes = choices * JUDGEMENT_MINUTES + (len(exercise_set.exercises) - choices) * COMPUTED_MINUTES
    return int(5 * math.ceil(minutes / 5))


def clock(minutes: int) -> str:
    """Minutes after midnight as ``HH:MM``.

    >>> clock(9 * 60 + 5)
    '09:05'
    """
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_clock(name: str, value: object) -> int:
    if not isinstance(value, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise ValueError(f"`{name}` must be a time like '09:00', got {value!r}")
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def _stored_minutes(path: Path) -> dict[str, int]:
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError):  # a notebook being written right now: use the course map
        return {}
    return dict(notebook.metadata.get("saleslab", {}).get("minutes", {}))


def ready_paths(root: Path | str | None = None) -> frozenset[str]:
    """The course notebooks that are ready under ``root``: present, and in a git checkout
    also committed (a notebook someone is still writing stays "in preparation").

    >>> "notebooks/00_start_here.ipynb" in ready_paths()
    True
    """
    base = project_root() if root is None else Path(root)
    present = {entry.path for entry in COURSE if (base / entry.path).is_file()}
    try:
        listed = subprocess.run(["git", "-C", str(base), "ls-files", "--full-name", "--", *present],
                                capture_output=True, text=True, check=True).stdout.split()
        top = subprocess.run(["git", "-C", str(base), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: a handout folder
        return frozenset(present)
    if not listed:  # an untracked copy inside some checkout: what is there is ready
        return frozenset(present)
    prefix = base.resolve().relative_to(Path(top).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    return frozenset(path.removeprefix(prefix) for path in listed) & present


def course_parts(root: Path | str | None = None) -> tuple[Part, ...]:
    """The course as parts in reading order, with minutes from each notebook's metadata
    (``metadata["saleslab"]["minutes"]``) where it exists and the course map otherwise.

    >>> [module1] = [part for part in course_parts() if part.path.endswith("01_target_setting.ipynb")]
    >>> module1.path, module1.teaching, module1.exercise_path
    ('notebooks/01_target_setting.ipynb', 55, 'exercises/01_target_setting_exercises.ipynb')
    """
    base = project_root() if root is None else Path(root)
    ready_now = ready_paths(base)
    exercise_for = {Path(e.path).stem.removesuffix("_exercises"): e
                    for e in COURSE if e.kind == "exercise"}
    parts = []
    for entry in (e for e in COURSE if e.kind not in ("exercise", "optional")):  # agendas skip optional parts
        exercise: Entry | None = exercise_for.get(Path(entry.path).stem)
        ready = entry.path in ready_now
        minutes = _stored_minutes(base / entry.path) if ready else {}
        exercises_ready = exercise is not None and exercise.path in ready_now
        exercise_minutes = minutes.get("exercises", exercise.minutes if exercise else 0)
        if exercises_ready:
            exercise_minutes = _stored_minutes(base / exercise.path).get("exercises", exercise_minutes)
        parts.append(Part(entry.title, entry.path, int(minutes.get("teaching", entry.minutes)),
                          exercise.path if exercise else None,
                          exercise.title if exercise else "", int(exercise_minutes),
                          ready, exercises_ready, entry.needs, entry.anchor))
    return tuple(parts)


class _DayBuilder:
    """Lays slots back to back, inserting breaks and lunch between sessions."""

    def __init__(self, number: int, start: int) -> None:
        opening = OPENING.get(number, LATER_OPENING)
        self.slots = [Slot(start, OPENING_MINUTES, "opening", opening)]
        # the opening is talk, not a sitting of work: the first block starts after it (else
        # day 2 would break 15 minutes in, after the recap)
        self.block = 0
        self.lunched = False

    @property
    def clock(self) -> int:
        return self.slots[-1].end

    def add(self, minutes: int, kind: str, title: str, path: str | None) -> None:
        # lunch at the first gap after noon, or earlier if the next session would delay it
        if not self.lunched and (self.clock >= NOON or (
                self.clock >= LUNCH_EARLIEST and self.clock + minutes > LUNCH_LATEST)):
            self.slots.append(Slot(self.clock, LUNCH_MINUTES, "lunch", LUNCH))
            self.lunched, self.block = True, 0
        elif self.block + minutes > MAX_BLOCK:
            self.slots.append(Slot(self.clock, BREAK_MINUTES, "break", BREAK))
            self.block = 0
        self.slots.append(Slot(self.clock, minutes, kind, title, path))
        self.block += minutes

    def add_part(self, part: Part, ready_only: bool) -> None:
        if part.ready or not ready_only:
            self.add(part.teaching, "teaching", part.title, part.path)
        if part.exercise_path and part.exercises and (part.exercises_ready or not ready_only):
            self.add(part.exercises, "exercises", part.exercise_title, part.exercise_path)

    def closed(self) -> list[Slot]:
        return [*self.slots, Slot(self.clock, CLOSING_MINUTES, "closing", CLOSING)]


def build_agenda(days: int = 1, root: Path | str | None = None, *, ready_only: bool = False,
                 start: str = "09:00", end: str = "17:00") -> Agenda:
    """Schedule the course over ``days`` workshop days from ``start`` to ``end``.

    With ``ready_only`` only the notebooks that exist under ``root`` are scheduled (the
    workshop you can run today); otherwise the whole course is planned.

    >>> agenda = build_agenda(days=1)
    >>> agenda.days[0].slots[0]
    Slot(09:00–09:15 opening: Opening: goals, agenda, `saleslab check` on every laptop)
    >>> agenda.days[0].end <= 17 * 60
    True
    """
    count = check_whole("days", days, minimum=1, maximum=5)
    first, last = _parse_clock("start", start), _parse_clock("end", end)
    if last - first < 4 * 60:
        raise ValueError(f"`end` must be at least 4 hours after `start`, got {start!r} to {end!r}")
    parts = [p for p in course_parts(root) if p.ready or p.exercises_ready or not ready_only]
    waiting = [p for p in parts if not p.anchor]
    ending = [p for p in parts if p.anchor == "end"]
    schedule: list[Day] = []
    left_out: list[str] = []
    done: set[str] = set()
    for number in range(1, count + 1):
        day = _DayBuilder(number, first)
        for part in (p for p in parts if p.anchor == "start" and number == 1):
            day.add_part(part, ready_only)
        while waiting:
            if not set(waiting[0].needs) <= done | {p.path for p in _placed(day)}:
                left_out.append(_(waiting.pop(0).title))
                continue
            trial = copy.deepcopy(day)
            trial.add_part(waiting[0], ready_only)
            if _ends_by(trial, ending if number == count else [], ready_only, last):
                day = trial
                waiting.pop(0)
            elif number == count:
                left_out.append(_(waiting.pop(0).title))
            else:
                break
        for part in ending if number == count else []:
            day.add_part(part, ready_only)
        done |= {p.path for p in _placed(day)}
        schedule.append(Day(number, tuple(day.closed())))
    return Agenda(tuple(schedule), tuple(left_out))


def _ends_by(day: _DayBuilder, ending: list[Part], ready_only: bool, last: int) -> bool:
    """Whether ``day``, with the ``ending`` parts still to come (the last day keeps room for
    the capstone and the check after the course), closes by ``last``."""
    trial = copy.deepcopy(day)
    for part in ending:
        trial.add_part(part, ready_only)
    return trial.closed()[-1].end <= last


def _placed(day: _DayBuilder) -> list[Slot]:
    return [slot for slot in day.slots if slot.kind == "teaching" and slot.path]


def update_guide(path: Path | str, root: Path | str | None = None) -> bool:
    r"""Rewrite the agenda blocks of a guide (between ``<!-- agenda:N start -->`` and
    ``<!-- agenda:N end -->``, N days) from ``build_agenda``; True if the file changed.

    >>> import tempfile
    >>> guide = Path(tempfile.mkdtemp()) / "guide.md"
    >>> _ = guide.write_text("<!-- agenda:2 start -->\nold\n<!-- agenda:2 end -->\n")
    >>> update_guide(guide), update_guide(guide)
    (True, False)
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no guide at {str(path)!r}")
    text = path.read_text(encoding="utf-8")
    new = _MARKER.sub(lambda m: m[1] + build_agenda(int(m[2]), root).to_markdown() + m[4], text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def guide_blocks(text: str) -> dict[int, str]:
    r"""The agenda blocks of a guide's text, by number of days.

    >>> guide_blocks("<!-- agenda:1 start -->\nx\n<!-- agenda:1 end -->")
    {1: 'x\n'}
    """
    return {int(m[2]): m[3] for m in _MARKER.finditer(text)}


if __name__ == "__main__":
    guide = sys.argv[1] if len(sys.argv) > 1 else project_root() / "docs" / "trainer-guide.md"
    changed = update_guide(guide)
    print((_("{path} updated.") if changed else _("{path} is up to date.")).format(path=guide))
