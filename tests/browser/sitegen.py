"""A larger digest, generated deterministically: hundreds of articles that stress lists, pagination and layout.

`generate(root)` writes a project (config.yaml, templates copied from the
repository, content/articles/) and returns what it wrote, so tests know the
expected pages and feed items without reading the build's output.

What it exercises: several pages per list (a small page_size), a base_url with
a path (the site is published under /news/), long titles, very long words and
URLs, quotes, quotations (fragments, one statement in two wordings), markup
characters, links between articles with #fragments, headings, lists and block
quotes, dates with and without times and offsets (some sharing a day),
meetings in the past and future, an empty theme and an empty meeting, drafts
that must stay out, and control characters as scraped pages carry them.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

REPO = Path(__file__).resolve().parents[2]
BASE_URL = "https://digest.example.net/news/"
PAGE_SIZE = 7
FEED_ITEMS = 12
COUNT = 300
ZONE = ZoneInfo("America/New_York")

EXTRA_THEMES = {
    "human-rights": {
        "title": "Human rights, Hong Kong, Xinjiang and Tibet, and the treatment of journalists, "
        "academics and non-governmental organisations on both sides",
        "description": "A deliberately long theme title, so that headings, chips and side columns have to wrap.",
        "keywords": ["Hong Kong", "Xinjiang"],
    },
    "fentanyl": {
        "title": "Fentanyl",
        "description": "Counter-narcotics co-operation.",
        "keywords": ["fentanyl"],
    },
    "quiet-theme": {
        "title": "A theme nobody has written about",
        "description": "Its page and feed are empty.",
        "keywords": ["nothing"],
    },
}
PLACES = [
    "Beijing",
    "Washington",
    "Video call",
    "Lima, Peru (on the sidelines of the Asia-Pacific Economic Cooperation leaders' meeting)",
    "Geneva",
    "Bali",
    "Anchorage, Alaska",
]
SOURCES = ["Example Wire", "The Daily Example", "Pacific Example Post", "Xinhua-style State Agency", None]
AUTHORS = ["Jane Morrow", "Li Wei and Sam O'Neil", "Ana Souza, Kenji Ito & Ruth Bader"]  # one, two, three names
LONG_WORD = "Zollbeschränkungsaufhebungsverhandlungsergebnisveröffentlichungsverordnung"
LONG_URL = (
    "https://www.example.gov/briefings-statements/2024/04/26/"
    "readout-of-the-secretarys-meeting-with-the-peoples-republic-of-china-director-of-the-office-"
    "of-the-central-foreign-affairs-commission?utm_source=digest&utm_medium=feed&utm_campaign=none"
)
# Quotations said by people of config.yaml: a fragment, and a statement in one of two wordings (the same statement
# reported twice, or contained in a longer one): what person and meeting pages pick from. Chosen by the article's
# number, not the random generator, so the rest of the digest is what it was.
SPEAKERS = ["Xi Jinping", "Wang Yi", "Joe Biden", "Antony Blinken", "Mao Ning"]
FRAGMENTS = ["candid and constructive", "a positive step", "number of issues"]
WORDINGS = [
    (
        "China and the United States should be partners, not rivals.",
        "China and the US should be partners rather than rivals.",
    ),
    (
        "Dialogue is always better than confrontation.",
        "Dialogue is always better than confrontation, and both sides know it.",
    ),
    ("We will keep the lines of communication open.", "We will keep open the lines of communication."),
]
SUBJECTS = ["Xi Jinping", "Joe Biden", "Wang Yi", "Antony Blinken", "Mao Ning", "Xie Feng", "The Pentagon", "Beijing"]
VERBS = ["warns", "urges", "tells", "calls on", "welcomes", "rejects", "questions", "praises"]
OBJECTS = [
    "Washington over chip export controls",
    "Beijing to rein in fentanyl exports",
    "both sides to manage differences",
    "the “red line” on Taiwan",
    "new tariffs of up to 25% & “reciprocal” measures",
    "students and scholars to keep exchanges going",
    "the climate envoy's plan for methane cuts",
    "talks on military-to-military communication <again>",
]
CLAUSES = [
    "as talks stretch into a second day at the Diaoyutai state guesthouse",
    "days before a summit that both capitals say must not fail",
    "while officials on both sides insist that nothing has been agreed until everything has been agreed",
    "in a statement read aloud at a gala dinner in New York",
]
# Characters scraped pages carry that are not text: C0 controls, DEL, C1 controls
# (from a Windows-1252 page read as Latin-1), and Unicode non-characters.
CONTROL_SAMPLES = ["\x01", "\x0b", "\x1b", "\x7f", "\x85", "\x9c", "\ufffe", "\uffff", "\ufdd0"]


@dataclass(frozen=True)
class Spec:
    slug: str
    title: str  # as a reader sees it (control characters removed)
    when: datetime  # aware
    themes: tuple[str, ...]
    meetings: tuple[str, ...]
    source_url: str | None
    draft: bool = False
    author: str | None = None  # the byline, when the source gives one


@dataclass
class Generated:
    root: Path
    base_url: str
    articles: list[Spec] = field(default_factory=list)  # everything written, drafts included
    themes: list[str] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)

    @property
    def published(self) -> list[Spec]:
        """Newest first, as the digest orders them: by date, the slug breaking ties."""
        return sorted((a for a in self.articles if not a.draft), key=lambda a: (a.when, a.slug), reverse=True)


def _meetings(rng: random.Random) -> dict[str, dict]:
    meetings: dict[str, dict] = {}
    day = date(2019, 2, 1)
    for n in range(24):
        span = rng.choice([0, 0, 0, 2, 5, 40])
        entry: dict = {
            "title": f"{rng.choice(['Summit', 'Dialogue', 'Visit', 'Working group'])} number {n + 1}"
            + (" on maritime safety, fisheries, the Taiwan Strait and the South China Sea" if n % 7 == 3 else ""),
            "start": day,
            "place": PLACES[n % len(PLACES)],
            "participants": rng.sample(["xi-jinping", "joe-biden", "wang-yi", "antony-blinken", "john-kerry"], 2),
            "description": f"Generated meeting {n + 1}.",
            "keywords": [f"meeting{n + 1}"],
        }
        if span:
            entry["end"] = day + timedelta(days=span)
        meetings[f"generated-meeting-{n + 1:02d}"] = entry
        day += timedelta(days=rng.randint(60, 110))
    # Still to come when the site is built (the newest article is in mid-2025).
    meetings["future-summit"] = {
        "title": "A summit still to come",
        "start": date(2025, 12, 30),
        "end": date(2026, 1, 2),
        "place": "Beijing",
        "participants": ["xi-jinping", "joe-biden"],
        "description": "Listed under upcoming meetings.",
        "keywords": ["future"],
    }
    meetings["uncovered-visit"] = {
        "title": "A visit nobody covered",
        "start": date(2020, 7, 1),
        "place": "Geneva",
        "participants": [],
        "description": "Its page and feed are empty.",
        "keywords": ["uncovered"],
    }
    return meetings


def _config(rng: random.Random) -> dict:
    config = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    config["site"].update(base_url=BASE_URL, page_size=PAGE_SIZE, feed_items=FEED_ITEMS)
    config["themes"].update(EXTRA_THEMES)
    config["meetings"].update(_meetings(rng))
    return config


def _yaml_text(value: str) -> str:
    """A double-quoted YAML scalar that keeps raw (unescaped) control characters, as a scraped file would."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _title(rng: random.Random, n: int) -> str:
    base = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    kind = n % 10
    if kind == 1:
        return f"{base}, {rng.choice(CLAUSES)}, {rng.choice(CLAUSES)}"
    if kind == 2:
        return f"{base}: “{LONG_WORD}” enters the diplomatic vocabulary"
    if kind == 3:
        return f"{base} — read the statement at {LONG_URL}"
    if kind == 4:
        return f"Xi tells Blinken: Let’s be partners, not rivals ({n})"
    return base


