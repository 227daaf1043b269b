"""Logging the extension's warnings through Sphinx: one type, the core's subtypes, one helper."""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

from sphinx_quicktakes.articles.rules import NOT_IN_LOGS
from sphinx_quicktakes.articles.warning_types import WARNING_TYPE, QuickTakesWarning

__all__ = ["LOGGER", "QuickTakesWarning", "warn"]

LOGGER = logging.getLogger("sphinx_quicktakes")


def _printable(text: str) -> str:
    """Control characters shown as escapes, so content cannot forge log lines."""
    return NOT_IN_LOGS.sub(lambda match: repr(match.group())[1:-1], text)


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
