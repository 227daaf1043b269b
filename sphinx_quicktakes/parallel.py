"""Parse changed article files and render changed pages in ``-j`` worker processes.

Before Sphinx reads anything, the extension parses the article files the cache does not
know and converts their answers to MyST. On a fresh build of a large library that is the
longest step that runs in one process; with ``-j N`` it is split over ``N`` forked workers
(Sphinx's own :class:`~sphinx.util.parallel.ParallelTasks`), whose results fill the same
caches the serial path then reads from. Without ``-j``, nothing runs here and the serial
path does the work; small batches run in the main process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sphinx.util.parallel import ParallelTasks, make_chunks, parallel_available

from sphinx_quicktakes.articles.reader import article_files
from sphinx_quicktakes.cache import ArticleEntry, CachedReader
from sphinx_quicktakes.pages import PageBuilder

#: Below this many items a batch is not worth forking for.
MIN_BATCH = 64
T = TypeVar("T")
R = TypeVar("R")


def forks(nproc: int) -> bool:
    """True if ``-j`` asks for workers and this platform can fork them."""
    return nproc > 1 and parallel_available


def run_chunks(
    nproc: int,
    items: Sequence[T],
    work: Callable[[list[T]], R],
    merge: Callable[[R], None],
) -> None:
    """``merge(work(chunk))`` for chunks of ``items``, in ``nproc`` processes if worth it."""
    if not items:
        return
    if not forks(nproc) or len(items) < MIN_BATCH:
        merge(work(list(items)))
        return
    tasks = ParallelTasks(nproc)
    for chunk in make_chunks(list(items), nproc):  # type: ignore[arg-type]
        tasks.add_task(work, chunk, lambda _arg, result: merge(result))
    tasks.join()


def prefetch_articles(
    reader: CachedReader, folder: Path, ignore: Sequence[str], nproc: int
) -> None:
    """Parse the files ``reader`` does not know yet, so that it answers from memory."""
    if not forks(nproc):
        return  # the serial pass reads each file once anyway
    files = article_files(folder, ignore)
    missing = [(path, source) for path, source in files if not reader.knows(path, source)]

    def parse(chunk: list[tuple[Path, str]]) -> list[tuple[str, ArticleEntry, int]]:
        done = []
        for path, source in chunk:
            before = reader.parsed
            try:
                done.append((source, reader.parse(path, source), reader.parsed - before))
            except OSError:
                continue  # read again, and reported, by the serial pass
        return done

    def keep(entries: list[tuple[str, ArticleEntry, int]]) -> None:
        for source, entry, parsed in entries:
            reader.previous[source] = entry
            reader.parsed += parsed

    run_chunks(nproc, missing, parse, keep)


def prerender_pages(builder: PageBuilder, nproc: int) -> None:
    """Render the article pages ``builder`` cannot reuse, filling its memos."""
    if not forks(nproc):
        return  # the serial pass renders each page once anyway
    library = builder.library
    stale = [
        name
        for name in library.articles
        if builder.writes(library.subject_of(name).slug) and not builder.is_reusable(name)
    ]

    def render(chunk: list[str]) -> list[tuple[str, Any, Any, Any]]:
        done = []
        for docname in chunk:
            builder.article_page(docname)
            answer_key = (docname, builder.library.articles[docname].answer)
            done.append((docname, builder.memo.get(docname), builder.answers.get(answer_key),
                         builder.texts.get(docname)))  # fmt: skip
        return done

    def keep(done: list[tuple[str, Any, Any, Any]]) -> None:
        for docname, page, answer, text in done:
            if page is not None:
                builder.memo[docname] = page
            if answer is not None:
                builder.answers[(docname, builder.library.articles[docname].answer)] = answer
            if text is not None:
                builder.texts[docname] = text

    run_chunks(nproc, stale, render, keep)
