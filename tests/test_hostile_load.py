"""Hostile input to the loader and the config (issue 17): every trick is an editor's message, never a crash.

The YAML tricks that need only a file (alias bombs, list keys, failing tags, dates out of range, broken config
fields) are invalid fixtures in tests/fixtures/invalid/; here is what needs a file system, a timing or a build.
"""

from __future__ import annotations

import gc
import gzip
import os
import re
import time
from pathlib import Path

import feedparser
import pytest
from conftest import ARTICLE, PAGE, VALID_ARTICLE, digest, snapshot

from digest import cli
from digest.config import load_config
from digest.errors import DigestError
from digest.load import load_article
from digest.schema import Reader

ARTICLES = "content/articles"


def write(project: Path, name: str, text: str | bytes) -> Path:
    path = project / ARTICLES / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def set_config(project: Path, old: str, new: str) -> None:
    path = project / "config.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(run) -> list[str]:
    """The problem lines of a run, without the closing count."""
    return [line for line in run.err.splitlines() if line and "nothing was written" not in line]


# Finding 2: aliases expand exponentially; refused wherever they are, before anything reads the tree.


def test_an_alias_anywhere_is_refused_with_its_line(project: Path) -> None:
    write(project, "2024-01-10-alias.md", "---\nsummary: &s Shared words\ntitle: *s\ndate: 2024-01-10\n---\n\nText.\n")
    run = digest("check", cwd=project)
    assert run.code == 1
    assert errors(run) == [
        "content/articles/2024-01-10-alias.md:3: uses a YAML alias — write the value out in full: "
        "digest does not read `&anchor` and `*alias`"
    ]


