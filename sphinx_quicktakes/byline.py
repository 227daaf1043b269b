"""``quicktakes-byline``: an article's byline built straight from data.

Written as a ``container`` directive, the byline's one line of MyST was parsed again inside
each article page (a nested parse: about 4% of a shard's build). This directive takes one
JSON object (``date``, ``subject``, ``doc``, ``author``; ``date`` and ``author`` may be empty)
and builds the nodes MyST built for that line: a container with the byline class holding a
paragraph, the subject linked to its page as a MyST project link. Nothing in the text is
interpreted.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sphinx_quicktakes.safe_markdown import fence
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

BYLINE_CLASS = "quicktakes-byline"
SEPARATOR = " · "
FIELDS = ("date", "subject", "doc", "author")


def byline_source(date: str, subject: str, doc: str, author: str) -> str:
    """The ``quicktakes-byline`` directive of one article (``doc``: the subject's docname)."""
    data = dict(zip(FIELDS, (date, subject, doc, author), strict=True))
    clean = {key: " ".join(value.split()) for key, value in data.items()}
    return fence(json.dumps(clean, ensure_ascii=True), "{quicktakes-byline}")


class BylineDirective(SphinxDirective):
    """An article's byline: date, subject link and author, separated by middle dots."""

    has_content = True

    def _data(self) -> dict[str, str] | None:
        try:
            data: Any = json.loads("\n".join(self.content))
            if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in FIELDS):
                raise ValueError(f"expected an object with the string fields {', '.join(FIELDS)}")
        except ValueError as error:
            warn(
                f"quicktakes-byline: skipped: {error}",
                QuickTakesWarning.BYLINE,
                location=(self.env.docname, self.lineno),
            )
            return None
        return data

    def _link(self, subject: str, doc: str) -> addnodes.pending_xref:
        link = addnodes.pending_xref(
            refdomain="doc",
            reftarget=doc,
            reftargetid=None,
            refdoc=self.env.docname,
            reftype="myst",
            refexplicit=True,
        )
        self.set_source_info(link)
        link.append(nodes.inline("", "", nodes.Text(subject), classes=["xref", "myst"]))
        return link

    def run(self) -> list[nodes.Node]:
        data = self._data()
        if data is None:
            return []
        head = data["date"] + SEPARATOR if data["date"] else ""
        tail = SEPARATOR + data["author"] if data["author"] else ""
        paragraph = nodes.paragraph()
        self.set_source_info(paragraph)
        if not data["doc"]:
            paragraph += nodes.Text(head + data["subject"] + tail)
        else:
            if head:
                paragraph += nodes.Text(head)
            paragraph += self._link(data["subject"], data["doc"])
            if tail:
                paragraph += nodes.Text(tail)
        container = nodes.container("\n".join(self.content), paragraph, classes=[BYLINE_CLASS])
        self.set_source_info(container)
        return [container]


def setup_byline(app: Sphinx) -> None:
    """Register the directive."""
    app.add_directive("quicktakes-byline", BylineDirective)
