"""Pure grouping and ordering: which articles appear on which page, in what order."""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from operator import attrgetter
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from .model import Article, Config, Link, Meeting, Others, Part, Person, Quote
from .quotes import is_fragment, same_statements
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
        at = self.place.get(slug)
        if at is None or not 0 <= at + self.step < len(self.articles):
            return default
        return self.articles[at + self.step]


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
    quoted: tuple[Person, ...]  # everyone with at least one quotation, by name
    mentioned: dict[str, int]  # person slug → published articles naming them in `people`
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
    meeting: Meeting | None  # the article's first meeting: the one it reports (others are referred to)
    order: int  # the quotation's place among the article's
    day: date  # when it was said: the meeting's day when the article reports one (see said_on)


def said_on(reported: date, meeting: Meeting | None) -> date:
    """The day a quotation was said: the day its article reports, unless the article reports a meeting held before
    it (the 9 November gala, reported on the 10th), then the meeting's (last) day. An article published before or
    during the meeting keeps its own day: what it quotes was said then."""
    if meeting is None or reported <= meeting.last_day:
        return reported
    return meeting.last_day


def newest_first(parts: dict[str, Part]) -> tuple[str, ...]:
    """Published slugs, newest first; the slug breaks ties so the order never depends on the file system."""
    return tuple(sorted(parts, key=lambda slug: (parts[slug].timestamp, slug), reverse=True))


def published(articles: Sequence[Article], drafts: bool = False) -> list[Article]:
    """Drafts only when asked for, and never without a date to place them."""
    return [a for a in articles if a.date is not None and (drafts or not a.draft)]


def is_published(part: Part, drafts: bool) -> bool:
    return part.date is not None and (drafts or not part.draft)


