"""Quotations outside their article, as Chromium shows them: statements only, never a phrase cut out of a sentence."""

from __future__ import annotations

import feedparser
from playwright.sync_api import Page

from digest.quotes import SHORTEST_STATEMENT, is_fragment, quote_key

from .conftest import Site

# Every quotation a page shows, as the reader sees it (its rendered text), with what it stands under: the heading
# before it (a day and meeting on a person's page, a speaker on a meeting's) and the speaker its caption names.
SHOWN = """() => [...document.querySelectorAll('main blockquote')].map(q => {
  const figure = q.closest('figure'), speaker = figure && figure.querySelector('.speaker');
  let heading = figure;
  while (heading && heading.tagName !== 'H3') heading = heading.previousElementSibling;
  return [(heading ? heading.innerText : '') + ' | ' + (speaker ? speaker.innerText : ''), q.innerText.trim()];
})"""


def _pages_quoting(site: Site) -> list[str]:
    """Every page but the articles: the home page and its later pages, people, meetings, themes and the archive."""
    return [site.address(file) for file in site.pages() if not site.address(file).startswith("articles/")]


def test_no_fragment_is_shown_outside_its_article(site: Site, page: Page) -> None:
    """A quotation shown on its own has SHORTEST_STATEMENT words or more and is a sentence, and nobody's statement
    shows twice under one heading. Person feeds' notes likewise show no fragment."""
    problems, seen = [], 0
    for address in _pages_quoting(site):
        page.goto(site.served(address))
        shown = page.evaluate(SHOWN)
        seen += len(shown)
        for _, text in shown:
            if len(text.split()) < SHORTEST_STATEMENT or is_fragment(text):
                problems.append(f"/{address}: {text!r}")
        keys = [(occasion, quote_key(text)) for occasion, text in shown]
        problems += [f"/{address}: shown twice: {key}" for key in sorted({k for k in keys if keys.count(k) > 1})]
    assert seen, "no page outside the articles shows a quotation: nothing was checked"
    for feed in (site.folder / "people").glob("*/feed.xml"):
        for entry in feedparser.parse(feed.read_bytes()).entries:
            for text in entry.summary.split("” “") if entry.summary.startswith("“") else ():
                if is_fragment(text.strip("“”")):
                    problems.append(f"{feed.relative_to(site.folder)}: {text!r}")
    assert not problems, f"{len(problems)} quotations shown out of their article:\n" + "\n".join(problems[:30])
