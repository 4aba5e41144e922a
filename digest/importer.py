"""Turn raw scraped news text into a front-mattered Markdown draft for an editor.

Scraped text is untrusted and noisy. The importer keeps every sentence of the
article verbatim, drops web-page noise line by line (saying which rule dropped
what), and writes a fact into the front matter only when the text shows it:
anything it cannot establish becomes ``review:`` for the editor, never a guess.
Everything here is a pure function of (bytes, config) except ``import_files``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path, PurePath

import yaml

from . import boilerplate
from .boilerplate import (
    DATE_LABEL_ONLY,
    END_MARK,
    RELATED,
    SENTENCE_END,
    UNSPACED,
    call_to_action,
    reads_as_reporting,
    words_in,
)
from .errors import DigestError, Problem, display_path
from .model import UNDATED, Config, Meeting, Person
from .page_metadata import (
    BYLINE_REACH,
    NOT_AUTHORS,
    author_list,
    check_language,
    clean,
    headline,
    not_a_name,
    page_source,
    publication_date,
    safe_link,
    space,
    without_site_name,
)
from .schema import CONTROL, CONTROL_CHARACTER, MAX_ARTICLE_BYTES, NONCHARACTER, YAML_LOADER, yaml_scalar
from .urls import address_key, slugify
from .webpage import (
    FETCH_TIMEOUT,
    MAX_RAW_BYTES,
    WebPage,
    block_start,
    fail,
    fetch,
    is_address,
    megabytes,
    read_page,
    saved_name,
    unpack,
    utf8_or_cp1252,
)

# A meeting is suggested for an article dated from 30 days before it (previews)
# to a year after it (articles that refer back to it), never outside that.
MEETING_BEFORE = timedelta(days=30)
MEETING_AFTER = timedelta(days=365)

# Input size limits (MAX_RAW_BYTES, in webpage.py, and MAX_ARTICLE_BYTES): a long news article is 50-100 KB of text
# and a whole saved web page 1-3 MB, so no real page meets them; the article limit is what the loader takes for one
# article file, so an import never writes a file that `digest check` then refuses. Every stage is linear: at the
# limits an import takes seconds.
# Characters: a headline has under 150, and a front-matter line must stay one line (see yaml_scalar). A longer title
# (only "date 2024-10-16 <the rest of a long line>" makes one) is cut, and the editor asked to review it.
MAX_TITLE = 1000


@dataclass(frozen=True)
class ImportResult:
    origin: str  # what was imported: a file's path, or a web address as given
    filename: str
    text: str
    report: list[str]
    needs_review: tuple[str, ...]
    source_url: str | None = None  # the original's address, written as source.url


# --- decoding ---------------------------------------------------------------

_CONT = (  # the characters Windows-1252 shows for UTF-8 continuation bytes 0x80-0xBF
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_MOJIBAKE = re.compile(f"[\u00c2-\u00df][{_CONT}]|[\u00e0-\u00ef][{_CONT}]{{2}}|[\u00f0-\u00f4][{_CONT}]{{3}}")


def decode(raw: bytes, origin: str) -> tuple[str, list[str]]:
    """Bytes to LF-terminated text: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252; without the characters
    no page or feed can hold (control characters, non-characters)."""
    notes: list[str] = []
    if len(raw) > MAX_RAW_BYTES:
        raise fail(
            origin,
            f"is {megabytes(len(raw))}, over the importer's {MAX_RAW_BYTES // 2**20} MB limit",
            "split it or trim the page before importing",
        )
    if not raw.strip():
        raise fail(
            origin, "is empty" if not raw else "holds only whitespace", "check that the scrape saved the article's text"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, notes = _utf16(raw, origin), ["encoding UTF-16 (byte order mark)"]
    elif b"\x00" in raw:
        raise fail(origin, f"looks like a binary file (NUL byte at offset {raw.index(0)})", _BINARY_HINT)
    else:
        bom = raw.startswith(b"\xef\xbb\xbf")
        text, stray, utf8 = utf8_or_cp1252(raw[3:] if bom else raw)
        if not stray:
            notes.append("encoding UTF-8" + (" with byte order mark" if bom else ""))
        elif not utf8:
            notes.append("encoding Windows-1252 (not valid UTF-8)")
        else:
            notes.append(f"encoding UTF-8 with {stray} stray Windows-1252 byte(s), read as Windows-1252")
        text, fixed = _MOJIBAKE.subn(_unmojibake, text)
        if fixed:
            notes.append(f"repaired {fixed} mis-decoded character sequence(s) such as â€™")
    controls = len(text) - len(_BINARY_CONTROL.sub("", text))
    if controls > max(2, len(text) // 20):
        raise fail(origin, f"looks like a binary file ({controls} control characters)", _BINARY_HINT)
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS).replace("\ufeff", "")
    text, dropped = _printable(text)
    return text, notes + dropped


_BINARY_HINT = "import the article's plain text (.txt), not a PDF, image or word-processor file"
# Control characters that tell a binary file (form feeds and vertical tabs turn up in text).
_BINARY_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n"})  # and \x85 is a control character


def _printable(text: str) -> tuple[str, list[str]]:
    """The text without control characters (but tab and line feed) and non-characters, and report lines saying
    how many went: a page, a feed or the front matter cannot carry them, and an editor should know text changed."""
    notes = []
    for pattern, what in ((CONTROL_CHARACTER, "control character(s)"), (NONCHARACTER, "Unicode non-character(s)")):
        kept = pattern.sub("", text)
        if len(kept) < len(text):
            shown = ", ".join(sorted({f"U+{ord(c):04X}" for c in pattern.findall(text[:100_000])})[:5]) or "…"
            notes.append(f"dropped {len(text) - len(kept)} {what} ({shown}): no page or feed can show them")
            text = kept
    return text, notes


def _utf16(raw: bytes, origin: str) -> str:
    try:
        return raw.decode("utf-16")
    except UnicodeDecodeError as error:
        raise fail(
            origin,
            f"starts with a UTF-16 byte order mark but is not UTF-16 (byte {error.start}: {error.reason})",
            "save the article's text again as UTF-8",
        ) from None


def _unmojibake(match: re.Match[str]) -> str:
    """Undo UTF-8 bytes that were once decoded as Windows-1252 (â€™ → ’); leave anything else."""
    try:
        raw = b"".join(c.encode("latin-1") if ord(c) < 256 else c.encode("cp1252") for c in match.group())
        return raw.decode("utf-8")
    except UnicodeError:
        return match.group()


# --- line rules ---------------------------------------------------------------

_SOCIAL = (
    r"facebook|twitter|x|whatsapp|linkedin|email|e-mail|reddit|telegram|pinterest|instagram|youtube|threads|bluesky"
)
# What a press release says it is, on a line above it ("Readout of…" is a headline, not this line).
_RELEASE_MARKER = r"^(for immediate release|embargoed until\b.{0,60}|media note|press statement|readout)$"
# Names as a signature gives them, each capitalised (the rules ignore case: this part does not).
_NAMES = r"(?-i:[A-Z][\w.’'-]*(?:(?:\s+|\s*,\s*|\s+(?:and|&)\s+)[A-Z][\w.’'-]*){0,7})"
# A gap in a rule is bounded (.{0,300}, [^()]*): a line of a thousand "sign up" is then read once, not once each.
NOISE_RULES: tuple[tuple[str, str], ...] = (
    ("share button", rf"^(share|tweet|pin|email|print|copy link|share (on|via|to) ({_SOCIAL}))$"),
    ("share button", r"^share (this|the) (article|story|post|page)\b"),
    ("social link", rf"^({_SOCIAL})$"),
    (
        "newsletter prompt",
        r"\b(sign up|subscribe)\b.{0,300}\bnewsletters?\b|\bnewsletters?\b.{0,300}\bsign up\b|^subscribe( now)?$",
    ),
    (
        "cookie prompt",
        r"\bwe use cookies\b|^(accept|reject|manage)( all)? cookies$|^cookie (policy|settings|preferences)$",
    ),
    ("read-more link", r"^(read more|also read|read also|see also|more on this|related)\b\s*[:|»>]|^read more$"),
    ("comment form", r"^leave a (comment|reply)\b|your email address will not be published|required fields are marked"),
    (
        "comment form",
        r"^\d+ comments?$|^(post|add|show) (a )?comments?$|^comments?$|^(comment|name|e-?mail|website)\s*\*$",
    ),
    (
        "credits line",
        r"^(additional )?(reporting|writing|editing|edited|compiled|translated) by\b|^editors?\s*:\s*\S+(\s\S+){0,3}$",
    ),
    ("skip link", r"^skip to (main )?(content|navigation)$"),
    ("account prompt", r"^(sign in|log in|login|sign up|register|my account|subscribe now)( to .{0,40})?$"),
    ("account prompt", r"^already (a subscriber|subscribed|a member|have an account|registered)\b.{0,40}$"),
    # A wire's signature under its story: "(By Joseph Yeh and Stacy Hsu)", "sooyeon@yna.co.kr"; and its note to the
    # papers that take it, above: "(ATTN: RECASTS headline, lead)", "(EDS: updates with quotes)", "(CORRECTION:
    # CORRECTS name)"; a correction told to readers, "(Correction: An earlier version of this story…)", is text.
    ("reporter's signature", rf"^\(\s*by\s+{_NAMES}\s*\)$|^[\w.+-]+@[\w-]+(\.[\w-]+)+$"),
    (
        "wire note",
        r"^\(\s*(?:(?:attn|eds?)\s*:|(?:editors?['’]?s? note|clarification|correction)\s*:\s*(?-i:[A-Z]{2,}\b))"
        r"[^()]{0,200}\)$",
    ),
    ("press contact", r"^(media |press )?contacts?\s*:.{0,100}$"),
    # Who else worked on the story, as a closing line: "CNN's Wayne Chang contributed reporting.", "The Associated
    # Press contributed to this report.", "Tang reported from Beijing."; and the note that the story was updated,
    # which tells what happened to the page, not to the world ("This story has been updated with additional
    # information.").
    (
        "contributors line",
        r"^[^.]{1,150}\bcontributed (reporting|to this (report|story|article))( from [^.]{1,60})?\.?$"
        r"|^some (information|material|reporting) (for|in) this (report|story|article) (came|comes) from"
        r" [^.]{1,60}\.?$"
        # AP's "Tang reported from Beijing.": the writers' names and where they were, nothing else
        r"|^(?-i:[A-Z][\w’'-]+(?:(?:,| and) [A-Z][\w’'-]+){0,3}) reported from (?-i:[A-Z])[\w .,’'-]{1,40}\.$",
    ),
    # (Not a correction told to readers, "This article was updated to correct…": that stays.)
    (
        "update note",
        r"^this (story|article|post|report) (has been|was|is being) updated\b(?![^.]*\b(correct|clarif|error|misstat))"
        r"[^.]{0,100}\.?$",
    ),
    # Whose copy the story is, as its last line: "Source: Al Jazeera and news agencies", "Source: Xinhua".
    ("source line", r"^sources?\s*:\s*[^.:]{1,60}$"),
    ("copyright line", r"^(©|\(c\)\s*\d{4}|copyright\b)|版权所有|未经.{0,12}(许可|授权|同意).{0,12}(转载|使用|复制)"),
    ("credits line", r"^[\[【(（]?\s*(editors?|责任编辑|编辑|来源)\s*[:：][^\]】)）]{1,40}[\]】)）]?$"),
    # People's Daily closes with its web editors, in brackets: a line that ends as a sentence would.
    ("editors line", r"^[(（]\s*(web |copy |duty )?editors?\s*[:：][^()（）]{1,60}[)）]$"),
    # A plea to subscribe set between paragraphs: "…quality journalism is more crucial than ever. By subscribing, you
    # can help us get the story right." (a sentence that speaks to the reader: never one that reports).
    (
        "subscription prompt",
        r"\bby (subscribing|becoming a (member|subscriber))\b|\bsupport (our|quality|independent) journalism\b",
    ),
    ("breadcrumb", r"^home\s*(>|»|›|/|\|)"),
    ("reading time", r"^\d+[\s-]*(min|mins|minute|minutes)(\s+read)?$"),
    ("click-here prompt", r"^click here\b"),
    ("follow prompt", r"^follow us\b"),
    ("advertisement", r"^-*\s*(advertisement|advert|sponsored|sponsored content|ad)\s*-*$"),
    (
        "photo caption",
        r"photo credit should read\b|\((photo|image|picture|file photo)s?\s*:[^()]*\)$|\bgetty images\)?\.?$",
    ),
    ("photo caption", r"^(photo|image|picture|file photo)s?( credit)?\s*:"),
    ("photo caption", r"\((xinhua|cfp|afp|ap|reuters|ians|china daily|people's daily|cns)\s*/\s*[^()/]{2,40}\)\.?$"),
    ("photo caption", r"\b(photo|image|picture|photograph)s?( credit)?\s*:\s*[^.:]{1,40}$"),
    ("photo caption", r"\.\s+/\s?[A-Z][\w .&'’-]{1,40}$"),  # CGTN: "… April 26, 2024. /Chinese Foreign Ministry"
    ("print-edition line", r"^a version of this article appears in print\b"),
    ("credits line", r"^\(\s*with (input|inputs|reporting) from [^()]{1,60}\)$"),
    (
        "relative time",
        r"^((updated|published|posted)\s*:?\s*)?(\d+|an?|one)\s+(second|sec|minute|min|hour|hr|day|week)s?\s+ago$",
    ),
    ("tag list", r"^tags?\s*:"),
    ("page number", r"^(page\s+\d{1,4}(\s+of\s+\d{1,4})?|\d{1,4}\s*/\s*\d{1,4}|-\s*\d{1,4}\s*-)$"),
    ("press-release label", _RELEASE_MARKER),
    ("press-release label", END_MARK),
)
_NOISE = tuple((name, re.compile(pattern, re.I)) for name, pattern in NOISE_RULES)
_RELEASE = re.compile(_RELEASE_MARKER, re.I)
_END = re.compile(END_MARK, re.I)
MAX_NOISE_LINE = 1000  # characters: web-page furniture is short; a longer line is article text, whatever it says
# US-CHINA-DIPLOMACY-BIDEN-KERRY-XI; never a date written 2026-12-03, which is read as one
_PHOTO_SLUG = re.compile(r"^(?=.*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+){2,}$")
_TRAILER = re.compile(
    r"^(tags|latest news|latest|popular articles|popular|most read|most popular|related topics|related articles"
    r"|related stories|related|recommended|recommended for you|you may also like|more stories|more from .{1,40}"
    r"|trending|trending now|read next|further reading)$",
    re.I,
)
_BYLINE = re.compile(
    r"^(?i:by)\s+(?P<who>[A-Z][^\s,|·]*(?:(?:\s+|\s*,\s*|\s+(?:and|&)\s+)[A-Z][^\s,|·]*){0,7})(?:\s*[|·,—–-]\s*(?P<rest>.*))?$"
)
_URL_LINE = re.compile(
    r"^(?:(?P<label>source|source url|url|link|canonical|canonical url|original|originally published at"
    r"|read the original(?: at)?)\s*:?\s*)?<?(?P<url>https?://[^\s<>]+?)>?$",
    re.I,
)
_HOLDER = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?P<holder>[^.|,]+?)\.?\s*"
    r"(?:all rights reserved.*)?$",
    re.I,
)
_TERMINAL = ".!?:;,…\"”’')»"


def _words(text: str) -> int:
    return len(text.split())


def _noise_rule(text: str, config_noise: list[tuple[str, re.Pattern[str]]]) -> str | None:
    """Which rule, if any, says this whole line is web-page furniture rather than article text."""
    if len(text) > MAX_NOISE_LINE:
        return None
    text = _visible(text)
    if _PHOTO_SLUG.match(text):
        return "photo slug"
    for name, pattern in (*_NOISE, *config_noise):
        if pattern.search(text) and not (name == "press contact" and _states_something(text)):
            if name == "reporter's signature" and _bracketed_sentence(text):
                continue
            return name
    return None


def _bracketed_sentence(text: str) -> bool:
    """Whether a line shaped as a wire signature, "(By …)" with every word capitalised, is a sentence of the story
    set in brackets: "(By Tuesday, Beijing And Washington Had Agreed.)", "(BY TUESDAY, THE TWO SIDES HAD AGREED.)".
    A signature is names: none of them a common word ("the", "had"; "and" joins two), a weekday, or a word ended
    by a full stop (an initial, "Y.J.", or "Jr." may be). A name that is a common word ("Will") is then kept as
    text, for an editor to delete: a sentence is never dropped."""
    inner = re.sub(r"^\(\s*by\s+|\s*\)$", "", text, flags=re.I)
    common = set(re.findall(r"\w+", inner.casefold())) - boilerplate.content_words(inner) - {"and"}
    ends_sentence = re.search(r"[^\W\d_]{4,}[.!?]$", inner) is not None
    return bool(common) or ends_sentence or _WEEKDAY.search(inner) is not None


def _states_something(text: str) -> bool:
    """Whether a line opening with "Contact:" is a sentence ("Contact: the two sides agreed to keep talking."), not
    a press contact ("Contact: Press Office (202) 224-5521"): it ends as a sentence does, gives no e-mail address,
    and most of its words are not names. "contact" opens what speaks to the reader, so reads_as_reporting never
    keeps it."""
    rest = text.partition(":")[2]
    if "@" in rest or words_in(rest) < 6 or not rest.rstrip().endswith(SENTENCE_END):
        return False
    plain = [word for word in rest.split() if word[0].islower() and word.strip(",.;:") not in _SMALL_WORDS]
    return len(plain) >= 3


# --- dates ----------------------------------------------------------------------

_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_FORMS = (
    re.compile(rf"\b{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON},?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])"),
)
_EXPLICIT = re.compile(r"^date\s*[:=]?\s*(?P<iso>\d{4}-\d{2}-\d{2})\b\s*(?P<rest>.*)$", re.I)
_LABEL = r"(?P<label>first published|published|posted|last updated|updated)(?:\s+on)?\s*:?\s*"
_LABELLED = re.compile(rf"\b{_LABEL}", re.I)
_LABELLED_LINE = re.compile(rf"(?:^|[|·•]\s*){_LABEL}", re.I)  # not "…was published on May 3, 2023."
_YEARLESS_DATELINE = re.compile(rf"^[A-Z][A-Z .'’-]{{1,40}},\s*{_MON}\s+\d{{1,2}}\s*\(", re.I)
_ISO_STAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?,\s*(?P<date>[^(–—-]{6,30}?)\s*(?:\([^)]*\))?\s*(?:--|[-–—])"
)
_AGENCY = re.compile(r"^[A-Z][A-Za-z0-9 .,'’-]{1,60}?\((?P<agency>[A-Z][A-Za-z .&-]{1,30})\)\s*(?:--|[-–—])")
_CLOCK = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?|\b(?:[A-Z]{2,4}|GMT|UTC)(?:[+-]\d{1,2})?\b"
)
_WEEKDAY = re.compile(r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|nesday|rsday|urday)?\b\.?", re.I)


def find_date(text: str) -> date | None:
    """The first complete calendar date in a string (``March 3, 2023``, ``3 March 2023``, ``2023-03-03``)."""
    found = [(m.start(), m) for form in _DATE_FORMS if (m := form.search(text))]
    for _, m in sorted(found, key=lambda pair: pair[0]):
        parts = m.groupdict()
        month = _MONTHS[parts["mon"][:3].lower()] if parts.get("mon") else int(parts["month"])
        try:
            value = date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            continue
        if 1900 <= value.year <= 2100:
            return value
    return None


# A date as Chinese and East Asian pages print it, year first: "2026/12/03", "2026年12月3日". Read only when it is the
# whole line: in an address ("…/2026/12/03/story") or a sentence it is not a stamp of the article.
_LINE_STAMP = re.compile(r"^(\d{4})\s*(?:/\s*(\d{1,2})\s*/\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)$")


def _line_stamp(text: str) -> date | None:
    """The date of a line that is only a year-first stamp ("2026/12/03", "2026年12月3日"), else None."""
    if not (m := _LINE_STAMP.match(_visible(text))):
        return None
    try:
        value = date(int(m[1]), int(m[2] or m[4]), int(m[3] or m[5]))
    except ValueError:
        return None
    return value if 1900 <= value.year <= 2100 else None


def line_date(text: str) -> date | None:
    """The date of a line that is a date stamp (`_is_date_line`), in any of the forms a page prints one."""
    if (day := _line_stamp(text)) is not None:
        return day
    return find_date(text) if _is_date_line(text) else None


def _date_alone(text: str) -> date | None:
    """The date of a line that is a date and nothing else ("December 3, 2026", "Thursday, 3 December 2026",
    "2026年12月3日"): no byline, no label, no clock beside it."""
    if (day := _line_stamp(text)) is not None:
        return day
    rest = text
    for form in (*_DATE_FORMS, _WEEKDAY):
        rest = form.sub(" ", rest)
    return None if re.search(r"\w", rest) else find_date(text)


def _is_date_line(text: str) -> bool:
    """A line that is only a date stamp (weekday, date, time, zone, byline), not a sentence mentioning one."""
    if _line_stamp(text) is not None:
        return True
    if _words(text) > 16 or find_date(text) is None:
        return False
    rest = text
    if m := _BYLINE.match(text):
        rest = m["rest"] or ""
    for form in (*_DATE_FORMS, _CLOCK, _WEEKDAY, _LABELLED, re.compile(r"\b(at|on)\b", re.I)):
        rest = form.sub(" ", rest)
    return len(re.findall(r"[A-Za-z]{2,}", rest)) <= 2


# --- the page: which line is what -------------------------------------------------


@dataclass
class _Page:
    """Scratch state while reading one article; every decision leaves a report line."""

    lines: list[tuple[int, str]]  # (line number, stripped text); blank lines kept
    dropped: dict[int, str] = field(default_factory=dict)
    dates: list[tuple[int, date, str, int]] = field(default_factory=list)  # (rank, date, evidence, line)
    ignored_dates: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    title: str | None = None
    title_line: int | None = None
    source_name: str | None = None
    source_url: str | None = None
    copyright: tuple[str, int] | None = None  # (holder, line): the site's own name, usually
    author: str | None = None
    doubtful_author: str | None = None  # a byline that names no person ("Office"), left for an editor

    def drop(self, no: int, rule: str) -> None:
        self.dropped.setdefault(no, rule)

    def kept(self, after: int = 0) -> list[tuple[int, str]]:
        return [(no, t) for no, t in self.lines if t and no > after and no not in self.dropped]


def _read_lines(page: _Page, config: Config) -> None:
    """First pass: noise, metadata and labelled dates, each recognisable from one line alone."""
    config_noise = _config_noise(config)
    first = next((no for no, text in page.lines if text), 0)
    for no, text in page.lines:
        if not text or _TRAILER.match(text):
            continue  # trailer headings are judged with what follows them, later
        if (m := _EXPLICIT.match(text)) and (day := find_date(m["iso"])):
            page.dates.append((0, day, "explicit date line", no))
            if m["rest"] and no == first:  # seed 000: "date 2024-10-16 Xi Jinping calls for…"
                page.title, page.title_line = m["rest"], no
                page.found.append(f'title "{m["rest"]}" (rest of the explicit date line, line {no})')
            elif not m["rest"]:
                page.drop(no, "date line")
        elif _LABELLED_LINE.search(text) and _words(text) <= 20 and (labelled := _labelled_dates(text)):
            for label, day in labelled:  # "Published … Updated …" on one line: each label its own date
                page.dates.append((4 if "updated" in label else 1, day, f'"{label}" line', no))
            page.drop(no, "date line")
            _note_author(page, text, no)
        elif _UNREAD_DATE_LINE.match(text) and _words(text) <= 12:
            page.drop(no, "date line")
            page.ignored_dates.append(f'"{text}" on line {no}: a date written with numbers only, read either way')
            _note_author(page, text, no)
        elif m := _URL_LINE.match(text):
            if m["label"] and page.source_url is None:
                page.source_url = m["url"]
                page.found.append(f"source url {m['url']} (labelled URL line, line {no})")
            if m["label"]:
                page.drop(no, "source URL line")
        elif _BYLINE.match(text) and _words(text) <= 10 and not text.endswith(".") and not _is_date_line(text):
            page.drop(no, "byline")
            page.found.append(f'byline "{text}" (line {no}; kept out of the body)')
            _note_author(page, text, no)
        elif rule := _noise_rule(text, config_noise):
            page.drop(no, rule)
            if rule == "copyright line" and (m := _HOLDER.match(text)) and _words(m["holder"]) <= 6:
                page.copyright = page.copyright or (m["holder"], no)
            if rule == "relative time":
                page.ignored_dates.append(f'"{text}" on line {no}: a relative time, not a date')


# "Posted on 05/03/2024 by admin": May 3 or March 5; never guessed.
_UNREAD_DATE_LINE = re.compile(r"^(?:first published|published|posted|last updated|updated)\s+(?:on\s+)?:?\s*\d", re.I)


def _labelled_dates(text: str) -> list[tuple[str, date]]:
    """Each label of a date line ("published", "updated"…) with the first date after it and before the next label."""
    labels = list(_LABELLED.finditer(text))
    found = []
    if labels and (day := find_date(text[: labels[0].start()])):
        found.append(("published", day))  # "Nov. 16, 2023 · Updated Nov. 17, 2023": the first stamp is the original
    for m, after in zip(labels, [*labels[1:], None], strict=True):
        if day := find_date(text[m.end() : after.start() if after else len(text)]):
            found.append((m["label"].lower(), day))
    return found


_AUTHOR_IN_LINE = re.compile(r"(?:^|\s)by\s+(?P<who>[A-Z][\w.’'-]*(?:\s+(?:[A-Z][\w.’'-]*|and|&|de|van|von)){0,5})")
# Who a site names when nobody signed: not an author an editor can cite.


def _note_author(page: _Page, text: str, no: int) -> None:
    """The first byline's names become `source.author` (never a site account such as "admin")."""
    if page.author is not None:
        return
    m = _BYLINE.match(text)
    who = m["who"] if m else (a["who"] if (a := _AUTHOR_IN_LINE.search(text)) else None)
    if who is None:
        return
    who = re.sub(r"\s*(,|&)\s*", lambda c: " and " if c[1] == "&" else ", ", who).strip(" ,")
    if who.casefold() in NOT_AUTHORS or not any(c.isalpha() for c in who):
        page.found.append(f'byline "{who}" (line {no}) is a site account, not an author: not written')
        return
    if why := not_a_name(who, [page.source_name or ""]):
        page.doubtful_author = page.doubtful_author or who
        page.found.append(f'needs review: author — the byline "{who}" (line {no}) was left out: {why}')
        return
    page.author = who
    page.found.append(f'author "{who}" (byline, line {no})')


