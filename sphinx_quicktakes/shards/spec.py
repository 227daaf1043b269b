"""What a shard's Sphinx build makes: its subjects, and whether it makes the site's own pages.

The ``quicktakes_shard`` option carries it; ``sphinx-quicktakes build`` sets it. A build
without it makes the whole library, as always.
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinx.application import Sphinx

from sphinx_quicktakes.articles.rules import LIBRARY_ROOT
from sphinx_quicktakes.state import get_state

#: The shard that makes the library index, the project's own pages and the site-wide files.
SITE = "site"


@dataclass(frozen=True)
class ShardSpec:
    """One shard: the subjects whose pages it writes, and where its shared inputs are."""

    name: str
    subjects: frozenset[str]
    #: The reader cache of the plan: articles already read, shared by every shard.
    entries: str = ""
    #: The page records of the other shards (the site shard only).
    records: tuple[str, ...] = ()

    @property
    def is_site(self) -> bool:
        """True for the shard of the library index and the site-wide files."""
        return self.name == SITE

    def owns_subject(self, slug: str) -> bool:
        """True if this shard writes the subject's pages (the others get a title stub)."""
        return slug in self.subjects

    def to_option(self) -> dict[str, object]:
        """The ``quicktakes_shard`` value of this shard."""
        return {
            "name": self.name,
            "subjects": sorted(self.subjects),
            "entries": self.entries,
            "records": list(self.records),
        }

    @classmethod
    def from_option(cls, value: dict[str, object]) -> ShardSpec | None:
        """The shard of a ``quicktakes_shard`` value (None when empty: no sharding)."""
        if not value:
            return None
        subjects = value.get("subjects", ())
        records = value.get("records", ())
        return cls(
            name=str(value.get("name", "")),
            subjects=frozenset(str(s) for s in subjects)
            if isinstance(subjects, list)
            else frozenset(),
            entries=str(value.get("entries", "") or ""),
            records=tuple(str(r) for r in records) if isinstance(records, list) else (),
        )


def subject_of_page(docname: str) -> str | None:
    """The subject slug of a library page below a subject (None for other pages)."""
    parts = docname.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == LIBRARY_ROOT else None


def owned_by(shard: ShardSpec, docname: str) -> bool:
    """True if ``shard`` writes page ``docname``: a page of one of its subjects."""
    slug = subject_of_page(docname)
    return slug is not None and shard.owns_subject(slug)


def shard_of(app: Sphinx) -> ShardSpec | None:
    """The shard this build makes, or None for a whole-library build (read once, with the
    options)."""
    return get_state(app).shard


def in_other_shard(app: Sphinx, docname: str) -> bool:
    """True if ``docname`` is a library article this shard does not write."""
    shard = shard_of(app)
    if shard is None:
        return False
    library = get_state(app).library
    return library is not None and docname in library.articles and not owned_by(shard, docname)
