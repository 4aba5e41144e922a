"""Who said what, at which meeting, and who else reported it: the pages issue 6 promises readers."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import feedparser
import lxml.html
import pytest
import yaml
from conftest import REPO, digest, snapshot

from digest.group import said_on
from digest.model import Meeting

BASE = "https://uschina-digest.example.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("who") / "site"
    run = digest("build", "--out", out, cwd=REPO)
    assert run.code == 0, run.err
    return out


def page(site: Path, address: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / address / "index.html").read_bytes())


def quotes(doc: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """(quotation, caption) pairs as shown: quotations under one caption share it."""
    return [
        (quote.text_content().strip(), " ".join(f.cssselect("figcaption")[0].text_content().split()))
        for f in doc.cssselect("figure.quote")
        for quote in f.cssselect("blockquote")
    ]


def occasions(doc: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(h.text_content().split()) for h in doc.cssselect(".occasion h3")]


def test_xi_jinpings_page_runs_newest_first_by_the_day_he_spoke(site: Path) -> None:
    doc = page(site, "people/xi-jinping")
    shown = occasions(doc)
    # the 2024 gala's message, read on 15 October, was reported on the 16th; the 2021 gala's letter on the 10th
    assert shown[0] == "15 October 2024 · NCUSCR annual gala 2024"
    assert shown[-1] == "9 November 2021 · NCUSCR annual gala 2021"
    assert len(shown) == len(set(shown))  # each day and meeting once, its quotations under it
    assert doc.cssselect("header .lede")[0].text_content() == "President of the People's Republic of China"
    assert "Also called" not in doc.text_content()


def test_a_persons_page_shows_each_statement_once_and_no_fragment(site: Path) -> None:
    said = [q for q, _ in quotes(page(site, "people/xi-jinping"))]
    assert "partners, not rivals" not in said and "number of issues" not in said  # in the article's text only
    assert said.count("The two countries should be partners, not rivals.") == 1
    letter = [(q, c) for q, c in quotes(page(site, "people/xi-jinping")) if "Cooperation is the only right choice" in q]
    assert len(letter) == 1  # two translations of the 2021 letter: one statement, the fuller one, with both reports
    assert letter[0][0].startswith("Right now, China-U.S. relations")
    assert letter[0][1].startswith("Reported in ") and "Biden, Xi express desire" in letter[0][1]
    assert "Xi Jinping Urges US To Cooperate" in letter[0][1]
    wang = [q for q, _ in quotes(page(site, "people/wang-yi"))]
    assert "downward spiral" not in wang and any(q.endswith("sincerity and ability.") for q in wang)


def test_the_2021_gala_leads_with_each_participants_fullest_statements(site: Path) -> None:
    doc = page(site, "meetings/ncuscr-gala-2021")
    said = doc.cssselect(".said")[0]
    speakers = [h.text_content() for h in said.cssselect("h3")]
    assert speakers == ["Xi Jinping", "Joe Biden", "Qin Gang"]  # those taking part only
    biden = said.cssselect("h3")[1].getnext()
    assert "From tackling the Covid-19 pandemic" in biden.text_content()
    qin = [quote.text_content() for quote in said.cssselect("h3")[2].getnext().cssselect("blockquote")]
    assert qin[0].startswith("Some people say") and qin[1].startswith("In recent years")  # fullest first
    assert "very difficult and challenging time" not in said.text_content()  # a fragment
    items = doc.cssselect("main .items > li")
    assert len(items) == 1  # one story…
    assert "Also reported by" in items[0].text_content()  # …reported twice
    assert "Community News" in items[0].cssselect(".also")[0].text_content()


def test_a_quotation_by_someone_not_taking_part_is_not_said_at_the_meeting(site: Path) -> None:
    """Karine Jean-Pierre's line from a Monday White House briefing, quoted in a report of the 2021 gala, which she
    did not take part in: her page dates it by the day it was reported, not by the gala; the gala's page shows it
    apart, after what was said there, as comment from others; the gala's Event does not make her an attendee."""
    kjp = page(site, "people/karine-jean-pierre")
    assert occasions(kjp) == ["10 November 2021"]
    assert not [a for a in kjp.cssselect(".occasion a") if a.get("href").startswith("/meetings/")]
    gala = page(site, "meetings/ncuscr-gala-2021")
    said = gala.cssselect(".said")[0].text_content()
    assert "Karine Jean-Pierre" not in said and "responsibly manage competition" not in said
    comment = gala.cssselect("section.comment")[0]
    assert comment.cssselect("h2")[0].text_content() == "Comment from others"
    assert "not said there" in comment.text_content()
    assert [h.text_content() for h in comment.cssselect("h3")] == ["Karine Jean-Pierre"]
    assert "responsibly manage competition between our countries" in comment.text_content()
    assert [s.get("class") for s in gala.cssselect("main section")] == ["said", "comment"]
    event = json.loads(gala.cssselect('script[type="application/ld+json"]')[0].text)[0]
    assert [a["name"] for a in event["attendee"]] == ["Xi Jinping", "Joe Biden", "Qin Gang"]
    feed = feedparser.parse((site / "people/karine-jean-pierre/feed.xml").read_bytes())  # her words, by report
    assert feed.bozo == 0 and [e.link for e in feed.entries] == [
        f"{BASE}articles/2021-11-10-biden-xi-express-desire-for-us-china-cooperation/"
    ]


