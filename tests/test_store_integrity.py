"""The build cache (.digest-cache/) never misses a changed file and never believes damaged data: whatever is done
to it, the next build writes what a clean build does."""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, digest, snapshot
from test_incremental import act, article, clean_build, seeded, start

from digest.build import build
from digest.load import RACY_NS

DAMAGED = "the build cache was damaged"


def same_size_edit(path: Path, old: str, new: str) -> None:
    """Change a file's bytes but not its size, and put its modification time back, as `cp -p`, `rsync -t` or
    `tar x` can leave a file an editor changed."""
    assert len(old.encode()) == len(new.encode())
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)


@pytest.mark.parametrize("route", ["alone", "with-a-regrouping-edit", "template"])
def test_a_same_size_edit_that_keeps_the_old_time_is_built(tmp_path: Path, route: str) -> None:
    root = seeded(tmp_path / "project")
    build(root / "config.yaml")
    target = root / "content/articles/2021-11-10-xi-jinping-urges-us-to-cooperate-practice-mutual-respect.md"
    same_size_edit(target, "Xi Jinping", "Xi Jinpong")
    if route == "with-a-regrouping-edit":  # every file looked up in the cache by its stat
        act(root, ("themes", 0, ["taiwan"]))
    elif route == "template":
        same_size_edit(root / "templates/article.html", "<article", "<articlE")
    result = build(root / "config.yaml")
    assert result.stats.written > 0
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")
    assert "Xi Jinpong" in (root / "site/articles/2021-11-10-xi-jinping-urges-us-to-cooperate-practice-mutual-respect"
                            "/index.html").read_text(encoding="utf-8")  # fmt: skip


def restore_without_times(folder: Path) -> None:
    """The folder copied back to where it was, as a CI cache or a fresh clone restores it: same paths and bytes,
    every file new (its modification and change time now, another inode)."""
    kept = folder.with_name(folder.name + ".kept")
    folder.rename(kept)
    shutil.copytree(kept, folder, copy_function=shutil.copyfile)
    shutil.rmtree(kept)
    time.sleep(RACY_NS / 1e9)  # a file changed less than this before a build is compared by content, every time


@pytest.mark.parametrize("forked", [False, True], ids=["hashed-here", "hashed-by-forked-processes"])
def test_a_restored_checkout_and_cache_rebuild_only_what_changed(tmp_path: Path, monkeypatch, forked: bool) -> None:
    if forked:  # as on a big site: files are read and hashed on every core
        from digest import load

        monkeypatch.setattr(load, "PARALLEL_FROM", 1)
    root = seeded(tmp_path / "project")
    for n in range(64):  # enough files that reading each again would show
        (root / f"content/articles/2019-01-01-more-{n}.md").write_text(article(n, "More", 1, [], [], "M.", False))
    build(root / "config.yaml")
    restore_without_times(root)
    result = build(root / "config.yaml")
    assert not result.regrouped and result.planned == 0 and result.stats.written == 0
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")
    again = build(root / "config.yaml")  # the new stats remembered: nothing to do, not even a hash
    assert list(again.steps) == ["scan"]

    act(root, ("body", 3, "restored then edited"))
    restore_without_times(root)
    result = build(root / "config.yaml")
    assert not result.regrouped and 0 < result.planned < result.pages / 4
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


def store_files(root: Path) -> list[Path]:
    """The store's files, in an order that does not depend on where the test runs (files are named by the output
    folder's path)."""
    folder = root / ".digest-cache"
    files = [p for p in folder.rglob("*") if p.is_file() and "spares" not in p.parts]
    return sorted(files, key=lambda p: re.sub("(?<![0-9a-f])[0-9a-f]{16}[.]", ".", p.relative_to(folder).as_posix()))


def garble(files: list[Path], rng: random.Random) -> list[str]:
    """Damage about half the files at random: cut short, bytes overwritten, or deleted."""
    done = []
    for path in files:
        size = path.stat().st_size
        kind = rng.choice(["keep", "truncate", "flip", "flip", "delete"])
        if kind == "truncate":
            os.truncate(path, rng.randrange(size) if size else 0)
        elif kind == "flip" and size:
            with open(path, "r+b") as handle:
                for _ in range(rng.randint(1, 8)):
                    handle.seek(rng.randrange(size))
                    handle.write(bytes([rng.randrange(256)]))
        elif kind == "delete":
            path.unlink()
        done.append(f"{kind} {path.name}")
    return done


