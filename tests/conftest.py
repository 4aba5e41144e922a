"""Shared helpers: a throwaway copy of the project, the real CLI in a subprocess, file-tree snapshots."""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "content" / "sources"  # the raw articles the curated ones were imported from


@pytest.fixture(autouse=True, scope="session")
def _repository_content_untouched():
    """No test may write into the repository's content/: an import keeps copies in a project's content/sources,
    and a test that forgot to give its own would leave them here (and in the next commit)."""

    def listing() -> dict[str, bytes]:
        return {p.relative_to(REPO).as_posix(): p.read_bytes() for p in (REPO / "content").rglob("*") if p.is_file()}

    before = listing()
    yield
    assert listing() == before, "a test wrote into the repository's content/"


FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = Path(__file__).resolve().parent / "samples" / "pages"  # saved web pages, for `digest import`


@pytest.fixture(scope="module")
def config():
    """The repository's config.yaml, loaded once for a module's imports."""
    from digest.config import load_config

    return load_config(REPO / "config.yaml")


def imported(name: str, config) -> tuple[dict, str, list[str]]:
    """A saved page of PAGES imported: the draft's front matter, its body (without the blank lines around it)
    and the import's report."""
    import yaml

    from digest.importer import convert

    result = convert((PAGES / name).read_bytes(), name, config)
    front, body = result.text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body.strip("\n"), result.report


VALID_ARTICLE = """\
---
title: "Xi tells Blinken: Let’s be partners, not rivals"
date: 2024-04-26
source: {name: Example Wire, url: "https://example.com/xi-blinken", origin: 002_40121218b3ce605e.txt}
themes: [partnership, taiwan]
meetings: [blinken-beijing-2024]
people: [xi-jinping, antony-blinken]
---

Chinese President Xi Jinping on Friday told Antony Blinken that the two countries should be “partners, not rivals”.
"""


VALID_ORIGIN = "002_40121218b3ce605e.txt"  # VALID_ARTICLE's source.origin, one of the SEEDS
ARTICLE = "content/articles/2024-04-26-xi-tells-blinken.md"  # VALID_ARTICLE's file and address
PAGE = "articles/2024-04-26-xi-tells-blinken/"


@dataclass
class Run:
    code: int
    out: str
    err: str


def digest(*args: str | Path, cwd: Path) -> Run:
    """The real command line, as an editor runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "digest", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def make_project(root: Path, config: Path | None = None, with_article: bool = True) -> Path:
    """A copy of the repository's config and templates with one valid article."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(config or REPO / "config.yaml", root / "config.yaml")
    shutil.copytree(REPO / "templates", root / "templates")
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    if with_article:
        (articles / "2024-04-26-xi-tells-blinken.md").write_text(VALID_ARTICLE, encoding="utf-8")
        (root / "content" / "sources").mkdir()  # the raw file its `source.origin` names, as an import keeps it
        shutil.copyfile(SEEDS / VALID_ORIGIN, root / "content" / "sources" / VALID_ORIGIN)
    return root


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

    def wait_for_output(self, text: str, timeout: float = 30) -> None:
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

    def wait_for_page(self, path: str, text: str, timeout: float = 30) -> float:
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


def edit(project: Path, old: str, new: str) -> None:
    path = project / ARTICLE
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


DESCRIPTION_LIMIT = 200  # characters a page's description may have, as search results and link previews show it


def description_problems(site: Path) -> list[str]:
    """What a search engine or a link preview would find wrong with each page's descriptions (meta description,
    og:description, twitter:description): longer than DESCRIPTION_LIMIT, cut in a word or an entity (the word before
    the ellipsis is none the page's text or JSON-LD holds whole), or differing between them. Empty when all is well.
    """
    problems, checked = [], 0
    for path in sorted(site.rglob("*.html")):
        doc = lxml.html.fromstring(path.read_bytes())
        metas = doc.xpath("//meta[@name='description' or @property='og:description' or @name='twitter:description']")
        texts = {meta.get("content") for meta in metas}
        name = path.relative_to(site).as_posix()
        if len(texts) != 1:
            problems.append(f"{name}: {len(texts)} different descriptions")
        shown = " ".join([doc.body.text_content(), *(json.dumps(s.text) for s in doc.iter("script"))])
        for text in texts:
            checked += 1
            if len(text) > DESCRIPTION_LIMIT or text != " ".join(text.split()):
                problems.append(f"{name}: {len(text)} characters: {text!r}")
            if text.endswith("…"):
                last = text[:-1].split(" ")[-1]
                if text[:-1].endswith(" ") or not re.search(
                    rf"(?<!\w){re.escape(last)}(?!\w)", " ".join(shown.split())
                ):
                    problems.append(f"{name}: cut inside a word or an entity: {text!r}")
    return problems if checked else [f"{site}: no description found"]
