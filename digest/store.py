"""What a build remembers for the next one: one SQLite database, `.digest-cache/store.sqlite`.

| table      | one row per                   | holds                                                          |
|------------|-------------------------------|----------------------------------------------------------------|
| `articles` | article version, by           | the article without its HTML, and its HTML apart (fetched only |
|            | fingerprint                   | for the pages rendered)                                        |
| `records`  | name                          | `files`: every article file's record (model.FileRecord: its    |
|            |                               | stat when read, fingerprint, slug, part, problems), as columns;|
|            |                               | `files-changes`: the records changed since (an edit writes its |
|            |                               | file's, not every file's); what a build into one output folder |
|            |                               | recorded (what its pages read, its lists, its summary); the    |
|            |                               | story index                                                    |
| `meta`     | setting                       | `format`: the digest that wrote it; `vocabulary`: what loading |
|            |                               | an article depends on in config.yaml                           |

Nothing is stored twice. A store written by another digest (any change to its code) is started afresh; a
change of vocabulary (a theme, meeting or person renamed, the time zone) drops the files and articles, since
checking an article depends on it. Every value carries a checksum: a value that fails it, or a database SQLite
finds damaged, is not believed. It is dropped, what it held is made again from the sources, and the build says
so once (`damage`). Deleting `.digest-cache/` makes the next build a cold one.

Records also keep Jinja's compiled templates (render.StoredTemplates). Beside the store, `.digest-cache/`
holds work space, not memory: `spares/` (files a build writes changed pages into before swapping them in) and
the lock that lets one build run at a time (see output.py).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import zlib
from array import array
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass, field, fields
from functools import partial
from pathlib import Path
from typing import Any

from . import __version__, code_fingerprint
from .errors import Problem
from .model import Article, Body, Config, FileRecord, Part, Quote, Source

FORMAT = f"{__version__}/{code_fingerprint()}"
FOLDER = ".digest-cache"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS articles (fingerprint TEXT PRIMARY KEY, article BLOB NOT NULL, html TEXT NOT NULL,"
    " checksum INTEGER NOT NULL, html_checksum INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS records (name TEXT PRIMARY KEY, value BLOB NOT NULL, checksum INTEGER NOT NULL)",
)
# SQLite's page, at its largest: an edit reads about 30 MB of records at 10,000 articles (the story index is 12
# MB), each a chain of pages; sixteen times fewer pages read them a third faster (25 against 38 ms, median of 15).
PAGE_SIZE = 65536
JOURNAL_UP_TO = 500  # items (stories, files) changed since stored whole, before storing them whole again
_UNREADABLE = (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError, IndexError)


def vocabulary_key(config: Config) -> str:
    """What loading an article depends on in config.yaml: slugs, the time zone, and the names quotes resolve to."""
    people = [f"{p.slug}={p.name}={'|'.join(p.aliases)}" for p in config.people.values()]
    parts = [config.site.timezone, *config.themes, "|", *config.meetings, "|", *people]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class Store:
    """The store of one project. Reads go straight to the database; writes wait for `save`."""

    folder: Path
    vocabulary: str
    damage: list[str] = field(default_factory=list)  # what was found damaged and dropped, said once as a warning
    _all: dict[str, FileRecord] | None = None  # every file's record, once read
    _files_changed: dict[str, FileRecord | None] = field(default_factory=dict)  # since all were stored (None: gone)
    _files_saved: dict[str, FileRecord | None] | None = None  # `_files_changed` as last stored
    _articles: dict[str, tuple[Article, str]] = field(default_factory=dict)  # fingerprint → (article, HTML) to save
    _records: dict[str, Any] = field(default_factory=dict)  # to save
    reread: Callable[[str], str] | None = None  # fingerprint → HTML read again from its file, when the store lost it
    _connection: sqlite3.Connection | None = None
    _pid: int = 0

    @classmethod
    def open(cls, root: Path, config: Config) -> Store:
        return cls(root / FOLDER, vocabulary_key(config))

    # --- files ------------------------------------------------------------------------------------------------

    def files(self) -> dict[str, FileRecord]:
        """Every file as it was last read, by path (read once, then kept up to date in memory)."""
        if self._all is None:
            stored, changes = self.record("files"), self.record("files-changes")
            try:
                self._all = _file_records(stored) if stored is not None else {}
            except (*_UNREADABLE, KeyError):
                self._damaged("the file records")
                self._all, changes = {}, None
            self._files_changed = dict(changes or {})  # a lost journal costs its files one more reading
            self._files_saved = dict(self._files_changed) if changes is not None else None
            for path, record in self._files_changed.items():
                if record is None:
                    self._all.pop(path, None)
                else:
                    self._all[path] = record
        return self._all

    def keep_file(self, record: FileRecord, article: Article | None) -> Article | None:
        """Remember a file just read; the article returned fetches its HTML from the store when asked, so ten
        thousand bodies parsed by a cold build are not all held in memory until their pages are rendered."""
        self.files()[record.path] = self._files_changed[record.path] = record
        if article is None:
            return None
        fetch = partial(_fetch, self.html, article.fingerprint)
        stored = _with_body(article, Body(article.body.key, fetch=fetch))
        self._articles[article.fingerprint] = (stored, article.body.html)
        return stored

    def forget(self, paths: Iterable[str]) -> None:
        records = self.files()
        for path in paths:
            if records.pop(path, None) is not None:
                self._files_changed[path] = None

    # --- articles ---------------------------------------------------------------------------------------------

    def article(self, fingerprint: str) -> Article | None:
        """The article a file with this fingerprint gave, wherever it is now; None when the store lacks it."""
        if fingerprint in self._articles:
            return self._articles[fingerprint][0]
        rows = self._query("SELECT article, checksum FROM articles WHERE fingerprint = ?", (fingerprint,))
        return self._article_of(rows[0]) if rows else None

    def articles(self, fingerprints: set[str]) -> dict[str, Article]:
        """Many articles by fingerprint, in one pass over the table (those the store has)."""
        found = {fp: self._articles[fp][0] for fp in fingerprints if fp in self._articles}
        for fingerprint, blob, checksum in self._query("SELECT fingerprint, article, checksum FROM articles"):
            if fingerprint in fingerprints and fingerprint not in found:
                article = self._article_of((blob, checksum))
                if article is not None:
                    found[fingerprint] = article
        return found

    def _article_of(self, row: tuple[bytes, int]) -> Article | None:
        values = self._believed(*row, "an article")
        return None if values is None else _thaw_article(values, self.html)

    def html(self, fingerprint: str) -> str:
        """An article's HTML; read again from its file (`reread`) when the store lost it or it fails its checksum."""
        if fingerprint in self._articles:
            return self._articles[fingerprint][1]
        rows = self._query("SELECT html, html_checksum FROM articles WHERE fingerprint = ?", (fingerprint,))
        if rows and isinstance(rows[0][0], str) and _checksum(rows[0][0].encode()) == rows[0][1]:
            return rows[0][0]
        self._damaged(f"the HTML of article {fingerprint[:12]}")
        if self.reread is None:
            raise LookupError(f"the build cache lost an article's HTML: delete {self.folder} and build again")
        return self.reread(fingerprint)

    # --- records ----------------------------------------------------------------------------------------------

    def record(self, name: str) -> Any:
        """What was kept under this name, or None."""
        if name in self._records:
            return self._records[name]
        rows = self._query("SELECT value, checksum FROM records WHERE name = ?", (name,))
        return self._believed(*rows[0], f"the record {name}") if rows else None

    def keep(self, name: str, value: Any) -> None:
        self._records[name] = value

    def pair(self, name: str) -> tuple[str, Any, Any] | None:
        """A record kept in two parts (`keep_pair`): (its name, first part, second part), or None when either is
        missing or they are not each other's pair (a build stopped between storing them)."""
        first, second = self.record(name), self.record(name + "-state")
        if first is None or second is None or first[0] != second[0]:
            return None
        return first[0], first[1], second[1]

    def keep_pair(self, name: str, stored: str, first: Callable[[], Any], second: Any) -> str:
        """Keep a record in two parts: what rarely changes, only when it did (`stored` empty), and what every
        build changes, naming the first; the first part's name."""
        if not stored:
            stored = os.urandom(8).hex()
            self.keep(name, (stored, first()))
        self.keep(name + "-state", (stored, second))
        return stored

    # --- the database -----------------------------------------------------------------------------------------

    def save(self) -> None:
        """Write what this run learnt; a store that cannot be written is only a slower next build."""
        if self._all is not None and len(self._files_changed) > JOURNAL_UP_TO:
            self._records["files"] = _file_columns(self._all)
            self._files_changed = {}
        if self._all is not None and self._files_changed != self._files_saved:  # an edit stores its record only
            self._records["files-changes"] = self._files_changed
        if not (self._articles or self._records):
            return
        try:
            db = self._db()
            with db:
                articles = map(_article_row, self._articles.items())
                db.executemany("INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?)", articles)
                db.executemany("INSERT OR REPLACE INTO records VALUES (?,?,?)", map(_record_row, self._records.items()))
                if self._all is not None:
                    _prune(db, {record.fingerprint for record in self._all.values()})
        except (OSError, sqlite3.Error):
            return
        if "files-changes" in self._records:
            self._files_saved = dict(self._files_changed)
        self._records.clear()
        self._articles.clear()

    def _query(self, sql: str, parameters: tuple = ()) -> list:
        try:
            return self._db().execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as exc:
            self._start_afresh(f"the database ({exc})")
            return []

    def _db(self) -> sqlite3.Connection:
        """One connection per process: a forked worker must not share its parent's."""
        if self._connection is None or self._pid != os.getpid():
            self._connection, self._pid = self._connect(), os.getpid()
        return self._connection

    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / "store.sqlite"
        if not path.exists():
            _remove_older_layout(self.folder)
        try:
            return _opened(path, self.vocabulary)
        except sqlite3.DatabaseError as exc:  # not a database, or one damaged beyond reading
            self.damage.append(f"the database ({exc})")
            path.unlink(missing_ok=True)
            return _opened(path, self.vocabulary)

    def _start_afresh(self, what: str) -> None:
        self._damaged(what)
        if self._connection is not None:
            self._connection.close()
        self._connection = None
        (self.folder / "store.sqlite").unlink(missing_ok=True)

    def _believed(self, blob: bytes, checksum: int, what: str) -> Any:
        if _checksum(blob) == checksum:
            try:
                return pickle.loads(blob)
            except _UNREADABLE:
                pass
        self._damaged(what)
        return None

    def _damaged(self, what: str) -> None:
        self.damage.append(what)


