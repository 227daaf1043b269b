"""Moment-style date formats (``MMM DD, YYYY``) rendered with Babel."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

_MOMENT_TOKENS = {
    "YYYY": "yyyy",
    "YY": "yy",
    "MMMM": "MMMM",
    "MMM": "MMM",
    "MM": "MM",
    "M": "M",
    "DD": "dd",
    "D": "d",
    "dddd": "EEEE",
    "ddd": "EEE",
}
_TOKEN_RE = re.compile(
    r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd|[A-Za-z]|[^A-Za-z\[]+|\["
)


@lru_cache(maxsize=64)
def _tokens(moment: str) -> tuple[tuple[str, str], ...]:
    """Split a moment format into ``("babel", pattern)``, ``("ordinal", "")`` and literals."""
    parts: list[tuple[str, str]] = []
    for token in _TOKEN_RE.findall(moment):
        if token in _MOMENT_TOKENS:
            parts.append(("babel", _MOMENT_TOKENS[token]))
        elif token == "Do":
            parts.append(("ordinal", ""))
        elif token.startswith("[") and token.endswith("]") and len(token) > 1:
            parts.append(("text", token[1:-1]))
        else:
            parts.append(("text", token))
    return tuple(parts)


def _ordinal(day: int, locale: Locale) -> str:
    if locale.language != "en":
        return f"{day}."
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


@lru_cache(maxsize=16)
def _locale(language: str | None) -> Locale:
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@lru_cache(maxsize=4096)
def format_moment(date: dt.date, moment: str, language: str | None = None) -> str:
    """Format ``date`` with a moment-style format, month names in ``language``."""
    locale = _locale(language)
    out: list[str] = []
    for kind, value in _tokens(moment):
        if kind == "babel":
            out.append(format_date(date, value, locale=locale))
        elif kind == "ordinal":
            out.append(_ordinal(date.day, locale))
        else:
            out.append(value)
    return "".join(out)
