"""The article fields as a table of rules, and validation of a front matter against it.

Each :class:`Field` names a front matter key (``seo.title`` reads inside ``seo``), the
:class:`Article` attribute it fills, and the check that turns a raw value into that
attribute or says what is wrong with it. What a bad value does depends on the table it is
in: a bad :data:`REQUIRED` field skips the article (``quicktakes.required``), a bad
optional one is dropped with a warning (``quicktakes.field``) and the article is kept.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sphinx_quicktakes.articles.decode import decode_answer
from sphinx_quicktakes.articles.front_matter import FrontMatter, Rejected
from sphinx_quicktakes.articles.model import Article, Problem, Related
from sphinx_quicktakes.articles.warning_types import QuickTakesWarning

#: Digits allowed in an ``id`` (a 64-bit integer).
MAX_ID_DIGITS = 18

_ID = re.compile(rf"-?\d{{1,{MAX_ID_DIGITS}}}")
#: A plain file name: no folders, no traversal, nothing a file system treats specially.
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")
_RELATED_KEY = re.compile(r"^related_article(\d+)$")
_EMPTY_BODY = re.compile(r"^(?:\s|&nbsp;|&#160;|&#xa0;)*$", re.IGNORECASE)


class Invalid(ValueError):
    """A field's value breaks its rule; the message says how."""


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


# --- checks ----------------------------------------------------------------------------


def _article_id(key: str, value: Any) -> int:
    if isinstance(value, str) and _ID.fullmatch(value.strip()):
        return int(value)
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if is_int and len(str(abs(value))) <= MAX_ID_DIGITS:
        return int(value)
    if value is None:
        raise Invalid("missing required field 'id' (an integer)")
    raise Invalid(f"'id' must be an integer of up to {MAX_ID_DIGITS} digits, not {value!r:.40}")


def _subject(key: str, value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise Invalid("missing required field 'subject'")


def _answer(key: str, value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise Invalid("missing required field 'answer' (text)")


def _text(key: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise Invalid(f"'{key}' must be text, not {type(value).__name__}")
    return str(value).strip()


def _text_or_none(key: str, value: Any) -> str | None:
    return _text(key, value) or None


def _file_name(key: str, value: Any) -> str:
    name = _text(key, value)
    if name and not _FILE_NAME.fullmatch(name):
        plain = "a plain name such as what-is-x.md"
        raise Invalid(f"'file_name' must be {plain}, not {name!r:.60}")
    return name


def _seo(key: str, value: Any) -> dict[str, Any] | None:
    if value is None or isinstance(value, dict):
        return value
    raise Invalid("'seo' must be a mapping of title, page_description, page_keywords")


def _seo_text(key: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(f"'{key}' must be text")
    return value.strip()


def _keywords(key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        raise Invalid(f"'{key}' must be a comma-separated text or a list")
    words = [str(item).strip() for item in items if isinstance(item, str | int | float)]
    return tuple(dict.fromkeys(word for word in words if word))


def _date(key: str, value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise Invalid(f"'date' must be a date such as 2024-12-09, not {value!r:.40}")


def _score(key: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    raise Invalid(f"'score' must be a number, not {value!r:.40}")


def _flag(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Invalid(f"'{key}' must be true or false")


# --- the tables ------------------------------------------------------------------------

#: Without these the article is skipped.
REQUIRED = (
    Field("id", _article_id),
    Field("subject", _subject),
    Field("answer", _answer),
)
#: The question's text: the first of these that is set (one of them must be).
TITLES = (
    Field("question", _text, default=""),
    Field("title", _text, default=""),
    Field("article_title", _text, default=""),
)
#: Dropped with a warning when bad, checked in this order (the order of the warnings).
OPTIONAL = (
    Field("file_name", _file_name, default=""),
    Field("seo", _seo),
    Field("seo.title", _seo_text, "seo_title", default=""),
    Field("seo.page_description", _seo_text, "seo_description", default=""),
    Field("seo.page_keywords", _keywords, "seo_keywords", default=()),
    Field("date", _date),
    Field("date_format", _text_or_none),
    Field("post_on_text", _text_or_none),
    Field("author", _text, default=""),
    Field("score", _score),
    Field("url", _text, default=""),
    Field("no_index", _flag, default=False, absent=False),
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
