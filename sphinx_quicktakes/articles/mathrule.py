"""What lies between two dollars: math or money; and ``\\n`` inside math (pure, no Sphinx).

Answers write line breaks as a literal backslash-n and use ``$`` both for TeX math (``$x$``,
padded ``$ P $``, digit-first ``$9.8 \\, \\text{m/s}^2$``) and for money (``$1,500``,
``$5 million``, two amounts in one paragraph). The rule reads what lies between the dollars:

* a closing ``$`` directly followed by a digit opens the next amount, so the pair is money;
* an amount followed by prose words (``$500,000 in assets and $``) is money;
* TeX (a control word or escape, ``^``, ``_``, braces) is math; so are letters, digits and
  operators that are not prose (``$ P $``, ``$ 0 < b < 1 $``, ``$ 5^2 = 25 $``);
* a span of prose words without operators (``$ in the $``) is not math.

Inside math, a backslash-n that begins a known TeX command (``\\neg``, ``\\neq``, ``\\nu``,
``\\nabla``, ``\\not`` ...) is that command; everywhere else it is a line break.
"""

from __future__ import annotations

import re
from functools import lru_cache


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: TeX/LaTeX/amssymb commands that begin with ``n`` (as latex2mathml knows them). Not ``\\ni``:
#: ``\\ni = 0`` in code is a line break; not ``\\newcommand`` and friends (never rendered).
N_COMMANDS = _names(
    """
    nabla napprox natural ncong ne nearrow neg negmedspace negthickspace negthinspace neq
    nequiv newline nexists ngeq ngeqq ngeqslant ngtr nleftarrow nleftrightarrow nLeftarrow
    nLeftrightarrow nleq nleqq nleqslant nless nmid nobreakspace nolimits nonumber not notag
    notin nparallel nprec npreceq nrightarrow nRightarrow nshortmid nshortparallel nsim
    nsubset nsubseteq nsucc nsucceq nsupset nsupseteq ntriangleleft ntrianglelefteq
    ntriangleright ntrianglerighteq nu nvdash nvDash nVdash nVDash nwarrow
    """
)
#: Commands whose letters after the ``n`` also start ordinary lines of math (``e^x``, ``u =``).
_AMBIGUOUS = frozenset({"ne", "nu"})

_LETTERS = re.compile(r"[A-Za-z]+")
#: A backslash-n that is a line break for sure (not followed by a letter).
_BREAK = re.compile(r"\\n(?![A-Za-z])")
#: TeX for sure: a control word or escaped symbol, a script, a brace group.
_TEX = re.compile(r"\\[A-Za-z]+|\\[^A-Za-z\s]|[\^_{}]")
_OPERATOR = re.compile(r"[=<>+*/|\u2212\u00d7\u00f7\u2264\u2265\u2260]|\w\s*-\s*\w")
#: An amount: ``1,500``, ``4.5``, ``60000``, optionally ``million``/``bn``/``k``.
_AMOUNT = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"(?:\s*(?:thousand|million|billion|trillion|bn|mn|[kKmMbB])(?![A-Za-z]))?"
)
#: ``\\cmd`` and ``\\cmd{...}`` (one level): their letters are TeX, not prose.
_TEX_GROUP = re.compile(r"\\[A-Za-z]+(?:\s*\{[^{}]*\})?")
_PROSE_WORD = re.compile(
    r"(?<![A-Za-z\\])(?:[A-Za-z]{3,}|(?:in|of|to|is|an|as|by|or|on|if|it|be)(?![A-Za-z]))"
)
_FUNCTIONS = _names(
    "sin cos tan cot sec csc sinh cosh tanh log exp max min lim mod det gcd lcm arg deg dim "
    "ker sup inf"
)


def _prose_words(text: str) -> int:
    return sum(
        1
        for word in _PROSE_WORD.findall(_TEX_GROUP.sub(" ", text))
        if word.lower() not in _FUNCTIONS
    )


@lru_cache(maxsize=4096)
def is_math(content: str) -> bool:
    """True when ``content`` (what lies between single dollars) is a formula, not money."""
    text = content.strip()
    if not text:
        return False
    amount = _AMOUNT.match(text)
    if amount and _prose_words(text[amount.end() :]):
        return False  # "$5 million in assets and $", "$7.25 each = $"
    if text.endswith(("=", ",")) and amount:
        return False  # "$14.00 = $..."
    if _TEX.search(text):
        return True
    prose = _prose_words(text)
    return prose < 2 or (prose < 5 and _OPERATOR.search(text) is not None)


def closes_math(text: str, end: int) -> bool:
    """A ``$`` at ``end`` can close inline math: not directly followed by a digit."""
    return not (end + 1 < len(text) and text[end + 1].isdigit())


def opens_math(text: str, start: int) -> bool:
    """A ``$`` at ``start`` can open inline math: not glued to a word (``US$5``) or a ``$``."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "$")


def is_escaped(text: str, pos: int) -> bool:
    """True when the character at ``pos`` follows an odd number of backslashes."""
    count = 0
    while pos - count - 1 >= 0 and text[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def decode_math(tex: str) -> str:
    """``tex`` (math as written, with literal ``\\n``) with line breaks and n-commands told apart.

    ``\\ne`` and ``\\nu`` are ambiguous where a new line of math is expected (right after
    the opening delimiter or a ``\\\\`` row break) in math laid out on several lines: there
    they are a line break followed by ``e``/``u`` (``$$\\nu = at\\n$$`` is ``u = at``).
    """
    if "\\n" not in tex:
        return tex
    laid_out = _BREAK.search(tex) is not None
    out: list[str] = []
    index, row_start = 0, True
    while index < len(tex):
        char = tex[index]
        if char != "\\" or index + 1 == len(tex):
            out.append(char)
            row_start = row_start and char.isspace()
            index += 1
            continue
        following = tex[index + 1]
        if following == "n":
            word = _LETTERS.match(tex, index + 1)
            name = word.group() if word else ""
            if _is_command(tex, index + 1 + len(name), name, row_start and laid_out):
                out.append("\\" + name)
                index += 1 + len(name)
            else:
                out.append("\n")
                index += 2
            row_start = False
            continue
        out.append(char + following)
        index += 2
        row_start = following == "\\"  # a TeX row break starts a new row
    return "".join(out)


def _is_command(tex: str, after: int, name: str, at_line_start: bool) -> bool:
    if name not in N_COMMANDS:
        return False
    if name in _AMBIGUOUS and at_line_start:
        return False
    rest = tex[after:].lstrip(" ")
    return not (name == "ne" and rest[:1] in ("=", "^", "_"))
