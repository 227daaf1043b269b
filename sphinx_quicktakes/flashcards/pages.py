"""MyST source of a subject's flashcards pages: questions shown, answers in ``<details>``."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sphinx_quicktakes.articles.model import Problem
from sphinx_quicktakes.flashcards.paging import FLASHCARDS, FlashcardsPage, subject_pages
from sphinx_quicktakes.safe_markdown import escape_text, fence

if TYPE_CHECKING:
    from sphinx_quicktakes.articles import Subject
    from sphinx_quicktakes.pages import PageBuilder

#: Builders that show flashcards as a study tool; others get plain question lists.
WEB_ONLY = "builder_html or builder_dirhtml"
#: Orphan: in no toctree (a web study tool, not part of the books); not in the search
#: index either (searches lead to the article pages).
FRONT_MATTER = "---\norphan: true\nnosearch: true\n---"


def card_id(docname: str) -> str:
    """A stable HTML id of an article's card (also its key in the reader's browser)."""
    return "card-" + hashlib.sha1(docname.encode("utf-8")).hexdigest()[:12]


def page_title(page: FlashcardsPage) -> str:
    """``Flashcards: <subject>``, with the page number after the first page."""
    title = f"Flashcards: {page.subject}"
    return title if page.number == 1 else f"{title} (page {page.number} of {page.pages})"


def _sibling(number: int) -> str:
    return f"{FLASHCARDS}.md" if number == 1 else f"{FLASHCARDS}-{number}.md"


def page_navigation(page: FlashcardsPage) -> str:
    """Numbered links to every page of the subject's flashcards (the current one in bold)."""
    if page.pages < 2:
        return ""
    items = []
    if page.previous:
        items.append(f"[Previous](<{_sibling(page.number - 1)}>)")
    for number in range(1, page.pages + 1):
        items.append(
            f"**{number}**" if number == page.number else f"[{number}](<{_sibling(number)}>)"
        )
    if page.next:
        items.append(f"[Next](<{_sibling(page.number + 1)}>)")
    return fence("Pages: " + " ".join(items), "{container} quicktakes-flashcards-pages")


def flashcards_link() -> str:
    """The subject page's button to its flashcards (web builders only)."""
    label = "Flashcards: test yourself"
    link = fence(
        f":ref-type: doc\n:color: primary\n:outline:\n\n{label}", "{button-ref} flashcards"
    )
    return fence(link, "{only} " + WEB_ONLY)


def card_directive(docname: str, question: str, answer: str) -> str:
    """The ``quicktakes-card`` directive of one article; its digest changes with the
    question or the answer, so the page is read again when either does."""
    content = f"{question}\0{answer}".encode("utf-8", "surrogatepass")
    digest = hashlib.sha1(content).hexdigest()[:16]
    return fence(f":card: {card_id(docname)}\n:digest: {digest}", "{quicktakes-card} " + docname)


def flashcards_page(builder: PageBuilder, page: FlashcardsPage) -> str:
    """One flashcards page: title, count, page links, then one card per question."""
    library = builder.library
    total = len(library.subjects[page.slug].docnames)
    summary = f"{total} question." if total == 1 else f"{total} questions."
    if page.pages > 1:
        first = (page.number - 1) * builder.settings.flashcards_per_page + 1
        summary += f" Cards {first} to {first + len(page.docnames) - 1}."
    parts = [FRONT_MATTER, "# " + escape_text(page_title(page))]
    back = "Back to [" + escape_text(page.subject) + "](<index.md>)."
    parts.append(escape_text(summary) + " " + back)
    navigation = page_navigation(page)
    parts.append(navigation)
    for docname in page.docnames:
        article = library.articles[docname]
        answer = builder.answer_myst(docname, article)  # the article page's own, memoised
        parts.append(card_directive(docname, article.question, answer))
    parts.append(navigation)
    return "\n\n".join(part.rstrip("\n") for part in parts if part) + "\n"


def flashcards_pages(builder: PageBuilder, subject: Subject) -> Iterator[tuple[str, str]]:
    """(docname, MyST) of every flashcards page of ``subject``."""
    per_page = builder.settings.flashcards_per_page
    for page in subject_pages(subject.slug, subject.name, subject.docnames, per_page):
        if page.docname in builder.library.articles:
            continue  # an article owns that URL; reported by the extension
        yield page.docname, flashcards_page(builder, page)


def url_collisions(builder: PageBuilder, content_dir: str) -> list[Problem]:
    """Articles whose URL is a flashcards page's: that subject's flashcards are left out."""
    if not builder.with_flashcards:
        return []
    per_page = builder.settings.flashcards_per_page
    problems = []
    for subject in builder.library.subjects.values():
        for page in subject_pages(subject.slug, subject.name, subject.docnames, per_page):
            article = builder.library.articles.get(page.docname)
            if article is not None:
                problems.append(
                    Problem(
                        f"{content_dir}/{article.source}",
                        1,
                        "collision",
                        f"url /{page.docname} is the address of a flashcards page of "
                        f"{subject.name!r}; that page is left out (give the article another url)",
                        fatal=False,
                    )
                )
    return problems
