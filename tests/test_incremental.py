"""An incremental build equals a clean build, byte for byte, after any sequence of editor actions."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, digest, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.build import build
from digest.errors import DigestError

THEMES = ["partnership", "taiwan", "russia", "trade-technology"]
MEETINGS = ["blinken-beijing-2024", "ncuscr-gala-2024", "woodside-summit-2023"]
PEOPLE = ["xi-jinping", "antony-blinken", "wang-yi"]
SAID_BY = ["Xi", "Blinken", "Wang Yi"]  # how quoted articles name PEOPLE: two aliases and a name
QUOTE = "We will keep talking to each other about trade"  # long enough to be a key quotation
NEW_THEME = '  space:\n    title: "Space"\n    description: "Satellites and the race to the Moon."\n'


def article(
    n: int, title: str, day: int, themes: list[str], meetings: list[str], body: str, draft: bool, people=()
) -> str:
    return (
        f'---\ntitle: "{title} {n}"\ndate: 2024-03-{day:02d}\nthemes: [{", ".join(themes)}]\n'
        f"meetings: [{', '.join(meetings)}]\npeople: [{', '.join(people)}]\ndraft: {str(draft).lower()}\n---\n\n"
        f"{body}\n"
    )


def start(root: Path, size: int = 8, quoted: bool = False) -> Path:
    """A project of `size` articles in March 2024; `quoted`: most of them quote one of PEOPLE."""
    root.mkdir()
    config = (REPO / "config.yaml").read_text(encoding="utf-8").replace("page_size: 20 ", "page_size: 3  ")
    config = config.replace("feed_items: 20 ", "feed_items: 4  ")
    (root / "config.yaml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "content/articles").mkdir(parents=True)
    for n in range(size):
        body, people = f"Body {n}.", []
        if quoted and n % 4 != 3:
            body += f"\n\n“{QUOTE} {n},” {SAID_BY[n % 3]} said."
            people = [PEOPLE[n % 3]]
        themes, meetings = THEMES[n % 3 : n % 3 + 2], MEETINGS[n % 2 : n % 2 + 1]
        text = article(n, "Item", 1 + n * 3, themes, meetings, body, False, people)
        (root / f"content/articles/2024-03-{1 + n * 3:02d}-item-{n}.md").write_text(text, encoding="utf-8")
    return root


def articles(root: Path) -> list[Path]:
    return sorted((root / "content/articles").glob("*.md"))


ENTRY_FIELDS = [  # a line of config.yaml's themes, meetings or people, and two texts it can hold
    (r'(?m)^(    place: )"[^"\n]*"( *)$', ['"New York (letters read aloud)"', '"New York"']),  # the 2021 gala's place
    (r'(?m)^(    description: )"Taiwan in[^"\n]*"()$', ['"Taiwan in US–China relations."', '"Taiwan in the news."']),
    (r'(  wang-yi: \{.*role: )"[^"]*"(\})', ['"Foreign Minister of China"', '"Minister"']),
    (r'(  qin-gang: \{name: )"[^"]*"(,)', ['"Qin Gang"', '"Gang Qin"']),  # quoted by name only on their pages
]


# Each action: (name, pick, value) applied by `act`; `pick` chooses the article (or which of a kind), `value` what
# it becomes. Between them they change every field an editor can, config.yaml's vocabulary and site, templates.
actions = st.one_of(
    st.tuples(st.just("body"), st.integers(0, 99), st.text("abc “xyz”", min_size=1, max_size=12)),
    st.tuples(st.just("title"), st.integers(0, 99), st.sampled_from(["Xi", "Blinken: talks", "Gala"])),
    st.tuples(st.just("date"), st.integers(0, 99), st.integers(1, 28)),
    st.tuples(st.just("themes"), st.integers(0, 99), st.lists(st.sampled_from(THEMES), max_size=3, unique=True)),
    st.tuples(st.just("meetings"), st.integers(0, 99), st.lists(st.sampled_from(MEETINGS), max_size=2, unique=True)),
    st.tuples(st.just("people"), st.integers(0, 99), st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True)),
    st.tuples(st.just("summary"), st.integers(0, 99), st.sampled_from([None, "In short.", "Talks: again"])),
    st.tuples(
        st.just("quotes"),
        st.integers(0, 99),
        st.sampled_from([None, (QUOTE, "wang-yi"), (QUOTE, "unknown"), ("A remark made off the record", "xi-jinping")]),
    ),
    st.tuples(
        st.just("source"),
        st.integers(0, 99),
        st.sampled_from([None, ("Wire", None), ("Wire", "https://example.com/a"), (None, "https://example.com/b")]),
    ),
    st.tuples(st.just("draft"), st.integers(0, 99), st.booleans()),
    st.tuples(st.just("add"), st.integers(0, 99), st.integers(1, 28)),
    st.tuples(st.just("delete"), st.integers(0, 99), st.none()),
    st.tuples(st.just("rename"), st.integers(0, 99), st.integers(0, 999)),
    st.tuples(st.just("break"), st.integers(0, 99), st.none()),
    st.tuples(st.just("template"), st.integers(0, 3), st.sampled_from(["Coverage", "Reported", "Sources"])),
    st.tuples(st.just("config"), st.integers(0, 1), st.sampled_from(["Taiwan and the strait", "Taiwan"])),
    # what only templates read of an entry: a page's key covers it only if the page read it when last rendered
    st.tuples(st.just("entry"), st.integers(0, len(ENTRY_FIELDS) - 1), st.integers(0, 1)),
    st.tuples(st.just("alias"), st.integers(0, 1), st.booleans()),
    st.tuples(st.just("meeting date"), st.just(0), st.sampled_from(["2024-10-15", "2024-03-10", "2023-01-05"])),
    st.tuples(st.just("site"), st.integers(0, 2), st.integers(0, 1)),
    st.tuples(st.just("new theme"), st.integers(0, 99), st.none()),
)


def set_line(path: Path, field: str, line: str | None) -> None:
    """Replace the front matter line of `field` with `line`: added before `draft:` when missing, dropped for None."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next((i for i, text in enumerate(lines) if text.startswith(f"{field}:")), None)
    if at is not None:
        del lines[at]
    else:
        at = next(i for i, text in enumerate(lines) if text.startswith("draft:"))
    if line is not None:
        lines.insert(at, line)
    path.write_text("\n".join(lines), encoding="utf-8")


