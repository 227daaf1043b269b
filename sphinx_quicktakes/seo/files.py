"""``build-finished``: sitemap.xml, robots.txt and Atom feeds, from the stored records."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from sphinx_quicktakes.flashcards.paging import stored_pages
from sphinx_quicktakes.outputs import read_json, write_if_changed, write_json
from sphinx_quicktakes.pages import LIBRARY_DOCNAME
from sphinx_quicktakes.records import SubjectRecord
from sphinx_quicktakes.seo import feeds, robots, sitemap
from sphinx_quicktakes.seo.feeds import FeedEntry, FeedInfo
from sphinx_quicktakes.seo.site import SeoSite, seo_site
from sphinx_quicktakes.seo.sitemap import SitemapEntry
from sphinx_quicktakes.seo.urls import absolute, output_path
from sphinx_quicktakes.shards.spec import shard_of
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.version import __version__
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn

LOGGER = logging.getLogger(__name__)
#: Extension whose sitemap, when loaded, replaces ours.
SPHINX_SITEMAP = "sphinx_sitemap"
#: In the doctree folder: what the last build's site files were made from.
STAMP_FILE = "quicktakes-site-files.json"


def shipped(app: Sphinx, name: str) -> Path | None:
    """The project's own copy of ``name`` at the output root (from ``html_extra_path``)."""
    confdir = Path(app.confdir)
    for entry in app.config.html_extra_path:
        path = confdir / str(entry)
        if path.is_dir() and (path / name).is_file():
            return path / name
        if path.is_file() and path.name == name:
            return path
    return None


def sitemap_entries(site: SeoSite) -> list[SitemapEntry]:
    """Library index, subject indexes and indexable articles, with their last change."""
    articles = site.indexed_articles()
    dates: dict[str, str] = {name: rec.date for name, rec in articles if rec.date}
    entries = []
    if LIBRARY_DOCNAME in site.records:
        newest = max(dates.values(), default=None)
        entries.append(SitemapEntry(str(site.url(LIBRARY_DOCNAME)), newest))
    for docname, record in site.subjects():
        newest = max((dates[d] for d in record.docnames if d in dates), default=None)
        entries.append(SitemapEntry(str(site.url(docname)), newest))
        entries += [
            SitemapEntry(str(site.url(page)), newest) for page in flashcards_of(site, record)
        ]
    for docname, listing in site.listings():
        newest = max((dates[d] for d in listing.listed if d in dates), default=None)
        entries.append(SitemapEntry(str(site.url(docname)), newest))
    entries += [SitemapEntry(str(site.url(name)), dates.get(name)) for name, _ in articles]
    return entries


def flashcards_of(site: SeoSite, record: SubjectRecord) -> list[str]:
    """Docnames of a subject's flashcards pages (none when they are off)."""
    if not site.options.flashcards:
        return []
    per_page = site.options.flashcards_per_page
    pages = stored_pages(record.slug, record.name, record.docnames, per_page, site.records)
    return [page.docname for page in pages]


def library_feeds(site: SeoSite) -> list[tuple[str, FeedInfo]]:
    """(path under the output folder, feed) of the library and of every subject."""
    length = site.options.feed_length
    entries: dict[str, list[FeedEntry]] = {}
    for docname, record in site.indexed_articles():
        entries.setdefault(record.subject_slug, []).append(site.feed_entry(docname, record))
    every = [entry for group in entries.values() for entry in group]
    result = []
    if LIBRARY_DOCNAME in site.records:
        result.append(
            (
                site.feed_path(),
                FeedInfo(
                    url=str(site.feed_url()),
                    page_url=str(site.url(LIBRARY_DOCNAME)),
                    title=site.feed_title(site.library_title),
                    author=site.info.name or site.library_title,
                    subtitle=site.description(LIBRARY_DOCNAME),
                    language=site.info.language,
                    entries=feeds.newest(every, length),
                ),
            )
        )
    for docname, subject in site.subjects():
        slug = subject.slug
        result.append(
            (
                site.feed_path(slug),
                FeedInfo(
                    url=str(site.feed_url(slug)),
                    page_url=str(site.url(docname)),
                    title=site.feed_title(subject.name),
                    author=site.info.name or site.library_title,
                    subtitle=site.description(docname),
                    language=site.info.language,
                    entries=feeds.newest(entries.get(slug, []), length),
                ),
            )
        )
    return result


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write the site files of a successful html/dirhtml build."""
    shard = shard_of(app)
    if exception is not None or (shard is not None and not shard.is_site):
        return
    site = seo_site(app)
    if site is None or not site.info.base_url:
        return
    outdir = Path(app.outdir)
    stamp = _stamp(app, site)
    if _site_files_current(app, stamp):
        return
    written: list[Path] = []
    if site.options.sitemap:
        _write_sitemap(app, site, outdir, written)
    if site.options.feeds:
        for relpath, feed in library_feeds(site):
            path = output_path(outdir, relpath)
            write_if_changed(path, feeds.atom_feed(feed))
            written.append(path)
    record = {"stamp": stamp, "files": [str(path) for path in written]}
    write_json(Path(app.doctreedir) / STAMP_FILE, record)


def _stamp(app: Sphinx, site: SeoSite) -> str:
    """What the site files depend on besides the page records."""
    inputs = (
        __version__,
        app.builder.name,
        str(app.outdir),
        repr(site.options),
        repr(site.info),
        SPHINX_SITEMAP in app.extensions,
        str(getattr(app.config, "sitemap_filename", "")),
        str(shipped(app, sitemap.FILENAME)),
        str(shipped(app, robots.FILENAME)),
    )
    return hashlib.sha256(repr(inputs).encode("utf-8", "surrogatepass")).hexdigest()


def _site_files_current(app: Sphinx, stamp: str) -> bool:
    """True if no page was read this build and the last build wrote the same files."""
    if get_state(app).pages_read:
        return False
    record = read_json(Path(app.doctreedir) / STAMP_FILE)
    if not isinstance(record, dict) or record.get("stamp") != stamp:
        return False
    return all(Path(str(name)).is_file() for name in record.get("files", ()))


def _write_sitemap(app: Sphinx, site: SeoSite, outdir: Path, written: list[Path]) -> None:
    sitemap_name = sitemap.FILENAME
    if SPHINX_SITEMAP in app.extensions:
        # sphinx-sitemap writes the site's sitemap; a second one would conflict with it.
        sitemap_name = str(getattr(app.config, "sitemap_filename", "") or sitemap.FILENAME)
        LOGGER.info("sphinx-quicktakes: %s is sphinx-sitemap's; not writing one", sitemap_name)
    elif own := shipped(app, sitemap.FILENAME):
        warn(
            f"{sitemap.FILENAME} is shipped by the project ({own}); the library's sitemap is not "
            "written. Set quicktakes_sitemap = False to silence this.",
            QuickTakesWarning.SEO,
            location=str(own),
        )
    else:
        files = sitemap.sitemap_files(sitemap_entries(site), site.info.base_url)
        for name, data in files.items():
            write_if_changed(outdir / name, data)
            written.append(outdir / name)
    if shipped(app, robots.FILENAME):
        return
    if not robots.at_site_root(site.info.base_url):
        LOGGER.info(
            "sphinx-quicktakes: the site is not at the root of its host; robots.txt not written"
        )
        return
    sitemap_url = absolute(site.info.base_url, sitemap_name)
    write_if_changed(outdir / robots.FILENAME, robots.robots_txt(sitemap_url).encode("utf-8"))
    written.append(outdir / robots.FILENAME)
