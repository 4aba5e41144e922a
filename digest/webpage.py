"""A saved web page or an address → the article's blocks, with what the page says about it (page_metadata.py).

A page is fetched with a timeout, a size limit and an honest User-Agent; a saved one may be gzipped. trafilatura
finds the article; page_metadata.py reads the page's titles, site name, dates, byline and language off the same
tree. The article's XML becomes Markdown here, block by block, every piece of text escaped and every link checked.
Nothing here knows about drafts: the importer uses it.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .boilerplate import END_MARK, SENTENCE_END
from .errors import DigestError, Problem
from .page_metadata import (
    PageMetadata,
    clean,
    own_address,
    page_date,
    page_language,
    page_titles,
    printed_byline,
    printed_site_name,
    safe_link,
    site_names,
    space,
    whole_seconds,
)
from .schema import CONTROL
from .urls import slugify

# A whole saved web page is 1-3 MB: the limit leaves room for any real one, and at it an import takes seconds.
MAX_RAW_BYTES = 8 * 2**20
FETCH_TIMEOUT = 20.0  # seconds for the whole page: a news page comes in one or two
_TRIM_HINT = "split it or trim the page before importing"


def fail(origin: str, message: str, hint: str, line: int | None = None) -> DigestError:
    return DigestError([Problem(origin, line, None, message, hint)])


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


@dataclass(kw_only=True)
class WebPage(PageMetadata):
    """What a page holds: the article as Markdown blocks (and their plain text), and what its metadata says."""

    blocks: list[str]
    plain: list[str]
    notes: list[str] = field(default_factory=list)  # what became of its links and images, for the report
    prose: list[str] = field(default_factory=list)  # the page's paragraphs of prose, to tell what was not kept


def read_page(raw: bytes, origin: str, url: str | None = None, header: Callable[[str], bool] | None = None) -> WebPage:
    """An HTML page: the article and its metadata as trafilatura finds them; the dates as htmldate does. `header`
    tells the lines a statement sets above its text (its release marker, office, date), for _opening."""
    if len(raw) > MAX_RAW_BYTES:
        raise fail(
            origin, f"is {megabytes(len(raw))}, over the importer's {MAX_RAW_BYTES // 2**20} MB limit", _TRIM_HINT
        )
    raw, stray = _repaired_utf8(raw)
    notes = [f"encoding UTF-8 with {stray} stray Windows-1252 byte(s), read as Windows-1252"] if stray else []
    try:
        found = _extract_html(raw, url, origin)
        if found is None:
            raise fail(origin, "has no article text that could be found", "check that it is a news article's page")
        meta, body, dates, language, titles, address, prose, byline = found
        notes += _printable_text(body)
        blocks, plain = _html_blocks(body, url or clean(meta.url), notes, header)
    except RecursionError:  # trafilatura's readers, and ours, go down a list or a <pre> by calling themselves
        raise fail(
            origin,
            "nests its lists, quotations or formatting too deep for the importer to read: the article's text would "
            "be lost",
            _COPY_HINT,
        ) from None
    titles, sites, evidence = site_names(titles, clean(meta.sitename))
    return WebPage(
        meta=meta, blocks=blocks, plain=plain, dates=dates, language=language, titles=titles, sites=sites,
        notes=notes, address=address, prose=prose, site_evidence=evidence, byline=byline,
    )  # fmt: skip


def _printable_text(body: Any) -> list[str]:
    """The article's text without what no page or feed can show, as scraped text loses it when decoded (direction
    overrides, non-characters, which an entity such as &#x202E; puts in a page); the report's line saying so. Taken
    out before the text is Markdown: a paragraph of them alone, written as it was, made an article `check` refuses
    as having no text, and one before a "#" hid the mark from the escaping."""
    dropped: dict[str, int] = {}
    for element in body.iter():
        for name in ("text", "tail"):
            value = getattr(element, name)
            if value and CONTROL.search(value):
                for char in CONTROL.findall(value):
                    dropped[char] = dropped.get(char, 0) + 1
                setattr(element, name, CONTROL.sub("", value))
    if not dropped:
        return []
    shown = ", ".join(f"U+{ord(char):04X}" for char in sorted(dropped)[:5])
    count = sum(dropped.values())
    return [f"dropped {count} control character(s) or non-character(s) ({shown}): no page or feed can show them"]


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
    language = page_language(tree)
    titles = page_titles(tree)
    address = own_address(tree, url)
    prose = page_prose(tree)
    byline = printed_byline(tree)
    whole_seconds(tree)
    dates = (page_date(tree, url, original=True), page_date(tree, url, original=False))
    document = trafilatura.bare_extraction(
        _for_extraction(load_html(raw, origin)), url=url, with_metadata=True, include_comments=False,
        include_tables=True, include_images=False, include_links=True, include_formatting=True, deduplicate=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )  # fmt: skip
    if document is None or document.body is None:
        return None
    titles += printed_site_name(tree, clean(document.sitename), titles)
    return document, document.body, dates, language, titles, address, prose, byline


PROSE_WORDS = 15  # a paragraph of this many words or more, ending as a sentence does, is prose
_NOT_PROSE_TAGS = {"header", "footer", "nav", "aside", "form", "figcaption", "noscript", "template", "button"}
_NOT_PROSE = re.compile(
    r"comment|cookie|consent|newsletter|subscri|related|promo|share|social|sidebar|footer|menu|modal|popup|caption"
    r"|author|bio\b|disclaimer|legal|copyright|advert",
    re.I,
)


_PROSE_TAGS = ("p", "blockquote", "li")


def page_prose(tree: Any) -> list[str]:
    """The page's paragraphs that read as prose (PROSE_WORDS words or more, ending as a sentence), outside what is
    plainly furniture (footers, menus, comments, cookie and newsletter boxes, captions, bylines), and the <div>s
    that are paragraphs (_prose_div): what the draft should hold, to tell an editor when it holds much less. Only
    the innermost: a quotation or a list item holding others is their text again, and read for each of 2,000
    nested inside each other it took 11 s."""
    furniture = _in_furniture(tree)
    found = []
    for element in tree.iter(*_PROSE_TAGS, "div"):
        if element in furniture:  # looked up first: _prose_div would walk a furniture div's ancestors again
            continue
        if element.tag == "div" and not _prose_div(element):
            continue  # a div is a paragraph only as _div_paragraphs reads it: then trafilatura sees a <p>
        if next(element.iterdescendants(*_PROSE_TAGS), None) is not None:
            continue
        text = space(" ".join(element.itertext()))
        if len(text.split()) >= PROSE_WORDS and text.rstrip("\"”’')]").endswith((".", "!", "?", "…")):
            found.append(text)
    return found


def _in_furniture(tree: Any) -> set[Any]:
    """The elements in a box of furniture (_furniture_box) or inside one: one walk, parents first."""
    inside: set[Any] = set()
    for element in tree.iter():
        if isinstance(element.tag, str) and (element.getparent() in inside or _furniture_box(element)):
            inside.add(element)
    return inside


def _furniture_box(element: Any) -> bool:
    if element.tag in ("body", "html"):  # their classes name the page's template ("has-sidebar"), not a box
        return False
    marks = f"{element.get('id') or ''} {element.get('class') or ''}"
    return element.tag in _NOT_PROSE_TAGS or bool(_NOT_PROSE.search(marks))


# libxml2 builds an HTML page's tree 256 elements deep at most, and 2048 with its "huge" option; below that it
# drops the rest of the page without a word. trafilatura reads with the first, and a page whose article sits deeper
# (layout wrappers of wrappers) lost the whole article. The error message names neither depth: "nested too deep".
_DEPTHS = (256, 2048)
_COPY_HINT = "open the page in a browser, copy the article's text into a .txt file and import that"


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
            _COPY_HINT,
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
    _drop_note_marks(tree)
    _div_paragraphs(tree)
    _picture_boxes(tree)
    _standfirsts_as_headings(tree)
    _split_bodies(tree)
    return tree


# The classes trafilatura takes for an article's body, and takes the first element of: "article-body",
# "article__body", "articleBody", "story-body", "entry-content", "post-content", "body-text".
_BODY_CLASS = re.compile(
    r"^(?:(?:entry|article|art|post|story)(?:-|__|_)?(?:body|content|text)|articleBody|body-text)$"
)


def _split_bodies(tree: Any) -> None:
    """An article set in several sibling boxes of the same body class (the Washington Post wraps each paragraph, or
    each run between two advertisements, in its own <div class="article-body">): trafilatura took the first box for
    the whole body, then filled in from the page around it, and the lead came out above the headline. The class is
    taken off such boxes, so that the element holding them all is read as the article."""
    for parent in tree.iter():
        if not isinstance(parent.tag, str):
            continue
        boxes = [child for child in parent if _body_classes(child)]
        if len(boxes) < 2:
            continue
        for box in boxes:
            box.set("class", " ".join(name for name in box.get("class").split() if not _BODY_CLASS.match(name)))


def _body_classes(element: Any) -> bool:
    classes = (element.get("class") or "").split() if isinstance(element.tag, str) else []
    return any(_BODY_CLASS.match(name) for name in classes)


# A newsroom's name for the line under the headline that sums the story up: "dek" (Politico's <p class="dek">),
# "standfirst", "subhead", "subheadline", "subtitle", alone or as a class's last part ("story__dek",
# "article__subhead", Nikkei's "article-header__sub-title").
_STANDFIRST_CLASS = re.compile(r"^(?:[\w-]*[-_])?(?:dek|standfirst|sub-?head(?:line)?|sub-?title)$", re.I)


def _standfirsts_as_headings(tree: Any) -> None:
    """A standfirst set as a paragraph is an <h2>, as most pages set it: the importer then drops it when it says
    what the page's description says (the draft's summary holds it), where as a paragraph it was the draft's first,
    the summary twice. Only a <p> or a <div> holding text and inline markup alone."""
    for element in list(tree.iter("p", "div")):
        classes = (element.get("class") or "").split()
        if any(_STANDFIRST_CLASS.match(name) for name in classes) and all(
            isinstance(child.tag, str) and child.tag in _INLINE_TAGS for child in element
        ):
            element.tag = "h2"


CAPTION_WORDS = 40  # a caption and its credit are short; a paragraph beside a picture may not be


def _picture_boxes(tree: Any) -> None:
    """A box holding a picture and nothing but its caption and credit in <p>s (the Taipei Times's "imgboxa": the
    picture, "US Representative Michael McCaul, center, speaks…", "Photo: Reuters") is a <figure>, as the page would
    mark it with HTML5: the caption was kept as the article's first paragraph. Only a box that says it holds a
    picture (its class) or holds a credit (a line of CREDIT_WORDS words at most) beside its caption: a short
    statement under a picture, in a box of its own, is the page's text. Not a box holding more text than a caption,
    nor one holding anything else."""
    for div in list(tree.iter("div")):
        children = [child for child in div if isinstance(child.tag, str)]
        pictures = [child for child in children if child.tag == "img" or _only_picture(child)]
        texts = [space(" ".join(child.itertext())) for child in children if child not in pictures]
        if not pictures or not texts or any(child.tag != "p" for child in children if child not in pictures):
            continue
        if (div.text or "").strip() or sum(len(text.split()) for text in texts) > CAPTION_WORDS:
            continue
        if _PICTURE_CLASS.search(div.get("class") or "") or any(len(text.split()) <= CREDIT_WORDS for text in texts):
            div.tag = "figure"


CREDIT_WORDS = 4  # "Photo: Reuters", "AFP", "Photo courtesy of CNA"
_PICTURE_CLASS = re.compile(r"img|image|photo|pic|figure|media|caption", re.I)


def _only_picture(element: Any) -> bool:
    """An element that shows a picture and no text (a link or a <p> around an <img>, a <picture>)."""
    return (
        element.tag in ("a", "p", "picture", "span")
        and element.find(".//img") is not None
        and not space(" ".join(element.itertext()))
    )


_INLINE_TAGS = {"a", "b", "strong", "i", "em", "span", "br", "sup", "sub", "abbr", "cite", "q", "mark", "small", "u"}


def _div_paragraphs(tree: Any) -> None:
    """A paragraph of prose set in a <div> of its own among the article's <p>s (a Ghost callout card, a pull-out
    fact box) is a <p>: trafilatura, favouring precision, drops a div's loose text between paragraphs, and the
    sentence was lost without a word."""
    for div in list(tree.iter("div")):
        if _prose_div(div):
            div.tag = "p"


def _prose_div(div: Any) -> bool:
    """A <div> that is a paragraph: nothing but text and inline markup, PROSE_WORDS words or more ending as a
    sentence does, its parent or grandparent holding two <p>s or more (it stands among paragraphs), and outside
    furniture boxes."""
    if any(not isinstance(child.tag, str) or child.tag not in _INLINE_TAGS for child in div):
        return False
    text = space(" ".join(div.itertext()))
    if len(text.split()) < PROSE_WORDS or not text.rstrip("\"”’')]").endswith((".", "!", "?", "…")):
        return False
    parent = div.getparent()
    near = [parent, parent.getparent() if parent is not None else None]
    if not any(e is not None and len(e.findall("p")) >= 2 for e in near):
        return False
    return not any(_furniture_box(e) for e in (div, *div.iterancestors()))


# A note's mark in the text: a link to the page's own notes ("#fn1", "#note-3", "#cite_note-2") that shows a number,
# a bracketed number or a dagger. The notes themselves are not kept (digest has none), and the mark left behind
# read "…go well.[1](https://…#fn1)", a link to nowhere glued to the sentence.
_NOTE_MARK = re.compile(r"^[\[(]?(?:\d{1,3}|[a-z]|[*†‡§])[\])]?$")


def _drop_note_marks(tree: Any) -> None:
    """Note marks removed from the text, and the superscript holding one with it; the text around them kept."""
    marks = []
    for link in tree.iter("a"):
        if not (link.get("href") or "").startswith("#") or not _NOTE_MARK.match(space("".join(link.itertext()))):
            continue
        parent = link.getparent()
        alone = parent is not None and parent.tag == "sup" and len(parent) == 1 and not (parent.text or "").strip()
        marks.append(parent if alone and not (link.tail or "").strip() else link)
    _remove_keeping_tails(marks)


def _remove_keeping_tails(elements: list[Any]) -> None:
    """Elements taken out of the tree, the text that followed each kept where it stood. Each parent's text is
    joined once: a paragraph of 30,000 note marks, its text added to one mark at a time, took 2.5 s."""
    gone: dict[Any, set[Any]] = {}
    for element in elements:
        if (parent := element.getparent()) is not None:
            gone.setdefault(parent, set()).add(element)
    for parent, removed in gone.items():
        pieces, holder = [parent.text or ""], None  # holder: the child whose tail gathers the text; None: the parent
        for child in list(parent):
            if child in removed:
                pieces.append(child.tail or "")
                parent.remove(child)
                continue
            _set_text_after(parent, holder, "".join(pieces))
            pieces, holder = [child.tail or ""], child
        _set_text_after(parent, holder, "".join(pieces))


def _set_text_after(parent: Any, holder: Any, text: str) -> None:
    """The text after `holder`, a child of `parent` (its tail), or at the parent's start when `holder` is None."""
    if holder is None:
        parent.text = text or None
    else:
        holder.tail = text or None


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
    header: Callable[[str], bool] | None = None  # the lines a paragraph may open with before its text (_opening)
    markdown: list[str] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    links: int = 0
    unsafe_links: int = 0
    skipped: int = 0

    def add(self, markdown: str, plain: str) -> None:
        if plain.strip():
            self.markdown.append(markdown)
            self.plain.append(plain)


