"""Documentation of sphinx-quicktakes, and its demo library built from ../content."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx-quicktakes"
author = "sphinx-quicktakes developers"
copyright = "2026, sphinx-quicktakes developers"
language = "en"

extensions = ["sphinx_quicktakes", "config_reference", "sphinx.ext.graphviz"]
# The architecture diagram, drawn by Graphviz (``dot``) at build time.
graphviz_output_format = "svg"

quicktakes_content_dir = "../content"
quicktakes_base_url = os.environ.get("QUICKTAKES_BASE_URL", "https://quicktakes.example.org/")
quicktakes_library_title = "QuickTakes demo library"
quicktakes_library_description = (
    "Short, carefully written answers to study questions, grouped by subject."
)
quicktakes_site_name = "QuickTakes"

exclude_patterns = ["_build", "learn/.quicktakes-manifest.json"]
html_theme = "furo"
html_title = "sphinx-quicktakes"
