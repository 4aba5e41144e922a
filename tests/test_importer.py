"""The importer on the five raw seeds and on invented raw pages it has never seen."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import SEEDS
from markdown_it import MarkdownIt

from digest.config import load_config
from digest.errors import DigestError
from digest.importer import convert, import_files, slugify
from digest.model import Config, ImportRules

REPO = Path(__file__).resolve().parents[1]
SAMPLES = Path(__file__).resolve().parent / "samples"
KEYS = ["title", "date", "source", "themes", "meetings", "people", "summary", "draft", "review"]


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(REPO / "config.yaml")


def split(text: str) -> tuple[dict, str]:
    """Front matter (parsed) and body of an imported file, checking the file's shape on the way."""
    assert text.startswith("---\n") and text.endswith("\n") and not text.endswith("\n\n")
    front, body = text[4:].split("\n---\n", 1)
    assert body.startswith("\n") and not body.startswith("\n\n")
    meta = yaml.safe_load(front)
    assert list(meta) == [k for k in KEYS if k in meta]
    return meta, body[1:]


def run(name: str, config: Config, folder: Path = SAMPLES):
    result = convert((folder / name).read_bytes(), name, config)
    meta, body = split(result.text)
    return result, meta, body


# --- the five seeds ------------------------------------------------------------------

SEED_FACTS = {
    "000_fba3f4d3a64f0fa6.txt": (
        "Xi Jinping calls for China and US to be partners and friends amid soaring tensions",
        date(2024, 10, 16),
        None,
        ["date 2024-10-16"],
    ),
    "001_33013f208c2d793d.txt": (
        "Chinese President Xi Jinping Urges US To Cooperate, Practice Mutual Respect",
        None,
        None,
        [
            "US-CHINA-DIPLOMACY-BIDEN-KERRY-XI",
            "Photo credit should read",
            "Getty Images",
            "Tags",
            "Real Time Analytics",
        ],
    ),
    "002_40121218b3ce605e.txt": (
        "Xi tells Blinken: Let’s be partners, not rivals",
        None,
        None,
        ["spot_img", "27.5 C", "Philippines", "Saturday, November 23, 2024", "Advertisement", "LATEST NEWS", "Popular"],
    ),
    "003_09c8b037cbd582b9.txt": (
        "Biden, Xi express desire for US-China cooperation ahead of first virtual summit",
        None,
        "Community News",
        ["Us China", "United States News & Top Stories", "Community News"],
    ),
    "004_d3f9335dec126b37.txt": (
        "Xi Jinping said China wants to work with the US to improve ties between the world’s biggest economies",
        None,
        None,
        [],
    ),
}


@pytest.mark.parametrize("name", sorted(SEED_FACTS))
def test_seed_front_matter(name: str, config: Config) -> None:
    title, day, source_name, _ = SEED_FACTS[name]
    result, meta, _ = run(name, config, SEEDS)
    assert meta["title"] == title
    assert meta["source"].get("name") == source_name
    assert meta["source"]["origin"] == name
    assert "url" not in meta["source"]
    assert meta["draft"] is True  # nothing is published before an editor has looked
    if day:
        assert meta["date"] == day
        assert meta["review"] == ["title", "date", "source (no address)", "themes", "meetings", "people"]
        assert result.filename == f"{day}-{slugify(title)}.md"
        assert result.needs_review == ("source",)
    else:
        assert "date" not in meta  # never null, never a guess
        assert meta["review"] == ["title", "date (not found)", "source (no address)", "themes", "meetings", "people"]
        assert result.filename == f"undated-{slugify(title)}.md"
        assert result.needs_review == ("date", "source")


def test_seed_filenames(config: Config) -> None:
    names = [convert((SEEDS / n).read_bytes(), n, config).filename for n in sorted(SEED_FACTS)]
    assert names == [
        "2024-10-16-xi-jinping-calls-for-china-and-us-to-be-partners-and-friends.md",
        "undated-chinese-president-xi-jinping-urges-us-to-cooperate-practice.md",
        "undated-xi-tells-blinken-lets-be-partners-not-rivals.md",
        "undated-biden-xi-express-desire-for-us-china-cooperation-ahead-of.md",
        "undated-xi-jinping-said-china-wants-to-work-with-the-us-to-improve.md",
    ]


@pytest.mark.parametrize("name", sorted(SEED_FACTS))
def test_seed_noise_gone_and_every_paragraph_kept_verbatim(name: str, config: Config) -> None:
    title, *_, noise = SEED_FACTS[name]
    _, _, body = run(name, config, SEEDS)
    body_lines = body.split("\n")
    for text in noise:
        assert text not in body
    raw_lines = [line.strip() for line in (SEEDS / name).read_text(encoding="utf-8").splitlines()]
    paragraphs = [s for s in raw_lines if len(s) > 80 and s != title and not any(n in s for n in noise)]
    assert paragraphs, "the seed has real paragraphs"
    for line in paragraphs:
        assert line in body_lines  # byte-identical: curly quotes, dashes, ellipses, no-break spaces


@pytest.mark.parametrize(
    ("name", "headings"),
    [
        ("000_fba3f4d3a64f0fa6.txt", ["Call for friendship comes amid rising US-China tensions"]),
        (
            "001_33013f208c2d793d.txt",
            [
                "Xi Jinping has been lobbying for mutual respect for months",
                "Joe Biden, Xi Jinping's virtual meeting scheduled for next week",
                "US-China's relations became tense due to Taiwan",
            ],
        ),
        ("002_40121218b3ce605e.txt", []),
        ("004_d3f9335dec126b37.txt", []),
    ],
)
def test_seed_subheadings(name: str, headings: list[str], config: Config) -> None:
    _, _, body = run(name, config, SEEDS)
    assert [line[3:] for line in body.split("\n") if line.startswith("## ")] == headings


