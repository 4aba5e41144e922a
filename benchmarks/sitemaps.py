"""What the sitemaps and robots.txt cost a build: sitemaps.files over every page of a built corpus.

    .venv/bin/python benchmarks/sitemaps.py [--articles 10000] [--repeat 5]

Builds the benchmark corpus (benchmarks/generate.py) once into benchmarks/work/sitemaps-N/, then, in this
process, takes the lists and the page plan as the next build would (the load and group steps, from the store)
and times making sitemap.xml, news-sitemap.xml and robots.txt: the work every build adds for them. Each figure
is the median of `--repeat` runs. A benchmark, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from digest import build as engine  # noqa: E402
from digest import linked_data, sitemaps, urls  # noqa: E402
from digest.config import load_config  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    root = HERE / "work" / f"sitemaps-{args.articles}"
    if not (root / "config.yaml").is_file():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.articles), str(root)], check=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "digest", "build", "-q", "--config", str(root / "config.yaml")], check=True)
    print(f"build of {args.articles:,} articles (cold the first time, else nothing to do): "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    print(f"CPU: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; Python {sys.version.split()[0]}")

    config = load_config(root / "config.yaml")
    with contextlib.ExitStack() as leaving:
        state = engine.Build(config, root / "site", False, False, engine.Session(), None, leaving)
        for step in (engine._scan, engine._load, engine._group):  # what the next build knows before it plans
            step(state)
        recorded = engine.last_recorded(state.store, state.out)
        assert state.digest is not None and recorded is not None
        addresses = [address for address, _, _ in recorded.pages]
        times, made = [], {}
        for _ in range(args.repeat):
            start = time.perf_counter()
            made = sitemaps.files(state.digest, addresses)
            times.append(time.perf_counter() - start)
        sample = state.digest.articles[:1000]  # what an article page's JSON-LD adds to its rendering
        things = linked_data.Things(config, config.site.base_url.__add__)
        per_page = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for article in sample:
                trail = linked_data.trail(config, urls.article(article.slug), article=article)
                linked_data.script(things.news_article(article), things.breadcrumbs(trail))
            per_page.append((time.perf_counter() - start) / len(sample))
    sizes = ", ".join(f"{name} {len(data) / 1024:,.0f} KiB" for name, data in sorted(made.items()))
    print(f"{len(addresses):,} pages → {sizes}")
    print(f"sitemaps.files: {statistics.median(times) * 1000:.0f} ms (median of {args.repeat}; "
          f"min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")  # fmt: skip
    print(f"an article page's JSON-LD: {statistics.median(per_page) * 1e6:.0f} µs (median of {args.repeat}, "
          f"over {len(sample)} articles)")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
