"""What each output read, and the one rule that decides which outputs a build makes again.

An output is a function of what it reads. A page reads its template, the site's settings, the context
`render.plan_pages` gives it (nothing else reaches a template), and what its template reads of the themes,
meetings and people. Planning a page records what it read of its context: the articles it shows (in full, as a
list's teaser or in a quotation), the articles it only links to, its template. Rendering it notes what it read
of the themes, meetings and people (reads.py). Its key is a hash of all of it. A list's key covers its teasers
(`Teaser.token`: link, summary, themes), a quotation's its words, day, meeting and its article's link: any
change to those articles has the page checked, and only a change to what it shows has it made again.

Every fingerprint a build compares is made here:

| fingerprint             | covers                                                        | when it changes          |
|-------------------------|---------------------------------------------------------------|--------------------------|
| `code_fingerprint`      | digest's own source (in every key below)                      | everything is made again |
| `site_fingerprint`      | config.yaml's `site:` settings but its description, which    | every page is made again |
|                         | pages that show it note as they read it (reads.py)            |                          |
| `config_fingerprint`    | what loading, grouping and planning read of config.yaml: the  | every page is checked    |
|                         | site, the vocabulary, the tables but their SHOWN_ONLY fields  |                          |
| `tables_fingerprint`    | all the themes, meetings and people say; the noted settings   | pages are checked that   |
|                         |                                                               | read what changed        |
| `lists_fingerprint`     | which articles each list holds, in what order; story groups;  | every page is checked    |
|                         | the build date; the home page's chosen quotations; whom each  | but those of `ListsRead` |
|                         | article quotes in a statement, and the meeting it reports     |                          |
| `ListsRead`             | what one person's pages read of the lists (their quotations,  | the group's pages are    |
|                         | the articles naming them), or one article's page (its         | checked                  |
|                         | neighbours, its story)                                        |                          |
| `template_fingerprints` | a template and all it extends, includes or imports            | its pages are checked    |
| `Article.fingerprint`   | an article file's path and bytes (made by load.py)            | its pages are checked    |
| `link_fingerprint`      | what a link shows of an article: title, date, source, draft | pages linking it are checked |
|                         | (a neighbour link, older/newer, shows the title only)         |                          |
| `page_key`              | one page: its template, the site's settings, all its context  | the page is made again   |
| `config_reads_key`      | what a page read of the themes, meetings and people when last | the page is made again   |
|                         | rendered, with what each read gives now (`with_config` adds   |                          |
|                         | it to `page_key`)                                             |                          |
| `feed_config`           | what feeds read of config.yaml: the site's address, title,    | every feed is checked    |
|                         | language (`feed_key` adds the titles of its items' themes)    |                          |
| `Article.page_token`    | what the article's page shows of it: not `featured`           | its page is made again   |
| `Article.feed_token`    | what a feed item shows: not meetings, people or `featured`;   | its feeds are made again |
|                         | the words of its quotations for a person's feed only          |                          |
| `feed_key`              | one feed: its items' feed tokens, its titles, `feed_config`   | the feed is made again   |
| `sitemaps_keys`         | what the pages' sitemaps read: every page's address, the      | they are made again      |
|                         | lists, every article's full date, the site's settings; then,  |                          |
|                         | for the News sitemap and robots.txt, the recent titles too    |                          |
| `file_key`              | a static file's, the calendar's or the feeds list's bytes     | the file is written again |

The rule, in full (`pages_to_check`, then `stale`):
- a page not made before is made;
- a page made before is checked when something it read changed: the config, the lists, its template, an
  article it shows, a link it shows, or a field of a theme, meeting or person it read when last rendered.
  Of the lists, a person's pages and an article's page read only their own part (`ListsRead`): when the lists
  changed, they are checked only if that part did, or if something else they read changed.
  Checking works its key out again; the page is made again only when the key differs from the one the site's
  manifest holds, or its file is gone;
- a page made before and not planned now is removed (output.commit);
- feeds, the calendar and static files are few: their keys are worked out on every build, and each is made
  again, like a page, only when its key differs from the manifest's or its file is gone.

Two facts make checking only those pages exact. While the lists fingerprint (or, for a person's or an
article's pages, their part of the lists) is unchanged, a page holds the same articles and links as before, so
its key can change only through what those articles and links say.
And a page's key covers all it shows, so a page whose key is unchanged has the bytes it had. That holds for its
config reads too: a page whose context and template are unchanged reads the same entries' fields again, so the
fields it read last time, with what they give now, are all of config.yaml its bytes can depend on.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from itertools import accumulate, chain
from typing import TYPE_CHECKING, Any

import jinja2

from . import code_fingerprint
from .errors import DigestError, not_utf8
from .feeds import FeedSpec
from .group import Consulted, Digest, Said, part_reported, reported_meeting
from .model import FEED_TOKEN, Article, Config, Link, Meeting, Neighbour, Others, Person, Quote, Teaser, Theme
from .reads import NOTED_SETTINGS, Read, value_of
from .render import Pager, PageSpec
from .sitemaps import recent
from .statements import key_quotes
from .store import vocabulary_key

if TYPE_CHECKING:
    from .store import Store


def site_fingerprint(config: Config, preview: bool = False) -> str:
    """What every page reads of config.yaml: the site's settings (title, address, language…) but those only some
    pages read (reads.NOTED_SETTINGS: the description), with digest's code, and whether the build is a preview
    (drafts included: every page says noindex). What a page reads of the themes, meetings and people, and of the
    noted settings, is noted as it renders (reads.py), and keyed apart."""
    shared = replace(config.site, **dict.fromkeys(NOTED_SETTINGS, ""))
    return _hash(repr((code_fingerprint(), shared, preview)))


# Fields of the themes, meetings and people that only templates read: neither loading, grouping nor planning
# reads them (tests/test_rebuild_contract.py checks it), so an edit of one is seen through what each page read of
# it when last rendered, and checks only those pages.
SHOWN_ONLY = {"themes": ("description",), "meetings": ("place", "description"), "people": ("role",)}


def config_fingerprint(config: Config, preview: bool = False) -> str:
    """Of what loading, grouping and planning read of config.yaml: when it changes, every page is checked.

    Checked, not made again: a page is made again only when its key changes, and its key covers only what it
    read of the themes, meetings and people (`config_reads_key`). Every page is checked because grouping and
    planning read the config (a meeting's dates place its quotations, the people index sorts by name, the
    subscribe page names every feed), and loading an article reads its vocabulary (`vocabulary_key`: the quotations
    it attributes change while its file, and so its fingerprint, stays the same). Not the SHOWN_ONLY fields. With
    `preview` (site_fingerprint): a preview build and a published one into one folder have no page in common.
    """
    tables = []
    for name, shown_only in SHOWN_ONLY.items():
        blank = dict.fromkeys(shown_only)
        tables.append([replace(entry, **blank) for entry in getattr(config, name).values()])
    return _hash(repr((site_fingerprint(config, preview), vocabulary_key(config), tables)))


def tables_fingerprint(config: Config) -> str:
    """Of all the themes, meetings and people say, and the noted site settings: while it is the same, no page's
    config reads give anything new."""
    noted = [getattr(config.site, name) for name in NOTED_SETTINGS]
    return _hash(repr((config.themes, config.meetings, config.people, noted)))


class ConfigValues(dict):
    """Read → what it gives now (reads.value_of), each worked out once."""

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config

    def __missing__(self, read: Read) -> str:
        value = self[read] = value_of(self.config, read)
        return value


def lists_fingerprint(digest: Digest) -> str:
    """Which articles, links and quotations each page shows, and its counts, but not what those articles say.

    Order and membership of every list (each article's place, year and month, themes, meetings, people,
    speakers and those it quotes in a statement), the meeting each article quoting someone reports (its date
    decides it: one redated within its month, or given an hour, may come to report one, and the meetings timeline
    count its speakers there), the story groups, the build date (which decides the upcoming meetings), and the
    home page's chosen quotations. Worked out once per grouping (25 ms at 10,000 articles) and kept with it.
    """
    lists, known = digest.lists, digest.config.meetings
    if not lists.fingerprint:
        parts = [lists.build_date.isoformat()]
        for slug in lists.order:
            part = lists.parts[slug]
            day, _, _, themes, meetings, people, speakers, _, _, stating = part
            reports = reported_meeting(*part_reported(part), meetings, known) if meetings and any(speakers) else None
            parts.append(
                f"{slug}|{day[:7]}|{','.join(themes)}|{','.join(meetings)}|{','.join(people)}|{','.join(speakers)}"
                f"|{','.join(stating)}|{reports.slug if reports else ''}"  # the people index counts `stating`
            )
        parts.append("stories")
        parts.extend(sorted(",".join(members) for members in lists.stories))
        lists.fingerprint = _hash("\n".join(parts))
    chosen = [f"{said.article.slug}:{said.order}" for said in key_quotes(digest)]
    return _hash("\n".join([lists.fingerprint, *chosen]))


_REFERENCE = re.compile(  # {% extends|include|import|from NAME ... %}
    r"{%-?\s*(?:extends|include|import|from)\s+(.+?)(?:\s+(?:import|as|ignore|with|without)\b.*?)?\s*-?%}", re.S
)
_LITERAL = re.compile(r"""["']([^"']+)["']""")


def template_fingerprints(env: jinja2.Environment, names: Iterable[str]) -> dict[str, str]:
    """Each template's hash, covering every template it extends, imports or includes.

    Editing article.html re-renders article pages only; editing base.html, all.
    """
    loader = env.loader
    assert loader is not None
    sources: dict[str, str] = {}

    def source(name: str) -> str:
        if name not in sources:
            try:
                sources[name] = loader.get_source(env, name)[0]
            except UnicodeDecodeError as exc:  # before any page renders: every template a page uses is read here
                raise DigestError([not_utf8(f"templates/{name}", exc)]) from None
        return sources[name]

    def closure(name: str, seen: set[str]) -> set[str]:
        seen.add(name)
        for tag in _REFERENCE.finditer(source(name)):
            used = _LITERAL.fullmatch(tag.group(1).strip())
            if used is None:  # a name computed at render time: depend on every template
                seen.update(env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml"))))
            elif used.group(1) not in seen:
                closure(used.group(1), seen)
        return seen

    result = {}
    for name in names:
        try:
            used = sorted(closure(name, set()))
        except jinja2.TemplateError:
            used = [name]  # rendering will report the problem with its line
        result[name] = _hash("".join(f"{each}\0{sources.get(each, '')}\0" for each in used))
    return result


def link_fingerprint(token: str) -> bytes:
    """Of a Link's token: a page that only links to an article is checked when this changes."""
    return hashlib.blake2b(token.encode(), digest_size=8).digest()


