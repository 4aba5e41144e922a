"""What "same story" detection costs a build: signatures per article, then clustering the whole corpus.

    .venv/bin/python benchmarks/stories.py [--articles 10000] [--repeat 3]

Uses the build benchmark's corpus (benchmarks/generate.py: about 7 KB of
Markdown an article, dates over 2017–2024, meetings near their dates). The two
costs are reported apart because a build pays them differently: a signature is
computed once per article when it is loaded and then cached; clustering runs
over every article on every build that changes any. Each figure is the median
of `--repeat` runs. A benchmark, not a test: nothing here asserts.

The corpus's text is far more uniform than news (a small vocabulary and stock
sentences repeated verbatim in every article): two of its articles a week
apart share 0.47 of their content words (median), two different seeds
0.09–0.13. So it measures cost, not quality: articles of one meeting within
three days look like paraphrases of one event and are grouped. The groups
found by copies alone are printed apart.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import generate  # noqa: E402  (benchmarks/generate.py)

from digest.stories import Item, cluster, signature  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    articles = list(generate.articles(args.articles))
    size = statistics.mean(len(a.body.encode()) for a in articles)
    print(f"{len(articles):,} generated articles, {size / 1000:.1f} KB of Markdown each on average")
    print(f"CPU: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; Python {sys.version.split()[0]}")

    signing = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        signatures = [signature(a.body) for a in articles]
        signing.append(time.perf_counter() - start)
    per_article = statistics.median(signing) / len(articles)
    print(f"signature: {per_article * 1000:.2f} ms per article (median of {args.repeat}; one core)")

    items = [Item(a.slug, a.when.date(), a.meetings, s) for a, s in zip(articles, signatures, strict=True)]
    clustering = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        groups = cluster(items)
        clustering.append(time.perf_counter() - start)
    print(f"cluster: {statistics.median(clustering):.2f} s for all {len(items):,} articles (median of {args.repeat})")
    grouped = sum(map(len, groups))
    largest = max(map(len, groups), default=0)
    print(f"groups: {len(groups)} holding {grouped} articles, the largest {largest}")
    copies = cluster(items, event_threshold=1.01)  # no vocabulary reaches it: copies only
    print(f"of which copies alone: {len(copies)} groups holding {sum(map(len, copies))} articles")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
