"""Which flashcards pages a subject has and which questions each shows (no Sphinx)."""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from sphinx_quicktakes.articles.rules import LIBRARY_ROOT

#: Docname of a subject's first flashcards page, relative to its folder.
FLASHCARDS = "flashcards"
#: Docnames of every flashcards page.
FLASHCARDS_DOCNAME = re.compile(rf"^{LIBRARY_ROOT}/[^/]+/{FLASHCARDS}(-[0-9]+)?$")


def page_docname(slug: str, number: int) -> str:
    """Docname of page ``number`` (from 1) of a subject's flashcards."""
    suffix = "" if number == 1 else f"-{number}"
    return f"{LIBRARY_ROOT}/{slug}/{FLASHCARDS}{suffix}"


def page_count(questions: int, per_page: int) -> int:
    """How many pages ``questions`` cards fill (none for an empty subject)."""
    return -(-questions // per_page) if questions > 0 else 0


@dataclass(frozen=True)
class FlashcardsPage:
    """One page of a subject's flashcards."""

    slug: str
    subject: str
    number: int
    pages: int
    #: Article docnames shown on this page, in subject order.
    docnames: tuple[str, ...]

    @property
    def docname(self) -> str:
        return page_docname(self.slug, self.number)

    @property
    def previous(self) -> str | None:
        return page_docname(self.slug, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return page_docname(self.slug, self.number + 1) if self.number < self.pages else None


def subject_pages(
    slug: str, subject: str, docnames: Sequence[str], per_page: int
) -> list[FlashcardsPage]:
    """Every flashcards page of a subject, ``per_page`` cards each (the last may hold fewer)."""
    pages = page_count(len(docnames), per_page)
    return [
        FlashcardsPage(
            slug,
            subject,
            number,
            pages,
            tuple(docnames[(number - 1) * per_page : number * per_page]),
        )
        for number in range(1, pages + 1)
    ]


def stored_pages(
    slug: str, subject: str, docnames: Sequence[str], per_page: int, taken: Container[str]
) -> list[FlashcardsPage]:
    """A subject's flashcards pages, less those whose docname another page has (``taken``:
    the stored pages; an article at a flashcards address keeps it)."""
    return [
        page
        for page in subject_pages(slug, subject, docnames, per_page)
        if page.docname not in taken
    ]


def find_page(
    docname: str, subjects: Sequence[tuple[str, str, Sequence[str]]], per_page: int
) -> FlashcardsPage | None:
    """The flashcards page named ``docname``, from (slug, name, docnames) of each subject."""
    parts = docname.split("/")
    if len(parts) != 3 or parts[0] != LIBRARY_ROOT or not parts[2].startswith(FLASHCARDS):
        return None
    for slug, name, docnames in subjects:
        if slug != parts[1]:
            continue
        for page in subject_pages(slug, name, docnames, per_page):
            if page.docname == docname:
                return page
    return None
