"""A deterministic digest project of N news-like articles, for benchmarks.

`python benchmarks/generate.py N OUTDIR` writes OUTDIR/config.yaml (8 themes,
12 meetings, 32 people), OUTDIR/templates/ (a copy of the repository's) and
OUTDIR/content/articles/*.md: about 7 KB of Markdown each, with `##`
subheadings, quotations in curly and straight quotes, links, some lists and
block quotes, and front matter (title, date with time and offset, source,
themes, meetings, people) spread over 2017–2024.

Why deterministic: a benchmark compares runs, so the corpus must not change
between them. Article i depends only on the seed and i, so the same N gives
byte-identical files, and a smaller corpus is the start of a larger one.
`--format hugo|pelican` writes the same articles for the peers (see peers.py).
Standard library only, so it runs with any Python 3.11+.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = "digest-benchmark-1"
FIRST_DAY = date(2017, 1, 1)
LAST_DAY = date(2024, 12, 31)
SITE_DESCRIPTION = "Statements, letters and meetings between the United States and China, curated from the press."

# --- vocabulary -----------------------------------------------------------------------------------------

THEMES: dict[str, dict] = {
    "partnership": {
        "title": "Partnership and mutual respect",
        "description": "Calls from both capitals to cooperate, manage differences and treat each other as partners.",
        "keywords": ["partner", "partnership", "mutual respect", "cooperation", "win-win"],
        "topics": [
            "a stable and predictable relationship",
            "mutual respect and peaceful coexistence",
            "guardrails for the relationship",
            "people-to-people exchanges",
            "the resumption of student exchanges",
            "a return to regular high-level dialogue",
            "the principle of win-win cooperation",
            "the spirit of the summit",
        ],
    },
    "taiwan": {
        "title": "Taiwan",
        "description": "Taiwan in US–China relations: Beijing's red line, US support, drills and elections.",
        "keywords": ["Taiwan", "Taipei", "Taiwan Strait", "red line"],
        "topics": [
            "arms sales to Taiwan",
            "the one-China policy",
            "transits by Taiwanese leaders through US cities",
            "patrols in the Taiwan Strait",
            "the island's presidential election",
            "Beijing's “red line” on Taiwan",
            "the Taiwan Relations Act",
            "congressional delegations to Taipei",
        ],
    },
    "military": {
        "title": "Military activity and defence contacts",
        "description": "Drills, military aid and the talks between the two defence establishments.",
        "keywords": ["military", "drills", "Pentagon", "defence"],
        "topics": [
            "military-to-military communication",
            "unsafe intercepts over the South China Sea",
            "large-scale drills around the island",
            "the defence policy coordination talks",
            "a maritime consultation mechanism",
            "the spy balloon incident",
            "nuclear arms control",
            "crisis hotlines between the two militaries",
        ],
    },
    "trade-technology": {
        "title": "Trade, technology and sanctions",
        "description": "Export bans, chips, tariffs, sanctions and restrictions on each other's businesses.",
        "keywords": ["trade", "tariffs", "semiconductor", "export controls", "sanctions"],
        "topics": [
            "export controls on advanced chips",
            "tariffs on electric vehicles",
            "the entity list",
            "outbound investment screening",
            "rare earth export licences",
            "the phase one trade deal",
            "restrictions on TikTok",
            "subsidies for clean-energy manufacturing",
        ],
    },
    "global-challenges": {
        "title": "Global challenges",
        "description": "Climate, health, fentanyl and other problems the two powers say they must tackle together.",
        "keywords": ["climate", "pandemic", "fentanyl", "methane"],
        "topics": [
            "methane emissions",
            "the flow of fentanyl precursors",
            "pandemic preparedness",
            "debt relief for developing countries",
            "the clean-energy transition",
            "food security",
            "artificial intelligence safety",
            "the climate working group",
        ],
    },
    "diplomatic-missions": {
        "title": "Diplomatic missions",
        "description": "Embassies, consulates, journalists' visas and the envoys who staff them.",
        "keywords": ["embassy", "consulate", "ambassador", "envoy", "visas"],
        "topics": [
            "the closure of consulates in Houston and Chengdu",
            "visas for journalists",
            "the new ambassador's credentials",
            "staffing at both embassies",
            "exit bans on American citizens",
            "the detention of foreign nationals",
            "direct flights between the two countries",
            "consular access",
        ],
    },
    "russia": {
        "title": "Russia",
        "description": "How China's ties with Russia weigh on its relations with Washington.",
        "keywords": ["Russia", "Moscow", "Ukraine"],
        "topics": [
            "dual-use exports to Russia",
            "the war in Ukraine",
            "secondary sanctions on Chinese banks",
            "the “no limits” partnership",
            "Russian oil purchases",
            "a peace plan for Ukraine",
            "joint bomber patrols",
            "the Moscow summit",
        ],
    },
    "human-rights": {
        "title": "Human rights",
        "description": "Hong Kong, Xinjiang, Tibet and the treatment of journalists and activists.",
        "keywords": ["human rights", "Hong Kong", "Xinjiang", "Tibet"],
        "topics": [
            "the national security law in Hong Kong",
            "forced-labour import bans",
            "the Uyghur Forced Labor Prevention Act",
            "the case of a detained publisher",
            "sanctions on officials in Xinjiang",
            "religious freedom in Tibet",
            "the annual human rights report",
            "transnational repression",
        ],
    },
}

# slug: (name, role as a reporter writes it, side)
PEOPLE: dict[str, tuple[str, str, str]] = {
    "xi-jinping": ("Xi Jinping", "Chinese President", "cn"),
    "joe-biden": ("Joe Biden", "US President", "us"),
    "donald-trump": ("Donald Trump", "US President", "us"),
    "antony-blinken": ("Antony Blinken", "Secretary of State", "us"),
    "wang-yi": ("Wang Yi", "Foreign Minister", "cn"),
    "qin-gang": ("Qin Gang", "then ambassador", "cn"),
    "li-qiang": ("Li Qiang", "Premier", "cn"),
    "he-lifeng": ("He Lifeng", "Vice-Premier", "cn"),
    "liu-he": ("Liu He", "then Vice-Premier", "cn"),
    "janet-yellen": ("Janet Yellen", "Treasury Secretary", "us"),
    "gina-raimondo": ("Gina Raimondo", "Commerce Secretary", "us"),
    "katherine-tai": ("Katherine Tai", "Trade Representative", "us"),
    "lloyd-austin": ("Lloyd Austin", "Defence Secretary", "us"),
    "dong-jun": ("Dong Jun", "Defence Minister", "cn"),
    "li-shangfu": ("Li Shangfu", "then Defence Minister", "cn"),
    "jake-sullivan": ("Jake Sullivan", "National Security Adviser", "us"),
    "kurt-campbell": ("Kurt Campbell", "Deputy Secretary of State", "us"),
    "nicholas-burns": ("Nicholas Burns", "US Ambassador", "us"),
    "xie-feng": ("Xie Feng", "Chinese Ambassador", "cn"),
    "mao-ning": ("Mao Ning", "foreign ministry spokeswoman", "cn"),
    "wang-wenbin": ("Wang Wenbin", "foreign ministry spokesman", "cn"),
    "zhao-lijian": ("Zhao Lijian", "then foreign ministry spokesman", "cn"),
    "karine-jean-pierre": ("Karine Jean-Pierre", "White House press secretary", "us"),
    "john-kerry": ("John Kerry", "climate envoy", "us"),
    "xie-zhenhua": ("Xie Zhenhua", "climate envoy", "cn"),
    "tsai-ing-wen": ("Tsai Ing-wen", "Taiwanese President", "tw"),
    "lai-ching-te": ("Lai Ching-te", "Taiwanese President", "tw"),
    "vladimir-putin": ("Vladimir Putin", "Russian President", "ru"),
    "liu-jianchao": ("Liu Jianchao", "senior diplomat", "cn"),
    "jon-finer": ("Jon Finer", "Deputy National Security Adviser", "us"),
    "pan-gongsheng": ("Pan Gongsheng", "central bank governor", "cn"),
    "robert-lighthizer": ("Robert Lighthizer", "then Trade Representative", "us"),
}

# slug: title, start, end, place, participants, description
MEETINGS: dict[str, tuple[str, date, date | None, str, list[str], str]] = {
    "mar-a-lago-2017": (
        "Trump–Xi summit at Mar-a-Lago",
        date(2017, 4, 6),
        date(2017, 4, 7),
        "Palm Beach, Florida",
        ["donald-trump", "xi-jinping"],
        "The first meeting of Donald Trump and Xi Jinping, over two days at the president's Florida resort.",
    ),
    "g20-osaka-2019": (
        "Trump–Xi meeting at the Osaka G20",
        date(2019, 6, 29),
        None,
        "Osaka, Japan",
        ["donald-trump", "xi-jinping"],
        "A truce in the trade war agreed on the sidelines of the G20 summit.",
    ),
    "phase-one-signing-2020": (
        "Signing of the phase one trade deal",
        date(2020, 1, 15),
        None,
        "Washington",
        ["donald-trump", "liu-he", "robert-lighthizer"],
        "Liu He and Donald Trump sign the first stage of a trade agreement at the White House.",
    ),
    "anchorage-talks-2021": (
        "High-level talks in Anchorage",
        date(2021, 3, 18),
        date(2021, 3, 19),
        "Anchorage, Alaska",
        ["antony-blinken", "jake-sullivan", "wang-yi"],
        "A combative first meeting between the Biden administration and Chinese diplomats.",
    ),
    "biden-xi-virtual-summit-2021": (
        "First Biden–Xi virtual summit",
        date(2021, 11, 15),
        None,
        "Video call",
        ["joe-biden", "xi-jinping"],
        "The first summit between Joe Biden and Xi Jinping, held by video.",
    ),
    "bali-g20-2022": (
        "Biden–Xi meeting in Bali",
        date(2022, 11, 14),
        None,
        "Nusa Dua, Bali, Indonesia",
        ["joe-biden", "xi-jinping", "antony-blinken", "wang-yi"],
        "The leaders' first in-person meeting since Joe Biden took office, before the G20 summit.",
    ),
    "blinken-beijing-2023": (
        "Blinken's visit to Beijing",
        date(2023, 6, 18),
        date(2023, 6, 19),
        "Beijing",
        ["antony-blinken", "xi-jinping", "wang-yi", "qin-gang"],
        "The first visit by a US secretary of state in five years, postponed after the balloon incident.",
    ),
    "yellen-beijing-2023": (
        "Yellen's visit to Beijing",
        date(2023, 7, 6),
        date(2023, 7, 9),
        "Beijing",
        ["janet-yellen", "li-qiang", "he-lifeng"],
        "Treasury Secretary Janet Yellen's talks on the economy, export controls and debt.",
    ),
    "woodside-summit-2023": (
        "Biden–Xi summit at Woodside",
        date(2023, 11, 15),
        None,
        "Filoli estate, Woodside, California",
        ["joe-biden", "xi-jinping"],
        "The leaders agreed to restore military communication and to curb fentanyl precursors.",
    ),
    "defence-talks-2024": (
        "Defence policy coordination talks",
        date(2024, 1, 8),
        date(2024, 1, 10),
        "Washington",
        ["jon-finer", "liu-jianchao"],
        "Defence officials resumed policy coordination talks at the Pentagon.",
    ),
    "blinken-beijing-2024": (
        "Blinken's second visit to Beijing",
        date(2024, 4, 24),
        date(2024, 4, 26),
        "Beijing and Shanghai",
        ["antony-blinken", "xi-jinping", "wang-yi"],
        "Talks with Wang Yi at the Diaoyutai state guesthouse and a meeting with Xi Jinping.",
    ),
    "lima-apec-2024": (
        "Biden–Xi meeting at APEC in Lima",
        date(2024, 11, 16),
        None,
        "Lima, Peru",
        ["joe-biden", "xi-jinping", "jake-sullivan", "wang-yi"],
        "The last meeting of the two leaders before the change of administration in Washington.",
    ),
}

SOURCES = [
    ("Pacific Ledger", "https://www.pacific-ledger.example/world/asia"),
    ("The Capital Dispatch", "https://capitaldispatch.example/news/foreign-policy"),
    ("Harbour Times", "https://www.harbourtimes.example/china"),
    ("Continental Post", "https://continentalpost.example/politics/world"),
    ("Eastern Review", "https://eastern-review.example/articles"),
    ("Wire Service Asia", "https://wsa.example/en/stories"),
    ("The Straits Monitor", "https://www.straitsmonitor.example/asia/east-asia"),
    ("Global Courier", "https://globalcourier.example/international"),
]
DATELINES = ["BEIJING", "WASHINGTON", "SHANGHAI", "HONG KONG", "TAIPEI", "NEW YORK", "SINGAPORE", "GENEVA"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OFFSETS = [timezone(timedelta(hours=8)), timezone(timedelta(hours=-5)), timezone(timedelta(hours=-4)), UTC]
SAID = ["said", "told reporters", "said in a statement", "wrote on social media", "said at a briefing", "added"]
VERBS = ["warns", "urges", "tells", "calls on", "welcomes", "rejects", "questions", "praises", "criticises", "defends"]
TARGETS = ["Washington", "Beijing", "both sides", "allies", "Congress", "investors", "the region", "the G20"]
AUDIENCES = ["Washington", "Beijing", "allies", "investors", "the region", "exporters", "Taipei"]
ADJECTIVES = ["fragile", "tense", "cautious", "constructive", "frank", "candid", "uncertain", "steady", "strained"]
ACTORS = [
    "Analysts",
    "Diplomats in the region",
    "Business groups",
    "Officials on both sides",
    "Lawmakers in Washington",
    "State media",
    "Former officials",
    "Scholars in Beijing",
]
QUOTES = [
    "We will not accept any attempt to interfere in our internal affairs",
    "Competition must not veer into conflict, and we have a shared responsibility to manage it",
    "The door to dialogue remains open, but it takes two sides to walk through it",
    "Both countries will benefit from cooperation and lose from confrontation",
    "We are clear-eyed about our differences, and we will keep speaking candidly about them",
    "Our message was direct: these actions undermine peace and stability",
    "There is no substitute for face-to-face diplomacy",
    "Nothing is agreed until everything is agreed",
    "We want to stabilise the relationship, not to decouple from it",
    "The world is big enough for both of our countries to succeed",
    "We have made progress, but there is a great deal of work ahead",
    "This is not about containment; it is about protecting our national security",
]
FILLER = [
    "The remarks came at a delicate moment for the relationship between the world's two largest economies.",
    "Neither side gave a timetable for further talks, and officials cautioned against expecting quick results.",
    "The statement did not name any country, but its target was clear to observers in the region.",
    "Markets in Shanghai and Hong Kong moved little after the announcement.",
    "Officials said working-level contacts would continue in the coming weeks.",
    "The ministry did not immediately respond to a request for comment.",
    "The exchange was described by one participant as long and at times heated.",
    "It was the third such meeting this year, after a pause of several months.",
    "A readout released afterwards was notably shorter than the one published after the previous round.",
    "Critics in both capitals said the talks had produced more words than commitments.",
]


@dataclass(frozen=True)
class Article:
    """One generated article: what every format (digest, Hugo, Pelican) writes."""

    index: int
    slug: str
    title: str
    when: datetime  # aware
    source_name: str
    source_url: str
    themes: tuple[str, ...]
    meetings: tuple[str, ...]
    people: tuple[str, ...]
    body: str  # Markdown, identical in every format


def slugify(text: str) -> str:
    text = text.lower().replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def yaml_str(text: str) -> str:
    """A JSON string is a valid double-quoted YAML scalar: safe for any title."""
    return json.dumps(text, ensure_ascii=False)


def _person(slug: str) -> str:
    return PEOPLE[slug][0]


def _surname(slug: str) -> str:
    name = PEOPLE[slug][0]
    # Chinese names are family-name first; the others are given-name first.
    return name.split()[0] if PEOPLE[slug][2] == "cn" else name.split()[-1]


def _with_role(slug: str) -> str:
    """ "Foreign Minister Wang Yi", or "Mao Ning, foreign ministry spokeswoman," for a lower-case role."""
    name, role, _ = PEOPLE[slug]
    return f"{name}, {role}," if role[0].islower() else f"{role} {name}"


def _title(rng: random.Random, people: tuple[str, ...], themes: tuple[str, ...]) -> str:
    who = _person(people[0]) if rng.random() < 0.7 else rng.choice(["Beijing", "Washington", "The Pentagon", "Taipei"])
    topic = rng.choice(THEMES[themes[0]]["topics"])
    form = rng.randrange(4)
    if form == 0:
        return f"{who} {rng.choice(VERBS)} {rng.choice(TARGETS)} over {topic}"
    if form == 1:
        return f"{who}: “{rng.choice(QUOTES)}”"
    if form == 2:
        return f"What {topic} means for {rng.choice(AUDIENCES)}"
    return f"{who} {rng.choice(VERBS)} {rng.choice(TARGETS)} on {topic}, as ties stay {rng.choice(ADJECTIVES)}"


def _link(rng: random.Random, source_url: str, when: datetime, text: str) -> str:
    path = "-".join(text.lower().split()[:6])
    return f"[{text}]({source_url}/{when:%Y/%m/%d}/{slugify(path)})"


def _sentence(rng: random.Random, a: dict) -> str:
    people, themes = a["people"], a["themes"]
    who = rng.choice(people)
    topic = rng.choice(THEMES[rng.choice(themes)]["topics"])
    form = rng.randrange(9)
    if form == 0:
        return f"{_with_role(who)} {rng.choice(SAID)} that the two countries should work on {topic}."
    if form == 1:
        return f"{rng.choice(ACTORS)} said the dispute over {topic} remained {rng.choice(ADJECTIVES)}."
    if form == 2:
        return f"{_surname(who)} also raised {topic}, according to a person familiar with the discussions."
    if form == 3:
        return f"“{rng.choice(QUOTES)},” {_surname(who)} {rng.choice(SAID)}."
    if form == 4:
        return f'"{rng.choice(QUOTES)}," {_surname(who)} {rng.choice(SAID)}, referring to {topic}.'
    if form == 5:
        return f"The talks touched on {topic} and on {rng.choice(THEMES[rng.choice(themes)]['topics'])}."
    if form == 6:
        return f"Asked about {topic}, {_surname(who)} said the matter was “{rng.choice(ADJECTIVES)} but manageable”."
    return rng.choice(FILLER)


def _paragraph(rng: random.Random, a: dict, sentences: int) -> str:
    return " ".join(_sentence(rng, a) for _ in range(sentences))


def _body(rng: random.Random, a: dict, when: datetime, source_url: str, target: int = 6600) -> str:
    """Paragraphs, subheadings, quotes, links and lists until the text is about `target` characters."""
    lead_person = a["people"][0]
    topic = rng.choice(THEMES[a["themes"][0]]["topics"])
    parts = [
        f"{rng.choice(DATELINES)} – {_with_role(lead_person)} {rng.choice(VERBS)} {rng.choice(TARGETS)} "
        f"on {WEEKDAYS[when.weekday()]} over {topic}, in remarks that {rng.choice(ACTORS).lower()} read as a "
        f"sign of a {rng.choice(ADJECTIVES)} phase in relations. " + _paragraph(rng, a, 2)
    ]
    size = len(parts[0])
    section = 0
    list_done = rng.random() >= 0.4  # about 40% of articles carry a list
    quote_done = rng.random() >= 0.25
    while size < target:
        section += 1
        if section % 4 == 0:
            block = f"## {rng.choice(THEMES[rng.choice(a['themes'])]['topics']).capitalize()}"
        elif not list_done and section > 3:
            list_done = True
            items = "\n".join(
                f"- {rng.choice(THEMES[rng.choice(a['themes'])]['topics'])}" for _ in range(rng.randint(3, 5))
            )
            block = f"The two sides listed the following among the issues still open:\n\n{items}"
        elif not quote_done and section > 5:
            quote_done = True
            block = f"> {rng.choice(QUOTES)}. {rng.choice(QUOTES)}.\n>\n> — {_person(rng.choice(a['people']))}"
        elif rng.random() < 0.3:
            link = _link(rng, source_url, when, rng.choice(["the full statement", "a readout", "an earlier report"]))
            block = f"{_paragraph(rng, a, rng.randint(1, 3))} The ministry published {link} on its website."
        else:
            block = _paragraph(rng, a, rng.randint(3, 5))
        parts.append(block)
        size += len(block) + 2
    return "\n\n".join(parts) + "\n"


def _meetings_for(rng: random.Random, day: date) -> tuple[str, ...]:
    """Meetings within six weeks of the article's day, mostly; now and then one from the past."""
    near = [slug for slug, m in MEETINGS.items() if abs((m[1] - day).days) <= 45]
    chosen = [slug for slug in near if rng.random() < 0.8]
    if not chosen and rng.random() < 0.08:
        past = [slug for slug, m in MEETINGS.items() if m[1] <= day]
        if past:
            chosen.append(rng.choice(past))
    return tuple(chosen)


