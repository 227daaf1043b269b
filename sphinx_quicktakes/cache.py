"""What the previous build learnt, kept in the doctree folder to make the next one cheap.

- If no content file and no option changed, the whole library is reused and no page is
  generated again (the no-change rebuild).
- Otherwise each article file is read again only if its content changed (same size and
  mtime, or the same SHA-256 digest, means unchanged), and each answer is converted to MyST
  again only if its text, or where its links lead, changed.

The cache belongs to one version of the extension and one format (:data:`CACHE_FORMAT`);
any other starts afresh.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sphinx_quicktakes.articles import Library
from sphinx_quicktakes.articles.library import IGNORED_NAMES
from sphinx_quicktakes.articles.model import Article, Problem
from sphinx_quicktakes.articles.reader import read_article
from sphinx_quicktakes.articles.walk import walk_content
from sphinx_quicktakes.outputs import atomic_write, digest
from sphinx_quicktakes.pages import AnswerMemo, PageMemo
from sphinx_quicktakes.version import __version__
from sphinx_quicktakes.writer import MANIFEST, FileState

#: Changes whenever what is stored changes; caches of another format are ignored.
CACHE_FORMAT = f"{__version__}+7"
CACHE_FILE = "quicktakes-build.pickle"
LIBRARY_FILE = "quicktakes-library.pickle"
T = TypeVar("T", "BuildCache", "LibraryCache")
#: (size, mtime_ns, digest, article, problems) of one file
ArticleEntry = tuple[int, int, str, Article | None, list[Problem]]
#: source -> entry
ArticleEntries = dict[str, ArticleEntry]


#: Size and mtime (in ns) of one file the reader sees, and whether it is a symbolic link.
FileStat = tuple[int, int, bool]


def fingerprint(
    content_dir: Path, settings: Iterable[Any], ignore: Iterable[str] = IGNORED_NAMES
) -> str:
    """A digest of ``settings`` and of the name, size and mtime of every file the reader sees.

    The files are those of :func:`~sphinx_quicktakes.articles.walk.walk_content`, the walk
    the reader uses: a change anywhere else in the folder cannot change the library.
    """
    return stats_fingerprint(content_dir, file_stats(content_dir, ignore), settings)


def stats_fingerprint(
    content_dir: Path, stats: dict[str, FileStat], settings: Iterable[Any]
) -> str:
    """:func:`fingerprint` of the ``stats`` of :func:`file_stats`."""
    digest = hashlib.sha256(f"{__version__}\0{content_dir}\0".encode())
    digest.update(repr(list(settings)).encode())
    for rel in sorted(stats):
        size, mtime, _link = stats[rel]
        digest.update(f"{rel}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def file_stats(content_dir: Path, ignore: Iterable[str] = IGNORED_NAMES) -> dict[str, FileStat]:
    """(size, mtime_ns, is a link) of each entry the reader sees, by relative path; links
    are followed if they lead somewhere."""
    stats: dict[str, FileStat] = {}
    for rel, entry in walk_content(content_dir, ignore):
        try:
            stat = entry.stat()
        except OSError:  # a broken link: its own stat, so that mending it is seen
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue
        stats[rel] = (stat.st_size, stat.st_mtime_ns, entry.is_symlink())
    return stats


def manifest_state(generated: Path) -> tuple[int, int] | None:
    """Size and mtime of the generated pages' manifest (None if there is none)."""
    try:
        stat = (generated / MANIFEST).stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


@dataclass
class BuildCache:
    """What a no-change rebuild needs: small, read on every build."""

    key: str = ""
    settings: str = ""
    manifest: tuple[int, int] | None = None
    #: Generated page (relative to ``learn/``) -> (size, mtime_ns, digest) as written.
    files: dict[str, FileState] = field(default_factory=dict)
    #: Problems of the content folder, reported again on every build.
    problems: list[Problem] = field(default_factory=list)
    version: str = CACHE_FORMAT

    def is_current(self, key: str, generated: Path) -> bool:
        """True if nothing the pages depend on changed and they are all in place."""
        if not self.key or self.key != key or self.manifest != manifest_state(generated):
            return False
        root = str(generated) + os.sep
        return all(os.path.isfile(root + relpath) for relpath in self.files)  # noqa: PTH113 (10,000s of files)


