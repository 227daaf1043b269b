"""What the previous build learnt, kept in the doctree folder to make the next one cheap.

- If no content file and no option changed, the whole library is reused and no page is
  generated again (the no-change rebuild).
- Otherwise each article file is read again only if its content changed (same size and
  mtime, or the same SHA-256 digest, means unchanged), and each answer is converted to MyST
  again only if its text, or where its links lead, changed.

The cache belongs to one version of the extension; any other version starts afresh.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx_quicktakes import __version__
from sphinx_quicktakes.articles import Library
from sphinx_quicktakes.articles.model import Article, Problem
from sphinx_quicktakes.articles.reader import read_article
from sphinx_quicktakes.pages import AnswerMemo
from sphinx_quicktakes.writer import MANIFEST, atomic_write

CACHE_FILE = "quicktakes-library.pickle"
#: source -> (size, mtime_ns, digest, article, problems)
ArticleEntries = dict[str, tuple[int, int, str, Article | None, list[Problem]]]


def fingerprint(content_dir: Path, settings: Iterable[Any]) -> str:
    """A digest of every content file's name, size and mtime, and of ``settings``."""
    digest = hashlib.sha256(f"{__version__}\0{content_dir}\0".encode())
    digest.update(repr(list(settings)).encode())
    if content_dir.is_dir():
        for path in sorted(content_dir.rglob("*")):
            try:
                stat = path.stat()
            except OSError:
                continue
            rel = path.relative_to(content_dir).as_posix()
            digest.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def manifest_state(generated: Path) -> tuple[int, int] | None:
    """Size and mtime of the generated pages' manifest (None if there is none)."""
    try:
        stat = (generated / MANIFEST).stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


@dataclass
class BuildCache:
    """Everything kept from one build for the next."""

    key: str = ""
    settings: str = ""
    manifest: tuple[int, int] | None = None
    library: Library | None = None
    unlinked: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    articles: ArticleEntries = field(default_factory=dict)
    answers: AnswerMemo = field(default_factory=dict)
    version: str = __version__

    def reusable_library(self, key: str, generated: Path) -> Library | None:
        """The stored library if nothing it depends on changed and its pages are in place."""
        if self.library is None or self.key != key:
            return None
        if self.manifest != manifest_state(generated):
            return None
        if not all((generated / relpath).is_file() for relpath in self.files):
            return None
        return self.library


def load(cache_dir: Path) -> BuildCache:
    """The previous build's cache, or an empty one."""
    try:
        with (cache_dir / CACHE_FILE).open("rb") as handle:
            stored = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        return BuildCache()
    if not isinstance(stored, BuildCache) or stored.version != __version__:
        return BuildCache()
    return stored


def save(cache_dir: Path, cache: BuildCache) -> None:
    """Keep ``cache`` for the next build."""
    data = pickle.dumps(cache, protocol=pickle.HIGHEST_PROTOCOL)
    atomic_write(cache_dir / CACHE_FILE, data)


class CachedReader:
    """Reads article files, answering from the previous build for unchanged ones."""

    def __init__(self, previous: ArticleEntries) -> None:
        self.previous = previous
        self.entries: ArticleEntries = {}
        self.parsed = 0

    def __call__(self, path: Path, source: str) -> tuple[Article | None, list[Problem]]:
        known = self.previous.get(source)
        try:
            stat = path.stat()
            if known and (known[0], known[1]) == (stat.st_size, stat.st_mtime_ns):
                self.entries[source] = known
                return known[3], list(known[4])
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return read_article(path, source)
        if known and known[2] == digest:
            entry = (stat.st_size, stat.st_mtime_ns, digest, known[3], known[4])
        else:
            self.parsed += 1
            article, problems = read_article(path, source)
            entry = (stat.st_size, stat.st_mtime_ns, digest, article, problems)
        self.entries[source] = entry
        return entry[3], list(entry[4])
