"""Publish a folder of question-and-answer articles as a Sphinx site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx_quicktakes.version import ENV_VERSION, __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["ENV_VERSION", "__version__", "setup"]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    # Imported on use: the pure core (``sphinx_quicktakes.articles``) loads without Sphinx.
    from sphinx_quicktakes.extension import setup_extension

    setup_extension(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
