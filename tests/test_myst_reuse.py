"""One MyST parser per configuration: the same pages, and no parser shared by two renders."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import myst_parser.parsers.sphinx_ as myst_sphinx
import pytest
from helpers import html_files, make_site, sphinx_build
from markdown_it import MarkdownIt
from sphinx.testing.util import SphinxTestApp

from sphinx_quicktakes.myst_reuse import MAX_KEPT, reusing_parsers


def test_a_parser_is_kept_per_configuration_and_never_shared_by_two_renders() -> None:
    made: list[MarkdownIt] = []

    def create(config: Any, renderer: Any) -> MarkdownIt:
        made.append(MarkdownIt("commonmark"))
        return made[-1]

    reuse = reusing_parsers(create)
    config, other = object(), object()
    first = reuse(config, "renderer")
    assert reuse(config, "renderer") is first
    assert reuse(other, "renderer") is not first
    assert reuse(config, "another renderer") is not first
    inner: list[MarkdownIt] = []
    first.core.ruler.push("nested", lambda state: inner.append(reuse(config, "renderer")))
    assert first.render("text") == "<p>text</p>\n"
    assert inner and inner[0] is not first  # asked for while ``first`` renders
    assert reuse(config, "renderer") is first  # and kept once the render ended
    for _ in range(MAX_KEPT + 1):
        reuse(object(), "renderer")
    assert reuse(config, "renderer") is not first  # the oldest were let go


PAGES = {
    "one.md": "# One\n\n## Same heading\n\nText[^a].\n\n[^a]: A note.\n\n## Same heading\n",
    "two.md": "# Two\n\n## Same heading\n\nText[^a] and $x^2$.\n\n[^a]: Another note.\n",
    "options.md": "---\nmyst:\n  heading_anchors: 3\n---\n# Options\n\n## Same heading\n",
}


def test_pages_are_the_same_with_parsers_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path / "site")
    for name, text in PAGES.items():
        (site / name).write_text(text, "utf-8")
    index = (site / "index.md").read_text("utf-8")
    (site / "index.md").write_text(index + "\n```{toctree}\n\none\ntwo\noptions\n```\n")
    shutil.copytree(site, tmp_path / "fresh")
    kept = sphinx_build("html", site, builddir=tmp_path / "kept")
    assert hasattr(myst_sphinx.create_md_parser, "__wrapped__")

    def myst_own(app: SphinxTestApp) -> None:
        original = myst_sphinx.create_md_parser.__wrapped__  # type: ignore[attr-defined]
        monkeypatch.setattr(myst_sphinx, "create_md_parser", original)

    fresh = sphinx_build("html", tmp_path / "fresh", builddir=tmp_path / "own", before=myst_own)
    pages = html_files(Path(kept.outdir))
    assert len(pages) > 20
    assert pages == html_files(Path(fresh.outdir))
    two = (Path(kept.outdir) / "two.html").read_text("utf-8")
    assert 'id="same-heading"' in two and "same-heading-1" not in two