def article(index: int, seed: str = SEED) -> Article:
    """Article number `index`: the same for a given seed, whatever the size of the corpus."""
    rng = random.Random(f"{seed}:{index}")
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    when = datetime(
        day.year, day.month, day.day, rng.randint(6, 22), rng.randrange(0, 60, 5), tzinfo=rng.choice(OFFSETS)
    )
    theme_slugs = list(THEMES)
    themes = tuple(rng.sample(theme_slugs, rng.choices([1, 2, 3], weights=[4, 4, 2])[0]))
    meetings = _meetings_for(rng, day)
    pool = [p for slug in meetings for p in MEETINGS[slug][4]]
    pool += rng.sample(list(PEOPLE), 4)
    people = tuple(dict.fromkeys(pool))[: rng.randint(1, 4)]
    title = _title(rng, people, themes)
    source_name, source_base = rng.choice(SOURCES)
    source_url = f"{source_base}/{when:%Y/%m/%d}/{slugify(title)[:60].rstrip('-')}"
    fields = {"people": people, "themes": themes}
    body = _body(rng, fields, when, source_base)
    slug = f"{day:%Y-%m-%d}-{slugify(title)[:70].rstrip('-')}"
    return Article(index, slug, title, when, source_name, source_url, themes, meetings, people, body)


