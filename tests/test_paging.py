"""Paged subject listings: page docnames, cards per page, navigation, head links, sitemap,
books that keep their reading order, and rebuilds that add or remove pages."""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import article, make_site, write_article

from sphinx_quicktakes.paging import neighbours, page_count, page_docnames, page_slice

SUBJECT = "learn/biology/index"
PAGES = [SUBJECT, "learn/biology/page-2", "learn/biology/page-3"]
SIZE = 3


def test_page_docnames_and_slices() -> None:
    assert page_docnames(SUBJECT, 7, 3) == PAGES
    assert page_docnames("learn/x/flashcards", 5, 2)[1] == "learn/x/flashcards/page-2"
    assert page_docnames(SUBJECT, 3, 3) == page_docnames(SUBJECT, 0, 3) == [SUBJECT]
    assert page_count(1000, 0) == 1
    assert [page_slice(n, 7, 3) for n in (1, 2, 3)] == [slice(0, 3), slice(3, 6), slice(6, 7)]
    assert page_slice(1, 7, 0) == slice(0, 7)
    assert neighbours(PAGES, PAGES[0]) == (None, PAGES[1])
    assert neighbours(PAGES, PAGES[1]) == (PAGES[0], PAGES[2])
    assert neighbours(PAGES, PAGES[2]) == (PAGES[1], None)
    assert neighbours(PAGES, "learn/other") == (None, None)


def add_articles(srcdir: Path, first: int, count: int, subject: str = "Biology") -> None:
    for number in range(first, first + count):
        date = f"2025-01-{number:02d}"
        text = article(number, subject, f"Biology question {number}?", "An answer.", date=date)
        write_article(srcdir / "content", f"{subject.lower()}/q{number}.md", text)


def sphinx(srcdir: Path, builder: str, *extra: str) -> Path:
    outdir = srcdir / "_build" / builder
    doctrees = srcdir / "_build" / f"doctrees-{builder}"
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", builder, "-d", str(doctrees)]
    done = subprocess.run(
        [*command, *extra, str(srcdir), str(outdir)], capture_output=True, text=True
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    return outdir


def make_project(srcdir: Path) -> Path:
    make_site(srcdir, sample_content=False)
    with (srcdir / "conf.py").open("a") as conf:
        conf.write(f"quicktakes_subject_page_size = {SIZE}\n")
    add_articles(srcdir, 1, 7)
    add_articles(srcdir, 20, 2, "Chemistry")
    return srcdir


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("paging") / "site")


@pytest.fixture(scope="module")
def html(project: Path) -> Path:
    return sphinx(project, "html")