@dataclass
class PageReads:
    """What planning one page recorded it read, besides its template and the config."""

    shown: list[str]  # slugs of the articles it shows in full
    linked: dict[str, str]  # slug → Link.token, for articles it only links to
    quoted: set[tuple[str, int]] = field(default_factory=set)  # not a read: quotations tokenized so far (_said_token)


def page_key(spec: PageSpec, template: str, site: str, reads: PageReads | None = None) -> str:
    """What a page is made of besides its config reads: its template, the site's settings and its context.

    `reads`, when given, records the articles the page shows and the links it shows. `with_config` completes
    the key with what the page read of the themes, meetings and people.
    """
    tokens = [template, site]
    _tokens(spec.context, tokens, reads or PageReads([], {}))
    return _hash("\0".join(tokens))


def config_reads_key(reads: tuple[Read, ...], values: ConfigValues) -> str:
    """What a page read of the themes, meetings and people, with what each read gives now."""
    return _hash("\0".join(f"{table}\0{slug}\0{name}\0{values[table, slug, name]}" for table, slug, name in reads))


def with_config(key: str, reads_key: str) -> str:
    """Same key, same bytes: the page is a function of its template, the site's settings, its context (`key`) and
    what it read of the config (`reads_key`, "" for nothing)."""
    return _hash(key + reads_key) if reads_key else key


