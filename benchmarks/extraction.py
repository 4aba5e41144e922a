"""How much of a real news page's article `digest import` keeps, and how much else it lets in.

    .venv/bin/python benchmarks/extraction.py              # fetch the pages once, then score them
    .venv/bin/python benchmarks/extraction.py --write-results   # and write the figures into RESULTS.md
    .venv/bin/python benchmarks/extraction.py --pages cnn_001,time_001 -v

The pages are real ones, with the article text their maintainers checked by hand: the test data of the
newspaper4k source distribution (tests/data/html/*.html, tests/data/txt/*.txt, and titles and dates in
tests/data/metadata/*.json), downloaded with `pip download` into benchmarks/work/ (git-ignored, never committed).

Each page is imported twice: as the saved HTML page, and as a scraper's visible-text dump of it (one block of
the page a line, as BeautifulSoup's get_text("\\n") or a browser's select-all gives). The body written is scored
against the expected text on 4-gram shingles of words (scripts without spaces: of characters): precision (how
much of what was kept is article), recall (how much of the article was kept) and F1, per page, then averaged.
Baselines: trafilatura alone with its defaults (on the HTML; on the dump, each line given to it as a paragraph),
and keeping every line of the dump. Titles are compared with the metadata's (CHECKED_TITLES corrects four of them),
ignoring case, spacing and punctuation. A date is right when it is the metadata's publication day, missing when the
import leaves it for review, and wrong otherwise; every date written is also looked for in the page's own text.
The pages are cut in two halves by the first byte of the SHA-256 of their names (even: the half the title rules
were developed on; odd: held out), and titles are scored on each half. A benchmark, not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import subprocess
import sys
import tarfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from digest.config import load_config  # noqa: E402
from digest.errors import DigestError  # noqa: E402
from digest.importer import convert  # noqa: E402

WORK = ROOT / "benchmarks" / "work" / "extraction"
PACKAGE = "newspaper4k==0.9.6"
DATA = "tests/data"
SECTION = "## Body extraction (`benchmarks/extraction.py`)"


def fetch_pages() -> Path:
    """The source distribution's test pages, unpacked into benchmarks/work/extraction/ (downloaded once)."""
    unpacked = next(WORK.glob(f"newspaper4k-*/{DATA}/html"), None)
    if unpacked is not None:
        return unpacked.parent
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-binary", ":all:", "--no-deps", PACKAGE, "-d", WORK],
        check=True,
    )
    archive = next(WORK.glob("newspaper4k-*.tar.gz"))
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if f"/{DATA}/" in m.name and m.isfile()]
        tar.extractall(WORK, members=members, filter="data")
    return next(WORK.glob(f"newspaper4k-*/{DATA}/html")).parent


# The metadata's titles that are not the article's headline, checked by hand in the page. The headline is what the
# article's page prints as its <h1>, which its JSON-LD `headline` repeats; newspaper4k's metadata took the page's
# <title> (a title written for search engines and browser tabs) on three pages, and kept a photo credit and the
# site's name on a fourth. video_article_02's metadata already gives the <h1> where its <title> says another thing.
CHECKED_TITLES = {
    "cnn_001": (
        "The nonstop sparring match between the conservative justice and liberal Biden attorney at the Supreme Court",
        "the <h1> and the JSON-LD headline; only <title> starts 'Alito and Prelogar:' (og:title: 'Analysis:')",
    ),
    "cnn_test_nlp": (
        "Gates on Tillerson and Russia: ‘Being friendly doesn’t make you friends’",
        "the <h1>, JSON-LD headline, og:title and twitter:title; only <title> says 'You can be friendly without…'",
    ),
    "time_001": (
        "We Need Geoengineering to Stop Out of Control Warming, Warns Climate Scientist James Hansen",
        "the <h1> and the JSON-LD headline (og:title shortens it); <title> is another, 'James Hansen Calls for…'",
    ),
    "japanese_article": (
        "米朝首脳直通電話 習氏に挑むトランプ戦術の成否",
        "the metadata's title adds the photo credit （写真＝ロイター） and the site name ：日本経済新聞; the <h1> "
        "gives the headline and then the byline 編集委員 中沢克二",
    ),
}


