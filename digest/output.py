"""The one place that writes the site: atomic files, only the ones that changed, stale ones pruned.

A manifest in the output folder records what digest wrote there and the key
each file was made from, so the next build renders only pages whose key
changed and prunes only files digest made; a folder digest did not make is
never written into. It also keeps the hash of each file written, so writing
only files whose bytes changed needs no reading back. It holds nothing but
content-derived values, so it is as reproducible as the pages; the inputs'
signature (times and sizes) and the warnings, which let a build with nothing
changed stop early, are kept in the cache folder instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DigestError, Problem

MANIFEST = ".digest-manifest"
FORMAT = "digest-manifest 3"


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


@dataclass
class Manifest:
    keys: dict[str, str] = field(default_factory=dict)  # output path → key it was made from
    hashes: dict[str, str] = field(default_factory=dict)  # output path → hash of the bytes written there

    def missing(self, out: Path) -> bool:
        """Whether any file the manifest lists is gone (someone cleaned part of the folder)."""
        return any(not os.path.exists(os.path.join(out, path)) for path in self.keys)


def check_paths(paths: list[str]) -> None:
    """Every output path stays inside the output folder."""
    bad = [p for p in paths if _escapes(p)]
    if bad:
        raise DigestError(
            [
                Problem(
                    p, None, None, "output path leaves the site folder", "this is a bug in digest; please report it"
                )
                for p in bad
            ]
        )


def _escapes(path: str) -> bool:
    parts = path.split("/")
    return not path or path.startswith("/") or ".." in parts or "" in parts[:-1] or path == MANIFEST


def read_manifest(out: Path) -> Manifest:
    """What the last build wrote; refuse a non-empty folder that digest did not make."""
    if not out.exists():
        return Manifest()
    if not out.is_dir():
        raise DigestError(
            [Problem(str(out), None, None, "is a file, not a folder", "choose another --out or remove the file")]
        )
    try:
        lines = (out / MANIFEST).read_text("utf-8").splitlines()
    except FileNotFoundError:
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
            ) from None
        return Manifest()
    if not lines or lines[0] != FORMAT:  # an older digest's manifest: a plain list of paths
        return Manifest({line: "" for line in lines if line and not _escapes(line)})
    manifest = Manifest()
    for line in lines[1:]:
        path, key, digest = (line.split("\t") + ["", ""])[:3]
        if path and not _escapes(path):
            manifest.keys[path] = key
            manifest.hashes[path] = digest
    return manifest


def write_site(out: Path, files: dict[str, bytes], keys: dict[str, str], previous: Manifest) -> WriteStats:
    """Write `files` (the ones whose key changed), keep the others, prune what is no longer built.

    Every changed file is staged beside its target before any is renamed into
    place, so a failure while writing leaves the site as it was. A first build
    goes into a fresh folder that is renamed into place at the end.
    """
    check_paths(list(keys))
    hashes = dict(previous.hashes)
    hashes.update({path: _hash(data) for path, data in files.items()})
    manifest = _manifest_bytes(keys, hashes)
    if not previous.keys and not out.exists():
        return _write_fresh(out, files, manifest)
    changed = [
        path
        for path in sorted(files)
        if hashes[path] != previous.hashes.get(path) or not os.path.exists(os.path.join(out, path))
    ]
    staged: list[tuple[str, str]] = []
    made: set[str] = set()
    try:
        for path in changed:
            staged.append(_stage(out / path, files[path], made))
        staged.append(_stage(out / MANIFEST, manifest, made))
    except OSError as exc:
        for tmp, _ in staged:
            _unlink(tmp)
        raise _cannot_write(exc, out) from None
    for tmp, target in staged:
        os.replace(tmp, target)
    removed = 0
    for path in sorted(set(previous.keys) - set(keys)):
        target = out / path
        if target.is_file():
            target.unlink()
            removed += 1
            _remove_empty_parents(target.parent, out)
    return WriteStats(len(changed), len(keys) - len(changed), removed)


def _write_fresh(out: Path, files: dict[str, bytes], manifest: bytes) -> WriteStats:
    """Plain writes into a new sibling folder, renamed to `out` once complete."""
    out.parent.mkdir(parents=True, exist_ok=True)
    building = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    made: set[str] = set()
    try:
        for path in sorted(files):
            target = os.path.join(building, path)
            _mkdirs(os.path.dirname(target), made)
            with open(target, "wb") as handle:
                handle.write(files[path])
        with open(os.path.join(building, MANIFEST), "wb") as handle:
            handle.write(manifest)
        os.replace(building, out)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise _cannot_write(exc, out) from None
    return WriteStats(len(files), 0, 0)


def _cannot_write(exc: OSError, out: Path) -> DigestError:
    hint = "check free disk space and permissions; the site was left as it was"
    return DigestError([Problem(str(exc.filename or out), None, None, f"cannot write: {exc.strerror}", hint)])


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _manifest_bytes(keys: dict[str, str], hashes: dict[str, str]) -> bytes:
    lines = [FORMAT, *(f"{path}\t{keys[path]}\t{hashes.get(path, '')}" for path in sorted(keys))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _mkdirs(folder: str, made: set[str]) -> None:
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def _stage(target: Path, data: bytes, made: set[str]) -> tuple[str, str]:
    """A complete copy beside the target, ready to be renamed over it."""
    folder = str(target.parent)
    _mkdirs(folder, made)
    tmp = os.path.join(folder, f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp, str(target)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
