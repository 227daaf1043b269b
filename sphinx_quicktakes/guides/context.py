"""What every writer of one guide run shares: the app, the settings, the sources, the cache."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from sphinx_quicktakes.articles import Library
from sphinx_quicktakes.guides.cache import GuideCache
from sphinx_quicktakes.guides.plan import GuideSettings
from sphinx_quicktakes.guides.settings import guide_options, guide_settings
from sphinx_quicktakes.guides.sources import GuideSources
from sphinx_quicktakes.pages import LIBRARY_DOCNAME
from sphinx_quicktakes.records import LibraryRecord
from sphinx_quicktakes.state import get_state


@dataclass
class GuideRun:
    """One pass over every guide of a project, writing into ``outdir``."""

    app: Sphinx
    outdir: Path
    settings: GuideSettings
    sources: GuideSources
    cache: GuideCache
    #: Subject PDFs another shard rendered: file name -> (path, manifest entry).
    foreign_pdfs: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def start(cls, app: Sphinx, outdir: Path) -> GuideRun:
        """A run with the project's settings and the cache of ``outdir``."""
        settings = guide_settings(app)
        sources = GuideSources(app, settings)
        cache = GuideCache(Path(app.doctreedir), outdir, settings, sources)
        return cls(app, outdir, settings, sources, cache)

    def subject_pdf(self, name: str) -> tuple[Path, dict[str, Any]]:
        """A subject PDF of this run, or of another shard: its path and manifest entry."""
        if name in self.foreign_pdfs:
            path, entry = self.foreign_pdfs[name]
            return Path(path), entry
        return self.outdir / name, self.cache.outputs.entry(name)

    def library(self) -> Library | None:
        """The project's library of articles (None before it is read)."""
        return get_state(self.app).library

    def deck_parent(self) -> str:
        """The parent deck of every subject deck: the library's title."""
        record = self.sources.pages.get(LIBRARY_DOCNAME)
        title = record.title if isinstance(record, LibraryRecord) else ""
        return title or guide_options(self.app).library_title