def bomb(levels: int) -> str:
    """`? *top` over `levels` nested lists of 9 aliases each: 9**levels scalars once expanded."""
    names = [f"n{i}" for i in range(levels)]
    lines = [f"{names[0]}: &{names[0]} [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip(names, names[1:], strict=False)]
    return "\n".join([*lines, f"? *{names[-1]}", ": x", ""])


def test_the_key_bomb_costs_no_more_than_a_small_one() -> None:
    def refuse(levels: int) -> float:
        best = float("inf")
        for _ in range(3):
            r = Reader("config.yaml")
            started = time.process_time()
            refused = r.compose(bomb(levels)) is None  # never shown in an assertion: its repr would expand
            assert refused
            best = min(best, time.process_time() - started)
        assert [p.message for p in r.problems] == ["uses a YAML alias"]
        assert r.problems[0].line == 2
        return best

    small, big = refuse(2), refuse(7)  # 81 scalars and 4.8 million, once expanded
    assert big < 8 * small


# Finding 3: control characters and non-characters through YAML escapes are cleaned, with a warning.

CONTROL_ARTICLE = """\
---
title: "Evil \\x01 title"
date: 2024-01-10
summary: "A summary \\uFFFE with a non-character"
source: {name: "A\\x02B", url: "https://example.com/a\\x03b", origin: "x\\0y"}
quotes: [{text: "We \\x07will", speaker: xi-jinping}]
---

Chinese President Xi Jinping said: “We will”.
"""
CONTROL_WARNINGS = {
    "content/articles/2024-01-10-evil.md:2: title: warning: invisible control characters (U+0001) were removed",
    "content/articles/2024-01-10-evil.md:4: summary: warning: invisible control characters (U+FFFE) were removed",
    "content/articles/2024-01-10-evil.md:5: source.name: warning: invisible control characters (U+0002) were removed",
    "content/articles/2024-01-10-evil.md:5: source.url: warning: invisible control characters (U+0003) were removed",
    "content/articles/2024-01-10-evil.md:5: source.origin: warning: invisible control characters (U+0000) were removed",
    "content/articles/2024-01-10-evil.md:6: quotes.text: warning: invisible control characters (U+0007) were removed",
    "config.yaml:6: site.title: warning: invisible control characters (U+FFFE) were removed",
    "config.yaml:22: themes.taiwan.title: warning: invisible control characters (U+0001) were removed",
    "config.yaml:48: meetings.ncuscr-gala-2021.title: warning: invisible control characters (U+FFFF) were removed",
}
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def test_escaped_control_characters_are_cleaned_with_a_warning_and_the_build_passes(project: Path) -> None:
    write(project, "2024-01-10-evil.md", CONTROL_ARTICLE)
    set_config(project, 'title: "US–China Digest"', 'title: "US–China \\uFFFE Digest"')
    set_config(project, 'title: "Taiwan"', 'title: "Tai\\x01wan"')
    set_config(project, 'title: "NCUSCR annual gala 2021"', 'title: "NCUSCR \\uFFFF gala"')
    hint = " — an escape in quotes such as \\x01 or \\uFFFE writes them: delete it"
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 0, run.err
        assert {line for line in run.err.splitlines() if "invisible" in line} == {w + hint for w in CONTROL_WARNINGS}
    site = snapshot(project / "site")
    for path, data in site.items():
        if path.endswith((".png", ".pagefind", ".pf_index", ".pf_meta", ".pf_filter")):  # images, Pagefind's binaries
            continue
        if path.endswith(".pf_fragment"):  # gzipped JSON of one search result: the text a search shows
            data = gzip.decompress(data)
        assert not UNWANTED.search(data.decode("utf-8", "replace")), path
    page = site["articles/2024-01-10-evil/index.html"].decode()
    assert "Evil  title" in page and "AB" in page
    feed = feedparser.parse(site["feed.xml"])
    assert not feed.bozo and any(entry.title == "Evil  title" for entry in feed.entries)


def test_a_direction_override_in_a_title_is_removed_with_a_warning(project: Path) -> None:
    """A right-to-left override (U+202E) pasted into a title turned around everything after it: the rest of the
    page's <title>, the site's name with it, and the rest of each list item showing the title."""
    text = "---\ntitle: Turned \u202earound\ndate: 2024-01-10\n---\n\nThe talks went on.\n"
    write(project, "2024-01-10-turned.md", text)
    run = digest("build", cwd=project)
    assert run.code == 0, run.err
    assert "content/articles/2024-01-10-turned.md:2: warning: invisible control characters were removed" in run.err
    site = snapshot(project / "site")
    assert "<title>Turned around — US–China Digest</title>" in site["articles/2024-01-10-turned/index.html"].decode()
    for path in ("index.html", "feed.xml", "feed.json"):
        assert "\u202e" not in site[path].decode(), path


def test_digest_new_refuses_a_title_with_control_characters(project: Path) -> None:
    before = snapshot(project / ARTICLES)
    run = digest("new", "Ctl \x01 title", cwd=project)
    assert run.code == 2
    assert run.err.strip() == (
        "digest new: the title holds invisible control characters (U+0001) — retype it without them"
    )
    assert snapshot(project / ARTICLES) == before


# Finding 4: file-system mistakes are messages, exit 1, from check and build alike.


def test_a_file_name_that_is_not_utf8_is_named_and_refused(project: Path) -> None:
    body = VALID_ARTICLE.replace("2024-04-26", "2024-01-10")
    (project / ARTICLES).joinpath(os.fsdecode(b"bad\xff.md")).write_text(body, encoding="utf-8")
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 1, run.err
        assert errors(run) == [
            "content/articles/bad\\xff.md: the file name is the article's web address: only lowercase letters, "
            "digits and hyphens — rename it to `bad-xff.md`"
        ]


def test_an_unreadable_folder_is_named(project: Path, monkeypatch, capsys) -> None:
    folder = project / ARTICLES / "locked"
    folder.mkdir()
    real_scandir, real_listdir = os.scandir, os.listdir

    def refuse(real):
        def call(path="."):
            if os.fspath(path) == str(folder):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        return call

    monkeypatch.setattr(os, "scandir", refuse(real_scandir))  # root can read any folder: chmod cannot show it
    monkeypatch.setattr(os, "listdir", refuse(real_listdir))
    monkeypatch.chdir(project)
    for command in ("check", "build"):
        assert cli.main([command]) == 1
        err = capsys.readouterr().err
        assert err.splitlines()[0] == (
            "content/articles/locked: folder cannot be read: Permission denied — check its permissions (chmod u+rx)"
        )


# Finding 5: an article file has a size limit, checked before parsing; reading front matter is linear.


def test_an_article_over_the_size_limit_is_refused_before_parsing(project: Path) -> None:
    write(project, "2024-01-10-huge.md", VALID_ARTICLE + "word " * (2 * 2**20 // 5 + 1))
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 1
        assert errors(run) == [
            "content/articles/2024-01-10-huge.md: is 2.0 MB, over the 2 MB an article file may have "
            "— split it into several articles, or trim it"
        ]


@pytest.mark.parametrize(
    "front",
    [
        lambda n: "summary: " + "word " * (n * 20),
        lambda n: "".join(f"unknown{i}: value\n" for i in range(n)),
        lambda n: "themes: [" + ", ".join(["taiwan"] * (n * 4)) + "]",
        lambda n: "quotes:\n" + "- {text: a, speaker: unknown}\n" * n,
    ],
    ids=["long-value", "many-fields", "long-list", "many-records"],
)
def test_front_matter_reading_is_linear(front) -> None:
    config = load_config(Path(__file__).resolve().parents[1] / "config.yaml")

    def seconds(n: int) -> float:
        raw = f"---\ntitle: T\ndate: 2024-01-10\n{front(n)}\n---\n\nText.\n".encode()
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            load_article("content/articles/a.md", raw, "f", config)
            best = min(best, time.process_time() - started)
        return best

    assert seconds(4000) < 8 * seconds(1000)


# Finding 6: base_url, links out of the project, link loops, upper-case extensions.


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("https://example.org/news/?a=1", "has a query (`?a=1`)"),
        ("https://example.org/news/#top", "has a fragment (`#top`)"),
        ("https://editor:secret@example.org/", "holds a user name or password (before `@`)"),
        ("https://example.org:99999/", "`99999` is not a port"),
        ("https://example.org//news/", "has an empty folder name (`//`) in its path"),
    ],
)
def test_a_base_url_that_breaks_links_is_refused(project: Path, address: str, message: str) -> None:
    set_config(project, '"https://uschina-digest.example.org/"', f'"{address}"')
    with pytest.raises(DigestError) as caught:
        load_config(project / "config.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.field, problem.message) == (8, "site.base_url", message)
    assert "secret" not in str(problem)


def test_a_base_url_with_a_port_and_a_folder_is_accepted(project: Path) -> None:
    set_config(project, '"https://uschina-digest.example.org/"', '"https://example.org:8443/news/"')
    assert load_config(project / "config.yaml").site.base_url == "https://example.org:8443/news/"


def test_a_link_to_an_article_outside_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(VALID_ARTICLE.replace("2024-04-26", "2024-01-10"), encoding="utf-8")
    (project / ARTICLES / "2024-01-10-secret.md").symlink_to(secret)
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 1
        assert errors(run) == [
            f"content/articles/2024-01-10-secret.md: is a link to a file outside the project ({secret.resolve()}) "
            "— copy the file into content/articles instead of linking to it"
        ]
    assert not (project / "site").exists()


def test_a_link_that_stays_inside_the_project_is_published(project: Path) -> None:
    kept = project / "content" / "kept"
    kept.mkdir()
    (kept / "story.md").write_text(VALID_ARTICLE.replace("2024-04-26", "2024-01-10"), encoding="utf-8")
    (project / ARTICLES / "2024-01-10-linked.md").symlink_to(Path("..") / "kept" / "story.md")
    run = digest("build", cwd=project)
    assert run.code == 0, run.err
    assert (project / "site" / "articles" / "2024-01-10-linked" / "index.html").is_file()


def test_a_link_loop_is_one_line(project: Path) -> None:
    (project / ARTICLES / "loop").symlink_to(".")
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 1
        assert errors(run) == [
            "content/articles/loop: is the same folder as content/articles, through a link — remove the link: "
            "its articles would be read twice (and a link to a folder above makes a loop)"
        ]


def test_a_link_loop_between_two_articles_is_one_line_each(project: Path) -> None:
    (project / ARTICLES / "2024-01-10-a.md").symlink_to("2024-01-11-b.md")
    (project / ARTICLES / "2024-01-11-b.md").symlink_to("2024-01-10-a.md")
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 1
        assert errors(run) == [
            f"content/articles/{name}: is a link that cannot be followed: Too many levels of symbolic links "
            "— point it at an article inside the project, or delete it"
            for name in ("2024-01-10-a.md", "2024-01-11-b.md")
        ]


def test_two_ways_to_one_folder_are_one_line(project: Path) -> None:
    (project / ARTICLES / "b").mkdir()
    (project / ARTICLE).rename(project / ARTICLES / "b" / "2024-04-26-xi-tells-blinken.md")
    (project / ARTICLES / "a").symlink_to("b")
    run = digest("check", cwd=project)
    assert run.code == 1
    assert errors(run) == [
        "content/articles/b: is the same folder as content/articles/a, through a link — remove the link: "
        "its articles would be read twice (and a link to a folder above makes a loop)"
    ]


def test_an_upper_case_extension_is_an_article_too(project: Path) -> None:
    (project / ARTICLE).rename(project / ARTICLE.replace(".md", ".MD"))
    write(project, "2024-01-10-mixed.Md", VALID_ARTICLE.replace("2024-04-26", "2024-01-10"))
    assert digest("check", cwd=project).out.startswith("OK: config and 2 articles are valid")
    assert digest("build", cwd=project).code == 0
    assert (project / "site" / PAGE / "index.html").is_file()
    assert (project / "site" / "articles" / "2024-01-10-mixed" / "index.html").is_file()


def test_a_problem_stays_on_one_line_whatever_the_value_holds(project: Path) -> None:
    write(project, "2024-01-10-lines.md", '---\ntitle: Lines\ndate: "2024\\nten\\r\\u2028"\n---\n\nText.\n')
    run = digest("check", cwd=project)
    assert run.code == 1
    assert errors(run) == [
        "content/articles/2024-01-10-lines.md:3: date: expected a date, found `2024\\nten\\r\\u2028` — "
        "write it as YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+HH:MM with a time"
    ]


# Found by an exploratory check: markdown-it stops reading at 100 levels of nesting and drops the rest unsaid.


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("".join("  " * i + f"- item{i}\n" for i in range(50)) + "\nA paragraph after the list.\n", 54),
        (">" * 120 + " A deep quotation.\n", 6),
        (">" * 5000 + " A quotation five thousand deep.\n", 6),
    ],
    ids=["a list 50 deep", "a quotation 120 deep", "a quotation 5000 deep"],
)
def test_nesting_that_would_lose_text_is_refused_on_its_line(project: Path, body: str, line: int) -> None:
    assert digest("build", cwd=project).code == 0
    before = snapshot(project / "site")
    write(project, "2024-05-01-deep.md", f"---\ntitle: Deep\ndate: 2024-05-01\n---\n\n{body}")
    run = digest("build", cwd=project)
    assert run.code == 1
    assert errors(run) == [
        f"content/articles/2024-05-01-deep.md:{line}: lists or quotations nest too deep (50 lists or 100 quotations,"
        " one inside the next): the text from here on would be lost — flatten it: start a new list or paragraph"
        " instead of indenting again"
    ]
    assert snapshot(project / "site") == before


