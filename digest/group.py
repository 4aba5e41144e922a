"""Pure grouping and ordering: which articles appear on which page, in what order."""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, partial
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .model import Article, Config, Link, Meeting, Others, Part, Person, Quote, dating, in_people_order
from .stories import Item, cluster


@dataclass
class Lists:
    """group()'s answer by slug: every list and grouping, without the articles.

    Kept between builds (build.LastLists): when an edit keeps every article's part and every story group, the next
    build takes these lists as they are and looks up only the articles its pages show, instead of all of them.
    """

    order: tuple[str, ...]  # published, newest first
    by_theme: dict[str, tuple[str, ...]]
    by_meeting: dict[str, tuple[str, ...]]
    by_year: dict[int, tuple[str, ...]]  # newest year first
    stories: list[tuple[str, ...]]  # each story reported more than once: its reports, newest first
    said: dict[str, tuple[tuple[str, ...], array]]  # speaker → the articles and places of their quotations
    parts: dict[str, Part]
    build_date: datetime
    fingerprint: str = ""  # depends.lists_fingerprint's, once worked out: kept with the lists
    build_moment: bool = False  # whether build_date gives a time of day (build_date), not only a day


Fetch = Callable[[str], Article]  # slug → article


class Articles(Sequence[Article]):
    """A list of articles held as slugs, each article looked up when asked for.

    A page shows a few dozen articles of a digest of thousands: looking up only those is what lets an edit
    skip reviving every article (a slice gives a tuple of articles, as pages need).
    """

    __slots__ = ("slugs", "fetch")

    def __init__(self, slugs: tuple[str, ...], fetch: Fetch):
        self.slugs = slugs
        self.fetch = fetch

    def __len__(self) -> int:
        return len(self.slugs)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return tuple(map(self.fetch, self.slugs[index]))
        return self.fetch(self.slugs[index])

    def __iter__(self) -> Iterator[Article]:
        return map(self.fetch, self.slugs)

    def first(self, count: int) -> Articles:
        """The first `count`, still as slugs: a feed's key needs none of the articles themselves."""
        return Articles(self.slugs[:count], self.fetch)

    def __reversed__(self) -> Iterator[Article]:
        return map(self.fetch, reversed(self.slugs))

    def __repr__(self) -> str:
        return f"Articles({self.slugs!r})"


class Quotations(Sequence["Said"]):
    """A speaker's quotations held as (article slug, place in the article), made into Said when asked for."""

    __slots__ = ("slugs", "orders", "make")

    def __init__(self, slugs: tuple[str, ...], orders: array, make: Callable[[str, int], Said]):
        self.slugs, self.orders, self.make = slugs, orders, make

    def __len__(self) -> int:
        return len(self.slugs)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return tuple(map(self.make, self.slugs[index], self.orders[index]))
        return self.make(self.slugs[index], self.orders[index])

    def __iter__(self) -> Iterator[Said]:
        return map(self.make, self.slugs, self.orders)

    def __reversed__(self) -> Iterator[Said]:
        return map(self.make, reversed(self.slugs), reversed(self.orders))


class Neighbours:
    """The article published just before (`step` 1) or after (-1) each one, by its place in the order."""

    __slots__ = ("articles", "place", "step")

    def __init__(self, articles: Articles, place: dict[str, int], step: int):
        self.articles, self.place, self.step = articles, place, step

    def get(self, slug: str, default: Article | None = None) -> Article | None:
        neighbour = self.slug(slug)
        return default if neighbour is None else self.articles.fetch(neighbour)

    def slug(self, slug: str) -> str | None:
        """The neighbour's slug, without looking the article up."""
        at = self.place.get(slug)
        if at is None or not 0 <= at + self.step < len(self.articles):
            return None
        return self.articles.slugs[at + self.step]


