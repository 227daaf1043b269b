"""Flashcards pages: paging, answers as on article pages, Quiz markup, other builders."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import extruct
import pytest
from bs4 import BeautifulSoup, Tag
from checkers import chromium_browser
from helpers import make_site
from seo_support import Build, build, copy_root, json_ld, sitemap

from sphinx_quicktakes.articles import Article, Library, Subject
from sphinx_quicktakes.flashcards.pages import card_id, flashcards_pages, url_collisions
from sphinx_quicktakes.flashcards.paging import find_page, page_docname, subject_pages
from sphinx_quicktakes.pages import PageBuilder, PageSettings

PER_PAGE = 3
BASE = "https://example.org/"
#: Google's Education Q&A (flashcards) required properties, per type.
GOOGLE_REQUIRED = {
    "Quiz": ["hasPart"],
    "Question": ["eduQuestionType", "text", "acceptedAnswer"],
    "Answer": ["text"],
}
_MATH_DELIMITERS = re.compile(r"\\[()\[\]]")


def _norm(text: str) -> str:
    """Text without whitespace or math delimiters (MathJax reads them), to compare."""
    return "".join(_MATH_DELIMITERS.sub("", text).split())


def _text(node: Tag) -> str:
    """The text of an element as :func:`_norm` compares it: heading link marks dropped,
    each formula read as its TeX (``alttext``), as screen readers and the JSON-LD read it."""
    node = copy.copy(node)
    for mark in node.select("a.headerlink"):
        mark.decompose()
    for formula in node.select("math"):
        formula.replace_with(str(formula.get("alttext", "")))
    return _norm(node.get_text(" "))


# --- paging, without Sphinx ---------------------------------------------------------------
def _library(count: int, slug: str = "big") -> Library:
    library = Library()
    docnames = []
    for number in range(count):
        docname = f"learn/{slug}/questions/q{number}"
        link = f"[a link](/learn/{slug}/questions/q0)"
        answer = f"Answer {number}.\n\n## Part\n\nWith $x^{number}$ and {link}."
        library.articles[docname] = Article(
            number, "Big", f"Question {number}?", answer, f"{slug}/q{number}.md"
        )
        library._by_key[docname] = docname
        library._subject_of[docname] = slug
        docnames.append(docname)
    library.subjects[slug] = Subject(slug, "Big", tuple(docnames))
    return library


def test_a_subject_of_5000_questions_has_no_page_over_100_cards() -> None:
    library = _library(5000)
    builder = PageBuilder(library, PageSettings())
    flashcards = dict(flashcards_pages(builder, library.subjects["big"]))
    assert len(flashcards) == 50
    assert set(flashcards) == {page_docname("big", n) for n in range(1, 51)}
    seen: list[str] = []
    for text in flashcards.values():
        cards = re.findall(r"^:card: (card-\w+)$", text, re.MULTILINE)
        assert 0 < len(cards) <= 100
        seen += cards
        assert "\n# " not in text.split("\n# ", 1)[1]  # one title: answer headings are rubrics
    assert sorted(seen) == sorted(card_id(d) for d in library.subjects["big"].docnames)
    last = flashcards[page_docname("big", 50)]
    assert "[Previous](<flashcards-49.md>)" in last
    assert "[Next]" not in last


def test_pages_chain_and_are_found_by_name() -> None:
    docnames = [f"learn/s/questions/{n}" for n in range(7)]
    pages = subject_pages("s", "S", docnames, 3)
    assert [len(p.docnames) for p in pages] == [3, 3, 1]
    assert [p.docname for p in pages] == [
        "learn/s/flashcards",
        "learn/s/flashcards-2",
        "learn/s/flashcards-3",
    ]
    assert (pages[0].previous, pages[0].next) == (None, "learn/s/flashcards-2")
    assert pages[2].next is None
    subjects = [("s", "S", docnames)]
    assert find_page("learn/s/flashcards-3", subjects, 3) == pages[2]
    assert find_page("learn/s/flashcards-4", subjects, 3) is None
    assert find_page("learn/s/questions/0", subjects, 3) is None
    assert subject_pages("s", "S", [], 3) == []


def test_a_question_is_never_part_of_the_page_source() -> None:
    """A card names its article; the question comes from the library as plain text, so no
    question (backticks, fences, directives) can change the page's markup."""
    from security_corpus import _MYST

    library = _library(1)
    docname = "learn/big/questions/q0"
    question = "Why does ```{raw} html` `x` close?\n~~~~\n:::{note}"
    library.articles[docname] = dataclasses.replace(library.articles[docname], question=question)
    (text,) = dict(
        flashcards_pages(PageBuilder(library, PageSettings()), library.subjects["big"])
    ).values()
    fences = [t for t in _MYST.parse(text) if t.type == "fence"]
    assert [t.info for t in fences] == ["{quicktakes-card} " + docname]
    assert fences[0].content.startswith(":card: card-")
    assert "raw" not in text and "~~~~" not in text and "{note}" not in text


