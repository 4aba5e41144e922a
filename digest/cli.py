"""Thin subcommands: parse arguments, call a stage, turn problems into messages and exit codes.

Exit codes: 0 success, 1 content or config errors, 2 usage errors, 3 a bug in digest.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import DigestError, Problem

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

BUILD_HELP = """\
examples:
  digest build                      build the published site into site/
  digest build --out /tmp/preview   build somewhere else
  digest build --drafts             include drafts (to preview them; never publish this)
"""
CHECK_HELP = """\
examples:
  digest check                      validate config.yaml and every article; writes nothing
  digest check --config other.yaml  validate another digest
"""
IMPORT_HELP = """\
examples:
  digest import ../shared/seeds/002_40121218b3ce605e.txt
  digest import raw/*.txt --into content/articles
  digest import raw/story.txt --force      replace an earlier import of the same story

Each input becomes content/articles/YYYY-MM-DD-slug.md (undated-slug.md when no
date is found). Read the report: anything under "needs review" must be filled
in by an editor, and the file stays a draft until then.
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
    fmt = argparse.RawDescriptionHelpFormatter

    b = sub.add_parser(
        "build",
        parents=[common],
        help="build the site and its feeds",
        epilog=BUILD_HELP,
        formatter_class=fmt,
        description="Validate everything, then write the site.",
    )
    b.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="output folder (default: site/ beside config.yaml)"
    )
    b.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    b.set_defaults(run=run_build)

    c = sub.add_parser(
        "check",
        parents=[common],
        help="validate config and content, write nothing",
        epilog=CHECK_HELP,
        formatter_class=fmt,
        description="List every problem in config.yaml and the articles.",
    )
    c.set_defaults(run=run_check)

    i = sub.add_parser(
        "import",
        parents=[common],
        help="turn raw article text into Markdown",
        epilog=IMPORT_HELP,
        formatter_class=fmt,
        description="Convert raw scraped articles into front-mattered Markdown.",
    )
    i.add_argument("files", nargs="+", type=Path, metavar="FILE", help="raw text files to import")
    i.add_argument(
        "--into",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write the Markdown (default: content/articles/ beside config.yaml)",
    )
    i.add_argument("--force", action="store_true", help="overwrite files that already exist")
    i.set_defaults(run=run_import)
    return top


def run_build(args: argparse.Namespace) -> int:
    from .build import build

    result = build(args.config, args.out, drafts=args.drafts)
    report(result.warnings)
    shown = _relative(result.out)
    s = result.stats
    print(
        f"Built {plural(len(result.digest.articles), 'article')}: {plural(result.pages, 'page')}, "
        f"{plural(result.feeds, 'feed')}, {plural(len(result.warnings), 'warning')} in {result.seconds:.2f} s "
        f"({s.written} written, {s.unchanged} unchanged, {s.removed} removed) → {shown}/"
    )
    print(f"Preview: python3 -m http.server --directory {shown} 8000, then open http://localhost:8000/")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from .build import check

    count, warnings = check(args.config)
    report(warnings)
    print(f"OK: config and {plural(count, 'article')} are valid ({plural(len(warnings), 'warning')}).")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from .config import load_config
    from .importer import import_files

    config = load_config(args.config)
    into = args.into or config.articles_dir
    results, problems = import_files(list(args.files), into, config, force=args.force)
    for result in results:
        print(f"{result.source_path} → {_relative(into / result.filename)}")
        for line in result.report:
            print(f"  {line}")
    failed = len({p.path for p in problems if not p.warning})
    report(problems)
    print(f"{len(results)} imported, {failed} not imported.", file=sys.stderr if failed else sys.stdout)
    return EXIT_CONTENT if failed else EXIT_OK


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def report(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except DigestError as exc:
        errors = [p for p in exc.problems if not p.warning]
        report(exc.problems)
        files = len({p.path for p in errors})
        print(f"{plural(len(errors), 'error')} in {plural(files, 'file')}; nothing was written.", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in digest: say so plainly, details on request
        if os.environ.get("DIGEST_DEBUG"):
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
