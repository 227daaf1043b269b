"""The checks of article fields: a raw front matter value -> a clean value, or why not.

Each check takes the field's key (for its message) and the raw value (None when the key is
not set) and returns the value the article keeps, or raises :class:`Invalid`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

#: Digits allowed in an ``id`` (a 64-bit integer).
MAX_ID_DIGITS = 18

_ID = re.compile(rf"-?\d{{1,{MAX_ID_DIGITS}}}")
#: A plain file name: no folders, no traversal, nothing a file system treats specially.
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")


class Invalid(ValueError):
    """A field's value breaks its rule; the message says how."""


def article_id(key: str, value: Any) -> int:
    """An integer of up to :data:`MAX_ID_DIGITS` digits (digits in quotes too)."""
    if isinstance(value, str) and _ID.fullmatch(value.strip()):
        return int(value)
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if is_int and len(str(abs(value))) <= MAX_ID_DIGITS:
        return int(value)
    if value is None:
        raise Invalid("missing required field 'id' (an integer)")
    raise Invalid(f"'id' must be an integer of up to {MAX_ID_DIGITS} digits, not {value!r:.40}")


def subject(key: str, value: Any) -> str:
    """Non-blank text."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise Invalid("missing required field 'subject'")


def answer(key: str, value: Any) -> str:
    """Non-blank text (decoded later)."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise Invalid("missing required field 'answer' (text)")


def text(key: str, value: Any) -> str:
    """Text, or a number written as text; nothing else. Absent: empty."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise Invalid(f"'{key}' must be text, not {type(value).__name__}")
    return str(value).strip()


def optional_text(key: str, value: Any) -> str | None:
    """As :func:`text`, but None when empty."""
    return text(key, value) or None


def file_name(key: str, value: Any) -> str:
    """A plain file name (no folders), or empty."""
    name = text(key, value)
    if name and not _FILE_NAME.fullmatch(name):
        plain = "a plain name such as what-is-x.md"
        raise Invalid(f"'file_name' must be {plain}, not {name!r:.60}")
    return name


def seo_mapping(key: str, value: Any) -> dict[str, Any] | None:
    """A mapping (of ``title``, ``page_description``, ``page_keywords``), or None."""
    if value is None or isinstance(value, dict):
        return value
    raise Invalid("'seo' must be a mapping of title, page_description, page_keywords")


def seo_text(key: str, value: Any) -> str:
    """Text only (no numbers). Absent: empty."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(f"'{key}' must be text")
    return value.strip()


def keywords(key: str, value: Any) -> tuple[str, ...]:
    """Distinct words from a comma-separated text or a list."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        raise Invalid(f"'{key}' must be a comma-separated text or a list")
    words = [str(item).strip() for item in items if isinstance(item, str | int | float)]
    return tuple(dict.fromkeys(word for word in words if word))


def date(key: str, value: Any) -> dt.date | None:
    """A date, a date-time (its date) or ISO text starting with a date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise Invalid(f"'date' must be a date such as 2024-12-09, not {value!r:.40}")


def number(key: str, value: Any) -> float | None:
    """A finite number (not a boolean)."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    raise Invalid(f"'score' must be a number, not {value!r:.40}")


def flag(key: str, value: Any) -> bool:
    """``true`` or ``false``."""
    if isinstance(value, bool):
        return value
    raise Invalid(f"'{key}' must be true or false")
