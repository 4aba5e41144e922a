"""/meetings.ics as a calendar program reads it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
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
