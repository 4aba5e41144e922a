"""A saved web page or an address → the article's blocks and the page's metadata.

A page is fetched with a timeout, a size limit and an honest User-Agent; a saved one may be gzipped. trafilatura
finds the article and its metadata, htmldate the date it was first published (from the page's metadata, its <time>
elements and its address only: never guessed from free text). The article's XML becomes Markdown here, block by
block, every piece of text escaped and every link checked. Nothing here knows about drafts: the importer uses it.
"""

from __future__ import annotations

import hashlib
import html
import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from . import __version__
from .boilerplate import SENTENCE_END, UNSPACED, words_in
from .errors import DigestError, Problem
from .model import Config
from .schema import CONTROL, CONTROL_CHARACTER, NONCHARACTER
from .urls import slugify

# A whole saved web page is 1-3 MB: the limit leaves room for any real one, and at it an import takes seconds.
MAX_RAW_BYTES = 8 * 2**20
FETCH_TIMEOUT = 20.0  # seconds for the whole page: a news page comes in one or two
# What a byline may say that names no one: the site's own accounts.
NOT_AUTHORS = {"admin", "administrator", "staff", "editor", "editors", "web desk", "webmaster", "guest", "news desk"}
_TRIM_HINT = "split it or trim the page before importing"


def fail(origin: str, message: str, hint: str, line: int | None = None) -> DigestError:
    return DigestError([Problem(origin, line, None, message, hint)])


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


@dataclass
class WebPage:
    """What a page holds: the article as Markdown blocks (and their plain text), and what its metadata says."""

    meta: Any  # trafilatura's document: title, sitename, author, url, description
    blocks: list[str]
    plain: list[str]
    dates: tuple[tuple[str | None, str | None], tuple[str | None, str | None]]  # (published, where), (updated, where)
    language: str | None
    titles: list[tuple[str, str]]  # (where, text): every title the page gives its article (<h1>, og:title…)
    sites: list[str]  # the names the page gives its site (og:site_name, trafilatura's site name)
    notes: list[str] = field(default_factory=list)  # what became of its links and images, for the report
    address: tuple[str, str] | None = None  # (the address the page gives itself, where: "canonical link"…)
    prose: list[str] = field(default_factory=list)  # the page's paragraphs of prose, to tell what was not kept
    site_evidence: str = "the page's site name"  # where `sites` came from, for the report
    byline: str | None = None  # the names of the byline the page prints under its headline ("By ZHAO YIMENG in …")


def read_page(raw: bytes, origin: str, url: str | None = None) -> WebPage:
    """An HTML page: the article and its metadata as trafilatura finds them; the dates as htmldate does."""
    if len(raw) > MAX_RAW_BYTES:
        raise fail(
            origin, f"is {megabytes(len(raw))}, over the importer's {MAX_RAW_BYTES // 2**20} MB limit", _TRIM_HINT
        )
    raw, stray = _repaired_utf8(raw)
    found = _extract_html(raw, url, origin)
    if found is None:
        raise fail(origin, "has no article text that could be found", "check that it is a news article's page")
    meta, body, dates, language, titles, address, prose, byline = found
    notes = [f"encoding UTF-8 with {stray} stray Windows-1252 byte(s), read as Windows-1252"] if stray else []
    blocks, plain = _html_blocks(body, url or clean(meta.url), notes)
    titles, sites = _site_names(titles, clean(meta.sitename))
    page = WebPage(meta, blocks, plain, dates, language, titles, sites, notes, address, prose, byline=byline)
    printed = [(where, name) for where, name in found[4] if where.startswith(_PRINTED)]
    if printed and sites[0] == printed[0][1] and all(_HOST.match(site) for site in sites[1:]):  # put first for it
        page.site_evidence = f"the name the page prints for {printed[0][0].removeprefix(_PRINTED)}, its only site name"
    elif sites and clean(meta.sitename) not in sites and not any(where in _SITE_NAME_META for where, _ in found[4]):
        page.site_evidence = "what the page's <title> adds to its headline"
    return page


