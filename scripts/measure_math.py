"""Measure the math/money rule on a folder of articles, and show a sample to check by eye.

    python scripts/measure_math.py                      # ../shared/real-sample
    python scripts/measure_math.py content --sample 40 --seed 7

Reports math spans found (``$``, ``$$``, ``\\(``, ``\\[``), those latex2mathml converts,
amounts of money kept as text, TeX commands beginning with ``n`` kept inside math, and then a
random sample of every ``$`` the rule classified (math or text) with its context.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from markdown_it.token import Token

from sphinx_quicktakes.articles.mathrule import N_COMMANDS
from sphinx_quicktakes.articles.reader import read_folder
from sphinx_quicktakes.guides.mathml import tex_to_mathml
from sphinx_quicktakes.safe_markdown import ANSWER_MARKDOWN

_AMOUNT = re.compile(r"(?<![\\\w])\$\d")
_RAW_N_COMMAND = re.compile(r"\\n([A-Za-z]+)")
_N_COMMAND = re.compile(r"\\(n[A-Za-z]*)(?![A-Za-z])")


def _walk(tokens: Iterable[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        found.extend(_walk(token.children or []))
    return found


def measure(folder: Path, sample: int, seed: int) -> Counter[str]:
    """Count spans, conversions, amounts and n-commands; print a sample of classifications."""
    articles = [article for article, _problems in read_folder(folder) if article is not None]
    counts: Counter[str] = Counter(articles=len(articles))
    decisions: list[tuple[str, str, str]] = []
    for article in articles:
        raw_commands = sum(
            1
            for word in _RAW_N_COMMAND.findall(_raw_answer(folder / article.source))
            if word in N_COMMANDS
        )
        counts["raw \\n+command (anywhere)"] += raw_commands
        counts["amounts written"] += len(_AMOUNT.findall(article.answer))
        for token in _walk(ANSWER_MARKDOWN.parse(article.answer)):
            if token.type.startswith("math"):
                display = token.type.startswith("math_block") or token.type.endswith("double")
                counts["math spans"] += 1
                counts["converted"] += tex_to_mathml(token.content, display) is not None
                counts["n-commands kept in math"] += sum(
                    1 for name in _N_COMMAND.findall(token.content) if name in N_COMMANDS
                )
                if token.markup == "$":
                    counts["$...$ spans"] += 1
                    decisions.append(("math", token.content, article.source))
                    if token.content.strip()[:1].isdigit():
                        counts["digit-first $...$ spans"] += 1
                        print(f"digit-first math: {token.content!r}  ({article.source})")
            elif token.type in ("text", "code_inline", "fence", "code_block"):
                kept = "amounts kept as text" if token.type == "text" else "amounts in code"
                counts[kept] += len(_AMOUNT.findall(token.content))
                for found in re.finditer(r"\$", token.content):
                    around = token.content[max(0, found.start() - 40) : found.start() + 50]
                    decisions.append(("text", around, article.source))
    _show(decisions, sample, seed)
    return counts


def _raw_answer(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return text.split("\nanswer:", 1)[-1].split("\nsubject:", 1)[0]


def _show(decisions: list[tuple[str, str, str]], sample: int, seed: int) -> None:
    chosen = random.Random(seed).sample(decisions, min(sample, len(decisions)))
    for kind, text, source in chosen:
        shown = " ".join(text.split())
        print(f"{kind:5} {shown[:110]!r}  ({source})")


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "real-sample"
    parser.add_argument("folder", nargs="?", type=Path, default=default)
    parser.add_argument("--sample", type=int, default=30, help="classifications to print")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = measure(args.folder, args.sample, args.seed)
    print()
    for key, value in counts.items():
        print(f"{key:32} {value}")
    spans = counts["math spans"]
    if spans:
        print(f"{'converted share':32} {counts['converted'] / spans:.2%}")


if __name__ == "__main__":
    main()
