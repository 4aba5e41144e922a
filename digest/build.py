"""Build a site as a flat list of steps over one state: scan, load, group, plan, render, write (`STEPS`).

Everything is loaded, checked and rendered before the first byte is written, so a failed build leaves the
previous site exactly as it was. Builds are incremental, and an incremental build writes exactly the bytes a
clean build would: unchanged files are not parsed again (store.py); only the pages that read something changed
are planned again, and only those whose key changed are rendered (depends.py says which); when no input changed
at all, the build stops after one directory scan. When an edit moves no article in any list (see model.Part)
and parts no story, the last build's lists are taken again, and only the articles the changed pages show are
taken from the store.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from . import code_fingerprint, output, speedups
from .config import load_config
from .errors import DigestError, Problem, UsageError, display_path
from .findings import findings
from .group import Digest, Lists, arrange, assemble, is_published, newest_first, newest_stories, story_item
from .load import (
    RACY_NS,
    Found,
    article_of,
    load_articles,
    load_changed,
    scan,
    sources_of,
    strays_of,
    worker_count,
)
from .model import Article, Config, FileRecord, Part
from .store import (
    FOLDER,
    Store,
    StoryCache,
    damage_warning,
    out_name,
    part_columns,
    parts_from_columns,
    spare_folder,
    vocabulary_key,
)

if TYPE_CHECKING:
    import jinja2

    from .depends import ConfigValues, Recorded
    from .feeds import FeedSpec
    from .render import PageSpec

# Taking the last lists again, articles are looked up one by one until that has cost about what one pass over
# all of them costs (a query each costs about three times as much per article), then the rest in that pass: an
# edit's few hundred stay cheap, a template edit's ten thousand cost at most twice the pass.
ONE_BY_ONE = 1 / 3  # of the published articles
STATEMENTS = "statements"  # the store's record of statements.StatementsByPerson
HAND_BACK_FROM = 1000  # articles read again: their freed memory is handed back (speedups.hand_back_memory)
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
    regrouped: bool = True  # every article loaded and grouped again; False: the last lists taken again
    looked_up: int = 0  # then, the articles taken from the store for the pages and feeds
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
    with _one_at_a_time(config_path), contextlib.ExitStack() as leaving:
        config = load_config(config_path)
        store = Store.open(config.root, config)
        leaving.callback(store.save)
        articles, warnings = load_articles(config, store=store)
    damaged = damage_warning(store)
    warnings = warnings + [damaged] if damaged else warnings
    if strict:
        strict_problems(warnings)
    return len(articles), warnings


@contextlib.contextmanager
def _one_at_a_time(config_path: Path, out: Path | None = None, building: bool = False) -> Iterator[None]:
    """One build or check of a project at a time (both write its store); before anything else, each output
    folder a killed build left half-written is put right, and a build removes what killed ones left in `out`."""
    if not config_path.is_file():  # load_config says what is wrong; there is no project to lock
        yield
        return
    root = config_path.resolve().parent
    out = out or root / "site"
    with output.one_build_at_a_time(root / FOLDER):
        output.finish_interrupted(spare_folder(root, out).parent)
        if building:
            output.remove_leftovers(out)
        yield


@dataclass
class Session:
    """What one process keeps from build to build (the dev server): the store, already open."""

    store: Store | None = None

    def store_for(self, config: Config) -> Store:
        kept = self.store
        if kept is None or kept.folder != config.root / FOLDER or kept.vocabulary != vocabulary_key(config):
            kept = self.store = Store.open(config.root, config)
        kept.damage.clear()
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
    locked = _one_at_a_time(config_path, out, building=True)
    with locked, speedups.collector_paused(), contextlib.ExitStack() as leaving:
        config = load_config(config_path)
        state = Build(config, out or config.root / "site", drafts, strict, session or Session(), progress, leaving)
        return _build(state)


@dataclass
class Build:
    """One build's state, handed from step to step (`STEPS`); each step fills in what the next ones read."""

    config: Config
    out: Path
    drafts: bool
    strict: bool
    session: Session
    progress: Progress | None
    leaving: contextlib.ExitStack  # what is undone or released when the build ends, however it ends
    previous: output.Manifest = field(default_factory=output.Manifest)  # what the last build wrote into `out`
    gone: Callable[[], set[str]] = set  # files of the last build no longer in `out` (removed by hand)
    files: list[Found] = field(default_factory=list)
    signature: str = ""  # input_signature: equal to the last build's, nothing changed
    store: Store | None = None
    last_lists: LastLists | None = None  # the last build's lists, while this build can take them again
    records: list[FileRecord] = field(default_factory=list)  # every file, in scan order
    loaded: dict[str, Article] = field(default_factory=dict)  # slug → article, for the files read again
    lookup: _Lookup | None = None  # slug → article: those just loaded, the others from the store as pages ask
    warnings: list[Problem] = field(default_factory=list)
    digest: Digest | None = None
    stories: StoryCache | None = None
    recorded: Recorded | None = None  # what the pages read, as the last build recorded it (then this one)
    keys: dict[str, str] = field(default_factory=dict)  # output path → key, for every output of the site
    config_values: ConfigValues | None = None  # what each read of the config's tables gives now (reads.py)
    before_reads: dict[str, str] = field(default_factory=dict)  # a planned page's key before its config reads
    pages: list[PageSpec] = field(default_factory=list)  # the pages to render
    planned: int = 0  # pages whose key was worked out again
    feeds: list[FeedSpec] = field(default_factory=list)
    other_files: dict[str, bytes] = field(default_factory=dict)  # static files and the calendar
    search: list[Any] = field(default_factory=list)  # the search index's parts to index again (search.Part)
    environment: Any = None  # the templates' Jinja environment (render.environment), made by the plan step
    staging: output.Staging | None = None
    staged: dict[str, output.Staged] = field(default_factory=dict)
    rebuilt: tuple[str, ...] = ()  # what was rendered or read again: pages, feeds, the calendar, static files
    stats: output.WriteStats | None = None
    result: BuildResult | None = None  # set by the step that ends the build

    def tell(self, name: str) -> Callable[[int, int], None] | None:
        progress = self.progress
        return (lambda done, total: progress(name, done, total)) if progress else None


