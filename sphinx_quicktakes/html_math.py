"""Math as MathML at build time in HTML pages: no JavaScript, no network.

Registers the ``quicktakes_mathml`` HTML math renderer and selects it (or MathJax) from
``quicktakes_math_renderer`` unless the project set ``html_math_renderer`` itself. Formulas
go through the converter the study guides use (:mod:`sphinx_quicktakes.guides.mathml`); one
it rejects is shown as its TeX source in code style, with one warning naming the article.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator

from sphinx_quicktakes.config import PREFIX
from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.epub_mathml import wrap_epub_builder
from sphinx_quicktakes.flashcards.paging import FLASHCARDS_DOCNAME
from sphinx_quicktakes.guides.mathml import source_code, tex_to_mathml
from sphinx_quicktakes.records import ArticleRecord
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

RENDERER = "quicktakes_mathml"
_ANSWER_KEY = re.compile(r"^answer\s*:")


def choose_renderer(app: Sphinx, config: Config) -> None:
    """Select the renderer ``quicktakes_math_renderer`` names, unless the project chose one."""
    if config.html_math_renderer:
        return
    choice = config[PREFIX + "math_renderer"]
    config.html_math_renderer = RENDERER if choice == "mathml" else "mathjax"


def _location(translator: HTML5Translator, node: nodes.Element) -> object:
    """The article file and the line of its answer for library pages, else the node."""
    docname = translator.builder.current_docname
    record = get_domain(translator.builder.env).pages.get(docname)
    if not isinstance(record, ArticleRecord) or not record.source:
        return node
    path = get_state(translator.builder.app).content_dir / record.source
    return f"{path}:{_answer_line(path)}"


def _answer_line(path: Path) -> int:
    """Line where the answer text starts (the line after ``answer:``), or 1."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    for number, line in enumerate(lines, start=1):
        if _ANSWER_KEY.match(line):
            tail = line.split(":", 1)[1].strip()
            return number + 1 if tail[:1] in (">", "|") else number
    return 1


def _render(translator: HTML5Translator, node: nodes.Element, tex: str, display: bool) -> str:
    mathml = tex_to_mathml(tex, display, annotate=True)
    if mathml is not None:
        return mathml
    if FLASHCARDS_DOCNAME.match(translator.builder.current_docname):
        # a card copies its article's answer, and the article page warns already
        return source_code(tex, display)
    short = " ".join(tex.split())
    warn(
        f"cannot convert math to MathML; showing its TeX source: {short!r:.80}",
        QuickTakesWarning.MATH,
        location=_location(translator, node),
    )
    return source_code(tex, display)


def visit_math(self: HTML5Translator, node: nodes.math) -> None:
    """Inline math -> ``<math>`` (or its TeX source as code)."""
    self.body.append(_render(self, node, node.astext(), display=False))
    raise nodes.SkipNode


def visit_math_block(self: HTML5Translator, node: nodes.math_block) -> None:
    """Display math -> a ``div`` of ``<math display="block">``, one per equation."""
    self.body.append(self.starttag(node, "div", CLASS="math qt-math-block"))
    if node.get("number"):
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})</span>')
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    for part in parts or [node.astext()]:
        self.body.append(_render(self, node, part, display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup_html_math(app: Sphinx) -> None:
    """Register the MathML renderer and choose the renderer when the configuration is read."""
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_math_block, None))
    app.connect("config-inited", choose_renderer, priority=450)
    app.connect("builder-inited", wrap_epub_builder)
