"""Search in Chromium, on both sites (the large one under /news/): the header's box, the /search/ page with
Pagefind's index merged from its parts, the hint shown without JavaScript, and an edit indexed again."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Browser, Page, expect

from .conftest import AXE_JS, REPO, Site, _serve
from .test_accessibility import AXE_RUN, WCAG_TAGS

WORD = re.compile(r"[A-Za-z]{7,}|\d{3,}")  # a long word, or a number (the generated digest numbers its articles)


def _words(site: Site, file: Path) -> set[str]:
    """What the index holds of an article: its headline and its text, as lowercase words."""
    doc = site.doc(file)
    text = " ".join([doc.findtext(".//h1") or "", *(b.text_content() for b in doc.cssselect(".body"))])
    return {word.lower() for word in WORD.findall(text)}


def distinctive(site: Site) -> tuple[str, str]:
    """(word, article address): a word found in one article only — no word of any other article even starts
    like it, so neither stemming nor Pagefind's prefix matching can find another."""
    articles = sorted(site.folder.glob("articles/*/index.html"))
    words = {file: _words(site, file) for file in articles}
    starts = Counter(start for found in words.values() for start in {w[:k] for w in found for k in range(3, 7)})
    for file in articles:  # the oldest first: its part is the last the page merges
        for word in sorted(words[file]):
            if starts[word[:6]] == 1:
                return word, site.address(file)
    raise AssertionError(f"no distinctive word in {site.name}")


