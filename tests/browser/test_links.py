"""Every internal href and src of every page resolves to a built file, and every #fragment to an id there."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from .conftest import Site, internal_links


def test_every_internal_link_and_fragment_resolves(site: Site) -> None:
    dead, checked, fragments = [], 0, 0
    for page in site.pages():
        for written, absolute in internal_links(site, page):
            checked += 1
            target = site.file_for(absolute)
            where = f"{page.relative_to(site.folder)}: {written}"
            if target is None:
                dead.append(f"{where} (nothing is built at {absolute})")
                continue
            fragment = unquote(urlsplit(absolute).fragment)
            if fragment and target.suffix == ".html":
                fragments += 1
                if not site.doc(target).xpath("//*[@id=$f] | //a[@name=$f]", f=fragment):
                    dead.append(f"{where} (no id `{fragment}` in {target.relative_to(site.folder)})")
    assert not dead, f"{len(dead)} dead links in the {site.name} site:\n" + "\n".join(dead[:30])
    assert checked > len(site.pages()) * 10  # every page links its stylesheet, feeds and sections
    assert fragments >= len(site.pages())  # at least each page's skip link


def test_links_leaving_the_site_are_web_addresses(site: Site) -> None:
    """A link a reader follows off the site is http(s), never a path outside the published folder."""
    odd = []
    for page in site.pages():
        for element in site.doc(page).cssselect("[href], [src]"):
            value = (element.get("href") or element.get("src")).strip()
            scheme = urlsplit(value).scheme
            if element.get("src") and value.startswith("data:image/"):
                continue  # an image inlined in the page
            if scheme and scheme not in ("http", "https", "mailto"):
                odd.append(f"{page.relative_to(site.folder)}: {value}")
            elif value.startswith("/") and not value.startswith(site.base_path):
                odd.append(f"{page.relative_to(site.folder)}: {value} (outside {site.base_path})")
    assert not odd, "\n".join(odd[:30])
