"""RSS and Atom with feedgen → {output path: bytes}.

feedgen stamps "now" and prepends entries unless told otherwise; here every
date comes from the content and entries are appended newest first, so two
builds of the same input give the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import lxml.html
from feedgen.feed import FeedGenerator

from . import urls
from .group import Digest
from .model import Article


@dataclass(frozen=True)
class FeedSpec:
    address: str  # where the feed is published
    kind: str  # "rss" or "atom"
    title: str
    description: str
    page: str  # the HTML page the feed follows
    articles: Sequence[Article]
    notes: Sequence[str] = ()  # per item, instead of its summary (a person's quotations in that article)


def plan_feeds(digest: Digest) -> list[FeedSpec]:
    """Every feed the site publishes: the whole digest in RSS and Atom, one RSS per theme and per meeting."""
    site = digest.config.site
    limit = site.feed_items
    latest = digest.articles[:limit]
    specs = [
        FeedSpec(urls.FEED, "rss", site.title, site.description, urls.HOME, latest),
        FeedSpec(urls.ATOM, "atom", site.title, site.description, urls.HOME, latest),
    ]
    for slug, theme in digest.config.themes.items():
        title, about = f"{theme.title} — {site.title}", theme.description or theme.title
        specs.append(
            FeedSpec(urls.theme_feed(slug), "rss", title, about, urls.theme(slug), digest.by_theme[slug][:limit])
        )
    for meeting in digest.meetings:
        title, about = f"{meeting.title} — {site.title}", meeting.description or meeting.title
        items = digest.by_meeting[meeting.slug][:limit]
        specs.append(FeedSpec(urls.meeting_feed(meeting.slug), "rss", title, about, urls.meeting(meeting.slug), items))
    for person in digest.config.people.values():
        quoted: dict[str, list[str]] = {}
        articles: list[Article] = []
        for said in reversed(digest.said.get(person.slug, ())):  # newest first
            if said.article.slug not in quoted:
                if len(articles) == limit:
                    break
                articles.append(said.article)
                quoted[said.article.slug] = []
            quoted[said.article.slug].append(f"“{said.quote.text}”")
        notes = [" ".join(quoted[a.slug]) for a in articles]
        title, about = f"{person.name} — {site.title}", f"What {person.name} said, as reported in the digest."
        specs.append(
            FeedSpec(urls.person_feed(person.slug), "rss", title, about, urls.person(person.slug), articles, notes)
        )
    return specs


def feed_key(spec: FeedSpec, digest: Digest, config: str) -> str:
    """Same key, same bytes: a feed is a function of its items, the config, and (when empty) the build date."""
    parts = [spec.address, spec.kind, spec.title, spec.description, spec.page, config]
    parts += [a.fingerprint for a in spec.articles] or [digest.build_date.isoformat()]
    parts += spec.notes
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def render_feed(spec: FeedSpec, digest: Digest) -> bytes:
    links = urls.Links(digest.config.site.base_url)
    return (rss if spec.kind == "rss" else atom)(spec, digest, links)


def _generator(spec: FeedSpec, digest: Digest, links: urls.Links) -> FeedGenerator:
    site = digest.config.site
    fg = FeedGenerator()
    fg.id(links.absolute(spec.page))
    fg.title(spec.title)
    fg.author({"name": site.author})
    fg.link(href=links.absolute(spec.address), rel="self")  # first: RSS <link> takes the last one set
    fg.link(href=links.absolute(spec.page), rel="alternate")
    fg.description(spec.description)
    fg.language(site.language)
    updated = _updated(spec.articles, digest.build_date)
    fg.lastBuildDate(updated)
    fg.updated(updated)
    return fg


def _updated(articles: Sequence[Article], fallback: datetime) -> datetime:
    return max((a.date for a in articles), default=fallback)


def rss(spec: FeedSpec, digest: Digest, links: urls.Links) -> bytes:
    fg = _generator(spec, digest, links)
    notes = spec.notes or [article.summary or article.title for article in spec.articles]
    for article, note in zip(spec.articles, notes, strict=True):
        url = links.absolute(urls.article(article.slug))
        fe = fg.add_entry(order="append")
        fe.guid(url, permalink=True)
        fe.title(article.title)
        fe.link(href=url)
        fe.description(note)
        fe.content(_absolute_links(article.body_html, url), type="CDATA")
        fe.pubDate(article.date)
        for slug in article.themes:
            fe.category(term=digest.config.themes[slug].title)
    return fg.rss_str(pretty=True)


def atom(spec: FeedSpec, digest: Digest, links: urls.Links) -> bytes:
    fg = _generator(spec, digest, links)
    for article in spec.articles:
        url = links.absolute(urls.article(article.slug))
        fe = fg.add_entry(order="append")
        fe.id(url)
        fe.title(article.title)
        fe.link(href=url, rel="alternate")
        fe.summary(article.summary or article.title)
        fe.content(_absolute_links(article.body_html, url), type="html")
        fe.published(article.date)
        fe.updated(article.date)
    return fg.atom_str(pretty=True)


@lru_cache(maxsize=1024)  # an article is an item of several feeds: its own theme's, meeting's, speakers'…
def _absolute_links(html: str, base: str) -> str:
    """Readers resolve an item's relative links against the feed's address, not the article's: make them absolute."""
    if not html.strip():
        return html
    holder = lxml.html.fragment_fromstring(html, create_parent="div")
    holder.make_links_absolute(base, resolve_base_href=False)
    return (holder.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in holder)