def test_flashcards_can_be_turned_off() -> None:
    library = _library(3)
    names = [name for name, _ in PageBuilder(library, PageSettings(flashcards=False)).pages()]
    assert not any("flashcards" in name for name in names)


def test_an_article_at_a_flashcards_address_keeps_it_with_a_warning() -> None:
    library = _library(2)
    article = library.articles.pop("learn/big/questions/q1")
    library.articles["learn/big/flashcards"] = article
    library._subject_of["learn/big/flashcards"] = "big"
    library.subjects["big"] = Subject(
        "big", "Big", ("learn/big/questions/q0", "learn/big/flashcards")
    )
    builder = PageBuilder(library, PageSettings())
    assert list(flashcards_pages(builder, library.subjects["big"])) == []
    [problem] = url_collisions(builder, "content")
    assert problem.path == "content/big/q1.md" and not problem.fatal
    assert "flashcards page" in problem.message


# --- a real build -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    srcdir = make_site(tmp_path_factory.mktemp("flashcards") / "src")
    return build(srcdir, "html", confoverrides={"quicktakes_flashcards_per_page": PER_PAGE})


def _subjects(site: Build) -> dict[str, list[str]]:
    """slug -> article docnames, read from the subject pages' question cards."""
    found: dict[str, list[str]] = {}
    for index in sorted((site.outdir / "learn").glob("*/index.html")):
        slug = index.parent.name
        page = BeautifulSoup(index.read_text("utf-8"), "lxml")
        links = page.select(".quicktakes-questions a[href]")
        found[slug] = [f"learn/{slug}/" + str(a["href"]).removesuffix(".html") for a in links]
    return found


def _cards(page: BeautifulSoup) -> list[Tag]:
    return page.select("details.quicktakes-flashcard")


def test_build_is_clean(site: Build) -> None:
    assert site.warnings == ""


def test_every_question_has_one_card_and_no_page_is_over_the_limit(site: Build) -> None:
    subjects = _subjects(site)
    assert len(subjects) == 6
    for slug, docnames in subjects.items():
        assert docnames
        shown: list[str] = []
        number = 1
        while (path := site.outdir / f"{page_docname(slug, number)}.html").is_file():
            cards = _cards(BeautifulSoup(path.read_text("utf-8"), "lxml"))
            assert 0 < len(cards) <= PER_PAGE
            shown += [str(card["id"]) for card in cards]
            number += 1
        assert sorted(shown) == sorted(card_id(d) for d in docnames), slug


def test_answers_are_hidden_in_details_and_render_as_on_the_article_page(site: Build) -> None:
    page = site.page("learn/physics/flashcards")
    subjects = _subjects(site)
    for card, docname in zip(_cards(page), subjects["physics"], strict=False):
        assert card.name == "details" and not card.has_attr("open")
        summary = card.find("summary")
        article = site.page(docname)
        assert (
            summary.get_text(" ", strip=True)
            == article.find("h1").get_text(" ", strip=True).rstrip("¶#").strip()
        )
        main = article.find("article") or article
        article_text = _text(main)
        body = card.find(class_="sd-summary-content")
        for block in body.find_all(["p", "li", "pre", "table"]):
            if "rubric" in (block.get("class") or []):
                continue  # headings of answers are rubrics on cards
            assert _text(block) in article_text
        for math in body.select(".math"):
            assert str(math) in str(main) or math.get_text() in main.get_text()


