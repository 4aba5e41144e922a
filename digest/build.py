"""config → load → group → render + feeds → output, as a flat list of steps.

Everything is loaded, checked and rendered before the first byte is written,
so a failed build leaves the previous site exactly as it was. Builds are
incremental: unchanged files are not parsed again (the cache), unchanged
pages are not rendered again (their keys, kept in the output's manifest),
and when no input changed at all the build stops after one directory scan.
An incremental build writes exactly the bytes a clean build would.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from . import code_fingerprint, output
from .cache import (
    FOLDER,
    RACY_NS,
    Cache,
    PlanRecord,
    cached_stories,
    last_build,
    last_plan,
    remember_build,
    remember_plan,
    spare_folder,
    vocabulary_key,
)
from .config import load_config
from .errors import DigestError, Problem
from .group import Digest, group
from .load import Found, load_articles, scan, worker_count
from .model import Config

if TYPE_CHECKING:
    import jinja2

    from .render import PageSpec

PARALLEL_FROM = 400  # pages: below this, forking workers costs more than it saves
CHUNK_FROM = 50  # pages per worker task, at least: fewer, and sending tasks costs more than rendering them


@dataclass(frozen=True)
class BuildResult:
    out: Path
    articles: int  # published
    pages: int
    feeds: int
    stats: output.WriteStats
    warnings: list[Problem]
    seconds: float
    steps: dict[str, float]  # seconds per step, in order
    planned: int = 0  # pages whose key was worked out again (a page key is what decides re-rendering)
    rendered: int = 0


class Progress(Protocol):
    """Told how far each step is; the CLI decides how (and whether) to show it."""

    def __call__(self, step: str, done: int, total: int) -> None: ...


def strict_problems(warnings: list[Problem]) -> None:
    """Under --strict a warning stops the run like an error."""
    if warnings:
        raise DigestError([replace(p, warning=False) for p in warnings])


def check(config_path: Path, strict: bool = False) -> tuple[int, list[Problem]]:
    """Validate config and every article; raise DigestError on any error."""
    config = load_config(config_path)
    cache = Cache.open(config.root, config)
    try:
        articles, warnings = load_articles(config, cache=cache)
    finally:
        cache.save()
    if strict:
        strict_problems(warnings)
    return len(articles), warnings


@dataclass
class Session:
    """What one process keeps from build to build (the dev server): the cache, already read and revived."""

    cache: Cache | None = None

    def cache_for(self, config: Config) -> Cache:
        kept = self.cache
        if kept is None or kept.folder != config.root / FOLDER or kept.config_key != vocabulary_key(config):
            kept = self.cache = Cache.open(config.root, config)
        return kept


def build(
    config_path: Path,
    out: Path | None = None,
    drafts: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    session: Session | None = None,
) -> BuildResult:
    """Build the site into `out` (config's site/ by default); raise DigestError, leaving `out` as it was."""
    with _collector_paused(), contextlib.ExitStack() as leaving:
        return _build(config_path, out, drafts, strict, progress, session or Session(), leaving)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """A build makes millions of objects and next to no reference cycles, so Python's cyclic collector
    only walks the heap again and again: at 10,000 articles, 40% of an edit's build time.

    Reference counting still frees everything. The collector is back on afterwards, with what the build
    left frozen: otherwise its first pass would walk all of it at once (0.13 s at 10,000 articles), just
    before the command exits. A long-running caller calls `release_garbage` when it has time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def release_garbage() -> None:
    """Let the collector see again what builds left frozen, and collect it (for the dev server, between builds)."""
    gc.unfreeze()
    gc.collect()


def _build(
    config_path: Path,
    out: Path | None,
    drafts: bool,
    strict: bool,
    progress: Progress | None,
    session: Session,
    leaving: contextlib.ExitStack,
) -> BuildResult:
    steps: dict[str, float] = {}
    started = last = time.perf_counter()

    def step(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps[name] = now - last
        last = now

    def tell(name: str) -> Callable[[int, int], None] | None:
        return (lambda done, total: progress(name, done, total)) if progress else None

    config = load_config(config_path)
    out = out or config.root / "site"
    previous = output.read_manifest(out)
    gone = leaving.enter_context(output.gone_files(out, previous.keys))
    files = scan(config)
    signature = input_signature(config, files, drafts)
    recorded = last_build(config.root, out)
    step("scan")
    if signature and signature == recorded.get("signature") and not gone():
        warnings = _stored_warnings(recorded)
        if strict:
            strict_problems(warnings)
        summary = recorded
        stats = output.WriteStats(0, len(previous.keys), 0)
        return BuildResult(
            out, summary["articles"], summary["pages"], summary["feeds"], stats, warnings,
            time.perf_counter() - started, steps,
        )  # fmt: skip

    from . import feeds, render, urls  # here, not at the top: a build with nothing to do never needs them
    from .calendar import calendar

    cache = session.cache_for(config)
    try:
        articles, warnings = load_articles(config, progress=tell("load"), cache=cache, files=files, list_quotes=False)
    finally:
        cache.save()  # what was learnt stays learnt, even when the content has errors
    if strict:
        strict_problems(warnings)
    step("load")
    digest = group(config, articles, drafts=drafts, stories=cached_stories(config.root))
    step("group")

    env = render.environment(config)
    config_key = render.config_fingerprint(config)
    shape = render.shape(digest)
    plan = last_plan(config.root, out)
    reach = _reach(plan, previous, shape, config_key, env, digest) if plan else None
    missing = gone()
    if plan is None or reach is None:
        specs = render.plan_pages(digest)
        plan, keys = _full_plan(specs, env, config_key, shape)
    else:  # only pages that refer to a changed article, or whose template changed, can change (see _reach)
        specs = render.plan_pages(digest, only=reach)
        keys = {path: previous.keys[path] for _, path, _ in plan.pages}
        keys.update((spec.path, render.page_key(spec, plan.templates[spec.template], config_key)) for spec in specs)
        deleted = {address for address, path, _ in plan.pages if path in missing and address not in reach}
        if deleted:  # from the site, by hand: made again
            specs += render.plan_pages(digest, only=deleted)
    planned = len(specs)
    todo = [spec for spec in specs if _stale(spec.path, keys, previous, missing)]
    feed_specs = feeds.plan_feeds(digest)
    for spec in feed_specs:
        keys[spec.address] = feeds.feed_key(spec, digest, config_key)
    files_out = render.static_files(config)
    files_out[urls.CALENDAR] = calendar(
        digest.meetings, config.people, config.site.base_url, f"{config.site.title}: meetings", digest.build_date
    )
    keys.update({path: hashlib.blake2b(data, digest_size=16).hexdigest() for path, data in files_out.items()})
    staging = output.begin(out, previous, list(keys), missing, pool=spare_folder(config.root, out))
    staged: dict[str, output.Staged] = {}
    try:
        staged = render_pages(env, todo, staging, tell("render"))
        step("render")
        files_out.update(
            (spec.address, feeds.render_feed(spec, digest))
            for spec in feed_specs
            if _stale(spec.address, keys, previous, missing)
        )
        staged.update(output.stage_all(staging, sorted(files_out.items()), first_slot=len(todo)))
        step("feeds")
        stats = output.commit(staging, staged, keys)
    except BaseException:
        output.discard(staging, staged)
        raise
    plan.manifest, plan.fingerprints = stats.manifest, dict(digest.fingerprints)
    remember_plan(config.root, out, plan)
    record = {"signature": signature, "articles": len(digest.articles), "pages": len(plan.pages)}
    remember_build(config.root, out, {**record, "feeds": len(feed_specs), "warnings": [_stored(p) for p in warnings]})
    step("write")
    return BuildResult(
        out, len(digest.articles), len(plan.pages), len(feed_specs), stats, warnings,
        time.perf_counter() - started, steps, planned, len(todo),
    )  # fmt: skip


def _reach(
    plan: PlanRecord, previous: output.Manifest, shape: str, config_key: str, env: jinja2.Environment, digest: Digest
) -> set[str] | None:
    """The addresses of the pages that refer to an article changed since `plan` was made, or whose template
    changed; None when anything else changed too (the site, the shape of the digest, config), and every page
    must be planned again. `plan.templates` takes the templates' new fingerprints."""
    from . import render

    if plan.manifest != previous.digest or plan.shape != shape or plan.config_key != config_key:
        return None
    templates = render.template_fingerprints(env, set(plan.templates))
    edited = {name for name, fingerprint in templates.items() if plan.templates[name] != fingerprint}
    if edited:
        plan.templates, plan.stored = templates, ""  # to be stored again
    indices: set[int] = set()
    for slug, fingerprint in digest.fingerprints.items():
        if plan.fingerprints.get(slug) != fingerprint:
            indices.update(plan.refs.get(slug, ()))
    reach = {plan.pages[i][0] for i in indices}
    reach.update(address for address, _, template in plan.pages if template in edited)
    return reach


def _full_plan(
    specs: list[PageSpec], env: jinja2.Environment, config_key: str, shape: str
) -> tuple[PlanRecord, dict[str, str]]:
    """Every page's key, and which pages refer to which article, for the next build's `_reach`."""
    from . import render

    templates = render.template_fingerprints(env, {spec.template for spec in specs})
    keys: dict[str, str] = {}
    refs: dict[str, list[int]] = {}
    for index, spec in enumerate(specs):
        slugs: list[str] = []
        keys[spec.path] = render.page_key(spec, templates[spec.template], config_key, slugs)
        for slug in set(slugs):
            refs.setdefault(slug, []).append(index)
    pages = [(spec.address, spec.path, spec.template) for spec in specs]
    packed = {slug: array("I", indices) for slug, indices in refs.items()}
    return PlanRecord("", shape, config_key, templates, pages, packed, {}), keys


def _stale(path: str, keys: dict[str, str], previous: output.Manifest, gone: set[str]) -> bool:
    """Made from other inputs than the file there now, or not there any more."""
    return previous.keys.get(path) != keys[path] or path in gone


def input_signature(config: Config, files: list[Found], drafts: bool) -> str:
    """Everything a build reads, by name, size and time; empty when a file is too fresh to trust its time."""
    now = time.time_ns()
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{code_fingerprint()}\0{drafts}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    digest.update(config.path.read_bytes())
    templates = []
    for folder, _dirs, names in os.walk(config.templates_dir):
        for name in names:
            stat = os.stat(os.path.join(folder, name))
            templates.append((os.path.join(folder, name), stat.st_mtime_ns, stat.st_size))
    for name, mtime, size in sorted(templates):
        if now - mtime < RACY_NS:
            return ""
        digest.update(f"{name}\0{mtime}\0{size}\0".encode())
    for found in files:
        if now - found.mtime_ns < RACY_NS:
            return ""
        digest.update(f"{found.shown}\0{found.mtime_ns}\0{found.size}\0".encode())
    return digest.hexdigest()


def _stored(problem: Problem) -> dict:
    return {
        "path": problem.path, "line": problem.line, "field": problem.field, "message": problem.message,
        "hint": problem.hint, "expires": problem.expires,
    }  # fmt: skip


def _stored_warnings(summary: dict) -> list[Problem]:
    """The last build's warnings, less those that time has made untrue (a future date now past)."""
    now = time.time()
    return [
        Problem(w["path"], w["line"], w["field"], w["message"], w["hint"], warning=True, expires=w["expires"])
        for w in summary.get("warnings", [])
        if w["expires"] is None or now < w["expires"]
    ]


_WORK: tuple[jinja2.Environment, list[PageSpec], output.Staging] | None = None


def render_pages(
    env: jinja2.Environment,
    specs: list[PageSpec],
    staging: output.Staging,
    progress: Callable[[int, int], None] | None,
) -> dict[str, output.Staged]:
    """Render and stage pages, on every core when there are many: this process and forked workers.

    Workers inherit the plan, so nothing is pickled in; they stage the pages
    themselves and send back only hashes, so no process holds the site. This
    process renders its share too instead of waiting: each worker ends up with
    its own copy of every object it touches (reference counts are writes), so
    one worker fewer is one copy of the digest fewer.
    """
    import multiprocessing

    workers = worker_count()
    if len(specs) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return output.stage_all(staging, _rendered(env, specs, progress))
    global _WORK
    _WORK = (env, specs, staging)
    size = max(CHUNK_FROM, len(specs) // (workers * 8))
    ranges = [(i, min(i + size, len(specs))) for i in range(0, len(specs), size)]
    mine = ranges[::workers]  # every kind of page comes in runs: taking every n-th chunk shares them out evenly
    theirs = [bounds for n, bounds in enumerate(ranges) if n % workers]
    staged: dict[str, output.Staged] = {}
    failures: list[BaseException] = []

    def collect(chunk: Callable[[], dict[str, output.Staged]]) -> None:
        try:
            staged.update(chunk())
        except Exception as exc:  # every chunk is still waited for: each cleans up after itself
            failures.append(exc)
        if progress:
            progress(len(staged), len(specs))

    try:
        with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
            results = pool.imap(_render_range, theirs)
            for bounds in mine:
                collect(partial(_render_range, bounds))
            for _ in theirs:
                collect(results.next)
    finally:
        _WORK = None
    if failures:
        output.discard(staging, staged)
        raise failures[0]
    return staged


def _rendered(env: jinja2.Environment, specs: list[PageSpec], progress: Callable[[int, int], None] | None):
    from .render import render_page

    for done, spec in enumerate(specs, start=1):
        yield spec.path, render_page(env, spec)
        if progress:
            progress(done, len(specs))


def _render_range(bounds: tuple[int, int]) -> dict[str, output.Staged]:
    assert _WORK is not None
    env, specs, staging = _WORK
    start, end = bounds
    return output.stage_all(staging, _rendered(env, specs[start:end], None), first_slot=start)