def test_an_article_names_the_other_reports_of_its_story(site: Path) -> None:
    first = page(site, "articles/2021-11-10-xi-jinping-urges-us-to-cooperate-practice-mutual-respect")
    second = page(site, "articles/2021-11-10-biden-xi-express-desire-for-us-china-cooperation")
    assert [a.get("href") for a in first.cssselect(".also a")] == [
        "/articles/2021-11-10-biden-xi-express-desire-for-us-china-cooperation/"
    ]
    assert [a.get("href") for a in second.cssselect(".also a")] == [
        "/articles/2021-11-10-xi-jinping-urges-us-to-cooperate-practice-mutual-respect/"
    ]
    blinken = page(site, "articles/2024-04-26-xi-tells-blinken-lets-be-partners-not-rivals")
    assert not blinken.cssselect(".also")  # no other outlet reported that one
    assert "/people/wang-yi/" in [a.get("href") for a in blinken.cssselect(".article-facts a")]


def test_people_index_runs_from_most_quoted_and_lists_the_unquoted_apart(site: Path) -> None:
    doc = page(site, "people")
    quoted = {h.text_content(): h.getparent().cssselect(".meta")[0].text_content() for h in doc.cssselect(".cards h2")}
    assert list(quoted)[:2] == ["Xi Jinping", "Wang Yi"]
    # ranked by the articles quoting them, then by their quotations (Wang Yi: 7 in one article, the others fewer)
    assert quoted["Xi Jinping"] == "Quoted in 4 articles · named in 5" and quoted["Wang Yi"].startswith("Quoted in 1 ")
    assert "Jon Finer" not in quoted
    unquoted = doc.cssselect("#never-quoted + ul")[0].text_content()
    assert "Jon Finer named in 1 article" in " ".join(unquoted.split())
    finer = page(site, "people/jon-finer")  # never quoted: his page leads to the article that names him
    assert [a.get("href") for a in finer.cssselect("main ol.items h3 a")] == [
        "/articles/2024-01-10-xi-jinping-says-china-wants-to-work-with-the-us/"
    ]
    assert "named in no article" in page(site, "people/john-kerry").text_content()
    timeline = page(site, "meetings")
    gala = next(li for li in timeline.cssselect(".timeline > li") if "NCUSCR annual gala 2021" in li.text_content())
    who = " ".join(gala.cssselect(".who")[0].text_content().split())  # the count and the names: the same people
    assert who == "3 people quoted: Xi Jinping, Joe Biden, Qin Gang"
    assert [a.get("href") for a in gala.cssselect(".who")[0].cssselect("a")] == [
        "/people/xi-jinping/",
        "/people/joe-biden/",
        "/people/qin-gang/",
    ]
    assert (
        " ".join(gala.cssselect(".who.others")[0].text_content().split()) == "Comment from others: Karine Jean-Pierre"
    )
    summit = next(li for li in timeline.cssselect(".timeline > li") if "Biden–Xi virtual summit" in li.text_content())
    assert " ".join(summit.cssselect(".who")[0].text_content().split()) == "Taking part: Xi Jinping, Joe Biden"


def test_the_timeline_counts_exactly_the_people_each_meeting_page_shows(site: Path) -> None:
    """Antony Blinken is quoted at his visit in a fragment only (“partners, not rivals” is Xi's; his are phrases in
    the reporter's sentences): the visit's page shows Xi Jinping and Wang Yi, and so does the timeline."""
    timeline = page(site, "meetings")
    for entry in timeline.cssselect(".timeline > li"):
        shown = page(site, entry.cssselect("h2 a")[0].get("href").strip("/"))
        lines = {" ".join(p.text_content().split()).partition(":")[0]: p for p in entry.cssselect(".who")}
        quoted = next((line for label, line in lines.items() if label.endswith("quoted")), None)
        for line, section in ((quoted, ".said"), (lines.get("Comment from others"), ".comment")):
            names = [a.text_content() for a in line.cssselect("a")] if line is not None else []
            assert names == [h.text_content() for h in shown.cssselect(f"{section} h3")]
        if quoted is not None:
            assert quoted.text_content().startswith(f"{len(shown.cssselect('.said h3'))} ")
    visit = next(li for li in timeline.cssselect(".timeline > li") if "Blinken's visit" in li.text_content())
    assert " ".join(visit.cssselect(".who")[0].text_content().split()) == "2 people quoted: Xi Jinping, Wang Yi"


FRAGMENT = """\
---
title: Blinken in Beijing
date: 2024-04-26
meetings: [blinken-beijing-2024]
people: [antony-blinken]
---

{text}
"""


