"""The architecture page stays true: every module is on it, and its diagram draws."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from checkers import require_program

ROOT = Path(__file__).parent.parent
PAGE = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "sphinx_quicktakes"
#: Files outside the package the page also names.
OTHERS = ("tests/", "scripts/", "benchmarks/")


def test_every_module_of_the_package_is_on_the_page() -> None:
    text = PAGE.read_text(encoding="utf-8")
    named = {n for n in re.findall(r"`([a-z_/]+\.py)`", text) if not n.startswith(OTHERS)}
    modules = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    }
    assert not sorted(modules - named), "modules missing from docs/architecture.md"
    assert not sorted(named - modules), "docs/architecture.md names modules that do not exist"


def test_the_data_flow_diagram_draws() -> None:
    dot = require_program("dot", "apt-get install graphviz")
    text = PAGE.read_text(encoding="utf-8")
    source = re.search(r"```\{graphviz\}\n(?::[^\n]*\n)*\n(.*?)```", text, re.DOTALL)
    assert source, "no graphviz block"
    svg = subprocess.run(
        [dot, "-Tsvg"], input=source.group(1), capture_output=True, text=True, check=True
    ).stdout
    for label in ("Article", "Library", "MyST pages", "page records", "study guides"):
        assert label in svg
