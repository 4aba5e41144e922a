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
import errno
import functools
import hashlib
import os
import shutil
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .errors import DigestError, Problem

MANIFEST = ".digest-manifest"
FORMAT = "digest-manifest 3"


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int
    manifest: str = ""  # hash of the manifest now in the folder


@dataclass
class Manifest:
    keys: dict[str, str] = field(default_factory=dict)  # output path → key it was made from
    hashes: dict[str, str] = field(default_factory=dict)  # output path → hash of the bytes written there
    digest: str = ""  # hash of the manifest file: records made with this build's plan carry it too


CHECK_APART_FROM = 2000  # files: from here on, a forked process looks for them while the build goes on


@contextlib.contextmanager
def gone_files(out: Path, paths: Collection[str]) -> Iterator[Callable[[], set[str]]]:
    """Which of `paths` are no longer in `out` (someone cleaned part of the folder): the answer, when asked.

    A stat per file is 50 ms at 10,000 articles, so many files are checked by a forked process, on another
    core, while this one loads and groups the articles. Leaving the context reaps that process.
    """
    if len(paths) < CHECK_APART_FROM or not hasattr(os, "fork"):
        gone = _gone(out, paths)
        yield lambda: gone
        return
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: check, answer, and leave without running any of the parent's clean-up
        status = 1
        try:
            os.close(reading)
            with os.fdopen(writing, "wb") as pipe:
                pipe.write("\0".join(sorted(_gone(out, paths))).encode("utf-8", "surrogateescape"))
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    answer: list[set[str]] = []

    def wait() -> set[str]:
        if not answer:
            with os.fdopen(reading, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            ok = os.waitstatus_to_exitcode(status) == 0
            answer.append(set(data.decode("utf-8", "surrogateescape").split("\0")) - {""} if ok else _gone(out, paths))
        return answer[0]

    try:
        yield wait
    finally:
        wait()


def _gone(out: Path, paths: Iterable[str]) -> set[str]:
    exists, join = os.path.exists, os.path.join
    return {path for path in paths if not exists(join(out, path))}


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
    if path and ".." not in path and "//" not in path and path[0] != "/" and path != MANIFEST:
        return False  # the common case, decided without splitting: 17,000 paths at 10,000 articles
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
        data = (out / MANIFEST).read_bytes()
        lines = data.decode("utf-8").splitlines()
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
    manifest = Manifest(digest=_hash(data))
    for line in lines[1:]:
        path, key, digest = (line.split("\t") + ["", ""])[:3]
        if path and not _escapes(path):
            manifest.keys[path] = key
            manifest.hashes[path] = digest
    return manifest


class Staged(NamedTuple):
    """One file of this build, written but not yet in place."""

    hash: str  # of its bytes, for the manifest
    tmp: str | None  # its staged copy; None when written straight into a fresh folder, or unchanged


@dataclass
class Staging:
    """Where a build writes before anything reaches the site.

    Pages are staged as they are rendered, by whichever process renders them,
    so no process holds the whole site in memory. A first build writes into a
    fresh sibling folder, renamed into place by `commit`. Later builds write
    each changed file into a spare file, swapped with the page by `commit`:
    creating a file costs ten times what overwriting one does on the file
    systems we measured, and the swap leaves the old page as the next build's
    spare. Without a pool (another system, another disk, another build running)
    a copy is made beside each file and renamed over it. Until `commit` the site
    is as it was, and `discard` removes every trace of a failed build.
    """

    out: Path
    previous: Manifest
    fresh: bool
    folder: str  # the site itself, or the fresh folder that becomes it
    gone: set[str] = field(default_factory=set)  # files of the previous build no longer there (gone_files)
    pool: str | None = None  # folder of spare files, numbered; None: a copy beside each file instead
    lock: int | None = None  # descriptor holding the pool's lock until commit or discard
    made: set[str] = field(default_factory=set)  # folders known to exist (per process)


def begin(out: Path, previous: Manifest, paths: list[str], gone: set[str], pool: Path | None = None) -> Staging:
    check_paths(paths)
    fresh = not previous.keys and not out.exists()
    if not fresh:
        staging = Staging(out, previous, False, str(out), gone)
        if pool is not None:
            staging.pool, staging.lock = _open_pool(pool, out)
        return staging
    building = out.parent / f".{out.name}.building-{os.getpid()}"
    try:
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
    except OSError as exc:
        raise _cannot_write(exc, out) from None
    return Staging(out, previous, True, str(building))


def stage(staging: Staging, path: str, data: bytes, slot: int) -> Staged:
    """Write one file where `commit` will find it, unless the site already has these bytes there.

    `slot` numbers the file among this build's: it names its spare in the pool.
    """
    digest = _hash(data)
    try:
        target = os.path.join(staging.folder, path)
        if staging.fresh:
            _mkdirs(os.path.dirname(target), staging.made)
            with open(target, "wb") as handle:
                handle.write(data)
            return Staged(digest, None)
        if digest == staging.previous.hashes.get(path) and path not in staging.gone:
            return Staged(digest, None)
        if staging.pool is None:
            return Staged(digest, _stage(target, data, staging.made))
        _mkdirs(os.path.dirname(target), staging.made)  # a folder in the way fails now, not halfway through commit
        spare = os.path.join(staging.pool, str(slot))
        _overwrite(spare, data)
        return Staged(digest, spare)
    except OSError as exc:
        raise _cannot_write(exc, staging.out) from None


def stage_all(staging: Staging, files: Iterable[tuple[str, bytes]], first_slot: int = 0) -> dict[str, Staged]:
    """Stage each file as it comes (a generator may render them one by one); on any failure, none stays staged."""
    staged: dict[str, Staged] = {}
    try:
        for slot, (path, data) in enumerate(files, start=first_slot):
            staged[path] = stage(staging, path, data, slot)
    except BaseException:
        discard(staging, staged)
        raise
    return staged


def discard(staging: Staging, staged: dict[str, Staged]) -> None:
    """Undo a build that will not be committed: the site keeps every byte it had (spares stay spares)."""
    if staging.fresh:
        shutil.rmtree(staging.folder, ignore_errors=True)
        return
    if staging.pool is None:
        for item in staged.values():
            if item.tmp:
                _unlink(item.tmp)
    _release(staging)


def commit(staging: Staging, staged: dict[str, Staged], keys: dict[str, str]) -> WriteStats:
    """Put every staged file in place with the new manifest, and prune what is no longer built.

    `keys` names every file of the site; those not in `staged` were not rendered again and stay as they are.
    """
    previous, out = staging.previous, staging.out
    hashes = dict(previous.hashes)
    hashes.update((path, item.hash) for path, item in staged.items())
    manifest = _manifest_bytes(keys, hashes)
    if staging.fresh:
        try:
            with open(os.path.join(staging.folder, MANIFEST), "wb") as handle:
                handle.write(manifest)
            os.replace(staging.folder, out)
        except OSError as exc:
            discard(staging, staged)
            raise _cannot_write(exc, out) from None
        return WriteStats(len(staged), 0, 0, _hash(manifest))
    try:
        manifest_tmp = _stage(os.path.join(out, MANIFEST), manifest, staging.made)
    except OSError as exc:
        discard(staging, staged)
        raise _cannot_write(exc, out) from None
    changed = sorted((path, item.tmp) for path, item in staged.items() if item.tmp)
    swap = _exchange() if staging.pool is not None else None
    for path, tmp in changed:
        target = os.path.join(out, path)
        if swap is None or not swap(tmp, target):
            os.replace(tmp, target)  # no swap here (a new page, a file system without it): the spare moves in
    os.replace(manifest_tmp, out / MANIFEST)
    _release(staging)
    removed = 0
    for path in sorted(set(previous.keys) - set(keys)):
        target = out / path
        if target.is_file():
            target.unlink()
            removed += 1
            _remove_empty_parents(target.parent, out)
    return WriteStats(len(changed), len(keys) - len(changed), removed, _hash(manifest))


def _open_pool(pool: Path, out: Path) -> tuple[str | None, int | None]:
    """The pool's folder, locked for this build; (None, None) where spares cannot be swapped in."""
    if _exchange() is None:
        return None, None
    try:
        pool.mkdir(parents=True, exist_ok=True)
        if os.stat(pool).st_dev != os.stat(out).st_dev:  # a swap cannot cross file systems
            return None, None
        lock = os.open(pool / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None, None
    import fcntl

    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # another build is using it
        os.close(lock)
        return None, None
    return str(pool), lock


def _release(staging: Staging) -> None:
    if staging.lock is not None:
        os.close(staging.lock)
        staging.lock = None


def _overwrite(path: str, data: bytes) -> None:
    """Replace a spare's bytes in place: the file system reuses its blocks instead of allocating a new file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


@functools.cache
def _exchange() -> Callable[[str, str], bool] | None:
    """Linux's renameat2(RENAME_EXCHANGE), which swaps two names atomically; None where there is no such call."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE

    def swap(spare: str, target: str) -> bool:
        """True when swapped; False when there is nothing to swap with or the file system cannot."""
        if renameat2(at_cwd, os.fsencode(spare), at_cwd, os.fsencode(target), exchange) == 0:
            return True
        error = ctypes.get_errno()
        if error in (errno.ENOENT, errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.ENOTSUP):
            return False
        raise OSError(error, os.strerror(error), target)

    return swap


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


def _stage(target: str, data: bytes, made: set[str]) -> str:
    """A complete copy beside the target, ready to be renamed over it."""
    folder, name = os.path.split(target)
    _mkdirs(folder, made)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
