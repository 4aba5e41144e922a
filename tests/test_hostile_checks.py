"""Hostile input to what a check finds across files and in config.yaml: one report imported twice, meetings' time
zones. Every trick is an editor's message on its line, never a crash, and costs linear time (timed as a ratio, as
in test_hostile_import.py).
"""

from __future__ import annotations

from pathlib import Path

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
