"""Join the shards' outputs into one site: each file from the shard that owns it.

A subject's pages, search bundle and guides come from its shard; everything else (the
library index, the project's own pages, static files, sitemap, feeds, the library search)
from the site shard. Files are copied only when they differ, and files an earlier assembly
copied that no shard makes any more are removed; files the assembly never wrote are kept.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx_quicktakes.articles.rules import LIBRARY_ROOT
from sphinx_quicktakes.guides.html import HTML_GUIDES_DIR
from sphinx_quicktakes.guides.plan import LIBRARY
from sphinx_quicktakes.outputs import read_json, write_if_changed, write_json
from sphinx_quicktakes.search.layout import subject_folder
from sphinx_quicktakes.search.markup import BUNDLE_DIR
from sphinx_quicktakes.shards.inventory import merge_inventories
from sphinx_quicktakes.shards.plan import Plan
from sphinx_quicktakes.shards.project import MANIFEST_FILE, folders
from sphinx_quicktakes.shards.spec import SITE

#: In the work folder: the files the last assembly copied, by path in the site.
ASSEMBLED_FILE = "assembled.json"
#: Sphinx's inventory of pages and labels: merged from every shard.
INVENTORY = "objects.inv"
#: What one shard gave an assembly: its build stamp, subjects, files (paths in the site).
Listing = dict[str, Any]
#: Shard name -> its listing.
Listings = dict[str, Listing]
#: Guide formats a subject shard may write.
GUIDE_SUFFIXES = (".epub", ".pdf", ".apkg")


#: Output folders whose next path part names the subject a file belongs to.
SUBJECT_FOLDERS = (
    f"{LIBRARY_ROOT}/",
    f"_sources/{LIBRARY_ROOT}/",
    f"{BUNDLE_DIR}/{subject_folder('')}",
)


def subject_of_output(relpath: str) -> str | None:
    """The subject slug an output file belongs to (its pages, search bundle, guides), if any."""
    for folder in SUBJECT_FOLDERS:
        if relpath.startswith(folder):
            slug, slash, _ = relpath[len(folder) :].partition("/")
            return slug if slash else None
    folder = HTML_GUIDES_DIR + "/"
    if relpath.startswith(folder):
        stem, dot, suffix = relpath[len(folder) :].rpartition(".")
        if not dot or "/" in stem or f".{suffix}" not in GUIDE_SUFFIXES:
            return None
        return LIBRARY if stem == f"subject-{LIBRARY}" else stem  # see GuidePlan.stem
    return None


def _files(root: Path) -> dict[str, str]:
    """Every file below ``root``: path relative to it -> full path."""
    files = {}
    base = str(root) + os.sep
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".doctrees")]
        for name in names:
            path = os.path.join(folder, name)  # noqa: PTH118 (strings: 36,000 files a walk)
            files[path[len(base) :].replace(os.sep, "/")] = path
    return files


def site_files(
    plan: Plan, work: Path, builder: str, known: Listings | None = None
) -> tuple[dict[str, str], Listings]:
    """Every file of the assembled site (path in the site -> the shard file it copies), and
    what each shard gave it.

    ``known``: what each shard gave the last assembly. A shard that has not been built since
    (same build stamp, same subjects) gives the same files, so its output is not walked.
    """
    known = known or {}
    listings: Listings = {}
    found: dict[str, str] = {}
    for name, subjects in [(SITE, None), *((s.name, s.subjects) for s in plan.shards)]:
        out = folders(work, name, builder).out
        listing = _listing(work, name, builder, subjects)
        previous = known.get(name)
        if previous is not None and _unchanged(listing, previous):
            listing["files"], listing["walked"] = previous["files"], False
        else:
            listing["files"] = _owned_files(out, subjects)
        base = str(out) + os.sep
        found.update((relpath, base + relpath) for relpath in listing["files"])
        listings[name] = listing
    if INVENTORY in found:
        found[INVENTORY] = str(_merged_inventory(plan, work, builder, Path(found[INVENTORY])))
    return found, listings


def _unchanged(listing: Listing, previous: Listing) -> bool:
    """True if a shard has the build stamp and subjects it had at the last assembly."""
    if listing["stamp"] is None or not isinstance(previous.get("files"), list):
        return False
    return all(previous.get(key) == listing[key] for key in ("stamp", "subjects"))


def _owned_files(out: Path, subjects: tuple[str, ...] | None) -> list[str]:
    """The files of a shard's output that are its to give (``None``: every file)."""
    owned = None if subjects is None else set(subjects)
    return sorted(
        relpath for relpath in _files(out) if owned is None or subject_of_output(relpath) in owned
    )


