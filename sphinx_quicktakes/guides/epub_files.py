"""The EPUB file of every guide of a run, rebuilt only when its content changed."""

from __future__ import annotations

from functools import partial

from sphinx.util.display import status_iterator

from sphinx_quicktakes.guides.cache import GuideFile, file_name
from sphinx_quicktakes.guides.context import GuideRun
from sphinx_quicktakes.guides.epub import build_epub
from sphinx_quicktakes.guides.plan import GuidePlan
from sphinx_quicktakes.guides.sources import chapter_problem

FORMAT = "epub"


def write_epubs(run: GuideRun, plans: list[GuidePlan]) -> list[GuideFile]:
    """Write ``<stem>.epub`` for every plan whose content changed; every EPUB in place."""
    sources = run.sources
    css = (sources.css["epub"] + "\n" + sources.pygments_css).encode("utf-8")
    files = []
    for plan in status_iterator(
        plans,
        "writing EPUB study guides... ",
        "darkgreen",
        len(plans),
        run.app.verbosity,
        stringify_func=lambda p: file_name(p, FORMAT),
    ):
        claim = run.cache.claim(plan, FORMAT)
        written = False
        if not claim.current:
            write = partial(
                build_epub,
                plan,
                run.settings,
                sources.chapters(plan),
                sources.math.mathml,
                sources.external,
                css,
                chapter_problem,
            )
            written = run.cache.store_written(claim, write)
        files.append(run.cache.guide_file(plan, FORMAT, written))
    return files
