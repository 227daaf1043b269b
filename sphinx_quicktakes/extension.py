"""Sphinx wiring: options, page generation, per-page data, static assets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinx_quicktakes import cache
from sphinx_quicktakes.articles import Library, build_library
from sphinx_quicktakes.articles.library import IGNORED_NAMES
from sphinx_quicktakes.articles.reader import ArticleReader
from sphinx_quicktakes.articles.slugs import LIBRARY_ROOT
from sphinx_quicktakes.cards import setup_cards
from sphinx_quicktakes.config import PREFIX, QuickTakesConfig
from sphinx_quicktakes.domain import QuickTakesDomain, get_domain
from sphinx_quicktakes.downloads import setup_downloads
from sphinx_quicktakes.guides import setup_guides
from sphinx_quicktakes.pages import LIBRARY_DOCNAME, AnswerMemo, PageBuilder, PageSettings
from sphinx_quicktakes.records import page_record
from sphinx_quicktakes.relations import setup_relations
from sphinx_quicktakes.seo import setup_seo
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn
from sphinx_quicktakes.writer import sync_pages

STATIC_DIR = Path(__file__).parent / "static"
MYST_EXTENSIONS = ("dollarmath", "colon_fence")


@dataclass
class QuickTakesState:
    """Per-application state: validated options and the library read this build."""

    config: QuickTakesConfig
    content_dir: Path
    settings: PageSettings
    library: Library | None = None
    #: The library's cache key: content files and options.
    library_key: str = ""
    #: Pages Sphinx reads in this build.
    pages_read: int = 0


def get_state(app: Sphinx) -> QuickTakesState:
    """The state set up when the configuration was read."""
    state: QuickTakesState = app._quicktakes_state  # type: ignore[attr-defined]
    return state


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
    setup_guides(app)
    setup_seo(app)
    setup_relations(app)
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
    if options.base_url and not options.base_url.startswith(("http://", "https://")):
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
    settings = PageSettings(
        library_title=options.library_title,
        library_description=options.library_description,
        base_url=options.base_url,
        language=config.language,
        date_format=options.date_format,
        post_on_text=options.post_on_text,
        related_title=options.related_title,
        trusted_content=options.trusted_content,
    )
    app._quicktakes_state = QuickTakesState(options, content_dir, settings)  # type: ignore[attr-defined]


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
    stored = cache.load(cache_dir)
    reader = cache.CachedReader(stored.articles)
    library = stored.reusable_library(key, generated)
    if library is not None:
        unlinked = stored.unlinked
    else:
        library = load_library(state, reader)
        unlinked = library.unlinked_related(state.content_dir, state.config.base_url)
    state.library = library
    state.library_key = key
    state.settings = replace(
        state.settings, toctree=0 < len(library.articles) <= state.config.toctree_limit
    )
    for problem in library.problems + unlinked:
        warn(problem.message, problem.subtype, location=f"{problem.path}:{problem.line}")
    if stored.library is not library:
        answers = stored.answers if stored.settings == settings_key else {}
        files = _write_pages(app, state, library, generated, answers)
        if files is not None:
            fresh = cache.BuildCache(
                key=key,
                settings=settings_key,
                manifest=cache.manifest_state(generated),
                library=library,
                unlinked=unlinked,
                files=files,
                articles=reader.entries,
                answers={k: answers[k] for k in _answer_keys(library) if k in answers},
            )
            cache.save(cache_dir, fresh)
    if app.builder.format == "html":
        static = str(STATIC_DIR)
        if static not in app.config.html_static_path:
            app.config.html_static_path.append(static)
        app.add_css_file("quicktakes.css")


def _answer_keys(library: Library) -> list[tuple[str, str]]:
    return [(docname, article.answer) for docname, article in library.articles.items()]


def _write_pages(
    app: Sphinx,
    state: QuickTakesState,
    library: Library,
    generated: Path,
    answers: AnswerMemo,
) -> list[str] | None:
    """Write the pages; the files written, or None if some could not be."""
    builder = PageBuilder(library, state.settings, answers)
    result = sync_pages(generated, builder.files())
    for relpath, reason in result.refused:
        warn(
            f"generated page {LIBRARY_ROOT}/{relpath} not written: {reason}",
            QuickTakesWarning.COLLISION,
            location=f"{generated / relpath}:1",
        )
    return None if result.refused else result.written + result.unchanged


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
