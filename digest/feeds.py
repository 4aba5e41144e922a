"""The feeds, RSS and Atom with feedgen and JSON Feed 1.1 with json, and the list of them all (OPML) → bytes.

feedgen stamps "now" and prepends entries unless told otherwise; here every
date comes from the content and entries are appended newest first, so two
builds of the same input give the same bytes. JSON keys keep the order they are
written in.

Every text here is plain text (titles, summaries, quotations: markup already
taken out) except the article body, which markdown-it rendered with raw HTML
off and unsafe links refused. Readers take an RSS description as HTML, so the
text goes in HTML-escaped (feedgen then XML-escapes it again): `<img onerror>`
in a scraped paragraph shows as those characters, never as an element. Atom
says what it carries: titles, summaries and subtitles are `type="text"`. JSON
Feed's titles and summaries are plain text by definition, and its `content_html`
is the same body as RSS and Atom carry; `<`, `>` and `&` are written as JSON
escapes, so no `</script>` or `]]>` stands in the file whatever a text holds.
An OPML `text` may be read as HTML: it is escaped as an RSS title is.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import lxml.etree
from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator

from . import urls
from .group import Articles, Digest, updated
from .model import Article, Config, Source, outlet
from .quotes import is_fragment

KINDS = ("rss", "atom", "json")  # every list of the site has a feed in each, side by side (urls.feed_as)
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedSpec:
    """A feed as slugs: its key needs no article, so a build looks up only the articles of feeds that changed."""

    address: str  # where the feed is published
    kind: str  # "rss", "atom" or "json"
    title: str
    description: str
    page: str  # the HTML page the feed follows
    articles: Articles
    quoted: tuple[tuple[int, ...], ...] = ()  # per item, a person's quotations in it (places), shown as its note

    @property
    def offered(self) -> bool:
        """Whether pages, /subscribe/ and the OPML offer it: the site's own feed always; a theme's or meeting's only
        while its list holds an article. An empty list's feed is still built, valid and empty, at its address: a
        reader who subscribed while it had articles keeps a working subscription (feed readers drop one that
        answers 404), and gets the next article; but nobody is asked to follow a list with nothing in it."""
        return self.page == urls.HOME or bool(self.articles)


def plan_feeds(digest: Digest) -> list[FeedSpec]:
    """Every feed the site publishes: the whole digest, each theme, meeting and person, each in RSS, Atom and JSON
    Feed (the same items, titles and page), in that order. A list with nothing in it (a person never quoted, a theme
    with no article) still has its feed, valid and empty, at an address that stays: pages, /subscribe/ and the
    OPML offer it only once it has items, and a subscriber from when it had some gets an empty feed, not a 404,
    which many feed readers take as the feed's end."""
    site = digest.config.site
    limit = site.feed_items
    lists = [(urls.FEED, site.title, site.description, urls.HOME, digest.articles.first(limit), ())]
    for slug, theme in digest.config.themes.items():
        title, about = f"{theme.title} — {site.title}", theme.description or theme.title
        lists.append((urls.theme_feed(slug), title, about, urls.theme(slug), digest.by_theme[slug].first(limit), ()))
    for meeting in digest.meetings:
        title, about = f"{meeting.title} — {site.title}", meeting.description or meeting.title
        items = digest.by_meeting[meeting.slug].first(limit)
        lists.append((urls.meeting_feed(meeting.slug), title, about, urls.meeting(meeting.slug), items, ()))
    for person in digest.config.people.values():
        title = f"{person.name} — {site.title}"
        about = f"The articles of the digest quoting {person.name}, newest first."  # in a statement or in passing
        items, quoted = _latest_quoted(digest, person.slug, limit)
        lists.append((urls.person_feed(person.slug), title, about, urls.person(person.slug), items, quoted))
    return [
        FeedSpec(urls.feed_as(address, kind), kind, title, about, page, items, quoted)
        for address, title, about, page, items, quoted in lists
        for kind in KINDS
    ]


