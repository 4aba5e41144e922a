"""Accessibility in Chromium: axe-core's WCAG 2 A and AA rules on every kind of page, and a visible keyboard focus."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from .conftest import AXE_JS, Site

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return {
    rules: result.passes.length + result.violations.length + result.incomplete.length,
    violations: result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))})),
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violations_on_any_kind_of_page(site: Site, page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    found = []
    for kind, address in site.page_types().items():
        page.goto(site.served(address))
        page.add_script_tag(path=AXE_JS)
        result = page.evaluate(AXE_RUN, WCAG_TAGS)
        assert result["rules"] > 10, f"{kind}: axe ran {result['rules']} rules"  # it really ran
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                nodes = "\n      ".join(v["nodes"][:4])
                found.append(f"{kind} (/{address}): {v['id']} [{v['impact']}] {v['help']}\n      {nodes}")
    assert not found, f"axe, {scheme} scheme, {site.name} site:\n" + "\n".join(found)


def _channels(css: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def _luminance(rgb: tuple[float, ...]) -> float:
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two computed CSS colours; a transparent foreground has none."""
    fg, bg = _channels(foreground), _channels(background)
    if fg[3] == 0:
        return 1.0
    lighter, darker = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])"
STYLE = """e => { const s = getComputedStyle(e), r = e.getBoundingClientRect(); return {
  outline: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, shadow: s.boxShadow,
  text: (e.textContent || '').trim().slice(0, 40), index: [...document.querySelectorAll("FOCUSABLE")].indexOf(e),
  background: getComputedStyle(document.body).backgroundColor,
  visible: r.width > 0 && r.height > 0 && r.left >= -1 && r.right <= innerWidth + 1 && r.top >= -1
    && r.bottom <= innerHeight + 1,
}; }""".replace("FOCUSABLE", FOCUSABLE)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_focus_is_always_visible(site: Site, page: Page, scheme: str) -> None:
    """Tabbing through a page, every focused link gets a clear outline (3:1 against the page) or a new shadow."""
    page.emulate_media(color_scheme=scheme)
    types = site.page_types()
    problems = []
    for kind in ("home", "article", "theme", "meeting", "404", "subscribe"):
        page.goto(site.served(types[kind]))
        unfocused = page.eval_on_selector_all(FOCUSABLE, f"all => all.map({STYLE})")
        page.keyboard.press("Tab")
        first = page.evaluate(f"({STYLE})(document.activeElement)")
        if first["text"] != "Skip to content" or not first["visible"]:
            problems.append(f"{kind}: the first Tab should show the skip link, got {first}")
        for _ in range(min(len(unfocused), 30)):
            now = page.evaluate(f"({STYLE})(document.activeElement)")
            if now["index"] < 0:  # past the last link, focus leaves the page
                break
            before = unfocused[now["index"]]
            outlined = now["outline"] != "none" and now["width"] >= 2 and contrast(now["color"], now["background"]) >= 3
            shadowed = now["shadow"] not in ("none", before["shadow"])
            if not (outlined or shadowed) or not now["visible"]:
                problems.append(f"{kind}: focus on “{now['text']}” is not visible: {now}")
            page.keyboard.press("Tab")
    assert not problems, f"{scheme} scheme, {site.name} site:\n" + "\n".join(problems[:20])


def test_the_skip_link_takes_the_reader_to_the_content(site: Site, page: Page) -> None:
    page.goto(site.served(site.page_types()["article"]))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")  # the next stop is inside the content, past the site's navigation
    assert page.evaluate("document.activeElement.closest('main') !== null")
