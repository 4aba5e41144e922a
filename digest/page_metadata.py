"""What a web page says about its article besides the text: its titles, its site's name, when it was published,
who wrote it, its language and its own address.

Read off the page's HTML tree (its <meta> tags, JSON-LD, <h1>, <time> elements and the byline it prints) and
trafilatura's metadata, then judged for the draft: the title most of the page's titles give, the site's own name
rather than its address, the first publication date in the site's time zone (htmldate, never a date guessed from
free text), people's names only as authors. webpage.py reads the page and its text, and hands this module the
tree; nothing here knows about drafts.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from .boilerplate import UNSPACED, words_in
from .model import Config
from .schema import CONTROL, CONTROL_CHARACTER, NONCHARACTER


@dataclass(kw_only=True)
class PageMetadata:
    """What a page says about its article, as read off it: the draft's title, date, source and language come from
    here (headline, publication_date, page_source, check_language)."""

    meta: Any  # trafilatura's document: title, sitename, author, url, description
    dates: tuple[tuple[str | None, str | None], tuple[str | None, str | None]]  # (published, where), (updated, where)
    language: str | None
    titles: list[tuple[str, str]]  # (where, text): every title the page gives its article (<h1>, og:title…)
    sites: list[str]  # the names the page gives its site (og:site_name, trafilatura's site name)
    address: tuple[str, str] | None = None  # (the address the page gives itself, where: "canonical link"…)
    site_evidence: str = "the page's site name"  # where `sites` came from, for the report
    byline: str | None = None  # the names of the byline the page prints under its headline ("By ZHAO YIMENG in …")


# What a byline may say that names no one: the site's own accounts.
NOT_AUTHORS = {"admin", "administrator", "staff", "editor", "editors", "web desk", "webmaster", "guest", "news desk"}


# --- the site's name ----------------------------------------------------------------------------------------


def site_names(titles: list[tuple[str, str]], found: str | None) -> tuple[list[tuple[str, str]], list[str], str]:
    """The page's titles without its site's names, those names, and where they came from (for the report):
    og:site_name, the JSON-LD publisher, trafilatura's (`found`), else what the <title> adds after a headline the
    page gives elsewhere ("… - The New York Times"). trafilatura takes the headline itself for the site's name when a
    page has no og:site_name: a name that is one of the page's titles, or too long for one, is none. A name that is
    only an address ("Chinadaily.com.cn") comes after the name the page prints for it ("China Daily",
    `printed_site_name`)."""
    given = list(dict.fromkeys(name for where, name in titles if where in _SITE_NAME_META))
    printed = [(where, name) for where, name in titles if where.startswith(_PRINTED)]
    article = [
        (where, text) for where, text in titles if where not in _SITE_NAME_META and not where.startswith(_PRINTED)
    ]
    headlines = {_norm(text) for where, text in article if where != "<title>"}
    sites = [name for name in given if words_in(name) <= 14 and _norm(name) not in headlines]  # a ministry's name
    sites += [
        name for name in [found] if name and name not in sites and words_in(name) <= 8 and _norm(name) not in headlines
    ]
    sites = sites or _title_tail(article, headlines)
    evidence = "the page's site name"
    if printed and sites and all(_HOST.match(site) for site in sites):
        sites = [printed[0][1], *sites]
        evidence = f"the name the page prints for {printed[0][0].removeprefix(_PRINTED)}, its only site name"
    elif sites and found not in sites and not given:
        evidence = "what the page's <title> adds to its headline"
    return article, sites, evidence


def _title_tail(titles: list[tuple[str, str]], headlines: set[str]) -> list[str]:
    """The site's name a <title> gives after the headline: the last part after a separator, six words at most."""
    for where, text in titles:
        for sep in (" | ", " - ", " – ", " — ", " :: ", "_"):
            head, _, tail = text.partition(sep)
            if where == "<title>" and tail and _norm(head) in headlines:
                last = re.split(r" \| | - | – | — | :: |_", tail)[-1].strip()
                return [last] if last and words_in(last) <= 6 else []
    return _glued_tail(titles, headlines)


