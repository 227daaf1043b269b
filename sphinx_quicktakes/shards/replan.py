"""The next plan after edits that change only answers, without reading the library.

A full plan loads every article the last one read and builds the library model: seconds at
tens of thousands of articles. Most edits change an answer, which changes neither the
library's layout nor any shard's subjects; only the digest of the edited files' shards.

So every plan keeps an index beside it (:data:`INDEX_FILE`): each file's size, time,
content digest, page and subject. The next plan compares the content folder with it. When
no file was added or removed, and every changed file is an article whose new version
differs in its answer at most, the plan is the last one with new digests for the shards of
those files, whose subjects' shared files are written again. Anything else (a new, removed,
broken or linked file, a changed question, subject or option, a moved project) makes a
full plan.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, replace
from pathlib import Path

from sphinx_quicktakes.cache import (
    ArticleEntries,
    CachedReader,
    FileStat,
    LibraryCache,
    load_entries,
)
from sphinx_quicktakes.outputs import atomic_write, digest
from sphinx_quicktakes.shards.plan import ENTRIES_FILE, PLAN_FILE, PageDigests, Plan, shard_inputs
from sphinx_quicktakes.shards.shared import answers_only, subject_path
from sphinx_quicktakes.version import __version__

#: In the work folder: what the last plan was made from, file by file.
INDEX_FILE = "plan-index.pickle"
#: More changed files than this make a full plan, which reads them in parallel.
MOST_CHANGED = 500


@dataclass
class PlanIndex:
    """What the last plan was made from."""

    #: The project's folder, its content folder and the plan's settings (options, shard
    #: count, jobs): an index made for others is not used.
    settings: str
    #: Digest of the plan file written with this index.
    plan: str
    #: Every file the reader sees, by relative path.
    stats: dict[str, FileStat]
    #: Each article of the library, with its page, subject and content digest.
    articles: PageDigests
    version: str = __version__


def save_index(work: Path, index: PlanIndex, plan_json: str) -> None:
    """Keep ``index`` for the next plan, as the index of the plan ``plan_json``."""
    index.plan = digest(plan_json.encode("utf-8"))
    atomic_write(work / INDEX_FILE, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))


def _load_index(work: Path, settings: str, plan_json: str) -> PlanIndex | None:
    try:
        index = pickle.loads((work / INDEX_FILE).read_bytes())
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError,
            ValueError):  # fmt: skip
        return None
    if (
        not isinstance(index, PlanIndex)
        or index.version != __version__
        or index.settings != settings
        or index.plan != digest(plan_json.encode("utf-8"))
    ):
        return None
    return index


def replan(
    content: Path, work: Path, settings: str, stats: dict[str, FileStat]
) -> tuple[Plan, PlanIndex] | None:
    """The plan of the library as ``stats`` finds it, made from the last plan in ``work``,
    and its index; None if the changes need a full plan.

    The edited subjects' shared files are written again; the caller saves the plan and then
    the index (:func:`save_index`).
    """
    try:
        plan_json = (work / PLAN_FILE).read_text("utf-8")
        plan = Plan.from_json(plan_json)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    index = _load_index(work, settings, plan_json)
    if index is None or stats.keys() != index.stats.keys():
        return None
    changed = [source for source, stat in stats.items() if stat != index.stats[source]]
    if not changed or len(changed) > MOST_CHANGED:
        return None
    entries_path = work / ENTRIES_FILE
    edits = _read_edits(content, entries_path, changed, stats, index)
    if edits is None:
        return None
    parts, articles = edits
    (work / INDEX_FILE).unlink(
        missing_ok=True
    )  # until the plan is saved, the next plan is a full one
    for slug, part in parts.items():
        data = pickle.dumps(LibraryCache(entries=part), protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(subject_path(entries_path, slug), data)
    shards = tuple(
        replace(shard, inputs=shard_inputs(shard.subjects, articles))
        if not parts.keys().isdisjoint(shard.subjects)
        else shard
        for shard in plan.shards
    )
    return replace(plan, shards=shards), PlanIndex(settings, "", stats, articles)


def _read_edits(
    content: Path,
    entries_path: Path,
    changed: list[str],
    stats: dict[str, FileStat],
    index: PlanIndex,
) -> tuple[dict[str, ArticleEntries], PageDigests] | None:
    """The changed subjects' entries with the edited articles, and the new index of
    articles; None if a change is more than an answer."""
    loaded: dict[str, ArticleEntries] = {}
    edited: set[str] = set()
    articles = dict(index.articles)
    for source in changed:
        if stats[source][2] or source not in articles:
            return None  # a link (where it leads is checked by a full read) or no article
        _, name, slug = articles[source]
        if slug not in loaded:
            loaded[slug] = load_entries(subject_path(entries_path, slug))
        old = loaded[slug].get(source)
        if old is None:
            return None
        try:  # the project's reader: the stored entry while the bytes are the same
            new = CachedReader(loaded[slug]).parse(content / source, source)
        except OSError:
            return None
        if new[2] == old[2]:
            continue  # touched, not changed
        if not answers_only(old, new):
            return None
        loaded[slug][source] = new
        edited.add(slug)
        articles[source] = (new[2], name, slug)
    return {slug: loaded[slug] for slug in sorted(edited)}, articles
