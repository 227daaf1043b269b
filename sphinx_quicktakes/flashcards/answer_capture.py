"""The answer HTML of each article page, kept as it is written, for the flashcards pages.

Under ``html`` and ``dirhtml`` a card does not translate its answer again: two invisible
markers around the answer part of the article's doctree note where the answer starts and
ends in the writer's output, and the HTML between them is kept in the doctree folder
(:func:`answers_folder`, one per builder).
:mod:`sphinx_quicktakes.flashcards.answer_fill` puts it on the cards once every page is
written. A file is rewritten only when its HTML changed, so its
modification time says whether a build changed the answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.writers.html5 import HTML5Translator

from sphinx_quicktakes.domain import get_domain
from sphinx_quicktakes.flashcards.answers import answer_part, uses_kept_answers
from sphinx_quicktakes.outputs import write_if_changed
from sphinx_quicktakes.records import ArticleRecord

ANSWERS_FOLDER = "quicktakes-answers"


class answer_start(nodes.Invisible, nodes.Element):
    """Where an article's answer starts; writes nothing."""


class answer_end(nodes.Invisible, nodes.Element):
    """Where an article's answer ends; ``path`` receives the answer's HTML."""


def answers_folder(doctreedir: str | Path, builder: str) -> Path:
    """Where one builder's answers are kept (``html`` and ``dirhtml`` link differently)."""
    return Path(doctreedir) / ANSWERS_FOLDER / builder


def answer_path(folder: Path, docname: str) -> Path:
    """The file in ``folder`` holding the answer HTML of the article ``docname``."""
    return folder / f"{docname}.html"


def mark_answer(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the two markers around an article page's answer."""
    if not uses_kept_answers(app):
        return
    if not isinstance(get_domain(app.env).pages.get(docname), ArticleRecord):
        return
    parts = answer_part(doctree)
    if not parts or parts[0].parent is None:
        return
    parent = parts[0].parent
    parent.insert(parent.index(parts[0]), answer_start())
    folder = answers_folder(app.doctreedir, app.builder.name)
    end = answer_end(path=str(answer_path(folder, docname)))
    parent.insert(parent.index(parts[-1]) + 1, end)


def visit_answer_start(self: HTML5Translator, node: answer_start) -> None:
    self._quicktakes_answer_start = len(self.body)
    raise nodes.SkipNode


def visit_answer_end(self: HTML5Translator, node: answer_end) -> None:
    start = getattr(self, "_quicktakes_answer_start", None)
    if start is not None:
        write_if_changed(Path(node["path"]), "".join(self.body[start:]).encode("utf-8"))
    raise nodes.SkipNode


def forget_removed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Delete the kept answers of pages that are gone (every builder's)."""
    root = Path(app.doctreedir) / ANSWERS_FOLDER
    if removed and root.is_dir():
        for folder in root.iterdir():
            for docname in removed:
                answer_path(folder, docname).unlink(missing_ok=True)
    return []


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup_answer_capture(app: Sphinx) -> None:
    """Register the markers and the handler that places them."""
    skip = (_skip, None)
    others = dict.fromkeys(("latex", "text", "man", "texinfo"), skip)
    app.add_node(answer_start, html=(visit_answer_start, None), **others)  # type: ignore[arg-type]
    app.add_node(answer_end, html=(visit_answer_end, None), **others)  # type: ignore[arg-type]
    app.connect("doctree-resolved", mark_answer)
    app.connect("env-get-outdated", forget_removed)
