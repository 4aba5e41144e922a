"""`digest import` on saved web pages and on addresses, served from 127.0.0.1 by a real HTTP server."""

from __future__ import annotations

import gzip
import http.server
import re
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import PAGES, digest, imported, snapshot
from markdown_it import MarkdownIt

from digest.importer import convert
from digest.model import Config

# --- saved pages ------------------------------------------------------------------------------------


def test_a_wordpress_page(config: Config) -> None:
    meta, body, report = imported("wordpress.html", config)
    assert meta["title"] == "Taiwan tops the agenda as Wang Yi and Sullivan meet in Bangkok"
    # published (09:15 UTC, in New York); not the update, not the "05/03/2024" the theme prints
    assert meta["date"].isoformat() == "2024-01-27T04:15:00-05:00"
    assert meta["source"] == {
        "name": "The Pacific Ledger",
        "url": "https://pacificledger.example/2024/01/27/taiwan-tops-the-agenda-as-wang-yi-and-sullivan-meet-in-bangkok/",
        "author": "Mark Ellison",  # the page's author, never the "admin" account the theme shows
        "origin": "wordpress.html",
    }
    assert meta["summary"].startswith("Two days of talks in Bangkok ended")
    assert {"taiwan"} <= set(meta["themes"]) and {"wang-yi", "joe-biden", "xi-jinping"} <= set(meta["people"])
    assert "## What each side wanted" in body.split("\n")
    assert "- the military hotline, restored in December;" in body.split("\n")
    assert "> We agreed to keep talking, and to talk more often, even where we disagree." in body.split("\n")
    assert "[White House readout](https://www.whitehouse.gov/briefing-room/)" in body
    assert "risks of autonomous weapons" in body and "javascript" not in body
    furniture = ["Trending", "Click to share", "Opens in new window", "Leave a Reply", "Related", "admin"]
    furniture += ["Photo: Pool", "Recent Posts", "Skip to content", "All rights reserved", "bangkok.jpg"]
    for text in furniture:
        assert text not in body, text
    assert any(line.startswith("date 2024-01-27T04:15:00-05:00 (the page's publication time") for line in report)


def test_a_newspaper_page(config: Config) -> None:
    meta, body, _ = imported("newspaper.html", config)
    assert meta["title"] == "Xi and Biden agree to resume military talks at Woodside summit"
    assert meta["date"].isoformat() == "2023-11-16T05:41:00-05:00"  # datePublished, not dateModified
    assert meta["source"]["name"] == "The Daily Courier"
    assert meta["source"]["author"] == "Jane Morrow, Li Wen"
    assert (
        meta["source"]["url"] == "https://www.dailycourier.example/world/asia/xi-biden-woodside-summit-military-talks"
    )
    assert meta["meetings"] == ["woodside-summit-2023"]
    assert "## Taiwan remains the sharpest difference" in body.split("\n")
    assert body.split("\n")[0].startswith("WOODSIDE, Calif. — President Joe Biden")  # no byline as a paragraph
    for furniture in ("Continue reading", "You might also like", "APEC in San Francisco", "Comments (12)",
                      "Advertisement", "cookies", "Most Read", "Markets rally", "By Jane"):  # fmt: skip
        assert furniture not in body, furniture


def test_a_wire_story(config: Config) -> None:
    meta, body, report = imported("wire.html", config)
    assert meta["title"] == "China, US hold first round of talks on AI risks in Geneva"
    assert meta["date"].isoformat() == "2024-05-14T12:02:00-04:00"  # "Published", not "Updated"
    assert meta["source"]["name"] == "Global Wire" and "url" not in meta["source"]
    assert "source (no address)" in meta["review"]  # the missing address is flagged
    assert "needs review: source — no address of the original found" in report
    assert "Washington has tightened export controls" in body
    for furniture in ("Listen to this article", "min read", "Trust Principles", "Enter your email", "Sign up",
                      "Subscribe", "Reporting by", "Read Next", "Tariffs on Chinese EVs"):  # fmt: skip
        assert furniture not in body, furniture


@pytest.mark.parametrize("name", ["wordpress.html", "newspaper.html", "wire.html"])
def test_every_import_is_a_draft_listing_what_an_editor_must_confirm(name: str, config: Config) -> None:
    meta, body, _ = imported(name, config)
    assert meta["draft"] is True
    assert [item.split(" (")[0] for item in meta["review"][:6]] == [
        "title", "date", "source", "themes", "meetings", "people"
    ]  # fmt: skip
    rendered = MarkdownIt("js-default", {"html": False}).render(body)
    assert "<img" not in rendered and "<iframe" not in rendered and "javascript:" not in rendered


def test_a_page_without_a_date_in_it_is_left_for_review(config: Config) -> None:
    page = (PAGES / "wire.html").read_text(encoding="utf-8")
    undated = re.sub(r'<meta name="article:[a-z_]+" content="[^"]+">|<time [^>]+>|</time>', "", page)
    undated = undated.replace("May 14, 2024 4:02 PM UTC", "Tuesday").replace("May 15, 2024", "Wednesday")
    result = convert(undated.encode(), "undated.html", config)
    meta = yaml.safe_load(result.text.split("---\n")[1])
    assert "date" not in meta and "date (not found)" in meta["review"]
    assert result.filename.startswith("undated-china-us-hold-first-round")


def test_gzipped_and_plain_pages_give_the_same_article(config: Config) -> None:
    raw = (PAGES / "newspaper.html").read_bytes()
    plain = convert(raw, "story.html", config)
    packed = convert(gzip.compress(raw, mtime=0), "story.html.gz", config)
    assert packed.text.replace("story.html.gz", "story.html") == plain.text


