"""Time `saleslab grade` on a class: N learners, each handing in every exercise notebook
(or the first S) with the reference solutions in place (the heaviest honest case), graded
with --jobs J.

    .venv/bin/python benchmarks/bench_grading.py                    # 30 learners, jobs = cores
    .venv/bin/python benchmarks/bench_grading.py --learners 4 --jobs 2
    .venv/bin/python benchmarks/bench_grading.py --sets 7           # the issue's 7 a learner

Prints the wall time, the CPU time of the grader and every sandbox (the machine may be
shared: CPU time is the steadier figure), the load average, and the graded statuses.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import threading
import time
from pathlib import Path

import nbformat

from saleslab.course import project_root
from saleslab.grading import grade_submissions
from saleslab.grading.run import cores
from saleslab.grading.sandbox import isolation
from saleslab.handout import SOURCES


def write_class(folder: Path, learners: int, sets: int | None = None) -> int:
    """The first ``sets`` exercise sources (all if None), without their self-test cells, for
    each learner; the count of notebooks."""
    notebooks = sorted(SOURCES.glob("*.ipynb"))[:sets]
    for k in range(1, learners + 1):
        for source in notebooks:
            notebook = nbformat.read(source, as_version=4)
            notebook.cells = [c for c in notebook.cells if "selftest" not in c.metadata.get("tags", [])]
            target = folder / f"learner{k:02d}" / "exercises" / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, target)
    return learners * len(notebooks)


class SandboxCPU(threading.Thread):
    """Samples the CPU time of this process's descendants (the sandboxes, their workers and
    kernels) from /proc every ``every`` seconds: bubblewrap does not pass its children's
    CPU time on to ``RUSAGE_CHILDREN``. Each process counts with its last sample, so a
    process loses at most ``every`` seconds of CPU."""

    def __init__(self, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.every, self.seen, self.done = every, {}, threading.Event()

    def run(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        while not self.done.wait(self.every):
            parent, cpu = {}, {}
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except (OSError, IndexError):
                    continue
                key = (int(stat.parent.name), fields[19])  # pid and start time
                parent[key[0]] = int(fields[1])
                cpu[key] = (int(fields[11]) + int(fields[12])) / tick
            for (pid, start), seconds in cpu.items():
                if self._descends(pid, parent):
                    self.seen[pid, start] = seconds

    @staticmethod
    def _descends(pid: int, parent: dict[int, int]) -> bool:
        me = os.getpid()
        while pid in parent and pid > 1:
            pid = parent[pid]
            if pid == me:
                return True
        return False

    def total(self) -> float:
        self.done.set()
        self.join()
        return sum(self.seen.values())


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=cores())
    parser.add_argument("--sets", type=int, default=None, help="exercise notebooks a learner (default: all)")
    args = parser.parse_args()
    print(isolation())
    with tempfile.TemporaryDirectory() as folder:
        count = write_class(Path(folder), args.learners, args.sets)
        load_before = os.getloadavg()[0]
        sandboxes = SandboxCPU()
        sandboxes.start()
        started, own = time.perf_counter(), _own_cpu()
        grades = grade_submissions(folder, data=project_root() / "datasets", jobs=args.jobs)
        seconds, own = time.perf_counter() - started, _own_cpu() - own
        cpu = own + sandboxes.total()
    statuses = grades.table["status"].value_counts().to_dict()
    print(f"{args.learners} learners x {count // args.learners} notebooks = {count} notebooks, "
          f"--jobs {args.jobs}: {seconds / 60:.1f} min ({seconds / count:.1f} s a notebook)")
    print(f"CPU: {cpu / 60:.1f} min ({cpu / count:.1f} s a notebook, of which the grader's own "
          f"{own / count:.1f} s; {cpu / seconds:.2f} cores busy on average); load average "
          f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"statuses: {statuses}")
    table = grades.table
    for (file, note), rows in table[table["status"] != "correct"].groupby(["file", "note"]):
        print(f"  {len(rows)} not correct in {file}: {note}")


if __name__ == "__main__":
    main()
