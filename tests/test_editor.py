"""The editor's loop outside the server: digest new, drafts, future dates, --strict, what the terminal says."""

from __future__ import annotations

import io
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from conftest import ARTICLE, digest, snapshot

from digest.cli import ProgressDisplay
from digest.model import PLACEHOLDER


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_new_writes_a_draft_that_passes_check(project: Path) -> None:
    run = digest("new", "Xi: a letter to the “gala”", cwd=project)
    assert run.code == 0, run.err
    today = datetime.now(ZoneInfo("America/New_York")).date()
    path = project / run.out.strip()
    assert path.name == f"{today}-xi-a-letter-to-the-gala.md"
    fields = front_matter(path)
    assert fields["title"] == "Xi: a letter to the “gala”" and fields["date"] == today and fields["draft"] is True
    text = path.read_text(encoding="utf-8")
    for optional in (
        "# source:",
        "#   name:",
        "#   url:",
        "# summary:",
        "# featured:",
        "themes: []",
        "meetings: []",
        "people: []",
    ):
        assert optional in text
    assert digest("check", "--strict", cwd=project).code == 0
    build = digest("build", cwd=project)
    assert build.code == 0 and "Built 1 article:" in build.out  # the draft is not published


def test_new_with_options(project: Path) -> None:
    run = digest(
        "new",
        "Blinken in Beijing",
        "--date",
        "2024-04-25",
        "--theme",
        "taiwan",
        "--theme",
        "russia",
        "--meeting",
        "blinken-beijing-2024",
        "--source-url",
        "https://example.com/a?b=1",
        cwd=project,
    )
    assert run.code == 0, run.err
    fields = front_matter(project / run.out.strip())
    assert fields["themes"] == ["taiwan", "russia"] and fields["meetings"] == ["blinken-beijing-2024"]
    assert fields["source"] == {"url": "https://example.com/a?b=1"}
    assert run.out.strip() == "content/articles/2024-04-25-blinken-in-beijing.md"
    assert digest("check", cwd=project).code == 0


def test_new_refuses_clashes_and_bad_slugs_and_writes_nothing(project: Path) -> None:
    assert digest("new", "Same title", "--date", "2024-01-01", cwd=project).code == 0
    path = project / "content/articles/2024-01-01-same-title.md"
    path.write_text(path.read_text() + "\nThe editor's text.\n")
    before = snapshot(project / "content")

    clash = digest("new", "Same title", "--date", "2024-01-01", cwd=project)
    assert clash.code == 1
    assert clash.err.splitlines()[0] == (
        "content/articles/2024-01-01-same-title.md: already exists"
        " — open it to edit it, or choose another title or --date"
    )
    theme = digest("new", "Other", "--theme", "taiwn", cwd=project)
    assert theme.code == 2
    assert theme.err.strip() == "digest new: --theme taiwn: no such slug in config.yaml — did you mean `taiwan`?"
    meeting = digest("new", "Other", "--meeting", "gala-2021", cwd=project)
    assert meeting.code == 2 and "did you mean `ncuscr-gala-2021`?" in meeting.err
    url = digest("new", "Other", "--source-url", "javascript:alert(1)", cwd=project)
    assert url.code == 2 and "not a web address" in url.err
    assert digest("new", "Other", "--date", "2024-02-30", cwd=project).code == 2
    words = digest("new", "Other", "--date", "3 Dec 2026", cwd=project)  # said how to write it, as check does
    assert words.code == 2 and words.err.splitlines()[-1].endswith("— write --date 2026-12-03"), words.err
    either = digest("new", "Other", "--date", "12/03/2026", cwd=project)  # 3 December or 12 March: not guessed
    assert either.code == 2 and either.err.splitlines()[-1].endswith("— write e.g. --date 2024-04-26"), either.err
    marks = digest("new", "?!… — !!", cwd=project)
    assert marks.code == 2
    assert marks.err.strip() == (
        'digest new: the title `?!… — !!` has no words — write the headline: digest new "Xi meets Blinken"'
    )
    assert snapshot(project / "content") == before


FUTURE = "---\ntitle: From the future\ndate: 2999-01-01\n---\n\nA typo in the year.\n"


def test_a_future_date_warns_and_is_still_built(project: Path) -> None:
    (project / "content/articles/2999-01-01-future.md").write_text(FUTURE)
    warning = (
        "content/articles/2999-01-01-future.md:3: date: warning: 2999-01-01 is in the future — "
        "check for a typo in the year or month (a build publishes it all the same; --strict stops it)"
    )
    check = digest("check", cwd=project)
    assert check.code == 0 and warning in check.err.splitlines()
    assert "(1 warning in 1 file)" in check.out
    build = digest("build", cwd=project)
    assert build.code == 0 and warning in build.err.splitlines()
    assert (project / "site/articles/2999-01-01-future/index.html").is_file()


