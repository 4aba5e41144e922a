"""The frozen data model every later stage reads: config vocabulary and articles."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from .errors import Problem

# The body `digest new` writes: an article still holding it is not ready to publish.
PLACEHOLDER = 'Write the article here. Leave a blank line between paragraphs; start a subheading with "## ".'


@dataclass(frozen=True)
class SiteInfo:
    title: str
    description: str
    base_url: str  # absolute, always ends with "/"
    language: str
    timezone: str  # IANA name
    author: str
    feed_items: int
    page_size: int


@dataclass(frozen=True)
class Theme:
    slug: str
    title: str
    description: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Meeting:
    slug: str
    title: str
    start: date
    end: date | None
    place: str
    participants: tuple[str, ...]  # person slugs
    description: str
    keywords: tuple[str, ...] = ()

    @property
    def last_day(self) -> date:
        return self.end or self.start


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportRules:
    noise: tuple[str, ...]  # regular expressions matched against whole lines
    source_suffixes: tuple[str, ...]  # site names that trail a repeated title


@dataclass(frozen=True)
class Config:
    path: Path
    root: Path  # folder holding config.yaml; content/ and templates/ live here
    site: SiteInfo
    themes: dict[str, Theme]
    meetings: dict[str, Meeting]
    people: dict[str, Person]
    import_rules: ImportRules
    warnings: tuple[Problem, ...] = field(default=(), compare=False)  # config.yaml's, shown with the articles'

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def articles_dir(self) -> Path:
        return self.root / "content" / "articles"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"


@dataclass(frozen=True)
class Source:
    name: str | None = None
    url: str | None = None
    origin: str | None = None


class Quote(NamedTuple):
    """A direct quotation found in an article (digest/quotes.py says how).

    A named tuple, not a dataclass: a big archive has a hundred thousand, revived from the cache on every build.
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

    def detached(self) -> Body:
        """The same body without its HTML, for storing in the cache's index."""
        return Body(self.key)

    def attach(self, fetch: Callable[[str], str]) -> None:
        self._fetch = fetch

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
    slug: str
    path: str  # as shown in messages, relative to the project root
    title: str
    date: datetime | None  # aware; None only for drafts still under review
    source: Source
    themes: tuple[str, ...]
    meetings: tuple[str, ...]
    people: tuple[str, ...]
    summary: str
    body: Body
    fingerprint: str  # hash of the file's path and bytes: same fingerprint, same article
    draft: bool = False
    review: tuple[str, ...] = field(default=())
    quotes: tuple[Quote, ...] = field(default=())
    story: Sequence[int] = field(default=(), compare=False)  # stories.signature of its text, as array('Q')

    @property
    def body_html(self) -> str:
        return self.body.html

    @cached_property
    def part(self) -> Part:
        """Made once per article: the build's file records and group() both ask for it."""
        speakers = tuple([q.speaker or "" for q in self.quotes])
        date, timestamp = (self.date.isoformat(), self.date.timestamp()) if self.date else (None, None)
        return Part(
            date, timestamp, self.draft, self.themes, self.meetings, self.people, speakers, bool(len(self.story))
        )

    @cached_property
    def link(self) -> Link:
        """Made once per article (cached_property writes past the frozen dataclass's __setattr__)."""
        source = self.source
        when = self.date.isoformat() if self.date else None
        token = repr((self.slug, self.title, when, source.name, source.url, source.origin, self.draft))
        return Link(self.slug, self.title, self.date, source, self.draft, token)


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
    token: str  # all of the above, unambiguously: what a page key records of the link


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
