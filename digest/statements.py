"""Who said what, as pages show it: a person's statements page by page, a meeting's fullest statements, the home
page's quotations.

A statement is what a speaker said once, however many articles reported it and in however many wordings:
near-duplicates (quotes.near_duplicates) said on one occasion are one statement, shown once in its fullest
wording with every report; a fragment is never shown on its own. Grouping articles into lists is group.py's;
this module reads those lists.
"""

from __future__ import annotations

import hashlib
import pickle
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from .group import Digest, Quotations, Said, part_reported, reported_by, reported_meeting, said_on, speakers_meeting
from .model import Person, in_people_order
from .quotes import is_fragment, same_statements


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
            day, at = reported_by(article)
            reported = reported_meeting(day, at, article.meetings, digest.config.meetings)
            meeting = speakers_meeting(reported, quote.speaker)
            chosen.append(Said(quote, article.link, meeting, order, said_on(day, meeting)))
            speakers.add(quote.speaker)
        if len(chosen) == count:
            break
    return tuple(chosen)


Speakers = tuple[tuple[Person, Quotations], ...]


class Heard(NamedTuple):
    """What was quoted from the articles reporting a meeting: said there by those taking part, and the comment of
    others (a spokeswoman's briefing, a minister's remark days later), which was not said there."""

    there: Speakers  # its participants (everyone quoted, when it lists no one)
    others: Speakers


def said_at(digest: Digest, meetings: Collection[str] | None = None) -> dict[str, Heard]:
    """For each meeting (of `meetings`, when given), what each speaker said in the articles reporting it: those
    taking part apart from the others (group.speakers_meeting), each in the people's order (model.in_people_order).

    All of it, oldest first; a page shows the first few and links to the person's page for the rest. Read from
    the articles' parts: a build that re-renders one meeting's page never walks every quotation of the digest.
    """
    people, places = digest.config.people, digest.config.people_places
    result = {}
    for meeting in digest.meetings:
        if meetings is not None and meeting.slug not in meetings:
            continue
        by_speaker = _quoted_reporting(digest, meeting.slug)
        speakers = in_people_order(by_speaker, places)
        there = [p for p in speakers if p in meeting.participants or not meeting.participants]
        others = [p for p in speakers if p not in there]
        listed = {p: Quotations(tuple(slugs), orders, digest.said[p].make) for p, (slugs, orders) in by_speaker.items()}
        result[meeting.slug] = Heard(*(tuple((people[p], listed[p]) for p in each) for each in (there, others)))
    return result


def shown_heard(heard: Heard) -> Heard:
    """Those a meeting page shows, and the timeline counts: the speakers with a statement to show (`speaks`)."""
    return Heard(*(tuple(entry for entry in each if speaks(entry[1])) for each in heard))


def speaks(quotations: Sequence[Said]) -> bool:
    """Whether one of the quotations a meeting page picks a speaker's statements from (`fullest`: the first
    MEETING_QUOTES_READ) is whole: then it shows at least one. Quoted there in fragments only, a speaker is neither
    shown nor counted."""
    return any(not is_fragment(said.quote.text) for said in quotations[:MEETING_QUOTES_READ])


def heard_slugs(heard: Heard) -> tuple[str, ...]:
    """The articles of every quotation a meeting page (or the timeline) reads to show `heard`, each once."""
    read = (slug for _, items in (*heard.there, *heard.others) for slug in items.slugs[:MEETING_QUOTES_READ])
    return tuple(dict.fromkeys(read))


def _quoted_reporting(digest: Digest, meeting: str) -> dict[str, tuple[list[str], array]]:
    """Speaker → the articles and places of their quotations in the articles reporting a meeting, oldest first."""
    parts, by_speaker = digest.parts, {}
    for slug in reversed(digest.by_meeting[meeting].slugs):  # oldest first
        part = parts[slug]
        reported = reported_meeting(*part_reported(part), part.meetings, digest.config.meetings)
        if reported is None or reported.slug != meeting:  # others are referred to, or were not held then
            continue
        for order, speaker in enumerate(part.speakers):
            if speaker:
                slugs, orders = by_speaker.setdefault(speaker, ([], array("I")))
                slugs.append(slug)
                orders.append(order)
    return by_speaker


