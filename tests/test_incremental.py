"""Fast paths of rebuilds: what is re-read and re-written, and that it equals a clean build.

Each build runs ``sphinx-build`` in a fresh process, as a user's would, on a copy of the
project's ``content/`` folder.
"""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CONTENT, article, html_files, make_site, write_article

from sphinx_quicktakes import cache
from sphinx_quicktakes.articles import build_library
from sphinx_quicktakes.parallel import MIN_BATCH

ARTICLE = "content/computer-science/how-does-a-hash-table-handle-collisions.md"
DOCNAME = "learn/computer-science/questions/how-does-a-hash-table-handle-collisions"
FLASHCARDS = "learn/computer-science/flashcards"
SUBJECT = "learn/computer-science/index"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


def build(srcdir: Path, outdir: Path, *extra: str) -> None:
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", *extra]
    command += ["-d", str(outdir.parent / (outdir.name + "-doctrees")), str(srcdir), str(outdir)]
    subprocess.run(command, check=True, capture_output=True)


def mtimes(outdir: Path) -> dict[str, int]:
    """mtime of every doctree (``d:docname``) and output file (``o:relpath``)."""
    doctrees = outdir.parent / (outdir.name + "-doctrees")
    found = {
        "d:" + p.relative_to(doctrees).with_suffix("").as_posix(): p.stat().st_mtime_ns
        for p in doctrees.rglob("*.doctree")
    }
    found.update(
        {"o:" + p.relative_to(outdir).as_posix(): p.stat().st_mtime_ns for p in outdir.rglob("*")}
    )
    return found


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {key for key, value in after.items() if before.get(key) != value}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_no_change_rebuild_reads_and_writes_nothing(project: Path) -> None:
    out = project / "_build"
    build(project, out)
    generated = {p: p.stat().st_mtime_ns for p in (project / "learn").rglob("*")}
    before = mtimes(out)
    build(project, out)
    touched = changed(before, mtimes(out))
    assert not {key for key in touched if key.startswith("d:")}
    assert not {key for key in touched if key.endswith((".html", ".xml", ".txt"))} - {
        "o:genindex.html",
        "o:search.html",
    }
    assert generated == {p: p.stat().st_mtime_ns for p in (project / "learn").rglob("*")}


def test_editing_an_answer_reads_only_its_page(project: Path) -> None:
    """The article's page, and the flashcards page that shows its answer (a small page)."""
    out = project / "_build"
    build(project, out)
    before = mtimes(out)
    edit(project / ARTICLE, "answer: >-\n    ", "answer: >-\n    Freshly edited. ")
    build(project, out)
    touched = changed(before, mtimes(out))
    assert {key for key in touched if key.startswith("d:")} == {"d:" + DOCNAME, "d:" + FLASHCARDS}
    pages = {key for key in touched if key.startswith("o:learn/") and key.endswith(".html")}
    allowed = {DOCNAME, SUBJECT, "learn/index", FLASHCARDS}
    assert pages <= {f"o:{name}.html" for name in allowed}
    assert "Freshly edited." in (out / f"{FLASHCARDS}.html").read_text(encoding="utf-8")
    assert "Freshly edited." in (out / f"{DOCNAME}.html").read_text(encoding="utf-8")


def test_incremental_builds_equal_a_clean_build(project: Path, tmp_path: Path) -> None:
    out = project / "_build"
    build(project, out)
    article = project / ARTICLE
    # retitle, re-date (moves it in its subject), add one, delete another
    edit(article, "How does a hash table handle collisions?", "How do hash tables resolve clashes?")
    text = re.sub(r"\ndate: .*", "\ndate: 2030-01-01", article.read_text(encoding="utf-8"), count=1)
    article.write_text(text, encoding="utf-8")
    added = article.with_name("an-added-question.md")
    added.write_text(
        text.replace("how-does-a-hash-table-handle-collisions", "an-added-question")
        .replace("How do hash tables resolve clashes?", "What is an added question?")
        .replace("\nid: ", "\nid: 9", 1),
        encoding="utf-8",
    )
    build(project, out)
    removed = sorted(article.parent.glob("*.md"))[-1]
    assert removed != added
    removed.unlink()
    build(project, out)
    clean = tmp_path / "clean"
    build(project, clean)
    incremental, fresh = html_files(out), html_files(clean)
    assert sorted(incremental) == sorted(fresh)
    assert [name for name in fresh if incremental[name] != fresh[name]] == []
    subject = (out / f"{SUBJECT}.html").read_text(encoding="utf-8")
    assert "What is an added question?" in subject
    assert not (out / "learn/computer-science/questions" / (removed.stem + ".html")).exists()


def test_option_change_regenerates_pages(project: Path) -> None:
    out = project / "_build"
    build(project, out)
    build(project, out, "-D", "quicktakes_related_title=See also")
    page = (out / f"{DOCNAME}.html").read_text(encoding="utf-8")
    assert "See also" in page and "Related questions" not in page


def test_unchanged_files_are_not_parsed_again(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    first = cache.CachedReader({})
    library = build_library(content, read=first)
    assert first.parsed == len(library.articles)
    second = cache.CachedReader(first.entries)
    assert build_library(content, read=second).articles == library.articles
    assert second.parsed == 0
    path = content / ARTICLE.removeprefix("content/")
    path.touch()  # new mtime, same bytes: recognised by digest
    third = cache.CachedReader(second.entries)
    build_library(content, read=third)
    assert third.parsed == 0
    edit(path, "answer: >-\n    ", "answer: >-\n    New. ")
    fourth = cache.CachedReader(third.entries)
    again = build_library(content, read=fourth)
    assert fourth.parsed == 1
    assert again.articles[DOCNAME].answer.startswith("New. ")


def test_cache_of_another_version_is_ignored(tmp_path: Path) -> None:
    stored = cache.BuildCache(key="k", version="0.0.0-other")
    (tmp_path / cache.CACHE_FILE).write_bytes(pickle.dumps(stored))
    assert cache.load(tmp_path).key == ""
    (tmp_path / cache.CACHE_FILE).write_bytes(b"not a pickle")
    assert cache.load(tmp_path).key == ""
    cache.save(tmp_path, cache.BuildCache(key="mine"), cache.LibraryCache(key="mine"))
    assert cache.load(tmp_path).key == "mine"
    assert cache.load_library(tmp_path).key == "mine"


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    content = srcdir / "content"
    for number in range(2 * MIN_BATCH):  # enough for the -j pre-pass to fork
        subject = ("Biology", "Physics")[number % 2]
        question = f"What is question {number} about {subject.lower()}?"
        answer = f"Answer {number} with **bold** text.\\n\\n- a list\\n- of points"
        write_article(
            content, f"{subject.lower()}/q{number}.md", article(number, subject, question, answer)
        )
    make_site(srcdir, sample_content=False)
    build(srcdir, tmp_path / "serial")
    shutil.rmtree(srcdir / "learn")
    build(srcdir, tmp_path / "parallel", "-j", "2")
    assert html_files(tmp_path / "parallel") == html_files(tmp_path / "serial")
