"""Thin subcommands: parse arguments, call a stage, turn problems into messages and exit codes.

Exit codes: 0 success, 1 content or config errors, 2 usage errors, 3 a bug in digest.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from . import __version__
from .errors import DigestError, Problem, UsageError, display_path

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

BUILD_HELP = """\
examples:
  digest build                      build the published site into site/
  digest build --out /tmp/preview   build somewhere else
  digest build --drafts             include drafts (to preview them; never publish this)
  digest build --strict --quiet     for CI: warnings are errors, print only problems
"""
CHECK_HELP = """\
examples:
  digest check                      validate config.yaml and every article; writes nothing
  digest check --strict             treat warnings (e.g. a date in the future) as errors, for CI
  digest check --config other.yaml  validate another digest
"""
SERVE_HELP = """\
examples:
  digest serve                      preview on http://127.0.0.1:8000/, drafts shown with a badge
  digest serve --no-drafts          preview exactly what `digest build` would publish
  digest serve --port 8080 --open   another port, and open the browser

The preview is built in a temporary folder; site/ is never touched. Save a
file and the open page reloads by itself; a mistake shows on the page and
here, until the next good save.
"""
NEW_HELP = """\
examples:
  digest new "Xi meets Blinken in Beijing"
  digest new "Biden and Xi talk by video" --date 2021-11-15 --theme partnership --meeting biden-xi-virtual-summit-2021
  digest new "Letter to the gala" --source-url https://example.com/story

