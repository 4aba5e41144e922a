"""Seeded fuzzing of what editors write: front matter, config.yaml and article bodies (issue 17).

Each example writes a small project and runs the real command line in this process (`cli.main`, output
captured: a subprocess per run would cost ten times more), `digest check` then `digest build`. Whatever the
input, these hold:

- no run exits 3 (a bug in digest) or prints a traceback;
- check and build agree: check passing implies build passing (and a check failure is a build failure);
- every line of a report names its file (`config.yaml:…`, `content/articles/…`, or the folder for a count);
- nothing active reaches a built page: no script (but JSON-LD data blocks, holding no markup), iframe, object or
  embed element, no `on*` attribute, no `javascript:`, `vbscript:` or non-image `data:` address.

Seeded (`derandomize`) and bounded, so CI runs the same few hundred examples every time, in seconds.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from conftest import REPO
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from test_hostile_feeds import feeds, html_fields

from digest import cli
from digest.schema import yaml_scalar

FUZZ = settings(
    derandomize=True, database=None, deadline=None, max_examples=150, suppress_health_check=list(HealthCheck)
)

# What a hostile editor (or a scraped page) puts where a value goes: YAML escapes of control characters and
# non-characters, tags, complex keys, aliases, dates at the edges of time, odd Unicode, raw HTML, script URLs.
TRICKS = [
    '"Evil \\x01 title"',
    '"nul \\0 inside"',
    '"non-character \\uFFFE"',
    '"\\uFFFF\\uFDD0"',
    '"\\x7f\\x85\\x9f"',
    '"\\ud800"',
    '"bell\\a and escape\\e"',
    '"line\\rbreak"',
    '"tab\\tand\\nnewline"',
    "!!bool maybe",
    "!!timestamp soon",
    "!!int twelve",
    "!!float x",
    "!!binary aGVsbG8=",
    "!!python/object:os.system echo",
    "!custom value",
    "!!str 12",
    "&anchor shared",
    "*anchor",
    "[a, b]",
    "{a: b}",
    "[[nested], {deep: [x]}]",
    "~",
    "''",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+14:00",
    "9998-12-31T23:59:59-12:00",
    "1900-01-01T00:00:00+14:00",
    "1899-12-31",
    "9999-12-31",
    "2024-02-30",
    "2024-01-10T25:00:00",
    "2024-01-10 10:00:00 +99:00",
    "12:30",
    "no",
    "1e999",
    "-1",
    "99999999999999999999999",
    '"\\u202eevil\\u202c"',
    '"zero\\u200bwidth\\u2028line"',
    '"𝕏 🚀 e\\u0301 ﷽"',
    '"<script>alert(1)</script>"',
    '"<img src=x onerror=alert(document.domain)>"',
    '"javascript:alert(1)"',
    '"https://example.com/x\\"><script>alert(1)</script>"',
    '"https://example.com/a?b=1#c"',
    '"[click](javascript:alert(1))"',
    '"<svg onload=alert(1)>"',
    '"&lt;script&gt; &#106;avascript:"',
]
# Whole lines slipped into a YAML block.
TRICK_LINES = [
    "? [a, b]\n: x",
    "? {k: v}\n: x",
    "? &k key\n: *k",
    "base: &b [x, x]\nmore: [*b, *b]",
    "loop: &l [*l]",
    "<<: {title: merged}",
    "\ttabbed: yes",
    "title: duplicate",
    "---",
    "%YAML 1.1",
    "!!map {a: b}",
    "'unterminated: \"x",
]
HOSTILE = (  # characters for generated text: YAML's syntax, HTML's, controls, non-characters, odd Unicode
    "aZ09 \t\n\"'<>&;:#*!%@`|{}[]-?,\\/\x00\x01\x08\x0b\x1f\x7f\x85\x9f"
    "\u00a0\u200b\u2028\u202e\ufdd0\ufeff\ufffe\uffff😀é"
)


def scalar() -> st.SearchStrategy[str]:
    """A value as YAML text: a trick, or any string (control characters written as escapes by the dumper)."""
    text = st.text(HOSTILE, min_size=1, max_size=24).map(yaml_scalar)
    return st.one_of(st.sampled_from(TRICKS), text, text)  # text twice: more examples pass check and so build


FRONT = {
    "title": '"Xi meets Blinken"',
    "date": "2024-01-10",
    "source": '{name: Example Wire, url: "https://example.com/a", origin: raw.txt}',
    "themes": "[taiwan]",
    "meetings": "[talks-2024]",
    "people": "[xi-jinping]",
    "summary": '"Talks in Beijing."',
    "draft": "false",
    "quotes": '[{text: "We will", speaker: xi-jinping}]',
}
NESTED = {
    "source.name": lambda v: f"{{name: {v}}}",
    "source.url": lambda v: f"{{url: {v}}}",
    "source.origin": lambda v: f"{{origin: {v}}}",
    "themes.item": lambda v: f"[taiwan, {v}]",
    "quotes.text": lambda v: f"[{{text: {v}, speaker: xi-jinping}}]",
    "quotes.speaker": lambda v: f"[{{text: We will, speaker: {v}}}]",
}

CONFIG = """\
site:
  title: {site_title}
  description: {site_description}
  base_url: {base_url}
  language: {language}
  timezone: {timezone}
  author: {author}
  feed_items: {feed_items}
  page_size: {page_size}