def test_nesting_short_of_the_limit_keeps_every_word(project: Path) -> None:
    body = "".join("  " * i + f"- item{i}\n" for i in range(45)) + "\n" + ">" * 95 + " Quoted deep.\n\nLast words.\n"
    write(project, "2024-05-01-deep.md", f"---\ntitle: Deep\ndate: 2024-05-01\n---\n\n{body}")
    assert digest("build", cwd=project).code == 0
    page = (project / "site/articles/2024-05-01-deep/index.html").read_text(encoding="utf-8")
    assert all(f"item{i}" in page for i in range(45))
    assert "Quoted deep." in page and "Last words." in page


@pytest.mark.parametrize("name", ["templates/base.html", "config.yaml"])
def test_a_template_or_config_that_is_not_utf8_is_named_with_its_line(project: Path, name: str) -> None:
    assert digest("build", cwd=project).code == 0
    before = snapshot(project / "site")
    path = project / name
    text = path.read_bytes()
    path.write_bytes(text + b"\xff\xfe\n")
    run = digest("build", cwd=project)
    assert run.code == 1
    line = text.count(b"\n") + 1
    assert errors(run) == [
        f"{name}:{line}: is not UTF-8 text (byte 0xff cannot be read) — save the file with the UTF-8 encoding "
        "(in most editors: Save As → Encoding → UTF-8)"
    ]
    assert snapshot(project / "site") == before


