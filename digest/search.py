"""Search: a Pagefind index of the articles, in parts, so that an edit indexes again only its own part.

Pagefind makes a whole index on each run, at several milliseconds of CPU per article: one index for ten
thousand articles would make every edit a minute's work. The articles are therefore indexed in parts — a year
when it holds at most `SMALL_PART` articles, else each of its months — each a Pagefind bundle of its own under
`search/index/<part>/`, merged in the reader's browser with Pagefind's `mergeIndex` (templates/assets/search.js).
A part is keyed by its articles' fingerprints (`part_key`): a build indexes only the parts whose key changed.

Pagefind's output is a function of its input (same records, same bytes: checked by tests/test_search.py), so
an incremental build writes what a clean one would. Indexing goes through Pagefind's own service mode, the
protocol its Python and Node APIs speak, with the binary the `pagefind_bin_extended` wheel ships (Chinese and
Japanese words segmented). Its Python API is not used: it polls for each answer after a 0.1 s sleep, 100 s for
a thousand articles.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import queue
import re
import subprocess
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

from . import code_fingerprint, urls
from .errors import DigestError, Problem
from .model import Article, outlet

FOLDER = urls.SEARCH_INDEX  # each part's bundle: search/index/<part>/
SMALL_PART = 150  # articles: a year holding more is indexed a month at a time (about 1 s of Pagefind's CPU)
IN_FLIGHT = 64  # requests sent ahead of their answers: the answers then never fill Pagefind's output pipe
# Of what Pagefind makes, what a search in the browser reads: not its ready-made interfaces (we show our own)
KEPT = re.compile(r"(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|wasm\.[^/]+"
                  r"|(index|fragment|filter)/[^/]+)")  # fmt: skip


@dataclass(frozen=True)
class Part:
    """One bundle of the index: the articles of a year or of a month, and the key its files were made from."""

    name: str  # "2024" or "2024-04"
    slugs: tuple[str, ...]  # newest first
    key: str

    @property
    def folder(self) -> str:
        return f"{FOLDER}{self.name}/"


def plan_parts(days: dict[str, str], fingerprints: dict[str, str], language: str, zone: str) -> list[Part]:
    """Every part of the index, newest first, from each published article's day (`YYYY-MM-DD`, newest first).
    `zone`: the site's time zone, in which a result's date is shown."""
    members = part_members(days)
    settings = f"{language}\0{zone}"
    return [Part(name, tuple(slugs), part_key(name, slugs, fingerprints, settings)) for name, slugs in members.items()]


def part_members(days: dict[str, str]) -> dict[str, list[str]]:
    """Part name → its articles' slugs, newest part first: a year, or each month of a year of many articles."""
    per_year: dict[str, int] = {}
    for day in days.values():
        per_year[day[:4]] = per_year.get(day[:4], 0) + 1
    members: dict[str, list[str]] = {}
    for slug, day in days.items():
        members.setdefault(day[:4] if per_year[day[:4]] <= SMALL_PART else day[:7], []).append(slug)
    return dict(sorted(members.items(), reverse=True))


def part_folders(days: dict[str, str]) -> tuple[str, ...]:
    """The address of each part's bundle, newest first, as the search page loads them."""
    return tuple(f"{FOLDER}{name}/" for name in part_members(days))


def part_key(name: str, slugs: list[str], fingerprints: dict[str, str], settings: str) -> str:
    """Same key, same files: a part is a function of its articles' files, the site's language and time zone (the
    dates its results show: `settings`), digest's code and Pagefind's version."""
    parts = [code_fingerprint(), pagefind_version(), settings, name, *(f"{s}\0{fingerprints[s]}" for s in slugs)]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def made_by_part(made: dict[str, str]) -> dict[str, dict[str, str]]:
    """The files the last build made under each part's folder (path → key), in one pass over its manifest."""
    found: dict[str, dict[str, str]] = {}
    for path, key in made.items():
        if path.startswith(FOLDER):
            found.setdefault(folder_of(path), {})[path] = key
    return found


def folder_of(path: str) -> str:
    """The part folder a file of the index is in: `search/index/2024/` of `search/index/2024/index/x.pf_index`."""
    return path[: path.index("/", len(FOLDER)) + 1]


def kept_files(part: Part, files: dict[str, str], gone: set[str]) -> dict[str, str] | None:
    """The files the last build made for `part` (`made_by_part`), when they are still its files and all there."""
    if files and all(key == part.key for key in files.values()) and gone.isdisjoint(files):
        return files
    return None


