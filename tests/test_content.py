"""The repository's sample content and the real sample, built with Sphinx's builders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sphinx_quicktakes.articles import build_library

CONTENT = Path(__file__).parent.parent / "content"
NO_GUIDES = {"quicktakes_html_guides": False}


def extension_warnings(app: Any) -> list[str]:
    return [line for line in app.warning.getvalue().splitlines() if "WARNING" in line]


def plain_quotes(text: str) -> str:
    """Undo Sphinx's smart quotes (the project's ``smartquotes`` setting applies)."""
    quotes = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}
    return text.translate(str.maketrans(quotes))


def project(rootdir: Path, tmp_path: Path) -> Path:
    """A fresh source folder with the test-content root's conf.py and index.md."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    for name in ("conf.py", "index.md"):
        (srcdir / name).write_text((rootdir / "test-content" / name).read_text())
    return srcdir


@pytest.mark.parametrize("builder", ["html", "dirhtml", "epub", "latex"])
def test_sample_content_builds_cleanly(
    builder: str, make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = project(rootdir, tmp_path)
    app = make_app(
        builder,
        srcdir=srcdir,
        confoverrides={"quicktakes_content_dir": str(CONTENT), **NO_GUIDES},
        freshenv=True,
    )
    app.build()
    assert extension_warnings(app) == []
    library = build_library(CONTENT)
    suffix = {"html": ".html", "dirhtml": "/index.html", "epub": ".xhtml"}.get(builder)
    if suffix:
        for docname in library.articles:
            assert (app.outdir / f"{docname}{suffix}").is_file()
    else:
        tex = next(app.outdir.glob("*.tex")).read_text()
        for docname in library.articles:
            assert f"\\detokenize{{{docname}::doc}}" in tex, docname


def test_real_sample_publishes_every_article(
    real_sample: Path, make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = project(rootdir, tmp_path)
    app = make_app(
        "html",
        srcdir=srcdir,
        confoverrides={"quicktakes_content_dir": str(real_sample), **NO_GUIDES},
        freshenv=True,
        parallel=2,
    )
    app.build()
    assert extension_warnings(app) == []
    library = build_library(real_sample)
    assert len(library.articles) == 1438
    for docname in library.articles:
        page = app.outdir / f"{docname}.html"
        assert page.is_file(), docname
    # spot-check content that the real data is known to carry
    for docname, article in list(library.articles.items())[::97]:
        html = BeautifulSoup((app.outdir / f"{docname}.html").read_text(), "lxml")
        heading = html.select_one("h1").get_text().rstrip("¶").strip()
        assert plain_quotes(heading) == article.question
    index = BeautifulSoup((app.outdir / "learn/index.html").read_text(), "lxml")
    assert "1438 questions in 10 subjects." in index.get_text(" ")
