"""`/meetings.ics`: the meetings as an iCalendar file (RFC 5545), for people who follow the diplomatic calendar.

Written by hand rather than with a library: a dozen lines of a simple,
stable format, made deterministic (DTSTAMP is the build date, never the clock).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
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
            f"DTSTAMP:{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{meeting.start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{meeting.last_day + timedelta(days=1):%Y%m%d}",  # exclusive end
            f"SUMMARY:{_text(meeting.title)}",
            f"LOCATION:{_text(meeting.place)}",
            f"DESCRIPTION:{_text(about)}",
            f"URL:{links.absolute(urls.meeting(meeting.slug))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _text(value: str) -> str:
    """TEXT values escape backslashes, semicolons, commas and newlines."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


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
