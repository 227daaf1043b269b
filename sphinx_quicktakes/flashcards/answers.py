"""A card's answer: the article page's own answer, never parsed again.

Each card (:mod:`sphinx_quicktakes.flashcards.cards`) holds a placeholder naming its
article. Under ``html`` and ``dirhtml`` the placeholder is written as a marker that
:mod:`sphinx_quicktakes.flashcards.answer_fill` replaces with the HTML the article page
wrote, so an answer is translated once. Other builders replace it, before references are
resolved, with a copy of the answer part of the article's doctree. Either way the answer
shows on the card exactly as on its page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from sphinx_quicktakes.articles.rules import HTML_BUILDERS
from sphinx_quicktakes.byline import BYLINE_CLASS
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

#: Class of the related-questions grid, which is not part of the answer.
RELATED_CLASS = "quicktakes-related"


MARK_OPEN = "<!--quicktakes-answer "
MARK_CLOSE = "<!--/quicktakes-answer-->"
#: What starts math in an answer.
MATH_MARKS = ("$", "\\(", "\\[")


class flashcard_answer(nodes.General, nodes.Element):
    """Placeholder of a card's answer (``article``: the article's docname)."""


def uses_kept_answers(app: Sphinx) -> bool:
    """True when cards take their answers from the article pages' output."""
    return app.builder.name in HTML_BUILDERS and bool(get_state(app).config.flashcards)


def answer_mark(docname: str) -> str:
    """The empty marker a card's answer goes into (no ``-`` inside the comment)."""
    return f"{MARK_OPEN}{quote(docname, safe='/').replace('-', '%2D')}-->{MARK_CLOSE}"


def marked_docname(quoted: str) -> str:
    """The docname an :func:`answer_mark` names."""
    return unquote(quoted)


def answer_part(doctree: nodes.document) -> list[nodes.Node]:
    """The answer nodes of an article page: after the byline, before the related questions."""
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return []
    found = []
    for child in top.children:
        if isinstance(child, nodes.title) or BYLINE_CLASS in child.get("classes", ()):
            continue
        if isinstance(child, nodes.section) and _is_related(child):
            continue
        found.append(child)
    return found


def _is_related(section: nodes.section) -> bool:
    """True for the related-questions section: its grid is one of its own children."""
    return any(
        RELATED_CLASS in child.get("classes", ())
        for child in section.children
        if isinstance(child, nodes.Element)
    )


def card_copy(parts: list[nodes.Node], docname: str, prefix: str) -> list[nodes.Node]:
    """Deep copies of ``parts`` for the page ``docname``: ids made unique, links from there."""
    copies = [part.deepcopy() for part in parts]
    for part in copies:
        for node in part.findall(nodes.Element):
            if node.get("ids"):
                node["ids"] = [f"{prefix}-{ident}" for ident in node["ids"]]
            if isinstance(node, addnodes.pending_xref):
                node["refdoc"] = docname
    return copies


class FlashcardAnswers(SphinxPostTransform):
    """Fill every answer placeholder before references are resolved."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        if uses_kept_answers(self.app):
            return
        for node in list(self.document.findall(flashcard_answer)):
            article = str(node["article"])
            try:
                parts = answer_part(self._article_doctree(article))
            except (OSError, KeyError, ValueError) as error:
                warn(
                    f"flashcard answer of {article} not found: {error}",
                    QuickTakesWarning.CARDS,
                    location=node,
                )
                node.parent.remove(node)
                continue
            node.replace_self(card_copy(parts, self.env.docname, str(node["card"]) or "card"))

    def _article_doctree(self, docname: str) -> nodes.document:
        """The article's doctree, unresolved: the one a full build keeps for writing it
        (flashcards pages are written before the pages that sort after them), else the
        stored pickle. It is only read here; what a card shows is a copy."""
        kept = getattr(self.env, "_write_doc_doctree_cache", {})
        doctree = kept.get(docname)
        return doctree if isinstance(doctree, nodes.document) else self.env.get_doctree(docname)


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def visit_answer_mark(self: HTML5Translator, node: flashcard_answer) -> None:
    if self.builder.name in HTML_BUILDERS:
        docname = str(node["article"])
        self.body.append(answer_mark(docname))
        if _may_have_math(self, docname):
            self._has_maths_elements = True  # so Sphinx loads MathJax on this page
    raise nodes.SkipNode


def _may_have_math(translator: HTML5Translator, docname: str) -> bool:
    """True when MathJax renders math and the article's answer may hold some."""
    if translator.builder.config.html_math_renderer != "mathjax":
        return False
    library = get_state(translator.builder.app).library
    article = library.articles.get(docname) if library is not None else None
    return article is not None and any(mark in article.answer for mark in MATH_MARKS)


def setup_answers(app: Sphinx) -> None:
    """Register the placeholder and the post-transform that fills it."""
    app.add_node(
        flashcard_answer,
        html=(visit_answer_mark, None),
        **dict.fromkeys(("latex", "text", "man", "texinfo"), (_skip, None)),  # type: ignore[arg-type]
    )
    app.add_post_transform(FlashcardAnswers)