def test_one_stray_byte_does_not_garble_a_utf8_page(config: Config) -> None:
    """A UTF-8 page with one Windows-1252 apostrophe (0x92) pasted in: only that byte is read as Windows-1252.
    Left to the encoding guess, the whole page was read as Mac Roman: “must stop” became ‚Äúmust stop‚Äù."""
    raw = (
        (
            "<html lang='en'><head><meta charset='utf-8'><title>Beijing says US “must stop” arms sales</title></head>"
            "<body><h1>Beijing says US “must stop” arms sales</h1><p>China’s defence ministry said the United States "
            "“must stop” selling weapons to Taiwan, calling the package a serious violation.</p>"
            "<p>The spokesman said China{STRAY}s military would take resolute measures in response.</p></body></html>"
        )
        .encode()
        .replace(b"{STRAY}", b"\x92")
    )
    result = convert(raw, "stray.html", config)
    assert "title: Beijing says US “must stop” arms sales" in result.text
    assert "China’s defence ministry" in result.text and "China’s military" in result.text
    assert "‚Ä" not in result.text
    assert any("1 stray Windows-1252 byte" in line for line in result.report)
    # A page that says it is in another encoding is left to the guess: some GBK byte pairs are valid UTF-8.
    said = "中国外交部发言人表示，中美双方应当相互尊重、和平共处、合作共赢，妥善管控分歧，推动两国关系稳定发展。"
    gbk = (
        f"<html lang='zh'><head><meta charset='gbk'><title>外交部发言人答记者问</title></head><body>"
        f"<h1>外交部发言人答记者问</h1><p>{said}</p><p>{said}</p></body></html>"
    ).encode("gbk")
    page = convert(gbk, "gbk.html", config)
    assert "外交部发言人答记者问" in page.text and said in page.text
    assert "stray" not in " ".join(page.report)


def test_a_gzip_bomb_is_refused(config: Config, tmp_path: Path) -> None:
    from digest.errors import DigestError

    with pytest.raises(DigestError) as caught:
        convert(gzip.compress(b" " * (9 * 2**20)), "bomb.html.gz", config)
    assert caught.value.problems[0].message == "unpacks to over 8 MB, the importer's limit"


def test_the_date_is_the_sites_day_and_keeps_the_pages_time(config: Config) -> None:
    """Reuters stamps a story 01:30 UTC on 27 April: 21:30 on the 26th in New York, the site's time zone. The draft
    is filed under the 26th with its time, and the loader reads it as that day."""
    from digest.load import load_article

    result = convert((PAGES / "reuters.html").read_bytes(), "reuters.html", config)
    meta = yaml.safe_load(result.text.split("---\n")[1])
    assert meta["date"].isoformat() == "2024-04-26T21:30:00-04:00"
    assert result.filename.startswith("2024-04-26-blinken-and-xi-agree")
    said = "the page's publication time 2024-04-27T01:30:00+00:00 in the site's time zone America/New_York"
    assert f"date 2024-04-26T21:30:00-04:00 ({said}, from the page's metadata)" in result.report
    article, problems, _, _ = load_article(f"content/articles/{result.filename}", result.text.encode(), "x", config)
    assert article is not None and not problems, problems
    assert article.date.isoformat() == "2024-04-26T21:30:00-04:00"
    # A time without a time zone (the foreign ministry's Beijing time) gives its day only, and the report says so.
    meta, _, report = imported("fmprc.html", config)
    assert meta["date"] == date(2024, 4, 26)
    assert any("its time 19:30 states no time zone, so only the day is used" in line for line in report)


