"""Walk content/articles, validate every file against the config, return articles or every problem.

Nothing is written here: `digest check` is exactly this stage, and `build`
renders only when it comes back clean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from . import markup
from .errors import DigestError, Problem, display_path, errors_only
from .model import Article, Config, Source
from .schema import (
    INVALID,
    SLUG_RE,
    Field,
    Reader,
    boolean,
    mapping,
    moment,
    optional_text,
    record,
    slug_list,
    suggest,
    text,
    text_list,
    url,
)
from .urls import slugify

SOURCE = {
    "name": Field(optional_text, default=None),
    "url": Field(url, default=None),
    "origin": Field(optional_text, default=None),
}
ARTICLE = {
    "title": Field(text, required=True),
    "date": Field(moment, default=None),
    "source": Field(record(SOURCE), default={"name": None, "url": None, "origin": None}),
    "themes": Field(slug_list, default=()),
    "meetings": Field(slug_list, default=()),
    "people": Field(slug_list, default=()),
    "summary": Field(text, default=None),
    "draft": Field(boolean, default=False),
    "review": Field(text_list, default=()),
}
# Not text, though scraped pages carry them: C0 controls but tab and newlines, DEL, C1 controls (a
# Windows-1252 page read as Latin-1) and Unicode non-characters. HTML forbids them all, and XML forbids
# U+FFFE and U+FFFF, so one of those in an article made every feed unwritable.
_NONCHARACTERS = "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef{_NONCHARACTERS}]")
_IGNORED = re.compile(r"^(\.|#)|~$|\.swp$|\.tmp$")


Progress = Callable[[int, int], None]  # (done, total)


def load_articles(
    config: Config, now: datetime | None = None, progress: Progress | None = None
) -> tuple[list[Article], list[Problem]]:
    """Every article under content/articles, or DigestError listing all errors.

    `now` (default: the clock, in the site's zone) only decides which dates
    are in the future and so earn a warning; it never changes the output.
    """
    now = now or datetime.now(ZoneInfo(config.site.timezone))
    problems: list[Problem] = []
    articles: list[Article] = []
    if not config.articles_dir.is_dir():
        raise DigestError(
            [
                Problem(
                    display_path(config.articles_dir, config.root),
                    None,
                    None,
                    "folder not found",
                    "create it and put one Markdown file per article in it",
                )
            ]
        )
    paths = _article_files(config.articles_dir)
    for done, path in enumerate(paths, start=1):
        article, found = load_article(path, config, now)
        problems.extend(found)
        if article is not None:
            articles.append(article)
        if progress:
            progress(done, len(paths))
    problems.extend(_duplicates(articles))
    if errors_only(problems):
        raise DigestError(problems)
    return articles, problems


def _article_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.is_file() and not _IGNORED.search(p.name))


def load_article(path: Path, config: Config, now: datetime) -> tuple[Article | None, list[Problem]]:
    shown = display_path(path, config.root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, None, None, f"cannot be read: {exc.strerror}", "check the file's permissions")]
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                None,
                f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read)",
                "save the file with the UTF-8 encoding (in most editors: Save As → Encoding → UTF-8)",
            )
        ]
    problems: list[Problem] = []
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(source):
        line = source[: _CONTROL.search(source).start()].count("\n") + 1
        problems.append(
            Problem(
                shown,
                line,
                None,
                "invisible control characters were removed",
                "they usually come from copy-paste; retype the text around here",
                warning=True,
            )
        )
        source = _CONTROL.sub("", source)
    doc = markup.parse(source)
    if doc.front_matter is None:
        if doc.unclosed:
            hint = "add a line `---` after the last field, before the article text"
            return None, [*problems, Problem(shown, 1, None, "front matter is never closed", hint)]
        return None, [
            *problems,
            Problem(
                shown,
                1,
                None,
                "no front matter",
                "start the file with `---`, the fields (title, date…), then `---` again",
            ),
        ]
    r = Reader(shown, line_offset=1)
    node = r.compose(doc.front_matter)
    fields = INVALID
    if node is None and not r.problems:
        r.error(None, None, "front matter is empty", "add at least `title:` and `date:` between the `---` lines")
    elif node is not None:
        fields = mapping(r, node, "", ARTICLE)
    if fields is not INVALID and node is not None:
        _check_vocabulary(r, node, fields, config)
        _check_date_and_review(r, node, fields, _aware(fields.get("date"), ZoneInfo(config.site.timezone)), now)
    if not doc.has_body:
        r.problems.append(
            Problem(
                shown,
                doc.front_matter_end + 2,
                None,
                "the article has no text",
                "write the article below the closing `---` line",
            )
        )
    problems.extend(r.problems)
    if errors_only(r.problems) or fields is INVALID:
        return None, problems
    slug = path.stem
    if not SLUG_RE.match(slug):
        return None, [
            *problems,
            Problem(shown, None, None, "the file name cannot be a web address", f"rename it to `{slugify(slug)}.md`"),
        ]
    if fields["draft"] and fields["date"] is None:
        problems.append(
            Problem(
                shown,
                None,
                "date",
                "draft has no date yet, so it cannot be previewed",
                "add `date: YYYY-MM-DD` when you know it",
                warning=True,
            )
        )
    source_fields = fields["source"]
    return Article(
        slug=slug,
        path=shown,
        title=fields["title"],
        date=_aware(fields["date"], ZoneInfo(config.site.timezone)),
        source=Source(**source_fields),
        themes=fields["themes"],
        meetings=fields["meetings"],
        people=fields["people"],
        summary=markup.render_inline_text(fields["summary"]) if fields["summary"] else doc.first_paragraph,
        body_html=doc.body_html,
        draft=fields["draft"],
        review=fields["review"],
    ), problems


def _check_vocabulary(r: Reader, root: yaml.Node, fields: dict, config: Config) -> None:
    """Themes, meetings and people must be slugs defined in config.yaml."""
    nodes = {k.value: v for k, v in root.value}
    for name, known in (("themes", config.themes), ("meetings", config.meetings), ("people", config.people)):
        for slug in fields.get(name, ()):
            if slug not in known:
                singular = {"themes": "theme", "meetings": "meeting", "people": "person"}[name]
                r.error(nodes.get(name), name, f"unknown {singular} `{slug}`", suggest(slug, list(known)))


def _check_date_and_review(r: Reader, root: yaml.Node, fields: dict, when: datetime | None, now: datetime) -> None:
    nodes = {k.value: k for k, _ in root.value}
    if when is not None and when > now:
        r.warn(
            nodes.get("date"),
            "date",
            f"{when:%Y-%m-%d} is in the future",
            "check for a typo in the year or month; the article is built all the same",
        )
    draft = fields.get("draft", True)  # an invalid draft value is reported already
    if "date" in fields and fields["date"] is None and not draft:
        r.error(nodes.get("date", root), "date", "is missing", "add `date: YYYY-MM-DD` (the day the article appeared)")
    if fields.get("review") and not draft:
        items = ", ".join(fields["review"])
        r.error(
            nodes.get("review"),
            "review",
            f"still lists what needs an editor: {items}",
            "fill those fields in, then delete the `review:` line (or keep `draft: true`)",
        )


def _aware(value: date | datetime | None, zone: ZoneInfo) -> datetime | None:
    """A bare date is midnight in the site's zone; a time without offset is in that zone too."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0, 0), tzinfo=zone)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def _duplicates(articles: Iterable[Article]) -> list[Problem]:
    """Two files that would publish at the same address."""
    first: dict[str, Article] = {}
    problems = []
    for article in articles:
        if article.slug in first:
            other = first[article.slug]
            problems.append(
                Problem(
                    article.path,
                    None,
                    None,
                    f"would be published at the same address as {other.path} (/articles/{article.slug}/)",
                    "rename one of the two files",
                )
            )
        else:
            first[article.slug] = article
    return problems