def _results(page: Page) -> list[str]:
    expect(page.locator(".search-status")).to_have_text(re.compile(r"results? for|No results"), timeout=20_000)
    return page.locator(".search-results a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_a_word_typed_in_the_header_finds_its_article_first(site: Site, page: Page) -> None:
    word, address = distinctive(site)
    page.goto(site.served(""))
    page.get_by_role("searchbox", name="Search the digest").fill(word)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(site.served("search/")) + r"\?q=" + word))
    found = _results(page)
    assert found and found[0] == site.base_path + address, f"{word!r}: {found[:3]}"
    first = page.locator(".search-results li").first
    expect(first.locator("h2 a")).to_have_text(site.doc(site.folder / address / "index.html").findtext(".//h1"))
    expect(first.locator("time")).to_have_text(re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$"))
    expect(first.locator("mark").first).to_be_visible()  # the excerpt shows the word found
    expect(page.locator(".search-status")).to_have_attribute("role", "status")  # announced to screen readers
    assert not page.context.offsite, page.context.offsite[:3]


def test_typing_on_the_search_page_searches_as_you_type(site: Site, page: Page) -> None:
    word, address = distinctive(site)
    page.goto(site.served("search/"))
    expect(page.locator(".search-status")).to_have_text(re.compile("Type a word"))
    page.get_by_role("searchbox", name="Search the digest").press_sequentially(word, delay=20)
    expect(page.locator(".search-results a").first).to_have_attribute("href", site.base_path + address)
    page.add_script_tag(path=AXE_JS)
    result = page.evaluate(AXE_RUN, WCAG_TAGS)
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_a_word_found_nowhere_says_no_results(site: Site, page: Page) -> None:
    page.goto(site.served("search/?q=xylophonequark"))
    assert _results(page) == []
    expect(page.locator(".search-status")).to_have_text("No results for “xylophonequark”.")
    expect(page.locator(".search-results")).to_be_hidden()


def test_a_word_that_only_starts_like_an_indexed_one_finds_nothing(site: Site, page: Page) -> None:
    """Pagefind falls back to the longest start of an unknown word that it holds ("Xinjiang" found every "Xi"
    article): a word no article holds must give no results, and in a query of several, be named."""
    word, _ = distinctive(site)
    unknown = word + "qzx"
    page.goto(site.served(f"search/?q={unknown}"))
    assert _results(page) == []
    expect(page.locator(".search-status")).to_have_text(f"No results for “{unknown}”.")
    page.goto(site.served(f"search/?q={word}%20{unknown}"))
    assert _results(page) == []
    expect(page.locator(".search-status")).to_have_text(
        f"No results for “{word} {unknown}”: no article holds “{unknown}”."
    )


def test_every_word_of_a_query_must_be_in_an_article(site: Site, page: Page) -> None:
    word, address = distinctive(site)
    text = site.doc(site.folder / address / "index.html").findtext(".//h1")
    other = max(re.findall(r"[A-Za-z]{4,}", text), key=len)  # a word of its headline, likely in other articles too
    page.goto(site.served(f"search/?q={other}%20{word}"))
    assert _results(page) == [site.base_path + address], (other, word)


def test_a_word_of_a_headline_finds_it_and_the_excerpt_does_not_repeat_it(sites: dict[str, Site], page: Page) -> None:
    """The headline is indexed as the result's title, not as the start of its text: a word only the headline
    holds finds the article, and its excerpt shows the article's text under the headline, not the headline again."""
    site = sites["real"]
    for file in sorted(site.folder.glob("articles/*/index.html")):
        doc = site.doc(file)
        headline = doc.findtext(".//h1")
        text = " ".join(b.text_content() for b in doc.cssselect(".body")).lower()
        only = [w for w in re.findall(r"[A-Za-z]{6,}", headline) if w.lower() not in text]
        if only:
            break
    else:
        raise AssertionError("no headline of the real site has a word its text lacks")
    page.goto(site.served(f"search/?q={only[0]}"))
    found = _results(page)
    assert site.address(file) in [href.lstrip("/") for href in found], (only[0], found)
    item = page.locator(".search-results li").nth([h.lstrip("/") for h in found].index(site.address(file)))
    expect(item.locator("h2 a")).to_have_text(headline)
    expect(item.locator("p").last).not_to_contain_text(headline)


def test_a_query_with_many_results_shows_them_all_twenty_at_a_time(sites: dict[str, Site], page: Page) -> None:
    """A word in most articles finds more than a page of results: after the first twenty, a button shows the
    next twenty, each once, and takes the keyboard to the first of them, until every result is listed."""
    site = sites["large"]
    articles = sorted(site.folder.glob("articles/*/index.html"))
    counts = Counter(word for file in articles for word in _words(site, file) if word.isalpha())
    word = max(sorted(counts), key=counts.__getitem__)
    page.goto(site.served(f"search/?q={word}"))
    found = _results(page)
    total = int(re.match(r"\d+", page.locator(".search-status").inner_text()).group())
    assert len(found) == 20 < 40 < total, (word, total)
    more = page.get_by_role("button", name="Show 20 more results")
    more.click()
    expect(page.locator(".search-results li")).to_have_count(40)
    links = page.locator(".search-results h2 a")
    expect(links.nth(20)).to_be_focused()
    more = page.locator(".search-more")  # "Show 17 more results" at the end
    more.dblclick()  # a second click while the next ones load never shows them twice
    for _ in range(200):  # checked and clicked at once: the last results may hide the button between the two
        if more.evaluate("button => button.hidden || (!button.disabled && void button.click())"):
            break
        page.wait_for_timeout(50)
    expect(page.locator(".search-results li")).to_have_count(total)
    shown = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(set(shown)) == total and shown[:20] == found


def test_without_javascript_the_page_says_how_to_browse_instead(site: Site, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.served("search/?q=taiwan"))
    hint = page.locator(".search-fallback")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("needs JavaScript")
    for name, address in (("theme", "themes/"), ("meeting", "meetings/"), ("date", "archive/")):
        expect(hint.get_by_role("link", name=re.compile(name))).to_have_attribute("href", site.base_path + address)
    context.close()


def test_an_edit_indexes_only_its_part_again_and_is_found(tmp_path: Path, page: Page) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "templates", project / "templates")
    shutil.copy(REPO / "config.yaml", project / "config.yaml")
    out = project / "site"
    _build(project)
    before = _manifest(out)
    article = sorted((project / "content" / "articles").glob("*.md"))[-1]
    text = article.read_text(encoding="utf-8")
    hostile = "Toasts with quokkaberry cordial <img src=x onerror=window.pwned=1> & <script>window.pwned=2</script>."
    article.write_text(text.rstrip("\n") + f"\n\n{hostile}\n", encoding="utf-8")
    _build(project)
    after = _manifest(out)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    index_changed = {path for path in changed if path.startswith("search/index/")}
    part = f"search/index/{article.name[:4]}/"
    assert index_changed and all(path.startswith(part) for path in index_changed), sorted(index_changed)
    others = {path for path in before if path.startswith("search/index/") and not path.startswith(part)}
    assert others and all(before[path] == after[path] for path in others)  # the other parts: same keys, same bytes
    site = Site("edited", out, "https://uschina-digest.example.org/", 20, 20)
    server = _serve(site)
    try:
        page.goto(site.served("search/?q=quokkaberry"))
        assert _results(page)[:1] == [f"/articles/{article.stem}/"]
        expect(page.locator(".search-results li").first).to_contain_text("<img src=x onerror=window.pwned=1> &")
        assert page.evaluate("window.pwned") is None  # scraped text stays text in the results
    finally:
        server.shutdown()
        server.server_close()


