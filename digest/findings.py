"""What is wrong across the articles, found once every file is read: a date in the future, two files for one
address, one report imported twice, a link to no article, several articles featured, a raw source missing, a file
that is not an article, quotations nobody is credited with. Each problem names its file and line, and says what to do.

A file's own mistakes are found as it is read (load.py); these need all of them at once.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import shlex
import unicodedata
from datetime import date, datetime
from difflib import get_close_matches
from pathlib import PurePosixPath
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .errors import DigestError, Problem, errors_only, short
from .model import Article, Config, FileRecord, dating
from .urls import address_key


def findings(
    config: Config,
    files: list[FileRecord],
    now: datetime | None = None,
    listed: dict[str, tuple] | None = None,
    strays: tuple[str, ...] = (),
    sources: tuple[str, ...] | None = None,
) -> list[Problem]:
    """Every problem of these files (all there are), in a fixed order; DigestError when one is an error.

    Quotations without a speaker are listed one by one when `listed` gives them by file, else counted in one
    warning. A date after `now` (default: the clock) earns a warning, and so does each of `strays`, files
    beside the articles that are not one, and each `source.origin` naming no file of `sources` (when given).
    """
    now = (now or datetime.now(ZoneInfo(config.site.timezone))).timestamp()
    problems: list[Problem] = list(config.warnings)  # config.yaml's warnings: check and build both show them
    problems.extend(stray_file(shown) for shown in strays)
    unattributed = unattributed_files = 0
    for file in files:
        problems.extend(file.problems)
        if file.unattributed:
            unattributed += file.unattributed
            unattributed_files += 1
            if listed is not None:
                problems.extend(unattributed_warning(file.path, line, text) for line, text in listed[file.path])
    problems.extend(_in_the_future(files, now))
    problems.extend(_same_address(files))  # after every file's own problems
    problems.extend(_imported_twice(files))
    problems.extend(_links_to_no_article(files))
    problems.extend(_featured_more_than_once(files))
    if sources is not None:
        problems.extend(_origins_not_kept(files, sources))
    if not errors_only(problems):  # a file in error has no date to weigh: the others would be weighed without it
        problems.extend(stray_warning(files, now))
    order = {file.path: at for at, file in enumerate(files)}
    problems.sort(key=lambda problem: (order.get(problem.path, -1), problem.line or 0))  # each file's, by line
    if unattributed and listed is None:
        problems.append(unattributed_summary(unattributed, unattributed_files))
    if errors_only(problems):
        raise DigestError(problems)
    return problems


def _in_the_future(files: list[FileRecord], now: float) -> list[Problem]:
    """Articles dated after `now`: a typo in the year or month, most often. Warned about until that moment."""
    found = []
    for file in files:
        timestamp = file.part.timestamp if file.part else None
        if timestamp is not None and timestamp > now:
            assert file.part is not None and file.part.date is not None
            found.append(
                Problem(
                    file.path, file.date_line, "date", f"{file.part.date[:10]} is in the future",
                    "check for a typo in the year or month (a build publishes it all the same; --strict stops it)",
                    warning=True,
                    expires=timestamp,
                )
            )  # fmt: skip
    return found


def _same_address(files: list[FileRecord]) -> list[Problem]:
    """Two files whose names give one address: the second would overwrite the first's page."""
    first: dict[str, str] = {}  # slug → the file that has it
    found = []
    for file in files:
        if file.part is None:
            continue
        if file.slug in first:
            found.append(
                Problem(
                    file.path, None, None,
                    f"would be published at the same address as {first[file.slug]} (/articles/{file.slug}/)",
                    "rename one of the two files",
                )
            )  # fmt: skip
        else:
            first[file.slug] = file.path
    return found


COPY_SOURCES = ("address", "outlet", "outlet", "raw file")  # what each source in a copy key is, for messages


def copy_key(article: Article) -> tuple[int | None, int, int, int, int, int] | None:
    """What tells one report imported twice, kept in its file's record: the line of its title, then a hash of its
    day and headline (the headline's words only, in lower case: a curly quote retyped, a space doubled, still
    match; a headline of no word at all, its marks), and of each source: its address, its outlet by name and by
    host, its raw file (0 when not given). Hashes, not text: ten thousand records are read back on every edit.
    None for an undated draft."""
    if article.date is None:
        return None
    title = unicodedata.normalize("NFKC", article.title).casefold()
    words = re.findall(r"\w+", title) or title.split()  # a headline of emoji or marks only is those, not nothing
    source = article.source
    host = (urlsplit(source.url.strip()).hostname or "").removeprefix("www.") if source.url else ""
    return (
        article.title_line,
        _hash(f"{article.date.date().isoformat()} {' '.join(words)}"),
        _hash(address_key(source.url)) if source.url else 0,
        _hash(" ".join(source.name.split()).casefold()) if source.name else 0,
        _hash(host) if host else 0,
        _hash(source.origin) if source.origin else 0,
    )