def out_name(out: Path) -> str:
    """An output folder as records name it."""
    return hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()


def spare_folder(root: Path, out: Path) -> Path:
    """Spare files a build into `out` writes its changed pages into before swapping them in (see output.Staging)."""
    return root / FOLDER / "spares" / out_name(out)


def damage_warning(store: Store) -> Problem | None:
    """One warning for all a build found damaged in the store."""
    if not store.damage:
        return None
    first = store.damage[0] + (f" and {len(store.damage) - 1} more" if len(store.damage) > 1 else "")
    message = f"the build cache was damaged ({first}); what it held is made again from the sources"
    hint = f"nothing to do; if this happens again, check the disk holding {FOLDER}/"
    return Problem(FOLDER, None, None, message, hint, warning=True)


OLDER_LAYOUT = ("articles", "plans", "builds", "jinja", "bodies.sqlite", "stories.pickle", "stories.journal.pickle")


def _remove_older_layout(folder: Path) -> None:
    """What an older digest kept in .digest-cache/, before the one store: never read again."""
    import shutil

    for name in OLDER_LAYOUT:
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file():
            path.unlink(missing_ok=True)


def _opened(path: Path, vocabulary: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30)
    # A rollback journal, not a write-ahead log: a build exits without closing its connection, and a log was then
    # never folded back (80 MB after a cold build of 10,000 articles, read again by every later build).
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("PRAGMA synchronous=OFF")
    db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # a new database's; an older one's when emptied below
    for statement in _SCHEMA:
        db.execute(statement)
    meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
    if meta.get("format") != FORMAT or meta.get("vocabulary") != vocabulary:
        another_digest = meta.get("format") != FORMAT
        with db:
            db.execute("DELETE FROM articles")
            db.execute("DELETE FROM records" if another_digest else "DELETE FROM records WHERE name LIKE 'files%'")
            settings = [("format", FORMAT), ("vocabulary", vocabulary)]
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", settings)
        if another_digest and db.execute("PRAGMA page_size").fetchone()[0] != PAGE_SIZE:
            db.execute("VACUUM")  # empty now: quick, and it takes the page size
    return db


