"""The Pygments language a code block of an answer is highlighted in (plain text if none)."""

from __future__ import annotations

import re
from functools import lru_cache

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import Error
from pygments.util import ClassNotFound

#: What a language name in a fence's info string may look like.
LANGUAGE = re.compile(r"^[A-Za-z0-9_+#.-]{1,40}$")


@lru_cache(maxsize=256)
def highlight_language(name: str) -> str:
    """``name`` if Pygments knows it, else ``text`` (no highlighting, no warning)."""
    if not name or not LANGUAGE.match(name):
        return "text"
    return name if _lexer(name) is not None else "text"


@lru_cache(maxsize=256)
def _lexer(name: str) -> Lexer | None:
    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=True)
    except ClassNotFound:
        return None


def code_language(name: str, content: str) -> str:
    """``name`` if Pygments knows it and lexes ``content`` without an error, else ``text``.

    Sphinx would warn ("Retrying in relaxed mode") on code its lexer rejects: that is the
    author's content, not the site owner's bug, so such code is shown as plain text quietly.
    """
    language = highlight_language(name)
    lexer = _lexer(language) if language != "text" else None
    if lexer is None:
        return "text"
    try:
        if any(kind in Error for kind, _ in lexer.get_tokens(content)):
            return "text"
    except Exception:  # a lexer bug on odd input: plain text too
        return "text"
    return language