def _config_noise(config: Config) -> list[tuple[str, re.Pattern[str]]]:
    return [(f"config import.noise /{p}/", re.compile(p, re.I)) for p in config.import_rules.noise]


def _first_headline(page: _Page) -> int | None:
    """Where `_find_title` would take the headline from: the first line of 4-25 words after the page's widgets."""
    for at, (_, text) in enumerate(page.kept()):
        if _is_date_line(text) or _ISO_STAMP.search(text) or words_in(text) < 4 or _is_issuer(text):
            continue
        if page.copyright and text.casefold() == page.copyright[0].casefold():
            continue
        return at if words_in(text) <= 25 else None
    return None


def _headline_above(page: _Page, main_start: int | None) -> None:
    """The headline is the last headline-like line above the article's main block of prose: on a page whose first
    such line is a site's tagline, a menu or a teaser, what is above it is furniture. The first stays the headline
    when the later one only repeats it (a title with its site's name, then without)."""
    if page.title is not None or main_start is None:
        return
    kept = page.kept()
    # the main block's first line kept: its very first may be furniture ("Get our newsletter for the news you need.")
    start = next((at for at, (no, _) in enumerate(kept) if no >= main_start), len(kept))
    first = _first_headline(page)
    if first is None or first >= start:
        return
    if any(_same_headline(kept[first][1], text) for _, text in kept[first + 1 : start]):
        return  # the page's title, then its headline: the title is read with its site's name (_clean_title)
    for at in range(start - 1, max(start - 16, first), -1):
        no, text = kept[at]
        if _headline_shaped(text):
            page.title, page.title_line = text, no
            page.found.append(f"title (the last headline above the main block of prose, line {no})")
            for before, _ in kept[:at]:
                page.drop(before, "before the headline")
            return