@pytest.mark.parametrize(
    ("written", "warning", "shown"),
    [
        (
            "2026-03-08T02:30:00",
            "2026-03-08 02:30 never happened in America/New_York: the clocks went forward; read as 03:30 EDT — "
            "write `2026-03-08T03:30:00-04:00` if that is meant, or correct the time",
            'datetime="2026-03-08T03:30:00-04:00"',
        ),
        (
            "2026-11-01T01:30:00",
            "2026-11-01 01:30 happened twice in America/New_York as the clocks went back; read as the first, EDT — "
            "write `2026-11-01T01:30:00-04:00` or `2026-11-01T01:30:00-05:00` (with its offset) to say which",
            'datetime="2026-11-01T01:30:00-04:00"',
        ),
    ],
)
def test_a_local_time_the_clock_change_skips_or_repeats_is_named(
    project: Path, written: str, warning: str, shown: str
) -> None:
    """New York's clocks jump from 02:00 to 03:00 on 8 March 2026 and go back from 02:00 to 01:00 on 1 November."""
    name = f"{written[:10]}-clock.md"
    (project / "content/articles" / name).write_text(FUTURE.replace("2999-01-01", written))
    check = digest("check", cwd=project)
    assert f"content/articles/{name}:3: date: warning: {warning}" in check.err.splitlines()
    assert digest("build", cwd=project).code == 0
    assert shown in (project / f"site/articles/{name[:-3]}/index.html").read_text()


def test_an_article_dated_long_after_all_others_is_named_with_the_build_date_it_leaves(project: Path) -> None:
    """Not in the future, yet half a year after every other article (2025 typed for 2024, noticed late, or a
    digest back from a long pause): the build date stays with the others, and check says so and what to do."""
    later = "---\ntitle: Back again\ndate: 2025-04-26\n---\n\nA typo in the year, or a long pause.\n"
    (project / "content/articles/2025-04-26-back.md").write_text(later, encoding="utf-8")  # the other: 2024-04-26
    check = digest("check", cwd=project)
    assert check.code == 0
    assert (
        "content/articles/2025-04-26-back.md:3: date: warning: 2025-04-26 is 365 days after every other article, so "
        "the build date (“Updated”, the feeds, the News sitemap) is the one before it, 2024-04-26 — check for a typo "
        "in the year or month; if the date is right, set SOURCE_DATE_EPOCH to date the build"
    ) in check.err.splitlines()


def test_strict_turns_warnings_into_errors_and_writes_nothing(project: Path) -> None:
    assert digest("build", cwd=project).code == 0
    before = snapshot(project / "site")
    (project / "content/articles/2999-01-01-future.md").write_text(FUTURE)
    for command in ("check", "build"):
        run = digest(command, "--strict", cwd=project)
        assert run.code == 1
        assert "content/articles/2999-01-01-future.md:3: date: 2999-01-01 is in the future" in run.err
        assert run.err.splitlines()[-1] == "1 error in 1 file; nothing was written."
    assert snapshot(project / "site") == before


def test_check_groups_problems_by_file_with_a_final_count(project: Path) -> None:
    articles = project / "content/articles"
    (articles / "2024-01-01-a.md").write_text(
        "---\ntitle: A\ndate: 2024-01-01\nthemes: [taiwn]\ntags: [x]\n---\n\nA.\n"
    )
    (articles / "2024-01-02-b.md").write_text("---\ndate: 2024-01-02\n---\n\nB.\n")
    run = digest("check", cwd=project)
    assert run.code == 1
    assert run.err.splitlines() == [
        "content/articles/2024-01-01-a.md:4: themes: unknown theme `taiwn` — did you mean `taiwan`?",
        "content/articles/2024-01-01-a.md:5: tags: unknown field — did you mean `themes`?",
        "",
        "content/articles/2024-01-02-b.md:2: title: is missing — add `title:` here",
        "3 errors in 2 files; nothing was written.",
    ]


