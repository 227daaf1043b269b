"""Sphinx's table-of-contents bookkeeping in time that does not grow with the project.

Two steps of Sphinx cost time in the number of pages for every page, so a project's build
grows with the square of its size:

- Before Sphinx reads a page it asks every collector to forget it. The table-of-contents
  collector walks ``env.files_to_rebuild`` (one entry for every page a toctree includes) to
  remove the page from the sets of pages whose toctrees include that entry. A page is in one
  of those sets only if its own toctree was noted, which also records it in
  ``env.toctree_includes`` (``note_toctree`` and the collector's merge both do): for any
  other page the walk is skipped, and the rest of ``clear_doc`` runs as before.
- While writing, every toctree of a page's navigation asks for the page's ancestors, and
  Sphinx builds the map from each page to its parent from all of ``env.toctree_includes``
  each time. Nothing changes that map while pages are written, so from ``write-started``
  until the build ends (or the next read starts) it is built once (again if Sphinx puts a
  new ``toctree_includes`` in place, as it does to sort it) and the ancestors are found in
  it, in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import Any

import sphinx.environment.adapters.toctree as toctree_adapter
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector

PURGE_EVENT = "env-purge-doc"

Purge = Callable[[Sphinx, BuildEnvironment, str], None]
Ancestors = Callable[[dict[str, list[str]], str], Set[str]]

#: The environments being written: ``id`` -> (the environment, (the ``toctree_includes``
#: its parent map was made from, that map) once asked for).
_WRITING: dict[
    int, tuple[BuildEnvironment, tuple[dict[str, list[str]], dict[str, str]] | None]
] = {}


def setup_toctree_scaling(app: Sphinx) -> None:
    """Skip the purge walk for pages without toctrees; keep the parent map while writing."""
    listeners = app.events.listeners.get(PURGE_EVENT, [])
    for index, listener in enumerate(listeners):
        if _is_toctree_clear_doc(listener.handler):
            handler = skipping_pages_without_toctrees(listener.handler)
            listeners[index] = listener._replace(handler=handler)
    ancestors = getattr(toctree_adapter, "_get_toctree_ancestors", None)
    if ancestors is not None and not hasattr(ancestors, "__wrapped__"):
        toctree_adapter._get_toctree_ancestors = ancestors_from_kept_parents(ancestors)  # type: ignore[assignment]
    app.connect("write-started", _keep_parents)
    app.connect("env-before-read-docs", _drop_parents_before_reading)
    app.connect("build-finished", _drop_parents)


def _is_toctree_clear_doc(handler: Any) -> bool:
    return getattr(handler, "__func__", None) is TocTreeCollector.clear_doc


def skipping_pages_without_toctrees(clear_doc: Purge) -> Purge:
    """``clear_doc``, without its walk of ``files_to_rebuild`` for a page with no toctree."""

    def clear_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        if docname in env.toctree_includes:
            clear_doc(app, env, docname)
            return
        kept = env.files_to_rebuild
        env.files_to_rebuild = {}
        try:
            clear_doc(app, env, docname)
        finally:
            env.files_to_rebuild = kept

    clear_page.__wrapped__ = clear_doc  # type: ignore[attr-defined]
    return clear_page


def _keep_parents(app: Sphinx, builder: Builder) -> None:
    _WRITING[id(app.env)] = (app.env, None)


def _drop_parents(app: Sphinx, exception: BaseException | None) -> None:
    _WRITING.pop(id(app.env), None)


def _drop_parents_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Reading changes the toctrees: a write that ended without ``build-finished`` (a
    builder driven directly) leaves no parent map behind."""
    _WRITING.pop(id(env), None)


def _parents(toctree_includes: dict[str, list[str]]) -> dict[str, str] | None:
    """The parent map of ``toctree_includes`` if an environment being written holds it."""
    for key, (env, known) in _WRITING.items():
        if env.toctree_includes is not toctree_includes:
            continue
        if known is None or known[0] is not toctree_includes:
            parent: dict[str, str] = {}
            for page, children in toctree_includes.items():
                parent |= dict.fromkeys(children, page)
            known = (toctree_includes, parent)
            _WRITING[key] = (env, known)
        return known[1]
    return None


def ancestors_from_kept_parents(ancestors: Ancestors) -> Ancestors:
    """``ancestors`` (Sphinx's ``_get_toctree_ancestors``), using one parent map per write."""

    def toctree_ancestors(toctree_includes: dict[str, list[str]], docname: str) -> Set[str]:
        parent = _parents(toctree_includes)
        if parent is None:
            return ancestors(toctree_includes, docname)
        found: list[str] = []
        page = docname
        while page in parent and page not in found:
            found.append(page)
            page = parent[page]
        return dict.fromkeys(found).keys()

    toctree_ancestors.__wrapped__ = ancestors  # type: ignore[attr-defined]
    return toctree_ancestors