def _between_headline_and_prose(page: _Page, main_start: int | None) -> None:
    """Between a headline and the article's prose stand a standfirst and a byline at most: what is further up
    (teasers, captions, menus of a page whose title line heads the dump) is furniture."""
    if page.title_line is None or main_start is None or main_start <= page.title_line:
        return
    between = [(no, text) for no, text in page.kept(page.title_line) if no < main_start]
    for no, text in between[:-2]:
        if not (_is_date_line(text) or _ISO_STAMP.search(text) or _LABELLED_LINE.search(text)):  # read next
            page.drop(no, "between the headline and the article's prose")


def _headline_shaped(text: str) -> bool:
    return (
        4 <= words_in(text) <= 25
        and not text.endswith(".")
        and not _is_date_line(text)
        and not _is_issuer(text)
        and not _BYLINE.match(text)
        and not (text.lower().startswith("by ") and _words(text) <= 6)
        and call_to_action(text) is None
    )


def _same_headline(one: str, other: str) -> bool:
    """The page's title line and its headline: one holds the other, or most of their words are the same."""
    a, b = one.casefold(), other.casefold()
    if a.startswith(b) or b.startswith(a) or a in b or b in a:
        return True
    words_a, words_b = set(re.findall(r"\w+", a)), set(re.findall(r"\w+", b))
    smaller = min(len(words_a), len(words_b))
    return smaller > 0 and len(words_a & words_b) >= 0.6 * smaller


def _printed_headline(page: _Page, main_start: int | None) -> None:
    """A dump's first line is usually the page's <title>, written for search engines and tabs; the headline readers
    see is printed again above the article. When a headline-shaped line there says what the title line says (the
    same words, a part of them, or most of its meaningful words), that line is the headline: two sources agree."""
    first_no, first = next(((no, text) for no, text in page.lines if text), (0, ""))
    if page.title is None or page.title_line is None or main_start is None or first_no >= main_start:
        return
    on_first = page.title_line == first_no
    if not on_first and _agree(page.title, first):
        return  # the headline found already says what the title line says
    said = page.title if on_first else without_site_name(first, [page.source_name] if page.source_name else [])
    for no, text in page.lines:
        if not (first_no < no < main_start and text and _headline_shaped(text)) or page.dropped.get(no) in _FACTS:
            continue
        if on_first and _squeezed(said) in _squeezed(text):
            return  # the title line's own words again (with a section's or the site's name): the title line stays
        if _agree(said, text):
            if not on_first:  # the line taken for the headline before: a teaser between the headline and the prose
                page.drop(page.title_line, "another headline between the headline and the article's prose")
            page.title, page.title_line = text, no
            page.dropped.pop(no, None)
            page.found.append(f"title (the headline above the article, line {no}: the page's title line agrees)")
            _between_headline_and_prose(page, main_start)
            return


_FACTS = ("date line", "byline", "source URL line")  # lines read for what they state, never a headline


def _folded(text: str) -> str:
    return " " + re.sub(r"\W+", " ", text.casefold()).strip() + " "


def _squeezed(text: str) -> str:
    """Letters and digits only: "…the InfantaUltima Hora" still holds "…the Infanta" (a dump glues some blocks)."""
    return re.sub(r"\W+", "", text.casefold())


def _agree(one: str, other: str) -> bool:
    """Two titles of one article: one holds the other, or most meaningful words of the shorter are in the longer."""
    a, b = _folded(one), _folded(other)
    if a.strip() and b.strip() and (a in b or b in a):
        return True
    words_a, words_b = boilerplate.content_words(one), boilerplate.content_words(other)
    shared = len(words_a & words_b)
    return shared >= 3 and shared >= 0.6 * min(len(words_a), len(words_b))


def _find_title(page: _Page) -> None:
    """The first line that reads like a headline; short widgets and dates before it are page furniture."""
    if page.title is not None:
        return
    for no, text in page.kept():
        if _is_date_line(text) or _ISO_STAMP.search(text):
            page.drop(no, "page header date before the headline")
            page.ignored_dates.append(f'"{text}" on line {no}: page header date before the headline')
        elif page.copyright and text.casefold() == page.copyright[0].casefold():
            page.drop(no, "site name before the headline")
        elif _is_issuer(text):
            page.drop(no, _ISSUER_LINE)
        elif words_in(text) < 4:
            page.drop(no, "page header widget before the headline")
        elif words_in(text) > 25:
            return
        else:
            page.title, page.title_line = text, no
            page.found.append(f"title (first headline, line {no})")
            return


def _clean_title(page: _Page, config: Config) -> None:
    """Split a trailing site name off the headline and drop the repeated title."""
    if page.title is None or page.title_line is None:
        return
    later = {re.sub(r"\s+", " ", t).casefold(): no for no, t in page.kept(page.title_line)[:12]}
    suffixes = [re.compile(p, re.I) for p in config.import_rules.source_suffixes]
    original = title = page.title
    for sep in (" | ", " – ", " — ", " - "):
        if sep not in title:
            continue
        head, tail = title.rsplit(sep, 1)
        if _words(tail) > 6 or tail.endswith(tuple(_TERMINAL)):
            continue
        if head.casefold() in later:
            evidence = "site suffix of the repeated title"
        elif any(p.search(head) for p in suffixes):
            evidence = "site name after the section suffix of the headline"
        elif sep == " | ":
            evidence = 'site name after " | " in the headline'
        else:
            continue
        page.source_name, title = tail.strip(), head.strip()
        page.found.append(f'source name "{page.source_name}" ({evidence}, line {page.title_line})')
        break
    if title == original and (repeated := _repeated_headline(page, original)):
        title, site = repeated
        if site and page.source_name is None:
            page.source_name = site
            page.found.append(f'source name "{site}" (after the headline the page repeats, line {page.title_line})')
    repeats = {original.casefold(), title.casefold()}
    for pattern in suffixes:
        if (m := pattern.search(title)) and m.end() == len(title) and m.start() > 0:
            title = title[: m.start()].rstrip()
            page.found.append(f'title: removed section suffix "{m.group().strip(", ")}" (import.title_suffixes)')
    page.title = title
    repeats.add(title.casefold())
    for no, text in page.kept(page.title_line)[:12]:
        if re.sub(r"\s+", " ", text).casefold() in repeats:
            page.drop(no, "repeated title")


