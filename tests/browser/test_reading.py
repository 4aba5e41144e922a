"""Reading the site in Chromium: clicking through it, a 360 px phone, every page's frame, the 404 page, screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import ARTIFACTS, Site

# What a reader notices on every page; measured in the browser after layout.
PAGE_FACTS = """() => {
  const doc = document.documentElement;
  const feeds = [...document.querySelectorAll('head link[rel=alternate]')].map(l => l.type + ' ' + l.href);
  const overflowing = doc.scrollWidth > innerWidth;
  const wide = !overflowing ? [] : [...document.body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > innerWidth + 1;
  }).map(e => `${e.tagName.toLowerCase()}.${e.className} ${e.textContent.trim().slice(0, 40)}`);
  return {
    scrollWidth: doc.scrollWidth, innerWidth: innerWidth, title: document.title.trim(), lang: doc.lang,
    h1: document.querySelectorAll('h1').length, feeds: feeds, wide: wide.slice(-3),
    styled: getComputedStyle(document.body).marginTop === '0px',
  };
}"""


def test_every_page_fits_a_360px_phone_and_has_its_frame(site: Site, page: Page) -> None:
    """At 360 px nothing scrolls sideways; each page has one h1, a title, a language, feeds, and its stylesheet."""
    page.set_viewport_size({"width": 360, "height": 740})
    problems = []
    for file in site.pages():
        address = site.address(file)
        page.goto(site.served(address))
        facts = page.evaluate(PAGE_FACTS)
        if facts["scrollWidth"] > facts["innerWidth"]:
            problems.append(f"/{address}: scrolls sideways ({facts['scrollWidth']} px wide): {facts['wide']}")
        if facts["h1"] != 1:
            problems.append(f"/{address}: {facts['h1']} h1 elements")
        if not facts["title"] or not facts["lang"]:
            problems.append(f"/{address}: title {facts['title']!r}, lang {facts['lang']!r}")
        kinds = {f.split()[0] for f in facts["feeds"]}
        if not {"application/rss+xml", "application/atom+xml"} <= kinds:
            problems.append(f"/{address}: feed links {facts['feeds']}")
        if not facts["styled"]:
            problems.append(f"/{address}: the stylesheet did not apply")
    assert not problems, f"{len(problems)} problems in {len(site.pages())} pages:\n" + "\n".join(problems[:30])
    assert not page.context.offsite, f"pages asked for things off the site: {page.context.offsite[:5]}"


def _route_to(site: Site) -> tuple[str, str, str, str | None]:
    """(theme, article, meeting, source URL) titles a reader can click through, found in the built pages."""
    home = site.doc(site.folder / "index.html")
    has_sources = any(
        site.doc(p).cssselect(".article-facts a[rel~=external]") for p in site.folder.glob("articles/*/index.html")
    )
    for theme_link in home.cssselect("aside a[href*='/themes/']"):
        theme = site.file_for(site.base_url + theme_link.get("href")[len(site.base_path) :])
        for item in site.doc(theme).cssselect("main .item-title a"):
            article = site.doc(site.file_for(site.base_url + item.get("href")[len(site.base_path) :]))
            meetings = article.cssselect(".article-facts a[href*='/meetings/']")
            source = article.cssselect(".article-facts a[rel~=external]")
            if meetings and (source or not has_sources):
                url = source[0].get("href") if source else None
                return theme_link.text_content(), item.text_content(), meetings[0].text_content(), url
    raise AssertionError(f"the {site.name} site has no article with a theme and a meeting to click through")


def test_a_reader_clicks_from_home_to_a_theme_an_article_its_meeting_and_its_source(site: Site, page: Page) -> None:
    theme, article, meeting, source = _route_to(site)
    page.goto(site.served(""))
    page.get_by_role("complementary").get_by_role("link", name=theme, exact=True).click()
    expect(page.locator("h1")).to_have_text(theme)
    page.get_by_role("main").get_by_role("link", name=article, exact=True).first.click()
    expect(page.locator("h1")).to_have_text(article)
    facts = page.get_by_role("complementary", name="About this article")
    facts.get_by_role("link", name=meeting, exact=True).click()
    expect(page.locator("h1")).to_have_text(meeting)
    expect(page).to_have_url(re.compile(r"/meetings/[a-z0-9-]+/$"))
    page.get_by_role("main").get_by_role("link", name=article, exact=True).first.click()  # back, from its coverage
    expect(page.locator("h1")).to_have_text(article)
    if source is None:  # the real content records no source addresses: the reader sees that it is not a link
        expect(facts.locator("dd").first).not_to_have_text("")
        assert facts.locator("a[rel~=external]").count() == 0
    else:  # the source is on another site: the browser goes there, and a stand-in answers (no network here)
        page.route(source, lambda route: route.fulfill(content_type="text/html", body="<title>The source</title>"))
        facts.locator("a[rel~=external]").click()
        expect(page).to_have_url(source)
        expect(page).to_have_title("The source")


def test_a_missing_address_shows_the_404_page_with_working_links(site: Site, page: Page) -> None:
    assert page.goto(site.served("404.html")).status == 200
    response = page.goto(site.served("articles/no-such-article/at/all/"))
    assert response.status == 404  # the host serves 404.html for anything missing, as static hosts do
    expect(page.locator("h1")).to_have_text("Page not found")
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"  # its stylesheet loads at any depth
    page.get_by_role("main").get_by_role("link", name="Browse by theme").click()
    expect(page.locator("h1")).to_have_text("Themes")


SCREENSHOT_PAGES = ["home", "article with the longest title", "theme", "meeting", "person", "people index", "subscribe"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_of_key_pages_and_their_layout(site: Site, page: Page, width: int, scheme: str) -> None:
    """Written to tests/artifacts/screenshots/ to be looked at; dates and headings must be whole and on screen."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    types = site.page_types()
    for kind in SCREENSHOT_PAGES:
        page.goto(site.served(types[kind]))
        name = f"{site.name}-{kind.split()[0]}-{width}-{scheme}.png"
        page.screenshot(path=folder / name, full_page=True)
        broken = page.evaluate(
            """() => [...document.querySelectorAll('time, h1')].filter(e => {
                 const r = e.getBoundingClientRect();
                 return r.width === 0 || r.left < 0 || r.right > innerWidth
                   || (e.tagName === 'TIME' && e.getClientRects().length > 1);
               }).map(e => e.outerHTML.slice(0, 80))"""
        )
        assert not broken, f"{name}: cut off or split across lines: {broken}"
        gap = page.evaluate(
            """() => document.querySelector('footer').getBoundingClientRect().top
                   - document.querySelector('main').lastElementChild.getBoundingClientRect().bottom"""
        )
        assert gap >= 24, f"{name}: the footer is {gap:.0f} px below the page's last block: cramped"
        widths = page.eval_on_selector_all(".prev-next a", "links => links.map(a => a.offsetWidth)")
        assert max(widths, default=0) - min(widths, default=0) <= 2 or width < 640, f"{name}: older/newer {widths}"


def test_links_in_lists_and_runs_of_text_are_told_apart_by_more_than_colour(site: Site, page: Page) -> None:
    """WCAG 1.4.1: "Also reported by" and the lists of meetings and months are links among text; on a touch
    screen there is no hover to reveal them, so they stay underlined."""
    also = next(
        (f for f in sorted((site.folder / "articles").glob("*/index.html")) if 'class="also"' in f.read_text()), None
    )
    pages = [site.address(f) for f in (also, site.folder / "404.html") if f is not None]
    assert also is not None, "no article of the test site lists other outlets' reports"
    for address in pages:
        page.goto(site.served(address))
        lines = page.evaluate(
            "[...document.querySelectorAll('main .also a, main .nav-list a')]"
            ".map(a => getComputedStyle(a).textDecorationLine)"
        )
        assert lines and all("underline" in line for line in lines), (address, lines)
