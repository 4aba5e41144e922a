"""A build of the real content/: the pages readers open and the feeds subscribers read."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import feedparser
import lxml.html
import pytest
import yaml
from conftest import REPO, VALID_ARTICLE, description_problems, digest, free_port, make_project, snapshot

BASE = "https://uschina-digest.example.org/"
ARTICLES = {  # slug → (date shown, themes, meetings), as curated from NOTES.md
    "2024-10-16-xi-jinping-calls-for-china-and-us-to-be-partners-and-friends": (
        "16 October 2024",
        {"partnership", "taiwan", "military", "russia", "trade-technology"},
        {"ncuscr-gala-2024"},
    ),
    "2024-04-26-xi-tells-blinken-lets-be-partners-not-rivals": (
        "26 April 2024",
        {"partnership", "taiwan", "russia", "trade-technology"},
        {"blinken-beijing-2024", "woodside-summit-2023"},
    ),
    "2024-01-10-xi-jinping-says-china-wants-to-work-with-the-us": (
        "10 January 2024",
        {"partnership", "taiwan", "military"},
        {"defence-talks-2024", "woodside-summit-2023"},
    ),
    "2021-11-10-xi-jinping-urges-us-to-cooperate-practice-mutual-respect": (
        "10 November 2021",
        {"partnership", "taiwan", "military", "diplomatic-missions"},
        {"ncuscr-gala-2021", "biden-xi-virtual-summit-2021"},
    ),
    "2021-11-10-biden-xi-express-desire-for-us-china-cooperation": (
        "10 November 2021",
        {"partnership", "trade-technology", "global-challenges"},
        {"ncuscr-gala-2021", "biden-xi-virtual-summit-2021"},
    ),
}
NEWEST_FIRST = list(ARTICLES)  # the dict above is written newest first


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "site"
    run = digest("build", "--out", out, cwd=REPO)
    assert run.code == 0, run.err
    assert re.match(r"Built 5 articles: \d+ pages, \d+ feeds, 0 warnings", run.out)
    return out


def page(site: Path, address: str) -> lxml.html.HtmlElement:
    path = site / address / "index.html" if not address.endswith(".html") else site / address
    return lxml.html.fromstring(path.read_bytes())


def listed(doc: lxml.html.HtmlElement) -> list[str]:
    """Slugs of the articles a list page shows, in order."""
    return [a.get("href").split("/")[-2] for a in doc.cssselect("main .item-title a")]


def test_every_article_page_shows_title_date_source_and_grouping(site: Path) -> None:
    for slug, (shown, themes, meetings) in ARTICLES.items():
        doc = page(site, f"articles/{slug}")
        assert len(doc.cssselect("h1")) == 1
        assert doc.cssselect(".article-header .sourcing time")[0].text == shown  # under the headline
        main = [a.get("href").split("/")[-2] for a in doc.cssselect(".article-header .kicker a")]
        assert main == ["partnership"]  # the first theme its front matter lists, above the headline
        rest = {a.get("href").split("/")[-2] for a in doc.cssselect(".article-facts a[href^='/themes/']")}
        assert rest == themes - {"partnership"}
        assert {a.get("href").split("/")[-2] for a in doc.cssselect(".article-facts a[href^='/meetings/']")} == meetings
        assert ".txt" not in doc.text_content()  # the raw file it was imported from stays in its front matter
        assert len(doc.cssselect(".body p")) >= 5


def test_source_name_shown_where_the_text_gives_it(site: Path) -> None:
    doc = page(site, "articles/2021-11-10-biden-xi-express-desire-for-us-china-cooperation")
    assert "Community News" in doc.cssselect(".article-facts dd")[0].text_content()
    assert doc.cssselect(".article-header .sourcing .source")[0].text == "Community News"
    listed_with_outlet = page(site, "").cssselect(".also .meta") + page(site, "themes/global-challenges").cssselect(
        ".item .meta .source"
    )
    assert all("Community News" in each.text_content() for each in listed_with_outlet) and listed_with_outlet


def also(doc: lxml.html.HtmlElement) -> list[str]:
    """Slugs listed under "Also reported by"."""
    return [a.get("href").split("/")[-2] for a in doc.cssselect("main .also a")]


GALA_2021 = [
    "2021-11-10-xi-jinping-urges-us-to-cooperate-practice-mutual-respect",
    "2021-11-10-biden-xi-express-desire-for-us-china-cooperation",
]  # one story, two outlets


def test_home_lists_newest_first_with_themes_and_meetings(site: Path) -> None:
    doc = page(site, "")
    assert listed(doc) == NEWEST_FIRST[:-1]  # the 2021 gala story shown once…
    assert also(doc) == GALA_2021[1:]  # …with the other outlet's report under it
    aside = doc.cssselect("aside")[0].text_content()
    assert "Taiwan" in aside and "NCUSCR annual gala 2024" in aside
    assert [h.text_content() for h in doc.cssselect("h1")] == ["US–China Digest"]  # the masthead, once
    assert doc.cssselect(".updated")[0].text_content() == "Updated 16 October 2024 · 5 articles"
    assert [a.get("href").split("/")[-2] for a in doc.cssselect(".lead .item-title a")] == NEWEST_FIRST[:1]
    assert doc.find(".//main").text_content().index("Updated") < doc.find(".//main").text_content().index("Latest")
    assert not doc.cssselect(".news .quote")  # quotations never come ahead of the news


def test_a_meeting_begun_but_not_ended_is_under_way_not_upcoming(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built on 25 April 2024, Blinken's visit (24–26 April) is under way; the Biden–Xi summit of November 2024
    is still to come."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714060800")  # 25 April 2024, 16:00 UTC: noon in New York
    assert digest("build", cwd=project).code == 0
    doc = page(project / "site", "")

    def listed_under(heading: str) -> list[str]:
        found = doc.xpath(f'//nav[h2[normalize-space()="{heading}"]]//li/a')
        return [a.text_content() for a in found]

    assert listed_under("Meetings under way") == ["Blinken's visit to Beijing"]
    assert "Blinken's visit to Beijing" not in listed_under("Upcoming meetings")
    assert "Blinken's visit to Beijing" not in listed_under("Recent meetings")


@pytest.mark.parametrize(
    ("dated", "heading"),
    [
        ("2024-04-23T12:30:00-04:00", "Meetings under way"),  # 00:30 on the 24th in Beijing: the visit has begun
        ("2024-04-23", "Upcoming meetings"),  # a bare day says nothing of the hour: the 23rd, where the site is
        ("2024-04-26T10:00:00-04:00", "Meetings under way"),  # 22:00 on the 26th in Beijing: its last day
        ("2024-04-26T13:00:00-04:00", "Recent meetings"),  # 01:00 on the 27th in Beijing: it is over
    ],
)
def test_a_meeting_held_in_another_zone_is_under_way_by_its_own_days(
    project: Path, monkeypatch: pytest.MonkeyPatch, dated: str, heading: str
) -> None:
    """Blinken's visit to Beijing (24–26 April, Asia/Shanghai) on the home page of a site in New York, built when
    the newest article is dated: a report dated to the minute is a moment, and the visit is under way from the
    moment the 24th begins in Beijing, while it is still the 23rd in New York, until the 26th ends there."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    article = project / "content/articles/2024-04-26-xi-tells-blinken.md"
    article.write_text(VALID_ARTICLE.replace("date: 2024-04-26", f"date: {dated}"), encoding="utf-8")
    run = digest("build", cwd=project)
    assert run.code == 0, run.err
    doc = page(project / "site", "")
    found = doc.xpath('//nav[.//a[normalize-space()="Blinken\'s visit to Beijing"]]/h2')
    assert [h.text_content().strip() for h in found] == [heading]