def _glued_tail(titles: list[tuple[str, str]], headlines: set[str]) -> list[str]:
    """The site's name a <title> glues to the headline with a bare hyphen ("…secretary of state-Xinhua"): what
    follows a headline the page gives elsewhere, whole, after a hyphen or a bar, three words at most."""
    for where, text in titles:
        match = re.match(r"^(.+?)\s*[-|–—]\s*([A-Z][\w.&’' ]{1,40})$", text) if where == "<title>" else None
        if match and _norm(match[1]) in headlines and words_in(match[2]) <= 3:
            return [match[2].strip()]
    return []


# --- read off the page's tree: the byline it prints, its own address, its dates, its language ---------------


_PRINTED_BYLINE = re.compile(
    r"^By\s+(?P<who>[A-Z][\w.’'-]*(?:(?:\s+|\s*,\s*|\s+(?:and|&)\s+)[A-Z][\w.’'-]*){1,7}?)"
    r"(?:\s+in\s+[A-Z][\w .’'-]{1,40}?)?(?:\s*\([A-Z][\w .’'&-]{1,40}\))?\s*(?:$|[|·—–/]\s*.*$)"
)


BYLINE_REACH = 3  # paragraphs of text: a byline stands no further from the text's start


def printed_byline(tree: Any) -> str | None:
    """The names of the byline a page prints below its headline, for a page whose metadata names no one: China
    Daily's "By ZHAO YIMENG in Washington | China Daily Global | Updated: …" gives "ZHAO YIMENG", the Taipei Times's
    "By Lin Chia-nan / Staff reporter" "Lin Chia-nan", People's Daily's "By Zhong Sheng (People's Daily)" "Zhong
    Sheng". The first element after the <h1>, among its following siblings, whose text is such a line, before
    BYLINE_REACH paragraphs of text: a "By …" line further down credits a related story, not this one."""
    headline = next(tree.iter("h1"), None)
    paragraphs = 0
    for element in headline.itersiblings() if headline is not None else ():
        texts = _short_texts(element)
        for part in element.iter():
            text = texts.get(part)  # None: over 200 characters
            if text and len(text) > 2 and (m := _PRINTED_BYLINE.match(text)):
                return author_list(m["who"])
            paragraphs += part.tag == "p" and (text is None or len(text.split()) >= 12)
            if paragraphs > BYLINE_REACH:
                return None
    return None


def author_list(who: str) -> str:
    """A byline's names as `source.author` lists them: "Joseph Yeh and Stacy Hsu" gives "Joseph Yeh, Stacy Hsu"."""
    return re.sub(r"\s*(?:,|&|\band\b)\s*", ", ", who).strip(" ,")


def _short_texts(root: Any, limit: int = 200) -> dict[Any, str | None]:
    """Each element's text, `space(" ".join(element.itertext()))`, None past `limit` characters: built from its
    children's, children first, so that a page nesting 2,000 elements is read once, not once for each (3 s)."""
    texts: dict[Any, str | None] = {}
    for element in reversed(list(root.iter())):  # descendants before their ancestors
        if not isinstance(element.tag, str):
            continue
        pieces: list[str] | None = [element.text or ""]
        for child in element:
            inner = texts.get(child, "") if isinstance(child.tag, str) else ""  # a comment's text is not shown
            if inner is None or pieces is None:
                pieces = None
                break
            pieces += (inner, child.tail or "")
        text = space(" ".join(pieces)) if pieces is not None else None
        texts[element] = text if text is not None and len(text) <= limit else None
    return texts


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


def whole_seconds(tree: Any) -> None:
    """The page's time stamps (<meta content>, <time datetime>) without fractions of a second: htmldate refuses
    `2024-04-26T07:05:12.000Z`, as the Guardian and Arc sites (Reuters, the Washington Post) write them, taking the
    ".000Z" for part of a telephone number, and the page's date was then not found at all."""
    for element in tree.iter("meta", "time"):
        attribute = "content" if element.tag == "meta" else "datetime"
        value = element.get(attribute)
        if value and _FRACTION.search(value):
            element.set(attribute, _FRACTION.sub(r"\1", value))


_FRACTION = re.compile(r"(T\d{2}:\d{2}:\d{2})[.,]\d{1,9}(?=Z|[+-]\d{2}:?\d{2}|$)")


