"""Build every study guide of a project into one folder: what to build, in what order.

EPUBs first, then the subject PDFs and the library PDF joined from them, then the Anki
decks; each format is rebuilt only where its content changed (see
:mod:`~sphinx_quicktakes.guides.cache`). Guide files no guide produces any more are removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from sphinx_quicktakes.articles import Library
from sphinx_quicktakes.config import PREFIX
from sphinx_quicktakes.guides.cache import GuideCache, GuideFile
from sphinx_quicktakes.guides.collect import GuidePlan, GuideSettings, plan_guides
from sphinx_quicktakes.guides.decks import FORMAT as FORMAT_APKG
from sphinx_quicktakes.guides.decks import write_decks
from sphinx_quicktakes.guides.epub_files import FORMAT as FORMAT_EPUB
from sphinx_quicktakes.guides.epub_files import write_epubs
from sphinx_quicktakes.guides.pdf_files import FORMAT as FORMAT_PDF
from sphinx_quicktakes.guides.pdf_files import write_pdfs
from sphinx_quicktakes.guides.settings import conf_location, guide_options, guide_settings
from sphinx_quicktakes.guides.sources import GuideSources
from sphinx_quicktakes.pages import LIBRARY_DOCNAME
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

__all__ = ["GuideFile", "GuideRun", "build_guides"]


@dataclass
class GuideRun:
    """One pass over every guide of a project, writing into ``outdir``."""

    app: Sphinx
    outdir: Path
    settings: GuideSettings
    sources: GuideSources
    cache: GuideCache

    @classmethod
    def start(cls, app: Sphinx, outdir: Path) -> GuideRun:
        """A run with the project's settings and the cache of ``outdir``."""
        settings = guide_settings(app)
        sources = GuideSources(app, settings)
        cache = GuideCache(Path(app.doctreedir), outdir, settings, sources)
        return cls(app, outdir, settings, sources, cache)

    def run(self, plans: list[GuidePlan]) -> list[GuideFile]:
        """Write the guides of ``plans``; return every guide file with its size."""
        self.outdir.mkdir(parents=True, exist_ok=True)
        files: list[GuideFile] = []
        if FORMAT_EPUB in self.settings.formats:
            files += write_epubs(self, plans)
        if FORMAT_PDF in self.settings.formats:
            files += write_pdfs(self, plans)
        if FORMAT_APKG in self.settings.formats:
            files += write_decks(self, plans, self.library())
        self.cache.outputs.finish()
        return files

    def library(self) -> Library | None:
        """The project's library of articles (None before it is read)."""
        return get_state(self.app).library

    def deck_parent(self) -> str:
        """The parent deck of every subject deck: the library's title."""
        record = self.sources.pages.get(LIBRARY_DOCNAME, {})
        return str(record.get("title") or guide_options(self.app).library_title)


def _check_subjects(app: Sphinx, pages: dict[str, dict[str, Any]]) -> None:
    """Warn about ``guide_subjects`` that name no published subject."""
    known = {record.get("slug") for record in pages.values() if record.get("kind") == "subject"}
    unknown = sorted(set(guide_options(app).guide_subjects) - known)
    if unknown and known:
        warn(
            f"{PREFIX}guide_subjects names no published subject: {', '.join(unknown)}",
            QuickTakesWarning.CONFIG,
            location=conf_location(app),
        )


def build_guides(app: Sphinx, outdir: Path) -> list[GuideFile]:
    """Build the project's guides into ``outdir`` (nothing when it has no articles)."""
    run = GuideRun.start(app, outdir)
    pages = run.sources.pages
    plans = plan_guides(pages, guide_options(app), run.settings.site_name)
    _check_subjects(app, pages)
    if not plans and not run.cache.outputs.has_history():
        return []
    return run.run(plans)
