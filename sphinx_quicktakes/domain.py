"""Per-page library data kept in the build environment (incremental and ``-j`` safe)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from sphinx_quicktakes.records import ArticleRecord, PageRecord


class QuickTakesDomain(Domain):
    """Stores one record per library page; site-wide outputs are built from it."""

    name = "quicktakes"
    label = "QuickTakes"
    #: Bump with the shape of the records (3: typed records instead of dicts).
    data_version = 3
    initial_data = {"pages": {}}

    @property
    def pages(self) -> dict[str, PageRecord]:
        """docname -> record of every library page."""
        pages: dict[str, PageRecord] = self.data.setdefault("pages", {})
        return pages

    def note_page(self, docname: str, record: PageRecord) -> None:
        """Store the record of a page read in this build."""
        self.pages[docname] = record

    def clear_doc(self, docname: str) -> None:
        self.pages.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        other = otherdata.get("pages", {})
        for docname in docnames:
            if docname in other:
                self.pages[docname] = other[docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def articles(self) -> Iterator[tuple[str, ArticleRecord]]:
        """(docname, record) of every article page, in docname order."""
        for docname in sorted(self.pages):
            record = self.pages[docname]
            if isinstance(record, ArticleRecord):
                yield docname, record


def get_domain(env: BuildEnvironment) -> QuickTakesDomain:
    """The extension's domain of an environment."""
    domain = env.domains["quicktakes"]
    assert isinstance(domain, QuickTakesDomain)
    return domain
