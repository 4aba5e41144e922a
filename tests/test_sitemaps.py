"""Sitemaps through real builds: split into an index past the URL limit (lowered for the test through
DIGEST_SITEMAP_LIMIT, which exists for tests only), the News sitemap's two-day window counted from the build
date, robots.txt naming what exists. Every file is validated against the official XSDs in tests/schemas/."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
from conftest import REPO, make_project
from lxml import etree

from digest.sitemaps import news_language

SCHEMAS = REPO / "tests" / "schemas"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
BASE = "https://uschina-digest.example.org/"  # config.yaml's base_url


@cache
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid(file: Path, name: str) -> etree._ElementTree:
    tree = etree.parse(str(file))
    assert schema(name).validate(tree), f"{file.name}: {schema(name).error_log}"
    return tree


def build(project: Path, **env: str) -> subprocess.CompletedProcess:
    run = subprocess.run(
        [sys.executable, "-m", "digest", "build", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )
    assert run.returncode == 0, run.stderr
    return run


def article(project: Path, day: str, n: int, title: str = "") -> None:
    text = f'---\ntitle: "{title or f"Talks resume, round {n}"}"\ndate: {day}\nthemes: [taiwan]\n---\n\nText {n}.\n'
    (project / "content" / "articles" / f"{day[:10]}-talks-{n}.md").write_text(text, encoding="utf-8")


def pages(site: Path) -> set[str]:
    """Every page a sitemap lists: all but the 404 page and the search page."""
    found = set()
    for file in site.rglob("index.html"):
        if file == site / "search/index.html":
            continue
        address = file.parent.relative_to(site).as_posix()
        found.add(BASE if address == "." else f"{BASE}{address}/")
    return found


def test_past_the_limit_the_sitemap_is_an_index_of_sitemaps_and_shrinks_back(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    for n in range(12):
        article(project, f"2024-03-{n + 1:02d}", n)
    build(project, DIGEST_SITEMAP_LIMIT="10")
    site = project / "site"
    index = valid(site / "sitemap.xml", "siteindex.xsd")
    locs = [loc.text for loc in index.iter(f"{SM}loc")]
    assert len(locs) > 2 and locs == [f"{BASE}sitemap-{n}.xml" for n in range(1, len(locs) + 1)]
    listed = []
    for loc, lastmod in zip(locs, index.iter(f"{SM}lastmod"), strict=True):
        tree = valid(site / loc.removeprefix(BASE), "sitemap.xsd")
        urls = tree.findall(f"{SM}url")
        assert 1 <= len(urls) <= 10
        listed += [url.findtext(f"{SM}loc") for url in urls]
        newest = max((datetime.fromisoformat(m.text) for m in tree.iter(f"{SM}lastmod")), default=None)
        assert datetime.fromisoformat(lastmod.text) == newest  # each sitemap: when its newest page changed
    assert len(listed) == len(set(listed)) and set(listed) == pages(site)
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml\n" in robots and "sitemap-1.xml" not in robots  # the index names them

    for gone in sorted((project / "content" / "articles").glob("*-talks-*.md"))[:6]:
        gone.unlink()
    build(project)  # the real limit: one sitemap again, and the numbered ones are gone
    tree = valid(site / "sitemap.xml", "sitemap.xsd")
    assert {url.findtext(f"{SM}loc") for url in tree.iter(f"{SM}url")} == pages(site)
    assert not list(site.glob("sitemap-*.xml"))


def epoch(moment: str) -> str:
    return str(int(datetime.fromisoformat(moment).timestamp()))


def test_the_news_sitemap_holds_the_two_days_before_the_build_date(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", with_article=False)
    days = ["2024-05-01T09:00", "2024-05-03T12:00", "2024-05-04T12:00", "2024-05-05T10:00", "2024-05-06T09:00",
            "2024-05-03T10:00"]  # fmt: skip
    for n, day in enumerate(f"{day}:00+00:00" for day in days):
        article(project, day, n, title=f'Round {n}: \\"tariffs\\" & <quotas>')
    # 47 hours before the build date is in, 49 hours before is out, and so is the article dated after it
    build(project, SOURCE_DATE_EPOCH=epoch("2024-05-05T11:00:00+00:00"))
    tree = valid(project / "site" / "news-sitemap.xml", "news-sitemap.xsd")
    items = {url.findtext(f"{SM}loc"): url.find(f"{NEWS}news") for url in tree.iter(f"{SM}url")}
    assert list(items) == [f"{BASE}articles/2024-05-05-talks-3/", f"{BASE}articles/2024-05-04-talks-2/",
                           f"{BASE}articles/2024-05-03-talks-1/"]  # fmt: skip
    news = items[f"{BASE}articles/2024-05-04-talks-2/"]
    assert news.findtext(f"{NEWS}title") == 'Round 2: "tariffs" & <quotas>'
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "US–China Digest"
    published = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert published == datetime(2024, 5, 4, 12, tzinfo=UTC)
    robots = (project / "site" / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}news-sitemap.xml" in robots

    build(project, SOURCE_DATE_EPOCH=epoch("2024-06-01T00:00:00+00:00"))  # nothing recent: no News sitemap at all
    assert not (project / "site" / "news-sitemap.xml").exists()
    robots = (project / "site" / "robots.txt").read_text(encoding="utf-8")
    assert robots.count("Sitemap: ") == 1 and "news-sitemap" not in robots


def test_after_each_edit_the_sitemaps_are_those_a_clean_build_makes(tmp_path: Path) -> None:
    """The pages' sitemap and the News sitemap are kept or made again apart: a recent article's new title is in
    the News sitemap, its new date in both; each time as a clean build writes them."""
    project = make_project(tmp_path / "project", with_article=False)
    for n, day in enumerate(["2024-05-01T09:00:00+00:00", "2024-05-04T12:00:00+00:00"]):
        article(project, day, n)
    when = {"SOURCE_DATE_EPOCH": epoch("2024-05-05T11:00:00+00:00")}
    names = ("sitemap.xml", "news-sitemap.xml", "robots.txt")

    def built_again_and_clean() -> dict[str, bytes]:
        build(project, **when)
        made = {name: (project / "site" / name).read_bytes() for name in names}
        clean = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(project, clean, ignore=shutil.ignore_patterns(".digest-cache", "site"))
        build(clean, **when)
        assert made == {name: (clean / "site" / name).read_bytes() for name in names}
        return made

    first = built_again_and_clean()
    article(project, "2024-05-04T12:00:00+00:00", 1, title="Talks resume, a new headline")
    retitled = built_again_and_clean()
    assert b"a new headline" in retitled["news-sitemap.xml"] and retitled["sitemap.xml"] == first["sitemap.xml"]
    (project / "content" / "articles" / "2024-05-04-talks-1.md").unlink()
    article(project, "2024-05-04T15:30:00+00:00", 1, title="Talks resume, a new headline")
    redated = built_again_and_clean()
    assert redated["sitemap.xml"] != retitled["sitemap.xml"]  # the article's lastmod, and its lists'
    assert redated["news-sitemap.xml"] != retitled["news-sitemap.xml"]  # its publication date


def test_an_article_dated_years_ahead_by_a_typo_does_not_date_the_build(tmp_path: Path) -> None:
    """2027-06-01 typed for 2024-04-27: the build says so, and the News sitemap, the home page's "Updated" and the
    feeds keep the date of the other articles, instead of an empty News sitemap and "Updated 1 June 2027"."""
    project = make_project(tmp_path / "project")  # its article: 26 April 2024
    article(project, "2024-04-25", 1)
    article(project, "2027-06-01", 2)
    run = build(project)
    site = project / "site"
    tree = valid(site / "news-sitemap.xml", "news-sitemap.xsd")
    assert [loc.text for loc in tree.iter(f"{SM}loc")] == [
        f"{BASE}articles/2024-04-26-xi-tells-blinken/",
        f"{BASE}articles/2024-04-25-talks-1/",
    ]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'Updated <time datetime="2024-04-26T00:00:00-04:00">26 April 2024</time>' in home
    rss = etree.parse(str(site / "feed.xml"))
    assert rss.findtext("channel/lastBuildDate") == "Fri, 26 Apr 2024 00:00:00 -0400"
    atom = etree.parse(str(site / "themes/taiwan/atom.xml"))
    assert atom.findtext("{http://www.w3.org/2005/Atom}updated") == "2024-04-26T00:00:00-04:00"
    assert re.search(
        r"content/articles/2027-06-01-talks-2\.md:3: date: warning: 2027-06-01 is in the future — check", run.stderr
    )


def noindexed(site: Path) -> set[str]:
    """The pages that ask search engines not to index them."""
    marked = '<meta name="robots" content="noindex">'
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if marked in p.read_text(encoding="utf-8")}


def test_a_preview_with_drafts_cannot_be_indexed_and_the_404_page_never_is(tmp_path: Path) -> None:
    """`digest build --drafts` is a preview: put online by mistake, its drafts must not reach a search engine.
    Every page says noindex, robots.txt turns crawlers away and no sitemap lists the drafts. The published build
    into the same folder is as a clean one: sitemaps back, only the 404 page (the page of no address) and the
    search page noindex."""
    project = make_project(tmp_path / "project")
    draft = project / "content/articles/2024-05-02-talks-9.md"
    draft.write_text('---\ntitle: "Secret talks"\ndate: 2024-05-02\ndraft: true\n---\n\nNot yet.\n', encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "digest", "build", "-q", "--drafts"], cwd=project, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    site = project / "site"
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert "articles/2024-05-02-talks-9/index.html" in pages and noindexed(site) == pages
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith("User-agent: *\nDisallow: /\n")
    assert not list(site.glob("*sitemap*"))

    build(project)  # published, into the same folder
    assert noindexed(site) == {"404.html", "search/index.html"}
    assert "Disallow" not in (site / "robots.txt").read_text(encoding="utf-8")
    listed = {loc.text for loc in valid(site / "sitemap.xml", "sitemap.xsd").iter(f"{SM}loc")}
    assert listed and not any("talks-9" in url for url in listed)


@pytest.mark.parametrize(
    ("language", "code"),
    [("en", "en"), ("en-GB", "en"), ("fr_CA", "fr"), ("zh-Hans", "zh-cn"), ("zh-CN", "zh-cn"), ("zh", "zh-cn"),
     ("zh-TW", "zh-tw"), ("zh-Hant-HK", "zh-tw"), ("yue", "yue")],
)  # fmt: skip
def test_the_news_language_is_what_google_news_accepts(language: str, code: str) -> None:
    assert news_language(language) == code
    assert re.fullmatch(r"zh-cn|zh-tw|([a-z]{2,3})", code)  # sitemap-news.xsd's pattern for <news:language>


def test_the_search_page_is_neither_listed_nor_indexed(tmp_path: Path) -> None:
    """The search page has no content of its own: its results are made in the reader's browser, for a query the
    crawler cannot know. A search engine that indexed it would show readers a page saying only "Search"; Google
    asks sites to keep internal search pages out. It is not in the sitemap and asks not to be indexed; every
    other page is listed."""
    project = make_project(tmp_path / "project")
    assert build(project).returncode == 0
    site = project / "site"
    listed = {loc.text for loc in valid(site / "sitemap.xml", "sitemap.xsd").iter(f"{SM}loc")}
    assert (site / "search/index.html").is_file() and BASE + "search/" not in listed
    assert "search/index.html" in noindexed(site)
    pages = {p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html")}
    assert {BASE + page for page in pages - {"404.html", "search/"}} == listed