def _tokens(value: Any, out: list[str], reads: PageReads) -> None:
    """Flatten a context into unambiguous tokens (each marked with its kind), hashed once by page_key.

    Exact types are tried first: this runs for every page planned. A new kind of context value must say here
    what makes it change, or planning stops with TypeError.
    """
    kind = type(value)
    if kind is str:
        out.append("s" + _plain(value))
    elif kind is Article:  # an article's page: what it shows of the article (not `featured`)
        out.append("A" + (value.page_token or value.fingerprint))
        reads.shown.append(value.slug)
    elif kind is Teaser:  # a list shows these fields; any change to the article has the page checked, though
        out.append("T" + value.token)
        reads.shown.append(value.slug)
    elif kind is Said:  # what a quotation shows, and its article's link; any change to the article: checked
        out.append(_said_token(value, reads.quoted))
        reads.shown.append(value.article.slug)
    elif kind is dict:
        out.append(f"{{{len(value)}")
        for key in sorted(value):
            out.append("k" + key)
            _tokens(value[key], out, reads)
        out.append("}")
    elif kind is tuple or kind is list:
        _sequence_tokens(value, out, reads)
    elif kind is Link:  # its fields, not the article's fingerprint: a page that links to an article shows only these
        out.append("L" + value.token)
        reads.linked[value.slug] = value.token
    elif kind is Neighbour:  # its title only, as the article page shows it
        out.append(f"N{value.slug}\0{value.title}")
        reads.linked[value.slug] = value.link_token
    elif value is None or kind is bool or kind is int:
        out.append("v" + repr(value))
    elif kind is Consulted:  # read, not shown: checked when one changes; its key is what the page shows of them
        out.append("C")
        reads.shown.extend(value.slugs)
    elif kind is Others:
        out.append(f"O{value.more}:{len(value.shown)}")
        _sequence_tokens(value.shown, out, reads)
    elif isinstance(value, Theme | Meeting | Person):
        out.append("c" + value.slug)  # what the page reads of it is noted as it renders (reads.py)
    elif isinstance(value, date):
        out.append("d" + value.isoformat())
    elif isinstance(value, Pager):
        _tokens((value.number, value.count, value.newer, value.older), out, reads)
    elif isinstance(value, Quote):
        _tokens(("quote", value.text, value.speaker, value.paragraph), out, reads)
    else:
        raise TypeError(f"cannot fingerprint {type(value).__name__} in a page context")


