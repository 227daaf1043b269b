"""Write generated pages: only when changed, atomically, never over files we did not write.

The pages live in the project's source folder, next to files people write, so the manifest
in that folder records which files are ours by the digest of what we wrote: a file we did
not write is never overwritten and one edited by hand is never deleted. (Output folders,
which are ours alone, use :class:`~sphinx_quicktakes.outputs.OutputCache` instead.)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_quicktakes.outputs import atomic_write, digest, read_json

MANIFEST = ".quicktakes-manifest.json"
#: (size, mtime_ns, SHA-256) of a page as it was last seen.
FileState = tuple[int, int, str]


@dataclass
class SyncResult:
    """What :func:`sync_pages` did."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: (relative path, reason) of pages not written.
    refused: list[tuple[str, str]] = field(default_factory=list)
    #: relative path -> (size, mtime_ns, digest) of every page in place, for the next call.
    stats: dict[str, FileState] = field(default_factory=dict)


def _inside(root: Path, relpath: str, safe_dirs: set[str] | None = None) -> Path | None:
    """The path of ``relpath`` under ``root``, or None if it would leave it or cross a link.

    ``safe_dirs`` remembers folders already checked during one call of :func:`sync_pages`.
    """
    parts = relpath.split("/")
    if not relpath or relpath.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return None
    path = root.joinpath(*parts)
    folder = relpath.rpartition("/")[0]
    if safe_dirs is None or folder not in safe_dirs:
        current = root
        for part in parts[:-1]:
            current = current / part
            if current.is_symlink():
                return None
        if safe_dirs is not None:
            safe_dirs.add(folder)
    if path.is_symlink():
        return None
    return path


def _stat(path: Path, digest: str) -> FileState | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, digest


def sync_pages(
    root: Path,
    pages: Iterable[tuple[str, str]],
    known: dict[str, FileState] | None = None,
) -> SyncResult:
    """Make ``root`` hold exactly ``pages`` (relative path -> text) among the files it owns.

    Files whose content is unchanged keep their mtime. Files listed in the manifest but no
    longer generated are deleted unless someone edited them. A file that exists and was not
    written by us is never touched: it is reported in ``refused``. ``known`` holds the
    ``stats`` of the previous call: a page whose new text has the digest it had then, and
    whose size and mtime did not change since, is not read again.
    """
    result = SyncResult()
    if root.is_symlink():
        result.refused.append((".", f"{root} is a symbolic link"))
        return result
    manifest_path = root / MANIFEST
    owned = _load_manifest(manifest_path)
    new_owned, to_write = _compare(root, pages, owned, known or {}, result)
    if to_write:
        # Claim the files first, so a build killed half-way still owns what it wrote: until
        # the end, either the old or the new content of a page counts as ours.
        claims = dict(owned)
        for relpath, _, _ in to_write:
            claims[relpath] = claims.get(relpath, frozenset()) | {new_owned[relpath]}
        _save_manifest(manifest_path, claims)
    for relpath, path, data in to_write:
        atomic_write(path, data)
        result.written.append(relpath)
        if (stat := _stat(path, new_owned[relpath])) is not None:
            result.stats[relpath] = stat
    _remove_unclaimed(root, owned, new_owned, result)
    final = {relpath: frozenset({value}) for relpath, value in new_owned.items()}
    if final != owned or to_write:
        _save_manifest(manifest_path, final)
    return result


def _compare(
    root: Path,
    pages: Iterable[tuple[str, str]],
    owned: dict[str, frozenset[str]],
    known: dict[str, FileState],
    result: SyncResult,
) -> tuple[dict[str, str], list[tuple[str, Path, bytes]]]:
    """(relative path -> digest of every page we own, pages to write); notes the rest."""
    safe_dirs: set[str] = set()
    new_owned: dict[str, str] = {}
    to_write: list[tuple[str, Path, bytes]] = []
    for relpath, text in pages:
        path = _inside(root, relpath, safe_dirs)
        if path is None:
            result.refused.append((relpath, "path leaves the generated folder"))
            continue
        data = text.encode("utf-8")
        page_digest = digest(data)
        if relpath in owned and relpath in known and _stat(path, page_digest) == known[relpath]:
            new_owned[relpath] = page_digest
            result.unchanged.append(relpath)
            result.stats[relpath] = known[relpath]
            continue
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            current = None
        except OSError as error:
            result.refused.append((relpath, f"cannot read: {error.strerror}"))
            continue
        if current is not None and relpath not in owned and current != data:
            result.refused.append((relpath, "a file not generated by sphinx-quicktakes is there"))
            continue
        new_owned[relpath] = page_digest
        if current != data:
            to_write.append((relpath, path, data))
            continue
        result.unchanged.append(relpath)
        if (stat := _stat(path, page_digest)) is not None:
            result.stats[relpath] = stat
    return new_owned, to_write


def _remove_unclaimed(
    root: Path, owned: dict[str, frozenset[str]], claimed: dict[str, str], result: SyncResult
) -> None:
    """Delete pages we wrote earlier and no longer generate, unless edited by hand."""
    for relpath, digests in owned.items():
        if relpath in claimed:
            continue
        path = _inside(root, relpath)
        if path is None or not path.is_file():
            continue
        if digest(path.read_bytes()) not in digests:
            result.refused.append((relpath, "edited by hand; not deleted"))
            continue
        path.unlink()
        result.removed.append(relpath)
        _prune_empty(path.parent, root)


def _load_manifest(path: Path) -> dict[str, frozenset[str]]:
    """relative path -> digests of content we wrote there (a damaged manifest owns nothing)."""
    data = read_json(path)
    owned: dict[str, frozenset[str]] = {}
    for relpath, value in data.items() if isinstance(data, dict) else ():
        digests = [value] if isinstance(value, str) else value
        if isinstance(digests, list) and all(isinstance(d, str) for d in digests):
            owned[relpath] = frozenset(digests)
    return owned


def _save_manifest(path: Path, owned: dict[str, frozenset[str]]) -> None:
    data = {
        relpath: next(iter(digests)) if len(digests) == 1 else sorted(digests)
        for relpath, digests in owned.items()
    }
    # Through this module's atomic_write, like the pages (the crash tests rely on it).
    atomic_write(path, json.dumps(data, indent=0, sort_keys=True).encode())


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