def source_line(value: tuple[str | None, str | None] | None) -> str | None:
    if value is None:
        return None
    name, url = value
    fields = ([f"name: {name}"] if name else []) + ([f'url: "{url}"'] if url else [])
    return f"source: {{{', '.join(fields)}}}"


def quotes_line(value: tuple[str, str] | None) -> str | None:
    return None if value is None else f'quotes: [{{text: "{value[0]}", speaker: {value[1]}}}]'


def edit_config(root: Path, change: Callable[[str], str]) -> None:
    config = root / "config.yaml"
    config.write_text(change(config.read_text(encoding="utf-8")), encoding="utf-8")


# Edits of one article's front matter: (front matter field, the line that `value` makes).
FIELDS: dict[str, tuple[str, Callable]] = {
    "title": ("title", lambda pick, value: f'title: "{value} {pick}"'),
    "date": ("date", lambda pick, value: f"date: 2024-03-{value:02d}"),
    "themes": ("themes", lambda pick, value: f"themes: [{', '.join(value)}]"),
    "meetings": ("meetings", lambda pick, value: f"meetings: [{', '.join(value)}]"),
    "people": ("people", lambda pick, value: f"people: [{', '.join(value)}]"),
    "draft": ("draft", lambda pick, value: f"draft: {str(value).lower()}"),
    "summary": ("summary", lambda pick, value: None if value is None else f'summary: "{value}"'),
    "quotes": ("quotes", lambda pick, value: quotes_line(value)),
    "source": ("source", lambda pick, value: source_line(value)),
}


def act(root: Path, action: tuple) -> None:
    name, pick, value = action
    files = articles(root)
    target = files[pick % len(files)] if files else None
    if name in FIELDS:
        if target is not None:
            field, line = FIELDS[name]
            set_line(target, field, line(pick, value))
    elif name in ("body", "delete", "rename", "break"):
        if target is not None:
            edit_article_file(root, target, name, value)
    elif name == "add":
        n = 100 + len(files) + pick
        path = root / f"content/articles/2024-03-{value:02d}-new-{n}.md"
        path.write_text(article(n, "New", value, ["taiwan"], [], f"New {n}.", False), encoding="utf-8")
    elif name == "template":
        edit_template(root, pick, value)
    elif name == "new theme":
        toggle_new_theme(root, target)
    else:
        edit_config(root, config_change(name, pick, value))


