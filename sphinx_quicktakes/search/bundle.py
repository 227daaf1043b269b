"""Write one Pagefind bundle from HTML pages, atomically, only when its pages changed.

Pagefind reads HTML pages (its binary, through the ``pagefind`` Python API) and writes a
chunked index: a query downloads the index chunks of its words and the fragments of the
results it shows, never the whole index. A bundle is written to a new folder and swapped in
whole, so a failed run keeps the previous one. A manifest in it holds the digest of what was
indexed; a build that finds the same digest does no work for that bundle.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sphinx_quicktakes.outputs import atomic_write
from sphinx_quicktakes.records import ArticleRecord, PageRecord, record_data
from sphinx_quicktakes.search.markup import BUNDLE_DIR, EXCLUDED

MANIFEST = "quicktakes-search.json"
#: Bump when the markup, the layout or the index settings change what a bundle holds.
FORMAT = 2
#: Where Pagefind starts reading a page: the indexed region. Pagefind then skips the theme's
#: markup around it instead of walking it (a quarter less of its time on library pages),
#: and makes the same bundle as from the whole page, unless a theme puts Pagefind's
#: ``meta`` or ``filter`` attributes outside the region: those are not read.
ROOT_SELECTOR = "[data-pagefind-body]"
#: Files of a Pagefind bundle that the library's own search box never loads.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",  # the search box runs Pagefind in the page
)


@dataclass
class BundleStats:
    """What one indexing run did."""

    pages: int
    seconds: float
    files: int
    bytes: int


def content_key(records: Iterable[tuple[str, PageRecord]], context: str) -> str:
    """Digest of the (docname, record) of the pages a bundle holds and of their markup."""
    parts = [str(FORMAT), context]
    for docname, record in records:
        if isinstance(record, ArticleRecord):  # the digest of everything read from its file
            parts += (docname, record.fingerprint, record.subject, record.date_text)
        else:
            data = record_data(record)
            parts.append(json.dumps([docname, data], sort_keys=True, default=str))
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def is_current(bundle: Path, key: str) -> bool:
    """True when the bundle folder ``bundle`` was written from the same pages."""
    try:
        manifest = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get("key") == key and (bundle / "pagefind-entry.json").is_file()


def _prune(bundle: Path) -> None:
    """Delete the files the search box never loads: UIs, worker, other languages' wasm."""
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    used = {
        f"wasm.{lang.get('wasm') or 'unknown'}.pagefind" for lang in entry["languages"].values()
    }
    for wasm in bundle.glob("wasm.*.pagefind"):
        if wasm.name not in used:
            wasm.unlink()


def _folder_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) below ``folder``, links not followed: a library bundle has tens of
    thousands of fragments, and this runs every 0.2 s while Pagefind writes."""
    count = size = 0
    pending = [str(folder)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    size += entry.stat(follow_symlinks=False).st_size
                    count += 1
            except OSError:
                continue
    return count, size


def _snapshot(output: Path) -> tuple[int, int] | None:
    """(files, bytes) of a bundle whose entry file names a written metadata file, else None."""
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
        metas = [
            output / f"pagefind.{lang['hash']}.pf_meta" for lang in entry["languages"].values()
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not metas or not all(meta.is_file() and meta.stat().st_size for meta in metas):
        return None
    return _folder_size(output)


async def _settled(output: Path, timeout: float = 120.0) -> None:
    """Wait until Pagefind has finished writing: it answers before its files are all on disk."""
    last = None
    for _ in range(int(timeout / 0.2)):
        now = _snapshot(output)
        if now is not None and now == last:
            return
        last = now
        await asyncio.sleep(0.2)
    raise RuntimeError(f"Pagefind did not finish writing {output}")


async def _index(site: Path, glob: str, output: Path, root: str | None = ROOT_SELECTOR) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(
        output_path=str(output), exclude_selectors=list(EXCLUDED), write_playground=False
    )
    if root is not None:
        config["root_selector"] = root
    index = await PagefindIndex(config).__aenter__()
    try:
        result = await index.add_directory(str(site), glob=glob)
        await index.write_files()
        # Stop the indexer only once its files are complete (closing it ends the process).
        await _settled(output)
    finally:
        # an exception type tells the context not to write the files a second time
        await index.__aexit__(RuntimeError, None, None)
    return int(result["page_count"])


def _run(coroutine: Any) -> Any:
    """Run a coroutine to the end, also when called from inside an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def manifest_value(bundle: Path, name: str) -> Any:
    """One value of a bundle's manifest, or None."""
    try:
        return json.loads((bundle / MANIFEST).read_text(encoding="utf-8")).get(name)
    except (OSError, ValueError, AttributeError):
        return None


def set_manifest_value(bundle: Path, name: str, value: object) -> None:
    """Set one value of a bundle's manifest, if it has one and the value differs."""
    manifest = bundle / MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict) and data.get(name) != value:
        data[name] = value
        atomic_write(manifest, json.dumps(data, indent=1).encode("utf-8"))


def write_bundle(
    site: Path, glob: str, bundle: Path, key: str = "", extra: dict[str, str] | None = None
) -> BundleStats:
    """Index the pages of ``site`` matching ``glob`` into the folder ``bundle``, atomically.

    Result URLs are the pages' paths relative to ``site``; ``extra`` goes in the manifest.
    """
    start = time.perf_counter()
    fresh = bundle.with_name(bundle.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        pages = _run(_index(site, glob, fresh))
        _prune(fresh)
        files, size = _folder_size(fresh)
        stats = BundleStats(pages, round(time.perf_counter() - start, 3), files, size)
        manifest = {"key": key, **(extra or {}), **asdict(stats)}
        (fresh / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        old = bundle.with_name(bundle.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if bundle.exists():
            bundle.rename(old)
        fresh.rename(bundle)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return stats


def remove_bundles(site: Path) -> bool:
    """Delete the search folder this extension wrote (one with its manifest); True if one was."""
    folder = site / BUNDLE_DIR
    if not (folder / MANIFEST).is_file():
        return False
    shutil.rmtree(folder)
    return True
