"""How fast case 1 runs: the vectorised engine against the SimPy reference, and the dashboard
from a control change to the redrawn figure.

Run from the project folder (needs ``simpy`` for the first part):

    .venv/bin/python benchmarks/bench_case1.py [--sizes 10000 1000000] [--changes 40]

Part 1 gives both models the same leads and random numbers (``followup.draw_leads``), runs
today's way and the proposed change through each, checks the outcomes agree and prints the
time of each and the speed ratio. Drawing the random numbers is timed apart (both need them).
Part 2 moves the dashboard's controls one at a time and times each change until the new
figure has been rendered to the PNG the dashboard sends to the browser (the dashboard
recomputes the experiment, prints the headline numbers and redraws its figure in place); it
prints the median and 95th percentile.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import os
import sys
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from saleslab.cases import followup  # noqa: E402
from saleslab.plots import use_theme  # noqa: E402
from saleslab.widgets.case1 import followup_dashboard  # noqa: E402

POLICIES = {"today's way": followup.CURRENT_PRACTICE, "proposed change": followup.PROPOSED_CHANGE}


def timed(work):
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def speed(sizes: list[int]) -> None:
    try:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from case1_simpy_reference import simulate_team_simpy
    except ImportError:
        print("simpy is not installed: skipping the speed comparison (pip install simpy)")
        return
    capacity = followup.ENVIRONMENT["first_calls_per_rep_day"]
    print(f"{'leads':>10}  {'policy':<16} {'draws':>8} {'engine':>9} {'SimPy':>9} {'ratio':>7}  same")
    for n in sizes:
        draws, draw_time = timed(lambda: followup.draw_leads(1, n, followup.ENVIRONMENT["leads_per_day"]))
        for name, levers in POLICIES.items():
            policy = followup.Policy.from_levers(**levers)
            engine, engine_time = timed(lambda: followup.follow_up(draws, policy, capacity))
            reference, simpy_time = timed(lambda: simulate_team_simpy(draws, policy, capacity))
            try:
                pd.testing.assert_frame_equal(engine[reference.columns], reference, check_exact=False,
                                              rtol=1e-9, atol=1e-9)
                same = "yes"
            except AssertionError:
                same = "NO"
            print(f"{n:>10,}  {name:<16} {draw_time:7.2f}s {engine_time:8.3f}s {simpy_time:8.2f}s "
                  f"{simpy_time / engine_time:6.0f}×  {same}", flush=True)


def latency(changes: int) -> None:
    use_theme()
    board = followup_dashboard()
    board.shown = True
    moves = itertools.cycle([
        ("first_call_target_hours", 1.0), ("first_call_target_hours", 0.25),
        ("schedule", "3 touches in 3 days"), ("schedule", "5 touches in 7 days"),
        ("crm", False), ("crm", True), ("team_size", 12), ("team_size", 10),
        ("leads_per_day", 25), ("leads_per_day", 20),
    ])
    times = []
    with contextlib.redirect_stdout(io.StringIO()):
        board.redraw()  # warm-up: first draw loads fonts
        for name, value in itertools.islice(moves, changes):
            start = time.perf_counter()
            board.controls[name].value = value  # recompute, redraw, render the PNG
            times.append(time.perf_counter() - start)
    times = np.array(times) * 1000
    print(f"dashboard, {changes} control changes at default size (2,520 leads per team): "
          f"median {np.median(times):.0f} ms, 95th percentile {np.percentile(times, 95):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--changes", type=int, default=40)
    args = parser.parse_args()
    speed(args.sizes)
    latency(args.changes)


if __name__ == "__main__":
    main()
