"""Scraped text in link previews, structured data and the News sitemap stays text (issue 20).

A headline holding `</script>` or `<!--` must not end the JSON-LD script or hide the rest of the page in a
comment; a quote in a title must not end a meta tag's attribute. Each page is read back the way browsers and
crawlers read it (lxml's HTML parser, json.loads, extruct, an XML parser) and must give the same text back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import extruct
import feedparser
import lxml.html
import pytest
from conftest import DESCRIPTION_LIMIT, description_problems, make_project
from lxml import etree

from digest.render import page_description

TITLE = "</script><script>alert(1)</script><!-- \"Xi\" & 'Biden' <b>talk</b> ]]> -->"
SUMMARY = '"><img src=x onerror=alert(2)></script><!--'
AUTHOR = "Jane </script><script>alert(3)</script> Morrow"
OUTLET = "Wire <!-- & -->"
ROLE = "Minister </script><svg onload=alert(4)>"
PLACE = "Beijing </script><!--"
SLUG = "2024-05-01-hostile"
PAGE = f"articles/{SLUG}/index.html"


def article() -> str:
    return (
        f"---\ntitle: {json.dumps(TITLE)}\ndate: 2024-05-01\n"
        f'source: {{name: {json.dumps(OUTLET)}, author: {json.dumps(AUTHOR)}, url: "https://example.com/a?b=1&c=2"}}\n'
        f"themes: [taiwan]\nmeetings: [blinken-beijing-2024]\npeople: [wang-yi]\nsummary: {json.dumps(SUMMARY)}\n"
        "---\n\nThe text.\n"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile") / "project", with_article=False)
    config = (project / "config.yaml").read_text(encoding="utf-8")
    config = config.replace('place: "Beijing"', f"place: {json.dumps(PLACE)}", 1)
    assert 'role: "Foreign Minister of China"' in config
    config = config.replace('role: "Foreign Minister of China"', f"role: {json.dumps(ROLE)}", 1)
    (project / "config.yaml").write_text(config, encoding="utf-8")
    (project / "content" / "articles" / f"{SLUG}.md").write_text(article(), encoding="utf-8")
    epoch = str(int(datetime.fromisoformat("2024-05-02T00:00:00+00:00").timestamp()))
    run = subprocess.run(
        [sys.executable, "-m", "digest", "build", "-q"], cwd=project, capture_output=True, text=True, timeout=120,
        env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return project / "site"


def scripts(file: Path) -> list[lxml.html.HtmlElement]:
    return lxml.html.fromstring(file.read_bytes()).iter("script")


@pytest.mark.parametrize("page", [PAGE, "meetings/blinken-beijing-2024/index.html", "people/wang-yi/index.html"])
def test_no_scraped_text_ends_the_structured_data_or_starts_a_script(site: Path, page: str) -> None:
    found = list(scripts(site / page))
    assert found and all(script.get("type") == "application/ld+json" for script in found)
    for script in found:
        assert "<" not in script.text and ">" not in script.text  # nothing a parser could read as markup
        json.loads(script.text)
    doc = lxml.html.fromstring((site / page).read_bytes())
    assert not [el for el in doc.iter() if isinstance(el.tag, str) and any(a.startswith("on") for a in el.attrib)]
    assert doc.cssselect("main h1")  # nothing swallowed the page into a comment


def test_the_article_s_structured_data_gives_the_scraped_text_back_exactly(site: Path) -> None:
    data = extruct.extract((site / PAGE).read_bytes(), syntaxes=["json-ld", "opengraph"], uniform=True, errors="strict")
    (news,) = [each for each in data["json-ld"] if each["@type"] == "NewsArticle"]
    assert news["headline"] == TITLE and news["description"] == SUMMARY
    assert [person["name"] for person in news["author"]] == ["Jane </script><script>alert(3)</script> Morrow"]
    assert news["isBasedOn"] == "https://example.com/a?b=1&c=2"
    (og,) = data["opengraph"]
    assert og["og:title"] == TITLE and og["og:description"] == SUMMARY


def test_the_meeting_and_person_structured_data_give_the_config_s_text_back(site: Path) -> None:
    for page, kind, key, expected in [
        ("meetings/blinken-beijing-2024/index.html", "Event", "location", PLACE),
        ("people/wang-yi/index.html", "Person", "jobTitle", ROLE),
    ]:
        objects = extruct.extract((site / page).read_bytes(), syntaxes=["json-ld"], errors="strict")["json-ld"]
        (thing,) = [each for each in objects if each["@type"] == kind]
        value = thing[key]["address"] if key == "location" else thing[key]
        assert value == expected


def test_the_news_sitemap_carries_the_title_as_text(site: Path) -> None:
    tree = etree.parse(str(site / "news-sitemap.xml"))
    titles = [el.text for el in tree.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")]
    assert titles == [TITLE]


def test_the_rss_item_names_the_outlet_as_text(site: Path) -> None:
    """RSS names the outlet in `<dc:publisher>`, as text, as it names the byline in `<dc:creator>`: a reader shows
    the name as written (feedparser: `publisher`); no `<source>`, whose address would have to be the outlet's feed."""
    (item,) = etree.parse(str(site / "feed.xml")).iter("item")
    assert item.findall("source") == []
    assert item.findtext("{http://purl.org/dc/elements/1.1/}publisher") == OUTLET
    (entry,) = feedparser.parse((site / "feed.xml").read_bytes()).entries
    assert entry.publisher == OUTLET and entry.author == AUTHOR


def test_every_page_description_fits_a_link_preview(site: Path) -> None:
    """Every page's description, however long its text, is at most 200 characters, cut at a word's end."""
    assert description_problems(site) == []


@pytest.mark.parametrize(
    "word",
    ["👍🏽", "👨\u200d👩\u200d👧", "❤\ufe0f", "🇺🇸", "कि"],
    ids=["skin tone", "joined emoji", "variation selector", "flag", "vowel sign"],
)
def test_a_description_is_never_cut_inside_what_a_reader_sees_as_one_character(word: str) -> None:
    """A word longer than a description is cut. The cut fell between an emoji and its skin tone, after a zero-width
    joiner, between an emoji and its variation selector, between a flag's two letters or before a Hindi vowel sign
    (all of combining class 0), and left another emoji, half a flag, another syllable."""
    head = "y" * (DESCRIPTION_LIMIT - 2)  # the word starts where the last character that fits stands
    assert str(page_description(head + word + "more")) == head + "…"