def _featured(tmp_path: Path, slug: str, page_size: int) -> lxml.html.HtmlElement:
    """The home page of the real content with `slug` marked `featured: true` and `page_size` items a page."""
    project = make_project(tmp_path / "project", with_article=False)
    config = (project / "config.yaml").read_text(encoding="utf-8")
    (project / "config.yaml").write_text(config.replace("page_size: 20 ", f"page_size: {page_size} "), "utf-8")
    for source in (REPO / "content" / "articles").glob("*.md"):
        text = source.read_text(encoding="utf-8")
        if source.stem == slug:
            text = text.replace("\ntitle:", "\nfeatured: true\ntitle:", 1)
        (project / "content" / "articles" / source.name).write_text(text, encoding="utf-8")
    run = digest("build", cwd=project)
    assert run.code == 0, run.err
    return page(project / "site", "")


def test_a_featured_story_leads_the_home_page_while_it_is_on_the_first_page(tmp_path: Path) -> None:
    marked = NEWEST_FIRST[2]
    doc = _featured(tmp_path / "first", marked, page_size=20)
    assert listed(doc) == [marked, *(s for s in NEWEST_FIRST[:-1] if s != marked)]  # the lead, then the latest
    assert doc.cssselect(".lead .item-title a")[0].get("href") == f"/articles/{marked}/"
    assert doc.cssselect(".updated time")[0].text == "16 October 2024"  # still the newest article's date

    doc = _featured(tmp_path / "later", marked, page_size=2)  # pushed to page 2 by newer stories: the newest leads
    assert doc.cssselect(".lead .item-title a")[0].get("href") == f"/articles/{NEWEST_FIRST[0]}/"


