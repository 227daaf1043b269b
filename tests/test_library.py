"""The library: identity by URL, cross-posts, subjects by slug, related resolution."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import article, write_article

from sphinx_quicktakes.articles import build_library
from sphinx_quicktakes.articles.model import Related
from sphinx_quicktakes.articles.rules import SORT_ORDERS
from sphinx_quicktakes.articles.slugs import slugify, url_to_docname


def test_cross_posted_copies_are_both_published(tmp_path: Path) -> None:
    write_article(tmp_path, "math/q.md", article(5, "Mathematics", "What is a CI?", "A."))
    write_article(tmp_path, "health/q.md", article(5, "Health Studies", "What is a CI?", "A."))
    library = build_library(tmp_path)
    assert sorted(library.articles) == [
        "learn/health-studies/questions/what-is-a-ci",
        "learn/mathematics/questions/what-is-a-ci",
    ]
    assert library.problems == []
    related = Related(title="x", id=5, subject="Health Studies")
    assert library.resolve(related) == "learn/health-studies/questions/what-is-a-ci"
    related = Related(title="x", id=5, subject="Mathematics")
    assert library.resolve(related) == "learn/mathematics/questions/what-is-a-ci"


def test_related_resolves_by_url_before_id(tmp_path: Path) -> None:
    write_article(tmp_path, "a.md", article(1, "Physics", "Alpha?", "A."))
    write_article(tmp_path, "b.md", article(2, "Physics", "Beta?", "B."))
    library = build_library(tmp_path)
    by_url = Related(title="x", id=1, url="/learn/physics/questions/beta")
    assert library.resolve(by_url) == "learn/physics/questions/beta"
    by_id = Related(title="x", id=1, url="/learn/physics/questions/missing")
    assert library.resolve(by_id) == "learn/physics/questions/alpha"
    assert library.resolve(Related(title="x", id=99, url="/learn/x/questions/y")) is None


def test_subject_spellings_grouped_by_slug(tmp_path: Path) -> None:
    write_article(
        tmp_path,
        "a.md",
        article(1, "Computer science", "A?", "A.", url="/learn/computer-science/questions/a"),
    )
    write_article(tmp_path, "b.md", article(2, "Computer Science", "B?", "B."))
    write_article(tmp_path, "c.md", article(3, "Computer Science", "C?", "C."))
    library = build_library(tmp_path)
    assert list(library.subjects) == ["computer-science"]
    subject = library.subjects["computer-science"]
    assert subject.name == "Computer Science"
    assert len(subject.docnames) == 3


def test_tie_between_spellings_prefers_title_case(tmp_path: Path) -> None:
    write_article(
        tmp_path,
        "a.md",
        article(1, "Digital media", "A?", "A.", url="/learn/digital-media/questions/a"),
    )
    write_article(tmp_path, "b.md", article(2, "Digital Media", "B?", "B."))
    assert build_library(tmp_path).subjects["digital-media"].name == "Digital Media"


def test_duplicate_url_first_in_path_order_wins(tmp_path: Path) -> None:
    write_article(tmp_path, "b/second.md", article(2, "Physics", "Same?", "Second.", slug="same"))
    write_article(tmp_path, "a/first.md", article(1, "Physics", "Same?", "First.", slug="same"))
    library = build_library(tmp_path)
    assert [a.answer for a in library.articles.values()] == ["First."]
    [problem] = library.problems
    assert problem.subtype == "duplicate"
    assert "second.md" in problem.path and "first.md" in problem.message


def test_newest_first_by_default(tmp_path: Path) -> None:
    write_article(tmp_path, "a.md", article(1, "Physics", "Old?", "A.", date="2023-01-01"))
    write_article(tmp_path, "b.md", article(2, "Physics", "New?", "B.", date="2025-01-01"))
    library = build_library(tmp_path)
    assert [d.rsplit("/", 1)[1] for d in library.subjects["physics"].docnames] == ["new", "old"]


#: Ids, dates and titles each give a different order, so every order is told apart.
SORTED = {
    "date-desc": ["beta", "alpha", "gamma"],
    "date-asc": ["gamma", "alpha", "beta"],
    "title": ["alpha", "beta", "gamma"],
    "id": ["gamma", "alpha", "beta"],
}


def test_every_sort_order_is_tested() -> None:
    assert list(SORTED) == list(SORT_ORDERS)


@pytest.mark.parametrize("sort", list(SORTED))
def test_each_sort_order(tmp_path: Path, sort: str) -> None:
    write_article(tmp_path, "a.md", article(3, "Physics", "Beta?", "B.", date="2025-01-01"))
    write_article(tmp_path, "b.md", article(1, "Physics", "Gamma?", "G.", date="2023-01-01"))
    write_article(tmp_path, "c.md", article(2, "Physics", "Alpha?", "A.", date="2024-01-01"))
    docnames = build_library(tmp_path, sort=sort).subjects["physics"].docnames
    assert [d.rsplit("/", 1)[1] for d in docnames] == SORTED[sort]


def test_unusable_url_derives_docname(tmp_path: Path) -> None:
    write_article(tmp_path, "a.md", article(1, "Physics", "Odd?", "A.", url="/../../etc/passwd"))
    library = build_library(tmp_path)
    assert list(library.articles) == ["learn/physics/questions/odd"]
    assert [p.subtype for p in library.problems] == ["path"]
    assert not library.problems[0].fatal


def test_subject_filters(tmp_path: Path) -> None:
    write_article(tmp_path, "a.md", article(1, "Physics", "A?", "A."))
    write_article(tmp_path, "b.md", article(2, "Biology", "B?", "B."))
    assert list(build_library(tmp_path, include=["physics"]).subjects) == ["physics"]
    assert list(build_library(tmp_path, exclude=["physics"]).subjects) == ["biology"]


def test_url_to_docname() -> None:
    assert url_to_docname("/learn/a/questions/b") == "learn/a/questions/b"
    assert url_to_docname("/learn/a/questions/b/") == "learn/a/questions/b"
    for bad in ("/learn/../x/y", "/other/a/b", "/learn/a", "/learn/a/index", "/learn/a/b c", ""):
        assert url_to_docname(bad) is None
    assert slugify("Computer Science") == "computer-science"
    assert slugify("Éducation & Santé") == "education-sante"


def test_real_sample_library(real_sample: Path) -> None:
    library = build_library(real_sample)
    assert library.problems == []
    assert len(library.articles) == 1438
    assert {s.name for s in library.subjects.values()} >= {
        "Digital Media",
        "Accounting and Finance",
    }
    assert sum(len(s.docnames) for s in library.subjects.values()) == 1438
