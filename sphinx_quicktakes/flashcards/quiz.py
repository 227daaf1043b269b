"""Education Q&A structured data of a flashcards page: a schema.org ``Quiz`` (no Sphinx)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sphinx_quicktakes.seo.jsonld import CONTEXT
from sphinx_quicktakes.seo.text import clean


def quiz(
    subject: str,
    cards: Sequence[tuple[str, str]],
    *,
    name: str,
    url: str | None = None,
    language: str = "",
) -> dict[str, Any]:
    """A ``Quiz`` of flashcards: (question, visible answer text) each.

    Google's Education Q&A needs ``hasPart`` questions with ``eduQuestionType``, ``text`` and
    one ``acceptedAnswer`` with ``text``; ``about`` and ``educationalAlignment`` name the
    subject.
    """
    subject = clean(subject)
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Quiz", "name": clean(name)}
    if url:
        data["url"] = url
    if language:
        data["inLanguage"] = language
    data["about"] = {"@type": "Thing", "name": subject}
    data["educationalAlignment"] = [
        {
            "@type": "AlignmentObject",
            "alignmentType": "educationalSubject",
            "targetName": subject,
        }
    ]
    data["hasPart"] = [
        {
            "@type": "Question",
            "eduQuestionType": "Flashcard",
            "text": clean(question),
            "acceptedAnswer": {"@type": "Answer", "text": answer.strip()},
        }
        for question, answer in cards
    ]
    return data