def test_build_output_quiet_default_and_verbose(project: Path) -> None:
    quiet = digest("build", "--quiet", cwd=project)
    assert quiet.code == 0 and quiet.out == "" and quiet.err == ""
    default = digest("build", cwd=project)
    summary = default.out.splitlines()[0]
    assert summary.startswith("Built 1 article: ") and " 0 warnings in " in summary and "→ site/" in summary
    unchanged = digest("build", "--verbose", cwd=project)
    assert "(0 written, " in unchanged.out and "  load" not in unchanged.out  # nothing changed: nothing read
    article = project / "content/articles/2024-04-26-xi-tells-blinken.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    verbose = digest("build", "--verbose", cwd=project)
    assert "reading articles: 1 done" in verbose.err and "rendering pages: " in verbose.err
    assert all(f"  {step}" in verbose.out for step in ("scan", "load", "group", "plan", "render", "write"))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_counter_on_a_terminal_only_for_slow_builds() -> None:
    fast = Terminal()
    display = ProgressDisplay(fast, quiet=False, verbose=False)
    display("render", 10, 10)
    assert fast.getvalue() == ""  # a build under a second shows no counter

    slow = Terminal()
    display = ProgressDisplay(slow, quiet=False, verbose=False)
    display.started = time.monotonic() - 2
    display("render", 500, 1000)
    display("render", 1000, 1000)
    display.clear()
    assert "rendering pages 500/1000" in slow.getvalue() and "rendering pages 1000/1000" in slow.getvalue()
    assert slow.getvalue().endswith("\r\033[K")  # the counter line is wiped before the summary

    piped = io.StringIO()
    display = ProgressDisplay(piped, quiet=False, verbose=False)
    display.started = time.monotonic() - 2
    display("render", 500, 1000)
    display("render", 1000, 1000)
    assert piped.getvalue().startswith("rendering pages: 1000 done (")  # plain lines, no control codes
    assert "\r" not in piped.getvalue()


def test_a_new_article_still_holding_its_placeholder_is_not_published(project: Path) -> None:
    path = project / digest("new", "Talks in Geneva", "--date", "2024-05-01", cwd=project).out.strip()
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    line = path.read_text(encoding="utf-8").split("\n").index(PLACEHOLDER) + 1
    before = snapshot(project / "content")
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 1
        assert (
            f"content/articles/2024-05-01-talks-in-geneva.md:{line}: still holds `digest new`'s placeholder text — "
            "write the article in its place, or keep `draft: true` until it is written"
        ) in run.err.splitlines()
    assert not (project / "site").exists() and snapshot(project / "content") == before


def checked(project: Path, name: str, text: str) -> list[str]:
    """What `digest check` says of one article written into the project: it passes, with these warnings."""
    (project / "content/articles" / name).write_text(text, encoding="utf-8")
    run = digest("check", cwd=project)
    assert run.code == 0
    return [line for line in run.err.splitlines() if name in line]


@pytest.mark.parametrize(
    ("name", "date", "warning"),
    [
        (
            "2026-12-02-leap", "2024-02-29",
            "date: warning: is 2024-02-29, but the file name says 2026-12-02 — rename the file to "
            "`2024-02-29-leap.md`, or fix the date",
        ),
        (  # the site's zone is New York: 23:30 at UTC-12 is 07:30 the next morning there, and pages say 2 May
            "2024-05-01-late", "2024-05-01T23:30:00-12:00",
            "date: warning: is 2024-05-02 in the site's time zone, but the file name says 2024-05-01 — rename the "
            "file to `2024-05-02-late.md`, or fix the date",
        ),
        (  # how `digest import` names a draft whose date it did not find
            "undated-xi-meets-blinken", "2024-04-26",
            "date: warning: is set, but the file name still says `undated` — rename the file to "
            "`2024-04-26-xi-meets-blinken.md` before it is published: the name is its address",
        ),
    ],
    ids=["another day", "another day in the site's zone", "still undated"],
)  # fmt: skip
def test_a_file_name_that_does_not_say_the_date_pages_show_is_a_warning(
    project: Path, name: str, date: str, warning: str
) -> None:
    said = checked(project, f"{name}.md", f"---\ntitle: A title\ndate: {date}\n---\n\nText.\n")
    assert f"content/articles/{name}.md:3: {warning}" in said
    assert digest("check", "--strict", cwd=project).code == 1


def test_a_correction_that_nearly_matches_a_quotation_is_a_warning_and_one_added_on_purpose_is_not(
    project: Path,
) -> None:
    warnings = checked(
        project,
        "2024-05-01-partners.md",
        "---\ntitle: Partners\ndate: 2024-05-01\nquotes:\n"
        '  - {text: "We wil keep talking to our partners", speaker: wang-yi}\n'
        '  - {text: "A statement given to us by telephone", speaker: wang-yi}\n'
        "---\n\nThe minister spoke. “We will keep talking to our partners,” a spokesperson said later.\n",
    )
    assert (
        "content/articles/2024-05-01-partners.md:9: quotes: warning: “We wil keep talking to our partners” is not in "
        "the text, but nearly: “We will keep talking to our partners.” — copy the words from the text, or readers "
        "see a quotation the article never printed"
    ) in warnings
    assert not any("telephone" in line for line in warnings)