def _site_names(titles: list[tuple[str, str]], found: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """The page's titles without its site's names, and those names: og:site_name, the JSON-LD publisher,
    trafilatura's, else what the <title> adds after a headline the page gives elsewhere ("… - The New York Times").
    trafilatura takes the headline itself for the site's name when a page has no og:site_name: a name that is one of
    the page's titles, or too long for one, is none. A name that is only an address ("Chinadaily.com.cn") comes
    after the name the page prints for it ("China Daily", `_printed_site_name`)."""
    given = list(dict.fromkeys(name for where, name in titles if where in _SITE_NAME_META))
    printed = [name for where, name in titles if where.startswith(_PRINTED)]
    titles = [
        (where, text) for where, text in titles if where not in _SITE_NAME_META and not where.startswith(_PRINTED)
    ]
    headlines = {_norm(text) for where, text in titles if where != "<title>"}
    sites = [name for name in given if words_in(name) <= 14 and _norm(name) not in headlines]  # a ministry's name
    sites += [
        name for name in [found] if name and name not in sites and words_in(name) <= 8 and _norm(name) not in headlines
    ]
    sites = sites or _title_tail(titles, headlines)
    return titles, [*printed, *sites] if sites and all(_HOST.match(site) for site in sites) else sites


def _title_tail(titles: list[tuple[str, str]], headlines: set[str]) -> list[str]:
    """The site's name a <title> gives after the headline: the last part after a separator, six words at most."""
    for where, text in titles:
        for sep in (" | ", " - ", " – ", " — ", " :: ", "_"):
            head, _, tail = text.partition(sep)
            if where == "<title>" and tail and _norm(head) in headlines:
                last = re.split(r" \| | - | – | — | :: |_", tail)[-1].strip()
                return [last] if last and words_in(last) <= 6 else []
    return []


# --- the page's bytes -----------------------------------------------------------------------------

_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_HTML_START = re.compile(rb"\s*(?:<!--.{0,2000}?-->\s*)*<(?:!doctype\s+html|html|head|meta|title|body)\b", re.I | re.S)


def unpack(raw: bytes, origin: str) -> tuple[bytes, str]:
    """The page's bytes (unpacked when gzipped) and what they are: "html" or "text"."""
    name = origin.lower()
    if raw[:2] == b"\x1f\x8b":
        raw, name = _gunzip(raw, origin), name.removesuffix(".gz")
    if name.endswith(_HTML_SUFFIXES) or _HTML_START.match(raw.removeprefix(b"\xef\xbb\xbf")[:4096]):
        return raw, "html"
    return raw, "text"


def _gunzip(raw: bytes, origin: str) -> bytes:
    """Gzip unpacked, never past the raw-size limit (a few KB of gzip can unpack to gigabytes)."""
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = unpacker.decompress(raw, MAX_RAW_BYTES + 1)
    except zlib.error as exc:
        raise fail(origin, f"is not a readable gzip file ({exc})", "save the page again, or unpack it first") from None
    if len(data) > MAX_RAW_BYTES:
        limit = MAX_RAW_BYTES // 2**20
        raise fail(origin, f"unpacks to over {limit} MB, the importer's limit", "trim the page before importing")
    return data


def utf8_or_cp1252(raw: bytes) -> tuple[str, int, bool]:
    """UTF-8, reading any byte that is not valid UTF-8 as Windows-1252 (one stray 0x92 spoils no file).

    Returns the text, the number of such stray bytes, and whether any real UTF-8 sequence was seen. One pass: the
    decoder stands each stray byte for a surrogate U+DC80-U+DCFF, which become Windows-1252 characters after.
    """
    text = raw.decode("utf-8", "surrogateescape")
    stray = len(text) - len(_STRAY.sub("", text))
    if not stray:
        return text, 0, not text.isascii()
    return text.translate(_FROM_STRAY), stray, _DECODED_NON_ASCII.search(text) is not None


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return chr(byte)


_STRAY = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of a byte that is not UTF-8
_DECODED_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
_FROM_STRAY = {0xDC00 + byte: _cp1252(byte) for byte in range(0x80, 0x100)}


def _repaired_utf8(raw: bytes) -> tuple[bytes, int]:
    """A page that says it is UTF-8 but holds a few bytes that are not (a 0x92 pasted from a word processor):
    those bytes read as Windows-1252, and the count of them; otherwise the encoding guess takes the whole page
    for another encoding (Mac Roman, say) and garbles every curly quote of it. Other pages are left to the
    guess: in a GBK page, say, some byte pairs are valid UTF-8 by chance."""
    if not _SAYS_UTF8.search(raw[:4096]):
        return raw, 0
    text, stray, utf8 = utf8_or_cp1252(raw)
    return (text.encode("utf-8"), stray) if stray and utf8 else (raw, 0)


_SAYS_UTF8 = re.compile(rb"""charset\s*=\s*["']?utf-?8\b""", re.IGNORECASE)


def _extract_html(
    raw: bytes, url: str | None, origin: str
) -> tuple[Any, Any, tuple, str | None, list[tuple[str, str]], tuple[str, str] | None, list[str], str | None] | None:
    """trafilatura's document (metadata and article XML), the (published, updated) dates and where each was
    found, the page's language, every title and site name it gives, the address it gives itself, its prose and the
    byline it prints."""
    import logging

    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL)  # what goes wrong is said once, as a problem
    tree = load_html(raw, origin)
    if tree is None:
        return None
    language = _page_language(tree)
    titles = _page_titles(tree)
    address = own_address(tree, url)
    prose = page_prose(tree)
    byline = printed_byline(tree)
    _whole_seconds(tree)
    dates = (_page_date(tree, url, original=True), _page_date(tree, url, original=False))
    document = trafilatura.bare_extraction(
        _for_extraction(load_html(raw, origin)), url=url, with_metadata=True, include_comments=False,
        include_tables=True, include_images=False, include_links=True, include_formatting=True, deduplicate=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )  # fmt: skip
    if document is None or document.body is None:
        return None
    titles += _printed_site_name(tree, [clean(document.sitename), *(n for w, n in titles if w in _SITE_NAME_META)])
    return document, document.body, dates, language, titles, address, prose, byline


PROSE_WORDS = 15  # a paragraph of this many words or more, ending as a sentence does, is prose
_NOT_PROSE_TAGS = {"header", "footer", "nav", "aside", "form", "figcaption", "noscript", "template", "button"}
_NOT_PROSE = re.compile(
    r"comment|cookie|consent|newsletter|subscri|related|promo|share|social|sidebar|footer|menu|modal|popup|caption"
    r"|author|bio\b|disclaimer|legal|copyright|advert",
    re.I,
)


def page_prose(tree: Any) -> list[str]:
    """The page's paragraphs that read as prose (PROSE_WORDS words or more, ending as a sentence), outside what is
    plainly furniture (footers, menus, comments, cookie and newsletter boxes, captions, bylines): what the draft
    should hold, to tell an editor when it holds much less."""
    found = []
    for element in tree.iter("p", "blockquote", "li"):
        text = space(" ".join(element.itertext()))
        if len(text.split()) < PROSE_WORDS or not text.rstrip("\"”’')]").endswith((".", "!", "?", "…")):
            continue
        if element.find(".//p") is None and not any(_furniture_box(e) for e in (element, *element.iterancestors())):
            found.append(text)
    return found


_PRINTED_BYLINE = re.compile(
    r"^By\s+(?P<who>[A-Z][\w.’'-]*(?:(?:\s+|\s*,\s*|\s+(?:and|&)\s+)[A-Z][\w.’'-]*){1,7}?)"
    r"(?:\s+in\s+[A-Z][\w .’'-]{1,40}?)?\s*(?:$|[|·—–]\s*.*$)"
)


def printed_byline(tree: Any) -> str | None:
    """The names of the byline a page prints below its headline, for a page whose metadata names no one: China
    Daily's "By ZHAO YIMENG in Washington | China Daily Global | Updated: …" gives "ZHAO YIMENG". The first element
    after the <h1>, among its following siblings, whose text is such a line."""
    headline = next(tree.iter("h1"), None)
    for element in headline.itersiblings() if headline is not None else ():
        for part in element.iter():
            text = space(" ".join(part.itertext())) if isinstance(part.tag, str) else ""
            if 2 < len(text) <= 200 and (m := _PRINTED_BYLINE.match(text)):
                return re.sub(r"\s*(?:,|&|\band\b)\s*", ", ", m["who"]).strip(" ,")
    return None


def _furniture_box(element: Any) -> bool:
    if element.tag in ("body", "html"):  # their classes name the page's template ("has-sidebar"), not a box
        return False
    marks = f"{element.get('id') or ''} {element.get('class') or ''}"
    return element.tag in _NOT_PROSE_TAGS or bool(_NOT_PROSE.search(marks))


_OWN_ADDRESS = (
    ("canonical link", './/link[@rel="canonical"]', "href"),
    ("og:url", './/meta[@property="og:url"]', "content"),
    ("twitter:url", './/meta[@name="twitter:url"]', "content"),
)


def own_address(tree: Any, url: str | None) -> tuple[str, str] | None:
    """The address a page gives itself, and where: its canonical link, else its og:url or twitter:url (a relative
    one read against the other, or the address it was fetched from). Not trafilatura's metadata.url, which falls
    back on <base href> (a site's home page) and on the fetched address, so that either passed for the canonical."""
    found = [(where, value.strip()) for where, path, attribute in _OWN_ADDRESS for e in tree.iterfind(path)
             if (value := e.get(attribute)) and value.strip()]  # fmt: skip
    absolute = next((value for _, value in found if safe_link(value, None)), None)
    for where, value in found:
        if address := safe_link(value, url or absolute):
            return address, where
    return None


