"""Flashcards: a self-test page set per subject (pages, Quiz markup, browser behaviour).

``paging`` and ``pages`` make the MyST sources with the other library pages; ``quiz`` is the
Education Q&A JSON-LD; ``html`` adds head tags and the study script to html/dirhtml pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_flashcards(app: Sphinx) -> None:
    """Register the flashcards page hooks."""
    # Imported here: ``html`` imports ``extension``, which imports ``pages`` and so us.
    from sphinx_quicktakes.flashcards.answers import setup_answers
    from sphinx_quicktakes.flashcards.cards import setup_cards
    from sphinx_quicktakes.flashcards.html import connect_events

    setup_answers(app)
    setup_cards(app)
    connect_events(app)
