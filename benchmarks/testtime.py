"""Where `make test` spends its time: wall and CPU seconds per test file (a pytest plugin).

    PYTHONPATH=benchmarks .venv/bin/python -m pytest -p testtime -p no:cacheprovider \\
        -n 2 --dist loadfile tests/test_story_at_seeds.py
    .venv/bin/python benchmarks/testtime.py                  # the table, from every slice run

Each pytest process (each xdist worker) appends one JSON line per test file to
``$SALESLAB_TESTTIME`` (default ``.testtime.jsonl``): the file, the worker, when the file's
first test started and its last one ended (wall), and the CPU seconds the process and the
children it waited for (notebook kernels, servers, process pools) used meanwhile. CPU seconds
barely change with the load of a shared machine; wall seconds do.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

import pytest

LOG = Path(os.environ.get("SALESLAB_TESTTIME", ".testtime.jsonl"))


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its reaped descendants."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class _Clock:
    def __init__(self) -> None:
        self.file: str | None = None
        self.start = self.cpu = 0.0
        self.tests = 0

    def switch(self, file: str | None) -> None:
        """Close the file being timed (if any) and start timing ``file``."""
        if self.file is not None:
            line = {"file": self.file, "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
                    "start": self.start, "wall": time.time() - self.start,
                    "cpu": _cpu() - self.cpu, "tests": self.tests, "load": os.getloadavg()[0]}
            with LOG.open("a") as out:
                out.write(json.dumps(line) + "\n")
        self.file, self.start, self.cpu, self.tests = file, time.time(), _cpu(), 0


_clock = _Clock()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    file = item.nodeid.split("::", 1)[0]
    if file != _clock.file:
        _clock.switch(file)
    _clock.tests += 1
    yield


def pytest_sessionfinish(session):
    _clock.switch(None)


def table(lines: list[dict]) -> str:
    """A Markdown table, longest CPU first: the last measurement of each file wins."""
    last = {line["file"]: line for line in lines}
    rows = sorted(last.values(), key=lambda line: -line["cpu"])
    out = ["| file | tests | CPU s | wall s | load |", "|---|---:|---:|---:|---:|"]
    out += [f"| {r['file']} | {r['tests']} | {r['cpu']:.0f} | {r['wall']:.0f} | {r['load']:.1f} |"
            for r in rows]
    out.append(f"| **total** | {sum(r['tests'] for r in rows)} | {sum(r['cpu'] for r in rows):.0f} "
               f"| {sum(r['wall'] for r in rows):.0f} | |")
    return "\n".join(out)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else LOG
    print(table([json.loads(line) for line in path.read_text().splitlines() if line.strip()]))
