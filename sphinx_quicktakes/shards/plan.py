"""Split a library into shards: whole subjects, balanced by article count, the same every run.

A plan is data (JSON): each shard's subjects and article count, and a digest of what each
shard's pages are made from, so a runner can skip a shard whose inputs did not change.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sphinx.config import Config
from sphinx.util.tags import Tags

from sphinx_quicktakes import cache
from sphinx_quicktakes.articles import Library, build_library
from sphinx_quicktakes.articles.library import IGNORED_NAMES
from sphinx_quicktakes.parallel import prefetch_articles
from sphinx_quicktakes.shards.shared import share_library
from sphinx_quicktakes.version import __version__

#: Version of the plan's JSON shape.
PLAN_FORMAT = 2
#: In the work folder: the articles the plan read, shared with every shard.
ENTRIES_FILE = "entries.pickle"
#: In the work folder: the last plan, whose groups the next plan keeps while they balance.
PLAN_FILE = "plan.json"
#: How much larger than a fresh split's largest shard a kept split's may be.
KEEP_TOLERANCE = 0.1
#: Articles a shard gets when the shard count is not given: a shard's peak memory follows it.
ARTICLES_PER_SHARD = 3000


@dataclass(frozen=True)
class Shard:
    """One shard of a plan: its subjects, their article count, and its inputs' digest."""

    name: str
    subjects: tuple[str, ...]
    articles: int
    inputs: str


@dataclass(frozen=True)
class SphinxOptions:
    """What ``sphinx-build`` takes on its command line, given to every shard's Sphinx."""

    #: ``-D name=value``: configuration overrides, as strings (Sphinx converts them).
    define: tuple[tuple[str, str], ...] = ()
    #: ``-t tag``.
    tags: tuple[str, ...] = ()
    #: ``-W``: warnings are errors (the shard fails).
    warnings_are_errors: bool = False
    #: ``--keep-going``: with ``-W``, go on after the first warning.
    keep_going: bool = False

    @classmethod
    def parse(
        cls, define: list[str], tags: list[str], warnings_are_errors: bool, keep_going: bool
    ) -> SphinxOptions:
        """The options of a command line (``ValueError`` for a ``-D`` without ``=``)."""
        pairs = []
        for item in define:
            name, equals, value = item.partition("=")
            if not equals or not name.strip():
                raise ValueError(f"-D needs NAME=VALUE, not {item!r}")
            pairs.append((name.strip(), value))
        return cls(tuple(pairs), tuple(tags), warnings_are_errors, keep_going)

    def to_data(self) -> dict[str, Any]:
        """The options as JSON data."""
        return {
            "define": [list(pair) for pair in self.define],
            "tags": list(self.tags),
            "warnings_are_errors": self.warnings_are_errors,
            "keep_going": self.keep_going,
        }

    @classmethod
    def from_data(cls, data: Any) -> SphinxOptions:
        """The options of :meth:`to_data`."""
        data = data if isinstance(data, dict) else {}
        return cls(
            tuple((str(name), str(value)) for name, value in data.get("define", [])),
            tuple(str(tag) for tag in data.get("tags", [])),
            bool(data.get("warnings_are_errors", False)),
            bool(data.get("keep_going", False)),
        )


