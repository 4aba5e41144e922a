"""`digest serve`: build into a temporary folder, serve it with livereload, rebuild once per burst of saves.

livereload supplies the reload protocol (its websocket handler and
livereload.js); its polling is replaced because it checks only every 800 ms
and drops a reload that comes within a few seconds of the previous one, so a
quick second save would never reach the browser. Here a scan every 150 ms
waits for a burst of saves to settle, rebuilds once, then tells the browsers.
`site/` is never touched: it stays what the last `digest build` published.
"""

from __future__ import annotations

import asyncio
import errno
import html
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

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado import web
from tornado.ioloop import IOLoop, PeriodicCallback

from .build import BuildResult, Session, build, release_garbage
from .errors import DigestError, Problem, UsageError, display_path

# Editors' temp and backup files: vim swap files and its `4913` probe, emacs
# lock and autosave files, `~` backups, and dotfiles (ours included).
IGNORED = re.compile(r"^\.|^#.*#$|~$|\.sw[a-px]$|^4913$|\.(tmp|bak|orig|part)$")
SCAN_SECONDS = 0.15
SETTLE_SECONDS = 0.15


@dataclass
class Preview:
    """The preview build and its state: the last good files, or the problems of the last attempt."""

    config: Path
    out: Path
    drafts: bool
    say: Callable[[str], None]
    problems: list[Problem] = field(default_factory=list)
    has_built: bool = False
    session: Session = field(default_factory=Session)  # the cache stays read between rebuilds

    def rebuild(self, reason: str = "") -> bool:
        try:
            return self._rebuild(reason)
        finally:
            release_garbage()  # once the build is reported

    def _rebuild(self, reason: str) -> bool:
        started = time.perf_counter()
        try:
            result: BuildResult = build(self.config, self.out, drafts=self.drafts, session=self.session)
        except DigestError as exc:
            self.problems = list(exc.problems)
            errors = [p for p in self.problems if not p.warning]
            lines = [str(p) for p in self.problems]
            self.say(
                "\n".join([f"{_clock()} build failed{reason}: {len(errors)} error(s); the browser shows them", *lines])
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
        for warning in result.warnings:
            self.say(str(warning))
        seconds = time.perf_counter() - started
        self.say(f"{_clock()} built {result.articles} articles in {seconds:.2f} s{reason}")
        return True


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
        if self.preview.problems and _is_page(path):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(error_page(self.preview.problems, self.preview.has_built))
            return
        await super().get(path, include_body)

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
        server = Server(watcher=RebuildWatcher(preview, watched))
        server.root = str(out)
        server.SFH = PreviewHandler
        server.default_filename = "index.html"
        try:
            server.application(port, host, live_css=False)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"port {port} is already in use — choose another with --port {port + 1}") from None
            if exc.errno in (errno.EADDRNOTAVAIL, errno.EACCES):
                raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror}) — check --host and --port") from None
            raise
        LiveReloadHandler.start_tasks()
        url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
        say(
            f"Serving {url} ({'drafts shown' if drafts else 'drafts hidden'}); watching content/, templates/ "
            f"and {config.name}; preview files in {out}. Ctrl-C to stop."
        )
        if host not in ("127.0.0.1", "localhost", "::1"):
            say(f"warning: listening on {host}: other machines on the network can see this preview")
        loop = IOLoop.current()
        for signum in (signal.SIGINT, signal.SIGTERM):  # explicit: a background job inherits SIGINT ignored
            signal.signal(signum, lambda *_: loop.add_callback_from_signal(loop.stop))
        if open_browser:
            loop.add_callback(webbrowser.open, url)
        loop.start()
        say("Stopped.")
        return 0
    finally:
        shutil.rmtree(out, ignore_errors=True)
