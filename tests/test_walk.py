"""The one folder walk: the reader and the build cache see the same files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import article, write_article

from sphinx_quicktakes import cache
from sphinx_quicktakes.articles.library import IGNORED_NAMES
from sphinx_quicktakes.articles.model import Article, Problem
from sphinx_quicktakes.articles.reader import read_article, read_folder
from sphinx_quicktakes.articles.walk import content_entries

#: Files the reader reads (or refuses with a problem), and files it never looks at.
SEEN = ["a.md", "deep/er/c.md", "sub/b.md"]
UNSEEN = [".hidden.md", ".git/config.md", "README.md", "notes.txt", "sub/README.md", "sub/x.MD"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    for number, relpath in enumerate(SEEN + UNSEEN, 1):
        write_article(content, relpath, article(number, "Physics", f"Q{number}?", "A."))
    return content


def read_sources(folder: Path) -> list[str]:
    """Every file the reader reads or refuses, relative to ``folder``."""
    read: list[str] = []

    def record(path: Path, source: str) -> tuple[Article | None, list[Problem]]:
        read.append(source)
        return read_article(path, source)

    refused = [
        Path(problem.path).relative_to(folder).as_posix()
        for _article, problems in read_folder(folder, IGNORED_NAMES, record)
        for problem in problems
        if problem.subtype == "path"
    ]
    return sorted(read + refused)


def touch(path: Path) -> None:
    """A new size and mtime for ``path`` (a link's target)."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def test_the_reader_reads_what_the_walk_finds(folder: Path) -> None:
    assert read_sources(folder) == SEEN
    assert [relative for relative, _ in content_entries(folder, IGNORED_NAMES)] == SEEN


@pytest.mark.parametrize("relpath", SEEN)
def test_a_change_to_a_file_the_reader_reads_changes_the_key(folder: Path, relpath: str) -> None:
    before = cache.fingerprint(folder, [])
    touch(folder / relpath)
    assert cache.fingerprint(folder, []) != before


@pytest.mark.parametrize("relpath", UNSEEN)
def test_a_change_to_a_file_the_reader_skips_keeps_the_key(folder: Path, relpath: str) -> None:
    before = cache.fingerprint(folder, [])
    touch(folder / relpath)
    (folder / f"new-{relpath.replace('/', '-')}.txt").write_text("x")
    assert cache.fingerprint(folder, []) == before


def test_new_and_removed_articles_change_the_key(folder: Path) -> None:
    before = cache.fingerprint(folder, [])
    write_article(folder, "sub/new.md", article(99, "Physics", "New?", "A."))
    added = cache.fingerprint(folder, [])
    assert added != before
    (folder / "sub/new.md").unlink()
    assert cache.fingerprint(folder, []) == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_links_are_seen_alike(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(article(50, "Physics", "Out?", "A."), "utf-8")
    (folder / "inside-link.md").symlink_to(folder / "a.md")
    (folder / "outside-link.md").symlink_to(outside)
    (folder / "broken-link.md").symlink_to(folder / "missing.txt")
    (folder / "folder-link").symlink_to(folder / "sub", target_is_directory=True)
    # The reader reads the inside link, refuses the outside and broken ones, and reads the
    # linked folder's files where they are; the cache watches exactly those entries.
    links = ["broken-link.md", "inside-link.md", "outside-link.md"]
    assert read_sources(folder) == sorted(SEEN + links)
    walked = [relative for relative, _ in content_entries(folder, IGNORED_NAMES)]
    assert walked == sorted([*SEEN, *links, "folder-link"], key=lambda p: p.split("/"))
    before = cache.fingerprint(folder, [])
    touch(folder / "a.md")  # through the inside link too
    after = cache.fingerprint(folder, [])
    assert after != before
    (folder / "missing.txt").write_text(article(51, "Physics", "Mended?", "A."), "utf-8")
    assert cache.fingerprint(folder, []) != after  # a mended link is seen
