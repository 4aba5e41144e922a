"""`/meetings.ics`: the meetings as an iCalendar file (RFC 5545), for people who follow the diplomatic calendar.

Written by hand rather than with a library: a dozen lines of a simple,
stable format, made deterministic (DTSTAMP is the build date, never the clock).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from . import urls
from .model import Meeting, Person


def calendar(
    meetings: Sequence[Meeting], people: dict[str, Person], base_url: str, title: str, stamp: datetime
) -> bytes:
    host = urlsplit(base_url).hostname or "digest"
    links = urls.Links(base_url)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//digest//meetings//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(title)}",
    ]
    for meeting in meetings:
        who = ", ".join(people[slug].name for slug in meeting.participants)
        about = "\n".join(part for part in (meeting.description, f"Participants: {who}" if who else "") if part)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{meeting.slug}@{host}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"DTSTART;VALUE=DATE:{_day(meeting.start)}",
            _end(meeting.start, meeting.last_day),
            f"SUMMARY:{_text(meeting.title)}",
            f"LOCATION:{_text(meeting.place)}",
            f"DESCRIPTION:{_text(about)}",
            f"URL:{links.absolute(urls.meeting(meeting.slug))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _day(day: date) -> str:
    """A DATE value: always four digits of year (strftime gives `1` for year 1 on Linux)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _end(start: date, last: date) -> str:
    """All-day events end the day after their last (DTEND is exclusive); a meeting that lasts until
    9999-12-31 has no such day in the calendar, so it says how long it lasts instead."""
    if last < date.max:
        return f"DTEND;VALUE=DATE:{_day(last + timedelta(days=1))}"
    return f"DURATION:P{(last - start).days + 1}D"


def _stamp(moment: datetime) -> str:
    """DTSTAMP in UTC; a build date at the very edge of the calendar stays at that edge."""
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:
        moment = datetime.max if moment.year > 1 else datetime.min
    return f"{moment.year:04d}{moment.month:02d}{moment.day:02d}T{moment:%H%M%S}Z"


# Line breaks of any kind become TEXT's escaped newline; other control characters (which RFC 5545 forbids
# in TEXT) are dropped: a bare CR or a form feed in a title must never end the line and start a property.
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_CONTROLS = dict.fromkeys([*range(0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0)])


# A tag (or comment) as an HTML parser reads one; then a `<` still opening one, left open or made by dropping
# another (`<<b>img …>`), which a parser would read up to the next `>`, maybe the calendar page's own.
_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")
_OPENS_TAG = re.compile(r"<(?=[A-Za-z/!?])")


def _text(value: str) -> str:
    """TEXT values escape backslashes, semicolons, commas and line breaks, carry no control character, and no
    markup. RFC 5545's TEXT is plain text, but several calendars show DESCRIPTION (and some LOCATION) as HTML: a
    meeting described with `<a href="javascript:…">` or `<img onerror=…>` would be live there, where the site's own
    pages show the same words escaped. Tags are dropped, their text kept; a `<` that would still open one is
    followed by a space, which makes it text; one that opens none (`x < 5`) stays as it is."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = _BREAKS.sub("\\\\n", value).translate(_CONTROLS)  # first: a control dropped could make `<img`
    return _OPENS_TAG.sub("< ", _TAG.sub("", value))  # no escape holds `<` or `>`: none is cut in two


def _fold(line: str, limit: int = 75) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space, never splitting a character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (limit if not out else limit - 1):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)
