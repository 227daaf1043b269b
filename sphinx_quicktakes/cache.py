"""Skip re-reading and re-generating when neither the articles nor the settings changed."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx_quicktakes import __version__
from sphinx_quicktakes.articles import Library
from sphinx_quicktakes.writer import MANIFEST, atomic_write

CACHE_FILE = "quicktakes-library.pickle"


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


def _manifest_state(generated: Path) -> tuple[int, int] | None:
    try:
        stat = (generated / MANIFEST).stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def load(cache_dir: Path, key: str, generated: Path) -> Library | None:
    """The library of the previous build if nothing it depends on changed."""
    try:
        with (cache_dir / CACHE_FILE).open("rb") as handle:
            stored = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    if stored.get("manifest") != _manifest_state(generated):
        return None
    library = stored.get("library")
    if not isinstance(library, Library):
        return None
    files = stored.get("files", [])
    if not all((generated / relpath).is_file() for relpath in files):
        return None
    return library


def save(cache_dir: Path, key: str, generated: Path, library: Library, files: list[str]) -> None:
    """Remember the library and the generated files for the next build."""
    stored = {
        "key": key,
        "manifest": _manifest_state(generated),
        "library": library,
        "files": files,
    }
    atomic_write(cache_dir / CACHE_FILE, pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
