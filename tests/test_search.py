"""The search index (search.py): parts a reader's browser merges, Pagefind's output as reproducible as the
pages, and `site.search: false` leaving no trace. Searching in Chromium is in tests/browser/test_search.py."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PAGE, digest, snapshot

from digest import search


def _set_search(project: Path, on: bool) -> None:
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8").replace("\n  search: true ", "\n  search: false ")
    if on:
        text = text.replace("\n  search: false ", "\n  search: true ")
    config.write_text(text, encoding="utf-8")


def test_a_build_indexes_the_articles_for_the_search_page(project: Path) -> None:
    assert digest("build", cwd=project).code == 0
    site = snapshot(project / "site")
    entry = json.loads(site["search/index/2024/pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == 1  # the one article: no list page, no other page
    assert "search/index.html" in site
    assert b'action="/search/" method="get"' in site[PAGE + "index.html"]  # the header's box, on every page
    assert not [path for path in site if path.endswith(("pagefind-ui.js", "pagefind-ui.css"))]  # our own page


def test_search_off_builds_no_index_no_page_and_no_box(project: Path) -> None:
    _set_search(project, on=False)
    assert "search: false" in (project / "config.yaml").read_text(encoding="utf-8")
    assert digest("build", cwd=project).code == 0
    site = snapshot(project / "site")
    assert not [path for path in site if path.startswith("search/")]
    pages = [data for path, data in site.items() if path.endswith(".html")]
    assert pages and not [data for data in pages if b'role="search"' in data]
    _set_search(project, on=True)  # and back on: the index comes back, and the stale pages lose nothing
    assert digest("build", cwd=project).code == 0
    assert (project / "site" / "search" / "index" / "2024" / "pagefind-entry.json").is_file()


def test_pagefind_gives_the_same_bytes_for_the_same_records() -> None:
    records = [
        {"type": "AddRecord", "url": f"/articles/a{n}/", "content": f"Talks number {n} on trade and Taiwan 台湾.",
         "language": "en", "meta": {"title": f"Talks {n}", "date": "1 May 2024"}, "filters": None, "sort": None}
        for n in range(40)
    ]  # fmt: skip
    part = search.Part("2024", tuple(f"a{n}" for n in range(40)), "key")
    first = dict(search.index_parts([(part, lambda: records)], 2))
    again = dict(search.index_parts([(part, lambda: records)], 1))
    assert first == again
    assert len([path for path in first if "/fragment/" in path]) == 40
    # several parts, indexed two at a time while the next one's records are made: each as if alone
    months = [(search.Part(f"2024-0{m}", (), "key"), (lambda m=m: records[m * 8 : m * 8 + 8])) for m in range(1, 5)]
    together = list(search.index_parts(months, 2))
    alone = [file for month in months for file in search.index_parts([month], 1)]
    assert together == alone
    assert len({path.split("/")[2] for path, _ in together}) == 4


def test_a_busy_year_is_indexed_a_month_at_a_time() -> None:
    quiet = {f"q{n}": f"2023-{n % 12 + 1:02d}-01" for n in range(search.SMALL_PART)}
    busy = {f"b{n}": f"2024-{n % 12 + 1:02d}-01" for n in range(search.SMALL_PART + 1)}
    days = dict(sorted({**busy, **quiet}.items(), key=lambda item: item[1], reverse=True))
    names = list(search.part_members(days))
    assert names == [f"2024-{month:02d}" for month in range(12, 0, -1)] + ["2023"]
    fingerprints = dict.fromkeys(days, "f")
    before = {p.name: p.key for p in search.plan_parts(days, fingerprints, "en", "UTC")}
    after = {p.name: p.key for p in search.plan_parts(days, {**fingerprints, "b0": "edited"}, "en", "UTC")}
    assert {name for name in before if before[name] != after[name]} == {"2024-01"}  # b0's month only
    # a result shows its article's date in the site's time zone: another zone indexes every part again
    elsewhere = {p.name: p.key for p in search.plan_parts(days, fingerprints, "en", "Asia/Shanghai")}
    assert all(elsewhere[name] != before[name] for name in before)
