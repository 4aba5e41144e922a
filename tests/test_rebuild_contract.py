"""What each kind of edit rebuilds: the exact set of outputs a build works out again.

This is the incremental engine's contract. Each expected set is read off what the outputs show (templates/,
render.plan_pages, feeds.plan_feeds), never off what the engine happens to do: an output that shows the edit must
be rebuilt (else the site is wrong), one that cannot show it must not be (else the build wastes time). Two tests
keep the contract honest on their own: every output a clean build changes is in the expected set, and outside
template edits the expected set is exactly what a clean build changes. Where today's engine differs, the test
says how, and is marked to fail until the engine gets it right.

A template edit rebuilds every page whose template uses the file (extends, imports or includes it): which of
those pages a change shows on cannot be known without rendering them.

The project: the repository's config.yaml and templates, two articles a page and three items a feed, and nine
articles written here (newest first, as the home page lists them, two to a page):

    page 1  A9 new-chip-curbs (own summary)      A8 xi-sends-message-to-gala (Xi quoted)
    page 2  A7 beijing-condemns-inauguration     A6 xi-receives-blinken (Xi quoted)
            (quotes "Mao", whom config.yaml does not know)
    page 3  A5 blinken-meets-wang-yi             A4 defence-talks-resume (Liu Jianchao quoted)
            (Wang Yi and Blinken quoted)
    page 4  A3 leaders-pledge-to-mend-ties       A1 biden-sets-out-his-summit-aims (Biden quoted)
            └ also reported: A2 biden-and-xi-agree-to-mend-ties (one story; Xi quoted in both)

and a draft. The home page's quotations are A8's (Xi), A5's (Wang Yi) and A4's (Liu Jianchao). Jon Finer (A4) and
Mao Ning (A7) are named but never quoted: their pages list the articles that name them, as teasers.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import REPO, snapshot

from digest.build import build

BUILD_DATE = "1735689600"  # SOURCE_DATE_EPOCH, 1 January 2025: every meeting is past, whatever the articles' dates

WIRE = (
    "President Joe Biden and Chinese President Xi Jinping agreed on Wednesday to resume military communications "
    "and to curb the flow of fentanyl precursors, after four hours of talks at the Filoli estate south of San "
    "Francisco. “Planet Earth is big enough for the two countries to succeed,” Xi Jinping said as the talks began. "
    "The two leaders walked through the gardens before lunch and spoke about climate cooperation, artificial "
    "intelligence and the annual quota of student visas, officials from both delegations told reporters."
)
A1 = "2023-11-14-biden-sets-out-his-summit-aims"
A2 = "2023-11-16-biden-and-xi-agree-to-mend-ties"
A3 = "2023-11-17-leaders-pledge-to-mend-ties"
A4 = "2024-01-09-defence-talks-resume"
A5 = "2024-04-25-blinken-meets-wang-yi"
A6 = "2024-04-26-xi-receives-blinken"
A7 = "2024-05-20-beijing-condemns-inauguration"
A8 = "2024-10-16-xi-sends-message-to-gala"
A9 = "2024-10-20-new-chip-curbs"
DRAFT = "2024-06-01-draft-note"


@dataclass(frozen=True)
class Piece:
    title: str
    themes: tuple[str, ...]
    meetings: tuple[str, ...]
    people: tuple[str, ...]
    body: str
    source: str = "Example Wire"
    summary: str = ""
    draft: bool = False

    def text(self, slug: str) -> str:
        lines = [
            f'title: "{self.title}"',
            f"date: {slug[:10]}",
            f"source: {{name: {self.source}}}",
            f"themes: [{', '.join(self.themes)}]",
            f"meetings: [{', '.join(self.meetings)}]",
            f"people: [{', '.join(self.people)}]",
            *([f'summary: "{self.summary}"'] if self.summary else []),
            f"draft: {str(self.draft).lower()}",
        ]
        return "---\n" + "\n".join(lines) + "\n---\n\n" + self.body + "\n"


PIECES = {
    A1: Piece(
        "Biden sets out his summit aims", ("trade-technology",), ("woodside-summit-2023",), ("joe-biden",),
        "President Joe Biden said he would press for open lines of communication.\n\n"
        "“We are going to have a frank conversation about export controls and our businesses,” Biden said.",
    ),
    A2: Piece(
        "Biden and Xi agree to mend ties", ("partnership", "taiwan"), ("woodside-summit-2023",),
        ("joe-biden", "xi-jinping"), WIRE, source="Wire A",
    ),
    A3: Piece(
        "Leaders pledge to mend ties", ("partnership",), ("woodside-summit-2023",), ("xi-jinping",),
        WIRE.replace("on Wednesday", "this week"), source="Paper B",
    ),
    A4: Piece(
        "Defence talks resume", ("military",), ("defence-talks-2024",), ("jon-finer", "liu-jianchao"),
        "Defence officials met at the Pentagon for the first policy talks in two years.\n\n"
        "“China is willing to strengthen dialogue with the United States,” Liu Jianchao said in New York.",
    ),
    A5: Piece(
        "Blinken meets Wang Yi", ("taiwan", "partnership"), ("blinken-beijing-2024",), ("antony-blinken", "wang-yi"),
        "Antony Blinken held five hours of talks with Wang Yi at the Diaoyutai state guesthouse.\n\n"
        "“The United States must not step on China's red lines over Taiwan,” Wang Yi said.\n\n"
        "“We are committed to maintaining and strengthening these lines of communication,” Blinken said.",
    ),
    A6: Piece(
        "Xi receives Blinken", ("partnership",), ("blinken-beijing-2024",), ("xi-jinping", "antony-blinken"),
        "Xi Jinping met Antony Blinken in the Great Hall of the People.\n\n"
        "“The two countries should be partners, not rivals,” Xi Jinping said.",
    ),
    A7: Piece(
        "Beijing condemns the inauguration", ("taiwan",), (), ("mao-ning",),
        "China's foreign ministry spokeswoman Mao Ning criticised the speech.\n\n"
        "“Taiwan independence is a dead end and will never succeed in any form,” Mao said at a regular briefing.",
    ),
    A8: Piece(
        "Xi sends a message to the gala", ("partnership", "global-challenges"), ("ncuscr-gala-2024",), ("xi-jinping",),
        "A letter from Xi Jinping was read at the annual gala in New York.\n\n"
        "“China is willing to be a partner and friend of the United States,” Xi Jinping said in the letter.",
    ),
    A9: Piece(
        "New chip curbs", ("trade-technology",), (), (),
        "The Commerce Department widened its controls on chip exports.\n\nMore companies were added to the list.",
        summary="Washington widens its export controls.",
    ),
    DRAFT: Piece("Draft note", ("taiwan",), (), (), "Not ready yet.", draft=True),
}  # fmt: skip


# Outputs, by what they are (written out rather than taken from digest.urls: they are part of what is checked).
THEMES, MEETINGS, PEOPLE = "themes/index.html", "meetings/index.html", "people/index.html"
ARCHIVE, SUBSCRIBE = "archive/index.html", "subscribe/index.html"
FEED, ATOM, CALENDAR, STYLESHEET = "feed.xml", "atom.xml", "meetings.ics", "assets/style.css"
OPML = "feeds.opml"  # every list's feed, by title
FORMATS = ("feed.xml", "atom.xml", "feed.json")  # a list's feeds, side by side: RSS, Atom, JSON Feed
# Every page with the date it last changed: an edit that adds, removes or moves a page in a list, or changes an
# article's date, changes it (a list's pages carry its newest item's date, a person's page the newest naming them).
SITEMAP = "sitemap.xml"
SEARCH_PAGE, SEARCH_INDEX = "search/index.html", "search/index/"  # the page, and the index's parts (search.py)


def paged(folder: str, n: int) -> str:
    return f"{folder}index.html" if n == 1 else f"{folder}page/{n}/index.html"


def home(n: int = 1) -> str:
    return paged("", n)


def article_page(slug: str) -> str:
    return f"articles/{slug}/index.html"


def theme(slug: str, n: int = 1) -> str:
    return paged(f"themes/{slug}/", n)


def meeting(slug: str, n: int = 1) -> str:
    return paged(f"meetings/{slug}/", n)


def person(slug: str, n: int = 1) -> str:
    return paged(f"people/{slug}/", n)


def year(y: int) -> str:
    return f"archive/{y}/index.html"


def month(y: int, m: int) -> str:
    return f"archive/{y}/{m:02d}/index.html"


def theme_feed(slug: str) -> str:
    return f"themes/{slug}/feed.xml"


def meeting_feed(slug: str) -> str:
    return f"meetings/{slug}/feed.xml"


def person_feed(slug: str) -> str:
    return f"people/{slug}/feed.xml"


LIST_TEMPLATES = {
    "themes": ("themes.html", "theme.html"),
    "meetings": ("meetings.html", "meeting.html"),
    "people": ("people.html", "person.html"),
}


def template_of(page: str) -> str:
    """The template a page is rendered with, from its address (render.plan_pages)."""
    parts = page.split("/")
    if page == "404.html":
        return "404.html"
    if page == SUBSCRIBE:
        return "subscribe.html"
    if parts[0] in ("index.html", "page"):
        return "index.html"
    if parts[0] == "articles":
        return "article.html"
    if parts[0] == "search":
        return "search.html"
    if parts[0] == "archive":
        return ("archive.html", "archive_year.html", "archive_month.html")[len(parts) - 2]
    index, one = LIST_TEMPLATES[parts[0]]
    return index if len(parts) == 2 else one


def pages(site: set[str], *templates: str) -> set[str]:
    """Every page of the site rendered with one of `templates` (all pages when none is named)."""
    html = {path for path in site if path.endswith(".html")}
    return {page for page in html if not templates or template_of(page) in templates}


# --- the project and its edits ---------------------------------------------------------------------------------


@dataclass
class Project:
    root: Path
    clock: int = field(default_factory=lambda: time.time_ns() - 86_400 * 10**9)  # a day ago: settled files

    def write(self, name: str, text: str | bytes) -> None:
        """Write a file as an editor saves it: its time moves on (kept in the past, so no build doubts it)."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        self.clock += 10**9
        os.utime(path, ns=(self.clock, self.clock))

    def replace(self, name: str, old: str, new: str) -> None:
        text = (self.root / name).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} in {name}"
        self.write(name, text.replace(old, new))

    def append(self, name: str, text: str) -> None:
        self.write(name, (self.root / name).read_text(encoding="utf-8") + text)

    def article(self, slug: str, old: str, new: str) -> None:
        self.replace(f"content/articles/{slug}.md", old, new)


