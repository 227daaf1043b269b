"""What a guide run built: one file per guide and format, and the guides of an html build."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class GuideFile:
    """One guide file in the output folder."""

    guide: str
    #: The site page that offers the guide (subject index or library index).
    page: str
    format: str
    name: str
    size: int
    #: True when this run (re)wrote the file.
    written: bool


@dataclass
class HtmlGuides:
    """Guides of an html/dirhtml build: where they go and what was built."""

    outdir: Path
    #: (kind, key) -> files, kind ``library`` or ``subject``.
    files: dict[tuple[str, str], list[GuideFile]] = field(default_factory=dict)
    titles: dict[tuple[str, str], str] = field(default_factory=dict)