def _build(build: Build) -> BuildResult:
    steps: dict[str, float] = {}
    started = time.perf_counter()
    for step in STEPS:
        step(build)
        steps[step.__name__.strip("_")] = time.perf_counter() - started - sum(steps.values())
        if build.result is not None:
            return replace(build.result, seconds=time.perf_counter() - started, steps=steps)
    raise AssertionError("the last step gives the result")


def _scan(build: Build) -> None:
    """Find every article file; stop here when no input changed since the last build into `out`."""
    config, out = build.config, build.out
    _not_inside_the_inputs(config, out)
    build.previous = output.read_manifest(out)
    build.gone = build.leaving.enter_context(output.gone_files(out, build.previous.keys))
    build.files = scan(config)
    build.signature = input_signature(config, build.files, build.drafts)
    build.store = build.session.store_for(config)
    recorded = build.store.record(f"build:{out_name(out)}") or {}
    if build.signature and build.signature == recorded.get("signature") and not build.gone():
        build.warnings = _stored_warnings(recorded)
        if build.strict:
            strict_problems(build.warnings)
        stats = output.WriteStats(0, len(build.previous.keys), 0)
        counts = recorded["articles"], recorded["pages"], recorded["feeds"]
        build.result = BuildResult(out, *counts, stats, build.warnings, 0, {}, base_path=_base_path(config))


def _not_inside_the_inputs(config: Config, out: Path) -> None:
    """An output folder inside templates/ or content/ would be read back as input: under templates/assets/, each
    build would publish the last one inside itself, one level deeper every time."""
    where = out.resolve()
    for inputs in (config.templates_dir, config.content_dir):
        if where.is_relative_to(inputs.resolve()):
            shown = display_path(inputs, config.root)
            message = f"is inside {shown}/, which the build reads"
            raise DigestError([Problem(display_path(out), None, None, message, "choose an --out folder outside it")])


