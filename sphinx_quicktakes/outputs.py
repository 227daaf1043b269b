"""Cached output files: keyed by their inputs, written only when their bytes change.

An :class:`OutputCache` keeps, in a manifest, every file it wrote into one folder with the
key of what the file was made from. A file is rebuilt only when its key changed or the file
is no longer as written; a rebuilt file whose bytes did not change is not rewritten (it
keeps its mtime); a file of the last run that no output claims any more is removed.

A file may also have a *quick key*, checked first: one known without the work the content
key needs (hashes of stored inputs instead of their translation, say). The content key is
then only computed when the quick key changed.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

#: Manifest entry of one file: its keys, size, mtime and what its producer adds.
Entry = dict[str, Any]


def _temporary(path: Path) -> tuple[Path, BinaryIO]:
    """A new temporary file beside ``path``, open for writing, with the usual permissions
    (``0o666`` less the umask, not ``mkstemp``'s 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    return tmp, os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    write_through(path, lambda handle: handle.write(data), replace=True)


def write_through(path: Path, write: Callable[[BinaryIO], object], replace: bool = False) -> bool:
    """Let ``write`` fill a temporary file, then rename it to ``path`` unless ``path`` already
    holds the same bytes (or ``replace``); True if renamed.

    The bytes never need to be in memory at once: files are compared a block at a time.
    """
    tmp, handle = _temporary(path)
    try:
        with handle:
            write(handle)
        if not replace and _same_file(tmp, path):
            tmp.unlink()
            return False
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def _same_file(left: Path, right: Path) -> bool:
    """True if both files exist and hold the same bytes (compared a block at a time)."""
    try:
        return filecmp.cmp(left, right, shallow=False)
    except OSError:
        return False


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless ``path`` already holds ``data``; True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(path, data)
    return True


def digest(data: bytes) -> str:
    """SHA-256 of ``data``, in hex."""
    return hashlib.sha256(data).hexdigest()


def key_of(*parts: Any) -> str:
    """A key for ``parts``: the digest of their JSON form (other values as ``str``)."""
    return digest(json.dumps(parts, sort_keys=True, default=str).encode())


def read_json(path: Path) -> Any:
    """The JSON value stored at ``path``, or None if it is missing or damaged."""
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, value: Any, indent: int | None = None) -> None:
    """Store ``value`` at ``path`` as JSON, atomically."""
    atomic_write(path, json.dumps(value, indent=indent, sort_keys=True).encode())


@dataclass(frozen=True)
class Claim:
    """An output file asked for by this run, and whether the file in place is current."""

    name: str
    quick: str | None
    #: The content key; empty when the quick key alone showed the file current.
    content: str
    current: bool


class OutputCache:
    """Output files of one folder, with their keys kept in a manifest between runs."""

    def __init__(self, folder: Path, manifest: Path, version: int = 1) -> None:
        self.folder = folder
        self.manifest = manifest
        self.version = version
        self.previous = self._load()
        self.entries: dict[str, Entry] = {}

    def _load(self) -> dict[str, Entry]:
        data = read_json(self.manifest)
        if not isinstance(data, dict) or data.get("version") != self.version:
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}

    def intact(self, name: str) -> Entry | None:
        """The last run's entry of ``name`` if the file is still as written, else None."""
        entry = self.previous.get(name)
        if not isinstance(entry, dict):
            return None
        try:
            stat = (self.folder / name).stat()
        except OSError:
            return None
        if stat.st_size != entry.get("size") or stat.st_mtime_ns != entry.get("mtime_ns"):
            return None
        return entry

    def claim(self, name: str, content: str | Callable[[], str], quick: str | None = None) -> Claim:
        """Claim ``name`` for this run; a current file is kept, else :meth:`store` it.

        ``content`` may be a function: it is only called when the quick key did not match.
        """
        entry = self.intact(name)
        if entry is not None and quick is not None and entry.get("quick") == quick:
            self.entries[name] = {**entry, "quick": quick}
            return Claim(name, quick, "", True)
        key = content() if callable(content) else content
        if entry is not None and entry.get("content") == key:
            self.entries[name] = {**entry, "quick": quick} if quick is not None else dict(entry)
            return Claim(name, quick, key, True)
        return Claim(name, quick, key, False)

    def store(self, claim: Claim, data: bytes, **extra: Any) -> bool:
        """Put ``data`` in the claimed file if its bytes changed; True if written."""
        written = write_if_changed(self.folder / claim.name, data)
        self._record(claim, extra)
        return written

    def store_written(
        self, claim: Claim, write: Callable[[BinaryIO], object], **extra: Any
    ) -> bool:
        """Like :meth:`store`, for a file too large to hold in memory: ``write`` writes it to
        the open file it is given. True if the claimed file changed."""
        written = write_through(self.folder / claim.name, write)
        self._record(claim, extra)
        return written

    def _record(self, claim: Claim, extra: dict[str, Any]) -> None:
        stat = (self.folder / claim.name).stat()
        entry: Entry = {"content": claim.content, "size": stat.st_size}
        entry["mtime_ns"] = stat.st_mtime_ns
        if claim.quick is not None:
            entry["quick"] = claim.quick
        self.entries[claim.name] = {**entry, **extra}

    def entry(self, name: str) -> Entry:
        """This run's manifest entry of a claimed file."""
        return self.entries[name]

    def has_history(self) -> bool:
        """True if an earlier run left files in the manifest."""
        return bool(self.previous)

    def finish(self) -> list[str]:
        """Remove files of the last run that nothing claimed; save the manifest.

        A file changed since it was written is left alone. Returns the removed names.
        """
        removed = []
        for name in self.previous:
            if name in self.entries or "/" in name or name.startswith("."):
                continue
            if self.intact(name) is not None:
                (self.folder / name).unlink(missing_ok=True)
                removed.append(name)
        write_json(self.manifest, {"version": self.version, "files": self.entries}, indent=1)
        return removed
