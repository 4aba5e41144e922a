"""The frozen data model every later stage reads: config vocabulary and articles.

Each field a YAML file gives is declared here once, with how it is read (`read_as`: its reader, its default,
its name in YAML when that differs): schema.read_fields reads config.yaml and front matter from these
declarations. A field the program fills in is marked NOT_READ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from heapq import nlargest
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from . import schema
from .errors import Problem
from .schema import NOT_READ, read_as

# The body `digest new` writes: an article still holding it is not ready to publish.
PLACEHOLDER = 'Write the article here. Leave a blank line between paragraphs; start a subheading with "## ".'
UNDATED = "undated"  # starts the file name of an imported draft whose date was not found, in place of a date


@dataclass(frozen=True)
class SiteInfo:
    title: str = field(metadata=read_as(schema.text))
    description: str = field(metadata=read_as(schema.text))
    base_url: str = field(metadata=read_as(schema.base_url))  # absolute, always ends with "/"
    language: str = field(metadata=read_as(schema.language, default="en"))
    timezone: str = field(metadata=read_as(schema.timezone))  # IANA name
    author: str = field(metadata=read_as(schema.optional_text, default=None))  # the site's title when not given
    feed_items: int = field(metadata=read_as(schema.integer(1, 1000), default=20))
    page_size: int = field(metadata=read_as(schema.integer(1, 1000), default=20))
    search: bool = field(metadata=read_as(schema.boolean, default=True))  # a search box, /search/ and its index


@dataclass(frozen=True)
class Theme:
    slug: str = field(metadata=NOT_READ)  # its key under `themes:`
    title: str = field(metadata=read_as(schema.text))
    description: str = field(metadata=read_as(schema.text, default=""))
    keywords: tuple[str, ...] = field(default=(), metadata=read_as(schema.phrase_list))


@dataclass(frozen=True)
class Meeting:
    slug: str = field(metadata=NOT_READ)  # its key under `meetings:`
    title: str = field(metadata=read_as(schema.text))
    start: date = field(metadata=read_as(schema.day))
    end: date | None = field(metadata=read_as(schema.day, default=None))
    place: str = field(metadata=read_as(schema.text))
    participants: tuple[str, ...] = field(metadata=read_as(schema.slug_list, default=()))  # person slugs
    description: str = field(metadata=read_as(schema.text, default=""))
    keywords: tuple[str, ...] = field(default=(), metadata=read_as(schema.phrase_list))
    # IANA name of the zone it is held in: when its first day begins, for reports dated where the site is
    timezone: str | None = field(default=None, metadata=read_as(schema.timezone))
    # where it can be watched (a broadcast or its recording): its page links it, its Event gives it as where to be
    watch: str | None = field(default=None, metadata=read_as(schema.url))

    @property
    def last_day(self) -> date:
        return self.end or self.start


@dataclass(frozen=True)
class Person:
    slug: str = field(metadata=NOT_READ)  # its key under `people:`
    name: str = field(metadata=read_as(schema.text))
    aliases: tuple[str, ...] = field(default=(), metadata=read_as(schema.phrase_list))
    role: str | None = field(default=None, metadata=read_as(schema.optional_text))  # shown on their page


@dataclass(frozen=True)
class ImportRules:
    noise: tuple[str, ...] = field(metadata=read_as(schema.regex_list, default=()))  # matched against whole lines
    source_suffixes: tuple[str, ...] = field(  # site names that trail a repeated title
        metadata=read_as(schema.regex_list, default=(), key="title_suffixes")
    )


@dataclass(frozen=True)
class Config:
    path: Path = field(metadata=NOT_READ)
    root: Path = field(metadata=NOT_READ)  # folder holding config.yaml; content/ and templates/ live here
    site: SiteInfo = field(metadata=read_as(schema.record(SiteInfo)))
    themes: dict[str, Theme] = field(metadata=read_as(schema.table(Theme), default={}))
    meetings: dict[str, Meeting] = field(metadata=read_as(schema.table(Meeting), default={}))
    people: dict[str, Person] = field(metadata=read_as(schema.table(Person), default={}))
    import_rules: ImportRules = field(
        metadata=read_as(schema.record(ImportRules), default=schema.unwritten(ImportRules), key="import")
    )
    # config.yaml's, shown with the articles'
    warnings: tuple[Problem, ...] = field(default=(), compare=False, metadata=NOT_READ)

    @cached_property
    def people_places(self) -> dict[str, int]:
        """Each person's place under `people:` (`in_people_order`), made once (cached_property writes past the frozen
        dataclass's __setattr__)."""
        return places_of(self.people)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def articles_dir(self) -> Path:
        return self.root / "content" / "articles"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"