def _load(build: Build) -> None:
    """Every article file, validated; problems stop the build here. Only files changed since they were last read
    are read again (and parsed only when their bytes changed); the other articles are taken from the store only
    when a page asks for them."""
    config, store = build.config, build.store
    assert store is not None
    try:
        build.records, loaded = load_changed(config, build.files, store, build.tell("load"))
    finally:
        store.save()  # what was learnt stays learnt, even when the content has errors
    if len(loaded) >= HAND_BACK_FROM:
        speedups.hand_back_memory()  # their bodies and the workers' answers, freed, before render forks
    build.loaded = {article.slug: article for article in loaded.values()}
    store.reread = partial(_reread, build)
    build.warnings = findings(config, build.records, strays=strays_of(build.files), sources=sources_of(build.files))
    if build.strict:
        strict_problems(build.warnings)
    last = LastLists.read(store, build.out)
    if last is not None and last.site == build.previous.digest and last.key == lists_key(config, build.drafts):
        build.last_lists = last  # else made for another site, or from other inputs


def _group(build: Build) -> None:
    """Every list of the site, from the articles' parts (see model.Part) and the story groups: the last build's
    lists again when neither changed."""
    config, last = build.config, build.last_lists
    published = {file.slug: file for file in build.records if file.part and is_published(file.part, build.drafts)}
    parts = {slug: file.part for slug, file in published.items()}
    fingerprints = {slug: file.fingerprint for slug, file in published.items()}
    feed_tokens = {slug: file.feed_token for slug, file in published.items()}
    loaded = {slug: article for slug, article in build.loaded.items() if slug in published}
    lookup = build.lookup = _Lookup(config, build.store, fingerprints, loaded, build.files, build.records)
    groups = _story_groups(build, lookup, parts)
    if last is not None and last.lists.parts == parts:
        place = {slug: at for at, slug in enumerate(last.lists.order)}
        if newest_stories(groups, place) == last.lists.stories:
            build.digest = assemble(config, last.lists, lookup, fingerprints, feed_tokens)
            return
    build.last_lists = None
    build.digest = assemble(config, arrange(config, parts, groups), lookup, fingerprints, feed_tokens)


def _story_groups(build: Build, lookup: _Lookup, parts: dict[str, Part]) -> list[tuple[str, ...]]:
    """Which articles report the same story: the last build's index brought up to date with the changed
    articles, or, when it cannot be (none kept, or not the one that build left), made from every article."""
    stories = build.stories = StoryCache(build.store)
    last = build.last_lists
    if last is not None:
        items = [story_item(article) for slug, article in lookup.known.items() if parts[slug].story]
        had_story = {slug for slug, part in last.lists.parts.items() if part.story}
        gone = had_story - {slug for slug, part in parts.items() if part.story}
        try:
            groups = stories.revise(items, _Items(lookup), last.stories, gone)
        except KeyError:  # an article the index does not have: it is not the one that build left
            groups = None
        if groups is not None:
            return groups
    lookup.look_up_all()
    groups = stories([story_item(lookup(slug)) for slug in newest_first(parts) if parts[slug].story])
    build.store.save()  # the index, stored whole (12 MB at 10,000 articles): written now, not held while rendering
    _drop_signatures(lookup.known.values())
    return groups


def _drop_signatures(articles: Iterable[Article]) -> None:
    """Empty the story signatures of articles grouped: nothing after grouping reads them, they are 27 MB at
    10,000 articles, and the render worker, forked next, would copy pages of them. Each article's `part`, which
    says whether it had one, is worked out first. A cold build's peak at 10,000 articles: 520 -> 478 MiB (tree
    PSS, one run each)."""
    count = 0
    for article in articles:
        if isinstance(article.story, array):  # as loaded or stored (a tuple only where tests make one)
            article.part  # noqa: B018 (kept: made from the signature, which goes next)
            del article.story[:]
            count += 1
    if count >= HAND_BACK_FROM:
        speedups.hand_back_memory()


