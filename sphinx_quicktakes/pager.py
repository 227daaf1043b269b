"""``quicktakes-pager``: numbered navigation between the pages of a paged listing.

One docname per content line, in page order; ``:current:`` is the number of the page the
directive is on. HTML (and EPUB) get ``<nav aria-label=...><ol>`` with the current page
marked ``aria-current="page"``; other builders leave it out.
"""

from __future__ import annotations

import posixpath
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sphinx_quicktakes.safe_markdown import escape_text, fence

PAGER_CLASS = "quicktakes-pager"
PAGER_LABEL = "Pages"


class pager(nodes.General, nodes.Element):
    """The navigation of a paged listing (``label`` attribute)."""


class pager_item(nodes.General, nodes.TextElement):
    """One page number; ``current`` marks the page it is on."""


def pager_source(pages: list[str], current: int, lean: bool) -> str:
    """MyST of the navigation on page ``current`` (from 1) of ``pages``; none for one page."""
    if len(pages) < 2:
        return ""
    if lean:
        body = f":current: {current}\n\n" + "\n".join("/" + name for name in pages)
        return fence(body, "{quicktakes-pager}")
    here = posixpath.dirname(pages[current - 1]) or "."
    items = [
        f"**{number}**"
        if number == current
        else f"[{number}](<{posixpath.relpath(page + '.md', here)}>)"
        for number, page in enumerate(pages, 1)
    ]
    text = escape_text(PAGER_LABEL) + ": " + " ".join(items)
    return fence(fence(text, "{container} " + PAGER_CLASS), "{only} html")


class PagerDirective(SphinxDirective):
    """Numbered links to every page of a listing."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"current": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        current = self.options.get("current", 1)
        node = pager(label=PAGER_LABEL, classes=[PAGER_CLASS])
        self.set_source_info(node)
        targets = [line.strip() for line in self.content if line.strip()]
        for number, target in enumerate(targets, 1):
            text = str(number)
            item = pager_item(current=number == current)
            if number == current:
                item += nodes.Text(text)
            else:
                item += addnodes.pending_xref(
                    text,
                    nodes.inline(text, text),
                    reftarget=target,
                    refdoc=self.env.docname,
                    refdomain="std",
                    reftype="doc",
                    refexplicit=True,
                    refwarn=True,
                )
            node += item
        return [node]


def _visit_pager(self: Any, node: pager) -> None:
    label = self.attval(node["label"])
    self.body.append(f'<nav class="{PAGER_CLASS}" aria-label="{label}">\n<ol>\n')


def _depart_pager(self: Any, node: pager) -> None:
    self.body.append("</ol>\n</nav>\n")


def _visit_item(self: Any, node: pager_item) -> None:
    self.body.append('<li><span aria-current="page">' if node["current"] else "<li>")


def _depart_item(self: Any, node: pager_item) -> None:
    self.body.append("</span></li>\n" if node["current"] else "</li>\n")


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup_pager(app: Sphinx) -> None:
    """Register the directive and its nodes."""
    skipped = dict.fromkeys(("latex", "text", "man", "texinfo"), (_skip, None))
    app.add_node(pager, html=(_visit_pager, _depart_pager), **skipped)  # type: ignore[arg-type]
    app.add_node(pager_item, html=(_visit_item, _depart_item), **skipped)  # type: ignore[arg-type]
    app.add_directive("quicktakes-pager", PagerDirective)
