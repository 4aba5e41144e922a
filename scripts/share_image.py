"""Draw templates/assets/share.png, the 1200 × 630 preview a shared link shows, from config.yaml's title and
description in the site's own look (colours and the favicon's mark from style.css and favicon.svg).

Run it again after changing the site's title:   .venv/bin/python scripts/share_image.py [--config config.yaml]
It renders once in Debian's Chromium (DIGEST_CHROMIUM for another path); builds only copy the PNG.
"""

from __future__ import annotations

import argparse
import html
import os
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

WIDTH, HEIGHT = 1200, 630
PAGE = """<!doctype html><meta charset="utf-8"><style>
html, body {{ margin: 0; width: {width}px; height: {height}px; }}
body {{ background: #fdfcf9; color: #1c1b19; display: flex; flex-direction: column; justify-content: space-between;
  box-sizing: border-box; padding: 72px 88px 64px; border-top: 24px solid #9b1c1c;
  font-family: "Iowan Old Style", Charter, "Bitstream Charter", Georgia, "Noto Serif", "DejaVu Serif", serif; }}
.mark {{ display: flex; align-items: center; gap: 28px; }}
.mark svg {{ width: 112px; height: 112px; flex: none; }}
h1 {{ font-size: 88px; line-height: 1.05; margin: 0; letter-spacing: -0.01em; }}
p {{ font: 36px/1.35 system-ui, "Liberation Sans", "DejaVu Sans", Arial, sans-serif; color: #5a574f; margin: 0;
  max-width: 1000px; }}
.rule {{ height: 4px; background: #dcd7cc; margin: 0 0 28px; }}
</style>
<div class="mark">{mark}<h1>{title}</h1></div>
<div><div class="rule"></div><p>{description}</p></div>
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("config.yaml"))
    args = parser.parse_args()
    site = yaml.safe_load(args.config.read_text(encoding="utf-8"))["site"]
    root = args.config.resolve().parent
    mark = (root / "templates/assets/favicon.svg").read_text(encoding="utf-8")
    page = PAGE.format(
        width=WIDTH,
        height=HEIGHT,
        mark=mark,
        title=html.escape(site["title"]),
        description=html.escape(site["description"]),
    )
    out = root / "templates/assets/share.png"
    chromium = os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
        tab.set_content(page)
        tab.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
        browser.close()
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
