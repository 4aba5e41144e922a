"""Read and validate config.yaml into a typed Config, listing every problem."""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .errors import DigestError, Problem, errors_only
from .model import Config, ImportRules, Meeting, Person, SiteInfo, Theme
from .schema import (
    INVALID,
    Field,
    Reader,
    day,
    integer,
    mapping,
    optional_text,
    record,
    regex_list,
    slug_list,
    suggest,
    table,
    text,
    text_list,
    url,
)


def _timezone(r: Reader, node: yaml.Node, name: str):
    value = text(r, node, name)
    if value is INVALID:
        return INVALID
    if len(value) > 64:  # IANA names are under 40 characters; a longer one is no name, and too long to compare
        return r.error(node, name, "is not a known time zone", "IANA names look like America/New_York or Asia/Shanghai")
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of the list, e.g. `America`
        return r.error(
            node,
            name,
            f"`{value}` is not a known time zone",
            suggest(value, sorted(zoneinfo.available_timezones())).replace("config.yaml", "the IANA list")
            + " (IANA names look like America/New_York or Asia/Shanghai)",
        )
    return value


def _language(r: Reader, node: yaml.Node, name: str):
    value = text(r, node, name)
    if value is not INVALID and not re.match(r"^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$", value):
        return r.error(node, name, f"`{value}` is not a language tag", "use a code such as en or en-US")
    return value


def _base_url(r: Reader, node: yaml.Node, name: str):
    """Where the site lives: every absolute link starts with it, so nothing may follow its path."""
    value = url(r, node, name)
    if value is INVALID:
        return INVALID
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        port = -1
    hint = "write only the scheme, the host and the folder, e.g. https://example.com/news/"
    if parts.query or value.endswith("?"):
        return r.error(node, name, f"has a query (`?{parts.query}`)", hint)
    if parts.fragment or value.endswith("#"):
        return r.error(node, name, f"has a fragment (`#{parts.fragment}`)", hint)
    if "@" in parts.netloc:
        return r.error(node, name, "holds a user name or password (before `@`)", hint)
    if port is not None and not 0 < port < 65536:
        port_text = parts.netloc.rpartition(":")[2]
        return r.error(node, name, f"`{port_text}` is not a port", "use a port from 1 to 65535, or none")
    if "//" in parts.path:
        return r.error(node, name, "has an empty folder name (`//`) in its path", hint)
    return value


SITE = {
    "title": Field(text, required=True),
    "description": Field(text, required=True),
    "base_url": Field(_base_url, required=True),
    "language": Field(_language, default="en"),
    "timezone": Field(_timezone, required=True),
    "author": Field(optional_text, default=None),
    "feed_items": Field(integer(1, 1000), default=20),
    "page_size": Field(integer(1, 1000), default=20),
}
THEME = {
    "title": Field(text, required=True),
    "description": Field(text, default=""),
    "keywords": Field(text_list, default=()),
}
MEETING = {
    "title": Field(text, required=True),
    "start": Field(day, required=True),
    "end": Field(day, default=None),
    "place": Field(text, required=True),
    "participants": Field(slug_list, default=()),
    "description": Field(text, default=""),
    "keywords": Field(text_list, default=()),
}
PERSON = {
    "name": Field(text, required=True),
    "aliases": Field(text_list, default=()),
}
IMPORT = {
    "noise": Field(regex_list, default=()),
    "title_suffixes": Field(regex_list, default=()),
}
CONFIG = {
    "site": Field(record(SITE), required=True),
    "themes": Field(table(THEME), default={}),
    "meetings": Field(table(MEETING), default={}),
    "people": Field(table(PERSON), default={}),
    "import": Field(record(IMPORT), default={"noise": (), "title_suffixes": ()}),
}


def load_config(path: Path) -> Config:
    """Read config.yaml; raise DigestError with every problem found."""
    shown = str(path)
    try:
        source = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise DigestError(
            [
                Problem(
                    shown,
                    None,
                    None,
                    "config file not found",
                    "run digest in the folder that holds config.yaml, or pass --config PATH",
                )
            ]
        ) from None
    except UnicodeDecodeError as exc:
        raise DigestError(
            [Problem(shown, None, None, f"is not UTF-8 text ({exc.reason})", "save the file as UTF-8")]
        ) from None
    except OSError as exc:
        raise DigestError(
            [Problem(shown, None, None, f"cannot be read: {exc.strerror}", "check the path and its permissions")]
        ) from None
    r = Reader(shown)
    node = r.compose(source)
    if node is None:
        if not r.problems:
            r.problems.append(Problem(shown, None, None, "is empty", "start from the config.yaml in the repository"))
        raise DigestError(r.problems)
    data = mapping(r, node, "", CONFIG)
    if data is not INVALID:
        _check_references(r, node, data)
    if errors_only(r.problems) or data is INVALID:
        raise DigestError(r.problems)
    site = data["site"]
    return Config(
        path=path,
        root=path.resolve().parent,
        site=SiteInfo(
            title=site["title"],
            description=site["description"],
            base_url=site["base_url"].rstrip("/") + "/",
            language=site["language"],
            timezone=site["timezone"],
            author=site["author"] or site["title"],
            feed_items=site["feed_items"],
            page_size=site["page_size"],
        ),
        themes={slug: Theme(slug=slug, **fields) for slug, fields in data["themes"].items()},
        meetings={slug: Meeting(slug=slug, **fields) for slug, fields in data["meetings"].items()},
        people={slug: Person(slug=slug, **fields) for slug, fields in data["people"].items()},
        import_rules=ImportRules(noise=data["import"]["noise"], source_suffixes=data["import"]["title_suffixes"]),
        warnings=tuple(r.problems),  # no errors here: only warnings are left
    )


def _check_references(r: Reader, root: yaml.Node, data: dict) -> None:
    """Meeting participants must be people; an end date cannot precede the start."""
    people = list(data.get("people") or {})
    meetings = _children(root, "meetings")
    for slug, meeting in (data.get("meetings") or {}).items():
        fields = _children(meetings.get(slug), None)
        for person in meeting.get("participants", ()):  # absent when it was invalid (reported already)
            if person not in people:
                r.error(
                    fields.get("participants"),
                    f"meetings.{slug}.participants",
                    f"`{person}` is not in people",
                    suggest(person, people),
                )
        if meeting.get("end") and meeting.get("start") and meeting["end"] < meeting["start"]:
            r.error(
                fields.get("end"),
                f"meetings.{slug}.end",
                f"ends ({meeting['end']}) before it starts ({meeting['start']})",
                "swap the dates or fix the typo",
            )
    _check_names(r, root, data.get("people") or {})


def _check_names(r: Reader, root: yaml.Node, people: dict) -> None:
    """A name or alias must point at one person: the importer and the quotation finder look people up by it."""
    owner: dict[str, str] = {}
    nodes = _children(root, "people")
    for slug, person in people.items():
        written = {n.casefold(): n for n in (person.get("name"), *person.get("aliases", ())) if n}
        for key, name in written.items():
            first = owner.setdefault(key, slug)
            if first != slug:
                where = _children(nodes.get(slug), None)
                r.error(
                    where.get("aliases") or nodes.get(slug),
                    f"people.{slug}.aliases",
                    f"`{name}` also names `{first}`",
                    "give each name or alias to one person only: remove it from one of them",
                )


def _children(node: yaml.Node | None, key: str | None) -> dict[str, yaml.Node]:
    """Value nodes of a mapping (or of its `key` entry), by key, for pointing at lines."""
    if key is not None and isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if k.value == key), None)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value}
