"""The ``quicktakes-downloads`` directive: where a page shows its study-guide buttons."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class downloads(nodes.General, nodes.Element):
    """Placeholder for the download buttons of a guide (``guide`` attribute: a slug)."""


class DownloadsDirective(SphinxDirective):
    """``{quicktakes-downloads} <subject-slug | library>``: download buttons of that guide."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = downloads(guide=self.arguments[0])
        self.set_source_info(node)
        return [node]


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def remove_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Drop placeholders nothing has filled.

    ``sphinx_quicktakes.guides.html`` replaces them with download buttons first (priority 500) in
    html/dirhtml builds with guides; every other builder, or a guide that could not be
    built, leaves nothing on the page.
    """
    for node in list(doctree.findall(downloads)):
        node.parent.remove(node)


def setup_downloads(app: Sphinx) -> None:
    """Register the directive and its placeholder node."""
    app.add_node(
        downloads,
        **dict.fromkeys(("html", "latex", "text", "man", "texinfo"), (_skip, None)),  # type: ignore[arg-type]
    )
    app.add_directive("quicktakes-downloads", DownloadsDirective)
    app.connect("doctree-resolved", remove_placeholders, priority=900)