def test_the_timeline_count_follows_a_fragment_made_a_statement_by_an_edit(project: Path, tmp_path: Path) -> None:
    """An edit of an article's text alone turns Blinken's fragment into a statement and back: no list changes, nor
    the home page's quotations (his newest is a later one's). The timeline counts him as his visit's page shows
    him, each time as a clean build does."""
    later = FRAGMENT.replace("2024-04-26", "2024-05-10").replace("meetings: [blinken-beijing-2024]", "meetings: []")
    later = later.format(text="“Our alliances are stronger than they have been in years,” Blinken said.")
    (project / "content/articles/2024-05-10-blinken-later.md").write_text(later, encoding="utf-8")  # the home page's
    path = project / "content/articles/2024-04-26-blinken-in-beijing.md"
    fragment = "Blinken said the talks had been “candid and constructive”."
    whole = "“The talks were candid and constructive, and we will keep talking,” Blinken said."

    def visit_entry() -> str:
        timeline = page(project / "site", "meetings")
        entry = next(li for li in timeline.cssselect(".timeline > li") if "Blinken's visit" in li.text_content())
        return " ".join(entry.cssselect(".who")[0].text_content().split())

    for text, shown in ((fragment, "Taking part:"), (whole, "1 person quoted: Antony Blinken"), (fragment, "Taking")):
        path.write_text(FRAGMENT.format(text=text), encoding="utf-8")
        assert digest("build", cwd=project).code == 0
        assert visit_entry().startswith(shown)
        said = page(project / "site", "meetings/blinken-beijing-2024").cssselect(".said h3")
        assert [h.text_content() for h in said] == (["Antony Blinken"] if text == whole else [])
        clean = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-cache"))
        assert digest("build", cwd=clean).code == 0
        assert snapshot(project / "site") == snapshot(clean / "site")


def test_people_come_in_one_order_wherever_no_other_is_meant(site: Path) -> None:
    """As config.yaml lists them under `people:`: an article's people (its facts), a meeting's participants (its
    page, the timeline, its Event), who was quoted at it and who commented, the feeds to follow, those never
    quoted. The people index ranks the quoted by how often they are quoted: that order means something."""
    config = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    order = [person["name"] for person in config["people"].values()]

    def names(elements: list) -> list[str]:
        return [element.text_content() for element in elements]

    groups = {}
    for address in ("articles/2021-11-10-biden-xi-express-desire-for-us-china-cooperation", "articles/2021-11-10-"
                    "xi-jinping-urges-us-to-cooperate-practice-mutual-respect"):  # fmt: skip
        doc = page(site, address)
        people = next(dt for dt in doc.cssselect(".article-facts dt") if dt.text_content() == "People")
        groups[address] = names(people.getnext().cssselect("a"))
        about = json.loads(doc.cssselect('script[type="application/ld+json"]')[0].text)[0]["about"]
        groups[f"{address} JSON-LD"] = [person["name"] for person in about]
    for meeting in ("ncuscr-gala-2021", "biden-xi-virtual-summit-2021", "blinken-beijing-2024"):
        doc = page(site, f"meetings/{meeting}")
        groups[meeting] = names(doc.cssselect(".facts dd")[-1].cssselect("a"))
        event = json.loads(doc.cssselect('script[type="application/ld+json"]')[0].text)[0]
        groups[f"{meeting} attendees"] = [person["name"] for person in event["attendee"]]
        groups[f"{meeting} said"] = names(doc.cssselect(".said h3, .comment h3"))
    for entry in page(site, "meetings").cssselect(".timeline > li"):
        groups[entry.cssselect("h2")[0].text_content()] = names(entry.cssselect(".who a"))
    groups["subscribe"] = names(page(site, "subscribe").cssselect("#people ~ ul .feed-name"))
    groups["in passing"] = names(page(site, "people").cssselect("#in-passing ~ ul.plain")[0].cssselect("a"))
    groups["never quoted"] = names(page(site, "people").cssselect("#never-quoted + ul a"))
    for name, shown in groups.items():
        assert shown == sorted(shown, key=order.index), name
    assert groups["articles/2021-11-10-biden-xi-express-desire-for-us-china-cooperation"] == [
        "Xi Jinping", "Joe Biden", "Qin Gang", "Karine Jean-Pierre",
    ]  # fmt: skip
    assert groups["biden-xi-virtual-summit-2021"] == ["Xi Jinping", "Joe Biden"]  # config.yaml: [joe-biden, xi-jinping]
    assert groups["blinken-beijing-2024"] == ["Xi Jinping", "Antony Blinken", "Wang Yi"]
    assert len(groups["subscribe"]) > 3 and len(groups["never quoted"]) > 3


def test_people_index_ranks_those_whose_pages_show_a_statement(site: Path) -> None:
    """Antony Blinken is quoted only in a phrase of a reporter's sentence: his page shows no statement, so the
    index does not rank him among the quoted; it lists him apart, as quoted in passing, with a link to his page."""
    doc = page(site, "people")
    ranked = [h.text_content() for h in doc.cssselect(".cards h2")]
    assert "Antony Blinken" not in ranked
    for slug in ("xi-jinping", "wang-yi", "qin-gang", "karine-jean-pierre", "joe-biden"):
        assert page(site, f"people/{slug}").cssselect("figure.quote"), slug  # every one ranked shows a statement
    passing = doc.cssselect("#in-passing ~ ul.plain")[0]
    assert " ".join(passing.text_content().split()) == "Antony Blinken in passing in 1 article · named in 1"
    assert passing.cssselect("a")[0].get("href") == "/people/antony-blinken/"
    blinken = page(site, "people/antony-blinken")
    assert not blinken.cssselect("figure.quote")
    assert blinken.cssselect(".in-passing")[0].text_content().startswith("Quoted in passing in ")


