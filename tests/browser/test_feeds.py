"""Every feed both sites write, read as feed readers read it (feedparser), against the pages and the content."""

from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import jsonschema
import lxml.etree
import lxml.html

from .conftest import REPO, Site
from .sitegen import CONTROL_SAMPLES

ATOM = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def read(site: Site, file: Path) -> feedparser.FeedParserDict:
    """As a reader fetches it: from its published address, so relative links resolve the way they would."""
    kind = "application/atom+xml" if file.name == "atom.xml" else "application/rss+xml"
    headers = {"content-location": site.absolute(file), "content-type": kind}
    return feedparser.parse(file.read_bytes(), response_headers=headers)


ARTICLES_SHOWN = "main .item-title a, main .also a, main .quote figcaption .meta a, main .reports a, main .in-passing a"
QUOTING = "main .quote figcaption .meta a, main .reports a, main .in-passing a"  # not the articles only naming them


def listed(site: Site, file: Path, limit: int, shown: str = ARTICLES_SHOWN) -> list[str]:
    """Absolute addresses of the articles a list page shows, following its "Older" pages up to `limit`.

    A story reported by several outlets is listed once, its other reports under it ("Also reported
    by"); a person's page lists the articles their quotations come from (as reports of their statements, or
    quoting them in passing), or, when nobody quoted them, the articles that name them.
    """
    found: list[str] = []
    while file is not None and len(found) < limit:
        doc = site.doc(file)
        links = doc.cssselect(shown)
        found += [urljoin(site.absolute(file), a.get("href")) for a in links]
        older = doc.cssselect(".pagination a[rel=next]")
        file = site.file_for(urljoin(site.absolute(file), older[0].get("href"))) if older else None
    return found[:limit]


def offers_feed(folder: Path) -> bool:
    """A list's page offers its feed: every list has one, and offers it once it has items."""
    return 'class="feed-link"' in (folder / "index.html").read_text(encoding="utf-8")


def test_the_site_writes_every_feed_it_promises(site: Site) -> None:
    themes = sorted(p.name for p in (site.folder / "themes").iterdir() if p.is_dir())
    meetings = sorted(p.name for p in (site.folder / "meetings").iterdir() if p.is_dir())
    people = sorted(p.name for p in (site.folder / "people").iterdir() if p.is_dir())
    folders = ["", *(f"themes/{t}/" for t in themes), *(f"meetings/{m}/" for m in meetings)]
    folders += [f"people/{p}/" for p in people]
    for folder in folders[1:]:  # offered where it has items; built, empty, where it has none
        has_items = bool(read(site, site.folder / folder / "feed.xml").entries)
        assert offers_feed(site.folder / folder) == has_items, folder
    expected = {folder + name for folder in folders for name in ("feed.xml", "atom.xml")}
    assert {f.relative_to(site.folder).as_posix() for f in site.feeds()} == expected
    assert {f.relative_to(site.folder).as_posix() for f in site.json_feeds()} == {f"{f}feed.json" for f in folders}
    if site.generated:  # one per theme and meeting in its config, the empty ones included
        assert len(themes) == len(site.generated.themes) + 1 and len(meetings) == len(site.generated.meetings) + 1


def test_every_feed_parses_cleanly_and_points_at_itself(site: Site) -> None:
    for file in site.feeds():
        feed = read(site, file)
        name = file.relative_to(site.folder)
        assert feed.bozo == 0, f"{name}: {feed.get('bozo_exception')}"
        assert feed.feed.title, name
        assert {"rel": "self", "href": site.absolute(file)}.items() <= _self_link(feed).items(), name
        assert site.file_for(feed.feed.link), f"{name}: its page {feed.feed.link} is not built"


def _self_link(feed: feedparser.FeedParserDict) -> dict:
    return next((dict(link) for link in feed.feed.get("links", []) if link.get("rel") == "self"), {})


def test_every_feed_has_the_newest_items_of_its_page_newest_first(site: Site) -> None:
    for file in site.feeds():
        feed = read(site, file)
        name = file.relative_to(site.folder)
        links = [entry.link for entry in feed.entries]
        page = site.file_for(feed.feed.link)
        if "/people/" in feed.feed.link:  # a person's page runs by the day said: the feed has their newest articles
            quoted = list(dict.fromkeys(listed(site, page, 10**6, QUOTING)))  # the feed carries what they said
            assert set(links) <= set(quoted) and len(links) == min(site.feed_items, len(quoted)), name
        elif page.parent.parent.name == "meetings" or page == site.folder / "index.html":  # stories shown once
            shown = list(dict.fromkeys(listed(site, page, 10**6)))  # key quotations link to listed articles too
            assert set(links) <= set(shown) and len(links) == min(site.feed_items, len(shown)), name
        else:
            assert links == listed(site, page, site.feed_items), name
        dates = [entry.published_parsed for entry in feed.entries]
        assert dates == sorted(dates, reverse=True), f"{name}: not newest first"
        for entry in feed.entries:
            assert site.file_for(entry.link), f"{name}: {entry.link} is not a built page"
            assert entry.id == entry.link, name