def _plan(build: Build) -> None:
    """Work out the key of every page that read something changed (depends.py), and of every other output."""
    from . import depends, render, urls
    from .calendar import calendar
    from .feeds import opml, plan_feeds

    config, digest = build.config, build.digest
    assert digest is not None
    lists_now = depends.lists_fingerprint(digest)
    _plan_pages(build, lists_now)
    keys = build.keys
    build.feeds = plan_feeds(digest)
    feeds_read = depends.feed_config(config)
    keys.update((spec.address, depends.feed_key(spec, digest, feeds_read)) for spec in build.feeds)
    build.other_files = render.static_files(config)
    title = f"{config.site.title}: meetings"
    build.other_files[urls.CALENDAR] = calendar(
        digest.meetings, config.people, config.site.base_url, title, digest.build_date
    )
    build.other_files[urls.OPML] = opml(build.feeds, config, title)  # keyed by its bytes: feeds and their titles
    keys.update((path, depends.file_key(data)) for path, data in build.other_files.items())
    assert build.recorded is not None
    addresses = [address for address, _, _ in build.recorded.pages]
    site = depends.site_fingerprint(config, build.drafts)
    _plan_sitemaps(build, addresses, *depends.sitemaps_keys(digest, addresses, lists_now, site))
    _plan_search(build)


def _plan_pages(build: Build, lists_now: str) -> None:
    """The pages to render: those that read something changed (depends.pages_to_check) and whose key changed."""
    from . import depends, render
    from .statements import StatementsByPerson

    config, digest, store = build.config, build.digest, build.store
    assert digest is not None and store is not None
    env = build.environment = render.environment(config, store, preview=build.drafts)
    site, config_key = depends.site_fingerprint(config, build.drafts), depends.config_fingerprint(config, build.drafts)
    values = build.config_values = depends.ConfigValues(config)
    recorded, made, gone = last_recorded(store, build.out), build.previous.keys, build.gone()
    check = None
    if recorded is not None:
        check = depends.pages_to_check(recorded, build.previous.digest, config_key, env, digest, values)
    if check is not None:
        check |= {address for address, path, _ in recorded.pages if path in gone}  # removed by hand: made again
    every_list = check is None or recorded.lists != lists_now
    if build.lookup and (every_list or len(check) >= ONE_BY_ONE * len(digest.articles)):
        build.lookup.look_up_all()  # most pages will be planned (a template edit): one pass beats thousands of lookups
    if every_list:
        lists = depends.ListsRead(lists_now, None if check is None else recorded.lists_read)
        kept = store.record(STATEMENTS)  # the person pages' statements, as the last build to plan every list found
        statements = StatementsByPerson(kept if isinstance(kept, dict) else {})
        specs = render.plan_pages(digest, statements=statements, carry=lists.same, check=check or set())
        store.keep(STATEMENTS, statements.now)
        recorded, keys, build.before_reads = depends.record_pages(
            specs, env, site, values, recorded, lists, config_key, made
        )
    else:
        keys = {path: made[path] for _, path, _ in recorded.pages}
        specs = render.plan_pages(digest, only=check)
        templates, known = recorded.templates, {}
        for spec in specs:
            key = build.before_reads[spec.path] = depends.page_key(spec, templates[spec.template], site)
            at = recorded.index_of[spec.path]
            keys[spec.path] = depends.with_config(key, recorded.config_reads.key_of(at, values, known))
    specs = [spec for spec in specs if spec.context is not None]  # not those carried over
    build.recorded, build.keys, build.planned = recorded, keys, len(specs)
    build.pages = [spec for spec in specs if depends.stale(spec.path, keys, build.previous.keys, gone)]