@pytest.mark.parametrize("seed", range(8))
def test_a_store_garbled_at_random_is_never_believed(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = seeded(tmp_path / "project")
    build(root / "config.yaml")
    act(root, ("body", 1, "an edit, so that the store holds a journal and a second version"))
    build(root / "config.yaml")
    damage = garble(store_files(root), rng)
    edit = rng.choice([None, ("body", 2, "after"), ("title", 4, "Xi"), ("template", 1, "x"), ("themes", 5, [])])
    if edit:
        act(root, edit)
    run = digest("build", cwd=root)
    assert run.code == 0, f"{damage}, {edit}:\n{run.err}"
    assert "Traceback" not in run.err
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean"), f"{damage}, {edit}"
    assert run.err.count(DAMAGED) <= 1
    assert DAMAGED not in digest("build", cwd=root).err  # said once, and mended


def test_a_title_changed_inside_a_cached_entry_is_never_shown(tmp_path: Path) -> None:
    """A byte flipped in the cache once made pages show a title that is in no source file, silently, for good."""
    root = start(tmp_path / "project")
    build(root / "config.yaml")
    with sqlite3.connect(root / ".digest-cache/store.sqlite") as db:
        changed = db.execute(
            "UPDATE articles SET article = REPLACE(article, CAST('Item 3' AS BLOB), CAST('Itam 3' AS BLOB))"
        )
        assert changed.rowcount
    act(root, ("body", 0, "an edit elsewhere"))
    act(root, ("themes", 1, ["russia"]))  # every entry read
    run = digest("build", cwd=root)
    assert run.code == 0 and f".digest-cache: warning: {DAMAGED}" in run.err
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")
    assert not any(b"Itam 3" in data for data in snapshot(root / "site").values())


@pytest.mark.parametrize("damage", ["truncated", "a body rewritten", "a row gone"])
def test_damaged_bodies_are_rebuilt_from_the_sources(tmp_path: Path, damage: str) -> None:
    """Truncating the store's bodies made every later build stop with exit 3 (`the build cache lost body …`)."""
    root = start(tmp_path / "project")
    assert digest("build", cwd=root).code == 0
    database = root / ".digest-cache/store.sqlite"
    if damage == "truncated":
        os.truncate(database, database.stat().st_size // 2)
    else:
        with sqlite3.connect(database) as db:
            if damage == "a row gone":
                db.execute("DELETE FROM articles WHERE rowid = (SELECT MIN(rowid) FROM articles)")
            else:  # still a sound database: only its checksum can tell
                db.execute("UPDATE articles SET html = '<p>not from any file</p>'")
        db.close()
    act(root, ("template", 1, "x"))  # every article page rendered again, from its body
    run = digest("build", cwd=root)
    assert run.code == 0 and DAMAGED in run.err, run.err
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")
    run = digest("build", cwd=root)
    assert run.code == 0 and DAMAGED not in run.err


def test_what_another_version_of_digest_stored_is_not_used(tmp_path: Path) -> None:
    """After an upgrade, HTML an older digest rendered into the store must not reach the site."""
    other = tmp_path / "other" / "digest"
    shutil.copytree(REPO / "digest", other)
    markup = other / "markup.py"
    markup.write_text(markup.read_text(encoding="utf-8").replace("body_html=", 'body_html="<p>older</p>" + ', 1))
    root = start(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(other.parent)}
    subprocess.run([sys.executable, "-m", "digest", "build"], cwd=root, env=env, check=True, capture_output=True)
    assert b"<p>older</p>" in (root / "site/articles/2024-03-01-item-0/index.html").read_bytes()
    run = digest("build", cwd=root)
    assert run.code == 0 and DAMAGED not in run.err
    assert snapshot(root / "site") == clean_build(root, tmp_path / "clean")


def test_every_field_of_a_stored_article_and_record_comes_back(tmp_path: Path) -> None:
    """The store keeps a record and an article as their fields in order: each must come back as it was loaded."""
    from dataclasses import fields

    from digest.config import load_config
    from digest.load import load_changed, scan
    from digest.store import Store

    root = seeded(tmp_path / "project")
    bell = '---\ntitle: "Bell"\ndate: 2024-03-02\ndraft: true\n---\n\nA bell\x07 rang.\n'  # with a warning
    (root / "content/articles/2024-03-02-bell.md").write_text(bell, encoding="utf-8")
    config = load_config(root / "config.yaml")
    first = Store.open(root, config)
    records, fresh = load_changed(config, scan(config), first)
    first.save()
    store = Store.open(root, config)
    assert store.files() == {record.path: record for record in records} and not store.damage
    for loaded in fresh.values():
        again = store.article(loaded.fingerprint)
        for field in fields(loaded):
            assert getattr(again, field.name) == getattr(loaded, field.name), field.name
        assert again.body.html == loaded.body.html