def test_links_a_reader_could_not_follow_are_warnings_on_their_lines(project: Path) -> None:
    shown = checked(
        project,
        "2024-05-01-links.md",
        "---\ntitle: Links\ndate: 2024-05-01\n---\n\n"
        "See [the talks](2024-04-26-xi-tells-blinken) and [the briefing](www.state.gov/briefing).\n\n"
        "![Xi and Blinken](photo.jpg) [run](javascript:alert(1))\n\n"
        "Fine: [a](https://www.state.gov/) [b](/articles/2024-04-26-xi-tells-blinken/) [c](#top)\n"
        "[d](mailto:desk@example.org)\n\n"
        "Not links: \\[e\\](javascript:alert(2)) `[f](javascript:alert(3))`\n",
    )
    name = "content/articles/2024-05-01-links.md"
    assert shown == [
        f"{name}:6: warning: the link to `2024-04-26-xi-tells-blinken` has no https:// or /: it leads to no page — "
        "write the full address (https://…), or /articles/FILE-NAME/ for an article of this digest",
        f"{name}:6: warning: the link to `www.state.gov/briefing` has no https:// or /: it leads to no page — "
        "write the full address: https://www.state.gov/briefing",
        f"{name}:8: warning: a link to a `javascript:` address is refused as unsafe: readers see its Markdown as "
        "text — remove it, or link to an https:// address",
        f"{name}:8: warning: the link to `photo.jpg` has no https:// or /: it leads to no page — give the image's "
        "full https:// address, or put it in templates/assets/ and write /assets/NAME",
    ]
    assert digest("check", "--strict", cwd=project).code == 1


def test_one_alias_for_two_people_is_refused(project: Path) -> None:
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "people:\n",
            "people:\n  xie-one: {name: Xie One, aliases: [Xie]}\n  xie-two: {name: Xie Two, aliases: [XIE]}\n",
            1,
        ),
        encoding="utf-8",
    )
    run = digest("check", cwd=project)
    assert run.code == 1
    line = config.read_text(encoding="utf-8").split("\n").index("  xie-two: {name: Xie Two, aliases: [XIE]}") + 1
    assert (
        f"config.yaml:{line}: people.xie-two.aliases: `XIE` also names `xie-one` — "
        "give each name or alias to one person only: remove it from one of them"
    ) in run.err.splitlines()


def test_an_article_in_error_does_not_make_another_look_dated_by_a_typo(project: Path) -> None:
    """An article that fails has no date to weigh: the others, weighed without it, once named an article the editor
    never touched as half a year after every other, beside the one real error."""
    articles = project / "content/articles"
    for day in ("2024-01-10", "2024-10-16"):  # either side of the project's article, of 2024-04-26
        (articles / f"{day}-other.md").write_text(f"---\ntitle: Other\ndate: {day}\n---\n\nText.\n", "utf-8")
    assert "days after every other article" not in digest("check", cwd=project).err
    mistake = (project / ARTICLE).read_text("utf-8").replace("themes: [partnership,", "themes: [partnershp,")
    (project / ARTICLE).write_text(mistake, "utf-8")
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 1
        assert "days after every other article" not in run.err, run.err
        assert run.err.splitlines()[-1] == "1 error in 1 file; nothing was written."


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Title: A title\ndate: 2024-05-01", "2: Title: unknown field — did you mean `title`?"),
        ("title: A title\nDate: 2024-05-01", "3: Date: unknown field — did you mean `date`?"),
        ("headline: A title\npublished: 2024-05-01", "2: headline: unknown field — did you mean `title`?"),
    ],
    ids=["title capitalised", "date capitalised", "other generators' names"],
)
def test_a_field_written_under_another_name_is_one_error_not_also_a_missing_one(
    project: Path, written: str, said: str
) -> None:
    name = "content/articles/2024-05-01-renamed.md"
    (project / name).write_text(f"---\n{written}\n---\n\nText.\n", encoding="utf-8")
    run = digest("check", cwd=project)
    assert run.code == 1
    errors = [line for line in run.err.splitlines() if line.startswith(name)]
    assert errors[0] == f"{name}:{said}"
    assert not any("is missing" in line for line in errors), run.err


def test_a_file_beside_the_articles_that_is_not_one_is_named_not_skipped_in_silence(project: Path) -> None:
    """An article saved as `.txt` or `.markdown` vanished from the site at the next build, without a word."""
    articles = project / "content/articles"
    assert digest("build", cwd=project).code == 0
    (project / ARTICLE).rename(articles / "2024-04-26-xi-tells-blinken.md.txt")  # Windows hides the `.txt`
    (articles / "Saved page.html").write_text("<html></html>", encoding="utf-8")
    (articles / "photo.jpg").write_bytes(b"\xff\xd8")  # not text: left alone
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 0
        said = [line for line in run.err.splitlines() if "content/articles/" in line]
        assert said == [
            "content/articles/2024-04-26-xi-tells-blinken.md.txt: warning: is not an article and is not published — "
            "rename it to `2024-04-26-xi-tells-blinken.md` if it is an article; only `.md` files are published",
            "content/articles/Saved page.html: warning: is not an article and is not published — turn it into an "
            "article with `digest import 'content/articles/Saved page.html'`, or move it out of content/articles",
        ], run.err
    (articles / "notes.txt").write_text("Call the embassy.", encoding="utf-8")  # nothing else changed since
    assert "content/articles/notes.txt: warning: is not an article" in digest("build", cwd=project).err


