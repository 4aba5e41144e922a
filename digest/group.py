"""Pure grouping and ordering: which articles appear on which page, in what order."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter
from zoneinfo import ZoneInfo

from .model import Article, Config, Meeting


@dataclass(frozen=True)
class Digest:
    """The published view of the content; templates and feeds read only this."""

    config: Config
    articles: tuple[Article, ...]  # newest first
    by_theme: dict[str, tuple[Article, ...]]
    by_meeting: dict[str, tuple[Article, ...]]
    by_year: dict[int, tuple[Article, ...]]  # newest year first
    meetings: tuple[Meeting, ...]  # timeline, newest first
    older: dict[str, Article]  # slug → the article published just before it
    newer: dict[str, Article]
    build_date: datetime


def newest_first(articles: Sequence[Article]) -> tuple[Article, ...]:
    """Newest first; the slug breaks ties so the order never depends on the file system.

    Dates share the site zone's one tzinfo, so comparing them is a plain C comparison.
    """
    return tuple(sorted(articles, key=attrgetter("date", "slug"), reverse=True))


def published(articles: Sequence[Article], drafts: bool = False) -> list[Article]:
    """Drafts only when asked for, and never without a date to place them."""
    return [a for a in articles if a.date is not None and (drafts or not a.draft)]


def build_date(articles: Sequence[Article], zone: ZoneInfo, environ: dict[str, str] | None = None) -> datetime:
    """SOURCE_DATE_EPOCH when set, else the newest article: never the clock, so builds repeat."""
    env = os.environ if environ is None else environ
    if env.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return datetime.fromtimestamp(int(env["SOURCE_DATE_EPOCH"]), UTC).astimezone(zone)
    if articles:
        return max(a.date for a in articles if a.date is not None)
    return datetime(1970, 1, 1, tzinfo=UTC).astimezone(zone)


def group(config: Config, articles: Sequence[Article], drafts: bool = False) -> Digest:
    ordered = newest_first(published(articles, drafts))
    by_theme: dict[str, list[Article]] = {slug: [] for slug in config.themes}
    by_meeting: dict[str, list[Article]] = {slug: [] for slug in config.meetings}
    by_year: dict[int, list[Article]] = {}
    for article in ordered:
        for slug in article.themes:
            by_theme[slug].append(article)
        for slug in article.meetings:
            by_meeting[slug].append(article)
        by_year.setdefault(article.date.year, []).append(article)
    older = {a.slug: b for a, b in zip(ordered, ordered[1:], strict=False)}
    newer = {b.slug: a for a, b in zip(ordered, ordered[1:], strict=False)}
    return Digest(
        config=config,
        articles=ordered,
        by_theme={k: tuple(v) for k, v in by_theme.items()},
        by_meeting={k: tuple(v) for k, v in by_meeting.items()},
        by_year={y: tuple(by_year[y]) for y in sorted(by_year, reverse=True)},
        meetings=timeline(config.meetings.values()),
        older=older,
        newer=newer,
        build_date=build_date(ordered, ZoneInfo(config.site.timezone)),
    )


def timeline(meetings) -> tuple[Meeting, ...]:
    return tuple(sorted(meetings, key=lambda m: (m.start, m.last_day, m.slug), reverse=True))


def paginate(items: Sequence, size: int) -> list[tuple]:
    """Pages of at most `size` items; an empty list still has one (empty) page."""
    pages = [tuple(items[i : i + size]) for i in range(0, len(items), size)]
    return pages or [()]


def upcoming_and_recent(meetings: Sequence[Meeting], today: datetime, recent: int = 4) -> tuple[list, list]:
    """Meetings still to come (soonest first) and the latest ones already held."""
    day = today.date()
    upcoming = sorted((m for m in meetings if m.last_day >= day), key=lambda m: (m.start, m.slug))
    past = [m for m in meetings if m.last_day < day][:recent]
    return upcoming, past


def months(articles: Sequence[Article]) -> list[tuple[datetime, list[Article]]]:
    """Articles of one year split by month, newest month first."""
    result: list[tuple[datetime, list[Article]]] = []
    for article in articles:
        if not result or (result[-1][0].month != article.date.month):
            result.append((article.date, []))
        result[-1][1].append(article)
    return result
