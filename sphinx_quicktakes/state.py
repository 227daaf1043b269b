"""The per-build state every feature reads: validated options, page settings, the library."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sphinx_quicktakes.articles import Library
from sphinx_quicktakes.config import QuickTakesConfig
from sphinx_quicktakes.pages import PageSettings

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_quicktakes.guides.built import HtmlGuides
    from sphinx_quicktakes.incremental import PageOrder
    from sphinx_quicktakes.seo.site import SeoSite
    from sphinx_quicktakes.seo.text import AnswerText
    from sphinx_quicktakes.shards.spec import ShardSpec


@dataclass
class QuickTakesState:
    """Per-application state: validated options, the library read this build, feature data."""

    config: QuickTakesConfig
    content_dir: Path
    settings: PageSettings
    #: The part of the library a sharded build's shard makes (None: the whole library).
    shard: ShardSpec | None = None
    #: The library's cache key: content files and options.
    library_key: str = ""
    #: Pages Sphinx reads in this build.
    pages_read: int = 0
    #: The site shard of a sharded build: digest of the other shards' records it read.
    imported_records: str = ""
    #: Digest of every article's title fields, as checked against the stored records.
    title_fields: str = ""
    #: The page order before this build read its changed pages (None: nothing changed).
    page_order: PageOrder | None = None
    #: Guides of an html/dirhtml build (None: this build makes none).
    html_guides: HtmlGuides | None = None
    #: The SEO view of the stored records, made once per build and environment update.
    seo_site: SeoSite | None = None
    #: SEO text of the answers parsed while writing this build's pages, until each page is read.
    answer_texts: dict[str, AnswerText] = field(default_factory=dict)
    _library: Library | None = None
    #: Loads the library when a no-change build first needs it (most never do).
    _load: Callable[[], Library] | None = None

    @property
    def library(self) -> Library | None:
        """The library of this build (None before the builder is set up)."""
        if self._library is None and self._load is not None:
            self._library, self._load = self._load(), None
        return self._library

    @library.setter
    def library(self, library: Library | None) -> None:
        self._library, self._load = library, None

    def load_library_later(self, load: Callable[[], Library]) -> None:
        """Read the library with ``load`` only when a feature first asks for it."""
        self._library, self._load = None, load


#: One state per application; an application that goes away takes its state with it.
_STATES: WeakKeyDictionary[Sphinx, QuickTakesState] = WeakKeyDictionary()


def get_state(app: Sphinx) -> QuickTakesState:
    """The state set up when the configuration was read."""
    return _STATES[app]


def set_state(app: Sphinx, state: QuickTakesState) -> None:
    """Attach the state of a build to its application (replacing an earlier one)."""
    _STATES[app] = state
