"""Writing articles in the exact seed format, and building Sphinx projects, for tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp


def article(
    id: int,
    subject: str,
    question: str,
    answer: str,
    *,
    slug: str | None = None,
    url: str | None = None,
    date: str = "2025-01-01",
    related: list[tuple[int, str, str, str]] = (),  # type: ignore[assignment]
    extra: str = "",
) -> str:
    """An article file in the seed's format; ``answer`` uses literal ``\\n`` for breaks."""
    subject_slug = "-".join(subject.lower().split())
    name = slug or "-".join("".join(c if c.isalnum() else " " for c in question.lower()).split())
    lines = [
        "---",
        "_schema: default",
        f"id: {id}",
        f"date: {date}",
        "title: >-",
        f"    {question}",
        "article_title: >-",
        f"    {question}",
        "date_format: MMM DD, YYYY",
        "post_on_text: Posted on",
        "seo:",
        f"  title: QuickTakes | {subject}",
        "  page_description: >-",
        f"    About {question}",
        "  page_keywords: >-",
        f"    {subject.lower()}, questions",
        "author: QuickTakes",
        "question: >-",
        f"    {question}",
        "answer: >-",
        f"    {answer}",
        f"subject: {subject}",
        f"file_name: {name}.md",
        f"url: {url or f'/learn/{subject_slug}/questions/{name}'}",
        "score: -1.0",
    ]
    for number, (rid, rtitle, rsubject, rurl) in enumerate(related, 1):
        lines += [
            f"related_article{number}:",
            f"    id: {rid}",
            "    title: >-",
            f"        {rtitle}",
            f"    subject: {rsubject}",
            f"    url: {rurl}",
        ]
    if extra:
        lines.append(extra)
    lines += ["---", "", "&nbsp;", ""]
    return "\n".join(lines)


def write_article(folder: Path, relpath: str, text: str) -> Path:
    """Write ``text`` to ``folder/relpath``."""
    path = folder / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


#: The project's own sample articles.
CONTENT = Path(__file__).parent.parent / "content"
SITE_CONF = """
project = "Site"
copyright = "2026, Site"
version = "1"
extensions = ["sphinx_quicktakes"]
quicktakes_content_dir = "content"
quicktakes_base_url = "https://example.org/"
quicktakes_html_guides = False
html_theme = "furo"
"""
SITE_INDEX = "# Site\n\n```{toctree}\n:maxdepth: 1\n\nlearn/index\n```\n"


def make_site(srcdir: Path, *, sample_content: bool = True) -> Path:
    """A furo project in ``srcdir`` publishing ``srcdir/content`` (a copy of ``content/``)."""
    srcdir.mkdir(parents=True, exist_ok=True)
    if sample_content:
        shutil.copytree(CONTENT, srcdir / "content")
    (srcdir / "conf.py").write_text(SITE_CONF)
    (srcdir / "index.md").write_text(SITE_INDEX)
    return srcdir


def html_files(outdir: Path) -> dict[str, bytes]:
    """Every HTML file under ``outdir``: its path relative to it -> its bytes."""
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in outdir.rglob("*.html")}


def sphinx_build(
    builder: str,
    srcdir: Path,
    *,
    before: Callable[[SphinxTestApp], object] | None = None,
    **options: Any,
) -> SphinxTestApp:
    """Build ``srcdir`` with a new :class:`SphinxTestApp`, and clean the application up.

    Its status and warnings are kept in memory (``app.status``, ``app.warning``); ``options``
    go to :class:`SphinxTestApp` (``builddir``, ``confoverrides``, ``parallel``,
    ``freshenv``); ``before(app)`` runs before the build (to connect a listener).
    """
    app = SphinxTestApp(builder, srcdir=srcdir, status=StringIO(), warning=StringIO(), **options)
    try:
        if before is not None:
            before(app)
        app.build()
    finally:
        app.cleanup()
    return app
