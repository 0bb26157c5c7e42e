"""Time `saleslab grade` on a class: N learners, each handing in every exercise notebook
with the reference solutions in place (the heaviest honest case), graded with --jobs J.

    .venv/bin/python benchmarks/bench_grading.py                    # 30 learners, jobs = cores
    .venv/bin/python benchmarks/bench_grading.py --learners 4 --jobs 2

Prints the wall time, the CPU time of the grader and every sandbox (the machine may be
shared: CPU time is the steadier figure), the load average, and the graded statuses.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

import nbformat

from saleslab.course import project_root
from saleslab.grading import grade_submissions
from saleslab.grading.run import cores
from saleslab.grading.sandbox import isolation
from saleslab.handout import SOURCES


def write_class(folder: Path, learners: int) -> int:
    """Every exercise source, without its self-test cell, for each learner; the count."""
    notebooks = sorted(SOURCES.glob("*.ipynb"))
    for k in range(1, learners + 1):
        for source in notebooks:
            notebook = nbformat.read(source, as_version=4)
            notebook.cells = [c for c in notebook.cells if "selftest" not in c.metadata.get("tags", [])]
            target = folder / f"learner{k:02d}" / "exercises" / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, target)
    return learners * len(notebooks)


def _cpu() -> float:
    """CPU seconds of this process and of every finished sandbox (their kernels included)."""
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=cores())
    args = parser.parse_args()
    print(isolation())
    with tempfile.TemporaryDirectory() as folder:
        count = write_class(Path(folder), args.learners)
        load_before = os.getloadavg()[0]
        started, cpu_before = time.perf_counter(), _cpu()
        grades = grade_submissions(folder, data=project_root() / "datasets", jobs=args.jobs)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu_before
    statuses = grades.table["status"].value_counts().to_dict()
    print(f"{args.learners} learners x {count // args.learners} notebooks = {count} notebooks, "
          f"--jobs {args.jobs}: {seconds / 60:.1f} min ({seconds / count:.1f} s a notebook)")
    print(f"CPU: {cpu / 60:.1f} min ({cpu / count:.1f} s a notebook, {cpu / seconds:.2f} cores busy "
          f"on average); load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"statuses: {statuses}")


if __name__ == "__main__":
    main()