def page_builder_page(depth: int) -> bytes:
    """A page made with a page builder (WPBakery, say): the headline and standfirst near the top, the article's
    text inside `depth` levels of the builder's wrappers."""
    wrappers = '<div class="vc_column-inner"><div class="wpb_wrapper">' * (depth // 2)
    text = "".join(
        f"<p>{said}</p>"
        for said in (
            "The two leaders spent four hours together at the Filoli estate outside San Francisco, officials said.",
            "They agreed to restore military-to-military communication, cut off since August last year.",
            "Biden said he and Xi had agreed that either could pick up the phone and call the other directly.",
        )
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Xi and Biden agree to resume military '
        "talks | Pacific Review</title></head><body><header><nav><a href='/'>Home</a><a href='/asia/'>Asia</a></nav>"
        "</header><main><h1>Xi and Biden agree to resume military talks</h1><p class='standfirst'>The leaders met for "
        f"the first time in a year, at a country estate south of San Francisco.</p>{wrappers}{text}"
        f"{'</div></div>' * (depth // 2)}</main><footer>© 2023 Pacific Review</footer></body></html>"
    ).encode()


def test_an_article_nested_past_the_html_readers_usual_depth_is_imported_whole(config: Config) -> None:
    """libxml2 builds 256 levels of a page at most: the article's text below them was dropped without a word, and
    the draft held the standfirst only."""
    body = convert(page_builder_page(300), "builder.html", config).text.split("---\n", 2)[2]
    assert "Filoli estate" in body and "restore military-to-military" in body and "pick up the phone" in body


def test_an_article_nested_deeper_than_can_be_read_is_refused(project: Path) -> None:
    (project / "builder.html").write_bytes(page_builder_page(2100))
    before = snapshot(project)
    run = digest("import", "builder.html", cwd=project)
    assert run.code == 1 and "Traceback" not in run.err
    assert run.err.splitlines()[0] == (
        "builder.html: nests its markup over 2048 elements deep, deeper than the importer can read: the article's "
        "text would be lost — open the page in a browser, copy the article's text into a .txt file and import that"
    )
    assert snapshot(project) == before


def test_a_review_reason_holding_a_comma_stays_one_item(config: Config) -> None:
    """A page in Chinese is flagged "the page is in 'zh', the site in 'en'": written unquoted in the one-line
    `review:` list, the comma cut it into two items, and the editor read half a reason twice."""
    page = (
        '<html lang="zh-CN"><head><meta charset="utf-8"><title>习近平会见美国国务卿布林肯_新华网</title></head>'
        '<body><div class="header"><a href="http://www.news.cn/">新华网</a></div><div id="detail">'
        "<h1>习近平会见美国国务卿布林肯</h1>"
        "<p>新华社北京4月26日电 国家主席习近平26日下午在人民大会堂会见美国国务卿布林肯。</p>"
        "<p>习近平指出，中美应该是伙伴而不是对手，应该相互成就而不是彼此伤害，应该求同存异而不是恶性竞争。</p>"
        "</div></body></html>"
    )
    meta = yaml.safe_load(convert(page.encode(), "xinhua.html", config).text.split("---\n")[1])
    assert "language (the page is in 'zh', the site in 'en')" in meta["review"]


@pytest.mark.parametrize(
    ("name", "byline"),
    [
        ("stategov.html", "Office"),  # trafilatura's reading of "Office of the Spokesperson"
        ("globaltimes.html", "Global Times Published Apr"),  # "By Global Times" glued to "Published: Apr 26"
    ],
)
def test_a_byline_that_names_no_person_is_left_for_review(name: str, byline: str, config: Config) -> None:
    meta, _, report = imported(name, config)
    assert "author" not in meta["source"]
    assert f'author (byline "{byline}" left out, not a person\'s name)' in meta["review"]
    assert any(line.startswith(f'needs review: author — the page\'s byline "{byline}" was left out') for line in report)


def test_a_text_dumps_byline_that_names_no_person_is_left_for_review(config: Config) -> None:
    text = (
        "Secretary Blinken's Meeting with PRC President Xi Jinping\n\nPublished April 26, 2024 by Office of the "
        "Spokesperson\n\nSecretary Antony J. Blinken met today with People's Republic of China President Xi Jinping "
        "in Beijing, and stressed the importance of keeping channels of communication open.\n\nThe Secretary also "
        "raised concerns about the PRC's support for Russia's defense industrial base.\n"
    )
    result = convert(text.encode(), "readout.txt", config)
    meta = yaml.safe_load(result.text.split("---\n")[1])
    assert "author" not in meta["source"]
    assert 'author (byline "Office" left out, not a person\'s name)' in meta["review"]


# --- addresses --------------------------------------------------------------------------------------------


class Site(http.server.BaseHTTPRequestHandler):
    """Pages by path; what each request said."""

    routes: dict[str, tuple[int, str, bytes, float]] = {}
    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        Site.seen.append(dict(self.headers))
        status, kind, body, delay = Site.routes.get(self.path, (404, "text/html", b"<h1>Not found</h1>", 0.0))
        time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Site.seen.clear()
    Site.routes = {
        "/story": (200, "text/html; charset=utf-8", (PAGES / "newspaper.html").read_bytes(), 0.0),
        "/slow": (200, "text/html", b"<p>late</p>", 3.0),
        "/report.pdf": (200, "application/pdf", b"%PDF-1.4", 0.0),
        "/gone": (410, "text/html", b"gone", 0.0),
    }
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_address_is_fetched_kept_and_imports_again_offline(project: Path, site: str) -> None:
    run = digest("import", f"{site}/story", cwd=project)
    assert run.code == 0, run.err
    (kept,) = (project / "content/sources").glob("*.html")
    assert kept.name.startswith("127-0-0-1_") and kept.read_bytes() == (PAGES / "newspaper.html").read_bytes()
    (written,) = (project / "content/articles").glob("2023-11-16-*.md")
    meta = yaml.safe_load(written.read_text(encoding="utf-8").split("---\n")[1])
    assert meta["source"]["origin"] == kept.name and meta["draft"] is True
    assert Site.seen[0]["User-Agent"].startswith("digest/") and "importer" in Site.seen[0]["User-Agent"]
    assert f"kept as content/sources/{kept.name}" in run.out or str(kept.name) in run.out
    assert f"{site}/story → content/articles/{written.name}" in run.out.splitlines()  # the address as given

    first = written.read_bytes()
    again = digest("import", kept, cwd=project)  # no network: the kept page gives the same article
    assert again.code == 0, again.err
    assert written.read_bytes() == first and "unchanged" in again.out


def test_a_kept_page_without_an_address_of_its_own_imports_again_as_fetched(project: Path, site: str) -> None:
    """A wire page names no address of its own: fetched, its draft has the address and the site's name the fetch
    gave; imported again from content/sources/, it lost both (and asked for the address again)."""
    page = (PAGES / "wire.html").read_bytes().replace(b'<meta property="og:site_name" content="Global Wire">', b"")
    Site.routes["/world/ai-talks"] = (200, "text/html; charset=utf-8", page, 0.0)
    assert digest("import", f"{site}/world/ai-talks", cwd=project).code == 0
    (written,) = (project / "content/articles").glob("2024-05-14-*.md")
    first = written.read_bytes()
    source = yaml.safe_load(first.decode().split("---\n")[1])["source"]
    assert source["url"] == f"{site}/world/ai-talks" and source["name"] == site.removeprefix("http://")

    (kept,) = (project / "content/sources").glob("*.html")
    again = digest("import", kept, cwd=project)
    assert again.code == 0, again.err
    assert written.read_bytes() == first and "unchanged" in again.out
    assert f"address {site}/world/ai-talks: the source.url of content/articles/{written.name}" in again.out


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/gone", "answered HTTP 410 Gone"),
        ("/report.pdf", "is application/pdf, not an HTML page"),
        ("/slow", "did not answer within 1 s"),
    ],
)
def test_a_failed_fetch_is_one_line_and_writes_nothing(project: Path, site: str, path: str, message: str) -> None:
    before = snapshot(project)
    run = digest("import", f"{site}{path}", "--timeout", "1", cwd=project)
    assert run.code == 1
    problem = run.err.splitlines()[0]
    assert problem.startswith(f"{site}{path}: {message} — ")
    assert "Traceback" not in run.err and snapshot(project) == before


def test_a_page_over_the_size_limit_is_refused(project: Path, site: str) -> None:
    Site.routes["/huge"] = (200, "text/html", b"<p>" + b"x" * (8 * 2**20) + b"</p>", 0.0)
    before = snapshot(project)
    run = digest("import", f"{site}/huge", cwd=project)
    assert run.code == 1 and "is over 8 MB" in run.err.splitlines()[0]
    assert snapshot(project) == before


def test_nobody_listening_is_one_line(project: Path, site: str) -> None:
    from conftest import free_port

    run = digest("import", f"http://127.0.0.1:{free_port()}/story", cwd=project)
    assert run.code == 1 and "cannot be reached" in run.err.splitlines()[0] and "Traceback" not in run.err


def test_the_report_says_truly_where_the_source_address_came_from(config: Config) -> None:
    """A wire page that names no address of its own: the one it was fetched from is written, and said to be that,
    not "the page's canonical address"; saved with a <base href> (the site's home page), it has no address at all."""
    raw = (PAGES / "wire.html").read_bytes()
    fetched = convert(
        raw,
        "https://www.globalwire.example/world/ai-talks",
        config,
        url="https://www.globalwire.example/world/ai-talks",
    )
    assert (
        "source url https://www.globalwire.example/world/ai-talks (the address it was fetched from)" in fetched.report
    )
    assert not any("canonical" in line for line in fetched.report)

    based = raw.replace(b"<head>", b'<head><base href="https://www.globalwire.example/">')
    meta = yaml.safe_load(convert(based, "wire.html", config).text.split("---\n")[1])
    assert "url" not in meta["source"] and "source (no address)" in meta["review"]

    canonical = raw.replace(b"<head>", b'<head><link rel="canonical" href="/world/ai-talks">')
    given = convert(canonical, "https://www.globalwire.example/world/ai-talks?utm_source=x", config,
                    url="https://www.globalwire.example/world/ai-talks?utm_source=x")  # fmt: skip
    assert "source url https://www.globalwire.example/world/ai-talks (the page's canonical link)" in given.report


