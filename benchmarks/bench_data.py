"""How fast saleslab.data generates: every default dataset, and a 1,000,000-deal CRM log.

Run from the project folder:

    .venv/bin/python benchmarks/bench_data.py [--opportunities 1000000] [--seed 2026]

Prints wall time and peak memory (the process's maximum resident set size, from
``resource.getrusage``, so it includes Python, NumPy and pandas themselves).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time

from saleslab.data import DEFAULT_SEED, crm_log, write_datasets


def peak_memory_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports kB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


def timed(label: str, work) -> object:
    start = time.perf_counter()
    result = work()
    print(f"{label:<44} {time.perf_counter() - start:7.2f} s   peak memory {peak_memory_mb():7.0f} MB",
          flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opportunities", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    print(f"{'start (Python, NumPy, pandas loaded)':<44} {'':9}   peak memory {peak_memory_mb():7.0f} MB")
    log = timed(f"CRM log, {args.opportunities:,} opportunities",
                lambda: crm_log(args.seed, n_opportunities=args.opportunities))
    print(f"  -> {log!r}")
    del log
    with tempfile.TemporaryDirectory() as folder:
        timed("every default dataset, generated and written", lambda: write_datasets(folder, args.seed))


if __name__ == "__main__":
    main()
