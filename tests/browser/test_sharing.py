"""Link previews and structured data, read from every built page of both sites as search engines and chat apps
read them: extruct extracts the JSON-LD and the OpenGraph tags; each object is checked for the properties
schema.org and Google's Article and Event documentation ask for, against what the page itself shows."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import extruct

from .conftest import Site

ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PNG = b"\x89PNG\r\n\x1a\n"


def extracted(site: Site, file: Path) -> tuple[list[dict], dict]:
    """The page's JSON-LD objects and its OpenGraph properties (repeated ones as lists), as extruct reads them."""
    data = extruct.extract(
        file.read_bytes(),
        base_url=site.absolute(file),
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
        with_og_array=True,
        errors="strict",
    )
    graphs = data["opengraph"]
    assert len(graphs) <= 1, f"{site.address(file)}: {len(graphs)} OpenGraph sets"
    return data["json-ld"], graphs[0] if graphs else {}


def pages(site: Site) -> list[Path]:
    return [file for file in site.pages() if file.name != "404.html"]


def of_type(objects: list[dict], kind: str) -> list[dict]:
    return [each for each in objects if each.get("@type") == kind]


def one(values: str | list[str]) -> str:
    assert isinstance(values, str), values
    return values


def built(site: Site, url: str) -> Path:
    """The built file behind an absolute URL of the site (the URL must be absolute, under its base URL)."""
    assert url.startswith(site.base_url), f"{url} is not under {site.base_url}"
    file = site.file_for(url.split("#")[0])
    assert file is not None, f"{url} leads to nothing built"
    return file


def heading(site: Site, file: Path) -> str:
    """The page's h1 as a reader reads it, without a Draft badge."""
    h1 = site.doc(file).cssselect("main h1")[0]
    text = h1.text_content()
    for badge in h1.cssselect(".badge"):
        text = text.replace(badge.text_content(), "")
    return text.strip()


def test_every_page_has_a_link_preview_with_absolute_addresses(site: Site) -> None:
    for file in pages(site):
        name = site.address(file)
        _, og = extracted(site, file)
        doc = site.doc(file)
        canonical = doc.cssselect("link[rel=canonical]")[0].get("href")
        assert one(og["og:url"]) == canonical == site.absolute(file), name
        assert one(og["og:title"]) and one(og["og:description"]), name
        assert one(og["og:site_name"]) == site.doc(site.folder / "index.html").findtext(".//title"), name
        assert one(og["@type"]) == ("article" if name.startswith("articles/") else "website"), name
        image = built(site, one(og["og:image"]))
        assert image.read_bytes()[:8] == PNG and (one(og["og:image:width"]), one(og["og:image:height"])) == (
            "1200",
            "630",
        ), name
        assert one(og["og:image:alt"]), name
        card = doc.cssselect('meta[name="twitter:card"]')
        assert [m.get("content") for m in card] == ["summary_large_image"], name


def test_the_preview_image_is_1200_by_630(site: Site) -> None:
    data = (site.folder / "assets" / "share.png").read_bytes()
    assert data[:8] == PNG
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1200, 630)


def test_an_article_preview_has_its_headline_and_publication_time(site: Site) -> None:
    for file in sorted((site.folder / "articles").glob("*/index.html")):
        _, og = extracted(site, file)
        shown = site.doc(file).cssselect(".sourcing time")[0].get("datetime")
        assert one(og["og:title"]) == heading(site, file)
        assert one(og["article:published_time"]) == shown and ISO_MOMENT.match(shown), site.address(file)


def test_the_404_page_is_no_page_s_canonical_and_previews_nothing(site: Site) -> None:
    file = site.folder / "404.html"
    objects, og = extracted(site, file)
    assert not site.doc(file).cssselect("link[rel=canonical]")
    assert "og:url" not in og and objects == []


def test_an_article_is_a_news_article_by_its_author_or_outlet(site: Site) -> None:
    authors_seen = set()
    for file in sorted((site.folder / "articles").glob("*/index.html")):
        name = site.address(file)
        objects, _ = extracted(site, file)
        (article,) = of_type(objects, "NewsArticle")
        doc = site.doc(file)
        assert article["@context"] == "https://schema.org"
        assert article["headline"] == heading(site, file), name
        shown = doc.cssselect(".sourcing time")[0].get("datetime")
        assert article["datePublished"] == article["dateModified"] == shown and ISO_MOMENT.match(shown), name
        assert article["url"] == article["mainEntityOfPage"]["@id"] == site.absolute(file), name
        for image in article["image"]:
            assert built(site, image["url"]).read_bytes()[:8] == PNG and image["width"] * image["height"] >= 50_000
        publisher = article["publisher"]
        assert publisher["@type"] == "Organization" and built(site, publisher["url"]) == site.folder / "index.html"
        assert built(site, publisher["logo"]["url"]).read_bytes()[:8] == PNG
        byline = doc.cssselect(".sourcing .author")
        outlet = doc.cssselect(".sourcing .source")
        if byline:
            names = [person["name"] for person in article["author"]]
            assert all(person["@type"] == "Person" for person in article["author"]), name
            rest = byline[0].text_content().removeprefix("By ")
            for each in names:  # every name of the byline, and nothing else but the words between them
                assert each in rest, name
                rest = rest.replace(each, "", 1)
            assert re.fullmatch(r"[\s,;&]*(and[\s,;&]*)*", rest), f"{name}: {rest!r}"
            authors_seen.add(len(names))
        elif outlet:
            (organization,) = article["author"]
            assert organization["@type"] == "Organization" and organization["name"] == outlet[0].text_content(), name
        else:  # nobody and no outlet known: the digest copied the text, it must not claim to have written it
            assert all(each["name"] != publisher["name"] for each in article.get("author", [])), name
        original = doc.cssselect(".sourcing a.source-link")
        if original:
            assert article["isBasedOn"] == article["citation"] == original[0].get("href"), name
        else:
            assert "isBasedOn" not in article and "citation" not in article, name
        linked = {built(site, person["url"]) for person in article.get("about", [])}
        assert linked == people_shown(site, file), name
        for thing in article.get("mentions", []):
            assert thing["@type"] in ("Thing", "Event") and thing["name"], name
            built(site, thing["url"])
    if site.generated:
        assert authors_seen == {1, 2, 3}  # bylines of one, two and three names, each its own Person