def test_theme_and_meeting_pages_list_exactly_their_articles(site: Path) -> None:
    themes = {t for _, ts, _ in ARTICLES.values() for t in ts}
    for theme in themes:
        expected = [s for s in NEWEST_FIRST if theme in ARTICLES[s][1]]
        assert listed(page(site, f"themes/{theme}")) == expected, theme
    for meeting in {m for _, _, ms in ARTICLES.values() for m in ms}:
        expected = [s for s in NEWEST_FIRST if meeting in ARTICLES[s][2]]
        doc = page(site, f"meetings/{meeting}")
        assert listed(doc) + also(doc) == expected, meeting


def test_meeting_page_shows_its_facts(site: Path) -> None:
    doc = page(site, "meetings/blinken-beijing-2024")
    facts = doc.cssselect(".facts")[0].text_content()
    assert "24–26 April 2024" in facts and "Beijing" in facts and "Antony Blinken" in facts


def test_meetings_timeline_is_newest_first(site: Path) -> None:
    titles = [a.text for a in page(site, "meetings").cssselect(".timeline h2 a")]
    assert titles[0] == "NCUSCR annual gala 2024" and titles[-1] == "NCUSCR annual gala 2021"
    assert len(titles) == 6


def test_archive_and_404_exist(site: Path) -> None:
    assert [a.text for a in page(site, "archive").cssselect(".years a")] == ["2024", "2021"]
    assert [a.text for a in page(site, "archive/2024").cssselect(".years a")] == ["October", "April", "January"]
    assert [a.text for a in page(site, "archive/2021").cssselect(".years a")] == ["November"]
    assert len(page(site, "archive/2021/11").cssselect(".archive-list a")) == 2  # a month's articles, by day
    assert page(site, "404.html").cssselect("h1")[0].text == "Page not found"


