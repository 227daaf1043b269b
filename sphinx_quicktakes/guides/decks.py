"""The Anki decks of a guide run: notes from the library, cached like the other guides."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from sphinx_quicktakes.articles.slugs import url_to_docname
from sphinx_quicktakes.guides.anki import DeckNote, DeckPart, answer_html, build_apkg
from sphinx_quicktakes.guides.cache import GuideFile
from sphinx_quicktakes.guides.context import GuideRun
from sphinx_quicktakes.guides.plan import GuidePlan
from sphinx_quicktakes.pages import public_url
from sphinx_quicktakes.safe_markdown import external_only

if TYPE_CHECKING:
    from sphinx_quicktakes.articles import Library

FORMAT = "apkg"


def deck_parts(plan: GuidePlan, library: Library, base_url: str) -> list[DeckPart]:
    """One deck per subject of ``plan``, one note per article the library still has."""

    def link(href: str) -> str | None:
        target = href.strip()
        if target.startswith("/"):
            docname = library.docname_for_url(target) or url_to_docname(target)
            return public_url(base_url, docname) if docname and base_url else None
        return external_only(target)

    parts = []
    for part in plan.parts:
        notes = []
        for item in part.articles:
            article = library.articles.get(item.docname)
            if article is None:
                continue
            notes.append(
                DeckNote(
                    question=article.question,
                    answer=answer_html(article.answer, link),
                    subject=part.name,
                    url=public_url(base_url, item.docname) if base_url else item.url,
                    identity=item.url,
                    tag=part.slug,
                )
            )
        parts.append(DeckPart(part.slug, part.name, tuple(notes)))
    return parts


def _digest(parts: list[DeckPart], parent: str, timestamp: int | None) -> str:
    data = [
        parent,
        timestamp,
        [[p.slug, p.name, [list(vars(n).values()) for n in p.notes]] for p in parts],
    ]
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def write_decks(run: GuideRun, plans: list[GuidePlan], library: Library | None) -> list[GuideFile]:
    """Write ``<stem>.apkg`` for every plan whose notes changed; every deck file in place."""
    if library is None:
        return []
    parent = run.deck_parent()
    return [_write_deck(run, plan, library, parent) for plan in plans]


def _write_deck(run: GuideRun, plan: GuidePlan, library: Library, parent: str) -> GuideFile:
    parts: list[DeckPart] = []
    when = run.settings.guide_date(plan)
    timestamp = int(when.timestamp()) if when else None

    def content() -> str:
        parts[:] = deck_parts(plan, library, run.settings.base_url)
        return _digest(parts, parent, timestamp)

    claim = run.cache.claim(plan, FORMAT, parent, content=content)
    written = False
    if not claim.current:
        written = run.cache.store(claim, build_apkg(parts, parent, timestamp))
    return run.cache.guide_file(plan, FORMAT, written)