def test_subscribe_to_one_persons_statements(site: Path) -> None:
    feed = feedparser.parse((site / "people/wang-yi/feed.xml").read_bytes())
    assert feed.bozo == 0
    assert [e.link for e in feed.entries] == [
        f"{BASE}articles/2024-04-26-xi-tells-blinken-lets-be-partners-not-rivals/"
    ]
    assert feed.feed.link == f"{BASE}people/wang-yi/"
    said = [quote for quote, _ in quotes(page(site, "people/wang-yi"))]  # one article: in the order it gives them
    assert len(said) > 1 and feed.entries[0].summary == " ".join(f"“{quote}”" for quote in said)  # no fragment


ARTICLE = """\
---
title: Talks in Washington
date: 2024-05-01
people: [wang-yi]
{extra}---

“We will keep talking until the differences are managed,” a senior official said.

Mr Wang did not comment.
"""


def test_editors_correct_attributions_and_check_reports_the_rest(project: Path) -> None:
    path = project / "content/articles/2024-05-01-talks.md"
    path.write_text(ARTICLE.format(extra=""), encoding="utf-8")
    run = digest("check", cwd=project)
    assert run.code == 0
    assert (
        "content/articles/2024-05-01-talks.md:7: quotes: warning: could not tell who said "
        "“We will keep talking until the differences are managed.”"
    ) in run.err

    build = digest("build", cwd=project)  # a build counts them; check lists them
    assert build.code == 0 and "quotes" in build.err
    assert (
        "content/articles: quotes: warning: 1 quotation has no speaker, in 1 article — `digest check` lists them"
    ) in build.err

    fix = '  - {text: "We will keep talking until the differences are managed", speaker: wang-yi}\n'
    path.write_text(ARTICLE.format(extra="quotes:\n" + fix), encoding="utf-8")
    assert "could not tell" not in digest("check", cwd=project).err
    assert digest("build", cwd=project).code == 0
    wang = (project / "site/people/wang-yi/index.html").read_text(encoding="utf-8")
    assert "We will keep talking until the differences are managed." in wang

    path.write_text(ARTICLE.format(extra="quotes:\n" + fix.replace("wang-yi", "unknown")), encoding="utf-8")
    run = digest("check", cwd=project)
    assert run.code == 0 and "could not tell" not in run.err  # acknowledged: nobody can tell

    path.write_text(ARTICLE.format(extra="quotes:\n" + fix.replace("wang-yi", "wang-y")), encoding="utf-8")
    run = digest("check", cwd=project)
    assert run.code == 1 and "quotes: unknown speaker `wang-y` — did you mean `wang-yi`? (or `unknown`)" in run.err


def test_a_quotation_is_dated_by_the_meeting_its_article_reports() -> None:
    gala = Meeting("gala", "Gala", date(2021, 11, 9), None, "New York", (), "")
    visit = Meeting("visit", "Visit", date(2024, 4, 24), date(2024, 4, 26), "Beijing", (), "")
    assert said_on(date(2021, 11, 10), gala) == date(2021, 11, 9)  # reported the day after
    assert said_on(date(2024, 4, 25), visit) == date(2024, 4, 25)  # reported during the visit: that day
    assert said_on(date(2024, 4, 23), visit) == date(2024, 4, 24)  # the evening before, where the site is
    assert said_on(date(2024, 4, 20), None) == date(2024, 4, 20)  # a preview: not placed there, said then
    assert said_on(date(2024, 5, 2), visit) == date(2024, 4, 26)  # after it: its last day
    assert said_on(date(2024, 5, 2), None) == date(2024, 5, 2)


def test_a_quotation_is_said_at_a_meeting_only_by_those_taking_part() -> None:
    from digest.group import speakers_meeting

    gala = Meeting("gala", "Gala", date(2021, 11, 9), None, "New York", ("xi-jinping",), "")
    open_to_all = Meeting("forum", "Forum", date(2021, 11, 9), None, "New York", (), "")
    assert speakers_meeting(gala, "xi-jinping") is gala
    assert speakers_meeting(gala, "karine-jean-pierre") is None  # quoted in its report, not there
    assert speakers_meeting(open_to_all, "karine-jean-pierre") is open_to_all  # no participants listed: as before
    assert speakers_meeting(None, "xi-jinping") is None
    assert said_on(date(2021, 11, 10), speakers_meeting(gala, "karine-jean-pierre")) == date(2021, 11, 10)


QUOTING = """\
---
title: {title}
date: {day}
people: [wang-yi]
---

{text}
"""