def test_quiz_markup_has_googles_required_properties_and_the_visible_answers(
    site: Build,
) -> None:
    html = site.html("learn/physics/flashcards-2")
    data = extruct.extract(html, base_url=BASE, syntaxes=["json-ld"])["json-ld"]
    quiz = next(block for block in data if block.get("@type") == "Quiz")
    for key in GOOGLE_REQUIRED["Quiz"]:
        assert quiz.get(key)
    assert quiz["about"] == {"@type": "Thing", "name": "Physics"}
    assert quiz["educationalAlignment"][0]["alignmentType"] == "educationalSubject"
    assert quiz["educationalAlignment"][0]["targetName"] == "Physics"
    cards = _cards(BeautifulSoup(html, "lxml"))
    assert len(quiz["hasPart"]) == len(cards) == PER_PAGE
    for question, card in zip(quiz["hasPart"], cards, strict=True):
        assert question["@type"] == "Question"
        for key in GOOGLE_REQUIRED["Question"]:
            assert question.get(key)
        assert question["eduQuestionType"] == "Flashcard"
        answer = question["acceptedAnswer"]
        assert answer["@type"] == "Answer" and answer["text"]
        assert _norm(question["text"]) == _text(card.find("summary"))
        assert _norm(answer["text"]) == _text(card.find(class_="sd-summary-content"))


def test_head_links_navigation_and_assets(site: Build) -> None:
    first, second = site.page("learn/physics/flashcards"), site.page("learn/physics/flashcards-2")
    assert [link["href"] for link in first.head.find_all("link", rel="next")] == [
        "flashcards-2.html"
    ]
    assert not first.head.find_all("link", rel="prev")
    assert [link["href"] for link in second.head.find_all("link", rel="prev")] == [
        "flashcards.html"
    ]
    canonical = [link["href"] for link in second.head.find_all("link", rel="canonical")]
    assert canonical == [BASE + "learn/physics/flashcards-2.html"]
    pages = second.select(".quicktakes-flashcards-pages")[0]
    assert [a.get_text() for a in pages.find_all("a")] == ["Previous", "1", "3", "Next"]
    assert pages.find("strong").get_text() == "2"
    assert "Flashcards: Physics (page 2 of 3)" in second.title.get_text()
    scripts = [s.get("src", "") for s in second.find_all("script")]
    assert any("quicktakes-flashcards.js" in src for src in scripts)
    for other in ("learn/physics/index", "learn/index"):
        page = site.page(other)
        assert not any("flashcards.js" in s.get("src", "") for s in page.find_all("script"))
    subject = site.page("learn/physics/index")
    assert subject.select_one("a[href='flashcards.html']") is not None
    assert "quicktakes-flashcard" not in site.html("learn/index")


def test_sitemap_lists_every_flashcards_page(site: Build) -> None:
    locs = {loc for loc, _ in sitemap(site.outdir)}
    for slug in _subjects(site):
        assert BASE + f"{page_docname(slug, 1)}.html" in locs
    assert BASE + "learn/physics/flashcards-3.html" in locs
    assert BASE + "learn/physics/flashcards-4.html" not in locs


@pytest.mark.parametrize("builder", ["dirhtml", "epub", "latex"])
def test_other_builders_build_without_warnings(builder: str, tmp_path: Path) -> None:
    srcdir = copy_root("basic", tmp_path / "src")
    result = build(srcdir, builder)
    assert result.warnings == ""
    if builder == "dirhtml":
        page = BeautifulSoup(
            (result.outdir / "learn/biology/flashcards/index.html").read_text("utf-8"), "lxml"
        )
        assert len(_cards(page)) == 2
        assert any("flashcards.js" in s.get("src", "") for s in page.find_all("script"))
    elif builder == "epub":
        opf = ET.parse(result.outdir / "content.opf").getroot()
        ns = {"opf": "http://www.idpf.org/2007/opf"}
        hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:item", ns)}
        assert not any("flashcards" in str(href) for href in hrefs.values()), hrefs
    else:
        tex = next(result.outdir.glob("*.tex")).read_text("utf-8")
        assert "Flashcards:" not in tex


# --- article structured data choices --------------------------------------------------------
ARTICLE = "learn/biology/questions/what-is-a-cell-membrane"
AI_SOURCE = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"