def page_date(tree: Any, url: str | None, original: bool) -> tuple[str | None, str | None]:
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
    found = core.date_candidates(cleaned, False)
    seen = set(found)  # looked up, not searched: a page of 10,000 dated teasers took 2 s in a list
    short = _short_texts(cleaned, 40)
    found += [e for e in cleaned.iter(*core.FAST_TAGS) if e not in seen and _named_date(e, short)]
    teasers = _in_teasers(cleaned)
    dated = [e for e in found if e.tag not in core.ALWAYS_TAGS and e not in teasers]
    # not footers, nor the dates of the other stories a page lists
    headline = next(cleaned.iter("h1"), None)
    if headline is not None:  # a date above the headline is the page's (today's date in its header), not the article's
        order = {element: at for at, element in enumerate(cleaned.iter())}
        dated = [e for e in dated if order.get(e, 0) > order[headline]]
    searches = (
        ("the page's metadata", lambda o: _metadata_date(tree, o, original)),
        ("the page's address", lambda o: _address_date(address, o)),
        (_TIME_ELEMENT, lambda o: core.examine_abbr_elements(tree, o) or core.examine_time_elements(tree, o)),
        (_DATED_ELEMENT, lambda o: core.examine_elements(dated, o)),
        (_UNDER_HEADLINE, lambda o: _date_under(headline, o)),
    )
    day, stamp = (Extractor(False, get_max_date(None), get_min_date(None), original, form) for form in _HTMLDATE_FORMS)
    for where, search in searches:
        if found := _search(search, day):
            if where != "the page's address":  # the others may have read figures, day first
                texts = _texts_dated(tree, dated, where)
                found, told = _day_or_month_first(found, texts, address, page_language(tree))
                if found is None:
                    return None, told
                where = f"{where}, {told}" if told else where
            timed = _search(search, stamp)  # the same place read again for its time: kept when it gives that day
            return (timed if _on_day(timed, found) else found), where
    return None, None


def _on_day(timed: str | None, day: str) -> bool:
    """Whether a time falls on the day found, in its own zone or in UTC: the <meta> and the JSON-LD may give the same
    moment in two zones (Nikkei's "2024-11-17T01:12:00+0900" and "2024-11-16T16:12:00+00:00"), and the day, read
    apart, came from the one and the time from the other: the time was then dropped."""
    moment = _stamp(timed)
    return bool(timed) and (
        timed[:10] == day or (moment is not None and moment.astimezone(UTC).date().isoformat() == day)
    )


UNDER_HEADLINE = 12  # elements after the headline where its date line may stand, before the text starts
_PARTS = re.compile(r"\s+[|·•–—-]\s+")


def _date_under(headline: Any, options: Any) -> str | None:
    """The date of a short line just under the headline, read part by part ("KYODO NEWS - Apr 12, 2024 - 09:41 |
    World, All", as Kyodo prints it in <p class="credit">, where htmldate's cues do not look): the last place a
    page's date is looked for. Never past the text's first paragraph, where a date is the story's, not the page's."""
    from htmldate.extractors import try_date_expr

    seen = 0
    for element in headline.itersiblings() if headline is not None else ():
        texts = _short_texts(element, 100)
        for part in element.iter():
            if not isinstance(part.tag, str):
                continue
            text = texts.get(part)
            words = len(re.findall(r"[^\W\d_]+", text or ""))  # not its figures and marks: "- 09:41 |"
            if part.tag == "p" and (text is None or words >= 12) or seen >= UNDER_HEADLINE:
                return None
            seen += 1
            for piece in _PARTS.split(text or ""):
                if found := try_date_expr(piece, options.format, False, options.min, options.max):
                    return found
    return None


def _address_date(address: str | None, options: Any) -> str | None:
    """The date a page's address spells (`/2024/04/26/`), as htmldate reads it; but not a year and a month followed
    by an identifier that starts with digits: Kyodo's `/news/2024/04/4a9c1b2f3e5d-…` names April, and htmldate read
    its "4a…" as the 4th, a date the page never gave."""
    from htmldate.core import extract_url_date
    from htmldate.extractors import COMPLETE_URL

    match = COMPLETE_URL.search(address or "")
    after = (address or "")[match.end(3) : match.end(3) + 2] if match else ""
    if match is None or (after[:1].isalpha() and not re.match(r"T\d", after)):  # "…-26T10…" is a time stamp
        return None
    return extract_url_date(address, options)