def test_a_fragment_made_a_statement_shows_after_an_incremental_build(project: Path, tmp_path: Path) -> None:
    """A person's page is checked again when any quotation on it changes, even one it does not show."""
    articles = project / "content/articles"
    passing = articles / "2024-05-01-talks.md"
    passing.write_text(
        QUOTING.format(title="Talks", day="2024-05-01", text="Wang Yi said the talks were “candid and useful”."),
        encoding="utf-8",
    )
    (articles / "2024-05-02-more-talks.md").write_text(
        QUOTING.format(
            title="More talks",
            day="2024-05-02",
            text="“We will keep talking until the differences are managed,” Wang Yi said.",
        ),
        encoding="utf-8",
    )
    assert digest("build", cwd=project).code == 0
    wang = page(project / "site", "people/wang-yi")
    assert [q for q, _ in quotes(wang)] == ["We will keep talking until the differences are managed."]
    assert " ".join(wang.cssselect(".in-passing")[0].text_content().split()) == "Also quoted in passing in Talks."

    statement = "“The talks were candid and useful,” Wang Yi said."  # the same article, its phrase now a sentence
    passing.write_text(QUOTING.format(title="Talks", day="2024-05-01", text=statement), encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    wang = page(project / "site", "people/wang-yi")
    assert [q for q, _ in quotes(wang)] == [
        "We will keep talking until the differences are managed.",
        "The talks were candid and useful.",
    ]
    assert not wang.cssselect(".in-passing")
    clean = tmp_path / "clean"  # the same project built from nothing: no store, no site
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-cache"))
    assert digest("build", cwd=clean).code == 0
    assert snapshot(project / "site") == snapshot(clean / "site")


def test_a_line_repeated_at_weekly_briefings_is_not_dated_weeks_before_it_was_said(project: Path) -> None:
    """Five briefings six days apart, 1–25 October, repeat one line, the last in fuller words. Each is within a
    week of the one before, but a statement spans a week at most: the fuller wording of 25 October shows under
    25 October, and no statement lists reports more than a week apart."""
    briefing = "“We will keep talking until the differences are managed,” Wang Yi said."
    fuller = "“We will keep talking until all of the differences are finally managed,” Wang Yi said."
    for day in (1, 7, 13, 19, 25):
        text = fuller if day == 25 else briefing
        name = f"2024-10-{day:02}-briefing"
        page_text = QUOTING.format(title=f"Briefing of {day} October", day=name[:10], text=text)
        (project / "content/articles" / f"{name}.md").write_text(page_text, encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    doc = page(project / "site", "people/wang-yi")
    said = {
        " ".join(o.cssselect("h3")[0].text_content().split()): [q for q, _ in quotes(o)]
        for o in doc.cssselect(".occasion")
    }
    assert said["25 October 2024"] == ["We will keep talking until all of the differences are finally managed."]
    assert "We will keep talking until all of the differences are finally managed." not in said["1 October 2024"]
    for _, caption in quotes(doc):
        days = [int(d) for d in re.findall(r"Briefing of (\d+) October", caption)]
        assert max(days) - min(days) <= 7, caption


def said_on_every_page(site: Path, person: str) -> list[tuple[str, str]]:
    """(quotation, caption) on every page of a person's list, first page first."""
    shown, address = [], f"people/{person}"
    while True:
        doc = page(site, address)
        shown += quotes(doc)
        older = doc.cssselect('a[rel="next"]')
        if not older:
            return shown
        address = older[0].get("href").strip("/")


def two_reports_either_side_of_a_page_break(project: Path) -> Path:
    """Two quotations a page; Wang Yi says one thing in two wordings, with another quotation between them, so that
    its reports fall on pages 1 and 2. Built; the articles' folder."""
    config = project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("page_size: 20", "page_size: 2"), encoding="utf-8")
    articles = project / "content/articles"
    said = {
        "2024-05-05-first-report": "“We will keep talking until the differences are managed,” Wang Yi said.",
        "2024-05-04-in-between": "“The talks were candid, useful and long,” Wang Yi said.",
        "2024-05-03-second-report": "“We will keep talking until all the differences are managed,” Wang Yi said.",
    }
    for name, text in said.items():
        title = name[11:].replace("-", " ").capitalize()
        (articles / f"{name}.md").write_text(QUOTING.format(title=title, day=name[:10], text=text), encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    return articles


def test_a_statement_reported_either_side_of_a_page_break_shows_once_with_both_reports(
    project: Path, tmp_path: Path
) -> None:
    """Pages cut a person's quotations, not their statements: a statement whose reports fall on two pages is shown
    once, on the page of its newest report, with both; and the page is rebuilt when the older report changes."""
    articles = two_reports_either_side_of_a_page_break(project)
    shown = said_on_every_page(project / "site", "wang-yi")
    managed = [(q, c) for q, c in shown if "differences are managed" in q]
    assert [q for q, _ in managed] == ["We will keep talking until all the differences are managed."]  # the fuller
    assert "First report" in managed[0][1] and "Second report" in managed[0][1]
    first = [q for q, _ in quotes(page(project / "site", "people/wang-yi"))]
    assert "We will keep talking until all the differences are managed." in first  # where its newest report is

    second = articles / "2024-05-03-second-report.md"  # page 2's report now says something else
    second.write_text(
        QUOTING.format(
            title="Second report", day="2024-05-03", text="“Tariffs hurt farmers on both sides,” Wang Yi said."
        ),
        encoding="utf-8",
    )
    assert digest("build", cwd=project).code == 0
    shown = [q for q, _ in said_on_every_page(project / "site", "wang-yi")]
    assert shown.count("We will keep talking until the differences are managed.") == 1
    assert shown.count("Tariffs hurt farmers on both sides.") == 1
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-cache"))
    assert digest("build", cwd=clean).code == 0
    assert snapshot(project / "site") == snapshot(clean / "site")


MEETING_QUOTE = """\
---
title: {title}
date: {day}
meetings: [{meeting}]
people: [wang-yi]
---

“{text},” Wang Yi said.
"""


def test_a_report_no_earlier_page_shows_is_never_lost(project: Path) -> None:
    """Wang Yi, taking part, said one thing during Blinken's visit (made here 10–26 April 2024) on its first day and
    again in a report after it (dated 26 April, the visit's last day): one statement, 16 days apart, linked by the
    meeting.
    With two quotations a page, the report is on page 1, the first day's on page 2, and page 1 does not read as
    far as it. Page 2 must still show it, not leave it to a page that does not."""
    config = project / "config.yaml"
    settings = config.read_text(encoding="utf-8").replace("page_size: 20", "page_size: 2")
    config.write_text(settings.replace("start: 2024-04-24", "start: 2024-04-10"), encoding="utf-8")
    said = {  # file name: (meeting, what she said); newest first by the day said
        "2024-05-10-tariffs": ("", "The statement on tariffs stands exactly as it was issued"),
        "2024-05-02-visit-report": ("blinken-beijing-2024", "We will keep talking until the differences are managed"),
        "2024-04-20-farm-trade": ("", "Trade rules must be fair to farmers and workers alike"),
        "2024-04-10-visit-preview": (
            "blinken-beijing-2024",
            "We will keep talking until all the differences are managed",
        ),
    }
    for name, (meeting, text) in said.items():
        title = name[11:].replace("-", " ").capitalize()
        page_text = MEETING_QUOTE.format(title=title, day=name[:10], meeting=meeting, text=text)
        (project / "content/articles" / f"{name}.md").write_text(page_text, encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    shown = said_on_every_page(project / "site", "wang-yi")
    captions = " ".join(caption for _, caption in shown)
    assert "Visit preview" in captions and "Visit report" in captions  # both reports, wherever shown
    assert sum("differences are managed" in q for q, _ in shown) <= 2  # at worst twice, never lost


def test_statements_found_by_the_last_build_are_taken_again_only_for_the_same_quotations(
    project: Path, tmp_path: Path
) -> None:
    """A build that plans every page (here the site's description is edited) takes each person page's statements
    from the last such build where the quotations around the page are the same, and finds them again where one
    changed: the pages are as a clean build makes them either way."""
    articles = two_reports_either_side_of_a_page_break(project)
    config = project / "config.yaml"
    settings = config.read_text(encoding="utf-8")
    managed = [q for q, _ in said_on_every_page(project / "site", "wang-yi") if "differences are managed" in q]
    assert managed == ["We will keep talking until all the differences are managed."]

    def rebuilt_as_clean(description: str) -> list[str]:
        config.write_text(settings.replace("curated from the press.", description), encoding="utf-8")
        assert digest("build", cwd=project).code == 0
        clean = tmp_path / f"clean-{len(description)}"
        shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-cache"))
        assert digest("build", cwd=clean).code == 0
        assert snapshot(project / "site") == snapshot(clean / "site")
        return [q for q, _ in said_on_every_page(project / "site", "wang-yi")]

    (articles / "2024-05-03-second-report.md").write_text(  # the older report now says something else
        QUOTING.format(
            title="Second report", day="2024-05-03", text="“Tariffs hurt farmers on both sides,” Wang Yi said."
        ),
        encoding="utf-8",
    )
    shown = rebuilt_as_clean("gathered from the press.")
    assert shown.count("We will keep talking until the differences are managed.") == 1
    assert "We will keep talking until all the differences are managed." not in shown
    assert shown.count("Tariffs hurt farmers on both sides.") == 1
    assert rebuilt_as_clean("curated from the press, every day.") == shown  # nothing else changed: all taken again


def test_what_was_said_before_or_weeks_after_a_meeting_is_not_shown_as_said_there(project: Path) -> None:
    """An article names Blinken's visit (24–26 April 2024) first, but came out a fortnight before it or a month
    after: what it quotes was said then, elsewhere. Neither the meeting's page nor the speaker's puts it at the
    visit, and the speaker's page dates it by its article; a report of the visit's last day still does."""
    said = {  # file name: what Wang Yi (taking part in the visit) said
        "2024-04-10-visit-preview": "Our door is open to a visit that respects our core interests",
        "2024-04-27-visit-report": "The visit showed that candid talks can still make progress",
        "2024-05-27-visit-anniversary": "A month on, the differences are as wide as they ever were",
    }
    for name, text in said.items():
        title = name[11:].replace("-", " ").capitalize()
        page_text = MEETING_QUOTE.format(title=title, day=name[:10], meeting="blinken-beijing-2024", text=text)
        (project / "content/articles" / f"{name}.md").write_text(page_text, encoding="utf-8")
    assert digest("build", cwd=project).code == 0

    visit = page(project / "site", "meetings/blinken-beijing-2024").cssselect(".said")[0].text_content()
    assert "candid talks can still make progress" in visit
    assert "Our door is open" not in visit and "A month on" not in visit
    assert occasions(page(project / "site", "people/wang-yi")) == [
        "27 May 2024",
        "26 April 2024 · Blinken's visit to Beijing",
        "10 April 2024",
    ]


def test_a_meeting_listing_no_participants_places_everyone_quoted_in_its_reports_there(
    project: Path, tmp_path: Path
) -> None:
    """Mao Ning, not among the participants of Blinken's visit, is quoted in a report of it: comment from others on
    the visit's page, dated by its report on hers. Once the meeting lists nobody, anyone quoted in its reports may
    have spoken there, as before: what was said there, under the visit on her page. Built as a clean build does."""
    text = "Our door is open to talks that respect each side's core interests"
    report = MEETING_QUOTE.format(title="Visit report", day="2024-04-27", meeting="blinken-beijing-2024", text=text)
    path = project / "content/articles/2024-04-27-visit-report.md"
    path.write_text(report.replace("wang-yi", "mao-ning").replace("Wang Yi", "Mao Ning"), encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    visit = page(project / "site", "meetings/blinken-beijing-2024")
    assert not visit.cssselect(".said")  # Xi's quotation in the project is a fragment: nothing else said there
    assert [h.text_content() for h in visit.cssselect(".comment h3")] == ["Mao Ning"]
    assert occasions(page(project / "site", "people/mao-ning")) == ["27 April 2024"]

    config = project / "config.yaml"
    listed = "    participants: [antony-blinken, xi-jinping, wang-yi]\n"
    config.write_text(config.read_text(encoding="utf-8").replace(listed, "", 1), encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    visit = page(project / "site", "meetings/blinken-beijing-2024")
    assert [h.text_content() for h in visit.cssselect(".said h3")] == ["Mao Ning"] and not visit.cssselect(".comment")
    assert occasions(page(project / "site", "people/mao-ning")) == ["26 April 2024 · Blinken's visit to Beijing"]
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-cache"))
    assert digest("build", cwd=clean).code == 0
    assert snapshot(project / "site") == snapshot(clean / "site")


def test_reordering_people_in_config_reorders_every_page_as_a_clean_build_does(project: Path, tmp_path: Path) -> None:
    """The people's order is config.yaml's: moving Antony Blinken above Xi Jinping there reorders the article's
    people and the visit's participants on the next build, as a build from nothing orders them."""
    assert digest("build", cwd=project).code == 0
    config = project / "config.yaml"
    settings = config.read_text(encoding="utf-8")
    xi = next(line for line in settings.splitlines(keepends=True) if line.startswith("  xi-jinping: {"))
    config.write_text(settings.replace(xi, "").replace("  wang-yi: {", xi + "  wang-yi: {"), encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    article = page(project / "site", "articles/2024-04-26-xi-tells-blinken")
    facts = next(dt for dt in article.cssselect(".article-facts dt") if dt.text_content() == "People")
    assert [a.text_content() for a in facts.getnext().cssselect("a")] == ["Antony Blinken", "Xi Jinping"]
    visit = page(project / "site", "meetings/blinken-beijing-2024")
    assert [a.text_content() for a in visit.cssselect(".facts dd")[-1].cssselect("a")] == [
        "Antony Blinken", "Xi Jinping", "Wang Yi",
    ]  # fmt: skip
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-cache"))
    assert digest("build", cwd=clean).code == 0
    assert snapshot(project / "site") == snapshot(clean / "site")


def test_comment_from_others_is_captioned_with_the_day_it_was_reported(site: Path) -> None:
    """Said away from the meeting, comment from others is dated on its page by its report, in the site's time zone,
    and links that report: the gala's page says when Karine Jean-Pierre said it; what was said at the gala keeps
    its caption, the gala's own day being in the page's header."""
    gala = page(site, "meetings/ncuscr-gala-2021")
    report = "Biden, Xi express desire for US-China cooperation ahead of first virtual summit"
    assert [caption for _, caption in quotes(gala.cssselect("section.comment")[0])] == [
        f"10 November 2021, in {report} (Community News)"
    ]
    caption = gala.cssselect("section.comment figcaption")[0]
    assert caption.cssselect("time")[0].get("datetime") == "2021-11-10"
    assert (
        caption.cssselect("a")[0].get("href")
        == "/articles/2021-11-10-biden-xi-express-desire-for-us-china-cooperation/"
    )
    assert all(c.startswith(("In ", "Reported in ")) for _, c in quotes(gala.cssselect("section.said")[0]))


def test_comment_from_others_is_dated_in_the_sites_time_zone(project: Path, tmp_path: Path) -> None:
    """A report published at 02:00 UTC on 28 April is the 27th in New York, the site's zone: the caption says so,
    and an incremental build after its date is corrected says what a clean build says."""
    text = "Our door is open to talks that respect each side's core interests"
    report = MEETING_QUOTE.format(
        title="Visit report", day="2024-04-28T02:00:00Z", meeting="blinken-beijing-2024", text=text
    )
    path = project / "content/articles/2024-04-27-visit-report.md"
    path.write_text(report.replace("wang-yi", "mao-ning").replace("Wang Yi", "Mao Ning"), encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    visit = page(project / "site", "meetings/blinken-beijing-2024")
    assert [c for _, c in quotes(visit.cssselect("section.comment")[0])] == ["27 April 2024, in Visit report"]
    path.write_text(path.read_text(encoding="utf-8").replace("2024-04-28T02", "2024-04-28T12"), encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    visit = page(project / "site", "meetings/blinken-beijing-2024")
    assert [c for _, c in quotes(visit.cssselect("section.comment")[0])] == ["28 April 2024, in Visit report"]
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-cache"))
    assert digest("build", cwd=clean).code == 0
    assert snapshot(project / "site") == snapshot(clean / "site")


MEETINGS_IN_ASIA = """\
  beijing-talks-2024:
    title: "Talks in Beijing"
    start: 2024-12-05
    place: "Beijing"
    timezone: Asia/Shanghai
    participants: [xi-jinping]
  tokyo-talks-2024:
    title: "Talks in Tokyo"
    start: 2024-12-12
    place: "Tokyo"
    participants: [xi-jinping]
people:
"""

REPORTING = """\
---
title: {title}
date: {day}
meetings: [{meeting}]
people: [xi-jinping]
---

“{said},” Xi Jinping said.
"""


def test_a_report_dated_the_evening_before_a_meeting_in_asia_is_placed_there(project: Path) -> None:
    """The site is in New York, where a day held in Beijing begins at 11:00 the day before (UTC+8). A report dated
    that evening quotes what was said there, on its day; a preview, or an article whose date gives no time, does
    not. Nor does one of a meeting whose zone is not given: the evening report cannot be told from a preview."""
    config = project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("people:\n", MEETINGS_IN_ASIA, 1), encoding="utf-8")
    reports = {  # name: (date, meeting, what Xi said)
        "2024-12-04-evening": ("2024-12-04T21:30:00-05:00", "beijing", "Dialogue between our peoples must go on"),
        "2024-12-04-morning": ("2024-12-04T08:00:00-05:00", "beijing", "Tomorrow we hope to find common ground"),
        "2024-12-03-preview": ("2024-12-03T09:00:00-05:00", "beijing", "Next week will test every promise made"),
        "2024-12-04-no-time": ("2024-12-04", "beijing", "Farmers and workers deserve stable trade rules"),
        "2024-12-11-tokyo-evening": ("2024-12-11T20:00:00-05:00", "tokyo", "Neighbours should settle disputes calmly"),
        "2024-12-10-tokyo-preview": ("2024-12-10T18:00:00-05:00", "tokyo", "Old quarrels need patient work"),
    }  # fmt: skip
    for name, (day, meeting, said) in reports.items():
        text = REPORTING.format(title=name[11:].replace("-", " ").capitalize(), day=day, said=said,
                                meeting=f"{meeting}-talks-2024")  # fmt: skip
        (project / "content/articles" / f"{name}.md").write_text(text, encoding="utf-8")
    run = digest("build", cwd=project)
    assert run.code == 0, run.err

    doc = page(project / "site", "people/xi-jinping")
    under = {
        " ".join(o.cssselect("h3")[0].text_content().split()): [q for q, _ in quotes(o)]
        for o in doc.cssselect(".occasion")
    }
    assert under["5 December 2024 · Talks in Beijing"] == ["Dialogue between our peoples must go on."]
    assert under["4 December 2024"] == [  # before the talks began in Beijing, and a day without its hour: as before
        "Tomorrow we hope to find common ground.", "Farmers and workers deserve stable trade rules."
    ]  # fmt: skip
    assert under["3 December 2024"] == ["Next week will test every promise made."]  # a preview two days ahead
    assert under["11 December 2024"] == ["Neighbours should settle disputes calmly."]  # Tokyo's zone not given
    assert under["10 December 2024"] == ["Old quarrels need patient work."]
    said = [q for q, _ in quotes(page(project / "site", "meetings/beijing-talks-2024"))]
    assert said == ["Dialogue between our peoples must go on."]


def test_the_meetings_timeline_counts_a_report_redated_into_the_meetings_days(project: Path, tmp_path: Path) -> None:
    """An article naming Blinken's visit first, dated before it, is a preview: Wang Yi is not counted as quoted
    there. Redated to the visit's second day, in an edit that moves it in no list, it reports the visit, and the
    timeline, rebuilt from the last build, counts him as a build from nothing does."""
    report = project / "content/articles/2024-04-23-wang-speaks.md"
    text = "---\ntitle: Wang speaks\ndate: {day}\nmeetings: [blinken-beijing-2024]\npeople: [wang-yi]\n---\n\n{said}\n"
    said = "“We will keep talking until the differences are managed,” Wang Yi said."
    report.write_text(text.format(day="2024-04-23", said=said), encoding="utf-8")
    assert digest("build", cwd=project).code == 0

    def counted() -> str:
        timeline = page(project / "site", "meetings")
        visit = next(li for li in timeline.cssselect("li") if "Blinken's visit to Beijing" in li.text_content())
        return " ".join(visit.cssselect(".who")[0].text_content().split())

    assert counted().startswith("Taking part:")  # nobody quoted there: a preview
    report.write_text(text.format(day="2024-04-25", said=said), encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    assert counted() == "1 person quoted: Wang Yi"
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".digest-cache"))
    assert digest("build", cwd=clean).code == 0
    assert snapshot(project / "site") == snapshot(clean / "site")