# libxml2 builds an HTML page's tree 256 elements deep at most, and 2048 with its "huge" option; below that it
# drops the rest of the page without a word. trafilatura reads with the first, and a page whose article sits deeper
# (layout wrappers of wrappers) lost the whole article. The error message names neither depth: "nested too deep".
_DEPTHS = (256, 2048)


def load_html(raw: bytes, origin: str) -> Any:
    """The page's tree as trafilatura reads it; a page nested deeper than libxml2's usual limit read again with
    its huge-page option, and one deeper still refused: an import never silently loses the text below that depth."""
    from trafilatura.utils import load_html as read

    tree = read(raw)
    if tree is None or _depth(tree) < _DEPTHS[0] - 1:
        return tree
    tree = _huge_tree(raw)
    if tree is not None and _depth(tree) >= _DEPTHS[1] - 1:
        raise fail(
            origin,
            f"nests its markup over {_DEPTHS[1]} elements deep, deeper than the importer can read: the article's text "
            "would be lost",
            "open the page in a browser, copy the article's text into a .txt file and import that",
        )
    return tree


def _huge_tree(raw: bytes) -> Any:
    """What trafilatura's load_html makes of a page (its decoding and repairs), read with libxml2's huge option."""
    from lxml.html import HTMLParser, fromstring
    from trafilatura.utils import decode_file, repair_faulty_html

    text = decode_file(raw)
    text = repair_faulty_html(text, text[:50].lower())
    options = {"collect_ids": False, "default_doctype": False, "remove_comments": True, "remove_pis": True}
    parser = HTMLParser(encoding="utf-8", huge_tree=True, **options)
    try:
        return fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except Exception:  # noqa: BLE001 (lxml's many errors for a page it cannot read: no article found, said once)
        return None


def _depth(tree: Any) -> int:
    """How many elements deep the tree goes (the root is 0), without recursion."""
    from lxml import etree

    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest - 1


def _whole_seconds(tree: Any) -> None:
    """The page's time stamps (<meta content>, <time datetime>) without fractions of a second: htmldate refuses
    `2024-04-26T07:05:12.000Z`, as the Guardian and Arc sites (Reuters, the Washington Post) write them, taking the
    ".000Z" for part of a telephone number, and the page's date was then not found at all."""
    for element in tree.iter("meta", "time"):
        attribute = "content" if element.tag == "meta" else "datetime"
        value = element.get(attribute)
        if value and _FRACTION.search(value):
            element.set(attribute, _FRACTION.sub(r"\1", value))


_FRACTION = re.compile(r"(T\d{2}:\d{2}:\d{2})[.,]\d{1,9}(?=Z|[+-]\d{2}:?\d{2}|$)")


def _for_extraction(tree: Any) -> Any:
    """The page as trafilatura should read it. Two line breaks in a row with nothing between (`<br><br>`) are a
    paragraph break, which trafilatura keeps only with white space between them: it makes one of them otherwise.
    A live blog's entry times are links to the entry (`<a href="#block-…"><time>11.52 BST</time></a>`): trafilatura
    drops every <time>, and the link-only paragraphs made it drop the last entry with them; each is bold text."""
    for br in tree.iter("br"):
        following = br.getnext()
        if following is not None and following.tag == "br" and not (br.tail or "").strip():
            br.tail = "\n"
    for stamp in list(tree.iter("time")):
        link = stamp.getparent()
        if _is_entry_time(link, stamp):
            shown = stamp.makeelement("b")
            shown.text, shown.tail = space(" ".join(stamp.itertext())), link.tail
            link.getparent().replace(link, shown)
    _unwidget_elementor(tree)
    return tree


# Elementor (a WordPress page builder) wraps every block of a page in "elementor-widget-…" classes, and trafilatura
# deletes any element whose class holds "widget" as a sidebar's: an article set in text widgets lost its body, all
# of it or all but a standfirst, without a word. Its text widgets and the columns holding them are renamed; share
# buttons, menus, post lists and forms keep their names, and go.
_ELEMENTOR_TEXT = ("elementor-widget-text-editor", "elementor-widget-theme-post-content", "elementor-widget-blockquote")
_ELEMENTOR_HEADING = "elementor-widget-heading"


def _unwidget_elementor(tree: Any) -> None:
    """Elementor's text widgets, the headings just before them, and its columns, without "widget" in their class."""
    for element in tree.iter():
        classes = (element.get("class") or "").split() if isinstance(element.tag, str) else []
        if "elementor-widget-wrap" in classes or _elementor_text(element, classes):
            _rename_widget_classes(element)
            for child in element:
                if "elementor-widget-container" in (child.get("class") or "").split():
                    _rename_widget_classes(child)


def _elementor_text(element: Any, classes: list[str]) -> bool:
    """A widget that holds the article's text: a text widget, or a heading whose next widget is one (a crosshead)."""
    if any(name in classes for name in _ELEMENTOR_TEXT):
        return True
    following = element.getnext()
    after = (following.get("class") or "").split() if following is not None else []
    return _ELEMENTOR_HEADING in classes and any(name in after for name in _ELEMENTOR_TEXT)


def _rename_widget_classes(element: Any) -> None:
    classes = (element.get("class") or "").replace("widget", "block")
    element.set("class", classes)


def _is_entry_time(link: Any, stamp: Any) -> bool:
    """A link to a part of its page (a live blog's entry) that holds a time and nothing else."""
    return (
        link is not None
        and link.tag == "a"
        and "#" in (link.get("href") or "")
        and len(link) == 1
        and bool(space(" ".join(stamp.itertext())))
        and not space((link.text or "") + (stamp.tail or ""))
    )


def _page_date(tree: Any, url: str | None, original: bool) -> tuple[str | None, str | None]:
    """The page's first publication date (or, not `original`, its last update) and where it was found: only where
    a page states a date — its metadata, its address, a <time> or dated element of the article — never a date
    found in running text, a link to another page or an image's address (what htmldate's other searches find).
    The date comes with its time and offset (`2024-04-27T01:30:00+0000`) when the same place gives them."""
    from copy import deepcopy

    from htmldate import core
    from htmldate.utils import Extractor
    from htmldate.validators import get_max_date, get_min_date

    link = tree.find('.//link[@rel="canonical"]')
    address = url or (link.get("href") if link is not None else None)
    cleaned = core.discard_unwanted(core.clean_html(deepcopy(tree), core.CLEANING_LIST))
    dated = [e for e in core.date_candidates(cleaned, False) if e.tag not in core.ALWAYS_TAGS]  # not footers
    headline = next(cleaned.iter("h1"), None)
    if headline is not None:  # a date above the headline is the page's (today's date in its header), not the article's
        order = {element: at for at, element in enumerate(cleaned.iter())}
        dated = [e for e in dated if order.get(e, 0) > order[headline]]
    searches = (
        ("the page's metadata", lambda o: _metadata_date(tree, o, original)),
        ("the page's address", lambda o: core.extract_url_date(address, o)),
        ("a <time> element", lambda o: core.examine_abbr_elements(tree, o) or core.examine_time_elements(tree, o)),
        ("a dated element of the article", lambda o: core.examine_elements(dated, o)),
    )
    day, stamp = (Extractor(False, get_max_date(None), get_min_date(None), original, form) for form in _HTMLDATE_FORMS)
    for where, search in searches:
        if found := _search(search, day):
            timed = _search(search, stamp)  # the same place read again for its time: kept when it gives that day
            return (timed if timed and timed[:10] == found else found), where
    return None, None