def make_project(root: Path) -> Project:
    """The repository's config.yaml (two articles a page, three items a feed) and templates, and PIECES."""
    project = Project(root)
    config = (REPO / "config.yaml").read_text(encoding="utf-8")
    config = config.replace("page_size: 20 ", "page_size: 2  ").replace("feed_items: 20 ", "feed_items: 3  ")
    project.write("config.yaml", config)
    for template in sorted((REPO / "templates").rglob("*")):
        if template.is_file():
            name = template.relative_to(REPO).as_posix()
            project.write(name, template.read_bytes())  # the touch icon is a PNG
    for slug, piece in PIECES.items():
        project.write(f"content/articles/{slug}.md", piece.text(slug))
    return project


@dataclass(frozen=True)
class Edit:
    """One editor's action, and what it must rebuild: `expected(site)`, where `site` lists the outputs after it."""

    change: Callable[[Project], None]
    expected: Callable[[set[str]], set[str]]
    template: bool = False  # a template edit: rebuilt by template (see the module's docstring)
    today: str = ""  # how today's engine differs from the expected pages and feeds, if it does


def add_article(p: Project) -> None:
    piece = Piece("Tariff talks open", ("trade-technology",), (), (), "Negotiators met in Geneva.")
    p.write("content/articles/2024-02-05-tariff-talks-open.md", piece.text("2024-02-05"))