def _plan_search(build: Build) -> None:
    """The search index's parts: one whose key is unchanged keeps its files; the others are indexed by `_render`."""
    config, digest = build.config, build.digest
    assert digest is not None
    if not config.site.search:
        return
    from . import search  # here: subprocess and the rest, for a site that has search

    days = {slug: digest.parts[slug].date or "" for slug in digest.articles.slugs}
    language = search.language_code(config.site.language)
    parts = search.plan_parts(days, digest.fingerprints, language, config.site.timezone)
    gone, made = build.gone(), search.made_by_part(build.previous.keys)
    for part in parts:
        kept = search.kept_files(part, made.get(part.folder, {}), gone)
        if kept is None:
            build.search.append(part)
        else:
            build.keys.update(kept)


def _index_search(build: Build, first_slot: int) -> list[str]:
    """Index again the parts `_plan_search` chose, staging their files; what was indexed, by output path."""
    if not build.search:
        return []
    from . import search
    from .render import long_date

    assert build.digest is not None and build.staging is not None
    articles, language = build.digest.articles, search.language_code(build.config.site.language)
    if build.lookup and sum(len(part.slugs) for part in build.search) >= ONE_BY_ONE * len(articles):
        build.lookup.look_up_all()

    def records(part: search.Part) -> list[dict]:
        return [search.record(a, language, long_date(a.date)) for a in map(articles.fetch, part.slugs)]

    files = search.index_parts([(part, partial(records, part)) for part in build.search], worker_count())
    staged = output.stage_all(build.staging, files, first_slot=first_slot)
    build.staged.update(staged)
    keys = {part.folder: part.key for part in build.search}
    build.keys.update((path, keys[search.folder_of(path)]) for path in staged)
    return list(staged)


def _plan_sitemaps(build: Build, addresses: list[str], pages_key: str, news_key: str) -> None:
    """The sitemaps and robots.txt list every page: made again only when what they read changed (their keys, kept
    in the store). The pages' sitemap takes 190 ms at 10,000 articles; the News sitemap and robots.txt, which
    a recent article's title edit changes, are kept apart."""
    from . import sitemaps

    digest, preview = build.digest, build.drafts
    assert digest is not None
    _kept_or_made(build, "sitemaps", pages_key, lambda: sitemaps.pages(digest, addresses, preview))
    _kept_or_made(build, "news-sitemap", news_key, lambda: sitemaps.news_and_robots(digest, preview))


def _kept_or_made(build: Build, what: str, key: str, make: Callable[[], dict[str, bytes]]) -> None:
    """Files the last build made from the same key (in the store), still in the site as they were, are kept;
    else they are made again, for `_render` to stage. Each is keyed by its bytes: a date edit may change one."""
    from . import depends

    assert build.store is not None
    name, made, gone = f"{what}:{out_name(build.out)}", build.previous.keys, build.gone()
    last = build.store.record(name)
    if last is not None and last[0] == key and all(made.get(p) == k and p not in gone for p, k in last[1].items()):
        build.keys.update(last[1])
        return
    files = make()
    build.other_files.update(files)
    written = {path: depends.file_key(data) for path, data in files.items()}
    build.keys.update(written)
    build.store.keep(name, (key, written))


def _render(build: Build) -> None:
    """Render the pages to make again, then the feeds and files, staging each where `_write` will find it."""
    from . import depends
    from .feeds import render_feed

    config, keys, gone = build.config, build.keys, build.gone()
    staging = build.staging = output.begin(
        build.out, build.previous, list(keys), gone, pool=spare_folder(config.root, build.out)
    )
    build.leaving.callback(lambda: build.stats is None and output.discard(staging, build.staged))
    build.staged, read = render_pages(build.environment, build.pages, staging, build.tell("render"))
    assert build.recorded is not None and build.config_values is not None
    depends.note_config_reads(build.recorded, read, build.before_reads, build.config_values, keys)
    made = build.previous.keys
    files = {path: data for path, data in build.other_files.items() if depends.stale(path, keys, made, gone)}
    files.update(
        (spec.address, render_feed(spec, build.digest))
        for spec in build.feeds
        if depends.stale(spec.address, keys, made, gone)
    )
    build.staged.update(output.stage_all(staging, sorted(files.items()), first_slot=len(build.pages)))
    indexed = _index_search(build, first_slot=len(build.pages) + len(files))
    build.rebuilt = tuple(sorted({spec.path for spec in build.pages}.union(files, indexed)))


