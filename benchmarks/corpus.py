"""A deterministic synthetic library in the exact format of real QuickTakes articles.

Subjects hold about :data:`SUBJECT_SIZE` articles each. Answers mix paragraphs, headings,
lists, bold text, inline and display math, code and tables, with literal ``\\n`` escapes
inside a folded ``>-`` scalar and an ``&nbsp;`` body, as the real files have. Most articles
have up to five related entries: most point inside the library, some outside it.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import frontmatter

SUBJECT_SIZE = 250
TOPICS = (
    "cell signalling",
    "market equilibrium",
    "Roman law",
    "thermodynamics",
    "graph theory",
    "photosynthesis",
    "supply chains",
    "the Treaty of Versailles",
    "sorting algorithms",
    "monetary policy",
    "plate tectonics",
    "Gothic novels",
    "neural networks",
    "tax accounting",
    "urban design",
    "climate models",
    "protein folding",
    "voting systems",
    "game theory",
    "cognitive load",
    "soil chemistry",
    "color theory",
    "compilers",
    "public health",
)
VERBS = ("explain", "compare", "describe", "evaluate", "summarise", "analyse")
WORDS = [
    "structure",
    "process",
    "evidence",
    "model",
    "theory",
    "effect",
    "system",
    "method",
    "result",
    "context",
    "factor",
    "change",
    "principle",
    "function",
    "balance",
    "pressure",
    "response",
    "pattern",
    "signal",
    "measure",
    "outcome",
    "approach",
    "framework",
    "variable",
    "concept",
    "relation",
    "practice",
    "policy",
    "network",
    "energy",
]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(9, 18))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def _answer(rng: random.Random, topic: str) -> str:
    parts = [f"Understanding {topic} starts with a few ideas. " + _paragraph(rng)]
    if rng.random() < 0.25:
        parts.append("## Key points")
    items = [f"{n}. **{rng.choice(WORDS).title()}**: {_sentence(rng)}" for n in range(1, 5)]
    parts.append("\\n".join(items))
    parts.append(_paragraph(rng))
    roll = rng.random()
    if roll < 0.1:
        parts.append("$$\\nE = mc^2 + \\\\frac{a}{b}\\n$$")
    elif roll < 0.2:
        parts.append("The rate is $r = \\\\frac{\\\\Delta x}{\\\\Delta t}$ per step.")
    elif roll < 0.25:
        parts.append("```python\\nfor item in items:\\n    print(item)\\n```")
    elif roll < 0.3:
        parts.append("| Term | Meaning |\\n|---|---|\\n| input | what goes in |")
    parts.append("In summary, " + _sentence(rng).lower())
    return "\\n\\n".join(parts)


def _folded(text: str, indent: str = "    ") -> str:
    return ">-\n" + indent + text


def _slug(text: str) -> str:
    """An ASCII slug: accents dropped (``québécois`` -> ``quebecois``), other marks spaced."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


@dataclass(frozen=True)
class RealFields:
    """Fields of a real article as its file holds them (``\\n`` escapes kept)."""

    question: str
    description: str
    keywords: str
    answer: str


def real_fields(folder: Path) -> list[RealFields]:
    """The question, summary, keywords and answer of every readable article in ``folder``."""
    found = []
    for path in sorted(folder.rglob("*.md")):
        if path.name == "README.md":
            continue
        try:
            data = frontmatter.load(path).metadata
        except Exception:  # a broken real file is skipped, as the reader skips it
            continue
        seo = data.get("seo") if isinstance(data.get("seo"), dict) else {}
        values = (data.get("question"), seo.get("page_description"), seo.get("page_keywords"))
        answer = data.get("answer")
        if isinstance(answer, str) and answer.strip() and all(isinstance(v, str) for v in values):
            question, description, keywords = (" ".join(str(v).split()) for v in values)
            found.append(RealFields(question, description, keywords, " ".join(answer.split())))
    return found


def article_text(
    number: int,
    subject: str,
    question: str,
    related: list[dict[str, str]],
    rng: random.Random,
    topic: str,
    real: RealFields | None = None,
) -> str:
    """The file text of one article (``real``: its summary, keywords and answer)."""
    slug = _slug(question)
    subject_slug = _slug(subject)
    lines = [
        "---",
        "_schema: default",
        f"id: {100000 + number}",
        f"date: {2020 + number % 5}-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "title: " + _folded(question),
        "article_title: " + _folded(question),
        "date_format: MMM DD, YYYY",
        "post_on_text: Posted on",
        "seo:",
        f"  title: QuickTakes | {subject}",
        "  page_description: "
        + _folded(real.description if real else f"A short answer about {topic}.", "    "),
        "  page_keywords: "
        + _folded(real.keywords if real else f"{topic}, {subject.lower()}, study", "    "),
        "author: QuickTakes",
        "question: " + _folded(question),
        "answer: " + _folded(real.answer if real else _answer(rng, topic)),
        f"subject: {subject}",
        f"file_name: {slug}.md",
        f"url: /learn/{subject_slug}/questions/{slug}",
    ]
    if number % 5:
        lines.append(f"score: {rng.random():.3f}")
    for index, entry in enumerate(related, start=1):
        lines += [
            f"related_article{index}:",
            f"    id: {entry['id']}",
            "    title: " + _folded(entry["title"], "        "),
            f"    subject: {entry['subject']}",
            f"    url: {entry['url']}",
        ]
    lines += ["---", "", "&nbsp;", ""]
    return "\n".join(lines)


def generate(
    target: Path,
    count: int,
    seed: int = 7,
    subject_size: int = SUBJECT_SIZE,
    real: Sequence[RealFields] = (),
) -> list[Path]:
    """Write ``count`` articles under ``target/<subject-slug>/``, about ``subject_size`` a
    subject; return their paths. With ``real`` articles (cycled), each article takes the
    question, summary, keywords and answer of one, so sizes are those of real articles."""
    rng = random.Random(seed)
    subjects = [f"Subject {n:02d}" for n in range(max(1, round(count / subject_size)))]
    entries = []
    for number in range(count):
        subject = subjects[number % len(subjects)]
        topic = TOPICS[number % len(TOPICS)]
        question = f"How do you {VERBS[number % len(VERBS)]} {topic} (case {number})?"
        if real:
            question = f"{real[number % len(real)].question.rstrip('?')} (case {number})?"
        slug = _slug(question)
        url = f"/learn/{_slug(subject)}/questions/{slug}"
        entries.append(
            {
                "id": str(100000 + number),
                "title": question,
                "subject": subject,
                "url": url,
                "topic": topic,
            }
        )
    by_subject: dict[str, list[dict[str, str]]] = {}
    for entry in entries:
        by_subject.setdefault(entry["subject"], []).append(entry)
    paths = []
    for number, entry in enumerate(entries):
        related: list[dict[str, str]] = []
        if rng.random() < 0.6:
            pool = by_subject[entry["subject"]]
            same = [e for e in rng.sample(pool, k=min(8, len(pool))) if e is not entry]
            related = [{k: e[k] for k in ("id", "title", "subject", "url")} for e in same[:4]]
            if rng.random() < 0.2:
                related.append(
                    {
                        "id": "1",
                        "title": "An article outside this library",
                        "subject": entry["subject"],
                        "url": f"/learn/elsewhere/questions/outside-{number}",
                    }
                )
        path = target / _slug(entry["subject"]) / (_slug(entry["title"]) + ".md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            article_text(
                number,
                entry["subject"],
                entry["title"],
                related,
                rng,
                entry["topic"],
                real[number % len(real)] if real else None,
            ),
            encoding="utf-8",
        )
        paths.append(path)
    return paths
