"""Which structured data an article page carries (``quicktakes_article_schema``), no Sphinx.

- ``qapage``: a ``QAPage`` (Google: for pages where users submit answers to a question).
- ``article``: an ``Article`` that is also a ``LearningResource``, ``about`` the question.
- ``none``: no page-type markup (the breadcrumb trail stays).

``quicktakes_ai_generated_answers`` adds ``digitalSourceType`` to the answer or article.
"""

from __future__ import annotations

from typing import Any

from sphinx_quicktakes.seo import jsonld
from sphinx_quicktakes.seo.tags import PageMeta, SiteInfo
from sphinx_quicktakes.seo.text import clean

SCHEMAS = ("qapage", "article", "none")
#: schema.org's IPTC term for content made by a trained model (what Google asks for).
AI_SOURCE = "https://schema.org/TrainedAlgorithmicMediaDigitalSource"
#: Google shows at most this many characters of an Article headline.
HEADLINE_LENGTH = 110


def learning_article(page: PageMeta, answer: str, site: SiteInfo) -> dict[str, Any]:
    """An ``Article``/``LearningResource`` whose ``about`` is the question."""
    question = clean(page.headline)
    headline = (
        question if len(question) <= HEADLINE_LENGTH else question[: HEADLINE_LENGTH - 1] + "\u2026"
    )
    data: dict[str, Any] = {
        "@context": jsonld.CONTEXT,
        "@type": ["Article", "LearningResource"],
        "headline": headline,
        "name": question,
        "about": {"@type": "Thing", "name": question},
    }
    for key, value in (
        ("description", clean(page.description)),
        ("url", page.url),
        ("mainEntityOfPage", page.url),
        ("inLanguage", site.language),
        ("datePublished", page.date),
        ("articleSection", clean(page.section)),
        ("keywords", ", ".join(clean(k) for k in page.keywords)),
        ("text", answer),
    ):
        if value:
            data[key] = value
    data["author"] = jsonld.author(page.author, site)
    if site.name:
        publisher: dict[str, Any] = {"@type": "Organization", "name": clean(site.name)}
        if site.base_url:
            publisher["url"] = site.base_url
        data["publisher"] = publisher
    return data


def article_data(
    schema: str, page: PageMeta, answer: str, site: SiteInfo, ai_generated: bool
) -> list[dict[str, Any]]:
    """The page-type JSON-LD of an article page for the chosen ``schema``."""
    if schema == "none":
        return []
    if schema == "article":
        data = learning_article(page, answer, site)
        if ai_generated:
            data["digitalSourceType"] = AI_SOURCE
        return [data]
    data = jsonld.qa_page(page, answer, site)
    if ai_generated:
        data["mainEntity"]["acceptedAnswer"]["digitalSourceType"] = AI_SOURCE
    return [data]