def _write(build: Build) -> None:
    """Swap what was staged into `out`, then keep what the next build reads: what pages read, the lists, the
    signature of the inputs."""
    config, out, digest, recorded, store = build.config, build.out, build.digest, build.recorded, build.store
    assert build.staging is not None and digest is not None and recorded is not None and store is not None
    build.stats = stats = output.commit(build.staging, build.staged, build.keys)
    recorded.site, recorded.articles = stats.manifest, dict(digest.fingerprints)
    name = out_name(out)
    recorded.keep(store, f"pages:{name}")
    last = build.last_lists
    stories = build.stories.version if build.stories else ""
    key = lists_key(config, build.drafts)
    LastLists(stats.manifest, key, stories, digest.lists, last.stored if last else "").keep(store, out)
    summary = {"signature": build.signature, "articles": len(digest.articles), "pages": len(recorded.pages)}
    store.keep(f"build:{name}", summary | {"feeds": len(build.feeds), "warnings": build.warnings})
    store.save()
    damaged = damage_warning(store)  # said once: not among the warnings a build with nothing to do repeats
    if damaged:
        build.warnings = [*build.warnings, damaged]
    counts = len(digest.articles), len(recorded.pages), len(build.feeds)
    looked_up = build.lookup.looked_up if build.lookup else 0
    build.result = BuildResult(
        out, *counts, stats, build.warnings, 0, {}, build.planned, len(build.pages), last is None,
        looked_up, _base_path(config), build.rebuilt,
    )  # fmt: skip


STEPS = (_scan, _load, _group, _plan, _render, _write)


@dataclass
class LastLists:
    """The lists a build arranged, kept for the next build into the same folder: taken again while no article's
    part and no story group changed. Kept in two parts: the lists, stored only when they changed, and the rest."""

    site: str  # hash of the manifest written with them: they describe that site only
    key: str  # lists_key: the inputs besides the articles
    stories: str  # the StoryCache version the story groups came from
    lists: Lists
    stored: str = ""  # names the stored lists; "" when not stored yet

    @classmethod
    def read(cls, store: Store, out: Path) -> LastLists | None:
        pair = store.pair(f"lists:{out_name(out)}")
        if pair is None:
            return None
        stored, (lists, slugs, columns), (site, key, stories) = pair
        lists.parts = dict(zip(slugs, parts_from_columns(*columns), strict=True))
        return cls(site, key, stories, lists, stored)

    def keep(self, store: Store, out: Path) -> None:
        """The lists with their parts as columns: ten thousand parts read back ten times faster."""

        def lists() -> tuple:
            parts = self.lists.parts
            return replace(self.lists, parts={}), tuple(parts), part_columns(list(parts.values()))

        state = (self.site, self.key, self.stories)
        self.stored = store.keep_pair(f"lists:{out_name(out)}", self.stored, lists, state)


def _base_path(config: Config) -> str:
    return urlsplit(config.site.base_url).path or "/"


def last_recorded(store: Store, out: Path) -> Recorded | None:
    from .depends import Recorded

    pair = store.pair(f"pages:{out_name(out)}")
    try:
        return None if pair is None else Recorded.restore(*pair)
    except (TypeError, ValueError):
        return None


def _reread(build: Build, fingerprint: str) -> str:
    """An article's HTML read again from its file, for a store that lost it."""
    at = next(at for at, record in enumerate(build.records) if record.fingerprint == fingerprint)
    return article_of(build.records[at], build.files[at], build.config, None).body.html