themes:
  taiwan:
    title: {theme_title}
    description: {theme_description}
    keywords: {theme_keywords}
meetings:
  talks-2024:
    title: {meeting_title}
    start: {meeting_start}
    end: {meeting_end}
    place: {meeting_place}
    participants: {participants}
    description: {meeting_description}
people:
  xi-jinping:
    name: {person_name}
    aliases: {aliases}
  antony-blinken: {{name: Antony Blinken}}
"""
CONFIG_VALUES = {
    "site_title": '"US–China Digest"',
    "site_description": "Statements and meetings.",
    "base_url": '"https://example.org/news/"',
    "language": "en",
    "timezone": "Europe/London",
    "author": "Editors",
    "feed_items": "5",
    "page_size": "3",
    "theme_title": "Taiwan",
    "theme_description": "Across the strait.",
    "theme_keywords": "[Taiwan, strait]",
    "meeting_title": "Talks in Beijing",
    "meeting_start": "2024-01-09",
    "meeting_end": "2024-01-11",
    "meeting_place": "Beijing",
    "participants": "[xi-jinping, antony-blinken]",
    "meeting_description": "Two days of talks.",
    "person_name": "Xi Jinping",
    "aliases": "[Xi, President Xi]",
}
CONFIG_TRICKS = TRICKS + [
    '"https://example.org/news/?q=1"',
    '"https://u:p@example.org/"',
    '"https://example.org:99999/"',
    '"https://example.org//x/"',
    '"https://exa mple.org/"',
    '"javascript://example.org/%0aalert(1)"',
    "America/New_York",
    "Etc/GMT+12",
    "Pacific/Kiritimati",
    "America",
    "../../etc/passwd",
    "A" * 300,
    "0",
    "1001",
]

BODY = """\
Chinese President Xi Jinping said: “We will be partners”.

Antony Blinken said the talks were “candid and constructive”.
"""
BODY_TRICKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(document.domain)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=//evil.example></iframe>",
    '<div onmouseover="alert(1)">hover</div>',
    "```\n<script>alert(1)</script>\n```",
    "`<script>`",
    "## <img src=x onerror=alert(1)>",
    "> <script>alert(1)</script>",
    "Xi said: “<script>alert(1)</script>”.",
    "\x01\x02 control \x7f characters \ufffe\uffff",
    "---\ntitle: second front matter\n---",
    "“" * 50,
    "a" * 5000,
]

ACTIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "srcset"}
SAFE_DATA = re.compile(r"^data:image/(gif|png|jpeg|webp);", re.IGNORECASE)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One small project for all examples (each rewrites its files); the working folder while they run."""
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "content" / "articles").mkdir(parents=True)
    before = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(before)


def write_project(root: Path, config: str, articles: dict[str, str]) -> None:
    (root / "config.yaml").write_text(config, encoding="utf-8")
    folder = root / "content" / "articles"
    for old in folder.iterdir():
        old.unlink()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")


def article(front: dict[str, str], extra: list[str] = (), body: str = BODY) -> str:
    lines = [f"{key}: {value}" for key, value in front.items()]
    return "---\n" + "\n".join([*lines, *extra]) + "\n---\n\n" + body


def run(*argv: str) -> tuple[int, str]:
    """The command line in this process: its exit code and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue() + err.getvalue()


PROGRESS = re.compile(r"[a-z ]+: \d+ done \(\d+\.\d s\)$")


def check_and_build(root: Path) -> tuple[int, str]:
    """Both commands, and the properties every run must have; the build's code and output."""
    checked, check_said = run("check")
    built, build_said = run("build")
    for code, said in ((checked, check_said), (built, build_said)):
        assert code in (0, 1), said
        assert "Traceback" not in said and "internal error" not in said, said
        for line in said.split("\n"):  # a terminal's lines: a message must not break one
            if PROGRESS.match(line):  # a slow build's progress (a busy machine): not a message about the input
                continue
            if line and not line.startswith(("OK: ", "Built ", "Preview: ")) and "nothing was written" not in line:
                assert line.startswith(("config.yaml:", "content/articles")), f"names no file: {line!r}\n{said}"
    assert checked == built, f"check said {checked}, build {built}:\n{check_said}\n---\n{build_said}"
    with contextlib.suppress(InvalidArgument):  # outside a hypothesis test there are no statistics to keep
        event("built" if built == 0 else "refused")  # shown by --hypothesis-show-statistics
    if built == 0:
        assert_inert(root / "site")
    return built, build_said