def rename_article(p: Project) -> None:
    folder = p.root / "content/articles"
    (folder / f"{A6}.md").rename(folder / "2024-04-26-xi-welcomes-blinken.md")


# Where today's engine rebuilds more than an edit shows (waste, never a wrong page), and why:
REPORT_ORDER = (
    "a person's page keys each quotation on its article's link, date included: the order of a statement's reports "
    "follows their articles' dates"
)

# fmt: off
EDITS: dict[str, Edit] = {
    "nothing": Edit(lambda p: None, lambda site: set()),
    # Text: an article's first paragraph is its summary wherever it is listed (Mao Ning's page lists A7, which
    # names her); feeds carry the whole text.
    "body, first paragraph": Edit(
        lambda p: p.article(A7, "criticised the speech.", "criticised the speech on Monday."),
        lambda site: {article_page(A7), home(2), theme("taiwan"), person("mao-ning"), FEED, ATOM, theme_feed("taiwan")},
    ),
    # Under a summary of its own, the text shows only on its page and in its feeds; lists show the summary.
    "body, under a summary": Edit(
        lambda p: p.article(A9, "added to the list.", "added to the entity list."),
        lambda site: {article_page(A9), FEED, ATOM, theme_feed("trade-technology")},
    ),
    # A quotation's words show on its article, in the quotations of its speaker (newest first: A6's are on Xi's
    # first page) and of its meeting, in feeds.
    "body, a quotation": Edit(
        lambda p: p.article(A6, "partners, not rivals", "partners, never rivals"),
        lambda site: {
            article_page(A6), person("xi-jinping"), meeting("blinken-beijing-2024"),
            theme_feed("partnership"), meeting_feed("blinken-beijing-2024"), person_feed("xi-jinping"),
        },
    ),
    # Blinken's quotation at his visit cut down to a phrase in the reporter's sentence: the visit's page no longer
    # shows him, nor does the timeline count him (it reads the quotations its counts come from); his page has the
    # article quoting him in passing, and the people index no longer counts it; the article and the feeds it is in
    # carry the text.
    "body, a quotation made a fragment": Edit(
        lambda p: p.article(
            A5, "“We are committed to maintaining and strengthening these lines of communication,” Blinken said.",
            "Blinken said the US was “committed to these lines of communication”.",
        ),
        lambda site: {
            article_page(A5), person("antony-blinken"), meeting("blinken-beijing-2024"), MEETINGS, PEOPLE,
            theme_feed("taiwan"), theme_feed("partnership"), meeting_feed("blinken-beijing-2024"),
            person_feed("antony-blinken"), person_feed("wang-yi"),  # A5 is in both, whole
        },
    ),
    # `featured`: the story an editor marks leads the home page in place of the newest, while it is on the first page.
    "featured, on the first page": Edit(
        lambda p: p.article(A8, "draft: false", "draft: false\nfeatured: true"),
        lambda site: {home(1)},  # A8 leads, A9 moves down to the latest items
    ),
    # …and no longer once newer stories have pushed it off: no page shows it.
    "featured, past the first page": Edit(
        lambda p: p.article(A6, "draft: false", "draft: false\nfeatured: true"),
        lambda site: set(),
    ),
    # A title shows wherever the article is listed, linked (older/newer, archive) or quoted.
    "title": Edit(
        lambda p: p.article(A6, 'title: "Xi receives Blinken"', 'title: "Xi welcomes Blinken"'),
        lambda site: {
            article_page(A6), article_page(A5), article_page(A7),  # itself, and the pages naming it newer / older
            home(2), theme("partnership"), meeting("blinken-beijing-2024"), month(2024, 4), person("xi-jinping"),
            theme_feed("partnership"), meeting_feed("blinken-beijing-2024"), person_feed("xi-jinping"),
        },
    ),
    # Another day of the same month: no list changes order; the day shows in bylines and the archive. Not in Xi's
    # quotations: they are dated by the meeting A6 reports, which ended on the 26th.
    "date, same month": Edit(
        lambda p: p.article(A6, "date: 2024-04-26", "date: 2024-04-28"),
        lambda site: {
            SITEMAP,
            article_page(A6), home(2), theme("partnership"), meeting("blinken-beijing-2024"), month(2024, 4),
            theme_feed("partnership"), meeting_feed("blinken-beijing-2024"), person_feed("xi-jinping"),
        },
        today=f"{REPORT_ORDER}: Xi's first page is rebuilt",
    ),
    # The oldest article a year earlier: still the oldest everywhere, but it moves between years in the archive.
    "date, another year": Edit(
        lambda p: p.article(A1, "date: 2023-11-14", "date: 2022-11-14"),
        lambda site: {
            SITEMAP,
            article_page(A1), home(4), theme("trade-technology"), meeting("woodside-summit-2023"),
            person("joe-biden"),
            ARCHIVE, year(2023), month(2023, 11), year(2022), month(2022, 11),
            theme_feed("trade-technology"), meeting_feed("woodside-summit-2023"), person_feed("joe-biden"),
            SEARCH_PAGE,  # it merges a part more: 2022's
        },
    ),
    # From Taiwan to Russia: both lists and every count of themes; teasers and RSS categories name its themes.
    # Taiwan's list loses its second page. Atom entries and JSON items carry their themes too. Russia had no article:
    # its feed, built empty, is now offered (/subscribe/ and the list of every feed).
    "themes": Edit(
        lambda p: p.article(A7, "themes: [taiwan]", "themes: [russia]"),
        lambda site: {
            SITEMAP,
            article_page(A7), home(1), home(2), THEMES, theme("taiwan"), theme("russia"), person("mao-ning"),
            FEED, theme_feed("taiwan"), theme_feed("russia"), SUBSCRIBE, OPML,
        },
    ),
    # Into Blinken's visit: the meeting's list (now two pages), its count and its feed. Lists of articles do
    # not show meetings, and A7 quotes nobody config.yaml knows, so no "what was said" changes.
    "meetings": Edit(
        lambda p: p.article(A7, "meetings: []", "meetings: [blinken-beijing-2024]"),
        lambda site: {
            SITEMAP,
            article_page(A7), meeting("blinken-beijing-2024"), meeting("blinken-beijing-2024", 2), MEETINGS,
            meeting_feed("blinken-beijing-2024"),
        },
    ),
    # Naming Tsai Ing-wen: her page says in how many articles she is named, as does the people index.
    "people": Edit(
        lambda p: p.article(A7, "people: [mao-ning]", "people: [mao-ning, tsai-ing-wen]"),
        lambda site: {SITEMAP, article_page(A7), person("tsai-ing-wen"), PEOPLE},
    ),
    # A7 unpublished: its neighbours meet, later home pages move up, Taiwan loses a page, May 2024 and Mao
    # Ning's mention go.
    "draft on": Edit(
        lambda p: p.article(A7, "draft: false", "draft: true"),
        lambda site: {
            SITEMAP,
            article_page(A8), article_page(A6), home(1), home(2), home(3), home(4), THEMES, theme("taiwan"),
            ARCHIVE, year(2024), person("mao-ning"), PEOPLE, FEED, ATOM, theme_feed("taiwan"),
        },
    ),
    # The draft (1 June 2024, Taiwan) published between A8 and A7: a fifth home page, a second Taiwan page.
    "draft off": Edit(
        lambda p: p.article(DRAFT, "draft: true", "draft: false"),
        lambda site: {
            SITEMAP,
            article_page(DRAFT), article_page(A8), article_page(A7),
            home(1), home(2), home(3), home(4), home(5), THEMES, theme("taiwan"), theme("taiwan", 2),
            ARCHIVE, year(2024), month(2024, 6), FEED, ATOM, theme_feed("taiwan"),
        },
    ),
    # A new article of 5 February 2024 (trade, no meeting, no quotation), between A5 and A4: every home page
    # says how many there are.
    "add an article": Edit(
        add_article,
        lambda site: {
            SITEMAP,
            article_page("2024-02-05-tariff-talks-open"), article_page(A5), article_page(A4),
            *(home(n) for n in range(1, 6)), THEMES, theme("trade-technology"), theme("trade-technology", 2),
            ARCHIVE, year(2024), month(2024, 2), theme_feed("trade-technology"),
        },
    ),
    # A4 deleted: its neighbours meet; home pages 3 and 4 move up, and the home page quotes Biden instead of Liu
    # Jianchao; its theme, meeting, month and people lose it. Liu Jianchao, quoted nowhere else, loses his feed
    # (removed, not rebuilt) and leaves the lists of every feed; so do the feeds of its theme and meeting, left
    # empty (built, empty, but no longer offered).
    "delete an article": Edit(
        lambda p: (p.root / f"content/articles/{A4}.md").unlink(),
        lambda site: {
            SITEMAP,
            article_page(A5), article_page(A3), home(1), home(3), home(4),
            THEMES, theme("military"), MEETINGS, meeting("defence-talks-2024"),
            PEOPLE, person("liu-jianchao"), person("jon-finer"), ARCHIVE, year(2024),
            theme_feed("military"), meeting_feed("defence-talks-2024"), SUBSCRIBE, OPML,
            person_feed("liu-jianchao"),  # empty now, no longer offered: its address stays
        },
    ),
    # A6 under a new name (a new address): a new page, and every page and feed that links to it.
    "rename a file": Edit(
        rename_article,
        lambda site: {
            SITEMAP,
            article_page("2024-04-26-xi-welcomes-blinken"), article_page(A5), article_page(A7),
            home(2), theme("partnership"), meeting("blinken-beijing-2024"), month(2024, 4), person("xi-jinping"),
            theme_feed("partnership"), meeting_feed("blinken-beijing-2024"), person_feed("xi-jinping"),
        },
    ),
    "template article.html": Edit(
        lambda p: p.replace("templates/article.html", "<h1>{{", '<h1 class="headline">{{'),
        lambda site: pages(site, "article.html"),
        template=True,
    ),
    # _macros.html is imported by the article, home, theme, meeting, meetings and person templates.
    "template _macros.html": Edit(
        lambda p: p.replace("templates/_macros.html", '<span class="sep" aria-hidden="true">·</span>', "·"),
        lambda site: pages(site, "article.html", "index.html", "theme.html", "meeting.html", "meetings.html",
                           "person.html"),
        template=True,
    ),
    "template base.html": Edit(
        lambda p: p.replace("templates/base.html", '<a class="skip-link"', '<a class="skip-link" id="top"'),
        lambda site: pages(site),
        template=True,
    ),
    # Pages link to the stylesheet by a fixed address: only the stylesheet itself.
    "stylesheet": Edit(
        lambda p: p.append("templates/assets/style.css", "\n.item { margin: 0; }\n"), lambda site: {STYLESHEET}
    ),
    # The site's description is the front page's tagline, the description of the front page and 404, and the site
    # feeds' description; every other page describes itself, other feeds describe their theme, meeting or person,
    # and the calendar names the site by its title.
    "config: site description": Edit(
        lambda p: p.replace("config.yaml", "curated from the press.", "curated from the press by editors."),
        lambda site: pages(site, "index.html", "404.html") | {FEED, ATOM},
    ),
    # A theme's title: its own pages and the themes' lists, its articles' pages, and every teaser whose main (first)
    # theme it is, and every RSS item of an article in it.
    "config: a theme's title": Edit(
        lambda p: p.replace("config.yaml", 'title: "Taiwan"', 'title: "Taiwan and the strait"'),
        lambda site: {
            home(1), THEMES, theme("taiwan"), theme("taiwan", 2),  # the theme lists
            article_page(A7), article_page(A5), article_page(A2),  # Taiwan's articles, their facts
            home(2), home(3), theme("partnership", 2), meeting("blinken-beijing-2024"), person("mao-ning"),
            # where A7 and A5 are teasers: Taiwan is their main theme. A2 lists Taiwan second: a teaser shows only
            # its main theme, so partnership's page 3, where A2 is a teaser, does not show the title.
            theme_feed("taiwan"), FEED, theme_feed("partnership"), meeting_feed("blinken-beijing-2024"),
            meeting_feed("woodside-summit-2023"), person_feed("wang-yi"), person_feed("antony-blinken"),
            SUBSCRIBE, OPML,  # the theme's name among every feed, and its feed's title in the list of them
        },
    ),
    # "Mao" now names Mao Ning: A7's quotation is hers. Her page, the people index, her feed (new: she had none
    # while never quoted) and so the lists of every feed, and the home page, whose quotations (one per speaker,
    # newest first) become Xi's, hers and Wang Yi's.
    "config: an alias that attributes a quotation": Edit(
        lambda p: p.replace("config.yaml", 'mao-ning: {name: "Mao Ning", aliases: []',
                            'mao-ning: {name: "Mao Ning", aliases: [Mao]'),
        lambda site: {person("mao-ning"), PEOPLE, home(1), person_feed("mao-ning"), SUBSCRIBE, OPML},
    ),
    # An alias no article uses: nothing shows (a person's page no longer lists their aliases).
    "config: an alias nobody uses": Edit(
        lambda p: p.replace("config.yaml", "aliases: [Summers]", "aliases: [Summers, Larry Summers]"),
        lambda site: set(),
    ),
    # A meeting's title: its page and feeds, the timeline, the home page's meetings, its articles' pages, the captions
    # of the quotations said there (on their speakers' pages), every list of feeds and the calendar.
    "config: a meeting's title": Edit(
        lambda p: p.replace("config.yaml", "title: \"Blinken's visit to Beijing\"", 'title: "Blinken in Beijing"'),
        lambda site: {
            meeting("blinken-beijing-2024"), MEETINGS, home(1), article_page(A5), article_page(A6),
            person("wang-yi"), person("antony-blinken"), person("xi-jinping"), meeting_feed("blinken-beijing-2024"),
            SUBSCRIBE, OPML, CALENDAR,
        },
    ),
    # A meeting's place: its pages, the timeline, the home page's recent meetings and the calendar.
    "config: a meeting's place": Edit(
        lambda p: p.replace("config.yaml", 'place: "Beijing"', 'place: "Beijing, China"'),
        lambda site: {meeting("blinken-beijing-2024"), MEETINGS, home(1), CALENDAR},
    ),
    # Where a meeting can be watched: its page alone (its facts and its Event), not the timeline or the calendar.
    "config: a meeting's watch address": Edit(
        lambda p: p.replace("config.yaml", 'place: "Beijing"', 'place: "Beijing"\n    watch: https://example.org/live'),
        lambda site: {meeting("blinken-beijing-2024")},
    ),
}
# fmt: on


