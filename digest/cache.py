"""The persistent build cache in `.digest-cache/`: loaded articles by file, their HTML in SQLite.

A file whose size and modification time are unchanged is not even read; its
entry also records what validation depended on in config.yaml (the slugs of
themes, meetings and people, the time zone), so renaming a theme re-checks
every article while editing the site's description re-checks none. The index
is read in 64 shards, each when first needed. Article bodies live in SQLite
and are fetched only for the pages that are rendered; so are the articles
themselves, by fingerprint, for builds that revive only those their pages show.
Beside them: the story index (stories.pickle), what each output folder's last
build planned and grouped (plans/), its inputs' signature (builds/), and the
spare files changed pages are written into before they are swapped in (spares/).
It is only a cache: anything unreadable is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import tempfile
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__, code_fingerprint
from .errors import Problem
from .model import Article, Body, Config, Part, Quote, Source

FORMAT = f"{__version__}/{code_fingerprint()}"  # any change to digest's code makes the cache new
FOLDER = ".digest-cache"
SHARDS = 64  # the index is split so that saving after one edit rewrites 1/64 of it
_UNREADABLE = (  # what reading a cache file can raise: missing, cut short, or written by another digest
    OSError,
    EOFError,
    ValueError,
    TypeError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
)
JOURNAL_UP_TO = 500  # items revised since the story index was written whole
RACY_NS = 50_000_000  # file systems stamp times in ticks of a few ms: closer than this, compare content


@dataclass(frozen=True)
class Loaded:
    """What loading one file gave: its article (None when invalid) and its problems."""

    path: str
    mtime_ns: int
    size: int
    checked_ns: int  # when the file was read: a change within the same clock tick keeps mtime and size
    fingerprint: str  # hash of path and bytes
    article: Article | None
    problems: tuple[Problem, ...]
    date_line: int | None  # where `date:` is, for warnings that depend on today's date
    unattributed: tuple[tuple[int | None, str], ...] = ()  # (line, text) of each quotation nobody is named for


class Seen(NamedTuple):
    """A file as a build found it, without its article: whether a later build can trust it unchanged, where
    its article is listed, and its warnings. A build keeps these for the next one (build.py)."""

    path: str
    mtime_ns: int
    size: int
    checked_ns: int
    fingerprint: str
    slug: str | None  # None when the file gives no article (it has errors)
    part: Part | None
    problems: tuple[Problem, ...]
    unattributed: int  # quotations nobody is named for
    date_line: int | None


def _shard(path: str) -> int:
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=2).digest()) % SHARDS


def vocabulary_key(config: Config) -> str:
    """What loading an article depends on in config.yaml: slugs, the time zone, and the names quotes resolve to."""
    people = [f"{p.slug}={p.name}={'|'.join(p.aliases)}" for p in config.people.values()]
    parts = [config.site.timezone, *config.themes, "|", *config.meetings, "|", *people]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class Cache:
    folder: Path
    config_key: str
    entries: dict[str, Loaded] = field(default_factory=dict)
    fresh: dict[str, str] = field(default_factory=dict)  # body key → HTML parsed in this run
    born: dict[str, Article] = field(default_factory=dict)  # fingerprint → article parsed in this run
    dirty: set[int] = field(default_factory=set)  # shards to write
    unread: set[int] = field(default_factory=lambda: set(range(SHARDS)))  # shards not read yet
    _connection: Any = None  # sqlite3.Connection, opened on first use
    _pid: int = 0

    @classmethod
    def open(cls, root: Path, config: Config) -> Cache:
        """The cache of this project; each shard of its index is read when a file of it is first asked for."""
        return cls(root / FOLDER, vocabulary_key(config))

    def read_all(self) -> None:
        for shard in sorted(self.unread):
            self._read(shard)

    def _read(self, shard: int) -> None:
        self.unread.discard(shard)
        try:
            with open(self._shard_file(shard), "rb") as handle:
                stored_format, config_key, entries = pickle.load(handle)
            if stored_format == FORMAT and config_key == self.config_key:
                for path, stored in entries.items():
                    loaded = self.entries[path] = _thaw(stored)
                    if loaded.article is not None:
                        loaded.article.body.attach(self.body)
                return
        except FileNotFoundError:
            return
        except _UNREADABLE:
            pass  # an old or damaged shard: start it afresh
        self.dirty.add(shard)

    def _entry(self, path: str) -> Loaded | None:
        if self.unread:
            shard = _shard(path)
            if shard in self.unread:
                self._read(shard)
        return self.entries.get(path)

    def get(self, path: str, mtime_ns: int, size: int) -> Loaded | None:
        """The entry for an unchanged file, trusted on its size and time unless written too close to its reading."""
        loaded = self._entry(path)
        if (
            loaded
            and loaded.mtime_ns == mtime_ns
            and loaded.size == size
            and loaded.checked_ns - loaded.mtime_ns > RACY_NS
        ):
            return loaded
        return None

    def get_same(self, path: str, fingerprint: str, stat: os.stat_result, checked_ns: int) -> Loaded | None:
        """The entry for a file touched but not changed (a checkout, a save without edits)."""
        loaded = self._entry(path)
        if loaded is None or loaded.fingerprint != fingerprint:
            return None
        loaded = replace(loaded, mtime_ns=stat.st_mtime_ns, size=stat.st_size, checked_ns=checked_ns)
        self.entries[path] = loaded
        self.dirty.add(_shard(path))
        return loaded

    def put(self, loaded: Loaded) -> Loaded:
        """Remember a freshly loaded file; the entry returned fetches its article's HTML from the cache when asked,
        so ten thousand bodies parsed by a cold build are not all held in memory until their pages are rendered."""
        self._entry(loaded.path)  # its shard read first: saving writes the whole shard
        article = loaded.article
        if article is not None:
            self.fresh[article.body.key] = article.body.html
            article = replace(article, body=article.body.detached())
            article.body.attach(self.body)
            self.born[article.fingerprint] = article
        entry = self.entries[loaded.path] = replace(loaded, article=article)
        self.dirty.add(_shard(loaded.path))
        return entry

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that are gone."""
        self.read_all()
        for gone in set(self.entries) - paths:
            del self.entries[gone]
            self.dirty.add(_shard(gone))

    def articles(self, fingerprints: set[str]) -> dict[str, Article]:
        """Many articles by fingerprint, in one pass over the table (those the cache has)."""
        found: dict[str, Article] = {}
        for fingerprint, entry in self._db().execute("SELECT fingerprint, entry FROM articles"):
            if fingerprint in fingerprints:
                found[fingerprint] = self._revived(entry)
        return found

    def article(self, fingerprint: str) -> Article | None:
        """The article a file with this fingerprint gave, wherever it is now; None if the cache does not have it."""
        if fingerprint in self.born:
            return self.born[fingerprint]
        row = self._db().execute("SELECT entry FROM articles WHERE fingerprint = ?", (fingerprint,)).fetchone()
        return None if row is None else self._revived(row[0])

    def _revived(self, entry: bytes) -> Article:
        article = _thaw_article(pickle.loads(entry))
        article.body.attach(self.body)
        return article

    def _shard_file(self, shard: int) -> Path:
        return self.folder / "articles" / f"{shard:02d}.pickle"

    def body(self, key: str) -> str:
        if key in self.fresh:
            return self.fresh[key]
        row = self._db().execute("SELECT html FROM bodies WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise LookupError(f"the build cache lost body {key}: delete {self.folder} and build again")
        return row[0]

    def _db(self) -> Any:
        """One connection per process: a forked worker must not share its parent's."""
        import sqlite3

        if self._connection is None or self._pid != os.getpid():
            self.folder.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(self.folder / "bodies.sqlite", timeout=30)
            # A rollback journal, not a write-ahead log: no process reads bodies while another writes them, and
            # a build exits without closing this connection, so a log was never folded back: it grew with every
            # build and every later one read it (80 MB after a cold build of 10,000 articles, 65 ms of an edit).
            self._connection.execute("PRAGMA journal_mode=DELETE")
            self._connection.execute("PRAGMA synchronous=OFF")
            self._connection.execute("CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html TEXT NOT NULL)")
            self._connection.execute("CREATE TABLE IF NOT EXISTS articles (fingerprint TEXT PRIMARY KEY, entry BLOB)")
            self._pid = os.getpid()
        return self._connection

    def save(self) -> None:
        """Write what this run learnt; a cache that cannot be written is only a slower next build."""
        import sqlite3

        if not self.dirty:
            return
        try:
            db = self._db()
            with db:
                db.executemany("INSERT OR IGNORE INTO bodies VALUES (?, ?)", self.fresh.items())
                born = ((fp, _pickled(_freeze_article(a))) for fp, a in self.born.items())
                # REPLACE: the same file gives another article under another config.yaml (who said its quotations)
                db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?)", born)
                if not self.unread:  # every entry known: prune what old versions left, now and then
                    _prune(db, [loaded.article for loaded in self.entries.values() if loaded.article])
            shards: dict[int, dict[str, tuple]] = {shard: {} for shard in self.dirty}
            for path, loaded in self.entries.items():
                shard = _shard(path)
                if shard in shards:
                    shards[shard][path] = _freeze(loaded)
            for shard, entries in shards.items():
                _replace(self._shard_file(shard), _pickled((FORMAT, self.config_key, entries)))
            trim = len(self.fresh) > TRIM_FROM
            self.fresh.clear()
            self.born.clear()
            self.dirty.clear()
            if trim:
                _return_freed_memory()
        except (OSError, sqlite3.Error):
            pass


