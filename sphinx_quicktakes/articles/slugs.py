"""Slugs, and the docname an article's ``url`` maps to."""

from __future__ import annotations

import re
import unicodedata

LIBRARY_ROOT = "learn"

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
_RESERVED = frozenset({"index", "genindex", "search", "py-modindex", "_static", "_sources"})
MAX_SEGMENT = 200


def slugify(text: str) -> str:
    """Lower-case ASCII slug: ``Computer Science`` -> ``computer-science``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")[:MAX_SEGMENT].strip("-")


def url_to_docname(url: str) -> str | None:
    """The docname mirroring a site ``url``, or None if it is not a safe library URL.

    ``/learn/a/questions/b`` -> ``learn/a/questions/b``. The URL must lie under
    ``/learn/``, have at least two segments below it, and every segment must be a plain
    name (no ``..``, no reserved page names, no odd characters).
    """
    path = url.strip().split("#", 1)[0].split("?", 1)[0].strip("/")
    if path.endswith(".html"):
        path = path[: -len(".html")]
    segments = path.split("/")
    if len(segments) < 3 or segments[0] != LIBRARY_ROOT:
        return None
    for segment in segments:
        if not _SEGMENT.match(segment) or len(segment) > MAX_SEGMENT or segment.endswith("."):
            return None
    if segments[-1] in _RESERVED or segments[1] in _RESERVED:
        return None
    return "/".join(segments)


def derived_docname(subject_slug: str, file_name: str, fallback: str) -> str:
    """Docname built from the subject slug and ``file_name`` (or ``fallback``)."""
    stem = file_name.rsplit("/", 1)[-1]
    if stem.lower().endswith(".md"):
        stem = stem[:-3]
    slug = slugify(stem) or slugify(fallback) or "question"
    if slug in _RESERVED:
        slug += "-question"
    return f"{LIBRARY_ROOT}/{subject_slug}/questions/{slug}"
