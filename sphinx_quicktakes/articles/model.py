"""Immutable data of articles, subjects and problems found while reading them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sphinx_quicktakes.articles.rules import LIBRARY_ROOT
from sphinx_quicktakes.articles.warning_types import QuickTakesWarning


@dataclass(frozen=True)
class Problem:
    """Something wrong with a content file, located by file and line."""

    path: str
    line: int
    #: A :class:`~sphinx_quicktakes.articles.warning_types.QuickTakesWarning` value.
    subtype: str
    message: str
    #: True when the whole article was skipped, False when only a field was dropped.
    fatal: bool = True

    def __post_init__(self) -> None:
        # Kept as its plain value, so problems print and pickle the same however tagged.
        object.__setattr__(self, "subtype", QuickTakesWarning(self.subtype).value)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} [quicktakes.{self.subtype}]"


@dataclass(frozen=True)
class Related:
    """A ``related_articleN`` entry as written in the front matter."""

    title: str
    id: int | None = None
    subject: str | None = None
    url: str | None = None
    #: Line of the entry in its file, for warnings.
    line: int = field(default=1, compare=False)


@dataclass(frozen=True)
class Article:
    """One validated article."""

    id: int
    subject: str
    question: str
    answer: str
    #: Path of the source file, relative to the content folder, with ``/`` separators.
    source: str
    title: str = ""
    article_title: str = ""
    date: dt.date | None = None
    date_format: str | None = None
    post_on_text: str | None = None
    seo_title: str = ""
    seo_description: str = ""
    seo_keywords: tuple[str, ...] = ()
    author: str = ""
    score: float | None = None
    file_name: str = ""
    url: str = ""
    no_index: bool = False
    related: tuple[Related, ...] = ()
    #: Front matter keys the format does not define, kept as they were.
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Subject:
    """Articles grouped under one subject slug."""

    slug: str
    name: str
    docnames: tuple[str, ...]

    @property
    def docname(self) -> str:
        """Docname of the subject index."""
        return f"{LIBRARY_ROOT}/{self.slug}/index"
