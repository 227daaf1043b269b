"""The library PDF: its contents rendered, then every subject PDF joined after it on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.util.display import progress_message

from sphinx_quicktakes.guides.cache import GuideFile, file_name
from sphinx_quicktakes.guides.chapters import chapter_anchor
from sphinx_quicktakes.guides.context import GuideRun
from sphinx_quicktakes.guides.pdf import (
    article_pages,
    library_front_document,
    print_css,
    render_pdf,
)
from sphinx_quicktakes.guides.pdf_subject import ChunkStore
from sphinx_quicktakes.guides.pdfstream import PAGE_LINK, stream_join
from sphinx_quicktakes.guides.plan import GuidePlan
from sphinx_quicktakes.outputs import Claim, digest, key_of
from sphinx_quicktakes.pages import public_url

FORMAT = "pdf"


def library_pdf(
    run: GuideRun, store: ChunkStore, plan: GuidePlan, subjects: list[GuidePlan]
) -> GuideFile:
    """The library's PDF: a front part joined to the subject PDFs, redone when one changed."""
    found = [run.subject_pdf(file_name(subject, FORMAT)) for subject in subjects]
    paths, parts = [path for path, _ in found], [entry for _, entry in found]
    quick = key_of(run.cache.settings_key, FORMAT, plan.describe(), [p["quick"] for p in parts])

    def content() -> str:
        hashes = [digest(path.read_bytes()) for path in paths]
        return key_of(run.cache.settings_key, FORMAT, plan.describe(), hashes)

    claim = run.cache.outputs.claim(file_name(plan, FORMAT), content, quick)
    written = False
    if not claim.current:
        with progress_message("joining the library PDF study guide"):
            written = _join(run, store, plan, subjects, claim, paths, parts)
    return run.cache.guide_file(plan, FORMAT, written)


def _join(
    run: GuideRun,
    store: ChunkStore,
    plan: GuidePlan,
    subjects: list[GuidePlan],
    claim: Claim,
    paths: list[Path],
    entries: list[dict[str, Any]],
) -> bool:
    pages = []
    for subject, path, entry in zip(subjects, paths, entries, strict=True):
        stored = entry.get("pages")
        if not isinstance(stored, list) or len(stored) != len(subject.docnames):
            anchors = [run.sources.chapter(d).anchor for d in subject.docnames]
            stored = article_pages(path.read_bytes(), anchors)[1]
        pages.append(stored)
    css = print_css(run.sources.css["print"], run.settings, run.sources.pygments_css)
    document = library_front_document(plan, run.settings, css)
    key = ChunkStore.key(document)
    # Kept: its contents list the parts, so an edit leaves it as it was.
    front = (store.get(key) or store.put(key, render_pdf(document), [])).data
    targets: dict[str, tuple[int, int]] = {}
    titles: dict[str, str] = {}
    for number, (part, subject, part_pages) in enumerate(
        zip(plan.parts, subjects, pages, strict=True)
    ):
        titles[f"{PAGE_LINK}{number}:0"] = part.name
        for article, docname, page in zip(part.articles, subject.docnames, part_pages, strict=True):
            titles[f"{PAGE_LINK}{number}:{page}"] = article.question
            if run.settings.base_url:
                targets[public_url(run.settings.base_url, docname)] = (number, page)
    named = [(part.name, path) for part, path in zip(plan.parts, paths, strict=True)]
    # One named destination an article (its chapter), not one a heading: 36,000 articles
    # would make hundreds of thousands, more than some readers accept.
    kept = {chapter_anchor(docname) for subject in subjects for docname in subject.docnames}
    return run.cache.store_written(
        claim, lambda out: stream_join(out, front, named, targets, titles, kept), parts=[key]
    )
