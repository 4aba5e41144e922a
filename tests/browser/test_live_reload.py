"""The editor's loop in a real browser: the open page reloads by itself when its Markdown changes."""

from __future__ import annotations

from pathlib import Path

from conftest import PAGE, Served, edit, make_project
from playwright.sync_api import Page, expect


def test_open_article_reloads_itself_after_its_markdown_is_edited(page: Page, tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    server = Served(project)
    try:
        page.goto(server.url + PAGE)
        expect(page.locator("h1")).to_have_text("Xi tells Blinken: Let’s be partners, not rivals")
        page.evaluate("window.beforeEdit = true")  # gone once the page has reloaded
        edit(project, "Xi tells Blinken: Let’s be partners, not rivals", "Edited while the page was open")
        expect(page.locator("h1")).to_have_text("Edited while the page was open", timeout=30_000)
        assert page.evaluate("window.beforeEdit") is None  # the page reloaded itself: the test never asked it to

        edit(project, 'title: "Edited while the page was open"', "title: Broken: again")
        expect(page.locator("h1")).to_have_text("The build failed: 1 error", timeout=30_000)
        expect(page.locator(".build-errors")).to_contain_text("YAML syntax error")
        edit(project, "title: Broken: again", 'title: "Back again"')
        expect(page.locator("h1")).to_have_text("Back again", timeout=30_000)
    finally:
        assert server.stop() == 0