def _latest_quoted(digest: Digest, person: str, limit: int) -> tuple[Articles, tuple[tuple[int, ...], ...]]:
    """The newest `limit` articles quoting a person, each with the places of their quotations in it (in order)."""
    quoted: dict[str, list[int]] = {}
    said = digest.said.get(person)
    if said is not None:
        for slug, order in zip(reversed(said.slugs), reversed(said.orders), strict=True):  # newest article first
            if slug not in quoted:
                if len(quoted) == limit:
                    break
                quoted[slug] = []
            quoted[slug].append(order)
    return (
        Articles(tuple(quoted), digest.articles.fetch),
        tuple(tuple(reversed(orders)) for orders in quoted.values()),  # as the article gives them
    )


def render_feed(spec: FeedSpec, digest: Digest) -> bytes:
    links = urls.Links(digest.config.site.base_url)
    return {"rss": rss, "atom": atom, "json": json_feed}[spec.kind](spec, digest, links)


def _generator(spec: FeedSpec, articles: Sequence[Article], digest: Digest, links: urls.Links) -> FeedGenerator:
    site = digest.config.site
    rss = spec.kind == "rss"
    fg = FeedGenerator()
    fg.id(links.absolute(spec.page))
    fg.title(rss_title(spec.title) if rss else spec.title)
    fg.author({"name": site.title})  # Atom only: the publisher, never the editors (`credited`)
    fg.link(href=links.absolute(spec.address), rel="self")  # first: RSS <link> takes the last one set
    fg.link(href=links.absolute(spec.page), rel="alternate")
    fg.description(rss_html(spec.description) if rss else spec.description)  # RSS description, Atom subtitle
    fg.language(site.language)
    fg.icon(links.absolute(urls.FEED_ICON))  # Atom only
    width, height = urls.FEED_LOGO_SIZE
    fg.image(links.absolute(urls.FEED_LOGO), width=str(width), height=str(height))  # RSS <image>, Atom <logo>
    last = updated((a.date for a in articles), digest.build_date)
    fg.lastBuildDate(last)
    fg.updated(last)
    fg.register_extension("origin", BaseExtension, Origin)
    return fg


def _note(spec: FeedSpec, at: int, article: Article) -> str:
    """An item's short text: in a person's feed, what they said in it; else the article's summary, or its title."""
    quoted = [article.quotes[order].text for order in spec.quoted[at]] if spec.quoted else []
    # a fragment is not shown on its own: an article quoting someone only in passing is noted by its summary
    return " ".join(f"“{text}”" for text in quoted if not is_fragment(text)) or article.summary or article.title


class Origin(BaseEntryExtension):
    """Where an item comes from, as each format can say it: the original article (a `related` link) and, in Atom,
    the outlet (`<source>` with its title and home page). RSS's own `<source>` is not used: its `url` must be the
    address of the source's RSS feed (RSS 2.0; feedparser's documentation says so too), which nobody here knows,
    and a reader may subscribe to or open it; RSS names the outlet in `<dc:publisher>` (`rss`)."""

    def __init__(self) -> None:
        self.name, self.home, self.original = "", "", ""

    def extend_rss(self, item: lxml.etree._Element) -> lxml.etree._Element:
        if self.original:
            lxml.etree.SubElement(item, f"{{{ATOM}}}link", rel="related", href=self.original, nsmap={"atom": ATOM})
        return item

    def extend_atom(self, entry: lxml.etree._Element) -> lxml.etree._Element:
        if self.original:
            lxml.etree.SubElement(entry, "link", rel="related", href=self.original, type="text/html")
        if self.name:
            source = lxml.etree.SubElement(entry, "source")  # feedgen writes Atom in the default namespace, unprefixed
            lxml.etree.SubElement(source, "title", type="text").text = self.name
            if self.home:
                lxml.etree.SubElement(source, "link", rel="alternate", href=self.home)
        return entry


def credited(source: Source) -> tuple[str, str]:
    """Who an item is by, and their address: the byline, else the outlet (as the article's JSON-LD says); ("", "")
    when neither is known. Never the digest's editors: they copied the text, they did not write it, and a reader
    shows a feed's own author on every item that names none (JSON Feed 1.1, RFC 4287 4.2.1). Atom must name one
    for such an item: its feed's author is the digest itself, by its title, as the publisher of the copy (the
    article's JSON-LD `publisher`); RSS and JSON Feed name none."""
    if source.author:
        return source.author, ""
    return outlet(source)


def _from(entry: FeedEntry, article: Article) -> None:
    origin: Origin = entry.origin  # type: ignore[attr-defined]
    origin.name, origin.home = outlet(article.source)
    origin.original = article.source.url or ""