def in_people_order(slugs: Iterable[str], places: Mapping[str, int]) -> tuple[str, ...]:
    """People as config.yaml lists them under `people:`: the one order every page shows a group of people in where
    no other is meant (an article's people, a meeting's participants, who was quoted at it, the feeds to follow),
    so that they never come in one order on one page and in another on the next. Unknown slugs go last.
    `places`: `places_of` the people, made once (`Config.people_places`): made again for each article and each
    meeting, it took 4.4 s to read a config of 8,000 people and 8,000 meetings."""
    return tuple(sorted(slugs, key=lambda slug: (places.get(slug, len(places)), slug)))


def places_of(people: Iterable[str]) -> dict[str, int]:
    """Each slug's place in `people`, for `in_people_order`."""
    return {slug: at for at, slug in enumerate(people)}


@dataclass(frozen=True)
class Source:
    name: str | None = field(default=None, metadata=read_as(schema.optional_text))  # the publication
    url: str | None = field(default=None, metadata=read_as(schema.url))
    author: str | None = field(default=None, metadata=read_as(schema.optional_text))  # the byline's names
    # the raw file it was imported from, kept in content/sources/
    origin: str | None = field(default=None, metadata=read_as(schema.optional_text))


def outlet(source: Source) -> tuple[str, str]:
    """The outlet an article comes from: its name (else its address's host) and its home page ("" when unknown)."""
    if not source.url:
        return source.name or "", ""
    parts = urlsplit(source.url)
    return source.name or (parts.hostname or "").removeprefix("www."), f"{parts.scheme}://{parts.netloc}/"


@dataclass(frozen=True)
class Correction:
    """An editor's word on who said a quotation (front matter `quotes:`); `speaker: unknown` when nobody can tell."""

    text: str = field(metadata=read_as(schema.text))
    speaker: str = field(metadata=read_as(schema.text))  # a person's slug, or `unknown`


class Quote(NamedTuple):
    """A direct quotation found in an article (digest/quotes.py says how).

    A named tuple, not a dataclass: a big archive has a hundred thousand, taken from the store on every build.
    """

    text: str
    speaker: str | None  # a person's slug, or None when it could not be resolved (never guessed)
    paragraph: int  # index of the paragraph the quotation starts in; -1 for one added by an override


class Body:
    """An article's HTML: in memory after parsing, or fetched from the build cache each time it is used.

    Most builds re-render a few pages; keeping ten thousand bodies out of
    memory until a page needs one is what makes an edit cheap. A fetched body
    is not kept: a page is rendered once, and workers rendering thousands of
    pages would otherwise end up holding every body they rendered.
    """

    __slots__ = ("key", "_html", "_fetch")

    def __init__(self, key: str, html: str | None = None, fetch: Callable[[str], str] | None = None):
        self.key = key  # hash of the Markdown it was rendered from
        self._html = html
        self._fetch = fetch

    @property
    def html(self) -> str:
        if self._html is not None:
            return self._html
        if self._fetch is None:
            raise LookupError(f"body {self.key} is neither loaded nor fetchable")
        return self._fetch(self.key)

    def __getstate__(self) -> tuple[str, str | None]:
        return self.key, self._html

    def __setstate__(self, state: tuple[str, str | None]) -> None:
        self.key, self._html = state
        self._fetch = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Body) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


