"""A real `digest serve` in a subprocess, used the way an editor uses it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import digest, snapshot

ARTICLE = "content/articles/2024-04-26-xi-tells-blinken.md"
PAGE = "articles/2024-04-26-xi-tells-blinken/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """The server process, its output as it arrives, and small HTTP helpers."""

    def __init__(self, project: Path, *args: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "digest", "serve", "--port", str(self.port), *args],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for_output("Serving ")
        self.folder = Path(re.search(r"preview files in (\S+)\.", self.output).group(1))

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_output(self, text: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            assert self.proc.poll() is None, f"serve exited:\n{self.output}"
            assert time.monotonic() < deadline, f"no {text!r} within {timeout} s:\n{self.output}"
            time.sleep(0.05)

    def get(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_for_page(self, path: str, text: str, timeout: float = 5) -> float:
        """Seconds until `text` is served at `path`."""
        started = time.monotonic()
        while text not in self.get(path)[1]:
            assert self.proc.poll() is None, f"serve exited:\n{self.output}"
            assert time.monotonic() - started < timeout, f"{text!r} not served within {timeout} s:\n{self.output}"
            time.sleep(0.05)
        return time.monotonic() - started

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=10)


@pytest.fixture
def served(project: Path) -> Iterator[Served]:
    assert digest("build", cwd=project).code == 0  # the published site/ the preview must never touch
    server = Served(project)
    yield server
    if server.proc.poll() is None:
        server.proc.kill()


def edit(project: Path, old: str, new: str) -> None:
    path = project / ARTICLE
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_edit_break_fix_cycle_and_clean_stop(served: Served, project: Path) -> None:
    published = snapshot(project / "site")
    status, home = served.get()
    assert status == 200 and "livereload.js" in home

    edit(project, "Xi tells Blinken: Let’s be partners, not rivals", "Partners again, not rivals")
    assert served.wait_for_page(PAGE, "Partners again, not rivals") < 3

    edit(project, 'title: "Partners again, not rivals"', "title: Partners: broken")
    served.wait_for_page(PAGE, "The build failed")
    status, page = served.get(PAGE)
    assert status == 500 and "livereload.js" in page  # the error page reloads by itself too
    assert f"{ARTICLE}:2: YAML syntax error: mapping values are not allowed" in page
    assert "/assets/style.css" in page  # styled like the site
    served.wait_for_output(f"{ARTICLE}:2: YAML syntax error")  # and the terminal says the same
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