def test_the_date_in_a_page_header_is_not_the_articles(config: Config) -> None:
    page = (
        '<html lang="en"><body><div id="date-box">Mon, 25 Dec 2023</div><h1>Envoys meet again in Geneva</h1>'
        "<p>The envoys met for five hours on Tuesday and agreed to meet again, officials said on the day.</p>"
        "<p>They did not say where the next round would be held, or when it would start.</p></body></html>"
    )
    result = convert(page.encode(), "header-date.html", config)
    meta = yaml.safe_load(result.text.split("---\n")[1])
    assert "date" not in meta and "date (not found)" in meta["review"]
    dated = page.replace("</h1>", '</h1><p class="byline-date">Posted Tue, 14 May 2020</p>')
    meta = yaml.safe_load(convert(dated.encode(), "dated.html", config).text.split("---\n")[1])
    assert meta["date"] == date(2020, 5, 14)


# --- the headline among a page's titles -------------------------------------------------------------

PROSE = (
    "<p>The two delegations met for five hours on Tuesday and agreed to meet again next month, officials said.</p>"
    "<p>Neither side said where the next round would be held, or who would lead it when it starts.</p>"
)


def page_with(head: str, body: str) -> bytes:
    return f'<html lang="en"><head>{head}</head><body><article>{body}{PROSE}</article></body></html>'.encode()


def title_and_review(raw: bytes, config: Config) -> tuple[str, list[str]]:
    meta = yaml.safe_load(convert(raw, "page.html", config).text.split("---\n")[1])
    return meta["title"], meta["review"]


def test_the_headline_the_page_prints_wins_over_a_search_engine_title(config: Config) -> None:
    headline = "Envoys agree to meet again after five hours of talks"
    head = (
        "<title>Why the envoys will meet again | Example News Politics</title>"
        f'<meta property="og:title" content="Analysis: {headline} | Example News Politics">'
        '<meta property="og:site_name" content="Example News">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "%s"}</script>' % headline
    )
    title, review = title_and_review(page_with(head, f"<h1>{headline}</h1>"), config)
    assert title == headline
    doubt = next(item for item in review if item.startswith("title ("))  # the <title> says another thing
    assert "Why the envoys will meet again" in doubt


def test_the_site_name_is_cut_from_a_title_on_either_side(config: Config) -> None:
    site = '<meta property="og:site_name" content="Example News">'
    for given in ("Envoys agree to meet again - ExampleNews.com", "Example News: Envoys agree to meet again"):
        title, review = title_and_review(page_with(f"<title>{given}</title>{site}", ""), config)
        assert title == "Envoys agree to meet again" and "title" in review


@pytest.mark.parametrize(
    ("head", "body"),
    [
        (  # the <h1> adds a byline
            '<meta property="og:title" content="Envoys agree to meet again after five hours of talks (Photo: Pool)">',
            "<h1>Envoys agree to meet again after five hours of talks Senior writer Jane Morrow</h1>",
        ),
        (  # every metadata title adds a photo credit the <h1> has not
            '<meta property="og:title" content="Envoys agree to meet again after five hours of talks (Photo: Pool)">'
            '<meta name="twitter:title" content="Envoys agree to meet again after five hours of talks (Photo: Pool)">'
            "<title>Envoys agree to meet again after five hours of talks (Photo: Pool)</title>",
            "<h1>Envoys agree to meet again after five hours of talks</h1>",
        ),
    ],
)
def test_a_headline_with_a_byline_or_a_credit_gives_what_they_share(head: str, body: str, config: Config) -> None:
    title, _ = title_and_review(page_with(head, body), config)
    assert title == "Envoys agree to meet again after five hours of talks"


@pytest.mark.parametrize(
    "script",
    [
        "{not json",
        "[" * 5000 + "]" * 5000,
        '{"@type": "WebPage", "headline": "A page, not the article"}',
        '{"@graph": [{"@type": ["NewsArticle"], "headline": "<b>Envoys</b> agree to meet again &amp; talk"}]}',
    ],
)
def test_odd_json_ld_never_breaks_an_import(script: str, config: Config) -> None:
    head = f'<title>Envoys agree to meet again</title><script type="application/ld+json">{script}</script>'
    title, _ = title_and_review(page_with(head, ""), config)
    assert title in ("Envoys agree to meet again", "<b>Envoys</b> agree to meet again & talk")
    text = convert(page_with(head, ""), "page.html", config).text
    assert "<b>" not in MarkdownIt("js-default", {"html": False}).render(text.split("---\n", 2)[2])


def test_a_headline_given_as_the_site_name_cuts_nothing(config: Config) -> None:
    headline = "Envoys agree to meet again after five hours of talks in Geneva"
    head = f'<meta property="og:site_name" content="{headline}"><title>{headline} | Example News</title>'
    title, review = title_and_review(page_with(head, f"<h1>{headline}</h1>"), config)
    assert title == headline and "title" in review  # listed, with no reason to doubt it


# --- furniture rules never take the article's own sentences -----------------------------------------

SENTENCES_THAT_LOOK_LIKE_FURNITURE = [
    "“Beijing will never subscribe to the notion of a new Cold War,” Wang said.",
    "Copyright disputes over films and software were also on the table.",
    "Reporting by state media on the talks was sparse, diplomats said.",
    "The embassy's weekly newsletter called the visit a turning point.",
    "“Your email was read by our security services,” Blinken told Wang.",
    "TikTok's privacy policy was at the heart of Thursday's hearing.",
    "Officials told staff not to download the app on government phones.",
    "Details of the visa rules are posted at www.travel.state.gov, the embassy said.",
]
FURNITURE = [
    "Sign up for our daily China briefing newsletter.",
    "Click here to download the app.",
    "Enter your email address",
    "Copyright 2024 Example Wire. All rights reserved.",
    "Reporting by Michael Martina; Editing by Leslie Adler",
    "Download our app for breaking news alerts.",
]