@dataclass
class Page:
    name: str
    html: bytes
    expected: str
    title: str | None  # the headline: the metadata's, or CHECKED_TITLES's where that is wrong
    day: date | None  # the metadata's publication day
    has_metadata: bool
    listed_title: str | None = None  # the metadata's own title

    @property
    def held_out(self) -> bool:
        """The half of the pages the title rules were not developed on: a fixed rule, the hash of the name."""
        return hashlib.sha256(self.name.encode()).digest()[0] % 2 == 1


def pages(data: Path, only: set[str] | None) -> list[Page]:
    """Every page with an expected text."""
    found = []
    for path in sorted((data / "html").glob("*.html")):
        expected = data / "txt" / f"{path.stem}.txt"
        if not expected.exists() or (only and path.stem not in only):
            continue
        meta_path = data / "metadata" / f"{path.stem}.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        published = meta.get("publish_date")
        day = date.fromisoformat(published[:10]) if published else None
        text = expected.read_text(encoding="utf-8")
        title = CHECKED_TITLES[path.stem][0] if path.stem in CHECKED_TITLES else meta.get("title")
        found.append(Page(path.stem, path.read_bytes(), text, title, day, bool(meta), meta.get("title")))
    return found


# --- scoring ----------------------------------------------------------------------------------------

_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def tokens(text: str) -> list[str]:
    """Words, lower case, without punctuation; each character of a script written without spaces a word."""
    out = []
    for word in re.findall(r"\w+", text.lower()):
        if _UNSPACED.search(word):
            out.extend(word)
        else:
            out.append(word)
    return out


def shingles(text: str, n: int = 4) -> Counter:
    words = tokens(text)
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))


def score(extracted: str, expected: str) -> tuple[float, float, float]:
    got, want = shingles(extracted), shingles(expected)
    common = sum((got & want).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def markdown_text(body: str) -> str:
    """An imported body's words: Markdown's markers and link addresses removed."""
    body = re.sub(r"\]\([^)]*\)", "]", body)
    body = re.sub(r"(?m)^(?:#{1,6} |> ?|\s*(?:-|\d+\.) )", "", body)
    return re.sub(r"\\(.)", r"\1", body).replace("**", "").replace("[", "").replace("]", "")


def same_title(found: str | None, expected: str | None) -> bool:
    def norm(text: str) -> str:
        return re.sub(r"\W+", " ", html.unescape(text).casefold()).strip()

    return bool(found and expected) and norm(found) == norm(expected)


def headlines(page: Page) -> list[str]:
    """The page's <h1> headings: the headline its readers see, where the metadata's title may say another."""
    from trafilatura.utils import load_html

    tree = load_html(page.html)
    return [" ".join(" ".join(h.itertext()).split()) for h in tree.iter("h1")] if tree is not None else []


# --- the text dump ------------------------------------------------------------------------------------


def text_dump(raw: bytes) -> bytes:
    """What a scraper saves of a page: its <title>, then the visible text of <body>, one block a line (as the
    raw seeds in content/sources/ were saved)."""

    from trafilatura.utils import load_html  # the page's own encoding, as a browser reads it

    tree = load_html(raw)
    for bad in tree.xpath("//script|//style|//noscript|//template|//svg|//iframe|//*[@hidden]"):
        bad.drop_tree()
    blocks = [
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "tr",
        "td",
        "th",
        "figure",
        "figcaption",
        "form",
        "br",
        "dd",
        "dt",
        "dl",
        "address",
        "hr",
        "button",
        "option",
        "label",
    ]
    for element in tree.iter(*blocks):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    title = tree.findtext(".//title") or ""
    body = tree.find("body")
    text = title + "\n" + (body if body is not None else tree).text_content()
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line).encode("utf-8") + b"\n"


# --- the runs ---------------------------------------------------------------------------------------------


def ours(raw: bytes, name: str, config) -> tuple[str, str | None, date | None, bool]:
    """The imported body's words, title and date, and whether `review:` gives a reason to doubt the title (an empty
    body when the import refuses the page)."""
    try:
        result = convert(raw, name, config)
    except DigestError:
        return "", None, None, False
    import yaml

    front, body = result.text[4:].split("\n---\n", 1)
    meta = yaml.safe_load(front)
    doubted = any(str(item).startswith("title (") for item in meta.get("review") or [])
    return markdown_text(body), meta.get("title"), meta.get("date"), doubted


