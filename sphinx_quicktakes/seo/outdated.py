"""``env-get-outdated``: library pages whose SEO data changed although their text did not.

A page is re-read only when its generated source changes. Front matter that the page does
not show (``seo.*``, ``no_index``, ``id``) changes its record but not its text, and a title
made distinct with `` (2)`` depends on the other articles. Those pages are returned here so
that their records, tags, sitemap entries and feed entries are current.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_quicktakes.articles import Library
from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.extension import get_state
from sphinx_quicktakes.records import article_fingerprint
from sphinx_quicktakes.seo.titles import article_titles


def _stored_titles(pages: dict[str, dict[str, Any]], template: str) -> dict[str, str]:
    fields = {
        docname: {
            "question": record["question"],
            "seo_title": record.get("seo_title") or "",
            "subject": record["subject"],
        }
        for docname, record in pages.items()
        if record["kind"] == "article"
    }
    others = [record for record in pages.values() if record["kind"] != "article"]
    taken = [record.get("title") or record.get("name") or "" for record in others]
    return article_titles(fields, template, "", taken)


def _current_titles(library: Library, library_title: str, template: str) -> dict[str, str]:
    fields = {
        docname: {
            "question": article.question,
            "seo_title": article.seo_title,
            "subject": library.subject_of(docname).name,
        }
        for docname, article in library.articles.items()
    }
    taken = [library_title] + [subject.name for subject in library.subjects.values()]
    return article_titles(fields, template, "", taken)


def outdated_pages(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Stored pages to read again: stale article records and titles.

    Sphinx also rewrites the subject page of each, since it holds their toctree.
    """
    state = get_state(app)
    library = state.library
    if library is None:
        return []
    domain = get_domain(env)
    if domain.data.get("library_key") == state.library_key:
        return []  # the stored records were made from this very library
    domain.data["library_key"] = state.library_key
    pages = domain.pages
    stale: set[str] = set()
    for docname, record in pages.items():
        article = library.articles.get(docname)
        if record["kind"] != "article" or article is None:
            continue
        if record.get("fingerprint") != article_fingerprint(article):
            stale.add(docname)
    template = state.config.title_template
    before = _stored_titles(pages, template)
    after = _current_titles(library, state.settings.library_title, template)
    stale.update(docname for docname, title in before.items() if after.get(docname, title) != title)
    return sorted(name for name in stale - added - changed - removed if name in env.found_docs)
