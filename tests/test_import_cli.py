"""`digest import` as an editor runs it: files written, reports printed, nothing overwritten by surprise."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SEEDS, VALID_ORIGIN, digest, snapshot

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def test_imported_seeds_pass_check_and_build_without_the_drafts(project: Path) -> None:
    run = digest("import", *SEED_FILES, cwd=project)
    assert run.code == 0, run.err
    written = sorted(p.name for p in (project / "content/articles").glob("*.md"))
    assert "2024-10-16-xi-jinping-calls-for-china-and-us-to-be-partners-and-friends.md" in written
    assert sum(name.startswith("undated-") for name in written) == 4
    for seed in SEED_FILES:
        assert str(seed) in run.out  # one report per input
    assert "needs review: date" in run.out

    check = digest("check", cwd=project)
    assert check.code == 0, check.err  # drafts awaiting review are warnings, not errors
    assert check.err.count("draft has no date yet") == 4

    build = digest("build", cwd=project)
    assert build.code == 0, build.err
    assert build.out.startswith("Built 1 article")  # the baseline article: every import is a draft
    assert not any("undated" in path or "2024-10-16" in path for path in snapshot(project / "site"))


def test_an_import_is_published_only_once_an_editor_says_so(project: Path) -> None:
    assert digest("import", SEEDS / "000_fba3f4d3a64f0fa6.txt", cwd=project).code == 0
    (written,) = (project / "content/articles").glob("2024-10-16-*.md")
    text = written.read_text(encoding="utf-8")
    assert "\ndraft: true\nreview: [title, date, source (no address), themes, meetings, people]\n" in text

    written.write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    check = digest("check", cwd=project)
    assert check.code == 1  # set to publish, but `review:` still lists what nobody confirmed
    assert f"{written.relative_to(project)}:" in check.err and "review: still lists what needs an editor" in check.err

    written.write_text(re.sub(r"(?m)^review: .*\n", "", text).replace("draft: true", "draft: false"), "utf-8")
    assert digest("check", cwd=project).code == 0
    build = digest("build", cwd=project)
    assert build.code == 0 and build.out.startswith("Built 2 articles"), build.err
    assert any("2024-10-16" in path for path in snapshot(project / "site"))


def test_import_never_overwrites_an_edited_file_without_force(project: Path) -> None:
    seed = SEEDS / "000_fba3f4d3a64f0fa6.txt"
    assert digest("import", seed, cwd=project).code == 0
    target = next((project / "content/articles").glob("2024-10-16-*.md"))
    original = target.read_bytes()

    again = digest("import", seed, cwd=project)  # same input, same bytes: nothing to refuse
    assert again.code == 0 and target.read_bytes() == original

    target.write_bytes(original + b"\nAn editor's addition.\n")
    refused = digest("import", seed, cwd=project)
    assert refused.code == 1
    assert "already exists" in refused.err and "--force" in refused.err
    assert target.read_bytes().endswith(b"An editor's addition.\n")

    forced = digest("import", seed, "--force", cwd=project)
    assert forced.code == 0 and target.read_bytes() == original


def test_bad_inputs_are_clear_errors_and_write_nothing(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    before = snapshot(project / "content")
    run = digest("import", empty, binary, tmp_path / "missing.txt", tmp_path, cwd=project)
    assert run.code == 1
    assert "Traceback" not in run.err
    for path in (empty, binary, tmp_path / "missing.txt"):
        assert any(line.startswith(str(path)) for line in run.err.splitlines()), path
    assert snapshot(project / "content") == before


def test_import_into_another_folder(project: Path, tmp_path: Path) -> None:
    run = digest("import", SEEDS / "003_09c8b037cbd582b9.txt", "--into", tmp_path / "inbox", cwd=project)
    assert run.code == 0, run.err
    (written,) = (tmp_path / "inbox").glob("*.md")
    assert written.name.startswith("undated-biden-xi-express-desire")
    assert "name: Community News" in written.read_text("utf-8")


def test_an_imported_pages_author_reaches_the_article_page_and_the_feeds(project: Path) -> None:
    import feedparser

    page = Path(__file__).resolve().parent / "samples" / "pages" / "newspaper.html"
    assert digest("import", page, cwd=project).code == 0
    (written,) = (project / "content/articles").glob("2023-11-16-*.md")
    text = written.read_text(encoding="utf-8")
    assert "  author: Jane Morrow, Li Wen\n" in text
    written.write_text(re.sub(r"(?m)^review: .*\n", "", text).replace("draft: true", "draft: false"), "utf-8")
    build = digest("build", cwd=project)
    assert build.code == 0, build.err

    slug = written.stem
    html = (project / "site/articles" / slug / "index.html").read_text(encoding="utf-8")
    assert '<span class="author">By Jane Morrow, Li Wen</span>' in html
    rss = feedparser.parse((project / "site/feed.xml").read_bytes())
    atom = feedparser.parse((project / "site/atom.xml").read_bytes())
    assert not rss.bozo and not atom.bozo
    (item,) = [e for e in rss.entries if slug in e.link]
    (entry,) = [e for e in atom.entries if slug in e.link]
    assert item.author == "Jane Morrow, Li Wen"  # <dc:creator>: RSS's own <author> must be an e-mail address
    assert entry.author == "Jane Morrow, Li Wen"
    others = [e for e in atom.entries if slug not in e.link]
    assert all(e.get("author") != "Jane Morrow, Li Wen" for e in others)


def test_a_file_imported_from_elsewhere_is_kept_in_sources_so_the_import_can_be_repeated(
    project: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "downloads" / "Saved Page.txt"
    outside.parent.mkdir()
    outside.write_bytes((SEEDS / "000_fba3f4d3a64f0fa6.txt").read_bytes())
    run = digest("import", outside, cwd=project)
    assert run.code == 0, run.err
    kept = project / "content/sources/saved-page.txt"
    assert kept.read_bytes() == outside.read_bytes()
    (written,) = (project / "content/articles").glob("2024-10-16-*.md")
    first = written.read_text(encoding="utf-8")
    assert "\n  origin: saved-page.txt\n" in first

    outside.unlink()  # the download is gone: the kept copy repeats the import, to the same article
    again = digest("import", kept, "--force", cwd=project)
    assert again.code == 0, again.err
    assert written.read_text(encoding="utf-8") == first
    assert sorted(p.name for p in (project / "content/sources").iterdir()) == [VALID_ORIGIN, "saved-page.txt"]


def test_a_page_imported_again_under_a_new_headline_names_the_earlier_article(project: Path) -> None:
    """Reuters rewrites a story's headline and keeps its address: importing the new version made a second article
    of the same story, and the only hint on offer was --force."""
    pages = Path(__file__).resolve().parent / "samples" / "pages"
    first = pages / "reuters.html"
    assert digest("import", first, cwd=project).code == 0
    (earlier,) = (project / "content/articles").glob("2024-04-26-blinken-and-xi-*.md")
    edited = earlier.read_text(encoding="utf-8") + "\nAn editor's note on the talks.\n"
    earlier.write_text(edited, encoding="utf-8")
    rewritten = first.read_text(encoding="utf-8").replace(
        "Blinken and Xi agree to keep talking as differences persist", "Xi tells Blinken US, China must be partners"
    )
    (project / "reuters-update.html").write_text(rewritten, encoding="utf-8")
    before = snapshot(project / "content")

    refused = digest("import", "reuters-update.html", cwd=project)
    assert refused.code == 1 and "Traceback" not in refused.err
    address = "https://www.reuters.com/world/china/blinken-xi-agree-keep-talking-differences-persist-2024-04-26/"
    assert refused.err.splitlines()[0] == (
        f"reuters-update.html: has the address {address}, already imported in content/articles/{earlier.name} — "
        f"to update {earlier.name} from this page, import again with --force (its name is kept); or edit it"
    )
    assert snapshot(project / "content") == before

    articles = sorted((project / "content/articles").glob("*.md"))
    forced = digest("import", "reuters-update.html", "--force", cwd=project)
    assert forced.code == 0, forced.err
    assert sorted((project / "content/articles").glob("*.md")) == articles  # no second article of the story
    assert "title: Xi tells Blinken US, China must be partners" in earlier.read_text(encoding="utf-8")
    assert f"updates content/articles/{earlier.name}, the earlier import of {address}" in forced.out


PAGES = Path(__file__).resolve().parent / "samples" / "pages"


def published(project: Path, page: str) -> Path:
    """A page imported, then confirmed by an editor (review done, draft off), and the site built."""
    run = digest("import", PAGES / page, cwd=project)
    assert run.code == 0, run.err
    written = next(p for p in (project / "content/articles").glob("*.md") if "xi-tells-blinken" not in p.name)
    text = written.read_text(encoding="utf-8")
    written.write_text(re.sub(r"(?m)^review: .*\n", "", text).replace("draft: true", "draft: false"), "utf-8")
    build = digest("build", cwd=project)
    assert build.code == 0, build.err
    return written


def said_on_page(project: Path, person: str) -> str:
    return " ".join((project / f"site/people/{person}/index.html").read_text(encoding="utf-8").split())


def test_a_spokespersons_answers_at_a_press_conference_reach_her_page(project: Path) -> None:
    """fmprc.gov.cn prints "Mao Ning: …" after each journalist's question: without quotation marks, none of her
    answers reached her page. The journalists' questions are nobody's words."""
    published(project, "fmprc-mao-ning.html")
    mao = said_on_page(project, "mao-ning")
    assert "China opposes the unilateral imposition of tariffs, which violates WTO rules" in mao
    assert "We urge the US to stop sending wrong signals to the separatist forces." in mao
    assert "China and the US maintain communication through the economic and trade working groups" in mao  # unlabelled
    assert "What is China's response?" not in mao and "sworn in next week" not in mao


def test_the_secretarys_answers_in_a_state_department_transcript_reach_his_page(project: Path) -> None:
    """state.gov prints "SECRETARY BLINKEN: …", "MR MILLER: …" and "QUESTION: …": the Secretary's answers are his,
    the moderator (not in config.yaml) and the journalists nobody's."""
    published(project, "stategov-press.html")
    blinken = said_on_page(project, "antony-blinken")
    assert "I reaffirmed our longstanding one China policy" in blinken
    assert "We agreed to keep the lines of communication open" in blinken  # the answer's unlabelled paragraph
    assert "Did President Xi give you any assurance" not in blinken
    assert "We have time for a few questions" not in blinken
