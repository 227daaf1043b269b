"""Pagefind markup of library pages and the search box, as HTML strings (pure functions).

Pagefind indexes only the element marked ``data-pagefind-body``; everything outside it
(theme navigation, sidebars, footers) is left out, and so is every page without it (such
as ``no_index`` articles). Inside it, the hidden block carries the result title, the date
shown and the subject filter without adding them to the indexed text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

#: Folder of the search bundle in the output (Pagefind derives the site root from it).
BUNDLE_DIR = "_pagefind"
#: Parts of the indexed region that are not the page's own text.
EXCLUDED = (
    ".headerlink",
    ".quicktakes-byline",
    ".quicktakes-related",
    ".quicktakes-questions",
    ".quicktakes-subjects",
    ".quicktakes-downloads",
    ".quicktakes-search",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class IndexedPage:
    """What a library page tells Pagefind: result title, subject, date."""

    title: str
    subject: str = ""
    date: str = ""
    date_text: str = ""


def indexed_region(body: str, page: IndexedPage) -> str:
    """``body`` wrapped as Pagefind's indexed region with the page's title, filter and date."""
    sort = ""
    if _ISO_DATE.fullmatch(page.date[:10]):
        sort = f' data-pagefind-sort="date:{page.date[:10]}"'
    hidden = [f'<span data-pagefind-meta="title">{_e(page.title)}</span>']
    if page.subject:
        hidden.append(f'<span data-pagefind-filter="subject">{_e(page.subject)}</span>')
    if page.date_text:
        hidden.append(f'<span data-pagefind-meta="date">{_e(page.date_text)}</span>')
    return (
        f"<div data-pagefind-body{sort}>"
        f"<div hidden data-pagefind-ignore>{''.join(hidden)}</div>\n"
        f"{body}</div>"
    )


#: What "All subjects" searches, said beside the filter.
ALL_SUBJECTS_HINT = (
    "All subjects: questions, summaries and keywords. Choose a subject to search its answers too."
)


def search_box(
    bundle: str, script: str, stylesheet: str, subjects: list[tuple[str, str]], current: str
) -> str:
    """The search form of the library index and subject pages.

    :param bundle: relative URL of the search folder (ending in ``/``).
    :param script: relative URL of the search script; ``stylesheet`` of its CSS.
    :param subjects: (name, bundle folder) of the subjects offered by the filter; the one
        named ``current`` is preselected.
    """
    options = ['<option value="">All subjects</option>']
    for name, folder in subjects:
        selected = " selected" if name == current else ""
        options.append(
            f'<option value="{_e(name)}" data-bundle="{_e(folder)}/"{selected}>{_e(name)}</option>'
        )
    return f"""<link rel="stylesheet" href="{_e(stylesheet)}">
<div class="quicktakes-search" data-pagefind-ignore="all" data-bundle="{_e(bundle)}">
<form class="quicktakes-search-form" role="search" action="#">
<label class="quicktakes-search-label" for="quicktakes-search-input">Search the library</label>
<div class="quicktakes-search-fields">
<input id="quicktakes-search-input" class="quicktakes-search-input" type="search" name="q"
 autocomplete="off" placeholder="Search questions" disabled>
<label class="quicktakes-search-label-inline" for="quicktakes-search-subject">Subject</label>
<select id="quicktakes-search-subject" class="quicktakes-search-subject" name="subject"
 aria-describedby="quicktakes-search-hint" disabled>{"".join(options)}</select>
</div>
<p id="quicktakes-search-hint" class="quicktakes-search-hint">{ALL_SUBJECTS_HINT}</p>
</form>
<p class="quicktakes-search-status" role="status" aria-live="polite">Search needs JavaScript.</p>
<ol class="quicktakes-search-results"></ol>
</div>
<script defer src="{_e(script)}"></script>
"""


def insert_after_title(body: str, markup: str) -> str:
    """``markup`` placed right after the page's first ``<h1>`` (or first, without one)."""
    end = body.find("</h1>")
    if end < 0:
        return markup + body
    end += len("</h1>")
    return body[:end] + "\n" + markup + body[end:]
