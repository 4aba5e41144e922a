"""`digest serve`: build into a temporary folder, serve it with livereload, rebuild once per burst of saves.

livereload supplies the reload protocol (its websocket handler and
livereload.js); its polling is replaced because it checks only every 800 ms
and drops a reload that comes within a few seconds of the previous one, so a
quick second save would never reach the browser. Here a scan every 150 ms
waits for a burst of saves to settle, rebuilds once, then tells the browsers.
`site/` is never touched: it stays what the last `digest build` published.
The preview answers only requests that name this machine (see PreviewApplication).
"""

from __future__ import annotations

import asyncio
import errno
import html
import ipaddress
import logging
import os
import re
import shutil
import signal
import tempfile
import time
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import httputil, web
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.websocket import WebSocketHandler

from . import speedups
from .build import BuildResult, Session, build, source_date_epoch
from .errors import DigestError, Problem, UsageError, display_path
from .load import UNDATED_DRAFT

# Editors' temp and backup files: vim swap files and its `4913` probe, emacs
# lock and autosave files, `~` backups, and dotfiles (ours included).
IGNORED = re.compile(r"^\.|^#.*#$|~$|\.sw[a-px]$|^4913$|\.(tmp|bak|orig|part)$")
SCAN_SECONDS = 0.15
SETTLE_SECONDS = 0.15
# livereload's snippet, put before </head> of every page: it loads livereload.js from the address the page came from.
LIVE_SCRIPT = (
    b'<script type="text/javascript">(function(){var s=document.createElement("script");'
    b"var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    b's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
    b"document.head.appendChild(s);})();</script>"
)


@dataclass
class Preview:
    """The preview build and its state: the last good files, or the problems of the last attempt."""

    config: Path
    out: Path
    drafts: bool
    say: Callable[[str], None]
    problems: list[Problem] = field(default_factory=list)
    has_built: bool = False
    undated: list[str] = field(default_factory=list)  # drafts without a date, as the build named them
    session: Session = field(default_factory=Session)  # the cache stays read between rebuilds

    def rebuild(self, reason: str = "") -> bool:
        try:
            return self._rebuild(reason)
        finally:
            speedups.release_garbage()  # once the build is reported

    def _rebuild(self, reason: str) -> bool:
        started = time.perf_counter()
        try:
            result: BuildResult = build(self.config, self.out, drafts=self.drafts, session=self.session)
        except DigestError as exc:
            self.problems = list(exc.problems)
            errors = [p for p in self.problems if not p.warning]
            lines = [str(p) for p in self.problems]
            self.say(
                "\n".join([f"{_clock()} build failed{reason}: {_errors(len(errors))}; the browser shows them", *lines])
            )
            return False
        except Exception as exc:  # a bug in digest: keep serving, say so
            self.problems = [
                Problem(
                    "digest",
                    None,
                    None,
                    f"internal error: {type(exc).__name__}: {exc}",
                    "this is a bug in digest; run `digest build` with DIGEST_DEBUG=1 and report it",
                )
            ]
            self.say(f"{_clock()} {self.problems[0]}")
            return False
        self.problems = []
        self.has_built = True
        self.undated = sorted({w.path for w in result.warnings if w.message == UNDATED_DRAFT}) if self.drafts else []
        for warning in result.warnings:
            self.say(str(warning))
        seconds = time.perf_counter() - started
        drafts = f"; {len(self.undated)} draft(s) without a date under /{DRAFTS}" if self.undated else ""
        self.say(f"{_clock()} built {result.articles} articles in {seconds:.2f} s{reason}{drafts}")
        return True

    def draft_page(self, path: str) -> bytes | None:
        """The preview's own pages for drafts without a date, which no list of the site can place: `drafts/`
        lists them, `drafts/<slug>/` shows one. Made when asked for, from the files, never written anywhere."""
        if not self.drafts or self.problems:
            return None
        from . import render
        from .config import load_config
        from .load import load_article

        slugs = {Path(shown).stem: shown for shown in self.undated}
        wanted = _DRAFT_PAGE.fullmatch(path)
        if wanted is None or (wanted["slug"] and wanted["slug"] not in slugs):
            return None
        config = load_config(self.config)
        env = render.environment(config, preview=True)  # pages of drafts
        chosen = [wanted["slug"]] if wanted["slug"] else sorted(slugs)
        drafts = []
        for slug in chosen:
            shown = slugs[slug]
            article, *_ = load_article(shown, (config.root / shown).read_bytes(), "", config)
            if article is not None:
                drafts.append({"article": article, "path": shown, "address": f"{DRAFTS}{slug}/"})
        if wanted["slug"]:
            if not drafts:
                return None
            address, context = drafts[0]["address"], {"article": drafts[0]["article"], "older": None, "newer": None}
            spec = render.PageSpec(address, "article.html", _page(address, **context, also=None))
            return render.render_page(env, spec)[0]
        return render.render_page(env, render.PageSpec(DRAFTS, "drafts.html", _page(DRAFTS, drafts=drafts)))[0]