def newest_said(digest: Digest, person: str) -> tuple[Quotations | tuple[()], list[int]]:
    """A person's quotations, newest first by the day they were said (an article's in the order it gives them),
    and those days as ordinals.

    From the articles' parts and the config's meetings: ordering a person's page needs none of the articles.
    """
    said = digest.said.get(person)
    if said is None:
        return (), []
    parts, meetings, slugs, orders = digest.parts, digest.config.meetings, said.slugs, said.orders
    places: dict[str, list[int]] = {}  # by article, its quotations' places in `said`: an article's come in its order
    for at, slug in enumerate(slugs):
        places.setdefault(slug, []).append(at)
    when: dict[str, tuple[int, float, str]] = {}  # an article is dated once, however often it quotes the person
    for slug in places:
        part = parts[slug]
        day, at = part_reported(part)
        meeting = speakers_meeting(reported_meeting(day, at, part.meetings, meetings), person)
        when[slug] = (-said_on(day, meeting).toordinal(), -part.timestamp, slug)
    articles = sorted(places, key=when.__getitem__)
    newest = [at for slug in articles for at in places[slug]]
    days = [-when[slug][0] for slug in articles for _ in places[slug]]
    return Quotations(tuple(slugs[at] for at in newest), array("I", (orders[at] for at in newest)), said.make), days


SAME_STATEMENT_DAYS = 7  # reports of one statement come within a week of its first; a slogan said again is new


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
    SAME_STATEMENT_DAYS of the statement's first report) are one statement; a statement made of fragments only is not
    shown at all: fragments stay in their article's text.
    """
    quotations = list(quotations)
    found = [(lead, reports) for _, lead, reports in statement_groups(quotations) if lead is not None]
    found.sort(key=itemgetter(0))
    return [(quotations[lead], reports) for lead, reports in found]


def statement_groups(
    quotations: Sequence[Said], pairs: Iterable[tuple[int, int]] | None = None
) -> list[tuple[list[int], int | None, tuple[Said, ...]]]:
    """Every statement as (the indices of its quotations, the index of its fullest wording, its reports); the
    wording is None for a statement made of fragments only. Groups come in the order of their first quotation.
    Only `pairs` are compared, when given; else those said on one occasion."""
    quotations = list(quotations)
    days = [said.day.toordinal() for said in quotations]
    meetings = [said.meeting.slug if said.meeting else None for said in quotations]
    if pairs is None:
        pairs = one_occasion(days, meetings)
    texts = [said.quote.text for said in quotations]
    return [(group, *_statement(quotations, group)) for group in occasion_statements(texts, days, meetings, pairs)]


def occasion_statements(
    texts: Sequence[str], days: Sequence[int], meetings: Sequence[str | None], pairs: Iterable[tuple[int, int]]
) -> list[list[int]]:
    """quotes.same_statements of these quotations (`days` as ordinals), each statement one occasion as a whole:
    pairs each within a week chain a line repeated at every weekly briefing into one statement of months, dated
    by its first saying and worded by its last. Pairs are joined oldest first, so the chain is cut in the same
    places whatever order they come in."""
    ordered = sorted(pairs, key=lambda p: (*sorted((days[p[0]], days[p[1]])), min(p), max(p)))
    return same_statements(texts, ordered, Occasions(days, meetings))


class Occasions:
    """The occasion of each statement found so far, by its first quotation: the first and last day its quotations
    were said, and the meeting all of them were said at (None: not one meeting). As `same_statements` asks, two
    statements become one only when that is still one occasion: at one meeting, or within SAME_STATEMENT_DAYS."""

    def __init__(self, days: Sequence[int], meetings: Sequence[str | None]) -> None:
        self.spans = [(day, day, meeting) for day, meeting in zip(days, meetings, strict=True)]

    def __call__(self, first: int, other: int) -> bool:
        (low, high, meeting), (low2, high2, meeting2) = self.spans[first], self.spans[other]
        low, high, meeting = min(low, low2), max(high, high2), meeting if meeting == meeting2 else None
        if meeting is None and high - low > SAME_STATEMENT_DAYS:
            return False
        self.spans[first] = (low, high, meeting)
        return True


def _statement(
    quotations: Sequence[Said] | Mapping[int, Said], group: list[int]
) -> tuple[int | None, tuple[Said, ...]]:
    """The fullest wording (its index; None when all are fragments) and the reports of one statement: one
    quotation per article that reported it, first report first."""
    lead, reports = _statement_at(quotations, group)
    return lead, tuple(quotations[i] for i in reports)


def _statement_at(
    quotations: Sequence[Said] | Mapping[int, Said], group: list[int]
) -> tuple[int | None, tuple[int, ...]]:
    """`_statement`, its reports by index."""
    members = [quotations[i] for i in group]
    whole = [said for said in members if not is_fragment(said.quote.text)]
    if not whole:
        return None, ()
    lead = max(whole, key=lambda said: (len(said.quote.text.split()), -members.index(said)))
    reports: dict[str, int] = {}
    for i in sorted(group, key=lambda i: (quotations[i].article.date, quotations[i].article.slug, quotations[i].order)):
        reports.setdefault(quotations[i].article.slug, i)
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


WindowStatements = list[tuple[list[int], int | None, tuple[int, ...]]]  # (quotations, fullest, reports) by index


class StatementsByPerson:
    """What the build before found of each person's statements (`KnownStatements`), and what this one finds.

    By person, so that a plan that carries a person's pages over (render.plan_pages) carries what was found for
    them. Kept whole, not journalled: only a build that plans every list reads or stores it."""

    def __init__(self, last: dict[str, dict[bytes, array]]) -> None:
        self.last = last
        self.now: dict[str, dict[bytes, array]] = {}

    def of(self, person: str, carried: bool) -> KnownStatements:
        """`carried`: the person's pages are carried over; what was found for them holds for the next build too."""
        known = KnownStatements(self.last.get(person, {}))
        if carried:
            known.now.update(known.last)
        self.now[person] = known.now
        return known


