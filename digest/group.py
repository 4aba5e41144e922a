"""Pure grouping and ordering: which articles appear on which page, in what order."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from operator import attrgetter
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .model import Article, Config, Meeting, Others, Person, Quote
from .stories import Item, cluster


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
    story: dict[str, tuple[Article, ...]]  # slug → every report of its story, itself included, newest first
    said: dict[str, tuple[Said, ...]]  # person slug → their quotations, oldest first
    quoted: tuple[Person, ...]  # everyone with at least one quotation, by name


class Said(NamedTuple):
    """A quotation with where it was reported: the article and the meeting that article reports.

    A named tuple, not a dataclass: a build makes one per attributed quotation, a hundred thousand in a big archive.
    """

    quote: Quote
    article: Article
    meeting: Meeting | None  # the article's first meeting: the one it reports (others are referred to)
    order: int  # the quotation's place among the article's: with the article's fingerprint, it names the quote


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


def group(
    config: Config,
    articles: Sequence[Article],
    drafts: bool = False,
    stories: Callable[[list[Item]], list[tuple[str, ...]]] = cluster,
) -> Digest:
    """`stories` groups articles into stories: stories.cluster, or a cached answer of it."""
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
    said = quotations(ordered, config)
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
        story=same_story(ordered, stories),
        said=said,
        quoted=tuple(sorted((config.people[slug] for slug in said), key=lambda p: (p.name, p.slug))),
    )


def same_story(
    ordered: Sequence[Article], stories: Callable[[list[Item]], list[tuple[str, ...]]] = cluster
) -> dict[str, tuple[Article, ...]]:
    """For each article in a story reported more than once, all its reports (see stories.py for the rule).

    One tuple per story, shared by its members: a story can have hundreds of reports.
    """
    by_slug = {a.slug: a for a in ordered}
    items = []
    for a in ordered:
        if a.story:
            day = a.date.date()  # as the site's time zone sees it: the one part not in the fingerprint
            items.append(Item(a.slug, day, a.meetings, a.story, f"{a.fingerprint}:{day.toordinal()}"))
    story: dict[str, tuple[Article, ...]] = {}
    for group in stories(items):
        members = newest_first([by_slug[slug] for slug in group])
        for article in members:
            story[article.slug] = members
    return story


OTHERS_SHOWN = 8  # other reports listed under an article; the rest are counted


def others(digest: Digest, slug: str, within: set[str] | None = None) -> Others | None:
    """The other reports of an article's story (among `within`, when given) that a page lists; None if none."""
    story = digest.story.get(slug, ())
    if within is None:  # the common case, on every article page: no need to walk a story of hundreds
        members = [a for a in story[: OTHERS_SHOWN + 1] if a.slug != slug]
        count = len(story) - 1 if story else 0
    else:
        members = [a for a in story if a.slug != slug and a.slug in within]
        count = len(members)
    if not members:
        return None
    return Others(tuple(a.link for a in members[:OTHERS_SHOWN]), max(0, count - OTHERS_SHOWN))


def quotations(ordered: Sequence[Article], config: Config) -> dict[str, tuple[Said, ...]]:
    """Every attributed quotation by speaker, oldest first, in the order the articles give them."""
    said: dict[str, list[Said]] = {}
    make = partial(tuple.__new__, Said)  # Said(...) goes through a Python __new__: 100,000 times at 10k articles
    for article in reversed(ordered):
        meeting = config.meetings[article.meetings[0]] if article.meetings else None
        for order, quote in enumerate(article.quotes):
            if quote.speaker is not None:
                said.setdefault(quote.speaker, []).append(make((quote, article, meeting, order)))
    return {slug: tuple(items) for slug, items in said.items()}


def story_leads(articles: Sequence[Article], story: dict[str, tuple[Article, ...]]) -> tuple[Article, ...]:
    """A list showing each story once: its newest report among `articles`, the others listed under it."""
    present = {a.slug for a in articles}
    shown: set[str] = set()
    leads = []
    for article in articles:
        if article.slug in shown:
            continue
        leads.append(article)
        shown.add(article.slug)
        shown.update(other.slug for other in story.get(article.slug, ()) if other.slug in present)
    return tuple(leads)


def timeline(meetings) -> tuple[Meeting, ...]:
    return tuple(sorted(meetings, key=lambda m: (m.start, m.last_day, m.slug), reverse=True))


def page_count(items: Sequence, size: int) -> int:
    """Pages of at most `size` items; an empty list still has one (empty) page."""
    return max(1, -(-len(items) // size))


def page(items: Sequence, number: int, size: int) -> tuple:
    """The items on page `number` (from 1), without cutting up the whole list: a build may want one page of it."""
    return tuple(items[(number - 1) * size : number * size])


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


def key_quotes(digest: Digest, count: int = 3) -> tuple[Said, ...]:
    """The home page's quotations: from the newest articles, one per speaker, whole sentences preferred."""
    chosen: list[Said] = []
    speakers: set[str] = set()
    for article in digest.articles:
        quotes = [
            (order, q)
            for order, q in enumerate(article.quotes)
            if q.speaker and q.speaker not in speakers and len(q.text.split()) >= 6
        ]
        if quotes:
            order, quote = max(
                quotes, key=lambda item: (item[1].text[:1].isupper(), len(item[1].text) <= 240, -item[0])
            )
            meeting = digest.config.meetings[article.meetings[0]] if article.meetings else None
            chosen.append(Said(quote, article, meeting, order))
            speakers.add(quote.speaker)
        if len(chosen) == count:
            break
    return tuple(chosen)


def said_at(digest: Digest) -> dict[str, tuple[tuple[Person, tuple[Said, ...]], ...]]:
    """For each meeting, what each speaker said in the articles reporting it: its participants first, then others.

    All of it, oldest first; a page shows the first few and links to the person's page for the rest.
    """
    by_meeting: dict[str, dict[str, list[Said]]] = {m.slug: {} for m in digest.meetings}
    for slug, items in digest.said.items():
        for said in items:
            if said.meeting is not None:
                by_meeting[said.meeting.slug].setdefault(slug, []).append(said)
    result = {}
    for meeting in digest.meetings:
        by_speaker = by_meeting[meeting.slug]
        order = [p for p in meeting.participants if p in by_speaker]
        others = (p for p in by_speaker if p not in meeting.participants)
        order += sorted(others, key=lambda p: digest.config.people[p].name)
        result[meeting.slug] = tuple((digest.config.people[p], tuple(by_speaker[p])) for p in order)
    return result
