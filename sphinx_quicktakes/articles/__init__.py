"""The pure core: reading, validating and relating articles (no Sphinx imports)."""

from sphinx_quicktakes.articles.library import Library, build_library
from sphinx_quicktakes.articles.model import Article, Problem, Related, Subject
from sphinx_quicktakes.articles.reader import read_article, read_folder

__all__ = [
    "Article",
    "Library",
    "Problem",
    "Related",
    "Subject",
    "build_library",
    "read_article",
    "read_folder",
]
