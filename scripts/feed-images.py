"""Draw the feeds' pictures from templates/assets/favicon.svg, with Debian's Chromium (as the page checks use it).

    .venv/bin/python scripts/feed-images.py

Run it again after changing favicon.svg. It writes, into templates/assets/:
- feed-icon.png, 512 × 512: the feeds' icon (Atom <icon>, JSON Feed `icon`), square and large, as JSON Feed asks;
- feed-logo.png, 144 × 72: the feeds' logo (RSS <image>, at most 144 wide; Atom <logo>, twice as wide as tall).
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ASSETS = Path(__file__).resolve().parents[1] / "templates" / "assets"
CHROMIUM = os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium")
PICTURES = {"feed-icon.png": (512, 512), "feed-logo.png": (144, 72)}


def page(svg: bytes, width: int, height: int) -> str:
    """The icon as large as the height allows, centred, on a transparent background."""
    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    return (
        f"<!doctype html><style>html,body{{margin:0;background:transparent}}"
        f"body{{width:{width}px;height:{height}px;display:flex;align-items:center;justify-content:center}}</style>"
        f'<img src="{source}" width="{height}" height="{height}" alt="">'
    )


def main() -> None:
    svg = (ASSETS / "favicon.svg").read_bytes()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        for name, (width, height) in PICTURES.items():
            tab = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            tab.set_content(page(svg, width, height))
            tab.screenshot(path=str(ASSETS / name), omit_background=True)
            tab.close()
            print(f"templates/assets/{name}: {width} × {height}")
        browser.close()


if __name__ == "__main__":
    main()