_DATED_ELEMENT = "a dated element of the article"
_TIME_ELEMENT = "a <time> element"
_UNDER_HEADLINE = "the line under the headline"


# Where a page lists other stories, each with its date ("Related News", "Most Read", a sidebar): a date there is a
# teaser's, and a page that prints its own date where htmldate does not look was given the newest teaser's.
_TEASER_TAGS = {"aside", "nav", "footer"}
_TEASERS = re.compile(
    r"related|sidebar|popular|most[-_ ]?(?:read|viewed)|latest|recommend|more[-_ ]?(?:news|stories|from)|trending"
    r"|teaser|\brail\b",
    re.I,
)


_NAMED_DATE = re.compile(r"date|time|publish", re.I)


def _named_date(element: Any, short: dict[Any, str | None]) -> bool:
    """An element its id or class names a date in capitals, which htmldate's cues miss: China's government sites
    print an article's date, and nothing else, in <div id="News_Body_Time">. `short`: the texts of 40 characters
    at most (_short_texts)."""
    marks = f"{element.get('id') or ''} {element.get('class') or ''}"
    return bool(_NAMED_DATE.search(marks)) and short.get(element) is not None


def _in_teasers(tree: Any) -> set[Any]:
    """The elements that sit in a list of other stories: an aside, a menu, or a box its class names so, below the
    <body>. One walk, parents first, each element asking its parent: asking every ancestor of each dated element
    took 3 s on a page nesting 2,000 of them."""
    inside: set[Any] = set()
    for element in tree.iter():
        if element.tag in ("body", "html") or not isinstance(element.tag, str):
            continue
        marks = f"{element.get('id') or ''} {element.get('class') or ''}"
        if element.getparent() in inside or element.tag in _TEASER_TAGS or _TEASERS.search(marks):
            inside.add(element)
    return inside


_HTMLDATE_FORMS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z")  # the day alone, then with its time and offset


# A date written in figures only, day and month in either order: "06.03.24", "03/06/2024", "6-3-2024".
_NUMERIC_DATE = re.compile(r"(?<![\d.:/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d:/-]|\.\d)")
# Languages whose pages write day before month in figures (German 06.03.24, French 06/03/2024…). English is not
# one: London writes 06/03, New York 03/06.
_DAY_FIRST = frozenset(
    ("de", "fr", "es", "it", "pt", "nl", "ru", "uk", "pl", "cs", "sk", "tr", "sv", "da", "nb", "nn", "no", "fi")
    + ("el", "ro", "bg", "hr", "sr", "sl", "vi", "id")
)
_ADDRESS_MONTH = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/")


@dataclass(frozen=True)
class _Figures:
    """A date in figures as a page prints it: `first` and `second` are its day and month in some order."""

    written: str
    first: int
    second: int
    year: int

    def reading(self, day_first: bool) -> date | None:
        day, month = (self.first, self.second) if day_first else (self.second, self.first)
        try:
            return date(self.year, month, day)
        except ValueError:
            return None

    @property
    def ambiguous(self) -> bool:
        one, other = self.reading(True), self.reading(False)
        return one is not None and other is not None and one != other


def _figures(texts: list[str]) -> list[_Figures]:
    found = []
    for text in texts:
        for m in _NUMERIC_DATE.finditer(text):
            year = int(m[4]) + (2000 if len(m[4]) == 2 else 0)
            found.append(_Figures(m.group(), int(m[1]), int(m[3]), year))
    return found


