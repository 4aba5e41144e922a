"""Time digest (and, when installed, Hugo and Pelican) on generated corpora; print medians and peak memory.

    .venv/bin/python benchmarks/run.py                        # 1,000 and 10,000 articles, 5 runs each
    .venv/bin/python benchmarks/run.py --sizes 1000,10000,50000 --repeat 3 --write-results

For each size it generates the corpus once (cached in benchmarks/work/, keyed
by the generator and the templates), then times whole `digest build` runs as
child processes: cold (no cache, no output), no-op, one article's body edited,
the same plus its title, a template edited, the config edited, and a deploy:
the project, its cache and the output copied over themselves without their
times (as a fresh clone with a restored CI cache leaves them: same paths and
bytes, every file's times and inode new), nothing changed. After each edited
series, and the deploy series, the output is compared with a clean build of the
corpus ("identical"), then the edit is undone and the site rebuilt. Hugo and Pelican,
when found, build the same articles in the same run: cold, and one article
edited (Hugo rebuilds everything; Pelican reuses its content cache).

Memory: "peak" is ru_maxrss of the child from os.wait4 (the largest single
process, its reaped children included); "tree RSS" is the largest sum of RSS
over the child and its descendants, sampled every 50 ms, which counts the pages
forked workers share with their parent once per process; "tree PSS" is the
largest sum of their proportional set sizes (/proc/PID/smaps_rollup, sampled
every 200 ms), which counts each page once: the memory the build really holds,
and what the memory target is judged on. Nothing is installed unless
--install-peers is given.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

import generate
import peers

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
PEERS_VENV = HERE / ".venv-peers"
RESULTS = HERE / "RESULTS.md"
PAGE = os.sysconf("SC_PAGE_SIZE")
SCENARIOS = ["cold", "noop", "edit", "edit-title", "add", "template", "config", "config-place", "deploy"]
LABELS = {
    "cold": "cold (no cache, no output)",
    "noop": "no-op rebuild",
    "edit": "one article edited (a word)",
    "edit-title": "one article edited (a word and its title)",
    "add": "one article added (the newest)",
    "template": "template edited (article.html)",
    "config": "config edited (site description)",
    "config-place": "config edited (a meeting's place)",
    "deploy": "deploy (clone, cache and output restored: every stat new)",
}
# The targets at 10,000 articles: seconds, or "hugo" for "no slower than Hugo".
TARGETS: dict[str, float | str] = {
    "cold": "hugo", "noop": 0.3, "edit": 0.5, "edit-title": 0.5, "template": 1.5, "config": 3.0, "deploy": 2.0,
}  # fmt: skip
MEMORY_TARGET_MIB = 500
EDIT_WORDS = ["reportedly", "apparently", "evidently", "notably", "plainly"]


# --- measuring one process ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float  # user + system seconds of the child and its reaped children
    peak_kib: int  # ru_maxrss from wait4: the largest process
    tree_kib: int  # sampled sum of RSS over the process tree (pages forked workers share are counted in each)
    pss_kib: int = 0  # sampled sum of PSS over the tree: shared pages split among their sharers, counted once


def _tree(pid: int) -> list[int]:
    """pid and all its descendants, from /proc (threads' children included)."""
    found, stack = [], [pid]
    while stack:
        p = stack.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return found


def _tree_rss_kib(pids: list[int]) -> int:
    return _tree_kib(pids, "statm", lambda f: int(f.read().split()[1]) * PAGE // 1024)


def _tree_pss_kib(pids: list[int]) -> int:
    """Proportional set size: what the tree really occupies, a page shared by n processes counted 1/n in each."""
    return _tree_kib(pids, "smaps_rollup", lambda f: next(int(ln.split()[1]) for ln in f if ln.startswith("Pss:")))


def _tree_kib(pids: list[int], name: str, read: Callable[[TextIO], int]) -> int:
    """The sum over the processes of what `read` finds in /proc/PID/<name> (a process that has gone counts 0)."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/{name}") as f:
                total += read(f)
        except (OSError, ValueError, IndexError, StopIteration):
            continue
    return total


def _cpu_times() -> tuple[int, int]:
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]  # all, idle + iowait


@dataclass
class Idle:
    """Before each timed run, wait (up to max_wait seconds) until other processes leave the CPUs alone.

    The machines this runs on are shared (tests, browsers); a build timed while
    another job holds a core measures the other job as much as the build.
    """

    max_wait: float = 0.0  # 0: do not wait
    threshold: float = 0.15  # busy fraction of all CPUs over one second
    busy_runs: int = 0  # runs started although the machine never settled
    waited: float = 0.0
    settled_last: bool = True  # after a wait in vain, wait briefly until the machine settles again

    def wait(self) -> None:
        if self.max_wait <= 0:
            return
        limit = self.max_wait if self.settled_last else min(self.max_wait, 10.0)
        started = time.monotonic()
        while True:
            total, idle = _cpu_times()
            time.sleep(1.0)
            total2, idle2 = _cpu_times()
            busy = 1 - (idle2 - idle) / max(1, total2 - total)
            if busy <= self.threshold:
                self.settled_last = True
                break
            if time.monotonic() - started > limit:
                self.busy_runs += 1
                self.settled_last = False
                break
        self.waited += time.monotonic() - started


IDLE = Idle()


def measure(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run cmd to completion; wall time, wait4's max RSS and the sampled tree RSS. Raises on failure."""
    IDLE.wait()
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        tree, pss = [0], [0]
        done = threading.Event()

        def sample() -> None:
            tick = 0
            while not done.wait(0.05):
                pids = _tree(child.pid)
                tree[0] = max(tree[0], _tree_rss_kib(pids))
                if tick % 4 == 0:  # smaps_rollup walks page tables: every 200 ms is enough for multi-second peaks
                    pss[0] = max(pss[0], _tree_pss_kib(pids))
                tick += 1

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
        done.set()
        sampler.join()
        if child.returncode != 0:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-3000:]
            raise RuntimeError(f"{' '.join(map(str, cmd))} exited {child.returncode}:\n{tail}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss, max(tree[0], usage.ru_maxrss), pss[0])


# --- tools ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Engine:
    """How to run digest: the installed working tree, or a commit exported by --rev."""

    cmd: list[str]
    env: dict[str, str]
    templates: Path
    description: str


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True).stdout.strip()


def digest_engine(rev: str | None) -> Engine:
    python = REPO / ".venv" / "bin" / "python"
    env = {**os.environ}
    env.pop("SOURCE_DATE_EPOCH", None)
    # As installed packages run: from bytecode. With PYTHONDONTWRITEBYTECODE set (as on some shared machines),
    # every run would compile digest's modules from source first, ~40 ms that no user pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if rev is None:
        head = _git("rev-parse", "--short=12", "HEAD")
        dirty = _git("status", "--porcelain", "--", "digest", "templates")
        note = " + uncommitted changes in digest/ or templates/" if dirty else ""
        return Engine([str(python), "-P", "-m", "digest"], env, REPO / "templates", f"working tree at {head}{note}")
    sha = _git("rev-parse", "--short=12", rev)
    engine_sha = _git("log", "-1", "--format=%h", sha, "--", "digest", "templates")
    root = WORK / "engines" / sha
    if not (root / "digest" / "__init__.py").exists():
        root.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", sha, "digest", "templates"], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    subprocess.run([str(python), "-m", "compileall", "-q", str(root / "digest")], env=env, check=True)
    env["PYTHONPATH"] = str(root)  # ahead of the editable install of the working tree
    return Engine(
        [str(python), "-P", "-m", "digest"],
        env,
        root / "templates",
        f"commit {sha}, git-archived (digest/ and templates/ last changed in {engine_sha})",
    )


def find_hugo() -> str | None:
    return shutil.which("hugo")


def find_pelican() -> str | None:
    for candidate in (PEERS_VENV / "bin" / "pelican", REPO / ".venv" / "bin" / "pelican"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("pelican")


def version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return out.splitlines()[0] if out else "unknown"


def install_peers() -> None:
    """Hugo from the system's packages (Debian: apt-get), Pelican into benchmarks/.venv-peers."""
    if not find_hugo():
        apt = ["apt-get", "install", "-y", "hugo"]
        if os.geteuid() != 0 and shutil.which("sudo"):
            apt.insert(0, "sudo")
        subprocess.run(apt, check=True)
    if not (PEERS_VENV / "bin" / "pelican").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
        subprocess.run([str(PEERS_VENV / "bin" / "pip"), "install", "-q", "pelican[markdown]"], check=True)


# --- corpora --------------------------------------------------------------------------------------------


def _tree_hash(*paths: Path) -> str:
    h = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for p in files:
            h.update(str(p.relative_to(root.parent)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


@dataclass
class Corpus:
    n: int
    root: Path  # benchmarks/work/<n>/

    @property
    def digest(self) -> Path:
        return self.root / "digest"

    @property
    def hugo(self) -> Path:
        return self.root / "hugo"

    @property
    def pelican(self) -> Path:
        return self.root / "pelican"

    def out(self, tool: str) -> Path:
        return self.root / f"out-{tool}"


def prepare(n: int, templates: Path, with_peers: bool) -> Corpus:
    """Generate what is missing or stale; reuse the rest (50,000 articles take a minute to write)."""
    corpus = Corpus(n, WORK / str(n))
    corpus.root.mkdir(parents=True, exist_ok=True)
    restore_pending(corpus)
    generator = _tree_hash(HERE / "generate.py", HERE / "peers.py")
    stamp_file = corpus.root / "stamp.json"
    stamps = json.loads(stamp_file.read_text()) if stamp_file.exists() else {}
    writers: dict[str, Callable[[], None]] = {
        "digest": lambda: generate.write_digest(n, corpus.digest, templates=templates),
        "hugo": lambda: peers.write_hugo(n, corpus.hugo),
        "pelican": lambda: peers.write_pelican(n, corpus.pelican),
    }
    for kind in ["digest", "hugo", "pelican"] if with_peers else ["digest"]:
        if stamps.get(kind) != generator:
            print(f"  generating {n} articles for {kind}…", file=sys.stderr, flush=True)
            stamps.pop(kind, None)
            stamp_file.write_text(json.dumps(stamps))
            writers[kind]()
            shutil.rmtree(corpus.out(kind), ignore_errors=True)
            stamps[kind] = generator
            stamp_file.write_text(json.dumps(stamps))
    # The digest project's templates follow the engine measured (the working tree's, or --rev's).
    if _tree_hash(templates) != _tree_hash(corpus.digest / "templates"):
        shutil.rmtree(corpus.digest / "templates")
        shutil.copytree(templates, corpus.digest / "templates", symlinks=False)
    return corpus


# --- edits, always undone -------------------------------------------------------------------------------


def _pending_file(corpus: Corpus) -> Path:
    return corpus.root / "pending-restore.json"


def restore_pending(corpus: Corpus) -> None:
    """Undo edits left behind by an interrupted run, so the corpus is what the generator wrote."""
    pending = _pending_file(corpus)
    if pending.exists():
        for path, text in json.loads(pending.read_text(encoding="utf-8")).items():
            if text is None:  # a file a run added
                Path(path).unlink(missing_ok=True)
            else:
                Path(path).write_text(text, encoding="utf-8")
        pending.unlink()


@contextmanager
def edited(corpus: Corpus, path: Path) -> Iterator[Callable[[str], None]]:
    """Yield a writer for `path`; its original text is saved first and put back on exit, whatever happens."""
    original = path.read_text(encoding="utf-8") if path.exists() else None  # None: a file added, then removed
    pending = _pending_file(corpus)
    saved = json.loads(pending.read_text(encoding="utf-8")) if pending.exists() else {}
    saved[str(path)] = original
    pending.write_text(json.dumps(saved), encoding="utf-8")

    def write(text: str) -> None:
        path.write_text(text, encoding="utf-8")

    try:
        yield write
    finally:
        if original is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(original, encoding="utf-8")
        saved.pop(str(path))
        if saved:
            pending.write_text(json.dumps(saved), encoding="utf-8")
        else:
            pending.unlink()


def target_article(folder: Path) -> Path:
    """The third-newest file: on the home page, in the feeds, in its themes' first pages."""
    return sorted(folder.glob("*.md"))[-3]


def _split_front_matter(text: str, kind: str) -> tuple[str, str]:
    if kind == "pelican":  # Key: value lines, a blank line, the body
        head, _, body = text.partition("\n\n")
        return head + "\n\n", body
    end = text.index("\n---\n", 4) + len("\n---\n")
    return text[:end], text[end:]


def edit_body(text: str, kind: str, k: int) -> str:
    """Change one word of the body (the first lower-case word of 5+ letters) to a different one."""
    head, body = _split_front_matter(text, kind)
    match = re.search(r"\b[a-z]{5,}\b", body)
    if match is None:
        raise ValueError("no word to edit in the article body")
    word = next(w for w in EDIT_WORDS[k % len(EDIT_WORDS) :] + EDIT_WORDS if w != match.group())
    return head + body[: match.start()] + word + body[match.end() :]


def edit_title(text: str, k: int) -> str:
    """digest front matter: the title gains one word."""
    return re.sub(r'^title: "(.*)"$', lambda m: f'title: "{m.group(1)} update{k + 1}"', text, count=1, flags=re.M)


def new_article(text: str, k: int) -> str:
    """digest front matter: another article, a day after the newest (it leads every list it is in), from `text`."""
    newest = max(datetime.fromisoformat(d) for d in re.findall(r"^date: (\S+)$", text, flags=re.M))
    text = re.sub(r"^date: .*$", f"date: {(newest + timedelta(days=1)).isoformat()}", text, count=1, flags=re.M)
    return re.sub(r'^title: "(.*)"$', lambda m: f'title: "Added {k + 1}: {m.group(1)}"', text, count=1, flags=re.M)


def edit_template(text: str, k: int) -> str:
    """A comment inside the article page's main block, so every article page really changes."""
    mark = "{% block main %}"
    comment = f"<!-- benchmark edit {k + 1} -->"
    return text.replace(mark, mark + comment, 1) if mark in text else text + comment + "\n"


def edit_config(text: str, k: int) -> str:
    description = generate.yaml_str(generate.SITE_DESCRIPTION)
    if description not in text:
        raise ValueError("the generated site description is not in config.yaml")
    return text.replace(description, generate.yaml_str(f"{generate.SITE_DESCRIPTION} (edit {k + 1})"), 1)


def edit_place(text: str, k: int) -> str:
    """The first meeting's place gains a word: only the pages that show that place can change."""
    edited = re.sub(r'^(    place: ".*)"$', lambda m: f'{m.group(1)} (edit {k + 1})"', text, count=1, flags=re.M)
    if edited == text:
        raise ValueError("no meeting place in config.yaml")
    return edited


# --- scenarios ------------------------------------------------------------------------------------------


@dataclass
class Result:
    n: int
    tool: str  # digest, hugo, pelican
    scenario: str
    runs: list[Run] = field(default_factory=list)
    identical: str = ""  # "yes", "no (…)" or "" when not checked
    files: int = 0  # output files after the series

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(r.peak_kib for r in self.runs) / 1024

    @property
    def tree_mib(self) -> float:
        return max(r.tree_kib for r in self.runs) / 1024

    @property
    def pss_mib(self) -> float:
        return max(r.pss_kib for r in self.runs) / 1024


def count_files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def compare_trees(a: Path, b: Path) -> str:
    """ "yes" when both folders hold the same files with the same bytes, else what differs."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    differ = sorted(str(p) for p in files_a & files_b if not filecmp.cmp(a / p, b / p, shallow=False))
    only = sorted(str(p) for p in files_a ^ files_b)
    if not differ and not only:
        return "yes"
    shown = ", ".join((differ + only)[:3])
    return f"no ({len(differ)} differ, {len(only)} only on one side: {shown})"


def copied_over_itself(folder: Path) -> None:
    """Every file under `folder` replaced by a copy of itself: the same paths and bytes, but new times and a new
    inode, as a fresh clone, or a cache restored by CI, leaves them. A run stopped midway leaves every file whole."""
    for path in [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]:
        copy = path.with_name(path.name + ".copying")
        shutil.copyfile(path, copy)
        os.replace(copy, path)


class DigestBench:
    def __init__(self, corpus: Corpus, engine: Engine, repeat: int, verify: bool) -> None:
        self.corpus, self.engine, self.repeat, self.verify = corpus, engine, repeat, verify
        self.project, self.out = corpus.digest, corpus.out("digest")
        self.built = False  # by this engine, in this run: only then is a no-op really a no-op

    def build(self, project: Path | None = None, out: Path | None = None) -> Run:
        project, out = project or self.project, out or self.out
        cmd = [*self.engine.cmd, "build", "--config", str(project / "config.yaml"), "--out", str(out), "--quiet"]
        run = measure(cmd, env=self.engine.env)
        self.built = self.built or project == self.project
        return run

    def clean(self, project: Path | None = None, out: Path | None = None) -> None:
        shutil.rmtree((project or self.project) / ".digest-cache", ignore_errors=True)
        shutil.rmtree(out or self.out, ignore_errors=True)

    def clean_build_matches(self) -> str:
        """Build a copy of the (edited) project from nothing and compare with the incremental output."""
        copy, out = self.corpus.root / "clean-project", self.corpus.root / "clean-out"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(self.project, copy, ignore=shutil.ignore_patterns(".digest-cache"))
        self.clean(copy, out)
        self.build(copy, out)
        verdict = compare_trees(self.out, out)
        shutil.rmtree(copy)
        shutil.rmtree(out)
        return verdict

    def run(self, scenario: str) -> Result:
        result = Result(self.corpus.n, "digest", scenario)
        if scenario == "cold":
            for _ in range(self.repeat):
                self.clean()
                result.runs.append(self.build())
        elif scenario == "noop":
            if not self.built:
                self.build()
            result.runs = [self.build() for _ in range(self.repeat)]
        elif scenario == "deploy":
            if not self.built:
                self.build()
            for _ in range(self.repeat):
                copied_over_itself(self.project)  # the articles, templates, config and .digest-cache/
                copied_over_itself(self.out)
                result.runs.append(self.build())
            if self.verify:
                result.identical = self.clean_build_matches()
        else:
            self._edited_series(scenario, result)
        result.files = count_files(self.out)
        return result

    def _edited_series(self, scenario: str, result: Result) -> None:
        if not self.built:
            self.build()
        if scenario in ("edit", "edit-title"):
            path = target_article(self.project / "content" / "articles")

            def change(text: str, k: int) -> str:
                text = edit_body(text, "digest", k)
                return edit_title(text, k) if scenario == "edit-title" else text

        elif scenario == "add":
            self._added_series(result)
            return
        elif scenario == "template":
            path, change = self.project / "templates" / "article.html", edit_template
        else:
            path, change = self.project / "config.yaml", edit_config if scenario == "config" else edit_place
        with edited(self.corpus, path) as write:
            original = path.read_text(encoding="utf-8")
            for k in range(self.repeat):
                write(change(original, k))
                result.runs.append(self.build())
            if self.verify:
                result.identical = self.clean_build_matches()
        self.build()  # back to the unedited site, untimed

    def _added_series(self, result: Result) -> None:
        """A new newest article, built (timed), compared with a clean build, then removed and built (untimed)."""
        folder = self.project / "content" / "articles"
        newest = sorted(folder.glob("*.md"))[-1]
        path = folder / "zz-added-by-the-benchmark.md"
        for k in range(self.repeat):
            with edited(self.corpus, path) as write:
                write(new_article(newest.read_text(encoding="utf-8"), k))
                result.runs.append(self.build())
                if self.verify and k == 0:
                    result.identical = self.clean_build_matches()
            self.build()  # without it again, untimed


class HugoBench:
    def __init__(self, corpus: Corpus, hugo: str, repeat: int) -> None:
        self.corpus, self.hugo, self.repeat = corpus, hugo, repeat
        self.site, self.out = corpus.hugo, corpus.out("hugo")

    def build(self) -> Run:
        return measure([self.hugo, "--source", str(self.site), "--destination", str(self.out), "--quiet"])

    def run(self, scenario: str) -> Result:
        result = Result(self.corpus.n, "hugo", scenario)
        if scenario == "cold":
            for _ in range(self.repeat):
                for leftover in (self.out, self.site / "resources"):
                    shutil.rmtree(leftover, ignore_errors=True)
                result.runs.append(self.build())
        else:  # edit: Hugo has no persistent cache, so this is a whole build over the previous output
            if not self.out.exists():
                self.build()
            path = target_article(self.site / "content" / "articles")
            with edited(self.corpus, path) as write:
                original = path.read_text(encoding="utf-8")
                for k in range(self.repeat):
                    write(edit_body(original, "hugo", k))
                    result.runs.append(self.build())
        result.files = count_files(self.out)
        return result


class PelicanBench:
    def __init__(self, corpus: Corpus, pelican: str, repeat: int) -> None:
        self.corpus, self.pelican, self.repeat = corpus, pelican, repeat
        self.site, self.out = corpus.pelican, corpus.out("pelican")

    def build(self) -> Run:
        conf, content = self.site / "pelicanconf.py", self.site / "content"
        return measure([self.pelican, str(content), "-s", str(conf), "-o", str(self.out), "-q"], cwd=self.site)

    def run(self, scenario: str) -> Result:
        result = Result(self.corpus.n, "pelican", scenario)
        if scenario == "cold":
            for _ in range(self.repeat):
                for leftover in (self.out, self.site / "cache"):
                    shutil.rmtree(leftover, ignore_errors=True)
                result.runs.append(self.build())
        else:  # edit, with the content cache a previous build left
            if not (self.site / "cache").exists():
                self.build()
            path = target_article(self.site / "content" / "articles")
            with edited(self.corpus, path) as write:
                original = path.read_text(encoding="utf-8")
                for k in range(self.repeat):
                    write(edit_body(original, "pelican", k))
                    result.runs.append(self.build())
            self.build()  # the cache matches the restored file again
        result.files = count_files(self.out)
        return result


# --- report ---------------------------------------------------------------------------------------------


def machine(engine: Engine, hugo: str | None, pelican: str | None, load_before: tuple[float, ...]) -> list[str]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1]
    python = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "--version"], capture_output=True, text=True
    ).stdout.strip()
    return [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- digest: {engine.description}",
        f"- CPU: {cpu}, `nproc` = {os.cpu_count()}",
        f"- memory (`free -h`): {' '.join(memory.split())}",
        f"- system: {platform.system()} {platform.release()}; {python} (digest's .venv)",
        f"- Hugo: {version([hugo, 'version']) if hugo else 'not installed'}",
        f"- Pelican: {version([pelican, '--version']) if pelican else 'not installed'}",
        "- load average (1, 5, 15 min) before: "
        + ", ".join(f"{x:.2f}" for x in load_before)
        + "; after: "
        + ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        f"- waited for idle CPUs: {IDLE.waited:.0f} s in all; runs started on a busy machine anyway: {IDLE.busy_runs}"
        if IDLE.max_wait > 0
        else "- did not wait for idle CPUs (--wait-idle 0)",
    ]


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _cell(result: Result | None) -> str:
    if result is None or not result.runs:
        return "—"
    return f"{_seconds(result.median)} (CPU {_seconds(result.cpu)}) · {result.peak_mib:.0f} MiB"


def _target(result: Result, hugo: Result | None) -> str:
    if result.n != 10_000 or result.scenario not in TARGETS:
        return ""
    goal = TARGETS[result.scenario]
    marks = []
    if goal == "hugo":
        if hugo is not None and hugo.runs:
            marks.append(f"≤ Hugo {'✓' if result.median <= hugo.median else '✗'}")
    else:
        marks.append(f"≤ {goal} s {'✓' if result.median <= float(goal) else '✗'}")
    if result.scenario == "cold":  # judged on PSS: RSS counts pages the forked workers share once per worker
        marks.append(f"≤ {MEMORY_TARGET_MIB} MiB {'✓' if result.pss_mib <= MEMORY_TARGET_MIB else '✗'}")
    return "; ".join(marks)


def _ratio(result: Result, peer: Result | None) -> str:
    return f"{result.median / peer.median:.2f}" if peer and peer.runs else "—"


def table(results: list[Result]) -> list[str]:
    lines = [
        "| articles | build | digest median (min–max) | CPU | peak RSS / tree RSS / tree PSS | identical to clean | "
        "Hugo median (CPU) · peak | Pelican median (CPU) · peak | digest/Hugo | digest/Pelican | target at 10k |",
        "|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---|",
    ]
    by_key = {(r.n, r.tool, r.scenario): r for r in results}
    for r in (r for r in results if r.tool == "digest"):
        peer_key = "cold" if r.scenario == "cold" else "edit" if r.scenario == "edit" else None
        hugo = by_key.get((r.n, "hugo", peer_key)) if peer_key else None
        pelican = by_key.get((r.n, "pelican", peer_key)) if peer_key else None
        low, high = min(x.seconds for x in r.runs), max(x.seconds for x in r.runs)

        lines.append(
            f"| {r.n:,} | {LABELS[r.scenario]} | {_seconds(r.median)} ({low:.2f}–{high:.2f}) | {_seconds(r.cpu)} | "
            f"{r.peak_mib:.0f} / {r.tree_mib:.0f} / {r.pss_mib:.0f} MiB | {r.identical or '—'} | {_cell(hugo)} | "
            f"{_cell(pelican)} | "
            f"{_ratio(r, hugo)} | {_ratio(r, pelican)} | {_target(r, hugo)} |"
        )
    counts: dict[int, list[str]] = {}
    for r in results:
        if r.scenario == "cold":
            counts.setdefault(r.n, []).append(f"{r.tool} {r.files:,}")
    lines.append("")
    for n, parts in counts.items():
        lines.append(f"Output files at {n:,} articles: {', '.join(parts)}.  ")
    return lines


def write_results(block: list[str], sizes: str) -> None:
    """Replace this size set's block in RESULTS.md (or append one), leaving the hand-written text alone."""
    begin, end = f"<!-- run.py sizes={sizes} begin -->", f"<!-- run.py sizes={sizes} end -->"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    new = "\n".join([begin, *block, end])
    if begin in text and end in text:
        text = text[: text.index(begin)] + new + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + new + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts (default 1000,10000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is reported")
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help=f"comma-separated subset of {','.join(SCENARIOS)}"
    )
    parser.add_argument("--rev", help="measure this commit (exported with git archive) instead of the working tree")
    parser.add_argument("--no-peers", action="store_true", help="skip Hugo and Pelican even when installed")
    parser.add_argument("--install-peers", action="store_true", help="apt-get install hugo; pip install pelican")
    parser.add_argument("--no-verify", action="store_true", help="skip the clean builds behind 'identical'")
    parser.add_argument("--write-results", action="store_true", help=f"update {RESULTS.relative_to(REPO)}")
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=120,
        metavar="SECONDS",
        help="before each timed run, wait up to this long for the CPUs to be idle (default 120; 0 = never)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown or args.repeat < 1:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}" if unknown else "--repeat must be ≥ 1")

    if args.install_peers:
        install_peers()
    engine = digest_engine(args.rev)
    hugo = None if args.no_peers else find_hugo()
    pelican = None if args.no_peers else find_pelican()
    if not args.no_peers and not (hugo and pelican):
        missing = " and ".join(name for name, found in (("Hugo", hugo), ("Pelican", pelican)) if not found)
        print(f"{missing} not found: measuring without (--install-peers installs them)", file=sys.stderr)

    IDLE.max_wait = args.wait_idle
    load_before = os.getloadavg()
    results: list[Result] = []
    for n in sizes:
        corpus = prepare(n, engine.templates, with_peers=bool(hugo or pelican))
        bench = DigestBench(corpus, engine, args.repeat, verify=not args.no_verify)
        for scenario in scenarios:
            print(f"  {n:,} articles: digest {scenario}…", file=sys.stderr, flush=True)
            results.append(bench.run(scenario))
        for name, peer in (
            ("hugo", HugoBench(corpus, hugo, args.repeat) if hugo else None),
            ("pelican", PelicanBench(corpus, pelican, args.repeat) if pelican else None),
        ):
            for scenario in [s for s in ("cold", "edit") if s in scenarios and peer]:
                print(f"  {n:,} articles: {name} {scenario}…", file=sys.stderr, flush=True)
                results.append(peer.run(scenario))

    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    block = [
        f"### {', '.join(f'{n:,}' for n in sizes)} articles, median of {args.repeat}",
        "",
        *machine(engine, hugo, pelican, load_before),
        f"- command: `{command.strip()}`",
        "",
        *table(results),
    ]
    print("\n".join(block))
    if args.write_results:
        write_results(block, ",".join(map(str, sizes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