@dataclass(frozen=True)
class Digest:
    """The published view of the content; templates and feeds read only this."""

    config: Config
    articles: Articles  # newest first
    by_theme: dict[str, Articles]
    by_meeting: dict[str, Articles]
    by_year: dict[int, Articles]  # newest year first
    meetings: tuple[Meeting, ...]  # timeline, newest first
    older: Neighbours  # slug → the article published just before it
    newer: Neighbours
    build_date: datetime
    story: dict[str, Articles]  # slug → every report of its story, itself included, newest first
    said: dict[str, Quotations]  # person slug → their quotations, oldest first
    quoted: tuple[Person, ...]  # everyone with at least one quotation, in the people's order
    named_in: dict[str, Articles]  # person slug → published articles naming them in `people`, newest first
    lists: Lists
    fingerprints: dict[str, str]  # slug → the article's fingerprint, for every published article
    feed_tokens: dict[str, str]  # slug → Article.feed_token: what feeds show of it

    @property
    def parts(self) -> dict[str, Part]:
        return self.lists.parts


class Said(NamedTuple):
    """A quotation with where it was reported: the article (as a link: what a page shows of it, and all its key
    covers) and the meeting that article reports.

    A named tuple, not a dataclass: a build makes one per attributed quotation, a hundred thousand in a big archive.
    """

    quote: Quote
    article: Link
    meeting: Meeting | None  # where it was said: its article's meeting, if the speaker took part (speakers_meeting)
    order: int  # the quotation's place among the article's
    day: date  # when it was said: the meeting's day when said there (see said_on)


@dataclass(frozen=True)
class Consulted:
    """Articles a page read to decide what it shows, without showing them (the meetings timeline reads quotations
    to count who was quoted): the page is checked again when one of them changes, and made again only when what it
    shows does (depends: its key holds none of them)."""

    slugs: tuple[str, ...]


REPORTS_MEETING_DAYS = 7  # an article reports a meeting from its first day to a week after its last


def reported_meeting(
    reported: date, at: float | None, named: Sequence[str], meetings: Mapping[str, Meeting]
) -> Meeting | None:
    """The meeting where an article's quotations were said: the first it names, when the article came out while
    it was held or within REPORTS_MEETING_DAYS after. A preview a fortnight before, or a look back a month later,
    quotes what was said then, elsewhere: putting it at the meeting, and on its page, would misreport it.

    `reported` is the article's day where the site is; `at` its moment (a POSIX timestamp), when its date gives a
    time. A meeting's days are those of the place it is held: a report from New York dated the evening of 4
    December is a report of a meeting held in Beijing on 5 December, which had begun. So an article with a time
    reports a meeting whose `timezone` is given from the moment its first day begins there. Otherwise it reports
    it from its first day where the site is, as a bare date does: without the meeting's zone, that evening report
    cannot be told from a preview of the day before, and a quotation left off a meeting is better than one put
    at a meeting before it was said."""
    meeting = meetings[named[0]] if named else None
    if meeting is None or reported > meeting.last_day + timedelta(days=REPORTS_MEETING_DAYS):
        return None
    if at is None or meeting.timezone is None:
        return meeting if meeting.start <= reported else None
    return meeting if at >= meeting_begins(meeting.start, meeting.timezone) else None


@cache
def meeting_begins(start: date, zone: str) -> float:
    """When a meeting's first day begins (a POSIX timestamp) where it is held."""
    return datetime.combine(start, time(0), tzinfo=ZoneInfo(zone)).timestamp()


def reported_by(article: Article) -> tuple[date, float | None]:
    """An article's day where the site is and, when its date gives a time, its moment: what reported_meeting
    reads."""
    assert article.date is not None  # published articles are dated
    return article.date.date(), article.date.timestamp() if article.timed else None


def part_reported(part: Part) -> tuple[date, float | None]:
    """reported_by, from an article's part."""
    assert part.date is not None
    return date.fromisoformat(part.date[:10]), part.timestamp if part.timed else None


