"""What search costs: builds of one generated corpus with `site.search` on and off, timed in pairs.

For each size, two copies of the corpus run.py generates (benchmarks/work/<n>/search-on, search-off) differ
only in `site.search`. Each pair times the same step on both, in alternating order, so both runs of a pair
meet the same load on a shared machine: a cold build (no cache, no site), then one article's body edited (the
article run.py's `edit` scenario edits), then its body and title (`edit-title`). Reported: the median of each,
and the median of the pairs' ratios on/off. After the edits, the search-on site is compared with a clean build
of the edited project.

    .venv/bin/python benchmarks/search.py --sizes 1000,10000 --pairs 3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

import run as bench


def project(corpus: bench.Corpus, search: bool) -> Path:
    """A copy of the generated project with `site.search` set; made again when the corpus changed."""
    folder = corpus.root / ("search-on" if search else "search-off")
    stamp = (corpus.root / "stamp.json").read_text() + bench._tree_hash(corpus.digest / "templates")
    if not (folder / "stamp").is_file() or (folder / "stamp").read_text() != stamp:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(corpus.digest, folder, ignore=shutil.ignore_patterns(".digest-cache"))
        config = (folder / "config.yaml").read_text(encoding="utf-8")
        line = f"  search: {'true' if search else 'false'}\n"
        (folder / "config.yaml").write_text(config.replace("site:\n", "site:\n" + line, 1), encoding="utf-8")
        (folder / "stamp").write_text(stamp)
    return folder


def build(engine: bench.Engine, folder: Path) -> float:
    cmd = [*engine.cmd, "build", "--config", str(folder / "config.yaml"), "--out", str(folder / "site"), "--quiet"]
    return bench.measure(cmd, env=engine.env).seconds


def clean(folder: Path) -> None:
    shutil.rmtree(folder / ".digest-cache", ignore_errors=True)
    shutil.rmtree(folder / "site", ignore_errors=True)


def pairs(
    engine: bench.Engine, on: Path, off: Path, count: int, cold: int, corpus: bench.Corpus, verify: bool
) -> dict[str, list]:
    """{"cold": [(on, off)…], "edit": […], "edit-title": […]} in seconds: `cold` pairs of cold builds, `count`
    of each kind of edit."""
    times: dict[str, list] = {"cold": [], "edit": [], "edit-title": []}
    for k in range(cold):
        order = (on, off) if k % 2 == 0 else (off, on)
        took = {}
        for folder in order:
            clean(folder)
            took[folder] = build(engine, folder)
        times["cold"].append((took[on], took[off]))
    articles = {folder: bench.target_article(folder / "content" / "articles") for folder in (on, off)}
    with bench.edited(corpus, articles[on]) as write_on, bench.edited(corpus, articles[off]) as write_off:
        writers = {on: write_on, off: write_off}
        original = articles[on].read_text(encoding="utf-8")
        edits = {
            "edit": lambda k: bench.edit_body(original, "digest", k),
            "edit-title": lambda k: bench.edit_title(bench.edit_body(original, "digest", k), k),
        }
        for k in range(count):
            order = (on, off) if k % 2 == 0 else (off, on)
            for scenario, edit in edits.items():
                took = {}
                for folder in order:
                    writers[folder](edit(k))
                    took[folder] = build(engine, folder)
                times[scenario].append((took[on], took[off]))
        times["identical"] = [same_as_clean(engine, on, corpus) if verify else "not checked"]
    build(engine, on)
    build(engine, off)  # back to the unedited sites, untimed
    return times


def same_as_clean(engine: bench.Engine, folder: Path, corpus: bench.Corpus) -> str:
    copy = corpus.root / "search-clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(".digest-cache", "site"))
    build(engine, copy)
    verdict = bench.compare_trees(folder / "site", copy / "site")
    shutil.rmtree(copy)
    return verdict


def report(n: int, times: dict[str, list]) -> list[str]:
    lines = []
    for scenario in ("cold", "edit", "edit-title"):
        on = statistics.median(a for a, _ in times[scenario])
        off = statistics.median(b for _, b in times[scenario])
        ratio = statistics.median(a / b for a, b in times[scenario])
        runs = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in times[scenario])
        lines.append(f"| {n:,} | {scenario} | {on:.2f} s | {off:.2f} s | ×{ratio:.2f} | {runs} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--pairs", type=int, default=3, help="pairs of runs (search on, off) per measurement")
    parser.add_argument("--cold-pairs", type=int, help="pairs of cold builds (default: --pairs)")
    parser.add_argument("--no-verify", action="store_true", help="skip the clean build behind 'equals'")
    parser.add_argument("--rev", help="measure this commit (exported with git archive) instead of the working tree")
    parser.add_argument("--wait-idle", type=float, default=0, help="wait up to this long for idle CPUs (s)")
    args = parser.parse_args(argv)
    bench.IDLE.max_wait = args.wait_idle
    engine = bench.digest_engine(args.rev)
    print(f"digest: {engine.description}", file=sys.stderr)
    lines = ["| articles | step | search on | search off | on/off (median of pairs) | pairs on/off (s) |"]
    lines.append("|---:|---|---:|---:|---:|---|")
    identical = []
    for n in map(int, args.sizes.split(",")):
        corpus = bench.prepare(n, engine.templates, with_peers=False)
        on, off = project(corpus, True), project(corpus, False)
        times = pairs(engine, on, off, args.pairs, args.cold_pairs or args.pairs, corpus, not args.no_verify)
        lines += report(n, times)
        identical.append(f"{n:,}: incremental search-on site equals a clean build: {times['identical'][0]}")
        print("\n".join(lines[-3:]), file=sys.stderr, flush=True)
    print("\n".join([*lines, "", *identical]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