def _prune(db: sqlite3.Connection, live: set[str]) -> None:
    """Drop the articles no file has any more, once they outnumber the live ones."""
    if db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] > 2 * len(live) + 100:
        db.execute("CREATE TEMP TABLE live (fingerprint TEXT PRIMARY KEY)")
        db.executemany("INSERT INTO live VALUES (?)", ((fingerprint,) for fingerprint in live))
        db.execute("DELETE FROM articles WHERE fingerprint NOT IN (SELECT fingerprint FROM live)")
        db.execute("DROP TABLE live")


def _checksum(data: bytes) -> int:
    """CRC-32, as zip and PNG check their contents: it catches damage, not forgery, five times faster than a
    cryptographic hash over the 25 MB an edit reads at 10,000 articles."""
    return zlib.crc32(data)


def _pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _record_row(item: tuple[str, Any]) -> tuple[str, bytes, int]:
    blob = _pickled(item[1])
    return item[0], blob, _checksum(blob)


# --- rows, field by field: a new field in a dataclass needs no change here ---------------------------------------


def _file_columns(records: dict[str, FileRecord]) -> dict[str, list]:
    """Every file's record as one column per field: ten thousand records unpickle ten times faster than rows."""
    rows = list(records.values())
    columns = {name: [getattr(record, name) for record in rows] for name in FileRecord._fields}
    columns["part"] = part_columns(columns["part"])
    columns["problems"] = [tuple(map(astuple, problems)) for problems in columns["problems"]]
    return columns