def _repeated_headline(page: _Page, original: str) -> tuple[str, str | None] | None:
    """When a dump's title line is the headline the page shows further down plus its site's name or sections
    ("… » Local » Noticias » Ultima Hora", "…-新华网"): that headline, and the last of what follows it."""
    folded = original.casefold()
    after = [t for no, t in page.lines if no > (page.title_line or 0)][:400]
    for text in after:
        line = re.sub(r"\s+", " ", text).strip()
        if not 10 <= len(line) < len(original) or not folded.startswith(line.casefold()):
            continue
        tail = original[len(line) :]
        if tail[:1].isalnum() and not UNSPACED.match(line[-1]):
            continue  # the line ends inside one of the title's words
        parts = [part for part in re.split(r"\s*(?:[|»:：·]|--?|–|—)\s*", tail.strip()) if part.strip()]
        return line, (parts[-1].strip() if parts and words_in(parts[-1]) <= 6 else None)
    return None


def _read_header_and_trailer(page: _Page) -> None:
    """Between headline and first paragraph only metadata lives; after a trailer heading only link lists."""
    after = page.title_line or 0
    kept = page.kept(after)
    for no, text in kept:
        if words_in(text) >= 12 or (words_in(text) >= 5 and text.endswith(SENTENCE_END)):
            break
        if _is_date_line(text) or _ISO_STAMP.search(text):
            day = line_date(text) or find_date(text)
            if day is not None:
                kind = (2, "ISO timestamp") if _ISO_STAMP.search(text) else (3, "date line after the headline")
                page.dates.append((kind[0], day, kind[1], no))
            page.drop(no, "date line")
            _note_author(page, text, no)
        elif m := _URL_LINE.match(text):
            if page.source_url is None:
                page.source_url = m["url"]
                page.found.append(f"source url {m['url']} (URL line under the headline, line {no})")
            page.drop(no, "source URL line")
        elif _is_issuer(text):
            page.drop(no, _ISSUER_LINE)
        elif words_in(text) <= 3 and not _TRAILER.match(text):
            page.drop(no, "section line under the headline")
    kept = page.kept(after)
    links_from = _links_from(kept)
    for i, (no, text) in enumerate(kept):
        if not _TRAILER.match(text):
            continue
        if links_from <= i + 1:  # everything after it is a link list
            for n, _ in kept[i:]:
                page.drop(n, f'trailer block from "{text}" (line {no}) to the end')
            return
        page.drop(no, "trailer heading")
        if text.lower() == "tags" and i + 1 < len(kept) and _words(kept[i + 1][1]) <= 12:
            page.drop(kept[i + 1][0], "tag list")


def _read_date_above(page: _Page) -> None:
    """A statement's date printed above its headline ("December 3, 2026", "2026-12-03"), alone or among its other
    header lines (release marker, office, place): the article's date. Only when every line above the headline is
    such a line: a date among a page's widgets ("27.5 C", "Philippines") is the day the page was saved."""
    if page.title_line is None:
        return
    above = [(no, text) for no, text in page.lines if text and no < page.title_line]
    if not above or not all(_opening_line(text) for _, text in above):
        return
    for no, text in above:
        if day := line_date(text):
            page.dates.append((3, day, "date line above the headline", no))
            page.dropped[no] = "date line"
            page.ignored_dates = [said for said in page.ignored_dates if not said.startswith(f'"{text}" on line {no}:')]


def _read_sign_off(page: _Page) -> None:
    """The lines a statement ends with, after its last sentence: the issuing office ("Office of the Spokesperson",
    "Ministry of Foreign Affairs of the People's Republic of China"), with a place or a date beside it. They are who
    issued it, not its text, as at its top; a place alone at the end (a letter's) is left where it is."""
    after = page.title_line or 0
    lines = [
        (no, t) for no, t in page.lines if t and no > after and (no not in page.dropped or _END.match(_visible(t)))
    ]
    texts = [text for _, text in lines]
    for at in _below_end_mark(texts):
        page.drop(lines[at][0], "after the release's end mark: its contacts or notes, not its text")
    for at in _told_below_end_mark(texts):
        page.found.append(f"kept line {lines[at][0]} after the end mark: {_TOLD}")
    body = page.kept(after)
    run = []
    for no, text in reversed(body[1:]):  # the first line stays: it is the text's, whatever it says
        if len(run) == ISSUER_REACH or not _opening_line(text):
            break
        run.append((no, text))
    if any(_is_issuer(text) for _, text in run):
        for no, _ in run:
            page.drop(no, "sign-off: who issued the statement, not its text")


_END_DATE = "date line at the statement's end"


def _read_date_below(page: _Page) -> None:
    """A statement's date printed as its last line ("December 3, 2026", "2026年12月3日"), often right under the
    issuing office, as China's foreign ministry ends its statements: read last of the dates (`_chosen_date` says when
    it disagrees with one read before) and kept out of the text. Only where nothing but the office, a place or dates
    stands between it and the last sentence: a date among a page's closing widgets is the day the page was saved."""
    after = page.title_line or 0
    lines = [(no, text) for no, text in page.lines if text and no > after]
    run: list[tuple[int, str]] = []
    for no, text in reversed(lines):
        if len(run) == ISSUER_REACH or not _opening_line(text):
            break
        run.append((no, text))
    if not run or len(run) == len(lines) or lines[-len(run) - 1][0] in page.dropped:
        return  # the line above the run is not the text's
    for no, text in run:
        if (day := _date_alone(text)) is not None:
            page.dates.append((5, day, _END_DATE, no))
            page.dropped[no] = _END_DATE
            return


def _chosen_date(page: _Page, unsure: dict[str, str], report: list[str]) -> date | None:
    """The best-ranked date found; a statement's closing date that says otherwise is put to the editor."""
    if not page.dates:
        unsure["date"] = "not found"
        ignored = "; ".join(page.ignored_dates)
        report.append("needs review: date — no article date found" + (f" (ignored {ignored})" if ignored else ""))
        return None
    rank, day, evidence, no = min(page.dates)
    report.append(f"date {day} ({evidence}, line {no})")
    for _, other, said, at in page.dates:
        if said == _END_DATE and other != day:
            unsure["date"] = f"the statement's last line says {other}"
            report.append(f"needs review: date — kept {day} ({evidence}); the last line (line {at}) says {other}")
    return day


# What a story tells its readers below its end mark, which is its text: a correction, an editor's note, an update.
# Not a note to the papers that take a wire ("(CORRECTION: CORRECTS name)", in capitals) nor a release's "Notes
# to editors".
_TOLD_TO_READERS = re.compile(
    r"^\(?\s*(?:correction|clarification|update|updated|editor['’]?s['’]? note)\s*[:：—–-]\s*(?-i:(?![A-Z]{2,}\b))"
    r"|\b(?:an earlier|a previous) version of this (?:story|article|report)"
    r"|\bthis (?:story|article|report) (?:has been|was) (?:corrected|updated|amended)",
    re.I,
)


def _below_end_mark(texts: list[str]) -> list[int]:
    """The lines after a release's end mark that are its contacts or notes to editors, not its text."""
    start = _after_end_mark(texts)
    return [] if start is None else [at for at in range(start, len(texts)) if not _told_to_readers(texts[at])]


def _told_below_end_mark(texts: list[str]) -> list[int]:
    """The lines after an end mark kept as text: a correction or an editor's note told to readers."""
    start = _after_end_mark(texts)
    return [] if start is None else [at for at in range(start, len(texts)) if _told_to_readers(texts[at])]


def _told_to_readers(text: str) -> bool:
    return _TOLD_TO_READERS.search(_visible(text)) is not None


_TOLD = "a correction or note told to readers"


def _after_end_mark(texts: list[str]) -> int | None:
    """Where the lines after a release's end mark ("###", "– END –") begin, when at most ISSUER_REACH follow it (a
    press contact, a note to editors: not the release) and text stands above it; None when there are none."""
    for at in range(len(texts) - 2, max(len(texts) - 2 - ISSUER_REACH, 0), -1):
        if _END.match(_visible(texts[at])):
            return at + 1
    return None


def _links_from(lines: list[tuple[int, str]]) -> int:
    """Where the run of link-list lines that ends the page starts (len(lines) when the last line is not one)."""
    start = len(lines)
    while start and _is_link_text(lines[start - 1][1]):
        start -= 1
    return start


def _is_link_text(text: str) -> bool:
    """Items of a link list are headlines or tags: short, and not sentences ending in a full stop."""
    return _words(text) <= 15 and not text.endswith((".", ".”", '."'))


def _read_dateline(page: _Page) -> None:
    """A wire dateline on the first paragraph may carry the date and the agency."""
    body = page.kept(page.title_line or 0)
    if not body:
        return
    no, text = body[0]
    if (m := _DATELINE.match(text)) and (day := find_date(m["date"])):
        page.dates.append((2, day, "dateline", no))
    elif m := _YEARLESS_DATELINE.match(text):
        page.ignored_dates.append(f'"{m.group()[:-1].strip()}" on line {no}: a dateline without a year')
    if (m := _AGENCY.match(text)) and page.source_name is None:
        page.source_name = m["agency"].strip()
        page.found.append(f'source name "{page.source_name}" (agency in the dateline, line {no})')


# --- body -------------------------------------------------------------------------