def test_seed_reports_say_where_each_fact_came_from(config: Config) -> None:
    reports = {n: convert((SEEDS / n).read_bytes(), n, config).report for n in SEED_FACTS}
    assert "date 2024-10-16 (explicit date line, line 1)" in reports["000_fba3f4d3a64f0fa6.txt"]
    assert (
        'source name "Community News" (site suffix of the repeated title, line 1)'
        in reports["003_09c8b037cbd582b9.txt"]
    )
    assert "title (first headline, line 6)" in reports["002_40121218b3ce605e.txt"]
    assert (
        'needs review: date — no article date found (ignored "Saturday, November 23, 2024" on line 4: '
        "page header date before the headline)"
    ) in reports["002_40121218b3ce605e.txt"]
    assert "dropped line 3 (photo slug): US-CHINA-DIPLOMACY-BIDEN-KERRY-XI" in reports["001_33013f208c2d793d.txt"]
    assert "dropped line 2 (section line under the headline): Us China" in reports["003_09c8b037cbd582b9.txt"]


# --- suggestions ------------------------------------------------------------------------


def test_people_by_name_and_alias_as_whole_words(config: Config) -> None:
    result, meta, _ = run("001_33013f208c2d793d.txt", config, SEEDS)
    assert "xi-jinping" in meta["people"]
    assert any(line.startswith("person xi-jinping:") and '"Jinping"' in line for line in result.report)
    assert "john-kerry" not in meta["people"]  # named only in the dropped photo caption
    assert "wang-yi" not in meta["people"] and "antony-blinken" not in meta["people"]
    _, meta, _ = run("002_40121218b3ce605e.txt", config, SEEDS)
    assert {"xi-jinping", "antony-blinken", "wang-yi", "joe-biden"} <= set(meta["people"])
    # "Wang Wenbin", "Hunter Biden" and "Xinjiang" are not Wang Yi, Joe Biden or Xi
    _, meta, _ = run("iso_timestamp.txt", config)
    assert meta["people"] == []


def test_meetings_need_a_date_in_the_window(config: Config) -> None:
    _, meta, _ = run("000_fba3f4d3a64f0fa6.txt", config, SEEDS)
    assert meta["meetings"] == ["ncuscr-gala-2024"]  # not the 2021 gala with the same keywords
    result, meta, _ = run("002_40121218b3ce605e.txt", config, SEEDS)
    assert meta["meetings"] == []  # undated: offered in the report, not written
    assert any(line.startswith("possible meeting blinken-beijing-2024") for line in result.report)
    raw = (SEEDS / "002_40121218b3ce605e.txt").read_bytes()
    dated = raw.replace(b"rivals\n", b"rivals\nPublished: April 26, 2024\n", 1)
    meta, _ = split(convert(dated, "002.txt", config).text)
    assert meta["date"] == date(2024, 4, 26)
    assert meta["meetings"] == ["woodside-summit-2023", "blinken-beijing-2024"]


def test_themes_need_keyword_evidence(config: Config) -> None:
    result, meta, _ = run("000_fba3f4d3a64f0fa6.txt", config, SEEDS)
    assert {"partnership", "taiwan", "russia"} <= set(meta["themes"])
    assert 'theme russia: keywords "Russia" (line 10)' in result.report
    result, meta, _ = run("hostile_markup.txt", config)
    assert meta["themes"] == [] and "themes (none found)" in meta["review"] and meta["draft"] is True


# --- varied raw samples -----------------------------------------------------------------

SAMPLE_FACTS = [
    # file, filename, source name, source url, a paragraph that must survive, noise that must not
    (
        "wire_reuters.txt",
        "2023-06-18-china-and-us-agree-to-resume-military-hotline-beijing-says.md",
        "Reuters",
        None,
        "The hotline, set up in 2008, was cut after tensions rose over Taiwan.",
        ["Skip to", "World", "By Jane", "GMT+8", "hours ago", "Share on", "Reporting by"],
    ),
    (
        "xinhua_dateline.txt",
        "2023-11-07-chinese-us-climate-envoys-hold-talks-in-sunnylands.md",
        "Xinhua",
        None,
        "The two sides had in-depth discussions on climate cooperation and agreed to work together on methane and "
        "other non-CO2 greenhouse gases.",
        ["Updated", "Editor:"],
    ),
    (
        "blog_published.txt",
        "2023-03-03-why-the-biden-xi-call-matters-more-than-the-readouts-suggest.md",
        "The Pacific Ledger",
        None,
        "As always, the real test will be whether the working-level talks actually resume.",
        ["Menu", "By Mark", "Published", "min read", "Tags", "Leave a", "email address", "Comment", "©"],
    ),
    (
        "iso_timestamp.txt",
        "2023-06-18-us-and-china-hold-first-trade-talks-in-months-as-tensions.md",
        None,
        "https://news.example.com/world/us-china-trade-talks-2023",
        "Reporters asked about Hunter Biden, but he was not mentioned at the briefing.",
        ["2023-06-18T", "Source:"],
    ),
    (
        "noisy_page.txt",
        "2023-11-14-us-china-envoys-meet-in-geneva-to-calm-trade-dispute.md",
        "The Daily Ledger",
        None,
        "A joint statement is expected later this week.",
        ["cookie", "Home »", "Share this", "Published", "min read", "Photo:", "Read more", "READ MORE", "newsletter"]
        + ["Getty", "Click here", "Follow us", "Most Read", "Markets rally", "Related Topics", "Daily Ledger"],
    ),
    (
        "relative_only.txt",
        "undated-beijing-signals-openness-to-more-student-exchanges-with.md",
        None,
        None,
        "Critics note that many US universities have closed their programmes in China since the pandemic, and that "
        "visas remain a problem.",
        ["Opinion", "hours ago"],
    ),
    (
        "cp1252_crlf.txt",
        "2024-02-10-cafe-diplomacy-wang-yis-frank-talks-with-blinken-in-zurich.md",
        None,
        None,
        "“We don’t agree on everything — but we agreed to keep talking,” Blinken told reporters afterwards.",
        ["Posted on", "\r"],
    ),
    (
        "utf8_bom.txt",
        "2023-10-09-xi-jinping-meets-us-governors-in-beijing.md",
        None,
        None,
        "The governors, led by California’s Gavin Newsom, discussed climate cooperation and trade.",
        ["\ufeff", "Date:"],
    ),
    (
        "mojibake_cr.txt",
        "2023-12-05-beijing-says-xis-message-to-us-business-leaders-was-sincere.md",
        None,
        None,
        "The ministry said the two economies were “deeply intertwined” and called for more trade and investment.",
        ["â€", "\r", "Updated"],
    ),
]


