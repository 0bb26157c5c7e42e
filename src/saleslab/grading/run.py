"""Grade a class: run every submission isolated and in parallel, then grade its answers here.

Each learner's exercise notebooks run in the learner's own sandbox
(:mod:`saleslab.grading.sandbox`), one after another, each in a fresh kernel; each returns
only the values of its answer variables, as plain data. The grade is computed in
this process: each question's expected value comes from the trusted copy of the learner's
team data (:mod:`saleslab.grading.teams`), and :meth:`Exercise.evaluate` compares. Nothing
the notebook prints, writes, patches or records changes a grade, and only the questions of
the course's exercise sets become columns.

A question whose answer is missing is "not attempted", or "error" when the notebook raised,
ran out of time or was stopped (the note says which).
"""

from __future__ import annotations

import importlib
import json
import os
import queue
import re
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from ..exercises import ExerciseSet, exercise_sets
from ..exercises.core import UNCHECKED, Data
from ..exercises.progress import NOT_ATTEMPTED
from ..i18n import _
from . import answers as answer_data
from .report import COLUMNS, ERROR, Grades
from .sandbox import Limits, Outcome, isolation, run_learner
from .submissions import Submission, find_submissions
from .teams import DataSources

_IMPORT = re.compile(r"from\s+saleslab\.(exercises|assessment)\s+import\s+(\w+)")
Progress = Callable[[int, int], None]