def _texts_dated(tree: Any, dated: list[Any], where: str) -> list[str]:
    """The short texts a date was read from where it was found: the dated elements' texts, the <time> and <abbr>
    elements' texts and attributes, or the <meta> tags' values."""
    if where == _DATED_ELEMENT:
        elements, attributes = dated, ()
    elif where == _TIME_ELEMENT:
        elements, attributes = [*tree.iter("time", "abbr")], ("datetime", "title", "content")
    elif where == _UNDER_HEADLINE:
        headline = next(tree.iter("h1"), None)
        elements, attributes = [*headline.itersiblings()][:UNDER_HEADLINE] if headline is not None else [], ()
    else:
        elements, attributes = [], ()
        texts = [value for meta in tree.iter("meta") if (value := meta.get("content")) and len(value) <= 200]
        linked = [script.text or "" for script in tree.iter("script") if script.get("type") == "application/ld+json"]
        return texts + linked
    texts = [text for e in elements if len(text := " ".join(e.itertext())) <= 200]
    return texts + [value for e in elements for name in attributes if (value := e.get(name))]


def _day_or_month_first(
    found: str, texts: list[str], address: str | None, language: str | None
) -> tuple[str | None, str | None]:
    """The date a page's element or metadata gave, when it was read from figures that say day and month in either
    order ("06.03.24": 6 March or 3 June), and not also written year first: kept only when the page tells which,
    by its address's year and month (/2024/03/), another date of its own in figures whose day is over 12, or a
    language that writes the day first; else none, and why (htmldate reads day first, and an American page's
    03/06/2024 became 3 June). Returns (the date, how the order was told), or (None, the doubt) when it cannot be."""
    day = date.fromisoformat(found[:10])
    figures = _figures(texts)
    doubtful = [f for f in figures if f.ambiguous and day in (f.reading(True), f.reading(False))]
    if not doubtful or any(day.isoformat() in text for text in texts):  # also written year first: no doubt
        return found, None
    written = doubtful[0]
    orders = {f.first > 12 for f in figures if not f.ambiguous and f.reading(f.first > 12)}
    month = _ADDRESS_MONTH.search(address or "")
    by_address = [
        first for first in (True, False)
        if month and (r := written.reading(first)) and (r.year, r.month) == (int(month[1]), int(month[2]))
    ]  # fmt: skip
    if len(by_address) == 1:
        order, evidence = by_address[0], f"the year and month of its address, {month.group()}"
    elif len(orders) == 1:
        order, evidence = orders.pop(), "another date the page writes in figures"
    elif language in _DAY_FIRST:
        order, evidence = True, f"its language ({language}), which writes the day first"
    else:
        one, other = written.reading(True), written.reading(False)
        return None, f"`{written.written}` may be {_spelt(one)} or {_spelt(other)}; nothing on the page tells which"
    chosen = written.reading(order)
    return (
        chosen.isoformat() if chosen else None,
        f"`{written.written}` read {'day' if order else 'month'} first, by {evidence}",
    )