def build_date(parts: Iterable[Part], zone: ZoneInfo, environ: dict[str, str] | None = None) -> datetime:
    """SOURCE_DATE_EPOCH when set, else the newest article's date: never the clock, so builds repeat."""
    env = os.environ if environ is None else environ
    if env.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return datetime.fromtimestamp(int(env["SOURCE_DATE_EPOCH"]), UTC).astimezone(zone)
    newest = max(parts, key=attrgetter("timestamp"), default=None)
    if newest is not None and newest.date is not None:
        return datetime.fromisoformat(newest.date).astimezone(zone)
    return datetime(1970, 1, 1, tzinfo=UTC).astimezone(zone)


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
    return Lists(
        order=order,
        by_theme={k: tuple(v) for k, v in by_theme.items()},
        by_meeting={k: tuple(v) for k, v in by_meeting.items()},
        by_year={y: tuple(by_year[y]) for y in sorted(by_year, reverse=True)},
        stories=newest_stories(stories, {slug: at for at, slug in enumerate(order)}),
        said={speaker: (tuple(slugs), orders) for speaker, (slugs, orders) in said.items()},
        parts={slug: parts[slug] for slug in order},
        build_date=build_date(parts.values(), ZoneInfo(config.site.timezone)),
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

    def said(slug: str, order: int) -> Said:
        article = fetch(slug)
        meeting = meetings[article.meetings[0]] if article.meetings else None
        return make((article.quotes[order], article.link, meeting, order, said_on(article.date.date(), meeting)))

    mentioned = {slug: 0 for slug in config.people}
    for part in lists.parts.values():
        for slug in part.people:
            mentioned[slug] += 1
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
        quoted=tuple(sorted((config.people[slug] for slug in lists.said), key=lambda p: (p.name, p.slug))),
        mentioned=mentioned,
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


def upcoming_and_recent(meetings: Sequence[Meeting], today: datetime, recent: int = 4) -> tuple[list, list]:
    """Meetings still to come (soonest first) and the latest ones already held."""
    day = today.date()
    upcoming = sorted((m for m in meetings if m.last_day >= day), key=lambda m: (m.start, m.slug))
    past = [m for m in meetings if m.last_day < day][:recent]
    return upcoming, past


def months(articles: Articles, parts: dict[str, Part]) -> list[tuple[int, Articles]]:
    """A year's articles (newest first) by month, newest month first: from their parts, without the articles."""
    result: list[tuple[int, list[str]]] = []
    for slug in articles.slugs:
        month = int(parts[slug].date[5:7])  # ISO 8601 in the site's zone: published articles all have a date
        if not result or result[-1][0] != month:
            result.append((month, []))
        result[-1][1].append(slug)
    return [(month, Articles(tuple(slugs), articles.fetch)) for month, slugs in result]


def key_quotes(digest: Digest, count: int = 3) -> tuple[Said, ...]:
    """The home page's quotations: from the newest articles, one per speaker, whole statements only (no fragment)."""
    chosen: list[Said] = []
    speakers: set[str] = set()
    for article in digest.articles:
        quotes = [
            (order, q)
            for order, q in enumerate(article.quotes)
            if q.speaker and q.speaker not in speakers and len(q.text.split()) >= 6 and not is_fragment(q.text)
        ]
        if quotes:
            order, quote = max(quotes, key=lambda item: (len(item[1].text) <= 240, -item[0]))
            meeting = digest.config.meetings[article.meetings[0]] if article.meetings else None
            chosen.append(Said(quote, article.link, meeting, order, said_on(article.date.date(), meeting)))
            speakers.add(quote.speaker)
        if len(chosen) == count:
            break
    return tuple(chosen)


Speakers = tuple[tuple[Person, Quotations], ...]


def said_at(digest: Digest, meetings: Collection[str] | None = None) -> dict[str, Speakers]:
    """For each meeting (of `meetings`, when given), what each speaker said in the articles reporting it: its
    participants first, then others by name.

    All of it, oldest first; a page shows the first few and links to the person's page for the rest. Read from
    the articles' parts: a build that re-renders one meeting's page never walks every quotation of the digest.
    """
    parts, people = digest.parts, digest.config.people
    result = {}
    for meeting in digest.meetings:
        if meetings is not None and meeting.slug not in meetings:
            continue
        by_speaker: dict[str, tuple[list[str], array]] = {}
        for slug in reversed(digest.by_meeting[meeting.slug].slugs):  # oldest first
            part = parts[slug]
            if part.meetings[0] != meeting.slug:  # the meeting it reports is its first; others are referred to
                continue
            for order, speaker in enumerate(part.speakers):
                if speaker:
                    slugs, orders = by_speaker.setdefault(speaker, ([], array("I")))
                    slugs.append(slug)
                    orders.append(order)
        order = [p for p in meeting.participants if p in by_speaker]
        order += sorted((p for p in by_speaker if p not in meeting.participants), key=lambda p: (people[p].name, p))
        result[meeting.slug] = tuple(
            (people[p], Quotations(tuple(by_speaker[p][0]), by_speaker[p][1], digest.said[p].make)) for p in order
        )
    return result


def newest_said(digest: Digest, person: str) -> tuple[Sequence[Said], list[int]]:
    """A person's quotations, newest first by the day they were said (an article's in the order it gives them),
    and those days as ordinals.

    From the articles' parts and the config's meetings: ordering a person's page needs none of the articles.
    """
    said = digest.said.get(person)
    if said is None:
        return (), []
    parts, meetings = digest.parts, digest.config.meetings
    when: dict[str, tuple[int, float]] = {}  # by article: a person quoted ten times in one is dated once
    for slug in set(said.slugs):
        part = parts[slug]
        meeting = meetings[part.meetings[0]] if part.meetings else None
        when[slug] = (-said_on(date.fromisoformat(part.date[:10]), meeting).toordinal(), -part.timestamp)
    slugs, orders = said.slugs, said.orders
    places = sorted(range(len(said)), key=lambda at: (*when[slugs[at]], slugs[at], orders[at]))
    newest = Quotations(tuple(slugs[at] for at in places), array("I", (orders[at] for at in places)), said.make)
    return newest, [-when[slug][0] for slug in newest.slugs]


SAME_STATEMENT_DAYS = 7  # reports of one statement come within a week of each other; a slogan said again is new


def one_occasion(days: Sequence[int], meetings: Sequence[str | None]) -> Iterator[tuple[int, int]]:
    """The pairs of quotations said on one occasion: at the same meeting, or else within SAME_STATEMENT_DAYS of
    each other. Found through the days in order, not by trying every pair: a page of a person's quotations has
    hundreds, and a week holds few of them."""
    order = sorted(range(len(days)), key=days.__getitem__)
    for at, i in enumerate(order):
        for j in order[at + 1 :]:
            if days[j] - days[i] > SAME_STATEMENT_DAYS:
                break
            yield i, j
    at_meeting: dict[str, list[int]] = {}
    for i, meeting in enumerate(meetings):
        if meeting is not None:
            at_meeting.setdefault(meeting, []).append(i)
    for members in at_meeting.values():
        for at, i in enumerate(members):
            yield from ((i, j) for j in members[at + 1 :] if abs(days[i] - days[j]) > SAME_STATEMENT_DAYS)


def statements(quotations: Sequence[Said]) -> list[tuple[Said, tuple[Said, ...]]]:
    """The statements among one speaker's quotations, each as its fullest wording (in the order of those wordings
    among the quotations) and its reports (one quotation per article that reported it, first report first).

    Near-duplicates (quotes.near_duplicates) said on one occasion (at the same meeting, or else within
    SAME_STATEMENT_DAYS) are one statement; a statement made of fragments only is not shown at all: fragments stay in
    their article's text.
    """
    quotations = list(quotations)
    found = [(lead, reports) for _, lead, reports in statement_groups(quotations) if lead is not None]
    found.sort(key=first)
    return [(quotations[lead], reports) for lead, reports in found]


def first(item: tuple) -> Any:
    return item[0]


def statement_groups(
    quotations: Sequence[Said], pairs: Iterable[tuple[int, int]] | None = None
) -> list[tuple[list[int], int | None, tuple[Said, ...]]]:
    """Every statement as (the indices of its quotations, the index of its fullest wording, its reports); the
    wording is None for a statement made of fragments only. Groups come in the order of their first quotation.
    Only `pairs` are compared, when given; else those said on one occasion."""
    quotations = list(quotations)
    if pairs is None:
        days = [said.day.toordinal() for said in quotations]
        pairs = one_occasion(days, [said.meeting.slug if said.meeting else None for said in quotations])
    texts = [said.quote.text for said in quotations]
    return [(group, *_statement(quotations, group)) for group in same_statements(texts, pairs)]


def _statement(quotations: Sequence[Said], group: list[int]) -> tuple[int | None, tuple[Said, ...]]:
    """The fullest wording (its index; None when all are fragments) and the reports of one statement: one
    quotation per article that reported it, first report first."""
    members = [quotations[i] for i in group]
    whole = [said for said in members if not is_fragment(said.quote.text)]
    if not whole:
        return None, ()
    lead = max(whole, key=lambda said: (len(said.quote.text.split()), -members.index(said)))
    reports: dict[str, Said] = {}
    for said in sorted(members, key=lambda said: (said.article.date, said.article.slug, said.order)):
        reports.setdefault(said.article.slug, said)
    return group[members.index(lead)], tuple(reports.values())


def statement_window(days: Sequence[int], start: int, end: int, reach: int) -> range:
    """The quotations that a page showing quotations start…end-1 of a person's list (newest first, `days` as
    ordinals) reads to show their statements whole: its own, and up to `reach` either side said within
    SAME_STATEMENT_DAYS of them. A statement reported on both sides of a page break is then seen from both pages,
    and shown on the page of its newest report only.

    Bounded, so that a page costs the same however often a person is quoted: reports of one statement more than
    `reach` quotations apart (or linked only through quotations off the page) can still show on two pages.
    """
    low, high = start, end
    while low > max(0, start - reach) and days[low - 1] - days[start] <= SAME_STATEMENT_DAYS:
        low -= 1
    while high < min(len(days), end + reach) and days[end - 1] - days[high] <= SAME_STATEMENT_DAYS:
        high += 1
    return range(low, high)


def _pairs_with(days: Sequence[int], meetings: Sequence[str | None], own: range) -> Iterator[tuple[int, int]]:
    """one_occasion's pairs that include one of `own`: a page needs no pair of two quotations of other pages."""
    for i in own:
        for j in range(len(days)):
            near = abs(days[i] - days[j]) <= SAME_STATEMENT_DAYS or (meetings[i] and meetings[i] == meetings[j])
            if near and (j > i or j not in own) and j != i:
                yield (i, j) if i < j else (j, i)


class PersonPages:
    """The pages of one person's quotations (newest first, `days` as ordinals), `size` quotations a page, each
    showing its statements: those whose newest report it holds, with all their reports (see statement_window)."""

    def __init__(self, quotations: Sequence[Said], days: Sequence[int], size: int) -> None:
        self.quotations, self.days, self.size = quotations, days, size
        self.recent: dict[int, tuple] = {}  # the last pages' groups: the next page often asks what one showed

    def __call__(self, chunk: tuple, number: int) -> dict[str, tuple]:  # as render's lists ask for it
        return self.page(number)

    def page(self, number: int) -> dict[str, tuple]:
        """What page `number` shows (`occasions`), the articles quoting the person there only in passing
        (fragments, not shown on their own), and every quotation it read (`considered`), which it changes with.

        A statement whose newest report is on an earlier page is left to that page; if that page, reading
        other quotations, does not show this page's reports of it, they are shown here: never lost, at worst
        twice."""
        start, end = self._bounds(number)
        groups, considered = self._groups(number)
        covered: dict[int, set[int]] = {}  # by an earlier page: the quotations it shows
        shown, passing = [], {}
        for members, lead, reports in groups:
            if not any(start <= i < end for i in members):
                continue  # only near this page's quotations
            if members[0] < start:
                owner = members[0] // self.size + 1
                if owner not in covered:
                    covered[owner], read = self._shown_by(owner)
                    considered += read
                left = [i for i in members if start <= i < end and i not in covered[owner]]
                if not left:
                    continue
                members, (lead, reports) = left, _statement(self.quotations, left)
            if lead is None:
                for i in members:
                    passing.setdefault(self.quotations[i].article.slug, self.quotations[i].article)
            else:
                shown.append((lead, self.quotations[lead], reports))
        reported = {said.article.slug for _, _, reports in shown for said in reports}
        found = [(lead, reports) for _, lead, reports in sorted(shown, key=first)]
        in_passing = tuple(link for slug, link in passing.items() if slug not in reported)
        return {"occasions": occasions(found), "in_passing": in_passing, "considered": tuple(considered)}

    def _bounds(self, number: int) -> tuple[int, int]:
        start = (number - 1) * self.size
        return start, min(start + self.size, len(self.quotations))

    def _groups(self, number: int) -> tuple[list[tuple[list[int], int | None, tuple]], list[Said]]:
        """The statements that include one of the page's quotations, by their indices in the whole list."""
        if number in self.recent:
            groups, considered = self.recent[number]
            return groups, list(considered)
        start, end = self._bounds(number)
        window = statement_window(self.days, start, end, self.size)
        considered = list(self.quotations[window.start : window.stop])
        meetings = [said.meeting.slug if said.meeting else None for said in considered]
        own = range(start - window.start, end - window.start)
        pairs = _pairs_with(self.days[window.start : window.stop], meetings, own)
        groups = [
            ([window.start + i for i in group], None if lead is None else window.start + lead, reports)
            for group, lead, reports in statement_groups(considered, pairs)
        ]
        if len(self.recent) > 2:
            del self.recent[min(self.recent)]
        self.recent[number] = groups, tuple(considered)
        return groups, considered

    def _shown_by(self, number: int) -> tuple[set[int], list[Said]]:
        """The quotations an earlier page shows (as statements or in passing), and those it read to know it."""
        start, end = self._bounds(number)
        groups, read = self._groups(number)
        return {i for members, _, _ in groups if start <= members[0] < end for i in members}, read


def quoted_in(digest: Digest, person: str) -> int:
    """How many articles quote a person: what the people index ranks by. Not their quotations: one article may
    report one statement in several fragments, and two may report it twice."""
    said = digest.said.get(person)
    return len(set(said.slugs)) if said else 0


def runs(shown: Sequence[tuple[Said, tuple[Said, ...]]]) -> tuple[dict, ...]:
    """Statements one after another that have the same reports, under one caption: a page says once where five
    quotations from one article were reported, not five times."""
    result: list[dict] = []
    for lead, reports in shown:
        if result and [r.article.slug for r in result[-1]["reports"]] == [r.article.slug for r in reports]:
            result[-1]["quotes"] += (lead,)
        else:
            result.append({"reports": reports, "quotes": (lead,)})
    return tuple(result)


def occasions(found: Sequence[tuple[Said, tuple[Said, ...]]]) -> tuple[dict, ...]:
    """Statements (newest first, as `statements` gives them from a person's page) under the day and meeting they
    were said at, each day and meeting once: the caption is not repeated under every quotation."""
    dated = sorted(
        enumerate(found),
        key=lambda item: (-min(r.day for r in item[1][1]).toordinal(), item[0]),
    )
    result: list[dict] = []
    for _, (lead, reports) in dated:
        day = min(r.day for r in reports)
        if not result or (result[-1]["day"], result[-1]["meeting"]) != (day, lead.meeting):
            result.append({"day": day, "meeting": lead.meeting, "said": []})
        result[-1]["said"].append((lead, reports))
    return tuple({"day": o["day"], "meeting": o["meeting"], "runs": runs(o["said"])} for o in result)


MEETING_QUOTES_READ = 60  # per speaker: the first reports of a meeting, nearest to it, are where it is picked from


def fullest(quotations: Sequence[Said], count: int) -> tuple[tuple[dict, ...], bool]:
    """A meeting page's pick of one speaker's quotations (oldest first): their `count` fullest statements (most
    words first) among the first MEETING_QUOTES_READ, and whether they said more there.

    Bounded, since every pair is compared: a meeting covered by hundreds of articles costs its page no more."""
    found = statements(quotations[:MEETING_QUOTES_READ])
    ranked = sorted(range(len(found)), key=lambda at: (-len(found[at][0].quote.text.split()), at))
    return runs([found[at] for at in ranked[:count]]), len(found) > count or len(quotations) > MEETING_QUOTES_READ
