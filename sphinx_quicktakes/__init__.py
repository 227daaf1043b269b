"""Publish a folder of question-and-answer articles as a Sphinx site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

#: Bump whenever the shape of data stored in the build environment changes.
ENV_VERSION = 1


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    from sphinx_quicktakes.extension import setup_extension

    setup_extension(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
