"""Per-page library data kept in the build environment (incremental and ``-j`` safe)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sphinx.domains import Domain


class QuickTakesDomain(Domain):
    """Stores one record per library page; site-wide outputs are built from it."""

    name = "quicktakes"
    label = "QuickTakes"
    data_version = 2
    initial_data = {"pages": {}}

    @property
    def pages(self) -> dict[str, dict[str, Any]]:
        """docname -> record (``kind`` is ``article``, ``subject`` or ``library``)."""
        return self.data.setdefault("pages", {})

    def note_page(self, docname: str, record: dict[str, Any]) -> None:
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

    def articles(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(docname, record) of every article page, in docname order."""
        for docname in sorted(self.pages):
            record = self.pages[docname]
            if record["kind"] == "article":
                yield docname, record


def get_domain(env: Any) -> QuickTakesDomain:
    """The extension's domain of an environment."""
    return env.domains["quicktakes"]  # type: ignore[no-any-return]