def soup(out: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((out / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def head_link(page: BeautifulSoup, rel: str) -> str | None:
    links = page.head.find_all("link", rel=rel)
    assert len(links) <= 1, links
    return str(links[0]["href"]) if links else None


def test_pages_cards_titles_and_navigation(project: Path, html: Path) -> None:
    assert sorted(p.name for p in (project / "learn/biology").glob("page-*.md")) == [
        "page-2.md",
        "page-3.md",
    ]
    assert not list((project / "learn/chemistry").glob("page-*.md"))
    assert "{quicktakes-pager}" not in (project / "learn/chemistry/index.md").read_text()
    sources = [(project / f"{name}.md").read_text() for name in PAGES]
    assert ["{quicktakes-downloads}" in text for text in sources] == [True, False, False]
    seen: list[str] = []
    for number, docname in enumerate(PAGES, 1):
        page = soup(html, docname)
        questions = [card.get_text(" ", strip=True) for card in page.select(".quicktakes-card")]
        seen += questions
        assert len(questions) == [3, 3, 1][number - 1]
        title = page.find("h1").get_text(strip=True).rstrip("#¶")
        assert title == ("Biology" if number == 1 else f"Biology (page {number} of 3)")
        assert "7 questions." in page.get_text()
        nav = page.find("nav", attrs={"aria-label": "Pages"})
        assert nav is not None
        items = nav.find_all("li")
        assert [li.get_text(strip=True) for li in items] == ["1", "2", "3"]
        assert [li.find(attrs={"aria-current": "page"}) is not None for li in items] == [
            n == number for n in (1, 2, 3)
        ]
        base = posixpath.dirname(docname)
        for link in nav.find_all("a"):
            assert (html / posixpath.normpath(posixpath.join(base, link["href"]))).is_file()
        assert head_link(page, "canonical") == f"https://example.org/{docname}.html"
        previous, following = neighbours(PAGES, docname)
        expected = [posixpath.basename(d) + ".html" if d else None for d in (previous, following)]
        assert [head_link(page, "prev"), head_link(page, "next")] == expected
    newest_first = [f"Biology question {n}?" for n in range(7, 0, -1)]
    assert [text.split("?")[0] + "?" for text in seen] == newest_first
    titles = {soup(html, d).title.get_text() for d in PAGES}
    assert len(titles) == 3


def sitemap_urls(out: Path) -> set[str]:
    return set(re.findall(r"<loc>([^<]+)</loc>", (out / "sitemap.xml").read_text()))


def test_sitemap_lists_every_page(html: Path) -> None:
    urls = sitemap_urls(html)
    assert {f"https://example.org/{d}.html" for d in PAGES[1:]} <= urls
    assert "https://example.org/learn/biology/index.html" in urls


def test_dirhtml_and_books_have_no_warnings_and_keep_reading_order(project: Path) -> None:
    out = sphinx(project, "dirhtml")
    page = BeautifulSoup((out / "learn/biology/page-2/index.html").read_text(), "html.parser")
    assert head_link(page, "prev") == "../"
    assert "https://example.org/learn/biology/page-3/" in sitemap_urls(out)
    epub = sphinx(project, "epub")
    opf = (epub / "content.opf").read_text()
    files = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    spine = re.findall(r'<itemref idref="([^"]+)"( linear="no")?', opf)
    linear = [files[ref] for ref, extra in spine if not extra]
    assert not [name for name in linear if "/page-" in name]
    biology = [name for name in linear if name.startswith("learn/biology/")]
    assert biology[0] == "learn/biology/index.xhtml" and len(biology) == 8
    assert {f"{d}.xhtml" for d in PAGES[1:]} <= set(files.values())
    latex = sphinx(project, "latex")
    tex = next(latex.glob("*.tex")).read_text()
    assert "page 2 of 3" not in tex and tex.count("Biology question") >= 7


def test_rebuilds_add_and_remove_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site")
    out = sphinx(project, "html")
    add_articles(project, 8, 3)  # 10 articles: a fourth page
    out = sphinx(project, "html")
    assert (project / "learn/biology/page-4.md").is_file()
    last = soup(out, "learn/biology/page-4")
    assert len(last.select(".quicktakes-card")) == 1
    assert head_link(soup(out, "learn/biology/page-3"), "next") == "page-4.html"
    assert "https://example.org/learn/biology/page-4.html" in sitemap_urls(out)
    for number in range(3, 11):
        (project / f"content/biology/q{number}.md").unlink()  # 2 articles: one page
    out = sphinx(project, "html")
    assert not list((project / "learn/biology").glob("page-*.md"))
    first = soup(out, SUBJECT)
    assert len(first.select(".quicktakes-card")) == 2
    assert first.find("nav", attrs={"aria-label": "Pages"}) is None
    assert head_link(first, "next") != "page-2.html"
    assert not [url for url in sitemap_urls(out) if "/page-" in url]
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("_build", "learn"))
    clean_out = sphinx(clean, "html")
    assert sitemap_urls(clean_out) == sitemap_urls(out)
    assert (
        first.select_one("article").decode()
        == soup(clean_out, SUBJECT).select_one("article").decode()
    )


def test_ejected_pages_are_paged_and_build_without_the_extension(tmp_path: Path) -> None:
    from sphinx_quicktakes.cli import main

    content = Path(__file__).parent / "roots/test-basic/content"
    out = tmp_path / "site"
    assert main(["convert", str(content), str(out), "--subject-page-size", "1"]) == 0
    second = (out / "learn/biology/page-2.md").read_text()
    assert "orphan: true" in second and "[1](<index.md>) **2**" in second
    html = sphinx(out, "html")
    page = soup(html, "learn/biology/page-2")
    assert len(page.select(".sd-card")) == 1
    assert (html / "learn/biology" / page.select_one(".quicktakes-pager a")["href"]).is_file()


def test_an_article_url_cannot_take_a_listing_page_name(tmp_path: Path) -> None:
    from sphinx_quicktakes.articles import build_library

    text = article(1, "Biology", "Taken?", "An answer.", url="/learn/biology/Page-2")
    write_article(tmp_path, "biology/taken.md", text)
    library = build_library(tmp_path)
    assert list(library.articles) == ["learn/biology/questions/taken"]
    [problem] = library.problems
    assert problem.path.endswith("taken.md") and "'page-2'" in problem.message