def assert_inert(site: Path) -> None:
    """Nothing active in any page, nor in any feed field a reader shows as HTML."""
    for page in site.rglob("*.html"):
        root = lxml.html.fromstring(page.read_bytes())
        if page.relative_to(site).as_posix() == "search/index.html":
            _drop_search_scripts(str(page), root)
        if page.relative_to(site).as_posix() == "subscribe/index.html":
            _drop_subscribe_script(str(page), root)
        _assert_inert(str(page), root)
    for feed in feeds(site):
        for where, html in html_fields(feed):
            if html.strip():
                _assert_inert(f"{feed} {where}", lxml.html.fragment_fromstring(html, create_parent="div"))


def _drop_search_scripts(where: str, root: lxml.html.HtmlElement) -> None:
    """The search page runs digest's own script (assets/search.js) over the list of index parts it holds as data:
    exactly those two, with nothing from the content in them."""
    scripts = [script for script in root.iter("script") if script.get("type") != "application/ld+json"]
    found = [(script.get("type"), (script.get("src") or "").rpartition("/")[2]) for script in scripts]
    assert found == [("application/json", ""), ("module", "search.js")], f"{where}: {found}"
    parts, module = scripts
    assert "<" not in (parts.text or "") and not (module.text or "").strip(), where
    assert all(isinstance(part, str) for part in json.loads(parts.text)), where
    for script in scripts:
        script.drop_tree()


def _drop_subscribe_script(where: str, root: lxml.html.HtmlElement) -> None:
    """The subscribe page runs digest's own script (assets/subscribe.js, its Copy buttons), and only it."""
    scripts = [script for script in root.iter("script") if script.get("type") != "application/ld+json"]
    found = [(script.get("type"), (script.get("src") or "").rpartition("/")[2], script.text) for script in scripts]
    assert found == [("module", "subscribe.js", None)], f"{where}: {found}"
    scripts[0].drop_tree()


def _assert_inert(where: str, root: lxml.html.HtmlElement) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() == "script" and element.get("type") == "application/ld+json":
            assert "<" not in (element.text or ""), f"{where}: markup in structured data"  # a data block, never run
            continue
        assert element.tag.lower() not in ACTIVE_TAGS, f"{where}: <{element.tag}>"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{where}: {name}={value!r}"
            if name.lower() in URL_ATTRIBUTES:
                plain = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not plain.startswith(("javascript:", "vbscript:")), f"{where}: {name}={value!r}"
                assert not plain.startswith("data:") or SAFE_DATA.match(plain), f"{where}: {name}={value!r}"


def good_config() -> str:
    return CONFIG.format(**CONFIG_VALUES)


@FUZZ
@given(
    changes=st.dictionaries(st.sampled_from([*FRONT, *NESTED]), scalar(), max_size=3),
    dropped=st.lists(st.sampled_from(list(FRONT)), max_size=1),
    extra=st.lists(st.sampled_from(TRICK_LINES), max_size=1),
)
def test_front_matter(project: Path, changes: dict[str, str], dropped: list[str], extra: list[str]) -> None:
    front = dict(FRONT)
    for key, value in changes.items():
        if key in NESTED:
            front[key.split(".")[0]] = NESTED[key](value)
        else:
            front[key] = value
    for key in dropped:
        front.pop(key, None)
    write_project(project, good_config(), {"2024-01-10-fuzzed.md": article(front, extra)})
    check_and_build(project)


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(list(CONFIG_VALUES)), st.sampled_from(CONFIG_TRICKS), max_size=2))
def test_config(project: Path, changes: dict[str, str]) -> None:
    config = CONFIG.format(**{**CONFIG_VALUES, **changes})
    write_project(project, config, {"2024-01-10-fuzzed.md": article(FRONT)})
    code, said = check_and_build(project)
    if code == 1:
        assert "config.yaml" in said


@FUZZ
@given(
    paragraphs=st.lists(st.one_of(st.sampled_from(BODY_TRICKS), st.text(HOSTILE, min_size=1, max_size=60)), max_size=5),
    summary=st.one_of(st.none(), st.sampled_from(TRICKS), st.text(HOSTILE, max_size=40).map(yaml_scalar)),
)
def test_article_body(project: Path, paragraphs: list[str], summary: str | None) -> None:
    front = dict(FRONT) if summary is None else {**FRONT, "summary": summary}
    body = "\n\n".join([*paragraphs, BODY])
    write_project(project, good_config(), {"2024-01-10-fuzzed.md": article(front, body=body)})
    check_and_build(project)


def test_the_fuzz_inputs_build_when_left_alone(project: Path) -> None:
    """The unmutated project is valid: the fuzz tests start from something that builds."""
    write_project(project, good_config(), {"2024-01-10-fuzzed.md": article(FRONT)})
    code, said = check_and_build(project)
    assert code == 0, said
    assert (project / "site" / "articles" / "2024-01-10-fuzzed" / "index.html").is_file()
