"""Scraped markup never reaches a feed reader as live HTML (issue 17, finding 1).

Feeds are read the way a reader shows them: each feed file is parsed as XML, and every field a reader
takes as HTML (RSS titles, descriptions, categories and content:encoded; Atom content and any construct
of type html) is parsed again as HTML and searched for scripts, event handlers and dangerous links.
JSON Feeds are read as JSON (`content_html` as HTML, the rest as the plain text the format says it is), and
the OPML list of feeds with listparser, its `text` and `title` as HTML, which OPML allows them to be.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import listparser
import lxml.etree
import lxml.html
import pytest
from conftest import REPO, description_problems, digest, make_project
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.calendar import calendar
from digest.feeds import rss_html, rss_title
from digest.model import Meeting

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DANGEROUS = re.compile(r"^(javascript|vbscript|data):")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "background", "srcset")

PARAGRAPH = '<img src=x onerror=alert(document.domain)> Tom & Jerry\'s "big" <script>alert(1)</script> day'
SUMMARY = '<img src=x onerror=alert(1)> Tom & Jerry\'s "quote" <svg onload=alert(2)>'
THEME = "Taiwan <b onmouseover=alert(7)>& co</b> ]]></script>"
QUOTE = "We & they <script>alert('quoted')</script> agree."  # a statement: a fragment is never shown alone
TITLE = "<script>alert('title')</script> Xi & Biden's \"talks\" ]]> end"

FIRST = f"""\
---
title: {json.dumps(TITLE)}
date: 2024-05-01
themes: [taiwan]
meetings: [blinken-beijing-2024]
people: [wang-yi]
quotes:
  - {{text: {json.dumps(QUOTE)}, speaker: wang-yi}}
---

{PARAGRAPH}

[a link](javascript:alert(3)) and [data](data:text/html,<script>alert(4)</script>) and ![svg](data:image/svg+xml,x)
and [vb](vbscript:msgbox) and a ]]> CDATA end and <a href="javascript:alert(5)" onclick="alert(6)">raw</a>.
"""

SECOND = f"""\
---
title: "A summary with markup"
date: 2024-05-02
themes: [taiwan]
summary: {json.dumps(SUMMARY)}
---

A quiet first paragraph.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-feeds")
    config = (REPO / "config.yaml").read_text(encoding="utf-8")
    config = config.replace('title: "Taiwan"', f'title: "{THEME}\\x1b"', 1)  # an escape character, dropped
    (root / "config.yaml").write_text(config, encoding="utf-8")
    project = make_project(root / "project", config=root / "config.yaml", with_article=False)
    (project / "content/articles/2024-05-01-hostile.md").write_text(FIRST, encoding="utf-8")
    (project / "content/articles/2024-05-02-summary.md").write_text(SECOND, encoding="utf-8")
    run = digest("build", cwd=project)
    assert run.code == 0, run.err
    return project / "site"


def feeds(site: Path) -> list[Path]:
    """Every RSS and Atom feed."""
    return sorted(site.rglob("feed.xml")) + sorted(site.rglob("atom.xml"))


def live_markup(html: str) -> list[str]:
    """What would run or lead somewhere dangerous if `html` were shown as HTML."""
    if not html.strip():
        return []
    found = []
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("script", "iframe", "object", "embed", "svg", "math", "style", "base", "meta"):
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            url = re.sub(r"[\x00-\x20]", "", value).lower()
            if name.lower().startswith("on") or (name.lower() in URL_ATTRIBUTES and DANGEROUS.match(url)):
                found.append(f"{element.tag} {name}={value!r}")
    return found


def html_fields(file: Path) -> list[tuple[str, str]]:
    """(where, text) of every field a reader may show as HTML, after XML parsing."""
    root = lxml.etree.parse(str(file)).getroot()
    if root.tag == "rss":
        names = ("title", "description", "category", CONTENT)
        return [(el.tag, el.text or "") for el in root.iter(*names)]
    fields = []
    for element in root.iter(f"{ATOM}title", f"{ATOM}subtitle", f"{ATOM}summary", f"{ATOM}content"):
        kind = element.get("type", "text")
        assert kind in ("text", "html"), f"{file.name}: {element.tag} of type {kind}"
        if kind == "html":
            fields.append((element.tag, element.text or ""))
    return fields


