"""What the check for one report imported twice (findings._imported_twice) costs: at load and on every build.

    .venv/bin/python benchmarks/copies.py [--articles 10000] [--repeat 30]

Generates the benchmark corpus (benchmarks/generate.py) once into benchmarks/work/copies-N/, reads every article
in this process, then times findings.findings over all the records with the check and without it (alternately,
the median of `--repeat` runs each), copy_key per article (paid once, when a file is parsed), and the size of the
copy keys in the store's file records (read back on every edit). A benchmark, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from digest import findings  # noqa: E402
from digest.config import load_config  # noqa: E402
from digest.load import load_changed, scan  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    root = HERE / "work" / f"copies-{args.articles}"
    if not (root / "config.yaml").is_file():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.articles), str(root)], check=True)
    print(f"CPU: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; Python {sys.version.split()[0]}")
    config = load_config(root / "config.yaml")
    records, fresh = load_changed(config, scan(config), None)
    now = datetime(2100, 1, 1).astimezone()  # no date in the future: every file is weighed the same way
    check, times = findings._imported_twice, {"with": [], "without": []}
    for _ in range(args.repeat):
        for mode in ("without", "with"):
            findings._imported_twice = check if mode == "with" else (lambda files: [])
            start = time.perf_counter()
            findings.findings(config, records, now)
            times[mode].append(time.perf_counter() - start)
    findings._imported_twice = check
    for mode, runs in times.items():
        print(f"findings over {len(records):,} articles, {mode} the check: {statistics.median(runs) * 1000:.1f} ms")
    alone = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        warned = check(records)
        alone.append(time.perf_counter() - start)
    print(f"the check alone: {statistics.median(alone) * 1000:.2f} ms; warnings: {len(warned)}")
    articles = list(fresh.values())
    start = time.perf_counter()
    for article in articles:
        findings.copy_key(article)
    print(f"copy_key: {(time.perf_counter() - start) / len(articles) * 1e6:.1f} µs per article parsed")
    column = pickle.dumps([record.copy_key for record in records], protocol=pickle.HIGHEST_PROTOCOL)
    print(f"copy keys in the store's file records: {len(column) / 2**20:.2f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
