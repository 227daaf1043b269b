"""Build every study guide of a project into one folder, re-rendering only what changed.

Each output file has two keys in a manifest kept in the doctree folder: a quick key (the
settings, the guide's structure and the hashes of its articles' pickled doctrees) that lets
an unchanged guide be skipped without even translating it, and a content key (the
translated chapters) that spares re-rendering when a page was re-read without a change.
A file is only written when its bytes differ, so unchanged guides keep their mtime.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.display import progress_message, status_iterator
from sphinx.util.parallel import ParallelTasks, parallel_available

from sphinx_quicktakes.articles import Library
from sphinx_quicktakes.config import PREFIX, QuickTakesConfig
from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.guides.built import GuideFile
from sphinx_quicktakes.guides.chapters import Chapter, MathItem, make_chapter
from sphinx_quicktakes.guides.decks import FORMAT as FORMAT_APKG
from sphinx_quicktakes.guides.decks import write_decks
from sphinx_quicktakes.guides.epub import build_epub
from sphinx_quicktakes.guides.mathml import MathRenderer
from sphinx_quicktakes.guides.pdf import (
    article_pages,
    join_library,
    library_front_document,
    print_css,
    render_pdf,
    subject_document,
)
from sphinx_quicktakes.guides.plan import (
    FORMATS,
    LIBRARY,
    RENDER_VERSION,
    GuidePlan,
    GuideSettings,
    doctree_digest,
    plan_guides,
    read_cover,
    source_date_epoch,
)
from sphinx_quicktakes.pages import LIBRARY_DOCNAME, public_url
from sphinx_quicktakes.records import ArticleRecord, LibraryRecord, SubjectRecord
from sphinx_quicktakes.state import get_state
from sphinx_quicktakes.version import __version__
from sphinx_quicktakes.warnings_ import QuickTakesWarning, warn
from sphinx_quicktakes.writer import atomic_write

CSS_DIR = Path(__file__).parent / "css"
MANIFEST_VERSION = 1
_LIBRARIES = (
    "genanki",
    "ebooklib",
    "weasyprint",
    "pypdf",
    "pikepdf",
    "latex2mathml",
    "ziamath",
    "pygments",
    "docutils",
)


def _hash(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _versions() -> tuple[str, ...]:
    versions = [f"quicktakes={__version__}", f"render={RENDER_VERSION}"]
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    for css in sorted(CSS_DIR.glob("*.css")):
        versions.append(f"{css.name}={hashlib.sha256(css.read_bytes()).hexdigest()[:16]}")
    return tuple(versions)


def _options(app: Sphinx) -> QuickTakesConfig:
    return get_state(app).config


def guide_settings(app: Sphinx) -> GuideSettings:
    """The guide settings of the project; an unreadable cover is reported and left out."""
    options = _options(app)
    # Sphinx reads a location without ":" as a docname.
    conf = f"{Path(app.confdir) / 'conf.py'}:1"
    cover = None
    if options.guide_cover_image:
        found = read_cover(Path(app.srcdir) / options.guide_cover_image)
        if isinstance(found, str):
            warn(
                found + "; the guides have no cover image", QuickTakesWarning.CONFIG, location=conf
            )
        else:
            cover = found
    return GuideSettings(
        project=str(app.config.project),
        site_name=options.site_name or str(app.config.project),
        base_url=options.base_url,
        language=str(app.config.language or "en"),
        date_format=options.date_format,
        formats=tuple(f for f in FORMATS if f in options.guide_formats),
        paper_size=options.guide_paper_size.strip(),
        font_family=options.guide_font_family.strip(),
        source_date=source_date_epoch(),
        cover=cover,
        versions=_versions(),
        accessibility_summary=options.accessibility_summary,
        certified_by=options.accessibility_certified_by,
    )


class GuideRun:
    """One pass over every guide of a project, writing into ``outdir``."""

    def __init__(self, app: Sphinx, outdir: Path) -> None:
        self.app = app
        self.env = app.env
        self.outdir = outdir
        self.pages = get_domain(app.env).pages
        self.settings = guide_settings(app)
        self.settings_key = self.settings.key()
        cache = Path(app.doctreedir) / "quicktakes-guides"
        tag = hashlib.sha1(str(outdir.resolve()).encode()).hexdigest()[:12]
        self.manifest_path = cache / f"manifest-{tag}.json"
        self.manifest = self._load_manifest()
        self.new_manifest: dict[str, dict[str, Any]] = {}
        self._chapters: dict[str, Chapter] = {}
        self._digests: dict[str, str] = {}
        self.math = MathRenderer(self._math_problem)
        self.css = {
            name: (CSS_DIR / f"{name}.css").read_text("utf-8") for name in ("epub", "print")
        }
        from pygments.formatters import HtmlFormatter

        self.pygments_css = HtmlFormatter(style="default").get_style_defs(".highlight")

    # --- manifest -------------------------------------------------------------------
    def _load_manifest(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.manifest_path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}

    def _save_manifest(self) -> None:
        data = {"version": MANIFEST_VERSION, "files": self.new_manifest}
        atomic_write(self.manifest_path, json.dumps(data, indent=1, sort_keys=True).encode())

    def _intact(self, name: str) -> dict[str, Any] | None:
        entry = self.manifest.get(name)
        if not isinstance(entry, dict):
            return None
        try:
            stat = (self.outdir / name).stat()
        except OSError:
            return None
        if stat.st_size != entry.get("size") or stat.st_mtime_ns != entry.get("mtime_ns"):
            return None
        return entry

    def _keep(self, name: str, entry: dict[str, Any], quick: str) -> None:
        self.new_manifest[name] = {**entry, "quick": quick}

    def _store(self, name: str, data: bytes, quick: str, content: str, **extra: Any) -> bool:
        path = self.outdir / name
        try:
            written = path.read_bytes() != data
        except OSError:
            written = True
        if written:
            atomic_write(path, data)
        stat = path.stat()
        self.new_manifest[name] = {
            "quick": quick,
            "content": content,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            **extra,
        }
        return written

    # --- inputs -----------------------------------------------------------------------
    def _math_problem(self, message: str, item: MathItem, docname: str) -> None:
        tex = " ".join(item.tex.split())
        warn(f"{message}: {tex!r:.80}", QuickTakesWarning.GUIDE, location=(docname, item.line))

    def _chapter_problem(self, message: str, docname: str) -> None:
        warn(message, QuickTakesWarning.GUIDE, location=(docname, None))

    def digest(self, docname: str) -> str:
        if docname not in self._digests:
            self._digests[docname] = doctree_digest(Path(self.app.doctreedir), docname)
        return self._digests[docname]

    def chapter(self, docname: str) -> Chapter:
        if docname not in self._chapters:
            record = self.pages.get(docname)
            title = record.question if isinstance(record, ArticleRecord) else docname
            doctree = self.env.get_doctree(docname)
            self._chapters[docname] = make_chapter(doctree, docname, title, self.settings.language)
        return self._chapters[docname]

    def chapters(self, plan: GuidePlan) -> dict[str, Chapter]:
        return {docname: self.chapter(docname) for docname in plan.docnames}

    def external(self, docname: str) -> str | None:
        """Public URL of a library page, when ``base_url`` is set."""
        if not self.settings.base_url or docname not in self.pages:
            return None
        return public_url(self.settings.base_url, docname)

    def _quick_key(self, plan: GuidePlan, fmt: str, *extra: Any) -> str:
        return _hash(
            self.settings_key, fmt, plan.describe(), [self.digest(d) for d in plan.docnames], *extra
        )

    def _content_key(self, plan: GuidePlan, fmt: str, *extra: Any) -> str:
        chapters = self.chapters(plan)
        return _hash(
            self.settings_key,
            fmt,
            plan.describe(),
            [chapters[d].digest() for d in plan.docnames],
            *extra,
        )

    # --- building ---------------------------------------------------------------------
    def run(self, plans: list[GuidePlan]) -> list[GuideFile]:
        """Write the guides of ``plans``; return every guide file with its size."""
        self.outdir.mkdir(parents=True, exist_ok=True)
        files: list[GuideFile] = []
        if "epub" in self.settings.formats:
            files += self._epubs(plans)
        if "pdf" in self.settings.formats:
            files += self._pdfs(plans)
        if FORMAT_APKG in self.settings.formats:
            files += write_decks(self, plans, self._library())
        self._remove_stale()
        self._save_manifest()
        return files

    def _epubs(self, plans: list[GuidePlan]) -> list[GuideFile]:
        files = []
        css = (self.css["epub"] + "\n" + self.pygments_css).encode("utf-8")
        for plan in status_iterator(
            plans,
            "writing EPUB study guides... ",
            "darkgreen",
            len(plans),
            self.app.verbosity,
            stringify_func=lambda p: p.stem() + ".epub",
        ):
            name = plan.stem() + ".epub"
            quick = self._quick_key(plan, "epub")
            entry = self._intact(name)
            written = False
            if entry is not None and entry.get("quick") == quick:
                self._keep(name, entry, quick)
            else:
                content = self._content_key(plan, "epub")
                if entry is not None and entry.get("content") == content:
                    self._keep(name, entry, quick)
                else:
                    data = build_epub(
                        plan,
                        self.settings,
                        self.chapters(plan),
                        self.math.mathml,
                        self.external,
                        css,
                        self._chapter_problem,
                    )
                    written = self._store(name, data, quick, content)
            files.append(
                GuideFile(
                    plan.key,
                    plan.page_docname,
                    "epub",
                    name,
                    self.new_manifest[name]["size"],
                    written,
                )
            )
        return files

    def _subject_html(self, plan: GuidePlan) -> str:
        chapters = self.chapters(plan)
        inside = {docname: "#" + chapters[docname].anchor for docname in plan.docnames}

        def link(docname: str) -> str | None:
            return inside.get(docname) or self.external(docname)

        css = print_css(self.css["print"], self.settings, self.pygments_css)
        return subject_document(plan, self.settings, chapters, link, self.math.svg, css)

    def _pdfs(self, plans: list[GuidePlan]) -> list[GuideFile]:
        subjects = [plan for plan in plans if plan.kind != LIBRARY]
        jobs: list[tuple[GuidePlan, str, str, str]] = []
        files: dict[str, GuideFile] = {}
        for plan in subjects:
            name = plan.stem() + ".pdf"
            quick = self._quick_key(plan, "pdf")
            entry = self._intact(name)
            if entry is not None and entry.get("quick") == quick:
                self._keep(name, entry, quick)
                continue
            content = self._content_key(plan, "pdf")
            if entry is not None and entry.get("content") == content:
                self._keep(name, entry, quick)
                continue
            jobs.append((plan, name, quick, content))
        rendered = self._render([(job[1], self._subject_html(job[0])) for job in jobs])
        for plan, name, quick, content in jobs:
            anchors = [self.chapter(d).anchor for d in plan.docnames]
            pages = article_pages(rendered[name], anchors)
            written = self._store(name, rendered[name], quick, content, pages=pages)
            files[name] = GuideFile(
                plan.key, plan.page_docname, "pdf", name, self.new_manifest[name]["size"], written
            )
        for plan in subjects:
            name = plan.stem() + ".pdf"
            if name not in files:
                files[name] = GuideFile(
                    plan.key, plan.page_docname, "pdf", name, self.new_manifest[name]["size"], False
                )
        result = [files[plan.stem() + ".pdf"] for plan in subjects]
        library = next((plan for plan in plans if plan.kind == LIBRARY), None)
        if library is not None:
            result.append(self._library_pdf(library, subjects))
        return result

    def _render(self, jobs: list[tuple[str, str]]) -> dict[str, bytes]:
        """Render print documents to PDF, in parallel with ``-j``."""
        results: dict[str, bytes] = {}
        if not jobs:
            return results
        summary = "rendering PDF study guides... "
        if parallel_available and self.app.parallel > 1 and len(jobs) > 1:
            progress = status_iterator(
                [name for name, _ in jobs], summary, "darkgreen", len(jobs), self.app.verbosity
            )
            tasks = ParallelTasks(min(self.app.parallel, len(jobs)))

            def done(name: str) -> Callable[[Any, bytes], None]:
                def store(_arg: Any, result: bytes) -> None:
                    results[name] = result
                    next(progress, None)

                return store

            for name, document in jobs:
                tasks.add_task(render_pdf, document, done(name))
            tasks.join()
            for _ in progress:
                pass
            return results
        for name, document in status_iterator(
            jobs,
            summary,
            "darkgreen",
            len(jobs),
            self.app.verbosity,
            stringify_func=lambda job: job[0],
        ):
            results[name] = render_pdf(document)
        return results

    def _library_pdf(self, plan: GuidePlan, subjects: list[GuidePlan]) -> GuideFile:
        name = plan.stem() + ".pdf"
        parts = [self.new_manifest[s.stem() + ".pdf"] for s in subjects]
        quick = _hash(self.settings_key, "pdf", plan.describe(), [p["quick"] for p in parts])
        entry = self._intact(name)
        if entry is not None and entry.get("quick") == quick:
            self._keep(name, entry, quick)
            return GuideFile(plan.key, plan.page_docname, "pdf", name, entry["size"], False)
        datas = [(self.outdir / (s.stem() + ".pdf")).read_bytes() for s in subjects]
        content = _hash(
            self.settings_key,
            "pdf",
            plan.describe(),
            [hashlib.sha256(d).hexdigest() for d in datas],
        )
        if entry is not None and entry.get("content") == content:
            self._keep(name, entry, quick)
            return GuideFile(plan.key, plan.page_docname, "pdf", name, entry["size"], False)
        with progress_message("joining the library PDF study guide"):
            pages = []
            for subject, data, part in zip(subjects, datas, parts, strict=True):
                stored = part.get("pages")
                if not isinstance(stored, list) or len(stored) != len(subject.docnames):
                    stored = article_pages(data, [self.chapter(d).anchor for d in subject.docnames])
                pages.append(stored)
            css = print_css(self.css["print"], self.settings, self.pygments_css)
            front = render_pdf(library_front_document(plan, self.settings, pages, css))
            internal: dict[str, tuple[int, int]] = {}
            if self.settings.base_url:
                for number, (subject, part_pages) in enumerate(zip(subjects, pages, strict=True)):
                    for docname, page in zip(subject.docnames, part_pages, strict=True):
                        internal[public_url(self.settings.base_url, docname)] = (number, page)
            data = join_library(front, list(zip(plan.parts, datas, strict=True)), internal)
        written = self._store(name, data, quick, content)
        return GuideFile(
            plan.key, plan.page_docname, "pdf", name, self.new_manifest[name]["size"], written
        )

    # What :mod:`~sphinx_quicktakes.guides.decks` uses to cache its files like the others.
    def quick_key(self, plan: GuidePlan, fmt: str, *extra: Any) -> str:
        """Key of a guide file that is known without translating its articles."""
        return self._quick_key(plan, fmt, *extra)

    def intact(self, name: str) -> dict[str, Any] | None:
        """The manifest entry of a file still as it was written, else None."""
        return self._intact(name)

    def keep(self, name: str, entry: dict[str, Any], quick: str) -> None:
        """Keep a file that is up to date."""
        self._keep(name, entry, quick)

    def store(self, name: str, data: bytes, quick: str, content: str) -> bool:
        """Write a file if its bytes changed; True if written."""
        return self._store(name, data, quick, content)

    def _library(self) -> Library | None:
        return get_state(self.app).library

    def deck_parent(self) -> str:
        """The parent deck of every subject deck: the library's title."""
        record = self.pages.get(LIBRARY_DOCNAME)
        title = record.title if isinstance(record, LibraryRecord) else ""
        return title or _options(self.app).library_title

    def _remove_stale(self) -> None:
        """Delete guide files of earlier runs that no guide produces any more."""
        for name in self.manifest:
            if name in self.new_manifest or "/" in name or name.startswith("."):
                continue
            if self._intact(name) is not None:
                (self.outdir / name).unlink(missing_ok=True)


def build_guides(app: Sphinx, outdir: Path) -> list[GuideFile]:
    """Build the project's guides into ``outdir`` (nothing when it has no articles)."""
    run = GuideRun(app, outdir)
    options = _options(app)
    plans = plan_guides(run.pages, options, run.settings.site_name)
    known = {record.slug for record in run.pages.values() if isinstance(record, SubjectRecord)}
    unknown = sorted(set(options.guide_subjects) - known)
    if unknown and known:
        warn(
            f"{PREFIX}guide_subjects names no published subject: {', '.join(unknown)}",
            QuickTakesWarning.CONFIG,
            location=f"{Path(app.confdir) / 'conf.py'}:1",
        )
    if not plans and not run.manifest:
        return []
    return run.run(plans)