PHRASE_FIRST = {
    "2024-03-01-phrase": (
        "Senators mark an anniversary",
        "Senators marked forty-five years of the Taiwan Relations Act on Friday with a short statement.",
    ),
    "2024-03-02-words": (
        "Relations across the strait",
        " ".join(
            ["Taiwan watched as relations with Beijing cooled.", "Officials said Taiwan would act with care."] * 6
        ),
    ),
}


def test_articles_holding_the_words_as_typed_come_first(tmp_path: Path, page: Page) -> None:
    """A query of several words lists first the articles holding them as the phrase typed: the one naming the Taiwan
    Relations Act comes before one that says "Taiwan", "relations" and "act" often, but apart."""
    with _served_articles(tmp_path, "phrase", PHRASE_FIRST) as site:
        page.goto(site.served("search/?q=Taiwan%20Relations%20Act"))
        assert _results(page) == ["/articles/2024-03-01-phrase/", "/articles/2024-03-02-words/"]
        expect(page.locator(".search-results li").first.locator("mark").first).to_be_visible()


@contextlib.contextmanager
def _served_articles(tmp_path: Path, name: str, articles: dict[str, tuple[str, str]]) -> Iterator[Site]:
    """A site of only these articles (file name → title, text), built with the repository's templates and config,
    and served while the block runs."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "templates", project / "templates")
    shutil.copy(REPO / "config.yaml", project / "config.yaml")
    (project / "content" / "articles").mkdir(parents=True)
    for slug, (title, text) in articles.items():
        front = f"---\ntitle: {title}\ndate: {slug[:10]}\nthemes: [taiwan]\n---\n\n{text}\n"
        (project / "content" / "articles" / f"{slug}.md").write_text(front, encoding="utf-8")
    _build(project)
    site = Site(name, project / "site", "https://uschina-digest.example.org/", 20, 20)
    server = _serve(site)
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def _build(project: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "digest", "build", "--config", str(project / "config.yaml")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr


def _manifest(out: Path) -> dict[str, tuple[str, str]]:
    """Output path → (key, hash of its bytes), as the build recorded them."""
    lines = (out / ".digest-manifest").read_text(encoding="utf-8").splitlines()[1:]
    return {path: (key, digest) for path, key, digest in (line.split("\t") for line in lines)}


def test_a_reporters_name_finds_the_articles_of_their_byline(sites: dict[str, Site], page: Page) -> None:
    """A reader who remembers who wrote an article, not what it said, searches for the byline: every article
    of that byline is found, and each result says whose it is."""
    site = sites["large"]
    name = "Jane Morrow"  # a byline of the generated digest, in no article's text
    bylined = {site.base_path + f"articles/{a.slug}/" for a in site.generated.published if a.author == name}
    assert bylined
    page.goto(site.served(f"search/?q={name}"))
    found = _results(page)
    expect(page.locator(".search-status")).to_have_text(f"{len(bylined)} results for “{name}”.")
    assert set(found) <= bylined
    expect(page.locator(".search-results li .meta").first).to_contain_text(f"By {name}")


def test_back_from_a_result_finds_the_list_as_it_was_left(sites: dict[str, Site], page: Page) -> None:
    """A reader who showed more results, followed one far down the list and pressed Back finds that result still
    listed, where it was on the screen, not the first twenty again at the top of the page."""
    site = sites["large"]
    page.goto(site.served("search/?q=taiwan"))
    _results(page)
    page.get_by_role("button", name="Show 20 more results").click()
    expect(page.locator(".search-results li")).to_have_count(40)
    link = page.locator(".search-results h2 a").nth(30)
    link.scroll_into_view_if_needed()
    where, href = page.evaluate("scrollY"), link.get_attribute("href")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    page.go_back()
    expect(page.locator(".search-results li")).to_have_count(40)
    expect(page.locator(".search-results h2 a").nth(30)).to_have_attribute("href", href)
    expect(page.locator(".search-results h2 a").nth(30)).to_be_in_viewport()
    assert abs(page.evaluate("scrollY") - where) < 2


def test_the_title_names_the_query_shown_and_the_address_keeps_it(sites: dict[str, Site], page: Page) -> None:
    """The tab and the history entry say what was searched: “taiwan” — Search — <site title>, set as text (a query
    that looks like markup is shown as typed), and the plain title again once the query is cleared; the address
    keeps the query for sharing, and Back from a result comes to the same search, titled the same."""
    site = sites["real"]
    page.goto(site.served("search/"))
    plain = page.title()
    assert plain == "Search — US–China Digest", plain
    page.goto(site.served("search/?q=taiwan"))
    _results(page)
    expect(page).to_have_title(f"“taiwan” — {plain}")
    box = page.get_by_role("searchbox", name="Search the digest")
    box.fill("<b>Xi</b>")
    expect(page).to_have_title(f"“<b>Xi</b>” — {plain}")
    expect(page).to_have_url(re.compile(r"\?q=%3Cb%3EXi%3C%2Fb%3E$"))
    box.fill("Blinken")
    expect(page).to_have_title(f"“Blinken” — {plain}")
    _results(page)
    page.locator(".search-results h2 a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"search/\?q=Blinken$"))
    expect(page).to_have_title(f"“Blinken” — {plain}")
    box.fill("")
    expect(page).to_have_title(plain)
    expect(page).to_have_url(re.compile(r"search/$"))


def _start_of_few_words(site: Site) -> tuple[str, set[str]]:
    """(start, article addresses): the first six letters of a word of ten or more, never a word itself (nor, by
    its length, likely the stem Pagefind finds whole), and the articles holding a word that starts so; the start
    of the fewest articles' words."""
    holding: dict[str, set[str]] = {}
    words: set[str] = set()
    for file in sorted(site.folder.glob("articles/*/index.html")):
        doc = site.doc(file)
        text = " ".join([doc.findtext(".//h1") or "", *(b.text_content() for b in doc.cssselect(".body"))])
        for word in re.findall(r"[A-Za-z]+", text.lower()):
            words.add(word)
            holding.setdefault(word[:6], set()).add(site.address(file))
    starts = sorted({word[:6] for word in words if len(word) >= 10} - words)
    start = min(starts, key=lambda each: len(holding[each]))
    return start, holding[start]


