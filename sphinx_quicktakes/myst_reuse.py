"""One MyST parser per build configuration, not one per page.

For every page MyST-Parser builds a new markdown-it parser with its plugins and a new
renderer, whose constructor looks up its ``render_*`` methods with ``inspect``: about 1 ms a
page, 2% of reading a library page. The renderer keeps nothing of a page once the next
render starts (``setup_render`` resets the document, the sections, the heading slugs), so
the parser made for a configuration object is kept and used again for the pages that share
that object. A page with its own front matter options gets a new configuration object, and so
a parser of its own, as before. A parser is never shared by two renders at once: while one
page is being rendered, a page parsed inside it gets a new parser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import myst_parser.parsers.sphinx_ as myst_sphinx
from markdown_it import MarkdownIt

Create = Callable[[Any, Any], MarkdownIt]

#: Configurations whose parsers are kept at most (a build has one, pages with options more).
MAX_KEPT = 8


def setup_myst_reuse() -> None:
    """Make MyST-Parser's Sphinx parser reuse one markdown-it parser per configuration."""
    current = getattr(myst_sphinx, "create_md_parser", None)
    if current is None or hasattr(current, "__wrapped__"):
        return
    myst_sphinx.create_md_parser = reusing_parsers(current)  # type: ignore[assignment,attr-defined]


def reusing_parsers(create: Create) -> Create:
    """``create`` (MyST's ``create_md_parser``), keeping the parser of each configuration."""
    # (id of the configuration, renderer class) -> (the configuration, its parser, busy flag)
    kept: dict[tuple[int, Any], tuple[Any, MarkdownIt, list[bool]]] = {}

    def create_md_parser(config: Any, renderer: Any) -> MarkdownIt:
        key = (id(config), renderer)
        known = kept.get(key)
        if known is not None and known[0] is config and not known[2][0]:
            return known[1]
        parser = create(config, renderer)
        if known is not None and known[2][0]:
            return parser  # a render inside a render: a parser of its own, not kept
        busy = [False]
        _mark_busy_while_rendering(parser, busy)
        if len(kept) >= MAX_KEPT:
            del kept[next(iter(kept))]
        kept[key] = (config, parser, busy)
        return parser

    create_md_parser.__wrapped__ = create  # type: ignore[attr-defined]
    return create_md_parser


def _mark_busy_while_rendering(parser: MarkdownIt, busy: list[bool]) -> None:
    render = parser.render

    def render_marked(src: str, env: Any = None) -> Any:
        busy[0] = True
        try:
            return render(src, env)
        finally:
            busy[0] = False

    parser.render = render_marked  # type: ignore[method-assign]
