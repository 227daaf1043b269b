"""A shard's build within the whole library: the records it shares, and its events.

The site shard lists every page (sitemap, feeds, library search), yet reads none of the
other shards' pages: their records travel as one file per shard, written when the shard's
build ends and read by the site shard's build.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import fields
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.guides.html import html_guides
from sphinx_quicktakes.outputs import read_json, write_if_changed, write_json
from sphinx_quicktakes.records import ArticleRecord, PageRecord
from sphinx_quicktakes.shards.links import OtherShardLinks, mark_page_links, resolve_other_shard
from sphinx_quicktakes.shards.spec import owned_by, shard_of, subject_of_page
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

#: In a shard's doctree folder: the records of the pages it owns.
RECORDS_FILE = "quicktakes-shard-records.pickle"
#: In a shard's doctree folder: the digest of what the site shard's output takes from it.
SITE_KEY_FILE = "quicktakes-shard-site-key.txt"
#: In the site shard's doctree folder: the digest of the records it last read.
IMPORTED_FILE = "quicktakes-shard-imported.json"


def export_records(app: Sphinx, exception: BaseException | None) -> None:
    """After a subject shard's build, keep the records of its pages for the site shard."""
    shard = shard_of(app)
    if exception is not None or shard is None or shard.is_site:
        return
    pages = get_domain(app.env).pages
    owned = sorted((name, record) for name, record in pages.items() if owned_by(shard, name))
    data = pickle.dumps(owned, protocol=pickle.HIGHEST_PROTOCOL)
    write_if_changed(Path(app.doctreedir) / RECORDS_FILE, data)
    key = site_key(owned, answers=html_guides(app) is not None)
    write_if_changed(Path(app.doctreedir) / SITE_KEY_FILE, key.encode("ascii"))


_FIELD_NAMES: dict[type, list[str]] = {}


def _field_names(record: PageRecord) -> list[str]:
    """The field names of a record's class, in order."""
    kind = type(record)
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = [field.name for field in fields(record)]
    return _FIELD_NAMES[kind]


def site_key(owned: list[tuple[str, PageRecord]], answers: bool) -> str:
    """Digest of what the site shard's output takes from a shard's records.

    With ``answers`` (the site shard builds the library's guides, which hold every answer)
    that is every field of every record. Otherwise it is every field but an article's file
    digest: the site-wide files are made from the other fields, so an edit that changes none
    of them (most answer edits) leaves the site shard as it was. The digest is of the
    records' values as JSON: pickled bytes also depend on which values share one object.
    """
    data = []
    for docname, record in owned:
        names = _field_names(record)
        values = [getattr(record, name) for name in names]
        if not answers and isinstance(record, ArticleRecord):
            values[names.index("fingerprint")] = ""
        data.append([docname, record.kind, values])
    text = json.dumps(data, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def import_records(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Give the site shard the records of every other shard's pages, before pages are written.

    Records of pages the site shard does not own are replaced whole, so an article removed
    from its shard leaves the sitemap, feeds and search too.
    """
    shard = shard_of(app)
    if shard is None or not shard.is_site:
        return []
    pages = get_domain(env).pages
    digest = hashlib.sha256()
    imported: dict[str, PageRecord] = {}
    for path in shard.records:
        try:
            data = Path(path).read_bytes()
            records = pickle.loads(data)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError) as error:
            warn(
                f"records of a shard not read ({error}); its pages are left out of the "
                "sitemap, feeds and library search",
                QuickTakesWarning.CONFIG,
                location=path,
            )
            continue
        digest.update(data)
        imported.update(records)
    for name in [name for name in pages if subject_of_page(name) is not None]:
        if name not in imported:
            del pages[name]
    pages.update(imported)
    _note_change(app, digest.hexdigest())
    return []


def _note_change(app: Sphinx, digest: str) -> None:
    """Count changed records as a page read, so the site-wide files are written again."""
    state = get_state(app)
    state.imported_records = digest
    if read_json(Path(app.doctreedir) / IMPORTED_FILE) != digest:
        state.pages_read += 1


def note_imported(app: Sphinx, exception: BaseException | None) -> None:
    """After a successful site shard build, remember which records its files were made from."""
    digest = get_state(app).imported_records
    if exception is None and digest:
        write_json(Path(app.doctreedir) / IMPORTED_FILE, digest)


def setup_shards(app: Sphinx) -> None:
    """Connect the shard events (each does nothing in a whole-library build)."""
    app.connect("missing-reference", resolve_other_shard)
    app.add_post_transform(OtherShardLinks)
    app.connect("doctree-read", mark_page_links, priority=400)
    app.connect("env-updated", import_records, priority=100)
    app.connect("build-finished", export_records, priority=100)
    app.connect("build-finished", note_imported, priority=900)
