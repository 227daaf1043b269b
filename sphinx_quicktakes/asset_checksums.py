"""Stylesheet and script checksums computed once per file, not once per page.

Sphinx adds ``?v=<checksum>`` to the URL of every local stylesheet and script of every HTML
page. For each page and each of those files it resolves the file's path (a system call for
every folder of it), reads the file and computes its CRC-32: about 3% of writing a library
page. The checksum depends only on the file's content, so it is kept by the file's identity
(device, inode, size, modification time in nanoseconds): a file replaced or rewritten gets a
new one, and every other page reuses it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import sphinx.builders.html

#: What Sphinx's ``_file_checksum`` takes and gives.
Checksum = Callable[[Path, "str | os.PathLike[str]"], str]

#: Files whose checksums are kept at most (a build uses a few dozen).
MAX_KEPT = 4096


def setup_asset_checksums() -> None:
    """Make Sphinx's HTML builder keep asset checksums by file identity (once per process)."""
    current = getattr(sphinx.builders.html, "_file_checksum", None)
    if current is None or getattr(current, "keeps_checksums", False):
        return
    sphinx.builders.html._file_checksum = checksums_by_identity(current)  # type: ignore[assignment,attr-defined]


def checksums_by_identity(checksum: Checksum) -> Checksum:
    """``checksum``, answering from memory for a file it has seen with the same identity."""
    kept: dict[tuple[int, int, int, int], str] = {}

    def file_checksum(outdir: Path, filename: str | os.PathLike[str]) -> str:
        name = os.fspath(filename)
        if "://" in name or "?" in name:
            return checksum(outdir, filename)  # no checksum, or Sphinx's error
        try:
            stat = os.stat(os.path.join(outdir, name))  # noqa: PTH116, PTH118 (hot path)
        except (OSError, ValueError):
            return checksum(outdir, filename)
        identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        known = kept.get(identity)
        if known is None:
            known = checksum(outdir, filename)
            if len(kept) >= MAX_KEPT:
                kept.clear()
            kept[identity] = known
        return known

    file_checksum.keeps_checksums = True  # type: ignore[attr-defined]
    return file_checksum
