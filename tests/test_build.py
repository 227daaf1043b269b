"""End-to-end builds: html, dirhtml, epub and latex on library pages; incremental and -j."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

ENZYMES = "learn/biology/questions/how-do-enzymes-lower-activation-energy"
MEMBRANE = "learn/biology/questions/what-is-a-cell-membrane"
CPP = "learn/programming/questions/how-do-i-print-in-c"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def main_text(page: BeautifulSoup) -> str:
    body = page.select_one("div.body") or page.select_one("article") or page.body
    return " ".join(body.get_text(" ").split())


def card_text(card: Any) -> str:
    parts = [card.select_one(".sd-card-body"), card.select_one(".sd-card-footer")]
    return " ".join(" ".join(p.get_text(" ").split()) for p in parts if p is not None)


def read_docs(app: Any) -> list[str]:
    """Build ``app`` and return the docnames it read."""
    seen: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: seen.extend(docnames))
    app.build()
    return sorted(seen)


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_html_article_page(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = soup(app.outdir / f"{ENZYMES}.html")
    assert (
        page.select_one("h1").get_text().rstrip("¶").strip()
        == "How do enzymes lower activation energy?"
    )
    byline = page.select_one(".quicktakes-byline")
    assert " ".join(byline.get_text(" ").split()) == "Posted on Jan 10, 2025 · Biology · QuickTakes"
    assert byline.select_one("a")["href"] == "../index.html"
    # answer: heading right under the title is an h2, list, table and math rendered
    assert [h.get_text().rstrip("¶").strip() for h in page.select("h2")] == [
        "How they work",
        "Related questions",
    ]
    assert [li.get_text(" ", strip=True).split()[0] for li in page.select("ol > li")] == [
        "Binding",
        "Strain",
    ]
    assert [td.get_text() for td in page.select("table td")] == [
        "Amylase",
        "Starch",
        "Lipase",
        "Fat",
    ]
    assert "\\frac{V_{max}[S]}{K_m + [S]}" in page.select_one("math")["alttext"]
    # related cards: internal link to the membrane page, external one to the base URL
    cards = page.select(".quicktakes-related .sd-card")
    assert len(cards) == 2
    links = [card.select_one("a.sd-stretched-link")["href"] for card in cards]
    assert links == [
        "what-is-a-cell-membrane.html",
        "https://example.org/learn/biology/questions/what-is-osmosis",
    ]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_html_answer_text_and_links(app: Any) -> None:
    app.build()
    cpp = soup(app.outdir / f"{CPP}.html")
    text = main_text(cpp)
    assert "Text like <iostream> shows as written, and so does $5 or $10 of cost." in text
    assert "#include <iostream>" in cpp.select_one("div.highlight-cpp").get_text()
    membrane = soup(app.outdir / f"{MEMBRANE}.html")
    link = next(a for a in membrane.select("a") if a.get_text() == "enzymes")
    assert link["href"] == "how-do-enzymes-lower-activation-energy.html"
    bigo = soup(app.outdir / "learn/programming/questions/what-is-big-o-notation.html")
    assert [m["alttext"] for m in bigo.select("math")] == [
        r"O(n \log n)",
        r"O(1)",
        r"O(n)",
    ]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_subject_and_library_indexes(app: Any) -> None:
    app.build()
    library = soup(app.outdir / "learn/index.html")
    assert "4 questions in 2 subjects." in main_text(library)
    cards = library.select(".quicktakes-subjects .sd-card")
    assert [card_text(c) for c in cards] == [
        "Biology 2 questions",
        "Programming 2 questions",
    ]
    biology = soup(app.outdir / "learn/biology/index.html")
    assert "2 questions." in main_text(biology)
    questions = biology.select(".quicktakes-questions .sd-card")
    # newest first
    assert [c.select_one("a")["href"] for c in questions] == [
        "questions/how-do-enzymes-lower-activation-energy.html",
        "questions/what-is-a-cell-membrane.html",
    ]
    assert "Jan 10, 2025" in questions[0].get_text()


@pytest.mark.sphinx("dirhtml", testroot="basic", freshenv=True)
def test_dirhtml_mirrors_urls(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = soup(app.outdir / ENZYMES / "index.html")
    link = page.select_one(".quicktakes-related a.sd-stretched-link")["href"]
    assert link == "../what-is-a-cell-membrane/"
    assert (app.outdir / "learn/biology/index.html").is_file()


@pytest.mark.sphinx("epub", testroot="basic", freshenv=True)
def test_epub_builder_is_clean(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert (app.outdir / f"{ENZYMES}.xhtml").is_file()


@pytest.mark.sphinx("latex", testroot="basic", freshenv=True)
def test_latex_builder_is_clean(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert "How do enzymes lower activation energy?" in tex
    assert "What is a cell membrane?" in tex


@pytest.mark.sphinx("html", testroot="basic", freshenv=True, srcdir="basic-incremental")
def test_incremental_builds(app: Any, make_app: Any) -> None:
    app.build()
    again = make_app("html", srcdir=app.srcdir)
    assert read_docs(again) == []
    source = app.srcdir / "content/biology/what-is-a-cell-membrane.md"
    source.write_text(
        source.read_text().replace("What is a cell membrane?", "What is a plasma membrane?")
    )
    edited = make_app("html", srcdir=app.srcdir)
    assert read_docs(edited) == ["learn/biology/flashcards", "learn/biology/index", MEMBRANE]
    assert "What is a plasma membrane?" in main_text(soup(app.outdir / "learn/biology/index.html"))


@pytest.mark.sphinx("html", testroot="basic", freshenv=True, srcdir="basic-deleted")
def test_deleted_article_disappears(app: Any, make_app: Any) -> None:
    app.build()
    (app.srcdir / "content/programming/what-is-big-o-notation.md").unlink()
    rebuilt = make_app("html", srcdir=app.srcdir)
    rebuilt.build()
    assert not (app.srcdir / "learn/programming/questions/what-is-big-o-notation.md").exists()
    index = main_text(soup(app.outdir / "learn/programming/index.html"))
    assert "Big-O" not in index and "1 question." in index
    assert "3 questions in 2 subjects." in main_text(soup(app.outdir / "learn/index.html"))


@pytest.mark.sphinx("html", testroot="basic", freshenv=True, parallel=2)
def test_parallel_build_matches_serial(app: Any, make_app: Any, tmp_path: Path) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    serial = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "serial", freshenv=True)
    serial.build()
    for docname in (ENZYMES, MEMBRANE, CPP, "learn/index", "learn/biology/index"):
        parallel_page = main_text(soup(app.outdir / f"{docname}.html"))
        serial_page = main_text(soup(serial.outdir / f"{docname}.html"))
        assert parallel_page == serial_page


@pytest.mark.sphinx("html", testroot="basic", freshenv=True, srcdir="basic-overwrite")
def test_generated_pages_never_overwrite_user_files(app: Any, make_app: Any) -> None:
    app.build()
    page = app.srcdir / f"{MEMBRANE}.md"
    manifest = app.srcdir / "learn/.quicktakes-manifest.json"
    manifest.unlink()
    page.write_text("# My own page\n")
    rebuilt = make_app("html", srcdir=app.srcdir)
    rebuilt.build()
    assert page.read_text() == "# My own page\n"
    assert "quicktakes.collision" in rebuilt.warning.getvalue()


@pytest.mark.sphinx("html", testroot="basic", freshenv=True, srcdir="basic-restored")
def test_removed_generated_page_is_restored(app: Any, make_app: Any) -> None:
    app.build()
    page = app.srcdir / f"{MEMBRANE}.md"
    text = page.read_text()
    page.unlink()
    rebuilt = make_app("html", srcdir=app.srcdir)
    rebuilt.build()
    assert page.read_text() == text
    assert "[quicktakes." not in rebuilt.warning.getvalue()