class _Lookup:
    """Slug → article, when the last lists are taken again: the changed ones as just loaded, any other taken
    from the store when first asked for (and read again from its file if the store lost it)."""

    def __init__(
        self, config: Config, store: Store | None, fingerprints: dict[str, str], known: dict[str, Article],
        files: list[Found], records: list[FileRecord],
    ) -> None:  # fmt: skip
        assert store is not None
        self.config, self.store, self.fingerprints, self.known = config, store, fingerprints, dict(known)
        self.files, self.records = files, records
        self.looked_up = 0
        self.all_asked = False  # took the rest in one pass (past ONE_BY_ONE)

    def __call__(self, slug: str) -> Article:
        article = self.known.get(slug)
        if article is None:
            if self.looked_up >= ONE_BY_ONE * len(self.fingerprints):
                self.look_up_all()
                article = self.known.get(slug)
            if article is None:
                article = self.store.article(self.fingerprints[slug])
                if article is None:
                    self.store.damage.append(f"the article {slug}")
                    article = self._reload(slug)
                self.known[slug] = article
                self.looked_up += 1
        return article

    def look_up_all(self) -> None:
        if self.all_asked:
            return
        wanted = {fingerprint: slug for slug, fingerprint in self.fingerprints.items() if slug not in self.known}
        found = self.store.articles(set(wanted)) if wanted else {}
        for fingerprint, article in found.items():
            self.known[wanted[fingerprint]] = article
        self.looked_up += len(found)
        self.all_asked = True

    def _reload(self, slug: str) -> Article:
        at = next(at for at, record in enumerate(self.records) if record.slug == slug)
        return article_of(self.records[at], self.files[at], self.config, None)


class _Items(dict):
    """Slug → story item, made when first asked for (StoryIndex.revise asks for a changed article's candidates)."""

    def __init__(self, lookup: _Lookup) -> None:
        super().__init__()
        self.lookup = lookup

    def __missing__(self, slug: str):
        item = self[slug] = story_item(self.lookup(slug))
        return item


def lists_key(config: Config, drafts: bool) -> str:
    """What grouping (group.arrange) reads beside the articles: the themes' and meetings' names in order, the
    site's time zone, drafts or not, SOURCE_DATE_EPOCH. Not the rest of config.yaml: an edit of the site's
    description or a theme's title leaves every list as it was."""
    read = (drafts, os.environ.get("SOURCE_DATE_EPOCH", ""), config.site.timezone, *config.themes, "", *config.meetings)
    return hashlib.blake2b(repr(read).encode(), digest_size=16).hexdigest()


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
        _, shown, mtimes, ctimes, inodes, sizes = zip(*files, strict=True)
        if now - max(mtimes) < RACY_NS or now - max(ctimes) < RACY_NS:
            return ""
        digest.update("\0".join((str(len(files)), *shown, "")).encode())
        digest.update(b"".join(array("q", column).tobytes() for column in (mtimes, ctimes, sizes)))
        digest.update(array("Q", inodes).tobytes())
    digest.update("\0".join(("", *strays_of(files))).encode())  # each is warned about: a new one is news
    digest.update("\0".join(("", *(sources_of(files) or ()))).encode())  # an origin found there is no longer warned
    return digest.hexdigest()


def _stored_warnings(summary: dict) -> list[Problem]:
    """The last build's warnings, less those that time has made untrue (a future date now past)."""
    now = time.time()
    return [w for w in summary.get("warnings", []) if w.expires is None or now < w.expires]


_WORK: tuple[jinja2.Environment, list[PageSpec], output.Staging, list[tuple[int, int]], Any] | None = None
ReadsByPage = dict[str, tuple]  # output path → what the page read of config.yaml's tables (reads.py), sorted
Rendered = tuple[dict[str, output.Staged], ReadsByPage]


