"""TeX -> MathML (latex2mathml) for HTML and EPUB, and MathML -> SVG (ziamath) for PDF.

Every conversion can fail on odd input; a failed formula is shown as its TeX source in a
code element and reported once, never raised.
"""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import lru_cache

from latex2mathml.converter import convert

from sphinx_quicktakes.articles.rules import strip_invalid_xml
from sphinx_quicktakes.guides.chapters import MathItem

#: ziamath size (points); SVG units are then em / SVG_SIZE.
SVG_SIZE = 20.0
#: An unknown command survives conversion as text such as ``<mi>\foo</mi>``.
_LEFTOVER_COMMAND = re.compile(r">[^<]*\\[A-Za-z]")
_VIEWBOX = re.compile(r'viewBox="([-\d.e]+) ([-\d.e]+) ([-\d.e]+) ([-\d.e]+)"')

#: Called with (message, formula, docname) when a formula cannot be converted.
Reporter = Callable[[str, MathItem, str], None]


@lru_cache(maxsize=8192)
def tex_to_mathml(tex: str, display: bool, annotate: bool = False) -> str | None:
    """MathML for ``tex``, or None when it cannot be converted faithfully.

    The TeX is kept in ``alttext`` (for screen readers and copying); with ``annotate`` also
    in ``<semantics>``/``<annotation encoding="application/x-tex">``.
    """
    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds of errors on bad TeX
        return None
    mathml = strip_invalid_xml(mathml)
    if _LEFTOVER_COMMAND.search(mathml):
        return None
    try:
        ET.fromstring(mathml)
    except ET.ParseError:
        return None
    source = " ".join(strip_invalid_xml(tex).split())
    alt = html.escape(source, quote=True)
    mathml = mathml.replace("<math ", f'<math alttext="{alt}" ', 1)
    if annotate:
        mathml = _annotate(mathml, html.escape(source, quote=False))
    return mathml


def _annotate(mathml: str, tex: str) -> str:
    """Wrap the content of ``<math>`` in ``<semantics>`` with a TeX annotation."""
    opened = mathml.index(">") + 1
    closed = mathml.rindex("</math>")
    body = f"<mrow>{mathml[opened:closed]}</mrow>"
    annotation = f'<annotation encoding="application/x-tex">{tex}</annotation>'
    return f"{mathml[:opened]}<semantics>{body}{annotation}</semantics></math>"


def source_code(tex: str, display: bool) -> str:
    """The TeX source as code, for a formula that could not be converted."""
    code = html.escape(strip_invalid_xml(tex.strip()), quote=False)
    if display:
        return f'<pre class="qt-math-source"><code>{code}</code></pre>'
    return f'<code class="qt-math-source">{code}</code>'


def fallback(item: MathItem) -> str:
    """The TeX source of a guide formula as code."""
    return source_code(item.tex, item.display)


class MathRenderer:
    """Converts and caches formulas for one build; reports each failure once."""

    def __init__(self, report: Reporter) -> None:
        self._report = report
        self._mathml: dict[tuple[str, bool], str | None] = {}
        self._svg: dict[tuple[str, bool], str | None] = {}
        self._reported: set[tuple[str, str, bool, str]] = set()

    def _failed(self, message: str, item: MathItem, docname: str) -> None:
        key = (message, item.tex, item.display, docname)
        if key not in self._reported:
            self._reported.add(key)
            self._report(message, item, docname)

    def _to_mathml(self, item: MathItem) -> str | None:
        key = (item.tex, item.display)
        if key not in self._mathml:
            self._mathml[key] = tex_to_mathml(item.tex, item.display)
        return self._mathml[key]

    def mathml(self, item: MathItem, docname: str) -> str:
        """MathML markup for EPUB (inline or display)."""
        mathml = self._to_mathml(item)
        if mathml is None:
            self._failed("cannot convert math to MathML; showing its TeX source", item, docname)
            return fallback(item)
        return mathml

    def svg(self, item: MathItem, docname: str) -> str:
        """An ``<img>`` with the formula as SVG, for WeasyPrint."""
        key = (item.tex, item.display)
        if key not in self._svg:
            self._svg[key] = self._make_svg(item)
        image = self._svg[key]
        if image is None:
            self._failed("cannot draw math as SVG; showing its TeX source", item, docname)
            return fallback(item)
        return image

    def _make_svg(self, item: MathItem) -> str | None:
        mathml = self._to_mathml(item)
        if mathml is None:
            return None
        try:
            from ziamath import zmath

            # An element, not a string: ziamath unescapes strings, breaking "&lt;" in text.
            svg = zmath.Math(ET.fromstring(mathml), size=SVG_SIZE).svg()
        except Exception:  # ziamath fails on some MathML constructs
            return None
        box = _VIEWBOX.search(svg)
        if box is None:
            return None
        _x, y, width, height = (float(v) for v in box.groups())
        depth = max(0.0, y + height)
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        alt = html.escape(" ".join(item.tex.split()), quote=True)
        style = (
            f"width:{width / SVG_SIZE:.3f}em;height:{height / SVG_SIZE:.3f}em;"
            f"vertical-align:-{depth / SVG_SIZE:.3f}em"
        )
        css = "qt-math-display" if item.display else "qt-math"
        src = f"data:image/svg+xml;base64,{data}"
        return f'<img class="{css}" alt="{alt}" style="{style}" src="{src}"/>'
