"""Dashboard latency: the time from a control change to the redrawn figure, for every widget.

Each dashboard is built at its default size and marked as on screen; then one control is
moved back and forth. A change recomputes the result, redraws, and renders each figure to
the PNG the browser receives: every dashboard renders its kept figures itself
(:func:`saleslab.plots.png_bytes`); should one show a pyplot figure, ``plt.show`` is
replaced by what the inline backend does (a PNG with ``bbox_inches="tight"``, which draws
twice), so it is timed too. Prints the median
and 95th percentile per dashboard against the 150 ms aim. Values a control returns to
are served from caches where a dashboard keeps them (e.g. "weeks to notice" per shift).

    .venv/bin/python benchmarks/bench_dashboards.py [--changes 20] [--only planner]
    .venv/bin/python benchmarks/bench_dashboards.py --only pitfall --profile 15

``CPU med`` and ``CPU p95`` are the median and 95th percentile CPU time of the process per
change: on a machine shared with other jobs they read closer to a quiet machine's figure
than the wall clock does; the verdict is given for both. ``blit`` is the share of figure
renderings, after the first two changes, that drew only what moved over a kept background
(:mod:`saleslab.blit`); below 100 % a figure's limits or fixed artists still change.
``--profile N`` runs the changes under cProfile and prints the N costliest functions
(cumulative time) per dashboard: compute, draw and PNG encoding together.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import itertools
import pstats
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from saleslab.data import SNAPSHOT, load  # noqa: E402
from saleslab.plots import use_theme  # noqa: E402


AIM_MS = 150


def _render_png() -> None:
    """What the inline backend does on ``plt.show()``: rasterise each open figure."""
    for number in plt.get_fignums():
        plt.figure(number).savefig(io.BytesIO(), format="png", bbox_inches="tight")
        plt.close(number)


def dashboards():
    """(name, builder, control, two values to alternate) for every dashboard of the course."""
    from saleslab import funnel, pipeline
    from saleslab.widgets import process_demo
    from saleslab.widgets.case1 import followup_dashboard
    from saleslab.widgets.case2 import complaints_dashboard
    from saleslab.widgets.case3 import training_dashboard
    from saleslab.widgets.funnel import funnel_designer
    from saleslab.widgets.improvement import experiment_planner, pitfall_explorer, was_it_real
    from saleslab.widgets.monitoring import control_chart_explorer, weeks_to_notice
    from saleslab.widgets.pipeline import capacity_planner
    from saleslab.widgets.targets import target_planner

    events, opps = load("crm_events"), load("crm_opportunities")
    measured = funnel.measured_funnel(events, opps, SNAPSHOT)
    rates = funnel.rep_rates(events, opps, SNAPSHOT)
    kpis = load("weekly_kpis")
    tenure = pipeline.current_tenure(load("rep_roster"), SNAPSHOT)  # as module 5 builds it
    need_today = pd.Series(float(len(tenure)), index=range(1, 13))
    return [
        ("start: process demo", process_demo, "contact_rate", (0.8, 0.6)),
        ("module 1: target planner",
         lambda: target_planner(load("sales_history"), load("territories"), rates), "growth", (0.2, 0.1)),
        ("module 2: funnel designer",
         lambda: funnel_designer(measured.design, measured.leads_per_month, measured.average_deal),
         "proposal_conversion", (0.5, 0.39)),
        ("module 3: control-chart explorer", lambda: control_chart_explorer(kpis), "rep", ("R05", "R01")),
        ("module 3: weeks to notice", weeks_to_notice, "shift", (2.0, 1.0)),
        ("module 4: experiment planner", experiment_planner, "leads_per_month", (900, 600)),
        ("module 4: was it real?", was_it_real, "n", (900, 1800)),
        ("module 4: pitfall explorer", pitfall_explorer, "pitfall", ("seasonality", "trend")),
        ("module 5: capacity planner", lambda: capacity_planner(need_today, tenure),
         "attrition", (0.25, 0.2)),
        ("case 1: follow-up", followup_dashboard, "team_size", (12, 10)),
        ("case 2: complaints", complaints_dashboard, "handlers", (2, 3)),
        ("case 3: training", training_dashboard, "months_between_sessions", (3, 1)),
    ]


def _drawings(board) -> list:
    """The kept figures of a dashboard (``board.drawing`` or ``board.drawings``)."""
    return list(getattr(board, "drawings", ())) or [getattr(board, "drawing", None)]


def latency(build, control: str, values: tuple, changes: int,
            profiler: cProfile.Profile | None = None) -> tuple[np.ndarray, np.ndarray, float]:
    """Wall-clock and CPU milliseconds of each change, and the share of figure renderings
    after the first two changes that only drew what moved (blitted)."""
    board = build()
    board.shown = True
    times, cpu, how = [], [], []
    with contextlib.redirect_stdout(io.StringIO()):
        board.redraw()  # warm-up: the first draw loads fonts
        _render_png()
        for value in itertools.islice(itertools.cycle(values), changes):
            start, start_cpu = time.perf_counter(), time.process_time()
            if profiler is not None:
                profiler.enable()
            board.controls[control].value = value
            _render_png()
            if profiler is not None:
                profiler.disable()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            how.append([getattr(getattr(d, "blitter", None), "last", "") for d in _drawings(board)])
    learnt = [last for change in how[2:] for last in change]
    blitted = learnt.count("blit") / len(learnt) if learnt else 0.0
    return np.array(times) * 1000, np.array(cpu) * 1000, blitted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--only", default="", help="time only dashboards whose name has this")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print the N costliest functions per dashboard (cProfile)")
    args = parser.parse_args()
    use_theme()
    plt.show = _render_png  # the dashboards call plt.show(); render as the notebook would
    print(f"{'dashboard':<34} {'median':>8} {'95th pct':>9} {'CPU med':>9} {'CPU p95':>9}"
          f" {'blit':>5}   aim {AIM_MS} ms (p95)")
    for name, build, control, values in dashboards():
        if args.only not in name:
            continue
        profiler = cProfile.Profile() if args.profile else None
        times, cpu, blitted = latency(build, control, values, args.changes, profiler)
        p95 = np.percentile(times, 95)
        verdict = "within" if p95 <= AIM_MS else "OVER"
        cpu_verdict = "within" if np.percentile(cpu, 95) <= AIM_MS else "OVER"
        print(f"{name:<34} {np.median(times):6.0f} ms {p95:6.0f} ms {np.median(cpu):6.0f} ms "
              f"{np.percentile(cpu, 95):6.0f} ms {blitted:5.0%}   {verdict} (CPU: {cpu_verdict})",
              flush=True)
        if profiler is not None:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
