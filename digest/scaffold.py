"""`digest new`: a new article file whose front matter is valid and explains every optional field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import DigestError, Problem, UsageError, display_path
from .model import PLACEHOLDER, Config
from .schema import CONTROL, suggest, yaml_scalar
from .urls import slugify

_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+\S*$", re.IGNORECASE)
BODY = PLACEHOLDER + "\n"


@dataclass(frozen=True)
class NewArticle:
    filename: str
    text: str


def new_article(
    config: Config,
    title: str,
    day: date,
    themes: list[str],
    meetings: list[str],
    source_url: str | None,
) -> NewArticle:
    """The file an editor starts from; refuses slugs and URLs that `digest check` would refuse."""
    if not title.strip():
        raise UsageError('the title is empty — write it in quotes: digest new "Xi meets Blinken"')
    for option, value in (("the title", title), ("--source-url", source_url or "")):
        if any("\ud800" <= c <= "\udfff" for c in value):  # bytes the terminal's encoding could not decode
            raise UsageError(f"{option} is not valid text — check the terminal's character encoding")
        unwanted = CONTROL.findall(value)  # `$(printf 'a\x01')`
        if unwanted:
            codes = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in unwanted[:3]))
            raise UsageError(f"{option} holds invisible control characters ({codes}) — retype it without them")
    if not any(c.isalnum() for c in title):  # `?!…`: a slip of the keyboard, and a file named `article-3f2a…`
        raise UsageError(
            f'the title `{title.strip()}` has no words — write the headline: digest new "Xi meets Blinken"'
        )
    for option, chosen, known in (("--theme", themes, config.themes), ("--meeting", meetings, config.meetings)):
        for slug in chosen:
            if slug not in known:
                raise UsageError(f"{option} {slug}: no such slug in config.yaml — {suggest(slug, list(known))}")
    if source_url and not _URL.match(source_url):
        raise UsageError(f"--source-url {source_url}: not a web address — use a full http:// or https:// address")
    if source_url:
        source = [
            "source:",
            f"  url: {yaml_scalar(source_url)}",
            "  # name: Publication name, as the article shows it",
        ]
    else:
        source = [
            "# source:",
            "#   name: Publication name, as the article shows it",
            "#   url: https://… (the article's address)",
        ]
    lines = [
        "---",
        f"title: {yaml_scalar(title.strip())}",
        f"date: {day.isoformat()}",
        *source,
        f"themes: [{', '.join(themes)}]   # {_choices(config.themes)}",
        f"meetings: [{', '.join(meetings)}]   # {_choices(config.meetings)}",
        f"people: []   # {_choices(config.people)}",
        '# summary: "One or two sentences for lists and feeds; without it the first paragraph is used."',
        "# featured: true   # lead the home page, while it is among the newest (on its first page)",
        "draft: true   # never published while true: set to false when the article is ready",
        "---",
        "",
        BODY,
    ]
    return NewArticle(f"{day.isoformat()}-{slugify(title)}.md", "\n".join(lines))


def _choices(known: dict) -> str:
    slugs = list(known)
    if not slugs:
        return "none defined yet in config.yaml"
    shown = ", ".join(slugs[:6]) + (", …" if len(slugs) > 6 else "")
    return f"slugs from config.yaml: {shown}"


def write_new(folder: Path, article: NewArticle) -> Path:
    """Create the file; never replace one (exclusive create, so no race either)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / article.filename
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(article.text)
    except FileExistsError:
        raise DigestError(
            [
                Problem(
                    display_path(target),
                    None,
                    None,
                    "already exists",
                    "open it to edit it, or choose another title or --date",
                )
            ]
        ) from None
    return target
