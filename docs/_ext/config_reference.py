"""Renders the configuration reference from the options dataclass."""

from __future__ import annotations

from dataclasses import MISSING
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sphinx_quicktakes.config import PREFIX, QuickTakesConfig


def _default(option: Any) -> str:
    if option.default_factory is not MISSING:
        return repr(option.default_factory())
    return repr(option.default)


class ConfigReference(SphinxDirective):
    """``{quicktakes-config-reference}``: a table of every ``quicktakes_*`` option."""

    def run(self) -> list[nodes.Node]:
        table = nodes.table(classes=["quicktakes-config"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (30, 20, 50):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += self._row([nodes.Text("Option"), nodes.Text("Default"), nodes.Text("Description")])
        body = nodes.tbody()
        group += body
        for option in QuickTakesConfig.options():
            help_nodes, _ = self.parse_inline(option.metadata["help"], lineno=self.lineno)
            body += self._row(
                [
                    nodes.literal(text=PREFIX + option.name),
                    nodes.literal(text=_default(option)),
                    *help_nodes,
                ],
                split_last=True,
            )
        return [table]

    @staticmethod
    def _row(cells: list[nodes.Node], split_last: bool = False) -> nodes.row:
        row = nodes.row()
        items = [*cells[:2], cells[2:]] if split_last else cells
        for item in items:
            entry = nodes.entry()
            paragraph = nodes.paragraph()
            paragraph.extend(item if isinstance(item, list) else [item])
            entry += paragraph
            row += entry
        return row


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("quicktakes-config-reference", ConfigReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