def test_the_articles_sentences_survive_the_furniture_rules(config: Config) -> None:
    """Words such as "subscribe", "newsletter" or "copyright" inside a sentence of the article do not make it
    furniture: those lines stay in the body, while the prompts that use the same words still go, and one taken
    from among the article's lines is put to the editor."""
    opening = (
        "<p>Wang Yi and Antony Blinken met for five hours in Beijing on Friday and agreed to keep talking, "
        "officials on both sides said after the meeting ended late in the evening.</p>"
    )
    middle = "".join(f"<p>{text}</p>" for text in [*SENTENCES_THAT_LOOK_LIKE_FURNITURE, FURNITURE[0]])
    closing = (
        "<p>The two sides will meet again in Washington before the end of the year, the State Department said "
        "in a statement released on Saturday morning.</p>"
    )
    trailer = "".join(f"<p>{text}</p>" for text in FURNITURE)
    page = (
        '<html lang="en"><head><title>Wang and Blinken agree to keep talking</title></head><body><article>'
        f"<h1>Wang and Blinken agree to keep talking</h1>{opening}{middle}{closing}{trailer}</article></body></html>"
    )
    result = convert(page.encode(), "lookalikes.html", config)
    body = result.text.split("\n---\n", 1)[1].replace("’", "'")  # typographic apostrophes are the page's own
    for text in SENTENCES_THAT_LOOK_LIKE_FURNITURE:
        assert text in body, text
    for text in FURNITURE:
        assert text not in body, text
    # a line taken from among the article's own is shown to the editor, in case a rule was wrong
    review = yaml.safe_load(result.text.split("---\n")[1])["review"]
    assert "text (dropped inside the article as web-page furniture: “Sign up for our daily China" in " ".join(review)


def test_wire_agency_captions_editor_credits_and_chinese_copyright_lines_are_furniture(config: Config) -> None:
    caption = (
        "Chinese President Xi Jinping meets U.S. Secretary of State Antony Blinken at the Great Hall of the People "
        "in Beijing, capital of China, April 26, 2024. (Xinhua/Ju Peng)"
    )
    page = (
        '<html lang="en"><head><title>Xi meets Blinken</title></head><body><article><h1>Xi meets Blinken</h1>'
        f"<p>{caption}</p>"
        "<p>BEIJING, April 26 (Xinhua) -- Chinese President Xi Jinping met with visiting U.S. Secretary of State "
        "Antony Blinken in Beijing on Friday, and said the two countries should be partners, not rivals.</p>"
        "<p>Xi said China is happy to see a confident, open and prosperous United States, and hopes the U.S. side "
        "can also view China's development in a positive light.</p>"
        "<p>[Editor: Zhang Yu]</p><p>责任编辑：王小明</p><p>新华网版权所有，未经书面授权，不得转载。</p>"
        "</article></body></html>"
    )
    result = convert(page.encode(), "xinhua.html", config)
    body = result.text.split("\n---\n", 1)[1]
    assert "partners, not rivals" in body and "positive light" in body
    for furniture in ("(Xinhua/Ju Peng)", "Editor:", "责任编辑", "版权所有"):
        assert furniture not in body, furniture


# --- how a page lays its text out -------------------------------------------------------------------


def test_a_transcript_laid_out_in_a_table_keeps_its_paragraphs(config: Config) -> None:
    """fmprc.gov.cn sets a press conference in one table cell of paragraphs: each question and answer is a paragraph
    of the draft, not one bullet with every paragraph glued to the next ("…today?Wang Wenbin: …")."""
    meta, body, _ = imported("fmprc.html", config)
    paragraphs = body.rstrip("\n").split("\n\n")
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("CCTV: US Secretary of State Antony Blinken is visiting China.")
    assert paragraphs[1].startswith("Wang Wenbin: This afternoon, President Xi Jinping met with Secretary Blinken")
    assert paragraphs[-1].startswith("Wang Wenbin: China has always supported")
    assert not any(paragraph.startswith("- ") for paragraph in paragraphs)
    assert "today?Wang" not in body and meta["meetings"] == ["blinken-beijing-2024"]


def test_a_table_of_figures_stays_a_table_of_rows(config: Config) -> None:
    figures = (
        "<h1>US-China goods trade fell in 2023</h1><p>Trade in goods between the two countries fell sharply last year,"
        " according to figures the Commerce Department released on Wednesday.</p>"
        "<table><thead><tr><th>Year</th><th>US exports</th><th>US imports</th></tr></thead><tbody>"
        "<tr><td>2022</td><td>$154bn</td><td>$537bn</td></tr><tr><td>2023</td><td>$148bn</td><td>$427bn</td></tr>"
        "</tbody></table>"
    )
    body = convert(page_with("", figures), "trade.html", config).text.split("---\n", 2)[2]
    assert "- 2022 · $154bn · $537bn" in body.split("\n") and "- 2023 · $148bn · $427bn" in body.split("\n")


def test_paragraphs_separated_by_two_line_breaks_stay_apart(config: Config) -> None:
    """A Chinese embassy's statement is one block of text with <br><br> between its paragraphs: the answer and each
    of its paragraphs are paragraphs of the draft, not one run-on block."""
    _, body, _ = imported("embassy.html", config)
    paragraphs = body.rstrip("\n").split("\n\n")
    assert [paragraph[:20] for paragraph in paragraphs] == [
        "Q: The US Congress h", "A: The US side's mov", "It sends a gravely w", "We urge the US to ho"
    ]  # fmt: skip
    # One break is a space; two inside emphasis keep the emphasis whole.
    text = (
        "<h1>Envoys agree to meet again</h1><p>Wang Yi met Jake Sullivan in Bangkok<br>on Saturday, officials said."
        "<br><br><b>Both sides<br><br>called the talks candid</b>, and said they would meet again next month.</p>"
    )
    body = convert(page_with("", text), "breaks.html", config).text.split("---\n", 2)[2]
    assert "Wang Yi met Jake Sullivan in Bangkok on Saturday, officials said.\n\n**Both sides called" in body