def record(article: Article, language: str, shown_date: str) -> dict:
    """What Pagefind indexes of an article: its text, and its headline as the `title` metadata, which Pagefind
    searches too: a result's excerpt then comes from the text, never repeating the headline shown above it.
    The outlet and the byline are metadata too, so that a reader who remembers only the reporter finds them."""
    assert article.date is not None
    text = html.unescape(_TAG.sub(" ", article.body.html))  # markdown-it escapes `<` and `>` in attributes too
    meta = {"title": article.title, "date": shown_date, "day": article.date.date().isoformat()}
    if name := outlet(article.source)[0]:
        meta["outlet"] = name
    if article.source.author:
        meta["author"] = article.source.author
    return {
        "type": "AddRecord",
        "url": "/" + urls.article(article.slug),
        "content": " ".join(text.split()),
        "language": language,
        "meta": meta,
        "filters": None,
        "sort": None,
    }


_TAG = re.compile(r"<[^>]*>")


def language_code(language: str) -> str:
    """Pagefind takes ISO 639-1 codes: `en` of `en-GB`."""
    return language.split("-")[0].lower()


def index_parts(work: list[tuple[Part, Callable[[], list[dict]]]], workers: int) -> Iterator[tuple[str, bytes]]:
    """Each part's bundle files (path under the site → bytes), part after part, from its records (made by the
    callable, in this thread), indexed by up to `workers` Pagefind processes at once (one a core).

    A part's records are made while the parts before it are indexed, and its files given as soon as they are
    made: only a few parts' records and files are held at once. Making all the records first, and giving all
    the files last, raised a cold build's peak by 190 MB at 10,000 articles (tracemalloc)."""
    if not work:
        return
    count = min(workers, len(work))
    idle: queue.SimpleQueue[Pagefind] = queue.SimpleQueue()
    with contextlib.ExitStack() as stack:
        for _ in range(count):
            idle.put(stack.enter_context(Pagefind()))
        pool = stack.enter_context(ThreadPoolExecutor(count))  # each thread only waits on a Pagefind process
        running: deque[Future[list[tuple[str, bytes]]]] = deque()
        for part, records in work:
            made = records()
            if len(running) == count:
                yield from running.popleft().result()
            running.append(pool.submit(_index_part, idle, part, made))
        while running:
            yield from running.popleft().result()


def _index_part(idle: queue.SimpleQueue[Pagefind], part: Part, records: list[dict]) -> list[tuple[str, bytes]]:
    service = idle.get()
    try:
        files = service.index(records)
    finally:
        idle.put(service)
    languages = json.loads(files["pagefind-entry.json"])["languages"].values()
    wasm = {f"wasm.{language['wasm']}.pagefind" for language in languages}
    return [
        (part.folder + path, data)
        for path, data in sorted(files.items())
        if KEPT.fullmatch(path) and (path in wasm or not path.startswith("wasm."))
    ]


class Pagefind:
    """One Pagefind process in service mode: base64 JSON messages, each followed by a comma, both ways."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [executable(), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.sent = 0
        self.buffer = b""

    def __enter__(self) -> Pagefind:
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.kill()  # it keeps nothing worth waiting for
        self.process.wait()

    def index(self, records: list[dict]) -> dict[str, bytes]:
        """A new index of these records → its files (path in the bundle → bytes); the index is then dropped."""
        index_id = self.ask({"type": "NewIndex", "config": None})["index_id"]
        waiting = 0
        for each in records:
            self.send({**each, "index_id": index_id})
            waiting += 1
            if waiting >= IN_FLIGHT:
                self.answer()
                waiting -= 1
        for _ in range(waiting):
            self.answer()
        files = self.ask({"type": "GetFiles", "index_id": index_id})["files"]
        self.ask({"type": "DeleteIndex", "index_id": index_id})
        return {file["path"]: base64.b64decode(file["content"]) for file in files}

    def ask(self, payload: dict) -> dict:
        self.send(payload)
        return self.answer()

    def send(self, payload: dict) -> None:
        assert self.process.stdin is not None
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode()
        self.process.stdin.write(base64.b64encode(message) + b",")
        self.process.stdin.flush()

    def answer(self) -> dict:
        """The next answer; a Pagefind error stops the build, naming what Pagefind said."""
        assert self.process.stdout is not None
        while b"," not in self.buffer:
            chunk = self.process.stdout.read1(1 << 20)
            if not chunk:
                raise _failed("Pagefind stopped before answering")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b",")
        payload = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise _failed(f"Pagefind said: {payload.get('message')}")
        return payload


def executable() -> str:
    """The Pagefind binary its wheel installed (the extended one first)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        path = None
    else:
        path = get_executable()
    if path is None:
        raise _failed("the Pagefind binary is not installed")
    return str(path)


@cache
def pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    for name in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return f"{name} {version(name)}"
        except PackageNotFoundError:
            continue
    return ""


def _failed(message: str) -> DigestError:
    hint = "install digest again (`pip install -e .` installs Pagefind), or set `site.search: false` in config.yaml"
    return DigestError([Problem("config.yaml", None, "site.search", message, hint)])
