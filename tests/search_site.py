"""A small library for the search tests: four subjects, a no_index and a hostile article."""

from __future__ import annotations

from pathlib import Path

from helpers import article, write_article

CONF = """
project = "Search"
copyright = "2026, Tests"
extensions = ["sphinx_quicktakes"]
quicktakes_base_url = "https://example.org/docs/"
quicktakes_html_guides = False
html_theme = {theme!r}
"""
INDEX = """# Search

The team's own guide mentions flibbertigibbet.

```{toctree}
learn/index
```
"""
HOSTILE_QUESTION = 'Why is <script>alert(1)</script> 3 < 5 & "x"?'
ARTICLES = [
    ("biology/photosynthesis.md", "Biology", "How does photosynthesis store energy?",
     "Chlorophyll captures light and stores it as sugar.\\n\\nPhotosynthesis happens in "
     "chloroplasts, photosynthesis again.", {"date": "2025-03-01"}),
    ("biology/osmosis.md", "Biology", "What is osmosis?",
     "Water moves across a membrane toward more solute, as in a quillwort root.",
     {"date": "2025-02-01"}),
    ("chemistry/bonds.md", "Chemistry", "What is a covalent bond?",
     "Atoms share electron pairs.", {"date": "2025-01-05"}),
    ("chemistry/photo-chem.md", "Chemistry", "Why does light chemistry matter to chemists?",
     "Photosynthesis is a redox reaction driven by light.", {"date": "2024-12-01"},
     "Photosynthesis and photography both run on light-driven reactions."),
    ("history/rome.md", "History", "Why did the Roman Republic fall?",
     "Civil wars and ambitious generals.", {"date": "2024-11-01"}),
    ("history/hidden.md", "History", "Where is the zanzibarquux archive?",
     "Only zanzibarquux keepers know.", {"extra": "no_index: true"}),
    ("maths/hostile.md", "Maths", HOSTILE_QUESTION,
     "Because <img src=x onerror=alert(2)> numbers xyzzyplugh order.", {"slug": "hostile"}),
]  # fmt: skip


def make_search_site(srcdir: Path, theme: str = "alabaster", extra_conf: str = "") -> Path:
    """Write the project into ``srcdir`` and return it.

    An entry's optional sixth item is its SEO summary (``seo.page_description``).
    """
    content = srcdir / "content"
    for number, (path, subject, question, answer, options, *summary) in enumerate(ARTICLES, 1):
        text = article(number, subject, question, answer, **options)
        if summary:
            text = text.replace(f"About {question}", summary[0], 1)
        write_article(content, path, text)
    (srcdir / "conf.py").write_text(CONF.format(theme=theme) + extra_conf)
    (srcdir / "index.md").write_text(INDEX)
    return srcdir
