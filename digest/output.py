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
        raise DigestError(
            [
                Problem(
                    p,
                    None,
                    None,
                    "output path leaves the site folder",
                    "this is a bug in a template name or slug; please report it",
                )
                for p in bad
            ]
        )


def _escapes(path: str) -> bool:
    pure = PurePosixPath(path)
    return pure.is_absolute() or ".." in pure.parts or not pure.parts or path == MANIFEST


def write_site(files: dict[str, bytes], out: Path) -> WriteStats:
    """Stage every changed file first, then rename them all into place.

    A failure while staging (disk full, permissions) removes the staged files
    and leaves the site exactly as it was; only renames touch the live site.
    """
    check_paths(files)
    previous = _manifest(out)
    changed = [rel for rel in sorted(files) if not _same(out / rel, files[rel])]
    staged: list[tuple[Path, Path]] = []
    try:
        for rel in changed:
            staged.append((_stage(out / rel, files[rel]), out / rel))
        staged.append((_stage(out / MANIFEST, "".join(f"{p}\n" for p in sorted(files)).encode()), out / MANIFEST))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise DigestError(
            [
                Problem(
                    str(exc.filename or out),
                    None,
                    None,
                    f"cannot write: {exc.strerror}",
                    "check free disk space and permissions; the site was left as it was",
                )
            ]
        ) from None
    for tmp, target in staged:
        os.replace(tmp, target)
    removed = 0
    for rel in sorted(previous - set(files)):
        target = out / rel
        if not _escapes(rel) and target.is_file():
            target.unlink()
            removed += 1
            _remove_empty_parents(target.parent, out)
    return WriteStats(len(changed), len(files) - len(changed), removed)


def _same(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _manifest(out: Path) -> set[str]:
    """What the last build wrote; refuse a non-empty folder that digest did not make."""
    if not out.exists():
        return set()
    if not out.is_dir():
        raise DigestError(
            [Problem(str(out), None, None, "is a file, not a folder", "choose another --out or remove the file")]
        )
    manifest = out / MANIFEST
    if manifest.is_file():
        return {line for line in manifest.read_text("utf-8").splitlines() if line}
    if any(out.iterdir()):
        raise DigestError(
            [
                Problem(
                    str(out),
                    None,
                    None,
                    "is not empty and was not made by digest",
                    "choose another --out, or empty the folder if nothing in it is needed",
                )
            ]
        )
    return set()


def _stage(target: Path, data: bytes) -> Path:
    """A complete temporary copy beside the target, ready to be renamed over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(target: Path, data: bytes) -> None:
    """Readers (and a crash) never see half a file."""
    os.replace(_stage(target, data), target)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