@pytest.mark.parametrize(("out", "inside"), [("templates/assets/mirror", "templates"), ("content/site", "content")])
def test_an_output_folder_inside_what_the_build_reads_is_refused(project: Path, out: str, inside: str) -> None:
    before = snapshot(project / inside)
    run = digest("build", "--out", out, cwd=project)
    assert run.code == 1
    assert errors(run) == [f"{out}: is inside {inside}/, which the build reads — choose an --out folder outside it"]
    assert snapshot(project / inside) == before


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("2024-05-01-习近平会见布林肯.md", "2024-05-01-article-"),  # a hash of the title: the day's others differ
        ("2024-05-01-Xi Meets Blinken.md", "2024-05-01-xi-meets-blinken.md"),
    ],
)
def test_a_file_name_that_cannot_be_an_address_gets_one_that_keeps_its_date(
    project: Path, name: str, suggested: str
) -> None:
    write(project, name, "---\ntitle: Xi meets Blinken\ndate: 2024-05-01\n---\n\nText.\n")
    run = digest("check", cwd=project)
    assert run.code == 1
    (line,) = errors(run)
    said = f"content/articles/{name}: the file name is the article's web address: only lowercase letters, digits "
    said += f"and hyphens — rename it to `{suggested}"
    assert line.startswith(said)
    assert line.endswith(".md`") and "`2024-05-01.md`" not in line