# --- running them ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    before: dict[str, bytes]  # the site before the edit (a clean build)
    after: dict[str, bytes]  # after the edit, built incrementally
    clean: dict[str, bytes]  # after the edit, built from nothing
    rebuilt: set[str]  # what the incremental build worked out again


_OUTCOMES: dict[str, Outcome] = {}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Outcome]:
    """Each edit made once, on a project of its own, whichever test asks first."""

    def run(name: str) -> Outcome:
        if name not in _OUTCOMES:
            folder = tmp_path_factory.mktemp("edit")
            with pytest.MonkeyPatch.context() as env:
                env.setenv("SOURCE_DATE_EPOCH", BUILD_DATE)
                project = make_project(folder / "project")
                build(project.root / "config.yaml")
                before = snapshot(project.root / "site")
                EDITS[name].change(project)
                result = build(project.root / "config.yaml")
                after = snapshot(project.root / "site")
                shutil.copytree(project.root, folder / "clean", ignore=shutil.ignore_patterns("site", ".digest-cache"))
                build(folder / "clean" / "config.yaml")
                clean = snapshot(folder / "clean" / "site")
            _OUTCOMES[name] = Outcome(before, after, clean, set(result.rebuilt))
        return _OUTCOMES[name]

    return run


def outputs(site: dict[str, bytes]) -> set[str]:
    """Every output but the manifest and the search index, whose contract is by part (see INDEXED)."""
    return {path for path in site if path != ".digest-manifest" and not path.startswith(SEARCH_INDEX)}