Writes content/articles/<date>-<slug>.md as a draft (date: today in the
site's time zone unless --date), and prints its path.
"""
IMPORT_HELP = """\
examples:
  digest import content/sources/002_40121218b3ce605e.txt
  digest import saved/story.html              a page saved from a browser (.html, .htm, .html.gz)
  digest import https://example.com/story     fetched, and kept in content/sources/ to import again offline
  digest import raw/*.txt --into content/articles
  digest import raw/story.txt --force         replace an earlier import of the same story

Each input becomes content/articles/YYYY-MM-DD-slug.md (undated-slug.md when no
date is found), always as a draft: `review:` lists what an editor must confirm
(the title, date, source and suggested themes, meetings and people, and
whatever the importer was unsure of). Read the report, check those, then
delete `review:` and set `draft: false` to publish.
"""


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        default=Path("config.yaml"),
        metavar="PATH",
        help="the digest's config.yaml (default: %(default)s)",
    )
    top = argparse.ArgumentParser(
        prog="digest",
        description="Build a curated news digest: static HTML pages and RSS feeds.",
        epilog="Run `digest COMMAND --help` for examples.",
    )
    top.add_argument("--version", action="version", version=f"digest {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, run: Callable[[argparse.Namespace], int], about: str, epilog: str, description: str):
        made = sub.add_parser(
            name, parents=[common], help=about, epilog=epilog, description=description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )  # fmt: skip
        made.set_defaults(run=run)
        return made

    b = command(
        "build", run_build, "build the site and its feeds", BUILD_HELP, "Validate everything, then write the site."
    )
    b.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="output folder (default: site/ beside config.yaml)"
    )
    b.add_argument(
        "--drafts",
        action="store_true",
        help="include articles marked draft: true, as a preview: every page noindex, robots.txt closed, no sitemaps",
    )
    _add_run_options(b)
    c = command(
        "check", run_check, "validate config and content, write nothing", CHECK_HELP,
        "List every problem in config.yaml and the articles.",
    )  # fmt: skip
    _add_run_options(c, verbose=False)
    _serve_options(
        command("serve", run_serve, "preview the site, rebuilding and reloading on every save", SERVE_HELP,
                "Live preview for editors.")
    )  # fmt: skip
    _new_options(
        command("new", run_new, "start a new article from a title", NEW_HELP,
                "Create a new draft article with valid front matter.")
    )  # fmt: skip
    _import_options(
        command("import", run_import, "turn raw text, saved pages or addresses into draft articles", IMPORT_HELP,
                "Convert raw scraped articles, saved pages or fetched addresses into draft Markdown articles.")
    )  # fmt: skip
    return top


def _serve_options(v: argparse.ArgumentParser) -> None:
    v.add_argument(
        "--host", type=_host, default="127.0.0.1", help="address to listen on (default: %(default)s, this machine only)"
    )
    v.add_argument("--port", type=_port, default=8000, help="port to listen on, 1–65535 (default: %(default)s)")
    v.add_argument(
        "--drafts",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="show drafts, with a Draft badge (default: shown)",
    )
    v.add_argument("--open", action="store_true", help="open the preview in the default browser")


def _import_options(i: argparse.ArgumentParser) -> None:
    i.add_argument(
        "files", nargs="+", metavar="FILE|URL", help="raw text, saved pages (.html, .htm, .gz) or http(s) addresses"
    )
    i.add_argument(
        "--into",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write the Markdown (default: content/articles/ beside config.yaml)",
    )
    i.add_argument("--force", action="store_true", help="overwrite files that already exist")
    i.add_argument(
        "--timeout", type=_seconds, default=20.0, metavar="SECONDS", help="give up on an address after (default: 20)"
    )


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 600:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds from 0 to 600")
    return seconds


def _new_options(n: argparse.ArgumentParser) -> None:
    n.add_argument("title", type=_title, help="the article's headline, in quotes")
    n.add_argument(
        "--date", type=_day, default=None, metavar="YYYY-MM-DD", help="default: today in the site's time zone"
    )
    n.add_argument("--theme", action="append", default=[], metavar="SLUG", help="a theme slug (repeatable)")
    n.add_argument("--meeting", action="append", default=[], metavar="SLUG", help="a meeting slug (repeatable)")
    n.add_argument("--source-url", default=None, metavar="URL", help="the original article's address")


def _add_run_options(p: argparse.ArgumentParser, verbose: bool = True) -> None:
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1, nothing written)")
    loudness = p.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    if verbose:
        loudness.add_argument("-v", "--verbose", action="store_true", help="also print each step and its time")


def _day(text: str) -> date:
    """A date `digest check` accepts: written YYYY-MM-DD, real, and in the years articles may have."""
    from .schema import FIRST_YEAR, LAST_YEAR, respelt

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        fixed = respelt(text, with_time=False)
        example = f"--date {fixed}" if fixed else "e.g. --date 2024-04-26"
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD — write {example}")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} is not a real date — check the day and the month") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{text} is not in the years {FIRST_YEAR} to {LAST_YEAR} — check the year")
    return day


def _title(text: str) -> str:
    """A headline on one line: line breaks and tabs become spaces (what else check refuses, scaffold refuses)."""
    return " ".join(text.split())


def _port(text: str) -> int:
    """A TCP port a browser can be pointed at: 0 would listen on a port nobody is told."""
    value = text.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 5 and 1 <= int(value) <= 65535):
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a whole number from 1 to 65535")
    return int(value)


HOST_NAME = re.compile(r"(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.?", re.IGNORECASE)


def _host(text: str) -> str:
    """An IP address (IPv6 with or without brackets) or a host name; not dotted numbers that are no address."""
    bare = text[1:-1] if text.startswith("[") and text.endswith("]") else text
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        pass
    if HOST_NAME.fullmatch(bare) and not re.fullmatch(r"[0-9.]+", bare):
        return bare
    raise argparse.ArgumentTypeError(f"{text!r} is not an IP address or a host name (e.g. 127.0.0.1, ::1, localhost)")


class ProgressDisplay:
    """A live counter on a terminal once a build has run for a second; plain lines otherwise."""

    LABELS = {"load": "reading articles", "render": "rendering pages"}

    def __init__(self, stream: TextIO, quiet: bool, verbose: bool):
        self.stream, self.quiet, self.verbose = stream, quiet, verbose
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.drawn = 0.0
        self.dirty = False

    def __call__(self, step: str, done: int, total: int) -> None:
        if self.quiet:
            return
        elapsed = time.monotonic() - self.started
        label = self.LABELS.get(step, step)
        if self.tty:
            if elapsed >= 1 and (done == total or time.monotonic() - self.drawn > 0.1):
                self.stream.write(f"\r\033[K{label} {done}/{total}")
                self.stream.flush()
                self.drawn, self.dirty = time.monotonic(), True
        elif done == total and (self.verbose or elapsed >= 1):
            self.stream.write(f"{label}: {total} done ({elapsed:.1f} s)\n")

    def clear(self) -> None:
        if self.dirty:
            self.stream.write("\r\033[K")
            self.stream.flush()


def run_build(args: argparse.Namespace) -> int:
    from .build import build

    display = ProgressDisplay(sys.stderr, args.quiet, args.verbose)
    try:
        result = build(args.config, args.out, drafts=args.drafts, strict=args.strict, progress=display)
    finally:
        display.clear()
    report(result.warnings)
    if args.verbose:
        for name, seconds in result.steps.items():
            print(f"  {name:<7} {seconds * 1000:8.1f} ms")
        print(f"  pages: {result.planned} of {result.pages} planned again, {result.rendered} rendered")
    if args.quiet:
        return EXIT_OK
    shown = display_path(result.out)
    s = result.stats
    print(
        f"Built {plural(result.articles, 'article')}: {plural(result.pages, 'page')}, "
        f"{plural(result.feeds, 'feed')}, {plural(len(result.warnings), 'warning')} in {result.seconds:.2f} s "
        f"({s.written} written, {s.unchanged} unchanged, {s.removed} removed) → {shown}/"
    )
    command, address = preview_hint(result.out, result.base_path)
    print(f"Preview: {command}, then open {address}")
    return EXIT_OK


def preview_hint(out: Path, base_path: str, port: int = 8000) -> tuple[str, str]:
    """A command that serves `out` where its links point, and the address to open.

    A site published under `/news/` links to `/news/assets/…`, so serving `out` itself at `/` shows an
    unstyled page. The folder that holds `out` under the base path's names is served instead: the folder
    above when `out` is already `…/news/`, else a temporary folder with a link named `news` to `out`.
    """
    parts = [p for p in base_path.split("/") if p]
    folder = out.resolve()
    address = f"http://localhost:{port}/" + "".join(f"{p}/" for p in parts)
    if not parts:
        return f"python3 -m http.server --directory {shlex.quote(display_path(out))} {port}", address
    if list(folder.parts[-len(parts) :]) == parts:
        root = folder.parents[len(parts) - 1]
        return f"python3 -m http.server --directory {shlex.quote(display_path(root))} {port}", address
    import tempfile

    root = Path(tempfile.gettempdir()) / "digest-preview"
    inner, link = root.joinpath(*parts[:-1]), root.joinpath(*parts)
    command = (
        f"mkdir -p {shlex.quote(str(inner))} && ln -sfn {shlex.quote(str(folder))} {shlex.quote(str(link))}"
        f" && python3 -m http.server --directory {shlex.quote(str(root))} {port}"
    )
    return command, address


def run_check(args: argparse.Namespace) -> int:
    from .build import check

    count, warnings = check(args.config, strict=args.strict)
    report(warnings)
    if not args.quiet:
        files = len({p.path for p in warnings})
        found = f"{plural(len(warnings), 'warning')} in {plural(files, 'file')}" if warnings else "no warnings"
        print(f"OK: config and {plural(count, 'article')} are valid ({found}).")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.config, args.host, args.port, args.drafts, args.open, say=lambda line: print(line, flush=True))


def run_new(args: argparse.Namespace) -> int:
    from .config import load_config
    from .scaffold import new_article, write_new

    config = load_config(args.config)
    day = args.date or datetime.now(ZoneInfo(config.site.timezone)).date()
    article = new_article(config, args.title, day, args.theme, args.meeting, args.source_url)
    try:
        path = write_new(config.articles_dir, article)
    except OSError as exc:
        where = display_path(Path(exc.filename)) if exc.filename else display_path(config.articles_dir)
        problem = Problem(where, None, None, f"cannot create the article: {exc.strerror or exc}", FOLDER_HINT)
        raise DigestError([problem]) from None
    print(display_path(path))
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from .config import load_config
    from .importer import import_files

    config = load_config(args.config)
    into = args.into or config.articles_dir
    results, problems = import_files(list(args.files), into, config, force=args.force, timeout=args.timeout)
    for result in results:
        print(f"{result.origin} → {display_path(into / result.filename)}")
        for line in result.report:
            print(f"  {line}")
    failed = len({p.path for p in problems if not p.warning})
    report(problems)
    print(f"{len(results)} imported, {failed} not imported.", file=sys.stderr if failed else sys.stdout)
    return EXIT_CONTENT if failed else EXIT_OK


FOLDER_HINT = "check that the path is a folder you can write to"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def report(problems: Sequence[Problem]) -> None:
    """Every problem on its own `path:line:` line, files separated by a blank line."""
    previous = None
    for problem in problems:
        if previous is not None and problem.path != previous:
            print(file=sys.stderr)
        print(problem, file=sys.stderr)
        previous = problem.path


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except DigestError as exc:
        errors = [p for p in exc.problems if not p.warning]
        warnings = len(exc.problems) - len(errors)
        report(exc.problems)
        files = len({p.path for p in errors})
        also = f" (and {plural(warnings, 'warning')})" if warnings else ""
        print(f"{plural(len(errors), 'error')} in {plural(files, 'file')}{also}; nothing was written.", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"digest {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `digest build | head`: the reader has gone, which is no error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # the file system said no (a file where a folder should be, a full disk): not a bug
        where = f"{display_path(Path(exc.filename))}: " if exc.filename else ""
        print(
            f"digest {args.command}: {where}{exc.strerror or exc} — check the path and its permissions",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    except Exception as exc:  # a bug in digest: say so plainly, details on request
        if os.environ.get("DIGEST_DEBUG"):
            import traceback

            traceback.print_exc()
        print(
            f"digest: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in digest, not in your content. Run again with DIGEST_DEBUG=1 for details "
            "and report it.",
            file=sys.stderr,
        )
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
