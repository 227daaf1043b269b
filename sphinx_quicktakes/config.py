"""Every ``quicktakes_*`` option, held in one validated dataclass."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

PREFIX = "quicktakes_"
#: Values of ``quicktakes_html_navigation``, from the least listed to the most.
NAVIGATION_LEVELS = ("library", "subjects", "articles")

Validator = Callable[[str, Any], None]


def _instance_of(*types: type) -> Validator:
    def check(name: str, value: Any) -> None:
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            expected = " or ".join(t.__name__ for t in types)
            raise TypeError(f"{PREFIX}{name} must be {expected}, not {type(value).__name__}")

    return check


def _one_of(*choices: str) -> Validator:
    def check(name: str, value: Any) -> None:
        if value not in choices:
            raise ValueError(f"{PREFIX}{name} must be one of {', '.join(map(repr, choices))}")

    return check


def _list_of_str(name: str, value: Any) -> None:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{PREFIX}{name} must be a list of strings")


def _subset_of(*choices: str) -> Validator:
    def check(name: str, value: Any) -> None:
        _list_of_str(name, value)
        unknown = sorted(set(value) - set(choices))
        if unknown:
            raise ValueError(f"{PREFIX}{name}: unknown value(s) {unknown}; use {list(choices)}")

    return check


def _positive_int(name: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{PREFIX}{name} must be a positive integer")


def _non_negative_int(name: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{PREFIX}{name} must be a whole number, 0 or more")


def _option(
    default: Any,
    help: str,
    validator: Validator,
    rebuild: str = "env",
    factory: bool = False,
) -> Any:
    metadata = {"help": help, "validator": validator, "rebuild": rebuild}
    if factory:
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


_STR = _instance_of(str)
_BOOL = _instance_of(bool)


@dataclass
class QuickTakesConfig:
    """Options of sphinx-quicktakes, set in ``conf.py`` as ``quicktakes_<name>``."""

    # --- content and pages --------------------------------------------------
    content_dir: str = _option(
        "content",
        "Folder of article files, relative to the folder of ``conf.py``; read recursively "
        "(``**/*.md``). When it lies inside the source folder its raw files are excluded.",
        _STR,
    )
    base_url: str = _option(
        "",
        "Public root of the site (``https://example.org/``) for absolute links, canonical "
        "URLs, ``og:url``, the sitemap and the feeds. Defaults to ``html_baseurl``; without "
        "either, those are left out with one warning.",
        _STR,
    )
    library_title: str = _option("Library", "Title of the library index ``learn/index``.", _STR)
    library_description: str = _option(
        "", "Introduction shown on the library index and used as its description.", _STR
    )
    subjects: list[str] = _option(
        [], "Subject slugs to publish; empty publishes every subject.", _list_of_str, factory=True
    )
    exclude_subjects: list[str] = _option(
        [], "Subject slugs never to publish.", _list_of_str, factory=True
    )
    sort: str = _option(
        "date-desc",
        "Order of questions on subject pages: ``date-desc`` (newest first), ``date-asc``, "
        "``title`` or ``id``.",
        _one_of("date-desc", "date-asc", "title", "id"),
    )
    date_format: str = _option(
        "MMM DD, YYYY",
        "Date format (moment-style tokens) for articles that set no ``date_format``.",
        _STR,
    )
    post_on_text: str = _option(
        "Posted on", "Byline prefix for articles that set no ``post_on_text``.", _STR
    )
    related_title: str = _option(
        "Related questions", "Heading above the related-question cards.", _STR
    )
    html_navigation: str = _option(
        "library",
        "What the HTML navigation (the sidebar) lists of the library: ``library`` (its index "
        "only), ``subjects`` (and each subject page) or ``articles`` (and every article). "
        "Themes such as furo render the whole navigation into every page, so each level "
        "listed makes every page bigger and slower to build as the library grows; the "
        "default keeps build time linear. Subject pages and articles are always reached "
        "from the library's cards, and books (EPUB, LaTeX, ``singlehtml``) list them all.",
        _one_of(*NAVIGATION_LEVELS),
    )
    flashcards: bool = _option(
        True,
        "Write flashcards pages for each subject (``learn/<subject>/flashcards``, then "
        "``flashcards-2``...): every question with its answer behind a native "
        "``<details>``, linked from the subject page and listed in the sitemap.",
        _BOOL,
    )
    flashcards_per_page: int = _option(
        100, "Cards per flashcards page; larger subjects get more pages.", _positive_int
    )
    subject_page_size: int = _option(
        100,
        "Cards per page of a subject's listing. Page 1 stays at the subject's URL, the "
        "others are ``learn/<subject>/page-2``, ``page-3``, ... with numbered navigation, "
        "``rel=prev/next`` links and sitemap entries; ``0`` lists every question on one page.",
        _non_negative_int,
    )
    trusted_content: bool = _option(
        False,
        "Treat answers as trusted MyST (directives, roles and raw HTML run). Off by default: "
        "answers are plain Markdown and anything else is shown as written.",
        _BOOL,
    )
    math_renderer: str = _option(
        "mathml",
        "How HTML pages show math: ``mathml`` (converted at build time, no JavaScript and no "
        "network; a formula that cannot be converted is shown as its TeX source with a "
        "warning) or ``mathjax`` (Sphinx's MathJax from its CDN). A project that sets "
        "``html_math_renderer`` keeps its choice.",
        _one_of("mathml", "mathjax"),
    )

    # --- SEO ----------------------------------------------------------------
    site_name: str = _option(
        "", "Site name for OpenGraph, JSON-LD and feeds; defaults to ``project``.", _STR, "html"
    )
    title_template: str = _option(
        "{question} | {seo_title}",
        "Template of the article ``<title>``: fields ``{question}``, ``{seo_title}``, "
        "``{subject}``, ``{site_name}``. Separators around an empty field are dropped and a "
        "title another page already has gets `` (2)``; the theme may append its suffix "
        "(``html_title``).",
        _STR,
        "html",
    )
    image: str = _option(
        "",
        "Default ``og:image``/``twitter:image``: an absolute URL, or a path relative to the "
        "base URL.",
        _STR,
        "html",
    )
    image_alt: str = _option("", "Alternative text of the default image.", _STR, "html")
    twitter_site: str = _option("", "Twitter/X account of the site (``@name``).", _STR, "html")
    seo: bool = _option(
        True,
        "Write titles, meta tags (description, OpenGraph, Twitter), canonical links and JSON-LD "
        "on library pages (``html`` and ``dirhtml`` builders).",
        _BOOL,
        "html",
    )
    sitemap: bool = _option(
        True,
        "Write ``sitemap.xml`` of the library pages (not when ``sphinx_sitemap`` is loaded or "
        "``html_extra_path`` ships one) and a ``robots.txt`` naming it (unless one is shipped).",
        _BOOL,
        "html",
    )
    article_schema: str = _option(
        "qapage",
        "Structured data of article pages: ``qapage`` (a ``QAPage``), ``article`` (an "
        "``Article``/``LearningResource`` about the question) or ``none``. See "
        "*Studying* in the docs for Google's eligibility rules of each.",
        _one_of("qapage", "article", "none"),
        "html",
    )
    ai_generated_answers: bool = _option(
        False,
        "Declare in the structured data that answers were written with generative AI "
        "(``digitalSourceType`` ``TrainedAlgorithmicMediaDigitalSource``).",
        _BOOL,
        "html",
    )
    feeds: bool = _option(
        True,
        "Write Atom feeds ``learn/atom.xml`` (library) and ``learn/<subject>/atom.xml``.",
        _BOOL,
        "html",
    )
    feed_length: int = _option(20, "Newest articles per feed.", _positive_int, "html")

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
        _one_of("pagefind", "sphinx"),
    )

    # --- study guides -------------------------------------------------------
    html_guides: bool = _option(
        True,
        "Also build the study guides with the ``html``/``dirhtml`` builders, into "
        "``<outdir>/_downloads/quicktakes/``, and show download buttons (format and size) on "
        "the library and subject pages. ``sphinx-build -b studyguide`` builds them alone.",
        _BOOL,
    )
    guide_formats: list[str] = _option(
        ["epub", "pdf", "apkg"],
        "Study-guide formats to build: ``epub`` (EPUB 3), ``pdf`` and ``apkg`` (an Anki "
        "deck of the guide's questions).",
        _subset_of("epub", "pdf", "apkg"),
        factory=True,
    )
    guide_subjects: list[str] = _option(
        [],
        "Subject slugs that get guides; empty means all. The library guide holds these "
        "subjects, one part each.",
        _list_of_str,
        factory=True,
    )
    guide_title_template: str = _option(
        "{subject}: Study Guide",
        "Title of a subject guide; fields ``{subject}``, ``{count}`` (questions) and "
        "``{site_name}``.",
        _STR,
    )
    guide_library_title: str = _option(
        "", "Title of the whole-library guide; defaults to the library title.", _STR
    )
    guide_cover_image: str = _option(
        "",
        "Cover image (PNG, JPEG or GIF) of every guide, relative to the source folder.",
        _STR,
    )
    guide_paper_size: str = _option(
        "A4", "Paper size of the PDF guides (CSS ``size``: ``A4``, ``letter``, ...).", _STR
    )
    guide_font_family: str = _option(
        "DejaVu Serif, serif",
        "Body font family of the PDF guides (a CSS ``font-family`` list of installed "
        "fonts; they are embedded). EPUB guides use the reader's fonts.",
        _STR,
    )
    accessibility_summary: str = _option(
        "",
        "Accessibility summary of the EPUB guides (``schema:accessibilitySummary``), written "
        "for readers; empty uses a summary written from each guide's content (what it holds: "
        "MathML, tables, a cover picture).",
        _STR,
    )
    accessibility_certified_by: str = _option(
        "",
        "Who checked the guides' accessibility, written as ``a11y:certifiedBy`` in each EPUB; "
        "empty writes none.",
        _STR,
    )

    @classmethod
    def options(cls) -> Iterator[dataclasses.Field[Any]]:
        """The option fields in declaration order."""
        yield from dataclasses.fields(cls)

    @classmethod
    def from_sphinx(cls, config: Any) -> QuickTakesConfig:
        """Read and validate every option; raise ``ValueError``/``TypeError`` on a bad one."""
        values: dict[str, Any] = {}
        for option in cls.options():
            value = getattr(config, PREFIX + option.name)
            option.metadata["validator"](option.name, value)
            values[option.name] = list(value) if isinstance(value, tuple) else value
        return cls(**values)
