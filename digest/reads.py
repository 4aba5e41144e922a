"""Which entries of config.yaml a page reads, noted while it renders (as Lektor's `record_dependency` does).

A page reads a theme's title, a meeting's place or a person's name through the tables its template sees
(`themes`, `meetings`, `people`, and through them `things` and `trail`), and through the entries its context
holds (a theme page's `theme`, a quotation's meeting). Each read is noted as (table, slug, field): a theme's
title is `("themes", "taiwan", "title")`; `("themes", "", "")` is the list of the table's slugs, in order (read by
going through the table); `("people", "xi-jinping", "")` is whether that slug is there at all.
Of the site's settings, the description alone is noted, as `("site", "", "description")`: the home page and 404
show it, and an edit of it makes those again, not every page.

depends.py keys a page by what those reads give, as they were noted when it was last rendered: an edit of a
meeting's place makes again the pages that show that place, not the thousands that show the meeting's title.
The site's other settings (`site:`: its title, address, language…) are read by every page and are not noted:
they are in every page's key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import typing
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

from markupsafe import Markup

from .model import Config, Meeting, Person, SiteInfo, Theme

Read = tuple[str, str, str]  # (table, slug, field)
TABLES = ("themes", "meetings", "people")
_TABLE_OF = {Theme: "themes", Meeting: "meetings", Person: "people"}


class Noted:
    """The reads of the page being rendered; `start` begins a page's."""

    def __init__(self) -> None:
        self.reads: set[Read] = set()

    def start(self) -> set[Read]:
        """A fresh set for the next page (or teaser) to note its reads in; whoever took the last one keeps it."""
        self.reads = set()
        return self.reads


class Entry:
    """A theme, meeting or person that notes each field a page reads of it."""

    __slots__ = ("_table", "_entry", "_noted")

    def __init__(self, table: str, entry: Theme | Meeting | Person, noted: Noted) -> None:
        self._table, self._entry, self._noted = table, entry, noted

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._entry, name)
        self._noted.reads.add((self._table, self._entry.slug, name))
        return value

    def __eq__(self, other: object) -> bool:
        return self._entry == (other._entry if isinstance(other, Entry) else other)

    def __hash__(self) -> int:
        return hash(self._entry)

    def __repr__(self) -> str:  # everything it holds
        self._noted.reads.add((self._table, self._entry.slug, "*"))
        return repr(self._entry)

    __str__ = __repr__


NOTED_SETTINGS = ("description",)  # of the site's settings, those a page's key holds only when the page read them


class Settings:
    """The site's settings, noting a read of those in NOTED_SETTINGS."""

    __slots__ = ("_site", "_noted")

    def __init__(self, site: SiteInfo, noted: Noted) -> None:
        self._site, self._noted = site, noted

    def __getattr__(self, name: str) -> Any:
        if name in NOTED_SETTINGS:
            self._noted.reads.add(("site", "", name))
        return getattr(self._site, name)

    def __repr__(self) -> str:  # everything it holds
        self._noted.reads.update(("site", "", name) for name in NOTED_SETTINGS)
        return repr(self._site)

    __str__ = __repr__


class Table(Mapping):
    """One of config.yaml's tables (slug → entry), handing out entries that note what is read of them."""

    def __init__(self, name: str, entries: Mapping[str, Theme | Meeting | Person], noted: Noted) -> None:
        self.name, self.noted = name, noted
        self._entries = {slug: Entry(name, entry, noted) for slug, entry in entries.items()}

    def __getitem__(self, slug: str) -> Entry:
        return self._entries[slug]

    def __contains__(self, slug: object) -> bool:
        self.noted.reads.add((self.name, str(slug), ""))
        return slug in self._entries

    def __iter__(self) -> Iterator[str]:
        self.noted.reads.add((self.name, "", ""))
        return iter(self._entries)

    def __len__(self) -> int:
        self.noted.reads.add((self.name, "", ""))
        return len(self._entries)


def noting(config: Config, noted: Noted) -> Config:
    """The config, its tables and the site's noted settings noting what is read of them."""
    tables = {name: Table(name, getattr(config, name), noted) for name in TABLES}
    return dataclasses.replace(config, site=Settings(config.site, noted), **tables)


_PLAIN = (str, int, float, bool, type(None), date, datetime, Markup, bytes)


def watched(value: Any, noted: Noted) -> Any:
    """`value` with every theme, meeting and person in it (in dicts, tuples, lists, named tuples and dataclasses)
    replaced by an Entry that notes what is read of it; the value itself when it holds none."""
    kind = type(value)
    fields = _fields_of(kind)
    if not fields:
        return value
    if fields is _ITEMS:
        if kind is dict:
            items = {key: watched(item, noted) for key, item in value.items()}
            return items if any(items[key] is not item for key, item in value.items()) else value
        new = [watched(item, noted) for item in value]
        return value if all(a is b for a, b in zip(new, value, strict=True)) else kind(new)
    if fields is _ENTRY:
        return Entry(_TABLE_OF[type(value)], value, noted)
    changed = {}
    for name in fields:
        old = getattr(value, name)
        new = watched(old, noted)
        if new is not old:
            changed[name] = new
    if not changed:
        return value
    return value._replace(**changed) if isinstance(value, tuple) else dataclasses.replace(value, **changed)


_ENTRY, _ITEMS = ("entry",), ("items",)
_FIELDS: dict[type, tuple[str, ...]] = dict.fromkeys(_PLAIN, ())  # type → the fields that may hold an entry


def _fields_to_walk(kind: type) -> tuple[str, ...]:
    """The fields of a type that can hold a theme, meeting or person, as their declared types say (a list page's
    teasers and an article page's article hold none, and are not walked); unsure means they can."""
    _FIELDS[kind] = _ITEMS  # while its fields are looked at (a type that holds itself)
    if kind in _TABLE_OF:
        fields = _ENTRY
    elif kind in (dict, list, tuple):
        fields = _ITEMS
    elif dataclasses.is_dataclass(kind) or (issubclass(kind, tuple) and hasattr(kind, "_fields")):
        if dataclasses.is_dataclass(kind):
            names = [each.name for each in dataclasses.fields(kind) if each.init]  # what `replace` can give
        else:
            names = list(kind._fields)
        try:
            hints = typing.get_type_hints(kind)
        except Exception:  # a name only a type checker sees: unsure
            hints = {}
        fields = tuple(name for name in names if _hint_may_hold(hints.get(name, Any)))
    else:
        fields = ()  # walked by nobody: given as it is
    _FIELDS[kind] = fields
    return fields


def _hint_may_hold(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin is None:
        return hint is Any or hint is object or (isinstance(hint, type) and bool(_fields_of(hint)))
    if origin is typing.ClassVar:
        return False
    arguments = [each for each in typing.get_args(hint) if each is not Ellipsis]  # a container holds these
    return not arguments or any(_hint_may_hold(each) for each in arguments)


def _fields_of(kind: type) -> tuple[str, ...]:
    return _FIELDS[kind] if kind in _FIELDS else _fields_to_walk(kind)


def value_of(config: Config, read: Read) -> str:
    """What a read gives now, as a short hash: a page that read it is checked again when this changes."""
    table, slug, name = read
    entries = getattr(config, table)
    if table == "site":
        shown = repr(getattr(entries, name))
    elif not slug:
        shown = repr(list(entries))
    elif slug not in entries:
        shown = "\0gone"
    elif not name:
        shown = "\0there"
    else:
        shown = repr(entries[slug] if name == "*" else getattr(entries[slug], name, "\0none"))
    return hashlib.blake2b(shown.encode(), digest_size=8).hexdigest()
