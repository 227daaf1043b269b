"""Incremental builds that match a clean build: neighbours and removed pages.

Every HTML page links to its parent, previous and next page (``rel="prev"``, the footer
links of most themes), with their titles. Sphinx rewrites a page when it is re-read or
when a page in its toctree changed, but not when its neighbours did: adding, removing or
re-dating an article, or retitling it, would leave the pages around it stale. Sphinx also
leaves the HTML of a removed page in the output folder. Both are fixed here for the whole
project, library pages or not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from sphinx_quicktakes.articles.rules import HTML_BUILDERS, is_library_page
from sphinx_quicktakes.state import get_state

Relations = dict[str, list[str | None]]


@dataclass
class PageOrder:
    """The project's page order and the titles of changed pages, before reading."""

    relations: Relations = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


def _title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else ""


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Remember the page order (and changed titles); delete the output of removed pages."""
    state = get_state(app)
    state.page_order = None
    if not (added or changed or removed) or not env.toctree_includes:
        return []
    state.page_order = PageOrder(
        env.collect_relations(), {name: _title(env, name) for name in changed | removed}
    )
    if app.builder.name in HTML_BUILDERS:
        for docname in removed:
            _remove_output(app, docname)
    return []


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose parent, previous or next page, or one of their titles, changed."""
    before = get_state(app).page_order
    if before is None:
        return []
    after = env.collect_relations()
    retitled = {name for name, title in before.titles.items() if _title(env, name) != title}
    stale = {
        name
        for name, links in after.items()
        if before.relations.get(name) != links or retitled.intersection(filter(None, links))
    }
    return sorted(stale & env.found_docs)


def _remove_output(app: Sphinx, docname: str) -> None:
    """Delete the HTML and copied source of a removed library page."""
    if not is_library_page(docname) or not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    outdir = Path(app.outdir)
    page = Path(app.builder.get_outfilename(docname))
    source = outdir / "_sources" / (docname + ".md" + app.config.html_sourcelink_suffix)
    for path in (page, source):
        if path.is_file() and path.resolve().is_relative_to(outdir.resolve()):
            path.unlink()


def setup_incremental(app: Sphinx) -> None:
    """Register the handlers."""
    app.connect("env-get-outdated", on_env_get_outdated, priority=900)
    app.connect("env-get-updated", on_env_get_updated)
