"""The PDF files of a run: subjects rendered in chunks in parallel, and the library joined."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sphinx.util.display import progress_message, status_iterator
from sphinx.util.parallel import ParallelTasks, parallel_available

from sphinx_quicktakes.guides.cache import GuideFile, file_name
from sphinx_quicktakes.guides.chapters import Chapter
from sphinx_quicktakes.guides.context import GuideRun
from sphinx_quicktakes.guides.pagenumbers import PageNumbers
from sphinx_quicktakes.guides.pdf import print_css, render_pdf
from sphinx_quicktakes.guides.pdf_library import library_pdf
from sphinx_quicktakes.guides.pdf_subject import (
    ARTICLE_LINK,
    ChunkStore,
    Rendered,
    SubjectLayout,
    chunk_document,
    front_document,
    join_subject,
    split_chunks,
)
from sphinx_quicktakes.guides.plan import LIBRARY, GuidePlan
from sphinx_quicktakes.outputs import Claim, digest, key_of

FORMAT = "pdf"


def write_pdfs(
    run: GuideRun, plans: list[GuidePlan], joined: list[GuidePlan] | None = None
) -> list[GuideFile]:
    """Write the PDF of every subject plan that changed, then the library's; all in place.

    ``joined``: the subjects whose PDFs other shards rendered, joined into the library's.
    """
    subjects = [plan for plan in plans if plan.kind != LIBRARY]
    size = run.settings.pdf_chunk_size
    claims = [(plan, run.cache.claim(plan, FORMAT, size)) for plan in subjects]
    jobs = [(plan, claim) for plan, claim in claims if not claim.current]
    store = ChunkStore(run.cache.parts_dir)
    written = _subject_pdfs(run, store, jobs)
    result = [
        run.cache.guide_file(plan, FORMAT, file_name(plan, FORMAT) in written) for plan in subjects
    ]
    library = next((plan for plan in plans if plan.kind == LIBRARY), None)
    if library is not None:
        joined = subjects if joined is None else joined
        result.append(library_pdf(run, store, library, joined))
    entries = [run.cache.outputs.entry(item.name) for item in result]
    store.sweep({str(key) for entry in entries for key in entry.get("parts", [])})
    return result


def _print_css(run: GuideRun) -> str:
    return print_css(run.sources.css["print"], run.settings, run.sources.pygments_css)


def _subject_pdfs(
    run: GuideRun, store: ChunkStore, jobs: list[tuple[GuidePlan, Claim]]
) -> set[str]:
    """Render the chunks no earlier run kept, then join each subject; the names written."""
    if not jobs:
        return set()
    css = _print_css(run)
    size = run.settings.pdf_chunk_size
    cut = {plan.key: split_chunks(plan.docnames, size) for plan, _claim in jobs}
    chunk_jobs = {plan.key: _chunk_jobs(run, plan, cut[plan.key], css) for plan, _ in jobs}
    _render_missing(run, store, [job for found in chunk_jobs.values() for job in found])
    numbers = PageNumbers(run.cache.parts_dir, css, render_pdf, run.cache.settings_key)
    written = set()
    try:
        for plan, claim in jobs:
            chunks = [_kept(store, job.key) for job in chunk_jobs[plan.key]]
            layout = SubjectLayout.of(cut[plan.key], chunks)
            front_html = front_document(plan, run.settings, layout.links, css)
            front_key = ChunkStore.key(front_html)
            front = store.get(front_key) or store.put(
                front_key, _render(run, [(front_key, front_html)])[front_key], []
            )
            anchors = [run.sources.chapter(docname).anchor for docname in plan.docnames]
            pages = layout.article_pages(front.pages)
            parts = [front_key] + [job.key for job in chunk_jobs[plan.key]]
            write = partial(join_subject, plan, front, chunks, layout, anchors, numbers)
            with progress_message(f"joining the PDF study guide {claim.name}"):
                changed = run.cache.store_written(claim, write, pages=pages, parts=parts)
            if changed:
                written.add(claim.name)
    finally:
        numbers.close()
    return written


@dataclass(frozen=True)
class ChunkJob:
    """A chunk of a subject PDF: its key, its chapters' anchors, how to write its HTML."""

    key: str
    anchors: list[str]
    document: Callable[[], str]


def _chunk_jobs(
    run: GuideRun, plan: GuidePlan, chunks: list[list[str]], css: str
) -> list[ChunkJob]:
    """Every chunk of a subject, keyed by all its print HTML depends on, without writing it."""
    chapters = run.sources.chapters(plan)
    chunk_of = {docname: n for n, docnames in enumerate(chunks) for docname in docnames}
    base = key_of(run.cache.settings_key, digest(css.encode()), plan.title)
    jobs = []
    for number, docnames in enumerate(chunks):

        def link(docname: str, number: int = number) -> str | None:
            if docname not in chunk_of:
                return run.sources.external(docname)
            anchor = chapters[docname].anchor
            return f"#{anchor}" if chunk_of[docname] == number else ARTICLE_LINK + anchor

        items = [chapters[docname] for docname in docnames]
        key = key_of(base, [(c.digest(), [link(t) for t in c.links]) for c in items])[:32]

        def document(items: list[Chapter] = items, link: Callable[..., str | None] = link) -> str:
            return chunk_document(plan, run.settings, items, link, run.sources.math.svg, css)

        jobs.append(ChunkJob(key, [c.anchor for c in items], document))
    return jobs


def _render_missing(run: GuideRun, store: ChunkStore, jobs: list[ChunkJob]) -> None:
    """Render and keep the chunks the store does not hold."""
    missing = {job.key: job for job in jobs if store.get(job.key) is None}
    rendered = _render(run, [(key, job.document()) for key, job in missing.items()])
    for key, job in missing.items():
        store.put(key, rendered[key], job.anchors)


def _kept(store: ChunkStore, key: str) -> Rendered:
    found = store.get(key)
    if found is None:  # removed while this run was rendering
        raise OSError(f"rendered PDF part {key} is missing")
    return found


def _render(run: GuideRun, jobs: list[tuple[str, str]]) -> dict[str, bytes]:
    """Render print documents to PDF, in parallel with ``-j``.

    With ``-j``, even one document is rendered in a worker process: WeasyPrint's memory (a
    large subject's contents takes hundreds of MB) is then given back when it ends.
    """
    if not jobs:
        return {}
    summary = "rendering PDF study guides... "
    app = run.app
    if not (parallel_available and app.parallel > 1):
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