@pytest.mark.parametrize("folder", ["content", "content/sources", "content/article"])
def test_an_article_saved_outside_the_articles_folder_is_named_not_skipped_in_silence(
    project: Path, folder: str
) -> None:
    """An article saved in content/, beside the raw files in content/sources/, or in a misspelt content/article/
    was never published, and check said "OK" with no warning. Notes kept there, without front matter, are not
    articles and stay unmentioned."""
    assert digest("build", cwd=project).code == 0
    (project / folder).mkdir(parents=True, exist_ok=True)
    (project / ARTICLE).rename(project / folder / "2024-04-26-xi-tells-blinken.md")
    (project / "content/sources/NOTES.md").write_text("Raw files, as collected.\n", encoding="utf-8")
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 0
        said = (
            f"{folder}/2024-04-26-xi-tells-blinken.md: warning: is an article outside content/articles/, so it is "
            "not published — move it into content/articles/"
        )
        assert said in run.err.splitlines(), run.err
        assert "NOTES.md" not in run.err


def test_an_article_that_is_a_link_to_a_file_not_there_is_named_not_skipped_in_silence(project: Path) -> None:
    """A link left behind when the file it pointed to was moved or deleted: the article vanished from the site."""
    assert digest("build", cwd=project).code == 0
    (project / "content/articles/2024-05-01-moved.md").symlink_to(project / "elsewhere.md")
    warning = (
        "content/articles/2024-05-01-moved.md: warning: is a link to a file that is not there, so it is not published"
        " — restore the file it points to, or delete the link"
    )
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 0 and warning in run.err.splitlines(), run.err
    assert digest("build", "--strict", cwd=project).code == 1


def test_text_markdown_would_show_as_program_code_is_a_warning_on_its_line(project: Path) -> None:
    """A fence left open turned the rest of the article into code, and a paragraph pasted with its indent became
    code too, both without a word (and a fence opening the text was said to leave the article with no text)."""
    shown = checked(
        project,
        "2024-05-01-code.md",
        "---\ntitle: Code\ndate: 2024-05-01\n---\n\nFirst paragraph.\n\n    An indented paragraph.\n\n"
        "```\nA closed block is meant.\n```\n\nMore text.\n\n~~~\n\nThe rest of the article.\n",
    )
    name = "content/articles/2024-05-01-code.md"
    assert shown == [
        f"{name}:8: warning: the text is indented by 4 spaces (or a tab), so it shows as program code — start the "
        "line at the left margin",
        f"{name}:16: warning: a ~~~ that is never closed: the text below it shows as program code — remove this "
        "line, or close the block with a line ~~~ where it ends",
    ]


def test_a_link_to_a_page_of_the_digest_that_does_not_exist_is_a_warning(project: Path) -> None:
    """The guide promises `check` warns about a link readers could not follow; a link to an article, a theme or
    a person the digest does not have was published as a link to its 404 page without a word."""
    shown = checked(
        project,
        "2024-05-01-links.md",
        "---\ntitle: Links\ndate: 2024-05-01\n---\n\n"
        "See [the talks](/articles/2024-04-26-xi-tells-blinkn/) and [Taiwan](/themes/taiwn/).\n\n"
        "Fine: [a](/articles/2024-04-26-xi-tells-blinken/#top) [b](/people/wang-yi/) [c](/meetings/)\n\n"
        "Gone: [d](/articles/2019-01-01-nothing-like-it/)\n",
    )
    name = "content/articles/2024-05-01-links.md"
    assert shown == [
        f"{name}:6: warning: the link to `/themes/taiwn/` leads to no page: no such theme — did you mean "
        "/themes/taiwan/?",
        f"{name}:6: warning: the link to `/articles/2024-04-26-xi-tells-blinkn/` leads to no page: no article has "
        "that file name — did you mean /articles/2024-04-26-xi-tells-blinken/?",
        f"{name}:10: warning: the link to `/articles/2019-01-01-nothing-like-it/` leads to no page: no article has "
        "that file name — copy the address from the article's page",
    ]


