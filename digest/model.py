"""The frozen data model every later stage reads: config vocabulary and articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path


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
    body_html: str
    draft: bool = False
    review: tuple[str, ...] = field(default=())