def articles(n: int, seed: str = SEED) -> Iterator[Article]:
    """The first n articles, slugs made unique in index order (so they are stable as n grows)."""
    seen: set[str] = set()
    for index in range(n):
        a = article(index, seed)
        slug, k = a.slug, 2
        while slug in seen:
            slug, k = f"{a.slug}-{k}", k + 1
        seen.add(slug)
        yield a if slug == a.slug else Article(**{**a.__dict__, "slug": slug})


# --- the digest project ---------------------------------------------------------------------------------


def config_yaml() -> str:
    lines = [
        "# Generated by benchmarks/generate.py: a benchmark corpus, not real news.",
        "site:",
        '  title: "US–China Digest (benchmark)"',
        f"  description: {yaml_str(SITE_DESCRIPTION)}",
        '  base_url: "https://bench.example.org/"',
        "  language: en",
        "  timezone: America/New_York",
        '  author: "Benchmark editors"',
        "  feed_items: 20",
        "  page_size: 20",
        "",
        "themes:",
    ]
    for slug, t in THEMES.items():
        lines += [
            f"  {slug}:",
            f"    title: {yaml_str(t['title'])}",
            f"    description: {yaml_str(t['description'])}",
            f"    keywords: [{', '.join(yaml_str(k) for k in t['keywords'])}]",
        ]
    lines += ["", "meetings:"]
    for slug, (title, start, end, place, participants, description) in MEETINGS.items():
        lines += [f"  {slug}:", f"    title: {yaml_str(title)}", f"    start: {start.isoformat()}"]
        if end:
            lines.append(f"    end: {end.isoformat()}")
        lines += [
            f"    place: {yaml_str(place)}",
            f"    participants: [{', '.join(participants)}]",
            f"    description: {yaml_str(description)}",
        ]
    lines += ["", "people:"]
    for slug, (name, _, _) in PEOPLE.items():
        lines.append(f"  {slug}: {{name: {yaml_str(name)}, aliases: [{yaml_str(name.split()[-1])}]}}")
    return "\n".join(lines) + "\n"


