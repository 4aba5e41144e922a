"""Jinja pages for the whole digest → {output path: bytes}; nothing is written here."""

from __future__ import annotations

import html
import re
import traceback
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache, partial
from pathlib import Path
from types import FunctionType
from typing import Any

import jinja2
from markupsafe import Markup

from . import linked_data, reads, speedups, urls
from .errors import DigestError, Problem
from .group import Articles, Consulted, Digest, meetings_by_time, months, others, page, page_count, story_leads, updated
from .model import Article, Config, Meeting, Person, Source, outlet
from .statements import (
    MEETING_QUOTES_READ,
    Heard,
    PersonPages,
    Quoted,
    Speakers,
    StatementsByPerson,
    fullest,
    heard_slugs,
    key_quotes,
    newest_said,
    quoted_in,
    said_at,
    shown_heard,
)
from .store import Store


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    newer: str | None  # address of the previous (newer) page
    older: str | None

    @property
    def window(self) -> tuple[tuple[int, str] | None, ...]:
        """The numbered links: the first and last pages and two either side of this one; None where pages are
        skipped (1 2 3 … 39). Made from the fields above alone, so a page key covering them covers these too."""
        if self.count <= 1:
            return ()
        first = urls.first_page(self.older or self.newer or "")
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        links: list[tuple[int, str] | None] = []
        for number in shown:
            if links and links[-1] is not None and number > links[-1][0] + 1:
                links.append(None)
            links.append((number, urls.paged(first, number)))
        return tuple(links)


def environment(config: Config, store: Store | None = None, preview: bool = False) -> jinja2.Environment:
    """The templates' environment. `preview`: a build with drafts, for editors only: every page asks search engines
    not to index it (`<meta name="robots" content="noindex">`), so that a preview put online by mistake stays out
    of them."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config.templates_dir),
        bytecode_cache=StoredTemplates(store) if store else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates cannot change during a build: no stat of three files per page
    )
    env.context_class = speedups.direct_calls()
    links = urls.Links(config.site.base_url)
    href, absolute = links.href, links.absolute
    noted = env.noted = reads.Noted()  # type: ignore[attr-defined]
    watched = reads.noting(config, noted)  # what a page reads of the themes, meetings and people is noted
    env.globals.update(
        site=watched.site,
        themes=watched.themes,
        meetings=watched.meetings,
        people=watched.people,
        urls=urls,
        href=href,
        absolute=absolute,
        things=linked_data.Things(watched, absolute),
        trail=partial(linked_data.trail, watched),
        json_ld=linked_data.script,
        preview=preview,
    )
    env.filters.update(long_date=long_date, iso_date=iso_date, meeting_dates=meeting_dates, in_body=links.in_body)
    env.filters["outlet"] = outlet_name
    env.filters["page_description"] = page_description
    plain = {f for f in vars(urls).values() if isinstance(f, FunctionType) and f.__module__ == urls.__name__}
    env.plain_calls = frozenset({href, absolute, *plain})  # type: ignore[attr-defined]
    return env


class StoredTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in the store between builds, checksummed like everything there: Jinja's own file
    cache is not, and a byte flipped in it could change what a page says. Jinja checks each template's source."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.record(f"template:{bucket.key}")
        if isinstance(data, bytes):
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store.keep(f"template:{bucket.key}", bucket.bytecode_to_string())


def outlet_name(source: Source) -> str:
    """The outlet as every page names it: its name, else its address's host, as feeds and JSON-LD name it too."""
    return outlet(source)[0]


DESCRIPTION_LIMIT = 200  # characters, the ellipsis included: about what search results and link previews show


def page_description(rendered: str) -> Markup:
    """A page's description block (escaped HTML text) as a meta description: whitespace collapsed and, past
    DESCRIPTION_LIMIT, cut at a word's end with an ellipsis. A long archive month or theme description would
    otherwise be cut by each search engine and chat app where it likes. The text is unescaped first, so the cut
    never falls inside an entity (`&amp;`), and escaped again."""
    text = " ".join(html.unescape(str(rendered)).split())
    return Markup.escape(shorten(text, DESCRIPTION_LIMIT))


