"""The one place that writes the site: atomic files, only the ones that changed, stale ones pruned.

A manifest records what digest wrote, so pruning never touches a file digest
did not make, and a folder digest did not make is never written into.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import DigestError, Problem

MANIFEST = ".digest-manifest"


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def check_paths(files: dict[str, bytes]) -> None:
    """Every output path stays inside the output folder."""
    bad = [p for p in files if _escapes(p)]
    if bad:
        raise DigestError([Problem(p, None, None, "output path leaves the site folder",
                                   "this is a bug in a template name or slug; please report it") for p in bad])


def _escapes(path: str) -> bool:
    pure = PurePosixPath(path)
    return pure.is_absolute() or ".." in pure.parts or not pure.parts or path == MANIFEST


def write_site(files: dict[str, bytes], out: Path) -> WriteStats:
    check_paths(files)
    previous = _manifest(out)
    written = unchanged = removed = 0
    out.mkdir(parents=True, exist_ok=True)
    for rel in sorted(files):
        target = out / rel
        data = files[rel]
        try:
            if target.is_file() and target.read_bytes() == data:
                unchanged += 1
                continue
        except OSError:
            pass
        write_atomic(target, data)
        written += 1
    for rel in sorted(previous - set(files)):
        target = out / rel
        if not _escapes(rel) and target.is_file():
            target.unlink()
            removed += 1
            _remove_empty_parents(target.parent, out)
    write_atomic(out / MANIFEST, "".join(f"{p}\n" for p in sorted(files)).encode())
    return WriteStats(written, unchanged, removed)


def _manifest(out: Path) -> set[str]:
    """What the last build wrote; refuse a non-empty folder that digest did not make."""
    if not out.exists():
        return set()
    if not out.is_dir():
        raise DigestError([Problem(str(out), None, None, "is a file, not a folder",
                                   "choose another --out or remove the file")])
    manifest = out / MANIFEST
    if manifest.is_file():
        return {line for line in manifest.read_text("utf-8").splitlines() if line}
    if any(out.iterdir()):
        raise DigestError([Problem(str(out), None, None, "is not empty and was not made by digest",
                                   "choose another --out, or empty the folder if nothing in it is needed")])
    return set()


def write_atomic(target: Path, data: bytes) -> None:
    """Write beside the target, then rename over it: readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
