"""Slugs, and the docname an article's ``url`` maps to."""

from __future__ import annotations

import re
import unicodedata

from sphinx_quicktakes.articles.rules import LIBRARY_ROOT
from sphinx_quicktakes.paging import is_page_name

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
_RESERVED = frozenset({"index", "genindex", "search", "py-modindex", "_static", "_sources"})
#: Names Windows refuses for a file or folder, whatever the extension.
_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)", re.IGNORECASE)
MAX_SEGMENT = 200
#: Segments of a URL below ``/learn/`` (real URLs have three: subject, questions, name).
MAX_DEPTH = 8


def _reserved(segment: str) -> bool:
    """A page or folder name Sphinx or a file system keeps for itself (in any case)."""
    return segment.lower() in _RESERVED or bool(_DEVICE.match(segment))


def slugify(text: str) -> str:
    """Lower-case ASCII slug: ``Computer Science`` -> ``computer-science``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")[:MAX_SEGMENT].strip("-")


def url_to_docname(url: str) -> str | None:
    """The docname mirroring a site ``url``, or None if it is not a safe library URL.

    ``/learn/a/questions/b`` -> ``learn/a/questions/b``. The URL must lie under
    ``/learn/``, have at least two segments below it, and every segment must be a plain
    name (no ``..``, no odd characters, no Windows device name), neither the subject nor
    the last segment may be a reserved page name in any case (nor, for the last, the name of
    a listing page such as ``page-2``), and there are at most
    :data:`MAX_DEPTH` segments below ``/learn/``.
    """
    path = url.strip().split("#", 1)[0].split("?", 1)[0].strip("/")
    if path.endswith(".html"):
        path = path[: -len(".html")]
    segments = path.split("/")
    if not 3 <= len(segments) <= MAX_DEPTH + 1 or segments[0] != LIBRARY_ROOT:
        return None
    for segment in segments:
        if not _SEGMENT.match(segment) or len(segment) > MAX_SEGMENT or segment.endswith("."):
            return None
        if _DEVICE.match(segment):
            return None
    if _reserved(segments[-1]) or _reserved(segments[1]) or is_page_name(segments[-1]):
        return None
    return "/".join(segments)


def derived_docname(subject_slug: str, file_name: str, fallback: str) -> str:
    """Docname built from the subject slug and ``file_name`` (or ``fallback``)."""
    stem = file_name.rsplit("/", 1)[-1]
    if stem.lower().endswith(".md"):
        stem = stem[:-3]
    slug = slugify(stem) or slugify(fallback) or "question"
    if _reserved(slug):
        slug += "-question"
    return f"{LIBRARY_ROOT}/{subject_slug}/questions/{slug}"
