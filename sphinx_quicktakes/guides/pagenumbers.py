"""Page numbers stamped on a joined PDF, so its parts can be rendered and cached apart.

A subject PDF is rendered in chunks that know nothing of the pages before them. Its page
numbers are drawn afterwards: WeasyPrint renders blank pages that carry only the footer of
the print stylesheet, numbered from any first page, and each one is laid over its page as a
form. The numbers are marked as pagination artifacts, as PDF/UA asks of page furniture.
Blocks of numbers depend on nothing but the stylesheet, so they are rendered once and kept.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Dictionary, Name

from sphinx_quicktakes.outputs import digest, write_if_changed

#: Numbers rendered at a time, and kept as one file.
BLOCK = 200

_STAMP_CSS = """
@page { @top-left { content: none; } @top-right { content: none; } }
@page :first { counter-reset: page %d; @bottom-center { content: counter(page); } }
.qt-number-page { break-before: page; }
"""


def numbers_document(css: str, first: int, count: int) -> str:
    """Print HTML of ``count`` blank pages numbered from ``first``."""
    pages = '<div class="qt-number-page"></div>' * count
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/><title>Numbers</title>'
        f"<style>\n{css}\n{_STAMP_CSS % first}</style></head><body>{pages}</body></html>\n"
    )


def _as_artifacts(pdf: pikepdf.Pdf) -> None:
    """Mark every tagged run of the number pages as a pagination artifact."""
    artifact = Dictionary(Type=Name.Pagination, Subtype=Name.Footer)
    for page in pdf.pages:
        operations: list[Any] = []
        for instruction in pikepdf.parse_content_stream(page):
            if str(instruction.operator) == "BDC":
                instruction = pikepdf.ContentStreamInstruction(
                    [Name.Artifact, artifact], instruction.operator
                )
            operations.append(instruction)
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))


def _copy(found: object) -> Dictionary:
    """A new dictionary with the entries of ``found`` (empty when it is not one)."""
    if not isinstance(found, Dictionary):
        return Dictionary()
    return Dictionary({key: found[key] for key in found.keys()})  # noqa: SIM118


class PageNumbers:
    """Rendered blocks of page numbers, kept in ``folder``."""

    def __init__(
        self, folder: Path, css: str, render: Callable[[str], bytes], salt: str = ""
    ) -> None:
        self.folder = folder
        self.css = css
        self.render = render
        #: The stylesheet and ``salt`` (the renderer's versions) decide how numbers look.
        self.key = digest(f"{salt}\0{css}".encode())[:16]
        self._open: dict[int, pikepdf.Pdf] = {}

    def _block(self, number: int) -> pikepdf.Pdf:
        if number not in self._open:
            path = self.folder / f"numbers-{self.key}-{number}.pdf"
            try:
                data = path.read_bytes()
            except OSError:
                data = self.render(numbers_document(self.css, number * BLOCK + 1, BLOCK))
                write_if_changed(path, data)
            pdf = pikepdf.open(io.BytesIO(data))
            _as_artifacts(pdf)
            self._open[number] = pdf
        return self._open[number]

    def stamp(self, pdf: pikepdf.Pdf, first_page: int, start: int = 1) -> None:
        """Number the pages of ``pdf`` from index ``first_page`` on, starting at ``start``."""
        for index in range(first_page, len(pdf.pages)):
            number = index - first_page + start - 1  # 0-based
            block = self._block(number // BLOCK)
            form = pdf.copy_foreign(block.pages[number % BLOCK].as_form_xobject())
            page = pdf.pages[index]
            # WeasyPrint shares one resource dictionary between pages: give this page its own.
            resources = _copy(page.obj.get("/Resources"))
            forms = _copy(resources.get("/XObject"))
            forms["/QtPageNumber"] = form
            resources.XObject = forms
            page.obj.Resources = resources
            page.contents_add(b"q\n", prepend=True)
            page.contents_add(b"\nQ\nq /QtPageNumber Do Q\n")

    def close(self) -> None:
        """Release the open blocks."""
        for pdf in self._open.values():
            pdf.close()
        self._open.clear()