def test_no_feed_carries_live_markup(site: Path) -> None:
    checked = 0
    for file in feeds(site):
        for where, text in html_fields(file):
            assert not live_markup(text), f"{file.relative_to(site)} {where}: {live_markup(text)} in {text!r}"
            checked += 1
    assert checked > 50
    bodies = [el.text for el in lxml.etree.parse(str(site / "feed.xml")).getroot().iter(CONTENT)]
    assert any("a ]]&gt; CDATA end" in body for body in bodies)  # came through as text


def test_rss_descriptions_read_as_the_pages_show_them(site: Path) -> None:
    items = {item.findtext("link"): item for item in lxml.etree.parse(str(site / "feed.xml")).getroot().iter("item")}
    shown = {link.rsplit("/", 2)[-2]: _text(item.findtext("description")) for link, item in items.items()}
    assert shown["2024-05-02-summary"] == SUMMARY  # a front-matter summary
    assert shown["2024-05-01-hostile"] == PARAGRAPH  # the first paragraph
    title = items["https://uschina-digest.example.org/articles/2024-05-01-hostile/"].findtext("title")
    assert _text(title) == TITLE  # read as HTML …
    assert "&" in title and "&amp;" not in title and '"' in title  # … or as text: ampersands and quotes as written
    person = lxml.etree.parse(str(site / "people/wang-yi/feed.xml")).getroot()
    assert _text(person.find("channel/item/description").text) == f"“{QUOTE}”"


def test_atom_says_its_text_is_text(site: Path) -> None:
    atom = feedparser.parse((site / "atom.xml").read_bytes())
    assert atom.bozo == 0
    entry = next(e for e in atom.entries if e.link.endswith("/2024-05-02-summary/"))
    assert entry.summary_detail.type == "text/plain" and entry.summary == SUMMARY
    first = next(e for e in atom.entries if e.link.endswith("/2024-05-01-hostile/"))
    assert first.title_detail.type == "text/plain" and first.title == TITLE
    rss = feedparser.parse((site / "feed.xml").read_bytes())
    assert rss.bozo == 0 and not any("<script" in e.summary or "<img" in e.summary for e in rss.entries)