def test_a_sign_off_after_a_single_line_break_is_not_run_into_the_last_paragraph(config: Config) -> None:
    """Embassies and ministries set a statement's closing lines apart with one <br> (the markup of
    tests/samples/pages/embassy.html, which separates its paragraphs with two): "Thank you.", the signature, the
    issuing office. A single break was a space, so the draft's last paragraph ended "…the Taiwan Strait. — Office
    of the Spokesperson" and a speech's "…panoramic China. Thank you. Xie Feng Ambassador of …"."""
    page = (
        '<html lang="en"><head><title>Remarks by Ambassador Xie Feng</title></head><body><article>'
        "<h1>Remarks by Ambassador Xie Feng at the Reception for American Students</h1>"
        "<p>The foundation of China-US relations lies in the people, and the future lies in the youth. Since "
        "November, more than 14,000 American students have visited China under the initiative.</p>"
        "<p>We welcome more young Americans to come to China, to see a real, multi-dimensional and panoramic China."
        "<br>Thank you.<br>Xie Feng<br>Ambassador of the People's Republic of China to the United States</p>"
        "</article></body></html>"
    )
    body = convert(page.encode(), "remarks.html", config).text.split("---\n", 2)[2]
    assert body.rstrip("\n").split("\n\n")[-4:] == [
        "We welcome more young Americans to come to China, to see a real, multi-dimensional and panoramic China.",
        "Thank you.",
        "Xie Feng",
        "Ambassador of the People's Republic of China to the United States",
    ]
    statement = page.replace(
        "<br>Thank you.<br>Xie Feng<br>Ambassador of the People's Republic of China to the United States",
        "<br>— Office of the Spokesperson",
    )
    result = convert(statement.encode(), "statement.html", config)
    assert result.text.rstrip("\n").endswith("multi-dimensional and panoramic China.")
    assert any(line.endswith("(issuer line: who issued the statement, not its text): — Office of the Spokesperson")
               for line in result.report)  # fmt: skip
    # A line the page wraps mid-sentence, or before a long one, is still one paragraph.
    wrapped = page.replace(
        "<br>Thank you.<br>Xie Feng<br>Ambassador of the People's Republic of China to the United States",
        "<br>The two sides agreed to hold their first talks on artificial intelligence within weeks.",
    ).replace("in the people, and", "in the people,<br>and")
    body = convert(wrapped.encode(), "wrapped.html", config).text.split("---\n", 2)[2]
    assert "lies in the people, and the future" in body and "panoramic China. The two sides agreed" in body


def test_a_live_blog_keeps_each_entrys_time_heading_and_text(config: Config) -> None:
    """The Guardian's live blog links each entry's time to the entry: the times were dropped, and with those links
    around them the last entry's text went too, without a word in the report."""
    _, body, _ = imported("liveblog.html", config)
    lines = [line for line in body.split("\n") if line]
    assert lines[lines.index("**11.52 BST**") + 1] == (
        "## Xi tells Blinken the two countries should be partners, not rivals"
    )
    assert lines[lines.index("**10.40 BST**") + 1] == "## Wang Yi warns of a downward spiral"
    assert lines[-2:] == [
        "**08.05 BST**",
        "Welcome to our live coverage of the last day of the US secretary of state’s visit to China, where he is "
        "expected to meet President Xi Jinping.",
    ]


def test_a_time_stamp_with_fractions_of_a_second_is_read(config: Config) -> None:
    """The Guardian writes `2024-04-26T07:05:12.000Z`: htmldate refused it, and the draft had no date at all."""
    meta, _, _ = imported("liveblog.html", config)
    assert meta["date"].isoformat() == "2024-04-26T03:05:12-04:00" and "date (not found)" not in meta["review"]


def test_an_elementor_article_keeps_its_whole_body(config: Config) -> None:
    """Elementor wraps each block in "elementor-widget-…" classes, which trafilatura deletes as a sidebar's widgets:
    the story laid out in Elementor's text widgets lost four of its six paragraphs, without a word in the report."""
    meta, body, report = imported("elementor.html", config)
    paragraphs = body.rstrip("\n").split("\n\n")
    assert [" ".join(paragraph.split()[:3]) for paragraph in paragraphs] == [
        "China and the", "The statement, released", "## Coal left", "The envoys, John",
        "Kerry said the", "The working group", "Analysts said the",
    ]  # fmt: skip
    assert meta["source"]["author"] == "Helen Park" and not any(item.startswith("text") for item in meta["review"])
    for furniture in ("Share on", "Newsletter", "Sign up", "Latest", "Woodside readouts", "Photo:", "Tagged"):
        assert furniture not in body, furniture


def test_a_draft_holding_much_less_than_the_page_says_what_is_missing(config: Config) -> None:
    """A wire story whose middle paragraphs sit in a box trafilatura takes for a widget: the draft is short, and the
    editor is told so, with the first paragraph to look for."""
    page = (PAGES / "wire.html").read_text(encoding="utf-8")
    boxed = page.replace("<p>The US delegation", '<div class="story-widget"><p>The US delegation')
    boxed = boxed.replace("without giving a date.</p>", "without giving a date.</p></div>")
    result = convert(boxed.encode(), "wire.html", config)
    meta = yaml.safe_load(result.text.split("---\n")[1])
    (text,) = [item for item in meta["review"] if item.startswith("text")]
    assert "the draft holds 55% of the page's prose" in text and "The US delegation raised concerns" in text
    assert any(line.startswith("needs review: text — the draft holds 55%") for line in result.report)


def test_a_statement_copied_from_a_pdf_keeps_its_sentences_whole(config: Config) -> None:
    """A joint statement copied out of a PDF is wrapped at a fixed width, with page numbers: its paragraphs were cut
    wherever a line ended before a capital or a digit ("…with other" / "Parties to…"), and "Page 1 of 2" became a
    subheading. A word the PDF broke with a hyphen is joined, the hyphen kept, and put to the editor."""
    meta, body, _ = imported("statement.txt", config)
    paragraphs = body.rstrip("\n").split("\n\n")
    assert [paragraph[:3] for paragraph in paragraphs] == ["1\\.", "2\\.", "3\\.", "4\\."]  # and no sign-off
    assert "work jointly and with other Parties to strengthen" in paragraphs[0]
    assert paragraphs[1].endswith("concrete climate actions in the 2020s.")
    assert "renewable energy de-ployment in their respective economies" in paragraphs[2]
    assert "text (word(s) broken across lines kept with their hyphen: “de-ployment”)" in meta["review"]
    for furniture in ("Page 1 of 2", "Page 2 of 2", "For Immediate Release", "Office of the Spokesperson"):
        assert furniture not in body, furniture


