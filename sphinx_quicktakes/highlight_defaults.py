"""Sphinx's default highlighting language given to code blocks without a visitor's walk.

Sphinx's ``HighlightLanguageTransform`` walks every page with a visitor (a visit and a departure
call for each node) to carry ``highlight`` directives down to the code blocks after them: about
1.5% of writing a library page, which has none. Its visitor acts only on nodes named
``document``, ``start_of_file``, ``highlightlang`` and ``literal_block``; on a page whose only
such nodes are the page itself and code blocks, every block gets the default setting. That is
done here from one plain walk; any other page goes through Sphinx's transform as before.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms.code import (
    HighlightLanguageTransform,
    HighlightLanguageVisitor,
)

#: Names of the nodes that change the setting of the code blocks after them.
SETTING_NODES = frozenset({"document", "start_of_file", "highlightlang"})


class DefaultHighlightLanguage(HighlightLanguageTransform):
    """Sphinx's transform, with a fast path for pages that change no highlighting setting."""

    def apply(self, **kwargs: Any) -> None:
        blocks = _blocks_if_default(self.document)
        if blocks is None:
            super().apply(**kwargs)
            return
        visitor = HighlightLanguageVisitor(self.document, self.config.highlight_language)
        visitor.visit_document(self.document)
        for block in blocks:
            visitor.visit_literal_block(block)


def _blocks_if_default(document: nodes.document) -> list[Any] | None:
    """The code blocks of ``document`` in order; None if a node may change their setting."""
    if type(document).__name__ != "document":
        return None
    blocks: list[Any] = []
    walk = document._superfast_findall()
    next(walk)  # the document itself
    for node in walk:
        name = type(node).__name__
        if name == "literal_block":
            blocks.append(node)
        elif name in SETTING_NODES or isinstance(node, addnodes.highlightlang):
            return None
    return blocks


def setup_highlight_defaults(app: Sphinx) -> None:
    """Put the fast transform in the place of Sphinx's, if Sphinx's is registered."""
    transforms = app.registry.post_transforms
    if HighlightLanguageTransform in transforms:
        transforms[transforms.index(HighlightLanguageTransform)] = DefaultHighlightLanguage