def test_a_config_entry_written_twice_names_the_line_of_the_first(project: Path) -> None:
    config = project / "config.yaml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(n for n, line in enumerate(lines) if line.startswith("  taiwan:"))
    end = next(n for n in range(start + 1, len(lines)) if not lines[n].startswith("    "))
    lines[end:end] = lines[start:end]  # the whole entry again, right after itself
    config.write_text("".join(lines), encoding="utf-8")
    run = digest("check", cwd=project)
    assert run.code == 1
    first, again = start + 1, end + 1
    assert errors(run) == [
        f"config.yaml:{again}: themes.taiwan: appears twice (first on line {first}) — keep one of them"
    ]


@pytest.mark.parametrize(
    ("address", "held"), [('https://example.com/a"onmouseover=x', '"'), ("https://e.com/<b>", "<")]
)
def test_a_source_address_holding_markup_characters_is_refused_on_its_line(
    project: Path, address: str, held: str
) -> None:
    write(project, "2024-04-26-address.md", VALID_ARTICLE.replace('"https://example.com/xi-blinken"', f"'{address}'"))
    run = digest("check", cwd=project)
    assert run.code == 1
    assert errors(run) == [
        f"content/articles/2024-04-26-address.md:4: source.url: `{address}` holds `{held}`, which a web address "
        "cannot — copy the address from the browser's address bar, which writes such characters as %xx"
    ]


