"""Which pages go in which bundle: one full-text bundle per subject, one light library bundle.

Pure functions over the stored page records. A subject's bundle holds its subject page and
its articles (answers included) and is keyed by their records only, so editing an article
rewrites that subject's bundle and no other. The library bundle holds every indexed page's
light page (:mod:`.light`), keyed by the front-matter fields it shows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from itertools import groupby

from sphinx_quicktakes.articles.rules import LIBRARY_ROOT
from sphinx_quicktakes.records import (
    ArticleRecord,
    LibraryRecord,
    ListingRecord,
    PageRecord,
    SubjectRecord,
    record_data,
)
from sphinx_quicktakes.search.bundle import content_key
from sphinx_quicktakes.search.light import LightPage, light_key

#: Folders inside the search folder: the library bundle and the subjects' bundles.
LIBRARY_BUNDLE = "library"
SUBJECTS_DIR = "subjects"
#: The most light pages of one library part (``quicktakes_search_part_pages``'s default).
DEFAULT_PART_PAGES = 20000

Records = Mapping[str, PageRecord]


def subject_folder(slug: str) -> str:
    """The bundle folder of one subject, relative to the search folder."""
    return f"{SUBJECTS_DIR}/{slug}"


def subject_glob(slug: str) -> str:
    """The written pages of one subject, relative to the output folder."""
    return f"{LIBRARY_ROOT}/{slug}/**/*.html"


def _slug_of(record: PageRecord) -> str | None:
    if isinstance(record, ArticleRecord):
        return record.subject_slug
    if isinstance(record, ListingRecord):  # a subject's first page too
        return record.slug
    return None


def is_indexed(record: PageRecord) -> bool:
    """False for pages Pagefind must not hold: ``no_index`` articles and later listing pages."""
    if isinstance(record, ArticleRecord):
        return not record.no_index
    return isinstance(record, (SubjectRecord, LibraryRecord))


def subject_groups(pages: Records) -> dict[str, list[tuple[str, PageRecord]]]:
    """(docname, record) of the indexed pages of each subject slug, in docname order."""
    groups: dict[str, list[tuple[str, PageRecord]]] = {}
    for name in sorted(pages):
        record = pages[name]
        slug = _slug_of(record)
        if slug is not None:
            group = groups.setdefault(slug, [])
            if is_indexed(record):
                group.append((name, record))
    return groups


def subject_keys(pages: Records, context: str) -> dict[str, str]:
    """Digest of each subject's bundle, by its folder."""
    groups = subject_groups(pages)
    return {subject_folder(slug): content_key(group, context) for slug, group in groups.items()}


def light_page(record: PageRecord, uri: str) -> LightPage | None:
    """The library bundle's page for one record, or None if it is not indexed."""
    if isinstance(record, ArticleRecord):
        if record.no_index:
            return None
        return LightPage(
            uri, record.question, record.subject, record.date_text, record.description,
            tuple(record.keywords),
        )  # fmt: skip
    if isinstance(record, SubjectRecord):
        return LightPage(uri, record.name, record.name)
    if isinstance(record, LibraryRecord):
        return LightPage(uri, record.title)
    return None


def light_pages(pages: Records, target_uri: Callable[[str], str]) -> list[LightPage]:
    """The library bundle's pages, in docname order."""
    found = (light_page(pages[name], target_uri(name)) for name in sorted(pages))
    return [page for page in found if page is not None]


def _group_of(page: LightPage) -> str:
    """The folder two levels down of a light page's URI: ``learn/<subject>`` for a subject's."""
    return "/".join(page.uri.lstrip("/").split("/")[:2])


def library_parts(light: list[LightPage], most: int) -> list[list[LightPage]]:
    """The library bundle's pages in parts of at most ``most`` pages, one Pagefind run each.

    Pagefind's memory grows with the pages of one run (about 45 KB a light page), so a
    library of any size is indexed in parts that the search box joins. A part holds whole
    subjects, in URI order, while they fit, so a subject's count changing moves no other
    subject; a subject larger than ``most`` takes parts of its own.
    """
    most = max(most, 1)
    parts: list[list[LightPage]] = []
    current: list[LightPage] = []
    for _, grouped in groupby(light, key=_group_of):
        group = list(grouped)
        if current and len(current) + len(group) > most:
            parts.append(current)
            current = []
        while len(group) > most:
            parts.append(group[:most])
            group = group[most:]
        current += group
    if current:
        parts.append(current)
    return parts


def part_folders(count: int) -> list[str]:
    """The bundle folders of ``count`` library parts: ``library``, ``library-2``, ..."""
    return [LIBRARY_BUNDLE, *(f"{LIBRARY_BUNDLE}-{n}" for n in range(2, count + 1))][:count]


def library_key(light: list[LightPage], context: str) -> str:
    """Digest of the library bundle."""
    return light_key(light, context)


def sources_key(subject_keys: dict[str, str], pages: Records, context: str) -> str:
    """Digest of everything the library bundle's pages are made from (cheap to compute)."""
    others = [(name, record_data(r)) for name, r in pages.items() if _slug_of(r) is None]
    text = json.dumps([context, sorted(subject_keys.items()), sorted(others)], default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
