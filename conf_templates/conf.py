"""Sphinx configuration of a QuickTakes library."""

project = "My QuickTakes"
author = "QuickTakes"
language = "en"

extensions = ["sphinx_quicktakes"]

# Folder of articles, relative to this file.
quicktakes_content_dir = "content"
# Public address of the site: canonical links, sitemap and feeds need it.
quicktakes_base_url = "https://example.org/"
quicktakes_library_title = "Library"

exclude_patterns = ["_build"]
html_title = project