def edit_article_file(root: Path, target: Path, name: str, value) -> None:
    if name == "body":
        target.write_text(target.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{value}\n", encoding="utf-8")
    elif name == "delete":
        target.unlink()
    elif name == "rename":
        target.rename(target.with_name(f"2024-03-01-renamed-{value}.md"))
    else:  # break: a mistake, then its fix: the failed build must leave no trace
        good = target.read_text(encoding="utf-8")
        target.write_text(good.replace('title: "', "title: broken: ", 1), encoding="utf-8")
        with pytest.raises(DigestError):
            build(root / "config.yaml")
        target.write_text(good, encoding="utf-8")


def edit_template(root: Path, pick: int, value: str) -> None:
    template = root / "templates" / ["meeting.html", "article.html", "_macros.html", "base.html"][pick]
    text = template.read_text(encoding="utf-8")
    marker = "<!-- edit -->"
    template.write_text(text + marker if marker not in text else text.replace(marker, ""), encoding="utf-8")
    if pick == 0:
        template.write_text(template.read_text(encoding="utf-8").replace("<h2>Coverage", f"<h2>{value}"))


def toggle_new_theme(root: Path, target: Path | None) -> None:
    """Add a theme to config.yaml and give it to an article; when it is there already, take it from every
    article, then from config.yaml."""
    config = (root / "config.yaml").read_text(encoding="utf-8")
    if NEW_THEME in config:
        for path in articles(root):
            themes = listed(path, "themes")
            if "space" in themes:
                set_line(path, "themes", f"themes: [{', '.join(t for t in themes if t != 'space')}]")
        edit_config(root, lambda text: text.replace(NEW_THEME, ""))
        return
    edit_config(root, lambda text: text.replace("\nthemes:\n", "\nthemes:\n" + NEW_THEME, 1))
    if target is not None:
        set_line(target, "themes", f"themes: [{', '.join([*listed(target, 'themes'), 'space'])}]")


def listed(path: Path, field: str) -> list[str]:
    """The slugs of a front matter list, as `article` and `set_line` write it (`field: [a, b]`)."""
    line = next(text for text in path.read_text(encoding="utf-8").split("\n") if text.startswith(f"{field}: ["))
    return [slug for slug in line[len(field) + 3 : -1].split(", ") if slug]


ALIASES = [  # a person of config.yaml, their aliases with and without the one "Xi said" or "Blinken said" uses
    ("xi-jinping", "[Xi, Mr Xi, Jinping, President Xi]", "[Mr Xi, Jinping, President Xi]"),
    ("antony-blinken", "[Blinken]", "[]"),
]
SITE_FIELDS = [("title", ['"US–China Digest"', '"The Digest"']), ("page_size", ["3", "2"]), ("feed_items", ["4", "2"])]


def config_change(name: str, pick: int, value) -> Callable[[str], str]:
    """How an edit of config.yaml changes its text."""
    if name == "config" and pick == 0:  # a theme's title
        return lambda text: re.sub(r'(?m)^    title: "Taiwan(?: and the strait)?"$', f'    title: "{value}"', text)
    if name == "config":
        return lambda text: text.replace("curated from the press.", "curated from the press by editors.", 1)
    if name == "alias":  # on or off: the quotations that alias names get a speaker, or lose theirs
        person, with_it, without = ALIASES[pick]
        aliases = with_it if value else without
        return lambda text: re.sub(rf"(?m)^(  {person}: {{.*aliases: )\[.*?\]", rf"\g<1>{aliases}", text)
    if name == "entry":
        pattern, texts = ENTRY_FIELDS[pick]
        return lambda text: re.sub(pattern, rf"\g<1>{texts[value]}\g<2>", text, count=1)
    if name == "meeting date":  # the 2024 gala: after every article, among them, or long before
        return lambda text: re.sub(r"(ncuscr-gala-2024:\n    title: [^\n]*\n    start: )\S+", rf"\g<1>{value}", text)
    field, choices = SITE_FIELDS[pick]
    return lambda text: re.sub(rf'(?m)^(  {field}: )("[^"]*"|\S+)', rf"\g<1>{choices[value]}", text, count=1)


def stored_record(root: Path, prefix: str, value: bytes | None = None) -> tuple[bytes, bytes]:
    """The stored record whose name starts with `prefix` (its first part, not its `-state`), as (value, checksum);
    with `value`, replace it (with a matching checksum when given one, else a wrong one)."""
    with sqlite3.connect(root / ".digest-cache/store.sqlite") as db:
        name, *row = db.execute(
            "SELECT name, value, checksum FROM records WHERE name LIKE ? AND name NOT LIKE '%-state'", (prefix + "%",)
        ).fetchone()
        if value is not None:
            replacement = value if isinstance(value, tuple) else (value, b"wrong")
            db.execute("UPDATE records SET value = ?, checksum = ? WHERE name = ?", (*replacement, name))
    return tuple(row)


def clean_build(root: Path, scratch: Path) -> dict[str, bytes]:
    """The same project copied without cache or output, built from nothing."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns("site", ".digest-cache"))
    build(scratch / "config.yaml")
    return snapshot(scratch / "site")


@settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(actions, min_size=1, max_size=6))
def test_incremental_build_equals_clean_build(tmp_path: Path, steps: list[tuple]) -> None:
    root = tmp_path / "project"
    shutil.rmtree(root, ignore_errors=True)
    start(root, quoted=True)
    build(root / "config.yaml")
    for action in steps:
        act(root, action)
        build(root / "config.yaml")
        assert snapshot(root / "site") == clean_build(root, tmp_path / "clean"), f"after {action}"


def test_articles_revived_after_an_alias_is_taken_away_have_the_new_speakers(tmp_path: Path) -> None:
    """Who said a quotation depends on config.yaml's names and aliases, not only on the article's file. Once
    "Blinken" names nobody, a later edit that moves no article revives the other articles from the cache: they
    must be those parsed under the new config.yaml (the home page quoted Blinken again)."""
    root = start(tmp_path / "project", quoted=True)
    build(root / "config.yaml")
    steps = [("alias", 1, False), ("template", 3, "x"), ("body", 1, "more"), ("alias", 1, True), ("body", 2, "x")]
    for action in steps:
        act(root, action)
        build(root / "config.yaml")
        assert snapshot(root / "site") == clean_build(root, tmp_path / "clean"), f"after {action}"


@pytest.mark.parametrize("apart", [False, True], ids=["checked-here", "checked-by-a-forked-process"])
def test_nothing_changed_still_reports_warnings_and_restores_deleted_output(
    tmp_path: Path, monkeypatch, apart: bool
) -> None:
    if apart:  # as on a big site: another process looks for the site's files while the build goes on
        from digest import output

        monkeypatch.setattr(output, "CHECK_APART_FROM", 1)
    root = start(tmp_path / "project", size=2)
    (root / "content/articles/2999-01-01-future.md").write_text("---\ntitle: Future\ndate: 2999-01-01\n---\n\nT.\n")
    first = build(root / "config.yaml")
    assert [w.message for w in first.warnings] == ["2999-01-01 is in the future"]
    again = build(root / "config.yaml")
    assert again.stats.written == 0 and [w.message for w in again.warnings] == ["2999-01-01 is in the future"]
    (root / "site/index.html").unlink()
    restored = build(root / "config.yaml")
    assert restored.stats.written == 1 and (root / "site/index.html").is_file()
    (root / "content/articles/2999-01-01-future.md").write_text("---\ntitle: Later\ndate: 2999-01-01\n---\n\nT.\n")
    (root / "site/themes/index.html").unlink()  # a page the edit does not reach
    edited = build(root / "config.yaml")
    assert edited.planned < edited.pages and (root / "site/themes/index.html").is_file()
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


def test_renaming_a_theme_in_config_rechecks_cached_articles(tmp_path: Path) -> None:
    root = start(tmp_path / "project", size=3)
    build(root / "config.yaml")
    config = root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("\n  taiwan:\n", "\n  taiwan-strait:\n"))
    with pytest.raises(DigestError) as failure:
        build(root / "config.yaml")
    assert "unknown theme `taiwan` — did you mean `taiwan-strait`?" in str(failure.value)


def test_a_damaged_store_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    root = start(tmp_path / "project", size=3)
    build(root / "config.yaml")
    with sqlite3.connect(root / ".digest-cache/store.sqlite") as db:
        db.execute("UPDATE records SET value = X'00' WHERE name = 'files'")
    (root / "content/articles/2024-03-01-item-0.md").write_text(article(0, "Fresh", 1, [], [], "Changed.", False))
    build(root / "config.yaml")
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


def test_the_cache_leaves_no_journal_to_grow_from_build_to_build(tmp_path: Path) -> None:
    """Every build exits without tidying up after itself (it has nothing left to free), so whatever SQLite keeps
    beside the cache must not depend on a clean close: a write-ahead log left that way grew by every body
    written, to 80 MB after a first build of 10,000 articles, and every later build read it back."""
    root = start(tmp_path / "project", size=3)
    for action in [None, ("body", 1, "more"), ("add", 3, 9)]:
        if action:
            act(root, action)
        assert digest("build", cwd=root).code == 0
        left = sorted(p.name for p in (root / ".digest-cache").iterdir() if p.name.startswith("store.sqlite"))
        assert left == ["store.sqlite"], f"after {action}"
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


@pytest.mark.parametrize("line", ["../outside.txt\tk\th", "/{outside}\tk\th", "../outside.txt"])
def test_a_manifest_edited_by_hand_never_removes_a_file_outside_the_site(tmp_path: Path, line: str) -> None:
    """The manifest names what the last build made, and files it names but no longer builds are removed: a path
    in it that leaves the site (however the line is written) is ignored, never followed."""
    root = start(tmp_path / "project")
    build(root / "config.yaml")
    outside = root / "outside.txt"
    outside.write_text("an editor's notes")
    manifest = root / "site" / ".digest-manifest"
    manifest.write_text(manifest.read_text() + line.format(outside=str(outside).lstrip("/")) + "\n")
    act(root, ("body", 1, "more"))
    build(root / "config.yaml")
    assert outside.read_text() == "an editor's notes"
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


@pytest.mark.parametrize("swap", [True, False], ids=["spares-swapped-in", "copies-renamed-over"])
def test_changed_pages_reach_the_site_whole_by_either_route(tmp_path: Path, monkeypatch, swap: bool) -> None:
    """Where the system can swap two files, changed pages are written into spares and swapped in; elsewhere a
    copy is renamed over each. Either way the site equals a clean build and nothing half-made is left in it."""
    from digest import speedups

    if not swap:
        monkeypatch.setattr(speedups, "exchange", lambda: None)
    root = start(tmp_path / "project")
    build(root / "config.yaml")
    for action in [("body", 1, "more"), ("add", 3, 9), ("template", 1, "x"), ("template", 1, "x"), ("delete", 0, None)]:
        act(root, action)
        build(root / "config.yaml")
        assert snapshot(root / "site") == clean_build(root, tmp_path / "clean"), f"after {action}"
    assert not [p for p in (root / "site").rglob(".*") if p.name != ".digest-manifest"]
    spares = [p for p in (root / ".digest-cache" / "spares").rglob("*") if p.is_file() and p.name != ".lock"]
    if swap and speedups.exchange() is not None:
        assert len(spares) >= len(articles(root))  # the template edits swapped every article page
    elif not swap:
        assert not spares


def test_an_edit_reaches_pages_that_did_not_show_the_article_before(tmp_path: Path, monkeypatch) -> None:
    """A build re-plans only the pages that refer to a changed article, unless the change alters what other
    pages list. Each edit below changes a page that did not show the edited article before; each must reach
    it, exactly as a clean build would."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content", root / "content")
    folder = root / "content" / "articles"

    def write(slug: str, body: str) -> Path:
        path = folder / f"{slug}.md"
        path.write_text(f'---\ntitle: "{slug}"\ndate: {slug[:10]}\n---\n\n{body}\n', encoding="utf-8")
        return path

    def words(stem: str) -> str:
        return " ".join(f"{stem}{i}" for i in range(300))

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def same_as_clean() -> bool:
        build(root / "config.yaml")
        return snapshot(root / "site") == clean_build(root, tmp_path / "clean")

    write("2023-03-09-wire-story", words("tariff"))
    write("2023-03-05-reprint", words("fishery"))  # another story, for now
    for day in (6, 7, 8):  # in between, so that the two are not each other's neighbours
        write(f"2023-03-0{day}-filler", words(f"filler{day}x"))
    for day in range(1, 26):  # newer than all, so that the home page's first page shows none of the above
        write(f"2025-01-{day:02d}-later", words(f"later{day}x"))
    short = write("2024-12-01-short-quote", "“We agree,” Xi Jinping said.")
    build(root / "config.yaml")
    home = root / "site" / "index.html"
    plain = folder / "2024-01-10-xi-jinping-says-china-wants-to-work-with-the-us.md"
    blinken = folder / "2024-04-26-xi-tells-blinken-lets-be-partners-not-rivals.md"

    edit(plain, "China", "the PRC")  # changes its own page, its lists and its neighbours' only
    result = build(root / "config.yaml")
    assert 0 < result.planned < result.pages / 4
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")

    edit(blinken, "a number of issues that need", "many issues that need")  # shown on Xi's page
    assert same_as_clean()
    assert "many issues that need" in (root / "site/people/xi-jinping/index.html").read_text(encoding="utf-8")

    write("2023-03-05-reprint", words("tariff"))  # now a copy of the wire story: the story's page lists it
    assert same_as_clean()
    assert "2023-03-05-reprint" in (root / "site/articles/2023-03-09-wire-story/index.html").read_text("utf-8")

    quote = 'quotes: [{text: "partners, not rivals", speaker: john-kerry}]\n'  # too short to be a key quotation
    edit(blinken, "people: [", quote + "people: [")  # Kerry's page, which showed nothing, shows it
    assert same_as_clean()
    assert "partners, not rivals" in (root / "site/people/john-kerry/index.html").read_text(encoding="utf-8")

    edit(plain, "date: 2024-01-10", "date: 2023-12-31")  # same place in every list, another year's archive
    assert same_as_clean()
    assert "2024-01-10-xi-jinping" in (root / "site/archive/2023/12/index.html").read_text(encoding="utf-8")
    assert "/archive/2023/12/" in (root / "site/archive/2023/index.html").read_text(encoding="utf-8")

    edit(short, "“We agree,” Xi", "“We agree that our two countries must keep talking,” Xi")  # now a key quotation
    assert same_as_clean()
    assert "keep talking" in home.read_text(encoding="utf-8")

    edit(root / "templates" / "article.html", "{% block main %}", "{% block main %}<!-- reworded -->")
    result = build(root / "config.yaml")  # every article page, and only those
    assert result.planned == result.rendered == len(list((root / "site" / "articles").glob("*/index.html")))
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1698796800")  # 1 November 2023: the Woodside summit is ahead
    assert same_as_clean()
    assert "Upcoming meetings" in home.read_text(encoding="utf-8")


