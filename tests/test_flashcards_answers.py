"""Cards take their answers from the HTML the article pages wrote: links, ids, Quiz text,
and rebuilds after an edit."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from seo_support import Build, build, copy_root, json_ld

from sphinx_quicktakes.flashcards.answer_capture import ANSWERS_FOLDER
from sphinx_quicktakes.flashcards.answer_fill import rebase
from sphinx_quicktakes.flashcards.answer_text import visible_text
from sphinx_quicktakes.flashcards.pages import card_id

MEMBRANE = "learn/biology/questions/what-is-a-cell-membrane"
ENZYMES = "learn/biology/questions/how-do-enzymes-lower-activation-energy"
MEMBRANE_FILE = "content/biology/what-is-a-cell-membrane.md"


# --- without Sphinx -----------------------------------------------------------------------
def test_rebase_prefixes_ids_and_moves_relative_links() -> None:
    fragment = (
        '<section id="part"><a class="reference internal" href="other.html#x">o</a>'
        '<a href="#part">self</a><a href="https://example.org/a?b=1&amp;c=2">ext</a>'
        '<img src="../../../_images/p.png" alt=""/><span data-id="keep">k</span>'
        '<a href="/root.html">root</a><a href="mailto:a@example.org">m</a></section>'
    )
    moved = rebase(fragment, "learn/s/questions/a.html", "learn/s/flashcards.html", "card-1")
    assert 'id="card-1-part"' in moved and 'href="#card-1-part"' in moved
    assert 'href="questions/other.html#x"' in moved
    assert 'src="../../_images/p.png"' in moved
    assert 'href="https://example.org/a?b=1&amp;c=2"' in moved
    assert 'data-id="keep"' in moved
    assert 'href="/root.html"' in moved and 'href="mailto:a@example.org"' in moved


def test_rebase_keeps_directory_urls() -> None:
    fragment = '<a href="../other/">o</a><a href="../other/#x">o</a>'
    moved = rebase(fragment, "learn/s/questions/a/", "learn/s/flashcards/", "c")
    assert moved == '<a href="../questions/other/">o</a><a href="../questions/other/#x">o</a>'


def test_visible_text_reads_formulas_as_tex_and_drops_heading_marks() -> None:
    fragment = (
        '<h3>Part<a class="headerlink" href="#p">¶</a></h3><p>Energy is '
        '<math alttext="E = mc^2"><mi>E</mi><annotation>E = mc^2</annotation></math>'
        ", <strong>always</strong>.</p><script>var x = 1;</script><ul><li>a</li><li>b</li></ul>"
    )
    assert visible_text(fragment) == "Part Energy is E = mc^2 , always. a b"
    escaped = '<p>a &amp; b <math alttext="x &lt; 1"><mi>x</mi></math></p><p>c&lt;d</p>'
    assert visible_text(escaped) == "a & b x < 1 c<d"


# --- real builds --------------------------------------------------------------------------
def _card(result: Build, page: str, docname: str) -> BeautifulSoup:
    card = result.page(page).find(id=card_id(docname))
    assert card is not None, docname
    return card.find(class_="sd-summary-content")


def _quiz_answers(result: Build, page: str) -> list[str]:
    quiz = next(b for b in json_ld(result.page(page)) if b["@type"] == "Quiz")
    return [question["acceptedAnswer"]["text"] for question in quiz["hasPart"]]


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_card_links_point_where_the_article_page_points(builder: str, tmp_path: Path) -> None:
    result = build(copy_root("basic", tmp_path / "src"), builder)
    assert result.warnings == ""
    page = "learn/biology/flashcards"
    body = _card(result, page, MEMBRANE)
    link = body.find("a", string="enzymes")
    target = (result.page_path(page).parent / str(link["href"])).resolve()
    if builder == "dirhtml":
        target = target / "index.html"
    assert target == result.page_path(ENZYMES).resolve()
    ids = [tag["id"] for tag in body.find_all(id=True)]
    assert ids and all(ident.startswith(card_id(MEMBRANE) + "-") for ident in ids)
    assert body.find("math") is not None


def test_an_edited_answer_shows_on_its_card_and_a_no_change_build_writes_nothing(
    tmp_path: Path,
) -> None:
    srcdir = copy_root("basic", tmp_path / "src")
    page = "learn/biology/flashcards"
    first = build(srcdir, "html")
    assert "phospholipid bilayer" in _card(first, page, MEMBRANE).get_text()
    article = srcdir / MEMBRANE_FILE
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("phospholipid bilayer", "lipid double layer"), "utf-8")
    second = build(srcdir, "html")
    assert second.warnings == ""
    body = _card(second, page, MEMBRANE)
    assert "lipid double layer" in body.get_text() and "phospholipid" not in body.get_text()
    assert any("lipid double layer" in answer for answer in _quiz_answers(second, page))
    written = second.page_path(page).stat().st_mtime_ns
    third = build(srcdir, "html")
    assert third.read == [] and third.page_path(page).stat().st_mtime_ns == written


def test_a_lost_answer_gives_a_warning_and_a_link_not_an_empty_card(tmp_path: Path) -> None:
    srcdir = copy_root("basic", tmp_path / "src")
    build(srcdir, "html")
    shutil.rmtree(srcdir / "_build" / "doctrees" / ANSWERS_FOLDER / "html")
    article = srcdir / MEMBRANE_FILE
    article.write_text(article.read_text("utf-8").replace("bilayer", "layer"), "utf-8")
    result = build(srcdir, "html")
    assert re.search(r"flashcard answer of .*how-do-enzymes.* not found", result.warnings)
    link = _card(result, "learn/biology/flashcards", ENZYMES).find("a")
    assert link is not None
    assert link["href"] == "questions/how-do-enzymes-lower-activation-energy.html"
    assert "layer" in _card(result, "learn/biology/flashcards", MEMBRANE).get_text()
    assert json.dumps(_quiz_answers(result, "learn/biology/flashcards"))


def test_mathjax_is_loaded_on_a_flashcards_page_with_math(tmp_path: Path) -> None:
    overrides = {"quicktakes_math_renderer": "mathjax"}
    result = build(copy_root("basic", tmp_path / "src"), "html", confoverrides=overrides)
    scripts = [str(s.get("src", "")) for s in result.page("learn/biology/flashcards")("script")]
    assert any("mathjax" in src.lower() for src in scripts)
    scripts = [str(s.get("src", "")) for s in result.page("learn/index")("script")]
    assert not any("mathjax" in src.lower() for src in scripts)


def test_a_page_left_unfilled_is_filled_by_the_next_build(tmp_path: Path) -> None:
    """A build that stopped before filling leaves empty markers; the next build, with
    nothing to read, fills them."""
    srcdir = copy_root("basic", tmp_path / "src")
    first = build(srcdir, "html")
    path = first.page_path("learn/biology/flashcards")
    emptied = re.sub(
        r"(<!--quicktakes-answer [^>]*-->).*?(<!--/quicktakes-answer-->)",
        r"\1\2",
        path.read_text("utf-8"),
        flags=re.S,
    )
    path.write_text(emptied, "utf-8")
    assert "phospholipid" not in _card(first, "learn/biology/flashcards", MEMBRANE).get_text()
    again = build(srcdir, "html")
    assert again.read == []
    assert "phospholipid" in _card(again, "learn/biology/flashcards", MEMBRANE).get_text()


def test_html_and_dirhtml_sharing_a_doctree_folder_keep_their_own_answers(
    tmp_path: Path,
) -> None:
    srcdir = copy_root("basic", tmp_path / "src")
    html_site = build(srcdir, "html")
    dir_site = build(srcdir, "dirhtml")
    assert html_site.outdir != dir_site.outdir
    for site, href in ((html_site, "questions/"), (dir_site, "../questions/")):
        link = _card(site, "learn/biology/flashcards", MEMBRANE).find("a", string="enzymes")
        assert str(link["href"]).startswith(href)
        target = (site.page_path("learn/biology/flashcards").parent / str(link["href"])).resolve()
        expected = site.page_path(ENZYMES).resolve()
        assert target in (expected, expected.parent)


def test_a_deleted_article_leaves_no_kept_answer(tmp_path: Path) -> None:
    srcdir = copy_root("basic", tmp_path / "src")
    build(srcdir, "html")
    kept = srcdir / "_build" / "doctrees" / ANSWERS_FOLDER / "html" / f"{ENZYMES}.html"
    assert kept.is_file()
    (srcdir / "content/biology/how-do-enzymes-lower-activation-energy.md").unlink()
    result = build(srcdir, "html")
    assert not kept.exists()
    assert result.page("learn/biology/flashcards").find(id=card_id(ENZYMES)) is None
