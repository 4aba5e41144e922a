"""What the people index's counts cost every build that plans the lists.

    .venv/bin/python benchmarks/people_index.py [--articles 10000] [--repeat 30]

Writes the build benchmark's corpus (benchmarks/generate.py) into a temporary
folder, loads and groups it once (half a minute at 10,000 articles), then times
`render.people_index` (counts, sorting and the three lists), its counts alone
(`statements.quoted_in`: articles quoting each person in a statement, from the
articles' parts, and in passing), and the count the index ranked by before
(articles quoting each person at all, from their quotations). Each figure is the
fastest of `--repeat` runs, in this process. A benchmark, not a test: nothing
here asserts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import generate  # noqa: E402  (benchmarks/generate.py)

from digest.config import load_config  # noqa: E402
from digest.group import Digest, group  # noqa: E402
from digest.load import load_articles  # noqa: E402
from digest.render import people_index  # noqa: E402
from digest.statements import quoted_in  # noqa: E402


def fastest(run: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def quoting_at_all(digest: Digest) -> list[int]:
    """The count the index ranked by before: articles quoting each person, fragments included."""
    said = digest.said
    return [len(set(said[person].slugs)) if person in said else 0 for person in digest.config.people]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        generate.write_digest(args.articles, Path(folder))
        config = load_config(Path(folder) / "config.yaml")
        articles, _ = load_articles(config, list_quotes=False)
    digest = group(config, articles)
    quotations = sum(len(said) for said in digest.said.values())
    print(f"{len(digest.articles)} articles, {quotations} quotations, {len(config.people)} people")
    print(f"people_index (counts, order, lists): {fastest(lambda: people_index(digest), args.repeat):.2f} ms")
    print(f"quoted_in (in a statement, in passing): {fastest(lambda: quoted_in(digest), args.repeat):.2f} ms")
    print(f"before: articles quoting at all: {fastest(lambda: quoting_at_all(digest), args.repeat):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
