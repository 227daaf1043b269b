"""Build every study guide of a project into one folder: what to build, in what order.

EPUBs first, then the subject PDFs and the library PDF joined from them, then the Anki
decks; each format is rebuilt only where its content changed (see
:mod:`~sphinx_quicktakes.guides.cache`). Guide files no guide produces any more are removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sphinx.application import Sphinx

from sphinx_quicktakes.config import PREFIX
from sphinx_quicktakes.guides.cache import GuideFile
from sphinx_quicktakes.guides.context import GuideRun
from sphinx_quicktakes.guides.decks import FORMAT as FORMAT_APKG
from sphinx_quicktakes.guides.decks import write_decks
from sphinx_quicktakes.guides.epub_files import FORMAT as FORMAT_EPUB
from sphinx_quicktakes.guides.epub_files import write_epubs
from sphinx_quicktakes.guides.pdf_files import FORMAT as FORMAT_PDF
from sphinx_quicktakes.guides.pdf_files import write_pdfs
from sphinx_quicktakes.guides.plan import GuidePlan, plan_guides
from sphinx_quicktakes.guides.settings import conf_location, guide_options
from sphinx_quicktakes.records import PageRecord, SubjectRecord
from sphinx_quicktakes.shards.guides import shard_guides
from sphinx_quicktakes.shards.spec import shard_of
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

__all__ = ["GuideFile", "build_guides", "write_guides"]


def write_guides(
    run: GuideRun, plans: list[GuidePlan], joined: list[GuidePlan] | None = None
) -> list[GuideFile]:
    """Write the guides of ``plans`` format by format; return every guide file with its size.

    ``joined``: subjects whose PDFs other shards rendered, for the library's PDF.
    """
    run.outdir.mkdir(parents=True, exist_ok=True)
    formats = run.settings.formats
    files: list[GuideFile] = []
    if FORMAT_EPUB in formats:
        files += write_epubs(run, plans)
    if FORMAT_PDF in formats:
        files += write_pdfs(run, plans, joined)
    if FORMAT_APKG in formats:
        files += write_decks(run, plans, run.library())
    run.cache.outputs.finish()
    run.sources.kept.save(run.app.env.all_docs)
    return files


def _check_subjects(app: Sphinx, pages: Mapping[str, PageRecord]) -> None:
    """Warn about ``guide_subjects`` that name no published subject."""
    known = {record.slug for record in pages.values() if isinstance(record, SubjectRecord)}
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
    shard = shard_of(app)
    if shard is not None:
        return shard_guides(run, plans, shard, write_guides)
    if not plans and not run.cache.outputs.has_history():
        return []
    return write_guides(run, plans)