def part_columns(parts: list[Part | None]) -> tuple[bytes, list[tuple]]:
    """Parts as columns, equal tuples (themes, people…) made one object: stored once, read back once."""
    present = bytes(part is not None for part in parts)
    pool: dict = {}
    columns = [
        tuple(pool.setdefault(value, value) for value in column) if isinstance(column[0], tuple) else column
        for column in zip(*filter(None, parts), strict=True)
    ]
    return present, columns


def parts_from_columns(present: bytes, columns: list[tuple]) -> list[Part | None]:
    made = map(partial(tuple.__new__, Part), zip(*columns, strict=True))
    return [next(made) if has else None for has in present]


def _file_records(columns: dict[str, list]) -> dict[str, FileRecord]:
    make = partial(tuple.__new__, FileRecord)
    columns = {
        **columns,
        "part": parts_from_columns(*columns["part"]),
        "problems": [tuple(Problem(*each) for each in problems) for problems in columns["problems"]],
    }
    records = map(make, zip(*(columns[name] for name in FileRecord._fields), strict=True))
    return {record.path: record for record in records}


_quote = partial(tuple.__new__, Quote)  # Quote._make is a Python frame per call: 115,000 calls at 10k articles


def _article_row(item: tuple[str, tuple[Article, str]]) -> tuple[str, bytes, str, int, int]:
    fingerprint, (article, html) = item
    values = []
    for each in fields(Article):
        value = getattr(article, each.name)
        if isinstance(value, Body):
            value = value.key
        elif isinstance(value, Source):
            value = astuple(value)
        elif each.name == "quotes":
            value = tuple(map(tuple, value))
        elif each.name == "story":
            value = bytes(array("Q", value))
        values.append(value)
    blob = _pickled(tuple(values))
    return fingerprint, blob, html, _checksum(blob), _checksum(html.encode())