_HTMLDATE_FORMS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z")  # the day alone, then with its time and offset


def _metadata_date(tree: Any, options: Any, original: bool) -> str | None:
    """The date the page's <meta> tags give, or its JSON-LD; for the first publication, the earlier of the two. A
    page with only article:modified_time in its <meta> (the State Department's) gave its last update for its
    publication, though its JSON-LD says datePublished."""
    from htmldate import core

    header = core.examine_header(tree, options)
    if not original:
        return header or core.json_search(tree, options)
    linked = core.json_search(tree, options)
    return min(header, linked, key=_instant) if header and linked else header or linked


def _instant(value: str) -> datetime:
    """A date as _page_date gives it, as an instant to compare: a day alone is its start in UTC."""
    return _stamp(value) or datetime.fromisoformat(value[:10] + "T00:00:00+00:00")


def _search(search: Any, options: Any) -> str | None:
    try:
        return search(options)
    except Exception:  # noqa: BLE001 (a page htmldate cannot read is a page without a date, never a crash)
        return None


def _page_language(tree: Any) -> str | None:
    """The language the page says it is in: <html lang>, or its Content-Language or og:locale."""
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not value:
        for meta in tree.iterfind(".//meta"):
            key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
            if key in ("content-language", "og:locale", "language") and meta.get("content"):
                value = meta.get("content")
                break
    return value.strip().replace("_", "-").split("-")[0].lower() if value and value.strip() else None


def clean(value: Any) -> str | None:
    """A metadata string as one clean line: no control characters or non-characters, spaces collapsed."""
    if not isinstance(value, str):
        return None
    value = NONCHARACTER.sub("", CONTROL_CHARACTER.sub(" ", value))
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


# --- HTML article XML → Markdown -----------------------------------------------------------------


_BLOCK_START = re.compile(r"^[-+#>=:|]")  # headings, quotes, lists, rules, setext, tables, definitions
_NUMBERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_EMPHASIS = {"#b": "**", "#strong": "**", "#i": "*", "#em": "*"}
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<~])")
_SKIPPED = {"graphic", "figure", "img", "video", "audio", "iframe", "embed", "object", "svg", "math"}


@dataclass
class _Blocks:
    """The body as it is turned into Markdown: each block, its plain text, and counts for the report."""

    base: str | None  # the page's address, for its relative links
    markdown: list[str] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    links: int = 0
    unsafe_links: int = 0
    skipped: int = 0

    def add(self, markdown: str, plain: str) -> None:
        if plain.strip():
            self.markdown.append(markdown)
            self.plain.append(plain)


def _html_blocks(body: Any, base: str | None, report: list[str]) -> tuple[list[str], list[str]]:
    """The article XML trafilatura gives (head, p, list, quote, table, hi, ref…) as Markdown blocks and their text."""
    blocks = _Blocks(base)
    _block(body, blocks, top=True)
    if blocks.links or blocks.unsafe_links:
        report.append(f"links: {blocks.links} kept, {blocks.unsafe_links} dropped (not http(s): kept as their text)")
    if blocks.skipped:
        report.append(f"dropped {blocks.skipped} image(s), video(s) or embed(s): an article here is text")
    return blocks.markdown, blocks.plain


