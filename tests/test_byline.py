"""Article bylines: built from data, shown literally, and bad data skipped with a warning."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from helpers import article, make_site, sphinx_build, write_article

from sphinx_quicktakes.byline import byline_source

HOSTILE_AUTHOR = "*Ada* <b>Lovelace</b> [x](https://evil.example) `code` $x$"


def _page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_bylines_show_their_text_literally_and_link_the_subject(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", sample_content=False)
    text = article(1, "Byline Tests", "Why are bylines plain text?", "An answer.", slug="plain")
    text = text.replace("author: QuickTakes", f"author: >-\n    {HOSTILE_AUTHOR}")
    text = text.replace("post_on_text: Posted on", "post_on_text: '*Posted*   on'")
    write_article(site / "content", "bylines/plain.md", text)
    (site / "bad.md").write_text(
        "# Bad bylines\n\n```{quicktakes-byline}\n[1, 2]\n```\n\n"
        '```{quicktakes-byline}\n{"date": "", "subject": "S"\n```\n'
    )
    (site / "index.md").write_text(
        "# Site\n\n```{toctree}\n:maxdepth: 1\n\nlearn/index\nbad\n```\n"
    )
    app = sphinx_build("html", site, builddir=tmp_path / "out")
    out = Path(app.outdir)
    byline = _page(out / "learn/byline-tests/questions/plain.html").select_one(
        "div.quicktakes-byline"
    )
    expected = f"*Posted* on Jan 01, 2025 · Byline Tests · {HOSTILE_AUTHOR}"
    assert byline.get_text().strip() == expected
    links = byline.select("a")
    assert [a["href"] for a in links] == ["../index.html"]
    assert not byline.select("b, em, code, math")
    warnings = app.warning.getvalue()
    assert warnings.count("quicktakes-byline: skipped") == 2
    assert "bad.md:3" in warnings and "bad.md:7" in warnings
    assert "[quicktakes.byline]" in warnings
    assert not _page(out / "bad.html").select(".quicktakes-byline")


def test_a_byline_source_cannot_break_out_of_its_fence() -> None:
    source = byline_source("``` x", "Sub\nject", "learn/s/index", "````")
    fence_line = source.splitlines()[0]
    assert fence_line.startswith("`````{quicktakes-byline}")
    assert len(source.splitlines()) == 3
    assert '"subject": "Sub ject"' in source