def rss(spec: FeedSpec, digest: Digest, links: urls.Links) -> bytes:
    articles = spec.articles[:]
    fg = _generator(spec, articles, digest, links)
    if any(credited(article.source)[0] for article in articles):  # a byline or an outlet: see below
        fg.load_extension("dc")  # RSS's own <author> must be an e-mail address: a byline goes in <dc:creator>
    for at, article in enumerate(articles):
        url = links.absolute(urls.article(article.slug))
        fe = fg.add_entry(order="append")
        fe.guid(url, permalink=True)
        fe.title(rss_title(article.title))
        fe.link(href=url)
        fe.description(rss_html(_note(spec, at, article)))
        fe.content(_content(article, links), type="CDATA")
        fe.pubDate(article.date)
        if by := credited(article.source)[0]:
            fe.dc.dc_creator(by)
        if name := outlet(article.source)[0]:  # the outlet, publisher of the original (feedparser: `publisher`)
            fe.dc.dc_publisher(name)
        for slug in article.themes:
            fe.category(term=rss_title(digest.config.themes[slug].title))
        _from(fe, article)
    return fg.rss_str(pretty=True)


def atom(spec: FeedSpec, digest: Digest, links: urls.Links) -> bytes:
    articles = spec.articles[:]
    fg = _generator(spec, articles, digest, links)
    themes, scheme = digest.config.themes, links.absolute(urls.THEMES)
    for at, article in enumerate(articles):
        url = links.absolute(urls.article(article.slug))
        fe = fg.add_entry(order="append")
        fe.id(url)
        fe.title(article.title)
        fe.link(href=url, rel="alternate")
        fe.summary(_note(spec, at, article), type="text")
        by, home = credited(article.source)
        if by:  # else the feed's author, the digest by its name, applies, as Atom requires one (RFC 4287 4.1.1)
            fe.author({"name": by, **({"uri": home} if home else {})})
        fe.content(_content(article, links), type="html")
        fe.published(article.date)
        fe.updated(article.date)
        for slug in article.themes:  # the label is text (RFC 4287 4.2.2.3): no escaping beyond XML's
            fe.category(term=slug, scheme=scheme, label=themes[slug].title)
        _from(fe, article)
    return fg.atom_str(pretty=True)


def json_feed(spec: FeedSpec, digest: Digest, links: urls.Links) -> bytes:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the same items as the list's RSS and Atom feeds. No
    feed-level `authors`: every item naming none would be credited to the digest's editors (`credited`)."""
    site = digest.config.site
    articles = spec.articles[:]
    feed = {
        "version": JSON_FEED_VERSION,
        "title": spec.title,
        "home_page_url": links.absolute(spec.page),
        "feed_url": links.absolute(spec.address),
        "description": spec.description,
        "icon": links.absolute(urls.FEED_ICON),
        "favicon": links.absolute(urls.TOUCH_ICON),
        "language": site.language,
        "items": [_json_item(article, _note(spec, at, article), digest, links) for at, article in enumerate(articles)],
    }
    return json_bytes(feed)


def _json_item(article: Article, note: str, digest: Digest, links: urls.Links) -> dict:
    url = links.absolute(urls.article(article.slug))
    item: dict = {"id": url, "url": url}
    if article.source.url:
        item["external_url"] = article.source.url  # the original article
    item["title"] = article.title
    item["content_html"] = _content(article, links)
    item["summary"] = note
    item["date_published"] = article.date.isoformat(timespec="seconds")
    by, home = credited(article.source)
    if by:
        item["authors"] = [{"name": by, **({"url": home} if home else {})}]
    if article.themes:
        item["tags"] = [digest.config.themes[slug].title for slug in article.themes]
    name, home = outlet(article.source)
    if name:  # JSON Feed has no field for it: an extension, described where the subscribe page says
        source = {"name": name, "home_page_url": home} if home else {"name": name}
        item["_digest"] = {"about": links.absolute(JSON_EXTENSION), "source": source}
    return item


JSON_EXTENSION = f"{urls.SUBSCRIBE}#json-feed-extension"


