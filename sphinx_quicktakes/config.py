"""Every ``quicktakes_*`` option, held in one validated dataclass."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinx_quicktakes.articles.rules import LIBRARY_ROOT, SORT_ORDERS
from sphinx_quicktakes.config_validators import (
    BOOL,
    PREFIX,
    STR,
    Validator,
    css_font_family,
    css_paper_size,
    guide_title_template,
    http_url_or_empty,
    instance_of,
    list_of_str,
    non_negative_int,
    one_of,
    positive_int,
    subset_of,
    title_template,
)
from sphinx_quicktakes.search.layout import DEFAULT_PART_PAGES
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

__all__ = ["DEPRECATED", "NAVIGATION_LEVELS", "PREFIX", "QuickTakesConfig"]

#: Values of ``quicktakes_html_navigation``, from the least listed to the most.
NAVIGATION_LEVELS = ("library", "subjects", "articles")
#: Options no longer used, and what to set instead (a warning, not an error).
DEPRECATED = {
    "toctree_limit": f"set {PREFIX}html_navigation to 'library', 'subjects' or 'articles' instead",
}

#: Sphinx ``rebuild`` value of the options only the study guides read: changing one re-reads
#: and re-generates no page (the guides' own cache sees the change).
GUIDE_ONLY = ""


def _option(
    default: Any,
    help: str,
    validator: Validator,
    rebuild: str = "env",
    factory: bool = False,
    fallback: str = "",
) -> Any:
    """A field: default, help text, validator, Sphinx ``rebuild`` value, and the Sphinx
    option whose value an empty value falls back to."""
    metadata = {"help": help, "validator": validator, "rebuild": rebuild, "fallback": fallback}
    if factory:
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass
class QuickTakesConfig:
    """Options of sphinx-quicktakes, set in ``conf.py`` as ``quicktakes_<name>``."""

    # --- content and pages --------------------------------------------------
    content_dir: str = _option(
        "content",
        "Folder of article files, relative to the folder of ``conf.py``; read recursively "
        "(``**/*.md``). When it lies inside the source folder its raw files are excluded.",
        STR,
    )
    base_url: str = _option(
        "",
        "Public root of the site (``https://example.org/``) for absolute links, canonical "
        "URLs, ``og:url``, the sitemap and the feeds. Defaults to ``html_baseurl``; without "
        "either, those are left out with one warning.",
        http_url_or_empty,
        fallback="html_baseurl",
    )
    library_title: str = _option("Library", "Title of the library index ``learn/index``.", STR)
    library_description: str = _option(
        "", "Introduction shown on the library index and used as its description.", STR
    )
    subjects: list[str] = _option(
        [], "Subject slugs to publish; empty publishes every subject.", list_of_str, factory=True
    )
    exclude_subjects: list[str] = _option(
        [], "Subject slugs never to publish.", list_of_str, factory=True
    )
    sort: str = _option(
        "date-desc",
        "Order of questions on subject pages: ``date-desc`` (newest first), ``date-asc``, "
        "``title`` or ``id``.",
        one_of(*SORT_ORDERS),
    )
    date_format: str = _option(
        "MMM DD, YYYY",
        "Date format (moment-style tokens) for articles that set no ``date_format``.",
        STR,
    )
    post_on_text: str = _option(
        "Posted on", "Byline prefix for articles that set no ``post_on_text``.", STR
    )
    related_title: str = _option(
        "Related questions", "Heading above the related-question cards.", STR
    )
    html_navigation: str = _option(
        "library",
        "What the HTML navigation (the sidebar) lists of the library: ``library`` (its index "
        "only), ``subjects`` (and each subject page) or ``articles`` (and every article). "
        "Themes such as furo render the whole navigation into every page, so each level "
        "listed makes every page bigger and slower to build as the library grows; the "
        "default keeps build time linear. Subject pages and articles are always reached "
        "from the library's cards, and books (EPUB, LaTeX, ``singlehtml``) list them all.",
        one_of(*NAVIGATION_LEVELS),
    )
    flashcards: bool = _option(
        True,
        "Write flashcards pages for each subject (``learn/<subject>/flashcards``, then "
        "``flashcards-2``...): every question with its answer behind a native "
        "``<details>``, linked from the subject page and listed in the sitemap.",
        BOOL,
    )
    flashcards_per_page: int = _option(
        100, "Cards per flashcards page; larger subjects get more pages.", positive_int
    )
    subject_page_size: int = _option(
        100,
        "Cards per page of a subject's listing. Page 1 stays at the subject's URL, the "
        "others are ``learn/<subject>/page-2``, ``page-3``, ... with numbered navigation, "
        "``rel=prev/next`` links and sitemap entries; ``0`` lists every question on one page.",
        non_negative_int,
    )
    trusted_content: bool = _option(
        False,
        "Treat answers as trusted MyST (directives, roles and raw HTML run). Off by default: "
        "answers are plain Markdown and anything else is shown as written.",
        BOOL,
    )
    math_renderer: str = _option(
        "mathml",
        "How HTML pages show math: ``mathml`` (converted at build time, no JavaScript and no "
        "network; a formula that cannot be converted is shown as its TeX source with a "
        "warning) or ``mathjax`` (Sphinx's MathJax from its CDN). A project that sets "
        "``html_math_renderer`` keeps its choice.",
        one_of("mathml", "mathjax"),
    )

    # --- SEO ----------------------------------------------------------------
    site_name: str = _option(
        "", "Site name for OpenGraph, JSON-LD and feeds; defaults to ``project``.", STR, "html"
    )
    title_template: str = _option(
        "{question} | {seo_title}",
        "Template of the article ``<title>``: fields ``{question}``, ``{seo_title}``, "
        "``{subject}``, ``{site_name}``. Separators around an empty field are dropped and a "
        "title another page already has gets `` (2)``; the theme may append its suffix "
        "(``html_title``).",
        title_template,
        "html",
    )
    image: str = _option(
        "",
        "Default ``og:image``/``twitter:image``: an absolute URL, or a path relative to the "
        "base URL.",
        STR,
        "html",
    )
    image_alt: str = _option("", "Alternative text of the default image.", STR, "html")
    twitter_site: str = _option("", "Twitter/X account of the site (``@name``).", STR, "html")
    seo: bool = _option(
        True,
        "Write titles, meta tags (description, OpenGraph, Twitter), canonical links and JSON-LD "
        "on library pages (``html`` and ``dirhtml`` builders).",
        BOOL,
        "html",
    )
    sitemap: bool = _option(
        True,
        "Write ``sitemap.xml`` of the library pages (not when ``sphinx_sitemap`` is loaded or "
        "``html_extra_path`` ships one) and a ``robots.txt`` naming it (unless one is shipped).",
        BOOL,
        "html",
    )
    article_schema: str = _option(
        "qapage",
        "Structured data of article pages: ``qapage`` (a ``QAPage``), ``article`` (an "
        "``Article``/``LearningResource`` about the question) or ``none``. See "
        "*Studying* in the docs for Google's eligibility rules of each.",
        one_of("qapage", "article", "none"),
        "html",
    )
    ai_generated_answers: bool = _option(
        False,
        "Declare in the structured data that answers were written with generative AI "
        "(``digitalSourceType`` ``TrainedAlgorithmicMediaDigitalSource``).",
        BOOL,
        "html",
    )
    feeds: bool = _option(
        True,
        "Write Atom feeds ``learn/atom.xml`` (library) and ``learn/<subject>/atom.xml``.",
        BOOL,
        "html",
    )
    feed_length: int = _option(20, "Newest articles per feed.", positive_int, "html")

    # --- search -------------------------------------------------------------
    search: str = _option(
        "pagefind",
        "How the library is searched. ``pagefind`` (default): library pages leave Sphinx's "
        "``searchindex.js`` and are indexed by Pagefind after each ``html``/``dirhtml`` build "
        "into ``_pagefind/``, in chunks, so a query downloads a few hundred KB whatever the "
        "library's size; the library index and subject pages get a search box with a subject "
        "filter, and Sphinx's search page keeps searching the rest of the docs. ``sphinx``: "
        "Sphinx's built-in search holds every page, library included (one ``searchindex.js`` "
        "that grows with the library). See :doc:`search`.",
        one_of("pagefind", "sphinx"),
    )
    search_part_pages: int = _option(
        DEFAULT_PART_PAGES,
        "The most pages Pagefind indexes in one run for the *All subjects* search. A larger "
        "library is indexed in parts of whole subjects (``_pagefind/library/``, "
        "``library-2/``, ...) that the search box joins, because Pagefind's memory grows "
        "with the pages of one run: about 45 KB a page, so the default keeps it under 1 GB. "
        "See :doc:`search`.",
        positive_int,
        rebuild="",  # read after the build: the search folder's digests see a change
    )

    # --- study guides -------------------------------------------------------
    html_guides: bool = _option(
        True,
        "Also build the study guides with the ``html``/``dirhtml`` builders, into "
        "``<outdir>/_downloads/quicktakes/``, and show download buttons (format and size) on "
        "the library and subject pages. ``sphinx-build -b studyguide`` builds them alone.",
        BOOL,
    )
    guide_formats: list[str] = _option(
        ["epub", "pdf", "apkg"],
        "Study-guide formats to build: ``epub`` (EPUB 3), ``pdf`` and ``apkg`` (an Anki "
        "deck of the guide's questions).",
        subset_of("epub", "pdf", "apkg"),
        factory=True,
        rebuild=GUIDE_ONLY,
    )
    guide_subjects: list[str] = _option(
        [],
        "Subject slugs that get guides; empty means all. The library guide holds these "
        "subjects, one part each.",
        list_of_str,
        factory=True,
        rebuild=GUIDE_ONLY,
    )
    guide_title_template: str = _option(
        "{subject}: Study Guide",
        "Title of a subject guide; fields ``{subject}``, ``{count}`` (questions) and "
        "``{site_name}``.",
        guide_title_template,
        rebuild=GUIDE_ONLY,
    )
    guide_library_title: str = _option(
        "",
        "Title of the whole-library guide; defaults to the library title.",
        STR,
        rebuild=GUIDE_ONLY,
    )
    guide_cover_image: str = _option(
        "",
        "Cover image (PNG, JPEG or GIF) of every guide, relative to the source folder.",
        STR,
        rebuild=GUIDE_ONLY,
    )
    guide_paper_size: str = _option(
        "A4",
        "Paper size of the PDF guides (CSS ``size``: ``A4``, ``letter``, ...).",
        css_paper_size,
        rebuild=GUIDE_ONLY,
    )
    guide_font_family: str = _option(
        "DejaVu Serif, serif",
        "Body font family of the PDF guides (a CSS ``font-family`` list of installed "
        "fonts; they are embedded). EPUB guides use the reader's fonts.",
        css_font_family,
        rebuild=GUIDE_ONLY,
    )
    guide_pdf_chunk_size: int = _option(
        50,
        "Articles a subject's PDF guide renders at a time, on average (never more than twice "
        "as many). Each chunk is kept between builds, so an edited answer renders one chunk "
        "again; a larger chunk renders a little faster and takes more memory.",
        positive_int,
        rebuild=GUIDE_ONLY,
    )
    accessibility_summary: str = _option(
        "",
        "Accessibility summary of the EPUB guides (``schema:accessibilitySummary``), written "
        "for readers; empty uses a summary written from each guide's content (what it holds: "
        "MathML, tables, a cover picture).",
        STR,
        rebuild=GUIDE_ONLY,
    )
    accessibility_certified_by: str = _option(
        "",
        "Who checked the guides' accessibility, written as ``a11y:certifiedBy`` in each EPUB; "
        "empty writes none.",
        STR,
        rebuild=GUIDE_ONLY,
    )

    # --- sharded builds -----------------------------------------------------
    shard: dict[str, Any] = _option(
        {},
        "Set by ``sphinx-quicktakes build``, never by hand: the part of the library this "
        "build makes (see Large libraries). Empty builds the whole library.",
        instance_of(dict),
        factory=True,
    )

    @classmethod
    def options(cls) -> Iterator[dataclasses.Field[Any]]:
        """The option fields in declaration order."""
        yield from dataclasses.fields(cls)

    def page_options(self) -> dict[str, Any]:
        """The options pages are made from: every option but the guide-only ones."""
        return {
            option.name: getattr(self, option.name)
            for option in self.options()
            if option.metadata["rebuild"] != GUIDE_ONLY
        }

    @classmethod
    def from_sphinx(cls, config: Config, location: str) -> QuickTakesConfig:
        """Read and validate every option.

        An invalid value stops the build with a ``ConfigError`` naming the option; a
        deprecated option set in the project gets a warning at ``location`` (``path:line``).
        """
        values: dict[str, Any] = {}
        for option in cls.options():
            value = getattr(config, PREFIX + option.name)
            if not value and option.metadata["fallback"]:
                value = getattr(config, option.metadata["fallback"]) or value
            try:
                option.metadata["validator"](option.name, value)
            except ValueError as error:
                raise ConfigError(f"sphinx-quicktakes: {error}") from None
            values[option.name] = list(value) if isinstance(value, tuple) else value
        for name, advice in DEPRECATED.items():
            if PREFIX + name in config._raw_config:
                warn(
                    f"{PREFIX}{name} is no longer used: {advice}",
                    QuickTakesWarning.CONFIG,
                    location=location,
                )
        return cls(**values)

    def content_path(self, confdir: Path, srcdir: Path) -> Path:
        """The content folder; a ``ConfigError`` if it overlaps the generated pages."""
        content_dir = (confdir / self.content_dir).resolve()
        generated = srcdir.resolve() / LIBRARY_ROOT
        if (
            content_dir == generated
            or content_dir.is_relative_to(generated)
            or generated.is_relative_to(content_dir)
        ):
            raise ConfigError(
                f"{PREFIX}content_dir ({content_dir}) must not overlap the generated folder "
                f"{generated}; keep articles in their own folder"
            )
        return content_dir
