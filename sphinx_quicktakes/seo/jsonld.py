"""JSON-LD of library pages: QAPage, CollectionPage, BreadcrumbList (no Sphinx)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sphinx_quicktakes.seo.tags import PageMeta, SiteInfo
from sphinx_quicktakes.seo.text import clean

CONTEXT = "https://schema.org"
#: What stops a value from ending the ``<script>`` element or starting markup in it.
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def script(data: dict[str, Any]) -> str:
    """``data`` as a JSON-LD ``<script>``; no value can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _SCRIPT_ESCAPES:  # str.replace: far quicker than str.translate
        text = text.replace(character, escape)
    return f'<script type="application/ld+json">{text}</script>'


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], ()):
        data[key] = value


def author(name: str, site: SiteInfo) -> dict[str, Any]:
    """The author of an article: the site itself (Organization) or a Person."""
    name = clean(name)
    if not name or name.casefold() == clean(site.name).casefold():
        data: dict[str, Any] = {"@type": "Organization", "name": clean(site.name) or name}
        _put(data, "url", site.base_url)
        return data
    return {"@type": "Person", "name": name}


def qa_page(page: PageMeta, answer: str, site: SiteInfo) -> dict[str, Any]:
    """A QAPage whose main entity is the question with its one accepted answer."""
    writer = author(page.author, site)
    answer_data: dict[str, Any] = {"@type": "Answer", "text": answer or page.description}
    _put(answer_data, "url", page.url)
    _put(answer_data, "dateCreated", page.date)
    _put(answer_data, "datePublished", page.date)
    answer_data["author"] = writer
    question: dict[str, Any] = {"@type": "Question", "name": clean(page.headline)}
    _put(question, "text", clean(page.headline))
    question["answerCount"] = 1
    _put(question, "url", page.url)
    _put(question, "dateCreated", page.date)
    _put(question, "datePublished", page.date)
    question["author"] = writer
    question["acceptedAnswer"] = answer_data
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "QAPage"}
    _put(data, "name", clean(page.headline))
    _put(data, "description", clean(page.description))
    _put(data, "url", page.url)
    _put(data, "inLanguage", site.language)
    _put(data, "keywords", ", ".join(clean(k) for k in page.keywords))
    data["mainEntity"] = question
    return data


def collection_page(
    page: PageMeta, items: Sequence[tuple[str, str | None]], site: SiteInfo
) -> dict[str, Any]:
    """A CollectionPage listing ``items`` ((name, url or None)) in an ItemList."""
    elements = []
    for position, (name, url) in enumerate(items, start=1):
        element: dict[str, Any] = {"@type": "ListItem", "position": position, "name": clean(name)}
        _put(element, "url", url)
        elements.append(element)
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "CollectionPage"}
    _put(data, "name", clean(page.headline))
    _put(data, "description", clean(page.description))
    _put(data, "url", page.url)
    _put(data, "inLanguage", site.language)
    data["mainEntity"] = {
        "@type": "ItemList",
        "numberOfItems": len(elements),
        "itemListElement": elements,
    }
    return data


def breadcrumbs(trail: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """A BreadcrumbList of (name, absolute url) from the library down to the page."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": clean(name), "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }
