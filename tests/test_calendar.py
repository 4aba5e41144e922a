"""/meetings.ics as a calendar program reads it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import icalendar
import lxml.html
from conftest import REPO, digest


def test_meetings_calendar_parses_with_every_meeting(tmp_path: Path) -> None:
    assert digest("build", "--out", tmp_path / "site", cwd=REPO).code == 0
    raw = (tmp_path / "site/meetings.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded as RFC 5545 requires
    cal = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    assert len(events) == 6
    blinken = events["blinken-beijing-2024"]
    assert blinken.decoded("DTSTART") == date(2024, 4, 24)
    assert blinken.decoded("DTEND") == date(2024, 4, 27)  # the day after the last, as all-day events end
    assert str(blinken["SUMMARY"]) == "Blinken's visit to Beijing"
    assert "Participants: Xi Jinping, Antony Blinken, Wang Yi" in str(
        blinken["DESCRIPTION"]
    )  # as config.yaml lists people
    url = str(blinken["URL"])
    assert url == "https://uschina-digest.example.org/meetings/blinken-beijing-2024/"
    assert (tmp_path / "site/meetings/blinken-beijing-2024/index.html").is_file()
    assert str(events["defence-talks-2024"]["LOCATION"]) == "Washington and New York"


def test_calendar_escapes_text_and_is_reproducible(project: Path) -> None:
    config = project / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'place: "Beijing"',
            'place: "Beijing; Great Hall, Diaoyutai \\\\ guesthouse — 人民大会堂 and a very long tail"',
        ),
        encoding="utf-8",
    )
    assert digest("build", cwd=project).code == 0
    first = (project / "site/meetings.ics").read_bytes()
    cal = icalendar.Calendar.from_ical(first)
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("blinken-beijing-2024@"))
    assert str(event["LOCATION"]) == "Beijing; Great Hall, Diaoyutai \\ guesthouse — 人民大会堂 and a very long tail"
    assert digest("build", "--out", "again", cwd=project).code == 0
    assert (project / "again/meetings.ics").read_bytes() == first


HOSTILE = (
    'Talks <a href="javascript:alert(1)">read more</a>, <img src=x onerror=alert(2)>then <<b>img src=y '
    "onerror=alert(3)> dinner <!-- note --> if x < 5 <script>alert(4)</script>; <img src=z onerror=alert(5)"
)


def test_calendar_text_carries_no_markup_a_calendar_could_run(project: Path) -> None:
    """Several calendars show DESCRIPTION (and some LOCATION) as HTML: markup in config.yaml's meeting text must reach
    them as words, never as a link, an image or a script, and the file must still read back as RFC 5545."""
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('place: "Beijing"', 'place: "Beijing <iframe src=javascript:alert(6)></iframe>"')
    text = re.sub(r'(blinken-beijing-2024:(?:\n    .*)*?\n    description: )"[^"]*"', rf"\1'{HOSTILE}'", text)
    config.write_text(text, encoding="utf-8")
    assert HOSTILE in config.read_text(encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    raw = (project / "site/meetings.ics").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    event = next(
        e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT") if str(e["UID"]).startswith("blinken-beijing-2024@")
    )
    for name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
        shown = lxml.html.fragment_fromstring(str(event[name]), create_parent="div")  # as an HTML calendar reads it
        assert [element.tag for element in shown.iter()] == ["div"], (name, str(event[name]))
    description = str(event["DESCRIPTION"])
    assert description.startswith("Talks read more, then < img src=y onerror=alert(3)> dinner  if x < 5 alert(4);")
    assert description.endswith("< img src=z onerror=alert(5)\nParticipants: Xi Jinping, Antony Blinken, Wang Yi")
    assert str(event["LOCATION"]) == "Beijing "
    page = (project / "site/meetings/blinken-beijing-2024/index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(2)&gt;" in page  # the page shows the same text, escaped