def _block(element: Any, blocks: _Blocks, top: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIPPED:
        blocks.skipped += 1
    elif tag == "head":
        rend = element.get("rend") or "h2"
        level = max(2, min(4, int(rend[1]) if rend[1:].isdigit() else 2))
        markdown, plain = _inline(element, blocks)
        blocks.add("#" * level + " " + markdown.replace("#", "\\#"), plain)
    elif tag == "list":
        lines: list[str] = []
        plain = _list_items(element, blocks, lines, 0)
        blocks.add("\n".join(lines), plain)
    elif tag == "quote":
        inner = _Blocks(blocks.base)
        _children_as_blocks(element, inner)
        blocks.links, blocks.unsafe_links = blocks.links + inner.links, blocks.unsafe_links + inner.unsafe_links
        quoted = "\n>\n".join("\n".join("> " + line for line in block.split("\n")) for block in inner.markdown)
        blocks.add(quoted, " ".join(inner.plain))
    elif tag == "table":
        _table(element, blocks)
    elif top or any(isinstance(child.tag, str) and child.tag in _BLOCK_TAGS for child in element):
        _children_as_blocks(element, blocks)
    else:
        for markdown, plain in _paragraphs(element, blocks):
            blocks.add(block_start(markdown), plain)


_BLOCK_TAGS = {"p", "head", "list", "quote", "table", "div", "code", "pre", "section", "article", "main", "doc"}


def _children_as_blocks(element: Any, blocks: _Blocks) -> None:
    """An element holding blocks: its own loose text is a paragraph, then each child is a block."""
    if element.text and element.text.strip():
        text = space(element.text)
        blocks.add(block_start(_escape_inline(text)), text)
    for child in element:
        _block(child, blocks)
        if child.tail and child.tail.strip():
            text = space(child.tail)
            blocks.add(block_start(_escape_inline(text)), text)


def _table(element: Any, blocks: _Blocks) -> None:
    """A data table's rows as one bullet each, its cells joined by " · ". A table a page uses for layout (a cell
    holding paragraphs, or one column only: fmprc.gov.cn sets a whole transcript in one cell) gives the blocks its
    cells hold, each paragraph its own: as a bullet, a transcript became one unreadable paragraph."""
    own = [row for row in element.iter("row") if next(row.iterancestors("table"), None) is element]  # not nested
    rows = [[cell for cell in row if cell.tag == "cell" and "".join(cell.itertext()).strip()] for row in own]
    if _is_layout(rows):
        for cell in (cell for row in rows for cell in row):
            _block(cell, blocks)
        return
    for row in rows:
        cells = [_inline(cell, blocks) for cell in row]
        cells = [cell for cell in cells if cell[1]]
        blocks.add("- " + " · ".join(md for md, _ in cells), " ".join(text for _, text in cells))


def _is_layout(rows: list[list[Any]]) -> bool:
    """Whether a table sets out text rather than data: one column, or a cell that holds blocks."""
    if all(len(row) <= 1 for row in rows):
        return True
    cells = [cell for row in rows for cell in row]
    return any(isinstance(child.tag, str) and child.tag in _BLOCK_TAGS for cell in cells for child in cell)


def _list_items(element: Any, blocks: _Blocks, lines: list[str], depth: int) -> str:
    """A list's items as Markdown lines (nested lists indented), and their text."""
    ordered = (element.get("rend") or "").lower() in ("ol", "ordered")
    texts = []
    number = 0
    for item in element:
        if item.tag != "item":
            continue
        markdown, plain = _inline(item, blocks)
        if plain:
            number += 1
            marker = f"{number}." if ordered else "-"
            lines.append("  " * depth + f"{marker} {markdown}")
            texts.append(plain)
        for nested in item.iterchildren("list"):
            texts.append(_list_items(nested, blocks, lines, depth + 1))
    return " ".join(t for t in texts if t)


_BREAK = "\x00"  # a line break of _inline's text, until _paragraphs reads it (never in a page's text: lxml refuses it)
_PARAGRAPH_BREAK = re.compile(r"\s*\x00(?:\s*\x00)+\s*")


def _paragraphs(element: Any, blocks: _Blocks) -> list[tuple[str, str]]:
    """A paragraph's Markdown and text, split where the page breaks the line twice: a page that separates its
    paragraphs by <br><br> (an embassy's statement, say) gives them apart, not run into one. A single break is a
    space, except before the short lines that close a paragraph after its last sentence (_sign_off)."""
    markdown, plain = _inline(element, blocks, breaks=True)
    parts, texts = _PARAGRAPH_BREAK.split(markdown), _PARAGRAPH_BREAK.split(plain)
    if len(parts) != len(texts):  # never expected: the text whole rather than paired wrongly
        parts, texts = [markdown], [plain]
    found = []
    for md, text in zip(parts, texts, strict=True):
        md_lines, lines = md.split(_BREAK), text.split(_BREAK)
        last = _sign_off(lines) if len(md_lines) == len(lines) else len(lines)
        if last:
            found.append((space(" ".join(md_lines[:last])), space(" ".join(lines[:last]))))
        found += [(space(md_line), space(line)) for md_line, line in zip(md_lines[last:], lines[last:], strict=True)]
    return found


SIGN_OFF_WORDS = (
    12  # a sign-off, a signature or a dateline is short: "Ambassador of the People's Republic of China to …"
)
_SMALL_WORDS = frozenset(("of", "the", "and", "in", "on", "for", "to", "at", "a", "an", "de", "von", "van"))


def _sign_off(lines: list[str]) -> int:
    """Where the lines a paragraph closes with, each set on its own after a break, begin (len(lines): none). They
    follow a line that ends a sentence, and each is short and either set as a name ("— Office of the Spokesperson",
    "Matthew Miller", "Beijing, April 26, 2024") or a short sentence of its own ("Thank you."): "…the Taiwan
    Strait.<br>— Office of the Spokesperson" is two paragraphs, "…met in Bangkok<br>on Saturday." one. A paragraph
    made only of such lines ("Office of the Spokesperson<br>April 26, 2024") is one paragraph a line."""
    last = len(lines)
    while last > 0 and _set_apart(space(lines[last - 1])):
        last -= 1
    if last == 0 and len(lines) > 1:
        return 0
    before = space(lines[last - 1]) if last else ""
    return last if last < len(lines) and before.endswith(SENTENCE_END) else len(lines)


def _set_apart(line: str) -> bool:
    """A short line that is a name, a date or a short sentence of its own, not the end of a wrapped sentence."""
    words = line.split()
    if not words or len(words) > SIGN_OFF_WORDS or not (line[0].isupper() or line[0] in "—–-"):
        return False
    if line.endswith(SENTENCE_END) and len(words) <= 4:
        return True  # "Thank you.", "God bless America."
    return all(w[0].isupper() or not w[0].isalpha() or w.casefold() in _SMALL_WORDS for w in words)


def _inline(element: Any, blocks: _Blocks, breaks: bool = False) -> tuple[str, str]:
    """An element's text with its inline children (emphasis, links, line breaks) as Markdown, and as plain text;
    nested lists are left to the caller. With `breaks`, its own line breaks are marked _BREAK for _paragraphs
    (one inside emphasis or a link stays a space: a paragraph split there would break the markup)."""
    markdown: list[str] = []
    plain: list[str] = []

    def text(value: str | None) -> None:
        if value:
            value = value.replace("\n", " ")
            markdown.append(_escape_inline(value))
            plain.append(value)

    text(element.text)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIPPED:
            blocks.skipped += 1
        elif tag == "lb":
            markdown.append(_BREAK if breaks else " ")
            plain.append(_BREAK if breaks else " ")
        elif tag != "list":
            inner, words = _inline(child, blocks)
            markdown.append(_wrap(child, inner, blocks) if inner.strip() else inner)
            plain.append(words)
        text(child.tail)
    return space("".join(markdown)), space("".join(plain))


def _wrap(child: Any, inner: str, blocks: _Blocks) -> str:
    """Emphasis and links around an inline child's Markdown; an unsafe link keeps its text only."""
    stripped = inner.strip()
    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
    if child.tag == "hi" and (marker := _EMPHASIS.get(child.get("rend") or "")):
        return f"{lead}{marker}{stripped}{marker}{trail}"
    if child.tag == "ref":
        target = safe_link(child.get("target"), blocks.base)
        if target is None:
            blocks.unsafe_links += child.get("target") is not None
            return inner
        blocks.links += 1
        return f"{lead}[{stripped}]({target}){trail}"
    return inner


def safe_link(target: str | None, base: str | None) -> str | None:
    """An absolute http(s) address a Markdown link can carry as written, or None (javascript:, data:, mailto:…)."""
    if not target or CONTROL.search(target):
        return None
    target = target.strip()
    if base and not target.startswith(("http://", "https://")):
        target = urllib.parse.urljoin(base, target)
    parts = urllib.parse.urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urllib.parse.quote(target, safe=":/?#@!$&'*+,;=%~-._")  # spaces, brackets and quotes escaped


def _escape_inline(text: str) -> str:
    return re.sub(r"&(?=#?\w+;)", r"\\&", _INLINE_MARKUP.sub(r"\\\1", text))


def block_start(markdown: str) -> str:
    """A paragraph's Markdown with a start that Markdown would read as a list, heading or quote escaped."""
    markdown = _NUMBERED.sub(r"\1\\\2", markdown)
    return "\\" + markdown if _BLOCK_START.match(markdown) else markdown


def space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- the page's metadata: title, date, source, language -------------------------------------------


_SITE_NAME_KEYS = ("og:site_name", "sitename")  # SiteName: what China's government sites (fmprc, embassies) give
_TITLE_META = ("og:title", "twitter:title", *_SITE_NAME_KEYS)
_SITE_NAME_META = (*_SITE_NAME_KEYS, "JSON-LD publisher")  # where the page names its site itself
_PRINTED = "printed "  # where a site name comes from, when the page prints what its address spells: "printed x.com"
_TITLE_ORDER = ("h1", "JSON-LD headline", "og:title", "twitter:title", "<title>")  # the ties: what readers see first
_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report)$")