def speakers_meeting(meeting: Meeting | None, speaker: str | None) -> Meeting | None:
    """The meeting a quotation was said at: its article's (reported_meeting) when the speaker takes part in it, or
    when the meeting names no participants. A spokeswoman's Monday briefing quoted in a report of a gala was not
    said at the gala: placing it there, and dating it by the gala, would misreport it."""
    if meeting is None or not meeting.participants or speaker in meeting.participants:
        return meeting
    return None


def said_on(reported: date, meeting: Meeting | None) -> date:
    """The day a quotation was said: the day its article reports, within the days of the meeting it was said at
    (`speakers_meeting`). A report of the 9 November gala dated the 10th was said on the 9th; one dated the
    evening before a meeting in Asia, where the site is, was said on the meeting's first day, where it is held
    (reported_meeting); one dated during the meeting keeps its own day."""
    if meeting is None:
        return reported
    return min(max(reported, meeting.start), meeting.last_day)


def newest_first(parts: dict[str, Part]) -> tuple[str, ...]:
    """Published slugs, newest first; the slug breaks ties so the order never depends on the file system."""
    return tuple(sorted(parts, key=lambda slug: (parts[slug].timestamp, slug), reverse=True))


def published(articles: Sequence[Article], drafts: bool = False) -> list[Article]:
    """Drafts only when asked for, and never without a date to place them."""
    return [a for a in articles if a.date is not None and (drafts or not a.draft)]


def is_published(part: Part, drafts: bool) -> bool:
    return part.date is not None and (drafts or not part.draft)


def build_date(parts: Iterable[Part], zone: ZoneInfo, environ: dict[str, str] | None = None) -> tuple[datetime, bool]:
    """SOURCE_DATE_EPOCH when set, else the newest article's date, one dated far ahead of all others aside
    (model.dating): never the clock, so builds repeat. And whether it is a moment: an article dated by its day
    alone gives midnight, which says nothing of the hour (meetings_by_time)."""
    env = os.environ if environ is None else environ
    if env.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return datetime.fromtimestamp(int(env["SOURCE_DATE_EPOCH"]), UTC).astimezone(zone), True
    newest, _ = dating(parts)
    if newest is not None and newest.date is not None:
        return datetime.fromisoformat(newest.date).astimezone(zone), newest.timed
    return datetime(1970, 1, 1, tzinfo=UTC).astimezone(zone), False


def updated(dates: Iterable[datetime], build_date: datetime) -> datetime:
    """When a list was last updated, as the home page and a feed say it: its newest article's date, never after
    the build date (an article dated years ahead by a typo is not the digest's news of today); the build date
    when the list is empty."""
    newest = max(dates, default=None)
    return build_date if newest is None else min(newest, build_date)  # equal: the article's own, as before


def group(
    config: Config,
    articles: Sequence[Article],
    drafts: bool = False,
    stories: Callable[[list[Item]], list[tuple[str, ...]]] = cluster,
) -> Digest:
    """The digest of these articles, all in memory. `stories` groups articles into stories: stories.cluster, or
    a kept answer of it."""
    chosen = {a.slug: a for a in published(articles, drafts)}
    parts = {slug: a.part for slug, a in chosen.items()}
    order = newest_first(parts)
    groups = stories([story_item(chosen[slug]) for slug in order if parts[slug].story])
    fingerprints = {slug: a.fingerprint for slug, a in chosen.items()}
    feed_tokens = {slug: a.feed_token for slug, a in chosen.items()}
    return assemble(config, arrange(config, parts, groups), chosen.__getitem__, fingerprints, feed_tokens)


