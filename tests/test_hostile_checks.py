"""Hostile input to what a check finds across files and in config.yaml: one report imported twice, meetings' time
zones. Every trick is an editor's message on its line, never a crash, and costs linear time (timed as a ratio, as
in test_hostile_import.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import digest
from test_hostile_import import assert_linear

from digest.findings import _hash, _imported_twice
from digest.model import FileRecord, Part

ARTICLES = "content/articles"


def _article(project: Path, name: str, title: str, outlet: str) -> None:
    text = f'---\ntitle: "{title}"\ndate: 2024-05-02\nsource:\n  name: {outlet}\n---\n\nWang Yi met Antony Blinken.\n'
    (project / ARTICLES / name).write_text(text, encoding="utf-8")


def test_headlines_of_marks_only_are_told_apart_by_their_marks(project: Path) -> None:
    """A headline without a word (emoji, punctuation) has no words to compare: two different ones from one outlet on
    one day are two reports, not one imported twice; the same marks twice still are."""
    _article(project, "2024-05-02-question.md", "???", "Example Wire")
    _article(project, "2024-05-02-bang.md", "!!!", "Example Wire")
    _article(project, "2024-05-02-flags.md", "🇨🇳 🇺🇸", "Example Wire")
    _article(project, "2024-05-02-flags-again.md", "🇨🇳  🇺🇸", "Example Wire")
    run = digest("check", cwd=project)
    assert run.code == 0, run.err
    copies = [line for line in run.err.splitlines() if "same headline" in line]
    assert len(copies) == 1, run.err
    assert copies[0].startswith(f"{ARTICLES}/2024-05-02-flags.md:2: title: warning: same headline, same day and same")
    assert f"as {ARTICLES}/2024-05-02-flags-again.md:2:" in copies[0]


def _records(count: int, outlets: int) -> list[FileRecord]:
    """`count` files of one headline on one day, from `outlets` outlets in turn."""
    part = Part("2024-05-02T00:00:00-04:00", 0.0, False, (), (), (), (), False, False, ())
    stat = (0, 0, 0, 0, 0)
    key = (2, 7, 0)  # title's line, headline's hash, no address
    return [
        FileRecord(f"{ARTICLES}/2024-05-02-{n}.md", "", *stat, str(n), part, (), 0, None,
                   copy_key=(*key, _hash(f"outlet {n % outlets}"), 0, 0))
        for n in range(count)
    ]  # fmt: skip


def test_one_wire_headline_from_thousands_of_outlets_is_checked_in_linear_time() -> None:
    """Each file is looked up by its sources among those kept, not compared with every one: 5,000 outlets carrying
    one wire story took 6.7 s, quadrupling with each doubling."""
    assert_linear(lambda n: _imported_twice(_records(n, n)), 1250, "one headline from n outlets")
    assert _imported_twice(_records(1000, 1000)) == []


def test_copies_among_thousands_name_the_first_of_their_own_outlet() -> None:
    found = _imported_twice(_records(3000, 1000))
    assert len(found) == 2000
    assert {p.path for p in found} == {f"{ARTICLES}/2024-05-02-{n}.md" for n in range(1000, 3000)}
    for problem in found:
        n = int(problem.path.removeprefix(f"{ARTICLES}/2024-05-02-").removesuffix(".md"))
        assert f"keep {ARTICLES}/2024-05-02-{n % 1000}.md " in str(problem.hint)
    assert all("same outlet as" in p.message for p in found)


MEETING_ZONE = "meetings.blinken-beijing-2024.timezone"
NAMES_LIKE = "IANA names look like America/New_York or Asia/Shanghai"
NAMED = "(a zone is named after its region and its largest city)"
OFFSET = (
    "write the zone of the place, not its offset, which misses summer time: an IANA name such as Asia/Shanghai "
    "(UTC+08:00) or America/New_York"
)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Mars/Olympus", "`Mars/Olympus` is not a known time zone — write an IANA name such as America/New_York or "
         "Asia/Shanghai"),
        ("UTC+8", f"`UTC+8` is not a known time zone — {OFFSET}"),  # was: did you mean `UTC`?
        ('"+08:00"', f"`+08:00` is not a known time zone — {OFFSET}"),
        ("GMT-5", f"`GMT-5` is not a known time zone — {OFFSET}"),
        ("asia/shanghai", "`asia/shanghai` is not a known time zone — did you mean `Asia/Shanghai`?"),
        ("Beijing", f"`Beijing` is not a known time zone — write `Asia/Shanghai`, the zone of Beijing {NAMED}"),
        # was: did you mean `America/Ojinaga`?
        ("New York", f"`New York` is not a known time zone — write `America/New_York`, the zone of New York {NAMED}"),
        ('"Washington, D.C."', "`Washington, D.C.` is not a known time zone — write `America/New_York`, the zone "
         f"of Washington, D.C. {NAMED}"),
        ("PST", "`PST` is not a known time zone — write the zone of the place: America/Los_Angeles"),
        ("CST", "`CST` is not a known time zone — write the zone of the place: Asia/Shanghai (China Standard Time) "
         "or America/Chicago (US Central)"),  # was: did you mean `CST6CDT`?
        ("../../etc/passwd", "`../../etc/passwd` is not a known time zone — write an IANA name such as "
         "America/New_York or Asia/Shanghai"),
        ("localtime", "`localtime` is not a known time zone — write an IANA name such as America/New_York or "
         "Asia/Shanghai"),  # this machine's zone: accepted before, a site that differs by machine
        ("posix/Asia/Shanghai", f"`posix/Asia/Shanghai` is not a known time zone — did you mean `Asia/Shanghai`? "
         f"({NAMES_LIKE})"),  # accepted before
        ("A" * 5000, f"`{'A' * 69}…` (5000 characters) is not a known time zone — {NAMES_LIKE}"),
        ('""', "is empty — write a value after `timezone:`"),
        ("8", 'expected text, but YAML reads `8` as a number — put it in quotes: timezone: "8"'),
        ("[Asia/Shanghai]", 'expected a single value, found a list — write it as one text, in quotes: '
         'timezone: "Asia/Shanghai"'),
    ],
)  # fmt: skip
def test_a_meeting_time_zone_that_is_no_iana_name_is_named_on_its_line_with_what_to_write(
    project: Path, written: str, said: str
) -> None:
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert "    timezone: Asia/Shanghai\n" in text
    config.write_text(text.replace("    timezone: Asia/Shanghai\n", f"    timezone: {written}\n"), encoding="utf-8")
    line = text[: text.index("    timezone: Asia/Shanghai\n")].count("\n") + 1
    run = digest("check", cwd=project)
    assert run.code == 1, run.err
    assert run.err.splitlines()[0] == f"config.yaml:{line}: {MEETING_ZONE}: {said}", run.err
    assert "Traceback" not in run.err
