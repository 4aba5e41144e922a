"""RSS and Atom with feedgen → {output path: bytes}.

feedgen stamps "now" and prepends entries unless told otherwise; here every
date comes from the content and entries are appended newest first, so two
builds of the same input give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import lxml.html
from feedgen.feed import FeedGenerator

from . import urls
from .group import Digest
from .model import Article


@dataclass(frozen=True)
class FeedSpec:
    address: str  # where the feed is published
    title: str
    description: str
    page: str  # the HTML page the feed follows
    articles: Sequence[Article]


def feed_files(digest: Digest) -> dict[str, bytes]:
    site = digest.config.site
    links = urls.Links(site.base_url)
    limit = site.feed_items
    files = {
        urls.FEED: rss(
            FeedSpec(urls.FEED, site.title, site.description, urls.HOME, digest.articles[:limit]), digest, links
        ),
        urls.ATOM: atom(
            FeedSpec(urls.ATOM, site.title, site.description, urls.HOME, digest.articles[:limit]), digest, links
        ),
    }
    for slug, theme in digest.config.themes.items():
        spec = FeedSpec(
            urls.theme_feed(slug),
            f"{theme.title} — {site.title}",
            theme.description or theme.title,
            urls.theme(slug),
            digest.by_theme[slug][:limit],
        )
        files[spec.address] = rss(spec, digest, links)
    for meeting in digest.meetings:
        spec = FeedSpec(
            urls.meeting_feed(meeting.slug),
            f"{meeting.title} — {site.title}",
            meeting.description or meeting.title,
            urls.meeting(meeting.slug),
            digest.by_meeting[meeting.slug][:limit],
        )
        files[spec.address] = rss(spec, digest, links)
    return files


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
    for article in spec.articles:
        url = links.absolute(urls.article(article.slug))
        fe = fg.add_entry(order="append")
        fe.guid(url, permalink=True)
        fe.title(article.title)
        fe.link(href=url)
        fe.description(article.summary or article.title)
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


def _absolute_links(html: str, base: str) -> str:
    """Readers resolve an item's relative links against the feed's address, not the article's: make them absolute."""
    if not html.strip():
        return html
    holder = lxml.html.fragment_fromstring(html, create_parent="div")
    holder.make_links_absolute(base, resolve_base_href=False)
    return (holder.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in holder)