def _page_titles(tree: Any) -> list[tuple[str, str]]:
    """(where, text) for every title a page gives its article: each <h1>, og:title and twitter:title, the
    JSON-LD headline, <title>; and og:site_name or SiteName, its site's name."""
    found = [
        ("h1", h) for h in (clean(" ".join(e.itertext())) for e in tree.iter("h1")) if h and 2 <= words_in(h) <= 40
    ]
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in _TITLE_META and (text := clean(meta.get("content"))):
            found.append((key, text))
    headlines, publishers = _json_ld_names(tree)
    found += [("JSON-LD headline", text) for text in headlines]
    found += [("JSON-LD publisher", text) for text in dict.fromkeys(publishers)]
    if text := clean(tree.findtext(".//title")):
        found.append(("<title>", text))
    return found


def _json_ld_names(tree: Any) -> tuple[list[str], list[str]]:
    """The `headline` and the publisher's `name` of each article a page describes in JSON-LD (a broken or odd
    block is passed over)."""
    headlines: list[str] = []
    publishers: list[str] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else [data]
        items += [i for d in items if isinstance(d, dict) and isinstance(d.get("@graph"), list) for i in d["@graph"]]
        for item in items:
            if text := _article_headline(item):
                headlines.append(text)
                publisher = item.get("publisher")
                if isinstance(publisher, dict) and (name := clean(publisher.get("name"))):
                    publishers.append(html.unescape(name))
    return headlines, publishers


def _article_headline(item: Any) -> str | None:
    """A JSON-LD item's headline, when the item is an article (NewsArticle, BlogPosting…), not a page or an image."""
    if not isinstance(item, dict) or not isinstance(item.get("headline"), str):
        return None
    kinds = item.get("@type") if isinstance(item.get("@type"), list) else [item.get("@type")]
    if not any(isinstance(kind, str) and _ARTICLE_TYPE.search(kind) for kind in kinds):
        return None
    return clean(html.unescape(item["headline"]))


def headline(page: WebPage) -> tuple[str | None, str, str | None]:
    """The article's title, where it was found, and why an editor should look closer (None when the page's titles
    agree). Each of the page's titles, its site's name cut, is a candidate; the one most of the others give (or
    hold, with a label or a credit around it) wins, the <h1> readers see on a tie. A winner that only adds a byline or
    a credit to another gives the part they share."""
    candidates = [
        (where, text if where == "h1" else without_site_name(text, page.sites)) for where, text in page.titles
    ]
    if not candidates:
        title = clean(page.meta.title)
        return (
            (without_site_name(title, page.sites), "trafilatura's reading of the page", None)
            if title
            else (None, "", None)
        )
    where, title = max(candidates, key=lambda c: (_support(c[1], candidates), c[0] == "h1", -_TITLE_ORDER.index(c[0])))
    evidence = f"the page's {where}"
    if where != "h1":  # the <h1> readers see, when the metadata's titles all add the same credit or label to it
        title, evidence = _shared_part(where, title, [c for c in candidates if c[0] == "h1"], evidence)
    if not any(w != where and _norm(text) == _norm(title) for w, text in candidates):
        title, evidence = _shared_part(where, title, candidates, evidence)
    agreeing = sorted(
        {w for w, text in candidates if w != where and _norm(title) in _norm(text)}, key=_TITLE_ORDER.index
    )
    if agreeing:
        evidence += "; the same in its " + ", ".join(agreeing)
    differing = [f"{w} says {text!r}" for w, text in candidates if w != "h1" and not _agrees(title, text)]
    return title, evidence, ("the page's titles differ: " + "; ".join(differing)) if differing else None


def _shared_part(where: str, title: str, candidates: list[tuple[str, str]], evidence: str) -> tuple[str, str]:
    """A title no other of the page's titles repeats, cut to the start it shares with one of them when the rest is
    a short addition (a byline, a photo credit): most of both is the same."""
    for other_where, other in candidates:
        shared = _common_start(other, title) if other_where != where else ""
        if len(shared) >= 0.6 * min(len(other), len(title)) and words_in(shared) >= 2 and shared != title:
            return shared, f"what the page's {where} and its {other_where} share"
    return title, evidence


def _printed_site_name(tree: Any, names: list[str | None]) -> list[tuple[str, str]]:
    """("printed " and the address, the name) for a site named only by its address ("Chinadaily.com.cn"), when the
    page prints the words the address runs together, each capitalised ("China Daily" in "By ZHAO YIMENG | China
    Daily | Updated …"): the spelling it prints most often."""
    for name in names:
        label = re.sub(r"^www\.", "", name.casefold()).split(".")[0] if name and _HOST.match(name) else ""
        if len(label) < 4 or not label.isalpha():
            continue
        spelled = re.compile(r"(?<![\w.])" + r"[ \t]?".join(label) + r"(?![\w.])", re.I)
        text = " ".join(tree.xpath("//body//text()[not(ancestor::script or ancestor::style)]"))
        counts: dict[str, int] = {}
        for found in spelled.finditer(text):
            words = found.group().split()
            if len(words) > 1 and all(word[0].isupper() for word in words):
                counts[" ".join(words)] = counts.get(" ".join(words), 0) + 1
        if counts:
            return [(_PRINTED + name, max(counts, key=lambda spelling: counts[spelling]))]
    return []


def _norm(text: str) -> str:
    """A title for comparing: case, punctuation and spacing ignored ("Heartsteel's" and "Heartsteel’s" alike)."""
    return " " + re.sub(r"\W+", " ", text.casefold()).strip() + " "


def _support(title: str, candidates: list[tuple[str, str]]) -> float:
    """How many kinds of the page's titles give this one: a whole vote for the same words, half for holding them."""
    votes: dict[str, float] = {}
    for where, text in candidates:
        vote = 1.0 if _norm(text) == _norm(title) else 0.5 if _norm(title) in _norm(text) else 0.0
        votes[where] = max(votes.get(where, 0.0), vote)
    return sum(votes.values())


def _agrees(one: str, other: str) -> bool:
    return _norm(one) in _norm(other) or _norm(other) in _norm(one)


