"""The README's architecture table: "A one-way pipeline; each module imports only the ones above it."

The order is read from README.md itself, so the table and this test cannot drift apart; imports are read
from the source, wherever they are (at the top, inside functions, under TYPE_CHECKING).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "digest"
ENTRY_POINTS = {"__init__", "__main__"}  # the package itself, and `python -m digest`: not pipeline stages


def table_order() -> list[str]:
    """The modules the README's architecture table lists, top to bottom."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Architecture\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"(?m)^\| `(\w+)\.py` \|", section)


def digest_modules(path: Path) -> set[str]:
    """The modules of digest that a module imports: `from .x import`, `from . import x`, `import digest.x`,
    `from digest.x import`, anywhere in the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level == 1 or node.module == "digest"):
            names = [node.module] if node.level == 1 and node.module else [alias.name for alias in node.names]
            found.update(name.split(".")[0] for name in names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("digest."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[1] for alias in node.names if alias.name.startswith("digest."))
    return {name for name in found if (PACKAGE / f"{name}.py").is_file()}  # not names of the package (__version__)


def test_the_architecture_table_lists_every_module_once() -> None:
    order = table_order()
    modules = {path.stem for path in PACKAGE.glob("*.py")} - ENTRY_POINTS
    assert len(order) == len(set(order)), f"listed twice: {sorted({m for m in order if order.count(m) > 1})}"
    missing, gone = sorted(modules - set(order)), sorted(set(order) - modules)
    assert not missing and not gone, f"not in the table: {missing}; in the table but not in digest/: {gone}"


def test_each_module_imports_only_the_ones_above_it() -> None:
    order = table_order()
    rank = {name: at for at, name in enumerate(order)}
    upwards = sorted(
        f"{module} imports {other}"
        for module in order
        for other in digest_modules(PACKAGE / f"{module}.py")
        if other in rank and rank[other] >= rank[module]
    )
    assert upwards == [], "; ".join(upwards)
