"""The guide settings of a project: its options read and frozen into one object."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from sphinx.application import Sphinx

from sphinx_quicktakes.config import QuickTakesConfig
from sphinx_quicktakes.guides.plan import (
    FORMATS,
    RENDER_VERSION,
    CoverImage,
    GuideSettings,
    read_cover,
    source_date_epoch,
)
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.version import __version__
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

CSS_DIR = Path(__file__).parent / "css"
#: Libraries whose version is part of every guide's key: a new one renders guides anew.
_LIBRARIES = (
    "genanki",
    "ebooklib",
    "weasyprint",
    "pypdf",
    "pikepdf",
    "latex2mathml",
    "ziamath",
    "pygments",
    "docutils",
)


def renderer_versions() -> tuple[str, ...]:
    """Versions of the extension, the libraries and the style sheets the guides use."""
    versions = [f"quicktakes={__version__}", f"render={RENDER_VERSION}"]
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    for css in sorted(CSS_DIR.glob("*.css")):
        versions.append(f"{css.name}={hashlib.sha256(css.read_bytes()).hexdigest()[:16]}")
    return tuple(versions)


def guide_options(app: Sphinx) -> QuickTakesConfig:
    """The project's ``quicktakes_*`` options."""
    return get_state(app).config


def conf_location(app: Sphinx) -> str:
    """``conf.py`` as a warning location (Sphinx reads one without ``:`` as a docname)."""
    return f"{Path(app.confdir) / 'conf.py'}:1"


def _cover(app: Sphinx, options: QuickTakesConfig, conf: str) -> CoverImage | None:
    if not options.guide_cover_image:
        return None
    found = read_cover(Path(app.srcdir) / options.guide_cover_image)
    if isinstance(found, str):
        warn(found + "; the guides have no cover image", QuickTakesWarning.CONFIG, location=conf)
        return None
    return found


def guide_settings(app: Sphinx) -> GuideSettings:
    """The guide settings of the project (options are checked when the configuration is
    read); an unreadable cover is reported and left out."""
    options = guide_options(app)
    conf = conf_location(app)
    return GuideSettings(
        project=str(app.config.project),
        site_name=options.site_name or str(app.config.project),
        base_url=options.base_url,
        language=str(app.config.language or "en"),
        date_format=options.date_format,
        formats=tuple(f for f in FORMATS if f in options.guide_formats),
        paper_size=options.guide_paper_size.strip(),
        font_family=options.guide_font_family.strip(),
        pdf_chunk_size=options.guide_pdf_chunk_size,
        source_date=source_date_epoch(),
        cover=_cover(app, options, conf),
        versions=renderer_versions(),
        accessibility_summary=options.accessibility_summary,
        certified_by=options.accessibility_certified_by,
    )
