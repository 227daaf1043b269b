"""Versions: of the package, and of the data it stores in Sphinx's build environment."""

from __future__ import annotations

__version__ = "0.1.0"

#: Bump whenever the shape of data stored in the build environment changes.
ENV_VERSION = 2
