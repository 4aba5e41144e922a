"""What search engines read to find every page: sitemap.xml, a Google News sitemap, robots.txt → {path: bytes}.

Made from the lists alone (what each page holds, every article's date), never from the clock, so the same content
gives the same bytes. A page's `lastmod` is when what it shows last changed: an article's date; for a list, its
newest item's (a new item moves every page of the list along, so all its pages share that date).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import timedelta
from html import escape

from lxml import etree

from . import urls
from .group import Digest, Lists

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# sitemaps.org: at most 50,000 URLs a file. DIGEST_SITEMAP_LIMIT lowers it, for tests only (a real split without
# building 50,001 pages).
LIMIT = int(os.environ.get("DIGEST_SITEMAP_LIMIT", "") or 50_000)
NEWS_DAYS = 2  # Google News: articles of the last two days
NEWS_LIMIT = 1_000  # …and at most 1,000 of them

Dated = tuple[float, str]  # (timestamp, ISO 8601): compared by the first, written as the second
# Pages no search engine should list: the 404 page has no address; the search page no content of its own (its
# results are made in the reader's browser), and both say noindex.
UNLISTED = frozenset({urls.NOT_FOUND, urls.SEARCH})


def files(digest: Digest, addresses: Iterable[str], preview: bool = False) -> dict[str, bytes]:
    """Every sitemap and robots.txt: `pages`, then `news_and_robots`."""
    return pages(digest, addresses, preview) | news_and_robots(digest, preview)


def pages(digest: Digest, addresses: Iterable[str], preview: bool = False) -> dict[str, bytes]:
    """sitemap.xml, or past LIMIT addresses an index of sitemap-N.xml; none for a `preview`.

    `addresses`: every page of the site, in plan order (the UNLISTED ones are left out). A preview (drafts included)
    has no sitemap: drafts must never reach a search engine.
    """
    if preview:
        return {}
    absolute = digest.config.site.base_url.__add__
    table = lastmods(digest.lists)
    first_page = urls.first_page
    entries = [
        (absolute(address), table.get(first_page(address) if "page/" in address else address))
        for address in addresses
        if address not in UNLISTED
    ]
    if len(entries) <= LIMIT:
        return {urls.SITEMAP: urlset(entries)}
    chunks = [entries[start : start + LIMIT] for start in range(0, len(entries), LIMIT)]
    names = [f"sitemap-{number}.xml" for number in range(1, len(chunks) + 1)]
    made = {name: urlset(chunk) for name, chunk in zip(names, chunks, strict=True)}
    newest = [max((dated for _, dated in chunk if dated), default=None) for chunk in chunks]
    made[urls.SITEMAP] = sitemap_index([(absolute(name), dated) for name, dated in zip(names, newest, strict=True)])
    return made


def news_and_robots(digest: Digest, preview: bool = False) -> dict[str, bytes]:
    """news-sitemap.xml when an article is recent, and robots.txt naming it and sitemap.xml (which `pages` always
    makes); a `preview` gets a robots.txt that turns every crawler away."""
    if preview:
        return {urls.ROBOTS: CLOSED}
    absolute = digest.config.site.base_url.__add__
    news = news_sitemap(digest)
    if news is None:
        return {urls.ROBOTS: robots([absolute(urls.SITEMAP)])}
    return {urls.NEWS_SITEMAP: news, urls.ROBOTS: robots([absolute(urls.SITEMAP), absolute(urls.NEWS_SITEMAP)])}


def lastmods(lists: Lists) -> dict[str, Dated]:
    """First page of each list (and each article's address) → when it last changed, as far as the content says.

    One pass over the articles, newest first: the first article seen for a list is that list's newest. Dates are
    the articles' own ISO 8601 (Part.date), which the sitemap protocol takes as they are.
    """
    parts = lists.parts
    table: dict[str, Dated] = {}
    seen: set[tuple[str, str]] = set()  # (kind, slug) of the lists already dated
    for slug in lists.order:
        part = parts[slug]
        when = (part.timestamp, part.date)
        table[urls.article(slug)] = when
        lists_of = [("", part.date[:7])]
        lists_of += [("t", theme) for theme in part.themes]
        lists_of += [("m", meeting) for meeting in part.meetings]
        lists_of += [("p", person) for person in (*part.people, *part.speakers) if person]
        for key in lists_of:
            if key not in seen:
                seen.add(key)
                for address in _addresses(*key):
                    table.setdefault(address, when)
    return table


def _addresses(kind: str, slug: str) -> tuple[str, ...]:
    """The lists an article of this month (kind ""), theme, meeting or person is on."""
    if kind == "t":
        return urls.THEMES, urls.theme(slug)
    if kind == "m":
        return urls.MEETINGS, urls.meeting(slug)
    if kind == "p":
        return urls.PEOPLE, urls.person(slug)
    year, month = int(slug[:4]), int(slug[5:7])
    return urls.HOME, urls.ARCHIVE, urls.archive_year(year), urls.archive_month(year, month)


_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def urlset(entries: Iterable[tuple[str, Dated | None]]) -> bytes:
    return _written("urlset", "url", entries)


def sitemap_index(entries: Iterable[tuple[str, Dated | None]]) -> bytes:
    return _written("sitemapindex", "sitemap", entries)


def _written(root: str, item: str, entries: Iterable[tuple[str, Dated | None]]) -> bytes:
    """Written as text (escaped with the standard library): lxml's elements cost half a second at 17,000 pages."""
    lines = [_HEAD, f'<{root} xmlns="{SITEMAP_NS}">\n']
    for loc, dated in entries:
        lastmod = f"<lastmod>{escape(dated[1], quote=False)}</lastmod>" if dated else ""
        lines.append(f"<{item}><loc>{escape(loc, quote=False)}</loc>{lastmod}</{item}>\n")
    lines.append(f"</{root}>\n")
    return "".join(lines).encode()


def recent(digest: Digest) -> Iterator[str]:
    """The slugs of the articles of the NEWS_DAYS before the build date, newest first (NEWS_LIMIT at most)."""
    end = digest.build_date.timestamp()
    start = (digest.build_date - timedelta(days=NEWS_DAYS)).timestamp()
    parts, count = digest.parts, 0
    for slug in digest.lists.order:
        when = parts[slug].timestamp
        if when < start or count == NEWS_LIMIT:
            return
        if when <= end:
            count += 1
            yield slug


def news_language(language: str) -> str:
    """Google News asks for an ISO 639 code, and zh-cn or zh-tw for Chinese: `en-GB` → `en`, `zh-Hant` → `zh-tw`."""
    code = language.lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh-tw" if code in ("zh-tw", "zh-hk", "zh-mo") or code.startswith("zh-hant") else "zh-cn"
    return code.split("-")[0]


def news_sitemap(digest: Digest) -> bytes | None:
    """Google News sitemap of the recent articles; None when there are none (a urlset may not be empty)."""
    slugs = list(recent(digest))
    if not slugs:
        return None
    site = digest.config.site
    news = f"{{{NEWS_NS}}}"
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "news": NEWS_NS})
    for slug in slugs:
        article = digest.articles.fetch(slug)
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = site.base_url + urls.article(slug)
        item = etree.SubElement(url, f"{news}news")
        publication = etree.SubElement(item, f"{news}publication")
        etree.SubElement(publication, f"{news}name").text = site.title
        etree.SubElement(publication, f"{news}language").text = news_language(site.language)
        assert article.date is not None  # published
        etree.SubElement(item, f"{news}publication_date").text = article.date.isoformat(timespec="seconds")
        etree.SubElement(item, f"{news}title").text = article.title
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


CLOSED = b"# A preview with drafts (digest build --drafts): not for search engines.\nUser-agent: *\nDisallow: /\n"


def robots(sitemaps: list[str]) -> bytes:
    """Every crawler may read every page; the sitemaps say where they are. Crawlers read robots.txt at the host's
    root only: a site under a path (`/news/`) needs the host's own robots.txt to name these sitemaps."""
    lines = ["User-agent: *", "Allow: /", "", *(f"Sitemap: {url}" for url in sitemaps)]
    return ("\n".join(lines) + "\n").encode()
