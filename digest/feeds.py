"""RSS and Atom with feedgen → {output path: bytes}.

feedgen stamps "now" and prepends entries unless told otherwise; here every
date comes from the content and entries are appended newest first, so two
builds of the same input give the same bytes.

Every text here is plain text (titles, summaries, quotations: markup already
taken out) except the article body, which markdown-it rendered with raw HTML
off and unsafe links refused. Readers take an RSS description as HTML, so the
text goes in HTML-escaped (feedgen then XML-escapes it again): `<img onerror>`
in a scraped paragraph shows as those characters, never as an element. Atom
says what it carries: titles, summaries and subtitles are `type="text"`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import lxml.html
from feedgen.feed import FeedGenerator

from . import urls
from .group import Articles, Digest
from .model import Article
from .quotes import is_fragment


@dataclass(frozen=True)
class FeedSpec:
    """A feed as slugs: its key needs no article, so a build looks up only the articles of feeds that changed."""

    address: str  # where the feed is published
    kind: str  # "rss" or "atom"
    title: str
    description: str
    page: str  # the HTML page the feed follows
    articles: Articles
    quoted: tuple[tuple[int, ...], ...] = ()  # per item, a person's quotations in it (places), shown as its note


def plan_feeds(digest: Digest) -> list[FeedSpec]:
    """Every feed the site publishes: the whole digest in RSS and Atom, one RSS per theme, meeting and person."""
    site = digest.config.site
    limit = site.feed_items
    latest = digest.articles.first(limit)
    specs = [
        FeedSpec(urls.FEED, "rss", site.title, site.description, urls.HOME, latest),
        FeedSpec(urls.ATOM, "atom", site.title, site.description, urls.HOME, latest),
    ]
    for slug, theme in digest.config.themes.items():
        title, about = f"{theme.title} — {site.title}", theme.description or theme.title
        items = digest.by_theme[slug].first(limit)
        specs.append(FeedSpec(urls.theme_feed(slug), "rss", title, about, urls.theme(slug), items))
    for meeting in digest.meetings:
        title, about = f"{meeting.title} — {site.title}", meeting.description or meeting.title
        items = digest.by_meeting[meeting.slug].first(limit)
        specs.append(FeedSpec(urls.meeting_feed(meeting.slug), "rss", title, about, urls.meeting(meeting.slug), items))
    for person in digest.config.people.values():
        title, about = f"{person.name} — {site.title}", f"What {person.name} said, as reported in the digest."
        items, quoted = _latest_quoted(digest, person.slug, limit)
        page = urls.person(person.slug)
        specs.append(FeedSpec(urls.person_feed(person.slug), "rss", title, about, page, items, quoted))
    return specs


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
    return (rss if spec.kind == "rss" else atom)(spec, digest, links)


def _generator(spec: FeedSpec, articles: Sequence[Article], digest: Digest, links: urls.Links) -> FeedGenerator:
    site = digest.config.site
    rss = spec.kind == "rss"
    fg = FeedGenerator()
    fg.id(links.absolute(spec.page))
    fg.title(rss_title(spec.title) if rss else spec.title)
    fg.author({"name": site.author})
    fg.link(href=links.absolute(spec.address), rel="self")  # first: RSS <link> takes the last one set
    fg.link(href=links.absolute(spec.page), rel="alternate")
    fg.description(rss_html(spec.description) if rss else spec.description)  # RSS description, Atom subtitle
    fg.language(site.language)
    updated = _updated(articles, digest.build_date)
    fg.lastBuildDate(updated)
    fg.updated(updated)
    return fg


def _updated(articles: Sequence[Article], fallback: datetime) -> datetime:
    return max((a.date for a in articles), default=fallback)


def rss(spec: FeedSpec, digest: Digest, links: urls.Links) -> bytes:
    articles = spec.articles[:]
    fg = _generator(spec, articles, digest, links)
    if any(article.source.author for article in articles):
        fg.load_extension("dc")  # RSS's own <author> must be an e-mail address: a byline goes in <dc:creator>
    for at, article in enumerate(articles):
        quoted = [article.quotes[order].text for order in spec.quoted[at]] if spec.quoted else []
        # a fragment is not shown on its own: an article quoting someone only in passing is noted by its summary
        note = " ".join(f"“{text}”" for text in quoted if not is_fragment(text)) or article.summary or article.title
        url = links.absolute(urls.article(article.slug))
        fe = fg.add_entry(order="append")
        fe.guid(url, permalink=True)
        fe.title(rss_title(article.title))
        fe.link(href=url)
        fe.description(rss_html(note))
        fe.content(_absolute_links(article.body_html, url), type="CDATA")
        fe.pubDate(article.date)
        if article.source.author:
            fe.dc.dc_creator(article.source.author)
        for slug in article.themes:
            fe.category(term=rss_title(digest.config.themes[slug].title))
    return fg.rss_str(pretty=True)


def atom(spec: FeedSpec, digest: Digest, links: urls.Links) -> bytes:
    articles = spec.articles[:]
    fg = _generator(spec, articles, digest, links)
    for article in articles:
        url = links.absolute(urls.article(article.slug))
        fe = fg.add_entry(order="append")
        fe.id(url)
        fe.title(article.title)
        fe.link(href=url, rel="alternate")
        fe.summary(article.summary or article.title, type="text")
        if article.source.author:
            fe.author({"name": article.source.author})
        fe.content(_absolute_links(article.body_html, url), type="html")
        fe.published(article.date)
        fe.updated(article.date)
    return fg.atom_str(pretty=True)


def rss_html(text: str) -> str:
    """Plain text as the HTML an RSS reader expects in a description: shown as written, never as markup."""
    return html.escape(text, quote=False)


def rss_title(text: str) -> str:
    """Plain text for an RSS title or category, which RSS leaves undefined: most readers show it as text,
    some as HTML. Only `<` and `>` can make markup, so only they are escaped; an `&` or a quote mark,
    which headlines often carry, then reads right both ways, and a headline with angle brackets stays inert.
    """
    return text.replace("<", "&lt;").replace(">", "&gt;") if "<" in text or ">" in text else text


@lru_cache(maxsize=1024)  # an article is an item of several feeds: its own theme's, meeting's, speakers'…
def _absolute_links(html: str, base: str) -> str:
    """Readers resolve an item's relative links against the feed's address, not the article's: make them absolute."""
    if not html.strip():
        return html
    holder = lxml.html.fragment_fromstring(html, create_parent="div")
    holder.make_links_absolute(base, resolve_base_href=False)
    return (holder.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in holder)
