"""Which guides to build, what goes in them, and the settings their output depends on.

Everything here is read from the environment's per-page records (the ``quicktakes``
domain), so incremental and parallel builds see the whole library, not only the pages
read in this run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import mimetypes
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sphinx_quicktakes.articles.dates import format_moment
from sphinx_quicktakes.config import PREFIX, QuickTakesConfig
from sphinx_quicktakes.pages import LIBRARY_DOCNAME
from sphinx_quicktakes.records import ArticleRecord, LibraryRecord, PageRecord, SubjectRecord

#: Bump when the output of the same input changes (templates, packaging, rendering).
RENDER_VERSION = "2"
LIBRARY = "library"
FORMATS = ("epub", "pdf", "apkg")
COVER_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}


@dataclass(frozen=True)
class GuideArticle:
    """An article as a guide lists it (from its page record)."""

    docname: str
    question: str
    url: str
    date: str | None
    author: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuidePart:
    """One subject of a guide."""

    slug: str
    name: str
    docname: str
    articles: tuple[GuideArticle, ...]


@dataclass(frozen=True)
class GuidePlan:
    """One guide: a subject, or the library with one part per subject."""

    key: str
    kind: str
    title: str
    parts: tuple[GuidePart, ...]

    @property
    def articles(self) -> list[GuideArticle]:
        """Every article, part after part."""
        return [article for part in self.parts for article in part.articles]

    @property
    def docnames(self) -> list[str]:
        """Docnames of every article, in guide order."""
        return [article.docname for article in self.articles]

    @property
    def page_docname(self) -> str:
        """The site page that offers this guide for download."""
        return LIBRARY_DOCNAME if self.kind == LIBRARY else self.parts[0].docname

    def stem(self) -> str:
        """Output file name without extension (``<slug>`` or ``library``)."""
        if self.kind == LIBRARY:
            return LIBRARY
        # A subject slugged "library" must not overwrite the library guide.
        return self.key if self.key != LIBRARY else "subject-library"

    def describe(self) -> dict[str, Any]:
        """Plain data of the plan, for cache keys."""
        return asdict(self)


def _title(template: str, fields: dict[str, Any], default: str) -> str:
    try:
        return template.format_map(fields)
    except (KeyError, ValueError, IndexError, AttributeError):
        return default.format_map(fields)


def plan_guides(
    pages: dict[str, PageRecord], options: QuickTakesConfig, site_name: str
) -> list[GuidePlan]:
    """Subject guides (in library order) then the library guide, from the page records."""
    library = pages.get(LIBRARY_DOCNAME)
    subject_records = {r.slug: (d, r) for d, r in pages.items() if isinstance(r, SubjectRecord)}
    order = (
        list(library.subjects) if isinstance(library, LibraryRecord) else sorted(subject_records)
    )
    wanted = set(options.guide_subjects)
    parts: list[GuidePart] = []
    for slug in order:
        if slug not in subject_records or (wanted and slug not in wanted):
            continue
        docname, record = subject_records[slug]
        articles = []
        for name in record.docnames:
            article = pages.get(name)
            if not isinstance(article, ArticleRecord):
                continue
            articles.append(
                GuideArticle(
                    docname=name,
                    question=article.question,
                    url=article.url,
                    date=article.date,
                    author=article.author or "",
                    keywords=article.keywords,
                )
            )
        if articles:
            parts.append(GuidePart(slug, record.name, docname, tuple(articles)))
    plans = []
    default_template = QuickTakesConfig.__dataclass_fields__["guide_title_template"].default
    for part in parts:
        fields = {"subject": part.name, "site_name": site_name, "count": len(part.articles)}
        title = _title(options.guide_title_template, fields, str(default_template))
        plans.append(GuidePlan(part.slug, "subject", title, (part,)))
    if parts:
        title = options.guide_library_title or options.library_title
        plans.append(GuidePlan(LIBRARY, LIBRARY, title, tuple(parts)))
    return plans


@dataclass(frozen=True)
class CoverImage:
    """The optional cover image of every guide."""

    name: str
    media_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class GuideSettings:
    """Every project setting a guide's bytes depend on."""

    project: str
    site_name: str
    base_url: str
    language: str
    date_format: str
    formats: tuple[str, ...]
    paper_size: str
    font_family: str
    source_date: dt.datetime | None
    cover: CoverImage | None
    versions: tuple[str, ...] = ()
    #: The EPUB accessibility summary; empty for the default one.
    accessibility_summary: str = ""
    #: Who certified the guides' accessibility (``a11y:certifiedBy``); empty for nobody.
    certified_by: str = ""
    #: Articles a subject PDF renders at a time (how it is made, not what it holds).
    pdf_chunk_size: int = 50

    def key(self) -> str:
        """Hash of the settings (and of the renderer's version and assets)."""
        data = asdict(self)
        del data["formats"]  # which files are built, not what is in them
        del data["pdf_chunk_size"]  # a key of the PDFs alone
        data["cover"] = hashlib.sha256(self.cover.data).hexdigest() if self.cover else None
        data["source_date"] = self.source_date.isoformat() if self.source_date else None
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    def guide_date(self, plan: GuidePlan) -> dt.datetime | None:
        """The date of a guide: ``SOURCE_DATE_EPOCH`` or else its newest article's date."""
        if self.source_date is not None:
            return self.source_date
        dates = [a.date for a in plan.articles if a.date]
        if not dates:
            return None
        newest = dt.date.fromisoformat(max(dates))
        return dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.UTC)

    def date_text(self, when: dt.datetime | None) -> str:
        """A date as the site's bylines write it."""
        return format_moment(when.date(), self.date_format, self.language) if when else ""


def source_date_epoch() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` as an aware datetime, when it is set and valid."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)


def read_cover(path: Path) -> CoverImage | str:
    """The cover image at ``path``, or a message saying why it cannot be used."""
    media_type = COVER_TYPES.get(path.suffix.lower())
    if media_type is None:
        guessed = mimetypes.guess_type(path.name)[0] or path.suffix
        return f"{PREFIX}guide_cover_image must be PNG, JPEG or GIF, not {guessed}"
    try:
        data = path.read_bytes()
    except OSError as error:
        return f"cannot read {PREFIX}guide_cover_image {path}: {error.strerror}"
    return CoverImage("cover" + path.suffix.lower().replace(".jpeg", ".jpg"), media_type, data)


def doctree_digest(doctreedir: Path, docname: str) -> str:
    """Hash of the pickled doctree of a page (changes when the page was re-read differently)."""
    try:
        return hashlib.sha256((doctreedir / f"{docname}.doctree").read_bytes()).hexdigest()
    except OSError:
        return "missing"
