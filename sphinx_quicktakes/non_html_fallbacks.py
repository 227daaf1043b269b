"""Library pages in builders other than HTML (LaTeX, text, man, texinfo).

sphinx-design cards carry their link as a hidden "stretched" link after the card body. In
HTML CSS hides its text; elsewhere the link text (a docname or a URL) is printed again under
the card. Outside HTML we move the link onto the card's title and drop the hidden copy.

LaTeX compiles the TeX of every formula: a command it does not know stops the whole build.
Formulas of library pages that cannot be converted (the test the guides use) are shown as
their TeX source instead.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from sphinx_quicktakes.articles.rules import is_library_page
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn


def _classed(node: nodes.Node, css: str) -> bool:
    return isinstance(node, nodes.Element) and css in node.get("classes", ())


def degrade_cards(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Make the library's cards read well in non-HTML output."""
    if app.builder.format == "html":
        return
    for card in list(doctree.findall(lambda n: _classed(n, "quicktakes-card"))):
        assert isinstance(card, nodes.Element)
        hidden = [
            child
            for child in card.children
            if isinstance(child, nodes.TextElement)
            and not isinstance(child, nodes.paragraph)
            and any(_classed(n, "sd-stretched-link") for n in child.findall(nodes.Element))
        ]
        link = next(
            (
                n
                for h in hidden
                for n in h.findall(nodes.reference)
                if "refuri" in n or "refid" in n
            ),
            None,
        )
        body = next(card.findall(lambda n: _classed(n, "sd-card-body")), None)
        strong = next(body.findall(nodes.strong), None) if body is not None else None
        if link is not None and strong is not None:
            reference = link.copy()
            reference["classes"] = []
            reference.extend(child.deepcopy() for child in strong.children)
            strong.children = []
            strong += reference
            reference.parent = strong
        for node in hidden:
            card.remove(node)


def _pages(doctree: nodes.document, docname: str) -> dict[int, str]:
    """id(math node) -> the page it comes from.

    The LaTeX builder resolves one doctree holding every page, each inside a
    ``start_of_file`` node (whose children keep stale parent links, so look downwards).
    """
    pages: dict[int, str] = {}
    for node in doctree.findall(lambda n: isinstance(n, nodes.math | nodes.math_block)):
        pages[id(node)] = docname
    for start in doctree.findall(addnodes.start_of_file):  # outer files first
        for node in start.findall(lambda n: isinstance(n, nodes.math | nodes.math_block)):
            pages[id(node)] = str(start["docname"])
    return pages


def degrade_math(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In LaTeX output, show formulas of library pages that cannot be converted as code."""
    if app.builder.format != "latex":
        return
    from sphinx_quicktakes.guides.mathml import tex_to_mathml  # the converter the guides use

    pages = _pages(doctree, docname)
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.math | nodes.math_block))):
        assert isinstance(node, nodes.Element)
        if not is_library_page(pages.get(id(node), docname)):
            continue
        tex = node.astext()
        display = isinstance(node, nodes.math_block)
        if tex_to_mathml(tex, display) is not None:
            continue
        source = " ".join(tex.split())
        warn(
            f"math that LaTeX may not compile is shown as its TeX source: {source!r:.80}",
            QuickTakesWarning.GUIDE,
            location=node,
        )
        replacement = nodes.literal_block(tex, tex) if display else nodes.literal(tex, tex)
        node.replace_self(replacement)