SCHEMA = json.loads((REPO / "tests/schemas/jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
URL_KEYS = ("url", "home_page_url", "feed_url", "external_url", "icon", "favicon", "about")


def strings(value: object, where: str = "") -> list[tuple[str, str]]:
    """(where, text) of every string in a JSON value."""
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, dict):
        return [found for key, each in value.items() for found in strings(each, f"{where}.{key}")]
    if isinstance(value, list):
        return [found for at, each in enumerate(value) for found in strings(each, f"{where}[{at}]")]
    return []


def test_no_json_feed_carries_live_markup_or_a_dangerous_link(site: Path) -> None:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    items = {}
    for file in sorted(site.rglob("feed.json")):
        raw = file.read_bytes()
        assert not re.search(rb"[<>]", raw), file  # so no `</script>` or `]]>` stands in it, whatever a text holds
        feed = json.loads(raw)
        assert not [error.message for error in validator.iter_errors(feed)], file
        for where, text in strings(feed):
            assert not CONTROL.search(text), f"{file.relative_to(site)} {where}: {text!r}"
            if where.rpartition(".")[2] in URL_KEYS:
                assert text.startswith(("https://", "http://")), f"{file.relative_to(site)} {where}: {text!r}"
        for item in feed["items"]:
            assert not live_markup(item["content_html"]), f"{file.relative_to(site)} {item['id']}"
            items.setdefault(file.relative_to(site).as_posix(), {})[item["id"].rsplit("/", 2)[-2]] = item
    hostile = items["feed.json"]["2024-05-01-hostile"]
    assert hostile["title"] == TITLE and hostile["summary"] == PARAGRAPH  # plain text, as JSON Feed defines them
    assert "a ]]&gt; CDATA end" in hostile["content_html"]  # came through as text
    assert items["feed.json"]["2024-05-02-summary"]["summary"] == SUMMARY
    assert items["people/wang-yi/feed.json"]["2024-05-01-hostile"]["summary"] == f"“{QUOTE}”"
    assert hostile["tags"] == [THEME]  # the escape character dropped
    theme = json.loads((site / "themes/taiwan/feed.json").read_bytes())
    assert theme["title"] == f"{THEME} — US–China Digest"


def test_the_list_of_feeds_and_the_subscribe_page_show_titles_as_text(site: Path) -> None:
    raw = (site / "feeds.opml").read_bytes()
    parsed = listparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    outlines = list(lxml.etree.fromstring(raw).iter("outline"))
    for outline in outlines:
        for name in ("text", "title"):
            value = outline.get(name, "")
            assert not CONTROL.search(value), value
            holder = lxml.html.fragment_fromstring(value, create_parent="div")
            assert len(holder) == 0, value  # read as HTML, no element at all
        for name in ("xmlUrl", "htmlUrl", "url"):
            assert outline.get(name, "https://").startswith("https://"), outline.attrib
    taiwan = next(feed for feed in parsed.feeds if feed.url.endswith("/themes/taiwan/feed.xml"))
    assert _text(taiwan.title) == f"{THEME} — US–China Digest"  # read as HTML: the text as written
    page = lxml.html.fromstring((site / "subscribe/index.html").read_bytes())
    (entry,) = page.get_element_by_id("themes-taiwan").cssselect(".feed-name")
    assert entry.text_content() == THEME and len(entry) == 0


# Text as scraped (control characters are cleaned before it gets here), rich in what makes markup.
SCRAPED = st.lists(
    st.one_of(
        st.sampled_from(list("<>&;\"'/=# ") + ["<script>", "</p>", "&amp;", "&lt;", "<img src=x onerror=a()>"]),
        st.characters(blacklist_categories=("Cs", "Cc")),
    ),
    max_size=40,
).map("".join)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(SCRAPED)
def test_feed_text_never_becomes_markup(text: str) -> None:
    for escaped in (rss_html(text), rss_title(text)):
        holder = lxml.html.fragment_fromstring(escaped, create_parent="div") if escaped.strip() else None
        assert holder is None or len(holder) == 0, (text, escaped)  # no element at all
    if text.strip():
        assert _text(rss_html(text)) == text  # an RSS description shows exactly the text
        assert "&" in text or _text(rss_title(text)) == text


def _text(html: str) -> str:
    """What a reader shows of an HTML field: its text."""
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content()


INJECTIONS = {  # a title with line breaks and control characters → as a calendar shows it
    "bare CR": ("Blinken visit\rX-INJECTED:1", "Blinken visit\nX-INJECTED:1"),
    "bare LF": ("Blinken visit\nX-INJECTED:2", "Blinken visit\nX-INJECTED:2"),
    "CRLF": ("Blinken visit\r\nX-INJECTED:3", "Blinken visit\nX-INJECTED:3"),
    "next line": ("Blinken visit\x85X-INJECTED:4", "Blinken visit\nX-INJECTED:4"),
    "line separator": ("Blinken visit\u2028X-INJECTED:5", "Blinken visit\nX-INJECTED:5"),
    "controls": ("Blinken\x00 visit\x0b\x0c\x1b\x7f\x9b, today; \\ and\tthen", "Blinken visit, today; \\ and\tthen"),
}


def _calendar(**meeting: object) -> icalendar.Calendar:
    fields = dict(slug="m", title="T", start=date(2024, 4, 24), end=None, place="P", participants=(), description="")
    data = calendar(
        [Meeting(**{**fields, **meeting})], {}, "https://example.org/", "Cal", datetime(2024, 5, 1, tzinfo=UTC)
    )
    assert all(line.count(b"\r") == 0 and b"\n" not in line for line in data.split(b"\r\n"))  # no stray line ends
    return icalendar.Calendar.from_ical(data)


@pytest.mark.parametrize(("title", "shown"), INJECTIONS.values(), ids=INJECTIONS.keys())
def test_calendar_text_cannot_start_a_property(title: str, shown: str) -> None:
    event = _calendar(title=title, place=title, description=title).walk("VEVENT")[0]
    assert not [name for name in event if name.startswith("X-")], event.to_ical()
    assert str(event["SUMMARY"]) == str(event["LOCATION"]) == str(event["DESCRIPTION"]) == shown


def test_a_bare_cr_in_a_config_title_stays_in_the_summary(project: Path) -> None:
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8").replace(
        'title: "Blinken\'s visit to Beijing"', 'title: "Blinken visit\\rX-INJECTED:1"'
    )
    config.write_text(text, encoding="utf-8")
    run = digest("build", cwd=project)
    assert run.code == 0, run.err
    raw = (project / "site/meetings.ics").read_bytes()
    assert b"\rX-INJECTED" not in raw
    cal = icalendar.Calendar.from_ical(raw)
    assert not any(name.startswith("X-INJ") for event in cal.walk("VEVENT") for name in event)


