"""Read as a news briefing is read: the lead story on the first screen, where each article comes from before its
text, no internal file names, a page that prints, and numbered pages that reach every page of a list."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page

from .conftest import Site

ORIGIN = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")  # how collected raw files are named in content/sources/


@pytest.mark.parametrize("width", [1280, 360])
def test_the_lead_headline_is_on_the_first_screen(site: Site, page: Page, width: int) -> None:
    """At 1280×800 above the fold; on a 360 px phone within the first screen. It is the page's first headline."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site.served(""))
    lead = page.locator(".lead .item-title")
    box = lead.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800, f"the lead headline is at {box}"
    first = page.locator("main h2, main h3").first
    assert first.evaluate("(e, lead) => e === lead", lead.element_handle()), "a heading comes before the lead"


def _articles(site: Site, count: int) -> list[Path]:
    """The article with the longest title, then the first `count` others."""
    files = sorted(site.folder.glob("articles/*/index.html"))
    longest = max(files, key=lambda p: len(site.doc(p).findtext(".//h1") or ""))
    return [longest, *(f for f in files if f != longest)][:count]


@pytest.mark.parametrize("width", [360, 1280])
def test_an_articles_outlet_and_date_come_before_its_text(site: Site, page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    for file in _articles(site, 12):
        page.goto(site.served(site.address(file)))
        line = page.locator(".article-header .sourcing")
        first = page.locator(".article .body p").first
        assert line.bounding_box()["y"] + line.bounding_box()["height"] <= first.bounding_box()["y"], file
        assert line.locator("time").count() == 1, file
        doc = site.doc(file)
        outlet = doc.cssselect(".article-facts dd")[0].text_content().strip()
        if outlet != "Not recorded":  # the outlet the facts panel names is the one under the headline
            assert line.locator(".source").inner_text() in outlet, file
        source = doc.cssselect(".article-facts a[rel~=external]")
        if source:
            assert line.get_by_role("link", name="Read the original").get_attribute("href") == source[0].get("href")


def _origins(site: Site) -> set[str]:
    """Every `source.origin` the site's articles name in their front matter."""
    root = site.generated.root if site.generated else Path(__file__).resolve().parents[2]
    found = set()
    for file in (root / "content" / "articles").glob("*.md"):  # read as text: generated ones hold control characters
        found.update(
            re.findall(r"""\borigin:\s*["']?([^"'\s,}]+)""", file.read_text(encoding="utf-8").split("---\n")[1])
        )
    return found


def test_no_page_shows_a_raw_file_name(site: Site) -> None:
    origins = _origins(site)
    assert origins, "the site's articles should name the raw files they came from, for this test to mean anything"
    shown = []
    for file in site.pages():
        html = file.read_text(encoding="utf-8")
        found = {o for o in origins if o in html} | set(ORIGIN.findall(html))
        if found:
            shown.append(f"/{site.address(file)}: {sorted(found)[:3]}")
    assert not shown, f"{len(shown)} pages show raw file names:\n" + "\n".join(shown[:20])


PRINTED = """() => {
  const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = c => { const [r, g, b] = c.match(/[\\d.]+/g).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b); };
  const light = [...document.body.querySelectorAll('*')].filter(e => visible(e)
      && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
      && (1.05) / (luminance(getComputedStyle(e).color) + 0.05) < 7)
    .map(e => `${e.tagName.toLowerCase()}.${e.className} ${getComputedStyle(e).color} ${e.textContent.slice(0, 30)}`);
  const sources = [...document.querySelectorAll('.sourcing a[rel~=external]')]
    .map(a => [a.href, getComputedStyle(a, '::after').content]);
  return {
    background: getComputedStyle(document.body).backgroundColor,
    light: light.slice(0, 5),
    navigation: [...document.querySelectorAll('nav')].filter(visible).map(n => n.getAttribute('aria-label')),
    sources: sources,
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_print_dark_on_white_without_navigation(site: Site, page: Page, scheme: str) -> None:
    """Whatever the reader's colour scheme: text at least 7:1 on white, menus and page links gone, the source's
    address written out."""
    page.emulate_media(media="print", color_scheme=scheme)
    types = site.page_types()
    for kind in ("home", "article", "article with the longest title", "theme", "meeting", "person"):
        page.goto(site.served(types[kind]))
        printed = page.evaluate(PRINTED)
        assert printed["background"] == "rgb(255, 255, 255)", (kind, printed["background"])
        assert not printed["light"], f"{kind}: text too light to print: {printed['light']}"
        assert not printed["navigation"], f"{kind}: navigation printed: {printed['navigation']}"
        for href, after in printed["sources"]:
            assert href in after, f"{kind}: the source's address is not printed ({after})"
    if site.generated:  # its articles have source addresses: one of them must have printed its address
        with_url = next(
            f for f in site.folder.glob("articles/*/index.html") if site.doc(f).cssselect(".sourcing a[rel~=external]")
        )
        page.goto(site.served(site.address(with_url)))
        assert page.evaluate(PRINTED)["sources"], "no source address on an article that has one"


def _lists(site: Site) -> list[Path]:
    """The first page of every list long enough to be paged."""
    return sorted(p.parents[2] / "index.html" for p in site.folder.glob("**/page/2/index.html"))


def test_numbered_page_links_reach_every_page_of_each_list(site: Site) -> None:
    lists = _lists(site)
    if site.generated:
        assert len(lists) >= 3, "the generated site should page its home, theme and meeting lists"
    for first in lists:
        pages = {first, *first.parent.glob("page/*/index.html")}
        seen, todo = {first}, [first]
        while todo:
            file = todo.pop()
            doc = site.doc(file)
            current = doc.cssselect(".pagination ol a[aria-current=page]")
            number = 1 if file == first else int(file.parent.name)
            assert [a.text_content() for a in current] == [str(number)], file
            for link in doc.cssselect(".pagination ol a"):
                target = site.file_for(urljoin(site.absolute(file), link.get("href")))
                assert target in pages, f"{file}: {link.get('href')} is not a page of this list"
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        assert seen == pages, f"/{site.address(first)}: pages no number reaches: {sorted(map(str, pages - seen))}"
        last = site.doc(first).cssselect(".pagination ol a")[-1]
        assert last.text_content() == str(len(pages)), f"/{site.address(first)}: the last page's number is not shown"
