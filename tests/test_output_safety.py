"""Writing the site is safe: never half old and half new, whatever stops a build, and one build at a time.

Every build here is a real process; builds are stopped with a real SIGKILL. DIGEST_PAUSE_AFTER_SWAPS=N makes a
build stop in its commit after N steps (each page put in place is one; the manifest is the last) until it reads
a line, so that the kill lands at a chosen moment instead of a lucky one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Run, digest, free_port, snapshot

from digest import speedups
from digest.build import build
from digest.errors import DigestError

ADDED = "content/articles/2024-05-04-a-new-one.md"
DELETED = "content/articles/2024-01-10-xi-jinping-says-china-wants-to-work-with-the-us.md"  # January's only one
# A build with the route where files cannot be swapped (another system, another disk): the same CLI, with
# renameat2 out of reach.
WITHOUT_SWAPS = "import sys; from digest import speedups; speedups.exchange = lambda: None; "
WITHOUT_SWAPS += "from digest.cli import main; sys.exit(main(sys.argv[1:]))"


def real_project(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "content", root / "content")
    return root


def edit_everything(root: Path) -> None:
    """An edit that changes every page, adds pages in new folders and removes others, and changes feeds in every
    format and the list of them (a theme's title)."""
    base = root / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<!-- edited --></footer>", 1))
    config = root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace('title: "Taiwan"', 'title: "The strait"', 1))
    (root / ADDED).write_text("---\ntitle: A new one\ndate: 2024-05-04\n---\n\nNew text.\n", encoding="utf-8")
    (root / DELETED).unlink()


def clean_build(root: Path, scratch: Path) -> dict[str, bytes]:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns("site", ".digest-cache"))
    assert digest("build", cwd=scratch).code == 0
    return snapshot(scratch / "site")


def leftovers(root: Path) -> list[str]:
    """Anything a build left that is neither the site nor the cache proper."""
    beside = [p.name for p in root.iterdir() if p.name.startswith(".site")]
    inside = [p.name for p in (root / "site").iterdir() if p.name.startswith(".") and p.name != ".digest-manifest"]
    journals = [p.name for p in (root / ".digest-cache").rglob("journal*")]
    return beside + inside + journals


def command(*args: str, swaps: bool = True) -> list[str]:
    return [sys.executable, "-m", "digest", *args] if swaps else [sys.executable, "-c", WITHOUT_SWAPS, *args]


def paused(root: Path, after: int, swaps: bool = True, *args: str) -> subprocess.Popen:
    """A build stopped after `after` steps of its commit, waiting for a line on stdin."""
    proc = subprocess.Popen(
        command("build", *args, swaps=swaps), cwd=root, text=True, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "DIGEST_PAUSE_AFTER_SWAPS": str(after)},
    )  # fmt: skip
    said = ""
    while f"paused after {after} swaps" not in said:
        line = proc.stderr.readline()
        assert line, f"the build never paused: {said}{proc.stderr.read()}"
        said += line
    return proc


def finish(proc: subprocess.Popen) -> Run:
    out, err = proc.communicate("\n", timeout=120)
    return Run(proc.returncode, out, err)


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdin.close()
    proc.stdout.close()
    proc.stderr.close()


