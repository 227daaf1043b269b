"""What the guides of one run are made from: translated chapters, math, style sheets, links.

Everything is computed once per run and shared by every format and guide.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.guides.chapter_cache import CHAPTERS_DIR, ChapterCache
from sphinx_quicktakes.guides.chapters import Chapter, MathItem, make_chapter
from sphinx_quicktakes.guides.mathml import MathRenderer
from sphinx_quicktakes.guides.plan import GuidePlan, GuideSettings, doctree_digest
from sphinx_quicktakes.guides.settings import CSS_DIR
from sphinx_quicktakes.pages import public_url
from sphinx_quicktakes.records import ArticleRecord
from sphinx_quicktakes.shards.spec import in_other_shard
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn


def _math_problem(message: str, item: MathItem, docname: str) -> None:
    tex = " ".join(item.tex.split())
    warn(f"{message}: {tex!r:.80}", QuickTakesWarning.GUIDE, location=(docname, item.line))


def chapter_problem(message: str, docname: str) -> None:
    """Report a problem of one article's chapter."""
    warn(message, QuickTakesWarning.GUIDE, location=(docname, None))


class GuideSources:
    """The inputs of one guide run, each read or translated at most once."""

    def __init__(self, app: Sphinx, settings: GuideSettings) -> None:
        self.app = app
        self.settings = settings
        self.pages = get_domain(app.env).pages
        self._chapters: dict[str, Chapter] = {}
        self._digests: dict[str, str] = {}
        #: Chapters another shard translated: docname -> (doctree digest, chapter).
        self.foreign: dict[str, tuple[str, Chapter]] = {}
        salt = "\0".join([settings.language, *settings.versions])
        self.kept = ChapterCache(Path(app.doctreedir) / CHAPTERS_DIR, salt)
        self.math = MathRenderer(_math_problem)
        self.css = {
            name: (CSS_DIR / f"{name}.css").read_text("utf-8") for name in ("epub", "print")
        }
        from pygments.formatters import HtmlFormatter

        self.pygments_css = HtmlFormatter(style="default").get_style_defs(".highlight")

    def digest(self, docname: str) -> str:
        """Digest of a page's stored doctree: known without translating it."""
        if docname in self.foreign:
            return self.foreign[docname][0]
        if docname not in self._digests:
            self._digests[docname] = doctree_digest(Path(self.app.doctreedir), docname)
        return self._digests[docname]

    def chapter(self, docname: str) -> Chapter:
        """The translated chapter of a page: kept from an earlier build, or translated."""
        if docname in self.foreign:
            return self.foreign[docname][1]
        if docname not in self._chapters:
            record = self.pages.get(docname)
            title = record.question if isinstance(record, ArticleRecord) else docname
            key = self.kept.key(self.digest(docname), title)
            chapter = self.kept.get(docname, key)
            if chapter is None:
                doctree = self.app.env.get_doctree(docname)
                chapter = make_chapter(doctree, docname, title, self.settings.language)
                self.kept.put(docname, key, chapter)
            self._chapters[docname] = chapter
        return self._chapters[docname]

    def chapters(self, plan: GuidePlan) -> dict[str, Chapter]:
        """The chapters of a guide, by docname."""
        return {docname: self.chapter(docname) for docname in plan.docnames}

    def external(self, docname: str) -> str | None:
        """Public URL of a library page, when ``base_url`` is set."""
        if not self.settings.base_url:
            return None
        if docname not in self.pages and not in_other_shard(self.app, docname):
            return None
        return public_url(self.settings.base_url, docname)
