"""EPUB Accessibility 1.1 metadata of a guide: what it offers, stated only where true.

The package metadata follows the EPUB Accessibility 1.1 specification and its
schema.org vocabulary; DAISY Ace checks it in the test suite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The conformance a guide claims: every guide is checked against it.
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
_PACKAGE = re.compile(rb"<package\b[^>]*>")


@dataclass(frozen=True)
class BookFeatures:
    """What a guide's content holds, as far as its accessibility metadata depends on it."""

    math: bool
    tables: bool
    cover_image: bool


def features(book: BookFeatures) -> list[str]:
    """schema.org ``accessibilityFeature`` values that hold for ``book``."""
    values = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ]
    if book.math:
        values += ["MathML", "describedMath"]
    return values


def default_summary(book: BookFeatures) -> str:
    """The accessibility summary a reader sees when the project writes none."""
    sentences = [
        "This study guide meets EPUB Accessibility 1.1 at WCAG 2.2 Level AA.",
        "Every question is a chapter with its own heading, listed in the table of contents; "
        "landmarks lead to the cover, the contents and the first chapter, and the reading "
        "order follows the text.",
        "All content is text: the reading system can resize, restyle and read it aloud.",
    ]
    if book.math:
        sentences.append(
            "Formulas are written in MathML, with their TeX source as a text alternative."
        )
    if book.tables:
        sentences.append("Tables have header cells.")
    if book.cover_image:
        sentences.append("The cover picture is decorative and carries no information.")
    sentences.append(
        "The guide has no flashing, motion or sound hazards, and no print page numbers, "
        "as it has no print edition."
    )
    return " ".join(sentences)


def metadata(book: BookFeatures, summary: str, certified_by: str) -> list[tuple[str, str]]:
    """``(property, value)`` pairs of the guide's ``<meta>`` accessibility metadata."""
    pairs = [("schema:accessMode", "textual")]
    if book.cover_image:
        pairs.append(("schema:accessMode", "visual"))
    pairs.append(("schema:accessModeSufficient", "textual"))
    pairs += [("schema:accessibilityFeature", value) for value in features(book)]
    pairs.append(("schema:accessibilityHazard", "none"))
    pairs.append(("schema:accessibilitySummary", summary.strip() or default_summary(book)))
    pairs.append(("dcterms:conformsTo", CONFORMS_TO))
    if certified_by.strip():
        pairs.append(("a11y:certifiedBy", certified_by.strip()))
    return pairs


def add_package_language(opf: bytes, language: str) -> bytes:
    """The package document with ``xml:lang`` on its ``<package>`` element.

    :param language: a BCP 47 tag, already checked to hold only letters, digits and ``-``.
    """
    match = _PACKAGE.search(opf)
    if match is None or b"xml:lang=" in match.group():
        return opf
    tag = match.group()
    end = -2 if tag.endswith(b"/>") else -1
    patched = tag[:end] + f' xml:lang="{language}"'.encode() + tag[end:]
    return opf[: match.start()] + patched + opf[match.end() :]
