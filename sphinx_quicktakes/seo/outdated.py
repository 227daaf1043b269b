"""``env-get-outdated``: library pages whose SEO data changed although their text did not.

A page is re-read only when its generated source changes. Front matter that the page does
not show (``seo.*``, ``no_index``, ``id``) changes its record but not its text, and a title
made distinct with `` (2)`` depends on the other articles. Those pages are returned here so
that their records, tags, sitemap entries and feed entries are current.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_quicktakes.articles import Library
from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.outputs import digest, read_json, write_json
from sphinx_quicktakes.records import (
    ArticleRecord,
    LibraryRecord,
    PageRecord,
    SubjectRecord,
    article_fingerprint,
)
from sphinx_quicktakes.seo.titles import article_titles
from sphinx_quicktakes.state import get_state

#: In the doctree folder: the library key and environment file last checked together.
CHECKED_FILE = "quicktakes-records-checked.json"


Fields = dict[str, dict[str, str]]


def _stored_fields(pages: dict[str, PageRecord]) -> tuple[Fields, list[str]]:
    fields = {
        docname: {
            "question": record.question,
            "seo_title": record.seo_title or "",
            "subject": record.subject,
        }
        for docname, record in pages.items()
        if isinstance(record, ArticleRecord)
    }
    taken = [
        record.title if isinstance(record, LibraryRecord) else record.name
        for record in pages.values()
        if isinstance(record, LibraryRecord | SubjectRecord)
    ]
    return fields, taken


def _current_fields(library: Library, library_title: str) -> tuple[Fields, list[str]]:
    fields = {
        docname: {
            "question": article.question,
            "seo_title": article.seo_title,
            "subject": library.subject_of(docname).name,
        }
        for docname, article in library.articles.items()
    }
    return fields, [library_title] + [subject.name for subject in library.subjects.values()]


def _environment_state(app: Sphinx) -> list[int] | None:
    try:
        stat = (Path(app.doctreedir) / ENV_PICKLE_FILENAME).stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def _checked(app: Sphinx) -> Any:
    return read_json(Path(app.doctreedir) / CHECKED_FILE)


def note_checked(app: Sphinx, exception: BaseException | None) -> None:
    """After a successful build, its records match its library and the title fields it
    checked: say so for the next one."""
    if exception is None and app.builder is not None:
        state = get_state(app)
        checked = _checked(app)
        titles = state.title_fields or (checked[2] if _has_titles(checked) else "")
        noted = [state.library_key, _environment_state(app), titles]
        write_json(Path(app.doctreedir) / CHECKED_FILE, noted)


def _has_titles(checked: Any) -> bool:
    return isinstance(checked, list) and len(checked) == 3 and isinstance(checked[2], str)


def _retitled(
    pages: dict[str, PageRecord], fields: Fields, taken: list[str], template: str
) -> set[str]:
    """Pages whose distinct title the current title ``fields`` change."""
    old_fields, old_taken = _stored_fields(pages)
    if not old_fields or (old_fields, sorted(old_taken)) == (fields, sorted(taken)):
        return set()  # no stored article page (a first build), or no title changed
    before = article_titles(old_fields, template, "", old_taken)
    after = article_titles(fields, template, "", taken)
    return {name for name, title in before.items() if after.get(name, title) != title}


def outdated_pages(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Stored pages to read again: stale article records and titles.

    Titles are compared only when a title field of some article changed since the records
    were last checked. Sphinx also rewrites the subject page of each, since it holds their
    toctree.
    """
    state = get_state(app)
    checked = _checked(app)
    if _has_titles(checked) and checked[:2] == [state.library_key, _environment_state(app)]:
        return []  # the stored records were checked against this very library
    library = state.library
    if library is None:
        return []
    pages = get_domain(env).pages
    stale: set[str] = set()
    for docname, record in pages.items():
        if docname not in env.found_docs:
            continue  # a record another shard keeps: only this build's pages can be read
        article = library.articles.get(docname)
        if not isinstance(record, ArticleRecord) or article is None:
            continue
        if record.fingerprint != article_fingerprint(article):
            stale.add(docname)
    template = state.config.title_template
    fields, taken = _current_fields(library, state.settings.library_title)
    state.title_fields = digest(repr((template, fields, sorted(taken))).encode("utf-8", "replace"))
    if not (_has_titles(checked) and checked[2] == state.title_fields):
        stale |= _retitled(pages, fields, taken, template)
    return sorted(name for name in stale - added - changed - removed if name in env.found_docs)
