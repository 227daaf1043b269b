"""The library's MyST pages: read the content folder, write the pages that changed.

Runs when the builder is set up. When neither the content nor the options changed since the
last build, the pages are in place and the library is read only if a feature asks for it.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from sphinx_quicktakes import cache
from sphinx_quicktakes.articles import Library, build_library
from sphinx_quicktakes.articles.library import IGNORED_NAMES
from sphinx_quicktakes.articles.model import Problem
from sphinx_quicktakes.articles.reader import ArticleReader
from sphinx_quicktakes.articles.rules import LIBRARY_ROOT
from sphinx_quicktakes.flashcards.pages import url_collisions
from sphinx_quicktakes.pages import PageBuilder
from sphinx_quicktakes.parallel import prefetch_articles, prerender_pages
from sphinx_quicktakes.shards.shared import shared_library
from sphinx_quicktakes.shards.spec import shard_of
from sphinx_quicktakes.state import QuickTakesState, get_state
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn
from sphinx_quicktakes.writer import FileState, sync_pages


def load_library(state: QuickTakesState, read: ArticleReader | None = None) -> Library:
    """Read the content folder with the project's options."""
    options = state.config
    return build_library(
        state.content_dir,
        sort=options.sort,
        include=options.subjects,
        exclude=options.exclude_subjects,
        ignore=IGNORED_NAMES,
        read=read,
    )


def prepare_pages(app: Sphinx) -> None:
    """Read the articles, report problems, and write the library's MyST pages."""
    state = get_state(app)
    generated = Path(app.srcdir) / LIBRARY_ROOT
    cache_dir = Path(app.doctreedir)
    settings_key = repr([state.config.page_options(), state.settings])
    key = cache.fingerprint(state.content_dir, [settings_key])
    state.library_key = key
    summary = cache.load(cache_dir)
    if summary.is_current(key, generated):
        # Nothing changed: the pages are in place; load the library only if asked for.
        state.load_library_later(lambda: _stored_library(cache_dir, key) or _read_library(app))
        _report(summary.problems, app)
    else:
        _update_pages(app, state, generated, settings_key, summary)


def _read_library(app: Sphinx) -> Library:
    """The library of a no-change build that asks for it: the plan's in a shard, else read
    (every file parsed again: this is rare)."""
    shared = _shared_library(app)
    return shared[0] if shared else load_library(get_state(app))


def _stored_library(cache_dir: Path, key: str) -> Library | None:
    stored = cache.load_library(cache_dir)
    return stored.library if stored.key == key else None


def _shared_library(app: Sphinx) -> tuple[Library, cache.ArticleEntries] | None:
    """In a shard, the library its plan read (kept current by the plan), with the articles
    of the shard's subjects whole; else None.

    A subject shard gets the answers of its own subjects only; the site shard gets them all
    (the library's guides hold them, and the records it imports were made from them). A
    shard keeps no copy of them, nor of the library: every shard of a large library would
    write the whole of it again.
    """
    shard = shard_of(app)
    if shard is None or not shard.entries:
        return None
    return shared_library(Path(shard.entries), None if shard.is_site else shard.subjects)


def _reports_problems(app: Sphinx) -> bool:
    """False in a subject shard: every shard reads the whole library, and the site shard
    alone reports its problems."""
    shard = shard_of(app)
    return shard is None or shard.is_site


def _report(problems: list[Problem], app: Sphinx) -> None:
    if not _reports_problems(app):
        return
    for problem in problems:
        warn(problem.message, problem.subtype, location=f"{problem.path}:{problem.line}")


def _update_pages(
    app: Sphinx,
    state: QuickTakesState,
    generated: Path,
    settings_key: str,
    summary: cache.BuildCache,
) -> None:
    """Read changed files, write changed pages, and keep both for the next build."""
    cache_dir = Path(app.doctreedir)
    previous = cache.load_library(cache_dir)
    shard = shard_of(app)
    shared = _shared_library(app)
    if shared is None:
        reader = cache.CachedReader(previous.entries)
        prefetch_articles(reader, state.content_dir, IGNORED_NAMES, app.parallel)
        library = load_library(state, reader)
        entries = reader.entries
    else:
        library, entries = shared
    state.library = library
    reports = _reports_problems(app)
    problems = (
        library.problems + library.unlinked_related(state.content_dir, state.config.base_url)
        if reports
        else []
    )
    same = summary.settings == settings_key
    builder = PageBuilder(
        library,
        state.settings,
        answers=previous.answers if same else {},
        memo=previous.pages if same else {},
        digests=cache.entry_digests(entries),
        owned=shard.subjects if shard else None,
    )
    if reports:
        problems += url_collisions(builder, str(state.content_dir))
        _report(problems, app)
    prerender_pages(builder, app.parallel)
    files = _write_pages(generated, builder, summary.files)
    state.answer_texts = builder.texts
    if files is None:
        return
    answers = builder.answers
    kept = {k: answers[k] for k in _answer_keys(library) if k in answers}
    pages = {name: builder.memo[name] for name in library.articles if name in builder.memo}
    cache.save(
        cache_dir,
        cache.BuildCache(
            key=state.library_key,
            settings=settings_key,
            manifest=cache.manifest_state(generated),
            files=files,
            problems=problems,
        ),
        cache.LibraryCache(
            state.library_key,
            library if shared is None else None,
            entries if shared is None else {},
            kept,
            pages,
        ),
    )


def _answer_keys(library: Library) -> list[tuple[str, str]]:
    return [(docname, article.answer) for docname, article in library.articles.items()]


def _write_pages(
    generated: Path, builder: PageBuilder, known: dict[str, FileState]
) -> dict[str, FileState] | None:
    """Write the pages; the files in place, or None if some could not be written."""
    result = sync_pages(generated, builder.files(), known)
    for relpath, reason in result.refused:
        warn(
            f"generated page {LIBRARY_ROOT}/{relpath} not written: {reason}",
            QuickTakesWarning.COLLISION,
            location=f"{generated / relpath}:1",
        )
    return None if result.refused else result.stats


def count_pages_read(app: Sphinx, env: object, docnames: list[str]) -> None:
    """Note how many pages this build reads."""
    get_state(app).pages_read = len(docnames)