@pytest.mark.parametrize(
    ("value", "message", "hint"),
    [
        (
            r'"C:\Users\Wang"',
            r"`\U` must be followed by 8 hexadecimal digits, a character's code",
            r"write `\\` for a backslash, or put the value in single quotes",
        ),
        (
            r'"Xi \q Biden"',
            r"`\q` is no escape YAML knows: in double quotes `\` starts one",
            r"write `\\` for a backslash, or put the value in single quotes",
        ),
        (
            r'"Xi \ud800 Biden"',
            r"`\ud800` is half of a character (a lone surrogate), which no page can show",
            "type the character itself, or delete the escape",
        ),
    ],
    ids=["path", "unknown", "lone surrogate"],
)
def test_a_backslash_in_double_quotes_is_named_not_taken_for_a_quote_never_closed(
    project: Path, value: str, message: str, hint: str
) -> None:
    """YAML stops inside the quotes at an escape it cannot read: the message said the quote was never closed, and
    its fix (close it at the end of the value) was already done."""
    write(
        project,
        "2024-01-10-escape.md",
        VALID_ARTICLE.replace('"Xi tells Blinken: Let’s be partners, not rivals"', value),
    )
    run = digest("check", cwd=project)
    assert run.code == 1
    assert errors(run) == [f"content/articles/2024-01-10-escape.md:2: YAML syntax error: {message} — {hint}"]
    line = (project / "config.yaml").read_text(encoding="utf-8").split("\n").index('    place: "Beijing"') + 1
    set_config(project, 'place: "Beijing"', f"place: {value}")
    assert errors(digest("check", cwd=project))[0] == f"config.yaml:{line}: YAML syntax error: {message} — {hint}"


def test_many_featured_articles_still_name_the_one_that_leads_and_the_fix(project: Path) -> None:
    """Each warning listed every article marked featured: past a dozen, the line was cut at 1,000 characters
    before it named the article that leads the home page and said what to do."""
    for n in range(20):
        day = f"2024-03-{n + 1:02d}"
        text = f"---\ntitle: Featured {n}\ndate: {day}\nfeatured: true\n---\n\nWang Yi met Blinken.\n"
        write(project, f"{day}-an-article-marked-featured-by-an-editor-long-ago.md", text)
    run = digest("check", cwd=project)
    assert run.code == 0, run.err
    warnings = [line for line in run.err.splitlines() if "featured: warning:" in line]
    assert len(warnings) == 20
    leader = "content/articles/2024-03-20-an-article-marked-featured-by-an-editor-long-ago.md"
    ending = f"only one leads the home page: {leader}, the newest of them — keep `featured: true` on the article"
    assert all(ending in line and " and 17 more)" in line for line in warnings), warnings[0]


@pytest.mark.parametrize(
    ("lines", "line", "field", "commented", "fixed"),
    [
        ('people: #"xi-jinping"', 4, "people", '#"xi-jinping"', 'people: ["xi-jinping"]'),
        ("themes: [taiwan, #'russia']", 4, "themes", "#'russia'", "themes: [taiwan, 'russia']"),
        ("themes:\n  - #'russia'", 5, "themes", "#'russia'", "`- 'russia'`"),
    ],
    ids=["bare", "list", "item"],
)
def test_a_hash_before_a_quoted_slug_is_named_on_its_line(
    project: Path, lines: str, line: int, field: str, commented: str, fixed: str
) -> None:
    """`#` before a slug in quotes is a comment too: `people: #"xi-jinping"` published the article without its
    people and said nothing, and `- #'russia'` was called an empty field."""
    text = f"---\ntitle: Quoted slugs\ndate: 2024-01-10\n{lines}\n---\n\nWang Yi met Blinken.\n"
    write(project, "2024-01-10-quoted.md", text)
    run = digest("check", cwd=project)
    assert run.code == 1
    message = f"`#` starts a comment in YAML, so `{commented}` and the rest of the line are not read"
    assert errors(run) == [f"content/articles/2024-01-10-quoted.md:{line}: {field}: {message} — write {fixed}"]


def test_a_paragraph_ending_as_the_placeholder_begins_is_the_editors_text(project: Path) -> None:
    """A published article with a paragraph ending "Write the article here." before another paragraph: the
    placeholder's start was found in the paragraphs joined, then not in any one of them, and `check` and `build`
    stopped with an internal error (StopIteration)."""
    text = VALID_ARTICLE + "\nXi said: Write the article here.\n\nBoth sides agreed to keep talking.\n"
    (project / ARTICLE).write_text(text, encoding="utf-8")
    for command in ("check", "build"):
        run = digest(command, cwd=project)
        assert run.code == 0 and "internal error" not in run.err, run.err
    assert "Write the article here." in (project / "site" / PAGE / "index.html").read_text(encoding="utf-8")


