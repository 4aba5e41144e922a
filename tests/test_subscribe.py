"""What a subscriber gets: every list's feed in RSS, Atom and JSON Feed, the OPML list of them all, the subscribe page.

Read with real tools: feedparser for RSS and Atom, the published JSON Feed 1.1 schema (tests/schemas/) with
jsonschema for JSON Feed (feedparser 6, the newest on PyPI, does not read JSON Feed), listparser for the OPML. The
project is the real content/ and one article whose source names its outlet, address and author.
"""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import feedparser
import jsonschema
import listparser
import lxml.etree
import lxml.html
import pytest
import yaml
from conftest import REPO, description_problems, digest, make_project, snapshot

BASE = "https://uschina-digest.example.org/"
SOURCED = "2024-05-03-sourced"
ORIGINAL = "https://www.example-news.com/2024/05/03/story?id=7&from=home"
ARTICLE = f"""\
---
title: "Envoys meet in Geneva"
date: 2024-05-03
source: {{name: Example News, url: "{ORIGINAL}", author: Jane Morrow}}
themes: [trade-technology, taiwan]
---

Envoys of the two countries met in Geneva on Friday.
"""
FORMATS = ("feed.xml", "atom.xml", "feed.json")
SCHEMA = json.loads((REPO / "tests/schemas/jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("subscribe") / "project"
    root.mkdir()
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content", root / "content")
    (root / f"content/articles/{SOURCED}.md").write_text(ARTICLE, encoding="utf-8")
    run = digest("build", cwd=root)
    assert run.code == 0, run.err
    return root / "site"


def lists(site: Path) -> list[Path]:
    """The folder of every list that has feeds: the site's own, each theme's, meeting's and person's."""
    return sorted(feed.parent for feed in site.rglob("feed.xml"))


def offered_lists(site: Path) -> list[Path]:
    """The lists whose feeds the site offers: those with something in them."""
    return [folder for folder in lists(site) if feedparser.parse((folder / "feed.xml").read_bytes()).entries]


def built(site: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    url = url.partition("#")[0]
    path = site / url.removeprefix(BASE)
    return path / "index.html" if url.endswith("/") else path


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), path
    return struct.unpack(">II", data[16:24])


def shown(detail: feedparser.FeedParserDict) -> str:
    """A text construct as a reader shows it (an RSS title is HTML)."""
    if detail.type != "text/html" or not detail.value.strip():
        return detail.value
    return lxml.html.fragment_fromstring(detail.value, create_parent="div").text_content()


def test_every_list_has_its_feed_in_three_formats_and_each_json_feed_is_valid(site: Path) -> None:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    folders = lists(site)
    config = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    assert len(folders) == 1 + sum(len(config[group]) for group in ("themes", "meetings", "people"))
    for folder in folders:
        for name in FORMATS:
            assert (folder / name).is_file(), folder / name
        feed = json.loads((folder / "feed.json").read_bytes())
        assert not [error.message for error in validator.iter_errors(feed)], folder
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["feed_url"] == BASE + (folder / "feed.json").relative_to(site).as_posix()
        assert built(site, feed["home_page_url"]).is_file()
        for name in FORMATS[:2]:
            parsed = feedparser.parse((folder / name).read_bytes())
            assert parsed.bozo == 0, (folder / name, parsed.get("bozo_exception"))


def test_json_feed_items_are_the_rss_and_atom_items(site: Path) -> None:
    """Same articles in the same order, with the same titles, texts, dates and themes, in each format."""
    for folder in lists(site):
        rss = feedparser.parse((folder / "feed.xml").read_bytes())
        atom = feedparser.parse((folder / "atom.xml").read_bytes())
        feed = json.loads((folder / "feed.json").read_bytes())
        items, name = feed["items"], folder.relative_to(site).as_posix()
        assert feed["title"] == shown(rss.feed.title_detail) == atom.feed.title, name
        assert [item["url"] for item in items] == [e.link for e in rss.entries] == [e.link for e in atom.entries]
        for item, entry, atom_entry in zip(items, rss.entries, atom.entries, strict=True):
            assert item["id"] == entry.id == atom_entry.id
            assert item["title"] == shown(entry.title_detail) == atom_entry.title
            assert item["summary"] == shown(entry.summary_detail) == atom_entry.summary
            body = item["content_html"].strip()  # feedparser strips the body's last line end
            assert body == entry.content[0].value == atom_entry.content[0].value
            assert feedparser.datetimes._parse_date(item["date_published"]) == entry.published_parsed
            assert item.get("tags", []) == [tag.term for tag in entry.get("tags", [])]
            assert item.get("tags", []) == [tag.label for tag in atom_entry.get("tags", [])]  # Atom names its themes
            slugs = [tag.term for tag in atom_entry.get("tags", [])]
            assert all(built(site, f"{BASE}themes/{slug}/").is_file() for slug in slugs), slugs
    assert all(json.loads((folder / "feed.json").read_bytes())["items"] for folder in lists(site)[:8])  # site, themes


def entry_of(parsed: feedparser.FeedParserDict, slug: str) -> feedparser.FeedParserDict:
    (entry,) = [e for e in parsed.entries if e.link.endswith(f"/{slug}/")]
    return entry


def test_items_carry_their_outlet_author_and_original_article(site: Path) -> None:
    rss = entry_of(feedparser.parse((site / "feed.xml").read_bytes()), SOURCED)
    atom = entry_of(feedparser.parse((site / "atom.xml").read_bytes()), SOURCED)
    (item,) = [i for i in json.loads((site / "feed.json").read_bytes())["items"] if i["url"].endswith(f"/{SOURCED}/")]
    home = "https://www.example-news.com/"
    assert "source" not in rss and rss.publisher == "Example News"  # RSS <dc:publisher>
    assert atom.source.title == "Example News" and atom.source.link == home  # Atom <source>
    assert item["_digest"]["source"] == {"name": "Example News", "home_page_url": home}
    for entry in (rss, atom):
        assert entry.link == f"{BASE}articles/{SOURCED}/" and entry.author == "Jane Morrow"
        assert [link.href for link in entry.links if link.rel == "related"] == [ORIGINAL]
    assert item["external_url"] == ORIGINAL and item["authors"] == [{"name": "Jane Morrow"}]
    assert built(site, item["_digest"]["about"]).is_file()
    assert "json-feed-extension" in item["_digest"]["about"]
    # An outlet known by name only: every format names it.
    named = "2021-11-10-biden-xi-express-desire-for-us-china-cooperation"
    assert entry_of(feedparser.parse((site / "feed.xml").read_bytes()), named).publisher == "Community News"
    assert entry_of(feedparser.parse((site / "atom.xml").read_bytes()), named).source.title == "Community News"
    items = json.loads((site / "feed.json").read_bytes())["items"]
    (item,) = [i for i in items if i["url"].endswith(f"/{named}/")]
    assert item["_digest"]["source"] == {"name": "Community News"} and "external_url" not in item


def test_every_feed_has_an_icon_and_a_logo(site: Path) -> None:
    for folder in lists(site):
        rss = feedparser.parse((folder / "feed.xml").read_bytes()).feed
        atom = feedparser.parse((folder / "atom.xml").read_bytes()).feed
        feed = json.loads((folder / "feed.json").read_bytes())
        assert png_size(built(site, rss.image.href)) == (rss.image.width, rss.image.height)
        assert rss.image.width <= 144 and rss.image.height <= 400  # RSS 2.0's limits
        assert rss.image.title == rss.title and rss.image.link == rss.link  # as RSS 2.0 asks
        width, height = png_size(built(site, atom.logo))
        assert width == 2 * height  # Atom: a logo twice as wide as tall
        width, height = png_size(built(site, atom.icon))
        assert width == height and feed["icon"] == atom.icon and width >= 512  # JSON Feed: square, large
        width, height = png_size(built(site, feed["favicon"]))
        assert width == height >= 64


def test_the_opml_names_every_feed_once_by_its_title_and_the_calendar(site: Path) -> None:
    opml = listparser.parse((site / "feeds.opml").read_bytes())
    assert not opml.bozo, opml.get("bozo_exception")
    rss = {BASE + (folder / "feed.xml").relative_to(site).as_posix() for folder in offered_lists(site)}
    assert [feed.url for feed in opml.feeds if feed.url in rss] == [feed.url for feed in opml.feeds]
    assert {feed.url for feed in opml.feeds} == rss and len(opml.feeds) == len(rss)
    groups = set()
    for feed in opml.feeds:
        parsed = feedparser.parse(built(site, feed.url).read_bytes())
        assert parsed.bozo == 0 and shown(parsed.feed.title_detail) == feed.title, feed.url
        groups.add(feed.categories[0][0])
    assert groups == {"The whole digest", "Themes", "Meetings", "People"}
    (calendar,) = opml.lists  # an iCalendar is no feed: an OPML link, which listparser lists apart
    assert calendar.url == f"{BASE}meetings.ics" and built(site, calendar.url).read_bytes().startswith(b"BEGIN:VCAL")


def test_a_person_never_quoted_is_offered_no_feed(site: Path) -> None:
    """Jon Finer is named in an article but never quoted: his feed is built, valid and empty, as an empty theme's
    is, but nothing offers it (his page, /subscribe/, the OPML), and his page does not describe itself as what he
    said."""
    for name in FORMATS:
        data = (site / "people/jon-finer" / name).read_bytes()
        if name.endswith(".json"):
            assert json.loads(data)["items"] == []
        else:
            parsed = feedparser.parse(data)
            assert parsed.bozo == 0 and parsed.entries == [], name
    finer = lxml.html.fromstring((site / "people/jon-finer/index.html").read_bytes())
    assert not finer.cssselect('link[rel="alternate"][href^="/people/"]')
    assert "in a feed reader" not in finer.find(".//main").text_content()
    assert "or just" not in finer.find(".//footer").text_content()  # "…or just this page"
    description = finer.cssselect('meta[name="description"]')[0].get("content")
    assert description == "Jon Finer, not quoted in US–China Digest yet: the article naming them."  # not "the 1"
    assert finer.cssselect("main h2")[0].text_content() == "Not quoted yet; named in 1 article"  # no order of one
    subscribe = (site / "subscribe/index.html").read_text(encoding="utf-8")
    assert "Jon Finer" not in subscribe and "people/jon-finer" not in subscribe
    assert b"jon-finer" not in (site / "feeds.opml").read_bytes()
    wang = lxml.html.fromstring((site / "people/wang-yi/index.html").read_bytes())  # quoted: his feed, offered
    assert (site / "people/wang-yi/feed.xml").is_file() and "Wang Yi" in subscribe
    assert "Follow the articles quoting Wang Yi in a feed reader" in wang.find(".//main").text_content()


def test_a_person_quoted_only_in_passing_is_offered_the_articles_quoting_them(site: Path) -> None:
    """Antony Blinken is quoted only in a phrase of a reporter's sentence: his page shows no statement. His feed
    holds the article quoting him, noted by its summary (no fragment on its own), and every place offering it says
    it is the articles quoting him, not his statements; his page does not describe itself as what he said."""
    feed = feedparser.parse((site / "people/antony-blinken/feed.xml").read_bytes())
    assert feed.bozo == 0 and len(feed.entries) == 1
    assert "said" not in feed.feed.description and "quoting Antony Blinken" in feed.feed.description
    blinken = lxml.html.fromstring((site / "people/antony-blinken/index.html").read_bytes())
    assert not blinken.cssselect("figure.quote")
    (follow,) = blinken.cssselect("main .feed-link")
    assert follow.text_content() == "Follow the articles quoting Antony Blinken in a feed reader"
    assert follow.get("href") == "/subscribe/#people-antony-blinken"
    description = blinken.cssselect('meta[name="description"]')[0].get("content")
    assert "said" not in description and "only in passing" in description
    subscribe = lxml.html.fromstring((site / "subscribe/index.html").read_bytes())
    (people,) = subscribe.cssselect('section[aria-labelledby="people"]')
    assert "the articles quoting them" in people.cssselect("p")[0].text_content()
    assert "only in passing" in people.cssselect("p")[0].text_content()
    assert people.cssselect("#people-antony-blinken .feed-name")[0].text_content() == "Antony Blinken"
    index = lxml.html.fromstring((site / "people/index.html").read_bytes())
    assert "its feed" in index.cssselect("#in-passing + p")[0].text_content()


def test_the_subscribe_page_lists_every_feed_in_its_three_formats(site: Path) -> None:
    page = lxml.html.fromstring((site / "subscribe/index.html").read_bytes())
    text = page.text_content()
    assert "feed reader" in text and "paste the address" in text  # what a feed is and how to use one
    hrefs = {a.get("href") for a in page.cssselect("main a")}
    assert {"/feeds.opml", "/meetings.ics"} <= hrefs
    rows = page.cssselect("ul.feeds > li")
    listing = offered_lists(site)
    assert len(rows) == len(listing)  # every feed with something in it; the empty ones are not offered
    for folder in listing:
        path = folder.relative_to(site).as_posix()
        (row,) = page.cssselect(f"li#{path.replace('/', '-') if path != '.' else 'digest'}")
        prefix = "/" if path == "." else f"/{path}/"
        assert [a.get("href") for a in row.cssselect(".formats a")] == [prefix + name for name in FORMATS]
        assert [a.get("type") for a in row.cssselect(".formats a")] == [
            "application/rss+xml", "application/atom+xml", "application/feed+json",
        ]  # fmt: skip
        assert row.cssselect(".feed-name")[0].get("href") == prefix.replace("/./", "/")


def test_every_follow_link_leads_to_the_subscribe_page_entry_and_every_page_links_its_json_feed(site: Path) -> None:
    subscribe = lxml.html.fromstring((site / "subscribe/index.html").read_bytes())
    ids = {element.get("id") for element in subscribe.iter() if element.get("id")}
    followed = 0
    for path in site.rglob("*.html"):
        doc = lxml.html.fromstring(path.read_bytes())
        alternates = {link.get("href"): link.get("type") for link in doc.cssselect("head link[rel=alternate]")}
        assert alternates.get("/feed.json") == "application/feed+json", path
        for link in doc.cssselect("a.feed-link, .site-footer a"):
            target = link.get("href")
            if target == "/meetings.ics":  # the meetings page's calendar: a calendar app takes it as it is
                continue
            assert target.startswith("/subscribe/"), (path, target)
            anchor = target.partition("#")[2]
            assert not anchor or anchor in ids, (path, target)
            followed += bool(anchor)
        own = [href for href in alternates if href.endswith("/feed.xml") and href != "/feed.xml"]
        for href in own:  # a theme's, meeting's or person's page links its own feed in each format
            assert {href.replace("feed.xml", name) for name in FORMATS} <= set(alternates), path
    assert followed > 30


def test_an_empty_theme_or_meetings_feed_is_built_valid_but_not_offered(tmp_path: Path) -> None:
    """A theme or meeting with no published article is offered no feed (its page's link and `<link rel=alternate>`,
    /subscribe/, the OPML), yet its feed is built, valid and empty: a subscriber from when it had articles keeps a
    working address. Once it has one, it is offered everywhere, as a clean build offers it."""
    project = make_project(tmp_path / "project")  # one article: partnership and Taiwan, Blinken's visit
    assert digest("build", cwd=project).code == 0
    site = project / "site"
    empty = ["themes/russia", "themes/military", "meetings/ncuscr-gala-2021", "meetings/woodside-summit-2023"]
    for folder in [*empty, "themes/taiwan", "meetings/blinken-beijing-2024"]:
        for name in ("feed.xml", "atom.xml"):
            parsed = feedparser.parse((site / folder / name).read_bytes())
            assert parsed.bozo == 0, (folder, name, parsed.get("bozo_exception"))
            assert len(parsed.entries) == (0 if folder in empty else 1), (folder, name)
        jsonschema.validate(json.loads((site / folder / "feed.json").read_bytes()), SCHEMA)
    assert offered(site, "themes/russia") == offered(site, "meetings/ncuscr-gala-2021") == set()
    assert offered(site, "themes/taiwan") == offered(site, "meetings/blinken-beijing-2024") == {
        "page", "alternate", "subscribe", "opml",
    }  # fmt: skip
    opml = listparser.parse((site / "feeds.opml").read_bytes())
    for feed in opml.feeds:  # every feed it lists exists, and has something in it
        assert feedparser.parse(built(site, feed.url).read_bytes()).entries, feed.url

    russian = ARTICLE.replace("trade-technology, taiwan", "russia").replace("Geneva", "Moscow")
    (project / f"content/articles/{SOURCED}.md").write_text(russian, encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    assert offered(site, "themes/russia") == {"page", "alternate", "subscribe", "opml"}
    assert offered(site, "meetings/ncuscr-gala-2021") == set()
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-cache"))
    assert digest("build", cwd=clean).code == 0
    assert snapshot(site) == snapshot(clean / "site")


def test_a_person_no_longer_quoted_keeps_a_valid_empty_feed_no_longer_offered(tmp_path: Path) -> None:
    """The only article quoting Xi Jinping is deleted: his feed's address still answers, with no items, as it would
    for a theme left empty, and nothing offers it any more; the site is what a clean build makes."""
    project = make_project(tmp_path / "project")  # one article, quoting Xi Jinping
    assert digest("build", cwd=project).code == 0
    site = project / "site"
    assert offered(site, "people/xi-jinping") == {"page", "alternate", "subscribe", "opml"}
    for article in (project / "content/articles").glob("*.md"):
        article.unlink()
    assert digest("build", cwd=project).code == 0
    assert offered(site, "people/xi-jinping") == set()
    subscribe = lxml.html.fromstring((site / "subscribe/index.html").read_bytes())  # no heading over nothing
    assert [h.text_content() for h in subscribe.cssselect(".feed-group h2")] == ["The whole digest"]
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((site / "people/xi-jinping" / name).read_bytes())
        assert parsed.bozo == 0 and parsed.entries == [], name
    jsonschema.validate(json.loads((site / "people/xi-jinping/feed.json").read_bytes()), SCHEMA)
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-cache"))
    assert digest("build", cwd=clean).code == 0
    assert snapshot(site) == snapshot(clean / "site")


def offered(site: Path, folder: str) -> set[str]:
    """Where a list's feed is offered: its page's follow link, its page's `<link rel=alternate>`, /subscribe/, the
    OPML."""
    doc = lxml.html.fromstring((site / folder / "index.html").read_bytes())
    subscribe = lxml.html.fromstring((site / "subscribe/index.html").read_bytes())
    feed = f"/{folder}/feed.xml"
    where = {
        "page": bool(doc.cssselect("main a.feed-link")),
        "alternate": feed in {link.get("href") for link in doc.cssselect("head link[rel=alternate]")},
        "subscribe": feed in {a.get("href") for a in subscribe.cssselect("ul.feeds a")},
        "opml": BASE + feed[1:] in {f.url for f in listparser.parse((site / "feeds.opml").read_bytes()).feeds},
    }
    return {name for name, there in where.items() if there}


def test_a_feed_reader_given_a_page_finds_that_pages_own_feed_first(site: Path) -> None:
    """Many feed readers, given a page's address, subscribe to the first feed its head names: on a theme's,
    meeting's or person's page (any of its numbered pages) that is the page's own RSS feed, not the whole
    digest's (when its feed is offered: it has items). Every feed is named with its format, the page's as the site's
    are."""
    checked, offered = 0, offered_lists(site)
    for path in sorted(site.rglob("index.html")):
        doc = lxml.html.fromstring(path.read_bytes())
        links = doc.cssselect("head link[rel=alternate]")
        titles = [link.get("title") for link in links]
        assert len(set(titles)) == len(titles) and all(t.endswith(("(RSS)", "(Atom)", "(JSON Feed)")) for t in titles)
        parts = path.relative_to(site).parts
        if parts[0] in ("themes", "meetings", "people") and len(parts) > 2 and site / parts[0] / parts[1] in offered:
            assert links[0].get("href") == f"/{parts[0]}/{parts[1]}/feed.xml", path
            checked += 1
        else:
            assert links[0].get("href") == "/feed.xml", path
    assert checked > 10


def test_an_item_is_credited_to_its_outlet_never_to_the_digests_editors(site: Path) -> None:
    """A reader shows a feed's own author on every item that names none: the digest's editors would be shown as
    the authors of what they copied. An item without a byline is credited to its outlet, in every format, and the
    JSON Feed names no author of its own, so an item whose outlet is unknown is credited to nobody."""
    named = "2021-11-10-biden-xi-express-desire-for-us-china-cooperation"  # "Community News", no byline
    for name in FORMATS[:2]:
        assert entry_of(feedparser.parse((site / name).read_bytes()), named).author == "Community News", name
    feed = json.loads((site / "feed.json").read_bytes())
    assert "authors" not in feed
    by_slug = {item["url"].rstrip("/").rsplit("/", 1)[1]: item for item in feed["items"]}
    assert by_slug[named]["authors"] == [{"name": "Community News"}]
    unknown = [item for item in feed["items"] if "_digest" not in item]  # neither byline nor outlet
    assert unknown and not [item for item in unknown if "authors" in item]
    assert not [
        e
        for e in feedparser.parse((site / "feed.xml").read_bytes()).entries
        if e.link == unknown[0]["url"] and "author" in e
    ]


def test_an_outlet_credited_is_given_with_its_home_page() -> None:
    from digest.feeds import credited
    from digest.model import Source

    original = "https://www.reuters.com/world/1"
    assert credited(Source(name="Reuters", url=original)) == ("Reuters", "https://www.reuters.com/")
    assert credited(Source(name="Reuters", url=original, author="Jane Morrow")) == ("Jane Morrow", "")
    assert credited(Source(origin="x.txt")) == ("", "")


def effective_author(feed: feedparser.FeedParserDict, entry: feedparser.FeedParserDict) -> str:
    """Who an Atom reader credits an entry to (RFC 4287 4.2.1): its own author, else its source's, else the feed's."""
    for holder in (entry, entry.get("source", {}), feed.feed):
        if holder.get("author"):
            return holder["author"]
    return ""


def test_no_atom_entry_is_credited_to_the_digests_editors(site: Path) -> None:
    """Atom wants an author for every entry, and gives one naming none the feed's own. The feed's author is the
    digest itself, by its name, as the publisher that made the feed (as its JSON-LD names it): never its editors,
    who would be shown as writing every item whose byline and outlet are unknown. Each entry with a byline or an
    outlet names it."""
    config = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))["site"]
    known = {"2021-11-10-biden-xi-express-desire-for-us-china-cooperation": "Community News", SOURCED: "Jane Morrow"}
    checked = 0
    for folder in lists(site):
        parsed = feedparser.parse((folder / "atom.xml").read_bytes())
        assert parsed.bozo == 0, (folder, parsed.get("bozo_exception"))
        assert parsed.feed.author == config["title"]  # Atom requires an author, of every entry or of the feed
        for entry in parsed.entries:
            slug = entry.link.rstrip("/").rsplit("/", 1)[1]
            assert effective_author(parsed, entry) == known.get(slug, config["title"]), (folder, slug)
            assert config["author"] not in (folder / "atom.xml").read_text(encoding="utf-8")
            checked += 1
    assert checked > 20


def test_no_rss_item_names_a_source_feed_it_does_not_know(site: Path) -> None:
    """RSS 2.0's `<source url>` is the address of the RSS feed an item came from, which a reader may subscribe to
    or open; the digest knows only the outlet's home page, so no item has one (feedparser: no `source`). Each item
    whose outlet is known names it in `<dc:publisher>` instead, by name (else by its address's host)."""
    named = 0
    for folder in lists(site):
        parsed = feedparser.parse((folder / "feed.xml").read_bytes())
        assert parsed.bozo == 0 and not [e for e in parsed.entries if "source" in e], folder
        assert lxml.etree.parse(str(folder / "feed.xml")).find(".//item/source") is None
        for entry in parsed.entries:
            if entry.link.endswith(f"/{SOURCED}/"):
                assert entry.publisher == "Example News" and entry.author == "Jane Morrow"
                named += 1
    assert named >= 3  # the site's, its two themes'


def test_every_page_description_fits_a_link_preview(site: Path) -> None:
    """Every page's description, however long its text, is at most 200 characters, cut at a word's end."""
    assert description_problems(site) == []
