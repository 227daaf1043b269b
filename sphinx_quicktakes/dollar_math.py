"""The markdown-it inline rule for ``$...$`` and ``$$...$$`` that tells math from money.

It replaces the ``math_inline`` rule of ``mdit_py_plugins.dollarmath`` and makes the same
tokens (``math_inline``, ``math_inline_double``); what is math is decided by
:mod:`sphinx_quicktakes.articles.mathrule`, the rule the answer decoder uses too.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath.index import math_block_dollar

from sphinx_quicktakes.articles.mathrule import closes_math, is_escaped, is_math, opens_math

BlockRule = Callable[[StateBlock, int, int, bool], bool]


def _closing(src: str, start: int, needle: str) -> int:
    while (found := src.find(needle, start)) >= 0:
        if not is_escaped(src, found):
            return found
        start = found + 1
    return -1


def dollar_math(state: StateInline, silent: bool) -> bool:
    """``$$tex$$`` inside a paragraph, or ``$tex$`` when :func:`is_math` says it is math."""
    src, pos = state.src, state.pos
    if src[pos] != "$" or is_escaped(src, pos):
        return False
    if src.startswith("$$", pos):
        end = _closing(src, pos + 2, "$$")
        if end < 0 or not src[pos + 2 : end].strip():
            return False
        kind, content, after = "math_inline_double", src[pos + 2 : end], end + 2
    else:
        if not opens_math(src, pos):
            return False
        end = _closing(src, pos + 1, "$")
        if end < 0 or not closes_math(src, end) or not is_math(src[pos + 1 : end]):
            return False
        kind, content, after = "math_inline", src[pos + 1 : end], end + 1
    if not silent:
        token = state.push(kind, "math", 0)
        token.content = content
        token.markup = "$$" if kind == "math_inline_double" else "$"
    state.pos = after
    return True


def use_dollar_math(md: MarkdownIt) -> None:
    """Put :func:`dollar_math` in place of dollarmath's inline rule (load dollarmath first).

    A ``$$`` line also interrupts a paragraph, as answers write it ("expressed as:\n$$"):
    otherwise the formula is read as text and a line ``=`` in it as a heading underline.
    """
    md.inline.ruler.at("math_inline", dollar_math)
    alt = ["paragraph", "reference", "blockquote", "list"]
    block = _silent_aware(math_block_dollar(True, None, True))
    md.block.ruler.at("math_block", block, {"alt": alt})


def _silent_aware(rule: BlockRule) -> BlockRule:
    """``rule`` that only answers, without adding tokens, when asked in silent mode."""

    def block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not silent:
            return rule(state, start, end, False)
        count, line = len(state.tokens), state.line
        found = rule(state, start, end, False)
        del state.tokens[count:]
        state.line = line
        return found

    return block