def test_a_config_of_thousands_of_people_and_meetings_is_read_in_linear_time(tmp_path: Path) -> None:
    """Each meeting's participants were put in the people's order, and looked for among the people, by going
    through all of them: 3.5 s for 8,000 people and 8,000 meetings, thirteen times 2,000's (15 s for 16,000)."""
    base = (Path(__file__).resolve().parents[1] / "config.yaml").read_text(encoding="utf-8")
    site = base[base.index("site:") : base.index("\nthemes:")]

    def seconds(n: int) -> float:
        people = "".join(f"  person-{i}: {{name: Person Number{i}}}\n" for i in range(n))
        meetings = "".join(
            f"  meeting-{i}: {{title: Talks {i}, start: 2024-01-01, place: Beijing, "
            f"participants: [person-{(i + 1) % n}, person-{i}]}}\n"
            for i in range(n)
        )
        path = tmp_path / f"config-{n}.yaml"
        path.write_text(f"{site}\nthemes: {{}}\npeople:\n{people}meetings:\n{meetings}", encoding="utf-8")
        best = float("inf")
        for _ in range(3):  # without the garbage collector, whose passes over the YAML's nodes grow faster
            gc.collect()
            gc.disable()
            started = time.process_time()
            config = load_config(path)
            best = min(best, time.process_time() - started)
            gc.enable()
        assert config.meetings["meeting-0"].participants == ("person-0", "person-1")  # the people's order
        return best

    assert seconds(8000) < 8 * seconds(2000) + 0.05


BROKEN_FRONT_MATTER = [
    "title: Xi: partners\ndate: 2024-01-10\n",
    "title: x\n- taiwan\n",
    "quotes:\n  - text: a\n  speaker: b\n",
    "source:\n   name: a\n  url: b\n",
    "title: [UPDATE] Xi says\n",
    "title: {Breaking} Xi says\n",
    "themes: [a, b]]\n",
    "title: @AP reports\n",
    "title: `Xi`\n",
    "title: *Exclusive* Xi\n",
    "title: > Xi says\n",
    "title: | Xi says\n",
    "title: x\ndate 2024-01-10\nthemes: [a]\n",
    "title: a\n---\nb: c\n",
    "- a\ntitle: b\n",
    "“title”: “Xi: partners”\n",
    "title: x\n  - a\n  b: c\n",
    "people:\n  - xi-jinping\n  wang-yi\n",
]
YAML_READERS_WORDS = re.compile(
    r"mapping|scalar|indicator|expected key|block end|token|node content|simple key|stream|document|NoneType", re.I
)


@pytest.mark.parametrize("text", BROKEN_FRONT_MATTER)
def test_a_syntax_error_is_said_in_an_editors_words(text: str) -> None:
    """The YAML reader's own words ("mapping values are not allowed in this context", "did not find expected '-'
    indicator") reached editors, with "check the YAML syntax on this line" for a fix. Every message names its line
    and says what is wrong in words of the file."""
    reader = Reader("f.md")
    reader.compose(text)
    assert len(reader.problems) == 1
    problem = reader.problems[0]
    assert problem.line is not None and problem.hint and "check the YAML syntax" not in problem.hint
    assert not YAML_READERS_WORDS.search(str(problem)), str(problem)


def test_a_field_under_a_list_is_said_to_sit_in_its_entries_column() -> None:
    """`date:` typed in the column of the `- taiwan` above it was compared with `themes:`, further up, and said to be
    indented more than it; the line above is a list entry, and the fix is to move it left or make it one."""
    reader = Reader("f.md")
    reader.compose("themes:\n  - taiwan\n  date: 2024-01-10\n")
    assert [str(problem) for problem in reader.problems] == [
        "f.md:3: YAML syntax error: this line is in the column of the `- ` entries above it, but is not one — start "
        "it with `- ` if it is one more entry, else move it left, under its field"
    ]
