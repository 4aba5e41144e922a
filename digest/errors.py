"""Problems found in an editor's files, reported all together.

Every message reads ``path:line: field: what is wrong — what to do`` so an
editor can jump to the spot and knows the fix without reading code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    field: str | None
    message: str
    hint: str | None = None
    warning: bool = False
    expires: float | None = field(default=None, compare=False)  # a warning true only until then (a POSIX time)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.field:
            parts.append(self.field)
        text = self.message if not self.hint else f"{self.message} — {self.hint}"
        if self.warning:
            text = f"warning: {text}"
        return one_line(": ".join(parts) + ": " + text)


_BREAKS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
LONGEST = 1000  # characters of a problem's line: a value quoted in a message can be megabytes long


def short(text: str) -> str:
    """Text quoted in a message, cut to fit on a line."""
    return text if len(text) <= 70 else text[:69].rstrip() + "…"


def one_line(text: str) -> str:
    """A problem on one line, as `path:line:` promises: what an editor typed may hold line breaks, control
    characters (shown escaped, as YAML would write them) or a megabyte of text (cut)."""
    if _BREAKS.search(text):
        text = _BREAKS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


class DigestError(Exception):
    """Raised with every problem of a run, so the editor fixes them in one pass."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple:
        """Pickled whole: a page that fails in a worker process reaches the editor as this same error."""
        return (DigestError, (self.problems,))


def _order(p: Problem) -> tuple:
    return (p.path, p.line or 0, p.field or "", p.message)


def not_utf8(shown: str, exc: UnicodeDecodeError) -> Problem:
    """A file that is not UTF-8, named with the line of its first byte that cannot be read: Word's quotes and dashes
    (Windows-1252) shown as the character typed, after the words before it."""
    data = exc.object
    line = data[: exc.start].count(b"\n") + 1
    message = f"is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read)"
    if 0x80 <= data[exc.start] <= 0x9F and (typed := bytes(data[exc.start : exc.start + 1]).decode("cp1252", "ignore")):
        before = data[max(data.rfind(b"\n", 0, exc.start) + 1, exc.start - 30) : exc.start].decode("utf-8", "replace")
        where = f" after `{before.strip()}`" if before.strip() else ""
        message = f"is not UTF-8 text: the `{typed}`{where} was saved in Windows' own encoding, as Word does"
    hint = "save the file with the UTF-8 encoding (in most editors: Save As → Encoding → UTF-8)"
    return Problem(shown, line, None, message, hint)


def utf16(shown: str, data: bytes) -> Problem | None:
    """A file saved as UTF-16 (Windows Notepad's "Unicode"), by its byte-order mark or the zero byte beside every
    ASCII letter: read as UTF-8 it fails at its first byte, or, all ASCII, reads as text with a NUL between letters."""
    start = data[:8]  # `---\n`, or any four ASCII characters, in UTF-16 without its mark: a zero every other byte
    wide = len(start) == 8 and any(0 not in start[1 - at :: 2] and not any(start[at::2]) for at in (0, 1))
    if not (wide or start.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return None
    message = "is saved as UTF-16 (Notepad calls it “Unicode”), not UTF-8"
    hint = "save it again with the encoding UTF-8 (in Notepad: File → Save As → Encoding → UTF-8)"
    return Problem(shown, None, None, message, hint)


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


class UsageError(Exception):
    """A command given arguments it cannot use (exit code 2), e.g. an unknown --theme or a busy port."""


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as an editor reads it: relative to `root` (default: the working folder) when inside it."""
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)