def test_html_pasted_into_the_text_is_a_warning_on_its_line(project: Path) -> None:
    """Raw HTML is published as text (scraped text must never inject markup): an embed's code or a word
    processor's tags reached readers as `<iframe …>` without a word to the editor."""
    shown = checked(
        project,
        "2024-05-01-html.md",
        "---\ntitle: HTML\ndate: 2024-05-01\n---\n\nWatch the briefing:\n"
        '<iframe src="https://www.youtube.com/embed/x"></iframe>\n\n'
        "Not tags: a <3 b, x < y, `<b>` in code, <https://example.org>.\n\nXi said <b>no</b>.\n",
    )
    name = "content/articles/2024-05-01-html.md"
    hint = "remove it: write **bold**, *italics* or [a link](https://…) in Markdown, and link to an embed's page"
    assert shown == [
        f'{name}:7: warning: `<iframe src="https://www.youtube.com/embed/x">` is HTML, which is published as text: '
        f"readers see the tag — {hint}",
        f"{name}:11: warning: `<b>` is HTML, which is published as text: readers see the tag — {hint}",
    ]


def test_a_heading_as_big_as_the_title_is_a_warning(project: Path) -> None:
    """`# Heading` in the text made a second title on the page (the importer writes `##` and below)."""
    shown = checked(project, "2024-05-01-h1.md", "---\ntitle: Title\ndate: 2024-05-01\n---\n\n# Title again\n\nText.\n")
    assert shown == [
        "content/articles/2024-05-01-h1.md:6: warning: a `#` heading is as big as the article's title, and pages "
        "have one title — write `## ` for a heading inside the article"
    ]


def test_a_rule_right_under_a_paragraph_is_named_as_making_it_a_heading(project: Path) -> None:
    """A journalist's `---` between two parts, typed on the line under the last sentence, turned that sentence
    into a heading with no word said; with an empty line above it, it is the separator meant."""
    text = "---\ntitle: Title\ndate: 2024-05-01\n---\n\nFirst part.\n---\n\nSecond part.\n\n---\n\nThird.\n==="
    shown = checked(project, "2024-05-01-rule.md", text + "\n")
    said = "right under text makes that text a heading — for a separator, leave an empty line above it; for a "
    said += "heading, write `## ` before the text"
    assert shown == [
        f"content/articles/2024-05-01-rule.md:7: warning: a line of `---` {said}",
        f"content/articles/2024-05-01-rule.md:14: warning: a line of `===` {said}",
    ]


def test_a_file_name_fixed_to_one_already_taken_says_so(project: Path) -> None:
    """`Xi-Tells-Blinken.md` beside `xi-tells-blinken.md`: renaming it as told would have overwritten the other
    (or, where names ignore case, been refused)."""
    text = (project / ARTICLE).read_text(encoding="utf-8")
    (project / "content/articles/2024-04-26-Xi-Tells-Blinken.md").write_text(text, encoding="utf-8")
    run = digest("check", cwd=project)
    assert run.code == 1
    assert (
        "content/articles/2024-04-26-Xi-Tells-Blinken.md: the file name is the article's web address: only "
        "lowercase letters, digits and hyphens — "
        "`2024-04-26-xi-tells-blinken.md` is there already: delete this file if it is the same article, else give "
        "it another name"
    ) in run.err.splitlines()


@pytest.mark.parametrize(
    ("zone", "said"),
    [
        (
            "EST",
            "`EST` is UTC-05:00 all year, without summer time — use America/New_York, which follows the clock there",
        ),
        (
            "Etc/GMT+8",
            "`Etc/GMT+8` is UTC-08:00: names under Etc/ reverse the sign — use a place's name, such as Asia/Shanghai "
            "(UTC+08:00) or America/New_York",
        ),
    ],
)
def test_a_time_zone_that_is_not_the_clock_meant_is_a_warning(project: Path, zone: str, said: str) -> None:
    """Valid names, silently taken: `EST` files summer stories stamped just after midnight under the day before, and
    `Etc/GMT+8`, written from Beijing, is sixteen hours off it."""
    config = project / "config.yaml"
    lines = config.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("timezone:"))
    lines[at] = f"  timezone: {zone}"
    config.write_text("\n".join(lines), encoding="utf-8")
    run = digest("check", cwd=project)
    assert run.code == 0
    assert f"config.yaml:{at + 1}: site.timezone: warning: {said}" in run.err.splitlines()


