"""Every page of both sites through the Nu Html Checker (vnu.jar), in one run."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .conftest import Site, run_vnu

BROKEN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Control</title></head>
<body><main><p>An unclosed <em>element.</main></body></html>
"""


@pytest.fixture(scope="session")
def nu_errors(sites: dict[str, Site], tmp_path_factory: pytest.TempPathFactory) -> dict[Path, list[str]]:
    """Errors per file, from one vnu.jar run over every page of both sites plus one page known to be invalid."""
    control = tmp_path_factory.mktemp("nu") / "control.html"
    control.write_text(BROKEN, encoding="utf-8")
    files = [control, *(page for site in sites.values() for page in site.pages())]
    errors: dict[Path, list[str]] = {}
    for message in run_vnu(files):
        file = Path(unquote(urlsplit(message.get("url", "")).path))
        errors.setdefault(file, []).append(f"line {message.get('lastLine', '?')}: {message['message']}")
    errors["control"] = errors.pop(control, [])
    return errors


def test_the_checker_reports_an_unclosed_element(nu_errors: dict) -> None:
    """Without this, a checker that ran on nothing would pass every page."""
    assert any("Unclosed element" in e or "end tag" in e for e in nu_errors["control"]), nu_errors["control"]


def test_every_page_is_valid_html(site: Site, nu_errors: dict) -> None:
    pages = site.pages()
    assert len(pages) > (400 if site.name == "large" else 20)
    found = {page.relative_to(site.folder).as_posix(): nu_errors[page] for page in pages if page in nu_errors}
    report = "\n".join(f"{name}: {error}" for name, errors in found.items() for error in errors[:5])
    assert not found, f"Nu Html Checker errors in {len(found)} of {len(pages)} pages of the {site.name} site:\n{report}"