def _common_start(one: str, other: str) -> str:
    """The longest common start of two titles, cut at a word's end and without trailing separators."""
    at = 0
    while at < min(len(one), len(other)) and one[at].casefold() == other[at].casefold():
        at += 1
    shared = one[:at]
    if at < len(one) and not UNSPACED.match(one[at - 1 : at] or " ") and one[at : at + 1].isalnum():
        shared = shared.rsplit(" ", 1)[0] if " " in shared else ""
    return shared.rstrip(" |-–—:·»,(（")


def without_site_name(title: str, sites: list[str]) -> str:
    """A title without the site's name or a section path before or after a separator ("CNN | …", "… | CNN",
    "… » Local » News", "… - CNN.com", "…：日本経済新聞", "…_Ministry of Foreign Affairs of …")."""
    for site in sites:
        for sep in (" | ", ": ", " - ", " – ", " — ", " :: "):
            if title.startswith(site + sep) and words_in(title) - words_in(site) >= 3:
                return title[len(site + sep) :].strip()
    for sep in (" | ", " -- ", " » ", " :: "):
        head, _, tail = title.partition(sep)
        if tail and words_in(tail) <= 8 and words_in(head) >= 3:
            return head.strip()
    for sep in (" - ", " – ", " — ", " · ", "：", ": ", "_"):  # "_": China's government sites ("…_Ministry of …")
        head, _, tail = title.rpartition(sep)
        if head and any(_same_site(tail, site) for site in sites):
            return head.strip()
    return title


def _same_site(tail: str, site: str) -> bool:
    """A site's name as a title ends with it: "CNN.com" for CNN, "日本経済新聞" for 日本経済新聞 電子版."""
    one, other = re.sub(r"\W+", "", tail.casefold()), re.sub(r"\W+", "", site.casefold())
    return bool(one and other) and (one.startswith(other) or other.startswith(one))


def publication_date(
    dates: tuple[Any, Any], zone: str, unsure: dict[str, str], report: list[str]
) -> tuple[date | None, datetime | None]:
    """The first publication date the page states, and its time in the site's time zone when the page gives one
    with its offset: a story stamped 01:30 UTC on 27 April came out at 21:30 on the 26th in New York, and the digest
    files it under the 26th. Its last update is only said, never used."""
    (published, where), (updated, _) = dates
    moment = _moment(published, zone)
    day = moment.date() if moment else _iso_day(published)
    if day is None:
        unsure["date"] = "not found"
        report.append("needs review: date — the page states no publication date (none is guessed from its text)")
        return None, None
    later = _moment(updated, zone) or _iso_day(updated)
    note = f"; updated {later.isoformat()}, not used" if later and later != (moment or day) else ""
    said = f"the page's publication date, from {where}"
    if moment and (given := _stamp(published)):
        said = f"the page's publication time {given.isoformat()} in the site's time zone {zone}, from {where}"
    elif published and published[11:19] not in ("", "00:00:00"):
        said += f"; its time {published[11:16]} states no time zone, so only the day is used"
    report.append(f"date {(moment or day).isoformat()} ({said}{note})")
    return day, moment


def _moment(value: str | None, zone: str) -> datetime | None:
    """A publication time with its offset, in the site's time zone. None for a day alone, for a time without an
    offset (in a zone no one can tell) and for midnight exactly, which is what a site gives when it knows the day only
    (its day, not the evening before in New York)."""
    stamp = _stamp(value)
    if stamp is None or not (stamp.hour or stamp.minute or stamp.second):
        return None
    local = stamp.astimezone(ZoneInfo(zone))
    return local if 1900 <= local.year <= 9998 else None


def _stamp(value: str | None) -> datetime | None:
    """A date with its time and offset, as _page_date gives it; None for anything else."""
    try:
        return datetime.strptime(value, _HTMLDATE_FORMS[1]) if value and len(value) > 19 else None
    except ValueError:
        return None


def _iso_day(value: str | None) -> date | None:
    try:
        day = date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
    return day if day and 1900 <= day.year <= 9998 else None


def page_source(page: WebPage, url: str | None, unsure: dict[str, str], report: list[str]) -> dict[str, str | None]:
    """The publication, the address the page gives itself (else the one it was fetched from), its author(s):
    people's names only. A byline that reads as an office or as the site's own name is left out and listed for
    review; one that is a title ("Secretary", of the name before it) is left out. The report says where the address
    came from."""
    meta, sites = page.meta, page.sites
    named = [site for site in sites if not _HOST.match(site)]  # a name the page gives, before a host name
    name = clean(meta.sitename) if clean(meta.sitename) in named else next(iter(named or sites), None)
    own, where = page.address or (None, "")
    address = own or safe_link(url, None)
    printed = None if clean(meta.author) else page.byline
    authors, doubts, titles = _byline(printed or clean(meta.author) or "", bool(printed), [*sites, name or ""])
    author = ", ".join(authors) or None
    if name:
        report.append(f'source name "{name}" ({page.site_evidence})')
    if address:
        how = f"the page's {where}" if own else "the address it was fetched from"
        report.append(f"source url {address} ({how})")
    if author:
        said = "the byline the page prints" if printed else "the page's metadata"
        said += "".join(f'; "{title}" left out, a title, not a name' for title in titles)
        report.append(f'author "{author}" ({said})')
    if doubts:
        said = ", ".join(f'"{a}"' for a in doubts)
        unsure["author"] = f"byline {said} left out, not a person's name"
        why = "; ".join(f'"{a}" was left out: {why}' for a, why in doubts.items())
        report.append(f"needs review: author — the page's byline {why}; add the author if the page names one")
    return {"name": name, "url": address, "author": author, "origin": None}


def _byline(byline: str, printed: bool, sites: list[str]) -> tuple[list[str], dict[str, str], list[str]]:
    """A byline's people (names tidied, once each); the parts that name no one, as given, with why; and the parts
    that are a title of the name before them ("Antony J Blinken; Secretary", from "Antony J. Blinken, Secretary of
    State"), left out without a doubt once the byline names someone."""
    given_parts = [part for part in (clean(p) for p in byline.split("," if printed else ";")) if part]
    parts = [
        (given, tidied) for given in given_parts if (tidied := tidy_author(given, sites)).casefold() not in NOT_AUTHORS
    ]
    titles = [given for given, tidied in parts if _is_title(tidied)]
    doubts = {given: why for given, tidied in parts if given not in titles and (why := not_a_name(tidied, sites))}
    authors = list(dict.fromkeys(tidied for given, tidied in parts if given not in doubts and given not in titles))
    if not authors:
        doubts = {given: why for given, tidied in parts if (why := not_a_name(tidied, sites))}
        titles = []
    return authors, doubts, titles


