"""URLs and locale of the site: absolute URLs, OpenGraph locales, paths in the output folder."""

from __future__ import annotations

from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global


def og_locale(language: str | None) -> str:
    """OpenGraph ``language_TERRITORY`` of a Sphinx language (``en`` -> ``en_US``)."""
    if not language:
        return ""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return ""
    territory = locale.territory
    if not territory:
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = next((part for part in likely.split("_")[1:] if part.isupper()), "")
    return f"{locale.language}_{territory}" if territory else locale.language


def absolute(base_url: str, path: str) -> str:
    """``path`` (relative to the site root) under ``base_url``."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def output_path(outdir: str | Path, relpath: str) -> Path:
    """A path under the output folder."""
    return Path(outdir, *relpath.split("/"))
