"""Walk content/articles, validate every file against the config, return articles or every problem.

Nothing is written here: `digest check` is exactly this stage, and `build`
renders only when it comes back clean.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, time
from difflib import get_close_matches
from functools import partial
from pathlib import PurePosixPath
from stat import S_ISDIR, S_ISLNK, S_ISREG
from time import time_ns
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import yaml

from . import stories
from .errors import DigestError, Problem, display_path, errors_only, not_utf8, short, utf16
from .findings import copy_key, findings, maybe_article
from .model import PLACEHOLDER, UNDATED, Article, Body, Config, Correction, FileRecord, Quote, in_people_order
from .schema import (
    CONTROL,
    INVALID,
    MAX_ARTICLE_BYTES,
    SLUG_RE,
    Reader,
    has_control,
    missing,
    read_fields,
    suggest,
    valid,
)
from .store import Store
from .urls import slugify

_IGNORED = re.compile(r"^(\.|#)|~$|\.swp$|\.tmp$")


UNKNOWN = "unknown"  # the speaker an editor gives a quotation nobody can attribute
Progress = Callable[[int, int], None]  # (done, total)
MAX_BYTES = MAX_ARTICLE_BYTES
RACY_NS = 50_000_000  # file systems stamp times in ticks of a few ms: read this soon after a change, read again
PARALLEL_FROM = 200  # below this many files to parse, starting worker processes costs more than it saves


def load_articles(
    config: Config,
    now: datetime | None = None,
    progress: Progress | None = None,
    store: Store | None = None,
    files: list[Found] | None = None,
    list_quotes: bool = True,
) -> tuple[list[Article], list[Problem]]:
    """Every article under content/articles, or DigestError listing all errors.

    Quotations without a speaker are warned about one by one (`list_quotes`,
    as `digest check` does) or in one line with their count (as a build does).

    With a store, unchanged files are not read again. `now` (default: the
    clock, in the site's zone) only decides which dates are in the future and
    so earn a warning; it never changes the output.
    """
    files = scan(config) if files is None else files
    listed: dict[str, tuple] = {}
    records, fresh = load_changed(config, files, store, progress, listed)
    if list_quotes:
        for record in records:
            if record.unattributed and record.path not in listed:
                listed[record.path] = (store.record(f"unattributed:{record.path}") if store else None) or ()
    problems = findings(config, records, now, listed if list_quotes else None, strays_of(files), sources_of(files))
    found = {each.shown: each for each in files}
    articles = [fresh.get(r.path) or article_of(r, found[r.path], config, store) for r in records if r.slug]
    return articles, problems


def load_changed(
    config: Config,
    files: list[Found],
    store: Store | None,
    progress: Progress | None = None,
    listed: dict[str, tuple] | None = None,
) -> tuple[list[FileRecord], dict[str, Article]]:
    """Every file's record, in the order of `files`, and the articles of the files read again (by path): a file
    whose stat is as the store last saw it is not read, and one whose bytes are the same is not parsed. The
    quotations nobody is named for in the files parsed go into `listed`, and the store keeps them apart."""
    if not config.articles_dir.is_dir():
        hint = "create it and put one Markdown file per article in it"
        raise DigestError(
            [Problem(display_path(config.articles_dir, config.root), None, None, "folder not found", hint)]
        )
    known = store.files() if store else {}
    changed = [found for found in files if not unchanged(known.get(found.shown), found)]
    records: dict[str, FileRecord] = {}
    fresh: dict[str, Article] = {}
    for each in _load_many(changed, config, known):
        article, was = each.article, known.get(each.record.path)
        if listed is not None and article is not None:
            listed[each.record.path] = each.unattributed
        if store and each.record.fingerprint:  # a file that could not be read is not remembered
            if article is not None and (each.unattributed or (was and was.unattributed)):
                store.keep(f"unattributed:{each.record.path}", each.unattributed)
            article = store.keep_file(each.record, article)  # its HTML now kept by the store, not by the article
        records[each.record.path] = each.record
        if article is not None:
            fresh[each.record.path] = article
    if store:
        store.forget(known.keys() - {found.shown for found in files})
    if progress:
        progress(len(files), len(files))
    return [records.get(found.shown) or known[found.shown] for found in files], fresh


def unchanged(record: FileRecord | None, found: Found) -> bool:
    """Whether a file is as it was when last read, by a stat no copy can forge (ctime and inode change with
    every write and copy), unless the file was read too soon after a change to trust its times."""
    return (
        record is not None
        and record.mtime_ns == found.mtime_ns
        and record.ctime_ns == found.ctime_ns
        and record.inode == found.inode
        and record.size == found.size
        and record.checked_ns - max(found.mtime_ns, found.ctime_ns) > RACY_NS
    )


def article_of(record: FileRecord, found: Found, config: Config, store: Store | None) -> Article:
    """The article of an unchanged file: from the store, or read again when the store lost it."""
    article = store.article(record.fingerprint) if store else None
    if article is None:
        article = _load_one(found, config, {}).article
    if article is None or article.fingerprint != record.fingerprint:
        raise DigestError([Problem(record.path, None, None, "changed during the build", "build again")])
    return article


def worker_count() -> int:
    """Processes to spread work over (loading here, rendering in build.py): the cores this process may use, at
    most 8."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, 8)


def _load_many(paths: list[Found], config: Config, known: dict[str, FileRecord]) -> Iterator[Loaded]:
    """Load files, on every core when there are many (forked workers inherit the config), each chunk given as it
    is done: the caller moves its bodies to the store before the next ones arrive. All of them at once, at 10,000
    articles, held the HTML of every article and raised a cold build's peak (tracemalloc) by about 200 MB."""
    workers = worker_count()
    if len(paths) < PARALLEL_FROM or workers < 2:  # before importing multiprocessing (5 ms): an edit loads one file
        yield from (_load_one(path, config, known) for path in paths)
        return
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        yield from (_load_one(path, config, known) for path in paths)
        return
    global _WORK
    _WORK = config, known
    size = max(16, len(paths) // (workers * 16))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for chunk in pool.imap(_load_chunk, chunks):
                yield from chunk
    finally:
        _WORK = None


_WORK: tuple[Config, dict[str, FileRecord]] | None = None


def _load_chunk(paths: list[Found]) -> list[Loaded]:
    assert _WORK is not None
    return [_load_one(path, *_WORK) for path in paths]


class Loaded(NamedTuple):
    """What reading one file gave: its record, and its article when it was parsed (None when the file is invalid,
    or when its bytes were those already read: the store has its article)."""

    record: FileRecord
    article: Article | None
    unattributed: tuple[tuple[int | None, str], ...] = ()  # (line, text) of each quotation nobody is named for


def _load_one(found: Found, config: Config, known: dict[str, FileRecord]) -> Loaded:
    shown = found.shown
    checked = time_ns()
    try:
        stat = os.stat(found.path)
        with open(found.path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1) if stat.st_size <= MAX_BYTES else b""
    except OSError as exc:
        problem = Problem(shown, None, None, f"cannot be read: {exc.strerror}", "check the file's permissions")
        return Loaded(_unread(shown, checked, problem), None)
    if stat.st_size > MAX_BYTES or len(raw) > MAX_BYTES:  # checked before parsing: no stage meets a huge text
        return Loaded(_unread(shown, checked, _too_big(shown, max(stat.st_size, len(raw)))), None)
    fingerprint = hashlib.sha256(shown.encode() + b"\0" + raw).hexdigest()
    stamp = dict(mtime_ns=stat.st_mtime_ns, ctime_ns=stat.st_ctime_ns, inode=stat.st_ino, size=stat.st_size)
    was = known.get(shown)
    if was is not None and was.fingerprint == fingerprint:  # touched, not changed (a checkout, a copy)
        return Loaded(was._replace(checked_ns=checked, **stamp), None)
    article, problems, date_line, unattributed = load_article(shown, raw, fingerprint, config)
    part = article.part if article else None
    slug = article.slug if article else None
    record = FileRecord(shown, fingerprint, checked_ns=checked, slug=slug, part=part, problems=tuple(problems),
                        unattributed=len(unattributed), date_line=date_line,
                        feed_token=article.feed_token if article else "", links=article.links if article else (),
                        featured_line=article.featured_line if article else None,
                        origin=_origin(article), copy_key=copy_key(article) if article else None,
                        **stamp)  # fmt: skip
    return Loaded(record, article, unattributed)


def _origin(article: Article | None) -> tuple[int, str] | None:
    if article is None or article.source.origin is None or article.origin_line is None:
        return None
    return article.origin_line, article.source.origin


def _unread(shown: str, checked: int, problem: Problem) -> FileRecord:
    return FileRecord(shown, "", 0, 0, 0, 0, checked, None, None, (problem,), 0, None)


def _too_big(shown: str, size: int) -> Problem:
    limit = MAX_BYTES // 2**20
    message = f"is {size / 2**20:.1f} MB, over the {limit} MB an article file may have"
    return Problem(shown, None, None, message, "split it into several articles, or trim it")


class Found(NamedTuple):
    """A Markdown file under content/articles, as one directory scan saw it (a named tuple: ten thousand a build)."""

    path: str
    shown: str  # relative to the project, as messages show it
    mtime_ns: int
    ctime_ns: int
    inode: int
    size: int


class Scan(list[Found]):
    """Every article file, and (by path as shown) the files beside them an editor may have meant as articles."""

    strays: tuple[str, ...] = ()
    sources: tuple[str, ...] | None = None  # the names of the files in content/sources/, sorted


def strays_of(files: list[Found]) -> tuple[str, ...]:
    return files.strays if isinstance(files, Scan) else ()


def sources_of(files: list[Found]) -> tuple[str, ...] | None:
    """The raw files a `source.origin` may name; None when the files were not scanned (nothing to check against)."""
    return files.sources if isinstance(files, Scan) else None


def raw_files(config: Config) -> tuple[str, ...]:
    """The names of the files in content/sources/, where `digest import` keeps each raw file it read (flat)."""
    try:
        names = os.listdir(config.content_dir / "sources")
    except OSError:  # no such folder (nothing imported yet), or unreadable: every origin is then missing
        return ()
    return tuple(sorted(name for name in names if not name.startswith(".")))


def scan(config: Config) -> Scan:
    """Every article file, in a stable order, with one stat each (strings, not pathlib: 10k files add up).

    `.md` in any case is an article (`Notes.MD` too: an editor's file is never skipped in silence), and a text
    or document file saved beside them (`.markdown`, `.txt`, `.docx`…) is kept in `strays`, to be warned about.
    A folder that cannot be read, a link leaving the project and a link to a folder already read (a loop would
    list the same articles again and again) make the list itself wrong: DigestError, one line each.
    """
    found = Scan()
    strays: list[str] = []
    problems: list[Problem] = []
    prefix = len(str(config.root)) + 1
    make = partial(tuple.__new__, Found)
    ignored = _IGNORED.search
    inside = _inside(config)
    folders: dict[tuple[int, int], str] = {}  # (device, inode) → the folder as shown: each is read once

    def walk(folder: str) -> None:
        try:
            names = sorted(os.listdir(folder))  # folder by folder: the order Path sorting gave
        except OSError as exc:
            problems.append(_unreadable(_shown(folder, prefix), exc))
            return
        for name in names:
            if name[0] in ".#":  # hidden, or an editor's lock file
                continue
            path = f"{folder}{os.sep}{name}"
            try:
                stat = os.lstat(path)  # as cheap as stat, and tells a link
            except OSError:  # removed since the listing
                continue
            if S_ISLNK(stat.st_mode):
                stat = _follow(path, _shown(path, prefix), inside, problems, strays)
                if stat is None:
                    continue
            if (name.endswith(".md") or name[-3:].lower() == ".md") and S_ISREG(stat.st_mode):  # never a temp file
                shown = path[prefix:]
                if os.sep != "/" or not shown.isascii():
                    shown = _shown(path, prefix)
                found.append(make((path, shown, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_size)))
            elif S_ISREG(stat.st_mode) and maybe_article(name) and not ignored(name):
                strays.append(_shown(path, prefix))
            elif S_ISDIR(stat.st_mode) and not ignored(name):
                first = folders.setdefault((stat.st_dev, stat.st_ino), _shown(path, prefix))
                if first != _shown(path, prefix):
                    problems.append(_read_twice(_shown(path, prefix), first))
                else:
                    walk(path)

    top = str(config.articles_dir)
    if os.path.isdir(top):
        stat = os.stat(top)
        folders[(stat.st_dev, stat.st_ino)] = _shown(top, prefix)
        walk(top)
    if problems:
        raise DigestError(problems)
    found.strays = (*strays, *misplaced_articles(config))
    found.sources = raw_files(config)
    return found


def misplaced_articles(config: Config) -> list[str]:
    """Articles saved beside content/articles/ rather than in it (in content/, content/sources/, a misspelt
    content/article/): never published, and the site said nothing. A `.md` file there is one when it opens with
    front matter; notes kept there (content/sources/NOTES.md) do not."""
    content = str(config.content_dir)
    folders = [content]
    try:
        names = sorted(os.listdir(content))
    except OSError:
        return []
    folders += [f"{content}{os.sep}{name}" for name in names if name != "articles" and name[0] not in ".#"]
    found = []
    for folder in folders:
        try:
            marked = sorted(name for name in os.listdir(folder) if name[-3:].lower() == ".md")  # one stat per `.md`
        except OSError:  # a file, not a folder; or unreadable
            continue
        paths = (f"{folder}{os.sep}{name}" for name in marked if name[0] not in ".#")
        found += [_shown(path, len(str(config.root)) + 1) for path in paths if _opens_front_matter(path)]
    return found


def _opens_front_matter(path: str) -> bool:
    """Whether a file (not a folder) opens with `---`, as an article does."""
    if not os.path.isfile(path):
        return False
    try:
        with open(path, "rb") as file:
            return file.read(6).removeprefix(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False


# Files an editor may have meant as articles, by what their names end with: saved from another editor, or a
# document to copy an article from. Other files (pictures, notes kept aside) are left alone in silence.


def _follow(
    path: str, shown: str, inside: Callable[[str], bool], problems: list[Problem], strays: list[str]
) -> os.stat_result | None:
    """What a link leads to, or None (with a problem when an editor should hear of it). An article's link to a
    file since deleted or moved is no article and stops nothing, but it is warned about (findings.stray_file):
    the article is gone from the site."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        if path[-3:].lower() == ".md" and exc.errno == errno.ELOOP:
            problems.append(_looping(shown, exc))
        elif path[-3:].lower() == ".md":
            strays.append(shown)
        return None
    real = os.path.realpath(path)
    if not inside(real):
        problems.append(_outside(shown, real, S_ISDIR(stat.st_mode)))
        return None
    return stat


def _shown(path: str, prefix: int) -> str:
    """The path as messages show it: relative, with `/`, and with bytes that are not UTF-8 written as `\\xff`."""
    shown = path[prefix:]
    if os.sep != "/":
        shown = shown.replace(os.sep, "/")
    if not shown.isascii():
        try:
            shown.encode()
        except UnicodeEncodeError:  # os.listdir gave the undecodable bytes as surrogates
            shown = os.fsencode(shown).decode("utf-8", "backslashreplace")
    return shown


def _inside(config: Config) -> Callable[[str], bool]:
    """Whether a resolved path is in the project (or the articles folder, should that be a link elsewhere)."""
    homes = tuple({os.path.realpath(config.root), os.path.realpath(config.articles_dir)})

    def inside(real: str) -> bool:
        return any(real == home or real.startswith(home.rstrip(os.sep) + os.sep) for home in homes)

    return inside


def _unreadable(shown: str, exc: OSError) -> Problem:
    return Problem(shown, None, None, f"folder cannot be read: {exc.strerror}", "check its permissions (chmod u+rx)")


def _outside(shown: str, target: str, folder: bool) -> Problem:
    what = "folder" if folder else "file"
    hint = f"copy the {what} into content/articles instead of linking to it"
    return Problem(shown, None, None, f"is a link to a {what} outside the project ({target})", hint)


def _looping(shown: str, exc: OSError) -> Problem:
    hint = "point it at an article inside the project, or delete it"
    return Problem(shown, None, None, f"is a link that cannot be followed: {exc.strerror}", hint)


def _read_twice(shown: str, first: str) -> Problem:
    hint = "remove the link: its articles would be read twice (and a link to a folder above makes a loop)"
    return Problem(shown, None, None, f"is the same folder as {first}, through a link", hint)


# Said of a draft without a date: no list can place it, so `digest serve` shows it apart, under Drafts.
UNDATED_DRAFT = "draft has no date yet: `digest serve` shows it under Drafts (/drafts/), never in the site"


def load_article(
    shown: str, raw: bytes, fingerprint: str, config: Config
) -> tuple[Article | None, list[Problem], int | None, tuple[tuple[int | None, str], ...]]:
    """One file's bytes → its article (None when invalid), its problems, the line of its date, and the
    quotations nobody is named for as (line, text): thousands in an archive, so kept out of the problems
    until someone asks for the list (`unattributed_warning`)."""
    from . import markup  # here: scanning for changes, the common case, never parses Markdown

    source, problems = _text(shown, raw)
    if source is None:
        return None, problems, None, ()
    doc = markup.parse(source)
    if doc.front_matter is None:
        if doc.unclosed:
            hint = "add a line `---` after the last field, before the article text"
            return None, [*problems, Problem(shown, 1, None, "front matter is never closed", hint)], None, ()
        return None, [*problems, _no_front_matter(shown, source)], None, ()
    fields, lines, found = _front_matter(shown, doc, config)
    date_line = lines.get("date")
    problems.extend(found)
    if errors_only(found) or fields is INVALID:
        return None, problems, date_line, ()
    slug = PurePosixPath(shown).stem
    if not SLUG_RE.match(slug):
        problem = Problem(shown, None, None, _NOT_AN_ADDRESS, _rename_hint(shown, config))
        return None, [*problems, problem], date_line, ()
    shown_on = _aware(fields["date"], ZoneInfo(config.site.timezone))  # the date as pages show it
    if clock_change := _clock_change(fields["date"], shown_on):
        problems.append(Problem(shown, date_line, "date", *clock_change, warning=True))
    problems.extend(_unfinished(shown, doc, fields, slug, date_line, shown_on))
    if fields["draft"] and fields["date"] is None:
        hint = "add `date: YYYY-MM-DD` when you know it"
        problems.append(Problem(shown, None, "date", UNDATED_DRAFT, hint, warning=True))
    problems.extend(_dead_links(shown, doc, config))
    quotes, unattributed = _quotes(doc, fields["quotes"], config)
    problems.extend(_misspelt_corrections(shown, doc, quotes, unattributed))
    timed = isinstance(fields["date"], datetime)  # as written: a bare date is midnight in `shown_on`
    fields |= {  # as pages show them: in the site's zone, as text, as found in the text and corrected, in order
        "date": shown_on,
        "summary": markup.render_inline_text(fields["summary"]) if fields["summary"] else doc.first_paragraph,
        "quotes": quotes,
        "people": in_people_order(fields["people"], config.people_places),  # store.vocabulary_key holds their order
    }
    body = Body(hashlib.sha256(raw).hexdigest(), doc.body_html)
    story = _story_signature(doc.paragraphs)
    links = tuple((line, found.group(1)) for line, address, _ in doc.links if (found := _ARTICLE_LINK.match(address)))
    featured_line = lines.get("featured") if fields["featured"] else None
    article = Article(slug=slug, path=shown, body=body, fingerprint=fingerprint, story=story, links=links,
                      featured_line=featured_line, origin_line=lines.get("source.origin"),
                      title_line=lines.get("title"), timed=timed, stating=_stating(quotes), **fields)  # fmt: skip
    article = replace(article, page_token=article.shown_on_its_page())
    return article, problems, date_line, unattributed


def _no_front_matter(shown: str, source: str) -> Problem:
    """No front matter at the top: none at all, or one a blank line (or spaces) pushed down from line 1."""
    lines = source.split("\n")
    below = next((at for at, line in enumerate(lines[:20]) if line.strip() == "---"), None)
    if below is not None and not "".join(lines[:below]).strip():
        extra = ["the blank lines above it"] * (below > 0) + ["the spaces around `---`"] * (lines[below] != "---")
        hint = f"delete {' and '.join(extra)}: the file must begin with `---`"
        return Problem(shown, below + 1, None, "the front matter does not start the file", hint)
    hint = "start the file with `---`, the fields (title, date…), then `---` again"
    return Problem(shown, 1, None, "no front matter", hint)


def _text(shown: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """The file's text with plain newlines and no control characters (a warning says where they were), or
    None with the problem when it is not UTF-8."""
    if wide := utf16(shown, raw):
        return None, [wide]
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [not_utf8(shown, exc)]
    if not source.strip():
        hint = 'write its front matter and text (`digest new "Title"` starts one), or delete it'
        return None, [Problem(shown, None, None, "is empty", hint)]
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    if not has_control(source):
        return source, []
    line = source[: CONTROL.search(source).start()].count("\n") + 1
    message = "invisible control characters were removed"
    hint = "they usually come from copy-paste; retype the text around here"
    return CONTROL.sub("", source), [Problem(shown, line, None, message, hint, warning=True)]


def _front_matter(shown: str, doc: Any, config: Config) -> tuple[Any, dict[str, int], list[Problem]]:
    """The front matter's fields checked against the schema and the config (INVALID when unreadable), the line
    of each field (`_key_lines`), and every problem of the file's text (an empty body included)."""
    r = Reader(shown, line_offset=1)
    text, r.problems[:] = _commented_slugs(shown, doc.front_matter)
    node = r.compose(text)
    fields = INVALID
    if node is None and not r.problems:
        r.error(None, None, "front matter is empty", "add at least `title:` and `date:` between the `---` lines")
    elif node is not None:
        fields = read_fields(r, node, "", Article)
    lines: dict[str, int] = {}
    if fields is not INVALID and node is not None:
        _check_vocabulary(r, node, fields, config)
        _check_date_and_review(r, node, fields)
        lines = _key_lines(r, node)
    if doc.too_deep is not None:
        message = (
            "lists or quotations nest too deep (50 lists or 100 quotations, one inside the next): the text from"
            " here on would be lost"
        )
        hint = "flatten it: start a new list or paragraph instead of indenting again"
        r.problems.append(Problem(shown, doc.too_deep, None, message, hint))
    elif not doc.has_body and doc.unclosed_fence is None:
        hint = "write the article below the closing `---` line"
        r.problems.append(Problem(shown, doc.front_matter_end + 2, None, "the article has no text", hint))
    r.problems.extend(_not_as_written(shown, doc))
    return fields, lines, r.problems


_SLUG_FIELDS = ("themes", "meetings", "people")
_FIELD_LINE = re.compile(r"^([A-Za-z_][\w-]*):(.*)$")  # a field at the top: its name and what follows the colon
# `people: #xi`, `[#xi`, `, #xi`: a `#` YAML reads as a comment, right before a value (`# note` is a comment meant)
_HASH_AFTER_COLON = re.compile(r"^\s+#(?=[^\s,\]])|(?<=[\[,])\s*#(?=[^\s,\]])")
_HASH_ITEM = re.compile(r"^(\s*-\s+)#(?=\S)")  # `  - #xi-jinping`


def _commented_slugs(shown: str, text: str) -> tuple[str, list[Problem]]:
    """The front matter with the `#` taken out where it starts a slug (`people: [#xi-jinping]`), and an error on
    each such line. YAML reads a `#` after a space, `[` or `,` as a comment: the rest of the line vanishes, and
    YAML stumbles a line later with a generic message, or reads an empty list in silence. Read without the `#`,
    the file's other problems are still found in the same pass."""
    lines, problems, field = text.split("\n"), [], None
    for at, line in enumerate(lines):
        if named := _FIELD_LINE.match(line):
            field = named.group(1)
            if field in _SLUG_FIELDS and (hashed := _HASH_AFTER_COLON.search(named.group(2))):
                value = _HASH_AFTER_COLON.sub(lambda found: found.group().replace("#", ""), named.group(2)).strip()
                lines[at], slug = f"{field}: {value}", re.match(r"[^\s,\]]+", named.group(2)[hashed.end() :])[0]
                fixed = f"{field}: {value if value.startswith('[') else f'[{value}]'}"
                problems.append(_comment_problem(shown, at, field, slug, fixed))
        elif field in _SLUG_FIELDS and (item := _HASH_ITEM.match(line)):
            value = line[item.end() :]
            lines[at] = item.group(1) + value
            problems.append(_comment_problem(shown, at, field, value.split()[0], f"`- {value.strip()}`"))
    return "\n".join(lines), problems


def _comment_problem(shown: str, at: int, field: str, slug: str, fixed: str) -> Problem:
    message = f"`#` starts a comment in YAML, so `#{short(slug)}` and the rest of the line are not read"
    return Problem(shown, at + 2, field, message, f"write {short(fixed)}")  # +2: the `---` above, and from 1


def _key_lines(r: Reader, root: yaml.Node) -> dict[str, int]:
    """The file line of each field, `source.origin` for one inside `source:`: warnings found once every file is
    read (a date in the future, several articles featured) point at the line to change."""
    lines = {}
    for key, value in root.value:
        lines[key.value] = r.line(key)
        if isinstance(value, yaml.MappingNode):
            lines.update((f"{key.value}.{inner.value}", r.line(inner)) for inner, _ in value.value)
    return lines


def _not_as_written(shown: str, doc: Any) -> list[Problem]:
    """Text not shown as it reads, which no article of the digest means: everything below a ``` never closed
    shows as code (an error when that is the whole article), and so do lines indented by 4 spaces or a tab; a
    `#` heading is a second title; HTML tags show as text (raw HTML is off: scraped text must never inject
    markup)."""
    found = []
    if doc.unclosed_fence is not None:
        line, fence = doc.unclosed_fence
        message = f"a {fence} that is never closed: the text below it shows as program code"
        hint = f"remove this line, or close the block with a line {fence} where it ends"
        found.append(Problem(shown, line, None, message, hint, warning=doc.has_body))
    for line in doc.indented:
        message = "the text is indented by 4 spaces (or a tab), so it shows as program code"
        found.append(Problem(shown, line, None, message, "start the line at the left margin", warning=True))
    for line in doc.titles:
        message = "a `#` heading is as big as the article's title, and pages have one title"
        found.append(Problem(shown, line, None, message, "write `## ` for a heading inside the article", warning=True))
    if doc.pasted is not None:
        first, last = doc.pasted
        message = "front matter pasted twice: readers see the second one as text"
        found.append(Problem(shown, first, None, message, f"delete lines {first}–{last}", warning=True))
    for line, mark in doc.underlined:
        if doc.pasted is None or not doc.pasted[0] <= line <= doc.pasted[1]:
            message = f"a line of `{mark * 3}` right under text makes that text a heading"
            hint = "for a separator, leave an empty line above it; for a heading, write `## ` before the text"
            found.append(Problem(shown, line, None, message, hint, warning=True))
    for line, label in doc.footnotes:
        marker = f"[^{short(label)}]"
        message = f"`{marker}:` starts a footnote, and digest has none: readers see it and each `{marker}` as written"
        hint = "name the source in the sentence instead (“…, Reuters reported.”) or link it: [Reuters](https://…)"
        found.append(Problem(shown, line, None, message, hint, warning=True))
    for line, tag in doc.html:
        message = f"`{short(tag)}` is HTML, which is published as text: readers see the tag"
        hint = "remove it: write **bold**, *italics* or [a link](https://…) in Markdown, and link to an embed's page"
        found.append(Problem(shown, line, None, message, hint, warning=True))
    return sorted(found, key=lambda problem: problem.line or 0)


MIN_STORY_WORDS = 30  # shorter texts say too little to tell whether two report the same story


def _story_signature(paragraphs: tuple[str, ...]) -> array:
    text = " ".join(paragraphs)
    return array("Q", stories.signature(text)) if len(text.split()) >= MIN_STORY_WORDS else array("Q")


def _quotes(
    doc: Any, corrections: tuple[Correction, ...], config: Config
) -> tuple[tuple[Quote, ...], tuple[tuple[int | None, str], ...]]:
    """The article's attributed quotations (the editor's corrections applied), and the (line, text) of those
    still without a speaker.

    Only attributed quotations are published. `speaker: unknown` in a correction says "nobody can tell": such
    quotes are neither published nor reported again.
    """
    from .quotes import apply_overrides, extract_quotes

    found = extract_quotes(doc.paragraphs, config.people, doc.sections)
    found = apply_overrides(found, [asdict(each) for each in corrections])
    lines = doc.paragraph_lines
    unattributed = tuple(
        (lines[q.paragraph] if 0 <= q.paragraph < len(lines) else None, q.text) for q in found if q.speaker is None
    )
    return tuple(q for q in found if q.speaker not in (None, UNKNOWN)), unattributed


def _stating(quotes: tuple[Quote, ...]) -> tuple[str, ...]:
    """Who the article quotes in a statement of their own, each once: a person's page shows it (statements.py),
    where a fragment is only mentioned in passing."""
    from .quotes import is_fragment

    return tuple(dict.fromkeys(q.speaker for q in quotes if q.speaker and not is_fragment(q.text)))


def _misspelt_corrections(
    shown: str, doc: Any, quotes: tuple[Quote, ...], unattributed: tuple[tuple[int | None, str], ...]
) -> list[Problem]:
    """A `quotes:` entry that matches no quotation of the text is published as one of its own; when it nearly
    matches one, it is a typo, and readers would see words the article never printed."""
    added = [quote for quote in quotes if quote.paragraph < 0]
    if not added:
        return []

    from .quotes import quote_key

    lines = doc.paragraph_lines
    found = {quote_key(q.text): (lines[q.paragraph], q.text) for q in quotes if 0 <= q.paragraph < len(lines)}
    found.update((quote_key(text), (line, text)) for line, text in unattributed)
    problems = []
    for quote in added:
        close = get_close_matches(quote_key(quote.text), list(found), n=1, cutoff=0.85)
        if close:
            line, text = found[close[0]]
            message = f"“{short(quote.text)}” is not in the text, but nearly: “{short(text)}”"
            hint = "copy the words from the text, or readers see a quotation the article never printed"
            problems.append(Problem(shown, line, "quotes", message, hint, warning=True))
    return problems


def _dead_links(shown: str, doc: Any, config: Config) -> list[Problem]:
    """Links a reader could not follow: refused as unsafe (their Markdown shows as text), written without
    `https://` or `/`, which browsers read as a page beside the article's, and there is none, or to a theme, a
    meeting or a person config.yaml does not have (links to articles are checked against every file: `findings`)."""
    found = []
    for line, address, _ in doc.links:
        if (named := _VOCABULARY_LINK.match(address)) and named.group(2) not in getattr(config, named.group(1)):
            folder, slug = named.groups()
            close = get_close_matches(slug, list(getattr(config, folder)), n=1, cutoff=0.5)
            hint = f"did you mean /{folder}/{close[0]}/?" if close else f"use a slug under `{folder}:` in config.yaml"
            what = {"themes": "theme", "meetings": "meeting", "people": "person"}[folder]
            found.append((line, f"the link to `{short(address)}` leads to no page: no such {what}", hint))
    for line, address in doc.refused:
        scheme = address.split(":", 1)[0].lower()
        message = f"a link to a `{scheme}:` address is refused as unsafe: readers see its Markdown as text"
        found.append((line, message, "remove it, or link to an https:// address"))
    for line, written in doc.unlinked:
        hint = "an address has no spaces: remove them, or copy the address from the browser's address bar"
        if re.match(r"\[[^\]]*\]\s", written):
            hint = "remove the space between `]` and `(`"
        found.append((line, f"`{short(written)}` is not a link: readers see it as written", hint))
    for line, address, image in doc.links:
        scheme = _SCHEME.match(address)
        if scheme and scheme.group().lower() not in _SCHEMES:  # `htps:`, `http//` is no scheme, caught below
            hint = f"write the full address: https://{short(address[scheme.end() :].lstrip('/'))}"
            found.append((line, f"the link to `{short(address)}` does not start with https://", hint))
            continue
        if scheme or address.startswith(("/", "#")):
            continue
        if image:
            hint = "give the image's full https:// address, or put it in templates/assets/ and write /assets/NAME"
        elif _DOMAIN.match(address):
            hint = f"write the full address: https://{short(address)}"
        else:
            hint = "write the full address (https://…), or /articles/FILE-NAME/ for an article of this digest"
        found.append((line, f"the link to `{short(address)}` has no https:// or /: it leads to no page", hint))
    return [Problem(shown, line, None, message, hint, warning=True) for line, message, hint in sorted(found)]


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SCHEMES = ("http:", "https:", "mailto:", "tel:", "ftp:", "sftp:", "news:", "irc:", "sms:", "geo:", "data:")
_ARTICLE_LINK = re.compile(r"^/articles/([^/?#]+)/?(?:[?#].*)?$")  # /articles/SLUG/, as the guide says to write it
_VOCABULARY_LINK = re.compile(r"^/(themes|meetings|people)/([^/?#]+)/?(?:[?#].*)?$")
_DOMAIN = re.compile(r"^(www\.[^/\s]+|[\w-]+(\.[\w-]+)+/)")  # www.state.gov, or state.gov/briefing


def _check_vocabulary(r: Reader, root: yaml.Node, fields: dict, config: Config) -> None:
    """Themes, meetings and people must be slugs defined in config.yaml; so must quotes' speakers."""
    nodes = {k.value: v for k, v in root.value}
    for entry in valid(fields["quotes"], ()):
        speaker = valid(entry.speaker, UNKNOWN)  # missing or unreadable: reported already
        if speaker != UNKNOWN and speaker not in config.people:
            hint = suggest(speaker, list(config.people)) + f" (or `{UNKNOWN}`)"
            r.error(nodes.get("quotes"), "quotes", f"unknown speaker `{speaker}`", hint)
    for name, known in (("themes", config.themes), ("meetings", config.meetings), ("people", config.people)):
        for slug in valid(fields[name], ()):
            if slug not in known:
                singular = {"themes": "theme", "meetings": "meeting", "people": "person"}[name]
                words = [word.strip() for word in slug.split(",") if word.strip()]
                hint = f"write a list: `{name}: [{', '.join(words)}]`" if len(words) > 1 else suggest(slug, list(known))
                r.error(nodes.get(name), name, f"unknown {singular} `{slug}`", hint)


def _unfinished(
    shown: str, doc: Any, fields: dict, slug: str, date_line: int | None, shown_on: datetime | None
) -> list[Problem]:
    """What `digest new` and `digest import` left for the editor: the placeholder text (an error once published),
    a file name whose date is not the article's as pages show it, and an `undated-` file name on a dated
    article (warnings: the address keeps the file's name)."""
    found = []
    # each paragraph on its own: "…Write the article here." before another paragraph is the editor's sentence
    at = (
        None
        if fields["draft"]
        else next((i for i, text in enumerate(doc.paragraphs) if PLACEHOLDER[:24] in text), None)
    )
    if at is not None:
        hint = "write the article in its place, or keep `draft: true` until it is written"
        found.append(Problem(shown, doc.paragraph_lines[at], None, "still holds `digest new`'s placeholder text", hint))
    if shown_on is None:
        return found
    day, named = shown_on.date().isoformat(), _FILE_DATE.match(slug)
    if named and named.group() != day:
        hint = f"rename the file to `{day}{slug[10:]}.md`, or fix the date"
        said = f"is {day} in the site's time zone" if fields["date"].isoformat()[:10] != day else f"is {day}"
        message = f"{said}, but the file name says {named.group()}"
        found.append(Problem(shown, date_line, "date", message, hint, warning=True))
    if not named and slug.startswith(f"{UNDATED}-"):
        hint = f"rename the file to `{day}{slug[len(UNDATED) :]}.md` before it is published: the name is its address"
        found.append(
            Problem(shown, date_line, "date", f"is set, but the file name still says `{UNDATED}`", hint, warning=True)
        )
    return found


_NOT_AN_ADDRESS = "the file name is the article's web address: only lowercase letters, digits and hyphens"


def _rename_hint(shown: str, config: Config) -> str:
    """The name to give a file whose name is no address; when another file has it already (`Xi-Meets.md` beside
    `xi-meets.md`), the two are one article twice, or two that need names of their own."""
    name = f"{_web_name(PurePosixPath(shown).stem)}.md"
    if (config.root / shown).with_name(name).exists():
        return f"`{name}` is there already: delete this file if it is the same article, else give it another name"
    return f"rename it to `{name}`"


def _web_name(stem: str) -> str:
    """A file name that can be a web address, keeping the date it starts with: a title in Chinese slugifies to
    nothing, and `2024-05-01.md` alone would collide with the day's next article."""
    dated = _FILE_DATE.match(stem)
    if dated is None:
        return slugify(stem)
    return f"{dated.group()}-{slugify(stem[dated.end() :].lstrip('-'))}"


_FILE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?=-|$)")


def _check_date_and_review(r: Reader, root: yaml.Node, fields: dict) -> None:
    """Only a draft may go without a date, or still list what needs an editor under `review:`."""
    if valid(fields["draft"], True):  # an invalid draft value is reported already
        return
    nodes = {k.value: k for k, _ in root.value}
    if fields["date"] is None:
        missing(r, nodes.get("date", root), "", Article, "date")
    if valid(fields["review"], ()):
        r.error(
            nodes.get("review"),
            "review",
            f"still lists what needs an editor: {', '.join(fields['review'])}",
            "fill those fields in, then delete the `review:` line (or keep `draft: true`)",
        )


def _aware(value: date | datetime | None, zone: ZoneInfo) -> datetime | None:
    """A bare date is midnight in the site's zone; a time without offset is in that zone too."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0, 0), tzinfo=zone)
    if value.tzinfo is None:  # a time the clocks skipped becomes the moment it names: 02:30 EST is 03:30 EDT
        return value.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    return value.astimezone(zone)


def _clock_change(written: date | datetime | None, aware: datetime | None) -> tuple[str, str] | None:
    """Why a local time without offset is not one moment (the clocks skipped it, or showed it twice), and what to
    write instead."""
    if not isinstance(written, datetime) or written.tzinfo is not None or aware is None:
        return None
    zone, when = aware.tzinfo, f"{written:%Y-%m-%d %H:%M}"
    meant = aware.astimezone(UTC).astimezone(zone)
    if meant.replace(tzinfo=None) != written:
        hint = f"write `{meant.isoformat()}` if that is meant, or correct the time"
        return f"{when} never happened in {zone}: the clocks went forward; read as {meant:%H:%M %Z}", hint
    later = aware.replace(fold=1)
    if aware.utcoffset() != later.utcoffset():
        hint = f"write `{aware.isoformat()}` or `{later.isoformat()}` (with its offset) to say which"
        return f"{when} happened twice in {zone} as the clocks went back; read as the first, {aware:%Z}", hint
    return None