@pytest.mark.parametrize(("name", "filename", "source_name", "url", "paragraph", "noise"), SAMPLE_FACTS)
def test_samples(name, filename, source_name, url, paragraph, noise, config: Config) -> None:
    result, meta, body = run(name, config)
    assert result.filename == filename
    assert meta["source"].get("name") == source_name
    assert meta["source"].get("url") == url
    assert paragraph in body.split("\n")
    for text in noise:
        assert text not in body
    undated = filename.startswith("undated-")
    assert ("date" in result.needs_review) is undated
    assert ("date" not in meta) is undated


def test_sample_titles_and_dates(config: Config) -> None:
    found = {n: run(n, config)[1] for n, *_ in SAMPLE_FACTS}
    assert found["cp1252_crlf.txt"]["title"] == "Café diplomacy: Wang Yi’s “frank” talks with Blinken in Zürich"
    assert found["mojibake_cr.txt"]["title"] == "Beijing says Xi’s message to US business leaders was “sincere”"
    assert found["utf8_bom.txt"]["title"] == "Xi Jinping meets US governors in Beijing"
    assert found["noisy_page.txt"]["title"] == "US, China envoys meet in Geneva to calm trade dispute"
    assert found["blog_published.txt"]["date"] == date(2023, 3, 3)  # published, not updated
    assert found["xinhua_dateline.txt"]["date"] == date(2023, 11, 7)  # the dateline, not the update stamp


def test_relative_time_is_reported_not_used(config: Config) -> None:
    result, _, _ = run("relative_only.txt", config)
    assert (
        'needs review: date — no article date found (ignored "2 hours ago" on line 2: a relative time, not a date)'
        in result.report
    )


def test_encodings_inline(config: Config) -> None:
    text = "Xi’s “partners” speech — read in full\n\nHe said “we must cooperate…” on Friday.\n"
    for raw in (
        text.encode("utf-16"),
        b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
        text.replace("\n", "\r").encode("cp1252"),
    ):
        meta, body = split(convert(raw, "x.txt", config).text)
        assert meta["title"] == "Xi’s “partners” speech — read in full"
        assert body == "He said “we must cooperate…” on Friday.\n"


# --- Markdown safety --------------------------------------------------------------------


@pytest.mark.parametrize("html", [False, True])
def test_hostile_markup_renders_as_plain_text(html: bool, config: Config) -> None:
    _, _, body = run("hostile_markup.txt", config)
    rendered = MarkdownIt("js-default", {"html": html}).render(body)
    for tag in ("<script", "<a ", "<img", "<h1", "<blockquote", "<ul", "<ol", "<hr", "<code", "<em", "<strong", "<s>"):
        assert tag not in rendered
    # one paragraph per line, nothing else; the tracker image and the rule after the prose are furniture
    assert rendered.count("<p>") == 7 and "pixel.gif" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "[click](javascript:alert(1))" in rendered
    assert "2024. That year began" in rendered and "#1 [priority]" not in rendered
    assert "~~struck~~ text &amp;amp; entities" in rendered


@pytest.mark.parametrize(
    "title",
    [
        'Xi: "yes" to talks, says envoy',
        "- leading dash in a headline",
        "@handle says talks went well",
        "#hashtag diplomacy is the new normal",
        "It's 'single' and \"double\" quoting here",
        "Headline ending with a colon:",
        "2024-01-01 was the day it changed",
        "yes no on off null ~ true",
        "% percent & ampersand * star ! bang",
    ],
)
def test_any_title_round_trips_through_yaml(title: str, config: Config) -> None:
    raw = f"{title}\n\nThe article's first paragraph is here, and it is long enough to be one.\n".encode()
    meta, _ = split(convert(raw, "t.txt", config).text)
    assert meta["title"] == title


# --- rules an editor can change, and layout heuristics ------------------------------------------


def test_config_noise_patterns_apply(config: Config) -> None:
    raw = b"Envoys meet again in Geneva today\n\nSponsored by Acme Corp\n\nThe envoys met for five hours on Tuesday.\n"
    _, body = split(convert(raw, "s.txt", config).text)
    assert "Sponsored by Acme Corp" in body
    custom = dataclasses.replace(config, import_rules=ImportRules(noise=("^sponsored by ",), source_suffixes=()))
    result = convert(raw, "s.txt", custom)
    assert "Sponsored by" not in split(result.text)[1]
    assert "dropped line 3 (config import.noise /^sponsored by /): Sponsored by Acme Corp" in result.report


def test_trailer_heading_mid_article_drops_only_itself(config: Config) -> None:
    long = "The envoys then met again for a working dinner, where they discussed tariffs and climate at length."
    raw = f"Envoys meet again in Geneva today\n\nThey met on Tuesday.\n\nRelated Topics\n\n{long}\n".encode()
    _, body = split(convert(raw, "s.txt", config).text)
    assert "Related Topics" not in body and long in body


def test_hard_wrapped_lines_are_rejoined(config: Config) -> None:
    raw = b"Envoys meet again in Geneva today\n\nThe envoys met for five hours on Tuesday and\nagreed to meet again.\n"
    _, body = split(convert(raw, "s.txt", config).text)
    assert body == "The envoys met for five hours on Tuesday and agreed to meet again.\n"


def test_slugify() -> None:
    assert slugify("Xi tells Blinken: Let’s be partners, not rivals") == "xi-tells-blinken-lets-be-partners-not-rivals"
    assert slugify("Café diplomacy in Zürich — Biden–Xi, U.S. view") == "cafe-diplomacy-in-zurich-biden-xi-us-view"
    long = slugify("word " * 30)
    assert len(long) <= 60 and not long.endswith("-") and long.endswith("word")
    assert slugify("习近平会见布林肯").startswith("article-")


