"""Page titles of articles: one template, and no title used by two pages (no Sphinx)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from string import Formatter

from sphinx_quicktakes.seo.text import clean

#: Fields ``quicktakes_title_template`` may use.
TITLE_FIELDS = ("question", "seo_title", "subject", "site_name")
_SEPARATOR = r"[|\u00b7\u2013\u2014:-]"
_REPEATED_SEPARATORS = re.compile(rf"\s*({_SEPARATOR})(?:\s*{_SEPARATOR})+\s*")
_EDGE = " |\u00b7\u2013\u2014:-"


def template_fields(template: str) -> list[str]:
    """Field names of ``template``; ``ValueError`` on a field it does not know or bad braces."""
    names = []
    for _, name, spec, conversion in Formatter().parse(template):
        if name is None:
            continue
        if name not in TITLE_FIELDS or spec or conversion:
            raise ValueError(
                f"title template field {{{name}}} is not one of "
                + ", ".join("{" + field + "}" for field in TITLE_FIELDS)
            )
        names.append(name)
    return names


def render_title(template: str, fields: Mapping[str, str]) -> str:
    """The title from ``template``; separators left around empty fields are dropped."""
    values = {name: clean(fields.get(name, "")) for name in TITLE_FIELDS}
    used = template_fields(template)
    text = clean(template.format_map(values))
    if any(not values[name] for name in used):
        text = _REPEATED_SEPARATORS.sub(lambda m: f" {m.group(1)} ", text).strip(_EDGE)
        text = clean(text)
    return text or values["question"]


def article_titles(
    articles: Mapping[str, Mapping[str, str]],
    template: str,
    site_name: str,
    taken: Iterable[str] = (),
) -> dict[str, str]:
    """Distinct titles of articles (docname -> question, seo_title, subject).

    The first article (by docname) keeps a repeated title; the others number their question
    (``What is X? (2)``). Titles in ``taken`` belong to other pages.
    """
    numbered_question = "question" in template_fields(template)
    used = {title.casefold() for title in taken}
    result: dict[str, str] = {}
    for docname in sorted(articles):
        fields = {**articles[docname], "site_name": site_name}
        plain = title = render_title(template, fields)
        number = 1
        while title.casefold() in used:
            number += 1
            if numbered_question:
                question = f"{clean(fields.get('question', ''))} ({number})"
                title = render_title(template, {**fields, "question": question})
            else:
                title = f"{plain} ({number})"
        used.add(title.casefold())
        result[docname] = title
    return result