def arrange(config: Config, parts: dict[str, Part], stories: list[tuple[str, ...]]) -> Lists:
    """Every list of the published articles (by their parts, which say all grouping needs), newest first, as
    slugs; `stories` are the story groups as `cluster` gives them."""
    order = newest_first(parts)
    by_theme: dict[str, list[str]] = {slug: [] for slug in config.themes}
    by_meeting: dict[str, list[str]] = {slug: [] for slug in config.meetings}
    by_year: dict[int, list[str]] = {}
    for slug in order:
        part = parts[slug]
        for theme in part.themes:
            by_theme[theme].append(slug)
        for meeting in part.meetings:
            by_meeting[meeting].append(slug)
        by_year.setdefault(int(part.date[:4]), []).append(slug)
    said: dict[str, tuple[list[str], array]] = {}
    for slug in reversed(order):  # oldest first, in the order each article gives them
        for at, speaker in enumerate(parts[slug].speakers):
            if speaker:
                slugs, orders = said.setdefault(speaker, ([], array("I")))
                slugs.append(slug)
                orders.append(at)
    dated = build_date(parts.values(), ZoneInfo(config.site.timezone))
    return Lists(
        order=order,
        by_theme={k: tuple(v) for k, v in by_theme.items()},
        by_meeting={k: tuple(v) for k, v in by_meeting.items()},
        by_year={y: tuple(by_year[y]) for y in sorted(by_year, reverse=True)},
        stories=newest_stories(stories, {slug: at for at, slug in enumerate(order)}),
        said={speaker: (tuple(slugs), orders) for speaker, (slugs, orders) in said.items()},
        parts={slug: parts[slug] for slug in order},
        build_date=dated[0],
        build_moment=dated[1],
    )


def assemble(
    config: Config, lists: Lists, fetch: Fetch, fingerprints: dict[str, str], feed_tokens: dict[str, str]
) -> Digest:
    """The digest these lists describe, its articles looked up with `fetch` as pages ask for them."""
    articles = Articles(lists.order, fetch)
    place = {slug: at for at, slug in enumerate(lists.order)}
    story: dict[str, Articles] = {}
    for members in lists.stories:
        reports = Articles(members, fetch)
        for slug in members:
            story[slug] = reports
    meetings = config.meetings
    make = partial(tuple.__new__, Said)  # Said(...) goes through a Python __new__

    made: dict[tuple[str, int], Said] = {}  # each quotation once: a person's page reads most of its own three times

    def said(slug: str, order: int) -> Said:
        found = made.get((slug, order))
        if found is None:
            article = fetch(slug)
            quote = article.quotes[order]
            day, at = reported_by(article)
            meeting = speakers_meeting(reported_meeting(day, at, article.meetings, meetings), quote.speaker)
            day = said_on(day, meeting)
            found = made[slug, order] = make((quote, article.link, meeting, order, day))
        return found

    naming: dict[str, list[str]] = {slug: [] for slug in config.people}
    for slug in lists.order:
        for person in lists.parts[slug].people:
            naming[person].append(slug)
    return Digest(
        config=config,
        articles=articles,
        by_theme={k: Articles(v, fetch) for k, v in lists.by_theme.items()},
        by_meeting={k: Articles(v, fetch) for k, v in lists.by_meeting.items()},
        by_year={k: Articles(v, fetch) for k, v in lists.by_year.items()},
        meetings=timeline(config.meetings.values()),
        older=Neighbours(articles, place, 1),
        newer=Neighbours(articles, place, -1),
        build_date=lists.build_date,
        story=story,
        said={speaker: Quotations(slugs, orders, said) for speaker, (slugs, orders) in lists.said.items()},
        quoted=tuple(config.people[slug] for slug in in_people_order(lists.said, config.people_places)),
        named_in={person: Articles(tuple(slugs), fetch) for person, slugs in naming.items()},
        lists=lists,
        fingerprints=fingerprints,
        feed_tokens=feed_tokens,
    )


def story_item(a: Article) -> Item:
    """What stories.py compares of a published article (one long enough to compare: `a.story` is not empty)."""
    day = a.date.date()  # as the site's time zone sees it: the one part not in the fingerprint
    return Item(a.slug, day, a.meetings, a.story, f"{a.fingerprint}:{day.toordinal()}")


def newest_stories(groups: list[tuple[str, ...]], place: dict[str, int]) -> list[tuple[str, ...]]:
    """Story groups (as `cluster` gives them) with each one's reports in the order of `place`: newest first."""
    return [tuple(sorted(members, key=place.__getitem__)) for members in groups]