def _sequence_tokens(value: tuple | list, out: list[str], reads: PageReads) -> None:
    out.append(f"({len(value)}")
    first = type(value[0]) if value else None
    if first is Teaser and all(type(item) is Teaser for item in value):  # a list page: the hot case
        out.extend(["T" + item.token for item in value])
        reads.shown.extend([item.slug for item in value])
    elif first is Said and all(type(item) is Said for item in value):  # a person's page
        out.extend([_said_token(item, reads.quoted) for item in value])
        reads.shown.extend([item.article.slug for item in value])
    else:
        for item in value:
            _tokens(item, out, reads)
    out.append(")")


def _said_token(said: Said, tokenized: set[tuple[str, int]]) -> str:
    """A quotation as a page shows it, in full the first time the page shows it, then by its article and place.

    A person's page holds most of its quotations two or three times (listed, grouped into statements, read
    around it). Naming the later ones is as exact: within one build, an article and a place give one quotation,
    and the first token says all of it. Planning every page at 10,000 articles took 2.8 s making these tokens
    before, 0.7 s now (sampled).
    """
    at = (said.article.slug, said.order)
    if at in tokenized:
        return f"R{_plain(said.article.slug)}\0{said.order}"
    tokenized.add(at)
    quote, meeting = said.quote, said.meeting
    fields = (
        said.article.token,  # a hash: never a raw NUL
        _plain(quote.text),
        _plain(quote.speaker),
        str(quote.paragraph),
        str(said.order),
        said.day.isoformat(),
        _plain(meeting.slug if meeting else None),
    )
    return "S" + "\0".join(fields)