@dataclass(frozen=True)
class Plan:
    """Every shard of a library, and the digest of what every shard depends on."""

    source: str
    shards: tuple[Shard, ...]
    #: Which page is in which subject, and every subject's name: all shards link by it.
    library: str
    #: What the site shard adds: the library's problems, which it alone reports.
    site: str = ""
    #: The Sphinx command-line options every shard is built with.
    sphinx: SphinxOptions = SphinxOptions()

    def shard(self, name: str) -> Shard:
        """The shard called ``name`` (``KeyError`` if there is none)."""
        for shard in self.shards:
            if shard.name == name:
                return shard
        raise KeyError(name)

    def to_json(self) -> str:
        """The plan as JSON."""
        data = {
            "format": PLAN_FORMAT,
            "version": __version__,
            "source": self.source,
            "library": self.library,
            "site": self.site,
            "sphinx": self.sphinx.to_data(),
            "shards": [
                {"name": s.name, "subjects": list(s.subjects), "articles": s.articles,
                 "inputs": s.inputs}
                for s in self.shards
            ],
        }  # fmt: skip
        return json.dumps(data, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """The plan of :meth:`to_json` (``ValueError`` if it is not one)."""
        data: Any = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
            raise ValueError("not a sphinx-quicktakes plan of this version")
        shards = tuple(
            Shard(str(s["name"]), tuple(s["subjects"]), int(s["articles"]), str(s["inputs"]))
            for s in data["shards"]
        )
        sphinx = SphinxOptions.from_data(data.get("sphinx"))
        return cls(str(data["source"]), shards, str(data["library"]), str(data["site"]), sphinx)


def split(
    counts: dict[str, int], count: int, previous: list[list[str]] | None = None
) -> list[list[str]]:
    """Subjects in ``count`` groups of near-equal article totals (largest subject first).

    Deterministic: the same counts always give the same groups, so an edited answer, which
    changes no count, never moves a subject. With the ``previous`` groups, an added or removed
    article or subject moves no other subject either: the previous groups are kept (new
    subjects join the smallest) while their largest total stays within
    :data:`KEEP_TOLERANCE` of a fresh split's. Empty groups are dropped.
    """
    fresh = _balanced(counts, count)
    kept = _kept(counts, previous or [], len(fresh))
    if kept is not None and _largest(kept, counts) <= _largest(fresh, counts) * (
        1 + KEEP_TOLERANCE
    ):
        return kept
    return fresh


def _balanced(
    counts: dict[str, int], count: int, start: list[list[str]] | None = None
) -> list[list[str]]:
    """``start`` (or ``count`` empty groups) with the other subjects added, largest first,
    each to the group of the smallest total."""
    groups = [list(group) for group in start] if start else [[] for _ in range(max(count, 1))]
    placed = {slug for group in groups for slug in group}
    totals = [sum(counts[slug] for slug in group) for group in groups]
    for slug in sorted(counts, key=lambda s: (-counts[s], s)):
        if slug in placed:
            continue
        smallest = min(range(len(groups)), key=lambda i: (totals[i], i))
        groups[smallest].append(slug)
        totals[smallest] += counts[slug]
    return [sorted(group) for group in groups if group]


def _kept(counts: dict[str, int], previous: list[list[str]], size: int) -> list[list[str]] | None:
    """The previous groups, less removed subjects, plus new ones; None if they cannot stay."""
    groups = [[slug for slug in group if slug in counts] for group in previous]
    if len(groups) != size or not all(groups):
        return None
    return _balanced(counts, size, groups)


def _largest(groups: list[list[str]], counts: dict[str, int]) -> int:
    return max((sum(counts[slug] for slug in group) for group in groups), default=0)


#: The options that decide what the library holds, with their defaults.
_LIBRARY_OPTIONS = {
    "content_dir": "content",
    "subjects": [],
    "exclude_subjects": [],
    "sort": "date-desc",
}


def project_options(source_dir: Path, sphinx: SphinxOptions | None = None) -> dict[str, Any]:
    """The library options of a project's ``conf.py`` (content folder, subjects, order), with
    the ``-D`` overrides and ``-t`` tags of ``sphinx``."""
    sphinx = sphinx or SphinxOptions()
    mtime = (source_dir / "conf.py").stat().st_mtime_ns
    return dict(_options(source_dir, mtime, sphinx.define, sphinx.tags))


@lru_cache(maxsize=8)
def _options(
    source_dir: Path, _mtime: int, define: tuple[tuple[str, str], ...], tags: tuple[str, ...]
) -> dict[str, Any]:
    raw = Config.read(source_dir, overrides={}, tags=Tags(list(tags)))._raw_config
    raw = {**raw, **dict(define)}
    found: dict[str, Any] = {}
    for name, default in _LIBRARY_OPTIONS.items():
        value = raw.get(f"quicktakes_{name}", default)
        if isinstance(default, list):  # a -D value is a comma-separated list, as in Sphinx
            value = [v.strip() for v in value.split(",") if v.strip()] if isinstance(
                value, str) else list(value)  # fmt: skip
        found[name] = value if isinstance(default, list) else str(value)
    return found


def read_library(
    source_dir: Path, work: Path, sphinx: SphinxOptions | None = None, jobs: int = 1
) -> tuple[Library, cache.CachedReader]:
    """The project's library, reading only the files changed since the last plan (in
    ``jobs`` processes)."""
    options = project_options(source_dir, sphinx)
    entries_path = work / ENTRIES_FILE
    reader = cache.CachedReader(cache.load_entries(entries_path))
    before = dict(reader.previous)  # the prefetch below adds the changed files to it
    content = (source_dir / options["content_dir"]).resolve()
    prefetch_articles(reader, content, IGNORED_NAMES, jobs)
    library = build_library(
        content,
        sort=options["sort"],
        include=options["subjects"],
        exclude=options["exclude_subjects"],
        ignore=IGNORED_NAMES,
        read=reader,
    )
    if reader.parsed or len(reader.entries) != len(reader.previous):
        work.mkdir(parents=True, exist_ok=True)
        cache.save_entries(entries_path, reader.entries)
    share_library(entries_path, reader.entries, before, library)
    return library, reader


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


#: Each article of a library: source -> (content digest, page, subject).
PageDigests = dict[str, tuple[str, str, str]]


def page_digests(library: Library, digests: dict[str, str]) -> PageDigests:
    """Each article of ``library`` with its file's content digest (``digests`` by source)."""
    pages = {}
    for slug, subject in library.subjects.items():
        for name in subject.docnames:
            source = library.articles[name].source
            pages[source] = (digests.get(source, ""), name, slug)
    return pages


def shard_inputs(subjects: Sequence[str], pages: PageDigests) -> str:
    """The inputs digest of a shard of ``subjects``: its pages, sorted (page, content digest)."""
    group = set(subjects)
    listed = sorted((name, known) for known, name, slug in pages.values() if slug in group)
    return _digest(list(subjects), listed)


def default_shards(articles: int, subjects: int, jobs: int) -> int:
    """Shards for a library: enough for its size, at least one per parallel job."""
    wanted = max(jobs, math.ceil(articles / ARTICLES_PER_SHARD))
    return max(1, min(wanted, subjects))


def _previous_groups(work: Path) -> list[list[str]]:
    """The subjects of each shard of the last plan in ``work`` (none if there is none)."""
    try:
        plan = Plan.from_json((work / PLAN_FILE).read_text("utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [[str(slug) for slug in shard.subjects] for shard in plan.shards]


def make_plan(
    source_dir: Path,
    work: Path,
    shards: int = 0,
    jobs: int = 1,
    sphinx: SphinxOptions | None = None,
    readers: int = 0,
) -> Plan:
    """Plan the project at ``source_dir`` (its reader cache in ``work``) in ``shards`` shards
    (0: :func:`default_shards` for ``jobs`` shards at once), every shard built with the
    options ``sphinx``; changed articles are read in ``readers`` processes (0: ``jobs``)."""
    return planned_library(source_dir, work, shards, jobs, sphinx, readers)[0]


def planned_library(
    source_dir: Path,
    work: Path,
    shards: int = 0,
    jobs: int = 1,
    sphinx: SphinxOptions | None = None,
    readers: int = 0,
) -> tuple[Plan, PageDigests]:
    """:func:`make_plan`, with each article's page, subject and content digest."""
    sphinx = sphinx or SphinxOptions()
    library, reader = read_library(source_dir, work, sphinx, readers or jobs)
    shards = shards or default_shards(len(library.articles), len(library.subjects), jobs)
    pages = page_digests(library, reader.digests())
    counts = {slug: len(subject.docnames) for slug, subject in library.subjects.items()}
    layout = _digest([(slug, s.name, s.docnames) for slug, s in library.subjects.items()])
    problems = _digest([(p.path, p.line, p.subtype, p.message) for p in library.problems])
    planned = tuple(
        Shard(f"shard-{number:02d}", tuple(group), sum(counts[s] for s in group),
              shard_inputs(group, pages))
        for number, group in enumerate(split(counts, shards, _previous_groups(work)), 1)
    )  # fmt: skip
    plan = Plan(str(source_dir.resolve()), planned, layout, problems, sphinx)
    return plan, pages
