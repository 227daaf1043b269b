"""The ``studyguide`` builder: ``sphinx-build -b studyguide SOURCEDIR OUTDIR``."""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.locale import __


class StudyGuideBuilder(Builder):
    """Writes ``<subject-slug>.epub/.pdf`` per subject and ``library.epub/.pdf``."""

    name = "studyguide"
    format = "studyguide"
    epilog = __("The study guides are in %(outdir)s.")
    allow_parallel = True
    supported_image_types = []

    def init(self) -> None:
        pass

    @property
    def sphinx_app(self) -> Sphinx:
        app: Sphinx = getattr(self, "_app", None) or self.app
        return app

    def get_outdated_docs(self) -> str:
        # Guides are cached per subject: checking them all is cheap, and they depend on
        # every article, so always "build" them all.
        return str(__("all study guides"))

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        from sphinx_quicktakes.guides.run import build_guides  # EPUB and PDF libraries

        build_guides(self.sphinx_app, Path(self.outdir))

    def finish(self) -> None:
        pass
