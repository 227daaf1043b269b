"""Article doctrees -> chapters: the site's doctree, made self-contained for a guide.

A :class:`Chapter` is an XHTML fragment in which math and links to other pages are left as
markers (``<!--qt:math:N-->``, ``<!--qt:link:N-->`` ... ``<!--qt:end:N-->``): the same chapter
then serves every guide and format, which fill the markers in their own way. Article text
cannot forge a marker, as every ``<`` of it is escaped by the translator.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes
from sphinx.util import docname_join

from sphinx_quicktakes.articles.rules import is_safe_link, is_web_url
from sphinx_quicktakes.downloads import downloads
from sphinx_quicktakes.guides.xhtml import translate_section

_MARKER = re.compile(r"<!--qt:(math|link|end):(\d+)-->")
#: Node types dropped from guides: they have no meaning outside the website, or are raw.
_DROPPED = (
    nodes.raw,
    nodes.comment,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.pending,
    nodes.meta,
    addnodes.toctree,
    addnodes.index,
)


@dataclass(frozen=True)
class MathItem:
    """One formula of a chapter."""

    tex: str
    display: bool
    line: int | None = None


@dataclass(frozen=True)
class Chapter:
    """One article, translated once and shared by every guide that contains it."""

    docname: str
    anchor: str
    title: str
    body: str
    maths: tuple[MathItem, ...]
    #: Target docname of each link marker.
    links: tuple[str, ...]

    def digest(self) -> str:
        """Hash of everything the chapter's output depends on."""
        hasher = hashlib.sha256()
        for part in (self.docname, self.anchor, self.title, self.body, *self.links):
            hasher.update(part.encode("utf-8", "surrogatepass") + b"\0")
        for item in self.maths:
            hasher.update(f"{item.display}:{item.tex}\0".encode("utf-8", "surrogatepass"))
        return hasher.hexdigest()


def chapter_anchor(docname: str) -> str:
    """A stable XML id for an article, unique across the library."""
    return "q" + hashlib.sha1(docname.encode("utf-8")).hexdigest()[:10]


def fill_markers(
    body: str,
    chapter: Chapter,
    link: Callable[[str], str | None],
    math: Callable[[MathItem, str], str],
) -> str:
    """Replace the markers of ``body``.

    :param link: target docname -> href, or None to show the link text unlinked.
    :param math: (formula, docname of the chapter) -> markup.
    """
    closing: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        kind, number = match.group(1), int(match.group(2))
        if kind == "math":
            return (
                math(chapter.maths[number], chapter.docname) if number < len(chapter.maths) else ""
            )
        if number >= len(chapter.links):
            return ""
        if kind == "end":
            return closing.pop(str(number), "")
        href = link(chapter.links[number])
        if href is None:
            closing[str(number)] = "</span>"
            return '<span class="qt-unlinked">'
        external = is_web_url(href)
        closing[str(number)] = "</a>"
        css = "reference external" if external else "reference internal"
        return f'<a class="{css}" href="{_attr(href)}">'

    return _MARKER.sub(replace, body)


