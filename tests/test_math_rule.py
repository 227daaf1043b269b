"""The math/money rule and ``\\n`` inside math, on real cases and generated text (no Sphinx)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from sphinx_quicktakes.articles.decode import decode_answer
from sphinx_quicktakes.articles.mathrule import N_COMMANDS, decode_math, is_math
from sphinx_quicktakes.safe_markdown import ANSWER_MARKDOWN, safe_markdown


def _tokens(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        found.extend(_tokens(token.children or []))
    return found


def parts(raw: str) -> tuple[list[str], str]:
    """(math contents, joined text) of an answer written with literal ``\\n`` escapes."""
    tokens = _tokens(ANSWER_MARKDOWN.parse(decode_answer(raw)))
    maths = [" ".join(t.content.split()) for t in tokens if t.type.startswith("math")]
    text = " ".join(t.content for t in tokens if t.type in ("text", "code_inline", "fence"))
    return maths, text


# (raw answer, math spans expected, text that must be shown as written)
REAL_CASES = [
    ("- $ P $ is a proposition", ["P"], ""),
    ("where $ \\neg P $ is its negation", ["\\neg P"], ""),
    ("when $ 0 < b < 1 $, the curve decays", ["0 < b < 1"], ""),
    ("the input low voltage $ V_{IL} $ is", ["V_{IL}"], ""),
    ("Where:\\n- $ OE $ is the owner's equity,\\n- $ A $ is", ["OE", "A"], "owner's equity"),
    ("tight $x$ and $n$", ["x", "n"], ""),
    ("g is $9.8 \\, \\text{m/s}^2$ here", ["9.8 \\, \\text{m/s}^2"], ""),
    ("a rate of $1 \\times 10^{-4}$", ["1 \\times 10^{-4}"], ""),
    ("so $ 5^2 = 25 $.", ["5^2 = 25"], ""),
    ("about $0.0493\\%$ (which is $18\\% / 365$).", ["0.0493\\%", "18\\% / 365"], ""),
    (
        "It had $500,000 in assets and $300,000 in liabilities.",
        [],
        "$500,000 in assets and $300,000 in liabilities",
    ),
    ("It costs $1,500 and pays $60,000 a year.", [], "$1,500 and pays $60,000"),
    ("A $5 million grant, a $4.5 trillion economy.", [], "$5 million grant, a $4.5 trillion"),
    ("Revenue of $403 million; costs of $ 12 million", [], "$403 million; costs of $ 12"),
    ("2 units at $7.25 each = $14.50", [], "$7.25 each = $14.50"),
    ("an expense of $100 (i.e., $2,400 / 24 months)", [], "$100 (i.e., $2,400 / 24 months)"),
    (
        "about $0.04, lower than Bitcoin's fee of around $7.60 and often $1.00 or more.",
        [],
        "$0.04, lower than Bitcoin's fee of around $7.60 and often $1.00",
    ),
    ("Price: $5. The variable $x$ is free.", ["x"], "$5. The variable"),
    ("US$5 and $ y $", ["y"], "US$5"),
    ("pay $ in the $ box", [], "$ in the $ box"),
    (
        "Double negation:\\n\\n$$\\n   \\neg(\\neg P) \\equiv P\\n   $$\\n\\nso.",
        ["\\neg(\\neg P) \\equiv P"],
        "",
    ),
    ("expressed as:\\n   $$\\n   a\\n   =\\n   b\\n   $$\\n   where $x$ is", ["a = b", "x"], ""),
    ("so $a \\neq b$ and $\\nabla f$ and $\\nu$", ["a \\neq b", "\\nabla f", "\\nu"], ""),
    ("\\(\\nabla \\cdot E = 0\\) and \\[\\n\\not\\exists x\\n\\]", ["\\nabla \\cdot E = 0"], ""),
    ("$$\\nu = at\\n$$", ["u = at"], ""),
    ("$$\\n\\nu = \\frac{c}{\\lambda}\\n$$", ["\\nu = \\frac{c}{\\lambda}"], ""),
    (
        "$$\\n\\begin{aligned}\\na &= 1 \\\\\\nu &= 2\\n\\end{aligned}\\n$$",
        ["\\begin{aligned} a &= 1 \\\\ u &= 2 \\end{aligned}"],
        "",
    ),
    ("inline $$\\nu = c/\\lambda$$ double", ["\\nu = c/\\lambda"], ""),
    ("```c\\nint i;\\ni = 0;\\n```", [], "int i;\ni = 0;"),
    ("text \\ni = 0 and \\neg here", [], "i = 0 and"),
    ("code `$x$` and `\\$5`", [], "$x$"),
    ("```python\\nprice = '$5' + '$x$'\\nnot_done = True\\n```", [], "not_done = True"),
]


@pytest.mark.parametrize(("raw", "maths", "shown"), REAL_CASES)
def test_real_cases(raw: str, maths: list[str], shown: str) -> None:
    found, text = parts(raw)
    if raw.startswith("\\("):
        found = found[:1]
    assert found == maths
    assert shown in text


def test_display_math_keeps_n_commands_and_line_breaks() -> None:
    raw = "$$\\n\\not\\exists x\\n\\nexists y \\ngeq 0\\n$$"
    assert decode_answer(raw) == "$$\n\\not\\exists x\n\\nexists y \\ngeq 0\n$$"
    assert decode_math("\\ne^{x}") == "\ne^{x}"  # "not equal" cannot take a superscript
    assert decode_math("a \\ne b") == "a \\ne b"


def test_closing_delimiters_open_nothing() -> None:
    raw = "$$a$$ then \\neg text $$b$$ and $x$ \\nabla $y$ and \\(p\\) \\nu \\(q\\)"
    assert decode_answer(raw) == raw.replace("\\n", "\n")


def test_double_dollars_inside_a_line_stay_math_for_myst() -> None:
    # MyST would read "$$x$$" inside a line as two "$": inline, or a block when alone
    assert safe_markdown("Then $$x^2$$ inline.") == "Then $x^2$ inline.\n"
    assert safe_markdown("- $$\\neg P$$") == "- $$\n  \\neg P\n  $$\n"


def test_money_and_math_in_one_page() -> None:
    written = safe_markdown(decode_answer("It costs $5 million while $ x^2 $ grows."))
    assert written == "It costs \\$5 million while $x^2$ grows.\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (" P ", True),
        ("speed = d/t", True),
        ("f(x) = max(x, 0)", True),
        ("5 million in assets and ", False),
        ("14.00 = ", False),
        ("   ", False),
        ("the total of all the costs", False),
    ],
)
def test_is_math(content: str, expected: bool) -> None:
    assert is_math(content) is expected


AMOUNT = st.builds(
    lambda whole, cents, scale: f"${whole:,}{cents}{scale}",
    st.integers(0, 10**9),
    st.sampled_from(["", ".50", ".05", ".99"]),
    st.sampled_from(["", " million", " billion", " trillion", "k", " thousand"]),
)
WORD = st.sampled_from(
    ["in", "assets", "and", "of", "the", "a", "costs", "to", "=", "(i.e.,", "or", "per", "x"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(AMOUNT, st.lists(WORD, max_size=5)), min_size=1, max_size=5))
def test_money_never_becomes_math(pieces: list[tuple[str, list[str]]]) -> None:
    raw = " ".join(" ".join([amount, *words]) for amount, words in pieces)
    maths, text = parts(raw)
    assert maths == []
    assert text.count("$") == len(pieces)


PLAIN = st.text(
    st.characters(blacklist_characters="$`~\\", blacklist_categories=("Cs", "Cc")), max_size=80
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(PLAIN, st.just("\\n"), st.just("\\neg"), st.just("\\ni")), max_size=8))
def test_text_without_dollars_only_gets_line_breaks(pieces: list[str]) -> None:
    raw = "".join(pieces)
    assert decode_answer(raw) == raw.replace("\\n", "\n")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.just("$x$"), st.just("\\neg"), st.just("$$"), st.just("\\(a\\)"), PLAIN),
        max_size=6,
    )
)
def test_code_is_untouched(pieces: list[str]) -> None:
    code = "\\n".join(pieces)
    tokens = ANSWER_MARKDOWN.parse(decode_answer(f"Before $y$.\\n\\n```\\n{code}\\n```\\n"))
    fences = [token for token in tokens if token.type == "fence"]
    assert [fence.content for fence in fences] == [code.replace("\\n", "\n") + "\n"]


def test_no_ni_command() -> None:
    assert "ni" not in N_COMMANDS
    assert {"neg", "neq", "nu", "nabla", "not", "nmid", "ne", "notin", "nexists"} <= N_COMMANDS
