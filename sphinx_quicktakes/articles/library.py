"""All articles of a content folder: identity by URL, subjects, related-article resolution."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sphinx_quicktakes.articles.model import Article, Problem, Related, Subject
from sphinx_quicktakes.articles.reader import ArticleReader, read_folder
from sphinx_quicktakes.articles.rules import SORT_ORDERS
from sphinx_quicktakes.articles.slugs import _reserved, derived_docname, slugify, url_to_docname
from sphinx_quicktakes.articles.warning_types import QuickTakesWarning

#: Files in a content folder that are never articles.
IGNORED_NAMES = ("README.md",)


@dataclass
class Library:
    """Published articles keyed by docname, grouped into subjects."""

    articles: dict[str, Article] = field(default_factory=dict)
    subjects: dict[str, Subject] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    _by_key: dict[str, str] = field(default_factory=dict, repr=False)
    _by_id: dict[int, list[str]] = field(default_factory=dict, repr=False)
    _subject_of: dict[str, str] = field(default_factory=dict, repr=False)
    _resolved: dict[Related, str | None] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_resolved"] = {}  # rebuilt on demand; not worth storing
        return state

    def subject_of(self, docname: str) -> Subject:
        """The subject an article belongs to."""
        return self.subjects[self._subject_of[docname]]

    def docname_for_url(self, url: str) -> str | None:
        """The published article whose ``url`` is ``url``, if any."""
        docname = url_to_docname(url)
        return self._by_key.get(docname.lower()) if docname else None

    def resolve(self, related: Related) -> str | None:
        """Docname of a related entry's article: by ``url`` first, then by ``id``."""
        try:
            return self._resolved[related]
        except KeyError:
            found = self._resolved[related] = self._resolve(related)
            return found
        except TypeError:  # an unhashable entry (never made by the reader)
            return self._resolve(related)

    def _resolve(self, related: Related) -> str | None:
        if related.url and (found := self.docname_for_url(related.url)):
            return found
        candidates = self._by_id.get(related.id, []) if related.id is not None else []
        if not candidates:
            return None
        wanted = slugify(related.subject or "")
        for docname in candidates:
            if self._subject_of[docname] == wanted:
                return docname
        return candidates[0]

    def unlinked_related(self, folder: Path, base_url: str) -> list[Problem]:
        """Related entries that can be shown only without a link, as located problems."""
        reason = "its url is unusable" if base_url else "set quicktakes_base_url to link it"
        problems = []
        for article in self.articles.values():
            for related in article.related:
                if self.resolve(related) is not None:
                    continue
                if base_url and url_to_docname(related.url or ""):
                    continue
                problems.append(
                    Problem(
                        str(folder / article.source),
                        related.line,
                        QuickTakesWarning.RELATED,
                        f"related article {related.title!r:.80} is not in the library; shown "
                        f"without a link ({reason})",
                        fatal=False,
                    )
                )
        return problems

    def sorted_docnames(self, docnames: Iterable[str], order: str = SORT_ORDERS[0]) -> list[str]:
        """``docnames`` in the given order (newest first by default)."""

        def date_key(name: str) -> int:
            date = self.articles[name].date
            return date.toordinal() if date else dt.date.min.toordinal()

        names = sorted(docnames, key=lambda name: (self.articles[name].question.lower(), name))
        if order == "date-desc":
            return sorted(names, key=date_key, reverse=True)
        if order == "date-asc":
            return sorted(names, key=date_key)
        if order == "id":
            return sorted(names, key=lambda name: self.articles[name].id)
        return names


def build_library(
    folder: Path,
    *,
    sort: str = SORT_ORDERS[0],
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    ignore: Iterable[str] = IGNORED_NAMES,
    read: ArticleReader | None = None,
) -> Library:
    """Read ``folder`` and assemble the library; problems are collected, never raised."""
    library = Library()
    if not folder.is_dir():
        missing = "content folder does not exist"
        library.problems.append(Problem(str(folder), 1, QuickTakesWarning.CONFIG, missing, False))
        return library
    wanted, unwanted = set(include), set(exclude)
    sources: dict[str, str] = {}
    for article, problems in read_folder(folder, ignore, read):
        library.problems.extend(problems)
        if article is None:
            continue
        where = str(folder / article.source)
        slug = _subject_slug(article, where, library.problems)
        if slug is None or (wanted and slug not in wanted) or slug in unwanted:
            continue
        _publish(library, article, slug, where, sources)
    _group_subjects(library, sort)
    return library


def _subject_slug(article: Article, where: str, problems: list[Problem]) -> str | None:
    """The slug of the article's subject, or None (with a problem) if it has none."""
    slug = slugify(article.subject)
    if slug and _reserved(slug):
        slug += "-subject"
    if not slug:
        message = "'subject' has no letters or digits to name it by"
        problems.append(Problem(where, 1, QuickTakesWarning.REQUIRED, message))
        return None
    return slug


def _publish(
    library: Library, article: Article, slug: str, where: str, sources: dict[str, str]
) -> None:
    """Add ``article`` under its docname, unless an earlier file has the same url."""
    docname = _docname(article, slug, where, library)
    key = docname.lower()
    if key in library._by_key:
        first = sources[library._by_key[key]]
        message = (
            f"url {article.url or docname!r} is already used by {first}; this file is "
            "skipped (give it its own url)"
        )
        library.problems.append(Problem(where, 1, QuickTakesWarning.DUPLICATE, message))
        return
    library.articles[docname] = article
    library._by_key[key] = docname
    library._by_id.setdefault(article.id, []).append(docname)
    library._subject_of[docname] = slug
    sources[docname] = where


def _group_subjects(library: Library, sort: str) -> None:
    """The subjects of the published articles, by display name, each in ``sort`` order."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[str]] = defaultdict(list)
    for docname, article in library.articles.items():
        slug = library._subject_of[docname]
        spellings[slug][article.subject] += 1
        members[slug].append(docname)
    for slug in sorted(members, key=lambda s: _display_name(spellings[s]).lower()):
        library.subjects[slug] = Subject(
            slug=slug,
            name=_display_name(spellings[slug]),
            docnames=tuple(library.sorted_docnames(members[slug], sort)),
        )


def _display_name(spellings: Counter[str]) -> str:
    """The most used spelling; on a tie the first in sorted order ("Computer Science")."""
    return min(spellings, key=lambda name: (-spellings[name], name))


def _docname(article: Article, slug: str, where: str, library: Library) -> str:
    if article.url:
        docname = url_to_docname(article.url)
        if docname:
            return docname
        library.problems.append(
            Problem(
                where,
                1,
                QuickTakesWarning.PATH,
                f"url {article.url!r:.80} is not a plain /learn/<subject>/.../<name> path of its "
                "own (names such as 'index' and 'page-2' are the library's); "
                "the page URL is derived from subject and file_name instead",
                fatal=False,
            )
        )
    docname = derived_docname(slug, article.file_name, article.question)
    candidate, counter = docname, 1
    while candidate.lower() in library._by_key:
        counter += 1
        candidate = f"{docname}-{counter}"
    return candidate
