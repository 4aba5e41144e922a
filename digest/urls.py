"""Every address and output path in one place, so pages, feeds and links always agree.

Addresses here are site-relative (``themes/taiwan/``); `Links` turns them into
hrefs under the base URL's path, or absolute URLs for feeds and canonical links.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

HOME = ""
THEMES = "themes/"
MEETINGS = "meetings/"
ARCHIVE = "archive/"
PEOPLE = "people/"
NOT_FOUND = "404.html"
FEED = "feed.xml"
ATOM = "atom.xml"
JSON_FEED = "feed.json"
FEED_FILES = {"rss": FEED, "atom": ATOM, "json": JSON_FEED}  # a list's feeds, side by side in its folder
OPML = "feeds.opml"
SUBSCRIBE = "subscribe/"
STYLESHEET = "assets/style.css"
FAVICON = "assets/favicon.svg"
TOUCH_ICON = "assets/touch-icon.png"  # 180 × 180, for phones' home screens
FEED_ICON = "assets/feed-icon.png"  # 512 × 512, square (Atom icon, JSON Feed icon)
FEED_LOGO = "assets/feed-logo.png"  # 144 × 72 (RSS image, at most 144 wide; Atom logo, twice as wide as tall)
FEED_LOGO_SIZE = (144, 72)
SHARE_IMAGE = "assets/share.png"  # 1200 × 630: the preview a shared link shows
SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "news-sitemap.xml"
ROBOTS = "robots.txt"
CALENDAR = "meetings.ics"
SEARCH = "search/"  # the page that runs a search: search/?q=…
SEARCH_INDEX = "search/index/"  # each part of the search index: search/index/<part>/ (search.py)
SEARCH_SCRIPT = "assets/search.js"
SUBSCRIBE_SCRIPT = "assets/subscribe.js"  # the subscribe page's Copy buttons


def paged(address: str, page: int) -> str:
    return address if page <= 1 else f"{address}page/{page}/"


def first_page(address: str) -> str:
    """The first page of the list that `address` is a page of (see `paged`); a page of no list is its own."""
    head, sep, tail = address.rpartition("page/")
    if sep and (not head or head.endswith("/")) and tail[:-1].isdigit() and tail.endswith("/"):
        return head
    return address


def home(page: int = 1) -> str:
    return paged(HOME, page)


def article(slug: str) -> str:
    return f"articles/{slug}/"


def theme(slug: str, page: int = 1) -> str:
    return paged(f"themes/{slug}/", page)


def meeting(slug: str, page: int = 1) -> str:
    return paged(f"meetings/{slug}/", page)


def person(slug: str, page: int = 1) -> str:
    return paged(f"people/{slug}/", page)


def person_feed(slug: str) -> str:
    return f"people/{slug}/feed.xml"


def archive_year(year: int) -> str:
    return f"archive/{year}/"


def archive_month(year: int, month: int) -> str:
    return f"archive/{year}/{month:02d}/"


def theme_feed(slug: str) -> str:
    return f"themes/{slug}/feed.xml"


def meeting_feed(slug: str) -> str:
    return f"meetings/{slug}/feed.xml"


def feed_as(address: str, kind: str) -> str:
    """The same list's feed in another format ("rss", "atom" or "json"): its feeds sit side by side."""
    folder, _, _ = address.rpartition("/")
    return f"{folder}/{FEED_FILES[kind]}" if folder else FEED_FILES[kind]


def feed_id(address: str) -> str:
    """The subscribe page's anchor for a list's feeds: `themes-taiwan`, `digest` for the whole digest."""
    folder, _, _ = address.rpartition("/")
    return folder.replace("/", "-") or "digest"


def subscribe_to(address: str) -> str:
    """Where the subscribe page lists a feed's formats: `subscribe/#themes-taiwan`."""
    return f"{SUBSCRIBE}#{feed_id(address)}"


def slugify(title: str, limit: int = 60) -> str:
    """ASCII, lowercase, hyphenated, cut at a word boundary; apostrophes vanish (Let's → lets)."""
    text = re.sub(r"['’‘ʼ`]", "", title)
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)  # U.S. → US
    text = re.sub(r"[^\w]+", "-", text)  # dashes and punctuation separate words
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:limit]
    return slug or "article-" + hashlib.sha1(title.encode()).hexdigest()[:8]


def address_key(url: str) -> str:
    """An original's address as two copies of one page give it: scheme and host in any case, no fragment, no final
    slash. `digest import` refuses a page already imported by it, and `check` warns about two articles sharing it.
    One that cannot be split (an editor's "https://[x/", which `check` names) is compared as written."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, ""))


def output_path(address: str) -> str:
    """The file that serves an address: clean URLs are folders with an index.html."""
    return address + "index.html" if address == "" or address.endswith("/") else address


@dataclass(frozen=True)
class Links:
    base_url: str  # absolute, ends with "/"
    base_path: str = field(init=False)  # computed once: href() runs dozens of times per page

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_path", urlsplit(self.base_url).path or "/")

    def href(self, address: str) -> str:
        return self.base_path + address

    def absolute(self, address: str) -> str:
        return self.base_url + address

    def in_body(self, html: str) -> str:
        """An article's HTML with each link written from the site's root (`/articles/…`) under the base path, as
        a site at `/news/` needs: an editor links to another page the way the README says, wherever the site is.
        A link that already starts with the base path is left as it is. Only markdown-it's own `href="…"` and
        `src="…"` attributes can match: the text's quotation marks are escaped."""
        if self.base_path == "/" or '="/' not in html:
            return html
        return _FROM_ROOT.sub(self._under_base, html)

    def _under_base(self, found: re.Match) -> str:
        path = found.group(2)
        return found.group(0) if path.startswith(self.base_path) else f"{found.group(1)}{self.base_path}{path[1:]}"


_FROM_ROOT = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)')
