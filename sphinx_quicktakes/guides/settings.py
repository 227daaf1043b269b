"""The guide settings of a project: its options read, checked and frozen into one object."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from sphinx.application import Sphinx

import sphinx_quicktakes
from sphinx_quicktakes.config import PREFIX, QuickTakesConfig
from sphinx_quicktakes.guides.collect import (
    FORMATS,
    RENDER_VERSION,
    CoverImage,
    GuideSettings,
    checked_font_family,
    checked_paper_size,
    read_cover,
    source_date_epoch,
)
from sphinx_quicktakes.state import get_state
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
    versions = [f"quicktakes={sphinx_quicktakes.__version__}", f"render={RENDER_VERSION}"]
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


def _paper_size(options: QuickTakesConfig, conf: str) -> str:
    paper = checked_paper_size(options.guide_paper_size)
    if paper is not None:
        return paper
    warn(
        f"{PREFIX}guide_paper_size {options.guide_paper_size!r:.60} is not a CSS page "
        "size; using A4",
        QuickTakesWarning.CONFIG,
        location=conf,
    )
    return "A4"


def _font_family(options: QuickTakesConfig, conf: str) -> str:
    font = checked_font_family(options.guide_font_family)
    if font is not None:
        return font
    warn(
        f"{PREFIX}guide_font_family {options.guide_font_family!r:.60} is not a plain CSS "
        "font list; using DejaVu Serif",
        QuickTakesWarning.CONFIG,
        location=conf,
    )
    return "DejaVu Serif, serif"


def _cover(app: Sphinx, options: QuickTakesConfig, conf: str) -> CoverImage | None:
    if not options.guide_cover_image:
        return None
    found = read_cover(Path(app.srcdir) / options.guide_cover_image)
    if isinstance(found, str):
        warn(found + "; the guides have no cover image", QuickTakesWarning.CONFIG, location=conf)
        return None
    return found


def guide_settings(app: Sphinx) -> GuideSettings:
    """The guide settings of the project; bad values are reported and replaced by defaults."""
    options = guide_options(app)
    conf = conf_location(app)
    return GuideSettings(
        project=str(app.config.project),
        site_name=options.site_name or str(app.config.project),
        base_url=options.base_url,
        language=str(app.config.language or "en"),
        date_format=options.date_format,
        formats=tuple(f for f in FORMATS if f in options.guide_formats),
        paper_size=_paper_size(options, conf),
        font_family=_font_family(options, conf),
        source_date=source_date_epoch(),
        cover=_cover(app, options, conf),
        versions=renderer_versions(),
        accessibility_summary=options.accessibility_summary,
        certified_by=options.accessibility_certified_by,
    )
