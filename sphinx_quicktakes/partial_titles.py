"""Page titles rendered once per build, not once for every page that shows them.

For every HTML page, Sphinx renders the page's title and the titles of its previous, next and
parent pages, each as a small document of its own (a new document, its transforms, a new
translator). A subject index is the parent of every article in it, so its title was
rendered once for each of them: about 7% of writing a library page. The HTML of a title
made of text and inline markup alone does not depend on the page that shows it, so such a
title is rendered once per build. Any other title (with a link, an image, math, ...) and
every other partial (a page's table of contents) is rendered by Sphinx as before.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

#: The nodes a title may hold to be rendered once.
PLAIN = (
    nodes.Text,
    nodes.title,
    nodes.emphasis,
    nodes.strong,
    nodes.literal,
    nodes.inline,
    nodes.subscript,
    nodes.superscript,
)

Parts = dict[str, str]


def setup_partial_titles(app: Sphinx) -> None:
    """Render plain titles once per HTML build."""
    app.connect("builder-inited", _render_titles_once)


def is_plain_title(node: nodes.Node) -> bool:
    """True for a title of text and inline markup only."""
    return isinstance(node, nodes.title) and all(
        type(child) in PLAIN for child in node.findall(include_self=False)
    )


def _render_titles_once(app: Sphinx) -> None:
    builder = app.builder
    if isinstance(builder, StandaloneHTMLBuilder):
        builder.render_partial = rendering_titles_once(builder.render_partial)  # type: ignore[method-assign,assignment]


def rendering_titles_once(
    render: Callable[[nodes.Node | None], Parts],
) -> Callable[[nodes.Node | None], Parts]:
    """``render`` (a builder's ``render_partial``), answering from memory for a plain title
    it rendered before. The memory holds each title node, so no other node takes its id."""
    rendered: dict[int, tuple[nodes.Node, Parts]] = {}

    def render_partial(node: nodes.Node | None) -> Parts:
        known = rendered.get(id(node))
        if known is not None and known[0] is node:
            return dict(known[1])
        parts = render(node)
        if node is not None and is_plain_title(node):
            rendered[id(node)] = (node, dict(parts))
        return parts

    return render_partial
