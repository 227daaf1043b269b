"""Study guides of a sharded build: each shard makes its subjects' guides, the site shard the
library's, joined from what the subject shards kept for it.

A subject shard keeps, beside its records, the translated chapter of each of its articles
and the manifest entry of each subject PDF. The site shard reads them: the library EPUB is
made from those chapters and the library PDF joined from those PDFs, exactly as a
whole-library build makes them, without reading a page of another shard.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx_quicktakes.guides.cache import GuideFile, file_name
from sphinx_quicktakes.guides.chapters import Chapter
from sphinx_quicktakes.guides.context import GuideRun
from sphinx_quicktakes.guides.plan import LIBRARY, GuidePlan
from sphinx_quicktakes.outputs import write_if_changed
from sphinx_quicktakes.shards.spec import ShardSpec
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

#: In a subject shard's doctree folder: its chapters and subject PDFs, for the site shard.
GUIDES_FILE = "quicktakes-shard-guides.pickle"
PDF = "pdf"

Writer = Callable[[GuideRun, list[GuidePlan], list[GuidePlan] | None], list[GuideFile]]


@dataclass
class GuideParts:
    """What a subject shard keeps of its guides for the library's."""

    settings: str = ""
    #: docname -> (doctree digest, translated chapter)
    chapters: dict[str, tuple[str, Chapter]] = field(default_factory=dict)
    #: subject PDF file name -> (path, manifest entry)
    pdfs: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)


def _load(path: Path) -> GuideParts | None:
    try:
        stored = pickle.loads(path.read_bytes())
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return stored if isinstance(stored, GuideParts) else None


def keep_parts(run: GuideRun, plans: list[GuidePlan]) -> None:
    """Keep the chapters and PDFs of a subject shard's guides (only changed chapters are
    translated again)."""
    path = Path(run.app.doctreedir) / GUIDES_FILE
    previous = _load(path) or GuideParts()
    same = previous.settings == run.cache.settings_key
    parts = GuideParts(run.cache.settings_key)
    for plan in plans:
        for docname in plan.docnames:
            digest = run.sources.digest(docname)
            known = previous.chapters.get(docname) if same else None
            kept = known if known and known[0] == digest else None
            parts.chapters[docname] = kept or (digest, run.sources.chapter(docname))
        name = file_name(plan, PDF)
        if name in run.cache.outputs.entries:
            parts.pdfs[name] = (str(run.outdir / name), run.cache.outputs.entry(name))
    write_if_changed(path, pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL))


def read_parts(run: GuideRun, shard: ShardSpec) -> GuideParts:
    """Every subject shard's kept parts, for the site shard."""
    merged = GuideParts(run.cache.settings_key)
    for records in shard.records:
        path = Path(records).parent / GUIDES_FILE
        parts = _load(path)
        if parts is None or parts.settings != run.cache.settings_key:
            warn(
                "a shard's guide parts are missing or made with other options; the library "
                "guides leave its subjects out",
                QuickTakesWarning.GUIDE,
                location=str(path),
            )
            continue
        merged.chapters.update(parts.chapters)
        merged.pdfs.update(parts.pdfs)
    return merged


def shard_guides(
    run: GuideRun, plans: list[GuidePlan], shard: ShardSpec, write: Writer
) -> list[GuideFile]:
    """A shard's guides: a subject shard's subjects, or the site shard's library guides."""
    if not shard.is_site:
        mine = [p for p in plans if p.kind != LIBRARY and shard.owns_subject(p.key)]
        files = write(run, mine, None)
        keep_parts(run, mine)
        return files
    parts = read_parts(run, shard)
    run.sources.foreign = parts.chapters
    run.foreign_pdfs = parts.pdfs
    subjects = [p for p in plans if p.kind != LIBRARY]
    complete = all(docname in parts.chapters for p in subjects for docname in p.docnames)
    library = [p for p in plans if p.kind == LIBRARY and complete]
    joined = [p for p in subjects if file_name(p, PDF) in parts.pdfs]
    return write(run, library, joined)