def _spelt(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "no date"


def _metadata_date(tree: Any, options: Any, original: bool) -> str | None:
    """The date the page's <meta> tags give, or its JSON-LD; for the first publication, the earlier of the two. A
    page with only article:modified_time in its <meta> (the State Department's) gave its last update for its
    publication, though its JSON-LD says datePublished."""
    from htmldate import core

    header = core.examine_header(tree, options)
    linked = core.json_search(tree, options)
    if _same_with_offset(linked, header):
        return linked
    if not original:
        return header or linked
    return min(header, linked, key=_instant) if header and linked else header or linked


def _same_with_offset(linked: str | None, header: str | None) -> bool:
    """Whether the JSON-LD gives the same time as the <meta> tags, with the offset they leave out: Al Jazeera's
    <meta name="publishedDate" content="2024-05-01T18:22:06"> and its JSON-LD's "2024-05-01T18:22:06Z". The
    draft then had the day alone ("states no time zone"), and the time was lost."""
    return bool(linked and header and _stamp(linked) and not _stamp(header) and linked[:19] == header[:19])


def _instant(value: str) -> datetime:
    """A date as page_date gives it, as an instant to compare: a day alone is its start in UTC."""
    return _stamp(value) or datetime.fromisoformat(value[:10] + "T00:00:00+00:00")


def _search(search: Any, options: Any) -> str | None:
    try:
        return search(options)
    except Exception:  # noqa: BLE001 (a page htmldate cannot read is a page without a date, never a crash)
        return None


def page_language(tree: Any) -> str | None:
    """The language the page says it is in: <html lang>, or its Content-Language or og:locale."""
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not value:
        for meta in tree.iterfind(".//meta"):
            key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
            if key in ("content-language", "og:locale", "language") and meta.get("content"):
                value = meta.get("content")
                break
    return value.strip().replace("_", "-").split("-")[0].lower() if value and value.strip() else None


# --- text and addresses, as webpage.py reads them too -------------------------------------------------------


def clean(value: Any) -> str | None:
    """A metadata string as one clean line: no control characters or non-characters, spaces collapsed."""
    if not isinstance(value, str):
        return None
    value = NONCHARACTER.sub("", CONTROL_CHARACTER.sub(" ", value))
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def safe_link(target: str | None, base: str | None) -> str | None:
    """An absolute http(s) address a Markdown link can carry as written, or None (javascript:, data:, mailto:…, and
    one Python cannot split: a bracket never closed, "https://[x/", a host that is not one once normalised)."""
    if not target or CONTROL.search(target):
        return None
    target = target.strip()
    try:
        if base and not target.startswith(("http://", "https://")):
            target = urllib.parse.urljoin(base, target)
        parts = urllib.parse.urlsplit(target)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urllib.parse.quote(target, safe=":/?#@!$&'*+,;=%~-._")  # spaces, brackets and quotes escaped


def space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- the article's title ------------------------------------------------------------------------------------


_SITE_NAME_KEYS = ("og:site_name", "sitename")  # SiteName: what China's government sites (fmprc, embassies) give
_TITLE_META = ("og:title", "twitter:title", *_SITE_NAME_KEYS)
_SITE_NAME_META = (*_SITE_NAME_KEYS, "JSON-LD publisher")  # where the page names its site itself
_PRINTED = "printed "  # where a site name comes from, when the page prints what its address spells: "printed x.com"
_TITLE_ORDER = ("h1", "JSON-LD headline", "og:title", "twitter:title", "<title>")  # the ties: what readers see first
_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report)$")


def page_titles(tree: Any) -> list[tuple[str, str]]:
    """(where, text) for every title a page gives its article: each <h1>, og:title and twitter:title, the
    JSON-LD headline, <title>; and og:site_name or SiteName, its site's name."""
    texts: dict[Any, str | None] = {}
    for element in tree.iter("h1"):
        if element not in texts:  # one nested in another was read with it: each read once (2,000 nested took 3 s)
            texts.update(_short_texts(element, 1000))
    found = [("h1", h) for h in (clean(texts[e]) for e in tree.iter("h1")) if h and 2 <= words_in(h) <= 40]
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in _TITLE_META and (text := clean(meta.get("content"))):
            found.append((key, text))
    headlines, publishers = _json_ld_names(tree)
    found += [("JSON-LD headline", text) for text in headlines]
    found += [("JSON-LD publisher", text) for text in dict.fromkeys(publishers)]
    if text := clean(tree.findtext(".//title")):
        found.append(("<title>", text))
    return _first_of_each_kind(found)


TITLES_OF_A_KIND = 20  # a page titles its article a few times; the rest are other stories' (teasers set in <h1>)