def render_pages(
    env: jinja2.Environment,
    specs: list[PageSpec],
    staging: output.Staging,
    progress: Callable[[int, int], None] | None,
) -> Rendered:
    """Render and stage pages, on every core when there are many: this process and forked workers. Gives what
    was staged, and what each page read of the config.

    Workers inherit the plan, so nothing is pickled in; they stage the pages themselves and send back only hashes
    and reads, so no process holds the site. The pages are one queue of chunks: workers take from its front,
    this process from its back, each as it is free, until they meet. The plan puts articles' own pages before
    the lists, so workers render mostly articles and this process mostly lists: every object a process touches
    becomes its own copy (reference counts are writes), and each touches fewer of the other's.
    """
    workers = worker_count()
    if len(specs) < PARALLEL_FROM or workers < 2:  # before importing multiprocessing (5 ms): an edit renders a few
        return _render_all(env, specs, staging, progress)
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return _render_all(env, specs, staging, progress)
    global _WORK
    speedups.hand_back_memory()  # what planning freed: the worker would otherwise copy the pages it reuses
    chunks = _chunks(len(specs), max(CHUNK_FROM, len(specs) // (workers * 32)))
    context = multiprocessing.get_context("fork")
    queue = context.Array("i", [0, len(chunks), 0])  # the next chunk from the front, from the back; pages done
    _WORK = (env, specs, staging, chunks, queue)
    staged: dict[str, output.Staged] = {}
    read: ReadsByPage = {}
    failures: list[BaseException] = []
    try:
        with context.Pool(workers - 1) as pool:
            theirs = [pool.apply_async(_render_claimed, (True,)) for _ in range(workers - 1)]
            answers = [partial(_render_claimed, False, progress, len(specs)), *(r.get for r in theirs)]
            for at, result in enumerate(answers):
                try:
                    done, their_reads = result()
                    staged.update(done)
                    read.update(their_reads)
                except Exception as exc:  # every worker is waited for before the staging is discarded
                    failures.append(exc)
                if at == 0:  # this process's share is done: the memory it freed goes back before the answers come
                    speedups.hand_back_memory()
    finally:
        _WORK = None
    if failures:
        output.discard(staging, staged)
        raise failures[0]
    if progress:
        progress(len(staged), len(specs))
    return staged, read


def _chunks(count: int, size: int) -> list[tuple[int, int]]:
    """`count` pages as ranges of at most `size`, in the plan's order."""
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _render_claimed(front: bool, progress: Callable[[int, int], None] | None = None, total: int = 0) -> Rendered:
    """Render chunks taken from one end of the queue until it is empty. On a failure, the others take no more."""
    assert _WORK is not None
    env, specs, staging, chunks, queue = _WORK
    staged: dict[str, output.Staged] = {}
    read: ReadsByPage = {}
    try:
        while (at := _claim(queue, front)) is not None:
            start, end = chunks[at]
            done, their_reads = _render_all(env, specs[start:end], staging, None, first_slot=start)
            staged.update(done)
            read.update(their_reads)
            with queue.get_lock():
                queue[2] += end - start
                pages = queue[2]
            if progress:
                progress(pages, total)
    except BaseException:  # the others take no more; the build discards what was staged once all have stopped
        with queue.get_lock():
            queue[0] = queue[1]
        raise
    return staged, read


def _claim(queue: Any, front: bool) -> int | None:
    with queue.get_lock():
        if queue[0] >= queue[1]:
            return None
        if front:
            queue[0] += 1
            return queue[0] - 1
        queue[1] -= 1
        return queue[1]


def _render_all(
    env: jinja2.Environment, specs: list[PageSpec], staging: output.Staging,
    progress: Callable[[int, int], None] | None, first_slot: int = 0,
) -> tuple[dict[str, output.Staged], ReadsByPage]:  # fmt: skip
    from .render import render_page

    read: ReadsByPage = {}
    same: dict[frozenset, tuple] = {}  # one tuple per distinct set: sent back from a worker, each is pickled once

    def rendered():
        for done, spec in enumerate(specs, start=1):
            html, page_read = render_page(env, spec)
            if page_read not in same:
                same[page_read] = tuple(sorted(page_read))
            read[spec.path] = same[page_read]
            yield spec.path, html
            if progress:
                progress(done, len(specs))

    return output.stage_all(staging, rendered(), first_slot=first_slot), read
