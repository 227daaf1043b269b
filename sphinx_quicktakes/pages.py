"""Articles, subjects and the library -> MyST page sources (plain MyST + sphinx-design)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sphinx_quicktakes.articles import Article, Library, Subject
from sphinx_quicktakes.articles.dates import format_moment
from sphinx_quicktakes.articles.rules import LIBRARY_ROOT, count_phrase
from sphinx_quicktakes.articles.slugs import url_to_docname
from sphinx_quicktakes.byline import BYLINE_CLASS, SEPARATOR, byline_source
from sphinx_quicktakes.cards import card_line
from sphinx_quicktakes.flashcards.pages import flashcards_link, flashcards_pages
from sphinx_quicktakes.pager import pager_source
from sphinx_quicktakes.paging import page_docnames, page_slice
from sphinx_quicktakes.safe_markdown import (
    ANSWER_MARKDOWN,
    escape_text,
    external_only,
    fence,
    safe_markdown,
)
from sphinx_quicktakes.seo.text import AnswerText, answer_text, token_blocks

if TYPE_CHECKING:
    from sphinx_quicktakes.config import QuickTakesConfig

LIBRARY_DOCNAME = f"{LIBRARY_ROOT}/index"
AnswerMemo = dict[tuple[str, str], tuple[str, tuple[tuple[str, str | None], ...]]]
#: docname -> (what the article page is made from, its text).
PageMemo = dict[str, tuple[tuple[object, ...], str]]
#: Builders whose pages each render the site navigation (their cost would grow with it).
BOOK_ONLY = "not (builder_html or builder_dirhtml)"
#: Without a ``tocdepth``, Sphinx copies the table of contents of the current page's
#: ancestors whole, ``only`` branches included, so each page would still render the lists
#: of its ancestors. Index pages have no sections below their title; depth 2 keeps the
#: book-only toctree for the builders that want it.
BOOK_FRONT_MATTER = "---\ntocdepth: 2\n---"
#: Listing pages after the first are in no toctree: not in the navigation, nor in books.
ORPHAN_FRONT_MATTER = "---\norphan: true\n---"


@dataclass(frozen=True)
class PageSettings:
    """What page generation needs from the project's configuration."""

    library_title: str = "Library"
    library_description: str = ""
    base_url: str = ""
    language: str | None = None
    date_format: str = "MMM DD, YYYY"
    post_on_text: str = "Posted on"
    related_title: str = "Related questions"
    #: What HTML navigation lists: ``library``, ``subjects`` or ``articles`` (see config).
    navigation: str = "library"
    #: Cards per subject listing page (0: one page).
    subject_page_size: int = 100
    trusted_content: bool = False
    #: Add directives of this extension (download buttons); off for ejected pages.
    extension_directives: bool = True
    #: Write flashcards pages, this many cards a page (see config).
    flashcards: bool = True
    flashcards_per_page: int = 100

    @classmethod
    def from_options(
        cls, options: QuickTakesConfig, language: str | None, extension_directives: bool = True
    ) -> PageSettings:
        """The settings of a project's options (Sphinx's ``language`` for dates)."""
        return cls(
            library_title=options.library_title,
            library_description=options.library_description,
            base_url=options.base_url,
            language=language,
            date_format=options.date_format,
            post_on_text=options.post_on_text,
            related_title=options.related_title,
            trusted_content=options.trusted_content,
            navigation=options.html_navigation,
            flashcards=options.flashcards,
            flashcards_per_page=options.flashcards_per_page,
            subject_page_size=options.subject_page_size,
            extension_directives=extension_directives,
        )


def relative_doc(from_docname: str, to_docname: str) -> str:
    """Relative ``.md`` path from one page to another, for MyST links."""
    return _relative(to_docname + ".md", posixpath.dirname(from_docname) or ".")


@lru_cache(maxsize=65536)
def _relative(path: str, start: str) -> str:
    return posixpath.relpath(path, start)


def public_url(base_url: str, docname: str) -> str:
    """Absolute URL of a library page on the public site (no trailing index)."""
    path = docname[: -len("index")] if docname.endswith("/index") else docname
    return base_url.rstrip("/") + "/" + path