def test_every_page_links_its_feeds_and_canonical_address(site: Path) -> None:
    for path in site.rglob("*.html"):
        doc = lxml.html.fromstring(path.read_bytes())
        feeds = [link.get("href") for link in doc.cssselect("link[rel=alternate]")]
        assert "/feed.xml" in feeds and "/atom.xml" in feeds, path
        canonical = [link.get("href") for link in doc.cssselect("link[rel=canonical]")]
        if path.name == "404.html":  # served at every missing address: the canonical page of none of them
            assert canonical == [], canonical
        else:
            assert len(canonical) == 1 and canonical[0] == BASE + path.relative_to(site).as_posix().removesuffix(
                "index.html"
            ), path
        icons = {link.get("rel"): link.get("href") for link in doc.cssselect("link[rel$=icon]")}
        assert icons == {"icon": "/assets/favicon.svg", "apple-touch-icon": "/assets/touch-icon.png"}, path
        assert doc.get("lang") == "en"
    assert (site / "assets/touch-icon.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (site / "assets/favicon.svg").read_bytes()
    theme = page(site, "themes/taiwan")
    assert "/themes/taiwan/feed.xml" in [link.get("href") for link in theme.cssselect("link[rel=alternate]")]


def test_internal_links_resolve_to_built_files(site: Path) -> None:
    for path in site.rglob("*.html"):
        for element in lxml.html.fromstring(path.read_bytes()).cssselect("[href], [src]"):
            target = element.get("href") or element.get("src")
            if target.startswith(("http://", "https://", "#")):
                continue
            file = site / target.lstrip("/").split("#")[0]
            assert (file / "index.html").is_file() or file.is_file(), f"{path}: dead link {target}"


def test_feeds_parse_with_the_right_items(site: Path) -> None:
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((site / name).read_bytes())
        assert feed.bozo == 0, feed.get("bozo_exception")
        links = [entry.link for entry in feed.entries]
        assert links == [f"{BASE}articles/{slug}/" for slug in NEWEST_FIRST]
        assert [entry.id for entry in feed.entries] == links
        assert all("<p>" in entry.content[0].value for entry in feed.entries)
    rss = feedparser.parse((site / "feed.xml").read_bytes())
    assert rss.entries[1].published == "Fri, 26 Apr 2024 00:00:00 -0400"  # midnight in the site's zone
    atom = feedparser.parse((site / "atom.xml").read_bytes())
    assert atom.entries[1].published == "2024-04-26T00:00:00-04:00"
    assert any(link.rel == "self" and link.href == f"{BASE}atom.xml" for link in atom.feed.links)


def test_theme_and_meeting_feeds(site: Path) -> None:
    taiwan = feedparser.parse((site / "themes/taiwan/feed.xml").read_bytes())
    assert taiwan.bozo == 0 and len(taiwan.entries) == 4
    gala = feedparser.parse((site / "meetings/ncuscr-gala-2021/feed.xml").read_bytes())
    assert gala.bozo == 0 and len(gala.entries) == 2
    assert gala.feed.link == f"{BASE}meetings/ncuscr-gala-2021/"
    russia = feedparser.parse((site / "themes/russia/feed.xml").read_bytes())
    assert russia.bozo == 0 and len(russia.entries) == 2


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert digest("build", "--out", again, cwd=REPO).code == 0
    assert snapshot(again) == snapshot(site)


HOSTILE = """\
---
title: "<script>alert('title')</script> Xi & Biden"
date: 2024-05-01
source: {name: "<b>Wire</b>", url: "https://example.com/?a=1&b='x'"}
summary: "<img src=x onerror=alert(1)>"
---

Xi said <script>alert(1)</script> and <img src=x onerror=alert(2)>.

[a link](javascript:alert(3)) and [another](JaVaScRiPt:alert(4)) and ![img](javascript:alert(5))

Control characters \x01\x02 from a scraped page.
"""


def test_script_and_javascript_links_from_content_come_out_inert(project: Path) -> None:
    (project / "content/articles/2024-05-01-hostile.md").write_text(HOSTILE, encoding="utf-8")
    run = digest("build", cwd=project)
    assert run.code == 0, run.err
    assert "control characters were removed" in run.err
    for path in (project / "site").rglob("*.html"):
        doc = lxml.html.fromstring(path.read_bytes())
        scripts = doc.cssselect("script")
        for script in scripts:  # structured data, holding no markup; the search and subscribe pages' own besides
            if script.get("type") == "application/ld+json":
                assert "<" not in script.text, path
                json.loads(script.text)
        scripts = [s for s in scripts if s.get("type") != "application/ld+json"]
        if path.relative_to(project / "site").as_posix() == "search/index.html":  # the search page's own, only
            assert [(s.get("type"), s.get("src")) for s in scripts] == [
                ("application/json", None), ("module", "/assets/search.js")
            ]  # fmt: skip
            assert json.loads(scripts[0].text) == ["search/index/2024/"]
        elif path.relative_to(project / "site").as_posix() == "subscribe/index.html":  # its Copy buttons'
            assert [(s.get("type"), s.get("src"), s.text) for s in scripts] == [
                ("module", "/assets/subscribe.js", None)
            ]
        else:
            assert not scripts, path
        assert not doc.cssselect("body img"), path
        for element in doc.cssselect("[href], [src]"):
            assert not (element.get("href") or element.get("src")).lower().startswith("javascript:"), path
    article = page(project / "site", "articles/2024-05-01-hostile")
    assert article.cssselect("h1")[0].text_content() == "<script>alert('title')</script> Xi & Biden"
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((project / "site" / name).read_bytes())
        assert feed.bozo == 0
        assert "<script>" not in feed.entries[0].content[0].value


def test_drafts_stay_out_unless_asked_for(project: Path) -> None:
    draft = "---\ntitle: Unfinished\ndraft: true\nreview: [date]\n---\n\nNot yet.\n"
    dated = "---\ntitle: Dated draft\ndate: 2024-05-02\ndraft: true\n---\n\nNot yet.\n"
    (project / "content/articles/undated-unfinished.md").write_text(draft)
    (project / "content/articles/2024-05-02-dated-draft.md").write_text(dated)
    run = digest("build", cwd=project)
    assert run.code == 0, run.err
    assert "undated-unfinished.md: date: warning: draft has no date yet" in run.err
    built = snapshot(project / "site")
    assert not any("draft" in path for path in built)
    assert b"Dated draft" not in built["feed.xml"] and b"Dated draft" not in built["index.html"]
    assert digest("build", "--drafts", "--out", "preview", cwd=project).code == 0
    preview = (project / "preview/articles/2024-05-02-dated-draft/index.html").read_text()
    assert "Draft</span>" in preview


def test_long_lists_paginate(tmp_path: Path) -> None:
    config = (REPO / "config.yaml").read_text().replace("page_size: 20 ", "page_size: 2  ")
    (tmp_path / "c.yaml").write_text(config)
    project = make_project(tmp_path / "p", config=tmp_path / "c.yaml", with_article=False)
    for day in range(1, 6):
        (project / f"content/articles/2024-03-0{day}-item.md").write_text(
            f"---\ntitle: Item {day}\ndate: 2024-03-0{day}\nthemes: [taiwan]\n---\n\nText {day}.\n"
        )
    assert digest("build", cwd=project).code == 0
    site = project / "site"
    assert listed(page(site, "")) == ["2024-03-05-item", "2024-03-04-item"]
    assert listed(page(site, "page/3")) == ["2024-03-01-item"]
    assert listed(page(site, "themes/taiwan/page/2")) == ["2024-03-03-item", "2024-03-02-item"]
    assert page(site, "themes/taiwan/page/2").cssselect("a[rel=next]")[0].get("href") == "/themes/taiwan/page/3/"
    assert not (site / "page/4").exists()


def test_the_home_page_lists_only_themes_with_articles(tmp_path: Path) -> None:
    """The home page's themes are a way into the news: one nobody has written about yet was listed with a 0 and led
    to an empty page. It stays on /themes/ (with "0 articles"), where every theme is."""
    project = make_project(tmp_path / "p", with_article=False)
    (project / "content/articles/2024-03-01-item.md").write_text(
        "---\ntitle: Item\ndate: 2024-03-01\nthemes: [taiwan]\n---\n\nText.\n"
    )
    assert digest("build", cwd=project).code == 0
    home = page(project / "site", "").cssselect("#themes-heading + ul a")
    assert [a.text_content() for a in home] == ["Taiwan"]
    themes = page(project / "site", "themes").cssselect("main h2 a")
    assert len(themes) == 7 and "0 articles" in page(project / "site", "themes").text_content()


def test_rebuild_writes_only_what_changed_and_prunes_removed_articles(project: Path) -> None:
    extra = project / "content/articles/2024-05-03-extra.md"
    extra.write_text("---\ntitle: Extra\ndate: 2024-05-03\n---\n\nText.\n")
    assert digest("build", cwd=project).code == 0
    assert "0 written" in digest("build", cwd=project).out
    extra.unlink()
    run = digest("build", cwd=project)
    # its page, and May 2024's in the archive (it was that month's only article); and of 2024's search index, its
    # fragment and the index and metadata files named after their old content
    assert "5 removed" in run.out
    assert not (project / "site/articles/2024-05-03-extra").exists()
    assert not (project / "site/archive/2024/05").exists()


def test_articles_in_subfolders_count_and_editors_leftovers_do_not(project: Path) -> None:
    """Any folder under content/articles holds articles; an editor's swap, backup and lock files, hidden files
    and a link to a file since deleted are not articles and stop nothing."""
    articles = project / "content/articles"
    (articles / "2024").mkdir()
    (articles / "2024/2024-05-03-extra.md").write_text("---\ntitle: Extra\ndate: 2024-05-03\n---\n\nText.\n")
    for name in (".2024-05-04-swap.md.swp", "2024-05-04-backup.md~", ".#2024-05-04-lock.md", ".hidden.md"):
        (articles / name).write_text("not an article: no front matter")
    (articles / "2024-05-05-gone.md").symlink_to(project / "deleted.md")
    run = digest("build", cwd=project)
    assert run.code == 0, run.err
    assert sorted(p.name for p in (project / "site/articles").iterdir()) == [
        "2024-04-26-xi-tells-blinken",
        "2024-05-03-extra",
    ]


def test_a_write_failure_leaves_the_site_as_it_was(project: Path) -> None:
    assert digest("build", cwd=project).code == 0
    (project / "site/articles/2024-05-04-new").write_text("a file where the new page's folder must go")
    before = snapshot(project / "site")
    (project / "content/articles/2024-05-04-new.md").write_text("---\ntitle: New\ndate: 2024-05-04\n---\n\nText.\n")
    run = digest("build", cwd=project)
    assert run.code == 1, run.out
    assert "site/articles/2024-05-04-new: cannot write: File exists" in run.err
    assert snapshot(project / "site") == before  # pages staged before the failure were not left behind


def test_templates_keep_jinjas_own_calls(project: Path) -> None:
    """digest's functions are called straight through (speedups.DirectCalls); Jinja's own callables still get what
    they need: a caller block, a parent block, self's blocks, namespace() and cycler()."""
    (project / "templates" / "404.html").write_text(
        """{% extends "base.html" %}
{% macro boxed() %}<div class="box">{{ caller() }}</div>{% endmacro %}
{% block title %}Lost — {{ super() }}{% endblock %}
{% block main %}
{% set ns = namespace(count=0) %}{% set row = cycler("odd", "even") %}
{% for slug in themes %}{% set ns.count = ns.count + 1 %}
<p class="{{ row.next() }}">{{ href(urls.theme(slug)) }}</p>
{% endfor %}
{% call boxed() %}{{ ns.count }} themes; the title says {{ self.title() }}{% endcall %}
{% endblock %}
""",
        encoding="utf-8",
    )
    assert digest("build", cwd=project).code == 0
    page = (project / "site" / "404.html").read_text(encoding="utf-8")
    assert "<title>Lost — US–China Digest</title>" in page
    assert '<p class="odd">/themes/partnership/</p>' in page and '<p class="even">' in page
    assert re.search(r'<div class="box">\d+ themes; the title says Lost — US–China Digest</div>', page)


RAW_SOURCES = {  # the raw articles as collected, kept byte for byte: an editor never cleans them by hand
    "000_fba3f4d3a64f0fa6.txt": "6c450ada0bdde36caca50d5ffa7b42798105c09ad4bcfd8baaac2a67bab8e125",
    "001_33013f208c2d793d.txt": "3b63b3079a7bd8f283d28e4a5b69c6d5a733975b2444142f0a05a6357e515ccb",
    "002_40121218b3ce605e.txt": "0e28158fe744b499a8769084a8a5d67961f8292ee2d66da64b29d8639bf35756",
    "003_09c8b037cbd582b9.txt": "6651e46133e2b5dd79bb3c5f5394e1437f9d5af115ac18418bdb6084d08f205d",
    "004_d3f9335dec126b37.txt": "9e10cfd991d5a0d7f8ff69cc1c6a843d44e1ee879715b0950dd2c81d143514e2",
}


def test_each_curated_article_names_its_raw_source_kept_unchanged_in_the_repository() -> None:
    sources = REPO / "content" / "sources"
    kept = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sources.glob("*.txt")}
    assert kept == RAW_SOURCES
    origins = set()
    for path in (REPO / "content" / "articles").glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        origins.add(front["source"]["origin"])
    assert origins == set(RAW_SOURCES)


