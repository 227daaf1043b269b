"""Plain text from an answer's Markdown: for descriptions, feeds and JSON-LD (no Sphinx)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from markdown_it.token import Token

from sphinx_quicktakes.articles.rules import strip_invalid_xml
from sphinx_quicktakes.safe_markdown import ANSWER_MARKDOWN

#: Length of a description made from the answer, as search engines show it.
DESCRIPTION_LENGTH = 160
ELLIPSIS = "\u2026"

_SKIPPED_IN_EXCERPT = frozenset({"heading", "code", "math"})


# The parser pages are made with, so text and rendering agree on what is math.
_MD = ANSWER_MARKDOWN


def clean(text: str) -> str:
    """One line of text: whitespace collapsed, characters XML cannot hold removed."""
    return " ".join(strip_invalid_xml(text).split())


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":  # as the page shows it (safe_markdown's image label)
            parts.append("Image: " + (child.content or "image"))
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type.startswith("math_inline"):  # as the page's alttext: spaces collapsed
            parts.append(" ".join(child.content.split()))
    return "".join(parts)


def text_blocks(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) of each block of ``markdown``: kind is text, heading, code or math."""
    return list(_blocks(markdown))


@lru_cache(maxsize=16384)
def _blocks(markdown: str) -> tuple[tuple[str, str], ...]:
    # A bounded memo of a pure function: the result depends on ``markdown`` alone (the parser
    # is a module constant), so sharing it between builds cannot mix their data. It saves the
    # second parse when a page's record (excerpt) and its JSON-LD (plain text) read one answer.
    return token_blocks(_MD.parse(markdown))


def token_blocks(tokens: list[Token]) -> tuple[tuple[str, str], ...]:
    """:func:`text_blocks` of the tokens the answer parser made of an answer."""
    blocks: list[tuple[str, str]] = []
    heading = False
    for token in tokens:
        if token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type == "inline":
            text = _inline_text(token.children or [])
            if text.strip():
                blocks.append(("heading" if heading else "text", text))
        elif token.type in ("fence", "code_block"):
            blocks.append(("code", token.content))
        elif token.type.startswith("math_block") and token.content.strip():
            blocks.append(("math", " ".join(token.content.split())))
    return tuple(blocks)


class AnswerText(NamedTuple):
    """What the SEO metadata takes from an answer: its excerpt and its plain text."""

    excerpt: str
    plain: str


def answer_text(blocks: Iterable[tuple[str, str]]) -> AnswerText:
    """The excerpt and plain text of an answer's :func:`text_blocks`."""
    blocks = tuple(blocks)
    return AnswerText(_excerpt(blocks, DESCRIPTION_LENGTH), _plain(blocks))


def plain_text(markdown: str) -> str:
    """The whole answer as plain text, one block per line, without any markup."""
    return _plain(text_blocks(markdown))


def _plain(blocks: Iterable[tuple[str, str]]) -> str:
    lines = []
    for kind, text in blocks:
        if kind in ("code", "math"):
            lines.append(strip_invalid_xml(text).strip("\n"))
        else:
            lines.append(clean(text))
    return "\n".join(line for line in lines if line)


def truncate(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = clean(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\u2013\u2014") + ELLIPSIS


def excerpt(markdown: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """A description from the answer: its prose (no headings, code or display math), cut."""
    return _excerpt(text_blocks(markdown), limit)


def _excerpt(blocks: Iterable[tuple[str, str]], limit: int) -> str:
    prose = " ".join(text for kind, text in blocks if kind not in _SKIPPED_IN_EXCERPT)
    return truncate(prose, limit)