def digest_markdown(a: Article) -> str:
    return (
        "---\n"
        f"title: {yaml_str(a.title)}\n"
        f"date: {a.when.isoformat()}\n"
        "source:\n"
        f"  name: {yaml_str(a.source_name)}\n"
        f"  url: {a.source_url}\n"
        f"themes: [{', '.join(a.themes)}]\n"
        f"meetings: [{', '.join(a.meetings)}]\n"
        f"people: [{', '.join(a.people)}]\n"
        "---\n\n" + a.body
    )


def write_digest(n: int, out: Path, templates: Path = REPO / "templates", seed: str = SEED) -> None:
    """A digest project in `out`: config.yaml, templates/ and content/articles/."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.yaml").write_text(config_yaml(), encoding="utf-8")
    if (out / "templates").exists():
        shutil.rmtree(out / "templates")
    shutil.copytree(templates, out / "templates", symlinks=False)
    folder = out / "content" / "articles"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for a in articles(n, seed):
        (folder / f"{a.slug}.md").write_text(digest_markdown(a), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("outdir", type=Path, help="folder to write (its articles are replaced)")
    parser.add_argument("--format", choices=["digest", "hugo", "pelican"], default="digest")
    parser.add_argument("--seed", default=SEED, help="another seed gives another corpus of the same shape")
    args = parser.parse_args(argv)
    if args.format == "digest":
        write_digest(args.n, args.outdir, seed=args.seed)
    else:
        import peers

        (peers.write_hugo if args.format == "hugo" else peers.write_pelican)(args.n, args.outdir, seed=args.seed)
    print(f"wrote {args.n} articles ({args.format}) to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