_MONTH_NAMES = [date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def date_in_page(day: date, raw: bytes) -> bool:
    """Whether the page's own source writes this day, in any of the usual forms: a date found and not guessed."""
    text = html.unescape(raw.decode("utf-8", "replace"))
    y, m, d, month = day.year, day.month, day.day, _MONTH_NAMES[day.month - 1]
    forms = [
        f"{y}-{m:02}-{d:02}", f"{y}/{m:02}/{d:02}", f"{y}/{m}/{d}", f"{y}{m:02}{d:02}", f"{m:02}/{d:02}/{y}",
        f"{d:02}/{m:02}/{y}", f"{m}/{d}/{y}", f"{d}/{m}/{y}", f"{d:02}.{m:02}.{y}", f"{d}.{m}.{y}", f"{y}年{m}月{d}日",
        f"{month} {d}, {y}", f"{month[:3]} {d}, {y}", f"{month[:3]}. {d}, {y}", f"{d} {month} {y}",
        f"{d} {month[:3]} {y}",
    ]  # fmt: skip
    return any(form.casefold() in text.casefold() for form in forms)


def trafilatura_alone(raw: bytes) -> str:
    import trafilatura

    return trafilatura.extract(raw) or ""


def dump_as_html(dump: bytes) -> bytes:
    lines = dump.decode("utf-8").splitlines()
    return ("<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>").encode()


def measure(page: Page, config) -> dict[str, object]:
    dump = text_dump(page.html)
    html_body, html_title, html_day, html_doubt = ours(page.html, f"{page.name}.html", config)
    dump_body, dump_title, dump_day, dump_doubt = ours(dump, f"{page.name}.txt", config)
    return {
        "html": score(html_body, page.expected),
        "html_trafilatura": score(trafilatura_alone(page.html), page.expected),
        "dump": score(dump_body, page.expected),
        "dump_trafilatura": score(trafilatura_alone(dump_as_html(dump)), page.expected),
        "dump_every_line": score(dump.decode("utf-8"), page.expected),
        "titles": (html_title, dump_title),
        "doubted": (html_doubt, dump_doubt),
        "days": (html_day, dump_day),
    }


def date_verdict(found: date | None, expected: date | None) -> str:
    """Right, left for review, or found where the metadata has no date (then check by hand where it came from)."""
    if found is None:
        return "left for review"
    if expected is None:
        return "not in the metadata"
    return "right" if found == expected else "wrong"


RUNS = (
    ("html", "digest import, HTML page"),
    ("html_trafilatura", "trafilatura alone, HTML page"),
    ("dump", "digest import, text dump"),
    ("dump_trafilatura", "trafilatura alone, text dump (a paragraph a line)"),
    ("dump_every_line", "every line of the text dump kept"),
)


def summary(found: list[Page], results: list[dict]) -> list[str]:
    lines = ["| run | precision | recall | F1 |", "|---|---|---|---|"]
    for key, label in RUNS:
        p, r, f = (mean(res[key][i] for res in results) for i in range(3))
        lines.append(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} |")
    with_meta = [(page, res) for page, res in zip(found, results, strict=True) if page.title]
    for at, kind in enumerate(("HTML page", "text dump")):
        lines += ["", *title_summary(kind, at, with_meta), date_summary(at, with_meta)]
    return lines


def title_summary(kind: str, at: int, with_meta: list[tuple[Page, dict]]) -> list[str]:
    """Titles right on each half of the pages, the metadata's own titles, and how many wrong ones `review:` doubts."""
    right = [same_title(res["titles"][at], page.title) for page, res in with_meta]
    halves = []
    for held_out, half in ((False, "development half"), (True, "held-out half")):
        scored = [ok for ok, (page, _) in zip(right, with_meta, strict=True) if page.held_out == held_out]
        halves.append(f"{half} {sum(scored)} of {len(scored)}")
    listed = sum(same_title(res["titles"][at], page.listed_title) for page, res in with_meta)
    wrong = [(page, res) for ok, (page, res) in zip(right, with_meta, strict=True) if not ok]
    doubted = sum(res["doubted"][at] for _, res in wrong)
    share = sum(right) / len(with_meta)
    return [
        f"{kind}: title right on {sum(right)} of {len(with_meta)} pages with a title ({share:.0%}; "
        f"{', '.join(halves)}); against newspaper4k's titles as listed: {listed}. Wrong titles that `review:` gives a "
        f"reason to doubt: {doubted} of {len(wrong)}; titles doubted: {sum(res['doubted'][at] for _, res in with_meta)}"
    ]


def date_summary(at: int, with_meta: list[tuple[Page, dict]]) -> str:
    verdicts = Counter(date_verdict(res["days"][at], page.day) for page, res in with_meta)
    found = [(page, res["days"][at]) for page, res in with_meta if res["days"][at]]
    absent = [f"{page.name} {day}" for page, day in found if not date_in_page(day, page.html)]
    return (
        f"dates: {verdicts['right']} right, {verdicts['left for review']} left for review, {verdicts['wrong']} wrong, "
        f"{verdicts['not in the metadata']} found where the metadata has none; {len(found) - len(absent)} of "
        f"{len(found)} dates written are in the page's source" + (f" (not: {', '.join(absent)})" if absent else "")
    )


def per_page(found: list[Page], results: list[dict]) -> list[str]:
    lines = [
        "| page | half | HTML F1 | trafilatura F1 | dump F1 | dump P / R | title (HTML, dump) | date (HTML, dump) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page, res in zip(found, results, strict=True):
        marks = zip(res["titles"], res["doubted"], strict=True)
        titles = " ".join(mark(same_title(t, page.title), doubt) for t, doubt in marks) if page.title else "–"
        days = ", ".join(date_verdict(d, page.day) for d in res["days"]) if page.has_metadata else "–"
        p, r, _ = res["dump"]
        half = "held out" if page.held_out else "dev"
        lines.append(
            f"| {page.name} | {half} | {res['html'][2]:.3f} | {res['html_trafilatura'][2]:.3f} | {res['dump'][2]:.3f} "
            f"| {p:.2f} / {r:.2f} | {titles} | {days} |"
        )
    return lines


def mark(right: bool, doubted: bool) -> str:
    """✓ or ✗, with ? when `review:` gives a reason to doubt the title."""
    return ("✓" if right else "✗") + ("?" if doubted else "")


def titles_shown(found: list[Page], results: list[dict]) -> list[str]:
    """Each title written next to the expected one, for the pages where one is wrong (`--titles`)."""
    lines = []
    for page, res in zip(found, results, strict=True):
        if page.title and not all(same_title(t, page.title) for t in res["titles"]):
            lines.append(f"{page.name}: expected {page.title!r}")
            lines += [f"  {kind}: {t!r}" for kind, t in zip(("HTML", "dump"), res["titles"], strict=True)]
    return lines


def write_results(text: str) -> None:
    """Replace this benchmark's section of RESULTS.md (added at the end the first time); other sections stay."""
    path = ROOT / "benchmarks" / "RESULTS.md"
    current = path.read_text(encoding="utf-8")
    if SECTION in current:
        before, rest = current.split(SECTION, 1)
        after = rest[rest.index("\n## ") :] if "\n## " in rest else "\n"
        current = before + text.rstrip("\n") + "\n" + after
    else:
        current = current.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n"
    path.write_text(current, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", help="comma-separated page names (default: every page with an expected text)")
    parser.add_argument("--write-results", action="store_true", help="write the figures into benchmarks/RESULTS.md")
    parser.add_argument("-v", "--verbose", action="store_true", help="show each page's figures")
    parser.add_argument("--titles", action="store_true", help="show the titles that are wrong, and the expected ones")
    parser.add_argument("--half", choices=("dev", "held-out"), help="only the pages of one half")
    args = parser.parse_args()
    config = load_config(ROOT / "config.yaml")
    found = pages(fetch_pages(), set(args.pages.split(",")) if args.pages else None)
    if args.half:
        found = [page for page in found if page.held_out == (args.half == "held-out")]
    results = [measure(page, config) for page in found]
    table = summary(found, results)
    detail = per_page(found, results)
    print("\n".join(table))
    if args.verbose:
        print("\n" + "\n".join(detail))
    if args.titles:
        print("\n" + "\n".join(titles_shown(found, results)))
    if args.write_results:
        write_results("\n".join([SECTION, "", *table, "", "Per page:", "", *detail]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