def expected(name: str, result: Outcome) -> set[str]:
    return in_every_format(EDITS[name].expected(outputs(result.clean)))


def in_every_format(paths: set[str]) -> set[str]:
    """A list's RSS, Atom and JSON feeds carry the same items, titles, texts and themes: an edit one of them shows,
    the three show. The sets above name a list's feeds by one of them."""
    feeds = {path.rpartition("/")[0] for path in paths if path.rpartition("/")[2] in FORMATS}
    return paths | {f"{folder}/{name}" if folder else name for folder in feeds for name in FORMATS}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """Outputs that are new or whose bytes differ (removed ones are not rebuilt: they are gone)."""
    return {path for path in outputs(after) if before.get(path) != after[path]}


def is_page_or_feed(path: str) -> bool:
    """A page or a feed (the search index's parts, .json files too, have a contract of their own: INDEXED)."""
    return path.endswith((".html", ".xml", ".json")) and not path.startswith(SEARCH_INDEX)


def difference(rebuilt: set[str], wanted: set[str]) -> str:
    waste, missed = sorted(rebuilt - wanted), sorted(wanted - rebuilt)
    return f"rebuilt though it cannot show the edit: {waste}; shows the edit but not rebuilt: {missed}"


@pytest.mark.parametrize("name", list(EDITS))
def test_the_contract_is_what_a_clean_build_changes(outcome, name: str) -> None:
    """The expected set is right: every output a clean build changes is in it, and (templates aside) nothing
    else. And the incremental build made the same site as the clean one."""
    result = outcome(name)
    truth, wanted = changed(result.before, result.clean), expected(name, result)
    assert truth <= wanted, f"changed but not expected: {sorted(truth - wanted)}"
    if not EDITS[name].template:
        assert wanted <= truth, f"expected but unchanged: {sorted(wanted - truth)}"
    assert result.after == result.clean


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=edit.today) if edit.today else ())
        for name, edit in EDITS.items()
    ],
)
def test_an_edit_rebuilds_exactly_the_pages_and_feeds_that_show_it(outcome, name: str) -> None:
    result = outcome(name)
    rebuilt = {path for path in result.rebuilt if is_page_or_feed(path)}
    wanted = {path for path in expected(name, result) if is_page_or_feed(path)}
    assert rebuilt == wanted, difference(rebuilt, wanted)


