"""The one walk over a content folder, shared by the reader and the build cache.

The rules, which decide what the reader reads and so what the cache must watch:

- Names starting with ``.`` (files and folders) and names in ``ignore`` (at any depth) are
  left out, as is every file not ending in ``.md``.
- Folders are entered; symbolic links are never followed. A link named ``*.md`` and a link
  to a folder are returned as they are, for the reader to check where they lead (a link to a
  folder inside is skipped there: its files are read where they are).
- Entries are returned in path order, segment by segment (``a/b.md`` before ``a-b.md``).
- A folder that cannot be listed contributes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

#: (path relative to the content folder with ``/`` separators, its directory entry)
ContentEntry = tuple[str, os.DirEntry[str]]


def content_entries(folder: Path, ignore: Iterable[str] = ()) -> list[ContentEntry]:
    """Every ``.md`` entry and link to a folder under ``folder``, in path order."""
    return sorted(walk_content(folder, ignore), key=lambda item: item[0].split("/"))


def walk_content(folder: Path, ignore: Iterable[str] = ()) -> Iterator[ContentEntry]:
    """The entries of :func:`content_entries` in the order the file system lists them."""
    return _entries(str(folder), "", frozenset(ignore))


def _entries(folder: str, prefix: str, ignored: frozenset[str]) -> Iterator[ContentEntry]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in ignored:
            continue
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _entries(entry.path, relative + "/", ignored)
        elif entry.name.endswith(".md") or (entry.is_symlink() and entry.is_dir()):
            yield relative, entry
