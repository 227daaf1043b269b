"""Cover, part and contents markup shared by the EPUB and PDF guides (all text escaped)."""

from __future__ import annotations

import datetime as dt
import html
import re

from sphinx_quicktakes.guides.plan import LIBRARY, GuidePart, GuidePlan, GuideSettings

_DATA_URL = re.compile(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+")


def esc(text: str) -> str:
    """Escape text or an attribute value for XHTML."""
    return html.escape(text, quote=True)


def lang_tag(language: str | None) -> str:
    """A BCP 47 tag from Sphinx's ``language`` (``pt_BR`` -> ``pt-BR``); ``en`` by default."""
    tag = (language or "en").replace("_", "-").strip()
    return tag if tag and all(c.isalnum() or c == "-" for c in tag) else "en"


def count_text(number: int, singular: str = "question", plural: str = "questions") -> str:
    """``1 question``, ``2 questions``."""
    return f"{number} {singular if number == 1 else plural}"


def cover_html(
    plan: GuidePlan,
    settings: GuideSettings,
    when: dt.datetime | None,
    image_src: str | None,
    epub: bool,
) -> str:
    """The title page: title, subject(s), question count, date and site name."""
    kind = ' epub:type="titlepage"' if epub else ""
    lines = [f'<section class="qt-cover"{kind}>']
    if image_src and epub:
        lines.append(f'<div class="qt-cover-image"><img src="{esc(image_src)}" alt=""/></div>')
    elif image_src and _DATA_URL.fullmatch(image_src):
        # A background is a PDF artifact: the decorative picture gets no tag without Alt.
        style = f"background-image: url({image_src})"
        lines.append(f'<div class="qt-cover-image" role="presentation" style="{style}"></div>')
    lines.append(f'<h1 class="qt-cover-title">{esc(plan.title)}</h1>')
    count = count_text(len(plan.articles))
    if plan.kind == LIBRARY:
        subjects = " · ".join(part.name for part in plan.parts)
        lines.append(f'<p class="qt-cover-subject">{esc(subjects)}</p>')
        count += " in " + count_text(len(plan.parts), "subject", "subjects")
    else:
        lines.append(f'<p class="qt-cover-subject">{esc(plan.parts[0].name)}</p>')
    lines.append(f'<p class="qt-cover-count">{esc(count)}</p>')
    if when is not None:
        lines.append(f'<p class="qt-cover-date">{esc(settings.date_text(when))}</p>')
    if settings.site_name:
        lines.append(f'<p class="qt-cover-site">{esc(settings.site_name)}</p>')
    lines.append("</section>")
    return "\n".join(lines)


def part_html(part: GuidePart, number: int) -> str:
    """The title page of one subject inside the library guide."""
    return (
        '<section class="qt-part">\n'
        f'<p class="qt-part-number">Part {number}</p>\n'
        f'<h1 class="qt-part-title">{esc(part.name)}</h1>\n'
        f'<p class="qt-part-count">{esc(count_text(len(part.articles)))}</p>\n'
        "</section>"
    )
