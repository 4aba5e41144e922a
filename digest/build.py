"""config → load → group → render + feeds → output, as a flat list of steps.

Everything is loaded, checked and rendered before the first byte is written,
so a failed build leaves the previous site exactly as it was. Builds are
incremental: unchanged files are not parsed again (the cache), unchanged
pages are not rendered again (their keys, kept in the output's manifest),
and when no input changed at all the build stops after one directory scan.
An edit that moves no article (see model.Part) and parts no story takes the
quick route: the last build's grouping again, with only the articles the
changed pages show revived from the cache. An incremental build writes
exactly the bytes a clean build would.
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
from urllib.parse import urlsplit

from . import code_fingerprint, output
from .cache import (
    FOLDER,
    RACY_NS,
    Cache,
    Kept,
    PlanRecord,
    StoryCache,
    last_build,
    last_kept,
    last_plan,
    remember_build,
    remember_kept,
    remember_plan,
    spare_folder,
    vocabulary_key,
)
from .config import load_config
from .errors import DigestError, Problem, UsageError
from .group import Digest, assemble, group, newest_stories, story_item
from .load import Found, Seen, findings, load_articles, load_files, scan, seen, worker_count
from .model import Article, Config

if TYPE_CHECKING:
    import jinja2

    from .render import PageSpec

# The quick route revives articles one by one until it has spent about what one pass over all of them costs (a
# query each costs about three times as much per article), then revives the rest in that pass: an edit's few
# hundred stay cheap, a template edit's ten thousand cost at most twice the pass.
ONE_BY_ONE = 1 / 3  # of the published articles
QUICK_UP_TO = 64  # changed files the quick route takes on; beyond, loading and grouping everything costs as much
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
    regrouped: bool = True  # every article loaded and grouped again; False: the quick route (see _regroup)
    revived: int = 0  # on the quick route, the articles revived from the cache for the pages and feeds
    base_path: str = "/"  # where the site lives under its host (`/news/`), for the preview hint
    rebuilt: tuple[str, ...] = ()  # output paths whose content was worked out again (not skipped by its key), sorted


class Progress(Protocol):
    """Told how far each step is; the CLI decides how (and whether) to show it."""

    def __call__(self, step: str, done: int, total: int) -> None: ...


# SOURCE_DATE_EPOCH up to the end of year 9998 (UTC): the build date, in any time zone and a day or two later,
# must stay within the calendar Python and the feeds' formats can write.
EPOCH_LIMIT = 253370764799  # 9998-12-31T23:59:59Z


def source_date_epoch(environ: dict[str, str] | None = None) -> None:
    """Refuse a SOURCE_DATE_EPOCH no build can use, before anything reads it (as reproducible-builds.org asks).

    Empty counts as unset. It is how the command was run, not a file an editor wrote: a usage error (exit 2).
    """
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if value and not (len(value) <= 12 and value.isascii() and value.isdigit() and int(value) <= EPOCH_LIMIT):
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise UsageError(
            f"SOURCE_DATE_EPOCH={shown!r} is not a build date digest can use — set it to whole seconds since "
            f"1970-01-01 UTC, as `date +%s` prints them (0 to {EPOCH_LIMIT}, i.e. before year 9999), or unset it"
        )


def strict_problems(warnings: list[Problem]) -> None:
    """Under --strict a warning stops the run like an error."""
    if warnings:
        raise DigestError([replace(p, warning=False) for p in warnings])


def check(config_path: Path, strict: bool = False) -> tuple[int, list[Problem]]:
    """Validate config and every article; raise DigestError on any error."""
    source_date_epoch()
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
    source_date_epoch()
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
            time.perf_counter() - started, steps, base_path=urlsplit(config.site.base_url).path or "/",
        )  # fmt: skip

    from . import feeds, render, urls  # here, not at the top: a build with nothing to do never needs them
    from .calendar import calendar

    cache = session.cache_for(config)
    stories = StoryCache(config.root)
    key = kept_key(config, drafts)
    kept = last_kept(config.root, out)
    quick = None
    try:
        if kept is not None and kept.manifest == previous.digest and kept.key == key:
            quick = _regroup(config, files, cache, stories, kept, tell("load"))
        if quick is None:
            loaded = load_files(config, files, cache, tell("load"))
    finally:
        cache.save()  # what was learnt stays learnt, even when the content has errors
    now_seen = quick[1] if quick else [seen(each) for each in loaded]
    warnings = findings(config, now_seen)
    if strict:
        strict_problems(warnings)
    step("load")
    if quick:
        digest = quick[0]
    else:
        digest = group(config, [each.article for each in loaded if each.article], drafts=drafts, stories=stories)
    step("group")

    env = render.environment(config)
    config_key = render.config_fingerprint(config)
    shape = render.shape(digest)
    plan = last_plan(config.root, out)
    reach = _reach(plan, previous, shape, config_key, env, digest, cache) if plan else None
    if quick and (reach is None or len(reach) >= ONE_BY_ONE * len(digest.articles)):
        quick[2].revive_all()  # most pages will be planned (a template edit): one pass beats thousands of lookups
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
    grouped = kept.grouped if quick and kept else ""  # the quick route changes no path, part or skeleton
    remember_kept(config.root, out, Kept(stats.manifest, key, now_seen, digest.skeleton, stories.generation, grouped))
    record = {"signature": signature, "articles": len(digest.articles), "pages": len(plan.pages)}
    remember_build(config.root, out, {**record, "feeds": len(feed_specs), "warnings": [_stored(p) for p in warnings]})
    step("write")
    return BuildResult(
        out, len(digest.articles), len(plan.pages), len(feed_specs), stats, warnings,
        time.perf_counter() - started, steps, planned, len(todo), quick is None,
        quick[2].revived if quick else 0, urlsplit(config.site.base_url).path or "/",
        rebuilt=tuple(sorted({spec.path for spec in todo}.union(files_out))),  # pages, feeds, calendar, assets
    )  # fmt: skip


def _regroup(
    config: Config,
    files: list[Found],
    cache: Cache,
    stories: StoryCache,
    kept: Kept,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Digest, list[Seen], _Lookup] | None:
    """The quick route: the last build's grouping again, when the changed files change no article's part (where
    it is listed, what is counted) and no story group; None when grouping everything again is needed.

    Only the changed files are loaded; other articles are revived from the cache one by one as pages ask for
    them: at ten thousand articles an edit revives a few hundred, not all (and never groups them all again).
    """
    before = kept.files
    if len(before) != len(files):
        return None
    changed = []
    for at, (was, found) in enumerate(zip(before, files, strict=True)):
        if was.path != found.shown:
            return None
        if was.mtime_ns != found.mtime_ns or was.size != found.size or was.checked_ns - was.mtime_ns <= RACY_NS:
            changed.append(at)
    if len(changed) > QUICK_UP_TO:
        return None
    now_seen = list(before)
    skeleton = kept.skeleton
    fresh: dict[str, Article] = {}
    reloaded = load_files(config, [files[at] for at in changed], cache, progress, every=False)
    for at, loaded in zip(changed, reloaded, strict=True):
        now_seen[at] = seen(loaded)
        if loaded.article is None or now_seen[at].part != before[at].part:
            return None
        if loaded.article.slug in skeleton.parts:  # published
            fresh[loaded.article.slug] = loaded.article
    fingerprints = {**skeleton.fingerprints, **{slug: a.fingerprint for slug, a in fresh.items()}}
    lookup = _Lookup(config, cache, fingerprints, fresh, files, now_seen)
    try:
        groups = stories.revise([story_item(a) for a in fresh.values() if len(a.story)], _Items(lookup), kept.stories)
    except KeyError:  # an article the index does not have: it is not the one that build left
        groups = None
    place = {slug: at for at, slug in enumerate(skeleton.order)}
    if groups is None or newest_stories(groups, place) != skeleton.stories:
        return None
    return assemble(config, replace(skeleton, fingerprints=fingerprints), lookup), now_seen, lookup


class _Lookup:
    """Slug → article, for the quick route: the changed ones as just loaded, any other revived from the cache
    when first asked for (and read again from its file if the cache lost it)."""

    def __init__(
        self, config: Config, cache: Cache, fingerprints: dict[str, str], known: dict[str, Article],
        files: list[Found], now_seen: list[Seen],
    ) -> None:  # fmt: skip
        self.config, self.cache, self.fingerprints, self.known = config, cache, fingerprints, dict(known)
        self.files, self.now_seen = files, now_seen
        self.revived = 0
        self.all_asked = False  # revived the rest in one pass (past ONE_BY_ONE)

    def __call__(self, slug: str) -> Article:
        article = self.known.get(slug)
        if article is None:
            if self.revived >= ONE_BY_ONE * len(self.fingerprints):
                self.revive_all()
                article = self.known.get(slug)
            if article is None:
                article = self.known[slug] = self.cache.article(self.fingerprints[slug]) or self._reload(slug)
                self.revived += 1
        return article

    def revive_all(self) -> None:
        if self.all_asked:
            return
        wanted = {fingerprint: slug for slug, fingerprint in self.fingerprints.items() if slug not in self.known}
        found = self.cache.articles(set(wanted))
        for fingerprint, article in found.items():
            self.known[wanted[fingerprint]] = article
        self.revived += len(found)
        self.all_asked = True

    def _reload(self, slug: str) -> Article:
        found = next(f for f, s in zip(self.files, self.now_seen, strict=True) if s.slug == slug)
        loaded = load_files(self.config, [found], self.cache, every=False)[0]
        if loaded.article is None or loaded.article.fingerprint != self.fingerprints[slug]:
            raise DigestError([Problem(found.shown, None, None, "changed during the build", "build again")])
        return loaded.article


class _Items(dict):
    """Slug → story item, made when first asked for (StoryIndex.revise asks for a changed article's candidates)."""

    def __init__(self, lookup: _Lookup) -> None:
        super().__init__()
        self.lookup = lookup

    def __missing__(self, slug: str):
        item = self[slug] = story_item(self.lookup(slug))
        return item


def kept_key(config: Config, drafts: bool) -> str:
    """What grouping depends on beside the articles and digest's code: config.yaml, drafts or not, SOURCE_DATE_EPOCH."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{drafts}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    digest.update(config.path.read_bytes())
    return digest.hexdigest()


def _reach(
    plan: PlanRecord,
    previous: output.Manifest,
    shape: str,
    config_key: str,
    env: jinja2.Environment,
    digest: Digest,
    cache: Cache,
) -> set[str] | None:
    """The addresses of the pages that refer to an article changed since `plan` was made, or whose template
    changed; None when anything else changed too (the site, the shape of the digest, config), and every page
    must be planned again. `plan.templates` takes the templates' new fingerprints.

    A page that only links to a changed article (older/newer, other reports) is reached only when what a link
    shows changed: a word fixed in an article's text re-plans its own page and its lists, not every page
    of its story."""
    from . import render

    if plan.manifest != previous.digest or plan.shape != shape or plan.config_key != config_key:
        return None
    templates = render.template_fingerprints(env, set(plan.templates))
    edited = {name for name, fingerprint in templates.items() if plan.templates[name] != fingerprint}
    if edited:
        plan.templates, plan.stored = templates, ""  # to be stored again
    indices: set[int] = set()
    for slug, fingerprint in digest.fingerprints.items():
        was = plan.fingerprints.get(slug)
        if was != fingerprint:
            indices.update(plan.refs.get(slug, ()))
            if slug in plan.links:
                before = cache.article(was) if was else None
                if before is None or before.link.token != digest.articles.fetch(slug).link.token:
                    indices.update(plan.links[slug])
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
    links: dict[str, list[int]] = {}
    for index, spec in enumerate(specs):
        shown: list[str] = []
        linked: list[str] = []
        keys[spec.path] = render.page_key(spec, templates[spec.template], config_key, shown, linked)
        for slug in set(shown):
            refs.setdefault(slug, []).append(index)
        for slug in set(linked).difference(shown):
            links.setdefault(slug, []).append(index)
    pages = [(spec.address, spec.path, spec.template) for spec in specs]
    packed = {slug: array("I", indices) for slug, indices in refs.items()}
    packed_links = {slug: array("I", indices) for slug, indices in links.items()}
    return PlanRecord("", shape, config_key, templates, pages, packed, packed_links, {}), keys


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
    if files:  # as columns: ten thousand files
        _, shown, mtimes, sizes = zip(*files, strict=True)
        if now - max(mtimes) < RACY_NS:
            return ""
        digest.update("\0".join((str(len(files)), *shown, "")).encode())
        digest.update(array("q", mtimes).tobytes() + array("q", sizes).tobytes())
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
    workers = worker_count()
    if len(specs) < PARALLEL_FROM or workers < 2:  # before importing multiprocessing (5 ms): an edit renders a few
        return output.stage_all(staging, _rendered(env, specs, progress))
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
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
