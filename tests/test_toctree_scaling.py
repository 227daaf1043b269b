"""Sphinx's toctree bookkeeping without its walks of every page: the same state and pages."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import sphinx.environment.adapters.toctree as toctree_adapter
from helpers import html_files, make_site, sphinx_build
from sphinx.testing.util import SphinxTestApp

from sphinx_quicktakes import toctree_scaling
from sphinx_quicktakes.toctree_scaling import PURGE_EVENT, ancestors_from_kept_parents


def test_ancestors_come_from_one_parent_map_while_writing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    function = toctree_adapter._get_toctree_ancestors
    original = getattr(function, "__wrapped__", function)

    def sphinx_own(includes: dict[str, list[str]], docname: str) -> Any:
        calls.append(docname)
        return original(includes, docname)

    ancestors = ancestors_from_kept_parents(sphinx_own)
    includes = {"index": ["a", "b"], "a": ["a1", "a2"], "a2": ["deep", "index"], "b": []}
    pages = ["index", "a", "a1", "a2", "deep", "b", "other"]
    expected = {page: list(sphinx_own(includes, page)) for page in pages}
    assert expected["deep"] == ["deep", "a2", "a", "index"]  # the cycle ends the walk
    calls.clear()
    assert {page: list(ancestors(includes, page)) for page in pages} == expected
    assert calls == pages  # not written: Sphinx's own every time
    calls.clear()
    env = SimpleNamespace(toctree_includes=includes)
    monkeypatch.setitem(toctree_scaling._WRITING, id(env), (env, None))
    assert {page: list(ancestors(includes, page)) for page in pages} == expected
    assert calls == []
    toctree_scaling._drop_parents_before_reading(None, env, [])  # type: ignore[arg-type]
    assert list(ancestors(includes, "a1")) == expected["a1"]
    assert calls == ["a1"]  # reading started: Sphinx's own again
    calls.clear()
    other = dict(includes)  # another project: not kept
    assert list(ancestors(other, "a1")) == ["a1", "a", "index", "a2"]
    assert calls == ["a1"]


def _sphinx_own(monkeypatch: pytest.MonkeyPatch) -> Any:
    def before(app: SphinxTestApp) -> None:
        """Give the collector back its ``clear_doc``, and Sphinx its ancestors."""
        listeners = app.events.listeners[PURGE_EVENT]
        for index, listener in enumerate(listeners):
            original = getattr(listener.handler, "__wrapped__", None)
            if original is not None:
                listeners[index] = listener._replace(handler=original)
        function = toctree_adapter._get_toctree_ancestors
        original = getattr(function, "__wrapped__", function)
        monkeypatch.setattr(toctree_adapter, "_get_toctree_ancestors", original)

    return before


def _wrapped(app: SphinxTestApp) -> bool:
    listeners = app.events.listeners[PURGE_EVENT]
    return any(hasattr(item.handler, "__wrapped__") for item in listeners)


def _state(app: SphinxTestApp) -> dict[str, Any]:
    env = app.env
    return {
        "files_to_rebuild": {key: sorted(value) for key, value in env.files_to_rebuild.items()},
        "toctree_includes": dict(env.toctree_includes),
        "tocs": sorted(env.tocs),
        "toc_num_entries": dict(env.toc_num_entries),
        "pages": html_files(Path(app.outdir)),
    }


def _build_edit_build(site: Path, builddir: Path, before: Any) -> SphinxTestApp:
    first = sphinx_build("html", site, builddir=builddir, before=before)
    assert first.env.toctree_includes
    articles = sorted((site / "content").rglob("*.md"))
    articles[0].unlink()  # a page goes: Sphinx forgets it
    text = articles[1].read_text("utf-8")
    articles[1].write_text(text.replace("answer:", "answer: Edited.", 1), "utf-8")
    (site / "extra.md").write_text("# Extra\n\n```{toctree}\nlearn/index\n```\n")
    index = (site / "index.md").read_text("utf-8")
    (site / "index.md").write_text(index + "\n```{toctree}\n:hidden:\n\nextra\n```\n")
    return sphinx_build("html", site, builddir=builddir, before=before)


def test_the_toctree_state_and_pages_are_what_sphinx_itself_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept_site = make_site(tmp_path / "kept")
    shutil.copytree(kept_site, tmp_path / "own")
    kept = _build_edit_build(kept_site, tmp_path / "kept-build", None)
    assert _wrapped(kept) and not toctree_scaling._WRITING
    own = _build_edit_build(tmp_path / "own", tmp_path / "own-build", _sphinx_own(monkeypatch))
    assert not _wrapped(own)
    kept_state, own_state = _state(kept), _state(own)
    assert len(own_state["pages"]) > 20
    assert kept_state == own_state
    parents = {name for names in own_state["files_to_rebuild"].values() for name in names}
    assert parents and parents <= set(own_state["toctree_includes"])
    assert "extra" in own_state["toctree_includes"]