@dataclass(frozen=True)
class Article:
    """An article as published. Its front matter gives the fields declared `read_as`; `date`, `summary` and
    `quotes` are then made ready for pages (see load.load_article), and the program fills in the rest."""

    slug: str = field(metadata=NOT_READ)  # the file's name
    path: str = field(metadata=NOT_READ)  # as shown in messages, relative to the project root
    title: str = field(metadata=read_as(schema.text))
    date: datetime | None = field(  # aware; None only for drafts still under review
        metadata=read_as(schema.moment, default=None, hint="add `date: YYYY-MM-DD` (the day the article appeared)")
    )
    source: Source = field(metadata=read_as(schema.record(Source), default=Source()))
    themes: tuple[str, ...] = field(metadata=read_as(schema.slug_list, default=()))
    meetings: tuple[str, ...] = field(metadata=read_as(schema.slug_list, default=()))
    people: tuple[str, ...] = field(metadata=read_as(schema.slug_list, default=()))
    summary: str = field(metadata=read_as(schema.text, default=None))  # as text; when not written, the first paragraph
    body: Body = field(metadata=NOT_READ)
    fingerprint: str = field(metadata=NOT_READ)  # hash of the file's path and bytes: same fingerprint, same article
    draft: bool = field(default=False, metadata=read_as(schema.boolean))
    featured: bool = field(default=False, metadata=read_as(schema.boolean))  # leads the home page while on it
    review: tuple[str, ...] = field(default=(), metadata=read_as(schema.text_list))
    # read as the editor's corrections; published as the quotations found in the text, corrected
    quotes: tuple[Quote, ...] = field(default=(), metadata=read_as(schema.record_list(Correction)))
    # stories.signature of its text, as array('Q')
    story: Sequence[int] = field(default=(), compare=False, metadata=NOT_READ)
    # what its own page shows of it (shown_on_its_page): its key, set by load.py, which has the body's HTML at hand
    page_token: str = field(default="", compare=False, metadata=NOT_READ)
    # (line, slug) of each link to an article of the digest, checked against the others' names (findings.py)
    links: tuple[tuple[int, str], ...] = field(default=(), compare=False, metadata=NOT_READ)
    # the line of `featured: true` (None when not featured): several featured articles are warned about (findings.py)
    featured_line: int | None = field(default=None, compare=False, metadata=NOT_READ)
    # the line of `origin:` under `source:`: a raw file content/sources/ lacks is warned about (findings.py)
    origin_line: int | None = field(default=None, compare=False, metadata=NOT_READ)
    # the line of `title:`: an article imported twice is warned about there (findings.py)
    title_line: int | None = field(default=None, compare=False, metadata=NOT_READ)
    # whether `date:` gives a time of day: a bare date is no moment, and places quotations by its day (group.py)
    timed: bool = field(default=False, compare=False, metadata=NOT_READ)
    # who it quotes in a statement of their own, not only in fragments (quotes.is_fragment): set by load.py, which
    # may read quotes.py; the people index counts it (statements.quoted_in)
    stating: tuple[str, ...] = field(default=(), compare=False, metadata=NOT_READ)

    @property
    def body_html(self) -> str:
        return self.body.html

    @cached_property
    def part(self) -> Part:
        """Made once per article: the build's file records and group() both ask for it."""
        speakers = tuple([q.speaker or "" for q in self.quotes])
        date, timestamp = (self.date.isoformat(), self.date.timestamp()) if self.date else (None, None)
        return Part(
            date, timestamp, self.draft, self.themes, self.meetings, self.people, speakers, bool(len(self.story)),
            self.timed, self.stating,
        )  # fmt: skip

    @cached_property
    def link(self) -> Link:
        """Made once per article (cached_property writes past the frozen dataclass's __setattr__)."""
        source = self.source
        when = self.date.isoformat() if self.date else None
        token = _token((self.slug, self.title, when, source.name, source.url, source.author, source.origin, self.draft))
        return Link(self.slug, self.title, self.date, source, self.draft, token)

    @cached_property
    def teaser(self) -> Teaser:
        link = self.link
        token = _token((link.token, self.summary, self.themes))
        return Teaser(self.slug, self.title, self.date, self.source, self.draft, self.summary, self.themes, token)

    def shown_on_its_page(self) -> str:
        """Everything the article's page shows of it (templates/article.html, linked_data.py): not `featured`,
        which only the home page reads, nor `review`."""
        when = self.date.isoformat() if self.date else None
        shown = (self.slug, self.title, when, self.source, self.summary, self.themes, self.meetings, self.people,
                 self.draft)  # fmt: skip
        return _with_body(shown, self.body_html)

    @cached_property
    def feed_token(self) -> str:
        """What a feed item shows of the article (feeds.py): not its meetings, people or `featured`. Worked out
        when the file is read and kept in its record, so that keying a feed needs none of its articles.

        Two halves of FEED_TOKEN characters: what every feed's item shows, then the words of its quotations, which
        only a person's feed shows (a quotation newly attributed changes those, not the article's other feeds).
        """
        when = self.date.isoformat() if self.date else None
        said = repr(tuple(quote.text for quote in self.quotes))
        shown = _with_body((self.title, when, self.source, self.summary, self.themes), self.body_html)
        return shown + hashlib.blake2b(said.encode(), digest_size=FEED_TOKEN // 2).hexdigest()

    @property
    def neighbour(self) -> Neighbour:
        return Neighbour(self.slug, self.title, self.link.token)


FEED_TOKEN = 32  # characters in each half of Article.feed_token: a `_with_body` hash


def _token(fields: tuple) -> str:
    """A hash of what one kind of output shows of an article: page keys compare these, and a hash, unlike the
    fields' repr, costs 32 characters an article instead of a copy of its title and summary (18 MB at 10,000)."""
    return hashlib.blake2b(repr(fields).encode(), digest_size=16).hexdigest()


def _with_body(fields: tuple, html: str) -> str:
    """A hash of some of an article's fields and its body's HTML: what one kind of output shows of it."""
    return hashlib.blake2b(repr(fields).encode() + b"\0" + html.encode(), digest_size=16).hexdigest()


class Link(NamedTuple):
    """What a page shows of an article it only points to (older/newer, other reports of the story, the archive).

    Pages get this instead of the article, so their keys follow its title, date and source, not its text:
    a typo fixed in one report does not re-render every page that links to it.
    """

    slug: str
    title: str
    date: datetime | None
    source: Source
    draft: bool
    token: str  # a hash of all of the above: what a page key records of the link


class Teaser(NamedTuple):
    """What a list shows of an article: its link, summary and themes (the first is its main one).

    Lists get this instead of the article, so their keys follow what they show, not the article's text; and a
    template cannot show on a list what the list's key does not cover.
    """

    slug: str
    title: str
    date: datetime | None
    source: Source
    draft: bool
    summary: str
    themes: tuple[str, ...]
    token: str  # a hash of all of the above: what a page key records of the teaser


class Neighbour(NamedTuple):
    """The article just older or newer, as an article page names it: by its title only, so a page's key does not
    follow its neighbour's date or source."""

    slug: str
    title: str
    link_token: str  # the neighbour's Link.token: a change to it has the page checked (depends.pages_to_check)


class Others(NamedTuple):
    """The other reports of a story that a page lists (the newest few), and how many more there are."""

    shown: tuple[Link, ...]
    more: int


class Part(NamedTuple):
    """What of an article decides where it is listed and what is counted: all that grouping reads of it but
    its story signature and the words of its quotations.

    Articles with the same parts and the same story groups give the same lists, in the same order: an
    edit that keeps its article's part changes what pages say, never which pages say it.
    """

    date: str | None  # ISO 8601 in the site's zone (kept by the thousand between builds: text pickles fast)
    timestamp: float | None
    draft: bool
    themes: tuple[str, ...]
    meetings: tuple[str, ...]
    people: tuple[str, ...]
    speakers: tuple[str, ...]  # each quotation's speaker, "" for nobody
    story: bool  # whether it has a story signature (is long enough to be compared)
    timed: bool  # whether its date gives a time of day (Article.timed)
    stating: tuple[str, ...]  # who it quotes in a statement, not only in fragments (Article.stating)


STRAY_DAYS = 183  # an article dated half a year after every other is taken for a typo (2027 typed for 2024)


def dating(parts: Iterable[Part]) -> tuple[Part | None, Part | None]:
    """The dated part that dates the build (None: no article is dated), and the newest one when it is set aside.

    The newest article dates the build, unless it stands more than STRAY_DAYS after every other: then it is
    taken for a typo in its year or month, which would date the build years ahead, empty the News sitemap and
    date the feeds in the future; the article before it dates the build. From the content alone, never the
    clock, so that builds repeat."""
    newest = nlargest(2, (p for p in parts if p.timestamp is not None), key=attrgetter("timestamp"))
    if len(newest) == 2 and newest[0].timestamp - newest[1].timestamp > STRAY_DAYS * 86400:
        return newest[1], newest[0]
    return (newest[0] if newest else None), None


class FileRecord(NamedTuple):
    """An article file as a build read it, without its article: whether a later build can trust it unchanged
    (its stat then, and its fingerprint), and what reading it found. The store keeps one per file."""

    path: str  # as shown in messages
    fingerprint: str  # hash of path and bytes
    mtime_ns: int
    ctime_ns: int  # changed by any write, and by nothing else: a copy that keeps the old mtime still shows
    inode: int
    size: int
    checked_ns: int  # when the file was read: a change within the same clock tick keeps its stat
    slug: str | None  # None when the file gives no article (it has errors)
    part: Part | None
    problems: tuple[Problem, ...]
    unattributed: int  # quotations nobody is named for (their text is kept apart: `digest check` lists them)
    date_line: int | None  # where `date:` is, for warnings that depend on today's date
    feed_token: str = ""  # Article.feed_token; "" when the file gives no article
    links: tuple[tuple[int, str], ...] = ()  # Article.links
    featured_line: int | None = None  # Article.featured_line
    origin: tuple[int, str] | None = None  # (line, name) of Article.source.origin, checked against content/sources/
    # line of `title:`, then hashes of its day and headline and of its sources: one report imported twice (findings.py)
    copy_key: tuple[int | None, int, int, int, int, int] | None = None
