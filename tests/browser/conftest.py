"""The built site checked with the tools readers use: Chromium, the Nu Html Checker, axe-core, feedparser.

Two sites are built once per session: the real content/ and a larger generated
digest (sitegen.py). Each is served over HTTP on 127.0.0.1 and one Chromium,
from Debian, is shared by every test. The tools are installed by
scripts/test; when one is missing the run stops and says what to install.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest
import yaml

from .sitegen import Generated, generate

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path(os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
LOCAL = re.compile(r"^http://127\.0\.0\.1:\d+/")


def _missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install -y chromium)")
    if not shutil.which("java"):
        missing.append("a Java runtime for the Nu Html Checker (apt-get install -y default-jre-headless)")
    if not VNU_JAR.is_file() or not AXE_JS.is_file():
        missing.append(f"vnu-jar and axe-core from npm (cd {REPO} && npm ci --ignore-scripts)")
    for module, package in (("playwright", "playwright"), ("pytest_playwright", "pytest-playwright")):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"{package} for Python (.venv/bin/pip install -e '.[test]')")
    return missing


def pytest_configure(config: pytest.Config) -> None:
    missing = _missing_tools()
    if missing:
        raise pytest.UsageError(
            "the page checks in tests/browser need tools that are not installed:\n  - "
            + "\n  - ".join(missing)
            + "\n./scripts/test installs all of them, then runs the tests."
        )
    if config.getoption("--output", default=None) == "test-results":  # pytest-playwright's default, in the repo
        config.option.output = str(ARTIFACTS / "playwright")


# --- the two sites, built once, served on loopback ------------------------------------------------


@dataclass
class Site:
    name: str
    folder: Path
    base_url: str  # the absolute address the site is published at, from its config
    page_size: int
    feed_items: int
    generated: Generated | None = None
    url: str = ""  # where the test server serves it: http://127.0.0.1:PORT/<base path>
    _docs: dict[Path, lxml.html.HtmlElement] = field(default_factory=dict, repr=False)

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def pages(self) -> list[Path]:
        return sorted(self.folder.rglob("*.html"))

    def feeds(self) -> list[Path]:
        """The RSS and Atom feeds (not the sitemaps)."""
        return sorted(p for p in self.folder.rglob("*.xml") if not p.name.startswith(("sitemap", "news-sitemap")))

    def sitemaps(self) -> list[Path]:
        return sorted(p for p in self.folder.glob("*.xml") if p.name.startswith(("sitemap", "news-sitemap")))

    def json_feeds(self) -> list[Path]:
        return sorted(self.folder.rglob("feed.json"))

    def address(self, file: Path) -> str:
        """The site-relative address that serves a built file (articles/x/ for articles/x/index.html)."""
        rel = file.relative_to(self.folder).as_posix()
        return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel

    def file_for(self, url: str) -> Path | None:
        """The built file an absolute URL under base_url points to, or None when nothing is built there."""
        path = urlsplit(url)._replace(query="", fragment="").geturl()
        if not path.startswith(self.base_url):
            return None
        rel = unquote(path[len(self.base_url) :])
        file = self.folder / rel
        if rel == "" or rel.endswith("/"):
            file = file / "index.html"
        return file if file.is_file() else None

    def doc(self, file: Path) -> lxml.html.HtmlElement:
        if file not in self._docs:
            self._docs[file] = lxml.html.fromstring(file.read_bytes())
        return self._docs[file]

    def absolute(self, file: Path) -> str:
        return self.base_url + self.address(file)

    def served(self, address: str) -> str:
        return self.url + address

    def page_types(self) -> dict[str, str]:
        """One address per kind of page (two for paginated lists when the site has them)."""
        articles = sorted((self.folder / "articles").iterdir())
        longest = max(articles, key=lambda p: len(self.doc(p / "index.html").findtext(".//h1") or ""))
        themes = [p for p in sorted((self.folder / "themes").iterdir()) if p.is_dir()]
        theme = max(themes, key=lambda p: len(list(p.glob("page/*"))))
        meetings = [p for p in sorted((self.folder / "meetings").iterdir()) if p.is_dir()]
        meeting = max(
            meetings, key=lambda p: (len(list(p.glob("page/*"))), len(self.doc(p / "index.html").cssselect(".item")))
        )
        years = sorted(p.name for p in (self.folder / "archive").iterdir() if p.is_dir())
        months = sorted(p.name for p in (self.folder / "archive" / years[-1]).iterdir() if p.is_dir())
        types = {
            "home": "",
            "article": self.address(articles[-1] / "index.html"),
            "article with the longest title": self.address(longest / "index.html"),
            "theme": self.address(theme / "index.html"),
            "meeting": self.address(meeting / "index.html"),
            "meetings timeline": "meetings/",
            "themes index": "themes/",
            "archive": "archive/",
            "archive year": f"archive/{years[-1]}/",
            "archive month": f"archive/{years[-1]}/{months[-1]}/",
            "404": "no/such/page/",
            "people index": "people/",
            "person": self.address(_most_quoted(self) / "index.html"),
            "subscribe": "subscribe/",
        }
        if (self.folder / "page/2/index.html").is_file():
            types["home, page 2"] = "page/2/"
        if (theme / "page/2/index.html").is_file():
            types["theme, page 2"] = self.address(theme / "page/2/index.html")
        return types


def _most_quoted(site: Site) -> Path:
    """The person page with the most quotations: the longest of its kind."""
    people = [p for p in sorted((site.folder / "people").iterdir()) if p.is_dir()]
    return max(people, key=lambda p: len(site.doc(p / "index.html").cssselect("figure.quote")))


def _build(config: Path, out: Path, env: dict[str, str] | None = None) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "digest", "build", "--config", str(config), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    assert run.returncode == 0, f"digest build failed ({run.returncode}):\n{run.stdout}\n{run.stderr}"


def _site(name: str, config: Path, out: Path, generated: Generated | None = None) -> Site:
    _build(config, out)
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))["site"]
    return Site(
        name=name,
        folder=out,
        base_url=settings["base_url"].rstrip("/") + "/",
        page_size=settings.get("page_size", 20),
        feed_items=settings.get("feed_items", 20),
        generated=generated,
    )


class _Handler(SimpleHTTPRequestHandler):
    """Serves one site under its base path, with 404.html (status 404) for anything not built, as hosts do."""

    site: Site

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self) -> None:
        self._route()

    def do_HEAD(self) -> None:
        self._route()

    def _route(self) -> None:
        root = self.site.folder.resolve()
        path = urlsplit(self.path).path
        prefix = self.site.base_path
        if not path.startswith(prefix):
            return self._not_found()
        rel = unquote(path[len(prefix) :])
        target = (root / rel).resolve()
        if not target.is_relative_to(root):
            return self._not_found()
        if target.is_dir() and rel and not rel.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return None
        file = target / "index.html" if target.is_dir() else target
        if not file.is_file():
            return self._not_found()
        self.path = "/" + file.relative_to(root).as_posix()
        return super().do_GET() if self.command == "GET" else super().do_HEAD()

    def _not_found(self) -> None:
        body = (self.site.folder / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)


def _serve(site: Site) -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"site": site})
    handler = functools.partial(handler, directory=str(site.folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # loopback only, a free port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}{site.base_path}"
    return server


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    """The real content/ and the generated digest, each built once and served on 127.0.0.1."""
    real = _site("real", REPO / "config.yaml", tmp_path_factory.mktemp("real") / "site")
    project = tmp_path_factory.mktemp("large") / "project"
    generated = generate(project)
    large = _site("large", project / "config.yaml", project / "site", generated)
    servers = [_serve(real), _serve(large)]
    yield {"real": real, "large": large}
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session", params=["real", "large"])
def site(request: pytest.FixtureRequest, sites: dict[str, Site]) -> Site:
    return sites[request.param]


@pytest.fixture(scope="session")
def rebuilt(sites: dict[str, Site], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A second build of each site, on another day (SOURCE_DATE_EPOCH), for what must not change between builds."""
    out = {}
    for name, config in (("real", REPO / "config.yaml"), ("large", sites["large"].generated.root / "config.yaml")):
        out[name] = tmp_path_factory.mktemp(f"{name}-again") / "site"
        _build(config, out[name], env={"SOURCE_DATE_EPOCH": "1893456000"})  # 2030-01-01
    return out


