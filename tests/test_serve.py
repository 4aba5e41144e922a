"""A real `digest serve` in a subprocess, used the way an editor uses it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ARTICLE, PAGE, Served, digest, edit, snapshot


@pytest.fixture
def served(project: Path) -> Iterator[Served]:
    assert digest("build", cwd=project).code == 0  # the published site/ the preview must never touch
    server = Served(project)
    yield server
    if server.proc.poll() is None:
        server.proc.kill()


def test_edit_break_fix_cycle_and_clean_stop(served: Served, project: Path) -> None:
    published = snapshot(project / "site")
    status, home = served.get()
    assert status == 200 and "livereload.js" in home

    edit(project, "Xi tells Blinken: Let’s be partners, not rivals", "Partners again, not rivals")
    served.wait_for_page(PAGE, "Partners again, not rivals")  # how fast is measured in benchmarks, not here

    edit(project, 'title: "Partners again, not rivals"', "title: Partners: broken")
    served.wait_for_page(PAGE, "The build failed")
    status, page = served.get(PAGE)
    assert status == 500 and "livereload.js" in page  # the error page reloads by itself too
    assert f"{ARTICLE}:2: YAML syntax error: the value of `title:` holds `: `" in page
    assert "/assets/style.css" in page  # styled like the site
    served.wait_for_output(f"{ARTICLE}:2: YAML syntax error")  # and the terminal says the same
    served.wait_for_output(": 1 error; the browser shows them")  # was "1 error(s)"
    assert served.get("assets/style.css")[0] == 200
    assert served.proc.poll() is None

    edit(project, "title: Partners: broken", 'title: "Fixed: partners"')
    served.wait_for_page(PAGE, "Fixed: partners")
    assert "Traceback" not in served.output

    assert served.stop() == 0
    assert "Stopped." in served.output
    assert not served.folder.exists()
    assert snapshot(project / "site") == published


def test_a_burst_of_saves_rebuilds_once_and_editor_temp_files_are_ignored(served: Served, project: Path) -> None:
    builds = served.output.count(" built ")
    article = project / ARTICLE
    original = article.read_text(encoding="utf-8")
    for n in range(5):  # an editor's program saving several times in a row
        article.write_text(original.replace("Chinese President", f"Chinese President ({n})"), encoding="utf-8")
        time.sleep(0.02)
    served.wait_for_page(PAGE, "Chinese President (4)")
    time.sleep(1)
    assert served.output.count(" built ") == builds + 1

    articles = project / "content/articles"
    for name in (".2024-04-26-xi-tells-blinken.md.swp", "4913", "2024-04-26-xi-tells-blinken.md~", ".#lock"):
        (articles / name).write_text("editor scratch")
    time.sleep(1.5)
    assert served.output.count(" built ") == builds + 1


def test_drafts_shown_with_a_badge_unless_no_drafts(project: Path) -> None:
    (project / "content/articles/2024-05-01-draft.md").write_text(
        "---\ntitle: Work in progress\ndate: 2024-05-01\ndraft: true\n---\n\nText.\n"
    )
    with_drafts = Served(project)
    try:
        status, page = with_drafts.get("articles/2024-05-01-draft/")
        assert status == 200 and "Draft</span>" in page
    finally:
        with_drafts.stop()
    published = Served(project, "--no-drafts")
    try:
        assert published.get("articles/2024-05-01-draft/")[0] == 404
        assert "Work in progress" not in published.get()[1]
    finally:
        published.stop()


def test_an_imported_draft_without_a_date_is_previewed_under_drafts(project: Path) -> None:
    from conftest import SEEDS, digest

    assert digest("import", SEEDS / "002_40121218b3ce605e.txt", cwd=project).code == 0  # undated: review the date
    served = Served(project)
    try:
        served.wait_for_output("1 draft(s) without a date under /drafts/")
        status, listing = served.get("drafts/")
        assert status == 200, served.output + listing
        assert "<h1>Drafts</h1>" in listing and "date to set" in listing
        assert "Xi tells Blinken: Let’s be partners, not rivals" in listing
        address = "drafts/undated-xi-tells-blinken-lets-be-partners-not-rivals/"
        assert f'href="/{address}"' in listing
        status, page = served.get(address)
        assert status == 200 and "date to set" in page and "Draft</span>" in page
        assert "Great Hall of the People" in page  # the article itself
        assert served.get("drafts/undated-no-such-draft/")[0] == 404
        assert "undated-xi-tells" not in served.get()[1]  # no list of the site places it
        assert not (served.folder / "drafts").exists()  # made when asked for, never written
    finally:
        served.stop()
    published = Served(project, "--no-drafts")
    try:
        assert published.get("drafts/")[0] == 404
    finally:
        published.stop()


def test_only_files_of_the_preview_are_served(served: Served, project: Path) -> None:
    (project / "secret.txt").write_text("not for the web")
    os.symlink(project / "secret.txt", served.folder / "leak.txt")
    assert served.get("leak.txt")[0] == 403
    with socket.create_connection(("127.0.0.1", served.port)) as conn:
        conn.sendall(b"GET /../config.yaml HTTP/1.0\r\n\r\n")
        reply = conn.recv(4096).decode(errors="replace")
    assert reply.split()[1] in ("403", "404")
    assert "base_url" not in reply
    status, page = served.get("no/such/page/")
    assert status == 404 and "Page not found" in page


def test_listens_on_loopback_and_a_busy_port_is_one_line(project: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "digest", "serve", "--port", str(port)],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert run.returncode == 2
    assert run.stderr.strip().splitlines()[-1] == (
        f"digest serve: port {port} is already in use — choose another with --port {port + 1}"
    )
    assert "Traceback" not in run.stderr


def test_a_broken_start_still_serves_the_error_page(project: Path) -> None:
    edit(project, "date: 2024-04-26", "date: 2024-02-30")
    server = Served(project)
    try:
        status, page = server.get()
        assert status == 500 and "is not a real date" in page
        edit(project, "date: 2024-02-30", "date: 2024-04-26")
        server.wait_for_page("", "Xi tells Blinken")
    finally:
        assert server.stop() == 0
