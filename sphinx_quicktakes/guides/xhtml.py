"""Doctree -> well-formed XHTML fragment, through docutils' HTML5 translator.

The translator escapes all text and attribute values. On top of it this module drops what
has no place in a guide (raw nodes, comments), highlights code with Pygments, and leaves
math and page links as markers that :mod:`sphinx_quicktakes.guides.chapters` fills.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from docutils import frontend, nodes
from docutils.frontend import Values
from docutils.writers import html5_polyglot
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from sphinx_quicktakes.articles.rules import strip_invalid_xml

_FORMATTER = HtmlFormatter(nowrap=True)
_NO_HIGHLIGHT = frozenset({"", "none", "text", "default", "plain", "output"})


@cache
def _writer_defaults() -> Values:
    """docutils' HTML5 writer settings for guides (the same for every build: made once)."""
    settings = frontend.get_default_settings(html5_polyglot.Writer)
    settings.initial_header_level = 1
    settings.section_self_link = False
    settings.cloak_email_addresses = False
    settings.xml_declaration = False
    settings.report_level = 5
    settings.halt_level = 5
    return settings


def writer_settings(language: str) -> Values:
    """A copy of the guide writer settings for ``language``."""
    settings = _writer_defaults().copy()
    settings.language_code = language.split("-")[0].split("_")[0] or "en"
    return settings


def highlight_code(code: str, language: str) -> str | None:
    """Pygments-highlighted HTML spans for ``code``, or None for plain text."""
    if language.lower() in _NO_HIGHLIGHT:
        return None
    try:
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None
    return strip_invalid_xml(highlight(code, lexer, _FORMATTER))


class GuideTranslator(html5_polyglot.HTMLTranslator):
    """HTML5 translator producing XHTML fragments for guides."""

    def __init__(self, document: nodes.document) -> None:
        super().__init__(document)
        #: (tex, display, line) of every formula, in marker order.
        self.maths: list[tuple[str, bool, int | None]] = []

    def encode(self, text: Any) -> str:
        return super().encode(strip_invalid_xml(str(text)))

    # Nodes a guide never shows.
    def visit_raw(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    def visit_comment(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    def visit_image(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    # Sphinx and extension nodes the HTML5 translator does not know: keep their content.
    def unknown_visit(self, node: nodes.Node) -> None:
        pass

    def unknown_departure(self, node: nodes.Node) -> None:
        pass

    def visit_literal(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, "code", "", CLASS="literal"))
        self.body.append(self.encode(node.astext()))
        self.body.append("</code>")
        raise nodes.SkipNode

    def visit_literal_block(self, node: nodes.Element) -> None:
        code = node.astext()
        language = str(node.get("language") or "")
        highlighted = highlight_code(code, language)
        classes = "highlight" if highlighted is not None else "literal-block"
        self.body.append(self.starttag(node, "pre", "", CLASS=classes))
        self.body.append("<code>")
        self.body.append(highlighted if highlighted is not None else self.encode(code))
        self.body.append("</code></pre>\n")
        raise nodes.SkipNode

    def visit_math(self, node: nodes.Element, math_env: str = "") -> None:
        self.body.append(f"<!--qt:math:{len(self.maths)}-->")
        self.maths.append((node.astext(), False, node.line))
        raise nodes.SkipNode

    def visit_math_block(self, node: nodes.Element) -> None:
        self.body.append(self.starttag(node, "div", "", CLASS="qt-math-block"))
        self.body.append(f"<!--qt:math:{len(self.maths)}-->")
        self.maths.append((node.astext(), True, node.line))
        self.body.append("</div>\n")
        raise nodes.SkipNode

    def visit_reference(self, node: nodes.Element) -> None:
        if "qt_link" in node:
            self.body.append(f"<!--qt:link:{int(node['qt_link'])}-->")
            return
        super().visit_reference(node)

    def depart_reference(self, node: nodes.Element) -> None:
        if "qt_link" in node:
            self.body.append(f"<!--qt:end:{int(node['qt_link'])}-->")
            return
        super().depart_reference(node)


def translate_section(
    document: nodes.document, children: list[nodes.Node], language: str
) -> tuple[str, list[tuple[str, bool, int | None]]]:
    """XHTML of ``children`` of ``document`` and the formulas found in them."""
    document.settings = writer_settings(language)
    translator = GuideTranslator(document)
    for child in children:
        child.walkabout(translator)
    return "".join(translator.body), translator.maths
