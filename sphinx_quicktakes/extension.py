"""Sphinx wiring: options, page generation, per-page data, static assets."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinx_quicktakes import cache
from sphinx_quicktakes.articles import Library, build_library
from sphinx_quicktakes.articles.library import IGNORED_NAMES
from sphinx_quicktakes.articles.model import Problem
from sphinx_quicktakes.articles.reader import ArticleReader
from sphinx_quicktakes.articles.rules import LIBRARY_ROOT, is_web_url
from sphinx_quicktakes.cards import setup_cards
from sphinx_quicktakes.config import PREFIX, QuickTakesConfig
from sphinx_quicktakes.domain import QuickTakesDomain, get_domain
from sphinx_quicktakes.downloads import setup_downloads
from sphinx_quicktakes.flashcards import setup_flashcards
from sphinx_quicktakes.flashcards.pages import url_collisions
from sphinx_quicktakes.guides import setup_guides
from sphinx_quicktakes.html_math import setup_html_math
from sphinx_quicktakes.pager import setup_pager
from sphinx_quicktakes.pages import LIBRARY_DOCNAME, PageBuilder, PageSettings
from sphinx_quicktakes.parallel import prefetch_articles, prerender_pages
from sphinx_quicktakes.records import page_record
from sphinx_quicktakes.relations import setup_relations
from sphinx_quicktakes.search import setup_search
from sphinx_quicktakes.seo import setup_seo
from sphinx_quicktakes.state import QuickTakesState, get_state, set_state
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn
from sphinx_quicktakes.writer import FileState, sync_pages

STATIC_DIR = Path(__file__).parent / "static"
MYST_EXTENSIONS = ("dollarmath", "colon_fence")


def setup_extension(app: Sphinx) -> None:
    """Register options, events, the domain and directives of the extension."""
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    for option in QuickTakesConfig.options():
        default = option.default_factory() if callable(option.default_factory) else option.default
        app.add_config_value(
            PREFIX + option.name,
            default,
            option.metadata["rebuild"],
            types=frozenset(
                {type(default), list, tuple} if isinstance(default, list) else {type(default)}
            ),
            description=option.metadata["help"],
        )
    app.add_domain(QuickTakesDomain)
    setup_cards(app)
    setup_downloads(app)
    setup_pager(app)
    setup_guides(app)
    setup_seo(app)
    setup_relations(app)
    setup_search(app)
    setup_html_math(app)
    setup_flashcards(app)
    app.connect("config-inited", on_config_inited, priority=400)
    app.connect("builder-inited", on_builder_inited, priority=400)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("doctree-read", on_doctree_read)


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Validate options, enable the MyST syntax the pages use, exclude raw content."""
    try:
        options = QuickTakesConfig.from_sphinx(config)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"sphinx-quicktakes: {error}") from None
    if not options.base_url:
        options.base_url = str(config.html_baseurl or "")
    if options.base_url and not is_web_url(options.base_url):
        raise ConfigError(
            f"{PREFIX}base_url must be an absolute http(s) URL, not {options.base_url!r}"
        )
    content_dir = (Path(app.confdir) / options.content_dir).resolve()
    srcdir = Path(app.srcdir).resolve()
    generated = srcdir / LIBRARY_ROOT
    if (
        content_dir == generated
        or content_dir.is_relative_to(generated)
        or generated.is_relative_to(content_dir)
    ):
        raise ConfigError(
            f"{PREFIX}content_dir ({content_dir}) must not overlap the generated folder "
            f"{generated}; keep articles in their own folder"
        )
    if content_dir.is_relative_to(srcdir):
        pattern = content_dir.relative_to(srcdir).as_posix() + "/**"
        if pattern not in config.exclude_patterns:
            config.exclude_patterns = [*config.exclude_patterns, pattern]
    enabled = config.myst_enable_extensions
    missing = [name for name in MYST_EXTENSIONS if name not in enabled]
    if missing:
        config.myst_enable_extensions = (
            enabled | set(missing) if isinstance(enabled, set) else [*enabled, *missing]
        )
    if PREFIX + "toctree_limit" in config._raw_config:
        warn(
            f"{PREFIX}toctree_limit is no longer used: set {PREFIX}html_navigation to "
            "'library', 'subjects' or 'articles' instead",
            QuickTakesWarning.CONFIG,
            location=str(Path(app.confdir) / "conf.py"),
        )
    settings = PageSettings(
        library_title=options.library_title,
        library_description=options.library_description,
        base_url=options.base_url,
        language=config.language,
        date_format=options.date_format,
        post_on_text=options.post_on_text,
        related_title=options.related_title,
        trusted_content=options.trusted_content,
        navigation=options.html_navigation,
        flashcards=options.flashcards,
        flashcards_per_page=options.flashcards_per_page,
        subject_page_size=options.subject_page_size,
    )
    set_state(app, QuickTakesState(options, content_dir, settings))


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


def on_builder_inited(app: Sphinx) -> None:
    """Read the articles, report problems, and write the library's MyST pages."""
    state = get_state(app)
    generated = Path(app.srcdir) / LIBRARY_ROOT
    cache_dir = Path(app.doctreedir)
    settings_key = repr([state.config, state.settings])
    key = cache.fingerprint(state.content_dir, [settings_key])
    state.library_key = key
    summary = cache.load(cache_dir)
    if summary.is_current(key, generated):
        # Nothing changed: the pages are in place; load the library only if asked for.
        state._load = lambda: _stored_library(cache_dir, key) or load_library(state)
        _report(state, summary.problems)
    else:
        _update_pages(app, state, generated, settings_key, summary)
    if app.builder.format == "html":
        static = str(STATIC_DIR)
        if static not in app.config.html_static_path:
            app.config.html_static_path.append(static)
        app.add_css_file("quicktakes.css")


def _stored_library(cache_dir: Path, key: str) -> Library | None:
    stored = cache.load_library(cache_dir)
    return stored.library if stored.key == key else None


def _report(state: QuickTakesState, problems: list[Problem]) -> None:
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
    reader = cache.CachedReader(previous.entries)
    prefetch_articles(reader, state.content_dir, IGNORED_NAMES, app.parallel)
    library = load_library(state, reader)
    state.library = library
    problems = library.problems + library.unlinked_related(state.content_dir, state.config.base_url)
    same = summary.settings == settings_key
    builder = PageBuilder(
        library,
        state.settings,
        answers=previous.answers if same else {},
        memo=previous.pages if same else {},
        digests=reader.digests(),
    )
    problems += url_collisions(builder, str(state.content_dir))
    _report(state, problems)
    prerender_pages(builder, app.parallel)
    files = _write_pages(generated, builder, summary.files)
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
        cache.LibraryCache(state.library_key, library, reader.entries, kept, pages),
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


def on_env_before_read_docs(app: Sphinx, env: object, docnames: list[str]) -> None:
    """Note how many pages this build reads."""
    get_state(app).pages_read = len(docnames)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Store the library record of the page just read."""
    state = get_state(app)
    docname = app.env.docname
    if state.library is None or not (
        docname == LIBRARY_DOCNAME or docname.startswith(LIBRARY_ROOT + "/")
    ):
        return
    record = page_record(docname, state.library, state.settings)
    if record is not None:
        get_domain(app.env).note_page(docname, record)
