"""Sphinx's EPUB 3 builder with MathML pages: declare ``properties="mathml"`` in the OPF.

EPUB 3 requires every content document that holds MathML to say so in the package manifest;
Sphinx's ``content.opf`` template has no such property, so after it is written (and before
the book is zipped) the items of pages that contain ``<math`` get it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

_ITEM = re.compile(
    r'<item id="[^"]*" href="(?P<href>[^"]+)" media-type="application/xhtml\+xml" />'
)


def declare_mathml(outdir: Path) -> None:
    """Add ``properties="mathml"`` to the manifest items whose page contains MathML."""
    opf = outdir / "content.opf"
    text = opf.read_text(encoding="utf-8")

    def item(match: re.Match[str]) -> str:
        page = outdir / html.unescape(match.group("href"))
        if page.is_file() and "<math" in page.read_text(encoding="utf-8"):
            return match.group()[: -len(" />")] + ' properties="mathml" />'
        return match.group()

    updated = _ITEM.sub(item, text)
    if updated != text:
        opf.write_text(updated, encoding="utf-8")


def wrap_epub_builder(app: Sphinx) -> None:
    """On the ``epub`` builder, run :func:`declare_mathml` right after ``content.opf``."""
    builder: Any = app.builder
    if builder.name != "epub" or not hasattr(builder, "build_content"):
        return
    build_content = builder.build_content

    def build_content_with_mathml() -> None:
        build_content()
        declare_mathml(Path(builder.outdir))

    builder.build_content = build_content_with_mathml