def test_the_calendar_and_assets_are_rebuilt_only_by_edits_that_change_them(outcome) -> None:
    """meetings.ics shows the meetings, the names of their participants and the site's title; feeds.opml the
    titles of the feeds offered; an asset is its file. No other edit can change them."""
    rebuilt, wanted = {}, {}
    for name in EDITS:
        result = outcome(name)
        rebuilt[name] = sorted(path for path in outputs(dict.fromkeys(result.rebuilt)) if not is_page_or_feed(path))
        wanted[name] = sorted(path for path in expected(name, result) if not is_page_or_feed(path))
    assert rebuilt == wanted


# The search index is made in parts, a year each here (search.py): an edit indexes again the parts that hold the
# articles whose files it changed, before or after the edit (a part is keyed by its articles' files).
ARTICLE_EDITS = {name for name in EDITS if not name.startswith(("template", "config", "stylesheet", "nothing"))}
INDEXED = {name: {"2024"} for name in ARTICLE_EDITS} | {"date, another year": {"2023", "2022"}}


def index_parts(paths: set[str] | dict) -> set[str]:
    return {path[len(SEARCH_INDEX) :].split("/")[0] for path in paths if path.startswith(SEARCH_INDEX)}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_indexes_again_only_the_parts_of_the_articles_it_changed(outcome, name: str) -> None:
    """Every part whose files a clean build changes is indexed again, and no other part than INDEXED says.
    (`featured` is not indexed: such an edit indexes its part again, for the same bytes.)"""
    result = outcome(name)
    changed_parts = index_parts({p for p in result.clean if result.before.get(p) != result.clean[p]})
    rebuilt_parts = index_parts(result.rebuilt)
    assert changed_parts <= rebuilt_parts == INDEXED.get(name, set())
    assert index_parts(result.clean) == {"2024", "2023"} | ({"2022"} if name == "date, another year" else set())


