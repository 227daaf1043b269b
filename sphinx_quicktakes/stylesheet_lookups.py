"""Docutils' stylesheet files looked up once per process, not once per HTML translator.

Every docutils HTML translator resolves its ``stylesheet_path`` setting (``minimal.css``,
``plain.css``) against ``stylesheet_dirs`` on disk when it is made. Sphinx makes a translator
for every page and two or three more for each page's titles and tables of contents, and never
uses the result: about 1.5% of writing a library page went to those file lookups. The answer
is kept by what it depends on besides the files themselves (the three settings and the
working folder): a stylesheet file added or removed while the process runs is not seen.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import docutils.utils

Lookup = Callable[[Any], list[str]]

#: Distinct settings whose answers are kept at most.
MAX_KEPT = 64


def setup_stylesheet_lookups() -> None:
    """Keep the answers of docutils' ``get_stylesheet_list``."""
    current = docutils.utils.get_stylesheet_list
    if hasattr(current, "__wrapped__"):
        return
    docutils.utils.get_stylesheet_list = remembering(current)


def remembering(lookup: Lookup) -> Lookup:
    """``lookup`` (docutils' ``get_stylesheet_list``), answering again from memory."""
    kept: dict[tuple[Any, ...], list[str]] = {}

    def get_stylesheet_list(settings: Any) -> list[str]:
        try:
            key = _key(settings)
        except (AttributeError, TypeError):
            return lookup(settings)
        known = kept.get(key)
        if known is None:
            known = lookup(settings)
            if len(kept) >= MAX_KEPT:
                kept.clear()
            kept[key] = known
        return list(known)

    get_stylesheet_list.__wrapped__ = lookup  # type: ignore[attr-defined]
    return get_stylesheet_list


def _key(settings: Any) -> tuple[Any, ...]:
    """What the lookup depends on; raises TypeError for a setting that cannot be a key."""
    key = (
        _frozen(settings.stylesheet),
        _frozen(settings.stylesheet_path),
        _frozen(settings.stylesheet_dirs),
        os.getcwd(),  # noqa: PTH109 (a str, without a Path object per call)
    )
    hash(key)
    return key


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