def _body(rng: random.Random, n: int, others: list[str], meetings: list[str]) -> str:
    other = others[rng.randrange(len(others))] if others else None
    paragraphs = [
        f"{rng.choice(SUBJECTS)} said on {rng.choice(['Friday', 'Monday', 'Tuesday'])} that the two countries "
        f"should {rng.choice(['cooperate', 'talk more', 'avoid a downward spiral'])}. "
        f"Article {n} of the generated digest.",
        _quoted(n),
        "## Background",
        "The talks lasted more than five and a half hours, according to officials who asked not to be named "
        "because they were not authorised to speak publicly about the closed-door meeting.",
        f"> “There are still a number of issues that need to be resolved,” the {rng.choice(['leader', 'minister'])} "
        "added. “We hope the other side can take a positive view.”",
        "## What they said",
        "- tariffs and export controls\n- students, journalists and **people-to-people** exchanges\n- Taiwan",
    ]
    if other:
        paragraphs.append(
            f"An [earlier report](../{other}/#what-they-said) covered the same ground, and "
            f"[this one]({BASE_URL}articles/{other}/#background) gives the background."
        )
    if meetings:
        paragraphs.append(f"See [the meeting page]({BASE_URL}meetings/{meetings[0]}/) for the other coverage.")
    if n % 5 == 0:
        paragraphs.append(f"The full readout is at <{LONG_URL}>, and the decree is called {LONG_WORD}.")
    if n % 6 == 0:
        paragraphs.append(f"The dataset is `{LONG_WORD.lower()}_{'x' * 50}` on the ministry's server.")
    if n % 9 == 0:
        paragraphs.append("中美关系 — the official readout in Chinese was longer than the English one.")
    if n % 11 == 0:
        paragraphs.append(f"Text pasted from a web page{''.join(CONTROL_SAMPLES)} carries invisible characters.")
    return "\n\n".join(paragraphs) + "\n"


