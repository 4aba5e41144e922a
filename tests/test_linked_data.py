"""The pieces of structured data that the built test sites cannot show: a site with search turned off, bylines
of several authors, the trail of each kind of page, and the escaping of every character a script could end on."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import extruct
import lxml.html
import pytest
import yaml
from conftest import REPO, digest, make_project

from digest.config import load_config
from digest.linked_data import Things, byline_names, script, trail

SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def config():
    return load_config(REPO / "config.yaml")


def test_search_is_offered_unless_the_site_turns_it_off(config) -> None:
    base = config.site.base_url
    on = Things(config, base.__add__).website()
    assert on["potentialAction"]["target"]["urlTemplate"] == f"{base}search/?q={{search_term_string}}"
    off = replace(config, site=replace(config.site, search=False))
    assert "potentialAction" not in Things(off, base.__add__).website()


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Jane Morrow", ["Jane Morrow"]),
        ("Li Wei and Sam O'Neil", ["Li Wei", "Sam O'Neil"]),
        ("Ana Souza, Kenji Ito & Ruth Bader", ["Ana Souza", "Kenji Ito", "Ruth Bader"]),
        ("Alexander Sandberg", ["Alexander Sandberg"]),  # "and" inside a name is not a separator
    ],
)
def test_each_author_of_a_byline_is_a_person(byline: str, names: list[str]) -> None:
    assert byline_names(byline) == names


def test_trails_lead_from_home_through_the_section_to_the_page(config) -> None:
    site = config.site.title
    assert trail(config, "") == [(site, "")]
    assert trail(config, "page/3/") == [(site, ""), ("Page 3", "page/3/")]
    assert trail(config, "themes/taiwan/page/2/") == [
        (site, ""), ("Themes", "themes/"), ("Taiwan", "themes/taiwan/"), ("Page 2", "themes/taiwan/page/2/"),
    ]  # fmt: skip
    assert trail(config, "archive/2024/04/") == [
        (site, ""), ("Archive", "archive/"), ("2024", "archive/2024/"), ("April 2024", "archive/2024/04/"),
    ]  # fmt: skip
    assert trail(config, "people/wang-yi/")[-1] == ("Wang Yi", "people/wang-yi/")
    assert trail(config, "meetings/")[-1] == ("Meetings", "meetings/")


@pytest.mark.parametrize("text", ["</script>", "</SCRIPT >", "<!--", "-->", "<script>", "]]>", "&lt;", "\u2028"])
def test_no_text_can_end_or_comment_out_the_script(text: str) -> None:
    written = script({"headline": f"a {text} b"})
    (element,) = lxml.html.fragment_fromstring(f"<div>{written}<p>after</p></div>").iter("script")
    assert not set("<>&") & set(element.text)
    assert json.loads(element.text) == {"headline": f"a {text} b"}
    assert element.getnext().text == "after"


def test_the_digest_never_claims_to_have_written_what_it_copied(config) -> None:
    """No byline: the outlet is the author, by its name or its address's host; with neither, no author at all,
    rather than the digest itself (search engines would credit it with another outlet's text)."""
    from digest.load import load_articles
    from digest.model import Source

    article = load_articles(config)[0][0]
    things = Things(config, config.site.base_url.__add__)
    site = things.publisher()["name"]

    def authors(source: Source) -> list | None:
        return things.news_article(replace(article, source=source)).get("author")

    assert authors(Source(origin="000_wire.txt")) is None
    assert authors(Source(url="https://www.scmp.com/news/china/article/1")) == [
        {"@type": "Organization", "name": "scmp.com", "url": "https://www.scmp.com/"}
    ]
    assert authors(Source(name="Reuters")) == [{"@type": "Organization", "name": "Reuters"}]
    assert authors(Source(name="Reuters", author="Jane Morrow")) == [{"@type": "Person", "name": "Jane Morrow"}]
    assert all(site not in json.dumps(authors(Source(**each)) or []) for each in ({}, {"origin": "x.txt"}))


def test_an_outlet_credited_as_author_links_its_home_page(config) -> None:
    """Google asks for each author's name and address: an outlet credited as author, when the article's address
    is known, gets its home page; a byline's people get none (nothing says where they are on the web)."""
    from digest.load import load_articles
    from digest.model import Source

    article = load_articles(config)[0][0]
    things = Things(config, config.site.base_url.__add__)
    original = "https://www.reuters.com/world/china/story-2024-04-26/"
    credited = things.news_article(replace(article, source=Source(name="Reuters", url=original)))["author"]
    assert credited == [{"@type": "Organization", "name": "Reuters", "url": "https://www.reuters.com/"}]
    bylined = things.news_article(replace(article, source=Source(name="Reuters", url=original, author="Jane Morrow")))
    assert bylined["author"] == [{"@type": "Person", "name": "Jane Morrow"}]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's content, built."""
    out = tmp_path_factory.mktemp("linked-data") / "site"
    run = digest("build", "--out", out, cwd=REPO)
    assert run.code == 0, run.err
    return out


def event_of(site: Path, slug: str) -> dict:
    page = (site / "meetings" / slug / "index.html").read_bytes()
    (event,) = [each for each in extruct.extract(page, syntaxes=["json-ld"], errors="strict")["json-ld"]
                if each["@type"] == "Event"]  # fmt: skip
    return event


def test_a_video_call_is_an_online_event_at_a_virtual_location_with_no_invented_address(site: Path) -> None:
    """Google and schema.org read a Place as somewhere to go: the first Biden–Xi summit (place "Video call") is an
    online event at a VirtualLocation, which has no address since the config gives none; every other meeting is
    held at its place, offline. No meeting is known to have been cancelled or moved: each is as scheduled."""
    call = event_of(site, "biden-xi-virtual-summit-2021")
    assert call["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert call["location"] == {"@type": "VirtualLocation", "name": "Video call"}
    config = load_config(REPO / "config.yaml")
    for slug, meeting in config.meetings.items():
        event = event_of(site, slug)
        assert event["eventStatus"] == SCHEMA + "EventScheduled", slug
        if slug != "biden-xi-virtual-summit-2021":
            assert event["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode", slug
            assert event["location"] == {"@type": "Place", "name": meeting.place, "address": meeting.place}, slug


WATCH = "https://www.example.org/live?v=1&t=2"


def test_a_meeting_that_can_be_watched_gives_the_address_as_where_to_be(tmp_path: Path) -> None:
    """Google requires an online event's VirtualLocation to have a `url`, where one can join: a video call given
    `watch` has it there, and its page links it; a meeting held somewhere that can be watched too is a mixed event,
    at its place and online. Its page links it under "Watch"; a meeting without `watch` is as it was."""
    project = make_project(tmp_path / "project")
    config = yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))
    for slug in ("biden-xi-virtual-summit-2021", "blinken-beijing-2024"):
        config["meetings"][slug]["watch"] = WATCH
    (project / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    run = digest("build", cwd=project)
    assert run.code == 0, run.err
    site = project / "site"
    call = event_of(site, "biden-xi-virtual-summit-2021")
    assert call["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert call["location"] == {"@type": "VirtualLocation", "name": "Video call", "url": WATCH}
    visit = event_of(site, "blinken-beijing-2024")
    assert visit["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    assert visit["location"] == [
        {"@type": "Place", "name": "Beijing", "address": "Beijing"}, {"@type": "VirtualLocation", "url": WATCH},
    ]  # fmt: skip
    page = lxml.html.fromstring((site / "meetings/biden-xi-virtual-summit-2021/index.html").read_bytes())
    (link,) = page.cssselect(".facts a.watch-link")
    assert link.get("href") == WATCH and link.text_content() == "Broadcast or recording"
    assert event_of(site, "woodside-summit-2023")["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"


@pytest.mark.parametrize(
    ("place", "online"),
    [
        ("Video call", True),
        ("By videoconference", True),
        ("Virtual summit", True),
        ("Phone call", True),
        ("Online", True),
        ("Video call (Washington and Beijing)", True),
        ("Beijing", False),
        ("New York (video message)", False),  # a gala in New York that was shown a recorded message
        ("Filoli estate, Woodside, California (near San Francisco)", False),
    ],
)
def test_a_meeting_is_held_online_when_its_place_names_a_remote_medium(place: str, online: bool) -> None:
    from digest.linked_data import held_online

    assert held_online(place) is online
