"""The one place that writes the site: atomic files, only the ones that changed, stale ones pruned.

A manifest in the output folder records what digest wrote there and the key
each file was made from, so the next build renders only pages whose key
changed and prunes only files digest made; a folder digest did not make is
never written into. It also keeps the hash of each file written, so writing
only files whose bytes changed needs no reading back. It holds nothing but
content-derived values, so it is as reproducible as the pages; the inputs'
signature (times and sizes) and the warnings, which let a build with nothing
changed stop early, are kept in the cache folder instead.

A site is never left half old, half new: `commit` writes a journal before its
first step and undoes every step on a failure; a build killed mid-commit is
undone (or, past the manifest, finished) by the next command, which first takes
the project's lock (`one_build_at_a_time`) and calls `finish_interrupted`.
Whatever a killed build staged is found by name and removed (`remove_leftovers`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import speedups
from .errors import DigestError, Problem, display_path

MANIFEST = ".digest-manifest"
FORMAT = "digest-manifest 3"
JOURNAL = "journal"  # in the pool: the commit under way
JOURNAL_FORMAT = "digest-journal 1"
LOCK = "lock"  # in the cache folder: held by the project's one build
MANIFEST_COPY = "manifest"  # the new manifest, staged in the pool or the build's own folder
REMOVED = "removed-"  # a pruned page, kept in the pool or the build's own folder until the manifest is in
OLD = ".old"  # beside a staged copy: the page it replaced, where files are renamed over pages, not swapped
BUILDING = ".building-"  # `.site.building-<pid>`: a first build's folder, beside the site
STAGING = ".digest-staging-"  # `<pid>`: a build's own folder inside the site, where files cannot be swapped
STAGING_NAME = re.compile(r"\.digest-staging-\d+")
OLD_MANIFEST_COPY = re.compile(r"\.\.digest-manifest\.(\d+)\.tmp")  # what older versions left after a failure


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
    inode: int = 0  # the staged copy's: once the page has it, the copy is in place (see Journal)


@dataclass
class Staging:
    """Where a build writes before anything reaches the site.

    Pages are staged as they are rendered, by whichever process renders them,
    so no process holds the whole site in memory. A first build writes into a
    fresh sibling folder, renamed into place by `commit`. Later builds write
    each changed file into a spare file, swapped with the page by `commit`:
    creating a file costs ten times what overwriting one does on the file
    systems we measured, and the swap leaves the old page as the next build's
    spare. Where files cannot be swapped (another system, another disk) the
    changed files wait in a folder of this build's own inside the site and are
    renamed over the pages, each old page kept under another name until the
    commit is done. Until `commit` the site is as it was, and `discard` removes
    every trace of a failed build.
    """

    out: Path
    previous: Manifest
    first_build: bool  # nothing there yet: the whole site is written into a new folder, renamed into place
    folder: str  # the new folder that becomes the site, the pool of spares, or this build's own staging folder
    journal: str = ""  # the file that records a commit under way (see Journal)
    gone: set[str] = field(default_factory=set)  # files of the previous build no longer there (gone_files)
    swap: bool = False  # `folder` is the pool: staged files are swapped with the pages, not renamed over them
    held: int | None = None  # descriptor locking a folder of this build's own, so that no other build removes it
    made: set[str] = field(default_factory=set)  # folders known to exist (per process)


def begin(out: Path, previous: Manifest, paths: list[str], gone: set[str], pool: Path) -> Staging:
    """Somewhere to stage this build's files. `pool` holds the output folder's spare files and its journal."""
    check_paths(paths)
    try:
        if not previous.keys and not out.exists():
            folder, held = _own_folder(out.parent / f".{out.name}{BUILDING}{os.getpid()}")
            return Staging(out, previous, True, folder, held=held)
        pool.mkdir(parents=True, exist_ok=True)
        journal = str(pool / JOURNAL)
        if _can_swap(pool, out):
            return Staging(out, previous, False, str(pool), journal, gone, swap=True)
        folder, held = _own_folder(out / f"{STAGING}{os.getpid()}")
        return Staging(out, previous, False, folder, journal, gone, held=held)
    except OSError as exc:
        raise _cannot_write(exc, out) from None


def stage(staging: Staging, path: str, data: bytes, slot: int) -> Staged:
    """Write one file where `commit` will find it, unless the site already has these bytes there.

    `slot` numbers the file among this build's: it names its staged copy.
    """
    digest = _hash(data)
    try:
        if staging.first_build:
            target = os.path.join(staging.folder, path)
            _mkdirs(os.path.dirname(target), staging.made)
            with open(target, "wb") as handle:
                handle.write(data)
            return Staged(digest, None)
        if digest == staging.previous.hashes.get(path) and path not in staging.gone:
            return Staged(digest, None)
        tmp = os.path.join(staging.folder, str(slot))
        return Staged(digest, tmp, _overwrite(tmp, data))
    except OSError as exc:
        raise _cannot_write(exc, staging.out) from None


def stage_all(staging: Staging, files: Iterable[tuple[str, bytes]], first_slot: int = 0) -> dict[str, Staged]:
    """Stage each file as it comes (a generator may render them one by one). On a failure, the build that began
    the staging discards it (`discard`), once every process staging into it has stopped: a render worker that
    discarded it itself removed the folder the others were still writing into."""
    return {path: stage(staging, path, data, slot) for slot, (path, data) in enumerate(files, start=first_slot)}


def discard(staging: Staging, staged: dict[str, Staged]) -> None:
    """Undo a build that will not be committed: the site keeps every byte it had (spares stay spares).

    A folder of the build's own stays while a journal names it: it holds what the next command needs to undo."""
    if not staging.swap and not (staging.journal and os.path.exists(staging.journal)):
        shutil.rmtree(staging.folder, ignore_errors=True)
    _release(staging)


