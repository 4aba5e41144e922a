"""The subscribe page as a subscriber uses it, in Chromium, on both sites (the larger one published under /news/):
every address it offers is fetched as the browser resolves it and read with the tool for its format."""

from __future__ import annotations

import json
import re

import feedparser
import icalendar
import jsonschema
import listparser
from playwright.sync_api import Browser, Page, expect

from .conftest import REPO, Site

SCHEMA = json.loads((REPO / "tests/schemas/jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
LINKS = """() => [...document.querySelectorAll('main a[type]')].map(a => ({
  href: a.href, type: a.getAttribute('type'), row: a.closest('li') ? a.closest('li').id : '' }))"""
FORMATS = {"application/rss+xml": "rss20", "application/atom+xml": "atom10", "application/feed+json": "json"}


def test_every_address_on_the_subscribe_page_is_served_and_reads_cleanly(site: Site, page: Page) -> None:
    page.goto(site.served("subscribe/"))
    links = page.evaluate(LINKS)
    rows = page.eval_on_selector_all("ul.feeds > li", "rows => rows.map(r => r.id)")
    # every list's feeds, once; not those of an empty theme or meeting, built (valid, empty) but not offered
    offered = [f for f in site.folder.rglob("feed.xml") if f.parent == site.folder or feedparser.parse(f).entries]
    assert len(rows) == len(set(rows)) == len(offered)
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    seen: dict[str, int] = {}
    for link in links:
        assert link["href"].startswith(site.url), link  # under the base path, on the server the page came from
        response = page.request.get(link["href"])
        assert response.status == 200, link
        body, kind = response.body(), link["type"]
        seen[kind] = seen.get(kind, 0) + 1
        published = site.base_url + link["href"].removeprefix(site.url)  # where it says it lives
        if kind == "application/feed+json":
            feed = json.loads(body)
            assert not [error.message for error in validator.iter_errors(feed)], link
            assert feed["feed_url"] == published, link
        elif kind in FORMATS:
            feed = feedparser.parse(body)
            assert feed.bozo == 0 and feed.version == FORMATS[kind], (link, feed.get("bozo_exception"))
            assert published in [each.href for each in feed.feed.links if each.rel == "self"], link
        elif kind == "text/x-opml":
            listed = listparser.parse(body)
            assert not listed.bozo and len(listed.feeds) == len(rows), link
        else:
            assert kind == "text/calendar", link
            assert icalendar.Calendar.from_ical(body).walk("VEVENT"), link
    assert seen == {**dict.fromkeys(FORMATS, len(rows)), "text/x-opml": 1, "text/calendar": 1}


def test_follow_links_land_on_their_entry_with_its_three_formats(site: Site, page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    types = site.page_types()
    for kind in ("theme", "meeting", "person"):
        page.goto(site.served(types[kind]))
        page.click("a.feed-link")
        page.wait_for_load_state()
        assert page.url.startswith(site.served("subscribe/#")), (kind, page.url)
        target = page.locator(":target")
        assert target.count() == 1, (kind, page.url)
        assert target.locator(".formats a").count() == 3
        box = target.bounding_box()
        assert box is not None and 0 <= box["y"] < 800, f"{kind}: its entry is not on screen ({box})"
    page.goto(site.served(""))
    page.click(".site-footer a")
    assert page.url == site.served("subscribe/")
    assert page.locator("h1").inner_text() == "Follow the digest"


def test_a_feeds_address_is_copied_with_one_press_of_a_key(site: Site, browser: Browser) -> None:
    """A subscriber who arrives from a theme's Follow link copies its feed's address for their reader without a
    right click (which a keyboard or a phone hides): the button beside the feed copies its RSS address, as it is
    published, and says so to a screen reader too. Without JavaScript there is no button that would do nothing."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site.served("subscribe/#themes-taiwan"))
    row = page.locator(":target")
    copy = row.get_by_role("button", name="Copy the address of the Taiwan RSS feed")
    copy.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("navigator.clipboard.readText()") == site.base_url + "themes/taiwan/feed.xml"
    expect(page.locator("main [role=status]")).to_have_text(
        "Copied the address of the Taiwan RSS feed: paste it in your feed reader."
    )
    expect(row.locator("button")).to_have_text(re.compile("^Copied"))
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.served("subscribe/"))
    expect(page.get_by_role("button")).to_have_count(1)  # the header's search
    context.close()