def test_the_dev_server_keeps_its_cache_between_builds_and_builds_what_a_clean_build_does(tmp_path: Path) -> None:
    """The preview server builds with one Session: the cache is read once, then kept up to date in memory."""
    from digest.build import Session

    root = start(tmp_path / "project")
    session = Session()
    build(root / "config.yaml", session=session)
    kept = session.store
    steps = [("body", 1, "more"), ("title", 2, "Xi"), ("add", 3, 9), ("break", 1, None), ("delete", 0, None),
             ("config", 0, "Taiwan and the strait"), ("rename", 2, 7), ("body", 2, "again")]  # fmt: skip
    for action in steps:
        if action[0] == "break":  # the failed build in `act` runs without the session: fail with it too
            target = articles(root)[action[1]]
            good = target.read_text(encoding="utf-8")
            target.write_text(good.replace('title: "', "title: broken: ", 1), encoding="utf-8")
            with pytest.raises(DigestError):
                build(root / "config.yaml", session=session)
            target.write_text(good, encoding="utf-8")
        else:
            act(root, action)
        build(root / "config.yaml", session=session)
        assert snapshot(root / "site") == clean_build(root, tmp_path / "clean"), f"after {action}"
    assert session.store is kept


@pytest.mark.parametrize("damage", ["state from another plan", "plan unreadable"])
def test_a_plan_record_that_does_not_hold_together_means_a_full_plan(tmp_path: Path, damage: str) -> None:
    """The plan record is two files (what every build changes, and the rest); a build stopped between
    writing them, or a damaged file, must not let the next build trust half of it."""
    root = start(tmp_path / "project", size=6)
    build(root / "config.yaml")
    act(root, ("body", 1, "first"))
    build(root / "config.yaml")  # the state file is rewritten, the plan file kept
    if damage == "plan unreadable":
        stored_record(root, "pages:", b"not a pickle")
    else:  # as if a full plan had been stored and the build stopped before its state file
        act(root, ("template", 1, "x"))
        kept = stored_record(root, "pages:")
        build(root / "config.yaml")
        stored_record(root, "pages:", kept)  # the old plan again, beside the state stored with the new one
    act(root, ("body", 2, "second"))
    result = build(root / "config.yaml")
    assert result.planned == result.pages
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