def _prune(db: Any, live: list[Article]) -> None:
    """Drop the bodies and articles of versions no file has any more, once they are more than the live ones."""
    for table, column, keys in (
        ("bodies", "key", {a.body.key for a in live}),
        ("articles", "fingerprint", {a.fingerprint for a in live}),
    ):
        stored = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        if stored > 2 * len(keys) + 100:
            db.execute("CREATE TEMP TABLE live (key TEXT PRIMARY KEY)")
            db.executemany("INSERT INTO live VALUES (?)", ((k,) for k in keys))
            db.execute(f"DELETE FROM {table} WHERE {column} NOT IN (SELECT key FROM live)")
            db.execute("DROP TABLE live")


TRIM_FROM = 1000  # bodies written at once: from here on, the memory they held is worth handing back


def _return_freed_memory() -> None:
    """Hand the memory of freed bodies back to the system (glibc keeps freed heap memory otherwise), so a cold
    build's render workers, forked next, do not start from a parent that still looks as big as all the HTML."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _freeze(loaded: Loaded) -> tuple:
    """An entry as plain tuples: unpickling ten thousand entries of dataclasses took a second, of tuples 0.15 s."""
    article = None if loaded.article is None else _freeze_article(loaded.article)
    problems = tuple(map(_problem_fields, loaded.problems))
    return (
        loaded.path, loaded.mtime_ns, loaded.size, loaded.checked_ns, loaded.fingerprint, article, problems,
        loaded.date_line, loaded.unattributed,
    )  # fmt: skip


def _freeze_article(a: Article) -> tuple:
    return (
        a.slug, a.path, a.title, a.date, a.source.name, a.source.url, a.source.origin, a.themes, a.meetings,
        a.people, a.summary, a.body.key, a.fingerprint, a.draft, a.review,
        tuple(map(tuple, a.quotes)), bytes(array("Q", a.story)),
    )  # fmt: skip


_quote = partial(tuple.__new__, Quote)  # Quote._make is a Python frame per call: 115,000 calls at 10k articles


def _thaw(stored: tuple) -> Loaded:
    path, mtime_ns, size, checked_ns, fingerprint, article, problems, date_line, unattributed = stored
    return Loaded(
        path, mtime_ns, size, checked_ns, fingerprint, article and _thaw_article(article),
        tuple(Problem(*p) for p in problems), date_line, unattributed,
    )  # fmt: skip


def _thaw_article(stored: tuple) -> Article:
    (slug, shown, title, date, name, url, origin, themes, meetings, people, summary, body, fingerprint, draft, review,
     quotes, story) = stored  # fmt: skip
    story_array = array("Q")
    story_array.frombytes(story)
    return Article(
        slug, shown, title, date, Source(name, url, origin), themes, meetings, people, summary, Body(body),
        fingerprint, draft, review, tuple(map(_quote, quotes)), story_array,
    )  # fmt: skip


def last_build(root: Path, out: Path) -> dict:
    """What the last build into `out` recorded: its inputs' signature, counts and warnings."""
    try:
        return json.loads(_last_build_file(root, out).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def remember_build(root: Path, out: Path, record: dict) -> None:
    with contextlib.suppress(OSError):
        _replace(_last_build_file(root, out), json.dumps(record).encode("utf-8"))


def _pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _replace(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all: a build stopped mid-write leaves the previous one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _last_build_file(root: Path, out: Path) -> Path:
    return root / FOLDER / "builds" / f"{_out_name(out)}.json"


@dataclass
class PlanRecord:
    """What a build planned, kept so that the next one plans only the pages a change can reach (see build.py).

    Stored in two files: what every build changes (the manifest's hash, the fingerprints) and the rest, which
    only a full plan or an edited template changes (5 MB at 10,000 articles: not rewritten after an edit).
    """

    manifest: str  # hash of the manifest written with it: a record describes that site only
    shape: str  # render.shape of the digest
    config_key: str
    templates: dict[str, str]  # template → fingerprint
    pages: list[tuple[str, str, str]]  # (address, output path, template) of every page, in plan order
    refs: dict[str, array]  # article slug → indices in `pages` of the pages that show it
    links: dict[str, array]  # article slug → indices in `pages` of the pages that only link to it (see model.Link)
    fingerprints: dict[str, str]  # article slug → the fingerprint it had
    stored: str = ""  # which stored plan these fields are; "" when they changed since (or were never stored)


def last_plan(root: Path, out: Path) -> PlanRecord | None:
    paired = _read_paired(*_plan_files(root, out))
    if paired is None:
        return None
    stored, (shape, config_key, templates, pages, refs, links), (manifest, fingerprints) = paired
    return PlanRecord(manifest, shape, config_key, templates, pages, refs, links, fingerprints, stored)


def remember_plan(root: Path, out: Path, record: PlanRecord) -> None:
    def fields() -> tuple:
        return (record.shape, record.config_key, record.templates, record.pages, record.refs, record.links)

    changing = (record.manifest, record.fingerprints)
    with contextlib.suppress(OSError):
        record.stored = _write_paired(*_plan_files(root, out), record.stored, fields, changing)


def _read_paired(whole: Path, state: Path) -> tuple[str, Any, Any] | None:
    """A record kept in two files, what rarely changes and what every build changes (which names the first):
    (name, first, second), or None when either is unreadable, written by another digest, or not the other's
    pair (a build stopped between writing them)."""
    try:
        with open(whole, "rb") as handle:
            stored_format, stored, fields = pickle.load(handle)
        with open(state, "rb") as handle:
            state_format, state_of, changing = pickle.load(handle)
    except _UNREADABLE:
        return None
    if stored_format != FORMAT or state_format != FORMAT or state_of != stored:
        return None
    return stored, fields, changing


def _write_paired(whole: Path, state: Path, stored: str, fields: Callable[[], Any], changing: Any) -> str:
    """The first file only when it changed (`stored` empty: written under a new name), the second always, naming
    it; the name. OSError when either cannot be written."""
    if not stored:
        stored = os.urandom(8).hex()
        _replace(whole, _pickled((FORMAT, stored, fields())))
    _replace(state, _pickled((FORMAT, stored, changing)))
    return stored


def _plan_files(root: Path, out: Path) -> tuple[Path, Path]:
    name = _out_name(out)
    return root / FOLDER / "plans" / f"{name}.pickle", root / FOLDER / "plans" / f"{name}.state.pickle"


def spare_folder(root: Path, out: Path) -> Path:
    """Spare files a build into `out` writes its changed pages into before swapping them in (see output.Staging)."""
    return root / FOLDER / "spares" / _out_name(out)


def _out_name(out: Path) -> str:
    return hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()


class StoryCache:
    """stories.cluster, kept between builds as a StoryIndex: clustering ten thousand articles takes a second,
    updating the index after an edit a few milliseconds, with the same answer.

    The index (12 MB at ten thousand articles) is rewritten when items come or go; an edit (`revise`) writes
    only a journal beside it: the rows of the items revised since, and how the pairs differ. The journal names
    the index it applies to, and past JOURNAL_UP_TO items the index is written whole again.

    `generation` names the stored state: a build that keeps its grouping for the next one (see `Kept`) records
    it, so that the next build can tell the index still describes the same articles.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / FOLDER / "stories.pickle"
        self.journal_path = root / FOLDER / "stories.journal.pickle"
        self.generation = ""
        self.base = ""  # the generation of the stored index itself
        self.base_events: set = set()  # its event pairs, which the journal is a difference from
        self.journaled: set[str] = set()  # the items whose rows the journal holds

    def __call__(self, items: list) -> list[tuple[str, ...]]:
        """`cluster(items)`, the index brought up to date with every item."""
        from .stories import StoryIndex

        index = self._read()
        fresh = index is None
        index = StoryIndex() if fresh else index
        changed = index.update(items) or fresh
        groups = index.groups()  # before saving: the index keeps its answer until its pairs change
        if changed:
            self._write(index)
        return groups

    def revise(self, items: list, others: Any, generation: str) -> list[tuple[str, ...]] | None:
        """`cluster` of the items a build grouped last time, only `items` changed since (the rest looked up in
        `others` when needed); None when the stored index is not the one that build left (`generation`)."""
        index = self._read()
        if index is None or self.generation != generation:
            return None
        if index.revise(items, others):
            groups = index.groups()
            self._journal(index, self.journaled | {item.key for item in items})
            return groups
        return index.groups()

    def _read(self) -> Any:
        from .stories import StoryIndex

        try:
            with open(self.path, "rb") as handle:
                stored_format, generation, index = pickle.load(handle)
        except _UNREADABLE:
            return None
        if stored_format != FORMAT or not isinstance(index, StoryIndex):
            return None
        self.generation = self.base = generation
        self.base_events = set(index.events)
        try:
            with open(self.journal_path, "rb") as handle:
                journal_format, base, generation, rows, copies, added, removed = pickle.load(handle)
        except _UNREADABLE:  # none yet: the index as it is
            return index
        if journal_format != FORMAT or base != self.base:  # for an index since written whole
            return index
        try:
            index.put_rows(rows, copies, (index.events - removed) | added)
        except (*_UNREADABLE, KeyError, IndexError):  # half applied: trust none of it
            return None
        self.generation, self.journaled = generation, set(rows)
        return index

    def _journal(self, index: Any, keys: set[str]) -> None:
        if len(keys) > JOURNAL_UP_TO:
            self._write(index)
            return
        generation = os.urandom(8).hex()
        added, removed = index.events - self.base_events, self.base_events - index.events
        journal = (FORMAT, self.base, generation, index.rows_of(keys), index.copies, added, removed)
        try:
            _replace(self.journal_path, _pickled(journal))
        except OSError:
            self.generation = ""
        else:
            self.generation, self.journaled = generation, keys

    def _write(self, index: Any) -> None:
        self.generation = os.urandom(8).hex()
        try:
            _replace(self.path, _pickled((FORMAT, self.generation, index)))
        except OSError:
            self.generation = ""
            return
        self.base, self.base_events, self.journaled = self.generation, set(index.events), set()
        with contextlib.suppress(OSError):
            self.journal_path.unlink(missing_ok=True)  # it names the index before: it would never apply again


@dataclass
class Kept:
    """What a build into one output folder grouped, for the next build (build.py's quick route): the files as it
    found them, and group()'s skeleton. Valid for the site it built (`manifest`) and the inputs `key` names.

    Kept in two files, as columns of plain values: what only grouping again changes (the skeleton, each file's
    path, slug and part), and what every build changes (stamps, fingerprints, warnings). A build on the quick
    route writes only the second: at ten thousand articles it is a sixth of the whole.
    """

    manifest: str
    key: str
    files: list[Seen]  # every file, in scan order
    skeleton: Any  # group.Skeleton
    stories: str  # the StoryCache generation the skeleton's story groups came from
    grouped: str = ""  # names the stored grouping these files and skeleton are; "" when not stored yet

    def grouping(self) -> tuple:
        """The skeleton without what the files say again (its parts and fingerprints); paths, slugs, parts."""
        files = self.files
        return (
            replace(self.skeleton, parts={}, fingerprints={}),
            tuple(f.path for f in files),
            tuple(f.slug for f in files),
            _part_columns([f.part for f in files]),
        )

    def state(self) -> tuple:
        files = self.files
        return (
            self.manifest, self.key, self.stories,
            array("q", [value for f in files for value in (f.mtime_ns, f.size, f.checked_ns)]),
            [f.fingerprint for f in files],
            {at: tuple(map(_problem_fields, f.problems)) for at, f in enumerate(files) if f.problems},
            array("I", [f.unattributed for f in files]),
            array("I", [f.date_line or 0 for f in files]),  # lines count from 1
        )  # fmt: skip

    @classmethod
    def restore(cls, grouped: str, grouping: tuple, state: tuple) -> Kept:
        skeleton, paths, slugs, columns = grouping
        manifest, key, stories, stamps, fingerprints, problems, unattributed, lines = state
        parts = _parts(*columns)
        make = partial(tuple.__new__, Seen)
        files = [
            make((
                path, stamps[3 * at], stamps[3 * at + 1], stamps[3 * at + 2], fingerprints[at], slugs[at], parts[at],
                tuple(Problem(*p) for p in problems.get(at, ())), unattributed[at], lines[at] or None,
            ))
            for at, path in enumerate(paths)
        ]  # fmt: skip
        by_slug = {slug: at for at, slug in enumerate(slugs) if slug is not None}
        skeleton.parts = {slug: parts[by_slug[slug]] for slug in skeleton.order}
        skeleton.fingerprints = {slug: fingerprints[by_slug[slug]] for slug in skeleton.order}
        return cls(manifest, key, files, skeleton, stories, grouped)


def _part_columns(parts: list[Part | None]) -> tuple[bytes, list[tuple]]:
    """Parts as columns, equal tuples (themes, people…) made one object: stored once, read back once."""
    present = bytes(part is not None for part in parts)
    pool: dict = {}
    columns = [
        tuple(pool.setdefault(value, value) for value in column) if isinstance(column[0], tuple) else column
        for column in zip(*filter(None, parts), strict=True)
    ]
    return present, columns


def _parts(present: bytes, columns: list[tuple]) -> list[Part | None]:
    made = map(partial(tuple.__new__, Part), zip(*columns, strict=True))
    return [next(made) if has else None for has in present]


def _problem_fields(p: Problem) -> tuple:
    return (p.path, p.line, p.field, p.message, p.hint, p.warning, p.expires)


def last_kept(root: Path, out: Path) -> Kept | None:
    paired = _read_paired(*_kept_files(root, out))
    if paired is None:
        return None
    try:
        return Kept.restore(*paired)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return None


def remember_kept(root: Path, out: Path, kept: Kept) -> None:
    """The grouping file only when it changed (`kept.grouped` empty), the state file always."""
    with contextlib.suppress(OSError):
        kept.grouped = _write_paired(*_kept_files(root, out), kept.grouped, kept.grouping, kept.state())


def _kept_files(root: Path, out: Path) -> tuple[Path, Path]:
    folder, name = root / FOLDER / "plans", _out_name(out)
    return folder / f"{name}.kept.pickle", folder / f"{name}.kept-state.pickle"