def steps_of_the_edit(root: Path, scratch: Path) -> tuple[int, dict[str, bytes]]:
    """How many steps the commit of `edit_everything` takes, and the site it makes (on a copy of `root`)."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(root, scratch)
    edit_everything(scratch)
    run = digest("build", cwd=scratch)
    assert run.code == 0, run.err
    written = int(run.out.split(" written")[0].rsplit("(", 1)[1])
    removed = int(run.out.split(" removed")[0].rsplit(" ", 1)[1])
    # the deleted article's page and January's in the archive; and three files of 2024's search index, each named
    # after its old content (the article's fragment, the index and its metadata)
    assert written > 40 and removed == 5, run.out
    return written + removed + 1, snapshot(scratch / "site")


@pytest.mark.parametrize("swaps", [True, False], ids=["swapped", "renamed-over"])
@pytest.mark.parametrize("moment", ["before-the-first", "after-the-first", "halfway", "all-but-the-manifest", "all"])
def test_a_build_killed_mid_commit_is_undone_or_finished_by_the_next_command(
    tmp_path: Path, moment: str, swaps: bool
) -> None:
    root = real_project(tmp_path / "project")
    assert digest("build", cwd=root).code == 0
    before = snapshot(root / "site")
    total, after = steps_of_the_edit(root, tmp_path / "copy")
    changed = {path for path in after if before.get(path) != after[path]}
    assert {"feed.xml", "atom.xml", "feed.json", "themes/taiwan/feed.json", "feeds.opml"} <= changed
    at = {"before-the-first": 0, "after-the-first": 1, "halfway": total // 2, "all-but-the-manifest": total - 1}
    edit_everything(root)
    kill(paused(root, at.get(moment, total), swaps))
    if moment != "before-the-first":
        assert snapshot(root / "site") != before  # the kill left the site between the two
    checked = digest("check", cwd=root)  # the next command, whichever it is, puts the site right first
    assert checked.code == 0, checked.err
    assert "was interrupted while writing it" in checked.err
    assert snapshot(root / "site") == (after if moment == "all" else before)
    assert not leftovers(root)
    assert digest("build", cwd=root).code == 0
    assert snapshot(root / "site") == after == clean_build(root, tmp_path / "clean")
    assert not leftovers(root)


@pytest.mark.parametrize("next_command", ["build", "serve"])
def test_build_and_serve_put_an_interrupted_site_right_before_anything_else(tmp_path: Path, next_command: str) -> None:
    """Here the editor takes the edit back before the next build: its inputs are the last good build's again, so
    it would find nothing to do, and a site the killed build left mixed would stay mixed for good."""
    root = real_project(tmp_path / "project")
    assert digest("build", cwd=root).code == 0
    before = snapshot(root / "site")
    shutil.copytree(root, tmp_path / "kept", ignore=shutil.ignore_patterns("site", ".digest-cache"))
    edit_everything(root)
    kill(paused(root, 3))
    if next_command == "build":
        (root / ADDED).unlink()
        for name in ("templates/base.html", "config.yaml", DELETED):  # as they were, times included
            shutil.copy2(tmp_path / "kept" / name, root / name)
        run = digest("build", cwd=root)
        assert run.code == 0 and "was interrupted while writing it" in run.err, run.err
        assert "(0 written" in run.out
        assert snapshot(root / "site") == before == clean_build(root, tmp_path / "clean")
    else:
        serve = subprocess.Popen(
            command("serve", "--port", str(free_port())), cwd=root, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        said = ""
        while "Serving " not in said:
            line = serve.stdout.readline()
            assert line, said
            said += line
        serve.send_signal(signal.SIGINT)
        serve.communicate(timeout=30)
        assert "was interrupted while writing it" in said
        assert snapshot(root / "site") == before  # serve never publishes: it only undid the killed build
    assert not leftovers(root)


def test_a_killed_first_build_leaves_no_folder_behind(tmp_path: Path) -> None:
    root = real_project(tmp_path / "project")
    kill(paused(root, 0))
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.building-")], "the kill left nothing to test"
    assert not (root / "site").exists()
    assert digest("build", cwd=root).code == 0
    assert not leftovers(root)
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


def test_a_folder_another_running_build_is_using_is_left_alone(tmp_path: Path) -> None:
    """Two projects building into the same folder hold different locks: a leftover is only what no build holds."""
    one, other = real_project(tmp_path / "one"), real_project(tmp_path / "other")
    out = tmp_path / "site"
    first = paused(one, 0, True, "--out", str(out))
    building = [p for p in tmp_path.iterdir() if p.name.startswith(".site.building-")]
    assert len(building) == 1
    assert digest("build", "--out", out, cwd=other).code == 0
    assert building[0].is_dir()  # still the first build's
    run = finish(first)
    assert run.code == 1 and "cannot write" in run.err  # a site is there now: it is not replaced
    assert not building[0].exists()


@pytest.mark.parametrize("swaps", [True, False], ids=["swapped", "renamed-over"])
def test_a_write_failure_mid_commit_puts_every_page_back(tmp_path: Path, monkeypatch, swaps: bool) -> None:
    """A folder the build cannot write into, reached after other pages were already put in place."""
    root = real_project(tmp_path / "project")
    assert digest("build", cwd=root).code == 0
    before = snapshot(root / "site")
    edit_everything(root)
    locked = root / "site/themes/taiwan"
    if os.geteuid() == 0:  # root writes anywhere chmod forbids: make the folder immutable instead
        if subprocess.run(["chattr", "+i", str(locked)], capture_output=True).returncode != 0:
            pytest.skip("this file system cannot make a folder immutable")
    else:
        locked.chmod(0o555)
    try:
        if swaps:
            run = digest("build", cwd=root)
            assert run.code == 1, run.err
            said = [line for line in run.err.splitlines() if not line.startswith("rendering pages: ")]  # progress
            problem, summary = said
            assert "/site/themes/taiwan/" in problem and ": cannot write: " in problem, run.err
            assert problem.endswith(" — check free disk space and permissions; the site was left as it was")
            assert summary == "1 error in 1 file; nothing was written."
        else:
            monkeypatch.setattr(speedups, "exchange", lambda: None)
            with pytest.raises(DigestError, match="/site/themes/taiwan/.*: cannot write: "):
                build(root / "config.yaml")
        assert snapshot(root / "site") == before
        assert not leftovers(root)
    finally:
        subprocess.run(["chattr", "-i", str(locked)], capture_output=True)
        locked.chmod(0o755)
    assert digest("build", cwd=root).code == 0
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    root = real_project(tmp_path / "project")
    assert digest("build", cwd=root).code == 0
    edit_everything(root)
    first = paused(root, 5)
    article = root / "content/articles/2024-04-26-xi-tells-blinken-lets-be-partners-not-rivals.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nWritten while the first build ran.\n", encoding="utf-8")
    second = subprocess.Popen(command("build"), cwd=root, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    waiting = second.stderr.readline()
    assert waiting == f"waiting for another build of this project (process {first.pid}) to finish…\n"
    assert second.poll() is None
    assert finish(first).code == 0
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    page = root / "site/articles/2024-04-26-xi-tells-blinken-lets-be-partners-not-rivals/index.html"
    assert "Written while the first build ran." in page.read_text(encoding="utf-8")
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")
    assert digest("build", cwd=root).out.count("0 written") == 1  # and the cache agrees: nothing left to do


def test_the_preview_waits_for_a_build_in_progress(tmp_path: Path) -> None:
    root = real_project(tmp_path / "project")
    assert digest("build", cwd=root).code == 0
    edit_everything(root)
    build_in_progress = paused(root, 2)
    serve = subprocess.Popen(
        command("serve", "--port", str(free_port())), cwd=root, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    said = serve.stdout.readline()
    assert said == f"waiting for another build of this project (process {build_in_progress.pid}) to finish…\n"
    assert finish(build_in_progress).code == 0
    while "Serving " not in said:
        line = serve.stdout.readline()
        assert line, said
        said += line
    serve.send_signal(signal.SIGINT)
    serve.communicate(timeout=30)
    assert "built 5 articles" in said
