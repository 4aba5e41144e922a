"""config → load → group → render + feeds → output, as a flat list of steps.

Everything is loaded, checked and rendered in memory before the first byte is
written, so a failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from . import feeds, output, render
from .config import load_config
from .errors import DigestError, Problem
from .group import Digest, group
from .load import load_articles


@dataclass(frozen=True)
class BuildResult:
    digest: Digest
    out: Path
    pages: int
    feeds: int
    stats: output.WriteStats
    warnings: list[Problem]
    seconds: float
    steps: dict[str, float]  # seconds per step, in order


class Progress(Protocol):
    """Told how far each step is; the CLI decides how (and whether) to show it."""

    def __call__(self, step: str, done: int, total: int) -> None: ...


def strict_problems(warnings: list[Problem]) -> None:
    """Under --strict a warning stops the run like an error."""
    if warnings:
        raise DigestError([replace(p, warning=False) for p in warnings])


def check(config_path: Path, strict: bool = False) -> tuple[int, list[Problem]]:
    """Validate config and every article; raise DigestError on any error."""
    config = load_config(config_path)
    articles, warnings = load_articles(config)
    if strict:
        strict_problems(warnings)
    return len(articles), warnings


def build(
    config_path: Path,
    out: Path | None = None,
    drafts: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    steps: dict[str, float] = {}
    started = last = time.perf_counter()

    def step(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps[name] = now - last
        last = now

    def tell(name: str):
        return (lambda done, total: progress(name, done, total)) if progress else None

    config = load_config(config_path)
    articles, warnings = load_articles(config, progress=tell("load"))
    if strict:
        strict_problems(warnings)
    step("load")
    digest = group(config, articles, drafts=drafts)
    step("group")
    pages = render.render_pages(digest, render.environment(config), progress=tell("render"))
    step("render")
    feed_files = feeds.feed_files(digest)
    step("feeds")
    files = {**render.static_files(config), **pages, **feed_files}
    out = out or config.root / "site"
    stats = output.write_site(files, out)
    step("write")
    return BuildResult(digest, out, len(pages), len(feed_files), stats, warnings, time.perf_counter() - started, steps)