def _hash(text: str) -> int:
    """The same every run (str's own hash is not), and never 0, which stands for "not given"."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest()) or 1


def _imported_twice(files: list[FileRecord]) -> list[Problem]:
    """Two articles with the same headline on the same day from the same source (address, outlet or raw file): one
    report imported twice, most likely. The same headline from two outlets is a wire story both carried, and is
    not warned about. The one to delete is a draft beside a published copy, else the later in the folder. One
    dictionary of the day's headlines: as cheap at 10,000 articles as at ten."""
    seen: dict[int, list[FileRecord]] = {}
    for file in files:
        if file.copy_key is not None and file.part is not None:
            seen.setdefault(file.copy_key[1], []).append(file)
    found = []
    for same in seen.values():
        if len(same) < 2:
            continue
        same.sort(key=lambda file: file.part is None or file.part.draft)  # stable: folder order otherwise
        kept: dict[tuple[str, int], tuple[int, FileRecord]] = {}  # each source of the copies kept: the first
        for order, file in enumerate(same):
            twins = [kept[source] for source in _sources(file) if source in kept]
            if twins:
                found.append(_copy_problem(file, min(twins, key=lambda twin: twin[0])[1]))
                continue
            for source in _sources(file):
                kept.setdefault(source, (order, file))
    return found


def _sources(file: FileRecord) -> list[tuple[str, int]]:
    """A file's sources as _shared compares them, each a key of its own: an outlet's name and host are one kind,
    so either matches the other. Looked up, never compared pair by pair: 5,000 copies of one wire headline from
    5,000 outlets would be 12 million comparisons."""
    assert file.copy_key is not None
    _, _, *mine = file.copy_key
    return [(kind, value) for kind, value in zip(COPY_SOURCES, mine, strict=True) if value]


def _shared(one: FileRecord, other: FileRecord) -> str | None:
    """What source two files share ("address", "outlet", "raw file"), None when none: an outlet by its name or its
    host, either way round."""
    assert one.copy_key is not None and other.copy_key is not None
    _, _, *mine = one.copy_key
    _, _, *theirs = other.copy_key
    for at, kind in enumerate(COPY_SOURCES):
        if mine[at] and (mine[at] == theirs[at] or (kind == "outlet" and mine[at] in theirs[1:3])):
            return kind
    return None


def _copy_problem(file: FileRecord, kept: FileRecord) -> Problem:
    """The warning on the copy to delete, naming the one to keep, both with the line of their title."""
    assert file.copy_key is not None and kept.copy_key is not None
    message = (
        f"same headline, same day and same {_shared(file, kept)} as {kept.path}:{kept.copy_key[0]}: "
        "the same report imported twice, most likely"
    )
    hint = f"delete {file.path} and keep {kept.path} (copy into it any edit made only here)"
    return Problem(file.path, file.copy_key[0], "title", message, hint, warning=True)


def _links_to_no_article(files: list[FileRecord]) -> list[Problem]:
    """Links to /articles/SLUG/ where no file of that name is (one with errors counts: its own are reported)."""
    linking = [file for file in files if file.links]
    if not linking:  # the names of ten thousand files are then not needed
        return []
    named = {posixpath.splitext(posixpath.basename(file.path))[0] for file in files}  # stems, without pathlib's cost
    candidates = sorted(named)  # once, and in one order: the same hint every build, whatever the hash seed
    hints: dict[str, str] = {}
    found = []
    for file in linking:
        for line, slug in file.links:
            if slug not in named:
                if slug not in hints:
                    close = get_close_matches(slug, candidates, n=1, cutoff=0.6)
                    hints[slug] = (
                        f"did you mean /articles/{close[0]}/?" if close else "copy the address from the article's page"
                    )
                hint = hints[slug]
                message = f"the link to `/articles/{short(slug)}/` leads to no page: no article has that file name"
                found.append(Problem(file.path, line, None, message, hint, warning=True))
    return found


def _origins_not_kept(files: list[FileRecord], sources: tuple[str, ...]) -> list[Problem]:
    """`source.origin` naming no file of content/sources/ (`sources`): a typo, or a raw file moved or deleted. No
    page shows it or links to it, so readers lose nothing and the build goes on; but `digest import` of the file
    cannot be repeated, nor find the article's address from it."""
    kept = set(sources)
    found = []
    for file in files:
        if file.origin is None or file.origin[1] in kept:
            continue
        line, name = file.origin
        base = PurePosixPath(name).name
        close = get_close_matches(name, sources, n=1, cutoff=0.75)
        if base != name and base in kept:
            hint = f"write the file's name only: `origin: {base}`"
        elif close:
            hint = f"did you mean `{close[0]}`?"
        else:
            hint = "put the raw file the article was imported from in content/sources/, or delete the `origin:` line"
        message = f"`{short(name)}` is not a file in content/sources/, so the import cannot be repeated from it"
        found.append(Problem(file.path, line, "source.origin", message, hint, warning=True))
    return found