def commit(staging: Staging, staged: dict[str, Staged], keys: dict[str, str]) -> WriteStats:
    """Put every staged file in place with the new manifest, and prune what is no longer built: all of it, or,
    on any failure, none of it (every step done is undone).

    `keys` names every file of the site; those not in `staged` were not rendered again and stay as they are.
    """
    previous, out = staging.previous, staging.out
    hashes = dict(previous.hashes)
    hashes.update((path, item.hash) for path, item in staged.items())
    manifest = _manifest_bytes(keys, hashes)
    if staging.first_build:
        return _commit_fresh(staging, staged, manifest)
    try:
        journal = _plan(staging, staged, keys, manifest)
        _write_journal(journal, staging.journal)
    except OSError as exc:
        discard(staging, staged)
        raise _cannot_write(exc, out) from None
    try:
        _apply(journal)
    except BaseException as exc:
        _roll_back(staging, journal)
        if isinstance(exc, OSError):
            raise _cannot_write(exc, out) from None
        raise
    _tidy(journal)
    _unlink(staging.journal)
    _release(staging)
    written = len(journal.files)
    return WriteStats(written, len(keys) - written, len(journal.removals), _hash(manifest))


def _commit_fresh(staging: Staging, staged: dict[str, Staged], manifest: bytes) -> WriteStats:
    """A first build: its folder becomes the site in one rename."""
    try:
        with open(os.path.join(staging.folder, MANIFEST), "wb") as handle:
            handle.write(manifest)
        if _pause_point() == 0:
            _pause(0)
        os.replace(staging.folder, staging.out)
    except OSError as exc:
        discard(staging, staged)
        raise _cannot_write(exc, staging.out) from None
    _release(staging)
    return WriteStats(len(staged), 0, 0, _hash(manifest))


@dataclass
class Journal:
    """Every step of one commit, written whole before the first is taken, so that the next process can undo them
    (`finish_interrupted`) however this one ended.

    Whether a step was taken is read from the files themselves: a staged copy put in place is the page now (its
    inode is the page's), a page pruned is in `folder` under `REMOVED`. So the journal is written once, not
    after each of 10,000 steps. The manifest goes in last: from then on the new site is complete, and a commit
    interrupted later is finished instead (only what the old site kept aside is left to delete).
    """

    out: str
    folder: str  # where the staged copies wait (Staging.folder)
    swap: bool  # swapped with the pages (Staging.swap), else renamed over them
    pid: int  # of the build that wrote it, to tell the user
    manifest: int  # inode of the new manifest, staged in `folder` as MANIFEST_COPY
    folders: list[str]  # made for new pages, each after its parent
    files: list[tuple[str, str, int]]  # page path, its staged copy's name in `folder`, that copy's inode
    removals: list[str]  # pages no longer built: moved into `folder` as REMOVED<n>, deleted once the manifest is in