def _thaw_article(values: tuple, html: Any) -> Article:
    named = dict(zip((each.name for each in fields(Article)), values, strict=True))
    story = array("Q")
    story.frombytes(named["story"])
    named.update(
        source=Source(*named["source"]),
        body=Body(named["body"], fetch=partial(_fetch, html, named["fingerprint"])),
        quotes=tuple(map(_quote, named["quotes"])),
        story=story,
    )
    return Article(**named)


def _fetch(html: Any, fingerprint: str, _key: str) -> str:
    return html(fingerprint)


def _with_body(article: Article, body: Body) -> Article:
    from dataclasses import replace

    return replace(article, body=body)


class StoryCache:
    """stories.cluster, kept between builds as a StoryIndex: clustering ten thousand articles takes a second,
    updating the index after an edit a few milliseconds, with the same answer.

    The index (12 MB at ten thousand articles) is stored whole when items come or go; an edit (`revise`) stores
    only the changes beside it: the rows of the items revised since, and how the pairs differ. The changes name
    the index they apply to, and past JOURNAL_UP_TO items the index is stored whole again.

    `version` names the stored state: a build that keeps its lists for the next one records it, so that the
    next build can tell the index still describes the same articles.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.version = ""
        self.base = ""  # the version of the stored index itself
        self.base_events: set = set()  # its event pairs, which the changes are a difference from
        self.changed: set[str] = set()  # the items whose rows the stored changes hold

    def __call__(self, items: list) -> list[tuple[str, ...]]:
        """`cluster(items)`, the index brought up to date with every item."""
        from .stories import StoryIndex

        index = self._read()
        fresh = index is None
        index = StoryIndex() if fresh else index
        changed = index.update(items) or fresh
        groups = index.groups()  # before storing: the index keeps its answer until its pairs change
        if changed:
            self._write(index)
        return groups

    def revise(self, items: list, others: Any, version: str, gone: set[str]) -> list[tuple[str, ...]] | None:
        """`cluster` of the items a build grouped last time, only `items` changed or added since and the items
        keyed `gone` removed (the rest looked up in `others` when needed); None when the stored index is not the
        one that build left (`version`)."""
        index = self._read()
        if index is None or self.version != version:
            return None
        known = set(index.rows)
        if not index.revise(items, others, gone):
            return index.groups()
        groups = index.groups()
        if gone & known or any(item.key not in known for item in items):
            self._write(index)  # the changes hold rows of items the stored index has
        else:
            self._keep_changes(index, self.changed | {item.key for item in items})
        return groups

    def _read(self) -> Any:
        from .stories import StoryIndex

        stored = self.store.record("stories")
        if stored is None or not isinstance(stored[1], StoryIndex):
            return None
        self.version = self.base = stored[0]
        index = stored[1]
        self.base_events = set(index.events)
        changes = self.store.record("stories-changes")
        if changes is None or changes[0] != self.base:  # none yet, or for an index since stored whole
            return index
        _, version, rows, copies, added, removed = changes
        try:
            index.put_rows(rows, copies, (index.events - removed) | added)
        except (*_UNREADABLE, KeyError):  # half applied: trust none of it
            return None
        self.version, self.changed = version, set(rows)
        return index

    def _keep_changes(self, index: Any, keys: set[str]) -> None:
        if len(keys) > JOURNAL_UP_TO:
            self._write(index)
            return
        self.version, self.changed = os.urandom(8).hex(), keys
        added, removed = index.events - self.base_events, self.base_events - index.events
        changes = (self.base, self.version, index.rows_of(keys), index.copies, added, removed)
        self.store.keep("stories-changes", changes)

    def _write(self, index: Any) -> None:
        self.version = os.urandom(8).hex()
        self.store.keep("stories", (self.version, index))
        self.store.keep("stories-changes", None)  # it names the index before: it would never apply again
        self.base, self.base_events, self.changed = self.version, set(index.events), set()