# The words of a job title a byline may print after its writer's name: "Secretary", "Secretary of State",
# "Department Spokesperson", "Ambassador to China".
_ROLES = {"secretary", "spokesperson", "spokesman", "spokeswoman", "ambassador", "minister", "president", "envoy"}
_ROLES |= {"director", "chairman", "chair", "administrator", "adviser", "advisor", "counselor", "counsellor"}
_IN_TITLES = _ROLES | {"of", "to", "the", "for", "state", "department", "deputy", "assistant", "under", "special"}
_IN_TITLES |= {"senior", "acting", "principal", "press", "foreign", "national", "security", "china", "us", "u.s."}


def _is_title(part: str) -> bool:
    """Whether a byline's part is a job title alone, naming no one: "Secretary", "Deputy Spokesperson"."""
    words = [word.casefold().strip(".,") for word in part.split()]
    return bool(words) and any(word in _ROLES for word in words) and all(word in _IN_TITLES for word in words)


_HOST = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+$", re.ASCII)  # fmprc.gov.cn, Chinadaily.com.cn


def tidy_author(author: str, sites: list[str]) -> str:
    """A byline's name as a reader writes it: the site's name that a page prints beside it cut ("Xu Wei CGTN"), a
    name in capitals (AP's "AAMER MADHANI") in title case, and the full stop trafilatura takes from an initial
    ("David E Sanger") put back: a single capital between two names is an initial."""
    words = author.split()
    for site in sites:
        size = len(site.split())
        if site and 0 < size < len(words) - 1:
            if _squeeze(" ".join(words[-size:])) == _squeeze(site):
                words = words[:-size]
            elif _squeeze(" ".join(words[:size])) == _squeeze(site):
                words = words[size:]
    if all(word.isupper() for word in words if any(c.isalpha() for c in word)) and any(len(w) > 2 for w in words):
        words = [word if len(word.strip(".")) == 1 else word.capitalize() for word in words]
    return " ".join(
        f"{word}." if 0 < at < len(words) - 1 and len(word) == 1 and word.isupper() else word
        for at, word in enumerate(words)
    )


def _squeeze(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def not_a_name(author: str, sites: list[str]) -> str | None:
    """Why a byline is not a person's name ("Office" for the Office of the Spokesperson, "Global Times Published
    Apr"), or None when it reads as one: capitalised words, two or more (or a name in Chinese characters), none of
    them an office's or a page's word, and not the site's own name."""
    words = author.replace(",", " ").split()
    squeezed = re.sub(r"\W+", "", author.casefold())
    if any(len(site) > 2 and re.sub(r"\W+", "", site.casefold().split(".")[0]) in squeezed for site in sites if site):
        return "it is the site's own name"
    if found := next((word for word in words if word.casefold().strip(".") in _NOT_IN_NAMES), None):
        return f'it names no person ("{found}" is no part of a name)'
    if _HAN_NAME.fullmatch(author):
        return None
    capitalised = all(word[0].isupper() or word.split("-")[0].casefold() in _LOWER_CASE_IN_NAMES for word in words)
    if not 2 <= len(words) <= 9 or any(c.isdigit() for c in author) or not capitalised:
        return "it is not a first name and a surname"
    return None


_HAN_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,7}")


# Words a byline holds when it names an office, a desk or a page's furniture, not a person.
_NOT_IN_NAMES = {
    *("office", "bureau", "ministry", "department", "embassy", "consulate", "spokesperson", "spokesman", "spokeswoman"),
    *("agency", "news", "newsroom", "press", "staff", "desk", "team", "editorial", "board", "correspondent"),
    *("reporter", "reporters", "writer", "contributor", "published", "updated", "posted", "by", "times", "daily"),
    *("online", "media", "service", "services", "wire", "network", "of", "the", "for"),
}
# What a byline's names may hold in lower case: particles ("von der Leyen", "al-Sayed"), and "and" between two names.
_LOWER_CASE_IN_NAMES = {"de", "da", "del", "della", "der", "den", "van", "von", "bin", "binti", "al", "le", "la", "du"}
_LOWER_CASE_IN_NAMES |= {"y", "and", "&"}


def check_language(language: str | None, config: Config, unsure: dict[str, str], report: list[str]) -> None:
    site = config.site.language.split("-")[0].lower()
    if language is None:
        report.append("language: the page does not say")
    elif language != site:
        unsure["language"] = f"the page is in {language!r}, the site in {site!r}"
        report.append(f"needs review: language — the page says {language!r}; the site is in {site!r}")
    else:
        report.append(f"language {language} (the page's)")


# --- fetching an address --------------------------------------------------------------------------

USER_AGENT = f"digest/{__version__} (news digest importer; fetches one page an editor asked for)"
_HTML_TYPES = {"text/html", "application/xhtml+xml"}


@dataclass(frozen=True)
class Fetched:
    url: str  # where the page was found, after redirects
    raw: bytes  # as served, unpacked when gzipped


def is_address(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def fetch(url: str, timeout: float = FETCH_TIMEOUT) -> Fetched:
    """One HTML page, with an honest User-Agent, within the time and size limits; any failure one problem."""
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml", "Accept-Encoding": "gzip"}
    )
    deadline = time.monotonic() + timeout
    hint = "check the address, or save the page from a browser and import the file"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if kind not in _HTML_TYPES:
                raise fail(url, f"is {kind}, not an HTML page", "give the address of the article's own page")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > MAX_RAW_BYTES:
                raise _too_big(url, int(length))
            raw = _read_until(response, deadline, url)
            if response.headers.get("Content-Encoding", "").lower() == "gzip":
                raw = _gunzip(raw, url)
            return Fetched(response.geturl(), raw)
    except urllib.error.HTTPError as exc:
        raise fail(url, f"answered HTTP {exc.code} {exc.reason}", hint) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise fail(url, f"did not answer within {timeout:g} s", hint) from None
        raise fail(url, f"cannot be reached: {getattr(reason, 'strerror', None) or reason}", hint) from None
    except TimeoutError:
        raise fail(url, f"did not answer within {timeout:g} s", hint) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise fail(url, f"cannot be fetched: {exc}", hint) from None


def _read_until(response: Any, deadline: float, url: str) -> bytes:
    """The body in pieces, stopped at the size limit or the deadline (a server can drip a byte at a time)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(65536):
        size += len(chunk)
        if size > MAX_RAW_BYTES:
            raise _too_big(url, size)
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(url: str, size: int) -> DigestError:
    limit = MAX_RAW_BYTES // 2**20
    return fail(url, f"is over {limit} MB ({megabytes(size)} or more), the importer's limit", _TRIM_HINT)


def saved_name(url: str, raw: bytes) -> str:
    """The file a fetched page is kept in, in content/sources/: its site and a hash of its bytes, so the same page
    fetched again is the same file and a changed page is another."""
    host = slugify((urllib.parse.urlsplit(url).hostname or "page").replace(".", "-"))
    return f"{host}_{hashlib.sha256(raw).hexdigest()[:16]}.html"
