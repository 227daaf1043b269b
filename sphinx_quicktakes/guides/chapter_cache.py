"""Translated chapters kept between builds, so an edit translates one article, not its subject.

A chapter is kept under its page's name with a key made of the stored doctree's digest, the
title and the renderer's settings; a changed page or setting misses and is translated again.
Chapters are kept in 256 pickles, by a hash of the page's name, so an edit rewrites one of
them; a bucket read in a run is written without the pages the project no longer has. Like
Sphinx's environment pickle, they live in the doctree folder: the build's own files, never
read from elsewhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from collections.abc import Collection
from pathlib import Path

from sphinx_quicktakes.guides.chapters import Chapter
from sphinx_quicktakes.outputs import atomic_write

#: Bump when :class:`Chapter` or the translation changes.
FORMAT = 1
#: Under the doctree folder.
CHAPTERS_DIR = "quicktakes-guides/chapters"


def _bucket(docname: str) -> str:
    return hashlib.sha1(docname.encode("utf-8", "surrogatepass")).hexdigest()[:2]


class ChapterCache:
    """Chapters of earlier builds, by page, in ``folder``."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = f"{FORMAT}:{salt}"
        self._buckets: dict[str, dict[str, tuple[str, Chapter]]] = {}
        self._changed: set[str] = set()

    def key(self, digest: str, title: str) -> str:
        """The key of a chapter translated from a doctree of ``digest``."""
        return hashlib.sha256(f"{self.salt}\0{digest}\0{title}".encode()).hexdigest()

    def _load(self, bucket: str) -> dict[str, tuple[str, Chapter]]:
        if bucket not in self._buckets:
            found: object = None
            unreadable = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError)
            with contextlib.suppress(*unreadable):
                found = pickle.loads((self.folder / f"{bucket}.pickle").read_bytes())
            self._buckets[bucket] = found if isinstance(found, dict) else {}
        return self._buckets[bucket]

    def get(self, docname: str, key: str) -> Chapter | None:
        """The kept chapter of ``docname`` if it was made with ``key``."""
        kept = self._load(_bucket(docname)).get(docname)
        return kept[1] if kept is not None and kept[0] == key else None

    def put(self, docname: str, key: str, chapter: Chapter) -> None:
        """Keep a chapter (written by :meth:`save`)."""
        bucket = _bucket(docname)
        self._load(bucket)[docname] = (key, chapter)
        self._changed.add(bucket)

    def save(self, known: Collection[str]) -> None:
        """Write the buckets that changed, without the pages not in ``known`` (deleted ones)."""
        for bucket, chapters in self._buckets.items():
            gone = [docname for docname in chapters if docname not in known]
            for docname in gone:
                del chapters[docname]
            if gone:
                self._changed.add(bucket)
        for bucket in sorted(self._changed):
            data = pickle.dumps(self._buckets[bucket], protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write(self.folder / f"{bucket}.pickle", data)
        self._changed.clear()
