"""The extension's single warning type and its subtypes."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sphinx.util import logging

LOGGER = logging.getLogger("sphinx_quicktakes")

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


def warn(message: str, subtype: QuickTakesWarning | str, location: Any = None) -> None:
    """Log a located warning of type ``quicktakes.<subtype>``."""
    LOGGER.warning(
        message,
        type=WARNING_TYPE,
        subtype=QuickTakesWarning(subtype).value,
        location=location,
    )