# --- bad input and files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "is empty"),
        (b" \n\t\r\n ", "holds only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file (NUL byte at offset 8)"),
        (bytes(range(1, 32)) * 20, "looks like a binary file"),
        (b"spot_img\n27.5 C\n- Advertisement -\n", "has no article text left after removing web-page noise"),
    ],
)
def test_unusable_input_is_a_clear_error(raw: bytes, message: str, config: Config) -> None:
    with pytest.raises(DigestError) as caught:
        convert(raw, "raw/bad.txt", config)
    (problem,) = caught.value.problems
    assert problem.path == "raw/bad.txt" and problem.field is None
    assert problem.message.startswith(message) and problem.hint


def test_import_files_writes_nothing_for_bad_input_and_carries_on(tmp_path: Path, config: Config) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    into = tmp_path / "out" / "articles"
    paths = [empty, tmp_path / "missing.txt", folder, SEEDS / "000_fba3f4d3a64f0fa6.txt"]
    results, problems = import_files(paths, into, config, force=False)
    assert [str(p) for p in problems] == [
        f"{empty}: is empty — check that the scrape saved the article's text",
        f"{tmp_path / 'missing.txt'}: file not found — check the path",
        f"{folder}: is a folder, not a file — pass the article's text file",
    ]
    assert [r.filename for r in results] == [
        "2024-10-16-xi-jinping-calls-for-china-and-us-to-be-partners-and-friends.md"
    ]
    assert sorted(p.name for p in into.iterdir()) == [results[0].filename]
    assert results[0].report[-1] == f"wrote {into / results[0].filename}"


def test_unreadable_file_is_a_problem(tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Some headline for the test\n\nBody.\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)  # chmod 0 does not stop root
    results, problems = import_files([locked], tmp_path / "out", config, force=False)
    assert results == [] and [str(p) for p in problems] == [
        f"{locked}: cannot be read: Permission denied — check the file's permissions"
    ]
    assert not (tmp_path / "out").exists()


def test_refuses_to_overwrite_without_force_and_is_idempotent(tmp_path: Path, config: Config) -> None:
    seed = SEEDS / "002_40121218b3ce605e.txt"
    (first,), _ = import_files([seed], tmp_path, config, force=False)
    target = tmp_path / first.filename
    written = target.read_bytes()
    assert written == first.text.encode("utf-8")
    (again,), problems = import_files([seed], tmp_path, config, force=False)
    assert problems == [] and again.report[-1].startswith("unchanged")
    assert target.read_bytes() == written

    target.write_text("edited by hand\n", encoding="utf-8")
    results, problems = import_files([seed], tmp_path, config, force=False)
    assert results == [] and [str(p) for p in problems] == [f"{target}: already exists — pass --force to overwrite it"]
    assert target.read_text(encoding="utf-8") == "edited by hand\n"

    (forced,), problems = import_files([seed], tmp_path, config, force=True)
    assert problems == [] and forced.report[-1] == f"replaced {target}"
    assert target.read_bytes() == written
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.filename]  # no temporary file left behind


def test_same_input_same_bytes(tmp_path: Path, config: Config) -> None:
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    sources = tmp_path / "sources"  # where the samples' copies are kept: never the repository's content/sources
    first, problems = import_files(paths, tmp_path / "a", config, force=False, sources=sources)
    second, _ = import_files(paths, tmp_path / "b", config, force=False, sources=sources)
    assert problems == [] and len(first) == len(paths) == 15
    for a, b in zip(first, second, strict=True):
        assert (tmp_path / "a" / a.filename).read_bytes() == (tmp_path / "b" / b.filename).read_bytes()


def test_two_inputs_with_one_filename_never_overwrite_each_other(tmp_path: Path, config: Config) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("Xi meets Blinken in Beijing again\n\nFirst version of the story.\n")
    two.write_text("Xi meets Blinken in Beijing again\n\nSecond, different version of the story.\n")
    into = tmp_path / "out"
    results, problems = import_files([one, two], into, config, force=True, sources=tmp_path / "sources")
    target = into / "undated-xi-meets-blinken-in-beijing-again.md"
    assert [r.origin for r in results] == [str(one)]
    assert [str(p) for p in problems] == [
        f"{two}: would be written to {target}, like {one} in this run — import one of them at a time and rename "
        "the first file"
    ]
    assert "First version" in target.read_text(encoding="utf-8")


def test_mixed_encoding_and_stray_bytes(config: Config) -> None:
    raw = "Xi’s “partners” speech read in full\n\nHe said “yes” — then".encode() + b" \x93no\x94.\n"
    result = convert(raw, "m.txt", config)
    meta, body = split(result.text)
    assert meta["title"] == "Xi’s “partners” speech read in full"
    assert body == "He said “yes” — then “no”.\n"
    assert "encoding UTF-8 with 2 stray Windows-1252 byte(s), read as Windows-1252" in result.report


def test_dates_only_from_metadata_never_from_sentences(config: Config) -> None:
    raw = (
        b"Envoys meet again in Geneva today\n\n"
        b"BEIJING, June 18 (Reuters) - The envoys met on Friday, March 1, 2024, for five hours.\n\n"
        b"The report was published on May 3, 2023.\n"
    )
    result = convert(raw, "d.txt", config)
    meta, body = split(result.text)
    assert "date" not in meta and "date (not found)" in meta["review"]
    assert "The report was published on May 3, 2023." in body
    assert any('"BEIJING, June 18" on line 3: a dateline without a year' in line for line in result.report)


# --- text dumps of whole pages (tests/samples/pages/*.txt: the visible text of the .html beside them) --------------

PAGES = SAMPLES / "pages"


