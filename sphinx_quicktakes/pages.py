"""Articles, subjects and the library -> MyST page sources (plain MyST + sphinx-design)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

from sphinx_quicktakes.articles import Article, Library, Subject
from sphinx_quicktakes.articles.dates import format_moment
from sphinx_quicktakes.articles.slugs import LIBRARY_ROOT, url_to_docname
from sphinx_quicktakes.safe_markdown import escape_text, external_only, fence, safe_markdown

LIBRARY_DOCNAME = f"{LIBRARY_ROOT}/index"


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
    #: Put article pages in hidden toctrees; otherwise they are orphan pages.
    toctree: bool = True
    trusted_content: bool = False
    #: Add directives of this extension (download buttons); off for ejected pages.
    extension_directives: bool = True


def relative_doc(from_docname: str, to_docname: str) -> str:
    """Relative ``.md`` path from one page to another, for MyST links."""
    return posixpath.relpath(to_docname + ".md", posixpath.dirname(from_docname) or ".")


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


def _front_matter(settings: PageSettings) -> str:
    return "" if settings.toctree else "---\norphan: true\n---\n\n"


def _card(body: str, link: str | None = None, link_type: str = "doc", footer: str = "") -> str:
    options = ":class-card: quicktakes-card\n"
    if link:
        options += f":link: {link}\n:link-type: {link_type}\n"
    content = options + "\n" + body
    if footer:
        content += "\n\n" + fence(footer, "{card-footer}")
    return fence(content, "{grid-item-card}")


def _grid(cards: list[str], css_class: str) -> str:
    if not cards:
        return ""
    content = f":gutter: 2\n:class-container: {css_class}\n\n" + "\n\n".join(cards)
    return fence(content, "{grid} 1 1 2 2")


def _toctree(entries: list[str]) -> str:
    if not entries:
        return ""
    content = ":hidden:\n:titlesonly:\n:maxdepth: 1\n\n" + "\n".join("/" + name for name in entries)
    return fence(content, "{toctree}")


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


class PageBuilder:
    """Writes the MyST source of every library page."""

    def __init__(self, library: Library, settings: PageSettings) -> None:
        self.library = library
        self.settings = settings

    def pages(self) -> Iterator[tuple[str, str]]:
        """Every (docname, MyST source) of the library."""
        yield LIBRARY_DOCNAME, self.library_page()
        for subject in self.library.subjects.values():
            yield subject.docname, self.subject_page(subject)
            for docname in subject.docnames:
                yield docname, self.article_page(docname)

    def files(self) -> Iterator[tuple[str, str]]:
        """Every (path relative to the ``learn/`` folder, MyST source) of the library."""
        for docname, text in self.pages():
            yield docname[len(LIBRARY_ROOT) + 1 :] + ".md", text

    # --- article ------------------------------------------------------------
    def article_page(self, docname: str) -> str:
        """An article: question, byline, answer, related-question cards."""
        article = self.library.articles[docname]
        subject = self.library.subject_of(docname)
        parts = [_front_matter(self.settings) + "# " + escape_text(article.question)]
        parts.append(self._byline(docname, article, subject))
        parts.append(self._answer(docname, article))
        related = self._related_cards(docname, article)
        if related:
            parts.append("## " + escape_text(self.settings.related_title) + "\n\n" + related)
        return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"

    def _byline(self, docname: str, article: Article, subject: Subject) -> str:
        pieces = []
        date = article_date(article, self.settings)
        if date:
            prefix = article.post_on_text or self.settings.post_on_text
            pieces.append(escape_text(f"{prefix} {date}".strip()))
        link = relative_doc(docname, subject.docname)
        pieces.append(f"[{escape_text(subject.name)}](<{link}>)")
        if article.author:
            pieces.append(escape_text(article.author))
        return fence(" · ".join(pieces), "{container} quicktakes-byline")

    def _answer(self, docname: str, article: Article) -> str:
        if self.settings.trusted_content:
            return article.answer

        def resolve(href: str) -> str | None:
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

        return safe_markdown(article.answer, resolve_link=resolve, heading_base=2)

    def _related_cards(self, docname: str, article: Article) -> str:
        cards = []
        for related in article.related:
            body = "**" + escape_text(related.title) + "**"
            footer = escape_text(related.subject) if related.subject else ""
            target = self.library.resolve(related)
            if target is not None:
                footer = escape_text(self.library.subject_of(target).name)
                cards.append(_card(body, "/" + target, "doc", footer))
                continue
            path = url_to_docname(related.url or "")
            if path and self.settings.base_url:
                cards.append(_card(body, public_url(self.settings.base_url, path), "url", footer))
            else:
                cards.append(_card(body, footer=footer))
        return _grid(cards, "quicktakes-related")

    # --- indexes ------------------------------------------------------------
    def subject_page(self, subject: Subject) -> str:
        """A subject index: count, download buttons, one card per question."""
        count = _count(len(subject.docnames), "question", "questions")
        parts = ["# " + escape_text(subject.name), escape_text(count) + "."]
        if self.settings.extension_directives:
            parts.append(fence("", "{quicktakes-downloads} " + subject.slug))
        cards = []
        for docname in subject.docnames:
            article = self.library.articles[docname]
            footer = escape_text(article_date(article, self.settings))
            cards.append(
                _card("**" + escape_text(article.question) + "**", "/" + docname, "doc", footer)
            )
        parts.append(_grid(cards, "quicktakes-questions"))
        if self.settings.toctree:
            # last, so that EPUB and LaTeX put the subject page before its questions
            parts.append(_toctree(list(subject.docnames)))
        return "\n\n".join(part.rstrip("\n") for part in parts if part) + "\n"

    def library_page(self) -> str:
        """The library index: one card per subject with its question count."""
        subjects = list(self.library.subjects.values())
        total = sum(len(subject.docnames) for subject in subjects)
        parts = ["# " + escape_text(self.settings.library_title)]
        if self.settings.library_description:
            parts.append(escape_text(self.settings.library_description))
        questions = _count(total, "question", "questions")
        summary = f"{questions} in {_count(len(subjects), 'subject', 'subjects')}."
        parts.append(escape_text(summary))
        if self.settings.extension_directives:
            parts.append(fence("", "{quicktakes-downloads} library"))
        cards = [
            _card(
                "**" + escape_text(subject.name) + "**",
                "/" + subject.docname,
                "doc",
                escape_text(_count(len(subject.docnames), "question", "questions")),
            )
            for subject in subjects
        ]
        parts.append(_grid(cards, "quicktakes-subjects"))
        parts.append(_toctree([s.docname for s in subjects]))
        return "\n\n".join(part.rstrip("\n") for part in parts if part) + "\n"