def article_date(article: Article, settings: PageSettings) -> str:
    """The article's date as its byline shows it (empty without a date)."""
    if article.date is None:
        return ""
    return format_moment(
        article.date, article.date_format or settings.date_format, settings.language
    )


@dataclass(frozen=True)
class Card:
    """A link card: a title, a footer line, and a page (``doc``) or a URL to open."""

    title: str
    footer: str = ""
    doc: str = ""
    url: str = ""


def _design_card(card: Card) -> str:
    options = ":class-card: quicktakes-card\n"
    if card.doc:
        options += f":link: {card.doc}\n:link-type: doc\n"
    elif card.url:
        options += f":link: {card.url}\n:link-type: url\n"
    content = options + "\n**" + escape_text(card.title) + "**"
    if card.footer:
        content += "\n\n" + fence(escape_text(card.footer), "{card-footer}")
    return fence(content, "{grid-item-card}")


def _grid(cards: list[Card], css_class: str, lean: bool) -> str:
    """A card grid: the lean ``quicktakes-cards`` directive, or plain sphinx-design."""
    if not cards:
        return ""
    if lean:
        lines = [card_line(c.title, c.footer, c.doc, c.url) for c in cards]
        return fence("\n".join(lines), "{quicktakes-cards} " + css_class)
    body = "\n\n".join(_design_card(card) for card in cards)
    return fence(f":gutter: 2\n:class-container: {css_class}\n\n" + body, "{grid} 1 1 2 2")


def _toctree(entries: list[str]) -> str:
    if not entries:
        return ""
    content = ":hidden:\n:titlesonly:\n:maxdepth: 1\n\n" + "\n".join("/" + name for name in entries)
    return fence(content, "{toctree}")


def _book_toctree(entries: list[str]) -> str:
    """A toctree that HTML navigation skips: books list every article, sidebars do not."""
    toctree = _toctree(entries)
    return fence(toctree, "{only} " + BOOK_ONLY) if toctree else ""


