"""Hostile input to `digest import` and the quotation extractor: sizes, characters no page can hold, fuzzing.

Timing is checked as a ratio inside one test (the time for 4n against the time for n, best of 3), never as an
absolute time, so a slow or busy machine cannot fail it, while a quadratic stage (16 times slower) always does.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import REPO, digest, make_project, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.build import build, check
from digest.config import load_config
from digest.errors import DigestError
from digest.importer import MAX_ARTICLE_BYTES, MAX_RAW_BYTES, ImportResult, convert
from digest.load import load_article
from digest.model import Config, Quote
from digest.quotes import apply_overrides, extract_quotes, quote_key

SAMPLES = Path(__file__).resolve().parent / "samples"
# What no page, feed or front matter may carry: controls but tab and line feed, non-characters, lone surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff\ufffe\uffff\U0010fffe\U0010ffff]")


@cache
def config() -> Config:
    return load_config(REPO / "config.yaml")


# --- linear time ---------------------------------------------------------------------------------------------


def best_time(run: Callable[[], object], below: float = 0.0) -> float:
    """The best of 3 runs in CPU time of this process, which other work on the machine does not inflate (of fewer
    runs, once one is under `below`: a passing check need not wait for the others)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
        if best < below:
            break
    return best


def assert_linear(run: Callable[[int], object], n: int, what: str) -> None:
    """run(4n) takes less than 8 times run(n), and a little: linear with room for noise; quadratic is 16 times."""
    run(n)  # compiled patterns, caches: not what is measured
    small = best_time(lambda: run(n))
    bound = 8 * small + 0.05
    large = best_time(lambda: run(4 * n), below=bound)
    assert large < bound, f"{what}: {small:.3f} s for {n}, {large:.3f} s for {4 * n}: grows faster than linearly"


def repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


NAMES = ["Xi Jinping", "Antony Blinken", "Wang Yi", "Joe Biden", "Qin Gang", "Mao Ning"]
PARAGRAPHS = {  # (what a paragraph repeats, n characters)
    "straight quote and a letter": ('"a ', 4_000),
    "quotations and verbs in one sentence": ("said “a” ", 4_000),
    "quotations attributed to names": (" ".join(f"“We will work with you,” {name} said, " for name in NAMES), 24_000),
    "names, sentences and pronouns": (
        " ".join(f"{name} met Wang Yi. “We will work with you,” he said." for name in NAMES),
        24_000,
    ),
}


@pytest.mark.parametrize(("unit", "n"), PARAGRAPHS.values(), ids=PARAGRAPHS.keys())
def test_quotation_extraction_is_linear_in_the_paragraph_length(unit: str, n: int) -> None:
    people = config().people
    assert_linear(lambda size: extract_quotes([repeat(unit, size)], people), n, f"a paragraph of {unit!r}")


def test_an_answer_of_rhetorical_questions_is_linear_in_its_paragraphs() -> None:
    """Each of an answer's own questions looks a few paragraphs ahead for the answer going on, never to the end."""
    people = config().people
    question = "The US says one thing. Who is breaking the rules, isn't it the US?"
    assert_linear(
        lambda n: extract_quotes(["Mao Ning: We urge the US to stop.", *[question] * n, "We hope so."], people),
        2_000,
        "an answer of rhetorical questions",
    )


def test_speaker_corrections_are_linear_in_the_number_of_quotations_and_corrections() -> None:
    def run(n: int) -> None:
        quotes = [Quote(f"We will work with you, number {i}, and more", None, i) for i in range(n)]
        corrections = [{"text": f"Something else entirely, {i}, that nobody said", "speaker": None} for i in range(n)]
        assert len(apply_overrides(quotes, [*corrections, {"text": "we will work with you, number", "speaker": "x"}]))

    assert_linear(run, 500, "front matter quotes: corrections")
    assert_linear(lambda n: quote_key("a" + " ," * n + "b"), 4_000, "a quotation's key")


