"""The extension's single warning type and its subtypes."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from sphinx.util import logging

LOGGER = logging.getLogger("sphinx_quicktakes")

WARNING_TYPE = "quicktakes"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


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
    SEARCH = "search"
    MATH = "math"


def _printable(text: str) -> str:
    """Control characters shown as escapes, so content cannot forge log lines."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


def warn(message: str, subtype: QuickTakesWarning | str, location: Any = None) -> None:
    """Log a located warning of type ``quicktakes.<subtype>``."""
    if isinstance(location, str):
        location = _printable(location)
    LOGGER.warning(
        _printable(message),
        type=WARNING_TYPE,
        subtype=QuickTakesWarning(subtype).value,
        location=location,
    )