def json_bytes(value: object) -> bytes:
    """Readable, deterministic JSON; `<`, `>` and `&` (which JSON writes only inside strings) and the two line
    separators JavaScript once refused as their escapes, so no text can close a `<script>` or a CDATA section."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return (text + "\n").encode("utf-8")


def opml(specs: Sequence[FeedSpec], config: Config, calendar_title: str) -> bytes:
    """OPML 2.0 listing every feed offered (FeedSpec.offered) once, by its RSS (every reader takes it), grouped as the
    site groups them, then the meetings calendar as a link (it is no feed a reader can read)."""
    site, links = config.site, urls.Links(config.site.base_url)
    root = lxml.etree.Element("opml", version="2.0")
    head = lxml.etree.SubElement(root, "head")
    lxml.etree.SubElement(head, "title").text = f"{site.title}: every feed"
    lxml.etree.SubElement(head, "ownerName").text = site.author
    body = lxml.etree.SubElement(root, "body")
    groups: dict[str, lxml.etree._Element] = {}
    for spec in specs:
        if spec.kind != "rss" or not spec.offered:
            continue
        group = FEED_GROUPS[spec.page.partition("/")[0]]
        if group not in groups:
            groups[group] = lxml.etree.SubElement(body, "outline", text=group, title=group)
        title = rss_title(spec.title)
        lxml.etree.SubElement(
            groups[group], "outline", type="rss", text=title, title=title,
            xmlUrl=links.absolute(spec.address), htmlUrl=links.absolute(spec.page),
        )  # fmt: skip
    calendar = lxml.etree.SubElement(body, "outline", text="Calendar", title="Calendar")
    title = rss_title(calendar_title)
    lxml.etree.SubElement(calendar, "outline", type="link", text=title, url=links.absolute(urls.CALENDAR))
    return lxml.etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


FEED_GROUPS = {"": "The whole digest", "themes": "Themes", "meetings": "Meetings", "people": "People"}


def rss_html(text: str) -> str:
    """Plain text as the HTML an RSS reader expects in a description: shown as written, never as markup."""
    return html.escape(text, quote=False)


def rss_title(text: str) -> str:
    """Plain text for an RSS title or category, which RSS leaves undefined: most readers show it as text,
    some as HTML. Only `<` and `>` can make markup, so only they are escaped; an `&` or a quote mark,
    which headlines often carry, then reads right both ways, and a headline with angle brackets stays inert.
    """
    return text.replace("<", "&lt;").replace(">", "&gt;") if "<" in text or ">" in text else text


def _content(article: Article, links: urls.Links) -> str:
    """An item's HTML. An article is an item of several feeds (its theme's, meeting's, speakers'…), each in three
    formats: its body is fetched from the store and made absolute once, not once per item."""
    url = links.absolute(urls.article(article.slug))
    key = (article.body.key, url)
    if key not in _CONTENT:
        if len(_CONTENT) >= 1024:
            _CONTENT.clear()
        _CONTENT[key] = _absolute_links(links.in_body(article.body_html), url)
    return _CONTENT[key]


_CONTENT: dict[tuple[str, str], str] = {}


def _absolute_links(html: str, base: str) -> str:
    """Readers resolve an item's relative links against the feed's address, not the article's: make them absolute.
    A body whose links all name their scheme is left as it is, unparsed (most are: outlets' own addresses)."""
    if not _has_relative(html):
        return html
    import lxml.html  # here: 10 ms to import, and most bodies never need it

    holder = lxml.html.fragment_fromstring(html, create_parent="div")
    holder.make_links_absolute(base, resolve_base_href=False)
    return (holder.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in holder)


def _has_relative(html: str) -> bool:
    """`_RELATIVE.search`, found by `str.find` first: a search tries the pattern at every character of the body,
    and took 0.15 ms a body (8 ms an edit at 10,000 articles); this takes a tenth of that."""
    for attribute in ('href="', 'src="'):
        at = html.find(attribute)
        while at >= 0:
            if _RELATIVE.match(html, at):
                return True
            at = html.find(attribute, at + 1)
    return False


# An address that names no scheme (`/articles/x/`, `#notes`, `//host/`). Bodies are markdown-it's HTML, raw HTML
# off (markup.py): it puts addresses only in `href` and `src`, and writes a `"` in text as `&quot;`.
_RELATIVE = re.compile(r'\b(?:href|src)="(?![a-zA-Z][a-zA-Z0-9+.-]*:)')