FEATURED_NAMED = 3  # articles a featured warning lists: a problem's line is cut at errors.LONGEST


def _featured_more_than_once(files: list[FileRecord]) -> list[Problem]:
    """`featured: true` on several published articles, each named on its line: the home page leads with one
    (render.lead_story: the newest marked among its first page's stories), and an editor who marked another
    expects to see it there. Drafts are left out: a build does not publish them."""
    marked = [file for file in files if file.featured_line is not None and file.part and not file.part.draft]
    if len(marked) < 2:
        return []
    leader = max(marked, key=lambda file: (file.part.timestamp or 0.0, file.slug or ""))  # as group.newest_first
    where = ", ".join(f"{file.path}:{file.featured_line}" for file in marked[:FEATURED_NAMED])
    if len(marked) > FEATURED_NAMED:  # each is named on its own line: the whole list would run past LONGEST
        where += f" and {len(marked) - FEATURED_NAMED} more"
    message = (
        f"{len(marked)} articles are marked `featured: true` ({where}), and only one leads the home page: "
        f"{leader.path}, the newest of them"
    )
    hint = "keep `featured: true` on the article that should lead and delete it from the others"
    return [Problem(file.path, file.featured_line, "featured", message, hint, warning=True) for file in marked]


def stray_warning(files: list[FileRecord], now: float) -> list[Problem]:
    """The published article that does not date the build (model.dating) for being dated far ahead of every
    other: a typo, most likely, or the first article after a long pause. Not when it is after `now`: its date
    is then warned about as in the future, which says the same fix."""
    parts = {id(file.part): file for file in files if file.part is not None and not file.part.draft}
    newest, stray = dating(file.part for file in parts.values() if file.part is not None)
    if stray is None or newest is None or newest.date is None or stray.date is None or (stray.timestamp or 0) > now:
        return []
    file = parts[id(stray)]
    days = (date.fromisoformat(stray.date[:10]) - date.fromisoformat(newest.date[:10])).days
    return [
        Problem(
            file.path, file.date_line, "date",
            f"{stray.date[:10]} is {days} days after every other article, so the build date (“Updated”, the feeds, "
            f"the News sitemap) is the one before it, {newest.date[:10]}",
            "check for a typo in the year or month; if the date is right, set SOURCE_DATE_EPOCH to date the build",
            warning=True,
        )
    ]  # fmt: skip


_TEXT_NAMES = (".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".txt", ".text")
_PAGE_NAMES = (".html", ".htm")
_DOCUMENT_NAMES = (".doc", ".docx", ".odt", ".rtf", ".pages")


def maybe_article(name: str) -> bool:
    """A name an editor may have given an article (`.txt`, `.html`, `.docx`…): warned about, not skipped."""
    return name.lower().endswith(_TEXT_NAMES + _PAGE_NAMES + _DOCUMENT_NAMES)


def stray_file(shown: str) -> Problem:
    """A file beside the articles that is not one: it is never published, and an editor who saved an article
    under that name (TextEdit's `.txt`, Windows' hidden `.md.txt`) sees it gone from the site without a word."""
    name = PurePosixPath(shown).name
    stem, _, ending = name.rpartition(".")
    ending = f".{ending.lower()}"
    if ending == ".md" and not shown.startswith("content/articles/"):  # saved beside the articles (load.scan)
        message = "is an article outside content/articles/, so it is not published"
        return Problem(shown, None, None, message, "move it into content/articles/", warning=True)
    if ending == ".md":  # an article file that is a link to a file deleted or moved (load.scan)
        message = "is a link to a file that is not there, so it is not published"
        return Problem(shown, None, None, message, "restore the file it points to, or delete the link", warning=True)
    if ending in _TEXT_NAMES:
        hint = f"rename it to `{stem.removesuffix('.md')}.md` if it is an article; only `.md` files are published"
    elif ending in _PAGE_NAMES:
        hint = f"turn it into an article with `digest import {shlex.quote(shown)}`, or move it out of content/articles"
    else:
        hint = 'copy its text into an article made with `digest new "Title"`, or move it out of content/articles'
    return Problem(shown, None, None, "is not an article and is not published", hint, warning=True)


def unattributed_warning(path: str, line: int | None, text: str) -> Problem:
    return Problem(
        path,
        line,
        "quotes",
        f"could not tell who said “{short(text)}”",
        "add it under `quotes:` as `- {text: …, speaker: SLUG}`, or with `speaker: unknown` to leave it so",
        warning=True,
    )


def unattributed_summary(count: int, files: int) -> Problem:
    """What a build says instead of listing every quotation without a speaker: `digest check` lists them."""
    return Problem(
        "content/articles", None, "quotes",
        f"{count} quotation{'s have' if count != 1 else ' has'} no speaker, "
        f"in {files} article{'s' if files != 1 else ''}",
        "`digest check` lists them: attribute each under `quotes:`, or mark it `speaker: unknown`", warning=True,
    )  # fmt: skip
