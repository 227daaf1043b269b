"""Small rules shared by the pure core and the Sphinx edge (no Sphinx imports).

The library's root folder, the builders that write the web site, the sort orders, which
characters each output refuses, which link targets are safe, and how a count is worded.
"""

from __future__ import annotations

import re

#: Folder (and docname prefix) of every generated page: ``learn/index``, ``learn/<subject>/...``.
LIBRARY_ROOT = "learn"


def is_library_page(docname: str) -> bool:
    """True for a generated page: the library index, subject pages, articles, listings."""
    return docname.startswith(LIBRARY_ROOT + "/")


#: The builders that write the web site (its pages, head tags, search and site files).
HTML_BUILDERS = ("html", "dirhtml")
#: Orders of a subject's questions (``quicktakes_sort`` and ``convert --sort``), default first.
SORT_ORDERS = ("date-desc", "date-asc", "title", "id")

# Three character classes, deliberately different: each is what one output cannot carry.
#: What YAML and the reader refuse in an article: C0 controls but tab and newlines, DEL, C1
#: controls but NEL (U+0085, a YAML line break), and the non-characters U+FFFE and U+FFFF.
#: (Decoded UTF-8 holds no surrogates.)
NOT_IN_ARTICLES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
#: What XML 1.0 output (head tags, feeds, JSON-LD text, EPUB pages) must not hold: C0 controls
#: but tab and newlines, DEL, lone surrogates and U+FFFE/U+FFFF. C1 controls are legal XML.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
#: What a log line must not show raw: every C0 and C1 control, tab and newline included, so
#: content cannot break a warning over lines or forge another one.
NOT_IN_LOGS = re.compile("[\x00-\x1f\x7f-\x9f]")

#: Link targets an answer may keep: web pages and e-mail addresses, in any case.
_SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)
_WEB_URL = ("http://", "https://")


def strip_invalid_xml(text: str) -> str:
    """``text`` without the characters XML cannot carry."""
    return NOT_IN_XML.sub("", text)


def is_safe_link(href: str) -> bool:
    """True if ``href`` (leading spaces ignored) is an ``http(s):`` or ``mailto:`` target."""
    return _SAFE_LINK.match(href.strip()) is not None


def is_web_url(url: str) -> bool:
    """True if ``url`` is an absolute ``http://`` or ``https://`` address."""
    return url.startswith(_WEB_URL)


def count_phrase(number: int, singular: str, plural: str) -> str:
    """``1 question``, ``2 questions``: ``number`` and the noun that agrees with it."""
    return f"{number} {singular if number == 1 else plural}"
