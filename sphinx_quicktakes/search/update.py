"""Bring the search folder up to date: rewrite only the bundles whose pages changed.

The search folder (``_pagefind``) holds the library bundle (in one or more parts) and one
bundle per subject.
Each is checked against its digest and, when stale, indexed and swapped in whole: subject
bundles one Pagefind process at a time, library parts at most :data:`INDEXERS` at once (so
memory is bounded by the largest bundles). Bundles of subjects
that no longer exist are deleted. A folder of another format is cleared first.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_quicktakes.search import layout
from sphinx_quicktakes.search.bundle import (
    FORMAT,
    MANIFEST,
    BundleStats,
    is_current,
    manifest_value,
    set_manifest_value,
    write_bundle,
)
from sphinx_quicktakes.search.layout import (
    DEFAULT_PART_PAGES,
    LIBRARY_BUNDLE,
    SUBJECTS_DIR,
    Records,
)
from sphinx_quicktakes.search.light import LightPage, write_light_pages
from sphinx_quicktakes.search.markup import BUNDLE_DIR

#: Library parts indexed at once: Pagefind indexes one part while the next part's light
#: pages are written, and memory stays bounded by two parts.
INDEXERS = 2


@dataclass
class Update:
    """What one update did: the bundles rewritten (folder: stats) and those deleted."""

    written: dict[str, BundleStats] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)


def prepare(site: Path) -> Path:
    """The search folder of ``site``, cleared if an older layout wrote it."""
    folder = site / BUNDLE_DIR
    manifest = folder / MANIFEST
    try:
        current = json.loads(manifest.read_text(encoding="utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        current = False
    if not current:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        manifest.write_text(json.dumps({"format": FORMAT}), encoding="utf-8")
    return folder


def _delete_orphans(folder: Path, subjects: set[str], update: Update) -> None:
    for path in sorted((folder / SUBJECTS_DIR).glob("*")):
        name = f"{SUBJECTS_DIR}/{path.name}"
        if name not in subjects and path.is_dir():
            shutil.rmtree(path)
            update.deleted.append(name)


def update_subjects(site: Path, keys: dict[str, str], globs: dict[str, str]) -> Update:
    """Rewrite each subject bundle whose digest changed; delete those of removed subjects."""
    folder = prepare(site)
    update = Update()
    _delete_orphans(folder, set(keys), update)
    for name, key in sorted(keys.items()):
        bundle = folder / name
        if not is_current(bundle, key):
            bundle.parent.mkdir(parents=True, exist_ok=True)
            update.written[name] = write_bundle(site, globs[name], bundle, key)
    return update


def _parts_listed(folder: Path) -> list[str]:
    """The library parts after the first, as the first part's manifest lists them."""
    listed = manifest_value(folder / LIBRARY_BUNDLE, "parts")
    return [str(name).rstrip("/") for name in listed] if isinstance(listed, list) else []


def _is_whole(folder: Path, sources: str) -> bool:
    """True if the library parts were written from ``sources`` and are all on disk."""
    first = folder / LIBRARY_BUNDLE
    if manifest_value(first, "sources") != sources:
        return False
    names = [LIBRARY_BUNDLE, *_parts_listed(folder)]
    return all(
        is_current(folder / name, str(manifest_value(folder / name, "key"))) for name in names
    )


def _delete_parts(folder: Path, keep: int, update: Update) -> None:
    """Delete the library part folders past the first ``keep`` (all of them for 0)."""
    kept = set(layout.part_folders(keep))
    for path in sorted(folder.glob(f"{LIBRARY_BUNDLE}*")):
        name = path.name
        if name in kept or not path.is_dir():
            continue
        if name == LIBRARY_BUNDLE or name.removeprefix(f"{LIBRARY_BUNDLE}-").isdigit():
            shutil.rmtree(path)
            update.deleted.append(name)


def _index_part(pages_dir: Path, bundle: Path, key: str) -> BundleStats:
    """Index one library part's light pages into ``bundle``, then delete the pages."""
    try:
        return write_bundle(pages_dir, "**/*.html", bundle, key)
    finally:
        shutil.rmtree(pages_dir, ignore_errors=True)


def update_library(
    site: Path,
    pages: list[LightPage],
    context: str,
    language: str,
    sources: str = "",
    most: int = DEFAULT_PART_PAGES,
) -> Update:
    """Rewrite each library part whose light pages changed; delete parts no longer needed.

    :param sources: digest of what the light pages were made from, kept in the first part's
        manifest with the list of the other parts (what the search box loads).
    :param most: the most pages of one part (:func:`.layout.library_parts`).
    """
    folder = prepare(site)
    update = Update()
    parts = layout.library_parts(pages, most)
    _delete_parts(folder, len(parts), update)
    if not parts:  # Pagefind writes no index for no pages: the search box says none found
        return update
    names = layout.part_folders(len(parts))
    stale = []
    for name, part in zip(names, parts, strict=True):
        key = layout.library_key(part, context)
        if not is_current(folder / name, key):
            stale.append((name, part, key))
    if stale:
        update.written.update(_index_parts(folder, stale, language))
    first = folder / LIBRARY_BUNDLE
    set_manifest_value(first, "parts", [f"{name}/" for name in names[1:]])
    set_manifest_value(first, "sources", sources)
    return update


def _index_parts(
    folder: Path, stale: list[tuple[str, list[LightPage], str]], language: str
) -> dict[str, BundleStats]:
    """Index each stale part (name, pages, key): Pagefind indexes one part while the next
    part's light pages are written. Returns what each part's bundle holds."""
    with (
        tempfile.TemporaryDirectory(prefix="quicktakes-search-") as scratch,
        ThreadPoolExecutor(INDEXERS) as indexers,
    ):
        running = []
        for number, (name, part, key) in enumerate(stale):
            pages_dir = Path(scratch) / str(number)
            write_light_pages(part, pages_dir, language)
            running.append((name, indexers.submit(_index_part, pages_dir, folder / name, key)))
        return {name: done.result() for name, done in running}


def refresh(
    site: Path,
    pages: Records,
    context: str,
    target_uri: Callable[[str], str],
    language: str,
    subjects: bool = True,
    library: bool = True,
    most: int = DEFAULT_PART_PAGES,
) -> Update:
    """Rewrite the stale bundles of ``site``: each subject's, then the library's parts
    (at most ``most`` pages each).

    A shard of a sharded build makes its subjects' bundles only, the site shard the
    library's only (``subjects`` and ``library``).

    Every field of a light page is in its subject's digest (an article's record fingerprint
    covers its file), so when no subject digest and not the library's own record changed,
    the library bundle is current without building its 36,000 light pages to check.
    """
    keys = layout.subject_keys(pages, context)
    globs = {layout.subject_folder(slug): layout.subject_glob(slug) for slug in
             layout.subject_groups(pages)}  # fmt: skip
    done = update_subjects(site, keys, globs) if subjects else Update()
    sources = layout.sources_key(keys, pages, f"{context}|{most}")
    if not library or _is_whole(site / BUNDLE_DIR, sources):
        return done
    light = layout.light_pages(pages, target_uri)
    found = update_library(site, light, context, language, sources, most)
    done.written.update(found.written)
    done.deleted += found.deleted
    return done