def people_shown(site: Site, file: Path) -> set[Path | None]:
    """The person pages the article's facts link to."""
    hrefs = [a.get("href") for a in site.doc(file).cssselect(".article-facts dd a")]
    people = site.base_path + "people/"
    return {site.file_for(site.base_url + href[len(site.base_path) :]) for href in hrefs if href.startswith(people)}


def test_a_meeting_is_an_event_with_its_dates_place_and_participants(site: Site) -> None:
    for file in sorted((site.folder / "meetings").glob("*/index.html")):
        name = site.address(file)
        objects, _ = extracted(site, file)
        (event,) = of_type(objects, "Event")
        assert event["name"] == heading(site, file), name
        assert event["url"] == site.absolute(file) and event["@id"] == site.absolute(file) + "#event", name
        assert ISO_DAY.match(event["startDate"]) and ISO_DAY.match(event["endDate"]), name
        assert date.fromisoformat(event["startDate"]) <= date.fromisoformat(event["endDate"]), name
        place, mode = event["location"], event["eventAttendanceMode"].rsplit("/", 1)[-1]
        assert event["eventStatus"] == "https://schema.org/EventScheduled", name  # nothing says cancelled or moved
        if place["@type"] == "VirtualLocation":  # a video call: no address, and none invented
            assert mode == "OnlineEventAttendanceMode" and place["name"] and "url" not in place, name
        else:
            assert place["@type"] == "Place" and place["name"] and place["address"], name
            assert mode == "OfflineEventAttendanceMode", name
        for person in event.get("attendee", []):
            assert person["@type"] == "Person" and built(site, person["url"]).parent.parent.name == "people", name
        for later in sorted(file.parent.glob("page/*/index.html")):  # one Event per meeting, on its first page
            assert of_type(extracted(site, later)[0], "Event") == []


def test_a_person_page_is_a_person(site: Site) -> None:
    for file in sorted((site.folder / "people").glob("*/index.html")):
        objects, _ = extracted(site, file)
        (person,) = of_type(objects, "Person")
        assert person["name"] == heading(site, file) and person["url"] == site.absolute(file)
        role = site.doc(file).cssselect("main .page-header .lede")
        assert person.get("jobTitle") == (role[0].text_content() if role else None)


def test_every_inner_page_has_breadcrumbs_down_to_itself(site: Site) -> None:
    for file in pages(site):
        name = site.address(file)
        objects, _ = extracted(site, file)
        crumbs = of_type(objects, "BreadcrumbList")
        if name == "":
            assert crumbs == [], "the home page is the top of every trail"
            continue
        (trail,) = crumbs
        items = trail["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(items) + 1)), name
        assert len(items) >= 2 and items[0]["item"] == site.base_url and items[-1]["item"] == site.absolute(file)
        for item in items:
            assert item["@type"] == "ListItem" and item["name"], name
            built(site, item["item"])


def test_the_home_page_is_the_website_and_says_how_to_search_it(site: Site) -> None:
    objects, _ = extracted(site, site.folder / "index.html")
    (website,) = of_type(objects, "WebSite")
    assert website["url"] == site.base_url and website["name"]
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == site.base_url + "search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def test_every_address_in_structured_data_is_absolute_and_built(site: Site) -> None:
    """Every URL of the site a JSON-LD object names leads to a built file; others are the originals' (and the home
    page of an outlet credited as author)."""
    for file in pages(site):
        objects, _ = extracted(site, file)
        for key, url in _urls(objects):
            if key in ("isBasedOn", "citation", "author"):
                assert url.startswith(("http://", "https://")) and not url.startswith(site.base_url)
            elif key != "urlTemplate":
                built(site, url)


def _urls(value, key: str = ""):
    if isinstance(value, dict):
        if key == "author":  # an outlet's home page, not the site's: named by the key it is under
            if "url" in value:
                yield "author", value["url"]
            return
        for name, inner in value.items():
            if name != "@context":
                yield from _urls(inner, name)
    elif isinstance(value, list):
        for inner in value:
            yield from _urls(inner, key)
    elif isinstance(value, str) and key in ("url", "@id", "item", "urlTemplate", "isBasedOn", "citation"):
        yield key, value


def test_dates_are_iso_8601(site: Site) -> None:
    for file in pages(site):
        objects, _ = extracted(site, file)
        for each in objects:
            for key in ("datePublished", "dateModified", "startDate", "endDate"):
                if key in each:
                    value = each[key]
                    assert ISO_MOMENT.match(value) or ISO_DAY.match(value), f"{site.address(file)}: {key} {value}"
                    datetime.fromisoformat(value)