def test_a_link_markdown_did_not_make_is_a_warning_on_its_line(project: Path) -> None:
    """A space in the address or between `]` and `(`, or a scheme typed wrong, published the brackets as text or a
    link going nowhere, without a word."""
    shown = checked(
        project,
        "2024-05-01-links.md",
        "---\ntitle: Links\ndate: 2024-05-01\n---\n\n"
        "See [the briefing](https://www.state.gov/a briefing) and\n[the talks] (https://www.state.gov/talks).\n\n"
        "Read [it](htps://www.state.gov/read).\n\n"
        'Fine: [a](https://www.state.gov/ "A title") ![b](https://e.org/b.png) `[c](https://x y)` \\[d](https://x y)\n',
    )
    name = "content/articles/2024-05-01-links.md"
    assert shown == [
        f"{name}:6: warning: `[the briefing](https://www.state.gov/a briefing)` is not a link: readers see it as "
        "written — an address has no spaces: remove them, or copy the address from the browser's address bar",
        f"{name}:7: warning: `[the talks] (https://www.state.gov/talks)` is not a link: readers see it as written — "
        "remove the space between `]` and `(`",
        f"{name}:9: warning: the link to `htps://www.state.gov/read` does not start with https:// — write the full "
        "address: https://www.state.gov/read",
    ]


def test_several_featured_articles_are_named_with_the_one_that_leads(project: Path) -> None:
    """Only one article leads the home page (the newest marked, render.lead_story): the others marked are not
    shown there, and each `featured: true` is named on its line."""
    for name, day in (("2024-04-20-older.md", "2024-04-20"), ("2024-04-25-newer.md", "2024-04-25")):
        text = f"---\ntitle: Featured {day}\ndate: {day}\nfeatured: true\n---\n\nWang Yi met Blinken.\n"
        (project / "content/articles" / name).write_text(text, encoding="utf-8")
    warning = (
        "featured: warning: 2 articles are marked `featured: true` (content/articles/2024-04-20-older.md:4, "
        "content/articles/2024-04-25-newer.md:4), and only one leads the home page: "
        "content/articles/2024-04-25-newer.md, the newest of them — keep `featured: true` on the article that "
        "should lead and delete it from the others"
    )
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 0, run.err
        lines = run.err.splitlines()
        for name in ("2024-04-20-older", "2024-04-25-newer"):
            assert f"content/articles/{name}.md:4: {warning}" in lines, run.err
    home = (project / "site/index.html").read_text(encoding="utf-8")
    lead = home[home.index('<article class="lead">') :]
    assert 'href="/articles/2024-04-25-newer/"' in lead[: lead.index("</article>")]
    (project / "content/articles/2024-04-20-older.md").write_text(
        "---\ntitle: Older\ndate: 2024-04-20\n---\n\nWang Yi met Blinken.\n", encoding="utf-8"
    )
    assert "featured" not in digest("check", cwd=project).err


def _report(name: str, title: str, source: str, draft: bool = False) -> tuple[str, str]:
    front = f"---\ntitle: {title}\ndate: 2024-05-02\nsource:\n{source}draft: {str(draft).lower()}\n---\n"
    return name, front + "\nWang Yi and Antony Blinken agreed to resume military talks.\n"


def test_one_report_imported_twice_is_named_with_the_copy_to_delete(project: Path) -> None:
    """Two files with the same headline, day and source (its address, its outlet, or the raw file it was imported
    from) are one report imported twice: both would be published. The copy to delete is named on its title's line,
    with the file to keep; a draft goes before a published copy. The same headline from another outlet (a wire story
    two papers carried) is not warned about."""
    folder = project / "content/articles"
    wire = "  name: Example Wire\n  url: https://example.com/talks\n"
    for name, text in (
        _report("2024-05-02-talks.md", "US and China agree to resume military talks", wire),
        _report(
            "2024-05-02-a-talks.md",
            "US and China agree to resume “military talks”",
            wire.replace("/talks", "/talks/"),
            True,
        ),
        _report("2024-05-02-post.md", "US and China agree to resume military talks", "  name: Other Post\n"),
        _report("2024-05-02-raw.md", "Beijing welcomes the talks", "  origin: 002_40121218b3ce605e.txt\n"),
        _report("2024-05-02-raw-again.md", "Beijing Welcomes the Talks", "  origin: 002_40121218b3ce605e.txt\n"),
        _report("2024-05-02-other-day.md", "Beijing welcomes the talks", "  origin: 002_40121218b3ce605e.txt\n"),
    ):
        (folder / name).write_text(text.replace("2024-05-02", "2024-05-03") if "other-day" in name else text)
    (folder / "2024-05-02-copy.md").write_text(
        _report("", "Envoys meet in Bangkok", "  name: EXAMPLE  Wire\n  url: https://example.org/envoys\n")[1]
    )
    (folder / "2024-05-02-envoys.md").write_text(_report("", "Envoys meet in Bangkok", wire)[1])
    kept = "(copy into it any edit made only here)"
    expected = [
        "content/articles/2024-05-02-a-talks.md:2: title: warning: same headline, same day and same address as "
        "content/articles/2024-05-02-talks.md:2: the same report imported twice, most likely — delete "
        f"content/articles/2024-05-02-a-talks.md and keep content/articles/2024-05-02-talks.md {kept}",
        "content/articles/2024-05-02-envoys.md:2: title: warning: same headline, same day and same outlet as "
        "content/articles/2024-05-02-copy.md:2: the same report imported twice, most likely — delete "
        f"content/articles/2024-05-02-envoys.md and keep content/articles/2024-05-02-copy.md {kept}",
        "content/articles/2024-05-02-raw.md:2: title: warning: same headline, same day and same raw file as "
        "content/articles/2024-05-02-raw-again.md:2: the same report imported twice, most likely — delete "
        f"content/articles/2024-05-02-raw.md and keep content/articles/2024-05-02-raw-again.md {kept}",
    ]
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 0, run.err
        assert [line for line in run.err.splitlines() if "same headline" in line] == expected, run.err
    assert (project / "site/articles/2024-05-02-post/index.html").is_file()


