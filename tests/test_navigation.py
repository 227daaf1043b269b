"""Navigation that stays small in HTML, books that list every article, and lean card grids."""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import make_site

ARTICLE = "learn/computer-science/questions/how-does-a-hash-table-handle-collisions"
OPF = "{http://www.idpf.org/2007/opf}"


def sphinx(srcdir: Path, builder: str, *extra: str) -> Path:
    outdir = srcdir / "_build" / builder
    doctrees = srcdir / "_build" / f"doctrees-{builder}"
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", builder, "-d", str(doctrees)]
    command += extra
    subprocess.run([*command, str(srcdir), str(outdir)], check=True, capture_output=True)
    return outdir


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("navigation"))


def sidebar_links(out: Path, docname: str) -> list[str]:
    """Pages linked from the sidebar navigation of a page, as paths from the output root."""
    page = out / f"{docname}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    tree = soup.select_one(".sidebar-tree")
    assert tree is not None
    base = posixpath.dirname(docname)
    return [posixpath.normpath(posixpath.join(base, str(a["href"]))) for a in tree.find_all("a")]


def test_html_navigation_lists_the_library_only(project: Path) -> None:
    out = sphinx(project, "html")
    for page in (ARTICLE, "learn/computer-science/index", "learn/index", "index"):
        links = [link for link in sidebar_links(out, page) if link.startswith("learn/")]
        assert links in (["learn/index.html"], ["learn/#"]), page  # "#": the page itself
    page = BeautifulSoup((out / f"{ARTICLE}.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("link[rel=prev]") is not None  # neighbours still link


@pytest.mark.parametrize(
    ("level", "subjects", "articles"), [("subjects", 6, 0), ("articles", 6, 49)]
)
def test_html_navigation_levels(project: Path, level: str, subjects: int, articles: int) -> None:
    out = sphinx(project, "html", "-D", f"quicktakes_html_navigation={level}", "-E")
    links = sidebar_links(out, ARTICLE)
    assert len([link for link in links if link.endswith("/index.html")]) == 1 + subjects
    assert len([link for link in links if "/questions/" in link]) == articles


def test_books_contain_every_article_after_its_subject(project: Path) -> None:
    out = sphinx(project, "epub", "-E")
    spine = ET.parse(out / "content.opf").getroot().find(f"{OPF}spine")
    manifest = {
        item.get("id"): item.get("href")
        for item in ET.parse(out / "content.opf").getroot().iter(f"{OPF}item")
    }
    order = [manifest[ref.get("idref")] for ref in spine]  # type: ignore[union-attr]
    articles = [href for href in order if "/questions/" in href]
    assert len(articles) == 49
    subject = order.index("learn/computer-science/index.xhtml")
    first = next(i for i, href in enumerate(order) if "computer-science/questions/" in href)
    assert subject < first


def _grid(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    grid = soup.select_one(".quicktakes-related")
    assert grid is not None
    for hidden in grid.select(".sd-stretched-link span"):
        hidden.string = "-"  # the hidden link text: the card title here, the page title there
    return re.sub(r"\s+", " ", str(grid))


def test_card_grids_match_sphinx_design(project: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    subprocess.run(
        [
            *(sys.executable, "-m", "sphinx_quicktakes", "convert"),
            *(str(project / "content"), str(plain), "--base-url", "https://example.org/"),
        ],
        check=True,
        capture_output=True,
    )
    (plain / "conf.py").write_text((plain / "conf.py").read_text() + '\nhtml_theme = "furo"\n')
    plain_out = sphinx(plain, "html")
    ours = sphinx(project, "html")
    assert _grid(ours / f"{ARTICLE}.html") == _grid(plain_out / f"{ARTICLE}.html")
