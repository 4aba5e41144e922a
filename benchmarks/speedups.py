"""What each trick in digest/speedups.py gains: the same build with the trick and with it undone, in pairs.

    .venv/bin/python benchmarks/speedups.py                  # 10,000 articles, 5 pairs per trick
    .venv/bin/python benchmarks/speedups.py --size 1000 --pairs 3 --rev HEAD

Each trick is measured on the builds it serves (a template edit renders every article page; an edit renders a
few pages; a cold build, with no store and no site, is where memory is handed back). Every run makes its own
edit or starts cold, so no run is a no-op; the two kinds of run alternate (ABBA), so the machine's drift falls on
both. The gain is (undone − with) / undone of the medians, wall time and CPU time; the largest tree PSS of each
kind of run is shown beside. A trick whose gain is under about 5 % belongs out of digest (see
digest/speedups.py).

    .venv/bin/python benchmarks/speedups.py --only malloc_trim --pairs 2   # one trick
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass

import run

# How to undo each trick before digest's CLI starts: the library's own behaviour comes back.
UNDO = {
    "direct calls (Jinja's Context.call)": "del speedups.direct_calls().call",
    "collector paused (gc)": "speedups.collector_paused = contextlib.nullcontext",
    "files swapped (renameat2)": "speedups.exchange = lambda: None",
    "memory handed back (malloc_trim)": "speedups.hand_back_memory = lambda: None",
}
SERVES = {
    "direct calls (Jinja's Context.call)": ["template"],
    "collector paused (gc)": ["edit", "template"],
    "files swapped (renameat2)": ["template"],
    "memory handed back (malloc_trim)": ["cold"],
}


@dataclass
class Pairing:
    trick: str
    scenario: str
    kept: list[run.Run]
    undone: list[run.Run]

    def gain(self, measure: str) -> float:
        kept = statistics.median(getattr(r, measure) for r in self.kept)
        undone = statistics.median(getattr(r, measure) for r in self.undone)
        return (undone - kept) / undone

    def row(self) -> str:
        kept = statistics.median(r.seconds for r in self.kept)
        undone = statistics.median(r.seconds for r in self.undone)
        pss = [max(r.pss_kib for r in runs) >> 10 for runs in (self.kept, self.undone)]
        return (
            f"| {self.trick} | {self.scenario} | {kept:.2f} s | {undone:.2f} s | {self.gain('seconds'):+.0%} | "
            f"{self.gain('cpu'):+.0%} | {pss[0]} / {pss[1]} MiB |"
        )


def command(engine: run.Engine, corpus: run.Corpus, undo: str | None) -> list[str]:
    python, *_ = engine.cmd
    prelude = "import contextlib, sys; from digest import speedups; "
    start = "from digest.cli import main; sys.exit(main())"
    code = prelude + (undo + "; " if undo else "") + start
    out = corpus.out("digest")
    return [python, "-P", "-c", code, "build", "--config", str(corpus.digest / "config.yaml"), "--out", str(out), "-q"]


def measure(engine: run.Engine, corpus: run.Corpus, trick: str, scenario: str, pairs: int) -> Pairing:
    result = Pairing(trick, scenario, [], [])
    with contextlib.ExitStack() as stack:
        prepare = _prepare_each_run(corpus, scenario, stack)
        runs = 0
        for pair in range(pairs):
            order = (None, UNDO[trick]) if pair % 2 == 0 else (UNDO[trick], None)
            for undo in order:
                prepare(runs)
                runs += 1
                timed = run.measure(command(engine, corpus, undo), env=engine.env)
                (result.undone if undo else result.kept).append(timed)
    run.measure(command(engine, corpus, None), env=engine.env)  # back to the unedited site
    return result


def _prepare_each_run(corpus: run.Corpus, scenario: str, stack: contextlib.ExitStack) -> Callable[[int], None]:
    """What gives run k of a scenario its work: an edit of its own (the file put back when `stack` closes), or,
    for a cold build, no store and no site."""
    if scenario == "cold":

        def start_cold(_k: int) -> None:
            shutil.rmtree(corpus.digest / ".digest-cache", ignore_errors=True)
            shutil.rmtree(corpus.out("digest"), ignore_errors=True)

        return start_cold
    if scenario == "edit":
        path = run.target_article(corpus.digest / "content" / "articles")

        def change(text: str, k: int) -> str:
            return run.edit_body(text, "digest", k)

    else:
        path, change = corpus.digest / "templates" / "article.html", run.edit_template
    write = stack.enter_context(run.edited(corpus, path))
    original = path.read_text(encoding="utf-8")
    return lambda k: write(change(original, k))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10000, help="articles in the corpus (default 10000)")
    parser.add_argument("--pairs", type=int, default=5, help="runs with and without each trick (default 5)")
    parser.add_argument("--rev", help="measure this commit (exported with git archive) instead of the working tree")
    parser.add_argument("--wait-idle", type=float, default=120, metavar="SECONDS", help="as run.py's")
    parser.add_argument("--only", default="", help="measure only the tricks whose name contains this")
    args = parser.parse_args(argv)
    run.IDLE.max_wait = args.wait_idle
    engine = run.digest_engine(args.rev)
    corpus = run.prepare(args.size, engine.templates, with_peers=False)
    run.measure(command(engine, corpus, None), env=engine.env)  # the site and store of this engine
    rows = []
    for trick, scenarios in SERVES.items():
        for scenario in scenarios if args.only in trick else ():
            print(f"  {trick}, {scenario}…", file=sys.stderr, flush=True)
            rows.append(measure(engine, corpus, trick, scenario, args.pairs).row())
    print(f"### Tricks at {args.size:,} articles, {engine.description}, median of {args.pairs} pairs\n")
    print("| trick | build | with it | undone | gain (wall) | gain (CPU) | tree PSS, with / undone |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