def _article_blocks(tmp_path: Path, overrides: dict[str, Any]) -> list[dict[str, Any]]:
    srcdir = copy_root("basic", tmp_path / "src")
    result = build(srcdir, "html", confoverrides=overrides)
    assert result.warnings == ""
    return json_ld(result.page(ARTICLE))


def test_article_schema_article_with_ai_answers(tmp_path: Path) -> None:
    blocks = _article_blocks(
        tmp_path,
        {"quicktakes_article_schema": "article", "quicktakes_ai_generated_answers": True},
    )
    types = [block["@type"] for block in blocks]
    assert ["Article", "LearningResource"] in types and "QAPage" not in types
    article = next(b for b in blocks if b["@type"] == ["Article", "LearningResource"])
    assert article["about"]["name"] == article["name"]
    assert article["headline"] and article["author"]["name"]
    assert article["digitalSourceType"] == AI_SOURCE


def test_qapage_declares_ai_written_answers(tmp_path: Path) -> None:
    blocks = _article_blocks(tmp_path, {"quicktakes_ai_generated_answers": True})
    qa_page = next(b for b in blocks if b["@type"] == "QAPage")
    assert qa_page["mainEntity"]["acceptedAnswer"]["digitalSourceType"] == AI_SOURCE


def test_article_schema_none_keeps_only_breadcrumbs(tmp_path: Path) -> None:
    blocks = _article_blocks(tmp_path, {"quicktakes_article_schema": "none"})
    assert [block["@type"] for block in blocks] == ["BreadcrumbList"]


# --- in a browser -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium_browser() as launched:
        yield launched


def _open(browser: Any, site: Build, docname: str, **options: Any) -> Any:
    page = browser.new_context(**options).new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(site.page_path(docname).as_uri())
    return page


def test_answers_open_with_keyboard_and_marks_stay_in_the_browser(
    site: Build, browser: Any
) -> None:
    page = _open(browser, site, "learn/physics/flashcards")
    cards = page.locator("details.quicktakes-flashcard")
    first, second = cards.nth(0), cards.nth(1)
    assert not first.locator(".sd-summary-content").is_visible()
    first.locator("summary").focus()
    page.keyboard.press("Enter")
    assert first.locator(".sd-summary-content").is_visible()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.parentElement.id") == second.get_attribute("id")
    assert not second.locator(".sd-summary-content").is_visible()
    page.keyboard.press(" ")
    assert second.locator(".sd-summary-content").is_visible()
    progress = page.locator(".quicktakes-flashcards-progress")
    assert progress.get_attribute("aria-live") == "polite"
    assert progress.inner_text() == f"Got it: 0 of {PER_PAGE} · Again: 0"
    first.get_by_role("button", name="Got it").click()
    second.get_by_role("button", name="Again").click()
    assert progress.inner_text() == f"Got it: 1 of {PER_PAGE} · Again: 1"
    stored = page.evaluate("localStorage.getItem('quicktakes-flashcards')")
    assert json.loads(stored) == {
        first.get_attribute("id"): "got",
        second.get_attribute("id"): "again",
    }
    page.reload()
    assert page.locator("details.quicktakes-flashcard").nth(0).get_attribute("data-mark") == "got"
    assert "Got it: 1" in page.locator(".quicktakes-flashcards-progress").inner_text()
    ids = sorted(str(cards.nth(n).get_attribute("id")) for n in range(cards.count()))
    page.get_by_role("button", name="Shuffle").click()
    after = page.locator("details.quicktakes-flashcard")
    assert sorted(str(after.nth(n).get_attribute("id")) for n in range(after.count())) == ids
    page.context.close()


def test_without_javascript_cards_still_open_and_print_with_answers(
    site: Build, browser: Any
) -> None:
    page = _open(browser, site, "learn/physics/flashcards", java_script_enabled=False)
    card = page.locator("details.quicktakes-flashcard").nth(0)
    assert page.locator(".quicktakes-flashcards-tools").count() == 0
    assert not card.locator(".sd-summary-content").is_visible()
    page.emulate_media(media="print")
    assert card.locator(".sd-summary-content").is_visible()
    page.emulate_media(media="screen")
    assert not card.locator(".sd-summary-content").is_visible()
    card.locator("summary").click()
    assert card.locator(".sd-summary-content").is_visible()
    page.context.close()