def _attr(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


# --- doctree preparation ---------------------------------------------------------------


def _unwrap(node: nodes.Element) -> None:
    node.replace_self(list(node.children))


def _card_link(card: nodes.Element) -> nodes.Element | None:
    for candidate in card.findall(lambda n: isinstance(n, addnodes.pending_xref | nodes.reference)):
        if isinstance(candidate, nodes.Element):
            return candidate
    return None


def _classed(node: nodes.Node, css: str) -> bool:
    return isinstance(node, nodes.Element) and css in node.get("classes", ())


def _related_list(grid: nodes.Element) -> nodes.bullet_list:
    """A sphinx-design card grid of related questions -> a plain list of links."""
    items = nodes.bullet_list(classes=["qt-related"], bullet="-")
    for card in grid.findall(lambda n: _classed(n, "sd-card")):
        assert isinstance(card, nodes.Element)
        body = next(card.findall(lambda n: _classed(n, "sd-card-body")), None)
        footer = next(card.findall(lambda n: _classed(n, "sd-card-footer")), None)
        title = " ".join((body.astext() if body is not None else "").split())
        if not title:
            continue
        paragraph = nodes.paragraph()
        link = _card_link(card)
        if link is not None:
            clone = link.deepcopy()
            clone.children = []
            clone["classes"] = []
            clone += nodes.Text(title)
            paragraph += clone
        else:
            paragraph += nodes.Text(title)
        subject = " ".join((footer.astext() if footer is not None else "").split())
        if subject:
            paragraph += nodes.Text(" ")
            paragraph += nodes.inline("", f"({subject})", classes=["qt-related-subject"])
        items += nodes.list_item("", paragraph)
    return items


def _target_docname(node: addnodes.pending_xref) -> str | None:
    target = node.get("reftarget", "")
    if not isinstance(target, str) or not target:
        return None
    if node.get("refdomain") == "doc":  # MyST: already an absolute docname
        return target.lstrip("/").split("#", 1)[0]
    if node.get("reftype") == "doc":
        return docname_join(node.get("refdoc", ""), target).split("#", 1)[0]
    return None


def prepare(doctree: nodes.document, docname: str, anchor: str) -> list[str]:
    """Make ``doctree`` guide-ready in place; return the link targets (docnames) in order.

    Related-question cards become a list, page links become ``reference`` nodes with a
    ``qt_link`` index, raw and site-only nodes go, and every id gets the chapter's prefix.
    """
    for node in list(doctree.findall(lambda n: isinstance(n, _DROPPED))):
        node.parent.remove(node)
    for node in list(doctree.findall(downloads)):
        node.parent.remove(node)
    for grid in list(doctree.findall(lambda n: _classed(n, "quicktakes-related"))):
        grid.parent.replace(grid, _related_list(grid))  # replace_self would copy the grid's classes
    for node in list(doctree.findall(nodes.compound)):
        if "toctree-wrapper" in node["classes"] and not node.children:
            node.parent.remove(node)
    for node in list(doctree.findall(nodes.image)):
        alt = node.get("alt", "")
        node.replace_self(nodes.inline("", f"[{alt}]", classes=["qt-image"]) if alt else [])
    links: list[str] = []
    for node in list(doctree.findall(addnodes.pending_xref)):
        target = _target_docname(node)
        if target is None:
            _unwrap(node)
            continue
        reference = nodes.reference("", "", *node.children, qt_link=len(links))
        links.append(target)
        node.replace_self(reference)
    for node in list(doctree.findall(nodes.reference)):
        if "qt_link" in node or "refid" in node:
            continue
        if not is_safe_link(str(node.get("refuri", ""))):
            _unwrap(node)
    for node in list(
        doctree.findall(lambda n: isinstance(n, addnodes.only | addnodes.download_reference))
    ):
        _unwrap(node)
    prefix = anchor + "-"
    for node in doctree.findall(nodes.Element):
        if node["ids"]:
            node["ids"] = [prefix + identifier for identifier in node["ids"]]
        for attribute in ("refid", "backrefs"):
            value = node.get(attribute)
            if isinstance(value, str):
                node[attribute] = prefix + value
            elif isinstance(value, list):
                node[attribute] = [prefix + v for v in value]
    return links


def make_chapter(
    doctree: nodes.document, docname: str, fallback_title: str, language: str
) -> Chapter:
    """Translate an article's doctree (a private copy: it is changed) into a chapter."""
    anchor = chapter_anchor(docname)
    links = prepare(doctree, docname, anchor)
    sections = [child for child in doctree.children if isinstance(child, nodes.section)]
    top = sections[0] if sections else None
    title = fallback_title
    if top is not None and top.children and isinstance(top[0], nodes.title):
        title = " ".join(top[0].astext().split()) or fallback_title
        top[0]["classes"] = ["qt-question"]
        top["classes"] = ["qt-chapter"]
        top["ids"] = [anchor, *top["ids"]]
        body, maths = translate_section(doctree, list(doctree.children), language)
    else:
        heading = nodes.section(ids=[anchor], classes=["qt-chapter"])
        heading += nodes.title("", fallback_title, classes=["qt-question"])
        heading.extend(child.deepcopy() for child in doctree.children)
        body, maths = translate_section(doctree, [heading], language)
    return Chapter(
        docname=docname,
        anchor=anchor,
        title=title,
        body=body,
        maths=tuple(MathItem(tex, display, line) for tex, display, line in maths),
        links=tuple(links),
    )