def test_a_wordpress_dump_keeps_the_article_and_only_it(config: Config) -> None:
    result, meta, body = run("wordpress.txt", config, PAGES)
    assert meta["title"] == "Taiwan tops the agenda as Wang Yi and Sullivan meet in Bangkok"  # not "Trending: …"
    assert meta["source"]["name"] == "The Pacific Ledger" and "author" not in meta["source"]  # "admin" is nobody
    assert "date" not in meta  # "05/03/2024" could be May 3 or March 5: left for review, never guessed
    assert any("a date written with numbers only" in line for line in result.report)
    lines = body.split("\n")
    assert lines[0].startswith("China’s foreign minister Wang Yi") and "## What each side wanted" in lines
    assert "the military hotline, restored in December;" in lines  # a list's items stay
    for text in ("Trending", "Posted on", "Click to share", "Opens in new window", "Related", "Leave a Reply",
                 "Photo: Pool", "Recent Posts", "Privacy Policy", "Independent notes"):  # fmt: skip
        assert text not in body, text


def test_a_newspaper_dump(config: Config) -> None:
    result, meta, body = run("newspaper.txt", config, PAGES)
    assert meta["title"] == "Xi and Biden agree to resume military talks at Woodside summit"
    assert meta["date"] == date(2023, 11, 16)  # the first stamp, not "Updated Nov. 17, 2023"
    assert meta["source"]["author"] == "Jane Morrow and Li Wen"
    assert body.startswith("WOODSIDE, Calif. — ")  # the byline is not the first paragraph
    assert [line for line in body.split("\n") if line.startswith("## ")] == [
        "## Taiwan remains the sharpest difference"
    ]
    for text in ("Continue reading", "You might also like", "APEC in San Francisco", "Xi’s first US trip",
                 "Comments (12)", "Advertisement", "cookies", "Most Read", "Terms of Service"):  # fmt: skip
        assert text not in body, text


def test_a_wire_dump(config: Config) -> None:
    result, meta, body = run("wire.txt", config, PAGES)
    assert meta["title"] == "China, US hold first round of talks on AI risks in Geneva"  # not the menu above it
    assert meta["date"] == date(2024, 5, 14)  # "Published", not "Updated"
    assert meta["source"] == {"name": "Global Wire", "author": "Tom Keller", "origin": "wire.txt"}
    assert "source (no address)" in meta["review"]
    for text in ("Listen to this article", "min read", "Trust Principles", "Enter your email", "Sign up",
                 "Subscribe", "Reporting by", "Read Next", "Tariffs on Chinese EVs"):  # fmt: skip
        assert text not in body, text


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Published Nov. 16, 2024 Updated Nov. 17, 2024", date(2024, 11, 16)),
        ("Updated Nov. 17, 2024 | Published Nov. 16, 2024", date(2024, 11, 16)),
        ("Updated: Nov. 17, 2024", date(2024, 11, 17)),
    ],
)
def test_published_is_preferred_to_updated_in_ap_style(line: str, day: date, config: Config) -> None:
    raw = f"Envoys meet again in Geneva today\n{line}\n\nThe envoys met for five hours on Tuesday, officials said.\n"
    meta, _ = split(convert(raw.encode(), "d.txt", config).text)
    assert meta["date"] == day


def test_a_date_at_the_end_of_the_article(config: Config) -> None:
    raw = (
        "Envoys meet again in Geneva today\n\nThe envoys met for five hours on Tuesday and agreed to meet again soon.\n"
        "They did not say where the next round would be held, officials said.\n\nPublished: Nov. 16, 2024\n"
    )
    meta, body = split(convert(raw.encode(), "d.txt", config).text)
    assert meta["date"] == date(2024, 11, 16) and "Published" not in body


DUMP_PROSE = [
    "The two delegations met for five hours on Tuesday and agreed to meet again next month, officials said.",
    "Neither side said where the next round would be held, or who would lead it when the talks start again.",
    "Both governments described the meeting as candid and constructive in statements issued after it ended.",
]


@pytest.mark.parametrize(
    "above",
    [
        ["Home", "World", "Politics", "Envoys agree to meet again after five hours of talks"],  # the same words
        ["Home", "World", "Envoys agree they will meet again after long talks in Geneva"],  # most of the same words
    ],
)
def test_a_dump_takes_the_headline_printed_above_the_article_when_its_title_line_agrees(
    above: list[str], config: Config
) -> None:
    lines = ["Geneva talks: envoys agree to meet again after five hours of talks | Example News", *above]
    lines += ["By Jane Morrow", *DUMP_PROSE]
    meta, body = split(convert("\n".join(lines).encode(), "dump.txt", config).text)
    assert meta["title"] == above[-1]
    assert "Example News" not in body and "Geneva talks:" not in body and above[-1] not in body


def test_a_dump_keeps_its_title_line_when_the_page_repeats_it_with_more(config: Config) -> None:
    lines = ["Envoys agree to meet again after five hours of talks | Example News", "World"]
    lines += ["Envoys agree to meet again after five hours of talks, World News & Top Stories", *DUMP_PROSE]
    meta, _ = split(convert("\n".join(lines).encode(), "dump.txt", config).text)
    assert meta["title"] == "Envoys agree to meet again after five hours of talks"


STATEMENT_TEXT = [
    "Secretary of State Antony J. Blinken met today with President Xi Jinping in Beijing. The Secretary stressed the "
    "importance of keeping channels of communication open to responsibly manage the relationship.",
    "He also raised concerns about Taiwan and the South China Sea, and the two sides agreed to keep talking.",
]


