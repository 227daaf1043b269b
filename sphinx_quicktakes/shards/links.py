"""Links from a shard's pages to library pages another shard writes.

Every shard holds the whole library model, so a link to an article of another shard (a
related card, a link in an answer) resolves to the same URL, text and classes the
whole-library build gives it, without that page in the shard's environment.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from sphinx_quicktakes.shards.spec import shard_of
from sphinx_quicktakes.state import get_state


def _other_shard_page(app: Sphinx, docname: str) -> str | None:
    """The question of a library article missing from this shard (None otherwise)."""
    library = get_state(app).library
    if shard_of(app) is None or library is None or docname in app.env.all_docs:
        return None
    article = library.articles.get(docname)
    return article.question if article is not None else None


def resolve_other_shard(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.reference | None:
    """``missing-reference``: a ``doc`` reference to another shard's article, as Sphinx's."""
    if node.get("reftype") != "doc":
        return None
    target = str(node.get("reftarget", "")).lstrip("/")
    question = _other_shard_page(app, target)
    if question is None:
        return None
    caption = node.astext() if node.get("refexplicit") else question
    inner = nodes.inline(caption, caption, classes=["doc"])
    return make_refnode(app.builder, str(node.get("refdoc", "")), target, None, inner)


def mark_page_links(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a Markdown link to another shard's article, marked as a page link.

    MyST makes a page link only of a file it finds; this shard has no file for another
    shard's article, so its link is made the same page link MyST makes in a whole build.
    """
    if shard_of(app) is None:
        return
    for node in doctree.findall(pending_xref):
        target = str(node.get("reftarget", ""))
        if node.get("reftype") != "myst" or node.get("refdomain") or ".md" not in target:
            continue
        path, _, anchor = target.partition("#")
        if not path.endswith(".md"):
            continue
        refdoc = str(node.get("refdoc", app.env.docname))
        docname = posixpath.normpath(posixpath.join(posixpath.dirname(refdoc), path[:-3]))
        if _other_shard_page(app, docname) is not None:
            node["refdomain"], node["reftarget"] = "doc", docname
            node["reftargetid"] = anchor or None


class OtherShardLinks(SphinxPostTransform):
    """Markdown links to another shard's article, resolved as MyST resolves a page link."""

    #: Before MyST's own resolver (9), which would report them missing.
    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        if shard_of(self.app) is None:
            return
        for node in list(self.document.findall(pending_xref)):
            if node.get("reftype") == "myst":
                self._resolve(node)

    def _resolve(self, node: pending_xref) -> None:
        if node.get("refdomain") != "doc":
            return
        refdoc = str(node.get("refdoc", self.env.docname))
        target = str(node.get("reftarget", ""))
        anchor = str(node.get("reftargetid") or "")
        question = _other_shard_page(self.app, target)
        if question is None:
            return
        # An anchor is kept as written: the other shard's headings are not known here.
        classes = ["std", "std-ref" if anchor else "std-doc"]
        if node.get("refexplicit"):
            inner = nodes.inline(node.astext(), "", classes=classes)
            inner.extend(node[0].children)
        else:
            inner = nodes.inline(question, question, classes=classes)
        reference = make_refnode(self.app.builder, refdoc, target, anchor, inner)
        if "reftitle" in node:
            reference["reftitle"] = node["reftitle"]
        node.replace_self(reference)