def shorten(text: str, limit: int) -> str:
    """`text` when it fits in `limit` characters; else its words that fit, and `…`. A first word longer than the
    limit is cut, between two characters a reader sees apart (`_joined`): nothing else can fit."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if text[limit - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    while head and _joined(text, len(head)):
        head = head[:-1]
    return head.rstrip(" ,;:·–—-(“‘[") + "…"


# What extends the character before it (the emoji modifiers 🏻–🏿, a zero-width joiner, a subdivision flag's tags).
_EXTENDING = re.compile("[\u200d\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")
_REGIONAL = re.compile("[\U0001f1e6-\U0001f1ff]")  # a flag is two of them: 🇺🇸


def _joined(text: str, at: int) -> bool:
    """Whether text[at] is shown as one with the character before it: a mark (an accent, a Hindi vowel sign,
    an emoji's variation selector), what `_EXTENDING` holds, what follows a joiner, a flag's second half. A cut
    there leaves a different letter, a bare "👨‍", "👍" without its skin tone, or half a flag."""
    here, before = text[at], text[at - 1]
    if unicodedata.category(here)[0] == "M" or _EXTENDING.match(here) or before == "\u200d":
        return True
    if not (_REGIONAL.match(here) and _REGIONAL.match(before)):
        return False
    start = at
    while start and _REGIONAL.match(text[start - 1]):
        start -= 1
    return (at - start) % 2 == 1


@lru_cache(maxsize=4096)  # strftime is slow, and a page shows the same few days again and again
def long_date(value: date | datetime) -> str:
    """`26 April 2024`: unambiguous for readers on both sides of the Pacific."""
    return f"{value.day} {value:%B %Y}"


@lru_cache(maxsize=4096)
def iso_date(value: date | datetime) -> str:
    return value.isoformat() if not isinstance(value, datetime) else value.isoformat(timespec="seconds")


def meeting_dates(meeting: Meeting) -> str:
    start, end = meeting.start, meeting.end
    if not end or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


QUOTES_PER_SPEAKER = 3  # on a meeting page: the rest is on the speaker's page
ARTICLE_PAGE = "article.html"  # the template of an article's own page


@dataclass(frozen=True)
class PageSpec:
    """One page to render: where it goes, with which template, and everything the template sees.

    The template sees only this context, the site's settings and the themes, meetings and people (what it reads
    of those is noted as it renders: reads.py), so a fingerprint of the context, the template and those reads
    decides whether the page can change.
    """

    address: str
    template: str
    context: dict[str, Any] | None  # None: carried over as the last plan made it (`plan_pages`' `carry`)

    @cached_property
    def path(self) -> str:
        """Made once: the build keys, stages and records each page by it (one string, not three, per page)."""
        return urls.output_path(self.address)


Carry = Callable[[str, tuple], bool]  # (a group of pages, what it read of the lists) → the same as last planned


def plan_pages(
    digest: Digest,
    only: set[str] | None = None,
    statements: StatementsByPerson | None = None,
    carry: Carry | None = None,
    check: set[str] | frozenset[str] = frozenset(),
) -> list[PageSpec]:
    """Every HTML page of the site (those at the addresses in `only`, when given), in a fixed order.

    Cheap, since nothing is rendered here; cheaper still with `only`, when a build knows which pages can change.
    `statements`: what the build before found of the person pages' statements, to take again where it holds.
    `carry`: told what each group of pages (one person's, one article's) read of the lists; where it answers that
    they read the same as when last planned, those pages are carried over (context None) but for the addresses
    in `check`, which read something else that changed.
    """
    planner = _Planner(digest, only, statements, carry, check)
    for plan in (
        planner.home, planner.articles, planner.themes, planner.meetings, planner.people, planner.archive,
    ):  # fmt: skip
        plan()
    planner.emit(urls.NOT_FOUND, "404.html")
    planner.subscribe()
    if digest.config.site.search:
        planner.search()
    return planner.specs


class _Planner:
    """Plans pages into `specs`, skipping what `only` leaves out (and the work only those pages need)."""

    def __init__(
        self, digest: Digest, only: set[str] | None, statements: StatementsByPerson | None = None,
        carry: Carry | None = None, check: set[str] | frozenset[str] = frozenset(),
    ) -> None:  # fmt: skip
        self.digest, self.only, self.specs, self.statements = digest, only, [], statements
        self.carry, self.check = carry, check
        self.lists = None if only is None else {urls.first_page(address) for address in only}
        self.size, self.site_title = digest.config.site.page_size, digest.config.site.title
        self.theme_counts = {slug: len(items) for slug, items in digest.by_theme.items()}

    def wanted(self, *addresses: str, listing: str | None = None) -> bool:
        """Whether `only` asks for one of these pages, or for any page of the list whose first page is `listing`."""
        only = self.only
        return only is None or not only.isdisjoint(addresses) or (self.lists is not None and listing in self.lists)

    def emit(self, address: str, template: str, feed: tuple[str, str] | None = None, **context: Any) -> None:
        if self.only is None or address in self.only:
            self.specs.append(PageSpec(address, template, {"address": address, "feed": feed, **context}))

    def carried(self, group: str, read: tuple) -> bool:
        """Whether the pages of `group` read the same of the lists as when last planned (`plan_pages`' `carry`)."""
        return self.carry is not None and self.carry(group, read)

    def carried_over(self, address: str, template: str, carried: bool) -> bool:
        """Whether the page at `address`, of a group `carried`, is carried over as the last plan made it (and so
        added as such): unless something else it read changed (`check`)."""
        if carried and address not in self.check:
            self.specs.append(PageSpec(address, template, None))
            return True
        return False

    def listing(
        self,
        address_of: Callable[[int], str],
        template: str,
        items: Sequence,
        per_page: Callable[[tuple, int], dict[str, Any]] = lambda chunk, number: {},
        first: dict[str, Any] | None = None,
        carried: bool = False,
        **context: Any,
    ) -> None:
        """A list cut into pages. `first`: what only the first page shows; later pages get the same names, empty,
        so that adding an article or a quotation does not change the keys of hundreds of pages that do not show it.
        `carried`: the list is as when last planned; only its pages in `check` are planned again.
        """
        count = page_count(items, self.size)
        later = {name: None if isinstance(value, date) else type(value)() for name, value in (first or {}).items()}
        for number in range(1, count + 1):
            address = address_of(number)
            if self.only is not None and address not in self.only:
                continue
            if self.carried_over(address, template, carried):
                continue
            chunk = page(items, number, self.size)
            if isinstance(items, Articles):
                chunk = tuple(article.teaser for article in chunk)  # what a list shows, and all its key covers
            context.update(first if number == 1 and first else later)
            newer = address_of(number - 1) if number > 1 else None
            pager = Pager(number, count, newer, address_of(number + 1) if number < count else None)
            self.emit(address, template, items=chunk, pager=pager, **per_page(chunk, number), **context)

    def also(self, chunk: tuple, number: int, within: Articles | None = None) -> dict[str, Any]:
        """The other reports of each story on this page only (among `within`, when given)."""
        digest = self.digest
        keep = None if within is None else set(within.slugs)
        listed = {a.slug: others(digest, a.slug, keep) for a in chunk if a.slug in digest.story}
        return {"also": {slug: items for slug, items in listed.items() if items}}

    def home(self) -> None:
        digest = self.digest
        if not self.wanted(listing=urls.home()):
            return
        under_way, upcoming, recent = meetings_by_time(digest.meetings, digest.build_date, digest.lists.build_moment)
        leads = story_leads(digest.articles, digest.story)
        first = {"under_way": tuple(under_way), "upcoming": tuple(upcoming), "recent": tuple(recent)}
        first["theme_counts"] = self.theme_counts
        first["quotes"] = key_quotes(digest)
        lead = lead_story(page(leads, 1, self.size)) if self.wanted(urls.home()) else ()
        first["lead"] = tuple(article.teaser for article in lead)
        first["total"] = len(digest.articles)
        first["updated"] = updated((article.date for article in digest.articles[:1]), digest.build_date)
        self.listing(urls.home, "index.html", leads, self.also, first=first)

    def articles(self) -> None:
        digest = self.digest
        for slug in digest.articles.slugs:
            address = urls.article(slug)
            if self.only is not None and address not in self.only:
                continue
            story = digest.story.get(slug)
            read = (digest.older.slug(slug), digest.newer.slug(slug), story.slugs if story else ())
            if self.carried_over(address, ARTICLE_PAGE, self.carried(f"article:{slug}", read)):
                continue
            article = digest.articles.fetch(slug)
            older, newer = digest.older.get(slug), digest.newer.get(slug)
            also = others(digest, slug)
            self.emit(
                address,
                ARTICLE_PAGE,
                article=article,
                older=older and older.neighbour,
                newer=newer and newer.neighbour,
                also=also,
            )

    def themes(self) -> None:
        self.emit(urls.THEMES, "themes.html", theme_counts=self.theme_counts)
        for slug, theme in self.digest.config.themes.items():
            items = self.digest.by_theme[slug]
            feed = (f"{theme.title} — {self.site_title}", urls.theme_feed(slug)) if items else None  # FeedSpec.offered
            self.listing(partial(urls.theme, slug), "theme.html", items, feed=feed, theme=theme)

    def meetings(self) -> None:
        digest = self.digest
        everything = self.wanted(urls.MEETINGS)  # the timeline counts every meeting's quotations
        said_counts = said_at(
            digest, None if everything else {m.slug for m in digest.meetings if self.wanted(urls.meeting(m.slug))}
        )
        if everything:
            shown = {m.slug: shown_heard(said_counts[m.slug]) for m in digest.meetings}
            timeline = tuple(
                (m, len(digest.by_meeting[m.slug]), *(tuple(p.slug for p, _ in each) for each in shown[m.slug]))
                # articles, the people quoted there and the others, exactly as its page shows them
                for m in digest.meetings
            )
            read = Consulted(tuple(dict.fromkeys(s for m in digest.meetings for s in heard_slugs(said_counts[m.slug]))))
            self.emit(urls.MEETINGS, "meetings.html", timeline=timeline, read=read)
        for meeting in digest.meetings:
            if not self.wanted(listing=urls.meeting(meeting.slug)):
                continue
            coverage = digest.by_meeting[meeting.slug]
            feed = (f"{meeting.title} — {self.site_title}", urls.meeting_feed(meeting.slug)) if coverage else None
            heard = said_counts.get(meeting.slug, self.NOBODY)  # not worked out when only later pages are planned
            said, others = (picked_statements(each) for each in shown_heard(heard))
            # every quotation the pick was made from, so that the page is checked again when any of them changes
            considered = tuple(
                each for _, items in (*heard.there, *heard.others) for each in items[:MEETING_QUOTES_READ]
            )
            first = {"said": said, "comment": others, "considered": considered}
            self.listing(
                partial(urls.meeting, meeting.slug), "meeting.html", story_leads(coverage, digest.story),
                partial(self.also, within=coverage), first=first, feed=feed, meeting=meeting,
            )  # fmt: skip

    NOBODY = Heard((), ())

    def people(self) -> None:
        digest, named_in, counts = self.digest, self.digest.named_in, quoted_in(self.digest)
        if self.wanted(urls.PEOPLE):
            self.emit(urls.PEOPLE, "people.html", **people_index(digest, counts))
        for person in digest.config.people.values():
            if not self.wanted(listing=urls.person(person.slug)):
                continue
            feed = (f"{person.name} — {self.site_title}", urls.person_feed(person.slug))
            address_of = partial(urls.person, person.slug)
            quotations, days = newest_said(digest, person.slug)
            named = named_in[person.slug]
            said = (quotations.slugs, quotations.orders.tobytes()) if quotations else ((), b"")
            # quoted only in passing: their page shows no statement, and says so (its feed has the articles)
            stating = bool(counts.get(person.slug, self.NOT_COUNTED).stating)
            carried = self.carried(f"person:{person.slug}", (*said, days, named.slugs, stating))
            if not quotations:  # never quoted: their page lists the articles that name them, newest first; no feed
                self.listing(address_of, "person.html", named, lambda chunk, number: self.NOT_QUOTED, feed=None,
                             person=person, mentioned=len(named), named=True, stating=False,
                             carried=carried)  # fmt: skip
                continue
            known = self.statements.of(person.slug, carried) if self.statements else None
            pages = PersonPages(quotations, days, self.size, known)  # cut by quotations, shown by statements
            self.listing(address_of, "person.html", quotations, pages, feed=feed, person=person, mentioned=len(named),
                         named=False, stating=stating, carried=carried)  # fmt: skip

    NOT_QUOTED = {"occasions": (), "in_passing": (), "considered": ()}
    NOT_COUNTED = Quoted(0, 0)

    def subscribe(self) -> None:
        """Every feed offered (feeds.FeedSpec.offered) as (name, page, RSS address: the page links all three formats),
        grouped (heading, id)."""
        config = self.digest.config
        site = ((config.site.title, urls.HOME, urls.FEED),)
        digest = self.digest  # an empty list's feed is not offered (feeds.FeedSpec.offered)
        themes = tuple(
            (theme.title, urls.theme(slug), urls.theme_feed(slug))
            for slug, theme in config.themes.items()
            if digest.by_theme[slug]
        )
        meetings = tuple(
            (m.title, urls.meeting(m.slug), urls.meeting_feed(m.slug))
            for m in digest.meetings
            if digest.by_meeting[m.slug]
        )
        people = digest.quoted  # quoted: with a feed
        named = tuple((p.name, urls.person(p.slug), urls.person_feed(p.slug)) for p in people)
        groups = (
            ("The whole digest", "all", site), ("Themes", "themes", themes), ("Meetings", "meetings", meetings),
            ("People", "people", named),
        )  # fmt: skip
        # a group with no feed offered has no heading: "People" over nothing would read as a page gone wrong
        self.emit(urls.SUBSCRIBE, "subscribe.html", groups=tuple(group for group in groups if group[2]))

    def search(self) -> None:
        """The search page, with the address of each part of the index (search.py) it merges."""
        if self.wanted(urls.SEARCH):
            from .search import part_folders

            days = {slug: self.digest.parts[slug].date or "" for slug in self.digest.articles.slugs}
            self.emit(urls.SEARCH, "search.html", parts=part_folders(days))

    def archive(self) -> None:
        """A year lists its months, a month its articles: pages stay small."""
        digest = self.digest
        years = tuple((year, len(items)) for year, items in digest.by_year.items())
        self.emit(urls.ARCHIVE, "archive.html", years=years)
        asked = None if self.only is None else [address for address in self.only if address.startswith(urls.ARCHIVE)]
        for year, articles in digest.by_year.items():
            if asked is not None and not any(address.startswith(urls.archive_year(year)) for address in asked):
                continue
            by_month = months(articles, digest.parts)
            if self.wanted(urls.archive_year(year)):
                counts = tuple((date(year, month, 1), len(items)) for month, items in by_month)
                self.emit(urls.archive_year(year), "archive_year.html", year=year, months=counts)
            for month, items in by_month:
                if self.wanted(urls.archive_month(year, month)):
                    links = tuple(article.link for article in items)
                    self.emit(
                        urls.archive_month(year, month), "archive_month.html", month=date(year, month, 1), items=links
                    )


def people_index(digest: Digest, counts: dict[str, Quoted]) -> dict[str, tuple[tuple[Person, int, int], ...]]:
    """The people index's lists, each of (person, articles quoting them, articles naming them): those quoted in a
    statement, most first (statements.quoted_in: as their pages show them), those quoted only in passing, who have
    a page that names the articles but shows no statement, and those never quoted; each in the people's order
    (model.in_people_order) but the first. `counts`: statements.quoted_in's."""
    named_in, nobody = digest.named_in, Quoted(0, 0)
    people = [
        (person, counts.get(person.slug, nobody), len(named_in[person.slug]))
        for person in digest.config.people.values()
    ]
    said = {slug: len(quotations) for slug, quotations in digest.said.items()}  # to break ties between those
    stating = sorted((e for e in people if e[1].stating), key=lambda e: (-e[1].stating, -said[e[0].slug]))
    return {
        "people": tuple((person, count.stating, named) for person, count, named in stating),
        "passing": tuple(
            (person, count.passing, named) for person, count, named in people if not count.stating and count.passing
        ),
        "unquoted": tuple((person, 0, named) for person, count, named in people if not count.stating + count.passing),
    }


def picked_statements(heard: Speakers) -> tuple[tuple[Person, tuple[dict, ...], bool], ...]:
    """What a meeting page shows of each speaker (`shown_heard`'s: each has one statement at least): their fullest
    statements, and whether they said more (their page has the rest)."""
    return tuple((person, *fullest(items, QUOTES_PER_SPEAKER)) for person, items in heard)


def lead_story(first_page: tuple[Article, ...]) -> tuple[Article, ...]:
    """The home page's lead, as a tuple of one (none for an empty digest): the newest story an editor marked
    `featured` among the first page's, else the newest. Only the first page's count: a featured story pushed off it
    by newer ones has had its time, and the home page never depends on an article it does not show."""
    featured = [article for article in first_page if article.featured]
    return tuple((featured or list(first_page))[:1])


def render_page(env: jinja2.Environment, spec: PageSpec) -> tuple[bytes, frozenset[reads.Read]]:
    """The page, and what it read of the themes, meetings and people (reads.py)."""
    noted: reads.Noted = env.noted  # type: ignore[attr-defined]
    read = noted.start()
    html = _render(env, spec.template, **reads.watched(spec.context, noted))
    return html.encode("utf-8"), frozenset(read)


def static_files(config: Config) -> dict[str, bytes]:
    """Files under templates/assets/, published as they are under /assets/."""
    folder = config.templates_dir / "assets"
    if not folder.is_dir():
        return {}
    return {
        f"assets/{p.relative_to(folder).as_posix()}": p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _render(env: jinja2.Environment, template: str, **context) -> str:
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise DigestError(
            [
                Problem(
                    _template_path(env, exc.filename or exc.name or template),
                    exc.lineno,
                    None,
                    f"template syntax error: {exc.message}",
                    "fix the template tag on this line",
                )
            ]
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise DigestError(
            [
                Problem(
                    f"templates/{exc.name}",
                    None,
                    None,
                    "template not found",
                    "restore it from the repository or fix the name that includes it",
                )
            ]
        ) from None
    except jinja2.UndefinedError as exc:
        path, line = _template_frame(exc, template)
        raise DigestError(
            [
                Problem(
                    path,
                    line,
                    None,
                    f"template error: {exc.message}",
                    "check the variable's spelling; the pages' variables are listed in the README",
                )
            ]
        ) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError) as exc:
        path, line = _template_frame(exc, template)
        if line is None:  # not raised by a template's own expression: a bug in digest
            raise
        raise DigestError(
            [
                Problem(
                    path,
                    line,
                    None,
                    f"template error: {type(exc).__name__}: {exc}",
                    "check the expression on this line: a function called with the wrong arguments, or a filter "
                    "given a value it cannot take",
                )
            ]
        ) from None


def _template_path(env: jinja2.Environment, filename: str) -> str:
    name = Path(filename).name
    return f"templates/{name}"


def _template_frame(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml")):
            return f"templates/{Path(frame.filename).name}", frame.lineno
    return f"templates/{fallback}", None