def test_a_meeting_on_the_last_day_of_the_calendar() -> None:
    event = _calendar(start=date(9999, 12, 30), end=date(9999, 12, 31)).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == date(9999, 12, 30)
    assert event.decoded("DURATION") == timedelta(days=2) and "DTEND" not in event
    early = _calendar(start=date(1, 1, 1)).walk("VEVENT")[0]
    assert early.decoded("DTSTART") == date(1, 1, 1) and early.decoded("DTEND") == date(1, 1, 2)


def test_check_and_build_agree_on_a_meeting_in_year_9999(project: Path) -> None:
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8").replace(
        "start: 2024-04-24\n    end: 2024-04-26", "start: 9999-12-31\n    end: 9999-12-31"
    )
    config.write_text(text, encoding="utf-8")
    check, build = digest("check", cwd=project), digest("build", cwd=project)
    assert check.code == build.code and build.code in (0, 1), build.err
    assert "Traceback" not in build.err + check.err
    if build.code == 0:
        event = next(
            e
            for e in icalendar.Calendar.from_ical((project / "site/meetings.ics").read_bytes()).walk("VEVENT")
            if e["UID"].startswith("blinken")
        )
        assert event.decoded("DTSTART") == date(9999, 12, 31) and event.decoded("DURATION") == timedelta(days=1)


def test_an_editors_html_comment_reaches_no_page_and_no_feed(project: Path) -> None:
    article = project / "content/articles/2024-05-01-notes.md"
    article.write_text(
        "---\ntitle: Notes\ndate: 2024-05-01\n---\n\n<!-- ask the desk:\n\nis the quote final? -->\n\n"
        "Officials met in Geneva. <!-- check with Reuters --> They agreed to talk again.\n\n"
        "<!-- never closed, so shown: nothing is lost\n",
        encoding="utf-8",
    )
    assert digest("build", cwd=project).code == 0
    site = project / "site"
    outputs = [site / "articles/2024-05-01-notes/index.html", site / "feed.xml", site / "atom.xml", site / "feed.json"]
    for path in outputs:
        text = path.read_text(encoding="utf-8")
        assert "Officials met in Geneva." in text and "They agreed to talk again." in text, path
        assert "Reuters" not in text and "ask the desk" not in text and "quote final" not in text, path
    assert "never closed, so shown" in outputs[0].read_text(encoding="utf-8")


def test_a_link_from_the_sites_root_lands_under_its_base_path_on_the_page_and_in_every_feed(project: Path) -> None:
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('"https://uschina-digest.example.org/"', '"https://example.org/news/"'))
    (project / "content/articles/2024-05-01-links.md").write_text(
        "---\ntitle: Links\ndate: 2024-05-01\n---\n\n"
        "See [the talks](/articles/2024-01-10-case/), [as written](/news/articles/2024-01-10-case/#top), "
        "[a copy](//cdn.example.org/x) and ![the logo](/assets/feed-logo.png).\n",
        encoding="utf-8",
    )
    assert digest("build", cwd=project).code == 0
    page = lxml.html.parse(str(project / "site/articles/2024-05-01-links/index.html")).getroot()
    body = page.cssselect("main")[0]
    assert [a.get("href") for a in body.cssselect("p a")] == [
        "/news/articles/2024-01-10-case/", "/news/articles/2024-01-10-case/#top", "//cdn.example.org/x"
    ]  # fmt: skip
    assert body.cssselect("p img")[0].get("src") == "/news/assets/feed-logo.png"
    rss = feedparser.parse(str(project / "site/feed.xml"))
    atom = feedparser.parse(str(project / "site/atom.xml"))
    json_feed = json.loads((project / "site/feed.json").read_text(encoding="utf-8"))
    for content in (
        rss.entries[0].content[0].value,
        atom.entries[0].content[0].value,
        json_feed["items"][0]["content_html"],
    ):
        assert 'href="https://example.org/news/articles/2024-01-10-case/"' in content
        assert 'src="https://example.org/news/assets/feed-logo.png"' in content


def test_every_page_description_fits_a_link_preview(site: Path) -> None:
    """Every page's description, however long its text, is at most 200 characters, cut at a word's end."""
    assert description_problems(site) == []
