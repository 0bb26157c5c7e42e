"""How fast `saleslab import` reads a large CRM export: 1,000,000 deals in a Salesforce-style
CSV (¥ amounts with thousands separators, US dates, owners and accounts to pseudonymise).

Run from the project folder:

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000]

Prints the time to write the export (not part of the import), the import's wall and CPU time,
the process's peak memory (maximum resident set size, so it includes Python and pandas) and
the machine's load average before and after (above the core count, the wall time is inflated).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench_data import peak_memory_mb
from saleslab.crmimport import import_exports

STAGES = np.array(["Prospecting", "Qualification", "Proposal/Price Quote", "Negotiation/Review",
                   "Closed Won", "Closed Lost"])


def export(rows: int, path: Path, seed: int = 16) -> None:
    """A Salesforce-style opportunities export of ``rows`` deals."""
    rng = np.random.default_rng(seed)
    created = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 900, rows), unit="D")
    close = created + pd.to_timedelta(rng.integers(5, 200, rows), unit="D")
    frame = pd.DataFrame({
        "Opportunity ID": [f"006{i:012d}" for i in range(rows)],
        "Opportunity Name": "Deal",
        "Account Name": np.char.add("Account ", rng.integers(0, 20_000, rows).astype(str)),
        "Opportunity Owner": np.char.add("Owner ", rng.integers(0, 400, rows).astype(str)),
        "Stage": STAGES[rng.choice(6, rows, p=[0.05, 0.05, 0.05, 0.05, 0.3, 0.5])],
        "Amount": [f"¥{v:,}" for v in rng.integers(1_000, 2_000_000, rows)],
        "Close Date": close.strftime("%-m/%-d/%Y"),
        "Created Date": created.strftime("%-m/%-d/%Y"),
    })
    frame.to_csv(path, index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "opportunities.csv"
        start = time.perf_counter()
        export(args.rows, source)
        print(f"export of {args.rows:,} rows written in {time.perf_counter() - start:.1f} s", flush=True)
        load = os.getloadavg()[0]
        start, cpu = time.perf_counter(), time.process_time()
        result = import_exports([source], Path(folder) / "out", key_file=Path(folder) / "key")
        # CPU time says more than wall time on a shared machine (the import is one thread).
        print(f"import: {time.perf_counter() - start:.1f} s wall, {time.process_time() - cpu:.1f} s CPU, "
              f"{result.report.kept:,} deals kept, peak memory {peak_memory_mb():.0f} MB, "
              f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after", flush=True)


if __name__ == "__main__":
    main()