def _plain(text: str | None) -> str:
    """A string that cannot run into the next field; None as `\\N`, which no string gives."""
    if text is None:
        return "\\N"
    return text if "\\" not in text and "\0" not in text else _escaped(text)


def feed_config(config: Config) -> str:
    """What every feed reads of config.yaml besides its own title and description (feeds.render_feed): the site's
    address, title (Atom's feed author) and language; the same for every format. `feed_key` adds the themes its
    items name. Not the site's author: no feed names the editors (feeds.credited)."""
    return _hash(repr((code_fingerprint(), config.site.base_url, config.site.title, config.site.language)))


def feed_key(spec: FeedSpec, digest: Digest, config: str) -> str:
    """Same key, same bytes: a feed is a function of its items, its titles, what it reads of the config
    (`feed_config`, and the titles of the themes its items name: RSS and Atom categories, JSON tags), and (when
    empty, or when its newest item is dated after it: group.updated) the build date."""
    tokens, parts_of, themes = digest.feed_tokens, digest.parts, digest.config.themes
    parts = [spec.address, spec.kind, spec.title, spec.description, spec.page, config]
    shown = None if spec.quoted else FEED_TOKEN  # a person's feed shows the words of their quotations too
    parts += [f"{slug}\0{tokens[slug][:shown]}" for slug in spec.articles.slugs]
    newest = max((parts_of[slug].timestamp or 0.0 for slug in spec.articles.slugs), default=None)
    if newest is None or newest > digest.build_date.timestamp():
        parts.append(digest.build_date.isoformat())
    parts += [",".join(map(str, orders)) for orders in spec.quoted]
    named = sorted({theme for slug in spec.articles.slugs for theme in parts_of[slug].themes})
    parts += [f"{theme}\0{themes[theme].title}" for theme in named]
    return _hash("\0".join(parts))


def sitemaps_keys(digest: Digest, addresses: list[str], lists: str, config: str) -> tuple[str, str]:
    """What sitemaps.pages reads: every page's address, the lists (lists_fingerprint), every article's full date
    (a page's lastmod), the config (the site's address, title, language); and what sitemaps.news_and_robots reads:
    all that and the recent articles' titles. Editors mostly edit the newest articles: a title edit then makes
    the News sitemap again, and not the 17,000 addresses of the pages' sitemap (70 ms at 10,000 articles)."""
    parts = digest.lists.parts
    dates = "\0".join(parts[slug].date for slug in digest.lists.order)
    pages = _hash("\n".join((code_fingerprint(), lists, config, dates, "\0".join(addresses))))
    news = "\0".join(f"{slug}\0{digest.articles.fetch(slug).title}" for slug in recent(digest))
    return pages, _hash(f"{pages}\n{news}")


