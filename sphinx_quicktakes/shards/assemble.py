"""Join the shards' outputs into one site: each file from the shard that owns it.

A subject's pages, search bundle and guides come from its shard; everything else (the
library index, the project's own pages, static files, sitemap, feeds, the library search)
from the site shard. Files are copied only when they differ, and files an earlier assembly
copied that no shard makes any more are removed; files the assembly never wrote are kept.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sphinx_quicktakes.articles.rules import LIBRARY_ROOT
from sphinx_quicktakes.guides.html import HTML_GUIDES_DIR
from sphinx_quicktakes.guides.plan import LIBRARY
from sphinx_quicktakes.outputs import read_json, write_if_changed, write_json
from sphinx_quicktakes.search.layout import subject_folder
from sphinx_quicktakes.search.markup import BUNDLE_DIR
from sphinx_quicktakes.shards.inventory import merge_inventories
from sphinx_quicktakes.shards.plan import Plan
from sphinx_quicktakes.shards.project import folders
from sphinx_quicktakes.shards.spec import SITE

#: In the work folder: the files the last assembly copied, by path in the site.
ASSEMBLED_FILE = "assembled.json"
#: Sphinx's inventory of pages and labels: merged from every shard.
INVENTORY = "objects.inv"
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


def site_files(plan: Plan, work: Path, builder: str) -> dict[str, str]:
    """Every file of the assembled site: path in the site -> the shard file it copies."""
    found = _files(folders(work, SITE, builder).out)  # its subject stubs are replaced below
    for shard in plan.shards:
        owned = set(shard.subjects)
        for relpath, path in _files(folders(work, shard.name, builder).out).items():
            if subject_of_output(relpath) in owned:
                found[relpath] = path
    if INVENTORY in found:
        found[INVENTORY] = str(_merged_inventory(plan, work, builder, Path(found[INVENTORY])))
    return found


def _merged_inventory(plan: Plan, work: Path, builder: str, site: Path) -> Path:
    """The site's ``objects.inv`` with every shard's pages, written in the work folder."""
    every = [f"{LIBRARY_ROOT}/{slug}/" for shard in plan.shards for slug in shard.subjects]

    def under(prefixes: list[str]) -> Callable[[str], bool]:
        return lambda location: location.startswith(tuple(prefixes))

    parts = []
    for shard in plan.shards:
        path = folders(work, shard.name, builder).out / INVENTORY
        if path.is_file():
            mine = [f"{LIBRARY_ROOT}/{slug}/" for slug in shard.subjects]
            parts.append((path.read_bytes(), under(mine)))
    data = merge_inventories(site.read_bytes(), parts, lambda loc: not under(every)(loc))
    merged = work / f"{INVENTORY}.{builder}"
    write_if_changed(merged, data)
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


def assemble(
    plan: Plan, work: Path, out: Path, builder: str, link: bool = False
) -> tuple[int, int]:
    """Copy the site into ``out`` (hard-link it with ``link``); (files placed, removed)."""
    chosen = site_files(plan, work, builder)
    stale = [(source, out / relpath) for relpath, source in sorted(chosen.items())
             if not _same(source, out / relpath)]  # fmt: skip
    for folder in sorted({target.parent for _, target in stale}):
        folder.mkdir(parents=True, exist_ok=True)
    for source, target in stale:
        _place(source, target, link)
    copied, removed = len(stale), 0
    record = read_json(work / ASSEMBLED_FILE)
    before = record.get("files", []) if isinstance(record, dict) and record.get("out") == str(
        out) else []  # fmt: skip
    for relpath in sorted(set(before) - set(chosen)):
        path = out / relpath
        if path.is_file():
            path.unlink()
            removed += 1
    write_json(work / ASSEMBLED_FILE, {"out": str(out), "files": sorted(chosen)})
    return copied, removed