@pytest.mark.parametrize(
    ("header", "title"),
    [
        (["Secretary Blinken's Meeting with PRC President Xi Jinping", "MEDIA NOTE", "Office of the Spokesperson",
          "April 26, 2024"], "Secretary Blinken's Meeting with PRC President Xi Jinping"),
        (["Secretary Blinken's Meeting with PRC President Xi Jinping", "FOR IMMEDIATE RELEASE",
          "Office of the Spokesperson"], "Secretary Blinken's Meeting with PRC President Xi Jinping"),
        (["U.S. DEPARTMENT OF STATE", "Office of the Spokesperson", "PRESS STATEMENT",
          "Secretary Blinken's Meeting with PRC President Xi Jinping"],
         "Secretary Blinken's Meeting with PRC President Xi Jinping"),
        (["Readout of Secretary Blinken's Call with PRC Foreign Minister Wang Yi", "READOUT",
          "Office of the Spokesperson"], "Readout of Secretary Blinken's Call with PRC Foreign Minister Wang Yi"),
    ],
)  # fmt: skip
def test_a_statements_title_is_its_headline_not_the_office_that_issued_it(
    header: list[str], title: str, config: Config
) -> None:
    """state.gov prints a statement's headline, then "Office of the Spokesperson" and the date above its text: a
    copy of it imported as text was titled "Office of the Spokesperson" (the last headline-like line above the
    prose), and the headline was dropped as furniture. The office, release markers and dates are never the title,
    and the office's line is not the text's either; "Readout of…" is a headline."""
    raw = "\n".join([*header, "", *STATEMENT_TEXT]).encode()
    result = convert(raw, "statement.txt", config)
    meta, body = split(result.text)
    assert meta["title"] == title
    assert body.startswith("Secretary of State Antony J. Blinken met today")
    assert not [line for line in header if line in body]
    issuer = "(issuer line: who issued the statement, not its text): Office of the Spokesperson"
    assert any(line.startswith("dropped line") and line.endswith(issuer) for line in result.report)
    # With no headline at all, the office's line is not one: the title is left for review.
    meta, _ = split(
        convert("\n".join(["Office of the Spokesperson", "", *STATEMENT_TEXT]).encode(), "s.txt", config).text
    )
    assert (
        meta["title"].startswith("Secretary of State Antony J. Blinken")
        and "title (no headline found)" in meta["review"]
    )


HEADLINE = "Secretary Blinken's Meeting with PRC President Xi Jinping"


@pytest.mark.parametrize(
    "sign_off",
    [
        ["Ministry of Foreign Affairs of the People's Republic of China"],
        ["U.S. Department of State | Office of the Spokesperson"],
        ["Embassy of the People's Republic of China in the United States of America", "December 3, 2026"],
    ],
)
def test_a_statements_sign_off_is_not_its_text(sign_off: list[str], config: Config) -> None:
    """A statement ends with the office that issued it, as it opens with it: "Ministry of Foreign Affairs of the
    People's Republic of China" stayed as the draft's last paragraph, which readers would take for its text. It is
    dropped like the header's office line, and the report says so; the text's own sentences stay."""
    raw = "\n\n".join([HEADLINE, *STATEMENT_TEXT, *sign_off]).encode()
    result = convert(raw, "statement.txt", config)
    _, body = split(result.text)
    assert body.rstrip().endswith("the two sides agreed to keep talking.")
    assert [line for line in result.report if "(sign-off: who issued the statement, not its text)" in line]


def test_a_sentence_naming_the_office_at_the_end_stays(config: Config) -> None:
    said = "The Office of the Spokesperson will hold a briefing on the talks tomorrow in Washington."
    raw = "\n\n".join([HEADLINE, *STATEMENT_TEXT, said]).encode()
    assert split(convert(raw, "statement.txt", config).text)[1].rstrip().endswith(said)


@pytest.mark.parametrize("sign_off", ["U.S. Department of State | Office of the Spokesperson", "# # #", "– END –"])
def test_a_saved_statements_sign_off_is_not_its_text(sign_off: str, config: Config) -> None:
    """The same statement saved as a page: its closing mark ("# # #", "– END –") or its offices side by side."""
    paragraphs = "".join(f"<p>{text}</p>" for text in [*STATEMENT_TEXT, sign_off])
    raw = f"<html><body><article><h1>{HEADLINE}</h1>{paragraphs}</article></body></html>".encode()
    _, body = split(convert(raw, "statement.html", config).text)
    assert body.rstrip().endswith("the two sides agreed to keep talking.")


@pytest.mark.parametrize("html", [False, True])
def test_what_follows_a_releases_end_mark_is_not_its_text(html: bool, config: Config) -> None:
    """A release ends with "###" and, below it, its press contact: the contact stayed as the draft's last
    paragraph. A few lines after the end mark are dropped; the report says which."""
    contact = "For further information, please contact the Office of the Spokesperson at spokesperson@state.gov."
    if html:
        paragraphs = "".join(f"<p>{text}</p>" for text in [*STATEMENT_TEXT, "###", contact])
        raw = f"<html><body><article><h1>{HEADLINE}</h1>{paragraphs}</article></body></html>"
    else:
        raw = "\n\n".join([HEADLINE, *STATEMENT_TEXT, "###", contact])
    result = convert(raw.encode(), "statement.html" if html else "statement.txt", config)
    assert split(result.text)[1].rstrip().endswith("the two sides agreed to keep talking.")
    assert [line for line in result.report if "(after the release's end mark: its contacts or notes" in line]


@pytest.mark.parametrize(
    "above",
    [
        ["December 3, 2026"],
        ["2026-12-03"],
        ["FOR IMMEDIATE RELEASE", "Office of the Spokesperson", "Dec. 3, 2026"],
        ["2026/12/03"],
        ["2026年12月3日"],
        ["PRESS STATEMENT", "2026 / 12 / 3"],
    ],
)
def test_a_date_printed_above_a_statements_headline_is_its_date(above: list[str], config: Config) -> None:
    """A statement copied as text often opens with its date, then its headline: the date was dropped as a page's
    header date ("2026-12-03" as a photo's slug), and the draft was left undated, named `undated-…`. Its header
    lines are all the statement's own, so the date is the statement's: read, and neither title nor text."""
    result = convert("\n".join([*above, HEADLINE, "", *STATEMENT_TEXT]).encode(), "statement.txt", config)
    meta, body = split(result.text)
    assert meta["date"] == date(2026, 12, 3) and "date" in meta["review"] and "date (not found)" not in meta["review"]
    assert meta["title"] == HEADLINE and result.filename.startswith("2026-12-03-secretary-blinkens-meeting")
    assert body.startswith("Secretary of State Antony J. Blinken met today") and "2026" not in body