DRAFTS = "drafts/"  # where the preview lists drafts without a date; the site has no such address
_DRAFT_PAGE = re.compile(r"drafts(?:/(?:(?P<slug>[a-z0-9][a-z0-9-]*)/)?(?:index\.html)?)?")


def _page(address: str, **context: object) -> dict[str, object]:
    return {"address": address, "feed": None, **context}


def _clock() -> str:
    return time.strftime("%H:%M:%S")


def scan(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Modification time and size of every watched file, editors' temp files left out."""
    seen: dict[str, tuple[int, int]] = {}
    for root in paths:
        if root.is_file():
            stat = root.stat()
            seen[str(root)] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if IGNORED.search(name):
                    continue
                try:
                    stat = os.stat(os.path.join(folder, name))
                except OSError:  # deleted between listing and stat: the next scan sees it gone
                    continue
                seen[os.path.join(folder, name)] = (stat.st_mtime_ns, stat.st_size)
    return seen


class RebuildWatcher(Watcher):
    """livereload's watcher interface, driven by our own scan-settle-rebuild loop."""

    def __init__(self, preview: Preview, paths: list[Path]):
        super().__init__()
        self.preview = preview
        self.paths = paths
        self.seen = scan(paths)
        self.changed: set[str] = set()
        self.last_change = 0.0

    def start(self, callback) -> bool:  # noqa: ARG002 — livereload's polling is not used
        PeriodicCallback(self.tick, SCAN_SECONDS * 1000).start()
        return True

    def tick(self) -> None:
        now = scan(self.paths)
        if now != self.seen:
            self.changed |= {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
            self.seen = now
            self.last_change = time.monotonic()
            return
        if self.changed and time.monotonic() - self.last_change >= SETTLE_SECONDS:
            names = sorted(display_path(Path(p), self.preview.config.resolve().parent) for p in self.changed)
            self.changed = set()
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            self.preview.rebuild(f" after changes to {shown}")
            LiveReloadHandler.reload_waiters(path="*")


class PreviewHandler(StaticFileHandler):
    """Files of the preview folder only; the error page while the build is broken; our 404 page."""

    preview: Preview

    async def get(self, path: str, include_body: bool = True) -> None:
        if "\0" in path:  # no file has such a name, and the file system refuses to look one up
            raise web.HTTPError(404)
        if self.preview.problems and _is_page(path):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(error_page(self.preview.problems, self.preview.has_built))
            return
        if path.startswith(DRAFTS[:-1]) and (page := self.preview.draft_page(path)) is not None:
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(page)
            return
        await super().get(path, include_body)

    def compute_etag(self) -> str | None:
        """A page made here (a draft without a date) is no file: no tag; fresh every time, like the preview."""
        return super().compute_etag() if getattr(self, "absolute_path", None) else None

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        """Refuse anything whose real path (symlinks resolved) is outside the preview folder."""
        real_root = os.path.realpath(root)
        real = os.path.realpath(absolute_path)
        if real != real_root and not real.startswith(real_root + os.sep):
            raise web.HTTPError(403)
        return super().validate_absolute_path(root, absolute_path)

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")  # a preview is always fresh

    def write_error(self, status_code: int, **kwargs) -> None:
        page = self.preview.out / "404.html"
        if status_code == 404 and page.is_file():
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(page.read_bytes())
            return
        super().write_error(status_code, **kwargs)


class PreviewReloadHandler(LiveReloadHandler):
    """livereload's websocket, for pages of this preview only (livereload itself lets any site connect)."""

    def check_origin(self, origin: str) -> bool:
        return WebSocketHandler.check_origin(self, origin)


class MisdirectedHandler(web.RequestHandler):
    """The answer to a request that names another host: a page on some other site reached us by DNS rebinding."""

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish("digest serve answers only requests for localhost, a loopback address or its --host address.\n")


class PreviewApplication(web.Application):
    """The preview's pages, livereload.js and its websocket, for requests that name this machine only.

    A page of any web site can make its own host name resolve to 127.0.0.1 and read what it fetches
    there (DNS rebinding), drafts included; its requests still carry its own name in `Host`. So only
    the names in `Hosts` are answered; the others get a 403 and one line.
    livereload's `/forcereload` (a GET any site could trigger) is left out: nothing here uses it.
    """

    def __init__(self, out: Path, host: str):
        self.hosts = Hosts.serving(host)
        handlers = [
            (r"/livereload", PreviewReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", PreviewHandler, {"path": str(out), "default_filename": "index.html"}),
        ]
        super().__init__(handlers, transforms=[_LiveScript])

    def find_handler(self, request: httputil.HTTPServerRequest, **kwargs) -> web._HandlerDelegate:
        if not self.hosts.allow(request.host_name):
            return self.get_handler_delegate(request, MisdirectedHandler)
        return super().find_handler(request, **kwargs)


class _LiveScript(LiveScriptInjector):
    script = LIVE_SCRIPT


@dataclass(frozen=True)
class Hosts:
    """The names a request may give in `Host`: localhost, loopback addresses and --host; listening on every
    interface (--host 0.0.0.0 or ::), any IP address too, since other machines reach it by address."""

    names: frozenset[str]
    any_address: bool

    @classmethod
    def serving(cls, host: str) -> Hosts:
        bare = host.strip("[]").lower()
        return cls(frozenset({"localhost", bare}), bare in ("0.0.0.0", "::"))

    def allow(self, name: str) -> bool:
        """`name` as tornado gives it: lower case, without the port, an IPv6 address in brackets."""
        name = name.strip("[]").rstrip(".")
        if name in self.names:
            return True
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            return False  # a name: only a rebinding page would send a name we were not given
        return address.is_loopback or self.any_address


def _is_page(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return not name or name.endswith(".html") or "." not in name


def error_page(problems: list[Problem], has_built: bool) -> str:
    """The site's look (its stylesheet, when a build ever succeeded) with every problem listed."""
    items = "\n".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    errors = sum(not p.warning for p in problems)
    stylesheet = '<link rel="stylesheet" href="/assets/style.css">' if has_built else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed — digest preview</title>
{stylesheet}
<style>
body {{ font-family: system-ui, sans-serif; }}
.build-errors {{ border-left: 6px solid #b91c1c; padding: 0.5rem 1rem; max-width: 60rem; }}
.build-errors li {{ margin: 0.6rem 0; }}
.build-errors code {{ white-space: pre-wrap; font-size: 0.95rem; }}
</style>
</head>
<body>
<header class="site-header"><div class="wrap"><span class="site-title">digest preview</span></div></header>
<main id="main" class="wrap">
<section class="build-errors" role="alert">
<h1>The build failed: {errors} error{"" if errors == 1 else "s"}</h1>
<p>Fix the files below and save: this page turns back into the site by itself.</p>
<ul>
{items}
</ul>
</section>
</main>
</body>
</html>
"""


def serve(config: Path, host: str, port: int, drafts: bool, open_browser: bool, say: Callable[[str], None]) -> int:
    """Run until Ctrl-C or SIGTERM; the temporary folder goes with it."""
    source_date_epoch()  # every rebuild reads it: a bad one is a usage error now, not an error page later
    out = Path(tempfile.mkdtemp(prefix="digest-serve-"))
    try:
        asyncio.set_event_loop(asyncio.new_event_loop())  # tornado wants a current loop; don't rely on the policy
        for name in ("tornado.access", "tornado.application", "tornado.general", "livereload"):
            logging.getLogger(name).setLevel(logging.CRITICAL)  # our own lines say what happened
        preview = Preview(config, out, drafts, say)
        preview.rebuild()
        root = config.resolve().parent
        watched = [p for p in (root / "content", root / "templates", config.resolve()) if p.exists()]
        PreviewHandler.preview = preview
        LiveReloadHandler.watcher = RebuildWatcher(preview, watched)
        LiveReloadHandler.live_css = False
        listen(PreviewApplication(out, host), host, port)
        LiveReloadHandler.start_tasks()
        loop = IOLoop.current()
        # Explicit, since a background job inherits SIGINT ignored; and before "Serving" is said, so that a Ctrl-C
        # as soon as it is stops the preview (one sent in between was lost, and the preview ran on).
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: loop.add_callback_from_signal(loop.stop))
        url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
        say(
            f"Serving {url} ({'drafts shown' if drafts else 'drafts hidden'}); watching content/, templates/ "
            f"and {config.name}; preview files in {out}. Ctrl-C to stop."
        )
        if host not in ("127.0.0.1", "localhost", "::1"):
            say(f"warning: listening on {host}: other machines on the network can see this preview")
        if open_browser:
            loop.add_callback(webbrowser.open, url)
        loop.start()
        say("Stopped.")
        return 0
    finally:
        shutil.rmtree(out, ignore_errors=True)


def listen(app: web.Application, host: str, port: int) -> None:
    """Every reason not to get the address is the command's arguments' fault: a usage error, in one line."""
    try:
        app.listen(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} is already in use — choose another with --port {port + 1}") from None
        reason = exc.strerror or str(exc)
        raise UsageError(f"cannot listen on {host}:{port} ({reason}) — check --host and --port") from None
    except (OverflowError, ValueError) as exc:
        raise UsageError(f"cannot listen on {host}:{port} ({exc}) — check --host and --port") from None


def _errors(count: int) -> str:
    return f"{count} error" if count == 1 else f"{count} errors"