def _first_of_each_kind(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The first TITLES_OF_A_KIND different titles of each kind (<h1>, og:title…): each title is weighed against
    every other (`headline`, `without_site_name`), which took 6.6 s for a page of 1,200 <h1>, sixteen times 300's."""
    kept: list[tuple[str, str]] = []
    counts: dict[str, int] = {}
    for where, text in dict.fromkeys(found):
        counts[where] = counts.get(where, 0) + 1
        if counts[where] <= TITLES_OF_A_KIND:
            kept.append((where, text))
    return kept


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


# Which version of a wire story this is, before its headline: "(LEAD) …", "(2nd LD) …", "(URGENT) …" (Yonhap),
# "UPDATE 2-…", "REFILE-…" (Reuters' feeds). The story's headline is the same in every version.
_WIRE_TAG = re.compile(
    r"^(?:\((?:LEAD|\d+(?:st|nd|rd|th) LD|URGENT|UPDATE(?: \d+)?|WRAPUP(?: \d+)?|REFILE|CORRECTED)\)\s+"
    r"|(?:UPDATE(?: \d+)?|REFILE|CORRECTED|WRAPUP(?: \d+)?)-(?=\S))"
)


def headline(page: PageMetadata) -> tuple[str | None, str, str | None]:
    """The article's title, where it was found, and why an editor should look closer (None when the page's titles
    agree). Each of the page's titles, its site's name cut, is a candidate; the one most of the others give (or
    hold, with a label or a credit around it) wins, the <h1> readers see on a tie. A winner that only adds a byline or
    a credit to another gives the part they share."""
    candidates = [
        (where, _WIRE_TAG.sub("", text if where == "h1" else without_site_name(text, page.sites)))
        for where, text in page.titles
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


def printed_site_name(tree: Any, found: str | None, titles: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """("printed " and the address, the name) for a site named only by its address ("Chinadaily.com.cn", as
    trafilatura `found` it or as the page's `titles` give it), when the page prints the words the address runs
    together, each capitalised ("China Daily" in "By ZHAO YIMENG | China Daily | Updated …"): the spelling it prints
    most often."""
    text = None  # the page's text, read once, for the first name that is an address
    for name in dict.fromkeys([found, *(name for where, name in titles if where in _SITE_NAME_META)]):
        label = re.sub(r"^www\.", "", name.casefold()).split(".")[0] if name and _HOST.match(name) else ""
        if len(label) < 4 or not label.isalpha():
            continue
        spelled = re.compile(r"(?<![\w.])" + r"[ \t]?".join(label) + r"(?![\w.])", re.I)
        if text is None:
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


# --- the publication date -----------------------------------------------------------------------------------


def publication_date(
    dates: tuple[Any, Any], zone: str, unsure: dict[str, str], report: list[str]
) -> tuple[date | None, datetime | None]:
    """The first publication date the page states, and its time in the site's time zone when the page gives one
    with its offset: a story stamped 01:30 UTC on 27 April came out at 21:30 on the 26th in New York, and the digest
    files it under the 26th. Its last update is only said, never used."""
    (published, where), (updated, _) = dates
    moment = _moment(published, zone)
    day = moment.date() if moment else _iso_day(published)
    if day is None and where:  # a date in figures that the page does not say how to read
        unsure["date"] = where.split(";")[0]
        report.append(f"needs review: date — {where}, so none is guessed")
        return None, None
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
    """A date with its time and offset, as page_date gives it; None for anything else."""
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


# --- the source: the site, its address, the author ----------------------------------------------------------


def page_source(
    page: PageMetadata, url: str | None, unsure: dict[str, str], report: list[str]
) -> dict[str, str | None]:
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
    byline, roles = _without_roles(printed or clean(meta.author) or "", bool(printed))
    authors, doubts, titles = _byline(byline, bool(printed), [*sites, name or ""])
    author = ", ".join(authors) or None
    if author and roles:
        unsure["author"] = f"read from the byline {', '.join(roles)}: check the name"
        report.append(f"needs review: author — {author}, the name before the writer's role in {', '.join(roles)}")
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
        left_out = f"byline {said} left out, not a person's name"
        unsure["author"] = f"{unsure['author']}; {left_out}" if "author" in unsure else left_out
        why = "; ".join(f'"{a}" was left out: {why}' for a, why in doubts.items())
        report.append(f"needs review: author — the page's byline {why}; add the author if the page names one")
    return {"name": name, "url": address, "author": author, "origin": None}


# A writer's name run into the role the page prints under it, which the metadata joined: "Laura Bicker China
# correspondent" (the BBC's byline block), "David E. Sanger White House correspondent".
_NAME_AND_ROLE = re.compile(
    r"^(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][\w’'-]+)\s+(?:[\w.’'-]+\s+){0,2}"
    r"(?:correspondent|reporter|editor|writer|columnist|analyst|bureau chief)s?$"
)


def _without_roles(byline: str, printed: bool) -> tuple[str, list[str]]:
    """A byline with each part that is a name and a writer's role cut to the name, and those parts as given
    (quoted): the name is a guess (a three-word name would lose its last word), put to the editor."""
    separator = "," if printed else ";"
    parts, cut = [], []
    for part in byline.split(separator):
        match = _NAME_AND_ROLE.match(part.strip())
        parts.append(match["name"] if match else part)
        cut += [f'"{part.strip()}"'] if match else []
    return separator.join(parts), cut


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