class KnownStatements:
    """Which quotations of a person's page window are one statement, as the build before found them, keyed by all
    that decides it (the window's texts, days, meetings and reports' articles): finding them is most of the cost
    of planning every person page (a new article, a config edit), and most windows are as they were."""

    def __init__(self, last: dict[bytes, array]) -> None:
        self.last = last
        self.now: dict[bytes, array] = {}  # what this build found, packed: the next one's `last`

    def statements(
        self, window: list[Said], days: Sequence[int], meetings: list[str | None], own: range
    ) -> WindowStatements:
        """The window's statements as (its quotations, its fullest wording, its reports), by index in `window`,
        its quotations compared as `_pairs_with` pairs them."""
        texts = [said.quote.text for said in window]
        reports_by = [(said.article.slug, said.order, said.article.date.isoformat()) for said in window]
        decides = (texts, reports_by, list(days), meetings, own.start, own.stop)
        key = hashlib.blake2b(pickle.dumps(decides), digest_size=16).digest()
        packed = self.last.get(key)
        if packed is not None:
            self.now[key] = packed
            return _unpacked(packed)
        found = window_statements(window, days, meetings, own)
        self.now[key] = _packed(found)
        return found


def window_statements(
    window: list[Said], days: Sequence[int], meetings: list[str | None], own: range
) -> WindowStatements:
    """`KnownStatements.statements`, found afresh."""
    texts = [said.quote.text for said in window]
    same = occasion_statements(texts, days, meetings, _pairs_with(days, meetings, own))
    return [(group, *_statement_at(window, group)) for group in same]


def _packed(found: WindowStatements) -> array:
    """One flat array of small numbers. As lists of tuples of lists, a full plan at 10,000 articles peaked 35 MB
    higher. Each statement: its size, its quotations, its fullest (-1: none), its reports' count, its reports."""
    numbers = array("i")
    for group, lead, reports in found:
        numbers.extend((len(group), *group, -1 if lead is None else lead, len(reports), *reports))
    return numbers


def _unpacked(numbers: array) -> WindowStatements:
    found, at = [], 0
    while at < len(numbers):
        size = numbers[at]
        group = numbers[at + 1 : at + 1 + size].tolist()
        lead, count = numbers[at + 1 + size], numbers[at + 2 + size]
        reports = tuple(numbers[at + 3 + size : at + 3 + size + count])
        found.append((group, None if lead == -1 else lead, reports))
        at += 3 + size + count
    return found