def _quoted(n: int) -> str:
    speaker, wording = SPEAKERS[n % len(SPEAKERS)], WORDINGS[(n // 5) % len(WORDINGS)][n % 2]
    return f"{speaker} said the talks had been “{FRAGMENTS[n % 3]}”. “{wording[:-1]},” {speaker} added."


def _when(rng: random.Random, day: date, n: int) -> tuple[datetime, str]:
    """An aware datetime and how the front matter writes it: a bare date or a time with an offset."""
    if n % 3 == 0:
        return datetime.combine(day, time(0, 0), tzinfo=ZONE), day.isoformat()
    offset = timezone(timedelta(hours=rng.choice([8, -5, -4, 0, 1])))
    moment = datetime.combine(day, time(rng.randint(0, 23), rng.randint(0, 59)), tzinfo=offset)
    return moment, moment.isoformat(timespec="seconds")


def generate(root: Path, count: int = COUNT, seed: int = 2024) -> Generated:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    config = _config(rng)
    (root / "config.yaml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    articles_dir = root / "content" / "articles"
    articles_dir.mkdir(parents=True)
    generated = Generated(root, BASE_URL)
    generated.themes = [t for t in config["themes"] if t != "quiet-theme"]
    generated.meetings = [m for m in config["meetings"] if m != "uncovered-visit"]

    days = sorted(rng.sample(range((date(2025, 6, 30) - date(2019, 1, 1)).days), count))
    slugs: list[str] = []
    for n, offset in enumerate(days):
        day = date(2019, 1, 1) + timedelta(days=offset)
        if n % 25 == 1:  # a few share the previous article's day, so ties are ordered too
            day = date(2019, 1, 1) + timedelta(days=days[n - 1])
        when, written = _when(rng, day, n if n % 25 != 1 else 0)
        title = _title(rng, n)
        slug = f"{day.isoformat()}-generated-{n:03d}"
        themes = tuple(rng.sample(generated.themes, rng.choice([1, 1, 2, 3])))
        near = [m for m in generated.meetings if m.startswith("generated")]
        meetings = tuple(rng.sample(near, rng.choice([0, 1, 1, 2])))
        people = rng.sample(["xi-jinping", "joe-biden", "wang-yi", "antony-blinken", "mao-ning"], rng.randint(0, 4))
        source_name = rng.choice(SOURCES)
        source_url = None if n % 13 == 12 else (LONG_URL if n % 17 == 0 else f"https://news.example.com/{slug}?id={n}")
        draft = n % 97 == 50
        shown_title = title
        if n % 23 == 7:  # a control character inside the title itself
            title = title.replace(" ", " \x01", 1)
        lines = ["---", f"title: {_yaml_text(title)}", f"date: {written}"]
        source = []
        if source_name:
            source.append(f"name: {_yaml_text(source_name)}")
        if source_url:
            source.append(f"url: {_yaml_text(source_url)}")
        author = AUTHORS[n // 3 % len(AUTHORS)] if source_name and n % 3 == 0 else None
        if author:
            source.append(f"author: {_yaml_text(author)}")
        if n % 4 == 0:
            origin = f"{n:03d}_{rng.getrandbits(64):016x}.txt"
            source.append(f"origin: {origin}")
            (root / "content" / "sources").mkdir(exist_ok=True)  # kept as an import keeps it: check finds it there
            (root / "content" / "sources" / origin).write_text(f"The raw text of article {n}.\n", encoding="utf-8")
        if source:
            lines.append("source: {" + ", ".join(source) + "}")
        lines.append(f"themes: [{', '.join(themes)}]")
        if meetings:
            lines.append(f"meetings: [{', '.join(meetings)}]")
        if people:
            lines.append(f"people: [{', '.join(people)}]")
        if n % 2 == 0:
            lines.append(f"summary: {_yaml_text(f'A *short* summary of article {n}, written by an editor.')}")
        if draft:
            lines.append("draft: true")
        lines.append("---")
        body = _body(rng, n, slugs[-20:], list(meetings))
        (articles_dir / f"{slug}.md").write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
        if not draft:
            slugs.append(slug)
        generated.articles.append(Spec(slug, shown_title, when, themes, meetings, source_url, draft, author))
    return generated


if __name__ == "__main__":  # write one to look at: python tests/browser/sitegen.py /tmp/large
    import sys

    target = Path(sys.argv[1])
    made = generate(target)
    print(f"{len(made.articles)} articles in {target}; build with: digest build --config {target}/config.yaml")
