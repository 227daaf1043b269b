"""Plain page titles are rendered once per build, and the pages are the same as before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docutils import nodes
from helpers import html_files, make_site, sphinx_build

from sphinx_quicktakes import partial_titles
from sphinx_quicktakes.partial_titles import is_plain_title, rendering_titles_once


def _title(*children: nodes.Node) -> nodes.title:
    return nodes.title("", "", *children)


def test_a_plain_title_is_rendered_once_and_any_other_node_every_time() -> None:
    calls: list[nodes.Node | None] = []

    def render(node: nodes.Node | None) -> dict[str, str]:
        calls.append(node)
        return {"title": f"rendered {len(calls)}", "fragment": ""}

    render_partial = rendering_titles_once(render)
    plain = _title(nodes.Text("Why "), nodes.emphasis("", "is"), nodes.Text(" it?"))
    linked = _title(nodes.reference("", "A link", refuri="page.html"))
    toc = nodes.bullet_list()
    first = render_partial(plain)
    first["title"] = "changed by a caller"
    assert render_partial(plain) == {"title": "rendered 1", "fragment": ""}
    for node in (linked, linked, toc, toc, None):
        render_partial(node)
    assert calls == [plain, linked, linked, toc, toc, None]
    assert is_plain_title(plain) and not is_plain_title(linked) and not is_plain_title(toc)
    assert not is_plain_title(_title(nodes.math("", "x^2")))


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_pages_are_the_same_with_titles_rendered_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builder: str
) -> None:
    site = make_site(tmp_path / "site")
    shutil.rmtree(site / "content" / "computer-science")
    (site / "index.md").write_text(
        "# Site\n\n```{toctree}\n:maxdepth: 1\n\nlearn/index\nlinked\nplain\n```\n"
    )
    (site / "linked.md").write_text("# A title with [a link](plain.md)\n\nText.\n")
    (site / "plain.md").write_text('# A *plain* "quoted" title\n\nText.\n')
    once = sphinx_build(builder, site, builddir=tmp_path / "once")
    monkeypatch.setattr(partial_titles, "_render_titles_once", lambda app: None)
    every = sphinx_build(builder, site, builddir=tmp_path / "every")
    pages = html_files(Path(once.outdir))
    assert len(pages) > 40
    assert pages == html_files(Path(every.outdir))
    plain = Path(once.outdir) / ("linked.html" if builder == "html" else "linked/index.html")
    assert "A <em>plain</em> “quoted” title" in plain.read_text("utf-8")  # its next page
