"""The text a reader sees in an answer's HTML, for the ``Quiz`` JSON-LD (no Sphinx).

The HTML is the writer's own output (well formed, attributes in double quotes). Heading link
marks are left out and each formula reads as its TeX (``alttext``), as screen readers read
it; whitespace is collapsed.
"""

from __future__ import annotations

import html
import re

#: Elements that start a new line of text.
BLOCKS = (
    "address|blockquote|br|dd|div|dl|dt|figcaption|figure|h[1-6]|hr|li|ol|p|pre|section|"
    "table|td|th|tr|ul"
)
_HIDDEN = re.compile(
    r"<(script|style|template)\b[^>]*>.*?</\1\s*>"
    r'|<a\b[^>]*\bclass="(?:[^"]*\s)?headerlink(?:\s[^"]*)?"[^>]*>.*?</a\s*>',
    re.S | re.I,
)
_MATH = re.compile(r"<math\b([^>]*)>.*?</math\s*>", re.S | re.I)
_ALTTEXT = re.compile(r'\balttext="([^"]*)"')
_BLOCK_TAG = re.compile(rf"</?(?:{BLOCKS})\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")


def _formula(match: re.Match[str]) -> str:
    alttext = _ALTTEXT.search(match[1])
    return f" {alttext[1] if alttext else ''} "


def visible_text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    text = _HIDDEN.sub("", fragment)
    text = _MATH.sub(_formula, text)
    text = _BLOCK_TAG.sub(" ", text)
    text = html.unescape(_TAG.sub("", text))
    return " ".join(text.split())