def _plan(staging: Staging, staged: dict[str, Staged], keys: dict[str, str], manifest: bytes) -> Journal:
    out, previous, folder = staging.out, staging.previous, staging.folder
    files = sorted((path, os.path.basename(item.tmp), item.inode) for path, item in staged.items() if item.tmp)
    new = [path for path, _, _ in files if path not in previous.hashes or path in staging.gone]
    removals = [path for path in sorted(set(previous.keys) - set(keys)) if (out / path).is_file()]
    for n in range(len(removals)):
        _unlink(os.path.join(folder, f"{REMOVED}{n}"))  # an older build's, which would read as this one's
    inode = _overwrite(os.path.join(folder, MANIFEST_COPY), manifest)
    return Journal(str(out), folder, staging.swap, os.getpid(), inode, _missing_folders(out, new), files, removals)


def _apply(journal: Journal) -> None:
    out, folder = journal.out, journal.folder
    pause = _pause_point()
    if pause == 0:
        _pause(0)
    for name in journal.folders:
        os.mkdir(os.path.join(out, name))
    for done, (path, name, _) in enumerate(journal.files, start=1):
        _put(os.path.join(folder, name), os.path.join(out, path), journal.swap)
        if done == pause:
            _pause(done)
    done = len(journal.files)
    for n, path in enumerate(journal.removals):
        os.replace(os.path.join(out, path), os.path.join(folder, f"{REMOVED}{n}"))
        done += 1
        if done == pause:
            _pause(done)
    _put(os.path.join(folder, MANIFEST_COPY), os.path.join(out, MANIFEST), journal.swap)
    if done + 1 == pause:
        _pause(pause)


def _put(staged: str, target: str, swap: bool) -> None:
    """The staged copy becomes the page, the old page staying where `_take_back` finds it."""
    try:
        if swap:
            exchange = speedups.exchange()
            assert exchange is not None  # Staging.swap is set only where it is not
            if exchange(staged, target):
                return  # the old page is a spare now
        else:
            with contextlib.suppress(FileNotFoundError):  # a new page: nothing to keep
                os.link(target, staged + OLD)
        os.replace(staged, target)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, target) from None  # name the page, not its copy


def _take_back(staged: str, target: str, inode: int) -> None:
    """Undo `_put` if it was done; nothing if not."""
    if _inode(target) != inode:
        return
    if os.path.lexists(staged + OLD):
        os.replace(staged + OLD, target)
    elif os.path.lexists(staged):  # it holds the old page: swap them back
        exchange = speedups.exchange()
        if exchange is None or not exchange(staged, target):
            raise OSError(errno.ENOSYS, "cannot swap files back on this system", target)
    else:  # there was no page: the copy goes back where it was
        os.replace(target, staged)


def _undo(journal: Journal) -> None:
    """Every step taken, undone in reverse: the site as it was before the commit, byte for byte."""
    out, folder = journal.out, journal.folder
    _take_back(os.path.join(folder, MANIFEST_COPY), os.path.join(out, MANIFEST), journal.manifest)
    for n, path in reversed(list(enumerate(journal.removals))):
        kept = os.path.join(folder, f"{REMOVED}{n}")
        if os.path.lexists(kept):
            os.replace(kept, os.path.join(out, path))
    for path, name, inode in reversed(journal.files):
        _take_back(os.path.join(folder, name), os.path.join(out, path), inode)
    for name in reversed(journal.folders):
        with contextlib.suppress(OSError):  # not empty: not ours alone
            os.rmdir(os.path.join(out, name))


def _tidy(journal: Journal) -> None:
    """Once the new manifest is in: delete what the old site kept aside."""
    out, folder = Path(journal.out), journal.folder
    for n, path in enumerate(journal.removals):
        _unlink(os.path.join(folder, f"{REMOVED}{n}"))
        with contextlib.suppress(OSError):
            _remove_empty_parents((out / path).parent, out)
    if not journal.swap:
        shutil.rmtree(folder, ignore_errors=True)


def _roll_back(staging: Staging, journal: Journal) -> None:
    """A commit that failed here: undone at once, or, if even that fails, by the next command."""
    try:
        _undo(journal)
    except OSError as exc:
        _release(staging)  # the journal stays, for `finish_interrupted`
        raise _cannot_write(exc, staging.out, UNDO_HINT) from None
    _unlink(staging.journal)
    discard(staging, {})


