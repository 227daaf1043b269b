"""Literal ``\\n`` escapes of an answer -> line breaks, except TeX commands inside math.

The answer is scanned once for code (fences and spans, where nothing is math), display math
(``$$``, ``\\[``), inline math (``\\(``, and ``$`` pairs that :func:`is_math` accepts) and
money. Inside math, :func:`decode_math` keeps ``\\neg``, ``\\nu`` ...; everywhere else every
backslash-n becomes a line break, as the format defines.
"""

from __future__ import annotations

import re

from sphinx_quicktakes.articles.mathrule import (
    N_COMMANDS,
    closes_math,
    decode_math,
    is_escaped,
    is_math,
    opens_math,
)

_MARK = re.compile(
    r"(?P<fence>(?:^|(?<=\\n)|(?<=\n))[ \t]*(?:`{3,}|~{3,}))"
    r"|(?P<ticks>`+)|(?P<double>\$\$)|(?P<single>\$)|(?P<paren>\\\()|(?P<bracket>\\\[)"
)
_BLANK_LINE = re.compile(r"(?:\\n|\n)[ \t]*(?:\\n|\n)")
#: A backslash-n that could begin a TeX command: without one, decoding is a plain replace.
_N_COMMAND = re.compile(
    r"\\(?:" + "|".join(sorted(N_COMMANDS, key=len, reverse=True)) + r")(?![A-Za-z])"
)
_CLOSERS = {"double": "$$", "paren": "\\)", "bracket": "\\]"}


def _breaks(text: str) -> str:
    return text.replace("\\n", "\n")


def decode_answer(raw: str) -> str:
    """``raw`` with each backslash-n a line break, but TeX commands kept inside math."""
    if "\\n" not in raw:
        return raw
    if _N_COMMAND.search(raw) is None:
        return _breaks(raw)
    out: list[str] = []
    done = 0
    position = 0
    while match := _MARK.search(raw, position):
        kind, start = match.lastgroup or "", match.start()
        if kind in ("double", "paren", "bracket", "single") and is_escaped(raw, start):
            position = match.end()
            continue
        region = _math_region(raw, match)
        if region is None:
            position = _skip_code(raw, match) if kind in ("fence", "ticks") else match.end()
            continue
        opened, closed, tex = region
        out.append(_breaks(raw[done:opened]))
        out.append(tex)
        done = closed
        position = closed + len(_CLOSERS.get(kind, "$"))
    out.append(_breaks(raw[done:]))
    return "".join(out)


def _math_region(raw: str, match: re.Match[str]) -> tuple[int, int, str] | None:
    """(start, end, decoded content) of the math that ``match`` opens, or None."""
    kind = match.lastgroup or ""
    if kind in _CLOSERS:
        closer = _find_unescaped(raw, _CLOSERS[kind], match.end())
        if closer < 0:
            return None
        return match.end(), closer, decode_math(raw[match.end() : closer])
    if kind != "single" or not opens_math(raw, match.start()):
        return None
    end = _find_unescaped(raw, "$", match.end())
    if end < 0 or not closes_math(raw, end):
        return None
    tex = raw[match.end() : end]
    if _BLANK_LINE.search(tex) or not is_math(decoded := decode_math(tex)):
        return None
    return match.end(), end, decoded


def _find_unescaped(raw: str, needle: str, start: int) -> int:
    while (found := raw.find(needle, start)) >= 0:
        if not is_escaped(raw, found):
            return found
        start = found + 1
    return -1


def _skip_code(raw: str, match: re.Match[str]) -> int:
    """Where scanning resumes after the code that ``match`` opens (or after ``match``)."""
    mark = match.group().strip()
    if match.lastgroup == "fence":
        closing = re.compile(rf"(?:\\n|\n)[ \t]*{re.escape(mark[0])}{{{len(mark)},}}")
        found = closing.search(raw, match.end())
        return found.end() if found else len(raw)
    closing = re.compile(rf"(?<!`){re.escape(mark)}(?!`)")
    found = closing.search(raw, match.end())
    return found.end() if found else match.end()
