"""Code blocks get the same language and line numbers as Sphinx's own transform gives them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from helpers import html_files, make_site, sphinx_build
from sphinx import addnodes
from sphinx.transforms.post_transforms.code import HighlightLanguageTransform

from sphinx_quicktakes import highlight_defaults
from sphinx_quicktakes.highlight_defaults import DefaultHighlightLanguage, _blocks_if_default

PAGES = {
    "plain.md": "# Plain\n\n```\nno language\n```\n\n```python\nx = 1\n```\n\n"
    "```{code-block} text\n:linenos:\n\none\ntwo\n```\n\n    indented\n    block\n",
    "switched.md": "# Switched\n\n```\nbefore\n```\n\n```{highlight} python\n"
    ":linenothreshold: 2\n```\n\n```\nafter = 1\nand_more = 2\nthird = 3\n```\n\n"
    "```\nshort = 1\n```\n",
}

CONF = '\nhighlight_language = "none"\n'


def test_pages_are_the_same_as_with_sphinx_transform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path / "site")
    for name, text in PAGES.items():
        (site / name).write_text(text, "utf-8")
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF)
    index = (site / "index.md").read_text("utf-8")
    (site / "index.md").write_text(index + "\n```{toctree}\n\nplain\nswitched\n```\n")
    shutil.copytree(site, tmp_path / "fresh")

    fast_paths: list[bool] = []
    blocks_if_default = highlight_defaults._blocks_if_default

    def noting(document: nodes.document) -> Any:
        blocks = blocks_if_default(document)
        fast_paths.append(blocks is not None)
        return blocks

    monkeypatch.setattr(highlight_defaults, "_blocks_if_default", noting)
    fast = sphinx_build("html", site, builddir=tmp_path / "fast")
    assert fast_paths.count(False) == 1  # the page with a highlight directive
    assert fast_paths.count(True) > 20
    monkeypatch.setattr(DefaultHighlightLanguage, "apply", HighlightLanguageTransform.apply)
    own = sphinx_build("html", tmp_path / "fresh", builddir=tmp_path / "own")
    pages = html_files(Path(fast.outdir))
    assert pages == html_files(Path(own.outdir))
    plain = pages["plain.html"].decode("utf-8")
    assert 'class="highlight-none notranslate"' in plain  # the configured default
    assert 'class="highlight-python notranslate"' in plain
    assert 'class="linenos"' in plain
    switched = pages["switched.html"].decode("utf-8")
    assert switched.count('class="highlight-python notranslate"') == 2


def test_pages_that_change_the_setting_take_sphinx_transform() -> None:
    document = nodes.document(None, None)  # type: ignore[arg-type]
    block = nodes.literal_block("x", "x")
    document += block
    assert _blocks_if_default(document) == [block]
    for changer in (
        addnodes.start_of_file(),
        addnodes.highlightlang(lang="python", force=False, linenothreshold=2),
    ):
        changed = nodes.document(None, None)  # type: ignore[arg-type]
        changed += nodes.section("", changer)
        assert _blocks_if_default(changed) is None
