"""The library a plan shares with its shards, so that no shard reads the content folder.

Beside the plan's reader cache (``entries.pickle``) the plan keeps:

- the library without its answers (``entries-library.pickle``): every shard links to every
  article, and without answers the library is less than half its size;
- each subject's files whole (``entries-subjects/<slug>.pickle``), written again only when
  one of its files or its list of files changed.

After an edited answer the plan writes one subject's file, and not the library.

A subject shard loads the library and its own subjects' files; the site shard loads every
subject's. A shard with a missing or unreadable part reads the content folder as a
one-project build does.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from sphinx_quicktakes.articles import Library
from sphinx_quicktakes.articles.model import Article
from sphinx_quicktakes.cache import (
    ArticleEntries,
    ArticleEntry,
    LibraryCache,
    load_entries,
    load_library_file,
)
from sphinx_quicktakes.outputs import atomic_write, digest, read_json, write_json

#: In the subjects folder: the digest of each subject's list of files at the last plan.
MEMBERS_FILE = "members.json"


def library_path(entries: Path) -> Path:
    """The shared library without answers, beside the plan's reader cache ``entries``."""
    return entries.with_name(f"{entries.stem}-library{entries.suffix}")


def subject_path(entries: Path, slug: str) -> Path:
    """One subject's files, whole."""
    return entries.with_name(f"{entries.stem}-subjects") / f"{slug}{entries.suffix}"


def _legacy_catalog(entries: Path) -> Path:
    """The articles without answers that earlier versions kept for the shards."""
    return entries.with_name(f"{entries.stem}-catalog{entries.suffix}")


def share_library(
    entries_path: Path, entries: ArticleEntries, before: ArticleEntries, library: Library
) -> None:
    """Keep ``library`` and each subject's ``entries`` for the shards.

    ``before``: the entries the plan started from. A subject none of whose files changed is
    not written again, nor is the library when only answers changed.
    """
    folder = subject_path(entries_path, "_").parent
    folder.mkdir(parents=True, exist_ok=True)
    _legacy_catalog(entries_path).unlink(missing_ok=True)
    known = read_json(folder / MEMBERS_FILE)
    known = known if isinstance(known, dict) else {}
    changed = {source for source, entry in entries.items() if before.get(source) is not entry}
    changed |= before.keys() - entries.keys()
    members = {"": _layout_key(library)}
    for slug, subject in library.subjects.items():
        part = {}
        for name in subject.docnames:
            source = library.articles[name].source
            if source in entries:
                part[source] = entries[source]
        members[slug] = digest("\n".join(sorted(part)).encode("utf-8", "surrogatepass"))
        path = subject_path(entries_path, slug)
        if known.get(slug) != members[slug] or not changed.isdisjoint(part) or not path.is_file():
            data = pickle.dumps(LibraryCache(entries=part), protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write(path, data)
    for stale in folder.glob(f"*{entries_path.suffix}"):
        if stale.stem not in members:
            stale.unlink()
    shared = library_path(entries_path)
    if known != members or not shared.is_file() or not _answers_only(changed, before, entries):
        answerless = {name: replace(a, answer="") for name, a in library.articles.items()}
        data = pickle.dumps(
            LibraryCache(library=replace(library, articles=answerless, _resolved={})),
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        atomic_write(shared, data)
    write_json(folder / MEMBERS_FILE, members)


def _layout_key(library: Library) -> str:
    """A digest of the library's subjects, their pages in order, and its problems."""
    layout = [(slug, s.name, s.docnames) for slug, s in library.subjects.items()]
    return digest(repr((layout, library.problems)).encode("utf-8", "surrogatepass"))


def _answers_only(changed: set[str], before: ArticleEntries, entries: ArticleEntries) -> bool:
    """True if the ``changed`` files differ from ``before`` in their answers at most."""
    for source in changed:
        old, new = before.get(source), entries.get(source)
        if old is None or new is None or not answers_only(old, new):
            return False
    return True


def answers_only(old: ArticleEntry, new: ArticleEntry) -> bool:
    """True if the file read as ``new`` is the article ``old`` with at most another answer
    (and the same problems)."""
    return old[4] == new[4] and _answerless(old) == _answerless(new)


def _answerless(entry: ArticleEntry) -> Article | None:
    return None if entry[3] is None else replace(entry[3], answer="")


def shared_library(
    entries_path: Path, subjects: Iterable[str] | None
) -> tuple[Library, ArticleEntries] | None:
    """The plan's library with the answers of ``subjects`` (None: every subject), and those
    subjects' entries; None if a part is missing, unreadable or does not match the library."""
    library = load_library_file(library_path(entries_path)).library
    if library is None:
        return None
    wanted = list(library.subjects) if subjects is None else sorted(subjects)
    if not set(wanted) <= library.subjects.keys():
        return None
    entries: ArticleEntries = {}
    for slug in wanted:
        part = load_entries(subject_path(entries_path, slug))
        if not part:
            return None
        entries.update(part)
    name_of = {article.source: name for name, article in library.articles.items()}
    patched = 0
    for source, entry in entries.items():
        name, article = name_of.get(source), entry[3]
        if name is not None and article is not None:
            library.articles[name] = article
            patched += 1
    if patched != sum(len(library.subjects[slug].docnames) for slug in wanted):
        return None
    return library, entries