# --- the one Chromium, from Debian, driven by pytest-playwright ------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright has no option for the browser's path: Debian's Chromium, never a downloaded one."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def context(new_context):
    """A fresh browser context per test in which nothing leaves 127.0.0.1: other requests are refused and listed."""
    ctx = new_context()
    ctx.offsite = []  # type: ignore[attr-defined]

    def refuse(route) -> None:
        ctx.offsite.append(route.request.url)  # type: ignore[attr-defined]
        route.abort()

    ctx.route(lambda url: not LOCAL.match(url), refuse)
    return ctx


# --- helpers shared by the test modules ---------------------------------------------------------


def internal_links(site: Site, file: Path) -> Iterator[tuple[str, str]]:
    """(as written, absolute) for every href and src in a page that points inside the site."""
    page_url = site.absolute(file)
    for element in site.doc(file).iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("href", "src"):
            written = element.get(attribute)
            if written is None:
                continue
            absolute = urljoin(page_url, written.strip())
            if absolute.startswith(site.base_url) or urlsplit(absolute).netloc == urlsplit(site.base_url).netloc:
                yield written, absolute


def run_vnu(files: list[Path]) -> list[dict]:
    """The Nu Html Checker over many files in one run (it takes seconds to start): its error messages."""
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        return json.loads(run.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        raise AssertionError(f"vnu.jar gave no report (exit {run.returncode}):\n{run.stdout}\n{run.stderr}") from None
