"""The extension's warning subtypes (no Sphinx imports: the core tags its problems with them)."""

from __future__ import annotations

from enum import StrEnum

#: The one warning type; each warning is ``quicktakes.<subtype>``.
WARNING_TYPE = "quicktakes"


class QuickTakesWarning(StrEnum):
    """Warning subtypes, suppressible as ``quicktakes.<value>``."""

    ENCODING = "encoding"
    FRONTMATTER = "frontmatter"
    YAML = "yaml"
    REQUIRED = "required"
    FIELD = "field"
    DUPLICATE = "duplicate"
    PATH = "path"
    RELATED = "related"
    COLLISION = "collision"
    CONFIG = "config"
    SEO = "seo"
    GUIDE = "guide"
    CARDS = "cards"
    BYLINE = "byline"
    SEARCH = "search"
    MATH = "math"