@pytest.mark.parametrize(
    "above",
    [["https://www.mfa.gov.cn/eng/xw/2026/12/03/story.html"], ["Posted in the archive for 2026/12/03 by the desk"]],
)
def test_a_year_first_date_inside_an_address_or_a_sentence_is_not_the_articles(
    above: list[str], config: Config
) -> None:
    """A year-first date ("2026/12/03") is read only on a line of its own, never inside an address or a sentence."""
    meta, _ = split(convert("\n".join([*above, HEADLINE, "", *STATEMENT_TEXT]).encode(), "s.txt", config).text)
    assert "date" not in meta and "date (not found)" in meta["review"]


@pytest.mark.parametrize(
    "closing",
    [
        ["Ministry of Foreign Affairs of the People's Republic of China", "2026年12月3日"],
        ["Embassy of the People's Republic of China in the United States of America", "December 3, 2026"],
        ["December 3, 2026"],
        ["2026/12/03"],
    ],
)
def test_a_date_closing_a_statement_is_its_date(closing: list[str], config: Config) -> None:
    """China's foreign ministry ends a statement with its office and date ("2026年12月3日"): the draft was left
    undated although the statement says when. With no other date, the last line's is the date, and not the text."""
    result = convert("\n\n".join([HEADLINE, *STATEMENT_TEXT, *closing]).encode(), "statement.txt", config)
    meta, body = split(result.text)
    assert meta["date"] == date(2026, 12, 3) and "date (not found)" not in meta["review"]
    assert body.rstrip().endswith("the two sides agreed to keep talking.") and "2026" not in body


def test_a_closing_date_that_disagrees_is_put_to_the_editor(config: Config) -> None:
    """The date above the headline is kept; the statement's last line saying another day is named in `review:`."""
    raw = "\n\n".join(["December 2, 2026", HEADLINE, *STATEMENT_TEXT, "December 3, 2026"]).encode()
    meta, body = split(convert(raw, "statement.txt", config).text)
    assert meta["date"] == date(2026, 12, 2)
    assert "date (the statement's last line says 2026-12-03)" in meta["review"] and "2026" not in body


@pytest.mark.parametrize("mark", [" Enditem", "Enditem", " Enditem/ls", " (END)"])
@pytest.mark.parametrize("html", [False, True])
def test_an_end_mark_glued_to_the_last_paragraph_is_not_its_text(mark: str, html: bool, config: Config) -> None:
    """Xinhua runs "Enditem" into its last sentence ("…said Wang. Enditem", "…Wang.Enditem"): it stayed at the end
    of the draft's text. It is cut from the last paragraph only; the same word inside the text stays."""
    first = f"{STATEMENT_TEXT[0]} Officials said the Enditem mark closes wire copy."
    text = [first, STATEMENT_TEXT[1] + mark]
    _, body = split(convert(*_imported_as(text, html), config).text)
    assert body.rstrip().endswith("the two sides agreed to keep talking.")
    assert "the Enditem mark closes wire copy." in body


PUBLISHED_DEC_2 = '<meta property="article:published_time" content="2026-12-02">'


@pytest.mark.parametrize(("head", "day", "review"), [("", 3, "date"), (PUBLISHED_DEC_2, 2, "date (the statement's")])
def test_a_saved_statements_closing_date(head: str, day: int, review: str, config: Config) -> None:
    """The same statement saved as a page, its metadata dating it or not: its closing date is the date when nothing
    else is, put to the editor when it differs, and never its text."""
    closing = ["Ministry of Foreign Affairs of the People's Republic of China", "2026年12月3日"]
    paragraphs = "".join(f"<p>{text}</p>" for text in [*STATEMENT_TEXT, *closing])
    raw = f"<html><head>{head}</head><body><article><h1>{HEADLINE}</h1>{paragraphs}</article></body></html>"
    meta, body = split(convert(raw.encode(), "statement.html", config).text)
    assert meta["date"] == date(2026, 12, day) and "2026" not in body
    assert any(item.startswith(review) for item in meta["review"]) and "date (not found)" not in meta["review"]


@pytest.mark.parametrize("html", [False, True])
@pytest.mark.parametrize(
    "paragraph",
    [
        "Contact: the two sides agreed to keep talking about trade.",
        "Contacts: between the two militaries resumed in November, after a pause of more than a year.",
        "(Correction: An earlier version of this story misstated the date of the meeting between the ministers.)",
        "(Editor's note: This story has been updated to include comments from the Chinese foreign ministry.)",
        "(By 2030, China aims to double its exports of electric vehicles to Europe, the report said.)",
        "Reporters can reach the embassy at press@china-embassy.org for further comment on the talks.",
    ],
)
def test_a_sentence_that_opens_like_a_contact_or_a_note_is_kept(paragraph: str, html: bool, config: Config) -> None:
    """A press contact is names, numbers and addresses, and a wire's note to editors is in capitals ("(CORRECTION:
    CORRECTS name)"): a sentence opening with "Contact:", or a correction told to readers, is the article's text,
    and was dropped."""
    texts = [STATEMENT_TEXT[0], paragraph, STATEMENT_TEXT[1]]
    if html:
        raw = f"<html><body><article><h1>{HEADLINE}</h1>{''.join(f'<p>{t}</p>' for t in texts)}</article></body></html>"
    else:
        raw = "\n\n".join([HEADLINE, *texts])
    _, body = split(convert(raw.encode(), "story.html" if html else "story.txt", config).text)
    assert paragraph.removeprefix("(").removesuffix(")")[:50] in body.replace("\\", "")


@pytest.mark.parametrize(
    "line",
    [
        "Contact: Press Office (202) 224-5521",
        "Media contact: for press inquiries, please write to press@state.gov.",
        "(CORRECTION: CORRECTS spelling of name in paragraph 3)",
        "(ATTN: RECASTS headline, lead)",
    ],
)
def test_a_press_contact_and_a_wire_note_are_still_dropped(line: str, config: Config) -> None:
    raw = "\n\n".join([HEADLINE, STATEMENT_TEXT[0], line, STATEMENT_TEXT[1]])
    _, body = split(convert(raw.encode(), "story.txt", config).text)
    assert line[5:30] not in body and "keep talking" in body


