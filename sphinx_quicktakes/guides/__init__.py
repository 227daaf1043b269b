"""Study guides: EPUB and PDF per subject and for the whole library.

``setup_guides`` registers the ``studyguide`` builder and, for ``html``/``dirhtml`` builds
with ``quicktakes_html_guides``, builds the guides into ``<outdir>/_downloads/quicktakes/``
once the environment is up to date, then fills each subject and library page's
download placeholder with buttons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_quicktakes.articles.slugs import HTML_BUILDERS
from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.downloads import downloads
from sphinx_quicktakes.guides.builder import StudyGuideBuilder
from sphinx_quicktakes.guides.buttons import download_buttons
from sphinx_quicktakes.guides.collect import LIBRARY
from sphinx_quicktakes.non_html_fallbacks import degrade_cards, degrade_math
from sphinx_quicktakes.pages import LIBRARY_DOCNAME
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

if TYPE_CHECKING:
    from sphinx_quicktakes.guides.run import GuideFile

#: Where html/dirhtml builds put the guides, relative to the output folder.
HTML_GUIDES_DIR = "_downloads/quicktakes"


@dataclass
class HtmlGuides:
    """Guides of an html/dirhtml build: where they go and what was built."""

    outdir: Path
    #: (kind, key) -> files, kind ``library`` or ``subject``.
    files: dict[tuple[str, str], list[GuideFile]] = field(default_factory=dict)
    titles: dict[tuple[str, str], str] = field(default_factory=dict)


def html_guides(app: Sphinx) -> HtmlGuides | None:
    """The guide state of this html build, or None when it builds no guides."""
    return getattr(app, "_quicktakes_guides", None)


def on_builder_inited(app: Sphinx) -> None:
    from sphinx_quicktakes.state import get_state

    state = get_state(app)
    enabled = app.builder.name in HTML_BUILDERS and state.config.html_guides
    guides = HtmlGuides(Path(app.outdir) / HTML_GUIDES_DIR) if enabled else None
    app._quicktakes_guides = guides  # type: ignore[attr-defined]


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Build the guides before pages are written; return pages whose buttons changed."""
    guides = html_guides(app)
    if guides is None:
        return []
    try:
        from sphinx_quicktakes.guides.run import build_guides  # EPUB and PDF libraries

        files = build_guides(app, guides.outdir)
    except Exception as error:  # a guide must never break the website
        warn(
            f"study guides not built: {type(error).__name__}: {error}",
            QuickTakesWarning.GUIDE,
            location=f"{Path(app.confdir) / 'conf.py'}:1",
        )
        files = []
    guides.files = {}
    for item in files:
        kind = LIBRARY if item.page == LIBRARY_DOCNAME else "subject"
        guides.files.setdefault((kind, item.guide), []).append(item)
    changed = {item.page for item in files if item.written}
    return sorted(docname for docname in changed if docname in env.found_docs)


def fill_buttons(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace download placeholders with buttons linking to the built guides."""
    guides = html_guides(app)
    if guides is None:
        return
    pages = get_domain(app.env).pages
    for node in list(doctree.findall(downloads)):
        key = str(node.get("guide", ""))
        kind = LIBRARY if key == LIBRARY else "subject"
        if (
            kind == LIBRARY
            and docname != LIBRARY_DOCNAME
            and pages.get(docname, {}).get("slug") == key
        ):
            kind = "subject"  # the subject page of a subject slugged "library"
        files = guides.files.get((kind, key))
        if not files:
            continue
        record = pages.get(LIBRARY_DOCNAME if kind == LIBRARY else docname, {})
        title = str(record.get("name") or record.get("title") or "library")
        items = [(f.format, f"{HTML_GUIDES_DIR}/{f.name}", f.size) for f in files]
        node.replace_self(download_buttons(items, app.builder.get_target_uri(docname), title))


def setup_guides(app: Sphinx) -> None:
    """Register the studyguide builder and the guide hooks of html builds."""
    app.add_builder(StudyGuideBuilder)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-updated", on_env_updated)
    app.connect("doctree-resolved", fill_buttons, priority=500)
    app.connect("doctree-resolved", degrade_cards, priority=600)
    app.connect("doctree-resolved", degrade_math, priority=600)