def served_page(command: str, address: str, port: int, cwd: Path) -> tuple[str, int]:
    """Run the printed preview command on `port`; the page at `address` and the status of its stylesheet."""
    command = command.replace(" 8000", f" {port}")
    address = address.replace(":8000/", f":{port}/")
    server = subprocess.Popen(
        ["bash", "-c", command], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        for _ in range(200):
            try:
                html = urllib.request.urlopen(address, timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail(f"nothing served at {address} by {command}")
        sheet = lxml.html.fromstring(html).cssselect("link[rel=stylesheet]")[0].get("href")
        with urllib.request.urlopen(urllib.parse.urljoin(address, sheet), timeout=2) as response:
            return html, response.status
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


@pytest.mark.parametrize(
    ("published_at", "out"),
    [("https://example.org/", "site"), ("https://example.org/news/", "site"),
     ("https://example.org/a/news/", "site"), ("https://example.org/news/", "www/news")],
)  # fmt: skip
def test_the_printed_preview_command_serves_a_styled_site(tmp_path: Path, published_at: str, out: str) -> None:
    config = (REPO / "config.yaml").read_text().replace(BASE, published_at)
    (tmp_path / "c.yaml").write_text(config)
    project = make_project(tmp_path / "p", config=tmp_path / "c.yaml")
    run = digest("build", "--out", out, cwd=project)
    assert run.code == 0, run.err
    hint = re.search(r"^Preview: (.+), then open (\S+)$", run.out, re.M)
    assert hint, run.out
    command, address = hint.groups()
    assert address.endswith(urllib.parse.urlsplit(published_at).path)
    html, status = served_page(command, address, free_port(), project)
    assert "Xi tells Blinken" in html and status == 200


def test_an_outlet_known_only_by_its_address_is_named_by_its_host_everywhere(project: Path) -> None:
    """With no `source.name`, every page names the outlet as the feeds and the structured data do: by the host
    of the original's address, never by the whole address and never not at all."""
    article = VALID_ARTICLE.replace(
        '{name: Example Wire, url: "https://example.com/xi-blinken"', '{url: "https://www.scmp.com/news/xi-blinken"'
    )
    (project / "content/articles/2024-04-26-host-only.md").write_text(article)
    assert digest("build", cwd=project).code == 0
    site = project / "site"
    shown = page(site, "articles/2024-04-26-host-only")
    assert shown.cssselect(".sourcing .source")[0].text_content() == "scmp.com"
    assert shown.cssselect(".facts dd a")[0].text_content() == "scmp.com"
    month = page(site, "archive/2024/04")
    entry = next(li for li in month.cssselect("li") if "host-only" in li.cssselect("a")[0].get("href"))
    assert entry.cssselect(".meta")[0].text_content() == "scmp.com"
    home = page(site, "")
    teaser = next(a for a in home.cssselect("article") if "host-only" in lxml.html.tostring(a, encoding=str))
    assert "scmp.com" in teaser.cssselect(".source")[0].text_content()


def test_a_follow_up_by_the_same_outlet_is_not_called_another_outlets(site: Path, tmp_path: Path) -> None:
    """Under a story's report, "Also reported by" lists other outlets; when a report listed comes from the same
    outlet, the list is called what it is."""
    assert [p.text_content() for p in page(site, "").cssselect(".also-label")] == ["Also reported by"]
    project = make_project(tmp_path / "project", with_article=False)
    for source in (REPO / "content" / "articles").glob("*.md"):
        text = source.read_text(encoding="utf-8")
        if source.stem in GALA_2021:
            text = re.sub(r"(?m)^source: \{", "source: {name: Community News, ", text, count=1)
            text = text.replace("name: Community News, name: Community News,", "name: Community News,")
        (project / "content" / "articles" / source.name).write_text(text, encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    for address in ("", f"articles/{GALA_2021[0]}"):
        labels = [p.text_content() for p in page(project / "site", address).cssselect(".also-label")]
        assert labels == ["Other reports of this story"], address


def test_a_report_whose_outlet_is_not_recorded_is_not_called_another_outlets(site: Path) -> None:
    """The Community News report's other report records no outlet: it may be Community News' own, so the list
    is not "Also reported by" and the report is not said to come from "another outlet"; it shows its date."""
    doc = page(site, f"articles/{GALA_2021[1]}")
    assert [p.text_content() for p in doc.cssselect(".also-label")] == ["Other reports of this story"]
    assert [m.text_content() for m in doc.cssselect(".also li .meta")] == ["10 November 2021"]
    assert "another outlet" not in doc.text_content()


def test_every_page_has_a_description_of_its_own(site: Path) -> None:
    """Search engines and link previews show a page's description: an index, a year or a month of the archive
    says what it holds, instead of repeating the site's (which only the home page and 404 carry)."""
    shown: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        (description,) = lxml.html.fromstring(path.read_bytes()).xpath("//meta[@name='description']/@content")
        shown.setdefault(description, []).append(path.relative_to(site).as_posix())
    shared = {text: paths for text, paths in shown.items() if len(paths) > 1}
    site_description = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))["site"]["description"]
    assert shared == {site_description: ["404.html", "index.html"]}
    assert shown_for(shown, "archive/2024/index.html") == "The 3 articles of US–China Digest in 2024, month by month."


def shown_for(shown: dict[str, list[str]], path: str) -> str:
    return next(text for text, paths in shown.items() if path in paths)


def test_every_description_fits_a_link_preview(site: Path) -> None:
    """Search results and link previews show about 200 characters of a description, and cut the rest where they
    like: every page's says its first words in full and ends with an ellipsis at a word's end when cut."""
    assert description_problems(site) == []


LONG = (
    "Tom & Jerry's \"talks\" <b onmouseover=alert(1)>on</b> Taiwan: Beijing's red line, US arms sales, drills "
    "around the island & the elections that test both capitals, year after year, "
)


def test_long_descriptions_are_cut_at_a_word_with_an_ellipsis(tmp_path: Path) -> None:
    """A theme's or a meeting's description of several hundred characters, a month of long headlines and a long
    summary: each page's description is cut at a word's end, never in an entity, and stays escaped text."""
    config = (REPO / "config.yaml").read_text(encoding="utf-8")
    long = (LONG * 5).strip()
    assert len(long) > 700
    config = config.replace(
        'description: "Taiwan in US–China relations: Beijing\'s red line, US support, drills and elections."',
        f"description: {json.dumps(long)}",
    )
    blinken = f"description: {json.dumps(long[:400])}"  # the Beijing visit's
    config = re.sub(r'description: "Secretary of State Antony Blinken.*', lambda _: blinken, config, count=1)
    (tmp_path / "c.yaml").write_text(config, encoding="utf-8")
    project = make_project(tmp_path / "p", config=tmp_path / "c.yaml", with_article=False)
    for day in range(1, 5):
        title = (
            f"{day}: "
            + "Envoys & ministers of both countries agree to keep talking about trade, Taiwan and climate " * 2
        )
        summary = ("word " * 39 + "Tom & Jerry ") * day  # the 200th character falls in `&amp;` once escaped
        (project / f"content/articles/2024-03-0{day}-item.md").write_text(
            f"---\ntitle: {json.dumps(title.strip())}\ndate: 2024-03-0{day}\nthemes: [taiwan]\n"
            f"meetings: [blinken-beijing-2024]\nsummary: {json.dumps(summary.strip())}\n---\n\nText {day}.\n",
            encoding="utf-8",
        )
    run = digest("build", cwd=project)
    assert run.code == 0, run.err
    site = project / "site"
    assert description_problems(site) == []
    for address in ("themes/taiwan", "meetings/blinken-beijing-2024", "archive/2024/03", "articles/2024-03-04-item"):
        (text,) = set(page(site, address).xpath("//meta[contains(@name|@property, 'description')]/@content"))
        assert text.endswith("…") and 150 < len(text) <= 200, (address, text)
        assert "<b" not in (site / address / "index.html").read_text(encoding="utf-8").split("<body")[0].lower()
    theme = page(site, "themes/taiwan").xpath("//meta[@name='description']/@content")[0]
    assert long.startswith(theme[:-1]) and long[len(theme) - 1] == " "


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Short &amp; sweet.", "Short &amp; sweet."),
        ("a " * 98 + "Tom &amp; Jerry", "a " * 98 + "Tom…"),  # not `Tom &am…`
        ("abc " * 49 + "de, fgh", "abc " * 49 + "de…"),  # no comma before the ellipsis
        ("x" * 300, "x" * 199 + "…"),  # one word longer than a description: cut, as nothing else fits
        ("x" * 198 + "e\u0301" + "y", "x" * 198 + "…"),  # an accent stays with its letter
        ("  line\n  break  ", "line break"),
    ],
)
def test_a_description_is_cut_at_a_word_and_stays_escaped(text: str, shown: str) -> None:
    from markupsafe import Markup

    from digest.render import page_description

    assert page_description(Markup(text)) == Markup(shown)
