"""Read and validate config.yaml into a typed Config, listing every problem."""

from __future__ import annotations

from dataclasses import replace
from difflib import get_close_matches
from pathlib import Path

import yaml

from .errors import DigestError, Problem, errors_only, not_utf8, utf16
from .model import Config, in_people_order, places_of
from .schema import INVALID, Reader, read_fields, suggest, valid
from .urls import slugify


def load_config(path: Path) -> Config:
    """Read config.yaml; raise DigestError with every problem found. Meetings' participants come in the people's
    order (model.in_people_order)."""
    shown = str(path)
    try:
        data = path.read_bytes()
        if wide := utf16(shown, data):
            raise DigestError([wide])
        source = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DigestError([_unreadable(shown, exc)]) from None
    r = Reader(shown)
    node = r.compose(source)
    if node is None:
        if not r.problems:
            r.problems.append(Problem(shown, None, None, "is empty", "start from the config.yaml in the repository"))
        raise DigestError(r.problems)
    values = read_fields(r, node, "", Config)
    if values is not INVALID:
        _check_references(r, node, values)
    if errors_only(r.problems) or values is INVALID:
        raise DigestError(r.problems)
    site = values["site"]
    values["site"] = replace(site, author=site.author or site.title)
    places = places_of(values["people"])
    values["meetings"] = {
        slug: replace(meeting, participants=in_people_order(meeting.participants, places))
        for slug, meeting in values["meetings"].items()
    }
    return Config(path=path, root=path.resolve().parent, warnings=tuple(r.problems), **values)  # no errors left


def _unreadable(shown: str, exc: OSError | UnicodeDecodeError) -> Problem:
    if isinstance(exc, FileNotFoundError):
        return Problem(shown, None, None, "config file not found", _where_to_run(shown))
    if isinstance(exc, IsADirectoryError):
        inside = f"{shown.rstrip('/')}/config.yaml"
        hint = f"pass the file: --config {inside}" if Path(inside).is_file() else "pass the path of config.yaml"
        return Problem(shown, None, None, "is a folder, not a file", hint)
    if isinstance(exc, UnicodeDecodeError):
        return not_utf8(shown, exc)
    return Problem(shown, None, None, f"cannot be read: {exc.strerror}", "check the path and its permissions")


def _where_to_run(shown: str) -> str:
    """What to do when config.yaml is not where digest looked: run from a folder inside the project (an editor
    in content/articles), digest names the one to go up to."""
    here, given = Path.cwd(), Path(shown)
    close = get_close_matches(given.name, [p.name for p in given.parent.glob("*.y*ml")], n=1, cutoff=0.75)
    if close:  # `--config confg.yaml`
        return f"did you mean --config {given.with_name(close[0])}?"
    if given.is_absolute() or given.name != shown:
        return "check the path given to --config"
    for up, folder in enumerate(here.parents, start=1):
        if (folder / shown).is_file():
            return f"it is in {folder}: run digest there (`cd {'/'.join(['..'] * up)}`), or pass --config PATH"
    return "run digest in the folder that holds config.yaml, or pass --config PATH"


def _check_references(r: Reader, root: yaml.Node, values: dict) -> None:
    """Meeting participants must be people; an end date cannot precede the start."""
    people = valid(values["people"], {})  # looked up, not searched: a list made 8,000 meetings take 1 s
    misspelt = {slugify(key) for key in _children(root, "people")} - set(people)  # a slug in error: `Xi-Jinping`
    meetings = _children(root, "meetings")
    for slug, meeting in valid(values["meetings"], {}).items():
        fields = _children(meetings.get(slug), None)
        for person in valid(meeting.participants, ()):
            if person not in people and person not in misspelt:  # that one's error is the slug's, said once
                r.error(
                    fields.get("participants"),
                    f"meetings.{slug}.participants",
                    f"`{person}` is not in people",
                    suggest(person, list(people)),
                )
        start, end = valid(meeting.start, None), valid(meeting.end, None)
        if start and end and end < start:
            r.error(
                fields.get("end"), f"meetings.{slug}.end", f"ends ({end}) before it starts ({start})",
                "swap the dates or fix the typo",
            )  # fmt: skip
    _check_names(r, root, valid(values["people"], {}))


def _check_names(r: Reader, root: yaml.Node, people: dict) -> None:
    """A name or alias must point at one person: the importer and the quotation finder look people up by it."""
    owner: dict[str, str] = {}
    nodes = _children(root, "people")
    for slug, person in people.items():
        names = (valid(person.name, None), *valid(person.aliases, ()))
        written = {n.casefold(): n for n in names if n}
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
