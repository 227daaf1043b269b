"""The PDF files of a run: one per subject, rendered in parallel, and the library joined."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sphinx.util.display import progress_message, status_iterator
from sphinx.util.parallel import ParallelTasks, parallel_available

from sphinx_quicktakes.guides.cache import GuideFile, file_name
from sphinx_quicktakes.guides.context import GuideRun
from sphinx_quicktakes.guides.pdf import (
    article_pages,
    join_library,
    library_front_document,
    print_css,
    render_pdf,
    subject_document,
)
from sphinx_quicktakes.guides.plan import LIBRARY, GuidePlan
from sphinx_quicktakes.outputs import Claim, digest, key_of
from sphinx_quicktakes.pages import public_url

FORMAT = "pdf"


def write_pdfs(
    run: GuideRun, plans: list[GuidePlan], joined: list[GuidePlan] | None = None
) -> list[GuideFile]:
    """Write the PDF of every subject plan that changed, then the library's; all in place.

    ``joined``: the subjects whose PDFs other shards rendered, joined into the library's.
    """
    subjects = [plan for plan in plans if plan.kind != LIBRARY]
    claims = [(plan, run.cache.claim(plan, FORMAT)) for plan in subjects]
    jobs = [(plan, claim) for plan, claim in claims if not claim.current]
    rendered = _render(run, [(claim.name, _subject_html(run, plan)) for plan, claim in jobs])
    written = set()
    for plan, claim in jobs:
        anchors = [run.sources.chapter(docname).anchor for docname in plan.docnames]
        pages = article_pages(rendered[claim.name], anchors)
        if run.cache.store(claim, rendered[claim.name], pages=pages):
            written.add(claim.name)
    result = [
        run.cache.guide_file(plan, FORMAT, file_name(plan, FORMAT) in written) for plan in subjects
    ]
    library = next((plan for plan in plans if plan.kind == LIBRARY), None)
    if library is not None:
        result.append(_library_pdf(run, library, subjects if joined is None else joined))
    return result


def _subject_html(run: GuideRun, plan: GuidePlan) -> str:
    chapters = run.sources.chapters(plan)
    inside = {docname: "#" + chapters[docname].anchor for docname in plan.docnames}

    def link(docname: str) -> str | None:
        return inside.get(docname) or run.sources.external(docname)

    css = print_css(run.sources.css["print"], run.settings, run.sources.pygments_css)
    return subject_document(plan, run.settings, chapters, link, run.sources.math.svg, css)


def _render(run: GuideRun, jobs: list[tuple[str, str]]) -> dict[str, bytes]:
    """Render print documents to PDF, in parallel with ``-j``."""
    if not jobs:
        return {}
    summary = "rendering PDF study guides... "
    app = run.app
    if not (parallel_available and app.parallel > 1 and len(jobs) > 1):
        return {
            name: render_pdf(document)
            for name, document in status_iterator(
                jobs, summary, "darkgreen", len(jobs), app.verbosity, stringify_func=lambda j: j[0]
            )
        }
    results: dict[str, bytes] = {}
    progress = status_iterator(
        [name for name, _ in jobs], summary, "darkgreen", len(jobs), app.verbosity
    )
    tasks = ParallelTasks(min(app.parallel, len(jobs)))

    def done(name: str) -> Callable[[Any, bytes], None]:
        def store(_arg: Any, result: bytes) -> None:
            results[name] = result
            next(progress, None)

        return store

    for name, document in jobs:
        tasks.add_task(render_pdf, document, done(name))
    tasks.join()
    for _ in progress:
        pass
    return results


def _library_pdf(run: GuideRun, plan: GuidePlan, subjects: list[GuidePlan]) -> GuideFile:
    """The library's PDF: a front part joined to the subject PDFs, redone when one changed."""
    found = [run.subject_pdf(file_name(subject, FORMAT)) for subject in subjects]
    paths, parts = [path for path, _ in found], [entry for _, entry in found]
    quick = key_of(run.cache.settings_key, FORMAT, plan.describe(), [p["quick"] for p in parts])
    datas: list[bytes] = []

    def content() -> str:
        datas[:] = [path.read_bytes() for path in paths]
        hashes = [digest(data) for data in datas]
        return key_of(run.cache.settings_key, FORMAT, plan.describe(), hashes)

    claim = run.cache.outputs.claim(file_name(plan, FORMAT), content, quick)
    written = False
    if not claim.current:
        written = _join_library(run, plan, subjects, claim, datas, parts)
    return run.cache.guide_file(plan, FORMAT, written)


def _join_library(
    run: GuideRun,
    plan: GuidePlan,
    subjects: list[GuidePlan],
    claim: Claim,
    datas: list[bytes],
    parts: list[dict[str, Any]],
) -> bool:
    with progress_message("joining the library PDF study guide"):
        pages = []
        for subject, data, part in zip(subjects, datas, parts, strict=True):
            stored = part.get("pages")
            if not isinstance(stored, list) or len(stored) != len(subject.docnames):
                anchors = [run.sources.chapter(d).anchor for d in subject.docnames]
                stored = article_pages(data, anchors)
            pages.append(stored)
        css = print_css(run.sources.css["print"], run.settings, run.sources.pygments_css)
        front = render_pdf(library_front_document(plan, run.settings, pages, css))
        internal: dict[str, tuple[int, int]] = {}
        if run.settings.base_url:
            for number, (subject, part_pages) in enumerate(zip(subjects, pages, strict=True)):
                for docname, page in zip(subject.docnames, part_pages, strict=True):
                    internal[public_url(run.settings.base_url, docname)] = (number, page)
        data = join_library(front, list(zip(plan.parts, datas, strict=True)), internal)
    return run.cache.store(claim, data)
