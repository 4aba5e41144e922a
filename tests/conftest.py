"""Shared helpers: a throwaway copy of the project, the real CLI in a subprocess, file-tree snapshots."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

VALID_ARTICLE = """\
---
title: "Xi tells Blinken: Let’s be partners, not rivals"
date: 2024-04-26
source: {name: Example Wire, url: "https://example.com/xi-blinken", origin: 002_40121218b3ce605e.txt}
themes: [partnership, taiwan]
meetings: [blinken-beijing-2024]
people: [xi-jinping, antony-blinken]
---

Chinese President Xi Jinping on Friday told Antony Blinken that the two countries should be “partners, not rivals”.
"""


@dataclass
class Run:
    code: int
    out: str
    err: str


def digest(*args: str | Path, cwd: Path) -> Run:
    """The real command line, as an editor runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "digest", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def make_project(root: Path, config: Path | None = None, with_article: bool = True) -> Path:
    """A copy of the repository's config and templates with one valid article."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(config or REPO / "config.yaml", root / "config.yaml")
    shutil.copytree(REPO / "templates", root / "templates")
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    if with_article:
        (articles / "2024-04-26-xi-tells-blinken.md").write_text(VALID_ARTICLE, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def pytest_configure(config: pytest.Config) -> None:
    if not sorted(SEEDS.glob("*.txt")):
        raise pytest.UsageError(
            f"the seed articles are missing: expected them in {SEEDS} (shared/ beside the repository)"
        )
