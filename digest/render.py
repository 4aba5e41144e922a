"""Jinja pages for the whole digest → {output path: bytes}; nothing is written here."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import jinja2

from . import urls
from .errors import DigestError, Problem
from .group import Digest, months, paginate, upcoming_and_recent
from .model import Config, Meeting


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    newer: str | None  # address of the previous (newer) page
    older: str | None


def environment(config: Config) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config.templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    links = urls.Links(config.site.base_url)
    env.globals.update(
        site=config.site,
        themes=config.themes,
        meetings=config.meetings,
        people=config.people,
        urls=urls,
        href=links.href,
        absolute=links.absolute,
    )
    env.filters.update(long_date=long_date, iso_date=iso_date, meeting_dates=meeting_dates)
    return env


def long_date(value: date | datetime) -> str:
    """`26 April 2024`: unambiguous for readers on both sides of the Pacific."""
    return f"{value.day} {value:%B %Y}"


def iso_date(value: date | datetime) -> str:
    return value.isoformat() if not isinstance(value, datetime) else value.isoformat(timespec="seconds")


def meeting_dates(meeting: Meeting) -> str:
    start, end = meeting.start, meeting.end
    if not end or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def render_pages(
    digest: Digest, env: jinja2.Environment, progress: Callable[[int, int], None] | None = None
) -> dict[str, bytes]:
    """Every HTML page of the site, keyed by output path."""
    pages: dict[str, bytes] = {}
    expected = page_count(digest)
    size = digest.config.site.page_size

    def emit(address: str, template: str, feed: tuple[str, str] | None = None, **context) -> None:
        html = _render(env, template, address=address, feed=feed, digest=digest, **context)
        pages[urls.output_path(address)] = html.encode("utf-8")
        if progress:
            progress(len(pages), expected)

    def listing(address_of, template: str, items, feed=None, **context) -> None:
        chunks = paginate(items, size)
        for number, chunk in enumerate(chunks, start=1):
            pager = Pager(
                number,
                len(chunks),
                address_of(number - 1) if number > 1 else None,
                address_of(number + 1) if number < len(chunks) else None,
            )
            emit(address_of(number), template, feed=feed, items=chunk, pager=pager, **context)

    upcoming, recent = upcoming_and_recent(digest.meetings, digest.build_date)
    listing(urls.home, "index.html", digest.articles, upcoming=upcoming, recent=recent)
    for article in digest.articles:
        emit(
            urls.article(article.slug),
            "article.html",
            article=article,
            older=digest.older.get(article.slug),
            newer=digest.newer.get(article.slug),
        )
    emit(urls.THEMES, "themes.html")
    for slug, theme in digest.config.themes.items():
        listing(
            lambda n, s=slug: urls.theme(s, n),
            "theme.html",
            digest.by_theme[slug],
            feed=(f"{theme.title} — {digest.config.site.title}", urls.theme_feed(slug)),
            theme=theme,
        )
    emit(urls.MEETINGS, "meetings.html")
    for meeting in digest.meetings:
        listing(
            lambda n, s=meeting.slug: urls.meeting(s, n),
            "meeting.html",
            digest.by_meeting[meeting.slug],
            feed=(f"{meeting.title} — {digest.config.site.title}", urls.meeting_feed(meeting.slug)),
            meeting=meeting,
        )
    emit(urls.ARCHIVE, "archive.html")
    for year, articles in digest.by_year.items():
        emit(urls.archive_year(year), "archive_year.html", year=year, months=months(articles))
    emit(urls.NOT_FOUND, "404.html")
    return pages


def page_count(digest: Digest) -> int:
    """How many pages render_pages will make, for progress display."""
    size = digest.config.site.page_size
    lists = [digest.articles, *digest.by_theme.values(), *digest.by_meeting.values()]
    return sum(len(paginate(items, size)) for items in lists) + len(digest.articles) + len(digest.by_year) + 4


def static_files(config: Config) -> dict[str, bytes]:
    """Files under templates/assets/, published as they are under /assets/."""
    folder = config.templates_dir / "assets"
    if not folder.is_dir():
        return {}
    return {
        f"assets/{p.relative_to(folder).as_posix()}": p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _render(env: jinja2.Environment, template: str, **context) -> str:
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise DigestError(
            [
                Problem(
                    _template_path(env, exc.filename or exc.name or template),
                    exc.lineno,
                    None,
                    f"template syntax error: {exc.message}",
                    "fix the template tag on this line",
                )
            ]
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise DigestError(
            [
                Problem(
                    f"templates/{exc.name}",
                    None,
                    None,
                    "template not found",
                    "restore it from the repository or fix the name that includes it",
                )
            ]
        ) from None
    except jinja2.UndefinedError as exc:
        path, line = _template_frame(exc, template)
        raise DigestError(
            [
                Problem(
                    path,
                    line,
                    None,
                    f"template error: {exc.message}",
                    "check the variable's spelling; the pages' variables are listed in the README",
                )
            ]
        ) from None


def _template_path(env: jinja2.Environment, filename: str) -> str:
    name = Path(filename).name
    return f"templates/{name}"


def _template_frame(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml")):
            return f"templates/{Path(frame.filename).name}", frame.lineno
    return f"templates/{fallback}", None