def file_key(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Recorded:
    """What a build recorded of its pages, for the next build into the same folder (kept in .digest-cache/).

    Stored in two parts: what only planning every page or editing a template changes (5 MB at 10,000
    articles, not rewritten after an edit), with the articles' fingerprints and links as they were then; and
    what every build changes: `site`, how `articles` and `links` differ from the first part's, and what the
    pages read of the config.
    """

    site: str  # hash of the manifest written with it: a record describes that site only
    lists: str  # lists_fingerprint
    config: str  # config_fingerprint
    templates: dict[str, str]  # template → fingerprint
    pages: list[tuple[str, str, str]]  # (address, output path, template) of every page, in plan order
    shows: PagesOf  # article slug → indices in `pages` of the pages that show it in full
    links_to: PagesOf  # article slug → indices in `pages` of the pages that only link to it
    articles: dict[str, str]  # article slug → its fingerprint when recorded
    links: dict[str, bytes]  # article slug → its link_fingerprint when recorded (articles some page links to)
    config_reads: ConfigReads = field(default_factory=lambda: ConfigReads.none(0))
    lists_read: dict[str, str] = field(default_factory=dict)  # group of pages → what it read of the lists (ListsRead)
    stored: str = ""  # names the stored first part; "" when it changed since (or was never stored)
    first: tuple[dict, dict] = ({}, {})  # `articles` and `links` as the stored first part holds them

    @cached_property
    def index_of(self) -> dict[str, int]:
        """Output path → its place in `pages`."""
        return {path: at for at, (_, path, _) in enumerate(self.pages)}

    def keep(self, store: Store, name: str) -> None:
        now = self.articles, self.links
        differences = [_difference(was, is_now) for was, is_now in zip(self.first, now, strict=True)]
        if sum(map(len, differences)) > DIFFERENCES_UP_TO:
            self.stored = ""
        if not self.stored:
            self.first, differences = (dict(self.articles), dict(self.links)), [{}, {}]
        unchanging = (
            self.lists, self.config, self.templates, self.pages, self.shows, self.links_to, self.lists_read, self.first
        )  # fmt: skip
        changing = (self.site, *differences, self.config_reads)
        self.stored = store.keep_pair(name, self.stored, lambda: unchanging, changing)

    @classmethod
    def restore(cls, stored: str, unchanging: tuple, changing: tuple) -> Recorded:
        *planned, lists_read, first = unchanging
        site, *differences, config_reads = changing
        articles, links = (_applied(was, difference) for was, difference in zip(first, differences, strict=True))
        return cls(site, *planned, articles, links, config_reads, lists_read, stored=stored, first=first)


class PagesOf(Mapping[str, array]):
    """Article slug → the indices of some pages, as three flat columns: 10,000 arrays took 10 ms to read back
    from the store, and an edit looks up only its own article's pages."""

    def __init__(self, pages: dict[str, list[int]]) -> None:
        self.slugs = {slug: at for at, slug in enumerate(pages)}
        self.ends = array("I", accumulate(map(len, pages.values())))
        self.indices = array("I", chain.from_iterable(pages.values()))

    def __getitem__(self, slug: str) -> array:
        at = self.slugs[slug]
        return self.indices[self.ends[at - 1] if at else 0 : self.ends[at]]

    def __iter__(self) -> Iterator[str]:
        return iter(self.slugs)

    def __len__(self) -> int:
        return len(self.slugs)


@dataclass
class ConfigReads:
    """What each page read of the themes, meetings and people when it was last rendered (reads.py), and what
    each read gave then. Pages share their sets of reads (every article page of a theme reads the same): each
    distinct set is kept once."""

    sets: list[tuple[Read, ...]]  # distinct sets, sorted; the first is the empty one
    of_page: array  # index in `pages` → index in `sets`
    values: dict[Read, str]  # read → what it gave when recorded
    tables: str = ""  # tables_fingerprint then: while it is the same, every value still holds

    @classmethod
    def none(cls, pages: int, tables: str = "") -> ConfigReads:
        return cls([()], array("I", bytes(4 * pages)), {}, tables)

    def changed_pages(self, tables: str, values: ConfigValues) -> set[int]:
        """The pages that read something that gives another value now (indices in `pages`)."""
        if tables == self.tables:
            return set()
        changed = {read for read, value in self.values.items() if values[read] != value}
        sets = {at for at, reads in enumerate(self.sets) if not changed.isdisjoint(reads)}
        return {page for page, at in enumerate(self.of_page) if at in sets} if sets else set()

    def key_of(self, page: int, values: ConfigValues, known: dict[int, str]) -> str:
        """`config_reads_key` of a page's reads when last rendered ("" for none), worked out once per set."""
        at = self.of_page[page]
        if at not in known:
            known[at] = config_reads_key(self.sets[at], values) if at else ""
        return known[at]

    def note(self, page: int, reads: tuple[Read, ...], at: dict[tuple, int], values: ConfigValues) -> None:
        """A page read these (`at`: the index of each set kept so far)."""
        if reads not in at:
            at[reads] = len(self.sets)
            self.sets.append(reads)
            self.values.update((read, values[read]) for read in reads)
        self.of_page[page] = at[reads]

    def settle(self, tables: str, values: ConfigValues) -> None:
        """Keep only the sets some page holds (once most are held by none), and what every read gives now."""
        used = sorted(set(self.of_page) | {0})
        if len(used) < len(self.sets) // 2:
            renumber = {old: new for new, old in enumerate(used)}
            self.sets = [self.sets[old] for old in used]
            self.of_page = array("I", [renumber[old] for old in self.of_page])
            self.tables = ""
        if tables != self.tables:
            self.values = {read: values[read] for reads in self.sets for read in reads}
            self.tables = tables


DIFFERENCES_UP_TO = 500  # articles whose fingerprint or link changed since the first part was stored


def _difference(was: dict, now: dict) -> dict:
    """What changed from `was` to `now`: new values, and None for keys gone."""
    changed = {key: value for key, value in now.items() if was.get(key) != value}
    changed.update(dict.fromkeys(was.keys() - now.keys()))
    return changed


def _applied(was: dict, difference: dict) -> dict:
    now = dict(was)
    for key, value in difference.items():
        if value is None:
            now.pop(key, None)
        else:
            now[key] = value
    return now


def record_pages(
    specs: list[PageSpec], env: jinja2.Environment, site: str, values: ConfigValues, last: Recorded | None,
    lists: ListsRead, config_key: str, made: dict[str, str],
) -> tuple[Recorded, dict[str, str], dict[str, str]]:  # fmt: skip
    """Every page's key, and what each read, for the next build's `pages_to_check`; and each page's key before
    its config reads (`page_key`), to complete once it is rendered. What a page read of the config is taken from
    `last`, the record of the build before, until it is rendered again; so are a carried page's key (from `made`,
    the manifest's keys) and the articles it shows and links to."""
    templates = template_fingerprints(env, {spec.template for spec in specs})
    config = ConfigReads.none(len(specs), tables_fingerprint(values.config))
    last_reads = last.config_reads if last else None
    at = last.index_of if last else {}
    sets: dict[tuple, int] = {(): 0}
    keys, before_reads, known = {}, {}, {}
    shows: dict[str, list[int]] = {}
    links_to: dict[str, list[int]] = {}
    links: dict[str, bytes] = {}
    carried: dict[int, int] = {}  # a carried page's index in `last.pages` → its index now
    for index, spec in enumerate(specs):
        was = at.get(spec.path)
        if last_reads is not None and was is not None:
            config.note(index, last_reads.sets[last_reads.of_page[was]], sets, values)
        if spec.context is None:
            carried[was], keys[spec.path] = index, made[spec.path]  # type: ignore[index]
            continue
        reads = PageReads([], {})
        before_reads[spec.path] = key = page_key(spec, templates[spec.template], site, reads)
        keys[spec.path] = with_config(key, config.key_of(index, values, known))
        for slug in set(reads.shown):
            shows.setdefault(slug, []).append(index)
        for slug, token in reads.linked.items():
            if slug not in links:
                links[slug] = link_fingerprint(token)
            if slug not in reads.shown:
                links_to.setdefault(slug, []).append(index)
    if carried and last is not None:
        _carry_reads(last, carried, shows, links_to, links)
    pages = [(spec.address, spec.path, spec.template) for spec in specs]
    recorded = Recorded(
        "", lists.fingerprint, config_key, templates, pages, PagesOf(shows), PagesOf(links_to), {}, links, config,
        lists.now,
    )  # fmt: skip
    return recorded, keys, before_reads


def _carry_reads(
    last: Recorded, carried: dict[int, int], shows: dict[str, list[int]], links_to: dict[str, list[int]],
    links: dict[str, bytes],
) -> None:  # fmt: skip
    """The articles the carried pages show and link to, as `last` recorded them, under the pages' indices now."""
    for slug, indices in last.shows.items():
        moved = [carried[i] for i in indices if i in carried]
        if moved:
            shows.setdefault(slug, []).extend(moved)
    for slug, indices in last.links_to.items():
        moved = [carried[i] for i in indices if i in carried]
        if moved:
            links_to.setdefault(slug, []).extend(moved)
            links.setdefault(slug, last.links[slug])


def pages_to_check(
    recorded: Recorded, site: str, config: str, env: jinja2.Environment, digest: Digest, values: ConfigValues
) -> set[str] | None:
    """The addresses of the pages that read something changed since `recorded` was made, besides the lists; None
    when every page must be checked (another site, another config). Brings `recorded.templates` up to date."""
    if (recorded.site, recorded.config) != (site, config):
        return None
    templates = template_fingerprints(env, recorded.templates)
    edited = {name for name, fingerprint in templates.items() if recorded.templates[name] != fingerprint}
    if edited:
        recorded.templates, recorded.stored = templates, ""  # its first part is to be stored again
    indices = recorded.config_reads.changed_pages(tables_fingerprint(digest.config), values)
    for slug in changed_articles(recorded, digest):
        indices.update(recorded.shows.get(slug, ()))
        if slug in recorded.links_to:
            link = link_fingerprint(digest.articles.fetch(slug).link.token)
            if recorded.links.get(slug) != link:
                indices.update(recorded.links_to[slug])
                recorded.links[slug] = link
    checked = {recorded.pages[i][0] for i in indices}
    checked.update(address for address, _, template in recorded.pages if template in edited)
    return checked


class ListsRead:
    """What each group of pages (one person's, one article's: render.plan_pages) read of the lists, as a hash.

    While the lists fingerprint is unchanged, no page holds other articles than before. When it changed (an
    article added or removed, moved in time, given another theme…), a group whose read is unchanged still holds
    the same articles, links and quotations: its pages are carried over, but for those `pages_to_check` names."""

    def __init__(self, fingerprint: str, last: dict[str, str] | None) -> None:
        self.fingerprint = fingerprint  # lists_fingerprint
        self.last = last  # None: nothing is carried (every page is checked)
        self.now: dict[str, str] = {}

    def same(self, group: str, read: tuple) -> bool:
        now = self.now[group] = _hash(repr(read))
        return self.last is not None and self.last.get(group) == now


def note_config_reads(
    recorded: Recorded, rendered: dict[str, tuple[Read, ...]], before_reads: dict[str, str], values: ConfigValues,
    keys: dict[str, str],
) -> None:  # fmt: skip
    """The rendered pages' keys, completed with what each read of the config; kept for the next build."""
    config = recorded.config_reads
    if rendered:
        sets = {reads: at for at, reads in enumerate(config.sets)}
        known: dict[int, str] = {}
        for path, reads in rendered.items():
            at = recorded.index_of[path]
            config.note(at, reads, sets, values)
            keys[path] = with_config(before_reads[path], config.key_of(at, values, known))
    config.settle(tables_fingerprint(values.config), values)


def changed_articles(recorded: Recorded, digest: Digest) -> list[str]:
    was = recorded.articles
    return [slug for slug, fingerprint in digest.fingerprints.items() if was.get(slug) != fingerprint]


def stale(path: str, keys: dict[str, str], made: dict[str, str], gone: set[str]) -> bool:
    """Made from other inputs than the file there now (`made`: the manifest's keys), or not there any more."""
    return made.get(path) != keys[path] or path in gone


Stale = Callable[[str], bool]


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\0", "\\0")
