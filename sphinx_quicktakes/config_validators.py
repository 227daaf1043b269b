"""Validators of the ``quicktakes_*`` options: each raises ``ValueError`` naming the option.

A validator takes the option's short name and its value; the options dataclass runs one per
field (see :mod:`sphinx_quicktakes.config`), and the message says how to fix the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sphinx_quicktakes.articles.rules import is_web_url
from sphinx_quicktakes.seo.titles import template_fields

PREFIX = "quicktakes_"

Validator = Callable[[str, Any], None]

_PAPER = re.compile(r"^[A-Za-z0-9 .]{1,40}$")
_FONT = re.compile(r"^[A-Za-z0-9 ,'\"._-]{1,200}$")


def instance_of(*types: type) -> Validator:
    """A value of one of ``types`` (``bool`` only where it is named)."""

    def check(name: str, value: Any) -> None:
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            expected = " or ".join(t.__name__ for t in types)
            raise ValueError(f"{PREFIX}{name} must be {expected}, not {type(value).__name__}")

    return check


def one_of(*choices: str) -> Validator:
    """One of ``choices``."""

    def check(name: str, value: Any) -> None:
        if value not in choices:
            raise ValueError(f"{PREFIX}{name} must be one of {', '.join(map(repr, choices))}")

    return check


def list_of_str(name: str, value: Any) -> None:
    """A list (or tuple) of strings."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{PREFIX}{name} must be a list of strings")


def subset_of(*choices: str) -> Validator:
    """A list of strings, each one of ``choices``."""

    def check(name: str, value: Any) -> None:
        list_of_str(name, value)
        unknown = sorted(set(value) - set(choices))
        if unknown:
            raise ValueError(f"{PREFIX}{name}: unknown value(s) {unknown}; use {list(choices)}")

    return check


def positive_int(name: str, value: Any) -> None:
    """A whole number, 1 or more."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{PREFIX}{name} must be a positive integer")


def non_negative_int(name: str, value: Any) -> None:
    """A whole number, 0 or more."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{PREFIX}{name} must be a whole number, 0 or more")


STR = instance_of(str)
BOOL = instance_of(bool)


def http_url_or_empty(name: str, value: Any) -> None:
    """Empty, or an absolute ``http(s)`` URL."""
    STR(name, value)
    if value and not is_web_url(value):
        raise ValueError(f"{PREFIX}{name} must be an absolute http(s) URL, not {value!r}")


def title_template(name: str, value: Any) -> None:
    """A title template whose fields are all known."""
    STR(name, value)
    try:
        template_fields(value)
    except ValueError as error:
        raise ValueError(f"{PREFIX}{name}: {error}") from None


def css_paper_size(name: str, value: Any) -> None:
    """A plain CSS page ``size`` (``A4``, ``letter``, ``210mm 297mm``...)."""
    STR(name, value)
    if not _PAPER.match(value.strip()):
        raise ValueError(
            f"{PREFIX}{name} {value!r:.60} is not a CSS page size (letters, digits, spaces, "
            "dots), e.g. 'A4' or 'letter'"
        )


def css_font_family(name: str, value: Any) -> None:
    """A plain CSS ``font-family`` list (names, commas, quotes)."""
    STR(name, value)
    if not _FONT.match(value.strip()):
        raise ValueError(
            f"{PREFIX}{name} {value!r:.60} is not a plain CSS font list, e.g. 'DejaVu Serif, serif'"
        )


def guide_title_template(name: str, value: Any) -> None:
    """A guide title template using only ``{subject}``, ``{count}`` and ``{site_name}``."""
    STR(name, value)
    try:
        value.format_map({"subject": "Subject", "count": 1, "site_name": "Site"})
    except (KeyError, ValueError, IndexError, AttributeError) as error:
        raise ValueError(
            f"{PREFIX}{name} {value!r:.60} cannot be filled ({type(error).__name__}: {error}); "
            "use the fields {subject}, {count} and {site_name}"
        ) from None