def _html_blocks(
    body: Any, base: str | None, report: list[str], header: Callable[[str], bool] | None = None
) -> tuple[list[str], list[str]]:
    """The article XML trafilatura gives (head, p, list, quote, table, hi, ref…) as Markdown blocks and their text."""
    blocks = _Blocks(base, header)
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
            lines.append("  " * depth + f"{marker} {block_start(markdown)}")
            texts.append(plain)
        for nested in item.iterchildren("list"):
            texts.append(_list_items(nested, blocks, lines, depth + 1))
    return " ".join(t for t in texts if t)


_BREAK = "\x00"  # a line break of _inline's text, until _paragraphs reads it (never in a page's text: lxml refuses it)
_PARAGRAPH_BREAK = re.compile(r"\s*\x00(?:\s*\x00)+\s*")


def _paragraphs(element: Any, blocks: _Blocks) -> list[tuple[str, str]]:
    """A paragraph's Markdown and text, split where the page breaks the line twice: a page that separates its
    paragraphs by <br><br> (an embassy's statement, say) gives them apart, not run into one. A single break is a
    space, except after the header lines a statement opens with (_opening) and before the short lines that close a
    paragraph after its last sentence (_sign_off)."""
    markdown, plain = _inline(element, blocks, breaks=True)
    parts, texts = _PARAGRAPH_BREAK.split(markdown), _PARAGRAPH_BREAK.split(plain)
    if len(parts) != len(texts):  # never expected: the text whole rather than paired wrongly
        parts, texts = [markdown], [plain]
    found = []
    for md, text in zip(parts, texts, strict=True):
        md_lines, lines = md.split(_BREAK), text.split(_BREAK)
        first = _opening(lines, blocks.header) if len(md_lines) == len(lines) else 0
        found += [(space(md_line), space(line)) for md_line, line in zip(md_lines[:first], lines[:first], strict=True)]
        md_lines, lines = md_lines[first:], lines[first:]
        last = _sign_off(lines) if len(md_lines) == len(lines) else len(lines)
        if last:
            found.append((space(" ".join(md_lines[:last])), space(" ".join(lines[:last]))))
        found += [(space(md_line), space(line)) for md_line, line in zip(md_lines[last:], lines[last:], strict=True)]
    return found