def test_planning_some_pages_plans_them_as_planning_every_page_does(tmp_path: Path) -> None:
    """A build that knows which pages can change plans only those (`only`), skipping the work other pages
    need (story leads, quotations by meeting, counts): each page must come out exactly as in a full plan."""
    from digest import render
    from digest.config import load_config
    from digest.group import group
    from digest.load import load_articles

    root = start(tmp_path / "p", size=10)
    shutil.copytree(REPO / "content" / "articles", root / "content" / "articles", dirs_exist_ok=True)
    config = load_config(root / "config.yaml")
    digest = group(config, load_articles(config)[0])
    everything = render.plan_pages(digest)
    templates = {spec.template for spec in everything}
    assert {
        "index.html",
        "meeting.html",
        "person.html",
        "archive_year.html",
        "archive_month.html",
        "meetings.html",
    } <= templates
    assert any(spec.context.get("pager") and spec.context["pager"].number > 1 for spec in everything)
    for spec in everything:
        assert render.plan_pages(digest, only={spec.address}) == [spec]
    some = [everything[0], everything[-1], everything[len(everything) // 2]]
    assert render.plan_pages(digest, only={spec.address for spec in some}) == sorted(some, key=everything.index)


def test_a_new_article_plans_again_only_the_pages_whose_lists_it_joins(tmp_path: Path) -> None:
    """An article added changes the lists it joins (its themes, its speaker's quotations, its neighbours…). The
    pages of every other person and article read the same lists as before: they are carried over, not planned,
    but for those showing an article edited in the same build, or whose file is gone. The site is what a clean
    build makes, and so it is once the article is taken away again."""
    root = start(tmp_path / "project", size=9, quoted=True)
    build(root / "config.yaml")
    folder = root / "content/articles"
    newest = article(99, "Added", 30, THEMES[:1], [], f"“{QUOTE} again,” Wang Yi said.", False, ["wang-yi"])
    (folder / "2024-03-30-added.md").write_text(newest, encoding="utf-8")
    xi_quoted = folder / "2024-03-01-item-0.md"  # quotes Xi, whose list the new article does not join
    xi_quoted.write_text(xi_quoted.read_text(encoding="utf-8").replace(QUOTE, "We say it otherwise now"), "utf-8")
    blinken = root / "site/people/antony-blinken/index.html"
    blinken.unlink()

    result = build(root / "config.yaml")
    carried_articles = len(articles(root)) - 4  # all but the new one, its neighbour and the one edited (with its)
    blinkens = len(list(blinken.parent.glob("**/index.html"))) - 1  # all of Blinken's pages but the one deleted
    assert result.planned <= result.pages - carried_articles - blinkens
    assert blinken.is_file()
    assert "We say it otherwise now" in (root / "site/people/xi-jinping/index.html").read_text(encoding="utf-8")
    assert f"{QUOTE} again" in (root / "site/people/wang-yi/index.html").read_text(encoding="utf-8")
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")

    # the carried pages are checked as any page is: by what they show and link to, as the last plan recorded it
    blinken_quoted = folder / "2024-03-04-item-1.md"
    text = blinken_quoted.read_text(encoding="utf-8").replace(QUOTE, "Blinken puts it otherwise")
    blinken_quoted.write_text(text.replace('title: "Item 1"', 'title: "Renamed 1"'), encoding="utf-8")
    assert 0 < build(root / "config.yaml").planned < result.planned
    assert "Blinken puts it otherwise" in blinken.read_text(encoding="utf-8")
    assert "Renamed 1" in (root / "site/articles/2024-03-01-item-0/index.html").read_text(encoding="utf-8")
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")

    (folder / "2024-03-30-added.md").unlink()
    result = build(root / "config.yaml")
    assert result.planned <= result.pages - (len(articles(root)) - 1) - blinkens - 1
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


def seeded(root: Path) -> Path:
    """The small project of `start`, the curated seeds (long texts, two of them reports of one story), and forty
    older items: enough that one page shows only some of the articles."""
    start(root, size=6)
    shutil.copytree(REPO / "content" / "articles", root / "content" / "articles", dirs_exist_ok=True)
    for n in range(40):
        text = article(n, "Old", 1, THEMES[n % 4 : n % 4 + 1], [], f"Old {n}.", False).replace("2024-03", "2020-05")
        (root / f"content/articles/2020-05-01-old-{n}.md").write_text(text, encoding="utf-8")
    return root


def test_an_edit_that_moves_no_article_looks_up_only_what_its_pages_show(tmp_path: Path) -> None:
    """Fixing a word changes what pages say, not which pages list what: the build takes the last grouping
    again, revives from the cache only the articles the changed pages show, and writes what a clean build does.
    Whatever changes where an article is listed (its themes, here) regroups everything."""
    root = seeded(tmp_path / "project")
    assert build(root / "config.yaml").regrouped
    story = root / "content/articles/2021-11-10-xi-jinping-urges-us-to-cooperate-practice-mutual-respect.md"
    story.write_text(story.read_text(encoding="utf-8").replace(" the ", " The ", 1), encoding="utf-8")
    result = build(root / "config.yaml")
    assert not result.regrouped and 0 < result.looked_up < result.articles - 1
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")
    act(root, ("themes", 0, ["taiwan"]))
    assert build(root / "config.yaml").regrouped
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


@pytest.mark.parametrize("damage", ["state from another grouping", "grouping unreadable"])
def test_a_kept_grouping_that_does_not_hold_together_means_grouping_again(tmp_path: Path, damage: str) -> None:
    """The kept grouping is two files too (what regrouping changes, and what every build does): a build stopped
    between them, or a damaged file, must make the next build group everything again, not reuse half."""
    root = seeded(tmp_path / "project")
    build(root / "config.yaml")
    if damage == "grouping unreadable":
        stored_record(root, "lists:", b"not a pickle")
    else:  # as if new lists had been stored and the build stopped before their state
        kept = stored_record(root, "lists:")
        act(root, ("themes", 0, ["taiwan"]))
        assert build(root / "config.yaml").regrouped
        stored_record(root, "lists:", kept)
    act(root, ("body", 2, "second"))
    assert build(root / "config.yaml").regrouped
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")
    act(root, ("body", 2, "third"))  # and the next edit takes the quick route again
    assert not build(root / "config.yaml").regrouped
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


def test_an_edit_that_splits_a_story_regroups_everything(tmp_path: Path) -> None:
    """Two seeds report one story; rewrite one of them as another story and they part: the quick route, which
    only holds while every story group stays as it was, gives way to a full grouping."""
    root = seeded(tmp_path / "project")
    build(root / "config.yaml")
    story = root / "content/articles/2021-11-10-xi-jinping-urges-us-to-cooperate-practice-mutual-respect.md"
    text = story.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n---\n\n")  # the closing front matter line
    other = " ".join(f"Trade officials met in Geneva on day {n} to discuss tariffs on steel." for n in range(12))
    story.write_text(f"{head}\n---\n\n{other}\n", encoding="utf-8")
    assert build(root / "config.yaml").regrouped
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")
    story.write_text(text, encoding="utf-8")
    assert build(root / "config.yaml").regrouped  # together again
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")
