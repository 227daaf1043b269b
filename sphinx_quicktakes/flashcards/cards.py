"""A flashcard: the question in a ``<summary>``, its answer inside a native ``<details>``.

``{quicktakes-card} <article docname>`` makes the whole card from the library (the question
is plain text, never parsed as markup); the answer is a placeholder that
:mod:`sphinx_quicktakes.flashcards.answers` fills with the article page's own nodes. HTML
builders write the card with sphinx-design's dropdown classes, so it looks like the theme's
other dropdowns; other builders get the question as a rubric and the answer below it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from sphinx_quicktakes.flashcards.answers import flashcard_answer
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

#: The dropdown classes of sphinx-design, so the theme styles cards like its dropdowns.
DETAILS_CLASSES = "sd-sphinx-override sd-dropdown sd-card sd-mb-3 quicktakes-flashcard"
SUMMARY_CLASSES = "sd-summary-title sd-card-header"
BODY_CLASSES = "sd-summary-content sd-card-body docutils"
#: sphinx-design's chevron (octicon ``chevron-right``), decorative.
CHEVRON = (
    '<span class="sd-summary-state-marker sd-summary-chevron-right">'
    '<svg version="1.1" width="1.5em" height="1.5em" class="sd-octicon '
    'sd-octicon-chevron-right" viewBox="0 0 24 24" aria-hidden="true"><path d="M8.72 '
    "18.78a.75.75 0 0 1 0-1.06L14.44 12 8.72 6.28a.751.751 0 0 1 .018-1.042.751.751 0 0 1 "
    '1.042-.018l6.25 6.25a.75.75 0 0 1 0 1.06l-6.25 6.25a.75.75 0 0 1-1.06 0Z"></path>'
    "</svg></span>"
)


class flashcard(nodes.General, nodes.Element):
    """One card: ``question`` (plain text), the answer placeholder as its child."""


class CardDirective(SphinxDirective):
    """``{quicktakes-card} <article docname>`` with ``:card:`` (the HTML id) and a
    ``:digest:`` of the question and answer (a new digest means the page is read again)."""

    required_arguments = 1
    option_spec = {"card": directives.unchanged, "digest": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        docname = self.arguments[0]
        library = get_state(self.env.app).library
        article = library.articles.get(docname) if library is not None else None
        if article is None:
            warn(
                f"flashcard of {docname}: no such article",
                QuickTakesWarning.CARDS,
                location=self.get_location(),
            )
            return []
        card = str(self.options.get("card", ""))
        node = flashcard(question=" ".join(article.question.split()), ids=[card] if card else [])
        answer = flashcard_answer(article=docname, card=card)
        self.set_source_info(node)
        self.set_source_info(answer)
        node += answer
        return [node]


def visit_flashcard_html(self: HTML5Translator, node: flashcard) -> None:
    ident = f' id="{self.attval(node["ids"][0])}"' if node["ids"] else ""
    self.body.append(
        f'<details class="{DETAILS_CLASSES}"{ident}>\n'
        f'<summary class="{SUMMARY_CLASSES}">\n'
        f'<span class="sd-summary-text">{self.encode(node["question"])}</span>{CHEVRON}'
        f'</summary><div class="{BODY_CLASSES}">\n'
    )


def depart_flashcard_html(self: HTML5Translator, node: flashcard) -> None:
    self.body.append("</div>\n</details>\n")


class PlainCards(SphinxPostTransform):
    """Outside HTML, a card is its question as a rubric followed by its answer."""

    default_priority = 6  # after the answers are filled in

    def run(self, **kwargs: Any) -> None:
        if self.app.builder.format == "html":
            return
        for card in list(self.document.findall(flashcard)):
            rubric = nodes.rubric("", nodes.Text(card["question"]))
            card.replace_self([rubric, *card.children])


def _unreachable(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode  # replaced by PlainCards before any non-HTML writer sees it


def setup_cards(app: Sphinx) -> None:
    """Register the card node, its directive and its non-HTML form."""
    skip = (_unreachable, None)
    app.add_node(
        flashcard,
        html=(visit_flashcard_html, depart_flashcard_html),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.add_directive("quicktakes-card", CardDirective)
    app.add_post_transform(PlainCards)
