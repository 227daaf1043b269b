"""``quicktakes-cards``: a grid of sphinx-design link cards built straight from data.

Library pages hold hundreds of cards. Written as ``grid-item-card`` directives, each card's
options and body are parsed as MyST, which costs more than the rest of the page. This
directive takes one JSON object per line (``title``, ``footer``, and ``doc`` or ``url``) and
builds the nodes sphinx-design builds for the same cards, so themes, CSS and the study
guides see the same tree. Titles and footers are plain text: no markup is interpreted.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import PassthroughTextElement, create_component

from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

CARD_CLASS = "quicktakes-card"
GRID_CLASSES = ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4"]
ROW_CLASSES = [
    "sd-row",
    *(f"sd-row-cols-{size}" for size in ("1", "xs-1", "sm-1", "md-2", "lg-2")),
    *(f"sd-g-{size}" for size in ("2", "xs-2", "sm-2", "md-2", "lg-2")),
]
LINK_CLASSES = ["sd-stretched-link", "sd-hide-link-text"]


def card_line(title: str, footer: str = "", doc: str = "", url: str = "") -> str:
    """One line of a ``quicktakes-cards`` directive."""
    data = {"title": title, "footer": footer}
    if doc:
        data["doc"] = doc
    elif url:
        data["url"] = url
    return json.dumps(data, ensure_ascii=True)


def _text(text: str, strong: bool = False) -> nodes.paragraph:
    inner: nodes.Node = nodes.strong(text, text) if strong else nodes.Text(text)
    return nodes.paragraph("", "", inner, classes=["sd-card-text"])


class CardsDirective(SphinxDirective):
    """A responsive grid of cards; one JSON object per content line."""

    required_arguments = 0
    optional_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def _link(self, card: dict[str, str]) -> nodes.Element | None:
        container = PassthroughTextElement()
        title = card["title"]
        if card.get("doc"):
            # An explicit text: the page does not show (so depend on) the target's title.
            link: nodes.Element = addnodes.pending_xref(
                title,
                nodes.inline(title, title),
                classes=list(LINK_CLASSES),
                reftarget=card["doc"],
                refdoc=self.env.docname,
                refdomain="std",
                reftype="doc",
                refexplicit=True,
                refwarn=True,
            )
        elif card.get("url"):
            link = nodes.reference(
                title,
                "",
                nodes.inline(title, title),
                refuri=card["url"],
                classes=list(LINK_CLASSES),
            )
        else:
            return None
        self.set_source_info(link)
        container += link
        return container

    def _card(self, card: dict[str, str]) -> nodes.container:
        link = self._link(card)
        classes = ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm"]
        classes += ["sd-card-hover", CARD_CLASS] if link is not None else [CARD_CLASS]
        node = create_component("card", classes)
        self.set_source_info(node)
        node += create_component(
            "card-body", ["sd-card-body"], children=[_text(card["title"], strong=True)]
        )
        if card.get("footer"):
            node += create_component(
                "card-footer", ["sd-card-footer"], children=[_text(card["footer"])]
            )
        if link is not None:
            node += link
        return node

    def run(self) -> list[nodes.Node]:
        row = create_component("grid-row", list(ROW_CLASSES))
        for offset, line in enumerate(self.content):
            if not line.strip():
                continue
            try:
                card = json.loads(line)
                if not isinstance(card, dict) or not isinstance(card.get("title"), str):
                    raise ValueError("each line must be an object with a title")
                card = {key: str(value) for key, value in card.items()}
            except ValueError as error:
                warn(
                    f"quicktakes-cards: line skipped: {error}",
                    QuickTakesWarning.CARDS,
                    location=(self.env.docname, self.content_offset + offset + 1),
                )
                continue
            column = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
            column += self._card(card)
            row += column
        grid = create_component(
            "grid-container", GRID_CLASSES + self.arguments[:1] + self.options.get("class", [])
        )
        self.set_source_info(grid)
        grid += row
        return [grid]


def setup_cards(app: Sphinx) -> None:
    """Register the directive."""
    app.add_directive("quicktakes-cards", CardsDirective)