@dataclass
class LibraryCache:
    """What a changed build reuses: the library, parsed files and converted answers."""

    key: str = ""
    library: Library | None = None
    entries: ArticleEntries = field(default_factory=dict)
    answers: AnswerMemo = field(default_factory=dict)
    pages: PageMemo = field(default_factory=dict)
    version: str = CACHE_FORMAT


def _load(path: Path, kind: type[T]) -> T:
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        return kind()
    if not isinstance(stored, kind) or getattr(stored, "version", None) != CACHE_FORMAT:
        return kind()
    return stored


def load(cache_dir: Path) -> BuildCache:
    """The previous build's summary, or an empty one."""
    return _load(cache_dir / CACHE_FILE, BuildCache)


def load_library(cache_dir: Path) -> LibraryCache:
    """The previous build's library, files and answers, or an empty cache."""
    return load_library_file(cache_dir / LIBRARY_FILE)


def load_library_file(path: Path) -> LibraryCache:
    """The library cache kept at ``path``, or an empty one."""
    return _load(path, LibraryCache)


def save(cache_dir: Path, summary: BuildCache, library: LibraryCache) -> None:
    """Keep both parts for the next build (the library first: the summary refers to it)."""
    for name, value in ((LIBRARY_FILE, library), (CACHE_FILE, summary)):
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(cache_dir / name, data)


def save_entries(path: Path, entries: ArticleEntries) -> None:
    """Keep the files one process read for others (the shards of a sharded build)."""
    data = pickle.dumps(LibraryCache(entries=entries), protocol=pickle.HIGHEST_PROTOCOL)
    atomic_write(path, data)


def load_entries(path: Path) -> ArticleEntries:
    """The files kept by :func:`save_entries`, or none."""
    return _load(path, LibraryCache).entries


def entry_digests(entries: ArticleEntries) -> dict[str, str]:
    """Content digest of each file of ``entries``, by source path."""
    return {source: entry[2] for source, entry in entries.items()}


def _same_stat(known: ArticleEntry | None, stat: os.stat_result) -> bool:
    return known is not None and (known[0], known[1]) == (stat.st_size, stat.st_mtime_ns)


class CachedReader:
    """Reads article files, answering from the previous build for unchanged ones."""

    def __init__(self, previous: ArticleEntries) -> None:
        self.previous = previous
        self.entries: ArticleEntries = {}
        self.parsed = 0

    def digests(self) -> dict[str, str]:
        """Content digest of every file read, by source path."""
        return entry_digests(self.entries)

    def knows(self, path: Path, source: str) -> bool:
        """True if ``path`` has the size and mtime it had when last parsed."""
        try:
            return _same_stat(self.previous.get(source), path.stat())
        except OSError:
            return False

    def parse(self, path: Path, source: str) -> ArticleEntry:
        """The entry of ``path``: the stored one if its bytes are unchanged, else parsed."""
        known = self.previous.get(source)
        stat = path.stat()
        if known and _same_stat(known, stat):
            return known
        content = digest(path.read_bytes())
        if known and known[2] == content:
            return (stat.st_size, stat.st_mtime_ns, content, known[3], known[4])
        self.parsed += 1
        article, problems = read_article(path, source)
        return (stat.st_size, stat.st_mtime_ns, content, article, problems)

    def __call__(self, path: Path, source: str) -> tuple[Article | None, list[Problem]]:
        try:
            entry = self.parse(path, source)
        except OSError:
            return read_article(path, source)
        self.entries[source] = entry
        return entry[3], list(entry[4])
