"""The guide files of one output folder, cached between runs by :mod:`~sphinx_quicktakes.outputs`.

Each file has a quick key (the settings, the guide's structure and the digests of its
articles' stored doctrees) that lets an unchanged guide be skipped without translating it,
and a content key (the translated chapters) that spares rendering it again when a page was
re-read without a change. The manifest lives in the doctree folder, one per output folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from sphinx_quicktakes.guides.built import GuideFile
from sphinx_quicktakes.guides.plan import GuidePlan, GuideSettings
from sphinx_quicktakes.guides.sources import GuideSources
from sphinx_quicktakes.outputs import Claim, OutputCache, key_of

__all__ = ["GuideCache", "GuideFile", "file_name"]

MANIFEST_VERSION = 2
#: Under the doctree folder.
CACHE_DIR = "quicktakes-guides"


def file_name(plan: GuidePlan, fmt: str) -> str:
    """The name of a guide's file in format ``fmt``."""
    return f"{plan.stem()}.{fmt}"


class GuideCache:
    """Keys and manifest of the guide files written into ``outdir``."""

    def __init__(
        self, doctreedir: Path, outdir: Path, settings: GuideSettings, sources: GuideSources
    ) -> None:
        tag = hashlib.sha1(str(outdir.resolve()).encode()).hexdigest()[:12]
        manifest = doctreedir / CACHE_DIR / f"manifest-{tag}.json"
        #: Rendered parts of this folder's PDFs, kept between runs.
        self.parts_dir = doctreedir / CACHE_DIR / f"pdf-parts-{tag}"
        self.outputs = OutputCache(outdir, manifest, MANIFEST_VERSION)
        self.settings_key = settings.key()
        self.sources = sources

    def quick_key(self, plan: GuidePlan, fmt: str, *extra: Any) -> str:
        """Key of a guide file that is known without translating its articles."""
        digests = [self.sources.digest(docname) for docname in plan.docnames]
        return key_of(self.settings_key, fmt, plan.describe(), digests, *extra)

    def content_key(self, plan: GuidePlan, fmt: str, *extra: Any) -> str:
        """Key of a guide file made from its translated chapters."""
        chapters = self.sources.chapters(plan)
        digests = [chapters[docname].digest() for docname in plan.docnames]
        return key_of(self.settings_key, fmt, plan.describe(), digests, *extra)

    def claim(
        self, plan: GuidePlan, fmt: str, *extra: Any, content: Callable[[], str] | None = None
    ) -> Claim:
        """Claim a guide's file; ``content`` replaces the chapter-based content key."""
        return self.outputs.claim(
            file_name(plan, fmt),
            content or (lambda: self.content_key(plan, fmt, *extra)),
            self.quick_key(plan, fmt, *extra),
        )

    def store(self, claim: Claim, data: bytes, **extra: Any) -> bool:
        """Write a claimed file if its bytes changed; True if written."""
        return self.outputs.store(claim, data, **extra)

    def store_written(
        self, claim: Claim, write: Callable[[BinaryIO], object], **extra: Any
    ) -> bool:
        """Write a claimed file through ``write``, given the open file; True if it changed."""
        return self.outputs.store_written(claim, write, **extra)

    def guide_file(self, plan: GuidePlan, fmt: str, written: bool) -> GuideFile:
        """The claimed file of a guide, as offered to the site."""
        name = file_name(plan, fmt)
        size = self.outputs.entry(name)["size"]
        return GuideFile(plan.key, plan.page_docname, fmt, name, size, written)