class PersonPages:
    """The pages of one person's quotations (newest first, `days` as ordinals), `size` quotations a page, each
    showing its statements: those whose newest report it holds, with all their reports (see statement_window)."""

    def __init__(
        self, quotations: Sequence[Said], days: Sequence[int], size: int, known: KnownStatements | None = None
    ) -> None:
        self.quotations, self.days, self.size = quotations, days, size
        self.known = known  # None: found afresh, and not kept (a build that plans only some pages)
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
        groups, said = self._groups(number)
        said = dict(said)  # by index in the whole list: every quotation this page reads, each made once
        covered: dict[int, set[int]] = {}  # by an earlier page: the quotations it shows
        shown, passing = [], {}
        for members, lead, reports in groups:
            if not any(start <= i < end for i in members):
                continue  # only near this page's quotations
            if members[0] < start:
                owner = members[0] // self.size + 1
                if owner not in covered:
                    covered[owner], read = self._shown_by(owner)
                    said.update(read)
                left = [i for i in members if start <= i < end and i not in covered[owner]]
                if not left:
                    continue
                members, (lead, reports) = left, _statement(said, left)
            if lead is None:
                for i in members:
                    passing.setdefault(said[i].article.slug, said[i].article)
            else:
                shown.append((lead, said[lead], reports))
        reported = {report.article.slug for _, _, reports in shown for report in reports}
        found = [(lead, reports) for _, lead, reports in sorted(shown, key=itemgetter(0))]
        in_passing = tuple(link for slug, link in passing.items() if slug not in reported)
        return {"occasions": occasions(found), "in_passing": in_passing, "considered": tuple(said.values())}

    def _bounds(self, number: int) -> tuple[int, int]:
        start = (number - 1) * self.size
        return start, min(start + self.size, len(self.quotations))

    def _groups(self, number: int) -> tuple[list[tuple[list[int], int | None, tuple]], dict[int, Said]]:
        """The statements that include one of the page's quotations, by their indices in the whole list, and the
        quotations read to find them, by the same indices."""
        if number not in self.recent:
            start, end = self._bounds(number)
            window = statement_window(self.days, start, end, self.size)
            considered = list(self.quotations[window.start : window.stop])
            meetings = [said.meeting.slug if said.meeting else None for said in considered]
            own = range(start - window.start, end - window.start)
            days = self.days[window.start : window.stop]
            find = self.known.statements if self.known else window_statements
            found = find(considered, days, meetings, own)
            groups = [
                (
                    [window.start + i for i in group],
                    None if lead is None else window.start + lead,
                    tuple(considered[i] for i in reports),
                )
                for group, lead, reports in found
            ]
            if len(self.recent) > 2:
                del self.recent[min(self.recent)]
            self.recent[number] = groups, dict(zip(window, considered, strict=True))
        return self.recent[number]

    def _shown_by(self, number: int) -> tuple[set[int], dict[int, Said]]:
        """The quotations an earlier page shows (as statements or in passing), and those it read to know it."""
        start, end = self._bounds(number)
        groups, read = self._groups(number)
        return {i for members, _, _ in groups if start <= members[0] < end for i in members}, read


class Quoted(NamedTuple):
    """How many articles quote a person, as the people index says it: not their quotations, since one article may
    report one statement in several fragments, and two may report it twice."""

    stating: int  # in a statement: their page shows it (what the index ranks by)
    passing: int  # only in fragments: their page names the article "in passing", and shows none of it


def quoted_in(digest: Digest) -> dict[str, Quoted]:
    """Each person quoted, by slug: how many articles quote them in a statement, and how many only in passing.

    From the articles' parts (Part.stating, worked out when an article is read), in one pass: planning the index
    reads none of the articles, nor groups anyone's statements. An article quoting only a fragment of a statement
    another article quotes whole is shown on the person's page as a report of it, yet counted here in passing:
    knowing so would take grouping every quotation of the digest on every build that plans the index."""
    stating = Counter(chain.from_iterable(part.stating for part in digest.parts.values()))
    counts = {}
    for person, said in digest.said.items():
        whole = stating.get(person, 0)
        counts[person] = Quoted(whole, len(set(said.slugs)) - whole)
    return counts


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