OTHERS_SHOWN = 8  # other reports listed under an article; the rest are counted


def others(digest: Digest, slug: str, within: set[str] | None = None) -> Others | None:
    """The other reports of an article's story (among the slugs `within`, when given) that a page lists; None if
    none."""
    story = digest.story.get(slug)
    if story is None:
        return None
    if within is None:  # the common case, on every article page: no need to walk a story of hundreds
        members = [other for other in story.slugs[: OTHERS_SHOWN + 1] if other != slug]
        count = len(story) - 1
    else:
        members = [other for other in story.slugs if other != slug and other in within]
        count = len(members)
    if not members:
        return None
    return Others(tuple(story.fetch(other).link for other in members[:OTHERS_SHOWN]), max(0, count - OTHERS_SHOWN))


def story_leads(articles: Articles, story: dict[str, Articles]) -> Articles:
    """A list showing each story once: its newest report among `articles`, the others listed under it."""
    present = set(articles.slugs)
    shown: set[str] = set()
    leads = []
    for slug in articles.slugs:
        if slug in shown:
            continue
        leads.append(slug)
        shown.add(slug)
        reports = story.get(slug)
        if reports is not None:
            shown.update(other for other in reports.slugs if other in present)
    return Articles(tuple(leads), articles.fetch)


def timeline(meetings) -> tuple[Meeting, ...]:
    return tuple(sorted(meetings, key=lambda m: (m.start, m.last_day, m.slug), reverse=True))


def page_count(items: Sequence, size: int) -> int:
    """Pages of at most `size` items; an empty list still has one (empty) page."""
    return max(1, -(-len(items) // size))


def page(items: Sequence, number: int, size: int) -> tuple:
    """The items on page `number` (from 1), without cutting up the whole list: a build may want one page of it."""
    return tuple(items[(number - 1) * size : number * size])


def meetings_by_time(
    meetings: Sequence[Meeting], today: datetime, moment: bool = False, recent: int = 4
) -> tuple[list, list, list]:
    """Meetings under way (begun, not ended: soonest to end first), still to come (soonest first) and the latest
    ones already held (`meetings` newest first, as `timeline` gives them). A meeting begun is not "upcoming".

    A meeting's days are counted where it is held (its `timezone`): when `today` is a `moment` (a time of day is
    known: build_date), talks in Beijing on the 5th are under way at 21:30 on the 4th in New York, and over at
    13:00 on the 5th there. A bare day says nothing of the hour: then every meeting goes by the site's day."""
    site_day = today.date()
    day = {m.slug: meeting_day(today, m) if moment else site_day for m in meetings}
    under_way = [m for m in meetings if m.start <= day[m.slug] <= m.last_day]
    under_way.sort(key=lambda m: (m.last_day, m.slug))
    upcoming = sorted((m for m in meetings if m.start > day[m.slug]), key=lambda m: (m.start, m.slug))
    past = [m for m in meetings if m.last_day < day[m.slug]][:recent]
    return under_way, upcoming, past


def meeting_day(at: datetime, meeting: Meeting) -> date:
    """The day it is where the meeting is held at `at` (the site's day for a meeting with no `timezone`)."""
    return at.astimezone(ZoneInfo(meeting.timezone)).date() if meeting.timezone else at.date()


def months(articles: Articles, parts: dict[str, Part]) -> list[tuple[int, Articles]]:
    """A year's articles (newest first) by month, newest month first: from their parts, without the articles."""
    result: list[tuple[int, list[str]]] = []
    for slug in articles.slugs:
        month = int(parts[slug].date[5:7])  # ISO 8601 in the site's zone: published articles all have a date
        if not result or result[-1][0] != month:
            result.append((month, []))
        result[-1][1].append(slug)
    return [(month, Articles(tuple(slugs), articles.fetch)) for month, slugs in result]