def finish_interrupted(pools: Path) -> None:
    """Put right every output folder a build left between two sites, killed while it put its files in place:
    undone when the new manifest was not in yet, else finished. To be called, holding `one_build_at_a_time`,
    before anything else reads a site or its pool; `pools` is the folder of every output folder's pool.

    Undo, not redo: undoing needs only what the old site kept aside, which is all there until the manifest
    is in; redoing would need every staged copy intact, and a build killed mid-commit says nothing of the
    build after it, which will write the same files again anyway.
    """
    for path in sorted(pools.glob(f"*/{JOURNAL}")):
        journal = _read_journal(path)
        finished = _inode(os.path.join(journal.out, MANIFEST)) == journal.manifest
        try:
            if finished:
                _tidy(journal)
            else:
                _undo(journal)
        except OSError as exc:
            raise _cannot_write(exc, Path(journal.out), UNDO_HINT) from None
        if not journal.swap:
            shutil.rmtree(journal.folder, ignore_errors=True)
        _unlink(str(path))
        done = "finished putting its files in place" if finished else "put back the site it was replacing"
        shown = display_path(Path(journal.out))
        print(f"{shown}: a build (process {journal.pid}) was interrupted while writing it — {done}", file=sys.stderr)


def _write_journal(journal: Journal, path: str) -> None:
    """Whole or not at all, so the next process can read it even after a `kill -9`.

    Not flushed to disk: that would guard against a power cut only if every staged copy were flushed too
    (ten thousand fsyncs for a template edit), and a power cut is not what this is for.
    """
    head = [JOURNAL_FORMAT, f"out\t{journal.out}", f"folder\t{journal.folder}", f"swap\t{int(journal.swap)}"]
    head += [f"pid\t{journal.pid}", f"manifest\t{journal.manifest}"]
    lines = head + [f"mkdir\t{name}" for name in journal.folders]
    lines += [f"file\t{path}\t{name}\t{inode}" for path, name, inode in journal.files]
    lines += [f"remove\t{path}" for path in journal.removals]
    with open(path + ".tmp", "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)


def _read_journal(path: Path) -> Journal:
    try:
        lines = path.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
        if not lines or lines[0] != JOURNAL_FORMAT:
            raise ValueError("not a journal")
        head: dict[str, str] = {}
        folders, files, removals = [], [], []
        for line in lines[1:]:
            kind, _, rest = line.partition("\t")
            if kind == "mkdir":
                folders.append(rest)
            elif kind == "file":
                page, name, inode = rest.split("\t")
                files.append((page, name, int(inode)))
            elif kind == "remove":
                removals.append(rest)
            else:
                head[kind] = rest
        return Journal(
            head["out"], head["folder"], head["swap"] == "1", int(head["pid"]), int(head["manifest"]),
            folders, files, removals,
        )  # fmt: skip
    except (OSError, ValueError, KeyError) as exc:
        hint = "an interrupted build cannot be undone without it: delete it and the site folder, then build again"
        raise DigestError([Problem(str(path), None, None, f"cannot read this journal ({exc})", hint)]) from None


def remove_leftovers(out: Path) -> None:
    """Delete what killed builds left beside and inside `out`: folders named as this module names them, that no
    running build holds (each holds its own locked)."""
    building = re.compile(rf"\.{re.escape(out.name)}{re.escape(BUILDING)}\d+")
    for folder in _named(out.parent, building) + _named(out, STAGING_NAME):
        with contextlib.suppress(OSError):
            held = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
            try:
                if _lock(held):
                    shutil.rmtree(folder, ignore_errors=True)
            finally:
                os.close(held)
    for left in _named(out, OLD_MANIFEST_COPY):  # as older versions of digest named it
        pid = int(OLD_MANIFEST_COPY.fullmatch(left.name).group(1))  # type: ignore[union-attr]
        if pid != os.getpid() and not _running(pid):
            _unlink(str(left))


def _named(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    try:
        return [folder / name for name in os.listdir(folder) if pattern.fullmatch(name)]
    except OSError:
        return []


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def one_build_at_a_time(folder: Path) -> Iterator[None]:
    """Hold the project's lock (a file in `folder`) for the whole block; a second build waits, saying so once.

    Waiting, not refusing: the usual overlap is the preview rebuilding on a save while an editor runs
    `digest build`, and either should simply go next. It is an flock, so it goes with the processes that held
    it however they ended, and a killed build's forked workers hold it until they are gone too. A project
    whose folder cannot be written is not locked: no build can change anything of it.
    """
    held = _open_lock(folder)
    try:
        if held is not None and not _lock(held):
            holder = os.pread(held, 32, 0).decode("ascii", "replace").strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            print(f"waiting for another build of this project{who} to finish…", file=sys.stderr, flush=True)
            _lock(held, wait=True)
        if held is not None:
            os.ftruncate(held, 0)
            os.pwrite(held, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        if held is not None:
            os.close(held)


def _open_lock(folder: Path) -> int | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None


def _lock(fd: int, wait: bool = False) -> bool:
    """Take the flock on `fd`: False when another process holds it (only without `wait`)."""
    try:
        import fcntl
    except ImportError:  # no such locks on this system
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _own_folder(folder: Path) -> tuple[str, int]:
    """A new, empty folder, locked while this build uses it, so that `remove_leftovers` leaves it alone."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    held = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    _lock(held)
    return str(folder), held


def _release(staging: Staging) -> None:
    if staging.held is not None:
        os.close(staging.held)
        staging.held = None


def _pause_point() -> int | None:
    """For tests only: DIGEST_PAUSE_AFTER_SWAPS=N stops a commit after its N-th step (0: before the first), so
    that a test can kill it there; `_pause` waits for a line on stdin."""
    value = os.environ.get("DIGEST_PAUSE_AFTER_SWAPS", "")
    return int(value) if value.isdigit() else None


def _pause(done: int) -> None:
    print(f"digest: paused after {done} swaps", file=sys.stderr, flush=True)
    sys.stdin.readline()


def _overwrite(path: str, data: bytes) -> int:
    """Replace a spare's bytes in place (the file system reuses its blocks instead of allocating a new file);
    its inode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
        return os.fstat(fd).st_ino
    finally:
        os.close(fd)


def _inode(path: str) -> int | None:
    try:
        return os.lstat(path).st_ino
    except (FileNotFoundError, NotADirectoryError):  # no such file, or a file where a folder on its path should be
        return None


_SWAPS: dict[int, bool] = {}  # file system → whether it swaps files


def _can_swap(pool: Path, out: Path) -> bool:
    """Whether the pool's files can be swapped with the site's: Linux's renameat2 on one file system that
    supports it (tried once per file system, on two files of the pool)."""
    exchange = speedups.exchange()
    device = os.stat(pool).st_dev
    if exchange is None or device != os.stat(out).st_dev:
        return False
    if device not in _SWAPS:
        one, other = str(pool / "probe-1"), str(pool / "probe-2")
        for name in (one, other):
            os.close(os.open(name, os.O_WRONLY | os.O_CREAT, 0o644))
        try:
            _SWAPS[device] = exchange(one, other)
        except OSError:
            _SWAPS[device] = False
    return _SWAPS[device]


KEPT_HINT = "check free disk space and permissions; the site was left as it was"
UNDO_HINT = "the site is part old, part new until this is fixed: fix it and run digest again, which puts it back first"


def _cannot_write(exc: OSError, out: Path, hint: str = KEPT_HINT) -> DigestError:
    return DigestError([Problem(str(exc.filename or out), None, None, f"cannot write: {exc.strerror}", hint)])


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _manifest_bytes(keys: dict[str, str], hashes: dict[str, str]) -> bytes:
    lines = [FORMAT, *(f"{path}\t{keys[path]}\t{hashes.get(path, '')}" for path in sorted(keys))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _missing_folders(out: Path, paths: Iterable[str]) -> list[str]:
    """The folders that new pages need and the site does not have, each after its parent."""
    missing: dict[str, None] = {}
    known = {""}
    for path in paths:
        chain = []
        folder = os.path.dirname(path)
        while folder not in known and folder not in missing:
            if os.path.isdir(os.path.join(out, folder)):
                known.add(folder)
                break
            chain.append(folder)
            folder = os.path.dirname(folder)
        missing.update(dict.fromkeys(reversed(chain)))
    return list(missing)


def _mkdirs(folder: str, made: set[str]) -> None:
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