def test_the_start_of_the_word_being_typed_finds_its_articles(site: Site, page: Page) -> None:
    """A reader typing finds the articles before the word is finished: the last word is a start ("Blink" finds
    Blinken), the words before it whole; a start no article's words begin with still finds nothing."""
    start, addresses = _start_of_few_words(site)
    page.goto(site.served("search/"))
    box = page.get_by_role("searchbox", name="Search the digest")
    box.press_sequentially(start, delay=20)
    count = len(addresses)
    status = f"{count} result{'' if count == 1 else 's'} for “{start}”."
    expect(page.locator(".search-status")).to_have_text(status, timeout=20_000)
    assert set(_results(page)) == {site.base_path + address for address in addresses} or count > 20
    box.press_sequentially("qzx", delay=20)
    expect(page.locator(".search-status")).to_have_text(f"No results for “{start}qzx”.", timeout=20_000)


def test_a_name_half_typed_finds_its_article(sites: dict[str, Site], page: Page) -> None:
    """Antony Blinken's name, typed as far as "Blink", finds the one article naming him, alone or after "xi"."""
    site = sites["real"]
    page.goto(site.served("search/?q=Blink"))
    found = _results(page)
    assert found == ["/articles/2024-04-26-xi-tells-blinken-lets-be-partners-not-rivals/"], found
    expect(page.locator(".search-results mark").first).to_have_text(re.compile("^Blinken"))  # the word it found
    page.goto(site.served("search/?q=xi%20blinke"))
    assert _results(page) == found


WHOLE_FIRST = {
    "2024-03-01-whole": ("Envoys meet", "The envoys held talks in Geneva on Friday."),
    "2024-03-02-longer": (
        "A broadcast",
        " ".join(["The talkshow host asked about the envoys.", "Another talkshow followed."] * 6),
    ),
}


def test_a_finished_word_comes_before_longer_words_it_starts(tmp_path: Path, page: Page) -> None:
    """The last word typed is a start, but an article holding it whole comes first: "talks" lists the article
    saying "talks" once before the one saying "talkshow" twelve times."""
    with _served_articles(tmp_path, "whole", WHOLE_FIRST) as site:
        page.goto(site.served("search/?q=talks"))
        assert _results(page) == ["/articles/2024-03-01-whole/", "/articles/2024-03-02-longer/"]
        page.goto(site.served("search/?q=talksh"))
        assert _results(page) == ["/articles/2024-03-02-longer/"]


def test_a_query_s_direction_controls_do_not_turn_the_title_around(sites: dict[str, Site], page: Page) -> None:
    """The search page names its query in the tab: a link's `?q=` holding a right-to-left override (U+202E) turned
    the rest of the title around, the site's name with it, and the status line after the query. The query, markup
    and all, is still shown as text: no script it holds runs."""
    query = "\u202e</title><script>window.ran = 1</script>"
    page.goto(sites["real"].served("search/?q=" + quote(query)))
    status = page.locator(".search-status")
    expect(status).to_contain_text("No results")
    shown = "</title><script>window.ran = 1</script>"
    assert page.title() == f"“{shown}” — Search — US–China Digest"
    assert (status.text_content() or "").startswith(f"No results for “{shown}”")
    assert page.evaluate("window.ran") is None
