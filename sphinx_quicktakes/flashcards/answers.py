"""A card's answer: the article page's own answer nodes, copied when the card is written.

Each card (:mod:`sphinx_quicktakes.flashcards.cards`) holds a placeholder naming its
article. Before references are resolved, the placeholder is replaced by a copy of the answer part of
the article's doctree: the answer is parsed once, for its article page, and shows on the
card exactly as there.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

#: Class of the related-questions grid, which is not part of the answer.
RELATED_CLASS = "quicktakes-related"
BYLINE_CLASS = "quicktakes-byline"


class flashcard_answer(nodes.General, nodes.Element):
    """Placeholder of a card's answer (``article``: the article's docname)."""


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


def setup_answers(app: Sphinx) -> None:
    """Register the placeholder and the post-transform that fills it."""
    app.add_node(
        flashcard_answer,
        **dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (_skip, None)),  # type: ignore[arg-type]
    )
    app.add_post_transform(FlashcardAnswers)