def test_feed_items_match_the_generated_content(sites: dict[str, Site]) -> None:
    """The larger site's feeds against what the generator wrote: titles, dates to the minute, drafts left out."""
    site = sites["large"]
    generated = site.generated
    newest = generated.published
    wanted = {"feed.xml": newest, "atom.xml": newest}
    wanted |= {f"themes/{t}/feed.xml": [a for a in newest if t in a.themes] for t in generated.themes}
    wanted |= {f"meetings/{m}/feed.xml": [a for a in newest if m in a.meetings] for m in generated.meetings}
    for name, articles in wanted.items():
        feed = read(site, site.folder / name)
        expected = articles[: site.feed_items]
        assert [e.link for e in feed.entries] == [f"{site.base_url}articles/{a.slug}/" for a in expected], name
        assert [shown(e.title_detail) for e in feed.entries] == [a.title for a in expected], name
        for entry, article in zip(feed.entries, expected, strict=True):
            parse = datetime.fromisoformat if name == "atom.xml" else parsedate_to_datetime
            assert parse(entry.published) == article.when, (name, entry.link)
    drafts = [a.slug for a in generated.articles if a.draft]
    assert drafts and not any(d in (site.folder / "feed.xml").read_text() for d in drafts)
    assert not any(d in f.read_text() for d in drafts for f in site.feeds())


def shown(detail: feedparser.FeedParserDict) -> str:
    """A text construct as a reader shows it: HTML as its text (an RSS title with `<` or `>` in it is HTML)."""
    if detail.type != "text/html" or not detail.value.strip():
        return detail.value
    return lxml.html.fragment_fromstring(detail.value, create_parent="div").text_content()


def test_rss_dates_are_rfc_822_and_atom_dates_rfc_3339(site: Site) -> None:
    for file in site.feeds():
        tree = lxml.etree.parse(str(file))
        name = file.relative_to(site.folder)
        if tree.getroot().tag == f"{ATOM}feed":
            dates = [e.text for tag in ("updated", "published") for e in tree.iter(f"{ATOM}{tag}")]
            assert dates and all(RFC3339.match(d) for d in dates), f"{name}: {dates[:3]}"
        else:
            dates = [e.text for e in tree.iter("pubDate", "lastBuildDate")]
            assert dates and all(RFC822.match(d) for d in dates), f"{name}: {dates[:3]}"
            for d in dates:
                parsedate_to_datetime(d)


def test_links_inside_feed_items_reach_built_pages(site: Site) -> None:
    """A reader follows a link in an item's text from inside the feed reader, far from the article's page."""
    dead, seen = [], 0
    for file in site.feeds():
        for entry in read(site, file).entries:
            for content in entry.get("content", []):
                for element in lxml.html.fragment_fromstring(content.value, create_parent="div").iter("a", "img"):
                    url = element.get("href") or element.get("src") or ""
                    if url.startswith(site.base_url):
                        seen += 1
                        target = site.file_for(url)
                        if target is None:
                            dead.append(f"{file.relative_to(site.folder)}: {entry.link}: {url}")
                    elif not url.startswith(("http://", "https://")):
                        dead.append(f"{file.relative_to(site.folder)}: {entry.link}: {url} (not absolute)")
    assert not dead, f"{len(dead)} dead links in feed items:\n" + "\n".join(dead[:20])
    if site.generated:
        assert seen > 100


def test_feed_ids_are_the_same_in_a_later_build(site: Site, rebuilt: dict[str, Path]) -> None:
    again = rebuilt[site.name]
    for file in site.feeds():
        name = file.relative_to(site.folder)
        first, second = read(site, file), feedparser.parse((again / name).read_bytes())
        assert second.feed.get("id") == first.feed.get("id"), name  # Atom's feed id; RSS has none
        assert [e.id for e in second.entries] == [e.id for e in first.entries], name


def test_control_characters_from_scraped_text_never_reach_a_feed(sites: dict[str, Site]) -> None:
    site = sites["large"]
    pasted = 0
    for file in site.feeds():
        text = file.read_text(encoding="utf-8")
        assert not [c for c in CONTROL_SAMPLES if c in text], file.relative_to(site.folder)
        pasted += text.count("Text pasted from a web page carries invisible characters.")
        assert read(site, file).bozo == 0
    assert pasted  # the articles carrying them are in the feeds, cleaned


SCHEMA = json.loads((REPO / "tests/schemas/jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [text for each in value.values() for text in _strings(each)]
    if isinstance(value, list):
        return [text for each in value for text in _strings(each)]
    return [value] if isinstance(value, str) else []


def test_json_feeds_are_valid_and_carry_the_items_of_the_rss_feed_beside_them(site: Site) -> None:
    """JSON Feed 1.1 by its published schema (formats checked), every address absolute and built (under /news/
    on the larger site), the RSS feed's items in the same order, and no control character in any text."""
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    generated = site.generated.articles if site.generated else []
    sources = {f"{site.base_url}articles/{a.slug}/": a.source_url for a in generated}
    originals = 0
    for file in site.json_feeds():
        name, feed = file.relative_to(site.folder), json.loads(file.read_bytes())
        assert not [error.message for error in validator.iter_errors(feed)], name
        assert feed["feed_url"] == site.absolute(file), name
        for address in (feed["home_page_url"], feed["icon"], feed["favicon"]):
            assert site.file_for(address), f"{name}: {address} is not built"
        rss = read(site, file.with_name("feed.xml"))
        assert [item["id"] for item in feed["items"]] == [entry.id for entry in rss.entries], name
        assert [item["title"] for item in feed["items"]] == [shown(entry.title_detail) for entry in rss.entries], name
        for item, entry in zip(feed["items"], rss.entries, strict=True):
            assert site.file_for(item["url"]), f"{name}: {item['url']} is not built"
            assert datetime.fromisoformat(item["date_published"]) == parsedate_to_datetime(entry.published), name
            if item["url"] in sources:  # the original article, as the generator wrote it
                assert item.get("external_url") == sources[item["url"]], (name, item["url"])
                originals += "external_url" in item
        texts = _strings(feed)
        assert not [c for c in CONTROL_SAMPLES for text in texts if c in text], name
    assert originals or not site.generated