OPENING_LINES = 6  # a release marker, a headline, an office, a date, a place: a statement's header is no longer
HEADER_WORDS = 25  # a line longer than a headline is the text's


def _opening(lines: list[str], header: Callable[[str], bool] | None) -> int:
    """How many of a paragraph's first lines, each set on its own after a break, are the header a statement opens
    with ("FOR IMMEDIATE RELEASE<br>Office of the Spokesperson<br>April 26, 2024<br>Secretary Blinken met…"): up
    to the last one `header` knows, when none before it runs on from the line above (starts in lower case) or is a
    sentence of the text, and the text after it starts as a sentence does. They are then paragraphs of their own,
    which the importer judges as it does such lines set as paragraphs; 0 when there is no such header."""
    if header is None:
        return 0
    first = 0
    for at, line in enumerate(space(line) for line in lines[:OPENING_LINES]):
        if header(line):
            first = at + 1
        elif line[:1].islower() or line.endswith(SENTENCE_END) or len(line.split()) > HEADER_WORDS:
            break
    return 0 if first < len(lines) and space(lines[first])[:1].islower() else first


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
    """A short line that is a name, a date or a short sentence of its own, not the end of a wrapped sentence; or a
    wire's sign-off ("sooyeon@yna.co.kr<br>(END)"), which has neither shape."""
    if _WIRE_SIGN_OFF.match(line):
        return True
    words = line.split()
    if not words or len(words) > SIGN_OFF_WORDS or not (line[0].isupper() or line[0] in "—–-"):
        return False
    if line.endswith(SENTENCE_END) and len(words) <= 4:
        return True  # "Thank you.", "God bless America."
    return all(w[0].isupper() or not w[0].isalpha() or w.casefold() in _SMALL_WORDS for w in words)


_WIRE_SIGN_OFF = re.compile(rf"{END_MARK}|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$", re.I)  # an end mark, a reporter's e-mail


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


def _escape_inline(text: str) -> str:
    return re.sub(r"&(?=#?\w+;)", r"\\&", _INLINE_MARKUP.sub(r"\\\1", text))


def block_start(markdown: str) -> str:
    """A paragraph's Markdown with a start that Markdown would read as a list, heading or quote escaped."""
    markdown = _NUMBERED.sub(r"\1\\\2", markdown)
    return "\\" + markdown if _BLOCK_START.match(markdown) else markdown


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
    """One HTML page, with an honest User-Agent, within the time and size limits; any failure one problem (an
    address that is not one, "https://[x/", too)."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml", "Accept-Encoding": "gzip"}
    deadline = time.monotonic() + timeout
    hint = "check the address, or save the page from a browser and import the file"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
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