def test_the_office_issuing_a_statement_is_not_part_of_its_text(config: Config) -> None:
    """A copy of a State Department statement (an embassy's page) opens as the Department's release template does:
    "U.S. DEPARTMENT OF STATE", "Office of the Spokesperson", "For Immediate Release". The office's name stayed
    as the article's first paragraphs; it is who issued the statement, not its words, and the report says so."""
    body = (
        "<h1>Secretary Blinken's Meeting with PRC President Xi Jinping</h1><div class='entry-content'>"
        "<p>U.S. DEPARTMENT OF STATE</p><p>Office of the Spokesperson</p><p>For Immediate Release</p>"
        "<p>Secretary Antony J. Blinken met today with President Xi Jinping in Beijing, and stressed the importance "
        "of keeping channels of communication open.</p></div>"
    )
    result = convert(page_with("", body), "statement.html", config)
    text = result.text.split("---\n", 2)[2]
    assert "Office of the Spokesperson" not in text and "DEPARTMENT OF STATE" not in text
    assert text.lstrip().startswith("Secretary Antony J. Blinken met today")
    assert "dropped block 2 (issuer line: who issued the statement, not its text): Office of the Spokesperson" in (
        result.report
    )
    spoken = page_with("", "<h1>Envoys agree to meet again</h1><p>The Office of the Spokesperson said nothing.</p>")
    assert "The Office of the Spokesperson said nothing." in convert(spoken, "said.html", config).text


def test_a_statements_header_set_with_line_breaks_is_read_as_its_own_paragraphs_are(config: Config) -> None:
    """An embassy's copy of a release sets its header and first paragraph in one <p>, a line each: "FOR IMMEDIATE
    RELEASE<br>Office of the Spokesperson<br>April 26, 2024<br>Secretary Blinken met…". The draft opened
    "FOR IMMEDIATE RELEASE Office of the Spokesperson April 26, 2024 Secretary Blinken met…"; set as paragraphs,
    those lines are dropped, and so they are now, the headline repeated above them too."""
    headline = "<h1>Secretary Blinken's Meeting with PRC President Xi Jinping</h1>"
    text = (
        "Secretary Antony J. Blinken met today with President Xi Jinping in Beijing, and stressed the importance "
        "of keeping channels of communication open.</p>"
    )
    header = ["FOR IMMEDIATE RELEASE", "Secretary Blinken's Meeting with PRC President Xi Jinping",
              "Office of the Spokesperson", "April 26, 2024"]  # fmt: skip
    apart = convert(page_with("", headline + "".join(f"<p>{line}</p>" for line in header) + "<p>" + text), "a.html",
                    config).text.split("---\n", 2)[2]  # fmt: skip
    broken = convert(page_with("", headline + "<p>" + "<br>".join(header) + "<br>" + text), "b.html", config)
    body = broken.text.split("---\n", 2)[2]
    assert body == apart and body.lstrip().startswith("Secretary Antony J. Blinken met today")
    assert "dropped block 4 (issuer line: who issued the statement, not its text): Office of the Spokesperson" in (
        broken.report
    )
    # A place in capitals on its own line is a paragraph, as when set as one; "BEIJING —" opens the text.
    for place, opening in (("BEIJING<br>", "BEIJING\n\nSecretary Antony"), ("BEIJING —<br>", "BEIJING — Secretary")):
        body = convert(page_with("", f"{headline}<p>{place}{text}"), "c.html", config).text.split("---\n", 2)[2]
        assert body.lstrip().startswith(opening)
    # A sentence the page wraps around a date, or after a name, stays one paragraph.
    wrapped = (
        "<p>The talks were held in Beijing on<br>April 26, 2024<br>and lasted five hours, officials said.</p>"
        "<p>Secretary of State Antony J. Blinken and Foreign Minister<br>Wang Yi met for five hours on Friday.</p>"
    )
    body = convert(page_with("", headline + wrapped), "d.html", config).text.split("---\n", 2)[2]
    assert "held in Beijing on April 26, 2024 and lasted five hours" in body
    assert "Foreign Minister Wang Yi met for five hours" in body


def test_a_subtitle_set_as_a_heading_is_the_summary_not_a_section(config: Config) -> None:
    """Substack sets a post's subtitle in an <h3> under the headline, and gives it as the page's description: the
    draft opened with it as a subheading, "### Three takeaways…", above the first paragraph."""
    meta, body, report = imported("substack.html", config)
    assert meta["summary"] == "Three takeaways from the Secretary of State's second trip to Beijing in a year"
    assert body.startswith("Antony Blinken left Beijing on Friday") and "Three takeaways" not in body
    assert any(line.startswith("dropped the subheading under the headline") for line in report)


def test_a_page_without_a_site_name_is_not_named_after_its_headline(config: Config) -> None:
    """The New York Times gives no og:site_name: trafilatura took the headline for the outlet's name, and the draft
    said the story came from "U.S. and China Agree to Resume Military Talks…". Its <title> names the paper."""
    meta, _, report = imported("nytimes.html", config)
    assert meta["source"]["name"] == "The New York Times"
    assert 'source name "The New York Times" (what the page\'s <title> adds to its headline)' in report


def test_a_site_named_only_by_its_address_is_named_as_the_page_prints_it(config: Config) -> None:
    """China Daily gives no og:site_name and ends its <title> with "- Chinadaily.com.cn": the draft said the story
    came from "Chinadaily.com.cn". The page prints the paper's name ("| China Daily Global |", "[Photo by …/China
    Daily]"): the words its address runs together, each capitalised."""
    meta, _, report = imported("chinadaily.html", config)
    assert meta["source"]["name"] == "China Daily"
    assert 'source name "China Daily" (the name the page prints for Chinadaily.com.cn, its only site name)' in report


def test_a_site_name_that_is_an_address_yields_to_the_json_ld_publisher(config: Config) -> None:
    """A page whose og:site_name is its host (as globaltimes.cn's is) and whose JSON-LD names its publisher."""
    head = (
        '<meta property="og:site_name" content="globaltimes.cn">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Envoys agree to meet again",'
        ' "publisher": {"@type": "Organization", "name": "Global Times"}}</script>'
    )
    result = convert(page_with(head, "<h1>Envoys agree to meet again</h1>"), "page.html", config)
    assert yaml.safe_load(result.text.split("---\n")[1])["source"]["name"] == "Global Times"