def _listing(work: Path, name: str, builder: str, subjects: tuple[str, ...] | None) -> Listing:
    """What is known of a shard's output before it is listed: its build stamp (the size and
    time of its manifest, which a successful build writes and a started one removes)."""
    try:
        stat = (folders(work, name, builder).root / MANIFEST_FILE).stat()
    except OSError:
        stamp = None
    else:
        stamp = [stat.st_size, stat.st_mtime_ns]
    return {"stamp": stamp, "subjects": None if subjects is None else list(subjects),
            "files": [], "walked": True}  # fmt: skip


def _merged_inventory(plan: Plan, work: Path, builder: str, site: Path) -> Path:
    """The site's ``objects.inv`` with every shard's pages, written in the work folder (and
    merged again only when one of the inventories or the shards' subjects changed)."""
    every = [f"{LIBRARY_ROOT}/{slug}/" for shard in plan.shards for slug in shard.subjects]

    def under(prefixes: list[str]) -> Callable[[str], bool]:
        return lambda location: location.startswith(tuple(prefixes))

    site_data = site.read_bytes()
    key = hashlib.sha256(site_data)
    parts = []
    for shard in plan.shards:
        path = folders(work, shard.name, builder).out / INVENTORY
        if path.is_file():
            data = path.read_bytes()
            key.update(repr((shard.subjects, len(data))).encode() + data)
            parts.append((data, under([f"{LIBRARY_ROOT}/{slug}/" for slug in shard.subjects])))
    merged = work / f"{INVENTORY}.{builder}"
    key_file = work / f"{INVENTORY}.{builder}.key"
    if merged.is_file() and read_json(key_file) == key.hexdigest():
        return merged
    write_if_changed(merged, merge_inventories(site_data, parts, lambda loc: not under(every)(loc)))
    write_json(key_file, key.hexdigest())
    return merged


def _same(source: str, target: Path) -> bool:
    try:
        a, b = os.stat(source), target.stat()  # noqa: PTH116
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def is_assembled(work: Path, out: Path) -> bool:
    """True if an assembly into ``out`` finished (with shards unchanged since, it is current)."""
    record = read_json(work / ASSEMBLED_FILE)
    return isinstance(record, dict) and record.get("out") == str(out) and out.is_dir()


def _place(source: str, target: Path, link: bool) -> None:
    """Put ``source`` at ``target`` in one step, so a reader never sees half a file: a hard
    link with ``link`` where the file system allows one, else a copy."""
    if link and _linked(source, target):  # a new name: the link appears whole
        return
    temporary = target.with_name(f".{target.name}.assembling")
    temporary.unlink(missing_ok=True)
    if not (link and _linked(source, temporary)):
        shutil.copy2(source, temporary)
    temporary.replace(target)


def _linked(source: str, target: Path) -> bool:
    """Hard-link ``source`` as ``target``; False where the file system refuses."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def _assembled_before(record: dict[str, Any]) -> set[str]:
    """The files the last assembly placed (from each shard's listing)."""
    shards = record.get("shards")
    if not isinstance(shards, dict):  # written by an earlier version
        return set(record.get("files", []))
    return {relpath for listing in shards.values() for relpath in listing.get("files", [])}


def assemble(
    plan: Plan, work: Path, out: Path, builder: str, link: bool = False
) -> tuple[int, int]:
    """Copy the site into ``out`` (hard-link it with ``link``); (files placed, removed).

    Only the files of shards built since the last assembly into ``out`` are compared with
    ``out``'s; a file removed from ``out`` by hand comes back when its shard is rebuilt, or
    with a new ``out``.
    """
    record = read_json(work / ASSEMBLED_FILE)
    same_out = isinstance(record, dict) and record.get("out") == str(out)
    known = record.get("shards", {}) if same_out else {}
    chosen, listings = site_files(plan, work, builder, known)
    checked = {relpath for listing in listings.values() if listing["walked"]
               for relpath in listing["files"]}  # fmt: skip
    checked.add(INVENTORY)
    before = _assembled_before(record) if same_out else set()
    stale = [(source, out / relpath) for relpath, source in sorted(chosen.items())
             if (relpath in checked or relpath not in before)
             and not _same(source, out / relpath)]  # fmt: skip
    for folder in sorted({target.parent for _, target in stale}):
        folder.mkdir(parents=True, exist_ok=True)
    for source, target in stale:
        _place(source, target, link)
    copied, removed = len(stale), 0
    for relpath in sorted(before - set(chosen)):
        path = out / relpath
        if path.is_file():
            path.unlink()
            removed += 1
    for listing in listings.values():
        del listing["walked"]
    write_json(work / ASSEMBLED_FILE, {"out": str(out), "shards": listings})
    return copied, removed