def test_only_templates_read_the_fields_whose_edit_checks_only_the_pages_that_read_them(tmp_path: Path) -> None:
    """depends.SHOWN_ONLY: an edit of a meeting's place, a theme's description or a person's role checks only the
    pages that read it when last rendered, not every page, because loading, grouping and planning never read it.
    Loading, grouping and planning the sample site with entries that note every field read of them shows it."""
    from digest import render
    from digest.config import load_config
    from digest.depends import SHOWN_ONLY
    from digest.group import group
    from digest.load import load_articles

    read: set[tuple[str, str]] = set()

    def noting(table: str, entry):
        kind = type(entry)
        fields = {f.name for f in dataclasses.fields(kind)}

        class Noting(kind):
            def __getattribute__(self, name: str):
                if name in fields:
                    read.add((table, name))
                return super().__getattribute__(name)

        return Noting(**{name: getattr(entry, name) for name in fields})

    project = make_project(tmp_path / "project")
    config = load_config(project.root / "config.yaml")
    tables = {name: {slug: noting(name, entry) for slug, entry in getattr(config, name).items()} for name in SHOWN_ONLY}
    config = dataclasses.replace(config, **tables)
    articles, _ = load_articles(config)
    pages = render.plan_pages(group(config, articles))
    assert len(pages) > 50 and {("meetings", "start"), ("people", "name"), ("themes", "title")} <= read
    assert not {(table, name) for table, names in SHOWN_ONLY.items() for name in names} & read