HEADLINE = b"Xi Jinping meets Antony Blinken in Beijing for talks\n\n"
RAW_TEXTS = {
    "one line of person names": lambda n: HEADLINE + repeat("Xi Jinping met Joe Biden and Wang Yi. ", n).encode(),
    "Windows-1252 full of stray bytes": lambda n: (
        HEADLINE + repeat("Xi said it\x92s a caf\xe9 day. ", n).encode("latin-1")
    ),
    "clean UTF-8 article text": lambda n: repeat(
        (SAMPLES / "blog_published.txt").read_text("utf-8") + "\n", n
    ).encode(),
}


@pytest.mark.parametrize("make", RAW_TEXTS.values(), ids=RAW_TEXTS.keys())
def test_import_is_linear_in_the_input_size(make: Callable[[int], bytes]) -> None:
    assert_linear(lambda n: convert(make(n), "raw.txt", config()), 32_000, "import")


# --- size limits ---------------------------------------------------------------------------------------------


def test_an_input_over_the_importers_limit_is_refused_with_its_size_and_nothing_is_written(project: Path) -> None:
    (project / "raw.txt").write_bytes(HEADLINE + b"Xi met Biden. " * (MAX_RAW_BYTES // 14 + 100_000))
    before = snapshot(project / "content")
    run = digest("import", "raw.txt", cwd=project)
    assert run.code == 1
    assert "raw.txt: is 9.3 MB, over the importer's 8 MB limit — split it or trim the page before importing" in run.err
    assert "Traceback" not in run.err and snapshot(project / "content") == before


def test_text_that_would_make_an_article_over_the_loaders_limit_is_refused() -> None:
    raw = HEADLINE + (b"Xi Jinping met Joe Biden and Wang Yi in Beijing. " * 22 + b"\n") * 2_700  # 2.8 MB
    with pytest.raises(DigestError) as caught:
        convert(raw, "raw.txt", config())
    (problem,) = caught.value.problems
    assert problem.path == "raw.txt"
    assert problem.message == "would make an article of 2.8 MB, over the 2 MB an article file may have"
    assert MAX_ARTICLE_BYTES == 2 * 2**20
    assert problem.hint == "split it or trim the page before importing"


# --- characters no page can hold -----------------------------------------------------------------------------

HOSTILE_RAW = (
    "Xi Jinping \ufffe meets Antony Blinken in \ufdd0Beijing\x01 for talks\n"
    "Published: April 26, 2024\n\n"
    "Chinese President Xi Jinping told Antony Blinken\uffff that the two countries should be partners.\x02\n\n"
    "Both sides\x7f agreed to keep talking, officials said.\n\n"
    "© 2024 Evil\ufffe Wire\n"
)


def test_imported_controls_and_noncharacters_are_dropped_said_and_the_site_builds(project: Path) -> None:
    (project / "raw.txt").write_text(HOSTILE_RAW, encoding="utf-8")
    run = digest("import", "raw.txt", cwd=project)
    assert run.code == 0, run.err
    assert "dropped 3 control character(s) (U+0001, U+0002, U+007F): no page or feed can show them" in run.out
    assert "dropped 4 Unicode non-character(s) (U+FDD0, U+FFFE, U+FFFF): no page or feed can show them" in run.out
    (written,) = (project / "content/articles").glob("2024-04-26-xi-jinping-meets-*.md")
    text = written.read_text(encoding="utf-8")
    assert not FORBIDDEN.search(text) and not re.search(r"\\(x0|x7f|u[fF]{2}|u[fF][dD])", text)
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["title"] == "Xi Jinping meets Antony Blinken in Beijing for talks"
    assert meta["source"]["name"] == "Evil Wire" and meta["draft"] is True
    # the editor publishes it: the build below then shows it
    written.write_text(re.sub(r"(?m)^review: .*\n", "", text).replace("draft: true", "draft: false"), "utf-8")

    checked = digest("check", cwd=project)
    assert checked.code == 0, checked.err
    built = digest("build", cwd=project)
    assert built.code == 0, built.err
    page = next((project / "site/articles").glob("2024-04-26-xi-jinping-meets-*/index.html")).read_text("utf-8")
    assert "Evil Wire" in page and not FORBIDDEN.search(page)


STATEMENT = (
    "Secretary of State Antony J. Blinken met today with President Xi Jinping in Beijing. The Secretary stressed the "
    "importance of keeping channels of communication open to responsibly manage the relationship.",
    "He also raised concerns about Taiwan and the South China Sea, and the two sides agreed to keep talking.",
)
STATEMENT_TITLE = "Secretary Blinken's Meeting with PRC President Xi Jinping"


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u200b", "\u2060", "\u202e"])
@pytest.mark.parametrize("html", [False, True], ids=["text", "html"])
def test_an_invisible_character_does_not_hide_a_statements_header_line(mark: str, html: bool) -> None:
    """A page copied with a direction mark or a zero-width space after its header's lines ("Office of the
    Spokesperson\u200e") was titled by the office (as text), or opened with the office and "MEDIA NOTE" (as HTML):
    the rules that know those lines compared the line with the mark."""
    header = ["MEDIA NOTE", "Office of the Spokesperson", "April 26, 2024"]
    marked = [line + mark for line in header]
    if html:
        raw = f"<html><body><article><h1>{STATEMENT_TITLE}</h1><p>{'<br>'.join(marked)}<br>{STATEMENT[0]}</p>"
        raw += f"<p>{STATEMENT[1]}</p></article></body></html>"
    else:
        raw = "\n".join([STATEMENT_TITLE, *marked, "", *STATEMENT])
    text = convert(raw.encode(), "statement.html" if html else "statement.txt", config()).text
    front, body = text.split("---\n")[1:3]
    assert yaml.safe_load(front)["title"] == STATEMENT_TITLE
    assert body.strip().startswith("Secretary of State Antony J. Blinken met today")
    assert not [line for line in header if line in body]


def test_a_control_character_in_the_files_name_never_reaches_the_front_matter() -> None:
    result = convert(HOSTILE_RAW.encode(), "raw\x1b[31m\ufffe.txt", config())
    meta = yaml.safe_load(result.text.split("---\n")[1])
    assert meta["source"]["origin"] == "raw[31m.txt"


def test_a_utf16_byte_order_mark_on_a_file_that_is_not_utf16_is_a_message_not_a_crash(project: Path) -> None:
    (project / "raw.txt").write_bytes(b"\xff\xfeX\x00i\x00 ")  # an odd number of bytes: truncated
    run = digest("import", "raw.txt", cwd=project)
    assert run.code == 1
    assert run.err.startswith(
        "raw.txt: starts with a UTF-16 byte order mark but is not UTF-16 (byte 6: truncated data) — "
        "save the article's text again as UTF-8\n"
    )


# --- --into ----------------------------------------------------------------------------------------------------


def test_import_into_a_regular_file_is_one_message_naming_it_and_writes_nothing(project: Path) -> None:
    (project / "raw.txt").write_text(HOSTILE_RAW, encoding="utf-8")
    (project / "notes.txt").write_text("not a folder\n", encoding="utf-8")
    before = snapshot(project)
    run = digest("import", "raw.txt", "--into", "notes.txt", cwd=project)
    assert run.code == 1, run.err
    assert run.err.splitlines()[0] == (
        "notes.txt: is a file, not a folder — pass the folder the articles go in with --into "
        "(content/articles by default)"
    )
    assert "internal error" not in run.err and snapshot(project) == before

    below = digest("import", "raw.txt", "--into", "notes.txt/articles", cwd=project)
    assert below.code == 1
    assert below.err.startswith("notes.txt/articles: cannot be made: notes.txt is a file, not a folder — ")
    assert snapshot(project) == before


# --- fuzzing ---------------------------------------------------------------------------------------------------

PIECES = [
    *("\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\ufffe", "\uffff", "\ufdd0", "\U0010ffff", "\ufeff"),
    *("\u2028", "\u2029", "\u202e", "\u200b", "\t", "\r", "\r\n", "\n", "\n\n", "\f", "\v"),
    *(": ", "#", "&anchor ", "*alias", "!!tag ", "!!python/object:os.system ", "---", "...", "%YAML 1.1", "? ", "- "),
    *("{", "}", "[", "]", "|", ">", "'", '"', "`", "\\", "~~~", "```", "    ", "1. ", "> ", "* ", "_", "<!--"),
    *("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "[x](javascript:a)"),
    *("&amp;", "&#0;", "&lt;", "Xi Jinping", "Wang Yi", "Mr Xi", "Wang Wenbin", " said", " he added", "“", "”"),
    *("«", "„", "date 2024-10-16 ", "Published: March 3, 2023", "By Jane Doe", "Share", "Related", "Tags", "© 2024 "),
    *("https://example.com/a", "Source: https://x.y/z", "WASHINGTON (Reuters) - ", "â€™", "Ã©", "café", "Zürich"),
]
YAML_HEADLINES = [": colon", "# hash", "&anchor x", "*alias", "!!tag y", "---", "- dash", "? key", "'quoted'", "%YAML"]

piece = st.one_of(
    st.sampled_from(PIECES), st.text(max_size=12), st.sampled_from(["Xi ", "a ", "“a” "]).map(lambda u: u * 300)
)
line = st.lists(piece, max_size=8).map("".join)
headline = st.tuples(st.sampled_from(YAML_HEADLINES), line).map(lambda t: f"{t[0]} Xi Jinping meets {t[1]}")
document = st.tuples(headline, st.lists(line, max_size=10)).map(lambda t: "\n".join([t[0], *t[1]]))
encoded = st.tuples(document, st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"])).map(
    lambda t: t[0].encode(t[1], errors="replace")
)
mutated = st.tuples(
    st.sampled_from(sorted(SAMPLES.glob("*.txt"))), st.lists(st.tuples(st.integers(0, 4000), st.binary(max_size=3)))
).map(lambda t: _mutate(t[0].read_bytes(), t[1]))
RAW = st.one_of(encoded, mutated, st.binary(max_size=400))


def _mutate(raw: bytes, edits: list[tuple[int, bytes]]) -> bytes:
    for at, new in edits:
        at %= len(raw) + 1
        raw = raw[:at] + new + raw[at + 1 :]
    return raw


def converted(raw: bytes) -> ImportResult | None:
    """The import, or None for a DigestError naming the file: any other exception fails the test."""
    try:
        return convert(raw, "raw.txt", config())
    except DigestError as error:
        assert error.problems and all(p.path == "raw.txt" and p.message for p in error.problems)
        return None


def strings(value: object) -> list[str]:
    """Every string in parsed YAML (escapes such as "\\uFFFE" decoded): keys and values, at any depth."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return [value] if isinstance(value, str) else []


@settings(max_examples=120, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=RAW)
def test_fuzzed_raw_text_imports_as_an_article_the_loader_accepts_or_is_refused_with_a_message(raw: bytes) -> None:
    result = converted(raw)
    if result is None:
        return
    front, body = result.text.removeprefix("---\n").split("\n---\n", 1)
    assert not FORBIDDEN.search(body) and not any(FORBIDDEN.search(text) for text in strings(yaml.safe_load(front)))
    article, problems, _, _ = load_article(f"content/articles/{result.filename}", result.text.encode(), "x", config())
    assert article is not None and not [p for p in problems if not p.warning], problems


@settings(max_examples=6, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=encoded)
def test_fuzzed_imports_that_pass_check_also_build(raw: bytes) -> None:
    result = converted(raw)
    if result is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder) / "p")
        (project / "content/articles" / result.filename).write_text(result.text, encoding="utf-8")
        check(project / "config.yaml")  # raises DigestError for any error: that fails the test too
        build(project / "config.yaml", drafts=True)


def test_a_pointer_to_another_story_is_recognised_in_linear_time() -> None:
    """ "Read more: [headline](…)" was matched by a pattern whose two runs of marks and spaces could split a run of
    spaces any way: 7.6 s for a paragraph of 100,000 spaces, quadrupling as it doubled."""
    from digest.importer import _LINK_TO_ELSEWHERE

    assert_linear(lambda n: _LINK_TO_ELSEWHERE.match("Related" + " " * n + "x"), 5_000, "a pointer's pattern")
    assert _LINK_TO_ELSEWHERE.match("**Also read:** [Talks resume](https://example.com/talks)")


def _page(body: str) -> object:
    """A page as the importer reads it: up to 2,048 elements deep."""
    from digest.webpage import _huge_tree

    return _huge_tree(f"<html><body><article><h1>Talks resume</h1>{body}</article></body></html>".encode())


PAGES = {
    "elements nested, each dated": lambda n: (
        "<div class='related'><time datetime='2024-05-01'>May 1</time>" * n + "</div>" * n
    ),
    "elements nested, named as a date": lambda n: "<span class='time'>" * n + "May 1, 2024" + "</span>" * n,
    "dated teasers side by side": lambda n: "".join(
        f"<span class='time'><time datetime='2024-05-0{1 + i % 9}'>May</time></span>" for i in range(n)
    ),
}


@pytest.mark.parametrize(("make", "n"), [(PAGES[k], 500 if "nested" in k else 2_000) for k in PAGES], ids=PAGES.keys())
def test_a_pages_date_and_byline_are_read_in_linear_time(make: Callable[[int], str], n: int) -> None:
    """Each dated element asked every ancestor whether it sat in a list of teasers, its text was read again for
    each element around it, and each was searched for in a list: 3 to 4 s for a page nesting 2,000 elements (the
    importer refuses deeper), 2 s for 10,000 dated teasers."""
    from digest.page_metadata import page_date, printed_byline

    assert_linear(lambda n: page_date(_page(make(n)), None, False), n, "a page's date")
    assert_linear(lambda n: printed_byline(_page(make(n))), n, "a page's printed byline")


def _noted_page(n: int) -> bytes:
    """A paragraph carrying n note marks, each a link to the page's own notes, some in a superscript."""
    marks = "".join(
        f"<sup><a href='#fn{i}'>{i % 999}</a></sup> and {i}" if i % 2 else f"<a href='#fn{i}'>[{i % 999}]</a> and {i}"
        for i in range(n)
    )
    paragraph = "<p>Chinese President Xi Jinping told Antony Blinken that the two countries should be partners.</p>"
    body = f"<h1>Talks resume</h1><p>Xi said{marks}.</p>{paragraph}"
    return f"<html><body><article>{body}</article></body></html>".encode()


def test_note_marks_are_removed_in_linear_time_and_the_words_between_them_kept() -> None:
    """Each note mark removed added the text after it to the paragraph's text so far, one mark at a time: 3 s for
    a paragraph of 32,000 marks (10 times 8,000's)."""
    text = convert(_noted_page(3), "page.html", config()).text
    assert "Xi said and 0 and 1 and 2." in text and "#fn" not in text
    assert_linear(lambda n: convert(_noted_page(n), "page.html", config()), 8_000, "note marks")


def _titled_page(head: str, body: str) -> bytes:
    paragraph = "<p>Chinese President Xi Jinping told Antony Blinken that the two countries should be partners.</p>"
    return f"<html><head>{head}</head><body><article>{body}{paragraph * 3}</article></body></html>".encode()


def _ld(headline: str) -> str:
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{headline}"}}</script>'


TITLED = {  # a page giving n titles of one kind, each different
    "<h1> teasers": lambda n: _titled_page("", "".join(f"<h1>Talks resume in Beijing, {i}</h1>" for i in range(n))),
    "JSON-LD headlines": lambda n: _titled_page(
        "".join(_ld(f"Talks resume in Beijing, part {i}") for i in range(n)), "<h1>Talks resume</h1>"
    ),
    "site names": lambda n: _titled_page(
        "".join(f'<meta property="og:site_name" content="Chinadaily.com.cn {i}">' for i in range(n)),
        "<h1>Talks resume</h1><p>By ZHAO YIMENG | China Daily</p>" * n,
    ),
}


@pytest.mark.parametrize("make", TITLED.values(), ids=TITLED.keys())
def test_a_pages_titles_are_weighed_in_linear_time(make: Callable[[int], bytes]) -> None:
    """Each of a page's titles was weighed against every other, and its text read again for each site name: 6.6 s
    for a page of 1,200 <h1> or JSON-LD headlines (sixteen times 300's), 2.8 s for 1,200 site names."""
    assert convert(make(30), "page.html", config()).text.startswith("---\ntitle: ")
    assert_linear(lambda n: convert(make(n), "page.html", config()), 300, "a page's titles")


# --- addresses Python cannot split ---------------------------------------------------------------------------

UNSPLITTABLE = ["https://[x/", "//[::1", "https://a]b/story", "https://\u2100.com/story"]  # a bracket open, NFKC


@pytest.mark.parametrize("address", UNSPLITTABLE)
def test_a_page_giving_an_address_python_cannot_split_imports_without_it(address: str) -> None:
    """A bracket never closed in a page's canonical link, og:url or a link of its text ("https://[x/") stopped the
    import with an internal error: Python's address splitter raises on it."""
    paragraph = "<p>Chinese President Xi Jinping told Antony Blinken that the two countries should be partners.</p>"
    page = (
        f'<html><head><link rel="canonical" href="{address}"><meta property="og:url" content="{address}"></head>'
        f'<body><article><h1>Talks resume</h1>{paragraph}<p>See <a href="{address}">the statement</a>.</p>'
        f"{paragraph}</article></body></html>"
    )
    for url in (None, "https://example.com/talks"):
        result = convert(page.encode(), "page.html", config(), url=url)
        assert address not in result.text
        assert result.source_url == url  # the address the page was fetched from, or none
        assert "See the statement." in result.text


def test_import_beside_an_article_whose_address_cannot_be_split_and_of_such_an_address(project: Path) -> None:
    """An editor's `source.url: "https://[x/"` (which `check` names) made every later import an internal error, and
    so did the address itself given to `digest import`."""
    article = project / "content/articles/2024-04-26-xi-tells-blinken.md"
    article.write_text(article.read_text("utf-8").replace("https://example.com/xi-blinken", "https://[x/"), "utf-8")
    (project / "raw.txt").write_text(HOSTILE_RAW, encoding="utf-8")
    run = digest("import", "raw.txt", cwd=project)
    assert run.code == 0, run.err
    assert "1 imported" in run.out
    for address in UNSPLITTABLE[::3]:
        run = digest("import", address, cwd=project)
        assert run.code == 1 and "internal error" not in run.err
        assert run.err.startswith(f"{address}: cannot be fetched: ")
        assert "— check the address, or save the page from a browser and import the file" in run.err


NESTED = {  # what trafilatura or the importer reads by calling itself once an element, nested n deep
    "lists": ("<ul><li>a", "</li></ul>", 600),
    "definition lists": ("<dl><dt>x</dt><dd>", "</dd></dl>", 600),
    "bold and italics": ("<b><i>", "</i></b>", 600),
    "superscripts": ("<sup>", "</sup>", 2_000),
    "code in <pre>": ("<pre><code>", "</code></pre>", 250),
}


@pytest.mark.parametrize(("opening", "closing", "n"), NESTED.values(), ids=NESTED.keys())
def test_a_page_nesting_lists_or_formatting_hundreds_deep_is_refused_with_a_message(
    opening: str, closing: str, n: int
) -> None:
    """Under the 2,048 elements libxml2 reads, 600 lists inside each other (or 250 <pre>) were an internal error
    (RecursionError) in trafilatura's readers or the importer's own."""
    paragraph = "<p>Chinese President Xi Jinping told Antony Blinken that the two countries should be partners.</p>"
    page = f"<html><body><article><h1>Talks resume</h1>{paragraph}{opening * n}end{closing * n}</article></body></html>"
    with pytest.raises(DigestError) as caught:
        convert(page.encode(), "page.html", config())
    (problem,) = caught.value.problems
    assert problem.path == "page.html"
    assert problem.message.startswith("nests its lists, quotations or formatting too deep for the importer to read")
    assert problem.hint == "open the page in a browser, copy the article's text into a .txt file and import that"


CALL_FIRST = "Get our newsletter for the news you need on the talks in Beijing."
PROSE = "Xi Jinping met Antony Blinken in Beijing on Friday and said the two countries should be partners."


def test_text_whose_prose_opens_with_a_call_to_action_is_not_an_internal_error() -> None:
    """The headline is looked for above the main block of prose, found by the main block's first line among the
    lines kept: a first line dropped as a call to action ("Get our newsletter…") was never found (StopIteration)."""
    assert converted(CALL_FIRST.encode()) is None  # refused: nothing but the call to action
    result = converted(f"Xi tells Blinken the two should be partners\n\n{CALL_FIRST}\n\n{PROSE}\n".encode())
    assert result is not None and PROSE in result.text and "newsletter" not in result.text
    assert "dropped line 3 (call to action): Get our newsletter" in "\n".join(result.report)


def _page_of(body: str) -> bytes:
    return f"<html><body><article><h1>Talks resume</h1>{body}</article></body></html>".encode()


def test_a_pages_direction_overrides_and_non_characters_are_dropped_said_and_the_draft_loads() -> None:
    """A page's text kept direction overrides and non-characters (as characters or entities, &#x202E;) that
    scraped text loses: the loader then warned on every import, and a paragraph of them alone, or before a "#",
    made an article it refused as having no text."""
    for body in ("<p>\u2066</p>", "<p>&#x202E;&#xFDD0;</p>", "<p>&#x202E;#</p>"):
        result = convert(_page_of(f"{body}<p>{PROSE}</p>{body}"), "page.html", config())
        assert not FORBIDDEN.search(result.text) and not re.search("[\u202a-\u202e\u2066-\u2069]", result.text)
        assert any(line.startswith("dropped ") and "no page or feed can show them" in line for line in result.report)
        assert f"{PROSE}\n" in result.text
        _, problems, _, _ = load_article("content/articles/a.md", result.text.encode(), "x", config())
        assert [p for p in problems if p.field != "date"] == []  # a draft without a date is said, and loads


def test_a_list_item_that_reads_as_markdown_syntax_keeps_its_words() -> None:
    """A list item's text was written after its "- " unescaped: an item "---" became a rule, "1." an empty list,
    "# Note" a heading inside the list; a list of such items alone made an article with no text."""
    items = ["---", "1.", "# Note", "- dash", "> quoted"]
    result = convert(_page_of("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"), "page.html", config())
    article, problems, _, _ = load_article("content/articles/a.md", result.text.encode(), "x", config())
    assert [p for p in problems if p.field != "date"] == [] and article is not None
    shown = lxml.html.fromstring(article.body_html).xpath("//li/text()")
    assert [text.strip() for text in shown] == items  # each the text of its item, as the page showed it


PAGE_PIECES = [
    *PIECES,
    "Enditem",
    "(END)",
    "###",
    "By Kim Soo-yeon",
    "sooyeon@yna.co.kr",
    "(ATTN: RECASTS headline)",
    "Contact: Press Office",
    "2026年12月3日",
    "Office of the Spokesperson",
    "BEIJING",
    "Read more: ",
    PROSE,
    CALL_FIRST,
    "\u2066",
    "&#x202E;",
    "&#xFDD0;",
    "#",
    "1.",
    "---",
    "<br>",
    "<sup><a href='#fn1'>1</a></sup>",
    "<a href='https://[x/'>a link</a>",
    "<a href='javascript:alert(1)'>a link</a>",
    "<time datetime='2024-05-01'>May 1</time>",
]
PAGE_BLOCKS = (
    "<p>{}</p>",
    "<li>{}</li>",
    "<h2>{}</h2>",
    "<blockquote>{}</blockquote>",
    "<div class='related'>{}</div>",
)
page_block = st.tuples(st.sampled_from(PAGE_BLOCKS), st.lists(st.sampled_from(PAGE_PIECES), max_size=4)).map(
    lambda t: t[0].format(" ".join(t[1]))
)


@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks=st.lists(page_block, max_size=12))
def test_fuzzed_pages_import_as_an_article_the_loader_accepts_or_are_refused_with_a_message(blocks: list[str]) -> None:
    try:
        result = convert(_page_of("".join(blocks)), "page.html", config())
    except DigestError as error:
        assert error.problems and all(p.path == "page.html" and p.message for p in error.problems)
        return
    body = result.text.removeprefix("---\n").split("\n---\n", 1)[1]
    assert not FORBIDDEN.search(body) and not re.search("[\u202a-\u202e\u2066-\u2069]", body)
    assert "](javascript:" not in body and "](https://[x/" not in body  # no link to either
    article, problems, _, _ = load_article(f"content/articles/{result.filename}", result.text.encode(), "x", config())
    assert article is not None and not [p for p in problems if not p.warning], problems


def _distinct_paragraphs(n: int) -> list[str]:
    """n paragraphs of prose, no two alike: each of sixteen words marked with its number."""
    words = [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliet",
        "kilo",
        "lima",
        "mike",
        "november",
        "oscar",
        "papa",
    ]
    return [" ".join(f"{word}{i}" for word in words[i % 16 :] + words[: i % 16]) + "." for i in range(n)]


def test_a_pages_prose_is_found_in_the_draft_in_linear_time() -> None:
    """Each paragraph of the page's prose was searched for in the whole draft, and each one missing looked over all
    the others: 8.8 s for a page of 32,000 paragraphs, sixteen times 8,000's."""
    from digest.importer import _check_whole

    def run(n: int, keep: slice) -> dict[str, str]:
        prose, unsure = _distinct_paragraphs(n), {}
        _check_whole(prose, prose[keep], unsure, [])
        return unsure

    assert run(10, slice(None)) == {}
    assert run(10, slice(None, None, 2))["text"].startswith("the draft holds 50% of the page's prose; missing: “bravo1")
    assert_linear(lambda n: run(n, slice(None)), 4_000, "the prose held")
    assert_linear(lambda n: run(n, slice(None, None, 2)), 4_000, "the prose missing")


NESTED_PROSE = {  # a quotation or a list item holding the next, each with a sentence of its own
    "quotations": lambda n: f"<blockquote>{PROSE}" * n + "</blockquote>" * n,
    "list items": lambda n: f"<ul><li>{PROSE}" * n + "</li></ul>" * n,
}


@pytest.mark.parametrize("make", NESTED_PROSE.values(), ids=NESTED_PROSE.keys())
def test_a_pages_prose_is_read_in_linear_time_however_deep_it_nests(make: Callable[[int], str]) -> None:
    """Each quotation's text, all those inside it with it, was a paragraph of prose, and each one's ancestors were
    asked whether they were furniture: 11 s and 240 MB of text for 2,000 quotations nested (the importer reads 2,048
    deep)."""
    from digest.webpage import page_prose

    assert page_prose(_page(make(3))) == [PROSE]  # the innermost: the others hold it again
    assert_linear(lambda n: page_prose(_page(make(n))), 250, "a page's prose")


def test_a_pages_headlines_are_read_in_linear_time_however_deep_they_nest() -> None:
    """Each <h1>'s text was read with all those nested in it: 2.4 s for 1,600 nested, seventeen times 400's."""
    from digest.page_metadata import page_titles

    def nested(n: int) -> object:
        return _page("<h1>Talks resume in Beijing " * n + "</h1>" * n)

    assert ("h1", "Talks resume in Beijing Talks resume in Beijing") in page_titles(nested(2))
    assert_linear(lambda n: page_titles(nested(n)), 400, "a page's headlines")