def test_a_page_whose_meta_gives_only_its_update_is_dated_by_its_publication(config: Config) -> None:
    """state.gov's <meta> gives article:modified_time only, and its JSON-LD datePublished: the draft was dated by the
    update (22:10 that evening), as though the Secretary had spoken after the press availability ended."""
    meta, _, report = imported("stategov-press.html", config)
    assert meta["date"].isoformat() == "2024-04-26T07:52:08-04:00"
    assert any(
        line.startswith("date 2024-04-26T07:52:08-04:00") and "updated 2024-04-26T22:10:33" in line for line in report
    )


@pytest.mark.parametrize(
    ("name", "author"),
    [
        ("apnews.html", "Aamer Madhani, Didi Tang"),  # AP prints its bylines in capitals
        ("nytimes.html", "David E. Sanger, Ana Swanson"),  # trafilatura dropped the initial's full stop
        ("stategov-press.html", "Antony J. Blinken"),
        ("cgtn.html", "Xu Wei"),  # "By Xu Wei" then "CGTN", read as one name and left out
    ],
)
def test_a_bylines_names_are_written_as_a_reader_would(name: str, author: str, config: Config) -> None:
    meta, _, _ = imported(name, config)
    assert meta["source"]["author"] == author


def test_a_title_after_the_writers_name_is_not_a_byline_to_review(config: Config) -> None:
    """state.gov prints "Antony J. Blinken, Secretary of State" under the headline, which trafilatura reads as two
    authors, "Antony J Blinken" and "Secretary": the draft asked the editor to look into a byline "Secretary" left
    out. A title is no one's byline; a byline of a title alone still names no one, and is put to the editor."""
    meta, _, report = imported("stategov-press.html", config)
    assert meta["source"]["author"] == "Antony J. Blinken"
    assert not [item for item in meta["review"] if item.startswith("author")]
    assert 'author "Antony J. Blinken" (the page\'s metadata; "Secretary" left out, a title, not a name)' in report
    alone = page_with('<meta name="author" content="Deputy Spokesperson">', "<h1>Envoys agree to meet again</h1>")
    assert 'author (byline "Deputy Spokesperson" left out, not a person\'s name)' in title_and_review(alone, config)[1]


def test_a_byline_the_page_prints_names_the_author_its_metadata_does_not(config: Config) -> None:
    """China Daily names its writer only in the line under the headline: "By ZHAO YIMENG in Washington | China Daily
    Global | Updated: …". The draft had no author."""
    meta, body, report = imported("chinadaily.html", config)
    assert meta["source"]["author"] == "Zhao Yimeng"
    assert 'author "Zhao Yimeng" (the byline the page prints)' in report
    assert "ZHAO" not in body and "[Photo by" not in body


@pytest.mark.parametrize(
    ("name", "furniture", "last"),
    [
        # The Guardian marks its sign-up box inside the article for screen readers to skip
        ("guardian.html", ["newsletter promotion", "Sign up to First Edition", "Our morning email", "Privacy Notice"],
         "Li Shuo, of the Asia Society Policy Institute, said"),
        # the Times closes with the writer's biography and the print edition's headline
        ("nytimes.html", ["covers the Biden administration", "A version of this article", "Order Reprints"],
         "The two leaders did not resolve their differences"),
        # CGTN's captions end with "/Source", its stories with "(With input from Xinhua)"
        ("cgtn.html", ["/Chinese Foreign Ministry", "With input from"], "The two sides agreed to continue"),
    ],
)  # fmt: skip
def test_furniture_inside_and_after_an_article_is_dropped(
    name: str, furniture: list[str], last: str, config: Config
) -> None:
    meta, body, _ = imported(name, config)
    for text in furniture:
        assert text not in body, text
    assert body.rstrip("\n").split("\n\n")[-1].startswith(last)
    assert not any(item.startswith("text") for item in meta["review"] if "Sign up for the On Politics" not in item)


@pytest.mark.parametrize(
    ("name", "date", "source", "furniture"),
    [
        ("scmp.html", "2024-05-14T09:00:12-04:00",  # 9pm in Hong Kong is the morning in New York
         {"name": "South China Morning Post", "author": "Orange Wang"},
         ["Advertisement", "Read more:", "China Briefing", "Why you can trust", "FOLLOW", "Photo: AFP", "cookies"]),
        ("whitehouse.html", "2024-04-02T13:18:07-04:00", {"name": "The White House"},
         ["###", "Statements and Releases", "Share on", "Related Posts", "1600 Pennsylvania"]),
        ("substack.html", "2024-04-28T07:02:19-04:00", {"name": "Cross Straits", "author": "Lin Mei"},
         ["reader-supported", "Type your email", "Restacks", "Likes", "Discussion about this post", "Great summary",
          "Substack is the home"]),
    ],
)  # fmt: skip
def test_more_outlets_pages_give_their_facts_and_text_only(
    name: str, date: str, source: dict[str, str], furniture: list[str], config: Config
) -> None:
    meta, body, _ = imported(name, config)
    assert meta["date"].isoformat() == date
    assert {key: meta["source"].get(key) for key in source} == source and meta["source"]["url"].startswith("https://")
    assert [item for item in meta["review"] if "(" in item and not item.startswith("summary")] == []  # nothing unsure
    for text in furniture:
        assert text not in body, text


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("fmprc.html", "Ministry of Foreign Affairs of the People's Republic of China"),
        ("fmprc-mao-ning.html", "Ministry of Foreign Affairs of the People's Republic of China"),
        ("embassy.html", "Embassy of the People's Republic of China in the United States of America"),
    ],
)
def test_a_government_site_is_named_by_the_site_name_it_gives(name: str, outlet: str, config: Config) -> None:
    """China's ministry and embassy sites give their name in `<meta name="SiteName">` (not og:site_name), and end
    their <title> with it after an underscore: the outlet is that name, not the address's host, and the <title>
    agrees with the headline once the name is cut."""
    meta, _, report = imported(name, config)
    assert meta["source"]["name"] == outlet
    assert f'source name "{outlet}" (the page\'s site name)' in report
    assert "title" in meta["review"]  # only the review every import asks for, no doubt about the headline
