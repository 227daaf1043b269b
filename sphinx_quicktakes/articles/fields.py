"""The article fields as a table of rules, and validation of a front matter against it.

Each :class:`Field` names a front matter key (``seo.title`` reads inside ``seo``), the
:class:`Article` attribute it fills, and the check that turns a raw value into that
attribute or says what is wrong with it. What a bad value does depends on the table it is
in: a bad :data:`REQUIRED` field skips the article (``quicktakes.required``), a bad
optional one is dropped with a warning (``quicktakes.field``) and the article is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sphinx_quicktakes.articles import checks
from sphinx_quicktakes.articles.checks import Invalid
from sphinx_quicktakes.articles.decode import decode_answer
from sphinx_quicktakes.articles.front_matter import FrontMatter, Rejected
from sphinx_quicktakes.articles.model import Article, Problem, Related
from sphinx_quicktakes.articles.warning_types import QuickTakesWarning

_RELATED_KEY = re.compile(r"^related_article(\d+)$")
_EMPTY_BODY = re.compile(r"^(?:\s|&nbsp;|&#160;|&#xa0;)*$", re.IGNORECASE)


#: (key, raw value or the field's ``absent`` value) -> the attribute's value; raises Invalid.
Check = Callable[[str, Any], Any]


@dataclass(frozen=True)
class Field:
    """One front matter field: where it is read, what it fills, and its rule."""

    key: str
    check: Check
    #: The :class:`Article` attribute filled (the key's last part by default).
    attribute: str = ""
    #: What a dropped optional field becomes.
    default: Any = None
    #: What ``check`` receives when the key is not set.
    absent: Any = None

    @property
    def name(self) -> str:
        """The attribute this field fills."""
        return self.attribute or self.key.rsplit(".", 1)[-1]


# --- the tables ------------------------------------------------------------------------

#: Without these the article is skipped.
REQUIRED = (
    Field("id", checks.article_id),
    Field("subject", checks.subject),
    Field("answer", checks.answer),
)
#: The question's text: the first of these that is set (one of them must be).
TITLES = (
    Field("question", checks.text, default=""),
    Field("title", checks.text, default=""),
    Field("article_title", checks.text, default=""),
)
#: Dropped with a warning when bad, checked in this order (the order of the warnings).
OPTIONAL = (
    Field("file_name", checks.file_name, default=""),
    Field("seo", checks.seo_mapping),
    Field("seo.title", checks.seo_text, "seo_title", default=""),
    Field("seo.page_description", checks.seo_text, "seo_description", default=""),
    Field("seo.page_keywords", checks.keywords, "seo_keywords", default=()),
    Field("date", checks.date),
    Field("date_format", checks.optional_text),
    Field("post_on_text", checks.optional_text),
    Field("author", checks.text, default=""),
    Field("score", checks.number),
    Field("url", checks.text, default=""),
    Field("no_index", checks.flag, default=False, absent=False),
)
#: Every key the format defines; others are kept as :attr:`Article.metadata`.
KNOWN_KEYS = frozenset(
    {field.key.split(".")[0] for field in REQUIRED + TITLES + OPTIONAL} | {"_schema"}
)


def validate(matter: FrontMatter, source: str, where: str, problems: list[Problem]) -> Article:
    """The :class:`Article` of ``matter``; dropped fields are added to ``problems``.

    Raises :class:`Rejected` when a required field is missing or bad.
    """
    values: dict[str, Any] = {}
    for field in REQUIRED:
        try:
            values[field.name] = field.check(field.key, matter.meta.get(field.key))
        except Invalid as error:
            line = matter.key_line(field.key)
            raise Rejected(line, QuickTakesWarning.REQUIRED, str(error)) from None
    _apply(TITLES, matter, values, where, problems)
    display = values["question"] or values["title"] or values["article_title"]
    if not display:
        message = "missing required field 'question' (or 'title'); add the question text"
        raise Rejected(matter.key_line("question"), QuickTakesWarning.REQUIRED, message)
    values["question"] = display
    values["answer"] = _full_answer(values["answer"], matter.body)
    _apply(OPTIONAL, matter, values, where, problems)
    del values["seo"]
    return Article(
        source=source,
        related=tuple(_related(matter, where, problems)),
        metadata={k: v for k, v in matter.meta.items() if not _known(k)},
        **values,
    )


def _apply(
    fields: tuple[Field, ...],
    matter: FrontMatter,
    values: dict[str, Any],
    where: str,
    problems: list[Problem],
) -> None:
    """Check each optional field into ``values``, dropping the bad ones with a problem."""
    for field in fields:
        parent, _, child = field.key.rpartition(".")
        mapping = values.get(parent) if parent else matter.meta
        if parent and mapping is None:
            values[field.name] = field.default
            continue
        raw = mapping.get(child, field.absent) if mapping is not None else field.absent
        try:
            values[field.name] = field.check(field.key, raw)
        except Invalid as error:
            values[field.name] = field.default
            _drop(matter, field.key.split(".")[0], str(error), where, problems)


def _drop(matter: FrontMatter, key: str, message: str, where: str, problems: list[Problem]) -> None:
    line = matter.key_line(key)
    problems.append(
        Problem(where, line, QuickTakesWarning.FIELD, f"{message}; field dropped", False)
    )


def _known(key: Any) -> bool:
    return key in KNOWN_KEYS or _RELATED_KEY.match(str(key)) is not None


def _full_answer(answer: str, body: str) -> str:
    """The decoded answer, followed by the text after the front matter if there is any."""
    text = decode_answer(answer)
    extra = body.strip("\n")
    if not _EMPTY_BODY.match(extra):
        text = f"{text}\n\n{extra.strip()}"
    return text


def _related(matter: FrontMatter, where: str, problems: list[Problem]) -> Iterator[Related]:
    """The ``related_articleN`` entries in number order; bad entries are dropped."""
    meta = matter.meta
    numbered = sorted(
        (int(match.group(1)), key) for key in meta if (match := _RELATED_KEY.match(str(key)))
    )
    for _, key in numbered:
        entry = meta[key]
        if not isinstance(entry, dict):
            message = f"'{key}' must be a mapping with id, title, subject and url"
            _drop(matter, key, message, where, problems)
            continue
        url = entry.get("url") if isinstance(entry.get("url"), str) else None
        raw_id = entry.get("id")
        rel_id = raw_id if isinstance(raw_id, int) and not isinstance(raw_id, bool) else None
        title = entry.get("title")
        subject = entry.get("subject")
        if not isinstance(title, str) or not title.strip():
            _drop(matter, key, f"'{key}' has no title", where, problems)
            continue
        if url is None and rel_id is None:
            _drop(matter, key, f"'{key}' needs a 'url' or an 'id'", where, problems)
            continue
        yield Related(
            title=title.strip(),
            id=rel_id,
            subject=subject.strip() if isinstance(subject, str) else None,
            url=url.strip() if url else None,
            line=matter.key_line(key),
        )