@pytest.mark.parametrize(
    "aside",
    ["(By Tuesday, Beijing And Washington Had Agreed.)", "(BY TUESDAY, THE TWO SIDES HAD AGREED.)"],
)
@pytest.mark.parametrize("html", [False, True])
def test_a_sentence_in_brackets_is_never_taken_for_a_wire_signature(aside: str, html: bool, config: Config) -> None:
    """A sentence in brackets with every word capitalised has the shape of a wire signature, "(By Kim Soo-yeon)",
    and was dropped from the draft. A signature is names only; the real one under it still goes."""
    text = [STATEMENT_TEXT[0], aside, STATEMENT_TEXT[1], "(By Kim Soo-yeon)"]
    _, body = split(convert(*_imported_as(text, html), config).text)
    assert aside in body and "Kim Soo-yeon" not in body


NOTE_TO_READERS = "Correction: An earlier version of this story misstated the month of the next meeting."


@pytest.mark.parametrize("mark", [" Enditem", "\n\nEnditem", " (END)", "\n\n(END)"])
@pytest.mark.parametrize("note", [NOTE_TO_READERS, "Editor's note: This story has been updated with Wang's remarks."])
@pytest.mark.parametrize("html", [False, True])
def test_a_note_to_readers_below_the_end_mark_is_kept_and_the_mark_cut(
    mark: str, note: str, html: bool, config: Config
) -> None:
    """A wire story may carry a correction or an editor's note below its end mark. The mark run into the sentence
    stayed in the draft when a paragraph followed it; set on a line of its own, the note below it was dropped as a
    release's press contact. The mark goes, the note told to readers stays, and the report says so."""
    text = [STATEMENT_TEXT[0], *(STATEMENT_TEXT[1] + mark).split("\n\n"), note]
    result = convert(*_imported_as(text, html), config)
    _, body = split(result.text)
    assert body.rstrip().endswith(note) and "Enditem" not in body and "(END)" not in body
    assert "the two sides agreed to keep talking.\n\n" + note in body


def _imported_as(text: list[str], html: bool) -> tuple[bytes, str]:
    """The headline and `text`'s paragraphs as a saved page or as a text file, and the name to import it by."""
    if html:
        paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in text)
        return f"<html><body><article><h1>{HEADLINE}</h1>{paragraphs}</article></body></html>".encode(), "s.html"
    return "\n\n".join([HEADLINE, *text]).encode(), "s.txt"


def _dated_page(lang: str, printed: str, address: str = "") -> bytes:
    canonical = f'<link rel="canonical" href="{address}">' if address else ""
    paragraphs = "".join(f"<p>{text}</p>" for text in STATEMENT_TEXT)
    return (
        f'<html lang="{lang}"><head>{canonical}</head><body><article><h1>{HEADLINE}</h1>'
        f'<p class="date">{printed}</p>{paragraphs}</article></body></html>'
    ).encode()


@pytest.mark.parametrize(
    ("lang", "printed", "address", "day"),
    [
        ("en-US", "03/06/2024", "", None),  # was 2024-06-03: read day first on an American page
        ("en", "06.03.24", "", None),
        ("en", "06.03.24", "https://example.com/news/2024/03/story.html", date(2024, 3, 6)),
        ("en", "03.06.24", "https://example.com/news/2024/03/story.html", date(2024, 3, 6)),
        ("de", "06.03.24", "", date(2024, 3, 6)),
        ("en", "13.03.24", "", date(2024, 3, 13)),  # day and month in one order only
        ("en", "06.06.24", "", date(2024, 6, 6)),
    ],
)
def test_a_date_in_figures_is_read_only_when_the_page_tells_day_from_month(
    lang: str, printed: str, address: str, day: date | None, config: Config
) -> None:
    """A page printing its date in figures ("06.03.24", "03/06/2024") may mean 6 March or 3 June: the date is
    taken when the page tells which (its address's year and month, a language that writes the day first), else
    none is guessed and `review:` gives both readings."""
    result = convert(_dated_page(lang, printed, address), "page.html", config)
    meta, body = split(result.text)
    assert meta.get("date") == day
    assert printed not in body  # the page's date line, as one in words is: it stayed as the text's first paragraph
    if day is None:
        assert f"date (`{printed}` may be " in " ".join(meta["review"])
        assert "6 March 2024" in " ".join(meta["review"]) and "3 June 2024" in " ".join(meta["review"])


def test_another_date_in_figures_on_the_page_tells_day_from_month(config: Config) -> None:
    """ "15/03/2024" can only be read day first: the page's "06/03/2024" is then 6 March."""
    raw = _dated_page("en", "06/03/2024").replace(b"</article>", b'<p class="date">Updated 15/03/2024</p></article>')
    meta, _ = split(convert(raw, "page.html", config).text)
    assert meta["date"] == date(2024, 3, 6)


@pytest.mark.parametrize(
    ("head", "printed", "day"),
    [
        ("", "<time>03/06/2024</time>", None),  # was 2024-06-03, read day first
        ("", '<abbr class="published">03/06/2024</abbr>', None),
        ('<meta name="date" content="03/06/2024">', "", None),
        ("", '<p class="credit">KYODO NEWS - 03/06/2024 - 09:41 | World</p>', None),  # the line under the headline
        ("", '<time datetime="2024-06-03">03/06/2024</time>', date(2024, 6, 3)),  # written year first beside it
    ],
)
def test_a_date_in_figures_in_a_time_element_or_metadata_is_not_guessed(
    head: str, printed: str, day: date | None, config: Config
) -> None:
    """The same doubt where htmldate reads a <time>, an <abbr> or a <meta> tag's figures, or the importer the line
    under the headline: day first, in silence."""
    paragraphs = "".join(f"<p>{text}</p>" for text in STATEMENT_TEXT)
    raw = f'<html lang="en"><head>{head}</head><body><article><h1>{HEADLINE}</h1>{printed}{paragraphs}</article>'
    meta, _ = split(convert(f"{raw}</body></html>".encode(), "page.html", config).text)
    assert meta.get("date") == day
    if day is None:
        assert "date (`03/06/2024` may be 3 June 2024 or 6 March 2024)" in meta["review"]
