"""Download buttons ("EPUB · 1.2 MB") that replace the ``quicktakes-downloads`` placeholders."""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from sphinx.util.osutil import relative_uri

LABELS = {"epub": "EPUB", "pdf": "PDF", "apkg": "Anki deck"}
#: Text for screen readers only (``quicktakes.css``).
HIDDEN_CLASS = "quicktakes-visually-hidden"


def human_size(size: int) -> str:
    """``850 B``, ``85 KB``, ``1.2 MB`` (decimal units)."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


def download_buttons(
    files: Iterable[tuple[str, str, int]], page_uri: str, title: str
) -> nodes.container:
    """A paragraph of links to guide files.

    :param files: (format, path relative to the output root, size in bytes).
    :param page_uri: the page's own URI (``builder.get_target_uri``), for relative links.
    """
    paragraph = nodes.paragraph(classes=["quicktakes-downloads-buttons"])
    paragraph += nodes.strong("", "Study guide:")
    for fmt, path, size in files:
        label = LABELS.get(fmt, fmt.upper())
        paragraph += nodes.Text(" ")
        # The link's accessible name says what it downloads; the visible text stays short.
        spoken = f"Download the {title} study guide, "
        paragraph += nodes.reference(
            "",
            "",
            nodes.inline(spoken, spoken, classes=[HIDDEN_CLASS]),
            nodes.Text(f"{label} · {human_size(size)}"),
            refuri=relative_uri(page_uri, path),
            classes=[
                "sd-btn",
                "sd-btn-outline-primary",
                "quicktakes-download",
                f"quicktakes-download-{fmt}",
            ],
        )
    return nodes.container("", paragraph, classes=["quicktakes-downloads"])