class PageBuilder:
    """Writes the MyST source of every library page."""

    def __init__(
        self,
        library: Library,
        settings: PageSettings,
        answers: AnswerMemo | None = None,
        memo: PageMemo | None = None,
        digests: dict[str, str] | None = None,
        owned: frozenset[str] | None = None,
    ) -> None:
        self.library = library
        self.settings = settings
        #: (docname, answer) -> (MyST, the links it resolved): reused while they resolve alike.
        self.answers: AnswerMemo = {} if answers is None else answers
        #: SEO text of the answers parsed in this build (docname -> excerpt and plain text).
        self.texts: dict[str, AnswerText] = {}
        #: Article pages of the last build, reused while made from the same inputs; this
        #: needs the digest of each article's file (``source`` -> digest).
        self.memo: PageMemo = {} if memo is None else memo
        self.digests = digests or {}
        #: Subjects whose pages are written (None: all); the others get a title-only stub
        #: page, so that a shard's navigation holds every subject (see ``shards``).
        self.owned = owned

    def pages(self) -> Iterator[tuple[str, str]]:
        """Every (docname, MyST source) of the library."""
        yield LIBRARY_DOCNAME, self.library_page()
        for subject in self.library.subjects.values():
            if not self.writes(subject.slug):
                yield from self.subject_stubs(subject)
                continue
            yield from self.subject_pages(subject)
            if self.with_flashcards:
                yield from flashcards_pages(self, subject)
            for docname in subject.docnames:
                yield docname, self.article_page(docname)

    def writes(self, slug: str) -> bool:
        """True if this builder writes the subject's pages (not a shard's stubs of them)."""
        return self.owned is None or slug in self.owned

    @property
    def with_flashcards(self) -> bool:
        """True if flashcards pages are written (they need the extension's directives)."""
        return self.settings.flashcards and self.settings.extension_directives

    def files(self) -> Iterator[tuple[str, str]]:
        """Every (path relative to the ``learn/`` folder, MyST source) of the library."""
        for docname, text in self.pages():
            yield docname[len(LIBRARY_ROOT) + 1 :] + ".md", text

    # --- article ------------------------------------------------------------
    def article_page(self, docname: str) -> str:
        """An article: question, byline, answer, related-question cards."""
        if self.is_reusable(docname):
            return self.memo[docname][1]
        text = self._article_page(docname)
        inputs = self._article_inputs(docname)
        if inputs is not None:
            self.memo[docname] = (inputs, text)
        return text

    def is_reusable(self, docname: str) -> bool:
        """True if the remembered text of an article page is still what it would be."""
        known = self.memo.get(docname)
        if known is None or known[0] != self._article_inputs(docname):
            return False
        if self.settings.trusted_content:
            return True
        answer = self.answers.get((docname, self.library.articles[docname].answer))
        return answer is not None and all(self._link(docname, h) == t for h, t in answer[1])

    def _article_inputs(self, docname: str) -> tuple[object, ...] | None:
        """What an article page is made from besides its answer's links (None: unknown)."""
        article = self.library.articles[docname]
        digest = self.digests.get(article.source)
        if digest is None:
            return None
        subject = self.library.subject_of(docname)
        related = []
        for entry in article.related:
            target = self.library.resolve(entry)
            related.append((target, self.library.subject_of(target).name if target else None))
        return (digest, article.source, subject.name, subject.docname, tuple(related))

    def _article_page(self, docname: str) -> str:
        article = self.library.articles[docname]
        subject = self.library.subject_of(docname)
        parts = ["# " + escape_text(article.question)]
        parts.append(self._byline(docname, article, subject))
        parts.append(self.answer_myst(docname, article))
        related = self._related_cards(docname, article)
        if related:
            parts.append("## " + escape_text(self.settings.related_title) + "\n\n" + related)
        return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"

    def _byline(self, docname: str, article: Article, subject: Subject) -> str:
        """The lean ``quicktakes-byline`` directive, or a container of MyST without it."""
        date = article_date(article, self.settings)
        if date:
            date = f"{article.post_on_text or self.settings.post_on_text} {date}".strip()
        if self.settings.extension_directives:
            return byline_source(date, subject.name, subject.docname, article.author or "")
        pieces = [escape_text(date)] if date else []
        link = relative_doc(docname, subject.docname)
        pieces.append(f"[{escape_text(subject.name)}](<{link}>)")
        if article.author:
            pieces.append(escape_text(article.author))
        return fence(SEPARATOR.join(pieces), "{container} " + BYLINE_CLASS)

    def answer_myst(self, docname: str, article: Article) -> str:
        """The answer of the article ``docname`` as MyST (memoised)."""
        if self.settings.trusted_content:
            return article.answer
        key = (docname, article.answer)
        known = self.answers.get(key)
        if known is not None and all(self._link(docname, h) == t for h, t in known[1]):
            return known[0]
        links: list[tuple[str, str | None]] = []

        def resolve(href: str) -> str | None:
            target = self._link(docname, href)
            links.append((href, target))
            return target

        tokens = ANSWER_MARKDOWN.parse(article.answer)
        # the SEO text of the answer, from this parse: not parsed again when the page is read
        self.texts[docname] = answer_text(token_blocks(tokens))
        text = safe_markdown(article.answer, resolve_link=resolve, heading_base=2, tokens=tokens)
        self.answers[key] = (text, tuple(links))
        return text

    def _link(self, docname: str, href: str) -> str | None:
        """Where a link of an answer points from ``docname``; None drops the link."""
        target = href.strip()
        if target.startswith("/"):
            found = self.library.docname_for_url(target)
            if found:
                return relative_doc(docname, found)
            path = url_to_docname(target)
            if path and self.settings.base_url:
                return public_url(self.settings.base_url, path)
            return None
        return external_only(target)

    def _related_cards(self, docname: str, article: Article) -> str:
        cards = []
        for related in article.related:
            target = self.library.resolve(related)
            if target is not None:
                subject = self.library.subject_of(target).name
                cards.append(Card(related.title, subject, doc="/" + target))
                continue
            path = url_to_docname(related.url or "")
            url = (
                public_url(self.settings.base_url, path) if path and self.settings.base_url else ""
            )
            cards.append(Card(related.title, related.subject or "", url=url))
        return _grid(cards, "quicktakes-related", self.settings.extension_directives)

    # --- indexes ------------------------------------------------------------
    def subject_pages(self, subject: Subject) -> Iterator[tuple[str, str]]:
        """(docname, MyST) of every page of a subject's listing, page 1 first."""
        for number, docname in enumerate(self.listing_pages(subject), 1):
            yield docname, self.subject_page(subject, number)

    def listing_pages(self, subject: Subject) -> list[str]:
        """Docnames of the pages of a subject's listing (the first is the subject's)."""
        size = self.settings.subject_page_size
        return page_docnames(subject.docname, len(subject.docnames), size)

    def subject_page(self, subject: Subject, number: int = 1) -> str:
        """Page ``number`` of a subject index: count, download buttons, its question cards."""
        total, pages = len(subject.docnames), self.listing_pages(subject)
        lean = self.settings.extension_directives
        if number == 1:
            parts = self._subject_heading(subject)
        else:
            title = f"{subject.name} (page {number} of {len(pages)})"
            parts = [ORPHAN_FRONT_MATTER, "# " + escape_text(title)]
        parts.append(escape_text(count_phrase(total, "question", "questions") + "."))
        if number == 1 and lean:
            parts.append(fence("", "{quicktakes-downloads} " + subject.slug))
        if self.with_flashcards:
            parts.append(flashcards_link())
        cards = []
        for docname in subject.docnames[page_slice(number, total, self.settings.subject_page_size)]:
            article = self.library.articles[docname]
            date = article_date(article, self.settings)
            cards.append(Card(article.question, date, doc="/" + docname))
        parts.append(_grid(cards, "quicktakes-questions", lean))
        parts.append(pager_source(pages, number, lean))
        if number == 1:
            # last, so that EPUB and LaTeX put the subject page before its questions
            parts.append(self._subject_toctree(list(subject.docnames)))
        return "\n\n".join(part.rstrip("\n") for part in parts if part) + "\n"

    def _subject_heading(self, subject: Subject) -> list[str]:
        """Front matter and title of a subject's page (it is in HTML navigation only when
        the navigation lists articles)."""
        in_navigation = self.settings.navigation == "articles"
        return ["" if in_navigation else BOOK_FRONT_MATTER, "# " + escape_text(subject.name)]

    def _subject_toctree(self, entries: list[str]) -> str:
        """A subject page's toctree of its articles: for books only, unless the HTML
        navigation lists articles."""
        in_navigation = self.settings.navigation == "articles"
        return (_toctree if in_navigation else _book_toctree)(entries)

    def subject_stubs(self, subject: Subject) -> Iterator[tuple[str, str]]:
        """Title-only pages of a subject another shard writes: its page and its last article.

        A shard's navigation then holds every subject, and the page before the next
        subject's is the same as in the whole library.
        """
        last = subject.docnames[-1]
        parts = [*self._subject_heading(subject), self._subject_toctree([last])]
        yield subject.docname, "\n\n".join(part.rstrip("\n") for part in parts if part) + "\n"
        yield last, "# " + escape_text(self.library.articles[last].question) + "\n"

    def library_page(self) -> str:
        """The library index: one card per subject with its question count."""
        subjects = list(self.library.subjects.values())
        total = sum(len(subject.docnames) for subject in subjects)
        in_navigation = self.settings.navigation != "library"
        parts = ["" if in_navigation else BOOK_FRONT_MATTER]
        parts.append("# " + escape_text(self.settings.library_title))
        if self.settings.library_description:
            parts.append(escape_text(self.settings.library_description))
        questions = count_phrase(total, "question", "questions")
        summary = f"{questions} in {count_phrase(len(subjects), 'subject', 'subjects')}."
        parts.append(escape_text(summary))
        if self.settings.extension_directives:
            parts.append(fence("", "{quicktakes-downloads} library"))
        cards = [
            Card(
                subject.name,
                count_phrase(len(subject.docnames), "question", "questions"),
                doc="/" + subject.docname,
            )
            for subject in subjects
        ]
        parts.append(_grid(cards, "quicktakes-subjects", self.settings.extension_directives))
        toctree = _toctree if in_navigation else _book_toctree
        parts.append(toctree([s.docname for s in subjects]))
        return "\n\n".join(part.rstrip("\n") for part in parts if part) + "\n"
