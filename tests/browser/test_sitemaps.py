"""The sitemaps and robots.txt of both sites, as a search engine reads them: each validated with lxml against the
official XSDs kept in tests/schemas/, every URL a built page, every page listed, dates from the content."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from lxml import etree

from .conftest import REPO, Site

SCHEMAS = REPO / "tests" / "schemas"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@cache
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid(file: Path, name: str) -> etree._ElementTree:
    tree = etree.parse(str(file))
    checker = schema(name)
    assert checker.validate(tree), f"{file.name}: {checker.error_log}"
    return tree


def entries(site: Site) -> dict[str, str | None]:
    """loc → lastmod, from sitemap.xml (through its index, when it is one)."""
    tree = etree.parse(str(site.folder / "sitemap.xml"))
    files = [site.folder / "sitemap.xml"]
    if tree.getroot().tag == f"{SM}sitemapindex":
        files = [site.file_for(loc.text) for loc in tree.iter(f"{SM}loc")]
    found = {}
    for file in files:
        for url in valid(file, "sitemap.xsd").iter(f"{SM}url"):
            found[url.findtext(f"{SM}loc")] = url.findtext(f"{SM}lastmod")
    return found


def test_the_sitemap_is_valid_and_lists_every_page_and_nothing_else(site: Site) -> None:
    valid(site.folder / "sitemap.xml", "sitemap.xsd")
    listed = entries(site)
    unlisted = {site.folder / "404.html", site.folder / "search/index.html"}  # no address; no content of its own
    pages = {site.absolute(file) for file in site.pages() if file not in unlisted}
    assert set(listed) == pages
    for url in listed:
        assert url.startswith(site.base_url) and site.file_for(url) is not None, url


def test_lastmod_is_the_content_s_date(site: Site) -> None:
    listed = entries(site)
    times = {}
    for file in sorted((site.folder / "articles").glob("*/index.html")):
        times[site.absolute(file)] = site.doc(file).cssselect(".sourcing time")[0].get("datetime")
        assert listed[site.absolute(file)] == times[site.absolute(file)], site.address(file)
    newest = max(times.values(), key=datetime.fromisoformat)
    assert listed[site.base_url] == listed[site.base_url + "archive/"] == newest
    for file in sorted((site.folder / "themes").glob("*/index.html")):  # a list: its newest item's date
        first = site.doc(file).cssselect("main .item-title a")
        if first:
            shown = site.base_url + first[0].get("href")[len(site.base_path) :]
            assert listed[site.absolute(file)] == times[shown], site.address(file)
        else:
            assert listed[site.absolute(file)] is None, site.address(file)
        for later in sorted(file.parent.glob("page/*/index.html")):
            assert listed[site.absolute(later)] == listed[site.absolute(file)]


def test_the_news_sitemap_holds_the_articles_of_the_last_two_days(site: Site) -> None:
    tree = valid(site.folder / "news-sitemap.xml", "news-sitemap.xsd")
    articles = {site.absolute(file): file for file in (site.folder / "articles").glob("*/index.html")}
    when = {url: datetime.fromisoformat(site.doc(file).cssselect(".sourcing time")[0].get("datetime"))
            for url, file in articles.items()}  # fmt: skip
    build_date = max(when.values())  # no SOURCE_DATE_EPOCH: the newest article's date
    recent = {url for url, moment in when.items() if moment >= build_date - timedelta(days=2)}
    listed = {}
    for url in tree.iter(f"{SM}url"):
        news = url.find(f"{NEWS}news")
        listed[url.findtext(f"{SM}loc")] = news
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == site.doc(site.folder / "index.html").findtext(
            ".//title"
        )
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert set(listed) == recent and recent
    for url, news in listed.items():
        file = articles[url]
        assert datetime.fromisoformat(news.findtext(f"{NEWS}publication_date")) == when[url]
        assert news.findtext(f"{NEWS}title") == site.doc(file).cssselect("main h1")[0].text_content().strip()


def test_robots_txt_allows_everything_and_names_the_sitemaps(site: Site) -> None:
    lines = (site.folder / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    named = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap: ")]
    assert named == [site.base_url + "sitemap.xml", site.base_url + "news-sitemap.xml"]
    assert all(site.file_for(url) for url in named)
