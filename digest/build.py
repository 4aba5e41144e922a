"""config → load → group → render + feeds → output, as a flat list of steps.

Everything is loaded, checked and rendered in memory before the first byte is
written, so a failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import feeds, output, render
from .config import load_config
from .errors import Problem
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


def check(config_path: Path) -> tuple[int, list[Problem]]:
    """Validate config and every article; raise DigestError on any error."""
    config = load_config(config_path)
    articles, warnings = load_articles(config)
    return len(articles), warnings


def build(config_path: Path, out: Path | None = None, drafts: bool = False) -> BuildResult:
    started = time.perf_counter()
    config = load_config(config_path)
    articles, warnings = load_articles(config)
    digest = group(config, articles, drafts=drafts)
    env = render.environment(config)
    pages = render.render_pages(digest, env)
    feed_files = feeds.feed_files(digest)
    files = {**render.static_files(config), **pages, **feed_files}
    out = out or config.root / "site"
    stats = output.write_site(files, out)
    return BuildResult(digest, out, len(pages), len(feed_files), stats, warnings, time.perf_counter() - started)