def exercise_set_of(text: str, file: str) -> ExerciseSet | None:
    """The exercise set a notebook's code imports, else the one its file name is; the
    notebook is only parsed as JSON here, never run.

    >>> exercise_set_of("{}", "x/01_target_setting_exercises.ipynb").notebook
    'exercises/01_target_setting_exercises.ipynb'
    """
    try:
        cells = json.loads(text).get("cells", [])
        sources = ["".join(c["source"]) if isinstance(c["source"], list) else str(c["source"])
                   for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
    except (ValueError, AttributeError, KeyError, TypeError):
        sources = []
    for package, name in (found for source in sources for found in _IMPORT.findall(source)):
        try:
            candidate = getattr(importlib.import_module(f"saleslab.{package}.{name}"), "SET", None)
        except ImportError:
            continue
        if isinstance(candidate, ExerciseSet):
            return candidate
    from ..assessment import check_sets  # the knowledge checks are graded like exercises

    return next((s for s in [*exercise_sets(), *check_sets()] if Path(s.notebook).name == Path(file).name),
                None)


def unreadable(text: str) -> str | None:
    """Why ``text`` is not a notebook nbformat can read, or None if it is one.

    >>> unreadable('{"cells": [')
    'the notebook cannot be read (NotJSONError)'
    """
    import nbformat

    try:
        nbformat.reads(text, as_version=4)
    except Exception as error:  # whatever a broken file raises, it is one line for the learner
        return _("the notebook cannot be read ({error})").format(error=type(error).__name__)
    return None


def _note(outcome: Outcome) -> str:
    if outcome.stopped:
        return _("stopped: {why}").format(why=outcome.stopped)
    problem = outcome.problem or {}
    if "stopped" in problem:
        return _("stopped: {why}").format(why=str(problem["stopped"])[:200])
    if problem.get("name") == "TimeLimit":
        return _("stopped: {why}").format(why=str(problem.get("text", ""))[:200])
    if problem:
        return _("code cell {n} raised {name}: {text}").format(
            n=problem.get("cell"), name=str(problem.get("name"))[:80], text=str(problem.get("text"))[:200])
    return ""


def grade_outcome(exercise_set: ExerciseSet, outcome: Outcome, data: Data) -> list[tuple[str, str, str]]:
    """(question, status, note) per question of the set, from the run's answers."""
    note = _note(outcome)
    try:
        found = answer_data.load(outcome.answers) if outcome.answers else {}
    except (ValueError, TypeError, RecursionError):
        found, note = {}, note or _("its answers could not be read")
    if outcome.answers is None and not note:
        note = _("stopped: it reported no answers")
    graded = []
    for exercise in exercise_set.exercises:
        variable = exercise.question.variable
        result = exercise.evaluate({variable: found[variable]} if variable in found else {}, data)
        status, why = result.outcome, note
        if status == UNCHECKED:
            status, why = ERROR, result.message
        elif status == NOT_ATTEMPTED and note:
            status = ERROR
        graded.append((exercise.name, status, why))
    return graded


def check_data(data: Path | str | None, teams: Path | str | None = None) -> None:
    """ValueError in one line unless ``data`` is None or a folder of course datasets, and
    not given together with ``teams``."""
    if data is not None and not (Path(data) / "sales_history.csv").is_file():
        raise ValueError(f"`data` must be a folder of course datasets, got {str(data)!r}")
    if data is not None and teams is not None:
        raise ValueError("give `teams` or `data`, not both: with teams each learner's team data is used")


def _check_arguments(timeout: object, jobs: object, limits: Limits | None) -> None:
    for name, value in (("timeout", timeout), ("jobs", jobs)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ValueError(f"`{name}` must be a whole number, 1 or more, got {value!r}")
    if limits is not None and not isinstance(limits, Limits):
        raise TypeError(f"`limits` must be a Limits, got {type(limits).__name__}")


def grade_submissions(submissions: Path | str, timeout: int = 60, data: Path | str | None = None, *,
                      teams: Path | str | None = None, jobs: int | None = None,
                      limits: Limits | None = None, progress: Progress | None = None) -> Grades:
    """Grade every learner's exercise notebooks in ``submissions`` (see
    :mod:`saleslab.grading.submissions`) with ``jobs`` sandboxes at a time (default: the
    cores); ``timeout`` is seconds per cell, ``limits`` the rest (:class:`Limits`).
    ``progress(done, total)`` is called as notebooks finish."""
    _check_arguments(timeout, jobs, limits)
    check_data(data, teams)
    limits = limits or Limits(cell_seconds=timeout)
    jobs = jobs or cores()
    handed = find_submissions(submissions)
    with tempfile.TemporaryDirectory(prefix="saleslab-expected-") as work:
        sources = DataSources(Path(work), teams=teams, data=data)
        rows: dict[int, list[dict]] = {}
        tasks = []
        for learner, notebooks in handed.items():
            if not notebooks:
                rows[len(rows)] = [_row(learner, "", "", None, "", NOT_ATTEMPTED,
                                        _("no exercise notebook handed in"))]
            for submission in notebooks:
                key = len(rows)
                rows[key] = []
                tasks.append((key, submission))
        _run_all(tasks, sources, limits, jobs, rows, progress)
    table = pd.DataFrame([row for key in sorted(rows) for row in rows[key]], columns=list(COLUMNS))
    return Grades(table, isolation())


def cores() -> int:
    """How many cores this process may use: the default number of parallel sandboxes."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _row(learner: str, exercises: str, file: str, seed: int | None, question: str, status: str,
         note: str) -> dict:
    return dict(learner=learner, exercises=exercises, file=file, seed="" if seed is None else seed,
                question=question, status=status, note=note)


def _batches(learners: dict[tuple[str, Path], list[tuple]], jobs: int) -> list[tuple[Path, list[tuple]]]:
    """One sandbox's work per learner, the largest split in two while there are fewer than
    ``jobs`` (a few learners still use every core; each split costs a second warm-up).

    >>> [len(items) for _folder, items in _batches({("ana", Path()): list(range(8))}, 2)]
    [4, 4]
    """
    batches = [(folder, items) for (_learner, folder), items in learners.items()]
    while 0 < len(batches) < jobs and max(len(items) for _folder, items in batches) > 1:
        folder, items = batches.pop(max(range(len(batches)), key=lambda k: len(batches[k][1])))
        batches += [(folder, items[:len(items) // 2]), (folder, items[len(items) // 2:])]
    return batches


def _run_all(tasks: list[tuple[int, Submission]], sources: DataSources, limits: Limits, jobs: int,
             rows: dict[int, list[dict]], progress: Progress | None) -> None:
    """Grade ``tasks`` into ``rows``: one sandbox per learner (and data folder), whose notebooks
    run one after another, ``jobs`` sandboxes at a time, each notebook graded as it ends."""
    slots: queue.Queue[int] = queue.Queue()
    for slot in range(jobs):
        slots.put(slot)
    finished: queue.Queue[tuple[tuple, Outcome]] = queue.Queue()
    learners: dict[tuple[str, Path], list[tuple]] = {}
    for key, submission in tasks:
        exercise_set = exercise_set_of(submission.text or "", submission.file)
        seed, folder, why = sources.source(submission)
        base = (submission.learner, exercise_set.notebook if exercise_set else "", submission.file, seed)
        broken = submission.refused or unreadable(submission.text or "")
        if broken or exercise_set is None or folder is None:
            why = broken or why or _("not an exercise notebook of the course (it "
                                                 "uses no exercise set)")
            names = exercise_set.names if exercise_set else [""]
            rows[key] = [_row(*base, name, ERROR, why) for name in names]
            continue
        variables = [e.question.variable for e in exercise_set.exercises]
        learners.setdefault((submission.learner, folder), []).append(
            (key, base, exercise_set, folder, submission.text or "", variables))

    def run(folder: Path, items: list[tuple]) -> None:
        slot, sent = slots.get(), 0
        try:
            for item, outcome in zip(items, run_learner([i[4:] for i in items], folder, limits, slot)):
                finished.put((item, outcome))
                sent += 1
        except Exception as error:  # the grader's own failure: the notebooks not yet graded
            for item in items[sent:]:
                finished.put((item, Outcome(None, None, f"{type(error).__name__}: {error}")))
        finally:
            slots.put(slot)

    data_of: dict[Path, Data] = {}
    running = sum(len(items) for items in learners.values())
    total, done = len(tasks), len(tasks) - running
    if progress:
        progress(done, total)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for folder, items in _batches(learners, jobs):
            pool.submit(run, folder, items)
        for _number in range(running):
            (key, base, exercise_set, folder, _text, _variables), outcome = finished.get()
            data = data_of.setdefault(folder, Data(folder))
            rows[key] = [_row(*base, q, status, note) for q, status, note in
                         grade_outcome(exercise_set, outcome, data)]
            done += 1
            if progress:
                progress(done, total)