def escape(text: str, heading: bool = False) -> str:
    """Backslash-escape what Markdown would read as markup, so scraped text renders as plain text."""
    text = re.sub(r"([\\`*_\[\]<~#])" if heading else r"([\\`*_\[\]<~])", r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    return block_start(text)  # 2024. That year → 2024\. (a digit cannot be escaped), "- x" → "\\- x"


def _is_subheading(text: str) -> bool:
    """Short, unpunctuated, capitalised lines between paragraphs are the article's own crossheads."""
    return 2 <= _words(text) <= 14 and len(text) <= 100 and text[0].isupper() and text[-1].isalnum()


def body_blocks(lines: list[tuple[int, str]], broken: list[str] | None = None) -> list[tuple[int, str, bool]]:
    """(line, text, is_subheading): one paragraph per line, re-joining hard-wrapped continuation lines: a line
    that follows one ending mid-sentence and starts in lower case, or, in a text wrapped at a fixed width (a
    statement copied from a PDF), any line that follows one reaching that width. A word broken across two lines
    keeps its hyphen ("de-ployment"), and is added to `broken`: which hyphens are the word's own no rule can tell."""
    width = wrap_width(lines)
    paragraphs: list[tuple[int, list[str]]] = []  # (first line, its lines): joined once, at the end
    length = 0  # of the last paragraph, joined
    for i, (no, text) in enumerate(lines):
        previous = lines[i - 1] if i else None  # the last paragraph's last line
        if previous and no == previous[0] + 1 and _continues(previous[1], text, length, width):
            paragraphs[-1][1].append(text)
            length += 1 + len(text)
        else:
            paragraphs.append((no, [text]))
            length = len(text)
    joined = [(no, _join(parts, broken if broken is not None else [])) for no, parts in paragraphs]
    return [(no, text, 0 < i < len(joined) - 1 and _is_subheading(text)) for i, (no, text) in enumerate(joined)]


def _continues(previous: str, text: str, length: int, width: int | None) -> bool:
    """Whether a line goes on with the paragraph of the line just above it."""
    if width is not None and _wrapped(previous, text, width):
        return True
    return length >= 40 and not previous.endswith(tuple(_TERMINAL)) and text[:1].islower()


def _wrapped(previous: str, text: str, width: int) -> bool:
    """Whether a line was broken where it is because the next word would not fit in the width."""
    return len(previous) >= 30 and len(previous) + 1 + len(text.split()[0]) > width


def _join(parts: list[str], broken: list[str]) -> str:
    """A paragraph's lines as one: a space between them, none after a hyphen that breaks a word ("de-" "ployment")."""
    text = parts[0]
    for part in parts[1:]:
        if (end := _BROKEN_WORD.search(text)) and part[:1].islower():
            broken.append(end.group() + part.split()[0])
            text += part
        else:
            text += " " + part
    return text


_BROKEN_WORD = re.compile(r"[^\W\d_]+-$")


def wrap_width(lines: list[tuple[int, str]]) -> int | None:
    """The width a text is hard-wrapped at (a PDF's or an e-mail's lines), or None when its lines are paragraphs.
    Wrapped, most of its lines of 30 characters or more that another line follows end mid-sentence where the next
    word would not have fitted, and none is over 120 characters."""
    longer = [len(text) for _, text in lines if len(text) >= 30]
    if not longer or max(longer) > 120:
        return None
    width = max(longer)
    pairs = [(a[1], b[1]) for a, b in zip(lines, lines[1:], strict=False) if b[0] == a[0] + 1 and len(a[1]) >= 30]
    broken = [a for a, b in pairs if _wrapped(a, b, width) and not a.endswith(tuple(_TERMINAL))]
    return width if len(broken) >= 3 and len(broken) >= 0.5 * len(pairs) else None


# --- suggestions --------------------------------------------------------------------

_TITLES = {  # words that may stand before a surname without being someone's first name
    *("mr", "mrs", "ms", "dr", "president", "vice", "premier", "chairman", "secretary", "minister", "ambassador"),
    *("envoy", "spokesperson", "spokesman", "spokeswoman", "governor", "senator", "sen", "rep", "general", "gen"),
    *("admiral", "adm", "director", "adviser", "advisor", "deputy", "chief", "leader", "counselor", "state"),
    *("foreign", "defense", "defence", "treasury", "us", "u.s.", "chinese", "american", "former"),
}


@lru_cache(maxsize=4096)
def _term(term: str, plural: bool = False) -> re.Pattern[str]:
    """A term's words, whole: the pattern checks the end; `_matches` checks the start, three times faster than a
    look-behind, which keeps the regex engine from skipping to the term's first letter."""
    words = r"\s+".join(re.escape(w) for w in term.split())
    return re.compile(rf"{words}{'(?:s|es)?' if plural else ''}(?!\w)", re.I)


_SEP = "\x00"  # between the lines of a _Lines text: neither a word character nor white space, and never in text


class _Lines:
    """The searchable lines as one text, each term searched once over all of them (not once per line)."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.numbers = [no for no, _ in lines]
        self.text = _SEP.join(text for _, text in lines)
        self.starts = [0]
        for _, text in lines[:-1]:
            self.starts.append(self.starts[-1] + len(text) + 1)

    def index(self, offset: int) -> int:
        """Which line (0 for the first) holds offset."""
        return bisect_right(self.starts, offset) - 1


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""What `(?<!\w)` + pattern finds: matches not preceded by a word character."""
    pos = 0
    while m := pattern.search(text, pos):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
            pos = m.start() + 1
            continue
        yield m
        pos = max(m.end(), m.start() + 1)


def _hits(pattern: re.Pattern[str], lines: _Lines) -> list[tuple[int, str]]:
    return [(lines.numbers[lines.index(m.start())], m.group()) for m in _matches(pattern, lines.text)]


def _evidence(hits: list[tuple[int, str]]) -> str:
    lines_of: dict[str, set[int]] = {}
    for no, word in hits:
        lines_of.setdefault(word, set()).add(no)
    shown = {w: sorted(ns) for w, ns in lines_of.items()}
    return ", ".join(
        f'"{w}" (line{"s" if len(ns) > 1 else ""} {", ".join(map(str, ns[:4]))})' for w, ns in shown.items()
    )


def _person_hits(person: Person, lines: _Lines) -> list[tuple[int, str]]:
    """Full name anywhere; a one-word alias only when it is not part of someone else's name (Wang Wenbin)."""
    own = {word.casefold() for term in (person.name, *person.aliases) for word in term.split()}
    terms = (person.name, *sorted(person.aliases, key=len, reverse=True))
    hits: list[tuple[int, int, int, str]] = []  # (line, term, offset, text): line by line, as the report reads
    taken: list[tuple[int, int]] = []  # in order, not overlapping: each term's matches are merged in
    for t, term in enumerate(terms):
        found = []
        k = 0  # the first taken span that ends after the last match looked at
        for m in _matches(_term(term), lines.text):
            while k < len(taken) and taken[k][1] <= m.start():
                k += 1
            if k < len(taken) and taken[k][0] < m.end():
                continue  # overlaps a longer name's match
            if " " not in term and _other_name(lines.text, m, own):
                continue
            found.append(m.span())
            hits.append((lines.index(m.start()), t, m.start(), m.group()))
        taken = sorted(taken + found) if taken and found else taken or found
    return [(lines.numbers[line], text) for line, _, _, text in sorted(hits)]


_NEXT_CAPITALISED = re.compile(r"\s+([A-Z][\w’'-]*)")


def _other_name(text: str, m: re.Match[str], own: set[str]) -> bool:
    after = _NEXT_CAPITALISED.match(text, m.end())
    if after and after[1].casefold() not in own:
        return True
    before = _name_before(text, m.start())
    return bool(before and before.casefold() not in own | _TITLES)


def _name_before(text: str, end: int) -> str | None:
    r"""What group 2 of `([^.!?:"“]\s+)([A-Z][\w.’'-]*)\s+$` finds in text[:end]: the capitalised word before the
    white space that ends it, unless a sentence ends just before that word. Read backwards, not by a search of
    text[:end], which would make a line of many names quadratic."""
    stop = end
    while stop and text[stop - 1].isspace():
        stop -= 1
    start = stop
    while start and not text[start - 1].isspace() and text[start - 1] != _SEP:  # _SEP: a line's start
        start -= 1
    word, space = text[start:stop], start
    while space and text[space - 1].isspace():
        space -= 1
    if stop == end or not word or not "A" <= word[0] <= "Z" or not all(c.isalnum() or c in "_.’'-" for c in word):
        return None
    if start - space >= 2 or (space and text[space - 1] not in '.!?:"“' + _SEP):
        return word
    return None


def suggest(lines: list[tuple[int, str]], day: date | None, config: Config) -> tuple[dict[str, list[str]], list[str]]:
    """Themes, people and meetings the text gives evidence for, and the report lines saying which evidence."""
    found: dict[str, list[str]] = {"themes": [], "people": [], "meetings": []}
    report: list[str] = []
    text = _Lines(lines)
    for slug, theme in config.themes.items():
        hits = [h for kw in theme.keywords for h in _hits(_term(kw, plural=True), text)]
        if hits:
            found["themes"].append(slug)
            report.append(f"theme {slug}: keywords {_evidence(hits)}")
    for slug, person in config.people.items():
        if hits := _person_hits(person, text):
            found["people"].append(slug)
            report.append(f"person {slug}: {_evidence(hits)}")
    for slug, meeting in config.meetings.items():
        hits = [h for kw in meeting.keywords for h in _hits(_term(kw, plural=True), text)]
        named = [p for p in meeting.participants if p in found["people"]]
        if not hits or (meeting.participants and not named):
            continue
        why = f"keywords {_evidence(hits)}; participants named: {', '.join(named) or 'none listed'}"
        if day is None:
            report.append(f"possible meeting {slug} (not written: no article date to check it against): {why}")
            found.setdefault("candidate meetings", []).append(slug)
        elif _in_window(day, meeting):
            found["meetings"].append(slug)
            report.append(f"meeting {slug}: {why}; article date within -30/+365 days of {meeting.start}")
        else:
            report.append(f"not meeting {slug}: {why}, but the article date {day} is outside -30/+365 days of it")
    return found, report


def _in_window(day: date, meeting: Meeting) -> bool:
    return meeting.start - MEETING_BEFORE <= day <= meeting.last_day + MEETING_AFTER


# --- output ---------------------------------------------------------------------------


# What every import asks an editor to confirm, whatever the importer found: nothing is published unreviewed.
ALWAYS_REVIEWED = ("title", "date", "source", "themes", "meetings", "people")


@dataclass
class Draft:
    """What an import found, before it is written; each fact has a report line saying where it came from."""

    title: str
    day: date | None
    source: dict[str, str | None]  # name, url, author, origin: as front matter writes them, empty ones left out
    blocks: list[str]  # the body: Markdown, one block each
    searchable: list[tuple[int, str]]  # (line, plain text) where themes, meetings and people are looked for
    report: list[str]
    unsure: dict[str, str] = field(default_factory=dict)  # field → why an editor must look closer
    summary: str | None = None
    published: datetime | None = None  # the time the page gives with its offset, in the site's time zone, on `day`


def review_list(unsure: dict[str, str]) -> list[str]:
    """Every fact the importer wrote, each with the reason when it was unsure of it, then anything else unsure."""
    items = [f"{key} ({unsure[key]})" if key in unsure else key for key in ALWAYS_REVIEWED]
    return items + [f"{key} ({why})" for key, why in unsure.items() if key not in ALWAYS_REVIEWED]


def flow_list(items: list[str]) -> str:
    """A YAML list on one line, `[a, 'b, c']`: an item holding a comma is quoted, where yaml_scalar (right for a
    value of its own) leaves it plain and the list reads it as two items."""
    return yaml.safe_dump(items, allow_unicode=True, width=1_000_000, default_flow_style=True).strip()


def front_matter(draft: Draft, found: dict, review: list[str]) -> str:
    lines = ["---", f"title: {yaml_scalar(draft.title)}"]
    if draft.day is not None:
        lines.append(f"date: {(draft.published or draft.day).isoformat()}")
    lines.append("source:")
    lines += [f"  {key}: {yaml_scalar(value)}" for key, value in draft.source.items() if value]
    lines += [f"{key}: [{', '.join(found[key])}]" for key in ("themes", "meetings", "people")]
    if draft.summary:
        lines.append(f"summary: {yaml_scalar(draft.summary)}")
    lines += ["draft: true", f"review: {flow_list(review)}"]
    return "\n".join([*lines, "---"]) + "\n"


# --- the whole conversion ---------------------------------------------------------------


def convert(
    raw: bytes, origin: str, config: Config, url: str | None = None, saved_as: str | None = None
) -> ImportResult:
    """Raw bytes (scraped text, or an HTML page, gzipped or not) → the Markdown file's name, text and a report of
    every decision. `url` is the address an HTML page was fetched from, and `saved_as` the file it is kept in."""
    raw, kind = unpack(raw, origin)
    html = kind == "html" or url is not None
    draft = read_html(raw, origin, config, url) if html else read_text(raw, origin, config)
    draft.source["origin"] = saved_as
    return finish(draft, origin, config)


def read_text(raw: bytes, origin: str, config: Config) -> Draft:
    """Scraped text: noise dropped line by line, facts read from the lines that carry them."""
    text, notes = decode(raw, origin)
    page = _Page([(no, re.sub(r"[ \t]+", " ", t).strip()) for no, t in enumerate(text.split("\n"), 1)])
    _read_lines(page, config)
    dropped, main_start = boilerplate.furniture(page.kept())
    for no, reason in dropped.items():
        page.drop(no, reason)
    _headline_above(page, main_start)
    _find_title(page)
    _between_headline_and_prose(page, main_start)
    _clean_title(page, config)
    _printed_headline(page, main_start)
    _read_date_above(page)
    _read_header_and_trailer(page)
    _read_sign_off(page)
    _read_date_below(page)
    _read_dateline(page)
    if page.copyright and page.source_name is None:
        page.source_name, no = page.copyright
        page.found.append(f'source name "{page.source_name}" (copyright line, line {no})')
    body = _body(page, origin)
    unsure: dict[str, str] = {}
    if page.doubtful_author and page.author is None:
        unsure["author"] = f'byline "{page.doubtful_author}" left out, not a person\'s name'
    report = [*notes]
    title = _title(page, body, unsure, report)
    report += page.found
    day = _chosen_date(page, unsure, report)
    broken: list[str] = []
    blocks = body_blocks(body, broken)
    if broken:
        shown = ", ".join(f"“{word}”" for word in broken[:3]) + (
            f" and {len(broken) - 3} more" if len(broken) > 3 else ""
        )
        unsure["text"] = f"word(s) broken across lines kept with their hyphen: {shown}"
        report.append(
            f"needs review: text — {shown} joined across a line break, hyphen kept; drop it where it only broke a word"
        )
    report += [f"subheading (short unpunctuated line between paragraphs, line {no}): {t}" for no, t, h in blocks if h]
    report += [f"dropped line {no} ({rule}): {_clip(t)}" for no, t in page.lines if (rule := page.dropped.get(no))]
    source = {"name": page.source_name, "url": page.source_url, "author": page.author, "origin": None}
    markdown = [("## " + escape(t, heading=True) if head else escape(t)) for _, t, head in blocks]
    searchable = [(page.title_line or 0, title if page.title is None else page.title), *body]
    return Draft(title, day, source, markdown, searchable, report, unsure)


def finish(draft: Draft, origin: str, config: Config) -> ImportResult:
    """Suggestions, what an editor must review, and the file's text and name."""
    report = draft.report
    found, suggestions = suggest(draft.searchable, draft.day, config)
    report += suggestions
    if not found["themes"]:
        draft.unsure["themes"] = "none found"
        report.append("needs review: themes — no theme keyword found in the text")
    if found.pop("candidate meetings", None):
        report.append("to check: meetings — once the date is set, confirm the possible meetings above")
    if not draft.source.get("url"):
        draft.unsure.setdefault("source", "no address")
        report.append("needs review: source — no address of the original found")
    draft.source["origin"] = _file_name(draft.source.get("origin") or origin, report)
    review = review_list(draft.unsure)
    report.append(f"draft: an editor must confirm {', '.join(review)}; then delete `review:` and set `draft: false`")
    document = front_matter(draft, found, review) + "\n" + "\n\n".join(draft.blocks) + "\n"
    if (size := len(document.encode("utf-8"))) > MAX_ARTICLE_BYTES:
        raise _too_long(origin, size)
    filename = f"{draft.day.isoformat() if draft.day else UNDATED}-{slugify(draft.title)}.md"
    return ImportResult(origin, filename, document, report, tuple(draft.unsure), draft.source.get("url"))


# A wire's end mark run into its last sentence instead of set on a line of its own: "…said Wang. Enditem",
# "…Wang.Enditem", "…in late May. (END)". Only after a sentence's end: "the Enditem system" is a word of the text.
_GLUED_END = re.compile(r"(?<=[.!?\"”’)])\s*(?:enditem(?:\s*/\s*[a-z]{1,8})?|\(\s*end\s*\))$", re.I)


def _glued_end_mark(texts: list[str]) -> int | None:
    """Which paragraph an end mark is run into: the last, or one of the few above it when a note or a correction
    follows it; None when none is."""
    for at in range(len(texts) - 1, max(len(texts) - 2 - ISSUER_REACH, -1), -1):
        if _GLUED_END.search(texts[at]):
            return at
    return None


def _without_end_mark(text: str) -> str:
    """The last paragraph without the end mark glued to it, which is the wire's, not the story's."""
    return _GLUED_END.sub("", text)


def _body(page: _Page, origin: str) -> list[tuple[int, str]]:
    """The lines of article text: some, and not more than an article file may hold (said before the slower stages
    work through it all)."""
    body = page.kept(page.title_line or 0)
    if (at := _glued_end_mark([text for _, text in body])) is not None:
        no, text = body[at]
        cut = _without_end_mark(text)
        page.found.append(f'end mark "{text[len(cut) :].strip()}" cut from the end of line {no}')
        body[at] = (no, cut)
    if not body:
        raise fail(
            origin,
            "has no article text left after removing web-page noise",
            "check that it is a news article; if an import.noise pattern in config.yaml is too broad, narrow it",
        )
    if (size := sum(len(text.encode("utf-8")) + 1 for _, text in body)) > MAX_ARTICLE_BYTES:
        raise _too_long(origin, size)
    return body


def _title(page: _Page, body: list[tuple[int, str]], unsure: dict[str, str], report: list[str]) -> str:
    """The headline found, or the start of the first line; cut when too long, and then left for review."""
    if page.title is None:
        unsure["title"] = "no headline found"
        report.append(f"needs review: title — no headline found; used the start of line {body[0][0]}")
        return _shorten(body[0][1], 80)
    if len(page.title) > MAX_TITLE:
        unsure["title"] = "cut"
        report.append(f"needs review: title — the headline is over {MAX_TITLE} characters; cut at a word")
        return _shorten(page.title, MAX_TITLE)
    return page.title


def _too_long(origin: str, size: int) -> DigestError:
    limit = MAX_ARTICLE_BYTES // 2**20
    return fail(
        origin,
        f"would make an article of {megabytes(size)}, over the {limit} MB an article file may have",
        "split it or trim the page before importing",
    )


def _clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _shorten(text: str, width: int) -> str:
    """The text cut at the last space before width, with an ellipsis (at width when it has no space there)."""
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    return text[: cut if cut > 0 else width - 1] + "…"


def _file_name(origin: str, report: list[str]) -> str:
    """The raw file's name for `source.origin`, as a page can show it: a name's undecodable bytes become U+FFFD,
    and its control characters and non-characters go (the report says so)."""
    name = PurePath(origin).name
    shown = _SURROGATE.sub("\ufffd", name).replace("\t", " ").replace("\n", " ").replace("\r", " ")
    shown = CONTROL.sub("", shown)
    if shown != name:
        report.append(f"source origin: {shown!r}, the file's name without what no page can show")
    return shown


_SURROGATE = re.compile("[\ud800-\udfff]")  # what Python makes of a file name's bytes that are not UTF-8


# --- files ------------------------------------------------------------------------------


def import_files(
    inputs: list[str | Path],
    into: Path,
    config: Config,
    force: bool,
    sources: Path | None = None,
    timeout: float = FETCH_TIMEOUT,
) -> tuple[list[ImportResult], list[Problem]]:
    """Convert and write each file or address; one input's problem never stops the others (a wrong --into stops
    them all). A fetched page is kept in `sources` (content/sources/) so its import can be repeated offline."""
    _check_folder(into)
    sources = sources or config.content_dir / "sources"
    results: list[ImportResult] = []
    problems: list[Problem] = []
    written: dict[str, str] = {}  # filename → input, so one run never replaces its own output
    known, fetched = _imported_addresses(into)  # source.url → the articles that hold it; origin → (url, article)
    for item in inputs:
        shown = str(item)
        try:
            if is_address(shown):
                result, status = _import_address(shown, into, sources, config, (force, timeout), (written, known))
            else:
                raw = _read(Path(item))
                kept = _kept_copy(Path(item), raw, sources)
                url, said = _fetched_for(Path(item), raw, kept, fetched)
                result = convert(raw, shown, config, url=url, saved_as=kept and kept.name)
                result = _same_source(replace(result, report=[*said, *result.report]), shown, known, force)
                _not_twice(result, shown, into, written)
                status = _write_both(result, into, force, kept and (kept, raw))
            written[result.filename] = shown
            if result.source_url:
                known.setdefault(address_key(result.source_url), set()).add(into / result.filename)
        except DigestError as error:
            problems.extend(error.problems)
            continue
        results.append(replace(result, report=[*result.report, *status]))
    return results, problems


def _not_twice(result: ImportResult, shown: str, into: Path, written: dict[str, str]) -> None:
    if (first := written.get(result.filename)) and first != shown:
        raise fail(
            shown,
            f"would be written to {into / result.filename}, like {first} in this run",
            "import one of them at a time and rename the first file",
        )


def _import_address(
    url: str, into: Path, sources: Path, config: Config, options: tuple[bool, float], seen: tuple[dict, dict]
) -> tuple[ImportResult, list[str]]:
    """Fetch, convert, then keep the raw page and write the article: both, or neither."""
    (force, timeout), (written, known) = options, seen
    fetched = fetch(url, timeout)
    name = saved_name(fetched.url, fetched.raw)
    result = _same_source(convert(fetched.raw, url, config, url=fetched.url, saved_as=name), url, known, force)
    _not_twice(result, url, into, written)
    kept_raw = sources / name
    status = _write_both(result, into, force, (kept_raw, fetched.raw))
    return result, [f"fetched {fetched.url} ({megabytes(len(fetched.raw))}); kept as {kept_raw}", *status]


# Only the `source:` field of each article is read, and by libyaml: a whole front matter by PyYAML's own parser
# took 5.5 s of an import into a folder of 10,000 articles, this 0.5 s. An alias is never expanded (`check` refuses
# them): a few lines of them could make billions of values.
_SOURCE_FIELD = re.compile(r"^source:.*(?:\n[ \t]+.*)*", re.M)
_ALIAS = re.compile(r"(?:^|[\s\[{,:])[&*][^\s,\]}]")


def _imported_addresses(into: Path) -> tuple[dict[str, set[Path]], dict[str, set[tuple[str, Path]]]]:
    """The `source.url` of every article in the folder, each with the files that hold it; and each `source.origin`
    with the (url, file) pairs that name it (a file that cannot be read is passed over: `digest check` reports it)."""
    known: dict[str, set[Path]] = {}
    origins: dict[str, set[tuple[str, Path]]] = {}
    for path in sorted(into.glob("*.md")) if into.is_dir() else []:
        try:
            head = path.read_text(encoding="utf-8").split("\n---", 2)
            found = _SOURCE_FIELD.search(head[0]) if len(head) > 1 else None
            front = yaml.load(found.group(), Loader=YAML_LOADER) if found and not _ALIAS.search(found.group()) else None
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        source = front.get("source") if isinstance(front, dict) else None
        url = source.get("url") if isinstance(source, dict) else None
        origin = source.get("origin") if isinstance(source, dict) else None
        if isinstance(url, str) and url.strip():
            known.setdefault(address_key(url), set()).add(path)
            if isinstance(origin, str) and origin.strip():
                origins.setdefault(origin.strip(), set()).add((url.strip(), path))
    return known, origins


def _fetched_for(
    path: Path, raw: bytes, kept: Path | None, origins: dict[str, set[tuple[str, Path]]]
) -> tuple[str | None, list[str]]:
    """The address a page kept in content/sources/ was imported from, as the article made from it gives it: importing
    the kept page again then reads it as the fetch did (the address gives a page without a canonical link its
    source.url, its site's name and at times its date), and gives the same article. None for any other file, and
    when the articles made from it give different addresses (never guessed)."""
    if kept is not None or unpack(raw, path.name)[1] != "html":
        return None, []
    found = origins.get(path.name, set())
    urls = {url for url, _ in found}
    if len(urls) != 1:
        said = ", ".join(sorted(display_path(article) for _, article in found))
        return None, [f"address: not read from {said}, which give different ones"] if found else []
    url = safe_link(urls.pop(), None)
    article = min(article for _, article in found)
    return url, [
        f"address {url}: the source.url of {display_path(article)}, imported from this page before"
    ] if url else []


def _same_source(result: ImportResult, shown: str, known: dict[str, set[Path]], force: bool) -> ImportResult:
    """An import of a page already imported under another name (its title changed since): refused, naming the file
    that holds its address; with --force, that file is updated, keeping its name, so no second article appears."""
    holders = sorted(known.get(address_key(result.source_url or ""), set()))
    others = [path for path in holders if path.name != result.filename]
    if not result.source_url or not others or len(holders) > len(others):
        return result
    if force and len(others) == 1:
        said = f"updates {display_path(others[0])}, the earlier import of {result.source_url} (its name kept)"
        report = [*result.report, said]
        return replace(result, filename=others[0].name, report=report)
    listed = ", ".join(display_path(path) for path in others)
    if len(others) > 1:
        hint = "keep one of them (delete the others or change their source.url), then import again"
    else:
        hint = f"to update {others[0].name} from this page, import again with --force (its name is kept); or edit it"
    raise fail(shown, f"has the address {result.source_url}, already imported in {listed}", hint)


def _kept_copy(path: Path, raw: bytes, sources: Path) -> Path | None:
    """Where a copy of an imported file is kept, so that its import can be repeated: None when it is in
    content/sources/ already. Its own name when free (or holding the same bytes), else the name and a hash."""
    with contextlib.suppress(OSError):
        if path.resolve().is_relative_to(sources.resolve()):
            return None
    suffix = ".html.gz" if path.name.lower().endswith(".html.gz") else path.suffix.lower()
    stem = slugify(path.name[: len(path.name) - len(suffix)]) or "import"
    plain = sources / f"{stem}{suffix}"
    if not plain.exists() or (plain.is_file() and plain.read_bytes() == raw):
        return plain
    return sources / f"{stem}_{hashlib.sha256(raw).hexdigest()[:16]}{suffix}"


def _write_both(result: ImportResult, into: Path, force: bool, raw: tuple[Path, bytes] | None) -> list[str]:
    """Write the article, and the raw file kept in content/sources/ when given: both, or neither."""
    target = into / result.filename
    if raw is None:
        return [_write(target, result.text.encode("utf-8"), force)]
    if target.exists() and not force and not (target.is_file() and target.read_bytes() == result.text.encode()):
        raise fail(str(target), "already exists", "pass --force to overwrite it")
    kept, data = raw
    existed = kept.exists()
    raw_status = _write(kept, data, force=False)
    try:
        status = _write(target, result.text.encode("utf-8"), force)
    except DigestError:
        if not existed:
            kept.unlink(missing_ok=True)
        raise
    return [raw_status, status]


def _check_folder(into: Path) -> None:
    """The folder to import into, or the nearest of its parents that exists, must be a folder."""
    hint = "pass the folder the articles go in with --into (content/articles by default)"
    for folder in (into, *into.parents):
        try:
            if not folder.exists():
                continue
            if folder.is_dir():
                return
        except OSError as exc:
            raise fail(str(into), f"cannot be checked: {exc.strerror}", hint) from None
        problem = "is a file, not a folder" if folder == into else f"cannot be made: {folder} is a file, not a folder"
        raise fail(str(into), problem, hint)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise fail(str(path), "file not found", "check the path") from None
    except IsADirectoryError:
        raise fail(str(path), "is a folder, not a file", "pass the article's text file") from None
    except OSError as exc:
        raise fail(str(path), f"cannot be read: {exc.strerror}", "check the file's permissions") from None


def _write(target: Path, data: bytes, force: bool) -> str:
    """Write atomically (temporary file + rename); an existing different file needs force."""
    shown = str(target)
    if target.exists():
        if target.is_file() and target.read_bytes() == data:
            return f"unchanged {shown} (already holds exactly this text)"
        if not force:
            raise fail(shown, "already exists", "pass --force to overwrite it")
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        existed = target.exists()
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise fail(shown, f"cannot be written: {exc.strerror}", "check the folder and its permissions") from None
    return f"{'replaced' if existed else 'wrote'} {shown}"


# --- HTML pages -------------------------------------------------------------------------
# webpage.py reads the page (trafilatura), page_metadata.py what it says about its article (htmldate); here its
# blocks lose what the boilerplate rules of scraped text call furniture, and its facts become a draft.


def read_html(raw: bytes, origin: str, config: Config, url: str | None = None) -> Draft:
    """An HTML page: the article as webpage.py reads it, its metadata as page_metadata.py does, then the editors'
    noise rules."""
    page = read_page(raw, origin, url, header=_opening_line)
    report: list[str] = ["read as an HTML page (trafilatura; dates: htmldate)", *page.notes]
    unsure: dict[str, str] = {}
    blocks, plain = _drop_html_furniture(page.blocks, page.plain, config, report, unsure)
    if not blocks:
        raise fail(origin, "has no article text left after removing web-page noise", "check that it is an article")
    if (at := _glued_end_mark(plain)) is not None:
        cut = _without_end_mark(plain[at])
        mark = plain[at][len(cut) :].strip()
        report.append(f'end mark "{mark}" cut from the end of the draft\'s paragraph {at + 1}')
        blocks[at], plain[at] = _without_end_mark(blocks[at]), cut
    _check_whole(page.prose, page.plain, unsure, report)
    title = _html_title(page, plain, unsure, report)
    while len(blocks) > 1 and space(plain[0]).casefold() == title.casefold():
        blocks, plain = blocks[1:], plain[1:]  # the headline, repeated as the body's first heading (or paragraph)
    if below := _below_headline(plain, title):
        report += [f"dropped the label above the headline: {_clip(plain[at])}" for at in range(below - 1)]
        blocks, plain = blocks[below:], plain[below:]
    if len(blocks) > 1 and _is_standfirst(blocks[0], plain[0], clean(page.meta.description)):
        report.append(f"dropped the subheading under the headline (the page's description, the summary): {plain[0]}")
        blocks, plain = blocks[1:], plain[1:]
    day, moment = publication_date(page.dates, config.site.timezone, unsure, report)
    day = _dated_by_its_end(page.plain, plain, day, unsure, report)
    if page.byline is None and not clean(page.meta.author):
        page.byline = _wire_byline(page.plain, plain[0])
    source = page_source(page, url, unsure, report)
    summary = clean(page.meta.description)
    if summary:
        summary = _shorten(summary, 400)
        unsure["summary"] = "from the page's description"
        report.append(f'summary "{_clip(summary)}" (the page\'s description)')
    check_language(page.language, config, unsure, report)
    searchable = [(0, title), *((at, text) for at, text in enumerate(plain, 1))]
    return Draft(title, day, source, blocks, searchable, report, unsure, summary, published=moment)


LABEL_WORDS = 6  # "Press Releases", "National Security", "Opinion | China": a section's name above a headline


def _below_headline(plain: list[str], title: str) -> int:
    """Where the text starts when the page repeats its headline as one of the body's first blocks, under labels only
    ("Press Releases" above "Readout: Secretary Yellen's Meeting…", as Treasury's press releases set them): the
    index after the headline; 0 when the body does not open so. A label is short and no sentence."""
    for at, text in enumerate(plain[: ISSUER_REACH + 1]):
        if space(text).casefold() == title.casefold():
            return at + 1 if at and at + 1 < len(plain) else 0
        if words_in(text) > LABEL_WORDS or text.rstrip().endswith(SENTENCE_END):
            return 0
    return 0


def _dated_by_its_end(
    every: list[str], kept: list[str], day: date | None, unsure: dict[str, str], report: list[str]
) -> date | None:
    """A statement's page that ends with its date ("2026年12月3日", under the issuing office) states it there: the
    date when the page's metadata gives none, else put to the editor when it differs. Only a date directly under the
    text kept, with nothing but the office, a place or dates between: not one among a page's closing widgets."""
    run = 0
    while run < min(ISSUER_REACH, len(every) - 1) and _opening_line(every[-1 - run]):
        run += 1
    if not run or not kept or every[-1 - run] != kept[-1]:
        return day
    closing = next((found for text in every[-run:] if (found := _date_alone(text)) is not None), None)
    if closing is None or closing == day:
        return day
    if day is None:
        unsure.pop("date", None)
        report[:] = [line for line in report if not line.startswith("needs review: date — the page states no")]
        report.append(f"date {closing} ({_END_DATE}: the page's metadata states none)")
        return closing
    unsure["date"] = f"the statement's last line says {closing}"
    report.append(f"needs review: date — kept {day} (the page's metadata); the statement's last line says {closing}")
    return day


def _html_title(page: WebPage, plain: list[str], unsure: dict[str, str], report: list[str]) -> str:
    """The title the page gives (page_metadata.headline), else the start of the first paragraph; cut when too long."""
    title, evidence, doubt = headline(page)
    if doubt:
        unsure["title"] = doubt
        report.append(f"needs review: title — {doubt}")
    if not title:
        unsure["title"] = "no headline found"
        report.append("needs review: title — the page names none; used the start of its first paragraph")
        return _shorten(plain[0], 80)
    if len(title) > MAX_TITLE:
        unsure["title"] = "cut"
        title = _shorten(title, MAX_TITLE)
    report.append(f'title "{_clip(title)}" ({evidence})')
    return title


def _drop_html_furniture(
    blocks: list[str], plain: list[str], config: Config, report: list[str], unsure: dict[str, str]
) -> tuple[list[str], list[str]]:
    """What trafilatura keeps of a page's furniture ("Click to share", "Listen to this article", a trailer of
    related links): the boilerplate rules of scraped text applied to each short block, the editors' on top.
    Trafilatura already judged these blocks to be the article, so a rule about wording never takes a sentence
    that reads as reporting, and a sentence dropped between the article's lines is put to the editor."""
    config_noise = _config_noise(config)
    kept: list[int] = []
    dropped: list[int] = []
    trailer = None
    skipped = _skipped_spans(plain)
    for at in _below_end_mark(plain):
        skipped.setdefault(at, "after the release's end mark: its contacts or notes, not its text")
    report.extend(f"kept block {at + 1} after the end mark: {_TOLD}" for at in _told_below_end_mark(plain))
    for at, text in enumerate(plain):
        if _is_issuer(text) and (len(kept) < ISSUER_REACH or len(plain) - at <= ISSUER_REACH):
            skipped.setdefault(at, _ISSUER_LINE)
        why = skipped.get(at) or _furniture_rule(text, blocks[at], trailer, config_noise)
        why = why or _author_bio(text, len(plain) - at)
        if not (why or "").startswith("after the trailer"):
            trailer = text if why == "trailer heading" else None
        if why == "subscription prompt":
            skipped.setdefault(at, why)  # it asks the reader for money: no sentence of an article does
        if why:
            dropped.append(at)
            report.append(f"dropped block {at + 1} ({why}): {_clip(text)}")
        else:
            kept.append(at)
    inside = [
        at
        for at in dropped
        if kept
        and kept[0] < at < kept[-1]
        and words_in(plain[at]) >= 6
        and at not in skipped
        and not _LINK_TO_ELSEWHERE.match(blocks[at])
    ]
    if inside:
        more = f" and {len(inside) - 1} more" if len(inside) > 1 else ""
        unsure["text"] = f"dropped inside the article as web-page furniture: “{_clip(plain[inside[0]], 60)}”{more}"
        numbers = ", ".join(str(at + 1) for at in inside)
        report.append(f"needs review: text — block(s) {numbers} dropped inside the article; put back any that belong")
    return [blocks[at] for at in kept], [plain[at] for at in kept]


# "Read more: [headline](…)", "**Also read:** [headline](…)": a pointer to another story set between paragraphs, which
# says what it is; dropped without putting it to an editor, as a paragraph of the text dropped there would be.
_LINK_TO_ELSEWHERE = re.compile(
    r"^\W*(?:read more|also read|read also|see also|more on this|related|recommended|further reading)\W*"
    r"\[[^\]]+\]\([^)]+\)$",
    re.I,
)


def _is_standfirst(block: str, text: str, description: str | None) -> bool:
    """A heading just under the headline that says what the page's description says: its standfirst, which a page
    sets as a heading (Substack's subtitle, an <h3>), not a section of the article. The summary holds it."""
    return block.startswith("#") and bool(description) and _folded(text) == _folded(description or "")


SHORT_SHARE = 0.6  # of the page's prose, by words: a draft holding less is put to an editor


def _check_whole(prose: list[str], plain: list[str], unsure: dict[str, str], report: list[str]) -> None:
    """Never a silently short draft: when the page's prose (webpage.page_prose) is much more than the draft holds,
    or a paragraph of it between two the draft holds is missing, the editor is told which text to look for."""
    starts = [tuple(_folded(" ".join(text.split()[:12])).split()) for text in prose]
    held = _runs_held(plain, set(starts))
    found = [not start or start in held for start in starts]
    total = sum(len(text.split()) for text in prose)
    missing = [text for text, there in zip(prose, found, strict=True) if not there]
    if not missing or not total:
        return
    share = 1 - sum(len(text.split()) for text in missing) / total
    held_at = [at for at, there in enumerate(found) if there]  # a paragraph missing between two held is "inside"
    inside = [text for at, text in enumerate(prose) if not found[at] and held_at and held_at[0] < at < held_at[-1]]
    if share >= SHORT_SHARE and not inside:
        return
    first = (inside or missing)[0]
    why = f"the draft holds {share:.0%} of the page's prose; missing: “{_clip(first, 60)}”"
    if len(missing) > 1:
        why += f" and {len(missing) - 1} more paragraph(s)"
    unsure["text"] = f"{unsure['text']}; {why}" if "text" in unsure else why
    report.append(f"needs review: text — {why}; compare the draft with the page and put back what belongs")


def _runs_held(plain: list[str], wanted: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Which of `wanted` (runs of a paragraph's first words, as _folded gives them) the blocks hold, each inside one
    block: looked up at each word, not searched for in the whole text, which took 8.6 s for a page of 32,000
    paragraphs, a quarter of that for half of them."""
    firsts = {run[0] for run in wanted if run}
    lengths = sorted({len(run) for run in wanted if run})
    held: set[tuple[str, ...]] = set()
    for text in plain:
        words = _folded(text).split()
        for at, word in enumerate(words):
            if word in firsts:
                held.update(run for k in lengths if (run := tuple(words[at : at + k])) in wanted)
    return held


# An office's name on a line of its own: "Office of the Spokesperson", "— Office of the Spokesperson", "Embassy of
# the People's Republic of China in the United States of America", "U.S. Department of State". (state.gov's
# redesigned pages, and the embassies' copies of its statements, set it inside the statement's text.)
_ISSUER = re.compile(
    r"^[-–—\s]*(?:(?:the|U\.S\.|US)\s+)?(?:Office|Bureau|Ministry|Department|Embassy|Consulate(?:\s+General)?|Mission)"
    r"\s+of\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|the|and|in|for|to))*$"
)
ISSUER_REACH = 3  # article blocks from either end (not counting furniture above) where an issuer's line may stand
_SMALL_WORDS = frozenset(("of", "the", "and", "in", "for", "to"))


_ISSUER_LINE = "issuer line: who issued the statement, not its text"


# Characters that show nothing: a direction mark, a zero-width space, a word joiner, a soft hyphen. Pages leave
# them at a line's end ("Office of the Spokesperson\u200e"), where they would hide a header's line from the rules.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _visible(text: str) -> str:
    """A line as it reads, to judge it by its words: spaces collapsed and invisible characters left out."""
    return space(_INVISIBLE.sub("", text))


def _is_issuer(text: str) -> bool:
    """A line that is only an office's name ("Office of the Spokesperson", "U.S. DEPARTMENT OF STATE"), or several
    set side by side ("U.S. Department of State | Office of the Spokesperson", as a statement signs off): at the
    article's start or end (a header, a sign-off), the source's, not the statement's words."""
    text = _visible(text)
    if text.isupper():
        text = " ".join(
            w.lower() if w.lower() in _SMALL_WORDS else w if "." in w else w.capitalize() for w in text.split()
        )
    return words_in(text) <= 16 and all(_ISSUER.match(part) for part in re.split(r"\s+\|\s+", text))


# A place in capitals on a line of its own above a statement's text: "BEIJING", "WASHINGTON, D.C." ("BEIJING —"
# opens the text's first sentence, as a dateline does: it is not set apart).
_PLACE_LINE = re.compile(r"^(?=.*[A-Z]{2})[A-Z][A-Z.'’-]*(?:,?\s[A-Z][A-Z.'’-]*){0,3}$")


def _opening_line(text: str) -> bool:
    """A line a statement's page sets above its text (webpage._opening): its release marker, the issuing office, a
    date, a place. Split off there, each is judged as the same line set as a paragraph is."""
    text = _visible(text)
    if _RELEASE.match(text) or _PLACE_LINE.match(text) or _is_issuer(text):
        return True
    return _words(text) <= 12 and (_is_date_line(text) or DATE_LABEL_ONLY.match(text) is not None)


_SKIP_PAST = re.compile(r"^skip past (.{1,40}?)\.?$", re.I)
SKIPPED_SPAN = 8  # blocks at most between "skip past newsletter promotion" and "after newsletter promotion"


def _skipped_spans(plain: list[str]) -> dict[int, str]:
    """The blocks a page lets screen readers skip ("skip past newsletter promotion" … "after newsletter promotion",
    as the Guardian marks the sign-up box inside its articles): the page itself says they are not the article."""
    spans: dict[int, str] = {}
    for at, text in enumerate(plain):
        if not (m := _SKIP_PAST.match(text.strip())):
            continue
        end = f"after {m[1]}".casefold()
        close = next(
            (
                k
                for k in range(at + 1, min(at + SKIPPED_SPAN + 2, len(plain)))
                if space(plain[k]).casefold().rstrip(".") == end
            ),
            None,
        )
        for k in range(at, close + 1) if close is not None else ():
            spans[k] = f'between "{_clip(text, 40)}" and its end'
    return spans


_BIO = re.compile(
    r"^[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){1,3}\s+(?:covers|reports on|writes about|is (?:a|an|the)\s+"
    r"(?:[\w’'-]+\s+){0,6}(?:correspondent|reporter|editor|writer|columnist|journalist|bureau chief))\b"
)


def _author_bio(text: str, from_end: int) -> str | None:
    """A writer's biography closing the article ("David E. Sanger covers the Biden administration…")."""
    return "author's biography" if from_end <= 2 and words_in(text) <= 60 and _BIO.match(text) else None


BYLINE_WORDS = 8  # "By Kim Soo-yeon", "By Joseph Yeh and Stacy Hsu": a byline set as a paragraph of its own


def _is_byline(text: str) -> bool:
    """A paragraph that is only a byline ("By Kim Soo-yeon"): the page's credit, which its metadata gives, not text.
    "By Tuesday, China said…" is a sentence: a byline has nothing after its names."""
    m = _BYLINE.match(_visible(text))
    return m is not None and not m["rest"] and _words(text) <= BYLINE_WORDS


def _wire_byline(every: list[str], first: str) -> str | None:
    """The names of a byline set as a paragraph ("By Kim Soo-yeon", as Yonhap prints it inside the story), within
    BYLINE_REACH of the text's first paragraph: dropped from the text, it is still who wrote it, when the page's
    metadata names no one. Not one further away: a "By …" line of a related story in a sidebar is not this one's."""
    start = every.index(first) if first in every else 0
    for text in every[max(0, start - BYLINE_REACH) : start + BYLINE_REACH]:
        if _is_byline(text) and (m := _BYLINE.match(_visible(text))):
            return author_list(m["who"])
    return None


_RULES_ABOVE_WORDING = (
    "photo caption",
    "photo slug",
    "config import.noise",
    "reporter's signature",
    "wire note",
    "contributors line",
    "update note",
    "editors line",
)  # marked furniture, not phrased so


# A page's date in figures on a block of its own, which htmldate reads and the text needs not: "06.03.2024",
# "Published: 03/06/2024 14:05".
_FIGURES_LINE = re.compile(
    r"^(?:(?:published|posted|updated|last updated)(?: on)?\s*:?\s*)?\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})"
    r"(?:[\s,|-]+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?)?(?:\s*(?:[A-Z]{2,4}|GMT|UTC)(?:[+-]\d{1,2})?)?$",
    re.I,
)


def _furniture_rule(
    text: str, block: str, trailer: str | None, config_noise: list[tuple[str, re.Pattern[str]]]
) -> str | None:
    """Why a block of the page is furniture, or None when it is the article's."""
    if trailer is not None and (_words(text) <= 15 or block.startswith("- [")) and not reads_as_reporting(text):
        return f'after the trailer heading "{_clip(trailer, 40)}"'
    if _words(text) <= 12 and (_is_date_line(text) or DATE_LABEL_ONLY.match(text) or _FIGURES_LINE.match(text)):
        return "date line"
    if _TRAILER.match(text) or RELATED.match(text):
        return "trailer heading"
    if _is_byline(text):
        return "byline"
    rule = _noise_rule(text, config_noise) or call_to_action(text)
    if rule and (rule.startswith(_RULES_ABOVE_WORDING) or not reads_as_reporting(text)):
        return rule
    if not any(c.isalnum() for c in text):
        return "no words"  # a count shown as "--" (Medium's claps), a rule "___": the page's, not the text's
    return None