def test_a_source_origin_naming_no_raw_file_is_a_warning_on_its_line(project: Path) -> None:
    """No page shows `source.origin` (readers never see a raw file's name), so the build goes on; but the import
    cannot be repeated from a file content/sources/ does not have."""
    name = "content/articles/2024-05-01-origin.md"
    for origin, hint in (
        ("002_40121218b3ce605f.txt", "did you mean `002_40121218b3ce605e.txt`?"),
        ("content/sources/002_40121218b3ce605e.txt", "write the file's name only: `origin: 002_40121218b3ce605e.txt`"),
        (
            "notes.txt",
            "put the raw file the article was imported from in content/sources/, or delete the `origin:` line",
        ),
    ):
        text = (
            f"---\ntitle: Origin\ndate: 2024-05-01\nsource:\n  name: Example Wire\n  origin: {origin}\n---\n\nText.\n"
        )
        assert checked(project, "2024-05-01-origin.md", text) == [
            f"{name}:6: source.origin: warning: `{origin}` is not a file in content/sources/, so the import cannot be "
            f"repeated from it — {hint}"
        ]
    build = digest("build", cwd=project)
    assert build.code == 0 and f"{name}:6: source.origin: warning: `notes.txt`" in build.err
    (project / "content/sources/notes.txt").write_text("The raw text.\n", encoding="utf-8")
    again = digest("build", cwd=project)  # nothing else changed: the raw file put back is news all the same
    assert again.code == 0 and "source.origin" not in again.err, again.err


def test_a_footnote_is_named_as_unsupported_not_as_a_dead_link(project: Path) -> None:
    """digest renders no footnotes (markdown-it's plugin is not enabled): `[^1]: Reuters.` read as a link definition
    hid the note and made every `[^1]` a link to `Reuters.`. It is shown as written, with a warning saying so."""
    name = "content/articles/2024-05-01-notes.md"
    text = "---\ntitle: Notes\ndate: 2024-05-01\n---\n\nWang Yi met Blinken.[^1]\n\n[^1]: Reuters.\n"
    assert checked(project, "2024-05-01-notes.md", text) == [
        f"{name}:8: warning: `[^1]:` starts a footnote, and digest has none: readers see it and each `[^1]` as "
        "written — name the source in the sentence instead (“…, Reuters reported.”) or link it: "
        "[Reuters](https://…)"
    ]
    assert digest("build", cwd=project).code == 0
    page = (project / "site/articles/2024-05-01-notes/index.html").read_text(encoding="utf-8")
    assert "<p>Wang Yi met Blinken.[^1]</p>" in page and "<p>[^1]: Reuters.</p>" in page
    assert 'href="Reuters."' not in page


def test_front_matter_pasted_twice_is_a_warning_naming_the_lines_to_delete(project: Path) -> None:
    """Below the first front matter, a second one shows as a rule and a heading of its fields; a rule alone
    (`---` between paragraphs) is no front matter."""
    pasted = "---\ntitle: Twice\ndate: 2024-05-01\n---\n\n---\ntitle: Twice\ndate: 2024-05-01\n---\n\nThe text.\n"
    name = "content/articles/2024-05-01-twice.md"
    assert checked(project, "2024-05-01-twice.md", pasted) == [
        f"{name}:6: warning: front matter pasted twice: readers see the second one as text — delete lines 6–9"
    ]
    unclosed = "---\ntitle: Twice\ndate: 2024-05-01\n---\n---\ntitle: Twice\ndate: 2024-05-01\n\nThe text.\n"
    assert checked(project, "2024-05-01-twice.md", unclosed) == [
        f"{name}:5: warning: front matter pasted twice: readers see the second one as text — delete lines 5–7"
    ]
    rule = "---\ntitle: A rule\ndate: 2024-05-01\n---\n\n---\n\nThe text: after a rule.\n\n---\n\nMore.\n"
    assert checked(project, "2024-05-01-twice.md", rule) == []
