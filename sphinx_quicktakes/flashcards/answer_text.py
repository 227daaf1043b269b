"""The text a reader sees in an answer's HTML, for the ``Quiz`` JSON-LD (no Sphinx).

Heading link marks are left out and each formula reads as its TeX (``alttext``), as
screen readers read it; whitespace is collapsed.
"""

from __future__ import annotations

from html.parser import HTMLParser

#: Elements that start a new line of text.
BLOCKS = frozenset(
    {
        *("address", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "section"),
        *("table", "td", "th", "tr", "ul"),
    }
)
#: Elements whose content is not shown as text.
HIDDEN = frozenset(("script", "style", "template"))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self.skipping:
            if tag == self.skipping[-1] and tag not in ("br", "hr"):
                self.skipping.append(tag)
            return
        classes = (found.get("class") or "").split()
        if tag == "math":
            self.parts.append(f" {found.get('alttext') or ''} ")
            self.skipping.append(tag)
        elif tag in HIDDEN or (tag == "a" and "headerlink" in classes):
            self.skipping.append(tag)
        elif tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())
